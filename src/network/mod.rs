//! The network model, its activations and activation patterns, random initialisers,
//! constructions, the layer application shared by every arithmetic, and the exact forward pass.

mod activation;
mod apply;
mod constructions;
mod model;
mod pattern;
mod random;
mod recipe;
mod slice;

pub use activation::Activation;
pub use apply::{apply_layer, LayerInput};
pub use constructions::genus_grid;
pub use model::{Block, FormsOnRegions, IntegerLayer, Layer, Network, Shortcut};
pub use pattern::Pattern;
pub(crate) use random::Xoshiro256;
pub use random::{BiasInit, BlockKind, LowRank, RandomSpec, WeightInit};
pub use slice::{Slice, MAX_SLICE_DIM};
