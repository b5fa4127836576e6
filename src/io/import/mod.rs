//! Importing trained networks: PyTorch `state_dict`s of an `nn.Sequential` of `Linear`, `ReLU`
//! and eval-mode `BatchNorm1d`, saved as safetensors or NumPy `.npz`, or of any chain of
//! `Conv2d`, `Linear`, batch norms, `AvgPool2d`, `Flatten` and activations given by an
//! architecture spec (`architecture.rs`); and ONNX models of such networks (a chain of `Gemm`,
//! `MatMul`, `Conv`, `AveragePool`, `GlobalAveragePool`, `Add`, `BatchNormalization`, `Flatten`,
//! `Reshape`, `Relu`, `LeakyRelu`). Convolutions and pools become exact dense layers (`linear/`),
//! composed with the affine operations around them up to the next activation (`builder.rs`).
//! Every stored float is taken exactly; see `docs/formats.md`, "Importing trained networks".

mod architecture;
mod batchnorm;
mod builder;
mod linear;
mod npy;
#[cfg(feature = "npz")]
mod npz;
mod onnx;
mod protobuf;
mod safetensors;
mod sequential;
mod stack;
mod tensor;

pub use architecture::Architecture;
pub use sequential::FoldedBatchNorm;
pub use tensor::Dtype;

use crate::exact::Rational;
use crate::io::{InputError, Metadata, NumberMode};
use crate::network::Network;
use serde_json::{json, Value};
use std::path::Path;
use tensor::error;

/// A file format that can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// safetensors (`.safetensors`).
    Safetensors,
    /// NumPy archive (`.npz`), stored or deflated.
    Npz,
    /// ONNX model (`.onnx`).
    Onnx,
}

impl ImportFormat {
    /// The format's name as in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Safetensors => "safetensors",
            ImportFormat::Npz => "npz",
            ImportFormat::Onnx => "onnx",
        }
    }

    /// The format named by the extension of `path`, if any.
    pub fn from_extension(path: &Path) -> Option<ImportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "safetensors" => Some(ImportFormat::Safetensors),
            "npz" => Some(ImportFormat::Npz),
            "onnx" => Some(ImportFormat::Onnx),
            _ => None,
        }
    }
}

/// How to read the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// A ReLU follows the last `Linear` layer too, so every layer is hidden; by default the last
    /// `Linear` (with its batch norm, if any) is the affine output layer.
    pub relu_after_last: bool,
    /// The `eps` of every `BatchNorm1d`, exactly (PyTorch's default 1e-5 is 1/100000 here), and
    /// of an architecture's batch norms that give none. Not used for ONNX, whose
    /// `BatchNormalization` nodes carry their `epsilon`.
    pub bn_eps: Rational,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            relu_after_last: false,
            bn_eps: Rational::from(1u32) / Rational::from(100_000u32),
        }
    }
}

/// An imported network and what the import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The network, with every stored value taken exactly.
    pub network: Network,
    /// The format read.
    pub format: ImportFormat,
    /// The element types found, without repeats, in increasing precision.
    pub dtypes: Vec<Dtype>,
    /// The batch norms folded into layers, in order.
    pub batch_norms: Vec<FoldedBatchNorm>,
    /// The options used.
    pub options: ImportOptions,
    /// The architecture spec the `state_dict` was read with, if any.
    pub architecture: Option<Architecture>,
    /// The number mode in which `write_network` writes the network so that it reads back
    /// exactly: `Binary64` (shortest decimals) when every value is a binary64, as stored floats
    /// are; `Decimal` (fractions) when a folded batch norm made products that are not.
    pub number_mode: NumberMode,
}

impl Imported {
    /// One line per folded batch norm whose scale had to be rounded, for a warning.
    pub fn rounding_notes(&self) -> Vec<String> {
        let kind = match (self.format, &self.architecture) {
            (ImportFormat::Onnx, _) => "BatchNormalization",
            (_, Some(_)) => "batch norm",
            (ImportFormat::Safetensors | ImportFormat::Npz, None) => "BatchNorm1d",
        };
        self.batch_norms
            .iter()
            .filter(|b| !b.rounded.is_empty())
            .map(|b| {
                format!(
                    "{kind} {} (folded into {}): weight / sqrt(running_var + eps) is \
                     irrational for {} of its neurons {:?}; each such scale was rounded \
                     to the nearest binary64, all else is exact",
                    b.module,
                    b.layer,
                    b.rounded.len(),
                    b.rounded
                )
            })
            .collect()
    }

