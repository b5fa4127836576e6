//! Shards and their merge: a run cut into N shards and merged gives the unsharded run's summary,
//! records and adjacency graph byte for byte (N = 1, 2, 3, 7; box, polytope and R^d; generic
//! and degenerate networks; frontiers of whole regions and of pieces holding many), and the
//! merge refuses every set of parts that is not one run's.
#![cfg(feature = "testing")]

mod common;

use proptest::prelude::*;
use relupoly::exact::Rational;
use relupoly::io::{
    graph_record, merge_parts, summary_json, MergeOutputs, PartBytes, PartSource, PartWriter,
    RecordMaker, ShardOptions, ShardRun,
};
use relupoly::network::{Network, RandomSpec};
use relupoly::regions::{
    merge_shards, DomainSpec, Limits, PatternList, Region, RegionConsumer, Run, Share,
};
use relupoly::testing::{degenerate_network, generic_network, NetworkCase, NetworkSizes};

/// What a run reports, as the CLI writes it: summary JSON, JSONL records, adjacency graph.
#[derive(Debug, PartialEq, Eq)]
struct Outputs {
    summary: String,
    records: String,
    graph: String,
}

struct Records(String, RecordMaker);

impl RegionConsumer for Records {
    fn consume(&mut self, index: usize, region: &Region) -> Result<(), String> {
        self.0.push_str(&self.1.record(index, region));
        self.0.push('\n');
        Ok(())
    }
}

fn options(frontier: Option<usize>) -> ShardOptions {
    ShardOptions {
        volumes: true,
        lattice: true,
        complex: true,
        records: true,
        simplices: false,
        frontier,
    }
}

fn unsharded(network: &Network, spec: &DomainSpec) -> Outputs {
    let run = Run::on(network, spec).expect("a valid domain");
    let (mut records, mut patterns) = (
        Records(String::new(), RecordMaker::new(false, None)),
        PatternList::default(),
    );
    let outcome = run
        .fold(&mut |_| {}, &mut [&mut records, &mut patterns])
        .expect("the run finishes");
    Outputs {
        summary: summary_json(&outcome.summary, false),
        records: records.0,
        graph: graph_record(&patterns.0, outcome.complex.as_ref().expect("built")),
    }
}

/// The part of shard `share`, as bytes.
fn part(
    network: &Network,
    spec: &DomainSpec,
    share: Share,
    frontier: Option<usize>,
    options: ShardOptions,
) -> PartBytes {
    let run = Run::on(network, spec)
        .expect("a valid domain")
        .with_limits(Limits {
            work_items: frontier,
            ..Limits::default()
        });
    let document = ShardRun::new(network, spec, options);
    let mut writer = PartWriter::new(Vec::new(), &document, share, "part").expect("writes");
    let outcome = run
        .fold_shard(share, &mut |_| {}, &mut [&mut writer])
        .expect("the shard finishes");
    PartBytes {
        name: format!("part {share}"),
        bytes: writer.finish(&outcome).expect("writes"),
    }
}

fn parts(
    network: &Network,
    spec: &DomainSpec,
    shards: usize,
    frontier: Option<usize>,
) -> Vec<PartBytes> {
    (0..shards)
        .map(|index| {
            let share = Share {
                index,
                count: shards,
            };
            part(network, spec, share, frontier, options(frontier))
        })
        .collect()
}

fn merged(parts: &[PartBytes]) -> Result<Outputs, String> {
    let sources: Vec<&dyn PartSource> = parts.iter().map(|p| p as &dyn PartSource).collect();
    let mut records = String::new();
    let merged = merge_parts(
        &sources,
        MergeOutputs {
            records: true,
            patterns: true,
        },
        &mut |line| {
            records.push_str(line);
            records.push('\n');
            Ok(())
        },
    )?;
    Ok(Outputs {
        summary: summary_json(&merged.summary, false),
        records,
        graph: graph_record(&merged.patterns, merged.complex.as_ref().expect("merged")),
    })
}

fn domain(kind: usize, d: usize) -> DomainSpec {
    match kind {
        0 => DomainSpec::unit_box(),
        // The simplex {x_i >= -1, sum x_i <= 1}: sides through none of the box's vertices.
        1 => common::simplex_domain(d, Rational::from(1)),
        _ => DomainSpec::WholeSpace,
    }
}

