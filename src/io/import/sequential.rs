//! From the named tensors of a PyTorch `nn.Sequential` `state_dict` to a network.
//!
//! Names are `[PREFIX.]INDEX.PARAMETER`, one prefix for the whole file. A module with a rank-2
//! `weight` and a `bias` is a `Linear`; one with `running_mean` and `running_var` (and optionally
//! `weight`, `bias`, `num_batches_tracked`) is an eval-mode `BatchNorm1d`, which must directly
//! follow a `Linear` and is folded into it. Modules without parameters (ReLU) leave gaps in the
//! indices; two `Linear` layers with adjacent indices have no activation between them and are
//! refused.

use super::batchnorm::{fold, BatchNorm};
use super::stack::{Norm, Stack};
use super::tensor::{error, shape_text, Dtype, Tensor};
use super::ImportOptions;
use crate::exact::Rational;
use crate::io::InputError;
use crate::network::{Block, Layer};
use std::collections::BTreeMap;

/// A batch norm (`BatchNorm1d`, ONNX `BatchNormalization`) folded into a layer, and the neurons
/// whose scale had to be rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedBatchNorm {
    /// The module's tensor-name prefix (`net.1`), or the ONNX node's name (`#i` if unnamed).
    pub module: String,
    /// The layer it was folded into: `layer l` (hidden) or `output layer`.
    pub layer: String,
    /// The eps used, exactly: `ImportOptions::bn_eps`, or the ONNX node's `epsilon` (a binary32).
    pub eps: Rational,
    /// The neurons whose scale `weight / sqrt(running_var + eps)` is irrational and was rounded
    /// to the nearest binary64 (empty: the fold is exact); for a batch norm over the channels of
    /// a `[N, C, H, W]` value, the channels.
    pub rounded: Vec<usize>,
}

/// Whether a tensor is skipped without being decoded: `num_batches_tracked` (an integer counter
/// that eval mode does not use).
pub fn ignored(name: &str) -> bool {
    name == "num_batches_tracked" || name.ends_with(".num_batches_tracked")
}

/// A layer read, with the batch norm folded into it.
type LayerRead = (Layer, Vec<Norm>);

/// One module of the sequential container: its index, name prefix and parameters by name.
struct Module {
    index: usize,
    prefix: String,
    parameters: BTreeMap<String, Tensor>,
}

impl Module {
    fn name(&self, parameter: &str) -> String {
        format!("{}.{parameter}", self.prefix)
    }

    fn take(&mut self, origin: &str, parameter: &str, why: &str) -> Result<Tensor, InputError> {
        self.parameters.remove(parameter).ok_or_else(|| {
            error(
                origin,
                &self.name(parameter),
                format!("missing tensor ({why})"),
            )
        })
    }

    /// A rank-1 parameter of `length` entries.
    fn vector(
        &mut self,
        origin: &str,
        parameter: &str,
        length: usize,
        why: &str,
    ) -> Result<Vec<Rational>, InputError> {
        let tensor = self.take(origin, parameter, why)?;
        if tensor.shape != [length] {
            return Err(error(
                origin,
                &self.name(parameter),
                format!(
                    "wrong shape: expected [{length}] ({why}), found {}",
                    shape_text(&tensor.shape)
                ),
            ));
        }
        Ok(tensor.values)
    }
}

/// The layers described by `tensors` (names and values, `num_batches_tracked` already left
/// out) of the file `origin`.
pub fn build(
    origin: &str,
    tensors: Vec<(String, Tensor)>,
    options: &ImportOptions,
) -> Result<Stack, InputError> {
    let dtypes = tensors.iter().map(|(_, t)| t.dtype).collect();
    let modules = group(origin, tensors)?;
    let mut layers: Vec<LayerRead> = Vec::new();
    let mut inputs: Option<(usize, String)> = None;
    let mut previous: Option<(usize, bool)> = None; // (index, was a Linear)
    for mut module in modules {
        let is_norm = module.parameters.contains_key("running_mean")
            || module.parameters.contains_key("running_var");
        if is_norm {
            let linear_before = previous.filter(|&(i, linear)| linear && i + 1 == module.index);
            let Some((layer, folded)) = layers.last_mut().filter(|_| linear_before.is_some())
            else {
                return Err(error(
                    origin,
                    &module.name("running_mean"),
                    "BatchNorm1d does not directly follow a Linear layer (only Linear then \
                     BatchNorm1d is folded)",
                ));
            };
            let (new_layer, rounded) = read_norm(origin, &mut module, layer, options)?;
            *layer = new_layer;
            *folded = vec![Norm {
                module: module.prefix.clone(),
                eps: options.bn_eps.clone(),
                rounded,
            }];
        } else {
            if let Some((i, _)) = previous.filter(|&(i, _)| i + 1 == module.index) {
                return Err(error(
                    origin,
                    &module.name("weight"),
                    format!(
                        "follows module {i} directly: no activation between two affine layers \
                         (a ReLU module leaves a gap in the indices)"
                    ),
                ));
            }
            let layer = read_linear(origin, &mut module, &inputs)?;
            inputs = Some((layer.width(), module.name("weight")));
            layers.push((layer, vec![]));
        }
        if let Some(parameter) = module.parameters.keys().next() {
            return Err(error(
                origin,
                &module.name(parameter),
                "unsupported tensor: a Linear module has weight and bias, a BatchNorm1d module \
                 weight, bias, running_mean, running_var, num_batches_tracked",
            ));
        }
        previous = Some((module.index, !is_norm));
    }
    split(origin, layers, options, dtypes)
}

