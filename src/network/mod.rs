//! The network model, its JSON file format, random initialisers, importing trained networks and
//! the exact forward pass.

mod constructions;
mod format;
pub mod import;
mod model;
mod random;

pub use crate::json::{FormatError, NumberMode};
pub use constructions::genus_grid;
pub use format::{parse_network, read_network, write_network};
pub use model::{Block, FormsOnRegions, IntegerLayer, Layer, Network, Shortcut};
pub(crate) use random::Xoshiro256;
pub use random::{BiasInit, BlockKind, LowRank, RandomSpec, WeightInit};
