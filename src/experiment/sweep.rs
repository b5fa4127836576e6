//! Running a sweep: every configuration on every seed, enumerated exactly and checked against
//! the catalogue; results kept per configuration so an interrupted sweep resumes.

use super::config::{DomainKind, SweepConfig};
use super::training::{collapsed, constant_loss, loss, train_with, TrainingSetup};
use crate::exact::Rational;
use crate::network::{
    write_network, BiasInit, BlockKind, Network, NumberMode, RandomSpec, WeightInit,
};
use crate::regions::{enumerate, Complex, Domain, Limits, Summary};
use crate::theory::{evaluate_all, Case, Kind, Outcome, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// One point of the sweep's grid (all axes but the seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Configuration {
    /// Input dimension.
    pub dim: usize,
    /// Hidden widths.
    pub widths: Vec<usize>,
    /// The kind of hidden block, as written in configuration files (`plain` when absent).
    #[serde(default = "plain_blocks")]
    pub blocks: String,
    /// Weight initialisation, as written in configuration files.
    pub init: String,
    /// The first layer's rank when drawn low-rank (`None`: full rank).
    #[serde(default)]
    pub first_layer_rank: Option<usize>,
    /// Bias initialisation, as written in configuration files.
    pub bias: String,
    /// `box` or `rd`.
    pub domain: String,
    /// The training step (when the sweep trains), 0 being the initialisation.
    pub step: Option<usize>,
    /// The penalty on the weights during training, as written in configuration files (`None`
    /// without training and at step 0, where it makes no difference).
    #[serde(default)]
    pub regularisation: Option<String>,
}

fn plain_blocks() -> String {
    BlockKind::plain().to_string()
}

impl Configuration {
    /// A file-name-safe identifier, e.g. `d2-w4x4-he-normal-bias-zero-box`, with `-rankR`,
    /// the block kind (when not plain), `-stepS` and `-reg-NAME` appended when set.
    pub fn key(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(usize::to_string).collect();
        format!(
            "d{}-w{}-{}-bias-{}-{}",
            self.dim,
            widths.join("x"),
            self.init,
            self.bias,
            self.domain
        )
        .replace([':', '/'], "_")
            + &self
                .first_layer_rank
                .map_or(String::new(), |r| format!("-rank{r}"))
            + &self.blocks_suffix()
            + &self.step.map_or(String::new(), |s| format!("-step{s}"))
            + &self.regularisation.as_ref().map_or(String::new(), |r| {
                format!("-reg-{}", r.replace([':', '/'], "_"))
            })
    }

    /// `-` and the block kind (file-name safe), or nothing for plain blocks.
    fn blocks_suffix(&self) -> String {
        if self.blocks == plain_blocks() {
            String::new()
        } else {
            format!("-{}", self.blocks.replace([':', '/'], "_"))
        }
    }

    /// The number of hidden neurons.
    pub fn neurons(&self) -> usize {
        self.widths.iter().sum()
    }
}

/// One entry's verdict on one network, in serialisable form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryResult {
    /// The entry's id.
    pub entry: String,
    /// `theorem`, `published-claim` or `consistency` (on this network).
    #[serde(default)]
    pub kind: String,
    /// `holds`, `violated` or `not applicable`.
    pub verdict: String,
    /// The measured value (empty when not applicable).
    pub value: String,
    /// The bound or predicted value (empty when not applicable).
    pub expected: String,
    /// The violation's detail or the reason the entry does not apply.
    pub note: String,
}

