//! High dimensions: the pulling triangulation counted and its volume summed on the face lattice
//! (never listed) agree with closed formulas where the list itself would be huge, and the
//! polytope tool without a lattice answers in dimension 16.

use relupoly::exact::{parse_rational, HomPoint, Integer, Rational};
use relupoly::polytope::{FaceLattice, Polytope, Pulling};
use std::process::Command;

fn factorial(n: usize) -> usize {
    (1..=n).product()
}

/// The pulling triangulation of a d-cube from its lexicographically first corner has d!
/// simplices (one per path of coordinate steps), of volume 2^d / d! each for [-1, 1]^d.
#[test]
fn cubes_are_counted_and_measured_without_listing_their_d_factorial_simplices() {
    for d in 1..=9 {
        let cube = Polytope::cube(d, &Rational::from(-1), &Rational::from(1), |k| k);
        let lattice = FaceLattice::of(&cube);
        let pulling = Pulling::new(&cube, &lattice);
        assert_eq!(pulling.simplex_count(), factorial(d), "d = {d}");
        assert_eq!(pulling.volume(&cube), Rational::from(1u64 << d), "d = {d}");
        assert_eq!(pulling.volume_on_lattice(&cube), Rational::from(1u64 << d));
    }
}

/// The standard 16-simplex, through the convex hull: one simplex, volume 1/16!.
#[test]
fn the_sixteen_simplex_has_one_simplex_of_volume_one_over_sixteen_factorial() {
    let d = 16;
    let mut points = vec![HomPoint::from_homogeneous(
        std::iter::once(Integer::from(1u32))
            .chain((0..d).map(|_| Integer::from(0u32)))
            .collect(),
    )];
    for i in 0..d {
        points.push(HomPoint::from_homogeneous(
            std::iter::once(Integer::from(1u32))
                .chain((0..d).map(|j| Integer::from(u32::from(i == j))))
                .collect(),
        ));
    }
    let simplex = Polytope::convex_hull(d, &points).unwrap();
    assert_eq!(simplex.vertices().len(), d + 1);
    assert_eq!(simplex.facets().len(), d + 1);
    let lattice = FaceLattice::of(&simplex);
    let pulling = Pulling::new(&simplex, &lattice);
    assert_eq!(pulling.simplex_count(), 1);
    let sixteen_factorial: u64 = (1..=16).product();
    for volume in [
        pulling.volume(&simplex),
        pulling.volume_on_lattice(&simplex),
    ] {
        assert_eq!(volume, Rational::from_unsigneds(1u64, sixteen_factorial));
    }
}

/// The cross-polytope `|x_1| + ... + |x_d| <= 1` from its 2^d inequalities: 2d vertices, volume
/// 2^d / d!.
#[test]
fn cross_polytopes_from_inequalities() {
    for d in [3, 6, 10] {
        let rows = (0..1usize << d)
            .map(|signs| {
                let mut row = vec![Integer::from(1u32)];
                row.extend((0..d).map(|i| Integer::from(if signs >> i & 1 == 1 { -1 } else { 1 })));
                (relupoly::exact::AffineForm::new(row), signs)
            })
            .collect();
        let cross = Polytope::from_inequalities(d, rows).unwrap();
        assert_eq!(cross.vertices().len(), 2 * d);
        assert_eq!(cross.facets().len(), 1 << d);
        let lattice = FaceLattice::of(&cross);
        let pulling = Pulling::new(&cross, &lattice);
        for volume in [pulling.volume(&cross), pulling.volume_on_lattice(&cross)] {
            assert_eq!(
                volume,
                Rational::from_unsigneds(1u64 << d, factorial(d) as u64),
                "d = {d}"
            );
        }
    }
}

/// `relupoly polytope --no-lattice` on the 16-cube: its 65536 vertices and 32 facets, and no
/// f-vector, triangulation or volume (the lattice has 3^16 faces).
#[test]
fn the_polytope_tool_without_a_lattice_answers_in_dimension_sixteen() {
    let d = 16;
    let rows: Vec<String> = (0..2 * d)
        .map(|k| {
            let coeffs: Vec<String> = (0..d)
                .map(|i| match (i == k / 2, k % 2) {
                    (true, 0) => "1".to_string(),
                    (true, _) => "-1".to_string(),
                    _ => "0".to_string(),
                })
                .collect();
            format!("[1, {}]", coeffs.join(", "))
        })
        .collect();
    let path = std::env::temp_dir().join(format!("relupoly-cube16-{}.json", std::process::id()));
    std::fs::write(
        &path,
        format!("{{\"inequalities\": [{}]}}", rows.join(", ")),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(["polytope", "--json", "--no-lattice"])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["vertices"].as_array().unwrap().len(), 1 << d);
    assert_eq!(report["facets"].as_array().unwrap().len(), 2 * d);
    for facet in report["facets"].as_array().unwrap() {
        assert_eq!(facet["vertices"].as_array().unwrap().len(), 1 << (d - 1));
    }
    assert!(report["volume"].is_null() && report["f_vector"].is_null());
}

/// `relupoly regions --no-lattice` on [-1, 1]^16 with two neurons: the regions' volumes are not
/// computed, but their vertices are exactly those of the cube's pieces, and the pieces' interior
/// points are inside the cube.
#[test]
fn regions_of_a_few_neurons_on_the_sixteen_cube_without_lattices() {
    let dir = std::env::temp_dir().join(format!("relupoly-hd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let net = dir.join("net.json");
    let weights: Vec<String> = (0..16).map(|i| format!("{}", i % 3 - 1)).collect();
    let other: Vec<String> = (0..16).map(|i| format!("{}", (i % 2) * 2 - 1)).collect();
    std::fs::write(
        &net,
        format!(
            "{{\"input_dim\": 16, \"layers\": [{{\"weights\": [[{}], [{}]], \"biases\": [\"1/2\", 0]}}]}}",
            weights.join(", "),
            other.join(", ")
        ),
    )
    .unwrap();
    let records = dir.join("regions.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args([
            "regions",
            "--quiet",
            "--no-lattice",
            "--summary-json",
            "--jsonl",
        ])
        .arg(&records)
        .arg(&net)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["regions"], 4);
    assert!(summary["volume_total"].is_null() && summary["f_vector_sum"].is_null());
    let text = std::fs::read_to_string(&records).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let rows = [weights, other];
    let biases = [Rational::from_signeds(1, 2), Rational::from(0)];
    for line in text.lines() {
        let region: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(region["f_vector"].is_null() && region["volume"].is_null());
        assert!(region["vertices"].as_array().unwrap().len() > 16);
        // An exact forward pass at the interior point reproduces the pattern.
        let point: Vec<Rational> = region["interior_point"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| parse_rational(x.as_str().unwrap()).unwrap())
            .collect();
        assert!(point.iter().all(|x| *x > -1 && *x < 1));
        let pattern = region["pattern"][0].as_str().unwrap().as_bytes();
        for (neuron, (row, bias)) in rows.iter().zip(&biases).enumerate() {
            let value: Rational = row
                .iter()
                .zip(&point)
                .map(|(w, x)| Rational::from(w.parse::<i32>().unwrap()) * x)
                .sum::<Rational>()
                + bias;
            assert_ne!(value, 0);
            assert_eq!(value > 0, pattern[neuron] == b'1');
        }
    }
}
