//! `relupoly check`: sweep random networks, evaluate the theory catalogue, write a report.

use super::emit;
use crate::experiment::{
    configurations, run_configuration, write_report, ConfigResult, SweepConfig, DEFAULT_SWEEP,
};
use crate::groundtruth::fnv1a64;
use crate::theory::catalogue;
use clap::Args;
use rayon::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
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
        Some(path) => SweepConfig::read(path),
        None => SweepConfig::parse(DEFAULT_SWEEP, "default sweep"),
    }
    .map_err(|e| e.to_string())?;
    let stored = args.out.join("configs");
    std::fs::create_dir_all(&stored)
        .map_err(|e| format!("{}: cannot create: {e}", stored.display()))?;
    // A stored configuration is reused only if it was computed with the same settings and the
    // same catalogue.
    let entries: Vec<&str> = catalogue().iter().map(|e| e.id).collect();
    let training = config.training.as_ref().map(|(t, steps)| {
        format!(
            "{:?} {:?} {} {} {steps:?}",
            t.task, t.optimizer, t.rate, t.points
        )
    });
    let settings = json!({
        "seeds": config.seeds, "bits": config.bits, "max_regions": config.max_regions,
        "training": training, "catalogue": entries, "version": env!("CARGO_PKG_VERSION"),
    });
    let started = Instant::now();
    let all = configurations(&config);
    // Configurations run in parallel; results are collected in configuration order, so the
    // report does not depend on the number of threads.
    let finished = AtomicUsize::new(0);
    let outcomes: Vec<(ConfigResult, bool)> = all
        .par_iter()
        .map(|configuration| {
            let path = stored.join(format!("{}.json", configuration.key()));
            let outcome = match load(&path, &settings) {
                Some(result) => (result, true),
                None => {
                    let result = run_configuration(configuration, &config, &args.out)?;
                    let saved = json!({
                        "settings": settings,
                        "result": result,
                        "checksum": checksum(&json!(result)),
                    });
                    std::fs::write(&path, saved.to_string())
                        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                    (result, false)
                }
            };
            let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
            if !args.quiet {
                eprintln!(
                    "relupoly check: {done}/{} {} ({:.0} s)",
                    all.len(),
                    configuration.key(),
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(outcome)
        })
        .collect::<Result<_, String>>()?;
    let reused = outcomes.iter().filter(|(_, reused)| *reused).count();
    let results: Vec<ConfigResult> = outcomes.into_iter().map(|(result, _)| result).collect();
    let violated = write_report(&args.out, &results, started.elapsed().as_secs_f64())?;
    let networks: usize = results.iter().map(|r| r.seeds.len()).sum();
    emit(&format!(
        "report: {} ({} configurations, {networks} networks, {reused} configurations reused from an earlier run)\n",
        args.out.join("report.md").display(),
        results.len()
    ))?;
    if violated {
        return Err(format!(
            "a theorem or consistency check whose hypotheses hold was violated (a bug in relupoly or in a proof): see {} and the networks in {}",
            args.out.join("report.md").display(),
            args.out.join("violations").display()
        ));
    }
    Ok(())
}

/// A configuration's stored result, if it was computed with the same settings and is unchanged
/// since (its checksum matches; an edited or truncated file is computed again).
fn load(path: &Path, settings: &serde_json::Value) -> Option<ConfigResult> {
    let text = std::fs::read_to_string(path).ok()?;
    let stored: serde_json::Value = serde_json::from_str(&text).ok()?;
    if stored.get("settings")? != settings {
        return None;
    }
    let result = stored.get("result")?;
    if stored.get("checksum")?.as_str()? != checksum(result) {
        return None;
    }
    serde_json::from_value(result.clone()).ok()
}

/// The checksum of a stored result: FNV-1a 64 of its compact JSON.
fn checksum(result: &serde_json::Value) -> String {
    fnv1a64(result.to_string().as_bytes())
}
