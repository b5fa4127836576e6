//! Gaines & Bi 2026, Theorem 3.1: over R^d the k-cells have at most 2k faces on average. Proved
//! here for d <= 2 and one hidden layer; false in general from d = 3 on.

use super::mean_facets::gaines_bi_hypotheses;
use super::{Case, Entry, KindRule, Scope, Verdict};
use crate::exact::Rational;

fn evaluate(case: &Case) -> Verdict {
    if let Err(reason) = gaines_bi_hypotheses(case) {
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
            .map(|(k, m)| {
                format!(
                    "{k}-cells average {m} faces: {} incidences over {} cells",
                    complex.face_incidences[k - 1],
                    complex.f_vector[*k]
                )
            })
            .unwrap_or_default(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "cell-faces-2k",
    kind: KindRule::TheoremInThePlaneOrOneLayer,
    statement: "\"the average number of faces of a k-cell is at most 2k for k = 1..d\" (faces = (k-1)-cells; over R^d, generic plain ReLU networks)",
    source: "Gaines & Bi, ICLR 2026, Thm 3.1 (verbatim); proved here for d <= 2 and one hidden layer, refuted for d = 3 at k = 2 and k = 3 (proofs/cell-faces-2k.md)",
    proof: "proofs/cell-faces-2k.md",
    scope: Scope::PerNetwork,
    evaluate,
};
