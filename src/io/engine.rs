//! The engine output read by `relupoly compare` (schema in `docs/compare.md`).

use crate::compare::{EngineCounts, EngineOutput, EngineRegion};
use crate::exact::rational_to_f64;
use crate::io::{read_text, InputError, JsonReader, NumberMode};
use serde_json::Value;
use std::path::Path;

const REGION_KEYS: [&str; 5] = ["pattern", "vertices", "facets", "bounded", "neighbors"];
const COUNT_KEYS: [&str; 5] = [
    "regions",
    "bounded_regions",
    "unbounded_regions",
    "adjacencies",
    "f_vector",
];

/// Reads the engine output file at `path` for input dimension `dim`.
pub fn read_engine_output(path: &Path, dim: usize) -> Result<EngineOutput, InputError> {
    let (text, origin) = read_text(path)?;
    parse_engine_output(&text, &origin, dim)
}

/// As [`read_engine_output`], from the text of a document called `origin`.
pub fn parse_engine_output(
    text: &str,
    origin: &str,
    dim: usize,
) -> Result<EngineOutput, InputError> {
    let mut reader = JsonReader::new(origin);
    let document = reader.parse(text)?;
    let top = reader.object(
        &document,
        "top level",
        &["engine", "version", "metadata", "regions", "counts"],
    )?;
    reader.set_mode(NumberMode::Binary64);
    let engine = match reader.required(top, "top level", "engine")? {
        Value::String(name) => name.clone(),
        other => return Err(reader.error("engine", format!("expected a string, found {other}"))),
    };
    if !top.contains_key("regions") && !top.contains_key("counts") {
        return Err(reader.error("top level", "needs \"regions\", \"counts\" or both"));
    }
    let regions = match top.get("regions") {
        None => None,
        Some(list) => Some(regions(&reader, list, dim)?),
    };
    let counts = match top.get("counts") {
        None => EngineCounts::default(),
        Some(value) => counts(&reader, value)?,
    };
    if regions.is_none() && counts == EngineCounts::default() {
        return Err(reader.error(
            "counts",
            "the engine asserts nothing (no regions and no count): there is nothing to compare",
        ));
    }
    Ok(EngineOutput {
        engine,
        regions,
        counts,
    })
}

fn regions(reader: &JsonReader, list: &Value, dim: usize) -> Result<Vec<EngineRegion>, InputError> {
    let list = reader.array(list, "regions")?;
    let mut out = Vec::with_capacity(list.len());
    for (r, value) in list.iter().enumerate() {
        let location = format!("region {r}");
        let object = reader.object(value, &location, &REGION_KEYS)?;
        let pattern = reader
            .array(
                reader.required(object, &location, "pattern")?,
                &format!("{location} pattern"),
            )?
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                layer.as_str().map(str::to_string).ok_or_else(|| {
                    reader.error(
                        &format!("{location} pattern, layer {l}"),
                        format!("expected a string of 0 and 1, found {layer}"),
                    )
                })
            })
            .collect::<Result<Vec<String>, InputError>>()?;
        let vertices = match object.get("vertices") {
            None => None,
            Some(v) => Some(vertices(reader, v, &format!("{location} vertices"), dim)?),
        };
        let facets = match object.get("facets") {
            None => None,
            Some(v) => Some(whole(reader, v, &format!("{location} facets"))?),
        };
        let bounded = match object.get("bounded") {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                return Err(reader.error(
                    &format!("{location} bounded"),
                    format!("expected true or false, found {other}"),
                ))
            }
        };
        let neighbors = match object.get("neighbors") {
            None => None,
            Some(v) => {
                let at = format!("{location} neighbors");
                let indices = reader
                    .array(v, &at)?
                    .iter()
                    .enumerate()
                    .map(|(k, n)| whole(reader, n, &format!("{at}, entry {k}")))
                    .collect::<Result<Vec<usize>, InputError>>()?;
                if let Some(k) = indices.iter().position(|&n| n >= list.len() || n == r) {
                    return Err(reader.error(
                        &format!("{at}, entry {k}"),
                        format!(
                            "{} is not another region (regions are 0 to {})",
                            indices[k],
                            list.len().saturating_sub(1)
                        ),
                    ));
                }
                Some(indices)
            }
        };
        out.push(EngineRegion {
            pattern,
            vertices,
            facets,
            bounded,
            neighbors,
        });
    }
    for (key, given) in [
        (
            "vertices",
            out.iter().map(|r| r.vertices.is_some()).collect::<Vec<_>>(),
        ),
        ("facets", out.iter().map(|r| r.facets.is_some()).collect()),
        ("bounded", out.iter().map(|r| r.bounded.is_some()).collect()),
        (
            "neighbors",
            out.iter().map(|r| r.neighbors.is_some()).collect(),
        ),
    ] {
        if given.contains(&true) {
            if let Some(r) = given.iter().position(|&g| !g) {
                return Err(reader.error(
                    &format!("region {r}"),
                    format!(
                        "missing key \"{key}\" (given on other regions: give it on all or none)"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

fn vertices(
    reader: &JsonReader,
    value: &Value,
    location: &str,
    dim: usize,
) -> Result<Vec<Vec<f64>>, InputError> {
    reader
        .array(value, location)?
        .iter()
        .enumerate()
        .map(|(k, point)| {
            let at = format!("{location}, vertex {k}");
            let coordinates = reader.vector(point, &at)?;
            if coordinates.len() != dim {
                return Err(reader.error(
                    &at,
                    format!(
                        "has {} coordinates, expected {dim} (the network's input dimension)",
                        coordinates.len()
                    ),
                ));
            }
            Ok(coordinates
                .iter()
                .map(|c| rational_to_f64(c).expect("read as a finite binary64"))
                .collect())
        })
        .collect()
}

fn counts(reader: &JsonReader, value: &Value) -> Result<EngineCounts, InputError> {
    let object = reader.object(value, "counts", &COUNT_KEYS)?;
    let count = |key: &str| {
        object
            .get(key)
            .map(|v| whole(reader, v, &format!("counts {key}")))
            .transpose()
    };
    let f_vector = match object.get("f_vector") {
        None => None,
        Some(v) => Some(
            reader
                .array(v, "counts f_vector")?
                .iter()
                .enumerate()
                .map(|(k, f)| whole(reader, f, &format!("counts f_vector, entry {k}")))
                .collect::<Result<Vec<usize>, InputError>>()?,
        ),
    };
    Ok(EngineCounts {
        regions: count("regions")?,
        bounded_regions: count("bounded_regions")?,
        unbounded_regions: count("unbounded_regions")?,
        adjacencies: count("adjacencies")?,
        f_vector,
    })
}

/// `value` as a whole number >= 0 (a JSON integer).
fn whole(reader: &JsonReader, value: &Value, location: &str) -> Result<usize, InputError> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| {
            reader.error(
                location,
                format!("expected a whole number >= 0, found {value}"),
            )
        })
}
