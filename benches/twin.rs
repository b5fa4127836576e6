//! The cost of exactness: the exact enumerator against its float twin (the same splitting,
//! lattice and triangulation in f64) on the same networks, one and two threads; and the float
//! filter's fallback rate. `exact_sum` is the exact enumerator computing only the volumes' sum
//! (each region's share from its boundary facets, `Limits::volume_sum_only`, what `relupoly
//! regions` does when it shows only the summary) where the twin computes every region's f64
//! volume. Over R^d the twin runs on `twin_cube` (a cube just around the
//! complex's vertices, which its f64 crossings need), the exact enumerator on its own cube.
//! Both run under mimalloc, the allocator the `relupoly` binary and the Python module ship with
//! (the twin gains more from it than the exact side; BENCHMARKS.md, eighteenth round, has the
//! ratios under both).

mod common;

use common::{label, network};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relupoly::exact::{filter_statistics, Rational};
use relupoly::regions::{enumerate, float_twin, twin_cube, Domain, Limits};
use std::hint::black_box;

/// The shipped allocator, as in `src/main.rs` and `python/src/lib.rs`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// (d, widths, over R^d)
const CASES: [(usize, &[usize], bool); 5] = [
    (2, &[32, 32, 32], true),
    (3, &[16, 16, 16], true),
    (2, &[16, 16, 16], false),
    (3, &[16, 16], false),
    (4, &[8, 8], false),
];

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("exact_vs_twin");
    group.sample_size(10);
    for (d, widths, whole_space) in CASES {
        let net = network(d, widths);
        let domain = if whole_space {
            Domain::whole_space(&net).unwrap()
        } else {
            Domain::cube(d, &Rational::from(-1), &Rational::from(1)).unwrap()
        };
        let (decided, fallbacks) = filter_statistics();
        let regions = enumerate(&net, &domain, Limits::default(), &mut |_| {}).unwrap();
        let (decided, fallbacks) = (
            filter_statistics().0 - decided,
            filter_statistics().1 - fallbacks,
        );
        let name = format!(
            "{}{}",
            label(d, widths),
            if whole_space { "_rd" } else { "" }
        );
        eprintln!(
            "{name}: {} regions; float filter decided {decided} signs, fell back on {fallbacks} ({:.4}%)",
            regions.len(),
            100.0 * fallbacks as f64 / (decided + fallbacks).max(1) as f64
        );
        let twin_domain = if whole_space {
            twin_cube(&regions)
        } else {
            domain.clone()
        };
        group.throughput(Throughput::Elements(regions.len() as u64));
        let sum_only = Limits {
            volume_sum_only: true,
            ..Limits::default()
        };
        for threads in [1, 2] {
            let workers = pool(threads);
            for (way, limits) in [("exact", Limits::default()), ("exact_sum", sum_only)] {
                group.bench_with_input(
                    BenchmarkId::new(format!("{way}_{threads}t"), &name),
                    &net,
                    |b, net| {
                        b.iter(|| {
                            workers.install(|| {
                                enumerate(black_box(net), &domain, limits, &mut |_| {}).unwrap()
                            })
                        })
                    },
                );
            }
            group.bench_with_input(
                BenchmarkId::new(format!("twin_{threads}t"), &name),
                &net,
                |b, net| {
                    b.iter(|| {
                        workers.install(|| {
                            float_twin(black_box(net), &twin_domain, Limits::default()).unwrap()
                        })
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(twin, benches);
criterion_main!(twin);
