//! The network file format (JSON), documented in `docs/formats.md`.

use crate::exact::Rational;
use crate::io::{read_text, InputError, JsonReader, NumberMode};
use crate::network::{Activation, Block, Layer, Network, Shortcut};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Write;
use std::path::Path;

const TOP_KEYS: [&str; 5] = ["input_dim", "layers", "output", "numbers", "metadata"];

/// Reads the network file at `path`; errors name the file.
pub fn read_network(path: &Path) -> Result<Network, InputError> {
    let (text, origin) = read_text(path)?;
    parse_network(&text, &origin)
}

/// Parses a network from the JSON `text` of the document called `origin`. Every error names
/// the document and the place in it (layer, row and column, 0-based).
pub fn parse_network(text: &str, origin: &str) -> Result<Network, InputError> {
    let mut reader = JsonReader::new(origin);
    let document = reader.parse(text)?;
    let top = reader.object(&document, "top level", &TOP_KEYS)?;
    reader.set_mode(reader.number_mode(top)?);
    let input_dim = reader
        .number(reader.required(top, "top level", "input_dim")?, "input_dim")
        .ok()
        .filter(|d| *d.denominator_ref() == 1u32 && *d >= 1u32)
        .and_then(|d| d.to_string().parse::<usize>().ok())
        .ok_or_else(|| reader.error("input_dim", "must be a whole number of at least 1"))?;
    let layers = reader.array(reader.required(top, "top level", "layers")?, "layers")?;
    if layers.is_empty() {
        return Err(reader.error("layers", "the network needs at least one hidden layer"));
    }
    let mut inputs = input_dim;
    let mut blocks = Vec::with_capacity(layers.len());
    for (l, value) in layers.iter().enumerate() {
        let block = read_block(&reader, value, &format!("layer {l}"), inputs)?;
        inputs = block.output_width();
        blocks.push(block);
    }
    let output = top
        .get("output")
        .map(|value| read_layer(&reader, value, "output layer", inputs, &[]))
        .transpose()?;
    Network::from_blocks(input_dim, blocks, output).map_err(|message| reader.error("", message))
}

/// A hidden layer: a plain layer's keys plus `negative_slope` and `residual`.
fn read_block(
    reader: &JsonReader,
    value: &Value,
    name: &str,
    inputs: usize,
) -> Result<Block, InputError> {
    let object = reader.object(
        value,
        name,
        &["weights", "biases", "negative_slope", "residual"],
    )?;
    let layer = read_layer(reader, value, name, inputs, &["negative_slope", "residual"])?;
    let activation = match object.get("negative_slope") {
        Some(v) => Activation::leaky(reader.number(v, &format!("{name} negative_slope"))?),
        None => Activation::Relu,
    };
    let shortcut = object
        .get("residual")
        .map(|v| {
            read_shortcut(
                reader,
                v,
                &format!("{name} residual"),
                inputs,
                layer.width(),
            )
        })
        .transpose()?;
    Ok(Block {
        layer,
        activation,
        shortcut,
    })
}

/// A residual connection `{"weights": W2, "biases": b2, "projection": P}` (P optional).
fn read_shortcut(
    reader: &JsonReader,
    value: &Value,
    name: &str,
    inputs: usize,
    neurons: usize,
) -> Result<Shortcut, InputError> {
    let object = reader.object(value, name, &["weights", "biases", "projection"])?;
    let outer = read_layer(reader, value, name, neurons, &["projection"])?;
    let projection = object
        .get("projection")
        .map(|v| reader.matrix(v, &format!("{name} projection"), inputs))
        .transpose()?;
    Ok(Shortcut { outer, projection })
}

/// `{"weights": W, "biases": b}` with rows of `inputs` entries; `extra` names further keys the
/// caller reads.
fn read_layer(
    reader: &JsonReader,
    value: &Value,
    name: &str,
    inputs: usize,
    extra: &[&str],
) -> Result<Layer, InputError> {
    let keys: Vec<&str> = ["weights", "biases"].iter().chain(extra).copied().collect();
    let object = reader.object(value, name, &keys)?;
    let weights_location = format!("{name} weights");
    let weights = reader.matrix(
        reader.required(object, name, "weights")?,
        &weights_location,
        inputs,
    )?;
    if weights.is_empty() {
        return Err(reader.error(name, "is empty (a layer needs at least one neuron)"));
    }
    let biases_location = format!("{name} biases");
    let biases = reader.vector(reader.required(object, name, "biases")?, &biases_location)?;
    if biases.len() != weights.len() {
        return Err(reader.error(
            &biases_location,
            format!(
                "has {} entries, expected {} (one per weight row)",
                biases.len(),
                weights.len()
            ),
        ));
    }
    Ok(Layer { weights, biases })
}

