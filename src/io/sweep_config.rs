//! The sweep configuration file of `relupoly check` (documented in `docs/formats.md`) and the
//! default sweep.

use super::{read_text, InputError, JsonReader};
use crate::experiment::{
    DomainKind, Optimizer, Regularisation, SweepConfig, Task, Training, MAX_SWEEP_DEPTH,
    MAX_SWEEP_WIDTH, MAX_TRAINING_SAMPLES,
};
use crate::network::{BiasInit, BlockKind, WeightInit};
use crate::polytope::MAX_DIM;
use serde_json::Value;
use std::path::Path;

/// The default sweep of `relupoly check` with no configuration (about 50 s on 2 cores): 2D and
/// 3D, box and R^d, widths 4, 8 and 12 at depths 1 to 3, a budget of 24 neurons over depths 1 to 4,
/// He and PyTorch initialisations, zero and PyTorch biases, three seeds, weights rounded to 16
/// significant bits.
pub const DEFAULT_SWEEP: &str = r#"{
  "dims": [2, 3],
  "widths": [4, 8, 12],
  "depths": [1, 2, 3],
  "budgets": [{"neurons": 24, "depths": [1, 2, 3, 4]}],
  "inits": ["he-normal", "pytorch"],
  "biases": ["zero", "pytorch"],
  "domains": ["box", "rd"],
  "seeds": [1, 2, 3],
  "bits": 16,
  "max_regions": 50000
}"#;

/// Reads the sweep configuration file at `path`.
pub fn read_sweep_config(path: &Path) -> Result<SweepConfig, InputError> {
    let (text, origin) = read_text(path)?;
    parse_sweep_config(&text, &origin)
}

