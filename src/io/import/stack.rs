//! The layers read from any format, before they become a network: hidden blocks and an optional
//! output layer, each with the batch norms folded into it, if any.

use super::tensor::{error, Dtype};
use super::FoldedBatchNorm;
use crate::exact::Rational;
use crate::io::{InputError, NumberMode};
use crate::network::{Block, Layer, Network};

/// A batch norm folded into a layer: its name for messages, its exact eps, and the neurons whose
/// scale was rounded.
pub struct Norm {
    /// The module (`net.1`) or node (`bn1`) name.
    pub module: String,
    /// The eps used.
    pub eps: Rational,
    /// The neurons (channels, for a value `[N, C, H, W]`) whose scale was rounded to the
    /// nearest binary64.
    pub rounded: Vec<usize>,
}

/// The layers of a file in order, and the element types of the tensors read.
pub struct Stack {
    /// The hidden blocks.
    pub blocks: Vec<(Block, Vec<Norm>)>,
    /// The affine output layer, if any.
    pub output: Option<(Layer, Vec<Norm>)>,
    /// The element types of the tensors read, with repeats.
    pub dtypes: Vec<Dtype>,
}

impl Stack {
    /// The network (its input dimension from the first block's columns), the folded batch norms
    /// named by the layer they went into, and the number mode that writes it exactly (`Binary64`
    /// when every value is a binary64, else `Decimal`).
    pub fn assemble(
        self,
        origin: &str,
    ) -> Result<(Network, Vec<FoldedBatchNorm>, NumberMode), InputError> {
        let layers = self.blocks.iter().map(|(b, n)| (&b.layer, n));
        let all = layers.chain(self.output.iter().map(|(l, n)| (l, n)));
        let names = (0..self.blocks.len())
            .map(|l| format!("layer {l}"))
            .chain(self.output.iter().map(|_| "output layer".to_string()));
        let folded = all
            .clone()
            .zip(names)
            .flat_map(|((_, norms), layer)| {
                norms.iter().map(move |n| FoldedBatchNorm {
                    module: n.module.clone(),
                    layer: layer.clone(),
                    eps: n.eps.clone(),
                    rounded: n.rounded.clone(),
                })
            })
            .collect();
        let all_binary64 = all
            .flat_map(|(layer, _)| layer.weights.iter().flatten().chain(&layer.biases))
            .chain(
                self.blocks
                    .iter()
                    .map(|(b, _)| b.activation.negative_slope()),
            )
            .all(|v| f64::try_from(v).is_ok());
        let mode = if all_binary64 {
            NumberMode::Binary64
        } else {
            NumberMode::Decimal
        };
        let input_dim = self
            .blocks
            .first()
            .and_then(|(b, _)| b.layer.weights.first())
            .map_or(0, Vec::len);
        let blocks = self.blocks.into_iter().map(|(block, _)| block).collect();
        let network = Network::from_blocks(input_dim, blocks, self.output.map(|(layer, _)| layer))
            .map_err(|message| error(origin, "", message))?;
        Ok((network, folded, mode))
    }
}
