//! Feed-forward ReLU networks with exact rational weights.

use super::activation::Activation;
use super::apply::{apply_layer, LayerInput};
use super::pattern::Pattern;
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

    /// `W x + b`, exactly, for values `x` or for rational affine forms (see [`LayerInput`]).
    pub fn apply<T: LayerInput<Coefficient = Rational>>(&self, x: &[T]) -> Vec<T> {
        apply_layer(&self.weights, &self.biases, x)
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

impl IntegerLayer {
    /// `W' x + bias_scale b'`, for integer affine forms `x` (see [`LayerInput`]) at a scale
    /// `bias_scale`: the layer's values times `s bias_scale`.
    pub fn apply<T: LayerInput<Coefficient = Integer>>(
        &self,
        x: &[T],
        bias_scale: &Integer,
    ) -> Vec<T> {
        apply_layer(&self.weights, self.biases.iter().map(|b| b * bias_scale), x)
    }
}

/// A residual connection around a block: the block outputs `P x + W2 a + b2`, where `x` is the
/// block's input, `a` its activations and `P` the projection (the identity when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcut {
    /// `W2` and `b2`: one row per output of the block, one entry per neuron of the block.
    pub outer: Layer,
    /// `P`: one row per output of the block, one entry per input of the block; `None` is the
    /// identity (then the block has as many outputs as inputs).
    pub projection: Option<Vec<Vec<Rational>>>,
}

/// One hidden block: the neurons `z = W x + b` of [`Block::layer`], each activated by
/// [`Block::activation`] (ReLU or leaky ReLU), followed by an optional residual connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The neurons' affine map from the block's input.
    pub layer: Layer,
    /// The neurons' activation.
    pub activation: Activation,
    /// The residual connection, if any.
    pub shortcut: Option<Shortcut>,
}

impl Block {
    /// A plain ReLU block on `layer`.
    pub fn relu(layer: Layer) -> Block {
        Block {
            layer,
            activation: Activation::Relu,
            shortcut: None,
        }
    }

    /// Whether the block is a plain ReLU layer (ReLU, no shortcut).
    pub fn is_plain_relu(&self) -> bool {
        self.activation.is_relu() && self.shortcut.is_none()
    }

    /// The number of outputs the block passes on (its neurons, or the shortcut's rows).
    pub fn output_width(&self) -> usize {
        match &self.shortcut {
            Some(shortcut) => shortcut.outer.width(),
            None => self.layer.width(),
        }
    }

    /// The block's output at input `x` given the activations `a` of its neurons at `x`.
    pub fn combine(&self, x: &[Rational], activations: Vec<Rational>) -> Vec<Rational> {
        match self.shortcut_layer(x.len()) {
            Some(shortcut) => shortcut.apply(&[x, &activations].concat()),
            None => activations,
        }
    }

    /// The shortcut as one affine layer on the concatenated input `(x, a)`: rows `[P | W2]`
    /// (with `P` the identity when absent) and biases `b2`. `None` without a shortcut.
    pub fn shortcut_layer(&self, inputs: usize) -> Option<Layer> {
        let shortcut = self.shortcut.as_ref()?;
        let weights = shortcut
            .outer
            .weights
            .iter()
            .enumerate()
            .map(|(k, w2)| {
                let p: Vec<Rational> = match &shortcut.projection {
                    Some(p) => p[k].clone(),
                    None => (0..inputs)
                        .map(|j| Rational::from(u32::from(j == k)))
                        .collect(),
                };
                p.into_iter().chain(w2.iter().cloned()).collect()
            })
            .collect();
        Some(Layer {
            weights,
            biases: shortcut.outer.biases.clone(),
        })
    }
}

/// A piecewise-linear network: hidden blocks (each a layer of ReLU or leaky-ReLU neurons with an
/// optional residual connection), then an optional affine output layer.
///
/// Invariant (checked by [`Network::new`] and [`Network::from_blocks`]): `input_dim >= 1`, at
/// least one block, no empty layer, and every matrix has as many columns as its input has
/// entries (a block's input is the previous block's output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    input_dim: usize,
    blocks: Vec<Block>,
    output: Option<Layer>,
}

