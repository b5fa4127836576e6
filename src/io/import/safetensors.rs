//! The safetensors format: an 8-byte little-endian header length `N`, `N` bytes of JSON
//! (`{"NAME": {"dtype": "F32", "shape": [8, 2], "data_offsets": [BEGIN, END]}, ...}` with an
//! optional `"__metadata__"`), then the data buffer; offsets are relative to the buffer.
//!
//! The container is parsed by the `safetensors` crate, which also checks the offsets (the
//! tensors lie back to back, fill the buffer and match their shape and dtype) and hands back
//! each tensor's raw bytes; they are decoded exactly here (`tensor.rs`). Its refusals are put in
//! our words, naming the tensor at fault where the crate does not.

use super::sequential::ignored;
use super::tensor::{element_count, error, shape_text, Dtype, Storage, Tensor};
use crate::io::InputError;
use safetensors::tensor::TensorInfo;
use safetensors::{SafeTensorError, SafeTensors};
use serde::de::IgnoredAny;
use serde_json::Value;
use std::collections::BTreeMap;

/// The largest header the crate accepts.
const MAX_HEADER: u64 = 100_000_000;

/// The tensors of the safetensors file `bytes` called `origin`, in the order of their names,
/// without the ignored ones.
pub fn read(origin: &str, bytes: &[u8]) -> Result<Vec<(String, Tensor)>, InputError> {
    let file = SafeTensors::deserialize(bytes).map_err(|e| refusal(origin, bytes, &e))?;
    no_key_twice(origin, header_text(bytes).unwrap_or_default())?;
    let mut views = file.tensors();
    views.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tensors = Vec::new();
    for (name, view) in views.into_iter().filter(|(name, _)| !ignored(name)) {
        let storage = Storage {
            dtype: supported(origin, &name, view.dtype())?,
            big_endian: false,
            fortran_order: false,
        };
        let tensor = Tensor::decode(origin, &name, storage, view.shape().to_vec(), view.data())?;
        tensors.push((name, tensor));
    }
    Ok(tensors)
}

/// The header length stored in the first 8 bytes, if the file has them.
fn header_length(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?))
}

/// The header's text, if its length fits the file and it is UTF-8.
fn header_text(bytes: &[u8]) -> Option<&str> {
    let length = usize::try_from(header_length(bytes)?).ok()?;
    std::str::from_utf8(bytes.get(8..length.checked_add(8)?)?).ok()
}

/// An error if a key appears twice in one object of the header: serde_json keeps the last one
/// silently, so the crate would read one tensor where the file names two.
fn no_key_twice(origin: &str, header: &str) -> Result<(), InputError> {
    match crate::io::json::duplicate_key(header) {
        Some((_, _, key)) => Err(error(
            origin,
            "header",
            format!("bad header JSON: the tensor or key \"{key}\" appears twice"),
        )),
        None => Ok(()),
    }
}

/// The crate's refusal of the file `bytes` as an error naming the file and the problem.
fn refusal(origin: &str, bytes: &[u8], refused: &SafeTensorError) -> InputError {
    let fail = |message: String| error(origin, "header", message);
    let length = header_length(bytes).unwrap_or_default();
    match refused {
        SafeTensorError::HeaderTooSmall => fail(format!(
            "truncated file: {} bytes, the header length alone takes 8",
            bytes.len()
        )),
        SafeTensorError::HeaderTooLarge => fail(format!(
            "header length {length} exceeds the limit of {MAX_HEADER}"
        )),
        SafeTensorError::InvalidHeaderLength => fail(format!(
            "header length {length} exceeds the {} bytes after it (truncated file?)",
            bytes.len() - 8
        )),
        SafeTensorError::InvalidHeader(e) => fail(format!("bad header: not UTF-8: {e}")),
        SafeTensorError::InvalidHeaderDeserialization(e) => header_text(bytes)
            .and_then(|text| entry_refusal(origin, text))
            .unwrap_or_else(|| fail(format!("bad header JSON: {e}"))),
        other => offsets(origin, bytes).unwrap_or_else(|| fail(format!("bad header: {other}"))),
    }
}