/// One network's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedResult {
    /// The seed.
    pub seed: u64,
    /// Activation regions.
    pub regions: usize,
    /// Exact mean facets per region.
    pub mean_facets: String,
    /// The largest facet count of a region.
    pub max_facets: usize,
    /// Exact mean simplices per bounded region.
    pub mean_simplices: String,
    /// Facets per region: count -> regions.
    pub facet_histogram: BTreeMap<usize, usize>,
    /// Simplices per bounded region: count -> regions.
    pub simplex_histogram: BTreeMap<usize, usize>,
    /// Every catalogue entry's verdict.
    pub entries: Vec<EntryResult>,
    /// With training, the mean squared training loss of the network (f64).
    #[serde(default)]
    pub loss: Option<f64>,
    /// With training, the loss of the same seed's network at initialisation (f64).
    #[serde(default)]
    pub initial_loss: Option<f64>,
    /// With training, the loss of the best constant predictor (the targets' variance).
    #[serde(default)]
    pub constant_loss: Option<f64>,
    /// Whether this trained snapshot (step > 0) collapsed: its loss is no better than
    /// [`super::COLLAPSE_RATIO`] times the constant predictor's.
    #[serde(default)]
    pub collapsed: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// A configuration's results over its seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigResult {
    /// The configuration.
    pub configuration: Configuration,
    /// One result per seed that finished.
    pub seeds: Vec<SeedResult>,
    /// Why a seed did not finish (the region limit), if one did not.
    pub unfinished: Option<String>,
}

