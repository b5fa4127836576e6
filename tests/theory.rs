//! The theory catalogue: every entry holds where its hypotheses hold, answers "not applicable"
//! (never "violated") where they fail, and notices a violation when one is planted.

mod common;

use common::*;
use relupoly::io::{domain_from_text, parse_network};
use relupoly::network::{BiasInit, Network, WeightInit};
use relupoly::regions::{enumerate, Complex, Domain, Limits, Region};
use relupoly::theory::{catalogue, evaluate_all, generic, Case, Kind, Outcome, Verdict};
use std::collections::HashMap;

fn outcomes_on(net: &Network, domain: &Domain) -> HashMap<&'static str, Outcome> {
    let regions: Vec<Region> = enumerate(net, domain, Limits::default(), &mut |_| {}).unwrap();
    let complex = Complex::of(&regions);
    let case = Case::new(net, domain, &regions, &complex);
    evaluate_all(&case).into_iter().map(|o| (o.id, o)).collect()
}

fn verdicts_on(net: &Network, domain: &Domain) -> HashMap<&'static str, Verdict> {
    outcomes_on(net, domain)
        .into_iter()
        .map(|(id, o)| (id, o.verdict))
        .collect()
}

fn holds(verdicts: &HashMap<&str, Verdict>, id: &str) {
    assert!(
        matches!(verdicts[id], Verdict::Holds { .. }),
        "{id}: {:?}",
        verdicts[id]
    );
}

fn not_applicable(verdicts: &HashMap<&str, Verdict>, id: &str, because: &str) {
    match &verdicts[id] {
        Verdict::NotApplicable { reason } => assert!(reason.contains(because), "{id}: {reason}"),
        other => panic!("{id}: expected not applicable, got {other:?}"),
    }
}

/// No entry is violated (on these small cases even the published claims hold).
fn never_violated(verdicts: &HashMap<&str, Verdict>) {
    for (id, v) in verdicts {
        assert!(!matches!(v, Verdict::Violated { .. }), "{id}: {v:?}");
    }
}

#[test]
fn the_catalogue_is_well_formed() {
    let entries = catalogue();
    let mut ids: Vec<&str> = entries.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    for e in &entries {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(e.proof);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing", e.proof));
        assert!(text.contains(e.id), "{} names its entry", e.proof);
    }
}

#[test]
fn one_layer_generic_networks_satisfy_every_applicable_entry() {
    for (d, n, seed) in [(2, 5, 1), (3, 6, 2), (4, 5, 3)] {
        let net = network(d, &[n], WeightInit::HeNormal, seed);
        let v = verdicts_on(&net, &Domain::whole_space(&net).unwrap());
        for id in [
            "one-layer-arrangement",
            "one-layer-mean-facets",
            "mean-facets-2d",
            "min-facets",
            "euler-poincare",
            "max-regions",
        ] {
            holds(&v, id);
        }
        never_violated(&v);
    }
}

#[test]
fn deep_generic_networks_over_the_whole_space() {
    let net = network(3, &[6, 6], WeightInit::XavierNormal, 7);
    let v = verdicts_on(&net, &Domain::whole_space(&net).unwrap());
    for id in [
        "mean-facets-2d",
        "min-facets",
        "euler-poincare",
        "max-regions",
        "simple-three-polytopes",
    ] {
        holds(&v, id);
    }
    not_applicable(&v, "one-layer-arrangement", "hidden layers");
    never_violated(&v);
    let outcomes = outcomes_on(&net, &Domain::whole_space(&net).unwrap());
    assert_eq!(outcomes["mean-facets-2d"].kind, Kind::PublishedClaim);
    assert_eq!(outcomes["last-layer-monotone"].kind, Kind::PublishedClaim);
    assert!(!matches!(
        outcomes["last-layer-monotone"].verdict,
        Verdict::NotApplicable { .. }
    ));
}

#[test]
fn inside_a_box_the_2d_bound_is_not_applied() {
    // Mean facets 2481/412 > 6 = 2d inside [-1, 1]^3 (theory.md item 2).
    let net = network(3, &[8, 8], WeightInit::HeNormal, 1);
    let v = verdicts_on(&net, &unit_box(3));
    not_applicable(&v, "mean-facets-2d", "not R^d");
    holds(&v, "simple-three-polytopes");
    holds(&v, "euler-poincare");
    never_violated(&v);
}

