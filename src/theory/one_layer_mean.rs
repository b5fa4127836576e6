//! The exact mean number of facets of one hidden layer in general position over R^d.

use super::arrangement::{binomial, one_layer_hypotheses};
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};
use crate::exact::Rational;
use crate::regions::CountStats;

fn evaluate(case: &Case) -> Verdict {
    let (d, n) = match one_layer_hypotheses(case) {
        Ok(dn) => dn,
        Err(reason) => return Verdict::not_applicable(reason),
    };
    let facets: u128 = (1..=d).map(|i| u128::from(i) * binomial(n, i)).sum();
    let regions: u128 = (0..=d).map(|i| binomial(n, i)).sum();
    let expected = Rational::from(2 * facets) / Rational::from(regions);
    let mean = CountStats::of(case.regions.iter().map(|r| r.facet_indices().len())).mean;
    Verdict::compare(
        mean == expected,
        mean.to_string(),
        expected.to_string(),
        "the mean number of facets differs from the formula".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "one-layer-mean-facets",
    kind: KindRule::Always(Kind::Theorem),
    statement: "one hidden layer of n neurons in general position over R^d: mean facets per region = 2 sum_{i=1..d} i C(n,i) / sum_{i=0..d} C(n,i), below 2d",
    source: "derived from the arrangement face counts (theory.md item 2)",
    proof: "proofs/one-layer-mean-facets.md",
    scope: Scope::PerNetwork,
    evaluate,
};
