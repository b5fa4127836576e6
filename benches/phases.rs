//! Where the time of an enumeration goes, per region, d = 2..5 (box [-1, 1]^d): the splitting
//! phase alone (`enumerate_cells`: vertices, facets, sources), then on its output the face
//! lattice with the pulling triangulation listed, the exact volume over that list, and the same
//! volume summed on the lattice without listing (`Pulling::volume`).

mod common;

use common::{label, network};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relupoly::exact::Rational;
use relupoly::polytope::{volume_of, FaceLattice, Polytope, Pulling};
use relupoly::regions::{enumerate_cells, Domain, Limits, Source};
use std::hint::black_box;

const CASES: [(usize, &[usize]); 4] = [
    (2, &[16, 16, 16]),
    (3, &[8, 8, 8]),
    (4, &[8, 8]),
    (5, &[6, 5]),
];

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("phases");
    group.sample_size(10);
    for (d, widths) in CASES {
        let net = network(d, widths);
        let domain = Domain::cube(d, &Rational::from(-1), &Rational::from(1)).unwrap();
        let cells = enumerate_cells(&net, &domain, Limits::default(), &mut |_| {}).unwrap();
        let mut sorted: Vec<Polytope<Source>> = cells.iter().map(|c| c.polytope.clone()).collect();
        for polytope in &mut sorted {
            polytope.sort_vertices_lex();
        }
        let lattices: Vec<FaceLattice> = sorted.iter().map(FaceLattice::of).collect();
        let triangulations: Vec<Vec<Vec<usize>>> = sorted
            .iter()
            .zip(&lattices)
            .map(|(p, l)| Pulling::new(p, l).simplices())
            .collect();
        group.throughput(Throughput::Elements(cells.len() as u64));
        let name = label(d, widths);
        group.bench_with_input(BenchmarkId::new("split", &name), &net, |b, net| {
            b.iter(|| {
                enumerate_cells(black_box(net), &domain, Limits::default(), &mut |_| {}).unwrap()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("lattice_and_triangulation", &name),
            &sorted,
            |b, cells| {
                b.iter(|| {
                    cells
                        .iter()
                        .map(|p| {
                            let lattice = FaceLattice::of(black_box(p));
                            Pulling::new(p, &lattice).simplices().len() + lattice.faces().len()
                        })
                        .sum::<usize>()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("volume", &name), &sorted, |b, cells| {
            b.iter(|| {
                cells
                    .iter()
                    .zip(&triangulations)
                    .map(|(p, t)| volume_of(black_box(p), t))
                    .collect::<Vec<_>>()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("volume_on_lattice", &name),
            &sorted,
            |b, cells| {
                b.iter(|| {
                    cells
                        .iter()
                        .zip(&lattices)
                        .map(|(p, l)| Pulling::new(black_box(p), l).volume_on_lattice(p))
                        .collect::<Vec<_>>()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(phases, benches);
criterion_main!(phases);
