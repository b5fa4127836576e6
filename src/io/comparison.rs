//! The comparison as JSON (`relupoly compare --json`, schema in `docs/compare.md`).

use crate::compare::{Comparison, RegionDifference, Spurious};
use serde::Serialize;
use serde_json::{json, Value};

/// The comparison as one line of JSON (schema in `docs/compare.md`), keys in alphabetical order.
pub fn comparison_json(comparison: &Comparison) -> String {
    let spurious: Vec<Value> = comparison
        .spurious
        .iter()
        .map(|s| {
            let of = match s.reason {
                Spurious::Duplicate(k) => Some(k),
                _ => None,
            };
            json!({"index": s.index, "pattern": s.pattern, "reason": s.reason.describe(),
                   "duplicate_of": of})
        })
        .collect();
    let vertices: Vec<Value> = comparison
        .vertices
        .iter()
        .map(|v| {
            let m = &v.matching;
            json!({"index": v.index, "exact_index": v.exact_index,
                   "max_abs_error": m.max_abs_error, "max_rel_error": m.max_rel_error,
                   "off": m.off, "duplicates": m.duplicates, "missed": m.missed})
        })
        .collect();
    json!({
        "engine": comparison.engine,
        "agrees": comparison.agrees(),
        "tolerance": comparison.tolerance,
        "exact": {"regions": comparison.exact_regions, "adjacencies": comparison.exact_adjacencies,
                  "mean_facets": comparison.exact_mean_facets, "widths": comparison.widths},
        "engine_summary": {"regions_listed": comparison.listed,
                           "neighbors_given": comparison.neighbors_given,
                           "adjacencies": comparison.neighbors_given.then_some(comparison.engine_adjacencies),
                           "mean_facets": comparison.engine_mean_facets},
        "missing_regions": comparison.missing.iter().map(|(i, p)| json!({"exact_index": i, "pattern": p})).collect::<Vec<_>>(),
        "spurious_regions": spurious,
        "vertices": {"max_abs_error": comparison.worst(|m| m.max_abs_error),
                     "max_rel_error": comparison.worst(|m| m.max_rel_error),
                     "regions": vertices},
        "facet_differences": differences(&comparison.facets),
        "bounded_differences": differences(&comparison.bounded),
        "spurious_adjacencies": comparison.spurious_adjacencies.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
        "missing_adjacencies": comparison.missing_adjacencies.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
        "count_differences": comparison.counts.iter()
            .map(|d| json!({"key": d.key, "from": d.from, "engine": d.engine, "exact": d.exact}))
            .collect::<Vec<_>>(),
    })
    .to_string()
}

fn differences<T: Serialize>(list: &[RegionDifference<T>]) -> Vec<Value> {
    list.iter()
        .map(|d| json!({"index": d.index, "exact_index": d.exact_index, "engine": d.engine, "exact": d.exact}))
        .collect()
}
