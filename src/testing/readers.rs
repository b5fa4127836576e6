//! Every file reader of relupoly behind one signature, for the cargo-fuzz targets in `fuzz/`
//! (one per reader) and for replaying their corpora (`fuzz/corpus/NAME/`) as ordinary tests.
//!
//! A reader takes the bytes of a file and answers `Ok` or an error message; whatever the bytes,
//! it must neither panic nor allocate beyond the limits of `docs/formats.md`. The readers that
//! need a dimension (a domain, an engine's output) take it from the file's first line, so that
//! the fuzzer varies it too.

use crate::io::import::{import_bytes, npy_shape, ImportFormat, ImportOptions};
use crate::io::{
    domain_from_text, parse_engine_output, parse_network, parse_polytope, parse_sweep_config,
};

/// A file reader under test.
pub struct Reader {
    /// Its name: the fuzz target's (with `_` for `-`) and its corpus folder's.
    pub name: &'static str,
    /// Reads one file's bytes.
    pub read: fn(&[u8]) -> Result<(), String>,
}

/// Every reader: network JSON, domain, polytope, engine output, safetensors, npy, npz, ONNX and
/// sweep configuration.
pub const READERS: [Reader; 9] = [
    Reader {
        name: "network-json",
        read: |bytes| answer(parse_network(text(bytes)?, ORIGIN)),
    },
    Reader {
        name: "domain",
        read: |bytes| {
            let (dim, rest) = dimension_line(bytes)?;
            answer(domain_from_text(rest, ORIGIN, dim))
        },
    },
    Reader {
        name: "polytope",
        read: |bytes| answer(parse_polytope(text(bytes)?, ORIGIN)),
    },
    Reader {
        name: "engine-output",
        read: |bytes| {
            let (dim, rest) = dimension_line(bytes)?;
            answer(parse_engine_output(rest, ORIGIN, dim))
        },
    },
    Reader {
        name: "safetensors",
        read: |bytes| import(bytes, ImportFormat::Safetensors),
    },
    Reader {
        name: "npy",
        read: |bytes| answer(npy_shape(bytes, ORIGIN)),
    },
    Reader {
        name: "npz",
        read: |bytes| import(bytes, ImportFormat::Npz),
    },
    Reader {
        name: "onnx",
        read: |bytes| import(bytes, ImportFormat::Onnx),
    },
    Reader {
        name: "sweep-config",
        read: |bytes| answer(parse_sweep_config(text(bytes)?, ORIGIN)),
    },
];

/// The name errors give the file.
const ORIGIN: &str = "fuzzed";

/// Runs the reader called `name` on `bytes` and forgets its answer: the body of every fuzz
/// target, where a panic is the failure.
///
/// # Panics
/// When no reader is called `name` (a fuzz target naming a reader that does not exist).
pub fn fuzz(name: &str, bytes: &[u8]) {
    let reader = READERS
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no reader is called {name}"));
    let _ = (reader.read)(bytes);
}

fn text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("{ORIGIN}: not UTF-8 text: {e}"))
}

/// The dimension on the first line and the text after it.
fn dimension_line(bytes: &[u8]) -> Result<(usize, &str), String> {
    let (first, rest) = text(bytes)?
        .split_once('\n')
        .ok_or_else(|| format!("{ORIGIN}: no dimension line"))?;
    let dim = first
        .trim()
        .parse()
        .map_err(|e| format!("{ORIGIN}: bad dimension line: {e}"))?;
    Ok((dim, rest))
}

/// A reader's answer without its value: `Ok`, or the error's message.
fn answer<T, E: std::fmt::Display>(result: Result<T, E>) -> Result<(), String> {
    result.map(drop).map_err(|e| e.to_string())
}

fn import(bytes: &[u8], format: ImportFormat) -> Result<(), String> {
    answer(import_bytes(
        bytes,
        ORIGIN,
        format,
        &ImportOptions::default(),
    ))
}
