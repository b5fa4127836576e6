//! The architecture spec that lets a PyTorch `state_dict` describe more than an `nn.Sequential`
//! of `Linear` layers: a small JSON document naming the input's shape and the modules in order,
//! each with the prefix of its tensors in the `state_dict` (`relupoly import FILE
//! --architecture SPEC.json`; see `docs/formats.md`, "Importing trained networks"):
//!
//! ```json
//! {"input": [1, 28, 28],
//!  "layers": [{"op": "conv2d", "weights": "0", "stride": 2, "padding": 1},
//!             {"op": "relu"},
//!             {"op": "avgpool2d", "kernel": 2},
//!             {"op": "flatten"},
//!             {"op": "linear", "weights": "4"}]}
//! ```
//!
//! The layers are read into the same [`Builder`] as ONNX nodes, so a convolution or a pool
//! becomes the same exact dense matrix either way.

use super::batchnorm::{scales, BatchNorm};
use super::builder::{Builder, ValueShape};
use super::linear::{Padding, Sliding};
use super::stack::{Norm, Stack};
use super::tensor::{error, shape_text, Tensor};
use super::ImportOptions;
use crate::exact::Rational;
use crate::io::json::JsonReader;
use crate::io::{read_text, InputError};
use crate::network::{Activation, Layer};
use serde_json::{Map as Object, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// One module of an architecture spec.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Module {
    Conv2d {
        weights: String,
        sliding: Sliding,
        groups: usize,
    },
    Linear {
        weights: String,
    },
    BatchNorm {
        weights: String,
        eps: Option<Rational>,
    },
    AvgPool2d {
        kernel: [usize; 2],
        sliding: Sliding,
        count_include_pad: bool,
        ceil_mode: bool,
    },
    GlobalAvgPool2d,
    Flatten,
    Relu,
    LeakyRelu(Rational),
    Identity,
}

/// An architecture spec: the shape of one input sample and the modules in order, with their
/// `op` names as written. Read by [`Architecture::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Architecture {
    input: Vec<usize>,
    modules: Vec<(String, Module)>,
}

/// The keys every module may have.
const COMMON: [&str; 1] = ["op"];

