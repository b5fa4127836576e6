//! The ONNX messages read, decoded from the protobuf wire format by hand (`protobuf.rs`) into
//! small plain structs; `onnx.rs` walks the graph they make.
//!
//! Only the fields needed are read (the numbers of `onnx.proto`): `ModelProto.graph` (7);
//! `GraphProto` `node` (1), `initializer` (5), `input` (11), `output` (12); `NodeProto` `input`
//! (1), `output` (2), `name` (3), `op_type` (4), `attribute` (5), `domain` (7); `AttributeProto`
//! `name` (1), `f` (2), `i` (3), `s` (4), `t` (5), `ints` (8), `type` (20); `TensorProto` `dims`
//! (1), `data_type` (2), `segment` (3), `float_data` (4), `int32_data` (5, the bits of 16-bit
//! floats), `int64_data` (7), `name` (8), `raw_data` (9), `double_data` (10), `data_location`
//! (14); `ValueInfoProto` `name` (1), `type` (2) down to the dimensions of its tensor shape.
//! Everything else is skipped. Floats are kept as their bits and decoded exactly (`tensor.rs`);
//! `INT64` tensors (the shapes of `Reshape`) are read as integers.

use super::super::protobuf::{fields, Wire};
use super::super::tensor::{element_count, error, shape_text, Dtype, Storage, Tensor};
use crate::io::InputError;
use std::borrow::Cow;

/// The `TensorProto.data_type` codes read, their element types and names.
const DATA_TYPES: [(i64, Dtype, &str); 4] = [
    (1, Dtype::F32, "FLOAT"),
    (10, Dtype::F16, "FLOAT16"),
    (11, Dtype::F64, "DOUBLE"),
    (16, Dtype::BF16, "BFLOAT16"),
];

/// The graph of the ONNX model `bytes` (its `ModelProto`) called `origin`.
pub fn read_model<'a>(origin: &str, bytes: &'a [u8]) -> Result<Graph<'a>, InputError> {
    let mut graph = None;
    each_field(origin, "model", bytes, |number, value| {
        if number == 7 {
            graph = Some(value.bytes("ModelProto.graph")?);
        }
        Ok(())
    })?;
    let graph = graph.ok_or_else(|| error(origin, "model", "no graph (not an ONNX model?)"))?;
    Graph::parse(origin, graph)
}

/// Calls `visit` on every field of the message `bytes`; errors are located at `path`.
fn each_field<'a>(
    origin: &str,
    path: &str,
    bytes: &'a [u8],
    mut visit: impl FnMut(u64, Wire<'a>) -> Result<(), String>,
) -> Result<(), InputError> {
    let fail = |e: String| error(origin, path, format!("malformed protobuf: {e}"));
    for field in fields(bytes) {
        let (number, value) = field.map_err(fail)?;
        visit(number, value).map_err(fail)?;
    }
    Ok(())
}

/// A declared shape: one entry per dimension, `None` for a symbolic one.
pub type Shape = Vec<Option<usize>>;

/// The `TensorProto.data_type` code of `INT64`.
const INT64: i64 = 7;

/// The parts of a `GraphProto` read.
pub struct Graph<'a> {
    /// The nodes, in file order.
    pub nodes: Vec<Node<'a>>,
    /// The stored tensors (weights), not yet decoded.
    pub initializers: Vec<TensorProto<'a>>,
    /// The declared inputs (the network's input, and in older files the initializers too).
    pub inputs: Vec<ValueInfo>,
    /// The declared outputs.
    pub outputs: Vec<ValueInfo>,
}

