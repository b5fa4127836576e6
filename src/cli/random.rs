//! `relupoly random`: write a seeded random network.

use super::emit;
use crate::network::{write_network, BiasInit, BlockKind, NumberMode, RandomSpec, WeightInit};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `relupoly random`.
#[derive(Args)]
pub struct RandomArgs {
    /// Input dimension d.
    #[arg(long)]
    input_dim: usize,
    /// Hidden layer widths, comma-separated (e.g. 16,16).
    #[arg(long, value_delimiter = ',', required = true)]
    widths: Vec<usize>,
    /// Weight initialisation: xavier-uniform, xavier-normal, he-uniform, he-normal, pytorch,
    /// orthogonal or integers:K.
    #[arg(long, default_value = "he-normal")]
    init: WeightInit,
    /// Bias initialisation: none (no bias at all, never trained), zero (zero-initialised,
    /// trainable), pytorch, uniform:A or integers:K [default: pytorch, or integers:K with
    /// --init integers:K].
    #[arg(long)]
    bias: Option<BiasInit>,
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
    let bias = args.bias.unwrap_or(match args.init {
        WeightInit::Integers(k) => BiasInit::Integers(k),
        _ => BiasInit::Pytorch,
    });
    if args.input_dim == 0 {
        return Err("--input-dim must be at least 1".into());
    }
    let spec = RandomSpec {
        input_dim: args.input_dim,
        widths: args.widths,
        output: args.output,
        init: args.init,
        bias,
        seed: args.seed,
        bits: args.bits,
        blocks: args.blocks,
        first_layer_rank: args.first_layer_rank,
    };
    let network = spec.generate()?;
    let mut metadata = serde_json::json!({
        "generator": "relupoly random",
        "input_dim": spec.input_dim,
        "widths": spec.widths,
        "output": spec.output,
        "init": spec.init.to_string(),
        "bias": spec.bias.to_string(),
        "seed": spec.seed,
        "bits": spec.bits,
        "blocks": spec.blocks.to_string(),
    });
    if let Some(rank) = spec.first_layer_rank {
        metadata["first_layer_rank"] = rank.into();
    }
    let text = write_network(&network, NumberMode::Binary64, Some(&metadata));
    match args.out {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| format!("{}: cannot write the file: {e}", path.display())),
        None => emit(&text),
    }
}
