//! The safetensors format, parsed by hand: an 8-byte little-endian header length `N`, `N` bytes
//! of JSON (`{"NAME": {"dtype": "F32", "shape": [8, 2], "data_offsets": [BEGIN, END]}, ...}`
//! with an optional `"__metadata__"`), then the data buffer; offsets are relative to the buffer.

use super::sequential::ignored;
use super::tensor::{element_count, error, shape_text, Dtype, Storage, Tensor};
use crate::io::InputError;
use serde_json::{Map, Value};

/// The largest header accepted (the reference implementation's limit).
const MAX_HEADER: u64 = 100 * 1024 * 1024;

/// The tensors of the safetensors file `bytes` called `origin`, in header order, without the
/// ignored ones.
pub fn read(origin: &str, bytes: &[u8]) -> Result<Vec<(String, Tensor)>, InputError> {
    let fail = |message: String| error(origin, "header", message);
    let length_bytes: [u8; 8] =
        bytes
            .get(..8)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                fail(format!(
                    "truncated file: {} bytes, the header length alone takes 8",
                    bytes.len()
                ))
            })?;
    let length = u64::from_le_bytes(length_bytes);
    let available = bytes.len() as u64 - 8;
    if length > available || length > MAX_HEADER {
        return Err(fail(format!(
            "header length {length} exceeds the {available} bytes after it (truncated file?) or the limit of {MAX_HEADER}"
        )));
    }
    let (header, data) = bytes[8..].split_at(length as usize);
    let text =
        std::str::from_utf8(header).map_err(|e| fail(format!("bad header: not UTF-8: {e}")))?;
    let document: Value =
        serde_json::from_str(text).map_err(|e| fail(format!("bad header JSON: {e}")))?;
    if let Some((_, _, key)) = crate::io::json::duplicate_key(text) {
        return Err(fail(format!(
            "bad header JSON: the tensor or key \"{key}\" appears twice"
        )));
    }
    let entries = document
        .as_object()
        .ok_or_else(|| fail("bad header JSON: expected an object".into()))?;
    let mut tensors = Vec::new();
    let mut spans = Vec::new();
    for (name, entry) in entries.iter().filter(|(name, _)| *name != "__metadata__") {
        let (dtype, shape, begin, end) = entry_fields(origin, name, entry)?;
        if begin > end || end > data.len() {
            return Err(error(
                origin,
                name,
                format!(
                    "data_offsets [{begin}, {end}] out of range: the data buffer has {} bytes (truncated file?)",
                    data.len()
                ),
            ));
        }
        spans.push((begin, end, name.clone()));
        if ignored(name) {
            continue;
        }
        let dtype = supported(origin, name, &dtype)?;
        let expected = element_count(&shape)
            .and_then(|n| n.checked_mul(dtype.size()))
            .ok_or_else(|| error(origin, name, "shape too large"))?;
        if end - begin != expected {
            return Err(error(
                origin,
                name,
                format!(
                    "data_offsets [{begin}, {end}] hold {} bytes, expected {expected} for shape {} of {}",
                    end - begin,
                    shape_text(&shape),
                    dtype.name()
                ),
            ));
        }
        let storage = Storage {
            dtype,
            big_endian: false,
            fortran_order: false,
        };
        let tensor = Tensor::decode(origin, name, storage, shape, &data[begin..end])?;
        tensors.push((name.clone(), tensor));
    }
    spans.sort();
    if let Some(pair) = spans.windows(2).find(|w| w[1].0 < w[0].1) {
        return Err(error(
            origin,
            &pair[1].2,
            format!(
                "data_offsets [{}, {}] overlap those of {} [{}, {}]",
                pair[1].0, pair[1].1, pair[0].2, pair[0].0, pair[0].1
            ),
        ));
    }
    Ok(tensors)
}

/// `dtype`, `shape` and `data_offsets` of one header entry.
fn entry_fields(
    origin: &str,
    name: &str,
    entry: &Value,
) -> Result<(String, Vec<usize>, usize, usize), InputError> {
    let fail = |what: &str| error(origin, name, format!("bad header JSON: {what}"));
    let object: &Map<String, Value> = entry
        .as_object()
        .ok_or_else(|| fail("expected an object"))?;
    let dtype = object
        .get("dtype")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("missing or non-string \"dtype\""))?;
    let numbers = |key: &str| -> Result<Vec<usize>, InputError> {
        object
            .get(key)
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter()
                    .map(|v| v.as_u64().and_then(|n| usize::try_from(n).ok()))
                    .collect::<Option<Vec<usize>>>()
            })
            .ok_or_else(|| {
                fail(&format!(
                    "\"{key}\" must be a list of non-negative integers"
                ))
            })
    };
    let shape = numbers("shape")?;
    let offsets = numbers("data_offsets")?;
    let [begin, end] = offsets[..] else {
        return Err(fail("\"data_offsets\" must have two entries"));
    };
    Ok((dtype.to_string(), shape, begin, end))
}

fn supported(origin: &str, name: &str, dtype: &str) -> Result<Dtype, InputError> {
    [Dtype::F16, Dtype::BF16, Dtype::F32, Dtype::F64]
        .into_iter()
        .find(|d| d.name() == dtype)
        .ok_or_else(|| {
            error(
                origin,
                name,
                format!("unsupported dtype {dtype} (supported: F16, BF16, F32, F64)"),
            )
        })
}
