//! A small deterministic trainer: full-batch gradient descent or Adam on mean squared error, in
//! f64, for networks with one output, on built-in low-dimensional tasks. Snapshots are taken
//! exactly (their f64 weights as binary64 rationals) for exact analysis.

use crate::exact::Rational;
use crate::network::{Layer, Network};

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

/// The network's parameters in f64: per layer (weights row by row, biases).
struct Parameters {
    layers: Vec<(Vec<Vec<f64>>, Vec<f64>)>,
}

impl Parameters {
    fn of(network: &Network) -> Result<Parameters, String> {
        let hidden = network.plain_layers().ok_or(
            "training supports plain ReLU networks only (no leaky activation, no residual connection)",
        )?;
        let layers = hidden
            .into_iter()
            .chain(network.output())
            .map(Layer::to_f64)
            .collect();
        Ok(Parameters { layers })
    }

    fn network(&self, input_dim: usize) -> Network {
        let exact = |v: &f64| Rational::try_from(*v).expect("train checks every weight is finite");
        let mut layers: Vec<Layer> = self
            .layers
            .iter()
            .map(|(w, b)| Layer {
                weights: w.iter().map(|r| r.iter().map(exact).collect()).collect(),
                biases: b.iter().map(exact).collect(),
            })
            .collect();
        let output = layers.pop();
        Network::new(input_dim, layers, output).expect("training keeps the shapes")
    }

    fn zeros_like(&self) -> Parameters {
        Parameters {
            layers: self
                .layers
                .iter()
                .map(|(w, b)| {
                    (
                        w.iter().map(|r| vec![0.0; r.len()]).collect(),
                        vec![0.0; b.len()],
                    )
                })
                .collect(),
        }
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut f64> {
        self.layers
            .iter_mut()
            .flat_map(|(w, b)| w.iter_mut().flat_map(|r| r.iter_mut()).chain(b.iter_mut()))
    }

    /// The mean squared error's gradient over `data`, accumulated into `gradient`.
    fn gradient(&self, data: &[(Vec<f64>, f64)], gradient: &mut Parameters) {
        let last = self.layers.len() - 1;
        let scale = 2.0 / data.len() as f64;
        for (x, y) in data {
            let mut activations = vec![x.clone()];
            let mut pre = Vec::with_capacity(self.layers.len());
            for (l, (w, b)) in self.layers.iter().enumerate() {
                let input = activations.last().expect("an input");
                let z: Vec<f64> = w
                    .iter()
                    .zip(b)
                    .map(|(row, bias)| {
                        row.iter().zip(input).map(|(a, v)| a * v).sum::<f64>() + bias
                    })
                    .collect();
                let a = if l == last {
                    z.clone()
                } else {
                    z.iter().map(|v| v.max(0.0)).collect()
                };
                pre.push(z);
                activations.push(a);
            }
            let mut delta: Vec<f64> = vec![scale * (activations[last + 1][0] - y)];
            for l in (0..=last).rev() {
                let (w, _) = &self.layers[l];
                let (gw, gb) = &mut gradient.layers[l];
                for (i, d) in delta.iter().enumerate() {
                    gb[i] += d;
                    for (j, a) in activations[l].iter().enumerate() {
                        gw[i][j] += d * a;
                    }
                }
                if l > 0 {
                    delta = (0..w[0].len())
                        .map(|j| {
                            let back: f64 = delta.iter().zip(w).map(|(d, row)| d * row[j]).sum();
                            if pre[l - 1][j] > 0.0 {
                                back
                            } else {
                                0.0
                            }
                        })
                        .collect();
                }
            }
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

/// Trains `network` (which must have a one-unit output layer) for `steps` full-batch steps and
/// returns it. Deterministic: the same inputs give the same bits everywhere.
pub fn train(network: &Network, training: &Training, steps: usize) -> Result<Network, String> {
    if network.output().map(Layer::width) != Some(1) {
        return Err("training needs a network with a one-unit output layer".into());
    }
    let samples = data(training.task, network.input_dim(), training.points);
    let mut parameters = Parameters::of(network)?;
    let (mut first, mut second) = (parameters.zeros_like(), parameters.zeros_like());
    let (beta1, beta2, epsilon) = (0.9f64, 0.999f64, 1e-8f64);
    let (mut power1, mut power2) = (1.0f64, 1.0f64);
    for _ in 0..steps {
        let mut gradient = parameters.zeros_like();
        parameters.gradient(&samples, &mut gradient);
        power1 *= beta1;
        power2 *= beta2;
        let updates = parameters
            .values_mut()
            .zip(gradient.values_mut())
            .zip(first.values_mut().zip(second.values_mut()));
        for ((theta, g), (m, v)) in updates {
            match training.optimizer {
                Optimizer::GradientDescent => *theta -= training.rate * *g,
                Optimizer::Adam => {
                    *m = beta1 * *m + (1.0 - beta1) * *g;
                    *v = beta2 * *v + (1.0 - beta2) * *g * *g;
                    let corrected =
                        (*m / (1.0 - power1)) / ((*v / (1.0 - power2)).sqrt() + epsilon);
                    *theta -= training.rate * corrected;
                }
            }
        }
    }
    if parameters.values_mut().any(|v| !v.is_finite()) {
        return Err("training diverged (a weight is not finite): lower the learning rate".into());
    }
    Ok(parameters.network(network.input_dim()))
}

/// The mean squared error of `network` on `training`'s data, in f64 (for reports); an error
/// for networks [`train`] does not support.
pub fn loss(network: &Network, training: &Training) -> Result<f64, String> {
    let samples = data(training.task, network.input_dim(), training.points);
    let parameters = Parameters::of(network)?;
    let last = parameters.layers.len() - 1;
    Ok(samples
        .iter()
        .map(|(x, y)| {
            let mut a = x.clone();
            for (l, (w, b)) in parameters.layers.iter().enumerate() {
                a = w
                    .iter()
                    .zip(b)
                    .map(|(row, bias)| {
                        let z = row.iter().zip(&a).map(|(p, v)| p * v).sum::<f64>() + bias;
                        if l == last {
                            z
                        } else {
                            z.max(0.0)
                        }
                    })
                    .collect();
            }
            (a[0] - y) * (a[0] - y)
        })
        .sum::<f64>()
        / samples.len() as f64)
}
