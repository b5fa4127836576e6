//! Derived here: with zero biases, every region of a planar network whose apex is the origin has
//! exactly two facets.

use super::hypotheses::zero_biases;
use super::{Case, Entry, Scope, Verdict};
use crate::exact::HomPoint;

fn evaluate(case: &Case) -> Verdict {
    if case.dim() != 2 {
        return Verdict::not_applicable(format!("the input dimension is {}, not 2", case.dim()));
    }
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^2: regions are cones only in the whole plane",
        );
    }
    if !zero_biases(case.network) {
        return Verdict::not_applicable("some hidden bias is not zero");
    }
    let origin = HomPoint::from_rationals(&[0u32.into(), 0u32.into()]);
    let pointed = case.regions.iter().all(|r| {
        r.vertex_indices()
            .iter()
            .any(|&v| r.polytope.vertices()[v].point == origin)
    });
    if !pointed {
        return Verdict::not_applicable(
            "not every region has the origin as a vertex (fewer than two distinct lines through it)",
        );
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
    statement: "with zero biases every region in R^2 is a cone; when the origin is a vertex of every region, each has exactly 2 facets",
    source: "derived here (theory.md item 5)",
    proof: "proofs/zero-bias-plane.md",
    scope: Scope::PerRegion,
    evaluate,
};
