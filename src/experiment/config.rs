//! The sweep configuration of `relupoly check` as plain data (its JSON file is read by
//! `crate::io`, documented in `docs/formats.md`).

use super::training::{Regularisation, Training};
use crate::network::{BiasInit, BlockKind, WeightInit};
use crate::regions::DomainSpec;
use std::fmt;
use std::str::FromStr;

/// The widest hidden layer a sweep configuration may ask for.
pub const MAX_SWEEP_WIDTH: usize = 4096;

/// The deepest network a sweep configuration may ask for.
pub const MAX_SWEEP_DEPTH: usize = 64;

/// The most training samples (`points^d`) a sweep configuration may ask for.
pub const MAX_TRAINING_SAMPLES: u64 = 1_000_000;

/// Where a configuration's networks are enumerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainKind {
    /// The box [-1, 1]^d.
    UnitBox,
    /// The whole space R^d.
    WholeSpace,
}

impl DomainKind {
    /// `box` or `rd`, as in the configuration file.
    pub fn name(self) -> &'static str {
        match self {
            DomainKind::UnitBox => "box",
            DomainKind::WholeSpace => "rd",
        }
    }

    /// The domain: `[-1, 1]^d` or R^d.
    pub fn spec(self) -> DomainSpec {
        match self {
            DomainKind::UnitBox => DomainSpec::unit_box(),
            DomainKind::WholeSpace => DomainSpec::WholeSpace,
        }
    }
}

impl fmt::Display for DomainKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DomainKind {
    type Err = String;
    fn from_str(text: &str) -> Result<DomainKind, String> {
        match text {
            "box" => Ok(DomainKind::UnitBox),
            "rd" => Ok(DomainKind::WholeSpace),
            _ => Err(format!(
                "unknown domain \"{text}\" (expected \"box\" or \"rd\")"
            )),
        }
    }
}

/// A sweep: every combination of the axes below is one configuration, run once per seed.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepConfig {
    /// Input dimensions.
    pub dims: Vec<usize>,
    /// Hidden architectures (widths of the hidden layers).
    pub architectures: Vec<Vec<usize>>,
    /// Kinds of hidden block (plain, residual, leaky): an axis of the sweep.
    pub blocks: Vec<BlockKind>,
    /// Weight initialisations.
    pub inits: Vec<WeightInit>,
    /// Ranks of the first layer's weight matrix (`None`: drawn whole, full rank; `Some(r)`: the
    /// exact product of two drawn factors of inner dimension r).
    pub first_layer_ranks: Vec<Option<usize>>,
    /// Bias initialisations.
    pub biases: Vec<BiasInit>,
    /// Domains.
    pub domains: Vec<DomainKind>,
    /// Seeds.
    pub seeds: Vec<u64>,
    /// Significant bits of every weight, if rounded.
    pub bits: Option<u32>,
    /// Stop a network's enumeration past this many regions (the configuration is then reported
    /// as not finished).
    pub max_regions: Option<usize>,
    /// If set, every network gets a one-unit output layer and is trained; the training steps
    /// listed become an axis of the sweep (step 0 is the initialisation).
    pub training: Option<(Training, Vec<usize>)>,
    /// With training, the penalties on the weights: an axis of the sweep for the steps after 0
    /// (`[None]` without training).
    pub regularisations: Vec<Regularisation>,
}