/// Every configuration of the sweep, in a fixed order. Regularisations multiply the trained
/// steps only: step 0 is listed once, without one.
pub fn configurations(config: &SweepConfig) -> Vec<Configuration> {
    let steps: Vec<(Option<usize>, Option<String>)> = match &config.training {
        Some((_, steps)) => steps
            .iter()
            .flat_map(|&step| {
                let penalties: Vec<Option<String>> = if step == 0 {
                    vec![None]
                } else {
                    config
                        .regularisations
                        .iter()
                        .map(|r| Some(r.to_string()))
                        .collect()
                };
                penalties.into_iter().map(move |r| (Some(step), r))
            })
            .collect(),
        None => vec![(None, None)],
    };
    let mut all = Vec::new();
    for &dim in &config.dims {
        for widths in &config.architectures {
            for (blocks, init) in config
                .blocks
                .iter()
                .flat_map(|b| config.inits.iter().map(move |i| (b, i)))
            {
                for &first_layer_rank in &config.first_layer_ranks {
                    for bias in &config.biases {
                        for domain in &config.domains {
                            for (step, regularisation) in &steps {
                                all.push(Configuration {
                                    dim,
                                    widths: widths.clone(),
                                    blocks: blocks.to_string(),
                                    init: init.to_string(),
                                    first_layer_rank,
                                    bias: bias.to_string(),
                                    domain: domain.name().to_string(),
                                    step: *step,
                                    regularisation: regularisation.clone(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    all
}

/// The network of `configuration` for `seed`: drawn, and with a training step, trained that many
/// steps (with a one-unit output layer) under the configuration's penalty; bias-free networks
/// (`none`) are trained with frozen zero biases and a low-rank first layer through its factors.
pub fn network_of(
    configuration: &Configuration,
    seed: u64,
    config: &SweepConfig,
) -> Result<Network, String> {
    let init: WeightInit = configuration.init.parse()?;
    let bias: BiasInit = configuration.bias.parse()?;
    let (network, first_layer) = RandomSpec {
        input_dim: configuration.dim,
        widths: configuration.widths.clone(),
        output: config.training.as_ref().map(|_| 1),
        init,
        bias,
        seed,
        bits: config.bits,
        blocks: configuration.blocks.parse()?,
        first_layer_rank: configuration.first_layer_rank,
    }
    .generate_factored()?;
    match (&config.training, configuration.step) {
        (Some((training, _)), Some(step)) if step > 0 => {
            let setup = TrainingSetup {
                regularisation: match &configuration.regularisation {
                    Some(name) => name.parse()?,
                    None => Default::default(),
                },
                freeze_biases: bias == BiasInit::None,
                first_layer,
            };
            train_with(&network, training, &setup, step)
        }
        _ => Ok(network),
    }
}

/// Runs one configuration on every seed. A network violating a theorem or a consistency check
/// is written to `out/violations/`, one refuting a published claim to `out/refutations/`
/// (created when needed), so that `relupoly theory` reproduces it.
pub fn run_configuration(
    configuration: &Configuration,
    config: &SweepConfig,
    out: &Path,
) -> Result<ConfigResult, String> {
    let mut seeds = Vec::new();
    let mut unfinished = None;
    for &seed in &config.seeds {
        let started = Instant::now();
        let network = network_of(configuration, seed, config)?;
        let domain = if configuration.domain == DomainKind::WholeSpace.name() {
            Domain::whole_space(&network)
        } else {
            Domain::cube(configuration.dim, &Rational::from(-1), &Rational::from(1))
        }
        .map_err(|e| e.to_string())?;
        // No entry and no report column uses volumes: they are skipped.
        let limits = Limits {
            max_regions: config.max_regions,
            skip_volumes: true,
            ..Limits::default()
        };
        let regions = match enumerate(&network, &domain, limits, &mut |_| {}) {
            Ok(regions) => regions,
            Err(e) => {
                unfinished = Some(format!("seed {seed}: {e}"));
                continue;
            }
        };
        let complex = Complex::of(&regions);
        let summary = Summary::of(&regions, &complex);
        let case = Case::new(&network, &domain, &regions, &complex);
        let outcomes = evaluate_all(&case);
        for folder in kept_in(&outcomes) {
            let dir = out.join(folder);
            std::fs::create_dir_all(&dir)
                .and_then(|()| {
                    std::fs::write(
                        dir.join(format!("{}-seed{seed}.json", configuration.key())),
                        write_network(&network, NumberMode::Binary64, None),
                    )
                })
                .map_err(|e| format!("{}: cannot save the network: {e}", dir.display()))?;
        }
        let entries: Vec<EntryResult> = outcomes.into_iter().map(entry_result).collect();
        let losses = match &config.training {
            Some((training, _)) => {
                let initial = network_of(
                    &Configuration {
                        step: Some(0),
                        ..configuration.clone()
                    },
                    seed,
                    config,
                )?;
                Some((
                    loss(&network, training)?,
                    loss(&initial, training)?,
                    constant_loss(training, configuration.dim),
                ))
            }
            None => None,
        };
        seeds.push(SeedResult {
            seed,
            regions: summary.regions,
            mean_facets: summary.facets.mean.to_string(),
            max_facets: summary.facets.histogram.keys().last().copied().unwrap_or(0),
            mean_simplices: summary.simplices.mean.to_string(),
            facet_histogram: summary.facets.histogram.clone(),
            simplex_histogram: summary.simplices.histogram.clone(),
            entries,
            loss: losses.map(|l| l.0),
            initial_loss: losses.map(|l| l.1),
            constant_loss: losses.map(|l| l.2),
            collapsed: losses.is_some_and(|(last, _, constant)| {
                configuration.step > Some(0) && collapsed(last, constant)
            }),
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    Ok(ConfigResult {
        configuration: configuration.clone(),
        seeds,
        unfinished,
    })
}

/// The folders a network is kept in: `violations` when it violates a theorem or a consistency
/// check, `refutations` when it refutes a published claim.
fn kept_in(outcomes: &[Outcome]) -> Vec<&'static str> {
    let violated = |wanted: fn(Kind) -> bool| {
        outcomes
            .iter()
            .any(|o| wanted(o.kind) && matches!(o.verdict, Verdict::Violated { .. }))
    };
    let mut folders = Vec::new();
    if violated(|k| k != Kind::PublishedClaim) {
        folders.push("violations");
    }
    if violated(|k| k == Kind::PublishedClaim) {
        folders.push("refutations");
    }
    folders
}

fn entry_result(outcome: Outcome) -> EntryResult {
    let (name, value, expected, note) = outcome.verdict.parts();
    // Stored results and reports spell the third verdict with a space.
    let verdict = if name == "not-applicable" {
        "not applicable"
    } else {
        name
    };
    EntryResult {
        entry: outcome.id.to_string(),
        kind: outcome.kind.name().to_string(),
        verdict: verdict.to_string(),
        value: value.to_string(),
        expected: expected.to_string(),
        note: note.to_string(),
    }
}