/// Checks that `layer` is a non-empty layer reading `inputs` values; `name` locates errors.
fn check_layer(name: &str, layer: &Layer, inputs: usize) -> Result<(), String> {
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
    check_columns(&format!("{name} weights"), &layer.weights, inputs)
}

/// Checks that every row of `matrix` has `inputs` entries.
fn check_columns(name: &str, matrix: &[Vec<Rational>], inputs: usize) -> Result<(), String> {
    match matrix.iter().enumerate().find(|(_, r)| r.len() != inputs) {
        Some((row, r)) => Err(format!(
            "{name}, row {row}: has {} entries, expected {inputs} (the width of the input)",
            r.len()
        )),
        None => Ok(()),
    }
}

impl Network {
    /// The plain ReLU network with the given hidden layers, or a description of the first
    /// shape error.
    pub fn new(
        input_dim: usize,
        hidden: Vec<Layer>,
        output: Option<Layer>,
    ) -> Result<Network, String> {
        Network::from_blocks(
            input_dim,
            hidden.into_iter().map(Block::relu).collect(),
            output,
        )
    }

    /// The network with the given blocks, or a description of the first shape error.
    pub fn from_blocks(
        input_dim: usize,
        blocks: Vec<Block>,
        output: Option<Layer>,
    ) -> Result<Network, String> {
        if input_dim == 0 {
            return Err("input_dim must be at least 1".into());
        }
        if blocks.is_empty() {
            return Err("the network needs at least one hidden layer".into());
        }
        let mut inputs = input_dim;
        for (l, block) in blocks.iter().enumerate() {
            check_layer(&format!("layer {l}"), &block.layer, inputs)?;
            if let Some(shortcut) = &block.shortcut {
                let name = format!("layer {l} residual");
                check_layer(&name, &shortcut.outer, block.layer.width())?;
                match &shortcut.projection {
                    Some(p) => {
                        if p.len() != shortcut.outer.width() {
                            return Err(format!(
                                "{name} projection has {} rows, expected {} (one per residual output)",
                                p.len(),
                                shortcut.outer.width()
                            ));
                        }
                        check_columns(&format!("{name} projection"), p, inputs)?;
                    }
                    None if shortcut.outer.width() != inputs => {
                        return Err(format!(
                            "{name} has {} outputs but the block's input has {inputs} entries: without a projection they must be equal",
                            shortcut.outer.width()
                        ));
                    }
                    None => {}
                }
            }
            inputs = block.output_width();
        }
        if let Some(layer) = &output {
            check_layer("output layer", layer, inputs)?;
        }
        Ok(Network {
            input_dim,
            blocks,
            output,
        })
    }

    /// The input dimension d.
    pub fn input_dim(&self) -> usize {
        self.input_dim
    }

    /// The hidden blocks, in order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The hidden layers when the network is a plain ReLU network (no leaky activation, no
    /// residual connection); `None` otherwise.
    pub fn plain_layers(&self) -> Option<Vec<&Layer>> {
        self.blocks
            .iter()
            .map(|b| b.is_plain_relu().then_some(&b.layer))
            .collect()
    }

    /// The affine output layer, if any.
    pub fn output(&self) -> Option<&Layer> {
        self.output.as_ref()
    }

    /// The number of neurons of each hidden block.
    pub fn widths(&self) -> Vec<usize> {
        self.blocks.iter().map(|b| b.layer.width()).collect()
    }

    /// The affine form `(b, a_1, ..., a_d)` of every hidden neuron's pre-activation on the closed
    /// region with activation `pattern` (one bit per hidden neuron, block by block), computed
    /// exactly by composing the blocks with the pattern's activations.
    pub fn affine_forms(&self, pattern: &Pattern) -> Vec<Vec<Vec<Rational>>> {
        let mut forms = FormsOnRegions::new(self);
        forms.update(pattern);
        forms.forms
    }

