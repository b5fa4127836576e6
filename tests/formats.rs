//! Every kind of bad network or domain input gets an error naming the file, the place and the
//! problem; good input is read exactly.

use relupoly::exact::Rational;
use relupoly::io::{
    domain_from_text, parse_domain, parse_network, read_network, write_network, NumberMode,
};
use relupoly::regions::Domain;
use std::path::Path;

fn network_error(text: &str) -> String {
    parse_network(text, "net.json")
        .expect_err("input must be refused")
        .to_string()
}

fn layer(weights: &str, biases: &str) -> String {
    format!(r#"{{"input_dim": 2, "layers": [{{"weights": {weights}, "biases": {biases}}}]}}"#)
}

#[test]
fn nan_and_infinity_are_refused() {
    let e = network_error(r#"{"input_dim": 1, "layers": [{"weights": [[NaN]], "biases": [0]}]}"#);
    assert_eq!(
        e,
        "net.json: line 1, column 43: NaN or infinity is not allowed"
    );
    let e =
        network_error(r#"{"input_dim": 1, "layers": [{"weights": [[1]], "biases": [-Infinity]}]}"#);
    assert!(
        e.starts_with("net.json: line 1, column ") && e.ends_with("NaN or infinity is not allowed"),
        "{e}"
    );
    let e = network_error(&layer(r#"[[1, "nan"]]"#, "[0]"));
    assert_eq!(
        e,
        "net.json: layer 0 weights, row 0, column 1: NaN or infinity is not allowed: \"nan\""
    );
    let e = network_error(&layer("[[1, 2]]", r#"["inf"]"#));
    assert_eq!(
        e,
        "net.json: layer 0 biases, column 0: NaN or infinity is not allowed: \"inf\""
    );
}

#[test]
fn zero_denominators_are_refused() {
    let e = network_error(&layer(r#"[[1, 2], ["3/0", 4]]"#, "[0, 0]"));
    assert_eq!(
        e,
        "net.json: layer 0 weights, row 1, column 0: zero denominator: \"3/0\""
    );
}

#[test]
fn wrong_and_ragged_shapes_are_refused() {
    let e = network_error(&layer("[[1, 2], [3]]", "[0, 0]"));
    assert_eq!(
        e,
        "net.json: layer 0 weights, row 1: has 1 entries, expected 2"
    );
    let e = network_error(&layer("[[1, 2, 3]]", "[0]"));
    assert_eq!(
        e,
        "net.json: layer 0 weights, row 0: has 3 entries, expected 2"
    );
    let e = network_error(&layer("[[1, 2]]", "[0, 1]"));
    assert_eq!(
        e,
        "net.json: layer 0 biases: has 2 entries, expected 1 (one per weight row)"
    );
    let e = network_error(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 2], [3, 4]], "biases": [0, 0]},
            {"weights": [[1, 2, 3]], "biases": [0]}]}"#,
    );
    assert_eq!(
        e,
        "net.json: layer 1 weights, row 0: has 3 entries, expected 2"
    );
    let e = network_error(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 2]], "biases": [0]}],
            "output": {"weights": [[1, 2]], "biases": [0]}}"#,
    );
    assert_eq!(
        e,
        "net.json: output layer weights, row 0: has 2 entries, expected 1"
    );
    let e = network_error(&layer("[1, 2]", "[0]"));
    assert_eq!(
        e,
        "net.json: layer 0 weights, row 0: expected an array, found a number"
    );
}

