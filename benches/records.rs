//! The region records of `relupoly regions --jsonl`, per region, on box [-1, 1]^d: making every
//! record of a run's regions (already enumerated) with a fresh `RecordMaker`, whose memory of
//! vertices starts empty as in a run. Two networks: the full-precision d = 3 8-8-8 and the
//! 12-bit 12-12-12 of the million-region runs' family (`relupoly random --bits 12`), whose
//! coordinates mostly fit in 128 bits.

mod common;

use common::{label, network};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relupoly::exact::Rational;
use relupoly::io::RecordMaker;
use relupoly::network::{BiasInit, BlockKind, RandomSpec, WeightInit};
use relupoly::regions::{enumerate, Domain, Limits};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("records");
    group.sample_size(10);
    let twelve_bits = RandomSpec {
        input_dim: 3,
        widths: vec![12, 12, 12],
        output: None,
        init: WeightInit::HeNormal,
        bias: BiasInit::Pytorch,
        seed: 1,
        bits: Some(12),
        blocks: BlockKind::plain(),
        first_layer_rank: None,
    }
    .generate()
    .expect("valid spec");
    let cases = [
        (label(3, &[8, 8, 8]), network(3, &[8, 8, 8])),
        (format!("{}_12bit", label(3, &[12, 12, 12])), twelve_bits),
    ];
    for (name, net) in cases {
        let domain = Domain::cube(3, &Rational::from(-1), &Rational::from(1)).unwrap();
        let regions = enumerate(&net, &domain, Limits::default(), &mut |_| {}).unwrap();
        group.throughput(Throughput::Elements(regions.len() as u64));
        group.bench_with_input(BenchmarkId::new("make", &name), &regions, |b, regions| {
            b.iter(|| {
                let mut maker = RecordMaker::new(false, None);
                regions
                    .iter()
                    .enumerate()
                    .map(|(i, region)| maker.record(i, black_box(region)).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(records, benches);
criterion_main!(records);
