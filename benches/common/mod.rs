//! The fixed networks every benchmark measures.

use relupoly::network::{BiasInit, BlockKind, Network, RandomSpec, WeightInit};

/// `relupoly random --input-dim d --widths widths --seed 1`: he-normal weights, PyTorch-default
/// biases, full binary64 precision.
pub fn network(d: usize, widths: &[usize]) -> Network {
    RandomSpec {
        input_dim: d,
        widths: widths.to_vec(),
        output: None,
        init: WeightInit::HeNormal,
        bias: BiasInit::Pytorch,
        seed: 1,
        bits: None,
        blocks: BlockKind::plain(),
        first_layer_rank: None,
    }
    .generate()
    .expect("valid spec")
}

/// A short name such as `d3_8-8-8`.
pub fn label(d: usize, widths: &[usize]) -> String {
    let w: Vec<String> = widths.iter().map(usize::to_string).collect();
    format!("d{d}_{}", w.join("-"))
}
