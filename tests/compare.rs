//! `relupoly compare`: the exact enumeration, written as another engine would, agrees; each kind
//! of perturbation is found and reported precisely; bad files are located; the exit status says.

use relupoly::compare::{compare, Comparison, Spurious};
use relupoly::exact::rational_to_f64;
use relupoly::io::{parse_engine_output, read_network};
use relupoly::network::Network;
use relupoly::regions::{enumerate, Complex, Domain, Limits, Region};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn relupoly(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relupoly-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A seeded random 2-5-4 network written by `relupoly random`, and its path.
fn network() -> (Network, PathBuf) {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let path = temp(&format!(
        "net{}.json",
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    let path_text = path.to_str().unwrap();
    let out = relupoly(&[
        "random",
        "--input-dim",
        "2",
        "--widths",
        "5,4",
        "--seed",
        "7",
        "-o",
        path_text,
    ]);
    assert!(out.status.success());
    (read_network(&path).unwrap(), path)
}

struct Exact {
    regions: Vec<Region>,
    complex: Complex,
}

fn exact(net: &Network, domain: &Domain) -> Exact {
    let regions = enumerate(net, domain, Limits::default(), &mut |_| {}).unwrap();
    let complex = Complex::of(&regions);
    Exact { regions, complex }
}

fn unit_box() -> Domain {
    Domain::cube(2, &(-1).into(), &1.into()).unwrap()
}

/// One engine region, neighbours named by pattern so that regions can be dropped or added.
#[derive(Clone)]
struct Row {
    pattern: Vec<String>,
    vertices: Vec<Vec<f64>>,
    facets: usize,
    bounded: bool,
    neighbors: Vec<Vec<String>>,
}

/// The exact enumeration as an engine would report it: finite vertices rounded to f64.
fn rows(e: &Exact) -> Vec<Row> {
    let mut rows: Vec<Row> = e
        .regions
        .iter()
        .map(|r| Row {
            pattern: r.pattern_strings(),
            vertices: r
                .vertex_indices()
                .iter()
                .map(|&v| {
                    r.polytope.vertices()[v]
                        .point
                        .to_rationals()
                        .iter()
                        .map(|x| rational_to_f64(x).unwrap())
                        .collect()
                })
                .collect(),
            facets: r.facet_indices().len(),
            bounded: r.is_bounded(),
            neighbors: Vec::new(),
        })
        .collect();
    for a in &e.complex.adjacencies {
        let (i, j) = a.regions;
        let (pi, pj) = (rows[i].pattern.clone(), rows[j].pattern.clone());
        rows[i].neighbors.push(pj);
        rows[j].neighbors.push(pi);
    }
    rows
}

/// The engine file text: neighbours resolved to the first row with each pattern.
fn engine_text(rows: &[Row]) -> String {
    let index = |p: &Vec<String>| rows.iter().position(|r| &r.pattern == p).unwrap();
    let regions: Vec<Value> = rows
        .iter()
        .map(|r| {
            let neighbors: Vec<usize> = r.neighbors.iter().map(index).collect();
            json!({"pattern": r.pattern, "vertices": r.vertices, "facets": r.facets,
                   "bounded": r.bounded, "neighbors": neighbors})
        })
        .collect();
    json!({"engine": "test", "regions": regions}).to_string()
}

fn run(e: &Exact, rows: &[Row], tolerance: f64) -> Comparison {
    let engine = parse_engine_output(&engine_text(rows), "engine.json", 2).unwrap();
    compare(&e.regions, &e.complex, &engine, tolerance)
}

/// Only what `differs` lists is different; everything else is empty.
fn assert_only(c: &Comparison, differs: &[&str]) {
    let kinds = [
        ("missing", c.missing.is_empty()),
        ("spurious", c.spurious.is_empty()),
        ("vertices", c.vertices.iter().all(|v| v.matching.agrees())),
        ("facets", c.facets.is_empty()),
        ("bounded", c.bounded.is_empty()),
        ("spurious_adjacencies", c.spurious_adjacencies.is_empty()),
        ("missing_adjacencies", c.missing_adjacencies.is_empty()),
        ("counts", c.counts.is_empty()),
    ];
    for (kind, clean) in kinds {
        assert_eq!(!clean, differs.contains(&kind), "{kind}: {}", c.to_text());
    }
    assert_eq!(c.agrees(), differs.is_empty());
}

#[test]
fn the_exact_enumeration_agrees_with_itself_on_a_box_and_over_the_plane() {
    let (net, _) = network();
    for domain in [unit_box(), Domain::whole_space(&net).unwrap()] {
        let e = exact(&net, &domain);
        let c = run(&e, &rows(&e), 1e-6);
        assert_only(&c, &[]);
        assert_eq!(c.vertices.len(), e.regions.len());
        assert!(c.vertices.iter().all(|v| v.matching.max_rel_error < 1e-15));
        assert_eq!(c.engine_adjacencies, e.complex.adjacencies.len());
        assert!(c.to_text().contains("agrees"), "{}", c.to_text());
    }
    // Over R^2 some regions are unbounded, and only their finite vertices are listed.
    let e = exact(&net, &Domain::whole_space(&net).unwrap());
    assert!(e.regions.iter().any(|r| !r.is_bounded()));
}

#[test]
fn a_dropped_region_is_missing_and_nothing_else_is_blamed_on_it() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let mut rows = rows(&e);
    let gone = rows.remove(3).pattern;
    for r in &mut rows {
        r.neighbors.retain(|p| *p != gone);
    }
    let c = run(&e, &rows, 1e-6);
    assert_eq!(c.missing, vec![(3, gone)]);
    // Derived count: one region fewer; the dropped region's adjacencies are not "missing".
    assert_only(&c, &["missing", "counts"]);
    assert_eq!(
        c.counts.len(),
        2,
        "regions and adjacencies derived from the list"
    );
    assert_eq!(c.counts[0].key, "regions");
    assert_eq!(c.counts[0].engine, vec![e.regions.len() - 1]);
}

#[test]
fn duplicated_and_invented_patterns_are_spurious() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let mut rows = rows(&e);
    let mut copy = rows[2].clone();
    copy.neighbors.clear();
    rows.push(copy);
    let exact_patterns: Vec<Vec<String>> = e.regions.iter().map(Region::pattern_strings).collect();
    let invented = (0..32u32)
        .map(|bits| {
            let flip = |s: &str, shift: u32| -> String {
                s.chars()
                    .enumerate()
                    .map(|(i, ch)| {
                        if bits >> (shift + i as u32) & 1 == 1 {
                            if ch == '0' {
                                '1'
                            } else {
                                '0'
                            }
                        } else {
                            ch
                        }
                    })
                    .collect()
            };
            vec![flip(&rows[0].pattern[0], 0), flip(&rows[0].pattern[1], 5)]
        })
        .find(|p| !exact_patterns.contains(p))
        .unwrap();
    let mut fake = rows[0].clone();
    fake.pattern = invented.clone();
    fake.neighbors.clear();
    rows.push(fake);
    let n = rows.len();
    let c = run(&e, &rows, 1e-6);
    assert_eq!(c.spurious.len(), 2);
    assert_eq!(c.spurious[0].index, n - 2);
    assert_eq!(c.spurious[0].reason, Spurious::Duplicate(2));
    assert_eq!(c.spurious[1].index, n - 1);
    assert_eq!(c.spurious[1].pattern, invented);
    assert_eq!(c.spurious[1].reason, Spurious::NotARegion);
    assert_only(&c, &["spurious", "counts"]);
}

#[test]
fn wrong_lengths_and_characters_are_reported_per_region() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let mut rows = rows(&e);
    let mut short = rows[1].clone();
    short.pattern = vec![rows[1].pattern[0].clone()];
    short.neighbors.clear();
    let mut wide = rows[1].clone();
    wide.pattern[1].push('0');
    wide.neighbors.clear();
    let mut bad = rows[1].clone();
    bad.pattern[0] = bad.pattern[0].replace('0', "-");
    bad.neighbors.clear();
    rows.extend([short, wide, bad]);
    let c = run(&e, &rows, 1e-6);
    let reasons: Vec<&Spurious> = c.spurious.iter().map(|s| &s.reason).collect();
    assert_eq!(
        reasons,
        [
            &Spurious::WrongLength,
            &Spurious::WrongLength,
            &Spurious::Malformed
        ]
    );
    assert_eq!(c.widths, vec![5, 4]);
}

