//! Named tensors of binary floats, decoded exactly into rationals.

use crate::exact::Rational;
use crate::io::InputError;

/// A binary floating-point element type of a stored tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dtype {
    /// IEEE binary16 (half precision).
    F16,
    /// bfloat16: binary32 cut to its upper 16 bits.
    BF16,
    /// IEEE binary32.
    F32,
    /// IEEE binary64.
    F64,
}

impl Dtype {
    /// The name used by safetensors (`F16`, `BF16`, `F32`, `F64`).
    pub fn name(self) -> &'static str {
        match self {
            Dtype::F16 => "F16",
            Dtype::BF16 => "BF16",
            Dtype::F32 => "F32",
            Dtype::F64 => "F64",
        }
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Dtype::F16 | Dtype::BF16 => 2,
            Dtype::F32 => 4,
            Dtype::F64 => 8,
        }
    }

    /// (exponent bits, stored mantissa bits).
    fn layout(self) -> (u32, u32) {
        match self {
            Dtype::F16 => (5, 10),
            Dtype::BF16 => (8, 7),
            Dtype::F32 => (8, 23),
            Dtype::F64 => (11, 52),
        }
    }

    /// The exact value of the float with these `bits` (in the low `8 * size` bits), or `None`
    /// for NaN and the infinities. Decoded by hand: sign, biased exponent, mantissa; a zero
    /// exponent field is a subnormal (or zero) with the smallest exponent and no hidden bit.
    pub fn decode(self, bits: u64) -> Option<Rational> {
        let (exponent_bits, mantissa_bits) = self.layout();
        let mantissa = bits & ((1u64 << mantissa_bits) - 1);
        let field = (bits >> mantissa_bits) & ((1u64 << exponent_bits) - 1);
        let negative = (bits >> (mantissa_bits + exponent_bits)) & 1 == 1;
        let all_ones = (1u64 << exponent_bits) - 1;
        if field == all_ones {
            return None;
        }
        let bias = (1i64 << (exponent_bits - 1)) - 1;
        let (significand, exponent) = if field == 0 {
            (mantissa, 1 - bias - i64::from(mantissa_bits))
        } else {
            (
                mantissa | (1u64 << mantissa_bits),
                field as i64 - bias - i64::from(mantissa_bits),
            )
        };
        let magnitude = Rational::from(significand) << exponent;
        Some(if negative { -magnitude } else { magnitude })
    }
}

/// A tensor read from a file: its element type, shape and values in row-major (C) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tensor {
    /// The stored element type.
    pub dtype: Dtype,
    /// The dimensions, outermost first.
    pub shape: Vec<usize>,
    /// The exact values, row-major.
    pub values: Vec<Rational>,
}

impl Tensor {
    /// Decodes `bytes` (whole elements laid out as `storage` says) as a tensor of `shape`. A NaN
    /// or infinity is an error naming the tensor `name` of file `origin` and the element's place.
    pub fn decode(
        origin: &str,
        name: &str,
        storage: Storage,
        shape: Vec<usize>,
        bytes: &[u8],
    ) -> Result<Tensor, InputError> {
        let dtype = storage.dtype;
        let mut values = vec![Rational::from(0u32); bytes.len() / dtype.size()];
        for (stored, chunk) in bytes.chunks_exact(dtype.size()).enumerate() {
            let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
            let bits = if storage.big_endian {
                chunk.iter().fold(0, fold)
            } else {
                chunk.iter().rev().fold(0, fold)
            };
            let flat = if storage.fortran_order {
                fortran_to_c(&shape, stored)
            } else {
                stored
            };
            values[flat] = dtype.decode(bits).ok_or_else(|| {
                error(
                    origin,
                    &format!("{name}, {}", place(&shape, flat)),
                    "NaN or infinity is not allowed",
                )
            })?;
        }
        Ok(Tensor {
            dtype,
            shape,
            values,
        })
    }

    /// The tensor as rows, if it has rank 2.
    pub fn rows(&self) -> Option<Vec<Vec<Rational>>> {
        match self.shape[..] {
            [_, columns] if columns > 0 => {
                Some(self.values.chunks(columns).map(<[_]>::to_vec).collect())
            }
            _ => None,
        }
    }
}

/// How a tensor's elements are stored.
#[derive(Debug, Clone, Copy)]
pub struct Storage {
    /// The element type.
    pub dtype: Dtype,
    /// Most significant byte first (else little-endian).
    pub big_endian: bool,
    /// Column-major (first index fastest) instead of row-major.
    pub fortran_order: bool,
}

/// The row-major index of the element stored at column-major index `stored`.
fn fortran_to_c(shape: &[usize], stored: usize) -> usize {
    let mut rest = stored;
    let mut flat = 0;
    let mut stride = 1;
    let mut strides = vec![0; shape.len()];
    for (s, &d) in strides.iter_mut().zip(shape).rev() {
        *s = stride;
        stride *= d;
    }
    for (&d, s) in shape.iter().zip(&strides) {
        flat += (rest % d) * s;
        rest /= d;
    }
    flat
}

/// The number of elements of a tensor of `shape`, or `None` on overflow.
pub fn element_count(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// The place of the element with row-major index `flat` in a tensor of `shape`: `entry i`,
/// `row r, column c`, or `index [i, j, k]`.
pub fn place(shape: &[usize], flat: usize) -> String {
    let mut index = vec![0; shape.len()];
    let mut rest = flat;
    for (i, &d) in index.iter_mut().zip(shape).rev() {
        *i = rest % d.max(1);
        rest /= d.max(1);
    }
    match index[..] {
        [] => "the scalar".to_string(),
        [i] => format!("entry {i}"),
        [r, c] => format!("row {r}, column {c}"),
        _ => format!("index {index:?}"),
    }
}

/// A shape as written in messages: `[8, 2]`.
pub fn shape_text(shape: &[usize]) -> String {
    format!("{shape:?}")
}

/// An import error in file `origin` at `location` (a tensor name, perhaps with a place).
pub fn error(origin: &str, location: &str, message: impl Into<String>) -> InputError {
    InputError {
        origin: origin.to_string(),
        location: location.to_string(),
        message: message.into(),
    }
}
