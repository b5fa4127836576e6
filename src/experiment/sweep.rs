//! Running a sweep: every configuration on every seed, enumerated exactly and checked against
//! the catalogue; results kept per configuration so an interrupted sweep resumes.

use super::config::{DomainKind, SweepConfig};
use super::training::{collapsed, constant_loss, loss, train_with, Regularisation, TrainingSetup};
use crate::exact::Rational;
use crate::network::{BiasInit, BlockKind, Network, RandomSpec, WeightInit};
use crate::regions::{Limits, Run, RunOutcome};
use crate::theory::{evaluate_all, Case, Kind, Outcome, Verdict, VerdictKind};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One point of the sweep's grid (all axes but the seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Configuration {
    /// Input dimension.
    pub dim: usize,
    /// Hidden widths.
    pub widths: Vec<usize>,
    /// The kind of hidden block (`plain` when absent from a stored result).
    #[serde(default = "BlockKind::plain", with = "crate::exact::text::shown")]
    pub blocks: BlockKind,
    /// Weight initialisation.
    #[serde(with = "crate::exact::text::shown")]
    pub init: WeightInit,
    /// The first layer's rank when drawn low-rank (`None`: full rank).
    #[serde(default)]
    pub first_layer_rank: Option<usize>,
    /// Bias initialisation.
    #[serde(with = "crate::exact::text::shown")]
    pub bias: BiasInit,
    /// Where the networks are enumerated.
    #[serde(with = "crate::exact::text::shown")]
    pub domain: DomainKind,
    /// The training step (when the sweep trains), 0 being the initialisation.
    pub step: Option<usize>,
    /// The penalty on the weights during training (`None` without training and at step 0,
    /// where it makes no difference).
    #[serde(default, with = "crate::exact::text::shown_option")]
    pub regularisation: Option<Regularisation>,
}

impl Configuration {
    /// A file-name-safe identifier, e.g. `d2-w4x4-he-normal-bias-zero-box`, with `-rankR`,
    /// the block kind (when not plain), `-stepS` and `-reg-NAME` appended when set.
    pub fn key(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(usize::to_string).collect();
        self.key_with(&format!("w{}", widths.join("x")))
            + &self.step.map_or(String::new(), |s| format!("-step{s}"))
            + &self.regularisation.as_ref().map_or(String::new(), |r| {
                format!("-reg-{}", r.to_string().replace([':', '/'], "_"))
            })
    }

    /// The key of the configurations that differ from this one only in how its neurons are
    /// split into layers and in training, e.g. `d3-n12-pytorch-bias-none-rd` (`n` and the
    /// number of hidden neurons in place of the widths; no step, no penalty).
    pub fn budget_key(&self) -> String {
        self.key_with(&format!("n{}", self.neurons()))
    }

    /// The key with `architecture` for the widths, without step and penalty.
    fn key_with(&self, architecture: &str) -> String {
        format!(
            "d{}-{architecture}-{}-bias-{}-{}",
            self.dim, self.init, self.bias, self.domain
        )
        .replace([':', '/'], "_")
            + &self
                .first_layer_rank
                .map_or(String::new(), |r| format!("-rank{r}"))
            + &self.blocks_suffix()
    }

