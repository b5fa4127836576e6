//! Experiments on enumerations: sweeps over random networks checked against the theory
//! catalogue, their reports, and pictures.

mod config;
mod plots;
mod report;
mod search;
mod sweep;
mod training;

pub use config::{DomainKind, SweepConfig, DEFAULT_SWEEP};
pub use plots::{draw_planar_regions, plot_distributions, plot_histograms, plot_lines, Series};
pub use report::{entry_summary, mean_facets, write_report, EntryStatus};
pub use search::{search, Found, Objective, SearchOutcome, SearchSpec};
pub use sweep::{
    configurations, network_of, run_configuration, ConfigResult, Configuration, EntryResult,
    SeedResult,
};
pub use training::{
    collapsed, constant_loss, loss, train, train_with, Optimizer, Regularisation, Task, Training,
    TrainingSetup, COLLAPSE_RATIO,
};
