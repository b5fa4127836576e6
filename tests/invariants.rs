//! Property tests: invariants every exact enumeration satisfies, on random generic networks and
//! on random small-integer (degenerate) networks, d = 2..4, depth 1..3.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::Rational;
use relupoly::io::domain_from_text;
use relupoly::network::WeightInit;
use relupoly::regions::{Complex, Summary};

/// The cross-polytope |x_1| + ... + |x_d| <= 1 as rows (b, a): 1 + s.x >= 0 for every sign
/// vector s; its volume is 2^d / d!.
fn cross_polytope(d: usize) -> (Vec<Vec<Rational>>, Rational) {
    let rows: Vec<Vec<Rational>> = (0..1usize << d)
        .map(|signs| {
            std::iter::once(q(1))
                .chain((0..d).map(|i| q(if signs >> i & 1 == 1 { 1 } else { -1 })))
                .collect()
        })
        .collect();
    let factorial: u32 = (1..=d as u32).product();
    (rows, Rational::from(1u32 << d) / Rational::from(factorial))
}

fn widths(d: usize) -> impl Strategy<Value = Vec<usize>> {
    let max: usize = if d >= 4 { 4 } else { 6 };
    proptest::collection::vec(1..=max, 1..=3)
}

fn box_volume(d: usize) -> Rational {
    Rational::from(1u32 << d)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

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
    fn networks_partition_a_cross_polytope(d in 2usize..=4, seed in 0u64..1_000_000, k in 0u32..=2, w in widths(3)) {
        let w: Vec<usize> = if d == 4 { w.iter().map(|&x| x.min(4)).collect() } else { w };
        let init = if k == 0 { WeightInit::HeUniform } else { WeightInit::Integers(k) };
        let net = network(d, &w, init, seed);
        let (rows, volume) = cross_polytope(d);
        let text = format!("{{\"inequalities\": {}}}", serde_json::to_string(
            &rows.iter().map(|r| r.iter().map(|v| v.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>()
        ).unwrap());
        let domain = domain_from_text(&text, "cross-polytope", d).unwrap();
        let regions = regions_of(&net, &domain);
        check_invariants(&net, &regions, &rows, &volume);
    }

    #[test]
    fn generic_planar_networks_average_four_facets_and_two_triangles(seed in 0u64..1_000_000, w in widths(2)) {
        let net = network(2, &w, WeightInit::XavierUniform, seed);
        let regions = regions_of(&net, &unit_box(2));
        let summary = Summary::of(&regions, &Complex::of(&regions));
        prop_assert_eq!(summary.facets.mean, Rational::from(4u32));
        prop_assert_eq!(summary.simplices.mean, Rational::from(2u32));
    }

    #[test]
    fn generic_regions_in_three_dimensions_are_simple(seed in 0u64..1_000_000, w in widths(3)) {
        let net = network(3, &w, WeightInit::HeNormal, seed);
        for r in regions_of(&net, &unit_box(3)) {
            let f_vector = r.f_vector.unwrap();
            let (v, e, f) = (f_vector[0], f_vector[1], f_vector[2]);
            prop_assert_eq!(v, 2 * f - 4);
            prop_assert_eq!(e, 3 * f - 6);
            for vertex in r.polytope.vertices() {
                prop_assert_eq!(vertex.facets.len(), 3);
            }
        }
    }
}
