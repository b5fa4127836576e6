//! The property-testing kit (`relupoly::testing`, feature `testing`): its answers satisfy the
//! invariants, and its families really are generic, degenerate or zero-bias.
//!
//! Run with `cargo test --release --features testing --test testing_kit`.
#![cfg(feature = "testing")]

mod common;

use common::{check_invariants, check_polytope_combinatorics, eval, q, unit_box_rows};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use relupoly::exact::{HomPoint, Rational};
use relupoly::network::Pattern;
use relupoly::polytope::simplex_volume;
use relupoly::regions::{Region, Source};
use relupoly::testing::*;
use std::collections::BTreeSet;

/// The view's own consistency: sorted distinct vertices; each facet's vertex list is exactly the
/// vertices where its inequality vanishes, the inequality is non-negative on every vertex and
/// positive at the interior point; every vertex lies on at least d facets; f-vector ends match;
/// for a bounded polyhedron, at least d vertices per facet and the simplices (indices into the
/// view's vertices) sum to the volume. (Euler-Poincare and the tiling by the simplices are
/// checked on the crate's own records by `check_polytope_combinatorics`.)
fn check_view<S>(view: &PolytopeData<S>) {
    let d = view.dim;
    assert!(view.vertices.windows(2).all(|w| w[0] < w[1]));
    let f_vector = view.f_vector.as_ref().expect("the lattice was built");
    let interior_point = view.interior_point.as_ref().expect("an interior point");
    assert_eq!(f_vector.len(), d);
    assert_eq!(f_vector[0], view.vertices.len());
    assert_eq!(f_vector[d - 1], view.facets.len());
    for facet in &view.facets {
        assert!(eval(&facet.inequality, interior_point) > 0u32);
        let on: Vec<usize> = (0..view.vertices.len())
            .filter(|&v| {
                let value = eval(&facet.inequality, &view.vertices[v]);
                assert!(value >= 0u32, "a vertex violates a facet");
                value == 0u32
            })
            .collect();
        assert_eq!(facet.vertices, on);
        assert_eq!(
            facet.inequality_f64(),
            facet.inequality.iter().map(to_f64).collect::<Vec<_>>()
        );
    }
    for v in 0..view.vertices.len() {
        assert!(view.vertex_facets(v).len() >= d);
    }
    let Some(volume) = &view.volume else {
        assert!(view.simplices.is_none());
        return;
    };
    assert!(view.facets.iter().all(|f| f.vertices.len() >= d));
    let points: Vec<HomPoint> = view
        .vertices
        .iter()
        .map(|v| HomPoint::from_rationals(v))
        .collect();
    let total: Rational = view
        .simplices
        .as_ref()
        .expect("a bounded polyhedron is triangulated")
        .iter()
        .map(|s| {
            assert_eq!(s.len(), d + 1);
            simplex_volume(&s.iter().map(|&v| &points[v]).collect::<Vec<_>>())
        })
        .sum();
    assert_eq!(&total, volume);
    assert!(*volume > 0u32);
    assert_eq!(view.volume_f64(), Some(to_f64(volume)));
}