/// The first entry of the header, in the order of the names, that the crate cannot read, with
/// why, naming the tensor (or `__metadata__`); `None` if the header is not JSON or every entry
/// reads.
fn entry_refusal(origin: &str, text: &str) -> Option<InputError> {
    let header: Value = serde_json::from_str(text).ok()?;
    let Some(entries) = header.as_object() else {
        return Some(error(
            origin,
            "header",
            "bad header JSON: not an object of tensors",
        ));
    };
    for (name, entry) in entries {
        if name == "__metadata__" {
            if serde_json::from_value::<BTreeMap<String, String>>(entry.clone()).is_err() {
                return Some(error(
                    origin,
                    name,
                    "bad header JSON: must map names to strings",
                ));
            }
            continue;
        }
        if let Some(dtype) = entry.get("dtype").and_then(Value::as_str) {
            if serde_json::from_value::<safetensors::Dtype>(Value::from(dtype)).is_err() {
                return Some(error(
                    origin,
                    name,
                    format!("unsupported dtype {dtype} (supported: F16, BF16, F32, F64)"),
                ));
            }
        }
        if let Err(e) = serde_json::from_value::<TensorInfo>(entry.clone()) {
            return Some(error(origin, name, format!("bad header JSON: {e}")));
        }
    }
    None
}

/// The header as the crate reads it, its tensors in the order of their names.
#[derive(serde::Deserialize)]
struct Header {
    #[serde(rename = "__metadata__")]
    _metadata: Option<IgnoredAny>,
    #[serde(flatten)]
    tensors: BTreeMap<String, TensorInfo>,
}

/// Why the crate refused the data offsets of the file `bytes`, whose header it read: a key
/// twice, or the first tensor, in the order of the offsets, that falls outside the data buffer,
/// overlaps the one before, leaves a gap after it or does not match its shape and dtype; or
/// bytes after the last tensor. `None` if none of these is found.
fn offsets(origin: &str, bytes: &[u8]) -> Option<InputError> {
    let text = header_text(bytes)?;
    if let Err(e) = no_key_twice(origin, text) {
        return Some(e);
    }
    let header: Header = serde_json::from_str(text).ok()?;
    let mut tensors: Vec<_> = header.tensors.iter().collect();
    tensors.sort_by_key(|(_, info)| info.data_offsets);
    let buffer = bytes.len() - 8 - text.len();
    let mut before: Option<(&String, (usize, usize))> = None;
    for (name, info) in tensors {
        let (begin, end) = info.data_offsets;
        let fail = |message: String| Some(error(origin, name, message));
        let filled = before.map_or(0, |(_, (_, end))| end);
        if begin > end || end > buffer {
            return fail(format!(
                "data_offsets [{begin}, {end}] out of range: the data buffer has {buffer} bytes (truncated file?)"
            ));
        }
        if let Some((other, (b, e))) = before.filter(|_| begin < filled) {
            return fail(format!(
                "data_offsets [{begin}, {end}] overlap those of {other} [{b}, {e}]"
            ));
        }
        if begin > filled {
            return fail(format!(
                "data_offsets [{begin}, {end}] leave bytes {filled} to {begin} of the data buffer \
                 unused (the tensors must lie back to back)"
            ));
        }
        let bits = element_count(&info.shape).and_then(|n| n.checked_mul(info.dtype.bitsize()));
        let Some(bits) = bits else {
            return fail("shape too large".into());
        };
        if bits % 8 != 0 {
            return fail(format!(
                "shape {} of {} takes {bits} bits, not a whole number of bytes",
                shape_text(&info.shape),
                info.dtype
            ));
        }
        if bits / 8 != end - begin {
            return fail(format!(
                "data_offsets [{begin}, {end}] hold {} bytes, expected {} for shape {} of {}",
                end - begin,
                bits / 8,
                shape_text(&info.shape),
                info.dtype
            ));
        }
        before = Some((name, info.data_offsets));
    }
    let filled = before.map_or(0, |(_, (_, end))| end);
    (filled < buffer).then(|| {
        error(
            origin,
            "header",
            format!(
                "the tensors fill {filled} of the {buffer} bytes of the data buffer: bytes after \
                 the last tensor are not allowed"
            ),
        )
    })
}

/// Our element type for the crate's `dtype` of the tensor `name`.
fn supported(origin: &str, name: &str, dtype: safetensors::Dtype) -> Result<Dtype, InputError> {
    match dtype {
        safetensors::Dtype::F16 => Ok(Dtype::F16),
        safetensors::Dtype::BF16 => Ok(Dtype::BF16),
        safetensors::Dtype::F32 => Ok(Dtype::F32),
        safetensors::Dtype::F64 => Ok(Dtype::F64),
        other => Err(error(
            origin,
            name,
            format!("unsupported dtype {other} (supported: F16, BF16, F32, F64)"),
        )),
    }
}
