//! The summary's exact volume sum from the regions' boundary facets alone
//! (`Limits::volume_sum_only`, `proofs/volume-total.md`) is the sum of the regions' own exact
//! volumes: the summaries of the two runs are the same bytes, on boxes containing the origin or
//! not, a simplex and R^d, for generic, degenerate and zero-bias networks (over R^d, where the
//! cones start at the origin, every hyperplane of the first layer through it gives flat cones).
#![cfg(feature = "testing")]

mod common;

use proptest::prelude::*;
use relupoly::exact::{FactoredFraction, Rational};
use relupoly::io::summary_json;
use relupoly::network::{Network, WeightInit};
use relupoly::regions::{DomainSpec, Limits, Region, Run};
use relupoly::testing::{degenerate_network, generic_network, zero_bias_network, NetworkSizes};

fn domain(kind: usize, d: usize) -> DomainSpec {
    let number = |n: i64, m: i64| Rational::from_signeds(n, m);
    match kind {
        0 => DomainSpec::unit_box(),
        // A box the origin lies outside of: the cones start at its lower corner, whose
        // coordinates have denominator 3.
        1 => DomainSpec::Box {
            lo: number(1, 3),
            hi: number(5, 2),
        },
        // The simplex {x_i >= -1, sum x_i <= 1/2}.
        2 => common::simplex_domain(d, number(1, 2)),
        3 => DomainSpec::WholeSpace,
        // A box with the origin beyond its upper sides, the ones the cones from its lower corner
        // are taken over: signs read at the origin instead of the corner would be wrong.
        _ => DomainSpec::Box {
            lo: number(-5, 2),
            hi: number(-1, 3),
        },
    }
}

fn run_regions(network: &Network, spec: &DomainSpec, sum_only: bool) -> (Vec<Region>, String) {
    let run = Run::on(network, spec)
        .expect("a valid domain")
        .with_limits(Limits {
            volume_sum_only: sum_only,
            ..Limits::default()
        });
    let (regions, outcome) = run.collect(&mut |_| {}).expect("the run finishes");
    (regions, summary_json(&outcome.summary, false))
}

fn check(network: &Network, kind: usize) {
    let spec = domain(kind, network.input_dim());
    let (regions, summary) = run_regions(network, &spec, false);
    let (shared, summary_from_shares) = run_regions(network, &spec, true);
    assert_eq!(summary_from_shares, summary, "domain {kind}");
    assert_eq!(shared.len(), regions.len());
    for (with_share, region) in shared.iter().zip(&regions) {
        assert_eq!(with_share.pattern, region.pattern);
        assert!(
            with_share.volume.is_none(),
            "no region's own volume is computed"
        );
        let share = with_share
            .volume_share
            .as_ref()
            .expect("every region has a share");
        if kind == 3 && region.is_bounded() {
            assert!(
                share.is_zero(),
                "over R^d only unbounded regions carry terms"
            );
        }
    }
    if kind != 3 {
        let shares: Rational = shared
            .iter()
            .filter_map(|r| r.volume_share.as_ref().map(FactoredFraction::value))
            .sum();
        let run = Run::on(network, &spec).expect("a valid domain");
        let expected = run
            .domain()
            .volume()
            .expect("a polytope domain has a volume");
        assert_eq!(
            &shares, expected,
            "the shares add up to the domain's volume"
        );
    }
}

fn sizes() -> NetworkSizes {
    NetworkSizes {
        dims: 1..=4,
        widths: 1..=4,
        depth: 1..=3,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn generic_networks_sum_their_volumes_from_boundary_facets(
        case in generic_network(sizes()),
        kind in 0usize..5,
    ) {
        check(&case.network, kind);
    }

    #[test]
    fn degenerate_networks_sum_their_volumes_from_boundary_facets(
        case in degenerate_network(sizes()),
        kind in 0usize..5,
    ) {
        check(&case.network, kind);
    }

    #[test]
    fn zero_bias_networks_sum_their_volumes_from_boundary_facets(
        case in zero_bias_network(sizes()),
        kind in 0usize..5,
    ) {
        check(&case.network, kind);
    }
}

/// Full-precision he-normal networks like the benchmarks' (smaller): over R^d and the box the
/// sum from the shares is the sum of the volumes, exact sums with long denominators.
#[test]
fn benchmark_networks_sum_their_volumes_from_boundary_facets() {
    for (d, widths) in [(2, vec![8, 8]), (3, vec![6, 6, 6]), (4, vec![5, 5])] {
        let network = common::network(d, &widths, WeightInit::HeNormal, 1);
        check(&network, 3);
        check(&network, 0);
    }
}
