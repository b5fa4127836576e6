//! The float filter never decides a sign or an order the exact computation contradicts
//! (proofs/filtered-predicates.md): adversarial forms and points (on the hyperplane, at distance
//! 2^-k, coefficients of 1 to 1100 bits, large dynamic ranges), and whole enumerations of
//! degenerate, near-degenerate and full-precision networks checked against lrs.

mod common;

use common::*;
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use proptest::prelude::*;
use relupoly::exact::{
    filter_statistics, AffineForm, FilteredForm, FormApproximation, HomPoint, Integer, Rational,
};
use relupoly::groundtruth::verify_with_lrs;
use relupoly::network::{Layer, Network, WeightInit};

/// An integer of about `bits` bits with the given sign and low-order noise `seed`.
fn big(bits: u32, seed: i64) -> Integer {
    (Integer::from(1) << bits) + Integer::from(seed)
}

/// A form whose value at the point `X / D` is exactly `offset`: `c_i = D a_i` and
/// `c_0 = offset - sum a_i X_i`.
fn form_through(point: &[Integer], a: &[Integer], offset: i64) -> AffineForm {
    let d = &point[0];
    let dot: Integer = a.iter().zip(&point[1..]).map(|(ai, xi)| ai * xi).sum();
    let mut coeffs = vec![-dot + Integer::from(offset)];
    coeffs.extend(a.iter().map(|ai| ai * d));
    AffineForm::new(coeffs)
}

fn integer(bits: u32) -> impl Strategy<Value = Integer> {
    (0..=bits, any::<bool>(), any::<i32>()).prop_map(|(b, negative, noise)| {
        let value = big(b, i64::from(noise));
        if negative {
            -value
        } else {
            value
        }
    })
}

/// The filter gives up (falls back to integers) exactly when it cannot prove the sign: on a
/// point of the hyperplane its f64 value is within the bound.
#[test]
fn the_filter_falls_back_on_the_hyperplane_and_decides_off_it() {
    let form = AffineForm::new(vec![Integer::from(-1), Integer::from(3)]);
    let on = HomPoint::from_homogeneous(vec![Integer::from(3), Integer::from(1)]);
    let off = HomPoint::from_homogeneous(vec![Integer::from(1), Integer::from(1)]);
    let filtered = FilteredForm::new(&form);
    let before = filter_statistics();
    assert_eq!(filtered.side(&on), std::cmp::Ordering::Equal);
    assert_eq!(filtered.side(&off), std::cmp::Ordering::Greater);
    assert_eq!(filtered.counts(), (1, 1), "one decided, one fallback");
    drop(filtered);
    let after = filter_statistics();
    assert!(after.0 > before.0 && after.1 > before.1);
}

