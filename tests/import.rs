//! Importing trained networks: exact values of every float type, batch-norm folding, .npz, the
//! located errors on malformed input, and the command line.

use malachite::base::num::arithmetic::traits::PowerOf2;
use relupoly::exact::Rational;
use relupoly::network::import::{import_bytes, import_file, ImportFormat, ImportOptions};
use relupoly::network::{read_network, Network};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
}

fn import(name: &str, options: &ImportOptions) -> Network {
    import_file(&fixture(name), None, options)
        .unwrap_or_else(|e| panic!("{e}"))
        .network
}

fn ratio(p: i64, q: i64) -> Rational {
    Rational::from(p) / Rational::from(q)
}

fn unit(d: usize, j: Option<usize>) -> Vec<Rational> {
    (0..d)
        .map(|i| Rational::from(u32::from(Some(i) == j)))
        .collect()
}

/// First-layer weight `[row][column]` recovered from the exact forward pass: `z(e_j) - z(0)`.
fn first_weight(net: &Network, row: usize, column: usize) -> Rational {
    let d = net.input_dim();
    &net.pre_activations(&unit(d, Some(column)))[0][row]
        - &net.pre_activations(&unit(d, None))[0][row]
}

#[test]
fn every_float_type_is_read_exactly() {
    let options = ImportOptions::default();
    let f32_net = import("mlp_f32.safetensors", &options);
    // 0.1f32 is 13421773 / 2^27.
    assert_eq!(first_weight(&f32_net, 0, 0), ratio(13421773, 134217728));
    assert_eq!(
        Rational::try_from(0.1f32).unwrap(),
        ratio(13421773, 134217728)
    );
    assert_eq!(first_weight(&f32_net, 1, 1), ratio(-3, 2));
    // The f64 file holds the same f32 values widened.
    assert_eq!(import("mlp_f64.safetensors", &options), f32_net);
    let f16 = import("mlp_f16.safetensors", &options);
    assert_eq!(first_weight(&f16, 0, 0), ratio(819, 8192)); // 0x2E66
    assert_eq!(first_weight(&f16, 1, 0), Rational::power_of_2(-24i64)); // subnormal 0x0001
    assert_eq!(first_weight(&f16, 1, 1), ratio(-3, 2));
    let bf16 = import("mlp_bf16.safetensors", &options);
    assert_eq!(first_weight(&bf16, 0, 0), ratio(205, 2048)); // 0x3DCD
    assert_eq!(first_weight(&bf16, 1, 0), Rational::power_of_2(-24i64));
    let imported = import_file(&fixture("mlp_f16.safetensors"), None, &options).unwrap();
    assert_eq!(
        imported.dtypes.iter().map(|d| d.name()).collect::<Vec<_>>(),
        ["F16"]
    );
    assert_eq!(f16.widths(), [4, 3]);
    assert!(f16.output().is_some());
}

#[test]
fn npz_stored_compressed_fortran_and_big_endian_match_safetensors() {
    let options = ImportOptions::default();
    let reference = import("mlp_f32.safetensors", &options);
    assert_eq!(import("mlp_savez.npz", &options), reference);
    assert_eq!(import("mlp_compressed.npz", &options), reference);
}

#[test]
fn relu_after_last_makes_every_layer_hidden() {
    let options = ImportOptions {
        relu_after_last: true,
        ..ImportOptions::default()
    };
    let net = import("mlp_f32.safetensors", &options);
    assert_eq!(net.widths(), [4, 3, 1]);
    assert!(net.output().is_none());
}

/// The folded batch norm against the hand computation, at rational points. With eps = 1/4,
/// neuron 0 has var + eps = 9/4 (exact scale 3 / (3/2) = 2); neuron 1 has 1/2, so its scale
/// -0.5 / sqrt(1/2) = -sqrt(1/2) is irrational and rounded: IEEE sqrt is correctly rounded, so
/// the oracle is `-(0.5f64).sqrt()`.
#[test]
fn batch_norm_folds_exactly_on_squares_and_rounds_correctly_otherwise() {
    let options = ImportOptions {
        relu_after_last: true,
        bn_eps: ratio(1, 4),
    };
    let imported = import_file(&fixture("batchnorm.safetensors"), None, &options).unwrap();
    assert_eq!(imported.batch_norms.len(), 1);
    assert_eq!(imported.batch_norms[0].module, "1");
    assert_eq!(imported.batch_norms[0].layer, "layer 0");
    assert_eq!(imported.batch_norms[0].rounded, [1]);
    let s1 = -Rational::try_from(0.5f64.sqrt()).unwrap();
    let relu = |v: &Rational| {
        if *v > 0u32 {
            v.clone()
        } else {
            Rational::from(0u32)
        }
    };
    for (a, b) in [(1, 3), (-2, 7), (5, -4), (0, 1)] {
        let x = [ratio(a, 7), ratio(b, 5)];
        // z = I x + (0.5, -1); y = gamma (z - mean) / sqrt(var + eps) + beta.
        let y0 = ratio(3, 1) * (&x[0] + ratio(1, 2) - ratio(1, 2)) / ratio(3, 2) + ratio(1, 4);
        let y1 = &s1 * (&x[1] - ratio(1, 1) - ratio(1, 8)) + ratio(1, 1);
        let out = relu(&y0) - ratio(2, 1) * relu(&y1) + ratio(3, 4);
        let pre = imported.network.pre_activations(&x);
        assert_eq!(pre, vec![vec![y0, y1], vec![out]]);
    }
}