impl Architecture {
    /// The spec in the JSON `text` of the file `origin`; errors name it and the place.
    pub fn parse(text: &str, origin: &str) -> Result<Architecture, InputError> {
        let json = JsonReader::new(origin);
        let value = json.parse(text)?;
        let top = json.object(&value, "", &["input", "layers"])?;
        let input = json.array(json.required(top, "", "input")?, "input")?;
        let input = (input.iter().enumerate())
            .map(|(i, v)| positive(&json, v, &format!("input[{i}]")))
            .collect::<Result<Vec<usize>, _>>()?;
        if !matches!(input.len(), 1 | 3) {
            return Err(json.error(
                "input",
                format!(
                    "{input:?}: the shape of one sample, [C, H, W] or [d], is expected (no batch)"
                ),
            ));
        }
        let layers = json.array(json.required(top, "", "layers")?, "layers")?;
        let modules = (layers.iter().enumerate())
            .map(|(i, layer)| module(&json, layer, &format!("layers[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Architecture { input, modules })
    }

    /// The spec in the file at `path`; errors name the file.
    pub fn read(path: &Path) -> Result<Architecture, InputError> {
        let (text, origin) = read_text(path)?;
        Architecture::parse(&text, &origin)
    }

    /// The shape of one input sample: `[C, H, W]` or `[d]`.
    pub fn input(&self) -> &[usize] {
        &self.input
    }

    /// The `op` of every module, in order.
    pub fn ops(&self) -> Vec<&str> {
        self.modules.iter().map(|(op, _)| op.as_str()).collect()
    }
}

/// A positive integer.
fn positive(json: &JsonReader, value: &Value, at: &str) -> Result<usize, InputError> {
    value
        .as_u64()
        .and_then(|v| usize::try_from(v).ok())
        .filter(|&v| v > 0)
        .ok_or_else(|| json.error(at, format!("expected a positive integer, found {value}")))
}

/// A non-negative integer or a pair `[height, width]` of them: key `key` of `object`, or
/// `default`.
fn pair(
    json: &JsonReader,
    object: &Object<String, Value>,
    at: &str,
    key: &str,
    default: [usize; 2],
) -> Result<[usize; 2], InputError> {
    let at = format!("{at}.{key}");
    let one = |v: &Value| {
        v.as_u64()
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| {
                json.error(
                    &at,
                    format!("expected a non-negative integer or a pair of them, found {v}"),
                )
            })
    };
    match object.get(key) {
        None => Ok(default),
        Some(Value::Array(pair)) if pair.len() == 2 => Ok([one(&pair[0])?, one(&pair[1])?]),
        Some(v) => one(v).map(|n| [n, n]),
    }
}

/// A boolean: key `key` of `object`, or `default`.
fn flag(
    json: &JsonReader,
    object: &Object<String, Value>,
    at: &str,
    key: &str,
    default: bool,
) -> Result<bool, InputError> {
    match object.get(key) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(json.error(
            &format!("{at}.{key}"),
            format!("expected true or false, found {v}"),
        )),
    }
}

/// The `padding` of a module: an integer or pair (symmetric pads), `"valid"` or `"same"`
/// (PyTorch's: stride 1, an odd total padded more at the end).
fn padding(
    json: &JsonReader,
    object: &Object<String, Value>,
    at: &str,
    strides: [usize; 2],
) -> Result<Padding, InputError> {
    match object.get("padding").and_then(Value::as_str) {
        Some("valid") => Ok(Padding::NONE),
        Some("same") if strides == [1, 1] => Ok(Padding::SameUpper),
        Some("same") => Err(json.error(
            &format!("{at}.padding"),
            "\"same\" needs stride 1 (as in PyTorch)",
        )),
        Some(other) => Err(json.error(
            &format!("{at}.padding"),
            format!("\"{other}\": expected an integer, a pair, \"valid\" or \"same\""),
        )),
        None => {
            let pads = pair(json, object, at, "padding", [0, 0])?;
            Ok(Padding::Explicit {
                begin: pads,
                end: pads,
            })
        }
    }
}

/// The `weights` prefix of a module: a string, or an integer (the `nn.Sequential` index).
fn prefix(
    json: &JsonReader,
    object: &Object<String, Value>,
    at: &str,
) -> Result<String, InputError> {
    match json.required(object, at, "weights")? {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        Value::Number(n) if n.as_u64().is_some() => Ok(n.to_string()),
        other => Err(json.error(
            &format!("{at}.weights"),
            format!("expected the tensors' prefix (\"0\", \"features.3\"), found {other}"),
        )),
    }
}

/// The module `value` at `at`, with its `op` name.
fn module(json: &JsonReader, value: &Value, at: &str) -> Result<(String, Module), InputError> {
    let op = value
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| json.error(at, "expected an object with a string \"op\""))?;
    let keys = |extra: &[&'static str]| -> Vec<&'static str> {
        COMMON.iter().chain(extra).copied().collect()
    };
    let module = match op {
        "conv2d" => {
            let object = json.object(
                value,
                at,
                &keys(&["weights", "stride", "padding", "dilation", "groups"]),
            )?;
            let strides = pair(json, object, at, "stride", [1, 1])?;
            let groups = match object.get("groups") {
                None => 1,
                Some(v) => positive(json, v, &format!("{at}.groups"))?,
            };
            Module::Conv2d {
                weights: prefix(json, object, at)?,
                sliding: Sliding {
                    strides,
                    dilations: pair(json, object, at, "dilation", [1, 1])?,
                    padding: padding(json, object, at, strides)?,
                },
                groups,
            }
        }
        "linear" => {
            let object = json.object(value, at, &keys(&["weights"]))?;
            Module::Linear {
                weights: prefix(json, object, at)?,
            }
        }
        "batchnorm1d" | "batchnorm2d" => {
            let object = json.object(value, at, &keys(&["weights", "eps"]))?;
            let eps = match object.get("eps") {
                None => None,
                Some(v) => Some(json.number(v, &format!("{at}.eps"))?),
            };
            if eps.as_ref().is_some_and(|e| *e < 0u32) {
                return Err(json.error(&format!("{at}.eps"), "must not be negative"));
            }
            Module::BatchNorm {
                weights: prefix(json, object, at)?,
                eps,
            }
        }
        "avgpool2d" => {
            let object = json.object(
                value,
                at,
                &keys(&[
                    "kernel",
                    "stride",
                    "padding",
                    "count_include_pad",
                    "ceil_mode",
                ]),
            )?;
            if !object.contains_key("kernel") {
                return Err(json.error(at, "missing key \"kernel\""));
            }
            let kernel = pair(json, object, at, "kernel", [1, 1])?;
            let strides = pair(json, object, at, "stride", kernel)?;
            Module::AvgPool2d {
                kernel,
                sliding: Sliding {
                    strides,
                    dilations: [1, 1],
                    padding: padding(json, object, at, strides)?,
                },
                count_include_pad: flag(json, object, at, "count_include_pad", true)?,
                ceil_mode: flag(json, object, at, "ceil_mode", false)?,
            }
        }
        "leaky_relu" => {
            let object = json.object(value, at, &keys(&["negative_slope"]))?;
            let slope = match object.get("negative_slope") {
                None => Rational::from(1u32) / Rational::from(100u32),
                Some(v) => json.number(v, &format!("{at}.negative_slope"))?,
            };
            Module::LeakyRelu(slope)
        }
        simple => {
            json.object(value, at, &COMMON)?;
            match simple {
                "global_avgpool2d" => Module::GlobalAvgPool2d,
                "flatten" => Module::Flatten,
                "relu" => Module::Relu,
                "identity" | "dropout" => Module::Identity,
                other => {
                    return Err(json.error(
                        &format!("{at}.op"),
                        format!(
                            "unknown op \"{other}\" (read: conv2d, linear, batchnorm1d, \
                             batchnorm2d, avgpool2d, global_avgpool2d, flatten, relu, \
                             leaky_relu, identity, dropout)"
                        ),
                    ))
                }
            }
        }
    };
    Ok((op.to_string(), module))
}

/// The tensors of a `state_dict` by name, taken as the modules use them.
struct Tensors<'a> {
    origin: &'a str,
    by_name: BTreeMap<String, Tensor>,
}

