//! The per-region JSON record written by `relupoly regions --jsonl` (schema in
//! `docs/formats.md`).

use crate::exact::text::DecimalText;
use crate::exact::{HomPoint, Integer, Rational};
use crate::network::Slice;
use crate::regions::{Complex, Region, RegionConsumer, RegionData, Source};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A facet's source as written in records: a domain row, a neuron, or (decision cells) the
/// hyperplane where two classes tie.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum SourceRecord {
    Domain { domain: usize },
    Neuron { layer: usize, neuron: usize },
    Tie { classes: [usize; 2] },
}

#[derive(Serialize)]
struct FacetRecord<'a> {
    inequality: Vec<String>,
    sources: Vec<SourceRecord>,
    vertices: &'a [usize],
}

/// The documented key order of a region record, over the fields of [`RegionData`].
#[derive(Serialize)]
struct RegionRecord<'a> {
    index: usize,
    pattern: Vec<String>,
    interior_point: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_interior_point: Option<Vec<String>>,
    bounded: bool,
    vertices: Vec<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_vertices: Option<Vec<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rays: Option<Vec<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_rays: Option<Vec<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lineality: Option<Vec<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_lineality: Option<Vec<Vec<String>>>,
    facets: Vec<FacetRecord<'a>>,
    f_vector: Option<&'a [usize]>,
    simplices: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triangulation: Option<&'a [Vec<usize>]>,
    volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_map: Option<Vec<Vec<String>>>,
}

/// Makes the JSON record of each region: its pattern, exact interior point, whether it is
/// bounded, its vertices (lexicographic), for an unbounded region its rays and lineality basis,
/// its facets (primitive integer inequality `b + a . x >= 0`, every supporting source, and the
/// indices of the facet's vertices), f-vector, number of simplices of the pulling triangulation
/// (and, if `with_simplices`, the simplices as vertex indices), exact volume (both `null` for an
/// unbounded region), and with an output layer the network's affine map on the region; one line
/// of JSON with the keys in that order. Numbers are exact strings.
///
/// For a region of a network restricted to `slice` (coordinates `t`), every point and direction
/// is followed by its image in the input space (`input_interior_point`, `input_vertices`,
/// `input_rays`, `input_lineality`: `x0 + U t` and `U v`, exactly); everything else stays in
/// slice coordinates.
///
/// A maker remembers the exact coordinates of the vertices of its latest records, by value:
/// regions written one after the other share most of their vertices (a vertex of a simple
/// arrangement in R^3 bounds eight regions, mostly written close together), and each
/// coordinate brought to lowest terms costs a gcd. What is remembered changes no byte written.
pub struct RecordMaker {
    with_simplices: bool,
    slice: Option<Slice>,
    recent: RecentPoints,
}

impl RecordMaker {
    /// Records with the simplices of the pulling triangulation if `with_simplices`, and with
    /// their input-space points if the network is restricted to `slice`.
    pub fn new(with_simplices: bool, slice: Option<Slice>) -> RecordMaker {
        RecordMaker {
            with_simplices,
            slice,
            recent: RecentPoints::new(RecentPoints::GENERATION),
        }
    }

    /// The record of region number `index`, as described on the type.
    pub fn record(&mut self, index: usize, region: &Region) -> String {
        let recent = &mut self.recent;
        let data = RegionData::of_with(region, self.with_simplices, &mut |point| {
            recent.coordinates(point)
        });
        region_record(index, region, &data, self.slice.as_ref())
    }
}

