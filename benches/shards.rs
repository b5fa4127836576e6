//! A run cut into shards, against the same run unsharded, in one benchmark run: the whole run
//! (the baseline), each of its 4 shards, and the merge of the 4 parts (summary only, from the
//! parts in memory). Box [-1, 1]^3; the enumerations on a one-thread pool, so that times are work
//! and add up.

mod common;

use common::{label, network};
use criterion::{criterion_group, criterion_main, Criterion};
use relupoly::io::{
    merge_parts, MergeOutputs, PartBytes, PartSource, PartWriter, ShardOptions, ShardRun,
};
use relupoly::network::Network;
use relupoly::regions::{DomainSpec, Run, Share};
use std::hint::black_box;

const CASES: [(usize, &[usize]); 2] = [(3, &[8, 8, 8]), (3, &[16, 16])];
const SHARDS: usize = 4;

fn options() -> ShardOptions {
    ShardOptions {
        volumes: true,
        lattice: true,
        complex: true,
        records: false,
        simplices: false,
        frontier: None,
    }
}

fn part(net: &Network, spec: &DomainSpec, index: usize) -> Vec<u8> {
    let share = Share {
        index,
        count: SHARDS,
    };
    let run = Run::on(net, spec).unwrap();
    let mut writer = PartWriter::new(
        Vec::new(),
        &ShardRun::new(net, spec, options()),
        share,
        "part",
    )
    .unwrap();
    let outcome = run
        .fold_shard(share, &mut |_| {}, &mut [&mut writer])
        .unwrap();
    writer.finish(&outcome).unwrap()
}

fn benches(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let spec = DomainSpec::unit_box();
    let mut group = c.benchmark_group("shards");
    group.sample_size(10);
    for (d, widths) in CASES {
        let net = network(d, widths);
        let name = label(d, widths);
        group.bench_function(format!("{name}/unsharded"), |b| {
            b.iter(|| {
                pool.install(|| {
                    Run::on(black_box(&net), &spec)
                        .unwrap()
                        .fold(&mut |_| {}, &mut [])
                        .unwrap()
                })
            })
        });
        for index in 0..SHARDS {
            group.bench_function(format!("{name}/shard{index}of{SHARDS}"), |b| {
                b.iter(|| pool.install(|| part(black_box(&net), &spec, index)))
            });
        }
        let parts: Vec<PartBytes> = (0..SHARDS)
            .map(|index| PartBytes {
                name: format!("part {index}"),
                bytes: part(&net, &spec, index),
            })
            .collect();
        let sources: Vec<&dyn PartSource> = parts.iter().map(|p| p as &dyn PartSource).collect();
        group.bench_function(format!("{name}/merge{SHARDS}"), |b| {
            b.iter(|| {
                merge_parts(
                    black_box(&sources),
                    MergeOutputs::default(),
                    &mut |_| Ok(()),
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(shards, benches);
criterion_main!(shards);
