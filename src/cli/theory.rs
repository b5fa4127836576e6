//! `relupoly theory`: the whole theory catalogue on one network.

use super::domain::DomainArgs;
use super::emit;
use super::regions::ProgressReporter;
use crate::io::read_network;
use crate::regions::{enumerate, Complex, Limits};
use crate::theory::{
    bent_hyperplanes, evaluate_all, first_layer_in_general_position, generic, Case, Kind, Outcome,
    Verdict, VerdictKind,
};
use clap::Args;
use serde_json::{json, Value};
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
    let network = read_network(&args.network).map_err(|e| e.to_string())?;
    let domain = args.domain.domain(&network)?;
    let mut reporter = ProgressReporter::new(args.quiet);
    let limits = Limits {
        max_regions: args.max_regions,
        skip_volumes: true,
        ..Limits::default()
    };
    let regions = enumerate(&network, &domain, limits, &mut |p| reporter.report(p))
        .map_err(|e| e.to_string())?;
    let complex = Complex::of(&regions);
    let case = Case::new(&network, &domain, &regions, &complex);
    let outcomes = evaluate_all(&case);
    let genericity = [
        ("complex", generic(&case)),
        ("first_layer", first_layer_in_general_position(case.network)),
    ];
    let generic_everywhere = genericity.iter().all(|(_, r)| r.is_ok());
    let bent = case.whole_space().then(|| bent_hyperplanes(&case));
    let d = case.dim();
    let text = if args.json {
        let entries: Vec<Value> = outcomes
            .iter()
            .map(|o| {
                let (verdict, value, bound, reason) = o.verdict.parts();
                json!({"id": o.id, "kind": o.kind.name(), "verdict": verdict.name(), "value": value,
                       "bound": bound, "reason": reason})
            })
            .collect();
        let hyperplanes: Option<Vec<Value>> = bent.as_ref().map(|b| {
            b.hyperplanes
                .iter()
                .map(|h| {
                    json!({"layer": h.layer, "neuron": h.index, "chi_c": h.chi_c,
                           "bounded": h.bounded, "components": h.components,
                           "genus": h.genus(d)})
                })
                .collect()
        });
        let document = json!({
            "generic": generic_everywhere,
            "genericity": genericity.iter().map(|(what, r)| (what.to_string(), match r {
                Ok(()) => Value::Null,
                Err(why) => Value::String(why.clone()),
            })).collect::<serde_json::Map<String, Value>>(),
            "domain": domain.description(),
            "regions": regions.len(),
            "complex_f_vector": complex.f_vector,
            "entries": entries,
            "bent_hyperplanes": hyperplanes,
            "intersection_sums": bent.as_ref().map(|b| &b.sums),
        });
        format!("{document}\n")
    } else {
        let mut out = String::new();
        say!(
            out,
            "{}: d = {d}, widths {:?}, on {}: {} regions, complex f-vector {:?}",
            args.network.display(),
            network.widths(),
            domain.description(),
            regions.len(),
            complex.f_vector
        );
        for (what, result) in &genericity {
            let word = match result {
                Ok(()) => "yes".to_string(),
                Err(why) => format!("no: {why}"),
            };
            say!(out, "generic ({}): {word}", what.replace('_', " "));
        }
        for o in &outcomes {
            say!(out, "{}", describe(o));
        }
        if let Some(b) = &bent {
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
    let bugs: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.kind != Kind::PublishedClaim && matches!(o.verdict, Verdict::Violated { .. }))
        .map(|o| o.id)
        .collect();
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
