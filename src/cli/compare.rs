//! `relupoly compare`: check another engine's regions against the exact enumeration.

use super::domain::DomainArgs;
use super::emit;
use crate::compare::compare;
use crate::io::read_network;
use crate::io::{comparison_json, read_engine_output};
use crate::regions::Run;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `relupoly compare`.
#[derive(Args)]
pub struct CompareArgs {
    /// The network file (JSON, see docs/formats.md).
    network: PathBuf,
    /// The other engine's output for the same network and domain (JSON, see docs/compare.md);
    /// with --slice, its points are in slice coordinates.
    engine: PathBuf,
    #[command(flatten)]
    domain: DomainArgs,
    /// Largest accepted vertex error, |engine - exact|_inf / max(1, |exact|_inf).
    #[arg(long, value_name = "X", default_value_t = 1e-6)]
    tolerance: f64,
    /// Write the comparison as JSON to this file, or to standard output with `-` (the text is
    /// then not printed).
    #[arg(long, value_name = "FILE|-")]
    json: Option<PathBuf>,
}

/// Enumerates exactly, compares, prints; an engine that differs is an error (exit status 1).
pub fn run(args: CompareArgs) -> Result<(), String> {
    if !(args.tolerance >= 0.0 && args.tolerance.is_finite()) {
        return Err(format!(
            "--tolerance {}: expected a finite number >= 0",
            args.tolerance
        ));
    }
    let studied = args
        .domain
        .study(read_network(&args.network).map_err(|e| e.to_string())?)?;
    let network = studied.network;
    let engine =
        read_engine_output(&args.engine, network.input_dim()).map_err(|e| e.to_string())?;
    let run = Run::new(
        &network,
        studied.spec.build(&network).map_err(|e| e.to_string())?,
    );
    let (regions, outcome) = run.collect(&mut |_| {}).map_err(|e| e.to_string())?;
    let complex = outcome.complex.expect("the run builds the complex");
    let comparison = compare(&regions, &complex, &engine, args.tolerance);
    let json = format!("{}\n", comparison_json(&comparison));
    match &args.json {
        Some(path) if path.as_os_str() == "-" => emit(&json)?,
        Some(path) => {
            std::fs::write(path, &json)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            emit(&comparison.to_text())?;
        }
        None => emit(&comparison.to_text())?,
    }
    if comparison.agrees() {
        Ok(())
    } else {
        Err(format!(
            "{} ({}) differs from the exact enumeration of {} on {}{}",
            engine.engine,
            args.engine.display(),
            args.network.display(),
            studied.prefix,
            run.domain().description()
        ))
    }
}