#[test]
fn a_vertex_moved_by_a_thousandth_is_measured() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let mut rows = rows(&e);
    rows[4].vertices[1][0] += 1e-3;
    let c = run(&e, &rows, 1e-6);
    assert_only(&c, &["vertices"]);
    let bad: Vec<_> = c.vertices.iter().filter(|v| !v.matching.agrees()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].index, 4);
    let m = &bad[0].matching;
    assert!(
        (m.max_abs_error - 1e-3).abs() < 1e-12,
        "{}",
        m.max_abs_error
    );
    assert!(m.max_rel_error <= m.max_abs_error);
    assert_eq!(m.off, vec![1]);
    assert_eq!(
        m.missed,
        vec![1],
        "the exact vertex has no engine vertex within tolerance"
    );
    // A tolerance above the error accepts it.
    assert_only(&run(&e, &rows, 1e-2), &[]);
    // A vertex listed twice is a duplicate, a vertex left out is missed.
    let mut rows = self::rows(&e);
    let copy = rows[5].vertices[0].clone();
    rows[5].vertices.push(copy);
    rows[6].vertices.pop();
    let c = run(&e, &rows, 1e-6);
    let five = c.vertices.iter().find(|v| v.index == 5).unwrap();
    assert_eq!(five.matching.duplicates, vec![rows[5].vertices.len() - 1]);
    let six = c.vertices.iter().find(|v| v.index == 6).unwrap();
    assert_eq!(six.matching.missed, vec![rows[6].vertices.len()]);
}

