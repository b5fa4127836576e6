//! Searching where published bounds fail: random restarts and local moves over weights and
//! architecture, every candidate evaluated exactly over R^d (or, as a measurement, in the box
//! [-1, 1]^d), keeping the candidate that violates a chosen entry by the largest margin.
//! Deterministic for a seed.

use crate::exact::Rational;
use crate::network::{BiasInit, BlockKind, Layer, Network, RandomSpec, WeightInit, Xoshiro256};
use crate::regions::{Complex, Domain, Limits, Run};
use crate::theory::{before_last_neuron, generic, generic_network, Case};
use std::str::FromStr;

/// What the search maximises: a catalogue entry's violation margin (positive = violated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// `mean-facets-2d`: mean facets per region minus 2d.
    MeanFacets,
    /// `cell-faces-2k`: the largest, over k = 1..d, of the mean faces of a k-cell minus 2k.
    CellFaces,
    /// `last-layer-monotone`: the mean facets without the last neuron minus with it.
    LastLayer,
}

impl Objective {
    /// The catalogue id of the entry.
    pub fn id(self) -> &'static str {
        match self {
            Objective::MeanFacets => "mean-facets-2d",
            Objective::CellFaces => "cell-faces-2k",
            Objective::LastLayer => "last-layer-monotone",
        }
    }
}

impl FromStr for Objective {
    type Err = String;
    fn from_str(s: &str) -> Result<Objective, String> {
        let all = [
            Objective::MeanFacets,
            Objective::CellFaces,
            Objective::LastLayer,
        ];
        match all.into_iter().find(|o| o.id() == s) {
            Some(objective) => Ok(objective),
            None => Err(format!(
                "unknown entry \"{s}\" to search on (expected mean-facets-2d, cell-faces-2k or last-layer-monotone)"
            )),
        }
    }
}

/// A search's settings.
#[derive(Debug, Clone)]
pub struct SearchSpec {
    /// The entry whose margin is maximised.
    pub objective: Objective,
    /// Input dimension.
    pub input_dim: usize,
    /// Hidden widths of every restart's first network.
    pub widths: Vec<usize>,
    /// Weight initialisation of restarts; with `integers:K` moves change one value by +-1,
    /// otherwise by a multiple of 1/4000 of at most 1/4.
    pub init: WeightInit,
    /// Bias initialisation of restarts.
    pub bias: BiasInit,
    /// Seed of the search.
    pub seed: u64,
    /// Candidates evaluated in all (restarts included).
    pub evaluations: usize,
    /// Moves without improvement before a restart.
    pub patience: usize,
    /// No hidden layer grows beyond this width.
    pub max_width: usize,
    /// Whether moves may add and remove neurons (otherwise the widths stay as given).
    pub vary_widths: bool,
    /// Candidates with more regions are skipped.
    pub max_regions: usize,
    /// Stop at the first candidate with a positive margin.
    pub stop_at_violation: bool,
    /// Evaluate on the box [-1, 1]^d (local genericity) instead of R^d (whole-space
    /// genericity). The published statements are about R^d: a positive margin in a box is a
    /// measurement, not a refutation.
    pub in_box: bool,
}

/// The best candidate found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The network.
    pub network: Network,
    /// Its exact margin (positive: the entry is violated).
    pub margin: Rational,
    /// The entry's value on it (e.g. the exact mean number of facets).
    pub value: Rational,
    /// Its number of regions over R^d.
    pub regions: usize,
    /// The evaluation (1-based) that found it.
    pub at_evaluation: usize,
}

/// What a search did.
#[derive(Debug, Clone)]
pub struct SearchOutcome {
    /// Candidates evaluated.
    pub evaluated: usize,
    /// Candidates satisfying the entry's hypotheses (whole-space genericity), so with a margin.
    pub admissible: usize,
    /// Restarts made (the first network included).
    pub restarts: usize,
    /// The candidate with the largest margin, if any was admissible.
    pub best: Option<Found>,
    /// The first evaluation with a positive margin, if any.
    pub first_violation: Option<usize>,
}

/// The exact mean facets of a network over R^d (or in [-1, 1]^d) with its complex, if it is
/// generic (whole-space genericity; in the box, on the box) and has at most `max_regions`
/// regions.
fn generic_counts(
    network: &Network,
    max_regions: usize,
    in_box: bool,
) -> Option<(Rational, Complex, usize)> {
    let domain = if in_box {
        let d = network.input_dim();
        Domain::cube(d, &Rational::from(-1), &Rational::from(1)).ok()?
    } else {
        Domain::whole_space(network).ok()?
    };
    let limits = Limits {
        max_regions: Some(max_regions),
        skip_volumes: true,
        ..Limits::default()
    };
    let run = Run::new(network, domain).with_limits(limits);
    let (regions, outcome) = run.collect(&mut |_| {}).ok()?;
    let complex = outcome.complex?;
    let case = Case::new(network, run.domain(), &regions, &complex);
    if in_box {
        generic(&case)
    } else {
        generic_network(&case)
    }
    .ok()?;
    let mean = outcome.summary.facets.mean;
    Some((mean, complex, regions.len()))
}