    /// `-` and the block kind (file-name safe), or nothing for plain blocks.
    fn blocks_suffix(&self) -> String {
        if self.blocks == BlockKind::plain() {
            String::new()
        } else {
            format!("-{}", self.blocks.to_string().replace([':', '/'], "_"))
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
    /// What a violation would mean on this network.
    #[serde(with = "crate::exact::text::shown")]
    pub kind: Kind,
    /// Holds, violated or not applicable.
    #[serde(with = "crate::exact::text::shown")]
    pub verdict: VerdictKind,
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
    #[serde(with = "crate::exact::text")]
    pub mean_facets: Rational,
    /// The largest facet count of a region.
    pub max_facets: usize,
    /// Exact mean simplices per bounded region.
    #[serde(with = "crate::exact::text")]
    pub mean_simplices: Rational,
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
    let steps: Vec<(Option<usize>, Option<Regularisation>)> = match &config.training {
        Some((_, steps)) => steps
            .iter()
            .flat_map(|&step| {
                let penalties: Vec<Option<Regularisation>> = if step == 0 {
                    vec![None]
                } else {
                    config.regularisations.iter().copied().map(Some).collect()
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
                                    blocks: blocks.clone(),
                                    init: *init,
                                    first_layer_rank,
                                    bias: *bias,
                                    domain: *domain,
                                    step: *step,
                                    regularisation: *regularisation,
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
    let bias = configuration.bias;
    let (network, first_layer) = RandomSpec {
        input_dim: configuration.dim,
        widths: configuration.widths.clone(),
        output: config.training.as_ref().map(|_| 1),
        init: configuration.init,
        bias,
        seed,
        bits: config.bits,
        blocks: configuration.blocks.clone(),
        first_layer_rank: configuration.first_layer_rank,
    }
    .generate_factored()?;
    match (&config.training, configuration.step) {
        (Some((training, _)), Some(step)) if step > 0 => {
            let setup = TrainingSetup {
                regularisation: configuration.regularisation.unwrap_or_default(),
                freeze_biases: bias == BiasInit::None,
                first_layer,
            };
            train_with(&network, training, &setup, step)
        }
        _ => Ok(network),
    }
}

/// Runs one configuration on every seed; returns its result and the networks to keep: those
/// violating a theorem or a consistency check (folder `violations`) and those refuting a
/// published claim (folder `refutations`), so that `relupoly theory` reproduces them.
pub fn run_configuration(
    configuration: &Configuration,
    config: &SweepConfig,
) -> Result<(ConfigResult, Vec<KeptNetwork>), String> {
    let mut seeds = Vec::new();
    let mut kept = Vec::new();
    let mut unfinished = None;
    for &seed in &config.seeds {
        let started = Instant::now();
        let network = network_of(configuration, seed, config)?;
        let domain = configuration
            .domain
            .spec()
            .build(&network)
            .map_err(|e| e.to_string())?;
        // No entry and no report column uses volumes: they are skipped.
        let limits = Limits {
            max_regions: config.max_regions,
            skip_volumes: true,
            ..Limits::default()
        };
        let run = Run::new(&network, domain).with_limits(limits);
        let (regions, RunOutcome { summary, complex }) = match run.collect(&mut |_| {}) {
            Ok(collected) => collected,
            Err(e) => {
                unfinished = Some(format!("seed {seed}: {e}"));
                continue;
            }
        };
        let complex = complex.expect("the run builds the complex");
        let case = Case::new(&network, run.domain(), &regions, &complex);
        let outcomes = evaluate_all(&case);
        for folder in kept_in(&outcomes) {
            kept.push(KeptNetwork {
                folder,
                name: format!("{}-seed{seed}", configuration.key()),
                network: network.clone(),
            });
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
            mean_facets: summary.facets.mean.clone(),
            max_facets: summary.facets.histogram.keys().last().copied().unwrap_or(0),
            mean_simplices: summary.simplices.mean.clone(),
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
    Ok((
        ConfigResult {
            configuration: configuration.clone(),
            seeds,
            unfinished,
        },
        kept,
    ))
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
    let (verdict, value, expected, note) = outcome.verdict.parts();
    EntryResult {
        entry: outcome.id.to_string(),
        kind: outcome.kind,
        verdict,
        value: value.to_string(),
        expected: expected.to_string(),
        note: note.to_string(),
    }
}

/// A network a sweep keeps: it violates a theorem or a consistency check (`folder` is
/// `violations`) or refutes a published claim (`refutations`).
#[derive(Debug, Clone)]
pub struct KeptNetwork {
    /// `violations` or `refutations`.
    pub folder: &'static str,
    /// The configuration's key and the seed, e.g. `d2-w4-he-normal-bias-zero-box-seed3`.
    pub name: String,
    /// The network.
    pub network: Network,
}

/// Where a sweep keeps what it has finished, so that an interrupted sweep resumes: a store
/// returns a configuration's result only if it was computed with the same settings and is
/// intact. `crate::io` keeps them in a folder; [`NoStore`] keeps nothing.
pub trait SweepStore: Sync {
    /// The stored result of `configuration`, if there is a valid one.
    fn load(&self, configuration: &Configuration) -> Option<ConfigResult>;
    /// Keeps a finished configuration's result and the networks it keeps.
    fn save(&self, result: &ConfigResult, kept: &[KeptNetwork]) -> Result<(), String>;
}

/// A store that keeps nothing: every configuration is computed, kept networks are dropped.
pub struct NoStore;

impl SweepStore for NoStore {
    fn load(&self, _: &Configuration) -> Option<ConfigResult> {
        None
    }
    fn save(&self, _: &ConfigResult, _: &[KeptNetwork]) -> Result<(), String> {
        Ok(())
    }
}

/// One configuration finished, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct SweepProgress<'a> {
    /// Configurations finished so far (this one included).
    pub done: usize,
    /// Configurations in the sweep.
    pub total: usize,
    /// The configuration just finished.
    pub configuration: &'a Configuration,
    /// Whether its result came from the store.
    pub reused: bool,
}

/// What a sweep produced.
#[derive(Debug, Clone)]
pub struct SweepOutcome {
    /// Every configuration's result, in sweep order.
    pub results: Vec<ConfigResult>,
    /// How many of them came from the store.
    pub reused: usize,
}

/// A sweep: every configuration of a [`SweepConfig`] on every seed.
#[derive(Debug, Clone)]
pub struct Sweep<'a> {
    config: &'a SweepConfig,
}

impl<'a> Sweep<'a> {
    /// The sweep of `config`.
    pub fn new(config: &'a SweepConfig) -> Sweep<'a> {
        Sweep { config }
    }

    /// Every configuration, in sweep order.
    pub fn configurations(&self) -> Vec<Configuration> {
        configurations(self.config)
    }

    /// Runs the configurations in parallel (on the rayon pool), each taken from `store` when it
    /// holds a valid result and otherwise computed and saved there; `progress` hears of each as
    /// it finishes. Results are collected in configuration order, so the outcome does not
    /// depend on the number of threads.
    pub fn run(
        &self,
        store: &dyn SweepStore,
        progress: &(dyn Fn(SweepProgress) + Sync),
    ) -> Result<SweepOutcome, String> {
        let all = self.configurations();
        let finished = AtomicUsize::new(0);
        let outcomes: Vec<(ConfigResult, bool)> = all
            .par_iter()
            .map(|configuration| {
                let outcome = match store.load(configuration) {
                    Some(result) => (result, true),
                    None => {
                        let (result, kept) = run_configuration(configuration, self.config)?;
                        store.save(&result, &kept)?;
                        (result, false)
                    }
                };
                progress(SweepProgress {
                    done: finished.fetch_add(1, Ordering::Relaxed) + 1,
                    total: all.len(),
                    configuration,
                    reused: outcome.1,
                });
                Ok(outcome)
            })
            .collect::<Result<_, String>>()?;
        let reused = outcomes.iter().filter(|(_, reused)| *reused).count();
        Ok(SweepOutcome {
            results: outcomes.into_iter().map(|(result, _)| result).collect(),
            reused,
        })
    }
}
