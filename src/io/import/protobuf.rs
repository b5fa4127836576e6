//! The protocol buffers wire format, read by hand: a message is a sequence of fields, each a
//! varint key `(number << 3) | wire type` and a value: a varint (type 0), 8 little-endian bytes
//! (type 1), a varint length and that many bytes (type 2: strings, nested messages, packed
//! repeated scalars) or 4 little-endian bytes (type 5). Groups (types 3, 4) are refused. Every
//! read is bounds-checked: malformed bytes give an error, never a panic.

/// One field's value as stored on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Wire<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 2.
    Bytes(&'a [u8]),
    /// Wire type 5.
    Fixed32(u32),
}

/// The fields of one message, in order, as `(field number, value)`; after the first error the
/// iteration ends.
pub struct Fields<'a> {
    bytes: &'a [u8],
    position: usize,
    failed: bool,
}

/// The fields of the message `bytes`.
pub fn fields(bytes: &[u8]) -> Fields<'_> {
    Fields {
        bytes,
        position: 0,
        failed: false,
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, Wire<'a>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.position >= self.bytes.len() {
            return None;
        }
        let start = self.position;
        let field = self.field().map_err(|e| format!("at byte {start}: {e}"));
        self.failed = field.is_err();
        Some(field)
    }
}

impl<'a> Fields<'a> {
    fn field(&mut self) -> Result<(u64, Wire<'a>), String> {
        let key = self.varint()?;
        let number = key >> 3;
        if number == 0 || number >= 1 << 29 {
            return Err(format!("invalid field number {number}"));
        }
        let value = match key & 7 {
            0 => Wire::Varint(self.varint()?),
            1 => Wire::Fixed64(u64::from_le_bytes(self.array()?)),
            2 => {
                let length = self.varint()?;
                let left = self.bytes.len() - self.position;
                let length = usize::try_from(length)
                    .ok()
                    .filter(|&n| n <= left)
                    .ok_or_else(|| {
                        format!(
                            "field {number}: length {length} exceeds the {left} bytes left \
                             (truncated file?)"
                        )
                    })?;
                self.position += length;
                Wire::Bytes(&self.bytes[self.position - length..self.position])
            }
            5 => Wire::Fixed32(u32::from_le_bytes(self.array()?)),
            3 | 4 => return Err(format!("field {number}: groups are not supported")),
            other => return Err(format!("field {number}: invalid wire type {other}")),
        };
        Ok((number, value))
    }

    /// A base-128 varint of at most 10 bytes, low groups first.
    fn varint(&mut self) -> Result<u64, String> {
        let (value, used) = varint(&self.bytes[self.position..])?;
        self.position += used;
        Ok(value)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let bytes = self
            .bytes
            .get(self.position..self.position + N)
            .and_then(|b| <[u8; N]>::try_from(b).ok())
            .ok_or_else(|| format!("truncated {N}-byte value"))?;
        self.position += N;
        Ok(bytes)
    }
}

/// The varint at the start of `bytes` and the number of bytes it takes.
fn varint(bytes: &[u8]) -> Result<(u64, usize), String> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        if i == 9 && byte > 1 {
            return Err("varint overflows 64 bits".into());
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err(if bytes.len() < 10 {
        "truncated varint".into()
    } else {
        "varint longer than 10 bytes".into()
    })
}

