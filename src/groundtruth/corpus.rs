//! The polytope corpus: degenerate and near-degenerate regions of the dataset's networks, for
//! engines that know nothing of networks (schema in `data/groundtruth/README.md`).

use crate::exact::{rational_to_f64, Rational};
use crate::regions::{Region, RegionData};
use serde::Serialize;

/// At most this many regions per reason and network.
const PER_REASON: usize = 3;

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

/// Why a bounded region is hard for a float engine, if it is: a vertex on more than d facets
/// (not simple), or a facet supported by several constraints (coinciding hyperplanes).
fn degeneracies(region: &Region) -> Vec<String> {
    let polytope = &region.polytope;
    let d = polytope.dim();
    let mut reasons = Vec::new();
    if let Some(most) = polytope
        .vertices()
        .iter()
        .map(|v| v.facets.len())
        .max()
        .filter(|&m| m > d)
    {
        reasons.push(format!(
            "not simple: a vertex lies on {most} facets (d = {d})"
        ));
    }
    if let Some(most) = polytope
        .facets()
        .iter()
        .map(|f| f.sources.len())
        .max()
        .filter(|&m| m > 1)
    {
        reasons.push(format!("a facet is supported by {most} constraints"));
    }
    reasons
}

fn strings(values: &[Rational]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

fn f64s(values: &[Rational]) -> Vec<f64> {
    values
        .iter()
        .map(|v| rational_to_f64(v).unwrap_or(f64::NAN))
        .collect()
}

/// The corpus records (one JSON line each) taken from the bounded `regions` of network `id` on
/// the box: up to three regions for each kind of degeneracy, and the two smallest regions by
/// volume (near-degenerate: thin slivers); a region with several reasons is listed once.
pub fn corpus_records(id: &str, regions: &[Region]) -> Vec<String> {
    let bounded: Vec<usize> = (0..regions.len())
        .filter(|&i| regions[i].is_bounded())
        .collect();
    let mut chosen: Vec<(usize, Vec<String>)> = Vec::new();
    let mut add = |i: usize, reason: String| match chosen.iter_mut().find(|(j, _)| *j == i) {
        Some((_, reasons)) => reasons.push(reason),
        None => chosen.push((i, vec![reason])),
    };
    for kind in ["not simple", "a facet is supported"] {
        let hits = bounded
            .iter()
            .filter_map(|&i| {
                degeneracies(&regions[i])
                    .into_iter()
                    .find(|r| r.starts_with(kind))
                    .map(|r| (i, r))
            })
            .take(PER_REASON)
            .collect::<Vec<_>>();
        for (i, reason) in hits {
            add(i, reason);
        }
    }
    let mut by_volume = bounded.clone();
    by_volume.sort_by(|&a, &b| regions[a].volume.cmp(&regions[b].volume).then(a.cmp(&b)));
    for &i in by_volume.iter().take(2) {
        add(
            i,
            "near-degenerate: among the two smallest regions by volume".into(),
        );
    }
    chosen.sort_by_key(|(i, _)| *i);
    chosen
        .into_iter()
        .map(|(i, reasons)| {
            let data = RegionData::of(&regions[i], false).geometry;
            let volume = data.volume.clone().unwrap_or_default();
            let record = PolytopeRecord {
                source: Source {
                    network: id,
                    domain: "box",
                    region: i,
                },
                reasons,
                dim: data.dim,
                inequalities: data.facets.iter().map(|f| strings(&f.inequality)).collect(),
                vertices: data.vertices.iter().map(|v| strings(v)).collect(),
                vertices_f64: data.vertices.iter().map(|v| f64s(v)).collect(),
                interior_point_f64: f64s(data.interior_point.as_deref().unwrap_or_default()),
                f_vector: data.f_vector.as_deref(),
                facets: data.facets.len(),
                simplices: data.simplex_count.unwrap_or(0),
                volume_f64: rational_to_f64(&volume).unwrap_or(f64::NAN),
                volume: volume.to_string(),
            };
            serde_json::to_string(&record).expect("a polytope record serialises")
        })
        .collect()
}
