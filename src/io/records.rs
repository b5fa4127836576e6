//! The per-region JSON record written by `relupoly regions --jsonl` (schema in
//! `docs/formats.md`).

use crate::exact::{Integer, Rational};
use crate::network::Slice;
use crate::regions::{Complex, Region, RegionConsumer, RegionData, Source};
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

/// The JSON record of region number `index`: its pattern, exact interior point, whether it is
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
pub fn region_record(
    index: usize,
    region: &Region,
    with_simplices: bool,
    slice: Option<&Slice>,
) -> String {
    let data = RegionData::of(region, with_simplices);
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
        volume: geometry.volume.as_ref().map(ToString::to_string),
        output_map: data.output_map.as_deref().map(rows),
    };
    serde_json::to_string(&record).expect("a region record serialises")
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
pub(super) fn strings<T: ToString>(values: impl IntoIterator<Item = T>) -> Vec<String> {
    values.into_iter().map(|v| v.to_string()).collect()
}

fn rows<T: std::fmt::Display>(values: &[Vec<T>]) -> Vec<Vec<String>> {
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

/// Writes one [`region_record`] per line to `FILE.partial`, renamed to `FILE` by
/// [`RecordFile::finish`] once the run is complete: a stopped or killed run never leaves a
/// prefix under the final name. When `FILE` exists and is no regular file (`/dev/null`, a
/// pipe), the records go to it directly: a rename would replace the device or pipe itself.
pub struct RecordFile {
    path: PathBuf,
    /// Where the records are written: `FILE.partial`, or `FILE` itself when it is no regular
    /// file.
    written: PathBuf,
    out: BufWriter<File>,
    with_simplices: bool,
    slice: Option<Slice>,
}

impl RecordFile {
    /// Creates the file the records are written to (`path.partial`, or `path` when it is no
    /// regular file); `with_simplices` adds each region's triangulation; `slice` adds
    /// the input-space images of a sliced network's points (see [`region_record`]).
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
            with_simplices,
            slice,
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
        writeln!(
            self.out,
            "{}",
            region_record(index, region, self.with_simplices, self.slice.as_ref())
        )
        .map_err(|e| format!("{}: cannot write: {e}", self.written.display()))
    }
}

/// `FILE.partial` beside `FILE`: where a streamed output is written until it is complete.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}