#[test]
fn planar_identities_on_boxes_and_polygons() {
    let net = network(2, &[6, 6, 6], WeightInit::HeUniform, 3);
    let v = verdicts_on(&net, &unit_box(2));
    holds(&v, "planar-edges");
    let hexagon = domain_from_text(
        r#"{"inequalities": [[2, 1, 0], [2, -1, 0], [2, 0, 1], [2, 0, -1], [3, 1, 1], [3, -1, -1]]}"#,
        "hexagon",
        2,
    )
    .unwrap();
    let v = verdicts_on(&net, &hexagon);
    holds(&v, "planar-edges");
    never_violated(&v);
}

#[test]
fn zero_bias_planar_cones_have_two_facets() {
    let net = network_with(2, &[4, 4], WeightInit::HeNormal, BiasInit::Zero, 5, None);
    let v = verdicts_on(&net, &Domain::whole_space(&net).unwrap());
    holds(&v, "zero-bias-plane");
    not_applicable(&v, "mean-facets-2d", "not generic");
    never_violated(&v);
}

#[test]
fn degenerate_networks_are_never_violations() {
    for (d, seed) in [(2, 1), (2, 2), (3, 3)] {
        let net = network_with(
            d,
            &[4, 3],
            WeightInit::Integers(1),
            BiasInit::Integers(1),
            seed,
            None,
        );
        for domain in [unit_box(d), Domain::whole_space(&net).unwrap()] {
            let v = verdicts_on(&net, &domain);
            holds(&v, "euler-poincare");
            holds(&v, "max-regions");
            never_violated(&v);
        }
    }
    // Three concurrent lines: not generic, so no one-layer formula is applied.
    let lines = parse_network(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1], [1, 1]], "biases": [0, 0, 0]}]}"#,
        "lines",
    )
    .unwrap();
    let v = verdicts_on(&lines, &Domain::whole_space(&lines).unwrap());
    holds(&v, "zaslavsky-count");
    not_applicable(&v, "one-layer-arrangement", "not generic");
    not_applicable(&v, "mean-facets-2d", "not generic");
}

#[test]
fn a_planted_violation_is_reported() {
    let net = network(2, &[3], WeightInit::HeNormal, 2);
    let domain = Domain::whole_space(&net).unwrap();
    let regions = enumerate(&net, &domain, Limits::default(), &mut |_| {}).unwrap();
    let mut complex = Complex::of(&regions);
    complex.euler_characteristic += 2;
    complex.f_vector[0] += 1;
    let case = Case::new(&net, &domain, &regions, &complex);
    for entry in catalogue() {
        if [
            "euler-poincare",
            "one-layer-arrangement",
            "euler-bent-hyperplanes",
        ]
        .contains(&entry.id)
        {
            assert!(
                matches!((entry.evaluate)(&case), Verdict::Violated { .. }),
                "{}",
                entry.id
            );
        }
    }
}

#[test]
fn the_region_bound_holds_on_many_small_networks() {
    // theory.md states the bound from memory: every count seen must respect it.
    for seed in 0..40u64 {
        let d = 1 + (seed % 3) as usize;
        let widths = [1 + (seed % 4) as usize, 1 + (seed / 4 % 3) as usize];
        for init in [WeightInit::HeNormal, WeightInit::Integers(2)] {
            let net = network(d, &widths, init, seed);
            let v = verdicts_on(&net, &Domain::whole_space(&net).unwrap());
            holds(&v, "max-regions");
        }
    }
}

#[test]
fn zero_bias_cones_in_space() {
    let net = network_with(3, &[5], WeightInit::HeNormal, BiasInit::Zero, 4, None);
    let v = verdicts_on(&net, &Domain::whole_space(&net).unwrap());
    holds(&v, "zero-bias-space");
    let deep = network_with(3, &[4, 4], WeightInit::HeNormal, BiasInit::Zero, 6, None);
    let v = verdicts_on(&deep, &Domain::whole_space(&deep).unwrap());
    never_violated(&v);
    let biased = network(3, &[5], WeightInit::HeNormal, 4);
    let v = verdicts_on(&biased, &Domain::whole_space(&biased).unwrap());
    not_applicable(&v, "zero-bias-space", "bias");
}

