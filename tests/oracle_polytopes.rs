//! External oracles for single polytopes, generic and degenerate, d = 2..5: the f-vector equals
//! the one obtained from cddlib's vertex-inequality incidences (`scdd_gmp`, Debian package
//! libcdd-tools) by an independent closure-under-intersection computation; the vertices equal
//! cddlib's; the volume equals lrs's `volume` exactly.

mod common;

use common::*;
use relupoly::exact::{parse_rational, rank, HomPoint, Integer, Rational};
use relupoly::groundtruth::lrs;
use relupoly::io::parse_polytope;
use relupoly::network::WeightInit;
use relupoly::polytope::{
    first_pulling_simplex, pulling_triangulation, volume, volume_of, FaceLattice, Polytope, Pulling,
};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// A small deterministic generator (SplitMix64) for the test polytopes.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }

    fn int(&mut self, k: i64) -> i64 {
        (self.next() % (2 * k as u64 + 1)) as i64 - k
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relupoly-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn cdd_text(kind: &str, rows: &[Vec<String>]) -> String {
    let mut text = format!(
        "p\n{kind}\nincidence\nbegin\n{} {} rational\n",
        rows.len(),
        rows[0].len()
    );
    for row in rows {
        text.push_str(&row.join(" "));
        text.push('\n');
    }
    text.push_str("end\n");
    text
}

/// Runs scdd_gmp on `input` and returns (output rows, per-input-or-output-generator incidence).
fn scdd(name: &str, input: &str, extension: &str) -> (Vec<Vec<Rational>>, Vec<BTreeSet<usize>>) {
    let path = scratch(&format!("{name}.{extension}"));
    std::fs::write(&path, input).unwrap();
    let status = Command::new("scdd_gmp")
        .arg(&path)
        .output()
        .expect("scdd_gmp (Debian package libcdd-tools) must be installed; .ci/run installs it");
    assert!(status.status.success());
    let out_ext = if extension == "ine" { "ext" } else { "ine" };
    let block = |text: &str| -> Vec<String> {
        let after = text.split_once("begin").expect("a begin line").1;
        let body = after.split_once("end").expect("an end line").0;
        body.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    let output = std::fs::read_to_string(path.with_extension(out_ext)).unwrap();
    let lines = block(&output);
    let rows: Vec<Vec<Rational>> = lines[1..]
        .iter()
        .map(|l| {
            l.split_whitespace()
                .map(|f| parse_rational(f).unwrap())
                .collect()
        })
        .collect();
    let ecd = std::fs::read_to_string(path.with_extension("ecd")).unwrap();
    let lines = block(&ecd);
    let columns: usize = lines[0].split_whitespace().nth(1).unwrap().parse().unwrap();
    let incidence = lines[1..]
        .iter()
        .map(|l| {
            let (head, list) = l.split_once(':').unwrap();
            let count: i64 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
            let listed: BTreeSet<usize> = list
                .split_whitespace()
                .map(|x| x.parse().unwrap())
                .collect();
            if count >= 0 {
                listed
            } else {
                (1..=columns).filter(|c| !listed.contains(c)).collect()
            }
        })
        .collect();
    (rows, incidence)
}

/// The f-vector of the polytope whose facets (or facet-defining rows) have the point sets `sets`,
/// by closing the sets under intersection and measuring each by its affine rank.
fn closure_f_vector(points: &[Vec<Rational>], sets: &[BTreeSet<usize>], d: usize) -> Vec<usize> {
    let all: BTreeSet<usize> = (0..points.len()).collect();
    let mut faces: BTreeSet<BTreeSet<usize>> = BTreeSet::new();
    faces.insert(all);
    for set in sets {
        let meets: Vec<BTreeSet<usize>> = faces
            .iter()
            .map(|f| f & set)
            .filter(|m| !m.is_empty())
            .collect();
        faces.extend(meets);
    }
    let mut f = vec![0; d + 1];
    for face in &faces {
        let members: Vec<&Vec<Rational>> = face.iter().map(|&i| &points[i]).collect();
        let differences: Vec<Vec<Integer>> = members[1..]
            .iter()
            .map(|p| {
                let row: Vec<Rational> = p.iter().zip(members[0]).map(|(a, b)| a - b).collect();
                let h = HomPoint::from_rationals(&row);
                h.homogeneous()[1..].to_vec()
            })
            .collect();
        f[rank(&differences)] += 1;
    }
    assert_eq!(f[d], 1);
    f.truncate(d);
    f
}

fn ours(text: &str) -> (Polytope<usize>, Vec<usize>, Rational) {
    let (mut polytope, _) = parse_polytope(text, "test")
        .map_err(|e| e.to_string())
        .unwrap();
    polytope.sort_vertices_lex();
    let lattice = FaceLattice::of(&polytope);
    let simplices = pulling_triangulation(&polytope);
    let v = volume(&polytope);
    check_polytope_combinatorics(&polytope, &lattice.f_vector(), &simplices, &v);
    let pulling = Pulling::new(&polytope, &lattice);
    assert_eq!(pulling.simplex_count(), simplices.len(), "counted = listed");
    assert_eq!(
        pulling.volume_on_lattice(&polytope),
        volume_of(&polytope, &simplices)
    );
    assert_eq!(first_pulling_simplex(&polytope), simplices[0]);
    assert_eq!(pulling.first_simplex(), simplices[0]);
    (polytope, lattice.f_vector(), v)
}

fn strings(rows: &[Vec<i64>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(i64::to_string).collect())
        .collect()
}

fn json_rows(key: &str, rows: &[Vec<String>]) -> String {
    let quoted: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|x| format!("\"{x}\"")).collect())
        .collect();
    let inner: Vec<String> = quoted
        .iter()
        .map(|r| format!("[{}]", r.join(", ")))
        .collect();
    format!("{{\"{key}\": [{}]}}", inner.join(", "))
}

