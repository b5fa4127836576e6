//! Simple 3-polytopes: V = 2F - 4 and E = 3F - 6.

use super::{Case, Entry, Kind, KindRule, Scope, Verdict};

fn evaluate(case: &Case) -> Verdict {
    if case.dim() != 3 {
        return Verdict::not_applicable(format!("the input dimension is {}, not 3", case.dim()));
    }
    let simple: Vec<(usize, &[usize])> = case
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.is_bounded() && r.polytope.vertices().iter().all(|v| v.facets.len() == 3)
        })
        .map(|(i, r)| (i, r.f_vector.as_deref().unwrap_or_default()))
        .collect();
    if simple.is_empty() {
        return Verdict::not_applicable("no bounded region is simple (3 facets at every vertex)");
    }
    let failing = simple
        .iter()
        .find(|(_, f)| f[0] != 2 * f[2] - 4 || f[1] != 3 * f[2] - 6);
    Verdict::compare(
        failing.is_none(),
        format!("{} simple bounded regions checked", simple.len()),
        "V = 2F - 4 and E = 3F - 6 for each".into(),
        failing
            .map(|(i, f)| format!("region {i} has f-vector {f:?}"))
            .unwrap_or_default(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "simple-three-polytopes",
    kind: KindRule::Always(Kind::Consistency),
    statement: "a simple 3-polytope (3 facets at every vertex) with F facets has V = 2F - 4 vertices and E = 3F - 6 edges; generic regions are simple",
    source: "Euler's formula (theory.md item 6)",
    proof: "proofs/simple-three-polytopes.md",
    scope: Scope::PerRegion,
    evaluate,
};
