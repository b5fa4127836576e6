//! A network's parameters as one flat f64 vector, with the forward pass and backpropagation of
//! plain, leaky and residual blocks (and a first layer kept as a product of two factors).

use crate::exact::Rational;
use crate::network::{Activation, Block, Layer, LowRank, Network, Shortcut};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;

fn to_f64(v: &Rational) -> f64 {
    f64::rounding_from(v, RoundingMode::Nearest).0
}

fn exact(v: f64) -> Rational {
    Rational::try_from(v).expect("the trainer checks every parameter is finite")
}

/// A matrix stored row by row at `offset` in the parameter vector.
#[derive(Debug, Clone, Copy)]
struct Matrix {
    offset: usize,
    rows: usize,
    cols: usize,
}

impl Matrix {
    fn row<'a>(&self, p: &'a [f64], i: usize) -> &'a [f64] {
        let start = self.offset + i * self.cols;
        &p[start..start + self.cols]
    }

    /// `M x`.
    fn apply(&self, p: &[f64], x: &[f64]) -> Vec<f64> {
        (0..self.rows)
            .map(|i| self.row(p, i).iter().zip(x).map(|(a, b)| a * b).sum())
            .collect()
    }

    /// `M^T dy`.
    fn transpose_apply(&self, p: &[f64], dy: &[f64]) -> Vec<f64> {
        let mut dx = vec![0.0; self.cols];
        for (i, d) in dy.iter().enumerate() {
            for (x, a) in dx.iter_mut().zip(self.row(p, i)) {
                *x += d * a;
            }
        }
        dx
    }

    /// Adds the gradient `dy x^T` of `M x` into `g`.
    fn accumulate(&self, g: &mut [f64], dy: &[f64], x: &[f64]) {
        for (i, d) in dy.iter().enumerate() {
            let start = self.offset + i * self.cols;
            for (gij, xj) in g[start..start + self.cols].iter_mut().zip(x) {
                *gij += d * xj;
            }
        }
    }

    fn exact(&self, p: &[f64]) -> Vec<Vec<Rational>> {
        (0..self.rows)
            .map(|i| self.row(p, i).iter().map(|&v| exact(v)).collect())
            .collect()
    }
}

/// A weight matrix: stored whole, or as the product `left * right` of two stored factors.
#[derive(Debug, Clone, Copy)]
enum Weights {
    Full(Matrix),
    Factored { left: Matrix, right: Matrix },
}

impl Weights {
    fn apply(&self, p: &[f64], x: &[f64]) -> Vec<f64> {
        match self {
            Weights::Full(m) => m.apply(p, x),
            Weights::Factored { left, right } => left.apply(p, &right.apply(p, x)),
        }
    }

    /// Accumulates the weights' gradient for output gradient `dy` at input `x`; returns `dx`.
    fn backward(&self, p: &[f64], g: &mut [f64], x: &[f64], dy: &[f64]) -> Vec<f64> {
        match self {
            Weights::Full(m) => {
                m.accumulate(g, dy, x);
                m.transpose_apply(p, dy)
            }
            Weights::Factored { left, right } => {
                let inner = right.apply(p, x);
                left.accumulate(g, dy, &inner);
                let d_inner = left.transpose_apply(p, dy);
                right.accumulate(g, &d_inner, x);
                right.transpose_apply(p, &d_inner)
            }
        }
    }

    /// The matrix, exactly (a factored one as the exact product of its exact factors, so its
    /// rank never exceeds the factors' inner dimension).
    fn exact(&self, p: &[f64]) -> Vec<Vec<Rational>> {
        match self {
            Weights::Full(m) => m.exact(p),
            Weights::Factored { left, right } => LowRank {
                left: left.exact(p),
                right: right.exact(p),
            }
            .product(),
        }
    }
}

/// `x -> W x + b`, with the biases at `bias..bias + width`.
#[derive(Debug, Clone, Copy)]
struct Affine {
    weights: Weights,
    bias: usize,
    width: usize,
}

impl Affine {
    fn apply(&self, p: &[f64], x: &[f64]) -> Vec<f64> {
        let mut y = self.weights.apply(p, x);
        for (v, b) in y.iter_mut().zip(&p[self.bias..self.bias + self.width]) {
            *v += b;
        }
        y
    }

    fn backward(&self, p: &[f64], g: &mut [f64], x: &[f64], dy: &[f64]) -> Vec<f64> {
        for (gb, d) in g[self.bias..self.bias + self.width].iter_mut().zip(dy) {
            *gb += d;
        }
        self.weights.backward(p, g, x, dy)
    }

    fn exact(&self, p: &[f64]) -> Layer {
        Layer {
            weights: self.weights.exact(p),
            biases: p[self.bias..self.bias + self.width]
                .iter()
                .map(|&v| exact(v))
                .collect(),
        }
    }
}

