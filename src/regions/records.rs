//! The per-region JSON record written by `relupoly regions --jsonl` (schema in
//! `docs/formats.md`).

use super::region::{Region, Source};
use serde::Serialize;

#[derive(Serialize)]
#[serde(untagged)]
enum SourceRecord {
    Domain { domain: usize },
    Neuron { layer: usize, neuron: usize },
}

#[derive(Serialize)]
struct FacetRecord {
    inequality: Vec<String>,
    sources: Vec<SourceRecord>,
    vertices: Vec<usize>,
}

#[derive(Serialize)]
struct RegionRecord<'a> {
    index: usize,
    pattern: Vec<String>,
    interior_point: Vec<String>,
    vertices: Vec<Vec<String>>,
    facets: Vec<FacetRecord>,
    f_vector: &'a [usize],
    simplices: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    triangulation: Option<&'a [Vec<usize>]>,
    volume: String,
}

/// The JSON record of region number `index`: its pattern, exact interior point, vertices
/// (lexicographic), facets (primitive integer inequality `b + a . x >= 0`, every supporting
/// source, and the indices of the facet's vertices), f-vector, number of simplices of the pulling
/// triangulation (and, if `with_simplices`, the simplices as vertex indices) and exact volume, as
/// one line of JSON with the keys in that order. Numbers are exact strings.
pub fn region_record(index: usize, region: &Region, with_simplices: bool) -> String {
    let polytope = &region.polytope;
    let facet_vertices = polytope.facet_vertex_sets();
    let record = RegionRecord {
        index,
        pattern: region.pattern_strings(),
        interior_point: strings(region.interior_point.to_rationals()),
        vertices: polytope
            .vertices()
            .iter()
            .map(|v| strings(v.point.to_rationals()))
            .collect(),
        facets: polytope
            .facets()
            .iter()
            .zip(&facet_vertices)
            .map(|(facet, vertices)| FacetRecord {
                inequality: strings(facet.inequality.coeffs().iter()),
                sources: facet
                    .sources
                    .iter()
                    .map(|s| match *s {
                        Source::Domain(row) => SourceRecord::Domain { domain: row },
                        Source::Neuron { layer, index } => SourceRecord::Neuron {
                            layer,
                            neuron: index,
                        },
                    })
                    .collect(),
                vertices: vertices.iter().collect(),
            })
            .collect(),
        f_vector: &region.f_vector,
        simplices: region.simplices.len(),
        triangulation: with_simplices.then_some(region.simplices.as_slice()),
        volume: region.volume.to_string(),
    };
    serde_json::to_string(&record).expect("a region record serialises")
}

fn strings<T: ToString>(values: impl IntoIterator<Item = T>) -> Vec<String> {
    values.into_iter().map(|v| v.to_string()).collect()
}
