//! Experiments on enumerations: sweeps over random networks checked against the theory
//! catalogue, their reports, and pictures.

mod config;
mod figures;
mod report;
mod search;
mod sweep;
mod training;

pub use config::{DomainKind, SweepConfig, MAX_SWEEP_DEPTH, MAX_SWEEP_WIDTH, MAX_TRAINING_SAMPLES};
pub use figures::{
    DistributionPanel, Distributions, Figure, LinePanel, LineStatus, Lines, Point, Reference,
    ReferenceLabel,
};
pub use report::{
    build_report, entry_summary, mean_facets, CatalogueRow, ConfigurationRow, EntryStatus, Report,
    ReportData,
};
pub use search::{search, Found, Objective, SearchOutcome, SearchSpec};
pub use sweep::{
    configurations, network_of, run_configuration, ConfigResult, Configuration, EntryResult,
    KeptNetwork, NoStore, SeedResult, Sweep, SweepOutcome, SweepProgress, SweepStore,
};
pub use training::{
    collapsed, constant_loss, loss, train, train_with, Optimizer, Regularisation, Task, Training,
    TrainingSetup, COLLAPSE_RATIO,
};
