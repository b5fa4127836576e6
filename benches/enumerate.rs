//! Throughput of the exact enumerator on fixed random networks (box [-1, 1]^d), against a
//! baseline measured in the same run: one f64 forward pass of the same network, the unit of
//! work of sampling-based region counters.

mod common;

use common::{label, network};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relupoly::exact::Rational;
use relupoly::network::Network;
use relupoly::regions::{enumerate, Domain, Limits};
use std::hint::black_box;

const CASES: [(usize, &[usize]); 6] = [
    (2, &[16, 16, 16]),
    (2, &[32, 32, 32]),
    (3, &[8, 8, 8]),
    (3, &[16, 16]),
    (4, &[8, 8]),
    (4, &[10, 10]),
];

fn float_layers(net: &Network) -> Vec<(Vec<Vec<f64>>, Vec<f64>)> {
    net.blocks().iter().map(|b| b.layer.to_f64()).collect()
}

fn forward(layers: &[(Vec<Vec<f64>>, Vec<f64>)], x: &[f64]) -> u64 {
    let mut values = x.to_vec();
    let mut bits = 0u64;
    for (w, b) in layers {
        values = w
            .iter()
            .zip(b)
            .map(|(row, bias)| {
                let z: f64 = row.iter().zip(&values).map(|(a, v)| a * v).sum::<f64>() + bias;
                bits = bits.rotate_left(1) ^ u64::from(z > 0.0);
                z.max(0.0)
            })
            .collect();
    }
    bits
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("enumerate");
    group.sample_size(10);
    for (d, widths) in CASES {
        let net = network(d, widths);
        let domain = Domain::cube(d, &Rational::from(-1), &Rational::from(1)).unwrap();
        let regions = enumerate(&net, &domain, Limits::default(), &mut |_| {})
            .unwrap()
            .len();
        group.throughput(Throughput::Elements(regions as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(label(d, widths)),
            &net,
            |b, net| {
                b.iter(|| {
                    enumerate(black_box(net), &domain, Limits::default(), &mut |_| {}).unwrap()
                })
            },
        );
    }
    group.finish();
    let mut baseline = c.benchmark_group("baseline_f64_forward_pass");
    for (d, widths) in CASES {
        let layers = float_layers(&network(d, widths));
        let x = vec![0.25; d];
        baseline.throughput(Throughput::Elements(1));
        baseline.bench_function(label(d, widths), |b| {
            b.iter(|| forward(black_box(&layers), black_box(&x)))
        });
    }
    baseline.finish();
}

criterion_group!(enumerator, benches);
criterion_main!(enumerator);
