//! The comparison as short text (its JSON, `relupoly compare --json`, is written by `crate::io`).

use super::diff::{Comparison, Spurious};
use super::vertices::VertexMatch;

/// How many items of each kind the text lists before saying how many more there are.
const SHOWN: usize = 3;

impl Comparison {
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
                    s.reason.describe()
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

    /// The largest vertex error of any region, by `error` (0 with no vertex matched).
    pub fn worst(&self, error: impl Fn(&VertexMatch) -> f64) -> f64 {
        self.vertices
            .iter()
            .map(|v| error(&v.matching))
            .fold(0.0, f64::max)
    }
}

impl Spurious {
    /// Why a region of the engine is spurious, in words: `not a region`, `duplicate`,
    /// `malformed` or `wrong length`.
    pub fn describe(&self) -> &'static str {
        match self {
            Spurious::NotARegion => "not a region",
            Spurious::Duplicate(_) => "duplicate",
            Spurious::Malformed => "malformed",
            Spurious::WrongLength => "wrong length",
        }
    }
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
