//! Slices: a network restricted to an affine slice `t -> x0 + U t` of its input space is
//! enumerated in slice coordinates; its regions must be exactly the input space's activation
//! regions met by the slice, checked against the original network's own exact forward pass.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::Rational;
use relupoly::io::{parse_slice, RecordMaker};
use relupoly::network::{Network, Slice, WeightInit};
use relupoly::regions::{Domain, DomainSpec};
use std::process::Command;

/// Small rationals p/q, |p| <= 6, 1 <= q <= 3.
fn small() -> impl Strategy<Value = Rational> {
    (-6i64..=6, 1i64..=3).prop_map(|(p, q)| Rational::from(p) / Rational::from(q))
}

/// A slice of R^n of dimension k with small rational entries; dependent draws are skipped.
fn slice(n: usize, k: usize) -> impl Strategy<Value = Slice> {
    (
        proptest::collection::vec(small(), n),
        proptest::collection::vec(proptest::collection::vec(small(), n), k),
    )
        .prop_filter_map("independent directions", |(origin, directions)| {
            Slice::new(origin, directions).ok()
        })
}

/// Checks that the regions of `net` restricted to `slice` on `domain` (slice coordinates) are
/// regions of `net` itself: each region's pattern is the sign pattern of `net`'s own
/// pre-activations at the lifted interior point; the restricted network's value equals the
/// original's at every lifted vertex; and the regions pass every invariant of an enumeration
/// (they partition the domain, facets match, patterns are distinct).
fn check_slice(net: &Network, slice: &Slice, rows: &[Vec<Rational>], volume: &Rational) {
    let restricted = net
        .on_slice(slice)
        .expect("the slice lives in the input space");
    assert_eq!(restricted.input_dim(), slice.dim());
    let domain = Domain::from_inequalities("slice domain", slice.dim(), rows).unwrap();
    let regions = regions_of(&restricted, &domain);
    check_invariants(&restricted, &regions, rows, volume);
    for region in &regions {
        let x = slice.lift(&coords(region.interior_point()));
        for (l, values) in net.pre_activations(&x).iter().enumerate() {
            for (i, z) in values.iter().enumerate() {
                assert_eq!(
                    region.pattern.bit(l, i),
                    *z > 0u32,
                    "neuron {l}.{i} at the lifted interior point"
                );
            }
        }
        for vertex in region.polytope.vertices() {
            let t = coords(&vertex.point);
            assert_eq!(restricted.evaluate(&t), net.evaluate(&slice.lift(&t)));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_plane_slice_has_the_input_space_regions(
        seed in 0u64..1_000_000,
        integers in any::<bool>(),
        slice in (3usize..=6).prop_flat_map(|n| slice(n, 2)),
    ) {
        let init = if integers { WeightInit::Integers(2) } else { WeightInit::HeNormal };
        let net = network(slice.input_dim(), &[4, 3], init, seed);
        check_slice(&net, &slice, &unit_box_rows(2), &Rational::from(4u32));
    }

    #[test]
    fn slices_of_residual_and_leaky_networks_compose_exactly(
        seed in 0u64..1_000_000,
        kind in prop_oneof![Just("residual"), Just("leaky:1/8"), Just("residual-leaky:1/4")],
        slice in slice(4, 2),
    ) {
        let net = network_of_kind(4, &[3, 3], WeightInit::HeUniform, kind, seed);
        check_slice(&net, &slice, &unit_box_rows(2), &Rational::from(4u32));
    }

    #[test]
    fn a_line_and_a_solid_slice_partition_their_boxes(
        seed in 0u64..1_000_000,
        k in prop_oneof![Just(1usize), Just(3usize)],
        n in 4usize..=5,
    ) {
        let origin = (0..n).map(|i| Rational::from(i as i64 % 3 - 1) / Rational::from(4u32)).collect();
        let directions = (0..k)
            .map(|j| (0..n).map(|i| Rational::from(i64::from(i == j) + i64::from(i == j + 1))).collect())
            .collect();
        let slice = Slice::new(origin, directions).unwrap();
        let net = network(n, &[3, 3], WeightInit::Integers(2), seed);
        check_slice(&net, &slice, &unit_box_rows(k), &Rational::from(1u32 << k));
    }
}

/// The slice through the unit vectors' axes at the origin is the identity: the same regions,
/// records and volumes as the network itself, with the input-space points equal to the slice's.
#[test]
fn the_identity_slice_changes_nothing() {
    let net = network(3, &[5, 4], WeightInit::HeNormal, 11);
    let zero = || Rational::from(0u32);
    let unit = |j: usize| (0..3).map(|i| Rational::from(u32::from(i == j))).collect();
    let slice = Slice::new(vec![zero(), zero(), zero()], (0..3).map(unit).collect()).unwrap();
    let restricted = net.on_slice(&slice).unwrap();
    assert_eq!(restricted, net);
    let regions = checked_box_regions(&net);
    let (mut plain_records, mut sliced_records) = (
        RecordMaker::new(true, None),
        RecordMaker::new(true, Some(slice)),
    );
    for (i, region) in regions.iter().enumerate() {
        let plain: serde_json::Value =
            serde_json::from_str(&plain_records.record(i, region)).unwrap();
        let mut sliced: serde_json::Value =
            serde_json::from_str(&sliced_records.record(i, region)).unwrap();
        let sliced = sliced.as_object_mut().unwrap();
        assert_eq!(
            sliced.remove("input_vertices"),
            plain.get("vertices").cloned()
        );
        assert_eq!(
            sliced.remove("input_interior_point"),
            plain.get("interior_point").cloned()
        );
        assert_eq!(serde_json::Value::Object(sliced.clone()), plain);
    }
}

/// Three points span a triangle: the default domain is the simplex of slice coordinates, whose
/// corners lift to the three points, and the regions' volumes add up to 1/2.
#[test]
fn a_slice_through_three_points_covers_their_triangle() {
    let q = |p: i64, d: u64| Rational::from(p) / Rational::from(d);
    let points = vec![
        vec![q(1, 2), q(0, 1), q(-1, 3), q(1, 1)],
        vec![q(-1, 1), q(1, 4), q(0, 1), q(1, 1)],
        vec![q(0, 1), q(-1, 1), q(1, 1), q(1, 2)],
    ];
    let slice = Slice::through(points.clone()).unwrap();
    assert_eq!(slice.lift(&[q(0, 1), q(0, 1)]), points[0]);
    assert_eq!(slice.lift(&[q(1, 1), q(0, 1)]), points[1]);
    assert_eq!(slice.lift(&[q(0, 1), q(1, 1)]), points[2]);
    let rows = slice.simplex_rows().unwrap();
    let net = network(4, &[6, 4], WeightInit::HeNormal, 5);
    check_slice(&net, &slice, &rows, &q(1, 2));
    let spec = DomainSpec::Polytope {
        origin: "triangle".into(),
        rows,
    };
    let domain = spec.build(&net.on_slice(&slice).unwrap()).unwrap();
    assert_eq!(domain.volume(), Some(&q(1, 2)));
}

#[test]
fn bad_slices_are_refused_with_the_reason() {
    let error = |text: &str| parse_slice(text, "s.json").unwrap_err().to_string();
    let cases = [
        (
            r#"{"origin": [0, 0, 0], "directions": [[1, 2, 3], [2, 4, 6]]}"#,
            "direction 1 is a linear combination of the directions before it",
        ),
        (
            r#"{"origin": [0, 0, 0], "directions": [[0, 0, 0]]}"#,
            "direction 0 is a linear combination",
        ),
        (
            r#"{"origin": [0, 0], "directions": [[1, 2, 3]]}"#,
            "direction 0 has 3 entries, but the origin has 2",
        ),
        (
            r#"{"through": [[0, 0, 0], [1, 1, 1], [2, 2, 2]]}"#,
            "point 2 lies in the affine span of the points before it",
        ),
        (
            r#"{"through": [[0, 0], [1, 1, 1]]}"#,
            "through, point 1: has 3 entries, expected 2",
        ),
        (r#"{"through": [[0, 0]]}"#, "a slice has 1 to 4 dimensions"),
        (
            r#"{"origin": [0,0,0,0,0,0], "directions": [[1,0,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],[0,0,0,0,1,0]]}"#,
            "5 directions: a slice has 1 to 4 dimensions",
        ),
        (r#"{"through": [[0], [1]], "origin": [0]}"#, "not both"),
        (
            r#"{"origin": [0]}"#,
            "expected \"origin\" and \"directions\"",
        ),
        (
            r#"{"origin": [0, "x"], "directions": [[1, 0]]}"#,
            "origin, column 1",
        ),
    ];
    for (text, expected) in cases {
        let message = error(text);
        assert!(message.starts_with("s.json"), "{message}");
        assert!(message.contains(expected), "{text}: {message}");
    }
    let net = network(3, &[2], WeightInit::HeNormal, 1);
    let slice = Slice::new(
        vec![Rational::from(0u32); 4],
        vec![vec![Rational::from(1u32); 4]],
    )
    .unwrap();
    assert_eq!(
        net.on_slice(&slice).unwrap_err(),
        "the slice lives in R^4 but the network's input dimension is 3"
    );
}

/// `relupoly regions --slice` writes records with slice and input-space points, and names a
/// mismatched slice file.
#[test]
fn the_command_line_enumerates_a_slice() {
    let dir = std::env::temp_dir().join(format!("relupoly-slices-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let slice_file = dir.join("slice.json");
    std::fs::write(
        &slice_file,
        r#"{"through": [[0, 0, 0], [1, 0, 0], [0, 1, "1/2"]]}"#,
    )
    .unwrap();
    let records = dir.join("regions.jsonl");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_relupoly"))
            .args(["regions", "--example", "--quiet", "--slice"])
            .arg(&slice_file)
            .args(extra)
            .output()
            .unwrap()
    };
    let output = run(&["--jsonl", records.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("network   example network: input dimension 2"),
        "{text}"
    );
    assert!(text.contains("(2-dimensional) of R^3, polytope from the simplex spanned by the slice's points (volume 1/2)"), "{text}");
    assert!(
        text.contains("volume    1/2 (sum over the bounded regions)"),
        "{text}"
    );
    let lines = std::fs::read_to_string(&records).unwrap();
    for line in lines.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let vertices = record["vertices"].as_array().unwrap();
        let lifted = record["input_vertices"].as_array().unwrap();
        assert_eq!(vertices.len(), lifted.len());
        for (t, x) in vertices.iter().zip(lifted) {
            let t: Vec<Rational> = t
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().parse().unwrap())
                .collect();
            let x: Vec<Rational> = x
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().parse().unwrap())
                .collect();
            assert_eq!(
                x,
                vec![t[0].clone(), t[1].clone(), &t[1] / Rational::from(2u32)]
            );
        }
    }
    std::fs::write(&slice_file, r#"{"through": [[0, 0], [1, 0], [0, 1]]}"#).unwrap();
    let output = run(&[]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(
        message
            .contains("slice.json: the slice lives in R^2 but the network's input dimension is 3"),
        "{message}"
    );
}
