//! The verdicts of `relupoly theory --json` (schema in `docs/formats.md`).

use crate::theory::{Case, CaseVerdicts};
use serde_json::{json, Map, Value};

/// The verdicts on `case` as one line of JSON, keys in alphabetical order: genericity, the
/// domain, the counts, every entry's verdict with its value, bound and reason, and over R^d the
/// bent hyperplanes and the intersection sums.
pub fn theory_json(case: &Case, verdicts: &CaseVerdicts) -> String {
    let entries: Vec<Value> = verdicts
        .outcomes
        .iter()
        .map(|o| {
            let (verdict, value, bound, reason) = o.verdict.parts();
            json!({"id": o.id, "kind": o.kind.name(), "verdict": verdict.name(), "value": value,
                   "bound": bound, "reason": reason})
        })
        .collect();
    let d = case.dim();
    let hyperplanes: Option<Vec<Value>> = verdicts.bent.as_ref().map(|b| {
        b.hyperplanes
            .iter()
            .map(|h| {
                json!({"layer": h.layer, "neuron": h.index, "chi_c": h.chi_c,
                       "bounded": h.bounded, "components": h.components,
                       "genus": h.genus(d)})
            })
            .collect()
    });
    let genericity: Map<String, Value> = verdicts
        .genericity
        .iter()
        .map(|(what, r)| {
            let why = match r {
                Ok(()) => Value::Null,
                Err(why) => Value::String(why.clone()),
            };
            (what.to_string(), why)
        })
        .collect();
    json!({
        "generic": verdicts.generic(),
        "genericity": genericity,
        "domain": case.domain.description(),
        "regions": case.regions.len(),
        "complex_f_vector": case.complex.f_vector,
        "entries": entries,
        "bent_hyperplanes": hyperplanes,
        "intersection_sums": verdicts.bent.as_ref().map(|b| &b.sums),
    })
    .to_string()
}