/// Points whose entries have more bits than an f64's range (regions in high dimensions, the
/// cube standing in for R^d) are approximated, each coordinate within `3u` of `X_i / D` (the
/// proof's bound), and the filter decides signs at them; coordinates beyond `2^1000` or below
/// `1e-290` are not approximated.
#[test]
fn points_with_long_entries_are_approximated() {
    let unit = Rational::from_unsigneds(1u64, 1u64 << 53);
    for bits in [60u32, 999, 1000, 1001, 1500, 4000] {
        let denominator = (Integer::from(3) << bits) + Integer::from(1);
        let coords = vec![
            denominator,
            Integer::from(1) << bits,
            -(Integer::from(5) << (bits + 2)) + Integer::from(7),
            Integer::from(0),
        ];
        let point = HomPoint::from_homogeneous(coords);
        let approximation = point.approximation().expect("coordinates in range");
        for (i, a) in approximation.iter().enumerate() {
            let exact = point.coordinate(i);
            let error = Rational::try_from(*a).expect("finite") - &exact;
            let bound = Rational::from(3) * &unit * if exact < 0u32 { -&exact } else { exact };
            assert!(
                error <= bound && -error <= bound,
                "{bits} bits, coordinate {i}"
            );
            if bits < 1000 {
                // Where the f64 conversions do not overflow, the same number as theirs.
                let h = point.homogeneous();
                let converted = |n: &Integer| f64::rounding_from(n, RoundingMode::Nearest).0;
                assert_eq!(
                    a.to_bits(),
                    (converted(&h[i + 1]) / converted(&h[0])).to_bits()
                );
            }
        }
        // 1 + x + y is about 1 + 1/3 - 20/3 there: far from 0, for the filter to decide.
        let form = AffineForm::new(vec![
            Integer::from(1),
            Integer::from(1),
            Integer::from(1),
            Integer::from(0),
        ]);
        let filtered = FilteredForm::new(&form);
        assert_eq!(filtered.side(&point), form.side(&point));
        assert_eq!(
            filtered.counts(),
            (1, 0),
            "decided by the filter at {bits} bits"
        );
    }
    let huge = HomPoint::from_homogeneous(vec![Integer::from(1), Integer::from(1) << 1100]);
    assert!(huge.approximation().is_none());
    let below_range = HomPoint::from_homogeneous(vec![Integer::from(1) << 980, Integer::from(1)]);
    assert!(
        below_range.approximation().is_none(),
        "2^-980 is below 1e-290"
    );
    let tiny = HomPoint::from_homogeneous(vec![
        (Integer::from(1) << 1100) + Integer::from(1),
        Integer::from(1),
    ]);
    assert!(tiny.approximation().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_filter_agrees_with_the_exact_sign(
        d in 1usize..=6,
        denominator_bits in 0u32..=1100,
        coordinates in proptest::collection::vec(integer(1100), 6),
        normal in proptest::collection::vec(integer(1100), 6),
        offset in -2i64..=2,
    ) {
        let mut coords = vec![big(denominator_bits, 1)];
        coords.extend(coordinates[..d].iter().cloned());
        let point = HomPoint::from_homogeneous(coords);
        let form = form_through(point.homogeneous(), &normal[..d], offset);
        let exact = form.side(&point);
        prop_assert_eq!(exact, offset.cmp(&0), "the value at the point is the offset");
        prop_assert_eq!(FilteredForm::new(&form).side(&point), exact);
        prop_assert_eq!(FormApproximation::new(&form).vanishes(&form, &point), offset == 0);
    }

    #[test]
    fn points_near_a_hyperplane_get_their_exact_side(
        d in 2usize..=5,
        k in 0u32..=1100,
        coordinates in proptest::collection::vec(integer(60), 5),
        normal in proptest::collection::vec(integer(60), 5),
        side in prop_oneof![Just(-1i64), Just(0), Just(1)],
    ) {
        // y on the hyperplane a.(x - y) = 0, then x = y + side 2^-k e_1.
        let y: Vec<Rational> = coordinates[..d].iter().map(|c| Rational::from(c.clone())).collect();
        let a: Vec<Rational> = normal[..d].iter().map(|c| Rational::from(c.clone())).collect();
        let c0 = -a.iter().zip(&y).map(|(ai, yi)| ai * yi).sum::<Rational>();
        let form = AffineForm::from_rationals(&std::iter::once(c0).chain(a.iter().cloned()).collect::<Vec<_>>());
        let mut x = y.clone();
        x[0] += Rational::from(side) / Rational::from(Integer::from(1) << k);
        let point = HomPoint::from_rationals(&x);
        prop_assert_eq!(FilteredForm::new(&form).side(&point), form.side(&point));
        prop_assert_eq!(FormApproximation::new(&form).vanishes(&form, &point), side == 0);
    }

    #[test]
    fn the_filtered_order_of_points_is_the_exact_one(
        d in 1usize..=4,
        k in 0u32..=1100,
        coordinates in proptest::collection::vec(integer(200), 4),
        which in 0usize..4,
        step in -1i64..=1,
    ) {
        let a: Vec<Rational> = coordinates[..d].iter().map(|c| Rational::from(c.clone()) / Rational::from(3u32)).collect();
        let mut b = a.clone();
        b[which % d] += Rational::from(step) / Rational::from(Integer::from(1) << k);
        let (pa, pb) = (HomPoint::from_rationals(&a), HomPoint::from_rationals(&b));
        prop_assert_eq!(pa.cmp_lex(&pb), a.cmp(&b));
    }

    /// A walk of points from `a`, each a step of `+-2^-k` from the last in one coordinate (so
    /// many share coordinates or differ beyond the filter's reach), coordinates of up to 200 or
    /// 1100 bits (beyond f64's range: no approximation): sorted on keys, they come in the exact
    /// lexicographic order.
    #[test]
    fn points_sorted_on_keys_come_in_the_exact_order(
        d in 1usize..=4,
        k in 0u32..=1100,
        bits in prop_oneof![Just(200u32), Just(1100)],
        coordinates in proptest::collection::vec(integer(1100), 4),
        steps in proptest::collection::vec((0usize..4, -1i64..=1), 1..12),
    ) {
        let cap = Integer::from(1) << bits;
        let mut point: Vec<Rational> = coordinates[..d]
            .iter()
            .map(|c| Rational::from(c % &cap) / Rational::from(3u32))
            .collect();
        let mut walk = vec![point.clone()];
        for &(which, step) in &steps {
            point[which % d] += Rational::from(step) / Rational::from(Integer::from(1) << k);
            if !walk.contains(&point) {
                walk.push(point.clone());
            }
        }
        let points: Vec<HomPoint> = walk.iter().map(|p| HomPoint::from_rationals(p)).collect();
        let refs: Vec<&HomPoint> = points.iter().collect();
        let sorted: Vec<&Vec<Rational>> = HomPoint::lex_order(&refs, |_, _| None)
            .into_iter()
            .map(|p| &walk[p])
            .collect();
        let mut expected: Vec<&Vec<Rational>> = walk.iter().collect();
        expected.sort();
        prop_assert_eq!(sorted, expected);
    }
}

/// Two neurons whose hyperplanes are `2^-60` apart, crossing a third, and a second layer biased by
/// `2^-61`: the regions are still exactly lrs's (vertices, facets, volumes, completeness).
#[test]
fn near_degenerate_networks_are_exact() {
    let tiny = Rational::from_signeds(1, 1i64 << 60);
    let layer = Layer {
        weights: vec![
            vec![Rational::from(1), Rational::from(1)],
            vec![Rational::from(1), Rational::from(1)],
            vec![Rational::from(1), Rational::from(-1)],
            vec![Rational::from(1), Rational::from(2)],
        ],
        biases: vec![Rational::from(0), tiny.clone(), tiny, Rational::from(0)],
    };
    let second = Layer {
        weights: vec![
            vec![
                Rational::from(1),
                Rational::from(-1),
                Rational::from(1),
                Rational::from(0),
            ],
            vec![
                Rational::from(0),
                Rational::from(1),
                Rational::from(-1),
                Rational::from(1),
            ],
        ],
        biases: vec![Rational::from_signeds(1, 1i64 << 61), Rational::from(0)],
    };
    let net = Network::new(2, vec![layer, second], None).unwrap();
    let (_, fallbacks_before) = filter_statistics();
    let regions = regions_of(&net, &unit_box(2));
    let done = verify_with_lrs(&net, &unit_box(2), &regions).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.regions, regions.len());
    assert!(
        filter_statistics().1 > fallbacks_before,
        "the filter had to fall back"
    );
}

#[test]
fn degenerate_and_full_precision_networks_are_exact() {
    for net in [
        network(3, &[5, 5], WeightInit::Integers(1), 3),
        network(2, &[6, 6, 6], WeightInit::Integers(2), 4),
        network(3, &[6, 5], WeightInit::HeNormal, 5),
        network(4, &[4, 4], WeightInit::XavierUniform, 6),
    ] {
        let d = net.input_dim();
        let regions = regions_of(&net, &unit_box(d));
        verify_with_lrs(&net, &unit_box(d), &regions).unwrap_or_else(|e| panic!("{e}"));
    }
}