/// The answer of a case on [-1, 1]^d: the enumerator's records pass the shared invariant check,
/// every view is consistent, the volumes add up in f64 too, the complex and summary agree with
/// the regions, and the adjacent pairs are exactly the interior facets, each seen twice.
fn check_box_case(case: &NetworkCase) {
    let d = case.dim();
    let answer = &case.answer;
    let records: Vec<Region> = answer.regions.iter().map(|r| r.region.clone()).collect();
    let volume = Rational::from(1u32 << d);
    check_invariants(&case.network, &records, &unit_box_rows(d), &volume);
    assert_eq!(answer.domain_volume(), Some(&volume));
    let approx: f64 = answer.regions.iter().filter_map(|r| r.volume_f64()).sum();
    assert!((approx - f64::from(1u32 << d)).abs() < 1e-9);
    assert!(answer
        .regions
        .windows(2)
        .all(|w| w[0].data.pattern < w[1].data.pattern));
    for region in &answer.regions {
        check_view(&region.data.geometry);
        assert_eq!(region.data.pattern, region.region.pattern);
    }
    assert_eq!(answer.complex.euler_characteristic, 1);
    assert_eq!(answer.complex.f_vector[0], answer.vertices.len());
    assert_eq!(answer.complex.f_vector[d], answer.regions.len());
    assert_eq!(answer.summary.regions, answer.regions.len());
    let interior_facets = answer
        .regions
        .iter()
        .flat_map(|r| &r.facets)
        .filter(|f| !f.sources.iter().any(|s| matches!(s, Source::Domain(_))))
        .count();
    assert_eq!(interior_facets, 2 * answer.adjacent_pairs().len());
    for (a, b) in answer.adjacent_pairs() {
        let facet_sets = |r: usize| -> BTreeSet<Vec<Vec<Rational>>> {
            let region = &answer.regions[r];
            region
                .facets
                .iter()
                .map(|f| {
                    f.vertices
                        .iter()
                        .map(|&v| region.vertices[v].clone())
                        .collect()
                })
                .collect()
        };
        assert!(!facet_sets(a).is_disjoint(&facet_sets(b)));
    }
    assert_eq!(case.layers_f64().len(), case.network.blocks().len());
}

/// The answer on R^d: consistent views, Euler characteristic `(-1)^d`, and every pattern of the
/// box is a pattern of R^d.
fn check_whole_space(case: &NetworkCase) -> relupoly::testing::Answer {
    let whole = case.whole_space();
    let d = case.dim();
    assert_eq!(whole.domain_volume(), None);
    assert_eq!(
        whole.complex.euler_characteristic,
        if d.is_multiple_of(2) { 1 } else { -1 }
    );
    for region in &whole.regions {
        check_view(&region.data.geometry);
        assert_eq!(region.is_bounded(), region.data.rays.is_none());
    }
    let patterns: BTreeSet<&Pattern> = whole.regions.iter().map(|r| &r.data.pattern).collect();
    assert!(case
        .answer
        .regions
        .iter()
        .all(|r| patterns.contains(&r.data.pattern)));
    whole
}

/// The first `count` cases `strategy` draws from a fixed seed.
fn draw<T: std::fmt::Debug>(strategy: impl Strategy<Value = T>, count: usize) -> Vec<T> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

