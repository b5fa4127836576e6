//! The ground-truth dataset's own documents (schema in `data/groundtruth/README.md`): a record
//! of the polytope corpus (one polytope, where it comes from and why it is hard for a float
//! engine) and the manifest.

use super::records::strings;
use crate::exact::text::DecimalText;
use crate::exact::{rational_to_f64, Rational};
use crate::polytope::PolytopeData;
use crate::regions::Source as RegionSource;
use serde::Serialize;

#[derive(Serialize)]
struct Source<'a> {
    network: &'a str,
    domain: &'static str,
    region: usize,
}

#[derive(Serialize)]
struct PolytopeRecord<'a> {
    source: Source<'a>,
    reasons: Vec<String>,
    dim: usize,
    inequalities: Vec<Vec<String>>,
    vertices: Vec<Vec<String>>,
    vertices_f64: Vec<Vec<f64>>,
    interior_point_f64: Vec<f64>,
    f_vector: Option<&'a [usize]>,
    facets: usize,
    simplices: usize,
    volume: String,
    volume_f64: f64,
}

fn f64s(values: &[Rational]) -> Vec<f64> {
    values
        .iter()
        .map(|v| rational_to_f64(v).unwrap_or(f64::NAN))
        .collect()
}

/// The corpus record of region `region` of network `network` on the box, chosen for `reasons`:
/// one line of JSON with the region's inequalities, vertices (exact and rounded), interior
/// point (rounded), f-vector, counts and volume.
pub fn corpus_record(
    network: &str,
    region: usize,
    reasons: Vec<String>,
    data: &PolytopeData<RegionSource>,
) -> String {
    let volume = data.volume.clone().unwrap_or_default();
    let record = PolytopeRecord {
        source: Source {
            network,
            domain: "box",
            region,
        },
        reasons,
        dim: data.dim,
        inequalities: data.facets.iter().map(|f| strings(&f.inequality)).collect(),
        vertices: data.vertices.iter().map(strings).collect(),
        vertices_f64: data.vertices.iter().map(|v| f64s(v)).collect(),
        interior_point_f64: f64s(data.interior_point.as_deref().unwrap_or_default()),
        f_vector: data.f_vector.as_deref(),
        facets: data.facets.len(),
        simplices: data.simplex_count.unwrap_or(0),
        volume_f64: rational_to_f64(&volume).unwrap_or(f64::NAN),
        volume: volume.decimal(),
    };
    serde_json::to_string(&record).expect("a polytope record serialises")
}

/// The manifest of a generated dataset (indented JSON, keys in alphabetical order): the
/// generator, the command that regenerates it, and every entry's record (`records`).
pub fn dataset_manifest<R: Serialize>(records: &[R]) -> String {
    let value = serde_json::json!({
        "generator": format!("relupoly {}", env!("CARGO_PKG_VERSION")),
        "command": "cargo run --release -- dataset --out data/groundtruth",
        "schema": "data/groundtruth/README.md",
        "networks": records,
    });
    format!("{value:#}\n")
}
