//! `relupoly theory`: the whole theory catalogue on one network.

use super::domain::DomainArgs;
use super::emit;
use super::regions::ProgressReporter;
use crate::io::{read_network, theory_json};
use crate::regions::{Limits, Run};
use crate::theory::{Case, CaseVerdicts, Outcome, VerdictKind};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `relupoly theory`.
#[derive(Args)]
pub struct TheoryArgs {
    /// The network file (JSON, see docs/formats.md).
    network: PathBuf,
    #[command(flatten)]
    domain: DomainArgs,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Stop with an error once the network is known to have more than N regions.
    #[arg(long, value_name = "N")]
    max_regions: Option<usize>,
    /// Print no progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Enumerates the network exactly, evaluates every entry and prints the verdicts. Exits with an
/// error when a theorem or a consistency check is violated (a bug); a refuted published claim
/// is a result, not an error.
pub fn run(args: TheoryArgs) -> Result<(), String> {
    let studied = args
        .domain
        .study(read_network(&args.network).map_err(|e| e.to_string())?)?;
    let network = studied.network;
    let domain = studied.spec.build(&network).map_err(|e| e.to_string())?;
    let mut reporter = ProgressReporter::new(args.quiet);
    let limits = Limits {
        max_regions: args.max_regions,
        skip_volumes: true,
        ..Limits::default()
    };
    let run = Run::new(&network, domain).with_limits(limits);
    let (regions, outcome) = run
        .collect(&mut |p| reporter.report(p))
        .map_err(|e| e.to_string())?;
    let complex = outcome.complex.expect("the run builds the complex");
    let domain = run.domain();
    let case = Case::new(&network, domain, &regions, &complex);
    let verdicts = CaseVerdicts::of(&case);
    let d = case.dim();
    let text = if args.json {
        theory_json(&case, &verdicts) + "\n"
    } else {
        let mut out = String::new();
        say!(
            out,
            "{}: d = {d}, widths {:?}, on {}{}: {} regions, complex f-vector {:?}",
            args.network.display(),
            network.widths(),
            studied.prefix,
            domain.description(),
            regions.len(),
            complex.f_vector
        );
        for (what, result) in &verdicts.genericity {
            let word = match result {
                Ok(()) => "yes".to_string(),
                Err(why) => format!("no: {why}"),
            };
            say!(out, "generic ({}): {word}", what.replace('_', " "));
        }
        for o in &verdicts.outcomes {
            say!(out, "{}", describe(o));
        }
        if let Some(b) = &verdicts.bent {
            let listed: Vec<String> = b
                .hyperplanes
                .iter()
                .filter(|h| h.cells > 0)
                .map(|h| {
                    let genus = h.genus(d).map_or(String::new(), |g| format!(", genus {g}"));
                    format!(
                        "({},{}): chi_c {}{}",
                        h.layer,
                        h.index,
                        h.chi_c,
                        if h.bounded { ", compact" } else { "" }.to_string() + &genus
                    )
                })
                .collect();
            say!(
                out,
                "bent hyperplanes (layer, neuron): {}",
                listed.join("; ")
            );
        }
        out
    };
    emit(&text)?;
    let bugs = verdicts.bugs();
    if bugs.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "violated: {} (a theorem or consistency check whose hypotheses hold: a bug in relupoly or in a proof)",
            bugs.join(", ")
        ))
    }
}

/// One line: id, kind, verdict and numbers.
fn describe(outcome: &Outcome) -> String {
    let (verdict, value, bound, reason) = outcome.verdict.parts();
    let head = format!("{} [{}]", outcome.id, outcome.kind.name());
    match verdict {
        VerdictKind::Holds => format!("{head}: holds: {value} ({bound})"),
        VerdictKind::Violated => format!(
            "{head}: {}: {value} against {bound}: {reason}",
            outcome.kind.violation_word()
        ),
        VerdictKind::NotApplicable => format!("{head}: not applicable: {reason}"),
    }
}