/// With the default eps = 1/100000 no scale is rational; each is the binary64 nearest to
/// gamma / sqrt(var + eps), checked exactly: the squares of the midpoints to its neighbours
/// bracket gamma^2 / (var + eps).
#[test]
fn default_eps_scales_are_the_nearest_binary64() {
    let imported = import_file(
        &fixture("batchnorm.safetensors"),
        None,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imported.batch_norms[0].rounded, [0, 1]);
    let eps = ratio(1, 100000);
    for (i, (gamma, var)) in [(3.0f64, 2.0f64), (-0.5, 0.25)].into_iter().enumerate() {
        let scale = first_weight(&imported.network, i, i);
        let x = f64::try_from(&scale).expect("the scale is a binary64");
        assert_eq!(x.signum(), gamma.signum());
        let target =
            Rational::try_from(gamma * gamma).unwrap() / (Rational::try_from(var).unwrap() + &eps);
        let mid = |y: f64| {
            (Rational::try_from(x.abs()).unwrap() + Rational::try_from(y).unwrap())
                / Rational::from(2u32)
        };
        let (lo, hi) = (mid(x.abs().next_down()), mid(x.abs().next_up()));
        assert!(&lo * &lo < target && target < &hi * &hi, "neuron {i}");
    }
    let notes = imported.rounding_notes();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("BatchNorm1d 1") && notes[0].contains("[0, 1]"),
        "{notes:?}"
    );
}

// ---- malformed input, built byte by byte ----

struct Entry {
    name: &'static str,
    dtype: &'static str,
    shape: Vec<usize>,
    data: Vec<u8>,
}

fn f32s(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn entry(name: &'static str, shape: &[usize], values: &[f32]) -> Entry {
    Entry {
        name,
        dtype: "F32",
        shape: shape.to_vec(),
        data: f32s(values),
    }
}

/// A valid 2-2-1 network: 0 Linear, 1 ReLU, 2 Linear.
fn valid() -> Vec<Entry> {
    vec![
        entry("0.weight", &[2, 2], &[1.0, 0.5, -1.0, 2.0]),
        entry("0.bias", &[2], &[0.0, 0.25]),
        entry("2.weight", &[1, 2], &[1.0, -1.0]),
        entry("2.bias", &[1], &[0.5]),
    ]
}

fn safetensors_with_header(header: &str, data: &[u8]) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(data);
    bytes
}

fn safetensors(entries: &[Entry]) -> Vec<u8> {
    let mut data = Vec::new();
    let fields: Vec<String> = entries
        .iter()
        .map(|e| {
            let begin = data.len();
            data.extend_from_slice(&e.data);
            format!(
                "\"{}\":{{\"dtype\":\"{}\",\"shape\":{:?},\"data_offsets\":[{begin},{}]}}",
                e.name,
                e.dtype,
                e.shape,
                data.len()
            )
        })
        .collect();
    safetensors_with_header(&format!("{{{}}}", fields.join(",")), &data)
}

fn error_of(bytes: &[u8]) -> String {
    match import_bytes(
        bytes,
        "bad.safetensors",
        ImportFormat::Safetensors,
        &ImportOptions::default(),
    ) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    }
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

