//! A small deterministic trainer: full-batch gradient descent or Adam on mean squared error
//! (plus an optional L2 or L1 penalty on the weights), in f64, for networks with one output
//! (plain, leaky or residual blocks), on built-in low-dimensional tasks. Snapshots are taken
//! exactly (their f64 weights as binary64 rationals) for exact analysis.

mod model;

use crate::network::{LowRank, Network};
use model::Model;
use std::fmt;
use std::str::FromStr;

/// A built-in regression task on a regular grid of [-1, 1]^d.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// 1 inside the ball of radius 0.7 around the origin, 0 outside.
    Sphere,
    /// sin(pi x_1).
    Sinusoid,
}

/// How parameters are updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Optimizer {
    /// theta <- theta - rate * gradient.
    GradientDescent,
    /// Adam (Kingma & Ba) with beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8.
    Adam,
}

/// What to train on and how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    /// The task.
    pub task: Task,
    /// The optimizer.
    pub optimizer: Optimizer,
    /// The learning rate.
    pub rate: f64,
    /// Grid points per axis (the data set has `points^d` samples).
    pub points: usize,
}

impl Task {
    /// `sphere` or `sinusoid`.
    pub fn parse(name: &str) -> Result<Task, String> {
        match name {
            "sphere" => Ok(Task::Sphere),
            "sinusoid" => Ok(Task::Sinusoid),
            other => Err(format!(
                "unknown task \"{other}\" (expected sphere or sinusoid)"
            )),
        }
    }

    fn target(self, x: &[f64]) -> f64 {
        match self {
            Task::Sphere => f64::from(u8::from(x.iter().map(|v| v * v).sum::<f64>() < 0.49)),
            Task::Sinusoid => libm::sin(std::f64::consts::PI * x[0]),
        }
    }
}

/// A penalty on the weights (never on biases) added to the mean squared error.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Regularisation {
    /// No penalty.
    #[default]
    None,
    /// `lambda * sum w^2` (weight decay; its gradient `2 lambda w` is added before the
    /// optimizer's update, as in `torch.optim.Adam(weight_decay = 2 lambda)`).
    L2(f64),
    /// `lambda * sum |w|` (its subgradient `lambda sign(w)`, 0 at 0).
    L1(f64),
}

impl FromStr for Regularisation {
    type Err = String;
    /// `none`, `l2:LAMBDA` or `l1:LAMBDA` with a positive finite LAMBDA.
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "none" {
            return Ok(Regularisation::None);
        }
        let (kind, lambda): (fn(f64) -> Regularisation, &str) =
            match (s.strip_prefix("l2:"), s.strip_prefix("l1:")) {
                (Some(l), _) => (Regularisation::L2, l),
                (_, Some(l)) => (Regularisation::L1, l),
                _ => {
                    return Err(format!(
                        "unknown regularisation \"{s}\" (expected none, l2:LAMBDA or l1:LAMBDA)"
                    ))
                }
            };
        match lambda.parse::<f64>() {
            Ok(l) if l.is_finite() && l > 0.0 => Ok(kind(l)),
            _ => Err(format!(
                "regularisation \"{s}\": LAMBDA must be a positive number"
            )),
        }
    }
}

impl fmt::Display for Regularisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Regularisation::None => f.write_str("none"),
            Regularisation::L2(l) => write!(f, "l2:{l}"),
            Regularisation::L1(l) => write!(f, "l1:{l}"),
        }
    }
}

impl Regularisation {
    /// The penalty's gradient at weight `w`.
    fn gradient(self, w: f64) -> f64 {
        match self {
            Regularisation::None => 0.0,
            Regularisation::L2(lambda) => 2.0 * lambda * w,
            Regularisation::L1(lambda) if w != 0.0 => lambda * w.signum(),
            Regularisation::L1(_) => 0.0,
        }
    }
}

/// What a network's training adds to [`Training`]: the penalty, frozen biases, a factored first
/// layer.
#[derive(Debug, Clone, Default)]
pub struct TrainingSetup {
    /// The penalty on the weights.
    pub regularisation: Regularisation,
    /// Keep every bias (hidden and output) exactly at its initial value: a network drawn
    /// without biases stays bias-free.
    pub freeze_biases: bool,
    /// Train the first layer as the product of these factors (as drawn), so that its rank never
    /// exceeds theirs.
    pub first_layer: Option<LowRank>,
}

/// A trained run counts as collapsed when its final loss is at least this fraction of the
/// constant-predictor loss (the variance of the targets).
pub const COLLAPSE_RATIO: f64 = 0.99;

