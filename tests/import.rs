//! Importing trained networks: exact values of every float type, batch-norm folding, .npz, the
//! located errors on malformed input, and the command line.

use malachite::base::num::arithmetic::traits::PowerOf2;
use relupoly::exact::Rational;
use relupoly::io::import::{import_bytes, import_file, ImportFormat, ImportOptions};
use relupoly::io::read_network;
use relupoly::network::Network;
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
    let gap = r#"{"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8]}}"#;
    assert_mentions(
        &error_of(&safetensors_with_header(gap, &[0; 8])),
        &[
            "0.weight",
            "data_offsets [4, 8] leave bytes 0 to 4",
            "unused",
        ],
    );
    let mut trailing = safetensors(&valid());
    trailing.push(0);
    assert_mentions(
        &error_of(&trailing),
        &["header", "fill 36 of the 37 bytes", "after the last tensor"],
    );
    let half_byte = r#"{"0.weight":{"dtype":"F4","shape":[1,1],"data_offsets":[0,1]}}"#;
    assert_mentions(
        &error_of(&safetensors_with_header(half_byte, &[0])),
        &["0.weight", "shape [1, 1] of F4 takes 4 bits"],
    );
    let huge =
        r#"{"0.weight":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#;
    assert_mentions(
        &error_of(&safetensors_with_header(huge, &[0; 4])),
        &["0.weight", "shape too large"],
    );
    // The crate keeps the second entry: read alone ([0, 4]) or leaving a gap ([4, 8]).
    for (second, data) in [("[0,4]", 4), ("[4,8]", 8)] {
        let twice = format!(
            r#"{{"0.bias":{{"dtype":"F32","shape":[1],"data_offsets":[0,4]}},
                 "0.bias":{{"dtype":"F32","shape":[1],"data_offsets":{second}}}}}"#
        );
        assert_mentions(
            &error_of(&safetensors_with_header(&twice, &vec![0; data])),
            &["header", "\"0.bias\" appears twice"],
        );
    }
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
    // Entries the container cannot read are named, with what is wrong in them.
    for (header, says) in [
        (
            r#"{"0.weight":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}"#,
            &[
                "0.weight",
                "unsupported dtype Q4 (supported: F16, BF16, F32, F64)",
            ][..],
        ),
        (
            r#"{"0.weight":{"shape":[1],"data_offsets":[0,4]}}"#,
            &["0.weight", "bad header JSON", "dtype"][..],
        ),
        (
            r#"{"0.weight":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}"#,
            &["0.weight", "bad header JSON"][..],
        ),
        (
            r#"{"__metadata__":{"a":1},"0.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
            &["__metadata__", "names to strings"][..],
        ),
        (r#"[1, 2]"#, &["header", "not an object of tensors"][..]),
    ] {
        assert_mentions(&error_of(&safetensors_with_header(header, &[0; 4])), says);
    }
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

// ---- ONNX ----

fn onnx_options(relu_after_last: bool) -> ImportOptions {
    ImportOptions {
        relu_after_last,
        ..ImportOptions::default()
    }
}

/// Gemm (transB = 1, as torch exports), MatMul + Add (bias either side), float_data instead of
/// raw_data, Flatten and Identity, and torch.onnx.export itself: all the same network as the
/// safetensors file of the same f32 weights; FLOAT16 (in int32_data) as its f16 twin.
#[test]
fn onnx_models_import_as_their_safetensors_twins() {
    let options = ImportOptions::default();
    let reference = import("mlp_f32.safetensors", &options);
    for name in [
        "mlp_gemm.onnx",
        "mlp_float_data.onnx",
        "mlp_matmul.onnx",
        "torch_mlp.onnx",
    ] {
        assert_eq!(import(name, &options), reference, "{name}");
    }
    let imported = import_file(&fixture("mlp_gemm.onnx"), None, &options).unwrap();
    assert_eq!(imported.format, ImportFormat::Onnx);
    assert_eq!(
        first_weight(&imported.network, 0, 0),
        ratio(13421773, 134217728)
    );
    assert_eq!(imported.network.widths(), [4, 3]);
    let f16 = import("mlp_f16.onnx", &options);
    assert_eq!(f16, import("mlp_f16.safetensors", &options));
    assert_eq!(first_weight(&f16, 1, 0), Rational::power_of_2(-24i64));
    let hidden = import("torch_mlp.onnx", &onnx_options(true));
    assert_eq!(hidden, import("mlp_f32.safetensors", &onnx_options(true)));
    assert!(hidden.output().is_none());
}

/// Gemm with transB = 0, alpha = 2, beta = 0.5; LeakyRelu's alpha is the binary32 0.01 exactly.
#[test]
fn onnx_leaky_relu_slope_and_gemm_scalars_are_exact() {
    let net = import("leaky.onnx", &ImportOptions::default());
    let slope = net.blocks()[0].activation.negative_slope();
    assert_eq!(*slope, ratio(5368709, 536870912));
    assert_eq!(*slope, Rational::try_from(0.01f32).unwrap());
    // w0 = [[1, 0.5], [-1, 2]] is [in, out]: neuron m reads 2 w0[k][m].
    assert_eq!(
        net.blocks()[0].layer.weights,
        [[2, -2], [1, 4]].map(|r| r.map(Rational::from).to_vec())
    );
    assert_eq!(net.blocks()[0].layer.biases, [ratio(1, 8), ratio(-1, 4)]);
    // At x = (0, -1): z = (2.125, -4.25), a = (2.125, -4.25 slope), y = a0 - a1 + 0.75.
    let x = [Rational::from(0u32), Rational::from(-1i32)];
    let a1 = slope * ratio(-17, 4);
    assert_eq!(net.evaluate(&x), [ratio(17, 8) - a1 + ratio(3, 4)]);
}

/// BatchNormalization (epsilon 0.25, exactly a binary32) folds as the BatchNorm1d of the same
/// state_dict with bn_eps = 1/4: neuron 0 exact, neuron 1 rounded.
#[test]
fn onnx_batch_norm_folds_like_the_state_dict() {
    let imported =
        import_file(&fixture("batchnorm.onnx"), None, &ImportOptions::default()).unwrap();
    let state_dict = ImportOptions {
        bn_eps: ratio(1, 4),
        ..ImportOptions::default()
    };
    assert_eq!(
        imported.network,
        import("batchnorm.safetensors", &state_dict)
    );
    let norm = &imported.batch_norms[0];
    assert_eq!(
        (norm.module.as_str(), norm.layer.as_str()),
        ("bn", "layer 0")
    );
    assert_eq!(
        (norm.eps.clone(), norm.rounded.clone()),
        (ratio(1, 4), vec![1])
    );
    let notes = imported.rounding_notes();
    assert_mentions(&notes[0], &["BatchNormalization bn", "[1]"]);
}

/// A minimal protobuf writer for hand-made ONNX models.
mod pb {
    pub fn varint(number: u64, value: u64) -> Vec<u8> {
        let mut out = key(number, 0);
        push_varint(&mut out, value);
        out
    }

    fn push_varint(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    fn key(number: u64, wire: u64) -> Vec<u8> {
        let mut out = Vec::new();
        push_varint(&mut out, number << 3 | wire);
        out
    }

    pub fn bytes(number: u64, data: &[u8]) -> Vec<u8> {
        let mut out = key(number, 2);
        push_varint(&mut out, data.len() as u64);
        out.extend_from_slice(data);
        out
    }

    pub fn float(number: u64, value: f32) -> Vec<u8> {
        let mut out = key(number, 5);
        out.extend(value.to_le_bytes());
        out
    }

    /// A FLOAT initializer in raw_data.
    pub fn tensor(name: &str, dims: &[u64], values: &[f32]) -> Vec<u8> {
        let raw: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut out: Vec<u8> = dims.iter().flat_map(|&d| varint(1, d)).collect();
        out.extend(varint(2, 1));
        out.extend(bytes(8, name.as_bytes()));
        out.extend(bytes(9, &raw));
        out
    }

    pub fn node(
        op: &str,
        name: &str,
        inputs: &[&str],
        outputs: &[&str],
        attributes: &[Vec<u8>],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        for i in inputs {
            out.extend(bytes(1, i.as_bytes()));
        }
        for o in outputs {
            out.extend(bytes(2, o.as_bytes()));
        }
        out.extend(bytes(3, name.as_bytes()));
        out.extend(bytes(4, op.as_bytes()));
        for a in attributes {
            out.extend(bytes(5, a));
        }
        out
    }

    /// An INT attribute.
    pub fn int_attribute(name: &str, value: u64) -> Vec<u8> {
        [bytes(1, name.as_bytes()), varint(3, value), varint(20, 2)].concat()
    }

    /// A model of `nodes` and `initializers` from input x to output y.
    pub fn model(nodes: &[Vec<u8>], initializers: &[Vec<u8>]) -> Vec<u8> {
        let mut graph = Vec::new();
        for n in nodes {
            graph.extend(bytes(1, n));
        }
        for t in initializers {
            graph.extend(bytes(5, t));
        }
        graph.extend(bytes(11, &bytes(1, b"x")));
        graph.extend(bytes(12, &bytes(1, b"y")));
        [varint(1, 8), bytes(7, &graph)].concat()
    }
}

/// The nodes and initializers of a valid 2-2-1 model: Gemm, Relu, Gemm (transB = 1).
fn onnx_parts() -> (Messages, Messages) {
    let trans_b = pb::int_attribute("transB", 1);
    let nodes = vec![
        pb::node(
            "Gemm",
            "fc0",
            &["x", "w0", "b0"],
            &["z0"],
            std::slice::from_ref(&trans_b),
        ),
        pb::node("Relu", "act", &["z0"], &["a0"], &[]),
        pb::node("Gemm", "fc1", &["a0", "w1", "b1"], &["y"], &[trans_b]),
    ];
    let initializers = vec![
        pb::tensor("w0", &[2, 2], &[1.0, 0.5, -1.0, 2.0]),
        pb::tensor("b0", &[2], &[0.0, 0.25]),
        pb::tensor("w1", &[1, 2], &[1.0, -1.0]),
        pb::tensor("b1", &[1], &[0.5]),
    ];
    (nodes, initializers)
}

fn onnx_import(bytes: &[u8]) -> Result<Network, String> {
    import_bytes(
        bytes,
        "bad.onnx",
        ImportFormat::Onnx,
        &ImportOptions::default(),
    )
    .map(|i| i.network)
    .map_err(|e| e.to_string())
}

/// Encoded messages: nodes or initializers.
type Messages = Vec<Vec<u8>>;

fn onnx_error(edit: &dyn Fn(&mut Messages, &mut Messages)) -> String {
    let (mut nodes, mut initializers) = onnx_parts();
    edit(&mut nodes, &mut initializers);
    onnx_import(&pb::model(&nodes, &initializers)).expect_err("accepted")
}

#[test]
fn the_hand_made_onnx_model_imports_as_its_safetensors_twin() {
    let (nodes, initializers) = onnx_parts();
    let net = onnx_import(&pb::model(&nodes, &initializers)).unwrap();
    let twin = import_bytes(
        &safetensors(&valid()),
        "ok",
        ImportFormat::Safetensors,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(net, twin.network);
}

#[test]
fn onnx_errors_name_the_node_and_the_problem() {
    assert_mentions(
        &onnx_error(&|n, _| n[1] = pb::node("Sigmoid", "act", &["z0"], &["a0"], &[])),
        &[
            "bad.onnx",
            "node act (#1, Sigmoid)",
            "unsupported op Sigmoid",
            "Relu",
        ],
    );
    let nan = [
        pb::bytes(1, b"alpha"),
        pb::float(2, f32::NAN),
        pb::varint(20, 1),
    ]
    .concat();
    assert_mentions(
        &onnx_error(&|n, _| {
            n[1] = pb::node(
                "LeakyRelu",
                "act",
                &["z0"],
                &["a0"],
                std::slice::from_ref(&nan),
            )
        }),
        &["node act (#1, LeakyRelu)", "attribute alpha is NaN"],
    );
    assert_mentions(
        &onnx_error(&|n, _| n[0] = pb::node("MaxPool", "", &["x", "w0", "b0"], &["z0"], &[])),
        &["node #0 (MaxPool)", "unsupported op MaxPool"],
    );
    assert_mentions(
        &onnx_error(&|n, _| n.push(pb::node("Relu", "side", &["z0"], &["s"], &[]))),
        &[
            "node side (#3, Relu)",
            "a branch: z0 is read by node act (#1, Relu)",
        ],
    );
    assert_mentions(
        &onnx_error(&|_, i| {
            i.pop();
        }),
        &["node fc1 (#2, Gemm)", "input 2 (b1) is not an initializer"],
    );
    assert_mentions(
        &onnx_error(&|_, i| i[2] = pb::tensor("w1", &[1, 3], &[1.0; 3])),
        &[
            "node fc1 (#2, Gemm)",
            "shape mismatch",
            "reads 3 features",
            "has 2",
        ],
    );
    assert_mentions(
        &onnx_error(&|_, i| i[1] = pb::tensor("b0", &[3], &[0.0; 3])),
        &["node fc0 (#0, Gemm)", "bias b0 has shape [3]"],
    );
    assert_mentions(
        &onnx_error(&|n, _| n[1] = pb::node("Identity", "act", &["z0"], &["a0"], &[])),
        &[
            "node fc1 (#2, Gemm)",
            "follows the affine node fc0 (#0, Gemm)",
        ],
    );
    assert_mentions(
        &onnx_error(&|n, _| n[0] = pb::node("Gemm", "fc0", &["w0", "x", "b0"], &["z0"], &[])),
        &["node fc0 (#0, Gemm)", "the chain's value is input 1"],
    );
    assert_mentions(
        &onnx_error(&|n, _| n[0].extend(pb::bytes(5, &pb::int_attribute("transA", 1)))),
        &["node fc0 (#0, Gemm)", "transA = 1 is not supported"],
    );
    assert_mentions(
        &onnx_error(&|n, _| {
            n.insert(0, pb::node("Relu", "first", &["x"], &["x1"], &[]));
            n[1] = pb::node("Gemm", "fc0", &["x1", "w0", "b0"], &["z0"], &[]);
        }),
        &["node first (#0, Relu)", "must follow a Gemm or MatMul"],
    );
    assert_mentions(
        &onnx_error(&|n, _| n.push(pb::node("Relu", "loose", &["q"], &["r"], &[]))),
        &["node loose (#3, Relu)", "not on the chain"],
    );
    assert_mentions(
        &onnx_error(&|_, i| i[0] = pb::tensor("w0", &[2, 2], &[1.0, f32::NAN, 0.0, 0.0])),
        &["w0, row 0, column 1", "NaN or infinity"],
    );
    assert_mentions(
        &onnx_error(&|_, i| i[3] = pb::tensor("b1", &[2], &[0.5])),
        &[
            "b1",
            "holds 4 bytes of FLOAT data, expected 8 for shape [2]",
        ],
    );
    assert_mentions(
        &onnx_error(&|n, i| {
            n.truncate(1);
            n[0] = pb::node("Gemm", "only", &["x", "w0", "b0"], &["y"], &[]);
            i.truncate(2);
        }),
        &["graph", "no hidden layer", "--no-output"],
    );
    let (nodes, initializers) = onnx_parts();
    let good = pb::model(&nodes, &initializers);
    assert_mentions(
        &onnx_import(&good[..good.len() - 3]).unwrap_err(),
        &["bad.onnx: model: malformed protobuf", "exceeds"],
    );
    assert_mentions(
        &onnx_import(b"not onnx").unwrap_err(),
        &["malformed protobuf"],
    );
    assert_mentions(&onnx_import(&[]).unwrap_err(), &["no graph"]);
}

/// No byte input makes the ONNX import panic: every truncation and every flipped byte of a
/// hand-made model and of the fixtures (raw_data, float_data, int32_data, batch norm, torch).
#[test]
fn corrupted_onnx_bytes_never_panic() {
    let (nodes, initializers) = onnx_parts();
    let mut files = vec![pb::model(&nodes, &initializers)];
    for name in [
        "mlp_float_data.onnx",
        "mlp_f16.onnx",
        "batchnorm.onnx",
        "leaky.onnx",
        "torch_mlp.onnx",
    ] {
        files.push(std::fs::read(fixture(name)).unwrap());
    }
    for bytes in &files {
        for cut in 0..bytes.len() {
            let _ = onnx_import(&bytes[..cut]);
        }
        for i in 0..bytes.len() {
            for mask in [0xA5, 0x80, 0xFF] {
                let mut flipped = bytes.clone();
                flipped[i] ^= mask;
                let _ = onnx_import(&flipped);
            }
        }
    }
}

#[test]
fn command_line_imports_onnx_then_regions() {
    let dir = std::env::temp_dir().join(format!("relupoly-import-onnx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("net.json");
    let binary = env!("CARGO_BIN_EXE_relupoly");
    let run = |args: &[&str]| Command::new(binary).args(args).output().unwrap();
    let source = fixture("torch_mlp.onnx");
    let imported = run(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(
        read_network(&out).unwrap(),
        import("mlp_f32.safetensors", &ImportOptions::default())
    );
    assert_mentions(
        &std::fs::read_to_string(&out).unwrap(),
        &["\"format\":\"onnx\"", "\"source\":\"torch_mlp.onnx\""],
    );
    let regions = run(&["regions", out.to_str().unwrap(), "--summary-json"]);
    assert!(
        regions.status.success(),
        "{}",
        String::from_utf8_lossy(&regions.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&regions.stdout).unwrap();
    assert_eq!(summary["volume_total"], "4");
    // The format by name, whatever the extension.
    let renamed = dir.join("leaky.bin");
    std::fs::copy(fixture("leaky.onnx"), &renamed).unwrap();
    let leaky = run(&["import", renamed.to_str().unwrap(), "--format", "onnx"]);
    assert!(leaky.status.success());
    assert_mentions(
        &String::from_utf8(leaky.stdout).unwrap(),
        &["\"negative_slope\": 0.009999999776482582"],
    );
    let eps = run(&["import", source.to_str().unwrap(), "--bn-eps", "0.1"]);
    assert_eq!(eps.status.code(), Some(1));
    assert_mentions(
        &String::from_utf8(eps.stderr).unwrap(),
        &["--bn-eps", "ONNX"],
    );
}