/// The objective's (margin, value, regions) on `network`, `None` outside its hypotheses.
fn margin(spec: &SearchSpec, network: &Network) -> Option<(Rational, Rational, usize)> {
    let d = network.input_dim();
    let (mean, complex, regions) = generic_counts(network, spec.max_regions, spec.in_box)?;
    match spec.objective {
        Objective::MeanFacets => Some((&mean - Rational::from(2 * d), mean, regions)),
        Objective::CellFaces => (1..=d)
            .filter(|&k| complex.f_vector[k] > 0)
            .map(|k| {
                let m = Rational::from(complex.face_incidences[k - 1])
                    / Rational::from(complex.f_vector[k]);
                (&m - Rational::from(2 * k), m)
            })
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(margin, value)| (margin, value, regions)),
        Objective::LastLayer => {
            let smaller = before_last_neuron(network)?;
            let (before, _, _) = generic_counts(&smaller, spec.max_regions, spec.in_box)?;
            Some((&before - &mean, mean, regions))
        }
    }
}

/// One local move: with probability 1/10 (when widths may vary) a neuron is added to or
/// removed from a random hidden layer (the next layer's inputs follow), otherwise one weight or
/// bias changes by a small step.
fn moved(network: &Network, spec: &SearchSpec, generator: &mut Xoshiro256) -> Option<Network> {
    let mut layers: Vec<Layer> = network.plain_layers()?.into_iter().cloned().collect();
    let step = |generator: &mut Xoshiro256| match spec.init {
        WeightInit::Integers(_) => Rational::from(generator.integer(1) as i64),
        _ => Rational::from_signeds(generator.integer(1000) as i64, 4000),
    };
    let l = (generator.next_u64() % layers.len() as u64) as usize;
    if spec.vary_widths && generator.next_u64().is_multiple_of(10) {
        let width = layers[l].width();
        if generator.next_u64().is_multiple_of(2) && width < spec.max_width {
            let fan_in = layers[l].weights[0].len();
            layers[l]
                .weights
                .push((0..fan_in).map(|_| step(generator)).collect());
            layers[l].biases.push(step(generator));
            if let Some(next) = layers.get_mut(l + 1) {
                for row in &mut next.weights {
                    row.push(step(generator));
                }
            }
        } else if width > 1 {
            let i = (generator.next_u64() % width as u64) as usize;
            layers[l].weights.remove(i);
            layers[l].biases.remove(i);
            if let Some(next) = layers.get_mut(l + 1) {
                for row in &mut next.weights {
                    row.remove(i);
                }
            }
        }
    } else {
        let layer = &mut layers[l];
        let i = (generator.next_u64() % layer.width() as u64) as usize;
        let j = (generator.next_u64() % (layer.weights[i].len() as u64 + 1)) as usize;
        let delta = step(generator);
        match layer.weights[i].get_mut(j) {
            Some(weight) => *weight += delta,
            None => layer.biases[i] += delta,
        }
    }
    Network::new(network.input_dim(), layers, None).ok()
}

/// Runs the search: a random network (the spec's recipe, a seed drawn from the search's
/// generator), then local moves, each kept when its margin is at least the current one; after
/// `patience` moves without improvement, a restart. Candidates outside the entry's hypotheses
/// or above the region limit are skipped. `progress` is called after every evaluation.
pub fn search(spec: &SearchSpec, progress: &mut dyn FnMut(&SearchOutcome)) -> SearchOutcome {
    let mut generator = Xoshiro256::seeded(spec.seed);
    let mut outcome = SearchOutcome {
        evaluated: 0,
        admissible: 0,
        restarts: 0,
        best: None,
        first_violation: None,
    };
    let mut current: Option<(Network, Rational)> = None;
    let mut stale = 0;
    while outcome.evaluated < spec.evaluations {
        let candidate = match &current {
            Some((network, _)) if stale < spec.patience => moved(network, spec, &mut generator),
            _ => {
                outcome.restarts += 1;
                stale = 0;
                current = None;
                RandomSpec {
                    input_dim: spec.input_dim,
                    widths: spec.widths.clone(),
                    output: None,
                    init: spec.init,
                    bias: spec.bias,
                    seed: generator.next_u64(),
                    bits: Some(16),
                    blocks: BlockKind::plain(),
                    first_layer_rank: None,
                }
                .generate()
                .ok()
            }
        };
        outcome.evaluated += 1;
        stale += 1;
        let evaluated = candidate.and_then(|network| margin(spec, &network).map(|m| (network, m)));
        if let Some((network, (m, value, regions))) = evaluated {
            outcome.admissible += 1;
            if m > 0u32 && outcome.first_violation.is_none() {
                outcome.first_violation = Some(outcome.evaluated);
            }
            if outcome.best.as_ref().is_none_or(|b| m > b.margin) {
                outcome.best = Some(Found {
                    network: network.clone(),
                    margin: m.clone(),
                    value,
                    regions,
                    at_evaluation: outcome.evaluated,
                });
            }
            if current.as_ref().is_none_or(|(_, c)| m >= *c) {
                if current.as_ref().is_some_and(|(_, c)| m > *c) {
                    stale = 0;
                }
                current = Some((network, m));
            }
        }
        progress(&outcome);
        if spec.stop_at_violation && outcome.first_violation.is_some() {
            break;
        }
    }
    outcome
}
