//! Gaines & Bi 2026, Theorem 3.4: at most 2d facets per region on average over R^d.

use super::hypotheses::{generic, plain_relu};
use super::{Case, Entry, Scope, Verdict};
use crate::exact::Rational;
use crate::regions::CountStats;

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the bound is a statement about the whole space (inside a box the mean can exceed 2d, theory.md item 2)",
        );
    }
    if let Err(reason) = plain_relu(case.network).and_then(|()| generic(case)) {
        return Verdict::not_applicable(reason);
    }
    let mean = CountStats::of(case.regions.iter().map(|r| r.facet_indices().len())).mean;
    let bound = Rational::from(2 * case.dim());
    Verdict::compare(
        mean <= bound,
        mean.to_string(),
        format!("<= {bound}"),
        "the mean number of facets exceeds 2d".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "mean-facets-2d",
    statement: "over R^d, for a generic ReLU network of any depth and width, the mean number of facets per activation region is at most 2d",
    source: "Gaines & Bi, ICLR 2026, Thm 3.4; Fukuda, Saito, Tamura, Tokuyama 1991 for arrangements",
    proof: "proofs/mean-facets-2d.md",
    scope: Scope::PerNetwork,
    evaluate,
};
