//! Hand-built degenerate networks whose regions are known in closed form: concurrent,
//! duplicated, opposite, parallel hyperplanes; hyperplanes through box corners and along box
//! sides; constant and dead neurons; rank-deficient layers; zero biases.

mod common;

use common::*;
use relupoly::exact::{HomPoint, Rational};
use relupoly::io::parse_network;
use relupoly::network::{BiasInit, WeightInit};
use relupoly::regions::{Region, Source};

fn regions_of_json(text: &str) -> (relupoly::network::Network, Vec<Region>) {
    let net = parse_network(text, "test network").expect("valid network");
    let regions = checked_box_regions(&net);
    (net, regions)
}

fn patterns(regions: &[Region]) -> Vec<Vec<String>> {
    regions.iter().map(Region::pattern_strings).collect()
}

fn origin(d: usize) -> HomPoint {
    HomPoint::from_rationals(&vec![q(0); d])
}

#[test]
fn three_concurrent_lines_give_six_sectors_meeting_at_the_origin() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1], [1, 1]], "biases": [0, 0, 0]}]}"#,
    );
    assert_eq!(regions.len(), 6);
    for r in &regions {
        assert!(r.polytope.vertices().iter().any(|v| v.point == origin(2)));
    }
    // Quadrants I and III whole; II and IV halved by x + y = 0.
    let mut volumes: Vec<Rational> = regions.iter().map(|r| r.volume.clone().unwrap()).collect();
    volumes.sort();
    let half = Rational::from_signeds(1, 2);
    assert_eq!(
        volumes,
        vec![half.clone(), half.clone(), half.clone(), half, q(1), q(1)]
    );
}

#[test]
fn a_duplicated_neuron_supports_the_same_facet_twice() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [1, 0], [0, 1]], "biases": [0, 0, 0]}]}"#,
    );
    assert_eq!(
        patterns(&regions),
        vec![vec!["000"], vec!["001"], vec!["110"], vec!["111"]]
    );
    for r in &regions {
        let on_axis: Vec<&Vec<Source>> = r
            .polytope
            .facets()
            .iter()
            .map(|f| &f.sources)
            .filter(|s| s.contains(&Source::Neuron { layer: 0, index: 0 }))
            .collect();
        assert_eq!(on_axis.len(), 1);
        assert_eq!(
            on_axis[0],
            &vec![
                Source::Neuron { layer: 0, index: 0 },
                Source::Neuron { layer: 0, index: 1 }
            ]
        );
    }
}

#[test]
fn opposite_neurons_split_once() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [-1, 0]], "biases": [0, 0]}]}"#,
    );
    assert_eq!(patterns(&regions), vec![vec!["01"], vec!["10"]]);
}

#[test]
fn parallel_lines_make_three_strips() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [2, 0]], "biases": [0, "-1"]}]}"#,
    );
    let volumes: Vec<Rational> = regions.iter().map(|r| r.volume.clone().unwrap()).collect();
    assert_eq!(volumes, vec![q(2), q(1), Rational::from(1u32)]);
    assert_eq!(patterns(&regions), vec![vec!["00"], vec!["10"], vec!["11"]]);
}

#[test]
fn a_diagonal_through_two_corners_makes_two_triangles() {
    let (_, regions) =
        regions_of_json(r#"{"input_dim": 2, "layers": [{"weights": [[1, -1]], "biases": [0]}]}"#);
    assert_eq!(regions.len(), 2);
    for r in &regions {
        assert_eq!(r.polytope.vertices().len(), 3);
        assert_eq!(r.volume, Some(q(2)));
    }
}

#[test]
fn a_neuron_along_a_box_side_only_labels_that_side() {
    let (_, regions) =
        regions_of_json(r#"{"input_dim": 2, "layers": [{"weights": [[1, 0]], "biases": [-1]}]}"#);
    assert_eq!(regions.len(), 1);
    assert_eq!(patterns(&regions), vec![vec!["0"]]);
    let sources: Vec<&Vec<Source>> = regions[0]
        .polytope
        .facets()
        .iter()
        .map(|f| &f.sources)
        .collect();
    assert!(sources.contains(&&vec![
        Source::Domain(1),
        Source::Neuron { layer: 0, index: 0 }
    ]));
}

#[test]
fn constant_neurons_do_not_split() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[0, 0], [0, 0], [0, 0]], "biases": [1, 0, -1]}]}"#,
    );
    assert_eq!(patterns(&regions), vec![vec!["100"]]);
    assert_eq!(regions[0].polytope.facets().len(), 4);
}

#[test]
fn a_deep_neuron_dead_on_half_the_square() {
    // relu(relu(x)): identically zero where x < 0.
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0]], "biases": [0]}, {"weights": [[1]], "biases": [0]}]}"#,
    );
    assert_eq!(patterns(&regions), vec![vec!["0", "0"], vec!["1", "1"]]);
}

#[test]
fn relu_x_minus_relu_y_vanishes_on_a_quadrant() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1]], "biases": [0, 0]}, {"weights": [[1, -1]], "biases": [0]}]}"#,
    );
    assert_eq!(
        patterns(&regions),
        vec![
            vec!["00", "0"],
            vec!["01", "0"],
            vec!["10", "1"],
            vec!["11", "0"],
            vec!["11", "1"]
        ]
    );
    let volumes: Vec<Rational> = regions.iter().map(|r| r.volume.clone().unwrap()).collect();
    let half = Rational::from_signeds(1, 2);
    assert_eq!(volumes, vec![q(1), q(1), q(1), half.clone(), half]);
}

#[test]
fn a_rank_deficient_layer_in_three_dimensions() {
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 3, "layers": [{"weights": [[1, 1, 0], [2, 2, 0]], "biases": [0, 1]}]}"#,
    );
    assert_eq!(patterns(&regions), vec![vec!["00"], vec!["01"], vec!["11"]]);
}

#[test]
fn a_one_dimensional_network() {
    // relu(2x + 1/2) - 3 relu(x): breakpoints at -1/4 (dead below), 0, and 1/2 (where
    // 1/2 - x changes sign).
    let (_, regions) = regions_of_json(
        r#"{"input_dim": 1, "layers": [{"weights": [[2], [1]], "biases": ["1/2", 0]}, {"weights": [[1, -3]], "biases": [0]}]}"#,
    );
    assert_eq!(
        patterns(&regions),
        vec![
            vec!["00", "0"],
            vec!["10", "1"],
            vec!["11", "0"],
            vec!["11", "1"]
        ]
    );
    let volumes: Vec<Rational> = regions.iter().map(|r| r.volume.clone().unwrap()).collect();
    let quarter = |n: i64| Rational::from_signeds(n, 4);
    assert_eq!(
        volumes,
        vec![quarter(3), quarter(1), quarter(2), quarter(2)]
    );
}

#[test]
fn zero_bias_regions_are_cones_through_the_origin() {
    for (d, seed) in [(2, 1), (3, 2), (3, 3)] {
        let net = network_with(d, &[5, 5], WeightInit::HeNormal, BiasInit::Zero, seed, None);
        let regions = checked_box_regions(&net);
        for r in &regions {
            assert!(r.polytope.vertices().iter().any(|v| v.point == origin(d)));
        }
    }
}
