//! Leaky ReLU and residual blocks: hand-computed small cases, reductions to one-layer
//! arrangements that give the same regions by another route, the invariants of every enumeration
//! (forward pass, volumes, facets, output maps) on random and degenerate networks, and the file
//! format.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::{HomPoint, Rational};
use relupoly::io::{parse_network, write_network, NumberMode};
use relupoly::network::{Block, Layer, Network};
use relupoly::regions::{Domain, Region};

fn interval(lo: i64, hi: i64) -> Domain {
    Domain::cube(1, &q(lo), &q(hi)).unwrap()
}

/// Each region as (pattern joined, sorted vertices).
fn cells(regions: &[Region]) -> Vec<(String, Vec<Vec<Rational>>)> {
    let mut all: Vec<(String, Vec<Vec<Rational>>)> = regions
        .iter()
        .map(|r| {
            let mut vertices: Vec<Vec<Rational>> = r
                .polytope
                .vertices()
                .iter()
                .map(|v| coords(&v.point))
                .collect();
            vertices.sort();
            (r.pattern_strings().concat(), vertices)
        })
        .collect();
    all.sort();
    all
}

fn one_dimensional(regions: &[Region]) -> Vec<(Vec<String>, Vec<Rational>)> {
    regions
        .iter()
        .map(|r| {
            let mut ends: Vec<Rational> = r
                .polytope
                .vertices()
                .iter()
                .map(|v| coords(&v.point)[0].clone())
                .collect();
            ends.sort();
            (r.pattern_strings(), ends)
        })
        .collect()
}

fn strings(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

#[test]
fn leaky_slope_minus_one_folds_the_line() {
    // |x| - 1 on [-2, 2]: four pieces; with ReLU the negative half is one piece.
    let text = |slope: &str| {
        format!(
            r#"{{"input_dim": 1, "layers": [{{"weights": [[1]], "biases": [0], "negative_slope": {slope}}},
                                           {{"weights": [[1]], "biases": [-1]}}]}}"#
        )
    };
    let leaky = parse_network(&text("-1"), "leaky").unwrap();
    let found = one_dimensional(&regions_of(&leaky, &interval(-2, 2)));
    let expected = vec![
        (strings(&["0", "0"]), vec![q(-1), q(0)]),
        (strings(&["0", "1"]), vec![q(-2), q(-1)]),
        (strings(&["1", "0"]), vec![q(0), q(1)]),
        (strings(&["1", "1"]), vec![q(1), q(2)]),
    ];
    assert_eq!(found, expected);
    let relu = parse_network(&text("0"), "relu").unwrap();
    assert_eq!(regions_of(&relu, &interval(-2, 2)).len(), 3);
    assert_eq!(
        relu,
        Network::new(
            1,
            relu.blocks().iter().map(|b| b.layer.clone()).collect(),
            None
        )
        .unwrap(),
        "slope 0 is a plain ReLU network"
    );
}

#[test]
fn residual_block_bends_the_identity() {
    // y = x + relu(x), then relu(y - 1): the second neuron turns on at x = 1/2.
    let net = parse_network(
        r#"{"input_dim": 1, "layers": [
              {"weights": [[1]], "biases": [0], "residual": {"weights": [[1]], "biases": [0]}},
              {"weights": [[1]], "biases": [-1]}],
            "output": {"weights": [[3]], "biases": [0]}}"#,
        "residual",
    )
    .unwrap();
    let regions = regions_of(&net, &interval(-1, 1));
    let half = Rational::from_signeds(1, 2);
    assert_eq!(
        one_dimensional(&regions),
        vec![
            (strings(&["0", "0"]), vec![q(-1), q(0)]),
            (strings(&["1", "0"]), vec![q(0), half.clone()]),
            (strings(&["1", "1"]), vec![half, q(1)]),
        ]
    );
    // Output 3 relu(2x - 1) on the last piece: slope 6, value 0 at 1/2.
    let map = regions[2].output_map.as_ref().unwrap();
    assert_eq!(map[0], vec![q(-3), q(6)]);
    check_invariants(
        &net,
        &regions,
        &[vec![q(1), q(1)], vec![q(1), q(-1)]],
        &q(2),
    );
}