fn vertex_set(p: &Polytope<usize>) -> BTreeSet<Vec<Rational>> {
    p.vertices()
        .iter()
        .map(|v| v.point.to_rationals())
        .collect()
}

/// Checks the hull of `points` (integer coordinates) against cddlib and lrs.
fn check_points(name: &str, points: &[Vec<i64>]) {
    let d = points[0].len();
    let rows = strings(points);
    let (polytope, f, v) = ours(&json_rows("vertices", &rows));
    let cdd_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            std::iter::once("1".to_string())
                .chain(r.iter().cloned())
                .collect()
        })
        .collect();
    let (_, incidence) = scdd(name, &cdd_text("V-representation", &cdd_rows), "ext");
    // incidence[i] = facets (1-based) through input point i; invert to facet point sets.
    let facets = incidence.iter().flatten().copied().max().unwrap_or(0);
    let sets: Vec<BTreeSet<usize>> = (1..=facets)
        .map(|j| {
            (0..points.len())
                .filter(|&i| incidence[i].contains(&j))
                .collect()
        })
        .filter(|s: &BTreeSet<usize>| !s.is_empty())
        .collect();
    let exact_points: Vec<Vec<Rational>> = points
        .iter()
        .map(|p| p.iter().map(|&x| q(x)).collect())
        .collect();
    assert_eq!(
        f,
        closure_f_vector(&exact_points, &sets, d),
        "{name}: f-vector"
    );
    assert_eq!(v, lrs::volume(&exact_points).unwrap(), "{name}: volume");
    assert_eq!(polytope.facets().len(), f[d - 1]);
}

/// Checks the polytope {b + a.x >= 0} (rows as exact strings) against cddlib and lrs.
fn check_inequalities(name: &str, rows: &[Vec<String>]) {
    let d = rows[0].len() - 1;
    let text = json_rows("inequalities", rows);
    let (vertices, incidence) = scdd(name, &cdd_text("H-representation", rows), "ine");
    let vertices: Vec<Vec<Rational>> = vertices
        .iter()
        .map(|r| {
            assert_eq!(r[0], 1u32, "{name}: cdd found a ray");
            r[1..].to_vec()
        })
        .collect();
    if let Err(e) = parse_polytope(&text, name) {
        // A flat system: cddlib's vertices must span less than R^d.
        assert!(e.to_string().contains("not full-dimensional"), "{e}");
        let differences: Vec<Vec<Integer>> = vertices[1..]
            .iter()
            .map(|p| {
                HomPoint::from_rationals(
                    &p.iter()
                        .zip(&vertices[0])
                        .map(|(a, b)| a - b)
                        .collect::<Vec<_>>(),
                )
                .homogeneous()[1..]
                    .to_vec()
            })
            .collect();
        assert!(
            rank(&differences) < d,
            "{name}: cddlib finds a full-dimensional polytope"
        );
        return;
    }
    let (polytope, f, v) = ours(&text);
    assert_eq!(
        vertex_set(&polytope),
        vertices.iter().cloned().collect(),
        "{name}: vertices"
    );
    let sets: Vec<BTreeSet<usize>> = (1..=rows.len())
        .map(|r| {
            (0..vertices.len())
                .filter(|&i| incidence[i].contains(&r))
                .collect()
        })
        .collect();
    assert_eq!(f, closure_f_vector(&vertices, &sets, d), "{name}: f-vector");
    assert_eq!(v, lrs::volume(&vertices).unwrap(), "{name}: volume");
}

