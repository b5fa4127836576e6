//! The network model, its JSON file format, random initialisers and the exact forward pass.

mod format;
mod json;
mod model;
mod random;

pub use format::{parse_network, read_network, write_network};
pub use json::NumberMode;
pub use json::{FormatError, JsonReader};
pub use model::{IntegerLayer, Layer, Network};
pub use random::{BiasInit, RandomSpec, WeightInit};
