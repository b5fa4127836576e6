//! One `.npy` array, parsed by hand: the magic `\x93NUMPY`, the version (1, 2 or 3), the header
//! length (2 bytes little-endian in version 1, 4 bytes after), a Python dict literal
//! `{'descr': '<f4', 'fortran_order': False, 'shape': (8, 2), }`, then the raw data.

use super::tensor::{element_count, error, shape_text, Dtype, Storage, Tensor};
use crate::io::InputError;

const MAGIC: &[u8] = b"\x93NUMPY";

/// The array `bytes` of the entry `name` in the file `origin`.
pub fn read(origin: &str, name: &str, bytes: &[u8]) -> Result<Tensor, InputError> {
    let fail = |message: String| error(origin, name, message);
    if !bytes.starts_with(MAGIC) || bytes.len() < 8 {
        return Err(fail("not a .npy array (bad magic or truncated)".into()));
    }
    let (length, start): (Option<usize>, usize) = match bytes[6] {
        1 => (
            bytes
                .get(8..10)
                .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize),
            10,
        ),
        2 | 3 => (
            bytes
                .get(8..12)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
            12,
        ),
        v => {
            return Err(fail(format!(
                ".npy version {v} is not supported (1, 2 or 3)"
            )))
        }
    };
    let header = length
        .and_then(|n| bytes.get(start..start.checked_add(n)?))
        .ok_or_else(|| fail("truncated .npy header".into()))?;
    let data = &bytes[start + header.len()..];
    let header: String = header.iter().map(|&b| char::from(b)).collect();
    let field = |key: &str| {
        value_after(&header, key)
            .ok_or_else(|| fail(format!("bad .npy header: no '{key}' in {}", header.trim())))
    };
    let storage = Storage {
        dtype: Dtype::F32,
        big_endian: false,
        fortran_order: match field("fortran_order")? {
            v if v.starts_with("True") => true,
            v if v.starts_with("False") => false,
            v => return Err(fail(format!("bad .npy header: fortran_order {v}"))),
        },
    };
    let descr_text = field("descr")?;
    let storage = descr(descr_text, storage).ok_or_else(|| {
        fail(format!(
            "unsupported dtype {} (supported: float16, float32, float64, either byte order)",
            descr_text.split(',').next().unwrap_or_default()
        ))
    })?;
    let shape = shape(field("shape")?)
        .ok_or_else(|| fail(format!("bad .npy header: shape in {}", header.trim())))?;
    let expected = element_count(&shape)
        .and_then(|n| n.checked_mul(storage.dtype.size()))
        .ok_or_else(|| fail("shape too large".into()))?;
    if data.len() != expected {
        return Err(fail(format!(
            "{} data bytes, expected {expected} for shape {} of {} (truncated?)",
            data.len(),
            shape_text(&shape),
            storage.dtype.name()
        )));
    }
    Tensor::decode(origin, name, storage, shape, data)
}

/// The text after `'key':` in the header, leading spaces removed.
fn value_after<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}':"))?;
    Some(header[at + key.len() + 3..].trim_start())
}

/// A float descr such as `'<f4'` (or `'>f8'`, `'=f2'`) starting `text`.
fn descr(text: &str, storage: Storage) -> Option<Storage> {
    let code = text.strip_prefix('\'')?.split('\'').next()?;
    let (order, kind) = code.split_at_checked(1)?;
    let big_endian = match order {
        "<" | "=" => false,
        ">" => true,
        _ => return None,
    };
    let dtype = match kind {
        "f2" => Dtype::F16,
        "f4" => Dtype::F32,
        "f8" => Dtype::F64,
        _ => return None,
    };
    Some(Storage {
        dtype,
        big_endian,
        ..storage
    })
}

/// A shape tuple such as `(8, 2)`, `(3,)` or `()` starting `text`.
fn shape(text: &str) -> Option<Vec<usize>> {
    let inside = text.strip_prefix('(')?.split(')').next()?;
    inside
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect()
}
