//! Serra, Tjandraatmadja & Ramalingam 2018, Theorem 1: an upper bound on the number of regions.

use super::arrangement::binomial;
use super::hypotheses::plain_relu;
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};
use crate::exact::Natural;

/// `sum over (j_1..j_L) in J of prod_l C(n_l, j_l)` with
/// `J = {0 <= j_l <= min(d, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}`.
pub fn serra_bound(d: usize, widths: &[usize]) -> Natural {
    /// The sum over the remaining layers when every later j_l is capped by `cap`.
    fn sum(widths: &[usize], cap: usize) -> Natural {
        let Some((&n, rest)) = widths.split_first() else {
            return Natural::from(1u32);
        };
        (0..=cap.min(n))
            .map(|j| Natural::from(binomial(n as u64, j as u64)) * sum(rest, cap.min(n - j)))
            .sum()
    }
    sum(widths, d)
}

fn evaluate(case: &Case) -> Verdict {
    if let Err(reason) = plain_relu(case.network) {
        return Verdict::not_applicable(reason);
    }
    let bound = serra_bound(case.dim(), &case.network.widths());
    let regions = Natural::from(case.regions.len());
    Verdict::compare(
        regions <= bound,
        format!("{regions} regions"),
        format!("<= {bound}"),
        "more regions than the bound allows".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "max-regions",
    kind: KindRule::Always(Kind::PublishedClaim),
    statement: "a ReLU network with input dimension d and hidden widths n_1..n_L has at most sum_{(j_1..j_L) in J} prod_l C(n_l, j_l) activation regions, J = {0 <= j_l <= min(d, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}",
    source: "Serra, Tjandraatmadja, Ramalingam, ICML 2018, Thm 1 (stated from memory in theory.md item 8; checked here against brute-force counts, see the proof file)",
    proof: "proofs/max-regions.md",
    scope: Scope::PerNetwork,
    evaluate,
};