impl<'a> Graph<'a> {
    fn parse(origin: &str, bytes: &'a [u8]) -> Result<Graph<'a>, InputError> {
        let (mut nodes, mut initializers, mut inputs, mut outputs) =
            (vec![], vec![], vec![], vec![]);
        each_field(origin, "graph", bytes, |number, value| {
            match number {
                1 => nodes.push(value.bytes("GraphProto.node")?),
                5 => initializers.push(value.bytes("GraphProto.initializer")?),
                11 => inputs.push(value.bytes("GraphProto.input")?),
                12 => outputs.push(value.bytes("GraphProto.output")?),
                _ => {}
            }
            Ok(())
        })?;
        let path = |what: &str, i: usize| format!("graph.{what}[{i}]");
        Ok(Graph {
            nodes: (nodes.iter().enumerate())
                .map(|(i, b)| Node::parse(origin, &path("node", i), b))
                .collect::<Result<_, _>>()?,
            initializers: (initializers.iter().enumerate())
                .map(|(i, b)| TensorProto::parse(origin, &path("initializer", i), b))
                .collect::<Result<_, _>>()?,
            inputs: (inputs.iter().enumerate())
                .map(|(i, b)| ValueInfo::parse(origin, &path("input", i), b))
                .collect::<Result<_, _>>()?,
            outputs: (outputs.iter().enumerate())
                .map(|(i, b)| ValueInfo::parse(origin, &path("output", i), b))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The parts of a `ValueInfoProto` read: the name and, if its type is a tensor with a shape, the
/// dimensions.
pub struct ValueInfo {
    /// The value's name.
    pub name: String,
    /// The declared dimensions, when the type is a tensor with a shape.
    pub shape: Option<Shape>,
}

impl ValueInfo {
    fn parse(origin: &str, path: &str, bytes: &[u8]) -> Result<ValueInfo, InputError> {
        let mut name = String::new();
        let mut tensor_type = None;
        each_field(origin, path, bytes, |number, value| {
            match number {
                1 => name = value.string("ValueInfoProto.name")?,
                2 => {
                    for field in fields(value.bytes("ValueInfoProto.type")?) {
                        if let (1, tensor) = field? {
                            tensor_type = Some(tensor.bytes("TypeProto.tensor_type")?);
                        }
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        let mut shape = None;
        if let Some(tensor) = tensor_type {
            each_field(origin, path, tensor, |number, value| {
                if number == 2 {
                    let dims: &mut Shape = shape.get_or_insert_with(Vec::new);
                    for field in fields(value.bytes("TypeProto.Tensor.shape")?) {
                        if let (1, dim) = field? {
                            let mut size = None;
                            for field in fields(dim.bytes("TensorShapeProto.dim")?) {
                                if let (1, v) = field? {
                                    size = usize::try_from(v.int("Dimension.dim_value")?).ok();
                                }
                            }
                            dims.push(size);
                        }
                    }
                }
                Ok(())
            })?;
        }
        Ok(ValueInfo { name, shape })
    }
}

/// The parts of a `NodeProto` read.
pub struct Node<'a> {
    /// The node's name (may be empty).
    pub name: String,
    /// The operator, as `Gemm`.
    pub op_type: String,
    /// The operator set's domain (empty for the default ONNX domain).
    pub domain: String,
    /// The names of the values read (an empty name is an omitted optional input).
    pub inputs: Vec<String>,
    /// The names of the values made.
    pub outputs: Vec<String>,
    /// The attributes, in file order.
    pub attributes: Vec<Attribute<'a>>,
}

impl<'a> Node<'a> {
    fn parse(origin: &str, path: &str, bytes: &'a [u8]) -> Result<Node<'a>, InputError> {
        let mut node = Node {
            name: String::new(),
            op_type: String::new(),
            domain: String::new(),
            inputs: vec![],
            outputs: vec![],
            attributes: vec![],
        };
        let mut attributes = vec![];
        each_field(origin, path, bytes, |number, value| {
            match number {
                1 => node.inputs.push(value.string("NodeProto.input")?),
                2 => node.outputs.push(value.string("NodeProto.output")?),
                3 => node.name = value.string("NodeProto.name")?,
                4 => node.op_type = value.string("NodeProto.op_type")?,
                5 => attributes.push(value.bytes("NodeProto.attribute")?),
                7 => node.domain = value.string("NodeProto.domain")?,
                _ => {}
            }
            Ok(())
        })?;
        for (i, bytes) in attributes.iter().enumerate() {
            let path = format!("{path}.attribute[{i}]");
            let mut attribute = Attribute::default();
            let mut tensor = None;
            each_field(origin, &path, bytes, |number, value| {
                match number {
                    1 => attribute.name = value.string("AttributeProto.name")?,
                    2 => match value {
                        Wire::Fixed32(bits) => attribute.f = Some(bits),
                        _ => return Err("AttributeProto.f: a 32-bit value is expected".into()),
                    },
                    3 => attribute.i = Some(value.int("AttributeProto.i")?),
                    4 => attribute.s = Some(value.bytes("AttributeProto.s")?),
                    5 => tensor = Some(value.bytes("AttributeProto.t")?),
                    8 => value.push_ints("AttributeProto.ints", &mut attribute.ints)?,
                    20 => attribute.kind = Some(value.int("AttributeProto.type")?),
                    _ => {}
                }
                Ok(())
            })?;
            if let Some(bytes) = tensor {
                attribute.t = Some(TensorProto::parse(origin, &format!("{path}.t"), bytes)?);
            }
            node.attributes.push(attribute);
        }
        Ok(node)
    }

    /// `node NAME (#INDEX, OP)`, or `node #INDEX (OP)` when it has no name.
    pub fn describe(&self, index: usize) -> String {
        if self.name.is_empty() {
            format!("node #{index} ({})", self.op_type)
        } else {
            format!("node {} (#{index}, {})", self.name, self.op_type)
        }
    }
}

/// The parts of an `AttributeProto` read.
#[derive(Default)]
pub struct Attribute<'a> {
    /// The attribute's name.
    pub name: String,
    /// The declared `AttributeType` (1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 7 INTS, ...), if any.
    pub kind: Option<i64>,
    /// The bits of the binary32 value `f`, if given.
    pub f: Option<u32>,
    /// The integer value `i`, if given.
    pub i: Option<i64>,
    /// The bytes of the string value `s`, if given.
    pub s: Option<&'a [u8]>,
    /// The tensor value `t` (a `Constant` node's `value`), if given.
    pub t: Option<TensorProto<'a>>,
    /// The integer list `ints`, in order (empty if not given).
    pub ints: Vec<i64>,
}

/// The parts of a `TensorProto` read; the values are decoded when the tensor is used.
#[derive(Default)]
pub struct TensorProto<'a> {
    /// The tensor's name.
    pub name: String,
    dims: Vec<i64>,
    data_type: Option<i64>,
    float_data: Vec<u32>,
    int32_data: Vec<i64>,
    int64_data: Vec<i64>,
    double_data: Vec<u64>,
    raw_data: Option<&'a [u8]>,
    segmented: bool,
    external: bool,
}

impl<'a> TensorProto<'a> {
    fn parse(origin: &str, path: &str, bytes: &'a [u8]) -> Result<TensorProto<'a>, InputError> {
        let mut t = TensorProto::default();
        each_field(origin, path, bytes, |number, value| {
            match number {
                1 => value.push_ints("TensorProto.dims", &mut t.dims)?,
                2 => t.data_type = Some(value.int("TensorProto.data_type")?),
                3 => t.segmented = true,
                4 => value.push_fixed32("TensorProto.float_data", &mut t.float_data)?,
                5 => value.push_ints("TensorProto.int32_data", &mut t.int32_data)?,
                7 => value.push_ints("TensorProto.int64_data", &mut t.int64_data)?,
                8 => t.name = value.string("TensorProto.name")?,
                9 => t.raw_data = Some(value.bytes("TensorProto.raw_data")?),
                10 => value.push_fixed64("TensorProto.double_data", &mut t.double_data)?,
                14 => t.external = value.int("TensorProto.data_location")? == 1,
                _ => {}
            }
            Ok(())
        })?;
        Ok(t)
    }

    /// The dimensions, checked to be non-negative; errors name the tensor `name`.
    fn shape(&self, origin: &str, name: &str) -> Result<Vec<usize>, InputError> {
        (self.dims.iter())
            .map(|&d| {
                usize::try_from(d)
                    .map_err(|_| error(origin, name, format!("negative dimension {d}")))
            })
            .collect()
    }

    /// An error if the data is stored outside the file or in segments; errors name `name`.
    fn inside(&self, origin: &str, name: &str) -> Result<(), InputError> {
        if self.external {
            return Err(error(
                origin,
                name,
                "external data (data_location = EXTERNAL) is not supported: save the model with \
                 its weights inside",
            ));
        }
        if self.segmented {
            return Err(error(origin, name, "segmented tensors are not supported"));
        }
        Ok(())
    }

    /// The values of an `INT64` tensor (a shape), with its dimensions: from `raw_data`
    /// (little-endian) if present, else from `int64_data`. Errors name the tensor `name` (the
    /// value it is known by: an initializer's own name, a `Constant` node's output).
    pub fn decode_ints(
        &self,
        origin: &str,
        name: &str,
    ) -> Result<(Vec<usize>, Vec<i64>), InputError> {
        self.inside(origin, name)?;
        if self.data_type != Some(INT64) {
            return Err(error(
                origin,
                name,
                format!(
                    "data_type {}, expected INT64 ({INT64}) for a shape",
                    self.data_type.unwrap_or(0)
                ),
            ));
        }
        let shape = self.shape(origin, name)?;
        let values: Vec<i64> = match self.raw_data {
            Some(raw) if raw.len() % 8 == 0 => raw
                .chunks_exact(8)
                .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                .collect(),
            Some(raw) => {
                return Err(error(
                    origin,
                    name,
                    format!(
                        "raw_data of {} bytes is not a whole number of INT64",
                        raw.len()
                    ),
                ))
            }
            None => self.int64_data.clone(),
        };
        if element_count(&shape) != Some(values.len()) {
            return Err(error(
                origin,
                name,
                format!(
                    "holds {} INT64 values, expected {} for shape {}",
                    values.len(),
                    element_count(&shape)
                        .map_or("more than can be addressed".into(), |n| n.to_string()),
                    shape_text(&shape)
                ),
            ));
        }
        Ok((shape, values))
    }

    /// The values, exactly: from `raw_data` (little-endian) if present, else from the typed
    /// field of the data type.
    pub fn decode(&self, origin: &str) -> Result<Tensor, InputError> {
        let fail = |message: String| error(origin, &self.name, message);
        self.inside(origin, &self.name)?;
        let Some(&(_, dtype, type_name)) = DATA_TYPES
            .iter()
            .find(|(code, _, _)| Some(*code) == self.data_type)
        else {
            return Err(fail(format!(
                "unsupported data_type {} (FLOAT, DOUBLE, FLOAT16 and BFLOAT16 are read)",
                self.data_type.unwrap_or(0)
            )));
        };
        let shape = self.shape(origin, &self.name)?;
        let bytes: Cow<[u8]> = match (self.raw_data, dtype) {
            (Some(raw), _) => Cow::Borrowed(raw),
            (None, Dtype::F32) => self
                .float_data
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
            (None, Dtype::F64) => self
                .double_data
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
            (None, Dtype::F16 | Dtype::BF16) => (self.int32_data.iter().enumerate())
                .map(|(i, &v)| {
                    u16::try_from(v).map(u16::to_le_bytes).map_err(|_| {
                        fail(format!("int32_data entry {i}: {v} is not a 16-bit pattern"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
                .concat()
                .into(),
        };
        let expected = element_count(&shape).and_then(|n| n.checked_mul(dtype.size()));
        if expected != Some(bytes.len()) {
            return Err(fail(format!(
                "holds {} bytes of {type_name} data, expected {} for shape {}",
                bytes.len(),
                expected.map_or("more than can be addressed".into(), |n| n.to_string()),
                shape_text(&shape)
            )));
        }
        let storage = Storage {
            dtype,
            big_endian: false,
            fortran_order: false,
        };
        Tensor::decode(origin, &self.name, storage, shape, &bytes)
    }
}
