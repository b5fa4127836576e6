//! The decision regions' documents (`relupoly decision`, schema in `docs/formats.md`): the
//! summary, one record per cell, and the boundary complex.

use super::records::{source_record, strings, SourceRecord};
use crate::exact::{HomPoint, Rational};
use crate::network::Slice;
use crate::polytope::PolytopeData;
use crate::regions::{DecisionBoundary, DecisionCell, DecisionRegions, DecisionSource};
use serde::Serialize;

/// The summary of `relupoly decision --json`: the classes, the complex's f-vector, per class its
/// cells, volume and Betti numbers, and the boundary's f-vector and Betti numbers (over GF(2),
/// named in `"betti_field"`). One line; exact values as strings.
pub fn decision_json(decision: &DecisionRegions) -> String {
    #[derive(Serialize)]
    struct Class<'a> {
        class: usize,
        cells: usize,
        volume: String,
        components: Option<usize>,
        betti: &'a [usize],
    }
    #[derive(Serialize)]
    struct Boundary<'a> {
        f_vector: Vec<usize>,
        betti: &'a [usize],
    }
    #[derive(Serialize)]
    struct Summary<'a> {
        dim: usize,
        classes: usize,
        regions: usize,
        cells: usize,
        f_vector: &'a [usize],
        betti_field: &'static str,
        per_class: Vec<Class<'a>>,
        boundary: Boundary<'a>,
    }
    let summary = Summary {
        dim: decision.dim,
        classes: decision.classes,
        regions: decision.regions,
        cells: decision.cells.len(),
        f_vector: &decision.f_vector,
        betti_field: "GF(2)",
        per_class: decision
            .class_topology
            .iter()
            .map(|t| Class {
                class: t.class,
                cells: t.cells,
                volume: t.volume.to_string(),
                components: t.betti.first().copied(),
                betti: &t.betti,
            })
            .collect(),
        boundary: Boundary {
            f_vector: decision.boundary.f_vector(),
            betti: &decision.boundary.betti,
        },
    };
    serde_json::to_string(&summary).expect("a summary serialises")
}

fn decision_source_record(source: &DecisionSource) -> Option<SourceRecord> {
    match source {
        DecisionSource::Region(source) => source_record(source),
        DecisionSource::Tie { winner, other } => Some(SourceRecord::Tie {
            classes: [*winner, *other],
        }),
    }
}

/// The JSON record of decision cell number `index`: its activation region, class, the classes
/// tied with it on the whole region, interior point, vertices (lexicographic), facets (primitive
/// integer inequality, sources: neurons, domain rows, or `{"classes": [c, j]}` for the tie
/// hyperplane `y_c = y_j`, vertex indices) and exact volume; on a slice also the interior point
/// and vertices lifted to the input space. One line; exact values as strings.
pub fn decision_cell_record(index: usize, cell: &DecisionCell, slice: Option<&Slice>) -> String {
    #[derive(Serialize)]
    struct Facet<'a> {
        inequality: Vec<String>,
        sources: Vec<SourceRecord>,
        vertices: &'a [usize],
    }
    #[derive(Serialize)]
    struct Record<'a> {
        index: usize,
        region: usize,
        class: usize,
        tied: &'a [usize],
        interior_point: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        input_interior_point: Option<Vec<String>>,
        vertices: Vec<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        input_vertices: Option<Vec<Vec<String>>>,
        facets: Vec<Facet<'a>>,
        volume: String,
    }
    let polytope = &cell.polytope;
    let all_vertices: Vec<usize> = (0..polytope.vertices().len()).collect();
    let all_facets: Vec<usize> = (0..polytope.facets().len()).collect();
    let data = PolytopeData::geometry(polytope, &all_vertices, &all_facets);
    let interior = cell.interior_point.to_rationals();
    let record = Record {
        index,
        region: cell.region,
        class: cell.class,
        tied: &cell.tied,
        interior_point: strings(&interior),
        input_interior_point: slice.map(|s| strings(s.lift(&interior))),
        vertices: data.vertices.iter().map(strings).collect(),
        input_vertices: slice.map(|s| data.vertices.iter().map(|v| strings(s.lift(v))).collect()),
        facets: polytope
            .facets()
            .iter()
            .zip(&data.facets)
            .map(|(facet, facet_data)| Facet {
                inequality: facet
                    .inequality
                    .coeffs()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                sources: facet
                    .sources
                    .iter()
                    .filter_map(decision_source_record)
                    .collect(),
                vertices: &facet_data.vertices,
            })
            .collect(),
        volume: cell.volume.to_string(),
    };
    serde_json::to_string(&record).expect("a cell record serialises")
}

/// The boundary complex as JSON: its vertices (exact, lexicographic; on a slice also lifted),
/// its cells of each dimension as sorted vertex indices, its f-vector and Betti numbers over
/// GF(2).
pub fn boundary_json(boundary: &DecisionBoundary, slice: Option<&Slice>) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        vertices: Vec<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        input_vertices: Option<Vec<Vec<String>>>,
        cells: &'a [Vec<Vec<usize>>],
        f_vector: Vec<usize>,
        betti_field: &'static str,
        betti: &'a [usize],
    }
    let points: Vec<Vec<Rational>> = boundary
        .vertices
        .iter()
        .map(HomPoint::to_rationals)
        .collect();
    let document = Document {
        vertices: points.iter().map(strings).collect(),
        input_vertices: slice.map(|s| points.iter().map(|p| strings(s.lift(p))).collect()),
        cells: &boundary.cells,
        f_vector: boundary.f_vector(),
        betti_field: "GF(2)",
        betti: &boundary.betti,
    };
    serde_json::to_string(&document).expect("a boundary serialises") + "\n"
}
