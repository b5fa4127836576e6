//! Gaines & Bi 2026, Theorem 3.1: over R^d the k-cells have at most 2k faces on average.

use super::hypotheses::{generic, plain_relu};
use super::{Case, Entry, Scope, Verdict};
use crate::exact::Rational;

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the bound is a statement about the whole space",
        );
    }
    if let Err(reason) = plain_relu(case.network).and_then(|()| generic(case)) {
        return Verdict::not_applicable(reason);
    }
    let complex = case.complex;
    let means: Vec<(usize, Rational)> = (1..=case.dim())
        .filter(|&k| complex.f_vector[k] > 0)
        .map(|k| {
            let mean = Rational::from(complex.face_incidences[k - 1])
                / Rational::from(complex.f_vector[k]);
            (k, mean)
        })
        .collect();
    let failing = means.iter().find(|(k, mean)| *mean > (2 * k) as u64);
    let list = |show: &dyn Fn(usize, &Rational) -> String| {
        means
            .iter()
            .map(|(k, m)| show(*k, m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Verdict::compare(
        failing.is_none(),
        list(&|k, m| format!("k={k}: {m}")),
        list(&|k, _| format!("k={k}: <= {}", 2 * k)),
        failing
            .map(|(k, m)| format!("{k}-cells average {m} faces"))
            .unwrap_or_default(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "cell-faces-2k",
    statement: "over R^d, for a generic network, the k-cells of the complex have on average at most 2k faces of dimension k-1, for every k = 1..d",
    source: "Gaines & Bi, ICLR 2026, Thm 3.1",
    proof: "proofs/cell-faces-2k.md",
    scope: Scope::PerNetwork,
    evaluate,
};
