//! `relupoly decision`: the decision regions of a classifier, their boundary and topology.

use super::domain::DomainArgs;
use super::emit;
use super::regions::{scientific, ProgressReporter};
use crate::exact::Rational;
use crate::io::{
    boundary_json, decision_cell_record, decision_json, draw_decision_regions, read_network,
};
use crate::regions::{decision_regions, DecisionRegions, Limits, Run};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `relupoly decision`.
#[derive(Args)]
pub struct DecisionArgs {
    /// The network file (JSON, see docs/formats.md): its output layer gives the class scores.
    network: PathBuf,
    #[command(flatten)]
    domain: DomainArgs,
    /// Print the summary as one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Write one JSON record per decision cell to this file.
    #[arg(long, value_name = "FILE")]
    cells: Option<PathBuf>,
    /// Write the decision boundary (its vertices and cells) as JSON to this file.
    #[arg(long, value_name = "FILE")]
    boundary: Option<PathBuf>,
    /// Draw the cells coloured by class, with the boundary, into this SVG file (2D only).
    #[arg(long, value_name = "FILE.svg")]
    draw: Option<PathBuf>,
    /// Stop with an error once the network is known to have more than N activation regions.
    #[arg(long, value_name = "N")]
    max_regions: Option<usize>,
    /// Print no progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Enumerates the activation regions, refines them by the argmax and prints what was asked for.
pub fn run(args: DecisionArgs) -> Result<(), String> {
    let studied = args
        .domain
        .study(read_network(&args.network).map_err(|e| e.to_string())?)?;
    let network = studied.network;
    if args.draw.is_some() && network.input_dim() != 2 {
        return Err(format!(
            "--draw needs a network with input dimension 2 or a 2-dimensional --slice (this one has {})",
            network.input_dim()
        ));
    }
    if studied.spec.is_whole_space() {
        return Err("decision regions need a bounded domain (a box, a polytope file or a slice's domain), not --domain rd".into());
    }
    let domain = studied.spec.build(&network).map_err(|e| e.to_string())?;
    let mut reporter = ProgressReporter::new(args.quiet);
    let run = Run::new(&network, domain)
        .with_limits(Limits {
            max_regions: args.max_regions,
            skip_volumes: true,
            ..Limits::default()
        })
        .with_complex(false);
    let (regions, _) = run
        .collect(&mut |p| reporter.report(p))
        .map_err(|e| e.to_string())?;
    let decision =
        decision_regions(&regions).map_err(|e| format!("{}: {e}", args.network.display()))?;
    let slice = studied.slice.as_ref();
    if let Some(path) = &args.cells {
        let lines: String = (decision.cells.iter().enumerate())
            .map(|(i, cell)| decision_cell_record(i, cell, slice) + "\n")
            .collect();
        write(path, &lines)?;
    }
    if let Some(path) = &args.boundary {
        write(path, &boundary_json(&decision.boundary, slice))?;
    }
    let name = args.network.file_name().map_or_else(
        || args.network.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let title = format!(
        "{name} on {}{}: {} regions, {} cells",
        studied.prefix,
        run.domain().description(),
        regions.len(),
        decision.cells.len()
    );
    if let Some(path) = &args.draw {
        draw_decision_regions(path, &title, &decision)?;
    }
    if args.json {
        emit(&format!("{}\n", decision_json(&decision)))
    } else {
        emit(&text(&title, &decision))
    }
}

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The readable summary.
fn text(title: &str, decision: &DecisionRegions) -> String {
    let mut out = String::new();
    say!(out, "{title}");
    say!(
        out,
        "complex   f-vector {:?} (every face of every cell)",
        decision.f_vector
    );
    say!(
        out,
        "boundary  f-vector {:?}, Betti numbers over GF(2) {:?}",
        decision.boundary.f_vector(),
        decision.boundary.betti
    );
    let tied = decision.cells.iter().filter(|c| !c.tied.is_empty()).count();
    if tied > 0 {
        say!(
            out,
            "ties      {tied} cells have classes scoring the same on their whole region; the lowest index wins there"
        );
    }
    for t in &decision.class_topology {
        if t.cells == 0 {
            say!(out, "class {:<3} wins nowhere", t.class);
        } else {
            say!(
                out,
                "class {:<3} {} cells, volume {}, components {}, Betti numbers over GF(2) {:?}",
                t.class,
                t.cells,
                short(&t.volume),
                t.betti[0],
                t.betti
            );
        }
    }
    out
}

/// An exact value, or for a long one its first digits and its length (`--json` has it all).
fn short(value: &Rational) -> String {
    let exact = value.to_string();
    if exact.len() <= 40 {
        exact
    } else {
        format!(
            "about {} ({} digits exactly, see --json)",
            scientific(value),
            exact.len()
        )
    }
}
