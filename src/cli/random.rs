//! `relupoly random`: write a seeded random network.

use super::emit;
use super::recipe::RecipeArgs;
use crate::io::{write_network, Metadata, NumberMode};
use crate::network::{BlockKind, RandomSpec};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `relupoly random`.
#[derive(Args)]
pub struct RandomArgs {
    #[command(flatten)]
    recipe: RecipeArgs,
    /// Seed of the portable generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Round every value to this many significant bits (1..=53).
    #[arg(long)]
    bits: Option<u32>,
    /// Hidden blocks: plain, residual (x + W2 act(W1 x + b1) + b2 on a stream of width d),
    /// leaky:S (leaky ReLU with exact slope S) or residual-leaky:S.
    #[arg(long, default_value = "plain")]
    blocks: BlockKind,
    /// Draw the first layer's weights as the exact product A B of an n_1 x R and an R x d
    /// matrix (rank at most R; R < min(d, n_1)).
    #[arg(long)]
    first_layer_rank: Option<usize>,
    /// Width of an affine output layer.
    #[arg(long)]
    output: Option<usize>,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
}

/// Draws the network and writes it.
pub fn run(args: RandomArgs) -> Result<(), String> {
    let bias = args.recipe.bias();
    let spec = RandomSpec {
        input_dim: args.recipe.input_dim,
        widths: args.recipe.widths,
        output: args.output,
        init: args.recipe.init,
        bias,
        seed: args.seed,
        bits: args.bits,
        blocks: args.blocks,
        first_layer_rank: args.first_layer_rank,
    };
    let network = spec.generate()?;
    let mut metadata = Metadata::generator("relupoly random")
        .with("input_dim", spec.input_dim)
        .with("widths", &spec.widths)
        .with("output", spec.output)
        .with("init", spec.init.to_string())
        .with("bias", spec.bias.to_string())
        .with("seed", spec.seed)
        .with("bits", spec.bits)
        .with("blocks", spec.blocks.to_string());
    if let Some(rank) = spec.first_layer_rank {
        metadata = metadata.with("first_layer_rank", rank);
    }
    let text = write_network(&network, NumberMode::Binary64, Some(&metadata));
    match args.out {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| format!("{}: cannot write the file: {e}", path.display())),
        None => emit(&text),
    }
}