/// The case's network with an output layer of two neurons (for the linear pieces).
fn with_output(case: &NetworkCase) -> Network {
    let mut spec = case.spec.clone();
    spec.output = Some(2);
    spec.generate().expect("a valid specification")
}

fn sizes() -> NetworkSizes {
    NetworkSizes {
        dims: 2..=3,
        widths: 2..=5,
        depth: 1..=3,
    }
}

fn check_all_shard_counts(network: &Network, kind: usize, frontier: Option<usize>) {
    let spec = domain(kind, network.input_dim());
    let whole = unsharded(network, &spec);
    for shards in [1, 2, 3, 7] {
        let merged = merged(&parts(network, &spec, shards, frontier)).expect("the parts merge");
        assert!(
            merged == whole,
            "{shards} shards (frontier {frontier:?}) differ from the unsharded run on domain {kind}:\nsummary {}\nmerged  {}",
            whole.summary,
            merged.summary
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Frontier pieces holding many regions (a frontier of 1 to 9 pieces): cells inside pieces
    /// are counted by their shard, cells on pieces' boundaries matched by the merge.
    #[test]
    fn generic_networks_merge_byte_for_byte(
        case in generic_network(sizes()),
        kind in 0usize..3,
        frontier in 1usize..10,
    ) {
        check_all_shard_counts(&with_output(&case), kind, Some(frontier));
    }

    #[test]
    fn degenerate_networks_merge_byte_for_byte(
        case in degenerate_network(sizes()),
        kind in 0usize..3,
        frontier in 1usize..10,
    ) {
        check_all_shard_counts(&with_output(&case), kind, Some(frontier));
    }

    /// The default frontier: small networks are split into their regions before any subtree.
    #[test]
    fn default_frontier_merges_byte_for_byte(
        case in degenerate_network(sizes()),
        kind in 0usize..3,
    ) {
        check_all_shard_counts(&with_output(&case), kind, None);
    }
}

/// The network `relupoly random ARGS` writes.
fn random(args: &str) -> Network {
    args.parse::<RandomSpec>()
        .expect("a valid specification")
        .generate()
        .expect("a valid specification")
}

fn example() -> (Network, DomainSpec) {
    (
        random("--input-dim 3 --widths 6,6 --seed 4 --output 1 --init he-normal --bias pytorch"),
        DomainSpec::unit_box(),
    )
}

/// Every shard gets work and the shards' regions are the run's, each once.
#[test]
fn shards_partition_the_regions() {
    let (network, spec) = example();
    let whole = Run::on(&network, &spec)
        .unwrap()
        .fold(&mut |_| {}, &mut [])
        .unwrap();
    let mut regions = 0;
    for index in 0..4 {
        let share = Share { index, count: 4 };
        let run = Run::on(&network, &spec).unwrap().with_limits(Limits {
            work_items: Some(16),
            ..Limits::default()
        });
        let outcome = run.fold_shard(share, &mut |_| {}, &mut []).unwrap();
        assert!(outcome.summary.regions > 0, "shard {share} has no regions");
        regions += outcome.summary.regions;
    }
    assert_eq!(regions, whole.summary.regions);
}

/// A run asking for the volumes' sum alone (each region's share, added over its factors and
/// reduced once per frontier piece) gives, sharded and merged, the summary of the unsharded run
/// that computes every region's volume: on the box, on a simplex and over R^d, for 1 to 5
/// shards and frontiers of whole regions and of pieces holding many.
#[test]
fn sums_of_shares_merge_to_the_unsharded_summary() {
    let network =
        random("--input-dim 3 --widths 6,6,6 --seed 9 --output 1 --init he-normal --bias pytorch");
    for kind in 0..3 {
        let spec = domain(kind, 3);
        let whole = Run::on(&network, &spec)
            .unwrap()
            .fold(&mut |_| {}, &mut [])
            .unwrap();
        assert!(whole.summary.volume_total.is_some() && whole.summary.regions > 100);
        let expected = summary_json(&whole.summary, false);
        for (shards, frontier) in [(1, None), (2, Some(8)), (3, None), (5, Some(40))] {
            let outcomes = (0..shards)
                .map(|index| {
                    let run = Run::on(&network, &spec).unwrap().with_limits(Limits {
                        work_items: frontier,
                        volume_sum_only: true,
                        ..Limits::default()
                    });
                    let share = Share {
                        index,
                        count: shards,
                    };
                    run.fold_shard(share, &mut |_| {}, &mut []).unwrap()
                })
                .collect();
            let merged = merge_shards(outcomes, &[]).expect("the shards merge");
            assert_eq!(
                summary_json(&merged.summary, false),
                expected,
                "domain {kind}, {shards} shards, frontier {frontier:?}"
            );
        }
    }
}

fn refusal(parts: &[PartBytes]) -> String {
    merged(parts).expect_err("the merge refuses")
}

#[test]
fn merge_refuses_parts_that_are_not_one_run() {
    let (network, spec) = example();
    let three = parts(&network, &spec, 3, Some(8));
    let [a, b, c] = <[PartBytes; 3]>::try_from(three).ok().unwrap();
    let copy = |p: &PartBytes| PartBytes {
        name: p.name.clone(),
        bytes: p.bytes.clone(),
    };
    // A shard missing.
    let message = refusal(&[copy(&a), copy(&c)]);
    assert!(message.contains("shard 1/3 missing"), "{message}");
    // A shard twice.
    let message = refusal(&[copy(&a), copy(&b), copy(&b), copy(&c)]);
    assert!(message.contains("shard 1/3 is given twice"), "{message}");
    // Another network.
    let other =
        random("--input-dim 3 --widths 6,6 --seed 5 --output 1 --init he-normal --bias pytorch");
    let foreign = part(
        &other,
        &spec,
        Share { index: 1, count: 3 },
        Some(8),
        options(Some(8)),
    );
    let message = refusal(&[copy(&a), foreign, copy(&c)]);
    assert!(
        message.contains("different runs") && message.contains("networks"),
        "{message}"
    );
    // Another domain.
    let boxed = DomainSpec::Box {
        lo: Rational::from(-2),
        hi: Rational::from(2),
    };
    let foreign = part(
        &network,
        &boxed,
        Share { index: 1, count: 3 },
        Some(8),
        options(Some(8)),
    );
    let message = refusal(&[copy(&a), foreign, copy(&c)]);
    assert!(message.contains("domains"), "{message}");
    // Other options, another frontier, another number of shards.
    let mut no_volume = options(Some(8));
    no_volume.volumes = false;
    let foreign = part(
        &network,
        &spec,
        Share { index: 1, count: 3 },
        Some(8),
        no_volume,
    );
    assert!(refusal(&[copy(&a), foreign, copy(&c)]).contains("options"));
    let foreign = part(
        &network,
        &spec,
        Share { index: 1, count: 3 },
        Some(9),
        options(Some(9)),
    );
    assert!(refusal(&[copy(&a), foreign, copy(&c)]).contains("options"));
    let foreign = part(
        &network,
        &spec,
        Share { index: 1, count: 4 },
        Some(8),
        options(Some(8)),
    );
    let message = refusal(&[copy(&a), foreign, copy(&c)]);
    assert!(message.contains("different numbers of shards"), "{message}");
    // A truncated part, anywhere.
    for cut in [1, 10, b.bytes.len() / 2, b.bytes.len() - 2] {
        let truncated = PartBytes {
            name: "truncated".into(),
            bytes: b.bytes[..cut].to_vec(),
        };
        let message = refusal(&[copy(&a), truncated, copy(&c)]);
        assert!(message.starts_with("truncated:"), "{message}");
    }
    // An edited part: one digit of one region line.
    let text = String::from_utf8(b.bytes.clone()).unwrap();
    let line = text.lines().nth(2).unwrap();
    let at = text.find(line).unwrap() + line.find("\"volume\":\"").unwrap() + 10;
    let mut edited = b.bytes.clone();
    edited[at] = if edited[at] == b'1' { b'2' } else { b'1' };
    let edited = PartBytes {
        name: "edited".into(),
        bytes: edited,
    };
    let message = refusal(&[copy(&a), edited, copy(&c)]);
    assert!(message.contains("checksum"), "{message}");
    // Nothing but the three: merges.
    assert!(merged(&[a, b, c]).is_ok());
}

/// Parts without records cannot give records, without the complex no graph.
#[test]
fn merge_refuses_outputs_the_parts_lack() {
    let (network, spec) = example();
    let mut bare = options(None);
    bare.records = false;
    bare.complex = false;
    let run = Run::on(&network, &spec).unwrap().with_complex(false);
    let share = Share { index: 0, count: 1 };
    let mut writer = PartWriter::new(
        Vec::new(),
        &ShardRun::new(&network, &spec, bare),
        share,
        "p",
    )
    .unwrap();
    let outcome = run
        .fold_shard(share, &mut |_| {}, &mut [&mut writer])
        .unwrap();
    let part = PartBytes {
        name: "p".into(),
        bytes: writer.finish(&outcome).unwrap(),
    };
    let sources: Vec<&dyn PartSource> = vec![&part];
    let asked = |records, patterns| {
        merge_parts(
            &sources,
            MergeOutputs { records, patterns },
            &mut |_| Ok(()),
        )
        .err()
        .unwrap_or_default()
    };
    assert!(asked(true, false).contains("--records"));
    assert!(asked(false, true).contains("no region complex"));
    let summary_only = merge_parts(&sources, MergeOutputs::default(), &mut |_| Ok(())).unwrap();
    let whole = Run::on(&network, &spec)
        .unwrap()
        .with_complex(false)
        .fold(&mut |_| {}, &mut [])
        .unwrap();
    assert_eq!(
        summary_json(&summary_only.summary, false),
        summary_json(&whole.summary, false)
    );
}

/// A network of 1473 regions on the box (thousands of cells inside pieces and on their
/// boundaries), with the default frontier and with one of 64 pieces, and over R^d.
#[test]
fn a_network_of_thousands_of_regions_merges_byte_for_byte() {
    let network =
        random("--input-dim 3 --widths 8,8,8 --seed 3 --output 1 --init he-normal --bias pytorch");
    check_all_shard_counts(&network, 0, None);
    check_all_shard_counts(&network, 0, Some(64));
    check_all_shard_counts(&network, 2, Some(64));
}

fn relupoly(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(args)
        .output()
        .expect("relupoly runs")
}

fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("relupoly-shards-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A shard killed mid-run leaves `PART.partial` and no `PART`; the merge names the missing
/// shard and writes nothing; the shard rerun alone completes the run, byte for byte.
#[test]
fn a_killed_shard_is_rerun_alone() {
    let dir = folder("killed");
    let path = |name: &str| dir.join(name).display().to_string();
    let net = path("net.json");
    let out = relupoly(&[
        "random",
        "--input-dim",
        "3",
        "--widths",
        "16,16,16",
        "--seed",
        "1",
        "-o",
        &net,
    ]);
    assert!(out.status.success());
    let shard = |k: usize| {
        let part = path(&format!("part{k}"));
        let args = [
            "--threads",
            "1",
            "regions",
            &net,
            "--shard",
            &format!("{k}/2"),
            "--out",
        ];
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_relupoly"));
        command.args(args).arg(part).args(["--records", "--quiet"]);
        command
    };
    assert!(shard(1).status().unwrap().success());
    let mut running = shard(0).spawn().unwrap();
    let partial = dir.join("part0.partial");
    let started = std::time::Instant::now();
    while !partial.exists() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    running.kill().unwrap();
    let status = running.wait().unwrap();
    assert!(
        !status.success(),
        "the shard finished before it could be killed"
    );
    assert!(partial.exists() && !dir.join("part0").exists());

    let (jsonl, graph) = (path("merged.jsonl"), path("graph.json"));
    let refused = relupoly(&[
        "merge",
        &path("part1"),
        "--summary-json",
        "--jsonl",
        &jsonl,
        "--graph",
        &graph,
    ]);
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && message.contains("shard 0/2 missing"),
        "{message}"
    );
    assert!(refused.stdout.is_empty());
    for written in ["merged.jsonl", "merged.jsonl.partial", "graph.json"] {
        assert!(!dir.join(written).exists(), "{written} was written");
    }

    assert!(shard(0).status().unwrap().success());
    let merged = relupoly(&[
        "merge",
        &path("part1"),
        &path("part0"),
        "--summary-json",
        "--jsonl",
        &jsonl,
    ]);
    assert!(merged.status.success());
    let whole_jsonl = path("whole.jsonl");
    let whole = relupoly(&[
        "regions",
        &net,
        "--summary-json",
        "--jsonl",
        &whole_jsonl,
        "--quiet",
    ]);
    assert_eq!(merged.stdout, whole.stdout);
    assert_eq!(
        std::fs::read(&jsonl).unwrap(),
        std::fs::read(&whole_jsonl).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