    /// A record of the import for the network file's `metadata`: the `source` file name, format,
    /// dtypes, whether a ReLU follows the last layer, the folded batch norms and rounding notes,
    /// and the architecture's input and ops if one was given.
    pub fn metadata(&self, source: &str) -> Metadata {
        let norms: Vec<Value> = self
            .batch_norms
            .iter()
            .map(|b| {
                json!({"module": b.module, "folded_into": b.layer,
                       "eps": b.eps.to_string(), "exact": b.rounded.is_empty(),
                       "rounded_neurons": b.rounded})
            })
            .collect();
        let metadata = Metadata::generator("relupoly import");
        let metadata = match &self.architecture {
            Some(a) => metadata.with("architecture", json!({"input": a.input(), "ops": a.ops()})),
            None => metadata,
        };
        metadata
            .with("source", source)
            .with("format", self.format.name())
            .with(
                "dtypes",
                self.dtypes.iter().map(|d| d.name()).collect::<Vec<_>>(),
            )
            .with("relu_after_last", self.options.relu_after_last)
            .with("batch_norm", norms)
            .with("rounding", self.rounding_notes())
    }
}

/// The shape of the `.npy` array `bytes` (the format of each `.npz` entry), after reading every
/// value; errors name it `origin`. Never panics.
pub fn npy_shape(bytes: &[u8], origin: &str) -> Result<Vec<usize>, InputError> {
    npy::read(origin, "", bytes).map(|tensor| tensor.shape)
}

/// Imports the file at `path` in `format` (by default from its extension). Errors name the file.
pub fn import_file(
    path: &Path,
    format: Option<ImportFormat>,
    options: &ImportOptions,
) -> Result<Imported, InputError> {
    let (bytes, origin, format) = read_file(path, format)?;
    import_bytes(&bytes, &origin, format, options)
}

/// Imports the `state_dict` at `path` (safetensors or `.npz`, by default from its extension) as
/// the network that `architecture` describes. Errors name the file.
pub fn import_file_with_architecture(
    path: &Path,
    format: Option<ImportFormat>,
    architecture: &Architecture,
    options: &ImportOptions,
) -> Result<Imported, InputError> {
    let (bytes, origin, format) = read_file(path, format)?;
    import_bytes_with_architecture(&bytes, &origin, format, architecture, options)
}

/// The content of the file at `path`, its name for messages and its format.
fn read_file(
    path: &Path,
    format: Option<ImportFormat>,
) -> Result<(Vec<u8>, String, ImportFormat), InputError> {
    let origin = path.display().to_string();
    let format = format
        .or_else(|| ImportFormat::from_extension(path))
        .ok_or_else(|| {
            error(
                &origin,
                "",
                "cannot tell the format from the extension (.safetensors, .npz or .onnx); name it (safetensors, npz or onnx)",
            )
        })?;
    let bytes = std::fs::read(path)
        .map_err(|e| error(&origin, "", format!("cannot read the file: {e}")))?;
    Ok((bytes, origin, format))
}

/// Imports the file content `bytes` in `format`; errors name it `origin`. Never panics.
pub fn import_bytes(
    bytes: &[u8],
    origin: &str,
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<Imported, InputError> {
    import(bytes, origin, format, None, options)
}

/// Imports the `state_dict` `bytes` in `format` (safetensors or `.npz`) as the network that
/// `architecture` describes; errors name it `origin`. Never panics.
pub fn import_bytes_with_architecture(
    bytes: &[u8],
    origin: &str,
    format: ImportFormat,
    architecture: &Architecture,
    options: &ImportOptions,
) -> Result<Imported, InputError> {
    import(bytes, origin, format, Some(architecture), options)
}

fn import(
    bytes: &[u8],
    origin: &str,
    format: ImportFormat,
    architecture: Option<&Architecture>,
    options: &ImportOptions,
) -> Result<Imported, InputError> {
    let state_dict = |tensors| match architecture {
        Some(architecture) => architecture::build(origin, tensors, architecture, options),
        None => sequential::build(origin, tensors, options),
    };
    let mut stack =
        match format {
            ImportFormat::Safetensors => state_dict(safetensors::read(origin, bytes)?)?,
            #[cfg(feature = "npz")]
            ImportFormat::Npz => state_dict(npz::read(origin, bytes)?)?,
            #[cfg(not(feature = "npz"))]
            ImportFormat::Npz => {
                return Err(error(
                    origin,
                    "",
                    "this build of relupoly reads no .npz archives (cargo feature `npz`)",
                ))
            }
            ImportFormat::Onnx if architecture.is_some() => return Err(error(
                origin,
                "",
                "an architecture is given, but an ONNX model has its own graph (an architecture \
                 is read only with a state_dict: safetensors or .npz)",
            )),
            ImportFormat::Onnx => onnx::read(origin, bytes, options)?,
        };
    let mut dtypes = std::mem::take(&mut stack.dtypes);
    dtypes.sort();
    dtypes.dedup();
    let (network, batch_norms, number_mode) = stack.assemble(origin)?;
    Ok(Imported {
        network,
        format,
        dtypes,
        batch_norms,
        options: options.clone(),
        architecture: architecture.cloned(),
        number_mode,
    })
}