#[test]
fn random_point_sets_agree_with_cddlib_and_lrs() {
    let mut draw = Draw(7);
    for d in 2..=5 {
        for case in 0..8 {
            // Wide range: generic; narrow range: many coplanar, repeated and interior points.
            let range = if case % 2 == 0 { 1000 } else { 2 };
            let count = d + 2 + (draw.next() % (3 * d as u64)) as usize;
            let mut points: Vec<Vec<i64>> = (0..count)
                .map(|_| (0..d).map(|_| draw.int(range)).collect())
                .collect();
            // Make sure the set is full-dimensional: add a scaled simplex.
            points.push(vec![-range; d]);
            for i in 0..d {
                let mut p = vec![-range; d];
                p[i] = range;
                points.push(p);
            }
            check_points(&format!("points-d{d}-{case}"), &points);
        }
    }
}

#[test]
fn random_inequality_systems_agree_with_cddlib_and_lrs() {
    let mut draw = Draw(11);
    for d in 2..=5 {
        for case in 0..8 {
            let range = if case % 2 == 0 { 1000 } else { 1 };
            // A box, then random cuts through (near) its centre; small ranges give repeated,
            // parallel and vertex-touching cuts.
            let mut rows: Vec<Vec<i64>> = Vec::new();
            for i in 0..d {
                for s in [1, -1] {
                    let mut row = vec![0; d + 1];
                    row[0] = if range == 1 { 1 } else { 1000 };
                    row[i + 1] = s;
                    rows.push(row);
                }
            }
            for _ in 0..(d + (draw.next() % 4) as usize) {
                let mut row: Vec<i64> = (0..=d).map(|_| draw.int(range)).collect();
                row[0] = row[0].abs() + if range == 1 { 0 } else { 1 };
                if row[1..].iter().all(|&a| a == 0) {
                    continue;
                }
                rows.push(row);
            }
            check_inequalities(&format!("rows-d{d}-{case}"), &strings(&rows));
        }
    }
}

#[test]
fn regions_of_degenerate_networks_agree_with_cddlib_and_lrs() {
    for (d, widths, k, seed) in [
        (3, vec![5, 4], 1, 3),
        (4, vec![4, 3], 1, 4),
        (5, vec![4], 1, 5),
    ] {
        let net = network(d, &widths, WeightInit::Integers(k), seed);
        for (i, region) in regions_of(&net, &unit_box(d)).iter().enumerate().take(25) {
            let rows: Vec<Vec<String>> = region
                .polytope
                .facets()
                .iter()
                .map(|f| {
                    f.inequality
                        .coeffs()
                        .iter()
                        .map(ToString::to_string)
                        .collect()
                })
                .collect();
            check_inequalities(&format!("region-d{d}-{i}"), &rows);
        }
    }
}

#[test]
fn the_cut_cube_has_its_known_numbers() {
    let text = r#"{"inequalities": [[1,1,0,0],[1,-1,0,0],[1,0,1,0],[1,0,-1,0],[1,0,0,1],[1,0,0,-1],["1/2",-1,-1,-1]]}"#;
    let (_, f, v) = ours(text);
    assert_eq!(f, vec![10, 15, 7]);
    assert_eq!(v, Rational::from_signeds(131, 24));
}

#[test]
fn polytope_file_errors_are_clear() {
    let error = |text: &str| {
        parse_polytope(text, "p.json")
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error(r#"{"vertices": [[0, 0], [1, 1], [2, 2]]}"#),
        "p.json: the points span an affine subspace of dimension 1, not the whole of R^2: their hull is not full-dimensional"
    );
    assert_eq!(
        error(r#"{"inequalities": [[0, 1, 0], [0, 0, 1]]}"#),
        "p.json: the inequalities describe an unbounded set"
    );
    assert_eq!(
        error(r#"{"vertices": [[0, 0], [1]]}"#),
        "p.json: vertex 1: has 1 entries, expected 2 as many as vertex 0"
    );
    assert_eq!(
        error(r#"{"vertices": [[0, 0]], "inequalities": [[1, 1]]}"#),
        "p.json: top level: needs exactly one of \"inequalities\" and \"vertices\""
    );
    assert_eq!(error(r#"{"vertices": []}"#), "p.json: vertices: is empty");
}