#[test]
fn empty_layers_and_networks_are_refused() {
    let e = network_error(&layer("[]", "[]"));
    assert_eq!(
        e,
        "net.json: layer 0: is empty (a layer needs at least one neuron)"
    );
    let e = network_error(r#"{"input_dim": 2, "layers": []}"#);
    assert_eq!(
        e,
        "net.json: layers: the network needs at least one hidden layer"
    );
}

#[test]
fn input_dim_must_be_positive() {
    let e = network_error(r#"{"input_dim": 0, "layers": [{"weights": [[]], "biases": [0]}]}"#);
    assert_eq!(
        e,
        "net.json: input_dim: must be a whole number of at least 1"
    );
    let e = network_error(r#"{"input_dim": 1.5, "layers": []}"#);
    assert_eq!(
        e,
        "net.json: input_dim: must be a whole number of at least 1"
    );
    let e = network_error(r#"{"layers": []}"#);
    assert_eq!(e, "net.json: top level: missing key \"input_dim\"");
}

#[test]
fn unknown_keys_are_refused() {
    let e = network_error(r#"{"input_dim": 1, "layer": []}"#);
    assert_eq!(
        e,
        "net.json: top level: unknown key \"layer\" (allowed: input_dim, layers, output, numbers, metadata)"
    );
    let e = network_error(r#"{"input_dim": 1, "layers": [{"weight": [[1]], "biases": [0]}]}"#);
    assert_eq!(
        e,
        "net.json: layer 0: unknown key \"weight\" (allowed: weights, biases, negative_slope, residual)"
    );
}

#[test]
fn malformed_numbers_are_refused() {
    let e = network_error(&layer(r#"[["1.2.3", 0]]"#, "[0]"));
    assert!(
        e.starts_with("net.json: layer 0 weights, row 0, column 0: malformed number"),
        "{e}"
    );
    assert!(e.ends_with("\"1.2.3\""), "{e}");
    let e = network_error(&layer("[[true, 0]]", "[0]"));
    assert_eq!(
        e,
        "net.json: layer 0 weights, row 0, column 0: expected a number, found a boolean"
    );
    let e = network_error(&layer("[[1, 0]]", r#"["1e99999"]"#));
    assert!(e.contains("exponent out of range"), "{e}");
    let e = network_error(r#"{"input_dim": 1, "numbers": "float", "layers": []}"#);
    assert_eq!(
        e,
        "net.json: numbers: expected \"decimal\" or \"binary64\", found \"float\""
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let e = network_error("{\"input_dim\": 1,\n \"layers\": [}");
    assert!(
        e.starts_with("net.json: line 2, column 13: invalid JSON"),
        "{e}"
    );
}

#[test]
fn a_missing_file_is_named() {
    let e = read_network(Path::new("/nonexistent/net.json"))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("/nonexistent/net.json: cannot read the file"),
        "{e}"
    );
}

#[test]
fn numbers_are_read_exactly_in_both_modes() {
    let text = |mode: &str| {
        format!(
            r#"{{"input_dim": 1, "numbers": "{mode}", "layers": [{{"weights": [[0.1], ["1e-3"], ["-3/4"]], "biases": [0, 1, 2]}}]}}"#
        )
    };
    let decimal = parse_network(&text("decimal"), "n").unwrap();
    let w = &decimal.blocks()[0].layer.weights;
    assert_eq!(w[0][0], Rational::from_signeds(1, 10));
    assert_eq!(w[1][0], Rational::from_signeds(1, 1000));
    assert_eq!(w[2][0], Rational::from_signeds(-3, 4));
    let binary = parse_network(&text("binary64"), "n").unwrap();
    let w = &binary.blocks()[0].layer.weights;
    assert_eq!(
        w[0][0],
        Rational::from_signeds(3602879701896397i64, 36028797018963968i64)
    );
    assert_eq!(w[2][0], Rational::from_signeds(-3, 4));
    // Writing and reading back gives the same network in either mode.
    for (net, mode) in [
        (&decimal, NumberMode::Decimal),
        (&binary, NumberMode::Binary64),
    ] {
        let again = parse_network(&write_network(net, mode, None), "again").unwrap();
        assert_eq!(&again, net);
    }
}

fn domain_error(text: &str, dim: usize) -> String {
    domain_from_text(text, "domain.json", dim)
        .expect_err("domain must be refused")
        .to_string()
}

#[test]
fn bad_domains_are_refused() {
    let flat = |row: usize| {
        format!("domain.json: the inequalities describe a set that is not full-dimensional (inequality {row} flattens it)")
    };
    let excluded = |row: usize| {
        format!("domain.json: the inequalities have no common point (inequality {row} excludes every point the earlier ones allow)")
    };
    let empty = "domain.json: the inequalities have no common point".to_string();
    let cases: Vec<(&str, usize, String)> = vec![
        (
            r#"{"inequalities": [[0, 1, 0], [0, 0, 1], [1, -1, -1]]}"#,
            3,
            "domain.json: inequality 0: has 3 entries, expected 4 (b, a_1, ..., a_3 for input dimension 3)".into(),
        ),
        (
            r#"{"inequalities": [[0, 1, 0], [0, 0, 1]]}"#,
            2,
            "domain.json: the inequalities describe an unbounded set".into(),
        ),
        (r#"{"inequalities": [[0, 1, 0], [0, 0, 1], [-1, -1, -1]]}"#, 2, excluded(2)),
        // x = 0 from rows 0 and 1, then y >= 1 and y <= 0: flat after row 1, empty in the end.
        (r#"{"inequalities": [[0, 1, 0], [0, -1, 0], [-1, 0, 1], [0, 0, -1]]}"#, 2, empty.clone()),
        // The same line with a non-empty segment on it is flat, not empty.
        (r#"{"inequalities": [[0, 1, 0], [0, -1, 0], [1, 0, 1], [1, 0, -1]]}"#, 2, flat(1)),
        // In 3D: x = 0 and y = 0 leave the z-axis; z >= 2 and z <= 1 then empty it.
        (
            r#"{"inequalities": [[0, 1, 0, 0], [0, -1, 0, 0], [0, 0, 1, 0], [0, 0, -1, 0], [-2, 0, 0, 1], [1, 0, 0, -1]]}"#,
            3,
            empty,
        ),
        (r#"{"inequalities": [[0, 1, 0], [0, 0, 1], [0, -1, -1]]}"#, 2, flat(2)),
        (
            r#"{"inequality": []}"#,
            2,
            "domain.json: top level: unknown key \"inequality\" (allowed: inequalities, numbers)".into(),
        ),
        (r#"{"inequalities": [[-1, 0, 0]]}"#, 2, excluded(0)),
        (r#"{"inequalities": []}"#, 2, "domain.json: inequalities: is empty".into()),
    ];
    for (text, dim, expected) in cases {
        assert_eq!(domain_error(text, dim), expected, "{text}");
    }
    let e = domain_error(r#"{"inequalities": [[0, 1, 0], [0, "x", 1]]}"#, 2);
    assert!(
        e.starts_with("domain.json: inequality 1, column 1: malformed number"),
        "{e}"
    );
}

#[test]
fn a_triangle_domain_has_its_area() {
    // x >= 0, y >= 0, x + y <= 1, with a redundant and a repeated row.
    let rows = parse_domain(
        r#"{"inequalities": [[0, 1, 0], [0, 0, 1], [1, -1, -1], [5, -1, 0], [0, 2, 0]]}"#,
        "triangle",
        2,
    )
    .unwrap();
    let domain = Domain::from_inequalities("triangle", 2, &rows).unwrap();
    assert_eq!(domain.volume(), Some(&Rational::from_signeds(1, 2)));
    assert_eq!(domain.polytope().vertices().len(), 3);
    assert_eq!(domain.polytope().facets().len(), 3);
}

#[test]
fn dimensions_beyond_the_maximum_are_refused() {
    let e = Domain::cube(64, &Rational::from(-1), &Rational::from(1))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "box [-1, 1]^64: dimension 64 is above the supported maximum of 16"
    );
}

#[test]
fn a_box_needs_lo_below_hi() {
    let e = Domain::cube(2, &Rational::from(1u32), &Rational::from(1u32))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "--box 1,1: the lower bound must be below the upper bound"
    );
}
