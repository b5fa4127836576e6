//! ONNX models of ReLU networks, convolutional ones included: the messages are decoded from the
//! protobuf wire format (`onnx/messages.rs`), then the graph is walked here, node by node, into
//! the format-independent [`Builder`] (`builder.rs`).
//!
//! The graph is walked from its one input along a single chain of nodes to its one output.
//! `Gemm`, `MatMul`, `Conv` (`onnx/spatial.rs`), `AveragePool`, `GlobalAveragePool`,
//! `BatchNormalization` and `Add` (of a stored tensor) are affine and are composed, exactly, into
//! the open affine layer; `Flatten` and `Reshape` relabel the shape; `Relu` or `LeakyRelu`
//! closes the layer as a hidden block; `Identity` changes nothing. A layer still open at the end
//! is the affine output layer. `Constant` nodes are read as stored tensors.

mod messages;
mod spatial;

use super::batchnorm::{scales, BatchNorm};
use super::builder::{Builder, ValueShape};
use super::stack::{Norm, Stack};
use super::tensor::{error, shape_text, Dtype, Tensor};
use super::ImportOptions;
use crate::exact::Rational;
use crate::io::InputError;
use crate::network::{Activation, Layer};
use messages::{Attribute, Graph, Node, TensorProto, ValueInfo};
use std::collections::BTreeMap;

/// The ops read, for messages.
const SUPPORTED: &str = "Gemm, MatMul, Conv, AveragePool, GlobalAveragePool, Add, \
     BatchNormalization, Relu, LeakyRelu, Flatten, Reshape, Identity and Constant";

/// The layers of the ONNX model `bytes` called `origin`.
pub fn read(origin: &str, bytes: &[u8], options: &ImportOptions) -> Result<Stack, InputError> {
    let graph = messages::read_model(origin, bytes)?;
    Walk::new(origin, &graph).run(options)
}

/// The walk along the chain, with the network read so far.
struct Walk<'g> {
    origin: &'g str,
    graph: &'g Graph<'g>,
    /// The stored tensors by name: initializers and the `value` of `Constant` nodes.
    initializers: BTreeMap<&'g str, &'g TensorProto<'g>>,
    /// The `value_ints` of `Constant` nodes by name.
    int_constants: BTreeMap<&'g str, &'g [i64]>,
    dtypes: Vec<Dtype>,
    builder: Builder,
}

/// One node on the chain: where it is, and which of its inputs is the chain's value.
struct Step<'g> {
    origin: &'g str,
    node: &'g Node<'g>,
    index: usize,
    slot: usize,
    describe: String,
}