/// The `"metadata"` object of a network file (what wrote it and how): any serialisable values,
/// keys written in alphabetical order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata(Map<String, Value>);

impl Metadata {
    /// Metadata saying which program wrote the network (key `generator`).
    pub fn generator(name: &str) -> Metadata {
        Metadata::default().with("generator", name)
    }

    /// The fields of `value` (a struct or map), e.g. a dataset entry's recipe.
    pub fn of(value: &impl Serialize) -> Result<Metadata, String> {
        match serde_json::to_value(value).map_err(|e| e.to_string())? {
            Value::Object(map) => Ok(Metadata(map)),
            other => Err(format!("metadata must be an object, not {other}")),
        }
    }

    /// The same metadata with `key` set to `value`.
    pub fn with(mut self, key: &str, value: impl Serialize) -> Metadata {
        let value = serde_json::to_value(value).expect("metadata values serialise");
        self.0.insert(key.to_string(), value);
        self
    }
}

/// The network as a JSON document in the crate's format, declaring `mode`. Each number is written
/// so that reading the document back gives exactly the same network: integers as integers; in
/// `Binary64` mode, values that are binary64 numbers as their shortest round-trip decimal; any
/// other value as an exact fraction string `"p/q"`. `metadata`, if given, is stored under
/// `"metadata"`.
pub fn write_network(network: &Network, mode: NumberMode, metadata: Option<&Metadata>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{{\n  \"input_dim\": {},", network.input_dim());
    let _ = writeln!(out, "  \"numbers\": \"{}\",", mode.name());
    if let Some(Metadata(meta)) = metadata {
        let _ = writeln!(out, "  \"metadata\": {},", Value::Object(meta.clone()));
    }
    out.push_str("  \"layers\": [\n");
    let hidden: Vec<String> = network
        .blocks()
        .iter()
        .map(|block| block_json(block, mode, "    "))
        .collect();
    out.push_str(&hidden.join(",\n"));
    out.push_str("\n  ]");
    if let Some(layer) = network.output() {
        out.push_str(",\n  \"output\": ");
        out.push_str(layer_json(layer, mode, "  ", &[]).trim_start());
    }
    out.push_str("\n}\n");
    out
}

/// A hidden block: its layer, then `negative_slope` for a leaky ReLU, then `residual` if any.
fn block_json(block: &Block, mode: NumberMode, indent: &str) -> String {
    let mut extra = Vec::new();
    if let Activation::LeakyRelu(slope) = &block.activation {
        extra.push(("negative_slope", number_json(slope, mode)));
    }
    if let Some(shortcut) = &block.shortcut {
        let inner = format!("{indent}  ");
        let projection: Vec<(&str, String)> = shortcut
            .projection
            .iter()
            .map(|p| ("projection", matrix_json(p, mode, &inner)))
            .collect();
        extra.push((
            "residual",
            layer_json(&shortcut.outer, mode, &inner, &projection)
                .trim_start()
                .to_string(),
        ));
    }
    layer_json(&block.layer, mode, indent, &extra)
}

/// `{"weights": ..., "biases": ..., extra keys...}` starting at `indent`.
fn layer_json(layer: &Layer, mode: NumberMode, indent: &str, extra: &[(&str, String)]) -> String {
    let mut fields = format!(
        "{indent}{{\"weights\": {},\n{indent} \"biases\": {}",
        matrix_json(&layer.weights, mode, indent),
        list_json(&layer.biases, mode)
    );
    for (key, value) in extra {
        fields.push_str(&format!(",\n{indent} \"{key}\": {value}"));
    }
    fields.push('}');
    fields
}

/// A matrix as one row per line, rows indented below `indent`.
fn matrix_json(matrix: &[Vec<Rational>], mode: NumberMode, indent: &str) -> String {
    let rows: Vec<String> = matrix
        .iter()
        .map(|row| format!("{indent}   {}", list_json(row, mode)))
        .collect();
    format!("[\n{}\n{indent}  ]", rows.join(",\n"))
}

fn list_json(values: &[Rational], mode: NumberMode) -> String {
    let items: Vec<String> = values.iter().map(|v| number_json(v, mode)).collect();
    format!("[{}]", items.join(", "))
}

fn number_json(value: &Rational, mode: NumberMode) -> String {
    if *value.denominator_ref() == 1u32 {
        return value.to_string();
    }
    if mode == NumberMode::Binary64 {
        let (x, _) = f64::rounding_from(value, RoundingMode::Nearest);
        if Rational::try_from(x).is_ok_and(|back| back == *value) {
            return format!("{x}");
        }
    }
    format!("\"{value}\"")
}
