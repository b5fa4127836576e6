//! Experiments on enumerations: pictures now; sweeps, statistics and reports build on it.

mod plots;

pub use plots::{draw_planar_regions, plot_histograms};