#[test]
fn a_facet_count_off_by_one_is_reported() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let mut rows = rows(&e);
    rows[7].facets += 1;
    let c = run(&e, &rows, 1e-6);
    assert_only(&c, &["facets"]);
    assert_eq!(c.facets.len(), 1);
    assert_eq!((c.facets[0].index, c.facets[0].exact_index), (7, 7));
    assert_eq!(c.facets[0].engine, c.facets[0].exact + 1);
}

#[test]
fn spurious_and_missing_neighbour_pairs_are_named() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let adjacent = |i: usize, j: usize| {
        e.complex
            .adjacencies
            .iter()
            .any(|a| a.regions == (i.min(j), i.max(j)))
    };
    let (i, j) = (0..e.regions.len())
        .flat_map(|i| (i + 1..e.regions.len()).map(move |j| (i, j)))
        .find(|&(i, j)| !adjacent(i, j))
        .unwrap();
    let mut rows = rows(&e);
    let pj = rows[j].pattern.clone();
    rows[i].neighbors.push(pj.clone());
    let c = run(&e, &rows, 1e-6);
    assert_only(&c, &["spurious_adjacencies", "counts"]);
    assert_eq!(c.spurious_adjacencies, vec![(rows[i].pattern.clone(), pj)]);
    assert_eq!(c.engine_adjacencies, e.complex.adjacencies.len() + 1);

    let (a, b) = e.complex.adjacencies[0].regions;
    let mut rows = self::rows(&e);
    let (pa, pb) = (rows[a].pattern.clone(), rows[b].pattern.clone());
    rows[a].neighbors.retain(|p| *p != pb);
    rows[b].neighbors.retain(|p| *p != pa);
    let c = run(&e, &rows, 1e-6);
    assert_only(&c, &["missing_adjacencies", "counts"]);
    assert_eq!(c.missing_adjacencies, vec![(pa.clone(), pb.clone())]);
    // Listing a pair from one side only is enough.
    let mut rows = self::rows(&e);
    rows[a].neighbors.retain(|p| *p != pb);
    assert_only(&run(&e, &rows, 1e-6), &[]);
}

