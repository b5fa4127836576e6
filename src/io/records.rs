//! The per-region JSON record written by `relupoly regions --jsonl` (schema in
//! `docs/formats.md`).

use crate::exact::text::DecimalText;
use crate::exact::{HomPoint, Rational};
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

/// The record of region number `index` from its plain data `data` (see [`RecordMaker`]), written
/// straight into one string: every string value is exact decimal text or a pattern's bits,
/// which JSON needs no escapes for, so none is escaped and no number is held as a string of
/// its own (a facet's sources still go through serde, which defines their text for every
/// format). The bytes are those serde_json's compact form would write.
fn region_record(
    index: usize,
    region: &Region,
    data: &RegionData,
    slice: Option<&Slice>,
) -> String {
    let geometry = &data.geometry;
    // About a record of a 3-layer box network in R^3 (3.5-3.8 KB on average).
    let mut out = JsonLine::with_capacity(4096);
    out.raw("{\"index\":");
    out.number(index);
    out.key("pattern");
    out.list(&region.pattern_strings(), |out, bits| {
        out.raw("\"");
        out.raw(bits);
        out.raw("\"");
    });
    let interior: &[Rational] = geometry.interior_point.as_deref().unwrap_or_default();
    out.key("interior_point");
    out.exact_row(interior);
    if let (Some(point), Some(slice)) = (&geometry.interior_point, slice) {
        out.key("input_interior_point");
        out.exact_row(&slice.lift(point));
    }
    out.key("bounded");
    out.raw(if data.bounded { "true" } else { "false" });
    out.key("vertices");
    out.exact_rows(&geometry.vertices);
    if let Some(slice) = slice {
        out.key("input_vertices");
        out.list(&geometry.vertices, |out, t| out.exact_row(&slice.lift(t)));
    }
    let directions = [
        ("rays", "input_rays", &data.rays),
        ("lineality", "input_lineality", &data.lineality),
    ];
    for (name, input_name, directions) in directions {
        let Some(directions) = directions else {
            continue;
        };
        out.key(name);
        out.exact_rows(directions);
        if let Some(slice) = slice {
            out.key(input_name);
            out.list(directions, |out, v| {
                let v: Vec<Rational> = v.iter().map(Rational::from).collect();
                out.exact_row(&slice.lift_direction(&v));
            });
        }
    }
    out.key("facets");
    out.list(&geometry.facets, |out, facet| {
        out.raw("{\"inequality\":");
        out.exact_row(&facet.inequality);
        out.key("sources");
        let sources: Vec<SourceRecord> = facet.sources.iter().filter_map(source_record).collect();
        out.raw(&serde_json::to_string(&sources).expect("sources serialise"));
        out.key("vertices");
        out.counts(&facet.vertices);
        out.raw("}");
    });
    out.key("f_vector");
    match &geometry.f_vector {
        Some(f_vector) => out.counts(f_vector),
        None => out.raw("null"),
    }
    out.key("simplices");
    match geometry.simplex_count {
        Some(count) => out.number(count),
        None => out.raw("null"),
    }
    if let Some(simplices) = &geometry.simplices {
        out.key("triangulation");
        out.list(simplices, |out, simplex| out.counts(simplex));
    }
    out.key("volume");
    match &geometry.volume {
        Some(volume) => out.exact(volume),
        None => out.raw("null"),
    }
    if let Some(map) = &data.output_map {
        out.key("output_map");
        out.exact_rows(map);
    }
    out.raw("}");
    out.0
}

/// Compact JSON appended to a string, for values that need no escapes.
struct JsonLine(String);

impl JsonLine {
    /// Nothing written yet, room for `capacity` bytes.
    fn with_capacity(capacity: usize) -> JsonLine {
        JsonLine(String::with_capacity(capacity))
    }