/// Whether a run that ended at `final_loss` collapsed: it is no better than 1% below the best
/// constant predictor's loss `constant_loss` (see [`constant_loss`]).
pub fn collapsed(final_loss: f64, constant_loss: f64) -> bool {
    final_loss >= COLLAPSE_RATIO * constant_loss
}

/// The loss of the best constant predictor on `training`'s data in dimension `dim`: the
/// variance of the targets.
pub fn constant_loss(training: &Training, dim: usize) -> f64 {
    let samples = data(training.task, dim, training.points);
    let n = samples.len() as f64;
    let mean = samples.iter().map(|(_, y)| y).sum::<f64>() / n;
    samples
        .iter()
        .map(|(_, y)| (y - mean) * (y - mean))
        .sum::<f64>()
        / n
}

impl Optimizer {
    /// `gd` or `adam`.
    pub fn parse(name: &str) -> Result<Optimizer, String> {
        match name {
            "gd" => Ok(Optimizer::GradientDescent),
            "adam" => Ok(Optimizer::Adam),
            other => Err(format!(
                "unknown optimizer \"{other}\" (expected gd or adam)"
            )),
        }
    }
}

/// The training data of `task`: the grid of `points^d` points of [-1, 1]^d with their targets.
fn data(task: Task, dim: usize, points: usize) -> Vec<(Vec<f64>, f64)> {
    let coordinate = |k: usize| -1.0 + 2.0 * k as f64 / (points.max(2) - 1) as f64;
    let total = points.pow(dim as u32);
    (0..total)
        .map(|mut index| {
            let x: Vec<f64> = (0..dim)
                .map(|_| {
                    let k = index % points;
                    index /= points;
                    coordinate(k)
                })
                .collect();
            let y = task.target(&x);
            (x, y)
        })
        .collect()
}

/// Trains `network` (which must have a one-unit output layer) for `steps` full-batch steps with
/// no penalty and every parameter free, and returns it. Deterministic: the same inputs give the
/// same bits everywhere.
pub fn train(network: &Network, training: &Training, steps: usize) -> Result<Network, String> {
    train_with(network, training, &TrainingSetup::default(), steps)
}

/// Trains `network` (one-unit output layer; plain, leaky or residual blocks) for `steps`
/// full-batch steps under `setup` and returns it exactly. Deterministic (single-threaded f64 in
/// a fixed order): the same inputs give the same bits everywhere. Frozen biases are returned
/// bit for bit; a factored first layer is returned as the exact product of its trained factors.
pub fn train_with(
    network: &Network,
    training: &Training,
    setup: &TrainingSetup,
    steps: usize,
) -> Result<Network, String> {
    let mut model = Model::of(network, setup.first_layer.as_ref())?;
    let samples = data(training.task, network.input_dim(), training.points);
    let free: Vec<bool> = model
        .is_bias
        .iter()
        .map(|&bias| !(bias && setup.freeze_biases))
        .collect();
    let count = model.values.len();
    let (mut first, mut second) = (vec![0.0; count], vec![0.0; count]);
    let (beta1, beta2, epsilon) = (0.9f64, 0.999f64, 1e-8f64);
    let (mut power1, mut power2) = (1.0f64, 1.0f64);
    for _ in 0..steps {
        let gradient = model.gradient(&samples);
        power1 *= beta1;
        power2 *= beta2;
        for i in (0..count).filter(|&i| free[i]) {
            let theta = &mut model.values[i];
            let g = if model.is_bias[i] {
                gradient[i]
            } else {
                gradient[i] + setup.regularisation.gradient(*theta)
            };
            match training.optimizer {
                Optimizer::GradientDescent => *theta -= training.rate * g,
                Optimizer::Adam => {
                    let (m, v) = (&mut first[i], &mut second[i]);
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    let corrected =
                        (*m / (1.0 - power1)) / ((*v / (1.0 - power2)).sqrt() + epsilon);
                    *theta -= training.rate * corrected;
                }
            }
        }
    }
    if model.values.iter().any(|v| !v.is_finite()) {
        return Err("training diverged (a weight is not finite): lower the learning rate".into());
    }
    Ok(model.network())
}

/// The mean squared error of `network` (one-unit output layer) on `training`'s data, in f64
/// (for reports).
pub fn loss(network: &Network, training: &Training) -> Result<f64, String> {
    let samples = data(training.task, network.input_dim(), training.points);
    let model = Model::of(network, None)?;
    Ok(samples
        .iter()
        .map(|(x, y)| {
            let error = model.value(x) - y;
            error * error
        })
        .sum::<f64>()
        / samples.len() as f64)
}
