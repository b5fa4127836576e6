//! The comparison as JSON (`relupoly compare --json`) and as short text.

use super::diff::{Comparison, RegionDifference, Spurious};
use super::vertices::VertexMatch;
use serde::Serialize;
use serde_json::{json, Value};

/// How many items of each kind the text lists before saying how many more there are.
const SHOWN: usize = 3;

impl Comparison {
    /// The comparison as one JSON object (schema in `docs/compare.md`).
    pub fn to_json(&self) -> Value {
        let spurious: Vec<Value> = self
            .spurious
            .iter()
            .map(|s| {
                let of = match s.reason {
                    Spurious::Duplicate(k) => Some(k),
                    _ => None,
                };
                json!({"index": s.index, "pattern": s.pattern, "reason": reason(&s.reason),
                       "duplicate_of": of})
            })
            .collect();
        let vertices: Vec<Value> = self
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
            "engine": self.engine,
            "agrees": self.agrees(),
            "tolerance": self.tolerance,
            "exact": {"regions": self.exact_regions, "adjacencies": self.exact_adjacencies,
                      "mean_facets": self.exact_mean_facets, "widths": self.widths},
            "engine_summary": {"regions_listed": self.listed,
                               "neighbors_given": self.neighbors_given,
                               "adjacencies": self.neighbors_given.then_some(self.engine_adjacencies),
                               "mean_facets": self.engine_mean_facets},
            "missing_regions": self.missing.iter().map(|(i, p)| json!({"exact_index": i, "pattern": p})).collect::<Vec<_>>(),
            "spurious_regions": spurious,
            "vertices": {"max_abs_error": self.worst(|m| m.max_abs_error),
                         "max_rel_error": self.worst(|m| m.max_rel_error),
                         "regions": vertices},
            "facet_differences": differences(&self.facets),
            "bounded_differences": differences(&self.bounded),
            "spurious_adjacencies": self.spurious_adjacencies.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
            "missing_adjacencies": self.missing_adjacencies.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
            "count_differences": self.counts.iter()
                .map(|d| json!({"key": d.key, "from": d.from, "engine": d.engine, "exact": d.exact}))
                .collect::<Vec<_>>(),
        })
    }

    /// A few lines for people: the verdict, then one line per kind of difference found, with
    /// the first few instances.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |text: String| {
            out.push_str(&text);
            out.push('\n');
        };
        line(format!(
            "{}: {} (exact: {} regions, {} adjacent pairs, mean facets {:.4})",
            self.engine,
            if self.agrees() {
                format!("agrees (vertex tolerance {:e})", self.tolerance)
            } else {
                "DIFFERS".to_string()
            },
            self.exact_regions,
            self.exact_adjacencies,
            self.exact_mean_facets
        ));
        if let Some(mean) = self.engine_mean_facets {
            line(format!("engine mean facets {mean:.4}"));
        }
        if !self.missing.is_empty() {
            line(format!(
                "missing regions: {} ({})",
                self.missing.len(),
                first(
                    self.missing
                        .iter()
                        .map(|(i, p)| format!("exact #{i} {}", p.join("|")))
                )
            ));
        }
        if !self.spurious.is_empty() {
            line(format!(
                "spurious regions: {} ({})",
                self.spurious.len(),
                first(self.spurious.iter().map(|s| format!(
                    "#{} {} {}",
                    s.index,
                    s.pattern.join("|"),
                    reason(&s.reason)
                )))
            ));
        }
        if !self.vertices.is_empty() {
            let count = |f: fn(&VertexMatch) -> usize| -> usize {
                self.vertices.iter().map(|v| f(&v.matching)).sum()
            };
            line(format!(
                "vertices: largest error {:.3e} (scaled {:.3e}) in {} regions; {} beyond tolerance {:e}, {} duplicated, {} exact vertices missed",
                self.worst(|m| m.max_abs_error),
                self.worst(|m| m.max_rel_error),
                self.vertices.len(),
                count(|m| m.off.len()),
                self.tolerance,
                count(|m| m.duplicates.len()),
                count(|m| m.missed.len())
            ));
        }
        if !self.facets.is_empty() {
            line(format!(
                "facet counts differ on {} regions ({})",
                self.facets.len(),
                first(
                    self.facets
                        .iter()
                        .map(|d| format!("#{}: {} instead of {}", d.index, d.engine, d.exact))
                )
            ));
        }
        if !self.bounded.is_empty() {
            line(format!(
                "boundedness differs on {} regions",
                self.bounded.len()
            ));
        }
        if self.neighbors_given {
            line(format!(
                "adjacencies: engine {}, exact {}; {} spurious (no shared facet), {} missing",
                self.engine_adjacencies,
                self.exact_adjacencies,
                self.spurious_adjacencies.len(),
                self.missing_adjacencies.len()
            ));
            for (label, pairs) in [
                ("spurious", &self.spurious_adjacencies),
                ("missing", &self.missing_adjacencies),
            ] {
                if !pairs.is_empty() {
                    line(format!(
                        "  {label}: {}",
                        first(pairs.iter().map(|(a, b)| format!(
                            "{} -- {}",
                            a.join("|"),
                            b.join("|")
                        )))
                    ));
                }
            }
        }
        for d in &self.counts {
            line(format!(
                "count {} (from {}): engine {:?}, exact {:?}",
                d.key, d.from, d.engine, d.exact
            ));
        }
        out
    }

    fn worst(&self, error: impl Fn(&VertexMatch) -> f64) -> f64 {
        self.vertices
            .iter()
            .map(|v| error(&v.matching))
            .fold(0.0, f64::max)
    }
}

fn reason(reason: &Spurious) -> &'static str {
    match reason {
        Spurious::NotARegion => "not a region",
        Spurious::Duplicate(_) => "duplicate",
        Spurious::Malformed => "malformed",
        Spurious::WrongLength => "wrong length",
    }
}

fn differences<T: Serialize>(list: &[RegionDifference<T>]) -> Vec<Value> {
    list.iter()
        .map(|d| json!({"index": d.index, "exact_index": d.exact_index, "engine": d.engine, "exact": d.exact}))
        .collect()
}

/// The first few items joined by commas, with how many more there are.
fn first(items: impl ExactSizeIterator<Item = String>) -> String {
    let total = items.len();
    let mut shown: Vec<String> = items.take(SHOWN).collect();
    if total > SHOWN {
        shown.push(format!("and {} more", total - SHOWN));
    }
    shown.join(", ")
}