#[test]
fn counts_only_files_are_compared_key_by_key() {
    let (net, _) = network();
    let e = exact(&net, &unit_box());
    let (n, m) = (e.regions.len(), e.complex.adjacencies.len());
    let text = |adjacencies: usize| {
        json!({"engine": "counter", "counts": {"regions": n, "adjacencies": adjacencies,
               "bounded_regions": n, "unbounded_regions": 0, "f_vector": e.complex.f_vector}})
        .to_string()
    };
    let engine = parse_engine_output(&text(m), "counts.json", 2).unwrap();
    let c = compare(&e.regions, &e.complex, &engine, 1e-6);
    assert!(c.agrees() && !c.listed, "{}", c.to_text());
    let engine = parse_engine_output(&text(m + 2), "counts.json", 2).unwrap();
    let c = compare(&e.regions, &e.complex, &engine, 1e-6);
    assert_only(&c, &["counts"]);
    assert_eq!(c.counts.len(), 1);
    assert_eq!(
        (
            c.counts[0].key,
            c.counts[0].from,
            &c.counts[0].engine,
            &c.counts[0].exact
        ),
        ("adjacencies", "counts", &vec![m + 2], &vec![m])
    );
}

#[test]
fn malformed_engine_files_are_located() {
    let cases = [
        (
            "{\"engine\": \"x\", \"regions\": [}",
            "f.json: line 1, column 29",
        ),
        (
            "{\"regions\": []}",
            "f.json: top level: missing key \"engine\"",
        ),
        (
            "{\"engine\": \"x\"}",
            "f.json: top level: needs \"regions\", \"counts\" or both",
        ),
        (
            r#"{"engine": "x", "regions": [{"pattern": ["01", 1]}]}"#,
            "f.json: region 0 pattern, layer 1: expected a string of 0 and 1, found 1",
        ),
        (
            r#"{"engine": "x", "regions": [{"pattern": ["01"], "vertices": [[0, 1], [0, 1, 2]]}]}"#,
            "f.json: region 0 vertices, vertex 1: has 3 coordinates, expected 2",
        ),
        (
            r#"{"engine": "x", "regions": [{"pattern": ["01"], "vertices": [[0, "nan"]]}]}"#,
            "f.json: region 0 vertices, vertex 0, column 1:",
        ),
        (
            r#"{"engine": "x", "regions": [{"pattern": ["01"], "neighbors": [1]}, {"pattern": ["10"], "neighbors": [2]}]}"#,
            "f.json: region 1 neighbors, entry 0: 2 is not another region (regions are 0 to 1)",
        ),
        (
            r#"{"engine": "x", "regions": [{"pattern": ["01"], "facets": 3}, {"pattern": ["10"]}]}"#,
            "f.json: region 1: missing key \"facets\"",
        ),
        (
            r#"{"engine": "x", "regions": [{"pattern": ["01"], "facets": -3}]}"#,
            "f.json: region 0 facets: expected a whole number >= 0, found -3",
        ),
        (
            r#"{"engine": "x", "counts": {"regions": 3, "cells": 4}}"#,
            "f.json: counts: unknown key \"cells\"",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_engine_output(text, "f.json", 2)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(expected),
            "{text}\n  gave {error}\n  expected {expected}"
        );
    }
}

#[test]
fn the_command_exits_0_when_the_engine_agrees_and_1_when_it_differs() {
    let (net, net_path) = network();
    let e = exact(&net, &unit_box());
    let good = temp("good.json");
    std::fs::write(&good, engine_text(&rows(&e))).unwrap();
    let mut changed = rows(&e);
    changed[0].facets += 1;
    let bad = temp("bad.json");
    std::fs::write(&bad, engine_text(&changed)).unwrap();
    let (net_s, good_s, bad_s) = (
        net_path.to_str().unwrap(),
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    );

    let out = relupoly(&["compare", net_s, good_s]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("test: agrees"));

    let out = relupoly(&["compare", net_s, bad_s, "--json", "-"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["agrees"], json!(false));
    assert_eq!(report["facet_differences"][0]["index"], json!(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("differs from the exact enumeration"));

    // The same engine file checked on another domain differs.
    let out = relupoly(&["compare", net_s, good_s, "--box", "-2,2"]);
    assert_eq!(out.status.code(), Some(1));

    let broken = temp("broken.json");
    std::fs::write(&broken, "{\"engine\": 3, \"counts\": {}}").unwrap();
    let out = relupoly(&["compare", net_s, broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.json: engine: expected a string"),
        "{stderr}"
    );
}
