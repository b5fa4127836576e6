//! Linear and affine maps on flattened values, composed exactly into dense layers: the shared
//! "convolution and pooling as an exact dense matrix" code of every import path.
//!
//! A value of shape `[C, H, W]` (batch 1) is flattened in row-major order, index `(c H + y) W +
//! x`; a dense layer has one row per output and one column per input in that order. Each map
//! gives its rows on demand (`map.rs`: dense, convolution `conv.rs`, average pool `pool.rs`,
//! per-channel scale; window geometry in `window.rs`), and a chain of maps without an
//! activation between them is composed into one layer by sparse products (`chain.rs`).

mod chain;
mod conv;
mod map;
mod pool;
mod window;

pub use chain::Chain;
pub use conv::Conv;
pub use map::{Channels, Map};
pub use pool::AvgPool;
pub use window::{Padding, Sliding};