#[test]
fn projection_shortcuts_change_the_width() {
    let text = |projection: &str| {
        format!(
            r#"{{"input_dim": 2, "layers": [
                  {{"weights": [[1, -1], [1, 1]], "biases": [0, "-1/2"],
                    "residual": {{"weights": [[1, 0]], "biases": [0]{projection}}}}},
                  {{"weights": [[2]], "biases": [-1]}}]}}"#
        )
    };
    let net = parse_network(&text(r#", "projection": [[1, 1]]"#), "net").unwrap();
    assert_eq!(net.blocks()[0].output_width(), 1);
    let regions = checked_box_regions(&net);
    assert!(regions.len() >= 3);
    let error = parse_network(&text(""), "net.json")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("layer 0 residual has 1 outputs but the block's input has 2 entries"),
        "{error}"
    );
    let error = parse_network(&text(r#", "projection": [[1, 1, 1]]"#), "net.json")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("net.json: layer 0 residual projection, row 0"),
        "{error}"
    );
}

#[test]
fn bad_block_keys_are_located() {
    let cases = [
        (
            r#"{"weights": [[1]], "biases": [0], "negative_slope": "x"}"#,
            "layer 0 negative_slope",
        ),
        (
            r#"{"weights": [[1]], "biases": [0], "residual": {"weights": [[1]], "biases": [0], "scale": 2}}"#,
            "scale",
        ),
        (
            r#"{"weights": [[1]], "biases": [0], "residual": {"weights": [[1, 2]], "biases": [0]}}"#,
            "layer 0 residual weights, row 0",
        ),
        (
            r#"{"weights": [[1]], "biases": [0], "residual": {"weights": [[1]]}}"#,
            "biases",
        ),
    ];
    for (layer, needle) in cases {
        let text = format!(r#"{{"input_dim": 1, "layers": [{layer}]}}"#);
        let error = parse_network(&text, "net.json").unwrap_err().to_string();
        assert!(
            error.starts_with("net.json: ") && error.contains(needle),
            "{error}"
        );
    }
}

/// The regions of a network whose blocks all read the input directly (zero residual branch)
/// are the cells of the arrangement of all their neurons: the one-layer network of every
/// neuron has the same regions, with the same patterns concatenated.
#[test]
fn residual_blocks_with_a_zero_branch_give_the_arrangement_of_all_neurons() {
    for (d, seed, init) in [
        (2, 1, relupoly::network::WeightInit::HeNormal),
        (3, 2, relupoly::network::WeightInit::HeNormal),
        (2, 3, relupoly::network::WeightInit::Integers(1)),
        (3, 4, relupoly::network::WeightInit::Integers(2)),
    ] {
        let net = network_of_kind(d, &[3, 2, 2], init, "residual", seed);
        let blocks: Vec<Block> = net
            .blocks()
            .iter()
            .cloned()
            .map(|mut b| {
                let outer = &mut b.shortcut.as_mut().unwrap().outer;
                outer.weights.iter_mut().flatten().for_each(|w| *w = q(0));
                outer.biases.iter_mut().for_each(|w| *w = q(0));
                b
            })
            .collect();
        let all: Vec<Layer> = blocks.iter().map(|b| b.layer.clone()).collect();
        let zero_branch = Network::from_blocks(d, blocks, None).unwrap();
        let one_layer = Network::new(
            d,
            vec![Layer {
                weights: all.iter().flat_map(|l| l.weights.clone()).collect(),
                biases: all.iter().flat_map(|l| l.biases.clone()).collect(),
            }],
            None,
        )
        .unwrap();
        assert_eq!(
            cells(&checked_box_regions(&zero_branch)),
            cells(&checked_box_regions(&one_layer)),
            "d = {d}, seed {seed}"
        );
    }
}

/// With slope 1 the activation is the identity, so the second layer is affine in the input and
/// the regions are the cells of the first layer's and the composed second layer's hyperplanes.
#[test]
fn leaky_slope_one_composes_the_layers() {
    for (d, seed) in [(2, 5), (3, 6)] {
        let net = network_of_kind(
            d,
            &[3, 3],
            relupoly::network::WeightInit::Integers(2),
            "leaky:1",
            seed,
        );
        let first = &net.blocks()[0].layer;
        let second = &net.blocks()[1].layer;
        let composed = Layer {
            weights: second
                .weights
                .iter()
                .map(|row| {
                    (0..d)
                        .map(|j| row.iter().zip(&first.weights).map(|(a, w)| a * &w[j]).sum())
                        .collect()
                })
                .collect(),
            biases: second.apply(&first.biases),
        };
        let one_layer = Network::new(
            d,
            vec![Layer {
                weights: [first.weights.clone(), composed.weights].concat(),
                biases: [first.biases.clone(), composed.biases].concat(),
            }],
            None,
        )
        .unwrap();
        assert_eq!(
            cells(&checked_box_regions(&net)),
            cells(&checked_box_regions(&one_layer)),
            "d = {d}, seed {seed}"
        );
    }
}

#[test]
fn block_networks_round_trip_through_the_format() {
    for kind in ["residual", "leaky:1/100", "residual-leaky:-3/7"] {
        let net = network_of_kind(3, &[4, 2], relupoly::network::WeightInit::HeNormal, kind, 9);
        for mode in [NumberMode::Binary64, NumberMode::Decimal] {
            let text = write_network(&net, mode, None);
            assert_eq!(parse_network(&text, kind).unwrap(), net, "{kind}\n{text}");
        }
    }
}

#[test]
fn whole_space_bound_contains_every_vertex_of_block_networks() {
    // The vertices found inside the stand-in cube are the vertices of R^d's complex: every one
    // lies strictly inside the cube, and a larger cube finds the same complex.
    let net = network_of_kind(
        2,
        &[3, 3],
        relupoly::network::WeightInit::Integers(2),
        "residual-leaky:1/3",
        11,
    );
    let domain = Domain::whole_space(&net).unwrap();
    let half_width = Rational::from(domain.truncation().unwrap().clone());
    let regions = regions_of(&net, &domain);
    for r in &regions {
        for &v in r.vertex_indices() {
            let point = coords(&r.polytope.vertices()[v].point);
            assert!(
                point.iter().all(|c| *c < half_width && *c > -&half_width),
                "a vertex of the complex lies on or beyond the stand-in cube"
            );
        }
    }
    let on_cube = |p: &HomPoint| {
        coords(p)
            .iter()
            .any(|c| *c == half_width || *c == -&half_width)
    };
    let inner: std::collections::BTreeSet<Vec<Rational>> = regions
        .iter()
        .flat_map(|r| {
            r.vertex_indices()
                .iter()
                .map(|&v| &r.polytope.vertices()[v].point)
        })
        .filter(|p| !on_cube(p))
        .map(coords)
        .collect();
    let doubled = Rational::from(2u32) * &half_width;
    let larger = Domain::cube(2, &-doubled.clone(), &doubled).unwrap();
    let larger_regions = regions_of(&net, &larger);
    assert_eq!(larger_regions.len(), regions.len());
    let larger_inner: std::collections::BTreeSet<Vec<Rational>> = larger_regions
        .iter()
        .flat_map(|r| r.polytope.vertices().iter().map(|v| coords(&v.point)))
        .filter(|c| c.iter().all(|x| *x != doubled && *x != -&doubled))
        .collect();
    assert_eq!(inner, larger_inner);
}

fn kinds() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("residual"),
        Just("leaky:1/8"),
        Just("residual-leaky:-1/2"),
        Just("leaky:1"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn block_networks_partition_the_box(d in 2usize..=3, seed in 0u64..1_000_000, k in 0u32..=2,
                                        kind in kinds(),
                                        widths in proptest::collection::vec(1usize..=4, 1..=3)) {
        let init = if k == 0 {
            relupoly::network::WeightInit::XavierNormal
        } else {
            relupoly::network::WeightInit::Integers(k)
        };
        let net = network_of_kind(d, &widths, init, kind, seed);
        checked_box_regions(&net);
    }

    /// A block without a shortcut followed by residual blocks (the first block of a residual
    /// network with its shortcut taken away, `d` neurons wide so the next block reads what it
    /// read before): the next block's pre-activations come from the neurons' forms while the
    /// block's outputs are kept for the shortcut that reads them.
    #[test]
    fn a_plain_block_before_residual_blocks_partitions_the_box(
        d in 2usize..=3,
        seed in 0u64..1_000_000,
        kind in prop_oneof![Just("residual"), Just("residual-leaky:-1/2")],
        widths in proptest::collection::vec(1usize..=4, 1..=2),
    ) {
        let widths: Vec<usize> = std::iter::once(d).chain(widths).collect();
        let residual = network_of_kind(d, &widths, relupoly::network::WeightInit::XavierNormal, kind, seed);
        let mut blocks = residual.blocks().to_vec();
        blocks[0].shortcut = None;
        let net = Network::from_blocks(d, blocks, residual.output().cloned()).expect("consistent widths");
        prop_assert!(net.blocks()[0].shortcut.is_none() && net.blocks()[1].shortcut.is_some());
        checked_box_regions(&net);
    }
}
