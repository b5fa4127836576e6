//! The network model, random initialisers, constructions and the exact forward pass.

mod constructions;
mod model;
mod random;
mod recipe;

pub use constructions::genus_grid;
pub use model::{Block, FormsOnRegions, IntegerLayer, Layer, Network, Shortcut};
pub(crate) use random::Xoshiro256;
pub use random::{BiasInit, BlockKind, LowRank, RandomSpec, WeightInit};
