//! `relupoly polytope`: the exact polytope tool.

use super::emit;
use crate::polytope::{
    pulling_triangulation_in, read_polytope, volume_of, Description, FaceLattice, Polytope,
};
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `relupoly polytope`.
#[derive(Args)]
pub struct PolytopeArgs {
    /// The polytope file: {"inequalities": [[b, a1, ..., ad], ...]} or {"vertices": [[x1, ..., xd], ...]}.
    file: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Also print every face of the face lattice.
    #[arg(long)]
    lattice: bool,
    /// Also print the simplices of the pulling triangulation.
    #[arg(long)]
    simplices: bool,
}

#[derive(Serialize)]
struct FacetJson {
    inequality: Vec<String>,
    rows: Vec<usize>,
    vertices: Vec<usize>,
}

#[derive(Serialize)]
struct FaceJson {
    dim: usize,
    vertices: Vec<usize>,
    covers: Vec<usize>,
}

#[derive(Serialize)]
struct PolytopeJson {
    dimension: usize,
    vertices: Vec<Vec<String>>,
    facets: Vec<FacetJson>,
    f_vector: Vec<usize>,
    simplices: usize,
    volume: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    triangulation: Option<Vec<Vec<usize>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    faces: Option<Vec<FaceJson>>,
}

/// Computes and prints everything about the polytope.
pub fn run(args: PolytopeArgs) -> Result<(), String> {
    let (mut polytope, description) = read_polytope(&args.file).map_err(|e| e.to_string())?;
    polytope.sort_vertices_lex();
    let lattice = FaceLattice::of(&polytope);
    let simplices = pulling_triangulation_in(&polytope, &lattice);
    let report = PolytopeJson {
        dimension: polytope.dim(),
        vertices: polytope
            .vertices()
            .iter()
            .map(|v| {
                v.point
                    .to_rationals()
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .collect(),
        facets: facets_json(&polytope),
        f_vector: lattice.f_vector(),
        simplices: simplices.len(),
        volume: volume_of(&polytope, &simplices).to_string(),
        triangulation: args.simplices.then(|| simplices.clone()),
        faces: args.lattice.then(|| {
            lattice
                .faces()
                .iter()
                .map(|f| FaceJson {
                    dim: f.dim,
                    vertices: f.vertices.iter().collect(),
                    covers: f.covers.clone(),
                })
                .collect()
        }),
    };
    let text = if args.json {
        serde_json::to_string(&report).expect("the report serialises") + "\n"
    } else {
        report_text(&args.file.display().to_string(), description, &report)
    };
    emit(&text)
}

fn facets_json(polytope: &Polytope<usize>) -> Vec<FacetJson> {
    polytope
        .facets()
        .iter()
        .zip(polytope.facet_vertex_sets())
        .map(|(facet, vertices)| FacetJson {
            inequality: facet
                .inequality
                .coeffs()
                .iter()
                .map(ToString::to_string)
                .collect(),
            rows: facet.sources.clone(),
            vertices: vertices.iter().collect(),
        })
        .collect()
}

fn list<T: ToString>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

fn report_text(name: &str, description: Description, report: &PolytopeJson) -> String {
    let mut out = String::new();
    let given = match description {
        Description::Inequalities => "inequalities",
        Description::Vertices => "points",
    };
    say!(
        out,
        "polytope  {name} (given by {given}), dimension {}",
        report.dimension
    );
    say!(
        out,
        "vertices  {} (lexicographic order)",
        report.vertices.len()
    );
    for (i, v) in report.vertices.iter().enumerate() {
        say!(out, "  {i:>4}  ({})", list(v, ", "));
    }
    say!(
        out,
        "facets    {} (b + a.x >= 0 as [b, a])",
        report.facets.len()
    );
    for (i, f) in report.facets.iter().enumerate() {
        let rows = if f.rows.is_empty() {
            String::new()
        } else {
            format!("  rows {}", list(&f.rows, " "))
        };
        say!(
            out,
            "  {i:>4}  [{}]{rows}  vertices {}",
            list(&f.inequality, ", "),
            list(&f.vertices, " ")
        );
    }
    say!(out, "f-vector  ({})", list(&report.f_vector, ", "));
    say!(
        out,
        "simplices {} (pulling triangulation, lexicographic vertex order)",
        report.simplices
    );
    if let Some(simplices) = &report.triangulation {
        for s in simplices {
            say!(out, "  {}", list(s, " "));
        }
    }
    say!(out, "volume    {}", report.volume);
    if let Some(faces) = &report.faces {
        say!(
            out,
            "faces     {} (dimension: vertices; covers = facets of the face)",
            faces.len()
        );
        for (i, f) in faces.iter().enumerate() {
            say!(
                out,
                "  {i:>4}  dim {}: {{{}}}  covers {}",
                f.dim,
                list(&f.vertices, " "),
                list(&f.covers, " ")
            );
        }
    }
    out
}