impl<'a> Wire<'a> {
    fn kind(self) -> &'static str {
        match self {
            Wire::Varint(_) => "a varint",
            Wire::Fixed64(_) => "a 64-bit value",
            Wire::Bytes(_) => "a length-delimited value",
            Wire::Fixed32(_) => "a 32-bit value",
        }
    }

    fn mismatch(self, what: &str, expected: &str) -> String {
        format!("{what}: {} where {expected} is expected", self.kind())
    }

    /// The bytes of a string, message or `bytes` field `what`.
    pub fn bytes(self, what: &str) -> Result<&'a [u8], String> {
        match self {
            Wire::Bytes(b) => Ok(b),
            _ => Err(self.mismatch(what, "a length-delimited value")),
        }
    }

    /// A UTF-8 string field `what`.
    pub fn string(self, what: &str) -> Result<String, String> {
        let bytes = self.bytes(what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| format!("{what}: not UTF-8"))
    }

    /// An integer field `what` (int32, int64, enum: two's complement in a varint).
    pub fn int(self, what: &str) -> Result<i64, String> {
        match self {
            Wire::Varint(v) => Ok(v as i64),
            _ => Err(self.mismatch(what, "a varint")),
        }
    }

    /// Appends the integers of a repeated integer field `what`, packed or not.
    pub fn push_ints(self, what: &str, out: &mut Vec<i64>) -> Result<(), String> {
        match self {
            Wire::Bytes(mut packed) => {
                while !packed.is_empty() {
                    let (value, used) = varint(packed).map_err(|e| format!("{what}: {e}"))?;
                    out.push(value as i64);
                    packed = &packed[used..];
                }
                Ok(())
            }
            _ => {
                out.push(self.int(what)?);
                Ok(())
            }
        }
    }

    /// Appends the bits of a repeated `float` field `what`, packed or not.
    pub fn push_fixed32(self, what: &str, out: &mut Vec<u32>) -> Result<(), String> {
        match self {
            Wire::Fixed32(v) => {
                out.push(v);
                Ok(())
            }
            Wire::Bytes(packed) => {
                let chunks = packed.chunks_exact(4);
                if !chunks.remainder().is_empty() {
                    return Err(format!(
                        "{what}: packed length {} is not a multiple of 4",
                        packed.len()
                    ));
                }
                out.extend(chunks.map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
                Ok(())
            }
            _ => Err(self.mismatch(what, "a 32-bit value")),
        }
    }

    /// Appends the bits of a repeated `double` field `what`, packed or not.
    pub fn push_fixed64(self, what: &str, out: &mut Vec<u64>) -> Result<(), String> {
        match self {
            Wire::Fixed64(v) => {
                out.push(v);
                Ok(())
            }
            Wire::Bytes(packed) => {
                let chunks = packed.chunks_exact(8);
                if !chunks.remainder().is_empty() {
                    return Err(format!(
                        "{what}: packed length {} is not a multiple of 8",
                        packed.len()
                    ));
                }
                out.extend(
                    chunks.map(|c| {
                        u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
                    }),
                );
                Ok(())
            }
            _ => Err(self.mismatch(what, "a 64-bit value")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<Vec<(u64, Wire<'_>)>, String> {
        fields(bytes).collect()
    }

    #[test]
    fn reads_every_wire_type() {
        // 1: varint 300; 2: "hi"; 3: fixed32 1.0f32; 4: fixed64 7.
        let mut bytes = vec![0x08, 0xac, 0x02, 0x12, 2, b'h', b'i', 0x1d];
        bytes.extend(1.0f32.to_le_bytes());
        bytes.push(0x21);
        bytes.extend(7u64.to_le_bytes());
        let read = all(&bytes).unwrap();
        assert!(matches!(read[0], (1, Wire::Varint(300))));
        assert_eq!(read[1].1.string("s").unwrap(), "hi");
        assert!(matches!(read[2], (3, Wire::Fixed32(0x3f80_0000))));
        assert!(matches!(read[3], (4, Wire::Fixed64(7))));
        let mut ints = Vec::new();
        Wire::Bytes(&[
            0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
        ])
        .push_ints("dims", &mut ints)
        .unwrap();
        assert_eq!(ints, [1, -1]);
    }

    #[test]
    fn malformed_bytes_are_errors() {
        assert!(all(&[0x08]).unwrap_err().contains("truncated varint"));
        assert!(
            all(&[0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02])
                .unwrap_err()
                .contains("overflows")
        );
        assert!(all(&[0x12, 5, 1])
            .unwrap_err()
            .contains("length 5 exceeds the 1 bytes left"));
        assert!(all(&[0x1d, 0, 0]).unwrap_err().contains("truncated 4-byte"));
        assert!(all(&[0x0b]).unwrap_err().contains("groups"));
        assert!(all(&[0x0e]).unwrap_err().contains("invalid wire type 6"));
        assert!(all(&[0x00]).unwrap_err().contains("invalid field number 0"));
        let mut floats = Vec::new();
        let odd = Wire::Bytes(&[0, 0, 0]).push_fixed32("float_data", &mut floats);
        assert!(odd.unwrap_err().contains("not a multiple of 4"));
    }
}
