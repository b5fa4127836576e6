//! Gaines & Bi 2026, Theorem 3.5: every region has at least min(n_1, d) facets. Proved here
//! from the rank of the first layer alone (proofs/min-facets.md).

use super::hypotheses::first_layer_full_rank;
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the statement is about the whole space",
        );
    }
    if let Err(reason) = first_layer_full_rank(case.network) {
        return Verdict::not_applicable(reason);
    }
    let bound = case.network.widths()[0].min(case.dim());
    let (fewest, at) = case
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.facet_indices().len(), i))
        .min()
        .unwrap_or((bound, 0));
    Verdict::compare(
        fewest >= bound,
        format!("fewest facets {fewest}"),
        format!(">= {bound}"),
        format!("region {at} has {fewest} facets"),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "min-facets",
    kind: KindRule::Always(Kind::Theorem),
    statement: "over R^d, when the first layer's weight matrix has rank min(n_1, d), every activation region has at least min(n_1, d) facets (any depth, any block kind, no other genericity)",
    source: "Gaines & Bi, ICLR 2026, Thm 3.5 (\"every d-cell of C has at least min(n_1, d) neighbors\"); proved here under the rank hypothesis alone",
    proof: "proofs/min-facets.md",
    scope: Scope::PerRegion,
    evaluate,
};
