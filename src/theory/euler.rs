//! Euler-Poincare for every bounded region, and the Euler characteristic of the complex.

use super::{Case, Entry, Kind, KindRule, Scope, Verdict};

fn alternating(f: &[usize]) -> i64 {
    f.iter()
        .enumerate()
        .map(|(k, &x)| if k % 2 == 0 { x as i64 } else { -(x as i64) })
        .sum()
}

fn evaluate(case: &Case) -> Verdict {
    let d = case.dim();
    let polytope_sum = if d.is_multiple_of(2) { 0 } else { 2 };
    let failing = case.regions.iter().position(|r| {
        r.is_bounded() && alternating(r.f_vector.as_deref().unwrap_or_default()) != polytope_sum
    });
    let complex_expected = if case.whole_space() && !d.is_multiple_of(2) {
        -1
    } else {
        1
    };
    let complex = case.complex.euler_characteristic;
    Verdict::compare(
        failing.is_none() && complex == complex_expected,
        format!("complex {complex}; every bounded region's alternating sum checked"),
        format!("complex {complex_expected}; each bounded region 1 - (-1)^d = {polytope_sum}"),
        match failing {
            Some(r) => format!("region {r} has f-vector {:?}", case.regions[r].f_vector),
            None => format!("the complex's alternating sum is {complex}"),
        },
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "euler-poincare",
    kind: KindRule::Always(Kind::Consistency),
    statement: "every d-polytope has sum_{k<d} (-1)^k f_k = 1 - (-1)^d; the complex of all cells has Euler characteristic 1 on a polytope domain and (-1)^d on R^d",
    source: "Euler-Poincare formula (theory.md item 7)",
    proof: "proofs/euler-poincare.md",
    scope: Scope::PerNetwork,
    evaluate,
};
