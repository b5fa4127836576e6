//! `relupoly polytope`: the exact polytope tool.

use super::emit;
use crate::io::{polytope_json, read_polytope, Description};
use crate::polytope::{FaceLattice, PolytopeData};
use clap::Args;
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

/// Computes and prints everything about the polytope.
pub fn run(args: PolytopeArgs) -> Result<(), String> {
    let (mut polytope, description) = read_polytope(&args.file).map_err(|e| e.to_string())?;
    polytope.sort_vertices_lex();
    let lattice = (!args.no_lattice).then(|| FaceLattice::of(&polytope));
    let data = PolytopeData::measured(&polytope, lattice.as_ref(), args.simplices);
    let faces = lattice.as_ref().filter(|_| args.lattice);
    let text = if args.json {
        polytope_json(&data, faces) + "\n"
    } else {
        report_text(&args.file.display().to_string(), description, &data, faces)
    };
    emit(&text)
}

fn list<T: ToString>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

fn report_text(
    name: &str,
    description: Description,
    report: &PolytopeData<usize>,
    faces: Option<&FaceLattice>,
) -> String {
    let mut out = String::new();
    let given = match description {
        Description::Inequalities => "inequalities",
        Description::Vertices => "points",
    };
    say!(
        out,
        "polytope  {name} (given by {given}), dimension {}",
        report.dim
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
        let rows = if f.sources.is_empty() {
            String::new()
        } else {
            format!("  rows {}", list(&f.sources, " "))
        };
        say!(
            out,
            "  {i:>4}  [{}]{rows}  vertices {}",
            list(&f.inequality, ", "),
            list(&f.vertices, " ")
        );
    }
    let (Some(f_vector), Some(simplices), Some(volume)) =
        (&report.f_vector, report.simplex_count, &report.volume)
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
    if let Some(simplices) = &report.simplices {
        for s in simplices {
            say!(out, "  {}", list(s, " "));
        }
    }
    say!(out, "volume    {volume}");
    if let Some(lattice) = faces {
        say!(
            out,
            "faces     {} (dimension: vertices; covers = facets of the face)",
            lattice.faces().len()
        );
        for (i, f) in lattice.faces().iter().enumerate() {
            say!(
                out,
                "  {i:>4}  dim {}: {{{}}}  covers {}",
                f.dim,
                list(&f.vertices.iter().collect::<Vec<_>>(), " "),
                list(&f.covers, " ")
            );
        }
    }
    out
}