    /// The network's value at `x`, exactly: the output layer's values, or the last block's
    /// outputs when there is no output layer.
    pub fn evaluate(&self, x: &[Rational]) -> Vec<Rational> {
        let mut values = x.to_vec();
        for block in &self.blocks {
            let activations = block
                .layer
                .apply(&values)
                .iter()
                .map(|v| block.activation.apply(v))
                .collect();
            values = block.combine(&values, activations);
        }
        match &self.output {
            Some(layer) => layer.apply(&values),
            None => values,
        }
    }

    /// The exact pre-activations of every hidden neuron at `x`, block by block.
    pub fn pre_activations(&self, x: &[Rational]) -> Vec<Vec<Rational>> {
        let mut values = x.to_vec();
        let mut all = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let z = block.layer.apply(&values);
            let activations = z.iter().map(|v| block.activation.apply(v)).collect();
            values = block.combine(&values, activations);
            all.push(z);
        }
        all
    }
}

/// [`Network::affine_forms`] for a sequence of patterns, recomputing only the blocks whose
/// inputs changed: block l's forms depend on the bits of the blocks before it only, so for
/// patterns in pattern order (siblings differing in their last bits) almost nothing is
/// recomputed.
#[derive(Debug, Clone)]
pub struct FormsOnRegions<'a> {
    network: &'a Network,
    pattern: Pattern,
    /// Every block's input forms (block 0: the coordinates), one entry per block computed.
    inputs: Vec<Vec<Vec<Rational>>>,
    forms: Vec<Vec<Vec<Rational>>>,
}

impl<'a> FormsOnRegions<'a> {
    /// Nothing computed yet.
    pub fn new(network: &'a Network) -> FormsOnRegions<'a> {
        let d = network.input_dim;
        let coordinates = (0..d)
            .map(|j| {
                let mut form = vec![Rational::from(0u32); d + 1];
                form[j + 1] = Rational::from(1u32);
                form
            })
            .collect();
        FormsOnRegions {
            network,
            pattern: Pattern::default(),
            inputs: vec![coordinates],
            forms: Vec::new(),
        }
    }

    /// Brings the forms to `pattern` and returns the first block whose forms changed (the
    /// number of blocks if none did).
    pub fn update(&mut self, pattern: &Pattern) -> usize {
        let blocks = &self.network.blocks;
        let same = self
            .pattern
            .layers()
            .iter()
            .zip(pattern.layers())
            .take_while(|(a, b)| a == b)
            .count();
        // Block l's forms are still valid when blocks 0..l kept their bits.
        let first = (same + 1).min(self.forms.len()).min(blocks.len());
        self.forms.truncate(first);
        // The inputs of blocks 0..first stay; block 0's (the coordinates) always.
        self.inputs.truncate(first.max(1));
        for (l, block) in blocks.iter().enumerate().skip(first) {
            if l > 0 {
                let previous = &blocks[l - 1];
                let activations: Vec<Vec<Rational>> = self.forms[l - 1]
                    .iter()
                    .zip(pattern.layer(l - 1))
                    .map(|(form, &on)| {
                        if on {
                            form.clone()
                        } else {
                            let slope = previous.activation.negative_slope();
                            form.iter().map(|c| c * slope).collect()
                        }
                    })
                    .collect();
                let inputs = &self.inputs[l - 1];
                let next = match previous.shortcut_layer(inputs.len()) {
                    Some(shortcut) => shortcut.apply(&[inputs.clone(), activations].concat()),
                    None => activations,
                };
                self.inputs.push(next);
            }
            self.forms.push(block.layer.apply(&self.inputs[l]));
        }
        self.pattern = pattern.clone();
        first
    }

    /// The forms for the last pattern given to [`FormsOnRegions::update`], block by block.
    pub fn forms(&self) -> &[Vec<Vec<Rational>>] {
        &self.forms
    }
}
