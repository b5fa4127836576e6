//! The summary's exact volume sum, three ways, in one run (whole enumerations, summary and
//! complex built, on every core): from each region's own volume (what a run writing records
//! does), from each region's boundary-facet share (`Limits::volume_sum_only`, what
//! `relupoly regions` does when only the summary is shown), and without volumes (the baseline:
//! `skip_volumes`).

mod common;

use common::{label, network};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relupoly::regions::{DomainSpec, Limits, Run};
use std::hint::black_box;

const CASES: [(usize, &[usize]); 3] = [(2, &[32, 32, 32]), (3, &[16, 16]), (4, &[8, 8])];

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("volume_sum");
    group.sample_size(10);
    let ways = [
        ("region_volumes", Limits::default()),
        (
            "boundary_shares",
            Limits {
                volume_sum_only: true,
                ..Limits::default()
            },
        ),
        (
            "no_volumes",
            Limits {
                skip_volumes: true,
                ..Limits::default()
            },
        ),
    ];
    for (d, widths) in CASES {
        let net = network(d, widths);
        for (domain_name, spec) in [
            ("rd", DomainSpec::WholeSpace),
            ("box", DomainSpec::unit_box()),
        ] {
            let run = |limits: Limits| {
                Run::on(black_box(&net), &spec)
                    .expect("a valid domain")
                    .with_limits(limits)
                    .fold(&mut |_| {}, &mut [])
                    .expect("the run finishes")
                    .summary
            };
            let regions = run(Limits::default()).regions;
            group.throughput(Throughput::Elements(regions as u64));
            for (way, limits) in ways {
                let name = format!("{}_{domain_name}", label(d, widths));
                group.bench_function(BenchmarkId::new(way, name), |b| b.iter(|| run(limits)));
            }
        }
    }
    group.finish();
}

criterion_group!(volume_sum, benches);
criterion_main!(volume_sum);
