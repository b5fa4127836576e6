//! `relupoly polytope`: the exact polytope tool.

use super::emit;
use crate::io::{read_polytope, Description};
use crate::polytope::{FaceLattice, Polytope, Pulling};
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
    /// Also print the simplices of the pulling triangulation (a d-cube has d! of them; without
    /// this flag they are counted, not listed).
    #[arg(long)]
    simplices: bool,
    /// Only the vertices, facets and incidences (what lrs and cdd give): no face lattice, so no
    /// f-vector, triangulation or volume. For polytopes whose face lattice is too large to hold
    /// (a 16-cube has 3^16 faces).
    #[arg(long, conflicts_with_all = ["lattice", "simplices"])]
    no_lattice: bool,
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
    f_vector: Option<Vec<usize>>,
    simplices: Option<usize>,
    volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triangulation: Option<Vec<Vec<usize>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    faces: Option<Vec<FaceJson>>,
}

/// Computes and prints everything about the polytope.
pub fn run(args: PolytopeArgs) -> Result<(), String> {
    let (mut polytope, description) = read_polytope(&args.file).map_err(|e| e.to_string())?;
    polytope.sort_vertices_lex();
    let lattice = (!args.no_lattice).then(|| FaceLattice::of(&polytope));
    let pulling = lattice.as_ref().map(|l| Pulling::new(&polytope, l));
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
        f_vector: lattice.as_ref().map(FaceLattice::f_vector),
        simplices: pulling.as_ref().map(Pulling::simplex_count),
        volume: pulling.as_ref().map(|p| p.volume(&polytope).to_string()),
        triangulation: pulling
            .as_ref()
            .filter(|_| args.simplices)
            .map(Pulling::simplices),
        faces: lattice.as_ref().filter(|_| args.lattice).map(|lattice| {
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
    let (Some(f_vector), Some(simplices), Some(volume)) =
        (&report.f_vector, report.simplices, &report.volume)
    else {
        say!(
            out,
            "no face lattice (--no-lattice): f-vector, triangulation and volume not computed"
        );
        return out;
    };
    say!(out, "f-vector  ({})", list(f_vector, ", "));
    say!(
        out,
        "simplices {simplices} (pulling triangulation, lexicographic vertex order)"
    );
    if let Some(simplices) = &report.triangulation {
        for s in simplices {
            say!(out, "  {}", list(s, " "));
        }
    }
    say!(out, "volume    {volume}");
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