#[test]
fn rank_deficient_first_layers_are_outside_min_facets() {
    // Two parallel lines in R^2 (strips with 1 facet) and the planes x = 0, y = 0, x + y = 1 in
    // R^3 (prisms with 2 facets): rank W_1 < min(n_1, d), so no entry may say "violated".
    for text in [
        r#"{"input_dim":2,"layers":[{"weights":[[1,0],[1,0]],"biases":[0,-1]}]}"#,
        r#"{"input_dim":3,"layers":[{"weights":[[1,0,0],[0,1,0],[1,1,0]],"biases":[0,0,-1]}]}"#,
    ] {
        let net = parse_network(text, "rank-deficient").unwrap();
        let regions = regions_of(&net, &Domain::whole_space(&net).unwrap());
        let fewest = regions.iter().map(|r| r.facet_indices().len()).min();
        assert!(fewest < Some(net.input_dim()), "the case is a real trap");
        let v = verdicts_on(&net, &Domain::whole_space(&net).unwrap());
        not_applicable(&v, "min-facets", "rank");
        not_applicable(&v, "mean-facets-2d", "general position");
        not_applicable(&v, "cell-faces-2k", "general position");
        holds(&v, "zaslavsky-count");
        holds(&v, "euler-bent-hyperplanes");
        never_violated(&v);
    }
}

#[test]
fn a_neuron_touching_a_vertex_without_crossing_is_not_generic() {
    // z = 2 relu(x) + 3 relu(y) - relu(x + 2y + 1) + 1 is positive everywhere but at the origin,
    // a vertex of the first layer: the origin then lies on three zero sets, not two. No facet
    // is supported by z, so only the zero sets themselves reveal it.
    let net = parse_network(
        r#"{"input_dim":2,"layers":[{"weights":[[1,0],[0,1],[1,2]],"biases":[0,0,1]},
            {"weights":[[2,3,-1]],"biases":[1]}]}"#,
        "touching",
    )
    .unwrap();
    let wide_box = Domain::cube(2, &q(-2), &q(2)).unwrap();
    for domain in [Domain::whole_space(&net).unwrap(), wide_box] {
        let regions = regions_of(&net, &domain);
        assert!(regions.iter().all(|r| r.facet_indices().iter().all(|&f| {
            !r.polytope.facets()[f]
                .sources
                .contains(&relupoly::regions::Source::Neuron { layer: 1, index: 0 })
        })));
        let complex = Complex::of(&regions);
        let reason = generic(&Case::new(&net, &domain, &regions, &complex)).unwrap_err();
        assert!(
            reason.contains("3 constraints vanish on a 0-cell"),
            "{reason}"
        );
        assert!(reason.contains("neuron 0 of layer 1"), "{reason}");
        never_violated(&verdicts_on(&net, &domain));
    }
}

#[test]
fn kinds_follow_the_proofs() {
    for e in catalogue() {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(e.proof))
                .unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("**Kind.**"))
            .unwrap_or_else(|| panic!("{} states its kind", e.proof));
        let expected = match e.kind.describe() {
            "theorem" => "Theorem",
            "consistency" => "Consistency",
            _ => "Published claim",
        };
        assert!(line.contains(expected), "{}: {line}", e.proof);
    }
    let one_layer = network(3, &[5], WeightInit::HeNormal, 1);
    let outcomes = outcomes_on(&one_layer, &Domain::whole_space(&one_layer).unwrap());
    for id in ["mean-facets-2d", "cell-faces-2k", "last-layer-monotone"] {
        assert_eq!(outcomes[id].kind, Kind::Theorem, "{id}");
    }
    let planar = network(2, &[4, 4], WeightInit::HeNormal, 1);
    let outcomes = outcomes_on(&planar, &Domain::whole_space(&planar).unwrap());
    assert_eq!(outcomes["mean-facets-2d"].kind, Kind::Theorem);
    assert_eq!(outcomes["last-layer-monotone"].kind, Kind::PublishedClaim);
}
