//! Derived here: on a convex polygon with m corners, a generic planar network's regions have
//! 4F + m - 4 edges in all.

use super::hypotheses::{generic, polygon_corners};
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};

fn evaluate(case: &Case) -> Verdict {
    if case.dim() != 2 {
        return Verdict::not_applicable(format!("the input dimension is {}, not 2", case.dim()));
    }
    let Some(corners) = polygon_corners(case) else {
        return Verdict::not_applicable("the domain is R^2, not a polygon");
    };
    if let Err(reason) = generic(case) {
        return Verdict::not_applicable(reason);
    }
    let edges: usize = case.regions.iter().map(|r| r.facet_indices().len()).sum();
    let expected = 4 * case.regions.len() + corners - 4;
    Verdict::compare(
        edges == expected,
        format!("{edges} edges"),
        format!(
            "4F + m - 4 = {expected} (F = {}, m = {corners})",
            case.regions.len()
        ),
        "the edge count differs".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "planar-edges",
    kind: KindRule::Always(Kind::Theorem),
    statement: "for a generic network on a convex polygon with m corners, the regions' edge counts sum to 4F + m - 4 (F regions); on a box the mean is exactly 4 edges and 2 triangles",
    source: "derived here (theory.md item 4)",
    proof: "proofs/planar-edges.md",
    scope: Scope::PerNetwork,
    evaluate,
};