#[test]
fn the_valid_file_imports() {
    let net = import_bytes(
        &safetensors(&valid()),
        "ok",
        ImportFormat::Safetensors,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(net.network.widths(), [2]);
    assert_eq!(first_weight(&net.network, 0, 1), ratio(1, 2));
}

#[test]
fn container_errors_name_the_problem() {
    let good = safetensors(&valid());
    assert_mentions(&error_of(&good[..5]), &["bad.safetensors", "truncated"]);
    assert_mentions(&error_of(&good[..20]), &["header length", "exceeds"]);
    assert_mentions(
        &error_of(&safetensors_with_header("{not json", &[])),
        &["bad header JSON"],
    );
    let out_of_range = r#"{"0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,1000]}}"#;
    assert_mentions(
        &error_of(&safetensors_with_header(out_of_range, &[0; 16])),
        &[
            "0.weight",
            "data_offsets [0, 1000] out of range",
            "16 bytes",
        ],
    );
    let overlap = r#"{"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},
                      "0.bias":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#;
    assert_mentions(
        &error_of(&safetensors_with_header(overlap, &[0; 8])),
        &["overlap"],
    );
    let wrong_size = r#"{"0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#;
    assert_mentions(
        &error_of(&safetensors_with_header(wrong_size, &[0; 12])),
        &["0.weight", "hold 12 bytes, expected 16"],
    );
    let mut entries = valid();
    entries[1].dtype = "I32";
    assert_mentions(
        &error_of(&safetensors(&entries)),
        &["0.bias", "unsupported dtype I32"],
    );
}

#[test]
fn layer_errors_name_the_tensor_and_the_shapes() {
    let edit = |f: &dyn Fn(&mut Vec<Entry>)| {
        let mut entries = valid();
        f(&mut entries);
        error_of(&safetensors(&entries))
    };
    assert_mentions(
        &edit(&|e| e[1] = entry("0.bias", &[3], &[0.0; 3])),
        &["0.bias", "wrong shape: expected [2]", "found [3]"],
    );
    assert_mentions(
        &edit(&|e| {
            e.pop();
        }),
        &["2.bias", "missing tensor"],
    );
    assert_mentions(
        &edit(&|e| e[0] = entry("0.weight", &[2, 1, 2], &[1.0; 4])),
        &["0.weight", "unsupported layer", "[2, 1, 2]", "rank-3"],
    );
    assert_mentions(
        &edit(&|e| e[2] = entry("2.weight", &[1, 3], &[1.0; 3])),
        &["2.weight", "expected 2 columns", "found 3"],
    );
    assert_mentions(
        &edit(&|e| e[0] = entry("0.weight", &[2, 2], &[1.0, 0.5, f32::NAN, 2.0])),
        &["0.weight, row 1, column 0", "NaN or infinity"],
    );
    assert_mentions(
        &edit(&|e| e[3] = entry("2.bias", &[1], &[f32::NEG_INFINITY])),
        &["2.bias, entry 0", "NaN or infinity"],
    );
    assert_mentions(
        &edit(&|e| e.push(entry("0.scale", &[2], &[1.0; 2]))),
        &["0.scale", "unsupported tensor"],
    );
    assert_mentions(
        &edit(&|e| e.push(entry("weird", &[2], &[1.0; 2]))),
        &["weird", "unsupported tensor name"],
    );
    assert_mentions(
        &edit(&|e| {
            e[2].name = "1.weight";
            e[3].name = "1.bias";
        }),
        &["1.weight", "no activation between"],
    );
    assert_mentions(
        &edit(&|e| e.truncate(2)),
        &["only one Linear layer", "--no-output"],
    );
}

/// No byte input makes the import panic: every truncation and every flipped byte of valid
/// safetensors and .npz files gives a network or an error.
#[test]
fn corrupted_bytes_never_panic() {
    let options = ImportOptions::default();
    let files = [
        (safetensors(&valid()), ImportFormat::Safetensors),
        (
            std::fs::read(fixture("mlp_savez.npz")).unwrap(),
            ImportFormat::Npz,
        ),
        (
            std::fs::read(fixture("mlp_compressed.npz")).unwrap(),
            ImportFormat::Npz,
        ),
    ];
    for (bytes, format) in &files {
        for cut in 0..bytes.len() {
            let _ = import_bytes(&bytes[..cut], "cut", *format, &options);
        }
        for i in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[i] ^= 0xA5;
            let _ = import_bytes(&flipped, "flipped", *format, &options);
        }
    }
}

#[test]
fn command_line_import_then_regions() {
    let dir = std::env::temp_dir().join(format!("relupoly-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("net.json");
    let binary = env!("CARGO_BIN_EXE_relupoly");
    let run = |args: &[&str]| Command::new(binary).args(args).output().unwrap();
    let source = fixture("batchnorm.safetensors");
    let imported = run(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(imported.status.success());
    let warning = String::from_utf8(imported.stderr).unwrap();
    assert_mentions(&warning, &["warning", "BatchNorm1d 1", "rounded"]);
    // The written file reads back to exactly the imported network.
    let expected = import("batchnorm.safetensors", &ImportOptions::default());
    assert_eq!(read_network(&out).unwrap(), expected);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_mentions(
        &text,
        &[
            "\"source\":\"batchnorm.safetensors\"",
            "\"rounded_neurons\":[0,1]",
        ],
    );
    let regions = run(&["regions", out.to_str().unwrap(), "--summary-json"]);
    assert!(
        regions.status.success(),
        "{}",
        String::from_utf8_lossy(&regions.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&regions.stdout).unwrap();
    assert_eq!(summary["volume_total"], "4"); // the regions partition [-1, 1]^2
                                              // Two neurons, each a line through the box's interior or not: at most 4 regions.
    let count = summary["regions"].as_u64().unwrap();
    assert!((1..=4).contains(&count), "{count}");
    let plain = dir.join("plain.json");
    let source = fixture("mlp_f32.safetensors");
    assert!(run(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        plain.to_str().unwrap()
    ])
    .status
    .success());
    assert_eq!(
        read_network(&plain).unwrap(),
        import("mlp_f32.safetensors", &ImportOptions::default())
    );
    assert!(std::fs::read_to_string(&plain)
        .unwrap()
        .contains("\"numbers\": \"binary64\""));
    let bad = run(&[
        "import",
        fixture("mlp_f32.safetensors").to_str().unwrap(),
        "--format",
        "npz",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert_mentions(
        &String::from_utf8(bad.stderr).unwrap(),
        &["mlp_f32.safetensors", "zip"],
    );
}
