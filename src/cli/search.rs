//! `relupoly search`: look for networks on which a published bound fails.

use super::emit;
use super::recipe::RecipeArgs;
use crate::experiment::{search, Objective, SearchSpec};
use crate::io::{write_network, Metadata, NumberMode};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `relupoly search`.
#[derive(Args)]
pub struct SearchArgs {
    /// The entry whose violation margin is maximised: mean-facets-2d, cell-faces-2k or
    /// last-layer-monotone.
    #[arg(long, default_value = "mean-facets-2d")]
    entry: Objective,
    #[command(flatten)]
    recipe: RecipeArgs,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Candidates to evaluate in all.
    #[arg(long, default_value_t = 2000)]
    evaluations: usize,
    /// Moves without improvement before a restart.
    #[arg(long, default_value_t = 100)]
    patience: usize,
    /// No hidden layer grows beyond this width [default: twice the widest given].
    #[arg(long)]
    max_width: Option<usize>,
    /// Keep the widths as given (moves change weights and biases only).
    #[arg(long)]
    fixed_widths: bool,
    /// Candidates with more regions over R^d are skipped.
    #[arg(long, default_value_t = 20000)]
    max_regions: usize,
    /// Stop at the first violation.
    #[arg(long)]
    stop_at_violation: bool,
    /// Evaluate in the box [-1, 1]^d instead of R^d (the published statements are about R^d:
    /// a positive margin there is a measurement, not a refutation).
    #[arg(long = "in-box")]
    in_box: bool,
    /// Write the best network found to this file.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Print no progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Runs the search and prints what it found.
pub fn run(args: SearchArgs) -> Result<(), String> {
    if args.recipe.input_dim == 0 || args.recipe.input_dim > 16 {
        return Err(format!(
            "--input-dim must be between 1 and 16, found {}",
            args.recipe.input_dim
        ));
    }
    if args.recipe.widths.is_empty()
        || args.recipe.widths.contains(&0)
        || args.recipe.widths.iter().any(|&w| w > 64)
    {
        return Err("--widths: every width must be between 1 and 64".into());
    }
    let widest = args.recipe.widths.iter().copied().max().unwrap_or(1);
    let spec = SearchSpec {
        objective: args.entry,
        input_dim: args.recipe.input_dim,
        widths: args.recipe.widths.clone(),
        init: args.recipe.init,
        bias: args.recipe.bias(),
        seed: args.seed,
        evaluations: args.evaluations,
        patience: args.patience.max(1),
        max_width: args.max_width.unwrap_or(2 * widest).min(64),
        vary_widths: !args.fixed_widths,
        max_regions: args.max_regions,
        stop_at_violation: args.stop_at_violation,
        in_box: args.in_box,
    };
    let started = Instant::now();
    let mut last = Instant::now();
    let outcome = search(&spec, &mut |o| {
        if !args.quiet && last.elapsed().as_secs() >= 2 {
            last = Instant::now();
            eprintln!(
                "relupoly search: {:.0} s, {} candidates ({} admissible), best margin {}",
                started.elapsed().as_secs_f64(),
                o.evaluated,
                o.admissible,
                o.best.as_ref().map_or("-".into(), |b| b.margin.to_string())
            );
        }
    });
    let mut text = String::new();
    say!(
        text,
        "{} candidates evaluated exactly {} in {:.1} s ({} restarts, {} satisfying the hypotheses)",
        outcome.evaluated,
        if spec.in_box {
            format!(
                "in [-1, 1]^{} (a measurement: the statements are about R^d)",
                spec.input_dim
            )
        } else {
            format!("over R^{}", spec.input_dim)
        },
        started.elapsed().as_secs_f64(),
        outcome.restarts,
        outcome.admissible
    );
    match &outcome.first_violation {
        Some(at) => say!(text, "first violation at candidate {at}"),
        None => say!(text, "no violation found"),
    }
    if let Some(best) = &outcome.best {
        say!(
            text,
            "best: margin {} (value {}), widths {:?}, {} regions, found at candidate {}",
            best.margin,
            best.value,
            best.network.widths(),
            best.regions,
            best.at_evaluation
        );
        if let Some(path) = &args.out {
            let metadata = Metadata::generator("relupoly search")
                .with("entry", spec.objective.id())
                .with("input_dim", spec.input_dim)
                .with("widths", &spec.widths)
                .with("init", spec.init.to_string())
                .with("bias", spec.bias.to_string())
                .with("seed", spec.seed)
                .with("evaluations", spec.evaluations)
                .with("patience", spec.patience)
                .with("max_width", spec.max_width)
                .with("fixed_widths", !spec.vary_widths)
                .with("in_box", spec.in_box)
                .with("max_regions", spec.max_regions)
                .with("found_at_candidate", best.at_evaluation)
                .with("margin", best.margin.to_string())
                .with("value", best.value.to_string());
            std::fs::write(
                path,
                write_network(&best.network, NumberMode::Decimal, Some(&metadata)),
            )
            .map_err(|e| format!("{}: cannot write the file: {e}", path.display()))?;
        }
    }
    emit(&text)
}
