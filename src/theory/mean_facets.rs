//! Gaines & Bi 2026, Theorem 3.4: at most 2d facets per region on average over R^d. Proved here
//! for d <= 2 and for one hidden layer; false in general from d = 3 on (refuted exactly, see
//! `data/reference/refutations/`).

use super::hypotheses::{generic_network, plain_relu};
use super::{Case, Entry, KindRule, Scope, Verdict};
use crate::exact::Rational;
use crate::regions::CountStats;

/// The hypotheses of Gaines & Bi's theorems: R^d, a plain ReLU network, whole-space genericity.
pub(super) fn gaines_bi_hypotheses(case: &Case) -> Result<(), String> {
    if !case.whole_space() {
        return Err(
            "the domain is not R^d: the statement is about the whole space (inside a box the mean can exceed 2d, theory.md item 2)"
                .into(),
        );
    }
    plain_relu(case.network)?;
    generic_network(case)
}

fn evaluate(case: &Case) -> Verdict {
    if let Err(reason) = gaines_bi_hypotheses(case) {
        return Verdict::not_applicable(reason);
    }
    let mean = CountStats::of(case.regions.iter().map(|r| r.facet_indices().len())).mean;
    let bound = Rational::from(2 * case.dim());
    let f = &case.complex.f_vector;
    let d = case.dim();
    Verdict::compare(
        mean <= bound,
        mean.to_string(),
        format!("<= {bound}"),
        format!(
            "the mean number of facets 2 f_{} / f_{d} = {mean} exceeds 2d = {bound} (f-vector {f:?})",
            d - 1
        ),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "mean-facets-2d",
    kind: KindRule::TheoremInThePlaneOrOneLayer,
    statement: "\"The average number of faces of a d-cell of C in R^d (i.e., the average degree of the connectivity graph) is at most 2d.\" (faces = facets; generic plain ReLU networks)",
    source: "Gaines & Bi, ICLR 2026, Thm 3.4 (verbatim); proved here for d <= 2 and one hidden layer, refuted for d = 3 (proofs/mean-facets-2d.md)",
    proof: "proofs/mean-facets-2d.md",
    scope: Scope::PerNetwork,
    evaluate,
};
