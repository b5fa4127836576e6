//! ONNX models of an MLP: the messages are decoded from the protobuf wire format
//! (`onnx/messages.rs`), then the graph is walked here.
//!
//! The graph is walked from its one input along a single chain of nodes to its one output. A
//! `Gemm` or `MatMul` opens an affine layer; `Add` (of an initializer) adds to its bias and
//! `BatchNormalization` is folded into it; `Relu` or `LeakyRelu` closes it as a hidden block;
//! `Identity` and `Flatten` (of a rank-2 value) change nothing. A layer still open at the end is
//! the affine output layer.

mod messages;

use super::batchnorm::{fold, BatchNorm};
use super::stack::{Norm, Stack};
use super::tensor::{error, shape_text, Dtype, Tensor};
use super::ImportOptions;
use crate::exact::Rational;
use crate::io::InputError;
use crate::network::{Activation, Block, Layer};
use messages::{Attribute, Graph, Node, TensorProto, ValueInfo};
use std::collections::BTreeMap;

/// The ops read, for messages.
const SUPPORTED: &str =
    "Gemm, MatMul, Add, Relu, LeakyRelu, BatchNormalization, Flatten and Identity";

/// The layers of the ONNX model `bytes` called `origin`.
pub fn read(origin: &str, bytes: &[u8], options: &ImportOptions) -> Result<Stack, InputError> {
    let graph = messages::read_model(origin, bytes)?;
    Walk::new(origin, &graph).run(options)
}

/// The affine layer being read: from its `Gemm` or `MatMul` up to the activation.
struct Open {
    layer: Layer,
    norm: Option<Norm>,
    node: String,
}

/// The walk along the chain, with the layers read so far.
struct Walk<'g> {
    origin: &'g str,
    graph: &'g Graph<'g>,
    initializers: BTreeMap<&'g str, &'g TensorProto<'g>>,
    dtypes: Vec<Dtype>,
    blocks: Vec<(Block, Option<Norm>)>,
    open: Option<Open>,
    /// The rank and the last dimension of the chain's current value, when known.
    rank: Option<usize>,
    features: Option<usize>,
}

/// One node on the chain: where it is, and which of its inputs is the chain's value.
struct Step<'g> {
    origin: &'g str,
    node: &'g Node,
    index: usize,
    slot: usize,
    describe: String,
}

impl Step<'_> {
    fn fail(&self, message: impl Into<String>) -> InputError {
        error(self.origin, &self.describe, message)
    }

    /// Checks the number of inputs, the chain's slot among them and the attribute names.
    fn expect(
        &self,
        inputs: std::ops::RangeInclusive<usize>,
        slots: &[usize],
        attributes: &[&str],
    ) -> Result<(), InputError> {
        let n = self.node.inputs.len();
        if !inputs.contains(&n) {
            return Err(self.fail(format!(
                "{n} inputs, expected {} to {}",
                inputs.start(),
                inputs.end()
            )));
        }
        if !slots.contains(&self.slot) {
            return Err(self.fail(format!(
                "the chain's value is input {}; it must be input {slots:?} (a weight must be an \
                 initializer)",
                self.slot
            )));
        }
        match self
            .node
            .attributes
            .iter()
            .find(|a| !attributes.contains(&a.name.as_str()))
        {
            Some(a) => Err(self.fail(format!(
                "unsupported attribute {} (read: {attributes:?})",
                a.name
            ))),
            None => Ok(()),
        }
    }

    fn attribute(&self, name: &str, kind: i64) -> Result<Option<&Attribute>, InputError> {
        let found = self.node.attributes.iter().find(|a| a.name == name);
        match found.and_then(|a| a.kind).filter(|&k| k != kind) {
            Some(k) => Err(self.fail(format!("attribute {name} has type {k}, expected {kind}"))),
            None => Ok(found),
        }
    }

    /// A float attribute (type FLOAT), exactly as the stored binary32.
    fn float(&self, name: &str, default: f32) -> Result<Rational, InputError> {
        let bits = match self.attribute(name, 1)? {
            Some(a) => a.f.unwrap_or(0),
            None => default.to_bits(),
        };
        Dtype::F32
            .decode(u64::from(bits))
            .ok_or_else(|| self.fail(format!("attribute {name} is NaN or infinite")))
    }

    /// An integer attribute (type INT).
    fn int(&self, name: &str, default: i64) -> Result<i64, InputError> {
        Ok(self
            .attribute(name, 2)?
            .map_or(default, |a| a.i.unwrap_or(0)))
    }

    /// The name of input `k`, if given (an empty name is an omitted optional input).
    fn operand(&self, k: usize) -> Option<&str> {
        self.node
            .inputs
            .get(k)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }
}