impl Tensors<'_> {
    /// The tensor `name`, which must be there (`what` it is, for the message).
    fn take(&mut self, name: &str, what: &str) -> Result<Tensor, InputError> {
        self.by_name
            .remove(name)
            .ok_or_else(|| error(self.origin, name, format!("missing tensor ({what})")))
    }

    /// The tensor `name` as a vector of `length`, if it is there.
    fn vector(&mut self, name: &str, length: usize) -> Result<Option<Vec<Rational>>, InputError> {
        let Some(tensor) = self.by_name.remove(name) else {
            return Ok(None);
        };
        if tensor.shape != [length] {
            return Err(error(
                self.origin,
                name,
                format!(
                    "wrong shape: expected [{length}], found {}",
                    shape_text(&tensor.shape)
                ),
            ));
        }
        Ok(Some(tensor.values))
    }
}

/// The layers described by `architecture` with the `tensors` of the `state_dict` file `origin`.
pub fn build(
    origin: &str,
    tensors: Vec<(String, Tensor)>,
    architecture: &Architecture,
    options: &ImportOptions,
) -> Result<Stack, InputError> {
    let dtypes = tensors.iter().map(|(_, t)| t.dtype).collect();
    let mut tensors = Tensors {
        origin,
        by_name: tensors.into_iter().collect(),
    };
    let mut builder = Builder::new(ValueShape::known(architecture.input.clone()));
    for (i, (op, module)) in architecture.modules.iter().enumerate() {
        let at = format!("architecture layers[{i}] ({op})");
        let fail = |message: String| error(origin, &at, message);
        match module {
            Module::Conv2d {
                weights,
                sliding,
                groups,
            } => {
                let name = format!("{weights}.weight");
                let kernel = tensors.take(&name, "a Conv2d's weight")?;
                let out_channels = kernel.shape.first().copied().unwrap_or(0);
                let bias = tensors.vector(&format!("{weights}.bias"), out_channels)?;
                (builder.conv(&kernel.shape, kernel.values, bias, *groups, sliding))
                    .map_err(|e| fail(format!("{name}: {e}")))?;
            }
            Module::Linear { weights } => {
                let name = format!("{weights}.weight");
                let weight = tensors.take(&name, "a Linear layer's weight")?;
                let Some(rows) = weight.rows().filter(|r| !r.is_empty()) else {
                    return Err(error(
                        origin,
                        &name,
                        format!(
                            "shape {}: a Linear weight [out, in] without zero dimensions is \
                             expected",
                            shape_text(&weight.shape)
                        ),
                    ));
                };
                let biases = tensors
                    .vector(&format!("{weights}.bias"), rows.len())?
                    .unwrap_or_else(|| vec![Rational::from(0u32); rows.len()]);
                let layer = Layer {
                    weights: rows,
                    biases,
                };
                builder
                    .dense(layer, &at)
                    .map_err(|e| fail(format!("{name}: {e}")))?;
            }
            Module::BatchNorm { weights, eps } => {
                let (channels, _) = builder.channels().map_err(fail)?;
                let name = |p: &str| format!("{weights}.{p}");
                let missing = |p: &str| error(origin, &name(p), "missing tensor (a batch norm's)");
                let mean = (tensors.vector(&name("running_mean"), channels)?)
                    .ok_or_else(|| missing("running_mean"))?;
                let var = (tensors.vector(&name("running_var"), channels)?)
                    .ok_or_else(|| missing("running_var"))?;
                let one = Rational::from(1u32);
                let gamma = (tensors.vector(&name("weight"), channels)?)
                    .unwrap_or_else(|| vec![one; channels]);
                let beta = (tensors.vector(&name("bias"), channels)?)
                    .unwrap_or_else(|| vec![Rational::from(0u32); channels]);
                let eps = eps.clone().unwrap_or_else(|| options.bn_eps.clone());
                let var_name = name("running_var");
                let norm = BatchNorm {
                    gamma,
                    beta,
                    mean: &mean,
                    var: &var,
                    var_name: &var_name,
                };
                let affine = scales(origin, &norm, &eps)?;
                let norm = Norm {
                    module: weights.clone(),
                    eps,
                    rounded: affine.rounded,
                };
                (builder.batch_norm(affine.scale, affine.shift, norm)).map_err(fail)?;
            }
            Module::AvgPool2d {
                kernel,
                sliding,
                count_include_pad,
                ceil_mode,
            } => builder
                .avg_pool(*kernel, sliding, *count_include_pad, *ceil_mode)
                .map_err(fail)?,
            Module::GlobalAvgPool2d => builder.global_avg_pool().map_err(fail)?,
            Module::Flatten => builder.flatten(1).map_err(fail)?,
            Module::Relu => builder.activation(Activation::Relu).map_err(fail)?,
            Module::LeakyRelu(slope) => builder
                .activation(Activation::leaky(slope.clone()))
                .map_err(fail)?,
            Module::Identity => {}
        }
    }
    if let Some(name) = tensors.by_name.keys().next() {
        return Err(error(
            origin,
            name,
            "not used by the architecture (each module's tensors are PREFIX.weight, \
             PREFIX.bias and, for a batch norm, PREFIX.running_mean and PREFIX.running_var)",
        ));
    }
    (builder.finish(options.relu_after_last, dtypes)).map_err(|e| error(origin, "architecture", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_reads_with_its_defaults() {
        let text = r#"{"input": [1, 4, 4], "layers": [
            {"op": "conv2d", "weights": 0, "stride": [2, 1], "padding": "valid"},
            {"op": "relu"}, {"op": "avgpool2d", "kernel": 2},
            {"op": "leaky_relu", "negative_slope": "1/8"}]}"#;
        let spec = Architecture::parse(text, "spec.json").unwrap();
        assert_eq!(spec.input(), [1, 4, 4]);
        assert_eq!(spec.ops(), ["conv2d", "relu", "avgpool2d", "leaky_relu"]);
        let Module::AvgPool2d {
            sliding,
            count_include_pad,
            ..
        } = &spec.modules[2].1
        else {
            panic!("not a pool");
        };
        assert_eq!((sliding.strides, *count_include_pad), ([2, 2], true));
        assert_eq!(
            spec.modules[3].1,
            Module::LeakyRelu(Rational::from(1u32) / Rational::from(8u32))
        );
    }

    #[test]
    fn bad_specs_are_located() {
        let cases = [
            (r#"{"input": [1, 4], "layers": []}"#, "input"),
            (
                r#"{"input": [4], "layers": [{"op": "conv3d"}]}"#,
                "layers[0].op: unknown op",
            ),
            (
                r#"{"input": [4], "layers": [{"op": "linear"}]}"#,
                "missing key \"weights\"",
            ),
            (
                r#"{"input": [4], "layers": [{"op": "relu", "x": 1}]}"#,
                "unknown key \"x\"",
            ),
            (
                r#"{"input": [1, 4, 4], "layers": [{"op": "avgpool2d", "kernel": 2, "stride": 2, "padding": "same"}]}"#,
                "needs stride 1",
            ),
        ];
        for (text, expected) in cases {
            let e = Architecture::parse(text, "spec.json")
                .unwrap_err()
                .to_string();
            assert!(e.contains("spec.json") && e.contains(expected), "{e}");
        }
    }
}