/// One hidden block: `a = act(inner x)`, passed on as `a`, or as `P x + outer a` with a
/// shortcut (`P` the identity when `projection` is `None`).
#[derive(Debug, Clone)]
struct BlockParameters {
    inner: Affine,
    slope: f64,
    activation: Activation,
    shortcut: Option<(Affine, Option<Matrix>)>,
}

/// What the forward pass keeps of one block for backpropagation.
struct Trace {
    input: Vec<f64>,
    pre: Vec<f64>,
    activations: Vec<f64>,
}

impl BlockParameters {
    fn activate(&self, z: f64) -> f64 {
        if z > 0.0 {
            z
        } else {
            self.slope * z
        }
    }

    fn forward(&self, p: &[f64], x: Vec<f64>) -> (Vec<f64>, Trace) {
        let pre = self.inner.apply(p, &x);
        let activations: Vec<f64> = pre.iter().map(|&z| self.activate(z)).collect();
        let output = match &self.shortcut {
            None => activations.clone(),
            Some((outer, projection)) => {
                let mut y = outer.apply(p, &activations);
                let skip = match projection {
                    Some(m) => m.apply(p, &x),
                    None => x.clone(),
                };
                for (v, s) in y.iter_mut().zip(skip) {
                    *v += s;
                }
                y
            }
        };
        let trace = Trace {
            input: x,
            pre,
            activations,
        };
        (output, trace)
    }

    /// Accumulates the block's gradient for output gradient `dy`; returns the input's gradient.
    fn backward(&self, p: &[f64], g: &mut [f64], trace: &Trace, dy: &[f64]) -> Vec<f64> {
        let (da, skip) = match &self.shortcut {
            None => (dy.to_vec(), None),
            Some((outer, projection)) => {
                let da = outer.backward(p, g, &trace.activations, dy);
                let skip = match projection {
                    Some(m) => {
                        m.accumulate(g, dy, &trace.input);
                        m.transpose_apply(p, dy)
                    }
                    None => dy.to_vec(),
                };
                (da, Some(skip))
            }
        };
        let dz: Vec<f64> = da
            .iter()
            .zip(&trace.pre)
            .map(|(d, &z)| if z > 0.0 { *d } else { self.slope * d })
            .collect();
        let mut dx = self.inner.backward(p, g, &trace.input, &dz);
        if let Some(skip) = skip {
            for (v, s) in dx.iter_mut().zip(skip) {
                *v += s;
            }
        }
        dx
    }

    fn exact(&self, p: &[f64]) -> Block {
        Block {
            layer: self.inner.exact(p),
            activation: self.activation.clone(),
            shortcut: self.shortcut.as_ref().map(|(outer, projection)| Shortcut {
                outer: outer.exact(p),
                projection: projection.map(|m| m.exact(p)),
            }),
        }
    }
}

/// A network with one output as a flat parameter vector and the layout to read it.
pub(super) struct Model {
    input_dim: usize,
    blocks: Vec<BlockParameters>,
    output: Affine,
    /// Every parameter, in the order the layout assigned them.
    pub(super) values: Vec<f64>,
    /// Whether each parameter is a bias (the others are weights).
    pub(super) is_bias: Vec<bool>,
}

/// Appends parameters to the flat vector and records where they went.
#[derive(Default)]
struct Builder {
    values: Vec<f64>,
    is_bias: Vec<bool>,
}

impl Builder {
    fn matrix(&mut self, rows: &[Vec<Rational>]) -> Matrix {
        let matrix = Matrix {
            offset: self.values.len(),
            rows: rows.len(),
            cols: rows.first().map_or(0, Vec::len),
        };
        for v in rows.iter().flatten() {
            self.values.push(to_f64(v));
            self.is_bias.push(false);
        }
        matrix
    }

    fn affine(&mut self, layer: &Layer, weights: Option<Weights>) -> Affine {
        let weights = weights.unwrap_or_else(|| Weights::Full(self.matrix(&layer.weights)));
        let bias = self.values.len();
        for b in &layer.biases {
            self.values.push(to_f64(b));
            self.is_bias.push(true);
        }
        Affine {
            weights,
            bias,
            width: layer.width(),
        }
    }
}

impl Model {
    /// The parameters of `network` (which has a one-unit output layer); the first block's
    /// weights are held as `first_layer`'s factors when given (they must multiply to them).
    pub(super) fn of(network: &Network, first_layer: Option<&LowRank>) -> Result<Model, String> {
        let output = network
            .output()
            .filter(|o| o.width() == 1)
            .ok_or("training needs a network with a one-unit output layer")?;
        let mut builder = Builder::default();
        let mut blocks = Vec::new();
        for (l, block) in network.blocks().iter().enumerate() {
            let weights = match first_layer.filter(|_| l == 0) {
                Some(factors) if factors.product() == block.layer.weights => {
                    Some(Weights::Factored {
                        left: builder.matrix(&factors.left),
                        right: builder.matrix(&factors.right),
                    })
                }
                Some(_) => {
                    return Err("the first layer's factors do not multiply to its weights".into())
                }
                None => None,
            };
            let inner = builder.affine(&block.layer, weights);
            let shortcut = block.shortcut.as_ref().map(|s| {
                let outer = builder.affine(&s.outer, None);
                (outer, s.projection.as_ref().map(|p| builder.matrix(p)))
            });
            blocks.push(BlockParameters {
                inner,
                slope: to_f64(block.activation.negative_slope()),
                activation: block.activation.clone(),
                shortcut,
            });
        }
        let output = builder.affine(output, None);
        Ok(Model {
            input_dim: network.input_dim(),
            blocks,
            output,
            values: builder.values,
            is_bias: builder.is_bias,
        })
    }