impl Step<'_> {
    fn fail(&self, message: impl Into<String>) -> InputError {
        error(self.origin, &self.describe, message)
    }

    /// A problem found by the builder, located at this node.
    fn check<T>(&self, result: Result<T, String>) -> Result<T, InputError> {
        result.map_err(|message| self.fail(message))
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

    fn attribute(&self, name: &str, kind: i64) -> Result<Option<&Attribute<'_>>, InputError> {
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

    /// An integer list attribute (type INTS), if given.
    fn ints(&self, name: &str) -> Result<Option<&[i64]>, InputError> {
        Ok(self.attribute(name, 7)?.map(|a| a.ints.as_slice()))
    }

    /// A string attribute (type STRING), if given.
    fn string(&self, name: &str) -> Result<Option<String>, InputError> {
        match self.attribute(name, 3)? {
            None => Ok(None),
            Some(a) => String::from_utf8(a.s.unwrap_or_default().to_vec())
                .map(Some)
                .map_err(|_| self.fail(format!("attribute {name} is not UTF-8"))),
        }
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
            int_constants: BTreeMap::new(),
            dtypes: vec![],
            builder: Builder::new(ValueShape::declared(None)),
        }
    }

    /// Reads the `Constant` nodes as stored tensors and marks them visited.
    fn constants(&mut self, visited: &mut [bool]) -> Result<(), InputError> {
        let graph = self.graph;
        for (index, node) in graph.nodes.iter().enumerate() {
            if node.op_type != "Constant" || !matches!(node.domain.as_str(), "" | "ai.onnx") {
                continue;
            }
            let fail = |message: String| error(self.origin, &node.describe(index), message);
            let ([output], [attribute]) = (&node.outputs[..], &node.attributes[..]) else {
                return Err(fail(format!(
                    "{} outputs and {} attributes, expected one of each",
                    node.outputs.len(),
                    node.attributes.len()
                )));
            };
            match (attribute.name.as_str(), &attribute.t) {
                ("value", Some(tensor)) => {
                    self.initializers.insert(output, tensor);
                }
                ("value_ints", _) => {
                    self.int_constants.insert(output, &attribute.ints);
                }
                (name, _) => {
                    return Err(fail(format!(
                        "attribute {name}: only value (a tensor) and value_ints are read"
                    )))
                }
            }
            visited[index] = true;
        }
        Ok(())
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
        self.builder = Builder::new(ValueShape::declared(shape.as_deref()));
        let mut visited = vec![false; graph.nodes.len()];
        self.constants(&mut visited)?;
        let mut readers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, node) in graph.nodes.iter().enumerate() {
            for name in &node.inputs {
                let list = readers.entry(name.as_str()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
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
                step.check(
                    self.builder
                        .dense(Layer { weights, biases }, &step.describe),
                )
            }
            "Conv" => self.conv(step),
            "AveragePool" => self.average_pool(step),
            "GlobalAveragePool" => {
                step.expect(1..=1, &[0], &[])?;
                step.check(self.builder.global_avg_pool())
            }
            "Add" => {
                step.expect(2..=2, &[0, 1], &[])?;
                let (name, tensor) = self.initializer(step, 1 - step.slot)?;
                let added = self.builder.add(&tensor.shape, &tensor.values);
                step.check(added.map_err(|e| format!("{name}: {e}")))
            }
            "BatchNormalization" => self.batch_norm(step),
            "Relu" => {
                step.expect(1..=1, &[0], &[])?;
                step.check(self.builder.activation(Activation::Relu))
            }
            "LeakyRelu" => {
                step.expect(1..=1, &[0], &["alpha"])?;
                let slope = step.float("alpha", 0.01)?;
                step.check(self.builder.activation(Activation::leaky(slope)))
            }
            "Identity" => step.expect(1..=1, &[0], &[]),
            "Flatten" => {
                step.expect(1..=1, &[0], &["axis"])?;
                step.check(self.builder.flatten(step.int("axis", 1)?))
            }
            "Reshape" => self.reshape(step),
            other => Err(step.fail(format!(
                "unsupported op {other}: only {SUPPORTED} are read (a ReLU network)"
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
        step.check(
            self.builder
                .dense(Layer { weights, biases }, &step.describe),
        )
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

    /// Input `k` as a vector of `width` entries (shape `[width]`), one per `what`.
    fn vector(
        &mut self,
        step: &Step,
        k: usize,
        width: usize,
        what: &str,
    ) -> Result<Vec<Rational>, InputError> {
        let (name, tensor) = self.initializer(step, k)?;
        if tensor.shape != [width] {
            return Err(step.fail(format!(
                "{name} has shape {}, expected [{width}] (one per {what})",
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
        let (width, _) = step.check(self.builder.channels())?;
        let why = "channel of the value";
        let gamma = self.vector(step, 1, width, why)?;
        let beta = self.vector(step, 2, width, why)?;
        let mean = self.vector(step, 3, width, why)?;
        let var = self.vector(step, 4, width, why)?;
        let norm = BatchNorm {
            gamma,
            beta,
            mean: &mean,
            var: &var,
            var_name: step.operand(4).unwrap_or_default(),
        };
        let affine = scales(self.origin, &norm, &eps)?;
        let module = if step.node.name.is_empty() {
            format!("#{}", step.index)
        } else {
            step.node.name.clone()
        };
        let norm = Norm {
            module,
            eps,
            rounded: affine.rounded,
        };
        step.check(self.builder.batch_norm(affine.scale, affine.shift, norm))
    }

    /// The hidden blocks and the output layer: the layer still open, unless a ReLU is declared
    /// to follow it.
    fn finish(self, options: &ImportOptions) -> Result<Stack, InputError> {
        (self.builder)
            .finish(options.relu_after_last, self.dtypes)
            .map_err(|message| error(self.origin, "graph", message))
    }
}
