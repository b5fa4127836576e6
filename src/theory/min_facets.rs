//! Gaines & Bi 2026, Theorem 3.5: every region has at least min(n_1, d) facets.

use super::hypotheses::{generic, plain_relu};
use super::{Case, Entry, Scope, Verdict};

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the statement is about the whole space",
        );
    }
    if let Err(reason) = plain_relu(case.network).and_then(|()| generic(case)) {
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
    statement: "over R^d, every activation region of a generic network has at least min(n_1, d) facets, n_1 the first layer's width",
    source: "Gaines & Bi, ICLR 2026, Thm 3.5",
    proof: "proofs/min-facets.md",
    scope: Scope::PerRegion,
    evaluate,
};
