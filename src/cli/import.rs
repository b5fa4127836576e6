//! `relupoly import`: a trained network (safetensors, .npz or ONNX) to the relupoly format.

use super::emit;
use crate::exact::parse_rational;
use crate::io::import::{
    import_file, import_file_with_architecture, Architecture, ImportFormat, ImportOptions,
};
use crate::io::write_network;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Arguments of `relupoly import`.
#[derive(Args)]
pub struct ImportArgs {
    /// The file: a PyTorch nn.Sequential state_dict saved as safetensors or .npz (any state_dict
    /// with --architecture), or an ONNX model (MLPs and convolutional networks).
    file: PathBuf,
    /// The format [default: from the extension].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// A ReLU follows the last Linear (ONNX: Gemm or MatMul) layer too: every layer is hidden,
    /// none is the affine output.
    #[arg(long)]
    no_output: bool,
    /// The eps of the BatchNorm1d layers, taken exactly (number syntax of docs/formats.md)
    /// [default: 1e-5]. Not for ONNX, whose BatchNormalization nodes carry their epsilon.
    #[arg(long)]
    bn_eps: Option<String>,
    /// The architecture of the state_dict, a JSON spec (docs/formats.md, "Importing trained
    /// networks"): convolutions, pools, batch norms, linear layers and activations in order,
    /// each naming its tensors' prefix. Without it a state_dict is an nn.Sequential of Linear
    /// layers. Not for ONNX.
    #[arg(long, value_name = "SPEC.json")]
    architecture: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
}

/// `--format`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// safetensors (`.safetensors`).
    Safetensors,
    /// NumPy archive (`.npz`), stored or deflated.
    Npz,
    /// ONNX model (`.onnx`).
    Onnx,
}

impl From<FormatArg> for ImportFormat {
    fn from(format: FormatArg) -> ImportFormat {
        match format {
            FormatArg::Safetensors => ImportFormat::Safetensors,
            FormatArg::Npz => ImportFormat::Npz,
            FormatArg::Onnx => ImportFormat::Onnx,
        }
    }
}

/// Imports the file and writes the network; warns on stderr about rounded batch-norm scales.
pub fn run(args: ImportArgs) -> Result<(), String> {
    let mut options = ImportOptions {
        relu_after_last: args.no_output,
        ..ImportOptions::default()
    };
    let format = args
        .format
        .map(ImportFormat::from)
        .or_else(|| ImportFormat::from_extension(&args.file))
        .ok_or_else(|| {
            format!(
                "{}: cannot tell the format from the extension (.safetensors, .npz or .onnx); give it with --format safetensors, npz or onnx",
                args.file.display()
            )
        })?;
    if let Some(text) = &args.bn_eps {
        if format == ImportFormat::Onnx {
            return Err("--bn-eps: an ONNX file gives each BatchNormalization's epsilon".into());
        }
        options.bn_eps = parse_rational(text).map_err(|e| format!("--bn-eps: {e}: \"{text}\""))?;
        if options.bn_eps < 0u32 {
            return Err(format!("--bn-eps: must not be negative: \"{text}\""));
        }
    }
    let imported = match &args.architecture {
        Some(_) if format == ImportFormat::Onnx => {
            return Err(
                "--architecture: an ONNX model has its own graph (the spec is for state_dicts)"
                    .into(),
            )
        }
        Some(spec) => {
            let architecture = Architecture::read(spec).map_err(|e| e.to_string())?;
            import_file_with_architecture(&args.file, Some(format), &architecture, &options)
        }
        None => import_file(&args.file, Some(format), &options),
    }
    .map_err(|e| e.to_string())?;
    for note in imported.rounding_notes() {
        eprintln!("warning: {}: {note}", args.file.display());
    }
    let name = |path: &PathBuf| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let mut metadata = imported.metadata(&name(&args.file));
    if let Some(spec) = &args.architecture {
        metadata = metadata.with("architecture_source", name(spec));
    }
    let text = write_network(&imported.network, imported.number_mode, Some(&metadata));
    match args.out {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| format!("{}: cannot write the file: {e}", path.display())),
        None => emit(&text),
    }
}
