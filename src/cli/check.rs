//! `relupoly check`: sweep random networks, evaluate the theory catalogue, write a report.

use super::emit;
use crate::experiment::{build_report, Sweep};
use crate::io::{
    parse_sweep_config, read_sweep_config, write_report, SweepDirectory, DEFAULT_SWEEP,
};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `relupoly check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The sweep configuration (JSON, see docs/formats.md); the embedded default sweep if omitted.
    config: Option<PathBuf>,
    /// The folder for report.md, report.json, plots/ and the per-configuration results that let
    /// an interrupted sweep resume.
    #[arg(long, default_value = "relupoly-report")]
    out: PathBuf,
    /// Print no progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Runs the sweep (reusing finished configurations found in `--out`) and writes the report.
pub fn run(args: CheckArgs) -> Result<(), String> {
    let config = match &args.config {
        Some(path) => read_sweep_config(path),
        None => parse_sweep_config(DEFAULT_SWEEP, "default sweep"),
    }
    .map_err(|e| e.to_string())?;
    let store = SweepDirectory::new(&args.out, &config)?;
    let started = Instant::now();
    let outcome = Sweep::new(&config).run(&store, &|p| {
        if !args.quiet {
            eprintln!(
                "relupoly check: {}/{} {} ({:.0} s)",
                p.done,
                p.total,
                p.configuration.key(),
                started.elapsed().as_secs_f64()
            );
        }
    })?;
    let report = build_report(&outcome.results, started.elapsed().as_secs_f64());
    write_report(&args.out, &report)?;
    let networks: usize = outcome.results.iter().map(|r| r.seeds.len()).sum();
    emit(&format!(
        "report: {} ({} configurations, {networks} networks, {} configurations reused from an earlier run)\n",
        args.out.join("report.md").display(),
        outcome.results.len(),
        outcome.reused
    ))?;
    if report.violated {
        return Err(format!(
            "a theorem or consistency check whose hypotheses hold was violated (a bug in relupoly or in a proof): see {} and the networks in {}",
            args.out.join("report.md").display(),
            args.out.join("violations").display()
        ));
    }
    Ok(())
}
