//! The ground-truth dataset of `data/groundtruth/`: a sample regenerates byte for byte (with its
//! lrs cross-check), every file matches the manifest, and every corpus polytope's exact data are
//! consistent (each vertex satisfies every inequality, each inequality is tight on at least d
//! affinely spanning vertices, Euler's relation holds).

mod common;

use common::*;
use relupoly::exact::{parse_rational, rank, HomPoint, Integer, Rational};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dataset() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/groundtruth")
}

fn manifest(folder: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap()).unwrap()
}

fn networks(manifest: &Value) -> &Vec<Value> {
    manifest["networks"].as_array().unwrap()
}

fn files(network: &Value) -> Vec<String> {
    std::iter::once(&network["network"])
        .chain(
            network["results"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|r| r["files"].as_array().unwrap()),
        )
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_sample_regenerates_byte_for_byte() {
    let out = std::env::temp_dir().join(format!("relupoly-groundtruth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(["dataset", "--out", out.to_str().unwrap()])
        .args([
            "--only",
            "degenerate-d3",
            "--only",
            "residual-d2",
            "--only",
            "generic-d5",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let committed = manifest(&dataset());
    let fresh = manifest(&out);
    assert_eq!(networks(&fresh).len(), 3);
    for network in networks(&fresh) {
        let id = &network["entry"]["id"];
        let pinned = networks(&committed)
            .iter()
            .find(|n| n["entry"]["id"] == *id)
            .unwrap();
        assert_eq!(network, pinned, "manifest record of {id}");
        for path in files(network) {
            let ours = std::fs::read(out.join(&path)).unwrap();
            let theirs = std::fs::read(dataset().join(&path)).unwrap();
            assert!(ours == theirs, "{path} differs from data/groundtruth");
        }
    }
}

fn fnv1a64(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[test]
fn every_file_matches_the_manifest_and_was_checked_with_lrs() {
    let manifest = manifest(&dataset());
    let mut families = std::collections::BTreeSet::new();
    let mut dims = std::collections::BTreeSet::new();
    for network in networks(&manifest) {
        families.insert(network["entry"]["family"].as_str().unwrap().to_string());
        dims.insert(network["entry"]["input_dim"].as_u64().unwrap());
        for result in network["results"].as_array().unwrap() {
            let verified = &result["verified"];
            assert_eq!(verified["tool"], "lrs");
            assert_eq!(verified["regions"], result["regions"]);
            assert_eq!(verified["volumes"], result["bounded_regions"]);
            let regions = std::fs::read_to_string(
                dataset().join(result["files"][0]["path"].as_str().unwrap()),
            )
            .unwrap();
            assert_eq!(
                regions.lines().count() as u64,
                result["regions"].as_u64().unwrap()
            );
        }
        for file in std::iter::once(&network["network"]).chain(
            network["results"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|r| r["files"].as_array().unwrap()),
        ) {
            let bytes = std::fs::read(dataset().join(file["path"].as_str().unwrap())).unwrap();
            assert_eq!(bytes.len() as u64, file["bytes"].as_u64().unwrap());
            assert_eq!(fnv1a64(&bytes), file["fnv1a64"].as_str().unwrap());
        }
    }
    let expected: Vec<&str> = vec![
        "degenerate",
        "generic",
        "leaky",
        "residual",
        "trained",
        "zero-bias",
    ];
    assert_eq!(families.into_iter().collect::<Vec<_>>(), expected);
    assert_eq!(dims.into_iter().collect::<Vec<_>>(), vec![2, 3, 4, 5]);
}

fn exact(value: &Value) -> Rational {
    parse_rational(value.as_str().unwrap()).unwrap()
}

#[test]
fn corpus_polytopes_are_consistent() {
    let mut count = 0;
    let mut degenerate = 0;
    for network in networks(&manifest(&dataset())) {
        for path in files(network)
            .iter()
            .filter(|p| p.ends_with("polytopes.jsonl"))
        {
            for line in std::fs::read_to_string(dataset().join(path))
                .unwrap()
                .lines()
            {
                let record: Value = serde_json::from_str(line).unwrap();
                let d = record["dim"].as_u64().unwrap() as usize;
                let rows: Vec<Vec<Rational>> = record["inequalities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_array().unwrap().iter().map(exact).collect())
                    .collect();
                let vertices: Vec<Vec<Rational>> = record["vertices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_array().unwrap().iter().map(exact).collect())
                    .collect();
                for row in &rows {
                    let values: Vec<Rational> = vertices.iter().map(|v| eval(row, v)).collect();
                    assert!(
                        values.iter().all(|x| *x >= 0u32),
                        "{path}: a vertex violates a facet"
                    );
                    let tight: Vec<Vec<Integer>> = vertices
                        .iter()
                        .zip(&values)
                        .filter(|(_, x)| **x == 0u32)
                        .map(|(v, _)| HomPoint::from_rationals(v).homogeneous().to_vec())
                        .collect();
                    assert_eq!(rank(&tight), d, "{path}: a facet is not (d-1)-dimensional");
                }
                let f: Vec<i64> = record["f_vector"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_i64().unwrap())
                    .collect();
                let euler: i64 = f
                    .iter()
                    .enumerate()
                    .map(|(k, n)| if k % 2 == 0 { *n } else { -n })
                    .sum();
                assert_eq!(
                    euler,
                    if d.is_multiple_of(2) { 0 } else { 2 },
                    "{path}: Euler"
                );
                assert_eq!(f[0] as usize, vertices.len());
                assert_eq!(f[d - 1] as usize, rows.len());
                assert!(exact(&record["volume"]) > 0u32);
                if record["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| !r.as_str().unwrap().starts_with("near"))
                {
                    degenerate += 1;
                }
                count += 1;
            }
        }
    }
    assert!(count >= 30, "{count} polytopes");
    assert!(degenerate >= 10, "{degenerate} degenerate polytopes");
}