/// Splits the names, checks the common prefix and groups the tensors by module index.
fn group(origin: &str, tensors: Vec<(String, Tensor)>) -> Result<Vec<Module>, InputError> {
    let mut modules: BTreeMap<usize, Module> = BTreeMap::new();
    let mut common: Option<(String, String)> = None; // (prefix, the first name with it)
    for (name, tensor) in tensors {
        let mut parts = name.rsplitn(3, '.');
        let parameter = parts.next().unwrap_or_default().to_string();
        let index = parts.next().and_then(|i| i.parse::<usize>().ok());
        let prefix = parts.next().map(|p| format!("{p}.")).unwrap_or_default();
        let Some(index) = index.filter(|_| !parameter.is_empty()) else {
            return Err(error(
                origin,
                &name,
                "unsupported tensor name: expected [PREFIX.]INDEX.PARAMETER as in the state_dict \
                 of an nn.Sequential (e.g. 0.weight or net.0.weight)",
            ));
        };
        match &common {
            Some((p, first)) if *p != prefix => {
                return Err(error(
                    origin,
                    &name,
                    format!("prefix \"{prefix}\" differs from \"{p}\" of {first}: one nn.Sequential expected"),
                ))
            }
            Some(_) => {}
            None => common = Some((prefix.clone(), name.clone())),
        }
        modules
            .entry(index)
            .or_insert_with(|| Module {
                index,
                prefix: format!("{prefix}{index}"),
                parameters: BTreeMap::new(),
            })
            .parameters
            .insert(parameter, tensor);
    }
    if modules.is_empty() {
        return Err(error(origin, "", "no tensors"));
    }
    Ok(modules.into_values().collect())
}

fn read_linear(
    origin: &str,
    module: &mut Module,
    inputs: &Option<(usize, String)>,
) -> Result<Layer, InputError> {
    let weight_name = module.name("weight");
    let weight = module.take(origin, "weight", "a Linear layer's weight")?;
    let Some(weights) = weight.rows().filter(|_| weight.shape[0] > 0) else {
        let what = match weight.shape.len() {
            3 => "a rank-3 weight (Conv1d?) is not supported",
            4 => "a rank-4 weight (Conv2d?) is not supported",
            1 => "a rank-1 weight without running_mean (LayerNorm, or BatchNorm1d without running statistics?) is not supported",
            _ => "a Linear weight must have rank 2 and no zero dimension",
        };
        return Err(error(
            origin,
            &weight_name,
            format!(
                "unsupported layer: shape {}: {what}; only Linear, ReLU and BatchNorm1d are",
                shape_text(&weight.shape)
            ),
        ));
    };
    if let Some((expected, before)) = inputs.as_ref().filter(|(n, _)| *n != weight.shape[1]) {
        return Err(error(
            origin,
            &weight_name,
            format!(
                "shape {} does not chain: expected {expected} columns (the rows of {before}), \
                 found {}",
                shape_text(&weight.shape),
                weight.shape[1]
            ),
        ));
    }
    let biases = module.vector(
        origin,
        "bias",
        weights.len(),
        "a Linear layer's bias, one per row of the weight",
    )?;
    Ok(Layer { weights, biases })
}

fn read_norm(
    origin: &str,
    module: &mut Module,
    layer: &Layer,
    options: &ImportOptions,
) -> Result<(Layer, Vec<usize>), InputError> {
    let n = layer.width();
    let why = "one per neuron of the Linear layer before";
    let mean = module.vector(origin, "running_mean", n, why)?;
    let var = module.vector(origin, "running_var", n, why)?;
    // BatchNorm1d(affine=False) has neither weight nor bias: gamma = 1, beta = 0.
    let mut optional = |parameter: &str, default: u32| {
        if module.parameters.contains_key(parameter) {
            module.vector(origin, parameter, n, why)
        } else {
            Ok(vec![Rational::from(default); n])
        }
    };
    let gamma = optional("weight", 1)?;
    let beta = optional("bias", 0)?;
    let norm = BatchNorm {
        gamma,
        beta,
        mean: &mean,
        var: &var,
        var_name: &module.name("running_var"),
    };
    fold(origin, layer, &norm, &options.bn_eps)
}

/// Splits the layers into hidden layers and the output layer (the last one, unless a ReLU is
/// declared to follow it).
fn split(
    origin: &str,
    mut layers: Vec<LayerRead>,
    options: &ImportOptions,
    dtypes: Vec<Dtype>,
) -> Result<Stack, InputError> {
    let output = if options.relu_after_last {
        None
    } else {
        layers.pop()
    };
    if layers.is_empty() {
        return Err(error(
            origin,
            "",
            "only one Linear layer: taken as the affine output it leaves no hidden layer (if a \
             ReLU follows it, say so: --no-output)",
        ));
    }
    let blocks = layers
        .into_iter()
        .map(|(layer, norm)| (Block::relu(layer), norm))
        .collect();
    Ok(Stack {
        blocks,
        output,
        dtypes,
    })
}
