//! Feed-forward ReLU networks with exact rational weights.

use crate::exact::{Integer, Natural, Rational};
use malachite::base::num::arithmetic::traits::Lcm;
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;

/// One affine layer `x -> W x + b`: `weights` has one row per output neuron, each with one entry
/// per input (PyTorch's `Linear.weight` layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// The weight matrix, `width` rows of `inputs` entries.
    pub weights: Vec<Vec<Rational>>,
    /// The biases, one per row.
    pub biases: Vec<Rational>,
}

impl Layer {
    /// The number of output neurons.
    pub fn width(&self) -> usize {
        self.biases.len()
    }

    /// Each neuron's hyperplane `b_i + w_i . x = 0` as the row `(b_i, w_i1, ..., w_in)`.
    pub fn hyperplanes(&self) -> Vec<Vec<Rational>> {
        self.weights
            .iter()
            .zip(&self.biases)
            .map(|(w, b)| {
                std::iter::once(b.clone())
                    .chain(w.iter().cloned())
                    .collect()
            })
            .collect()
    }

    /// The layer in f64, each entry rounded to the nearest binary64 (exact for weights that are
    /// binary64 numbers, as drawn or trained ones are): `(weights row by row, biases)`.
    pub fn to_f64(&self) -> (Vec<Vec<f64>>, Vec<f64>) {
        let f = |v: &Rational| f64::rounding_from(v, RoundingMode::Nearest).0;
        (
            self.weights
                .iter()
                .map(|r| r.iter().map(f).collect())
                .collect(),
            self.biases.iter().map(f).collect(),
        )
    }

    /// `W x + b`, exactly.
    pub fn apply(&self, x: &[Rational]) -> Vec<Rational> {
        self.weights
            .iter()
            .zip(&self.biases)
            .map(|(row, b)| row.iter().zip(x).map(|(w, xi)| w * xi).sum::<Rational>() + b)
            .collect()
    }

    /// The same layer over a common denominator: `W = W' / s`, `b = b' / s` with integer `W'`,
    /// `b'` and the least positive integer `s`.
    pub fn to_integers(&self) -> IntegerLayer {
        let mut scale = Natural::from(1u32);
        for v in self.weights.iter().flatten().chain(&self.biases) {
            scale = scale.lcm(v.denominator_ref());
        }
        let scale_q = Rational::from(scale.clone());
        let to_integer = |v: &Rational| {
            Integer::try_from(v * &scale_q).expect("the common denominator clears every entry")
        };
        IntegerLayer {
            weights: self
                .weights
                .iter()
                .map(|row| row.iter().map(to_integer).collect())
                .collect(),
            biases: self.biases.iter().map(to_integer).collect(),
            scale: Integer::from(scale),
        }
    }
}

/// A layer scaled to integers: the real layer is `(weights x + biases) / scale`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegerLayer {
    /// Integer weights `W'`.
    pub weights: Vec<Vec<Integer>>,
    /// Integer biases `b'`.
    pub biases: Vec<Integer>,
    /// The positive common denominator `s`.
    pub scale: Integer,
}

/// A ReLU network: hidden layers each followed by ReLU, then an optional affine output layer.
///
/// Invariant (checked by [`Network::new`]): `input_dim >= 1`, at least one hidden layer, no empty
/// layer, and every layer's rows have as many entries as the previous layer has neurons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    input_dim: usize,
    hidden: Vec<Layer>,
    output: Option<Layer>,
}

impl Network {
    /// The network with the given layers, or a description of the first shape error.
    pub fn new(
        input_dim: usize,
        hidden: Vec<Layer>,
        output: Option<Layer>,
    ) -> Result<Network, String> {
        if input_dim == 0 {
            return Err("input_dim must be at least 1".into());
        }
        if hidden.is_empty() {
            return Err("the network needs at least one hidden layer".into());
        }
        let mut inputs = input_dim;
        for (name, layer) in hidden
            .iter()
            .enumerate()
            .map(|(l, layer)| (format!("layer {l}"), layer))
            .chain(
                output
                    .iter()
                    .map(|layer| ("output layer".to_string(), layer)),
            )
        {
            if layer.weights.is_empty() {
                return Err(format!(
                    "{name} is empty (a layer needs at least one neuron)"
                ));
            }
            if layer.weights.len() != layer.biases.len() {
                return Err(format!(
                    "{name} has {} weight rows but {} biases",
                    layer.weights.len(),
                    layer.biases.len()
                ));
            }
            if let Some((row, r)) = layer
                .weights
                .iter()
                .enumerate()
                .find(|(_, r)| r.len() != inputs)
            {
                return Err(format!(
                    "{name} weights, row {row}: has {} entries, expected {inputs} (the width of the layer before)",
                    r.len()
                ));
            }
            inputs = layer.width();
        }
        Ok(Network {
            input_dim,
            hidden,
            output,
        })
    }

    /// The input dimension d.
    pub fn input_dim(&self) -> usize {
        self.input_dim
    }

    /// The hidden (ReLU) layers.
    pub fn hidden(&self) -> &[Layer] {
        &self.hidden
    }

    /// The affine output layer, if any.
    pub fn output(&self) -> Option<&Layer> {
        self.output.as_ref()
    }

    /// The widths of the hidden layers.
    pub fn widths(&self) -> Vec<usize> {
        self.hidden.iter().map(Layer::width).collect()
    }

    /// The affine form `(b, a_1, ..., a_d)` of every hidden neuron's pre-activation on the closed
    /// region with activation `pattern` (one bit per hidden neuron, layer by layer), computed
    /// exactly by composing the layers with the pattern's 0/1 masks.
    pub fn affine_forms(&self, pattern: &[Vec<bool>]) -> Vec<Vec<Vec<Rational>>> {
        let d = self.input_dim;
        let zero = || vec![Rational::from(0u32); d + 1];
        let mut inputs: Vec<Vec<Rational>> = (0..d)
            .map(|j| {
                let mut form = zero();
                form[j + 1] = Rational::from(1u32);
                form
            })
            .collect();
        let mut all = Vec::with_capacity(self.hidden.len());
        for (layer, bits) in self.hidden.iter().zip(pattern) {
            let forms: Vec<Vec<Rational>> = layer
                .weights
                .iter()
                .zip(&layer.biases)
                .map(|(row, bias)| {
                    let mut form = zero();
                    form[0] = bias.clone();
                    for (w, input) in row.iter().zip(&inputs) {
                        for (f, x) in form.iter_mut().zip(input) {
                            *f += w * x;
                        }
                    }
                    form
                })
                .collect();
            inputs = forms
                .iter()
                .zip(bits)
                .map(|(form, &on)| if on { form.clone() } else { zero() })
                .collect();
            all.push(forms);
        }
        all
    }

    /// The exact pre-activations of every hidden neuron at `x`, layer by layer.
    pub fn pre_activations(&self, x: &[Rational]) -> Vec<Vec<Rational>> {
        let mut values = x.to_vec();
        let mut all = Vec::with_capacity(self.hidden.len());
        for layer in &self.hidden {
            let z = layer.apply(&values);
            values = z
                .iter()
                .map(|v| {
                    if *v > 0u32 {
                        v.clone()
                    } else {
                        Rational::from(0u32)
                    }
                })
                .collect();
            all.push(z);
        }
        all
    }
}
