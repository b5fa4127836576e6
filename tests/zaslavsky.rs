//! One hidden layer: the number of activation regions in the open box equals Zaslavsky's count,
//! the sum of |mu(X)| over the flats X of the arrangement that meet the open box, computed by
//! `relupoly::theory::zaslavsky_count` from the intersection poset (flats, Moebius function,
//! Fourier-Motzkin with strict inequalities), independently of the enumerator.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::network::WeightInit;
use relupoly::theory::zaslavsky_count;

fn check_one_layer(d: usize, width: usize, init: WeightInit, seed: u64) {
    let net = network(d, &[width], init, seed);
    let rows = net.blocks()[0].layer.hyperplanes();
    let regions = regions_of(&net, &unit_box(d));
    assert_eq!(
        regions.len(),
        zaslavsky_count(&rows, &unit_box_rows(d)),
        "d={d} width={width} seed={seed}"
    );
}

#[test]
fn concurrent_and_repeated_lines_match() {
    // x = 0, y = 0, x + y = 0 through the centre of the square (mu(origin) = 2), a repeat of
    // x = 0 and a diagonal through two corners: 8 regions.
    let net = relupoly::io::parse_network(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1], [1, 1], [-2, 0], [1, -1]], "biases": [0, 0, 0, 0, 0]}]}"#,
        "lines",
    )
    .unwrap();
    let rows = net.blocks()[0].layer.hyperplanes();
    let count = zaslavsky_count(&rows, &unit_box_rows(2));
    assert_eq!(count, 8);
    assert_eq!(regions_of(&net, &unit_box(2)).len(), count);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn generic_one_layer_counts_match(d in 2usize..=4, width in 1usize..=7, seed in 0u64..1_000_000) {
        check_one_layer(d, width, WeightInit::HeUniform, seed);
    }

    #[test]
    fn integer_one_layer_counts_match(d in 2usize..=3, width in 1usize..=6, k in 1u32..=2, seed in 0u64..1_000_000) {
        check_one_layer(d, width, WeightInit::Integers(k), seed);
    }
}