/// Parses a configuration. Keys: `dims`, `widths` and `depths` (every uniform
/// architecture), `budgets` (list of `{"neurons": B, "depths": [...]}`: width B / depth for
/// each depth dividing B), `architectures` (explicit width lists), `inits`, `biases`,
/// `domains` (`"box"` for [-1, 1]^d, `"rd"`), `seeds`, optional `blocks` (`"plain"` (the
/// default), `"residual"`, `"leaky:S"`, `"residual-leaky:S"`), `first_layer_ranks`
/// (`"full"` (the default) or r with 1 <= r < min(d, n_1) for every configuration), `bits`,
/// `max_regions` and `training`. A bad value is an error naming its key.
pub fn parse_sweep_config(text: &str, origin: &str) -> Result<SweepConfig, InputError> {
    let reader = JsonReader::new(origin);
    let document = reader.parse(text)?;
    let keys = [
        "dims",
        "widths",
        "depths",
        "budgets",
        "architectures",
        "blocks",
        "inits",
        "first_layer_ranks",
        "biases",
        "domains",
        "seeds",
        "bits",
        "max_regions",
        "training",
    ];
    let top = reader.object(&document, "top level", &keys)?;
    let counts = |key: &str| -> Result<Vec<u64>, InputError> {
        match top.get(key) {
            None => Ok(Vec::new()),
            Some(value) => reader
                .array(value, key)?
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_u64().ok_or_else(|| {
                        reader.error(&format!("{key}, entry {i}"), "expected a whole number")
                    })
                })
                .collect(),
        }
    };
    let names = |key: &str| -> Result<Vec<String>, InputError> {
        strings(&reader, reader.required(top, "top level", key)?, key)
    };
    let dims: Vec<usize> = counts("dims")?.into_iter().map(|d| d as usize).collect();
    if let Some(d) = dims.iter().find(|&&d| d > MAX_DIM) {
        return Err(reader.error(
            "dims",
            format!("input dimension {d} is above the supported maximum of {MAX_DIM}"),
        ));
    }
    let uniform = |width: u64, depth: u64, location: &str| {
        if width > MAX_SWEEP_WIDTH as u64 || depth > MAX_SWEEP_DEPTH as u64 {
            return Err(reader.error(
                location,
                format!("width {width} and depth {depth}: a sweep takes widths up to {MAX_SWEEP_WIDTH} and depths up to {MAX_SWEEP_DEPTH}"),
            ));
        }
        Ok(vec![width as usize; depth as usize])
    };
    let mut architectures: Vec<Vec<usize>> = Vec::new();
    for width in counts("widths")? {
        for depth in counts("depths")? {
            architectures.push(uniform(width, depth, "widths/depths")?);
        }
    }
    if let Some(budgets) = top.get("budgets") {
        for (i, budget) in reader.array(budgets, "budgets")?.iter().enumerate() {
            let location = format!("budgets, entry {i}");
            let object = reader.object(budget, &location, &["neurons", "depths"])?;
            let neurons = object
                .get("neurons")
                .and_then(Value::as_u64)
                .ok_or_else(|| reader.error(&location, "needs \"neurons\", a whole number"))?;
            let depths = reader.array(reader.required(object, &location, "depths")?, &location)?;
            for depth in depths.iter().filter_map(Value::as_u64).filter(|&l| l > 0) {
                if neurons % depth == 0 {
                    architectures.push(uniform(neurons / depth, depth, &location)?);
                }
            }
        }
    }
    if let Some(list) = top.get("architectures") {
        for (i, widths) in reader.array(list, "architectures")?.iter().enumerate() {
            let location = format!("architectures, entry {i}");
            let widths: Option<Vec<usize>> = reader
                .array(widths, &location)?
                .iter()
                .map(|w| w.as_u64().map(|w| w as usize))
                .collect();
            architectures
                .push(widths.ok_or_else(|| reader.error(&location, "expected whole numbers"))?);
        }
    }
    let mut unique: Vec<Vec<usize>> = Vec::new();
    for a in architectures {
        if !unique.contains(&a) {
            unique.push(a);
        }
    }
    let parse_each = |key: &str| -> Result<Vec<String>, InputError> { names(key) };
    let blocks: Vec<BlockKind> = match top.get("blocks") {
        None => vec![BlockKind::plain()],
        Some(_) => parsed(&reader, "blocks", parse_each("blocks")?)?,
    };
    let inits: Vec<WeightInit> = parsed(&reader, "inits", parse_each("inits")?)?;
    let biases: Vec<BiasInit> = parsed(&reader, "biases", parse_each("biases")?)?;
    let domains: Vec<DomainKind> = parsed(&reader, "domains", parse_each("domains")?)?;
    let first_layer_ranks = match top.get("first_layer_ranks") {
        None => vec![None],
        Some(list) => reader
            .array(list, "first_layer_ranks")?
            .iter()
            .enumerate()
            .map(|(i, v)| match (v.as_str(), v.as_u64()) {
                (Some("full"), _) => Ok(None),
                (_, Some(r)) if r >= 1 => Ok(Some(r as usize)),
                _ => Err(reader.error(
                    &format!("first_layer_ranks, entry {i}"),
                    "expected \"full\" or a whole number of at least 1",
                )),
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let whole = |key: &str, range: std::ops::RangeInclusive<u64>| match top.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                reader.error(
                    key,
                    format!(
                        "expected a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )
            }),
    };
    let training = match top.get("training") {
        None => None,
        Some(value) => Some(read_training(&reader, value)?),
    };
    let config = SweepConfig {
        dims,
        architectures: unique,
        blocks,
        inits,
        first_layer_ranks,
        biases,
        domains,
        seeds: counts("seeds")?,
        bits: whole("bits", 1..=53)?.map(|b| b as u32),
        max_regions: whole("max_regions", 1..=u64::MAX)?.map(|m| m as usize),
        regularisations: match &training {
            Some((_, _, regularisations)) => regularisations.clone(),
            None => vec![Regularisation::None],
        },
        training: training.map(|(training, steps, _)| (training, steps)),
    };
    for (key, empty) in [
        ("dims", config.dims.is_empty()),
        (
            "widths/depths, budgets or architectures",
            config.architectures.is_empty(),
        ),
        ("blocks", config.blocks.is_empty()),
        ("inits", config.inits.is_empty()),
        ("first_layer_ranks", config.first_layer_ranks.is_empty()),
        (
            "training: regularisation",
            config.regularisations.is_empty(),
        ),
        ("biases", config.biases.is_empty()),
        ("domains", config.domains.is_empty()),
        ("seeds", config.seeds.is_empty()),
    ] {
        if empty {
            return Err(reader.error(key, "the sweep needs at least one value here"));
        }
    }
    if let Some(a) = config
        .architectures
        .iter()
        .find(|a| a.len() > MAX_SWEEP_DEPTH || a.iter().any(|&w| w > MAX_SWEEP_WIDTH))
    {
        return Err(reader.error(
            "architectures",
            format!("{} layers of widths up to {}: a sweep takes widths up to {MAX_SWEEP_WIDTH} and depths up to {MAX_SWEEP_DEPTH}", a.len(), a.iter().max().unwrap_or(&0)),
        ));
    }
    if let Some((training, _)) = &config.training {
        let largest = config.dims.iter().copied().max().unwrap_or(1) as u32;
        let samples = (training.points as u64).checked_pow(largest);
        if samples.is_none_or(|n| n > MAX_TRAINING_SAMPLES) {
            return Err(reader.error(
                "training",
                format!("\"points\": {} per axis in dimension {largest} is more than {MAX_TRAINING_SAMPLES} training samples", training.points),
            ));
        }
    }
    if config.dims.contains(&0)
        || config
            .architectures
            .iter()
            .any(|a| a.is_empty() || a.contains(&0))
    {
        return Err(reader.error(
            "top level",
            "dimensions, widths and depths must be at least 1",
        ));
    }
    let smallest = config
        .architectures
        .iter()
        .map(|a| a[0])
        .chain(config.dims.iter().copied())
        .min()
        .expect("checked non-empty");
    if let Some(r) = config
        .first_layer_ranks
        .iter()
        .flatten()
        .find(|&&r| r >= smallest)
    {
        return Err(reader.error(
            "first_layer_ranks",
            format!("a rank of {r} is not below min(d, n_1) = {smallest} for every configuration (a low rank must be less than every dimension and first-layer width)"),
        ));
    }
    Ok(config)
}

/// `{"task": "sphere"|"sinusoid", "optimizer": "gd"|"adam", "rate": 0.01, "points": 12,
/// "steps": [0, 50, 100], "regularisation": ["none", "l2:1e-4", "l1:1e-4"]}`
/// (`regularisation` optional, `["none"]` by default).
fn read_training(
    reader: &JsonReader,
    value: &Value,
) -> Result<(Training, Vec<usize>, Vec<Regularisation>), InputError> {
    let location = "training";
    let object = reader.object(
        value,
        location,
        &[
            "task",
            "optimizer",
            "rate",
            "points",
            "steps",
            "regularisation",
        ],
    )?;
    let text = |key: &str| -> Result<&str, InputError> {
        reader
            .required(object, location, key)?
            .as_str()
            .ok_or_else(|| reader.error(location, format!("\"{key}\" must be a string")))
    };
    let task = Task::parse(text("task")?).map_err(|e| reader.error(location, e))?;
    let optimizer = Optimizer::parse(text("optimizer")?).map_err(|e| reader.error(location, e))?;
    let rate = reader
        .required(object, location, "rate")?
        .as_f64()
        .filter(|r| r.is_finite() && *r > 0.0)
        .ok_or_else(|| reader.error(location, "\"rate\" must be a positive number"))?;
    let points = object
        .get("points")
        .map_or(Some(12), Value::as_u64)
        .filter(|&p| p >= 2)
        .ok_or_else(|| reader.error(location, "\"points\" must be a whole number of at least 2"))?
        as usize;
    let steps: Option<Vec<usize>> = reader
        .array(reader.required(object, location, "steps")?, location)?
        .iter()
        .map(|s| s.as_u64().map(|s| s as usize))
        .collect();
    let steps = steps
        .filter(|s| !s.is_empty())
        .ok_or_else(|| reader.error(location, "\"steps\" must list whole numbers"))?;
    let regularisations = match object.get("regularisation") {
        None => vec![Regularisation::None],
        Some(list) => {
            let key = "training: regularisation";
            parsed(reader, key, strings(reader, list, key)?)?
        }
    };
    Ok((
        Training {
            task,
            optimizer,
            rate,
            points,
        },
        steps,
        regularisations,
    ))
}

/// The list of strings `value` at `key`; an error names the entry that is not a string.
fn strings(reader: &JsonReader, value: &Value, key: &str) -> Result<Vec<String>, InputError> {
    reader
        .array(value, key)?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str()
                .map(String::from)
                .ok_or_else(|| reader.error(&format!("{key}, entry {i}"), "expected a string"))
        })
        .collect()
}

/// Every name of the list `key` parsed with `FromStr`; an error names the entry.
fn parsed<T: std::str::FromStr<Err = String>>(
    reader: &JsonReader,
    key: &str,
    names: Vec<String>,
) -> Result<Vec<T>, InputError> {
    names
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.parse()
                .map_err(|e| reader.error(&format!("{key}, entry {i}"), e))
        })
        .collect()
}