    /// The last block's outputs at `x` and each block's trace.
    fn forward(&self, x: &[f64]) -> (Vec<f64>, Vec<Trace>) {
        let mut values = x.to_vec();
        let mut traces = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let (next, trace) = block.forward(&self.values, values);
            traces.push(trace);
            values = next;
        }
        (values, traces)
    }

    /// The network's output at `x`.
    pub(super) fn value(&self, x: &[f64]) -> f64 {
        self.output.apply(&self.values, &self.forward(x).0)[0]
    }

    /// The mean squared error's gradient over `data`, one entry per parameter.
    pub(super) fn gradient(&self, data: &[(Vec<f64>, f64)]) -> Vec<f64> {
        let p = &self.values;
        let mut g = vec![0.0; p.len()];
        let scale = 2.0 / data.len() as f64;
        for (x, y) in data {
            let (hidden, traces) = self.forward(x);
            let out = self.output.apply(p, &hidden)[0];
            let mut delta = self
                .output
                .backward(p, &mut g, &hidden, &[scale * (out - y)]);
            for (block, trace) in self.blocks.iter().zip(&traces).rev() {
                delta = block.backward(p, &mut g, trace, &delta);
            }
        }
        g
    }

    /// The network the parameters describe, exactly (each f64 as the binary64 rational it is).
    pub(super) fn network(&self) -> Network {
        let blocks = self.blocks.iter().map(|b| b.exact(&self.values)).collect();
        Network::from_blocks(
            self.input_dim,
            blocks,
            Some(self.output.exact(&self.values)),
        )
        .expect("training keeps the shapes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{BlockKind, RandomSpec, WeightInit};

    /// A residual leaky network with a projection on its first block and a factored first
    /// layer: every kind of parameter the model holds. Weights of 16 bits, so that the product
    /// of the factors is a binary64 matrix too.
    fn every_kind() -> (Network, LowRank) {
        let (network, factors) = RandomSpec {
            input_dim: 3,
            widths: vec![4, 5],
            output: Some(1),
            init: WeightInit::HeNormal,
            bias: crate::network::BiasInit::Pytorch,
            seed: 11,
            bits: Some(16),
            blocks: "residual-leaky:1/8".parse::<BlockKind>().unwrap(),
            first_layer_rank: Some(2),
        }
        .generate_factored()
        .unwrap();
        let mut blocks = network.blocks().to_vec();
        let shortcut = blocks[0].shortcut.as_mut().unwrap();
        shortcut.projection = Some(
            (0..3)
                .map(|i| {
                    (0..3)
                        .map(|j| Rational::from(i as i64 - j as i64) / Rational::from(4))
                        .collect()
                })
                .collect(),
        );
        let network =
            Network::from_blocks(3, blocks, network.output().cloned()).expect("same shapes");
        (network, factors.unwrap())
    }

    #[test]
    fn the_gradient_matches_central_differences() {
        let (network, factors) = every_kind();
        let mut model = Model::of(&network, Some(&factors)).unwrap();
        let data: Vec<(Vec<f64>, f64)> = (0..20)
            .map(|k| {
                let t = k as f64 / 20.0;
                (vec![t - 0.5, 0.3 - t * t, (3.0 * t).sin()], (5.0 * t).cos())
            })
            .collect();
        let loss = |m: &Model| {
            data.iter()
                .map(|(x, y)| (m.value(x) - y) * (m.value(x) - y))
                .sum::<f64>()
                / data.len() as f64
        };
        let gradient = model.gradient(&data);
        let h = 1e-6;
        for (i, analytic) in gradient.iter().enumerate() {
            let saved = model.values[i];
            model.values[i] = saved + h;
            let up = loss(&model);
            model.values[i] = saved - h;
            let down = loss(&model);
            model.values[i] = saved;
            let numeric = (up - down) / (2.0 * h);
            assert!(
                (numeric - analytic).abs() <= 1e-5 * (1.0 + numeric.abs()),
                "parameter {i}: backpropagation {analytic} against {numeric}"
            );
        }
    }

    #[test]
    fn the_snapshot_of_untouched_parameters_is_the_network() {
        let (network, factors) = every_kind();
        assert_eq!(
            Model::of(&network, Some(&factors)).unwrap().network(),
            network
        );
        assert_eq!(Model::of(&network, None).unwrap().network(), network);
    }
}
