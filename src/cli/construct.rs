//! `relupoly construct`: networks built on purpose (the constructions behind the refutations).

use super::emit;
use crate::io::{write_network, Metadata, NumberMode};
use crate::network::genus_grid;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// The families `relupoly construct` builds.
#[derive(Clone, Copy, ValueEnum)]
enum Family {
    /// The genus-grid network in R^3 (theory.md item 2): a bent hyperplane that is a closed
    /// surface of genus 2k^3 - 3k^2 + 1; refutes Gaines & Bi's Thm 3.4 for k >= 6.
    GenusGrid,
}

/// Arguments of `relupoly construct`.
#[derive(Args)]
pub struct ConstructArgs {
    /// The family.
    #[arg(value_enum)]
    family: Family,
    /// The grid size k (genus-grid).
    #[arg(long, default_value_t = 6)]
    k: usize,
    /// Seed of the perturbation (every weight and bias moved by j/10^6, |j| <= 1000), which
    /// makes the network generic.
    #[arg(long, default_value_t = 1, conflicts_with = "unperturbed")]
    seed: u64,
    /// The exact construction without the perturbation (degenerate: parallel planes).
    #[arg(long)]
    unperturbed: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
}

/// Builds the network and writes it (exact decimals).
pub fn run(args: ConstructArgs) -> Result<(), String> {
    let Family::GenusGrid = args.family;
    let seed = (!args.unperturbed).then_some(args.seed);
    let network = genus_grid(args.k, seed)?;
    let metadata = Metadata::generator("relupoly construct genus-grid")
        .with("k", args.k)
        .with("perturbation_seed", seed);
    let text = write_network(&network, NumberMode::Decimal, Some(&metadata));
    match args.out {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| format!("{}: cannot write the file: {e}", path.display())),
        None => emit(&text),
    }
}
