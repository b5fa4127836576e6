//! Derived here: with zero biases, every region of a planar network whose apex is the origin has
//! exactly two facets.

use super::hypotheses::pointed_zero_bias_cones;
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};

fn evaluate(case: &Case) -> Verdict {
    if let Err(reason) = pointed_zero_bias_cones(case, 2) {
        return Verdict::not_applicable(reason);
    }
    let (most, at) = case
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.facet_indices().len(), i))
        .max()
        .unwrap_or((2, 0));
    let fewest = case
        .regions
        .iter()
        .map(|r| r.facet_indices().len())
        .min()
        .unwrap_or(2);
    Verdict::compare(
        fewest == 2 && most == 2,
        format!("facets per region between {fewest} and {most}"),
        "exactly 2".into(),
        format!("region {at} has {most} facets"),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "zero-bias-plane",
    kind: KindRule::Always(Kind::Consistency),
    statement: "with zero biases every region in R^2 is a cone; when the origin is a vertex of every region, each has exactly 2 facets",
    source: "derived here (theory.md item 5)",
    proof: "proofs/zero-bias-plane.md",
    scope: Scope::PerRegion,
    evaluate,
};
