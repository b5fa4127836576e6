//! The polytope corpus: degenerate and near-degenerate regions of the dataset's networks, for
//! engines that know nothing of networks (schema in `data/groundtruth/README.md`).

use crate::io::corpus_record;
use crate::regions::{Region, RegionData};

/// At most this many regions per reason and network.
const PER_REASON: usize = 3;

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

/// The corpus records (one JSON line each) taken from the bounded `regions` of network `id` on
/// the box: up to three regions for each kind of degeneracy, and the two smallest regions by
/// volume (near-degenerate: thin slivers); a region with several reasons is listed once.
pub fn corpus_records(id: &str, regions: &[Region]) -> Vec<String> {
    corpus_choice(regions)
        .into_iter()
        .map(|(i, reasons)| {
            corpus_record(id, i, reasons, &RegionData::of(&regions[i], false).geometry)
        })
        .collect()
}

/// The regions of the corpus, in index order, each with why it was chosen.
fn corpus_choice(regions: &[Region]) -> Vec<(usize, Vec<String>)> {
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
}
