//! `relupoly merge`: the parts of a sharded run put together into what the unsharded run
//! reports.

use super::emit;
use super::regions::summary_text;
use crate::io::{graph_record, merge_parts, partial_path, summary_json, MergeOutputs, PartSource};
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `relupoly merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// The parts written by `relupoly regions --shard K/N --out PART`, one per shard, in any
    /// order.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Print the summary as one JSON object instead of text.
    #[arg(long)]
    summary_json: bool,
    /// Write one JSON record per region to this file (the parts need --records).
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Write the adjacency graph to this JSON file (the parts need the complex).
    #[arg(long, value_name = "FILE")]
    graph: Option<PathBuf>,
}

/// Merges the parts and writes what was asked for; nothing is written when a part is refused.
pub fn run(args: MergeArgs) -> Result<(), String> {
    let started = Instant::now();
    let sources: Vec<&dyn PartSource> = args.parts.iter().map(|p| p as &dyn PartSource).collect();
    let outputs = MergeOutputs {
        records: args.jsonl.is_some(),
        patterns: args.graph.is_some(),
    };
    let mut file = None;
    let merged = merge_parts(&sources, outputs, &mut |line| {
        let path = args
            .jsonl
            .as_ref()
            .expect("records are asked for with --jsonl");
        if file.is_none() {
            let partial = partial_path(path);
            let created = std::fs::File::create(&partial)
                .map_err(|e| format!("{}: cannot create the file: {e}", partial.display()))?;
            file = Some(BufWriter::new(created));
        }
        let out = file.as_mut().expect("just created");
        writeln!(out, "{line}").map_err(|e| format!("{}: cannot write: {e}", path.display()))
    })?;
    if let Some(path) = &args.jsonl {
        let partial = partial_path(path);
        match file {
            Some(mut out) => out
                .flush()
                .map_err(|e| format!("{}: cannot write: {e}", partial.display()))?,
            None => std::fs::write(&partial, "")
                .map_err(|e| format!("{}: cannot write: {e}", partial.display()))?,
        }
        std::fs::rename(&partial, path)
            .map_err(|e| format!("{}: cannot rename: {e}", partial.display()))?;
    }
    if let (Some(path), Some(complex)) = (&args.graph, &merged.complex) {
        std::fs::write(path, graph_record(&merged.patterns, complex))
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    let text = if args.summary_json {
        format!("{}\n", summary_json(&merged.summary, false))
    } else {
        let origin = args.parts[0].display().to_string();
        let network = merged.run.network(&origin)?;
        let domain = merged
            .run
            .domain_spec(&origin)
            .build(&network)
            .map_err(|e| e.to_string())?;
        let name = format!("{} parts merged", args.parts.len());
        summary_text(
            &name,
            &network,
            ("", &domain),
            &merged.summary,
            started.elapsed(),
            !merged.run.options.lattice,
        )
    };
    emit(&text)
}