    /// `text` as it is.
    fn raw(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// `,"name":`, the key of a member after the first.
    fn key(&mut self, name: &str) {
        self.0.push_str(",\"");
        self.0.push_str(name);
        self.0.push_str("\":");
    }

    /// `value`'s exact decimal text as a JSON string.
    fn exact(&mut self, value: &impl DecimalText) {
        self.0.push('"');
        value.push_decimal(&mut self.0);
        self.0.push('"');
    }

    /// `[item, ...]`, each item written by `write`.
    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut JsonLine, &T)) {
        self.0.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            write(self, item);
        }
        self.0.push(']');
    }

    /// A list of exact values.
    fn exact_row<T: DecimalText>(&mut self, row: &[T]) {
        self.list(row, JsonLine::exact);
    }

    /// A list of lists of exact values.
    fn exact_rows<T: DecimalText>(&mut self, rows: &[Vec<T>]) {
        self.list(rows, |out, row| out.exact_row(row));
    }

    /// A count or index as a JSON number.
    fn number(&mut self, value: usize) {
        self.0.push_str(itoa::Buffer::new().format(value));
    }

    /// A list of counts or indices, as JSON numbers.
    fn counts(&mut self, values: &[usize]) {
        self.list(values, |out, value| out.number(*value));
    }
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
    use crate::exact::text::DecimalText;
    use crate::exact::Rational;
    use crate::network::{BiasInit, BlockKind, RandomSpec, Slice, WeightInit};
    use crate::regions::{enumerate, Domain, Limits, RegionData, Source};
    use serde_json::Value;

    /// Exact texts as JSON.
    fn texts<T: DecimalText>(values: &[T]) -> Value {
        values.iter().map(|v| Value::from(v.decimal())).collect()
    }

    /// Rows of exact texts as JSON.
    fn text_rows<T: DecimalText>(rows: &[Vec<T>]) -> Value {
        rows.iter().map(|row| texts(row)).collect()
    }

    /// Each record is one line of JSON whose members come in the documented order and hold the
    /// region's exact data, read back by a JSON parser: over R^3 with unbounded regions, rays and
    /// a lineality space (a first layer of rank 2) and an output map, with and without points
    /// and directions lifted through a slice into R^4, and on a box with the triangulation
    /// listed and the points lifted.
    #[test]
    fn records_hold_the_exact_data_in_the_documented_order() {
        let network = RandomSpec {
            input_dim: 3,
            widths: vec![6, 4],
            output: Some(2),
            init: WeightInit::Integers(2),
            bias: BiasInit::Integers(1),
            seed: 11,
            bits: None,
            blocks: BlockKind::plain(),
            first_layer_rank: Some(2),
        }
        .generate()
        .unwrap();
        let r = |n: i64, d: u64| Rational::from_signeds(n, d as i64);
        let slice = Slice::new(
            vec![r(1, 2), r(0, 1), r(-3, 1), r(0, 1)],
            vec![
                vec![r(1, 1), r(0, 1), r(0, 1), r(2, 3)],
                vec![r(0, 1), r(1, 1), r(0, 1), r(0, 1)],
                vec![r(0, 1), r(1, 1), r(1, 1), r(-1, 1)],
            ],
        )
        .unwrap();
        let cube = Domain::cube(3, &r(-1, 1), &r(1, 1)).unwrap();
        let whole = Domain::whole_space(&network).unwrap();
        let (mut unbounded, mut lineality, mut simplices) = (0, 0, 0);
        let runs = [
            (whole.clone(), false, None),
            (whole, false, Some(slice.clone())),
            (cube, true, Some(slice)),
        ];
        for (domain, with_simplices, slice) in runs {
            let regions = enumerate(&network, &domain, Limits::default(), &mut |_| {}).unwrap();
            let mut maker = RecordMaker::new(with_simplices, slice.clone());
            for (index, region) in regions.iter().enumerate() {
                let line = maker.record(index, region);
                assert!(!line.contains('\n') && !line.contains(' '), "{line}");
                let record: Value = serde_json::from_str(&line).unwrap();
                let data = RegionData::of(region, with_simplices);
                let geometry = &data.geometry;
                let point = geometry.interior_point.clone().unwrap();
                let mut expected: Vec<(&str, Value)> = vec![
                    ("index", index.into()),
                    ("pattern", region.pattern_strings().into()),
                    ("interior_point", texts(&point)),
                ];
                let lift = |points: &[Vec<Rational>]| -> Vec<Vec<Rational>> {
                    let slice = slice.as_ref().unwrap();
                    points.iter().map(|p| slice.lift(p)).collect()
                };
                if slice.is_some() {
                    expected.push(("input_interior_point", texts(&lift(&[point])[0])));
                }
                expected.push(("bounded", data.bounded.into()));
                expected.push(("vertices", text_rows(&geometry.vertices)));
                if slice.is_some() {
                    expected.push(("input_vertices", text_rows(&lift(&geometry.vertices))));
                }
                if let Some(rays) = &data.rays {
                    let basis = data.lineality.as_ref().unwrap();
                    unbounded += 1;
                    lineality += usize::from(!basis.is_empty());
                    let pairs = [
                        ("rays", "input_rays", rays),
                        ("lineality", "input_lineality", basis),
                    ];
                    for (name, input_name, directions) in pairs {
                        expected.push((name, text_rows(directions)));
                        if let Some(slice) = &slice {
                            let lifted: Vec<Vec<Rational>> = directions
                                .iter()
                                .map(|v| {
                                    let v: Vec<Rational> = v.iter().map(Rational::from).collect();
                                    slice.lift_direction(&v)
                                })
                                .collect();
                            expected.push((input_name, text_rows(&lifted)));
                        }
                    }
                }
                let facets: Vec<Value> = geometry
                    .facets
                    .iter()
                    .map(|facet| {
                        let sources: Vec<Value> = facet
                            .sources
                            .iter()
                            .map(|source| match *source {
                                Source::Domain(row) => serde_json::json!({ "domain": row }),
                                Source::Neuron { layer, index } => {
                                    serde_json::json!({ "layer": layer, "neuron": index })
                                }
                                Source::Bound(_) => unreachable!("cube sides are left out"),
                            })
                            .collect();
                        serde_json::json!({
                            "inequality": texts(&facet.inequality),
                            "sources": sources,
                            "vertices": facet.vertices,
                        })
                    })
                    .collect();
                expected.push(("facets", facets.into()));
                expected.push(("f_vector", geometry.f_vector.clone().into()));
                expected.push(("simplices", geometry.simplex_count.into()));
                if let Some(listed) = &geometry.simplices {
                    simplices += listed.len();
                    expected.push(("triangulation", listed.clone().into()));
                }
                expected.push((
                    "volume",
                    geometry.volume.as_ref().map(|v| v.decimal()).into(),
                ));
                expected.push(("output_map", text_rows(data.output_map.as_ref().unwrap())));
                let object = record.as_object().unwrap();
                assert_eq!(object.len(), expected.len(), "{line}");
                let mut at = 0;
                for (key, value) in &expected {
                    assert_eq!(&object[*key], value, "{key} in {line}");
                    let found = line[at..].find(&format!("\"{key}\":")).map(|i| i + at);
                    at = found.unwrap_or_else(|| panic!("{key} out of order in {line}"));
                }
            }
        }
        assert!(unbounded > 10 && lineality > 10 && simplices > 100);
    }

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