/// The record of region number `index` from its plain data `data` (see [`RecordMaker`]).
fn region_record(
    index: usize,
    region: &Region,
    data: &RegionData,
    slice: Option<&Slice>,
) -> String {
    let geometry = &data.geometry;
    let lift_points = |points: &[Vec<Rational>]| {
        slice.map(|s| points.iter().map(|t| strings(s.lift(t))).collect())
    };
    let lift_directions = |directions: Option<&[Vec<Integer>]>| {
        let s = slice?;
        Some(
            directions?
                .iter()
                .map(|v| {
                    let v: Vec<Rational> = v.iter().map(Rational::from).collect();
                    strings(s.lift_direction(&v))
                })
                .collect(),
        )
    };
    let record = RegionRecord {
        index,
        pattern: region.pattern_strings(),
        interior_point: strings(geometry.interior_point.iter().flatten()),
        input_interior_point: geometry
            .interior_point
            .as_ref()
            .and_then(|p| slice.map(|s| strings(s.lift(p)))),
        bounded: data.bounded,
        vertices: rows(&geometry.vertices),
        input_vertices: lift_points(&geometry.vertices),
        rays: data.rays.as_deref().map(rows),
        input_rays: lift_directions(data.rays.as_deref()),
        lineality: data.lineality.as_deref().map(rows),
        input_lineality: lift_directions(data.lineality.as_deref()),
        facets: geometry
            .facets
            .iter()
            .map(|facet| FacetRecord {
                inequality: strings(&facet.inequality),
                sources: facet.sources.iter().filter_map(source_record).collect(),
                vertices: &facet.vertices,
            })
            .collect(),
        f_vector: geometry.f_vector.as_deref(),
        simplices: geometry.simplex_count,
        triangulation: geometry.simplices.as_deref(),
        volume: geometry.volume.as_ref().map(DecimalText::decimal),
        output_map: data.output_map.as_deref().map(rows),
    };
    serde_json::to_string(&record).expect("a region record serialises")
}

/// The exact coordinates of the points met last, in two generations of at most
/// `generation` points: a point found in the older one moves to the newer, and
/// a full newer generation replaces the older.
struct RecentPoints {
    generation: usize,
    newer: FxHashMap<HomPoint, Vec<Rational>>,
    older: FxHashMap<HomPoint, Vec<Rational>>,
}

impl RecentPoints {
    /// About the vertices of the latest 500 records in R^3: over 80% of the vertices of a
    /// 3-layer box network's records are found again within that many records.
    const GENERATION: usize = 4096;

    /// Nothing remembered yet; generations of `generation` points.
    fn new(generation: usize) -> RecentPoints {
        RecentPoints {
            generation,
            newer: FxHashMap::default(),
            older: FxHashMap::default(),
        }
    }

    /// `point.to_rationals()`, remembered.
    fn coordinates(&mut self, point: &HomPoint) -> Vec<Rational> {
        if let Some(known) = self.newer.get(point) {
            return known.clone();
        }
        let coordinates = self
            .older
            .remove(point)
            .unwrap_or_else(|| point.to_rationals());
        if self.newer.len() >= self.generation.max(1) {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(point.clone(), coordinates.clone());
        coordinates
    }
}

/// The record of `source`; `None` for a side of the cube standing in for R^d.
pub(super) fn source_record(source: &Source) -> Option<SourceRecord> {
    match *source {
        Source::Domain(row) => Some(SourceRecord::Domain { domain: row }),
        Source::Neuron { layer, index } => Some(SourceRecord::Neuron {
            layer,
            neuron: index,
        }),
        Source::Bound(_) => None,
    }
}

/// Every value as its exact text.
pub(super) fn strings<T: DecimalText>(values: impl IntoIterator<Item = T>) -> Vec<String> {
    values.into_iter().map(|v| v.decimal()).collect()
}

fn rows<T: DecimalText>(values: &[Vec<T>]) -> Vec<Vec<String>> {
    values.iter().map(strings).collect()
}

/// The adjacency graph as JSON: the regions with their patterns, and one edge per pair of
/// regions sharing a facet with that facet's sources (`relupoly regions --graph`); cube sides
/// standing in for R^d are left out. Keys in alphabetical order; written from borrowed data
/// (no JSON tree of the whole graph is built).
pub fn graph_record(patterns: &[Vec<String>], complex: &Complex) -> String {
    #[derive(Serialize)]
    struct RegionNode<'a> {
        index: usize,
        pattern: &'a [String],
    }
    #[derive(Serialize)]
    struct Edge {
        regions: [usize; 2],
        sources: Vec<SourceRecord>,
    }
    #[derive(Serialize)]
    struct Graph<'a> {
        edges: Vec<Edge>,
        regions: Vec<RegionNode<'a>>,
    }
    let graph = Graph {
        edges: complex
            .adjacencies
            .iter()
            .map(|a| Edge {
                regions: [a.regions.0, a.regions.1],
                sources: a.sources.iter().filter_map(source_record).collect(),
            })
            .collect(),
        regions: patterns
            .iter()
            .enumerate()
            .map(|(index, pattern)| RegionNode { index, pattern })
            .collect(),
    };
    serde_json::to_string(&graph).expect("a graph serialises") + "\n"
}

