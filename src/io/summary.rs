//! The summary of an enumeration as the JSON object of `relupoly regions --summary-json`
//! (schema in `docs/formats.md`).

use crate::exact::text::DecimalText;
use crate::regions::{CountStats, Summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// The summary as the JSON object printed by `relupoly regions --summary-json` (on one line,
/// or indented with `pretty`): exact values as strings, means also as f64 (`mean_approx`),
/// histograms keyed by count in increasing numeric order ("4" before "10").
pub fn summary_json(summary: &Summary, pretty: bool) -> String {
    #[derive(Serialize)]
    struct Stats<'a> {
        mean: String,
        mean_approx: f64,
        histogram: &'a BTreeMap<usize, usize>,
    }
    #[derive(Serialize)]
    struct ComplexJson<'a> {
        f_vector: &'a [usize],
        euler_characteristic: i64,
        adjacencies: usize,
    }
    #[derive(Serialize)]
    struct Json<'a> {
        regions: usize,
        activation_regions: usize,
        bounded_regions: usize,
        unbounded_regions: usize,
        volume_total: Option<String>,
        facets: Stats<'a>,
        vertices: Stats<'a>,
        simplices: Stats<'a>,
        f_vector_sum: Option<&'a [usize]>,
        complex: Option<ComplexJson<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        linear_pieces: Option<usize>,
    }
    fn stats(s: &CountStats) -> Stats<'_> {
        Stats {
            mean: s.mean.to_string(),
            mean_approx: s.mean_f64(),
            histogram: &s.histogram,
        }
    }
    let json = Json {
        regions: summary.regions,
        activation_regions: summary.regions,
        bounded_regions: summary.bounded_regions,
        unbounded_regions: summary.regions - summary.bounded_regions,
        volume_total: summary.volume_total.as_ref().map(DecimalText::decimal),
        facets: stats(&summary.facets),
        vertices: stats(&summary.vertices),
        simplices: stats(&summary.simplices),
        f_vector_sum: summary.f_vector_sum.as_deref(),
        complex: summary
            .complex
            .as_ref()
            .map(|(f_vector, euler, adjacencies)| ComplexJson {
                f_vector,
                euler_characteristic: *euler,
                adjacencies: *adjacencies,
            }),
        linear_pieces: summary.linear_pieces,
    };
    // Serialised from the structs, not through a `serde_json::Value`, whose maps would order
    // the histogram keys as text.
    if pretty {
        serde_json::to_string_pretty(&json)
    } else {
        serde_json::to_string(&json)
    }
    .expect("the summary serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_keys_come_in_numeric_order() {
        let stats = CountStats::of([10, 4, 4, 100].into_iter());
        let summary = Summary {
            regions: 4,
            bounded_regions: 4,
            volume_total: None,
            facets: stats.clone(),
            vertices: stats.clone(),
            simplices: stats,
            f_vector_sum: None,
            complex: None,
            linear_pieces: None,
        };
        for pretty in [false, true] {
            let text = summary_json(&summary, pretty);
            let (four, ten, hundred) = (
                text.find("\"4\"").unwrap(),
                text.find("\"10\"").unwrap(),
                text.find("\"100\"").unwrap(),
            );
            assert!(four < ten && ten < hundred, "{text}");
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value["facets"]["histogram"]["4"], 2);
        }
    }
}
