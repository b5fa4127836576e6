//! The options that say how random networks are drawn, shared by `random` and `search`.

use crate::network::{BiasInit, WeightInit};
use clap::Args;

/// Input dimension, widths and initialisation of a random network.
#[derive(Args)]
pub struct RecipeArgs {
    /// Input dimension d.
    #[arg(long)]
    pub input_dim: usize,
    /// Hidden layer widths, comma-separated (e.g. 16,16).
    #[arg(long, value_delimiter = ',', required = true)]
    pub widths: Vec<usize>,
    /// Weight initialisation: xavier-uniform, xavier-normal, he-uniform, he-normal, pytorch,
    /// orthogonal or integers:K.
    #[arg(long, default_value = "he-normal")]
    pub init: WeightInit,
    /// Bias initialisation: none (no bias at all, never trained), zero (zero-initialised,
    /// trainable), pytorch, uniform:A or integers:K [default: pytorch, or integers:K with
    /// --init integers:K].
    #[arg(long)]
    bias: Option<BiasInit>,
}

impl RecipeArgs {
    /// The bias initialisation: as given, else `integers:K` with `--init integers:K`, else
    /// `pytorch`.
    pub fn bias(&self) -> BiasInit {
        self.bias.unwrap_or(match self.init {
            WeightInit::Integers(k) => BiasInit::Integers(k),
            _ => BiasInit::Pytorch,
        })
    }
}
