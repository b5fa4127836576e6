//! One affine map of a chain, `y = A x + b`, given by the rows of `A` on demand: a dense
//! matrix, a convolution, an average pool, or a per-channel scale and shift.

use super::conv::Conv;
use super::pool::AvgPool;
use crate::exact::Rational;
use crate::network::Layer;

/// A per-channel affine map on a value of `C` channels of `spatial` entries each (a folded batch
/// norm): entry `j` of channel `c = j / spatial` becomes `scale[c] x_j + shift[c]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channels {
    /// The factor of each channel.
    pub scale: Vec<Rational>,
    /// The term added to each channel.
    pub shift: Vec<Rational>,
    /// The entries per channel (1 for a `[N, d]` value, `H W` for `[N, C, H, W]`).
    pub spatial: usize,
}

/// An affine map, as rows on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Map {
    /// A stored matrix and bias (`Gemm`, `MatMul`, `Linear`).
    Dense(Layer),
    /// A 2-D convolution.
    Conv(Conv),
    /// An average pool.
    AvgPool(AvgPool),
    /// A per-channel scale and shift.
    Channels(Channels),
}

impl Map {
    /// The number of inputs (columns).
    pub fn inputs(&self) -> usize {
        match self {
            Map::Dense(layer) => layer.weights.first().map_or(0, Vec::len),
            Map::Conv(conv) => conv.inputs(),
            Map::AvgPool(pool) => pool.inputs(),
            Map::Channels(c) => c.scale.len() * c.spatial,
        }
    }

    /// The number of outputs (rows).
    pub fn outputs(&self) -> usize {
        match self {
            Map::Dense(layer) => layer.width(),
            Map::Conv(conv) => conv.outputs(),
            Map::AvgPool(pool) => pool.outputs(),
            Map::Channels(_) => self.inputs(),
        }
    }

    /// Calls `visit(k, a)` for the entries `a = A[j][k]` of row `j` that may be non-zero, in
    /// increasing `k` or not; every other entry of the row is zero.
    pub fn row(&self, j: usize, mut visit: impl FnMut(usize, &Rational)) {
        match self {
            Map::Dense(layer) => {
                for (k, w) in layer.weights[j].iter().enumerate() {
                    visit(k, w);
                }
            }
            Map::Conv(conv) => conv.row(j, visit),
            Map::AvgPool(pool) => pool.row(j, visit),
            Map::Channels(c) => visit(j, &c.scale[j / c.spatial]),
        }
    }

    /// `b_j`, or `None` for zero.
    pub fn bias(&self, j: usize) -> Option<&Rational> {
        match self {
            Map::Dense(layer) => layer.biases.get(j),
            Map::Conv(conv) => conv.bias(j),
            Map::Channels(c) => c.shift.get(j / c.spatial),
            Map::AvgPool(_) => None,
        }
    }
}
