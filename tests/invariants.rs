//! Property tests: invariants every exact enumeration satisfies, on random generic networks and
//! on random small-integer (degenerate) networks, d = 2..4, depth 1..3.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::Rational;
use relupoly::network::WeightInit;
use relupoly::regions::Summary;

fn widths(d: usize) -> impl Strategy<Value = Vec<usize>> {
    let max: usize = if d >= 4 { 4 } else { 6 };
    proptest::collection::vec(1..=max, 1..=3)
}

fn box_volume(d: usize) -> Rational {
    Rational::from(1u32 << d)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generic_networks_partition_the_box(d in 2usize..=4, seed in 0u64..1_000_000, w in widths(3)) {
        let w: Vec<usize> = if d == 4 { w.iter().map(|&x| x.min(4)).collect() } else { w };
        let net = network(d, &w, WeightInit::HeNormal, seed);
        let regions = regions_of(&net, &unit_box(d));
        check_invariants(&net, &regions, &unit_box_rows(d), &box_volume(d));
    }

    #[test]
    fn integer_networks_partition_the_box(d in 2usize..=4, seed in 0u64..1_000_000, k in 1u32..=2, w in widths(3)) {
        let w: Vec<usize> = if d == 4 { w.iter().map(|&x| x.min(4)).collect() } else { w };
        let net = network(d, &w, WeightInit::Integers(k), seed);
        let regions = regions_of(&net, &unit_box(d));
        check_invariants(&net, &regions, &unit_box_rows(d), &box_volume(d));
    }

    #[test]
    fn generic_planar_networks_average_four_facets(seed in 0u64..1_000_000, w in widths(2)) {
        let net = network(2, &w, WeightInit::XavierUniform, seed);
        let regions = regions_of(&net, &unit_box(2));
        let summary = Summary::of(&regions);
        prop_assert_eq!(summary.facets.mean, Rational::from(4u32));
    }
}