/// The error for a node that needs an open affine layer before it.
fn no_layer(step: &Step) -> InputError {
    step.fail("must follow a Gemm or MatMul (it is read as part of an affine layer)")
}

impl<'g> Walk<'g> {
    fn new(origin: &'g str, graph: &'g Graph<'g>) -> Walk<'g> {
        Walk {
            origin,
            graph,
            initializers: graph
                .initializers
                .iter()
                .map(|t| (t.name.as_str(), t))
                .collect(),
            dtypes: vec![],
            blocks: vec![],
            open: None,
            rank: None,
            features: None,
        }
    }

    fn run(mut self, options: &ImportOptions) -> Result<Stack, InputError> {
        let graph = self.graph;
        let fail = |message: String| error(self.origin, "graph", message);
        let inputs: Vec<_> = (graph.inputs.iter())
            .filter(|value| !self.initializers.contains_key(value.name.as_str()))
            .collect();
        let [ValueInfo { name: input, shape }] = inputs[..] else {
            return Err(fail(format!(
                "{} inputs that are not initializers, expected one (the network's input)",
                inputs.len()
            )));
        };
        let [ValueInfo { name: output, .. }] = &graph.outputs[..] else {
            return Err(fail(format!(
                "{} outputs, expected one",
                graph.outputs.len()
            )));
        };
        if let Some(shape) = shape {
            self.rank = Some(shape.len());
            self.features = shape.last().copied().flatten();
        }
        let mut readers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, node) in graph.nodes.iter().enumerate() {
            for name in &node.inputs {
                let list = readers.entry(name.as_str()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
        let mut visited = vec![false; graph.nodes.len()];
        let mut current = input.as_str();
        loop {
            let index = match readers.get(current).map_or(&[][..], Vec::as_slice) {
                [] => break,
                &[index] => index,
                [first, second, ..] => {
                    return Err(error(
                        self.origin,
                        &graph.nodes[*second].describe(*second),
                        format!(
                            "a branch: {current} is read by {} and by this node; only a single \
                             chain of nodes is read",
                            graph.nodes[*first].describe(*first)
                        ),
                    ))
                }
            };
            let node = &graph.nodes[index];
            let describe = node.describe(index);
            if std::mem::replace(&mut visited[index], true) {
                return Err(error(self.origin, &describe, "the graph has a cycle"));
            }
            let slots: Vec<usize> = (node.inputs.iter().enumerate())
                .filter(|(_, name)| *name == current)
                .map(|(slot, _)| slot)
                .collect();
            let step = Step {
                origin: self.origin,
                node,
                index,
                slot: slots[0],
                describe,
            };
            if slots.len() > 1 {
                return Err(step.fail(format!("reads {current} twice")));
            }
            let [next] = &node.outputs[..] else {
                return Err(step.fail(format!(
                    "{} outputs; a node of the chain has one",
                    node.outputs.len()
                )));
            };
            self.step(&step)?;
            current = next;
        }
        if let Some(index) = visited.iter().position(|v| !v) {
            return Err(error(
                self.origin,
                &graph.nodes[index].describe(index),
                format!(
                    "not on the chain of nodes from the input {input} (a branch, or a computed \
                     weight?): only a single chain is read"
                ),
            ));
        }
        if current != output {
            return Err(fail(format!(
                "the chain from the input {input} ends at {current}, not at the output {output}"
            )));
        }
        self.finish(options)
    }

    fn step(&mut self, step: &Step) -> Result<(), InputError> {
        let node = step.node;
        if !matches!(node.domain.as_str(), "" | "ai.onnx") {
            return Err(step.fail(format!(
                "unsupported op {}.{}: only the default ONNX domain is read",
                node.domain, node.op_type
            )));
        }
        match node.op_type.as_str() {
            "Gemm" => self.gemm(step),
            "MatMul" => {
                step.expect(2..=2, &[0], &[])?;
                let weights = self.matrix(step, 1, false, &Rational::from(1u32))?;
                let biases = vec![Rational::from(0u32); weights.len()];
                self.affine(step, Layer { weights, biases })
            }
            "Add" => {
                step.expect(2..=2, &[0, 1], &[])?;
                let width = self.opened(step)?.layer.width();
                let bias = self.bias(step, 1 - step.slot, width)?;
                let layer = &mut self.opened(step)?.layer;
                for (b, c) in layer.biases.iter_mut().zip(bias) {
                    *b += c;
                }
                Ok(())
            }
            "BatchNormalization" => self.batch_norm(step),
            "Relu" => {
                step.expect(1..=1, &[0], &[])?;
                self.activation(step, Activation::Relu)
            }
            "LeakyRelu" => {
                step.expect(1..=1, &[0], &["alpha"])?;
                self.activation(step, Activation::leaky(step.float("alpha", 0.01)?))
            }
            "Identity" => step.expect(1..=1, &[0], &[]),
            "Flatten" => {
                step.expect(1..=1, &[0], &["axis"])?;
                let axis = step.int("axis", 1)?;
                match self.rank {
                    Some(2) if axis == 1 || axis == -1 => Ok(()),
                    rank => Err(step.fail(format!(
                        "read only as a no-op (axis 1 on a rank-2 [N, d] value); here axis is \
                         {axis} and the rank {}",
                        rank.map_or("unknown".into(), |r| r.to_string())
                    ))),
                }
            }
            other => Err(step.fail(format!(
                "unsupported op {other}: only {SUPPORTED} are read (an MLP)"
            ))),
        }
    }

    /// `Y = alpha A B' + beta C`, `B' = B` or `B^T` (`transB`), `A` the chain's value.
    fn gemm(&mut self, step: &Step) -> Result<(), InputError> {
        step.expect(2..=3, &[0], &["alpha", "beta", "transA", "transB"])?;
        if step.int("transA", 0)? != 0 {
            return Err(step.fail("transA = 1 is not supported: the input must be rows [N, d]"));
        }
        let transposed = match step.int("transB", 0)? {
            0 => false,
            1 => true,
            other => return Err(step.fail(format!("transB = {other}, expected 0 or 1"))),
        };
        let weights = self.matrix(step, 1, transposed, &step.float("alpha", 1.0)?)?;
        let biases = match step.operand(2) {
            Some(_) => {
                let beta = step.float("beta", 1.0)?;
                let c = self.bias(step, 2, weights.len())?;
                c.into_iter().map(|c| c * &beta).collect()
            }
            None => vec![Rational::from(0u32); weights.len()],
        };
        self.affine(step, Layer { weights, biases })
    }

    /// The weight rows (one per output) of input `k`, a rank-2 initializer `[in, out]`, or
    /// `[out, in]` if `transposed`, times `scale`.
    fn matrix(
        &mut self,
        step: &Step,
        k: usize,
        transposed: bool,
        scale: &Rational,
    ) -> Result<Vec<Vec<Rational>>, InputError> {
        let (name, tensor) = self.initializer(step, k)?;
        let Some(rows) = tensor.rows().filter(|r| !r.is_empty()) else {
            return Err(step.fail(format!(
                "weight {name} has shape {}: a rank-2 weight without zero dimensions is expected",
                shape_text(&tensor.shape)
            )));
        };
        let rows = if transposed {
            rows
        } else {
            (0..rows[0].len())
                .map(|j| rows.iter().map(|row| row[j].clone()).collect())
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|row| row.into_iter().map(|w| w * scale).collect())
            .collect())
    }

    /// Input `k` as the bias of `width` neurons: shape `[width]` or `[1, width]`, or a scalar
    /// broadcast to all.
    fn bias(&mut self, step: &Step, k: usize, width: usize) -> Result<Vec<Rational>, InputError> {
        let (name, tensor) = self.initializer(step, k)?;
        match tensor.shape[..] {
            [] | [1] | [1, 1] => Ok(vec![tensor.values[0].clone(); width]),
            [n] | [1, n] if n == width => Ok(tensor.values),
            _ => Err(step.fail(format!(
                "bias {name} has shape {}: expected [{width}] or [1, {width}] (one per neuron) \
                 or a scalar",
                shape_text(&tensor.shape)
            ))),
        }
    }

    /// Input `k` as a vector of `width` entries (shape `[width]`).
    fn vector(&mut self, step: &Step, k: usize, width: usize) -> Result<Vec<Rational>, InputError> {
        let (name, tensor) = self.initializer(step, k)?;
        if tensor.shape != [width] {
            return Err(step.fail(format!(
                "{name} has shape {}, expected [{width}] (one per neuron of the layer before)",
                shape_text(&tensor.shape)
            )));
        }
        Ok(tensor.values)
    }

    /// Input `k` of the step's node, an initializer, decoded.
    fn initializer(&mut self, step: &Step, k: usize) -> Result<(String, Tensor), InputError> {
        let name = step
            .operand(k)
            .ok_or_else(|| step.fail(format!("input {k} is missing")))?;
        let proto = self.initializers.get(name).ok_or_else(|| {
            step.fail(format!(
                "input {k} ({name}) is not an initializer: only the chain's value may be \
                 computed, weights must be stored in the file"
            ))
        })?;
        let tensor = proto.decode(self.origin)?;
        self.dtypes.push(tensor.dtype);
        Ok((name.to_string(), tensor))
    }

    /// Opens the affine layer of a `Gemm` or `MatMul` after checking that it chains.
    fn affine(&mut self, step: &Step, layer: Layer) -> Result<(), InputError> {
        if let Some(open) = &self.open {
            return Err(step.fail(format!(
                "follows the affine {} with no activation between (only a Relu or LeakyRelu \
                 separates layers)",
                open.node
            )));
        }
        if let Some(rank) = self.rank.filter(|&r| r != 2) {
            return Err(step.fail(format!(
                "its input has rank {rank}: only [N, d] values (rank 2) are read"
            )));
        }
        let columns = layer.weights[0].len();
        if let Some(features) = self.features.filter(|&f| f != columns) {
            return Err(step.fail(format!(
                "shape mismatch: the weight reads {columns} features, the value before has \
                 {features}"
            )));
        }
        (self.rank, self.features) = (Some(2), Some(layer.width()));
        self.open = Some(Open {
            layer,
            norm: None,
            node: step.describe.clone(),
        });
        Ok(())
    }

    /// The open affine layer, which the step's node must follow.
    fn opened(&mut self, step: &Step) -> Result<&mut Open, InputError> {
        self.open.as_mut().ok_or_else(|| no_layer(step))
    }

    fn batch_norm(&mut self, step: &Step) -> Result<(), InputError> {
        step.expect(
            5..=5,
            &[0],
            &["epsilon", "momentum", "training_mode", "spatial"],
        )?;
        if step.int("training_mode", 0)? != 0 || step.int("spatial", 1)? != 1 {
            return Err(step.fail("only inference mode (training_mode = 0, spatial = 1) is read"));
        }
        let eps = step.float("epsilon", 1e-5)?;
        let open = self.opened(step)?;
        if open.norm.is_some() {
            return Err(step.fail("a second BatchNormalization on one layer is not read"));
        }
        let width = open.layer.width();
        let gamma = self.vector(step, 1, width)?;
        let beta = self.vector(step, 2, width)?;
        let mean = self.vector(step, 3, width)?;
        let var = self.vector(step, 4, width)?;
        let norm = BatchNorm {
            gamma,
            beta,
            mean: &mean,
            var: &var,
            var_name: step.operand(4).unwrap_or_default(),
        };
        let origin = self.origin;
        let open = self.opened(step)?;
        let (layer, rounded) = fold(origin, &open.layer, &norm, &eps)?;
        open.layer = layer;
        let module = if step.node.name.is_empty() {
            format!("#{}", step.index)
        } else {
            step.node.name.clone()
        };
        open.norm = Some(Norm {
            module,
            eps,
            rounded,
        });
        Ok(())
    }

    /// Closes the open layer as a hidden block with this activation.
    fn activation(&mut self, step: &Step, activation: Activation) -> Result<(), InputError> {
        let open = self.open.take().ok_or_else(|| no_layer(step))?;
        self.blocks.push((
            Block {
                layer: open.layer,
                activation,
                shortcut: None,
            },
            open.norm,
        ));
        Ok(())
    }

    /// The hidden blocks and the output layer: the layer still open, unless a ReLU is declared
    /// to follow it.
    fn finish(mut self, options: &ImportOptions) -> Result<Stack, InputError> {
        let output = match self.open.take() {
            Some(open) if options.relu_after_last => {
                self.blocks.push((Block::relu(open.layer), open.norm));
                None
            }
            open => open.map(|o| (o.layer, o.norm)),
        };
        if self.blocks.is_empty() {
            let why = if output.is_some() {
                "one affine layer and no activation: no hidden layer (if a ReLU follows it, say \
                 so: --no-output)"
            } else {
                "no Gemm or MatMul node: no layer"
            };
            return Err(error(self.origin, "graph", why));
        }
        Ok(Stack {
            blocks: self.blocks,
            output,
            dtypes: self.dtypes,
        })
    }
}