fn small() -> NetworkSizes {
    NetworkSizes {
        dims: 2..=3,
        widths: 1..=3,
        depth: 1..=2,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn generic_cases_are_correct_and_generic(case in generic_network(NetworkSizes::default())) {
        check_box_case(&case);
        prop_assert!(case.answer.is_generic(), "{:?}", case);
    }

    #[test]
    fn degenerate_cases_are_correct(case in degenerate_network(NetworkSizes::default())) {
        check_box_case(&case);
    }

    #[test]
    fn zero_bias_cases_are_cones_from_the_origin(case in zero_bias_network(NetworkSizes::default())) {
        check_box_case(&case);
        for region in &case.answer.regions {
            for facet in &region.facets {
                // The origin is in every region, and on every neuron's facet.
                prop_assert!(facet.inequality[0] >= 0u32);
                if facet.sources.iter().any(|s| matches!(s, Source::Neuron { .. })) {
                    prop_assert_eq!(&facet.inequality[0], &q(0));
                }
            }
        }
    }

    #[test]
    fn whole_space_answers_are_correct(case in generic_network(small())) {
        check_box_case(&case);
        check_whole_space(&case);
    }

    #[test]
    fn degenerate_whole_space_answers_are_correct(case in degenerate_network(small())) {
        check_whole_space(&case);
    }

    #[test]
    fn zero_bias_regions_of_the_whole_space_are_unbounded(case in zero_bias_network(small())) {
        let whole = check_whole_space(&case);
        prop_assert!(whole.regions.iter().all(|r| !r.is_bounded()));
    }

    #[test]
    fn polytope_answers_are_correct(case in polytope_case(PolytopeSizes::default())) {
        let answer = &case.answer;
        check_view(answer);
        check_polytope_combinatorics(
            &case.polytope,
            answer.f_vector.as_ref().unwrap(),
            answer.simplices.as_ref().unwrap(),
            answer.volume.as_ref().unwrap(),
        );
        match &case.input {
            PolytopeInput::Inequalities(rows) => {
                for vertex in &answer.vertices {
                    prop_assert!(rows.iter().all(|row| eval(row, vertex) >= 0u32));
                }
                // A facet's sources are exactly the rows whose hyperplane contains it.
                for facet in &answer.facets {
                    let containing: Vec<usize> = (0..rows.len())
                        .filter(|&r| {
                            rows[r][1..].iter().any(|a| *a != 0u32)
                                && facet.vertices.iter().all(|&v| eval(&rows[r], &answer.vertices[v]) == 0u32)
                        })
                        .collect();
                    let mut sources = facet.sources.clone();
                    sources.sort_unstable();
                    prop_assert_eq!(sources, containing);
                }
            }
            PolytopeInput::Points(points) => {
                for vertex in &answer.vertices {
                    prop_assert!(points.contains(vertex));
                }
                for facet in &answer.facets {
                    prop_assert!(points.iter().all(|p| eval(&facet.inequality, p) >= 0u32));
                }
            }
        }
        prop_assert_eq!(case.input.rows_f64().len(), case.input.rows().len());
    }

    #[test]
    fn generic_polytopes_are_simple_or_simplicial(case in polytope_case_of(
        vec![PolytopeFamily::Generic],
        vec![Representation::Inequalities, Representation::Points],
        PolytopeSizes::default(),
    )) {
        let d = case.dim();
        match case.input {
            PolytopeInput::Inequalities(_) => prop_assert!(case.answer.is_generic(), "{:?}", case),
            PolytopeInput::Points(_) => {
                prop_assert!(case.answer.facets.iter().all(|f| f.vertices.len() == d), "{:?}", case)
            }
        }
    }
}

#[test]
fn degenerate_network_cases_really_are_degenerate() {
    let cases = draw(degenerate_network(NetworkSizes::default()), 40);
    let degenerate = cases.iter().filter(|c| !c.answer.is_generic()).count();
    assert!(degenerate >= 10, "only {degenerate} of 40 cases degenerate");
    // Duplicated or coinciding hyperplanes: a facet with several sources.
    assert!(cases.iter().any(|c| c
        .answer
        .regions
        .iter()
        .any(|r| r.facets.iter().any(|f| f.sources.len() > 1))));
    // Concurrent hyperplanes: a vertex on more than d facets of one region.
    assert!(cases.iter().any(|c| c
        .answer
        .regions
        .iter()
        .any(|r| { (0..r.vertices.len()).any(|v| r.vertex_facets(v).len() > c.dim()) })));
}

#[test]
fn degenerate_polytope_cases_really_are_degenerate() {
    for representation in [Representation::Inequalities, Representation::Points] {
        let cases = draw(
            polytope_case_of(
                vec![PolytopeFamily::Degenerate],
                vec![representation],
                PolytopeSizes::default(),
            ),
            40,
        );
        let degenerate = cases.iter().filter(|c| !c.answer.is_generic()).count();
        assert!(
            degenerate >= 10,
            "{representation:?}: only {degenerate} of 40 cases degenerate"
        );
    }
    let repeated = draw(
        polytope_case_of(
            vec![PolytopeFamily::Degenerate],
            vec![Representation::Inequalities],
            PolytopeSizes::default(),
        ),
        40,
    );
    assert!(repeated
        .iter()
        .any(|c| c.answer.facets.iter().any(|f| f.sources.len() > 1)));
}

#[test]
fn near_degenerate_polytopes_have_close_but_distinct_vertices() {
    let cases = draw(
        polytope_case_of(
            vec![PolytopeFamily::NearDegenerate],
            vec![Representation::Inequalities, Representation::Points],
            PolytopeSizes::default(),
        ),
        40,
    );
    let closest = |c: &PolytopeCase| -> f64 {
        let v = c.answer.vertices_f64();
        let mut best = f64::INFINITY;
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                let distance = v[i]
                    .iter()
                    .zip(&v[j])
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max);
                best = best.min(distance);
            }
        }
        best
    };
    assert!(cases.iter().any(|c| closest(c) < 1e-4));
}
