//! `relupoly dataset`: (re)generate the ground-truth dataset.

use crate::groundtruth::{generate_entry, DATASET};
use crate::io::dataset_manifest;
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `relupoly dataset`.
#[derive(Args)]
pub struct DatasetArgs {
    /// The folder to write (created if needed).
    #[arg(long, default_value = "data/groundtruth")]
    out: PathBuf,
    /// Generate only these entries (repeatable); the manifest then lists only them.
    #[arg(long, value_name = "ID")]
    only: Vec<String>,
    /// Skip the cross-check of every region with lrs (Debian package lrslib).
    #[arg(long)]
    no_verify: bool,
    /// List the entries and exit.
    #[arg(long)]
    list: bool,
}

/// Generates the dataset (or the entries asked for) into the folder, with its manifest.
pub fn run(args: DatasetArgs) -> Result<(), String> {
    if args.list {
        for entry in DATASET {
            println!(
                "{:<16} {:<10} d={} widths={:?} blocks={} init={} bias={}",
                entry.id,
                entry.family,
                entry.input_dim,
                entry.widths,
                entry.blocks,
                entry.init,
                entry.bias
            );
        }
        return Ok(());
    }
    if let Some(unknown) = args
        .only
        .iter()
        .find(|id| !DATASET.iter().any(|e| e.id == id.as_str()))
    {
        return Err(format!(
            "--only {unknown}: no such entry (relupoly dataset --list shows them)"
        ));
    }
    let mut records = Vec::new();
    for entry in DATASET
        .iter()
        .filter(|e| args.only.is_empty() || args.only.iter().any(|id| id == e.id))
    {
        let started = Instant::now();
        let record = generate_entry(entry, &args.out, !args.no_verify)?;
        let counts: Vec<String> = record
            .results
            .iter()
            .map(|r| format!("{} {} regions", r.domain, r.regions))
            .collect();
        eprintln!(
            "{}: {} ({:.1} s{})",
            entry.id,
            counts.join(", "),
            started.elapsed().as_secs_f64(),
            if args.no_verify {
                ""
            } else {
                ", checked with lrs"
            }
        );
        records.push(record);
    }
    let path = args.out.join("manifest.json");
    std::fs::write(&path, dataset_manifest(&records))
        .map_err(|e| format!("{}: {e}", path.display()))
}