/// Writes one region record ([`RecordMaker`]) per line to `FILE.partial`, renamed to `FILE` by
/// [`RecordFile::finish`] once the run is complete: a stopped or killed run never leaves a
/// prefix under the final name. When `FILE` exists and is no regular file (`/dev/null`, a
/// pipe), the records go to it directly: a rename would replace the device or pipe itself.
pub struct RecordFile {
    path: PathBuf,
    /// Where the records are written: `FILE.partial`, or `FILE` itself when it is no regular
    /// file.
    written: PathBuf,
    out: BufWriter<File>,
    records: RecordMaker,
}

impl RecordFile {
    /// Creates the file the records are written to (`path.partial`, or `path` when it is no
    /// regular file); `with_simplices` adds each region's triangulation; `slice` adds
    /// the input-space images of a sliced network's points (see [`RecordMaker`]).
    pub fn create(
        path: &Path,
        with_simplices: bool,
        slice: Option<Slice>,
    ) -> Result<RecordFile, String> {
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
        let written = if special {
            path.to_path_buf()
        } else {
            partial_path(path)
        };
        let file = File::create(&written)
            .map_err(|e| format!("{}: cannot create the file: {e}", written.display()))?;
        Ok(RecordFile {
            path: path.to_path_buf(),
            written,
            out: BufWriter::new(file),
            records: RecordMaker::new(with_simplices, slice),
        })
    }

    /// Flushes the records and gives the file its final name.
    pub fn finish(mut self) -> Result<(), String> {
        self.out
            .flush()
            .map_err(|e| format!("{}: cannot write: {e}", self.written.display()))?;
        if self.written == self.path {
            return Ok(());
        }
        std::fs::rename(&self.written, &self.path).map_err(|e| {
            format!(
                "{}: cannot rename to {}: {e}",
                self.written.display(),
                self.path.display()
            )
        })
    }
}

impl RegionConsumer for RecordFile {
    fn consume(&mut self, index: usize, region: &Region) -> Result<(), String> {
        writeln!(self.out, "{}", self.records.record(index, region))
            .map_err(|e| format!("{}: cannot write: {e}", self.written.display()))
    }
}

/// `FILE.partial` beside `FILE`: where a streamed output is written until it is complete.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::{RecentPoints, RecordMaker};
    use crate::exact::Rational;
    use crate::network::{BiasInit, BlockKind, RandomSpec, WeightInit};
    use crate::regions::{enumerate, Domain, Limits};

    /// Records made by one maker, whose memory of points is tiny (three points a generation,
    /// so points move between generations and generations are dropped all the time) or as in
    /// runs, are those of a fresh maker per region: what is remembered changes no byte. The
    /// network has small integer weights, so hyperplanes meet in shared and degenerate
    /// vertices, and over 3,000 vertices are met again.
    #[test]
    fn remembered_points_change_no_record() {
        let network = RandomSpec {
            input_dim: 3,
            widths: vec![10, 8],
            output: None,
            init: WeightInit::Integers(2),
            bias: BiasInit::Integers(2),
            seed: 7,
            bits: None,
            blocks: BlockKind::plain(),
            first_layer_rank: None,
        }
        .generate()
        .unwrap();
        let one = Rational::from(1u32);
        let domain = Domain::cube(3, &-&one, &one).unwrap();
        let regions = enumerate(&network, &domain, Limits::default(), &mut |_| {}).unwrap();
        let vertices: usize = regions.iter().map(|r| r.vertex_indices().len()).sum();
        let mut distinct = std::collections::HashSet::new();
        for region in &regions {
            for &v in region.vertex_indices() {
                distinct.insert(region.polytope.vertices()[v].point.clone());
            }
        }
        assert!(
            vertices - distinct.len() > 3000,
            "{vertices} {}",
            distinct.len()
        );
        for generation in [3, RecentPoints::GENERATION] {
            let mut maker = RecordMaker::new(false, None);
            maker.recent = RecentPoints::new(generation);
            for (i, region) in regions.iter().enumerate() {
                assert_eq!(
                    maker.record(i, region),
                    RecordMaker::new(false, None).record(i, region)
                );
            }
        }
    }
}
