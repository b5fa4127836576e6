//! Importing convolutional networks as exact dense layers: ONNX `Conv`, `AveragePool`,
//! `GlobalAveragePool`, `Flatten`, `Reshape` (fixtures of scripts/make_conv_fixtures.py, with
//! onnxruntime's outputs), checked against onnxruntime within float32 rounding and against direct
//! exact convolution loops written here; a `state_dict` with an architecture spec against the
//! ONNX export of the same model; the located errors; the command line.

use relupoly::exact::Rational;
use relupoly::io::import::{
    import_bytes, import_file, import_file_with_architecture, Architecture, ImportFormat,
    ImportOptions,
};
use relupoly::io::read_network;
use relupoly::network::Network;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
}

fn import(name: &str) -> Network {
    import_file(&fixture(name), None, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .network
}

/// A float of a reference file, exactly (every float there is a float32 printed in full).
fn exact(value: &Value) -> Rational {
    Rational::try_from(value.as_f64().expect("a number")).expect("finite")
}

fn exact_list(value: &Value) -> Vec<Rational> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(exact)
        .collect()
}

/// The reference file `NAME.json` of the model `NAME.onnx`.
fn reference(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(&format!("{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A stored tensor of a reference file: its shape and exact values.
fn tensor(reference: &Value, name: &str) -> (Vec<usize>, Vec<Rational>) {
    let t = &reference["tensors"][name];
    let shape = (t["shape"].as_array().unwrap().iter())
        .map(|d| d.as_u64().unwrap() as usize)
        .collect();
    (shape, exact_list(&t["values"]))
}

/// The exact network agrees with onnxruntime's float32 outputs on every stored input: the
/// largest difference relative to `1 + |y|`, which the tests require below 1e-5.
///
/// Why 1e-5: onnxruntime computes in float32 (unit roundoff u = 2^-24, about 6e-8), with its
/// own summation order. Each output here is at most three layers deep, each neuron a sum of at
/// most 196 products (the 784 model's Gemm; the convolutions sum 4 to 36) of values of magnitude
/// about 1, so the rounding error of a sum is of order sqrt(n) u sum |terms| (n u sum |terms|
/// at worst, about 1e-5 for the largest sums), carried through three layers. The differences
/// observed are at most 2.7e-7 (conv_a and the 784 model; 4e-8 to 9e-8 for the others); the
/// bound leaves a factor of about 40, while a wrong weight, pad, window or divisor changes
/// outputs by 1e-2 to 1.
fn max_difference(network: &Network, reference: &Value) -> f64 {
    let inputs = reference["inputs"].as_array().unwrap();
    let outputs = reference["outputs"].as_array().unwrap();
    assert!(!inputs.is_empty());
    let mut worst = 0.0f64;
    for (x, y) in inputs.iter().zip(outputs) {
        let x = exact_list(x);
        assert_eq!(x.len(), network.input_dim());
        let got = network.evaluate(&x);
        let want = y.as_array().unwrap();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            let w = w.as_f64().unwrap();
            let g = relupoly::exact::rational_to_f64(g).unwrap();
            worst = worst.max((g - w).abs() / (1.0 + w.abs()));
        }
    }
    worst
}

#[test]
fn onnx_conv_models_match_onnxruntime_within_float32_rounding() {
    for name in ["conv_a", "conv_b", "conv_global", "conv_seq"] {
        let network = import(&format!("{name}.onnx"));
        let worst = max_difference(&network, &reference(name));
        assert!(worst < 1e-5, "{name}: difference {worst:e}");
    }
    // Layer shapes: rows are output neurons in C, H, W order, columns the inputs.
    let a = import("conv_a.onnx");
    assert_eq!(a.input_dim(), 2 * 9 * 9);
    // conv0: 4 x 5 x 5; pool0 and conv1 composed (no ReLU between): 4 x 3 x 3.
    assert_eq!(a.widths(), [100, 36]);
    assert_eq!(a.output().unwrap().width(), 5);
    // conv_b: conv, batch norm, add, in one layer; pool, reshape and gemm in the output layer.
    let b = import("conv_b.onnx");
    assert_eq!((b.input_dim(), b.widths()), (192, vec![96]));
    assert_eq!(b.output().unwrap().weights[0].len(), 96);
}

// ---- Direct exact convolution loops, written from the ONNX operator definitions ----

/// A `[C, H, W]` value, row-major.
#[derive(Clone)]
struct Image {
    shape: [usize; 3],
    values: Vec<Rational>,
}

impl Image {
    fn at(&self, c: usize, y: isize, x: isize) -> Option<&Rational> {
        let [_, h, w] = self.shape;
        if y < 0 || x < 0 || y as usize >= h || x as usize >= w {
            return None;
        }
        Some(&self.values[(c * h + y as usize) * w + x as usize])
    }
}

/// ONNX `Conv`: `pads` = `[top, left, bottom, right]`.
fn conv(
    x: &Image,
    (wshape, w): &(Vec<usize>, Vec<Rational>),
    bias: Option<&[Rational]>,
    stride: usize,
    dilation: usize,
    pads: [usize; 4],
    group: usize,
) -> Image {
    let [m, cg, kh, kw] = wshape[..] else {
        panic!("a rank-4 kernel")
    };
    let [_, h, wd] = x.shape;
    let oh = (h + pads[0] + pads[2] - dilation * (kh - 1) - 1) / stride + 1;
    let ow = (wd + pads[1] + pads[3] - dilation * (kw - 1) - 1) / stride + 1;
    let mut values = Vec::new();
    for o in 0..m {
        let g = o / (m / group);
        for oy in 0..oh {
            for ox in 0..ow {
                let mut sum = bias.map_or(Rational::from(0u32), |b| b[o].clone());
                for ci in 0..cg {
                    for i in 0..kh {
                        for j in 0..kw {
                            let y = (oy * stride + i * dilation) as isize - pads[0] as isize;
                            let xx = (ox * stride + j * dilation) as isize - pads[1] as isize;
                            if let Some(v) = x.at(g * cg + ci, y, xx) {
                                sum += &w[((o * cg + ci) * kh + i) * kw + j] * v;
                            }
                        }
                    }
                }
                values.push(sum);
            }
        }
    }
    Image {
        shape: [m, oh, ow],
        values,
    }
}

/// ONNX `AveragePool` (`ceil_mode` 0) with a square kernel.
fn avg_pool(x: &Image, k: usize, stride: usize, pads: [usize; 4], include_pad: bool) -> Image {
    let [c, h, w] = x.shape;
    let oh = (h + pads[0] + pads[2] - k) / stride + 1;
    let ow = (w + pads[1] + pads[3] - k) / stride + 1;
    let mut values = Vec::new();
    for ch in 0..c {
        for oy in 0..oh {
            for ox in 0..ow {
                let (mut sum, mut count) = (Rational::from(0u32), 0u32);
                for i in 0..k {
                    for j in 0..k {
                        let y = (oy * stride + i) as isize - pads[0] as isize;
                        let xx = (ox * stride + j) as isize - pads[1] as isize;
                        if let Some(v) = x.at(ch, y, xx) {
                            sum += v;
                            count += 1;
                        }
                    }
                }
                let count = if include_pad { (k * k) as u32 } else { count };
                values.push(sum / Rational::from(count));
            }
        }
    }
    Image {
        shape: [c, oh, ow],
        values,
    }
}

fn relu(x: &Image) -> Image {
    let zero = Rational::from(0u32);
    Image {
        shape: x.shape,
        values: (x.values.iter())
            .map(|v| if *v > zero { v.clone() } else { zero.clone() })
            .collect(),
    }
}

/// `Gemm` with `transB = 1`: `w` is `[out, in]`.
fn gemm(x: &[Rational], (shape, w): &(Vec<usize>, Vec<Rational>), b: &[Rational]) -> Vec<Rational> {
    (0..shape[0])
        .map(|o| {
            let mut sum = b[o].clone();
            for (k, v) in x.iter().enumerate() {
                sum += &w[o * shape[1] + k] * v;
            }
            sum
        })
        .collect()
}

/// The dense matrices of the convolutions, pools and their compositions, applied to real
/// inputs, equal the loops above exactly: conv_a's first layer is its strided, padded
/// convolution; its second is a 3x3 pool without padding counted composed with a dilated,
/// grouped convolution; conv_global has VALID and SAME_LOWER padding and a global average pool.
#[test]
fn conv_networks_equal_direct_convolution_loops_exactly() {
    let r = reference("conv_a");
    let a = import("conv_a.onnx");
    let (b0, b1, bg) = (tensor(&r, "b0").1, tensor(&r, "b1").1, tensor(&r, "bg").1);
    for x in r["inputs"].as_array().unwrap() {
        let image = Image {
            shape: [2, 9, 9],
            values: exact_list(x),
        };
        let c0 = conv(&image, &tensor(&r, "w0"), Some(&b0), 2, 1, [1; 4], 1);
        let p0 = avg_pool(&relu(&c0), 3, 2, [1; 4], false);
        let c1 = conv(&p0, &tensor(&r, "w1"), Some(&b1), 1, 2, [1; 4], 2);
        let y = gemm(&relu(&c1).values, &tensor(&r, "wg"), &bg);
        let z = a.pre_activations(&image.values);
        assert_eq!(z[0], c0.values);
        assert_eq!(z[1], c1.values);
        assert_eq!(a.evaluate(&image.values), y);
    }
    let r = reference("conv_global");
    let g = import("conv_global.onnx");
    let (b0, b1, bg) = (tensor(&r, "b0").1, tensor(&r, "b1").1, tensor(&r, "bg").1);
    for x in r["inputs"].as_array().unwrap() {
        let image = Image {
            shape: [2, 5, 5],
            values: exact_list(x),
        };
        let c0 = conv(&image, &tensor(&r, "w0"), Some(&b0), 1, 1, [0; 4], 1);
        // SAME_LOWER, kernel 2 on 3: one pad in all, before.
        let c1 = conv(
            &relu(&c0),
            &tensor(&r, "w1"),
            Some(&b1),
            1,
            1,
            [1, 1, 0, 0],
            1,
        );
        let pooled = avg_pool(&relu(&c1), 3, 1, [0; 4], true);
        assert_eq!(pooled.shape, [4, 1, 1]);
        let y = gemm(&pooled.values, &tensor(&r, "wg"), &bg);
        assert_eq!(g.pre_activations(&image.values)[1], c1.values);
        assert_eq!(g.evaluate(&image.values), y);
    }
}

/// The 784-input model (Conv 1->4 3x3 stride 2 pad 1 on 1x28x28, Relu, AveragePool 2,
/// Flatten, Gemm -> 10): a dense 784 x 784 first layer with 9 or fewer non-zero entries per
/// row, the pool composed into the 10 x 784 output layer; its exact forward pass matches
/// onnxruntime. The .onnx holds only the stored weights (8 KB).
#[test]
fn the_784_input_model_imports_and_matches_onnxruntime() {
    let imported = import_file(&fixture("conv_784.onnx"), None, &ImportOptions::default()).unwrap();
    let network = &imported.network;
    assert_eq!((network.input_dim(), network.widths()), (784, vec![784]));
    let first = &network.blocks()[0].layer;
    let zero = Rational::from(0u32);
    let most = (first.weights.iter())
        .map(|row| row.iter().filter(|w| **w != zero).count())
        .max();
    assert!(most <= Some(9));
    assert_eq!(network.output().unwrap().weights.len(), 10);
    let worst = max_difference(network, &reference("conv_784"));
    assert!(worst < 1e-5, "difference {worst:e}");
    // Floats times 1/4 are binary64: the file is written with shortest decimals.
    assert_eq!(imported.number_mode, relupoly::io::NumberMode::Binary64);
}

/// The state_dict of the model (safetensors and .npz) with its architecture spec is the same
/// network as its ONNX export: convolutions with and without bias, groups, a batch norm over
/// channels (the spec's eps is the binary32 1e-5, written exactly), an average pool and a
/// linear layer.
#[test]
fn a_state_dict_with_an_architecture_is_the_onnx_export() {
    let options = ImportOptions::default();
    let spec = Architecture::read(&fixture("conv_seq.arch.json")).unwrap();
    let onnx = import("conv_seq.onnx");
    for file in ["conv_seq.safetensors", "conv_seq.npz"] {
        let imported =
            import_file_with_architecture(&fixture(file), None, &spec, &options).unwrap();
        assert_eq!(imported.network, onnx, "{file}");
        let norm = &imported.batch_norms[0];
        assert_eq!(
            (norm.module.as_str(), norm.layer.as_str()),
            ("1", "layer 0")
        );
    }
    // The spec's default eps is the option's (1e-5 exactly): a different, also exact, network.
    let text = std::fs::read_to_string(fixture("conv_seq.arch.json")).unwrap();
    let decimal = text.replace("\"0.00000999999974737875163555145263671875\"", "\"1e-5\"");
    let spec = Architecture::parse(&decimal, "decimal.json").unwrap();
    let imported =
        import_file_with_architecture(&fixture("conv_seq.safetensors"), None, &spec, &options);
    let imported = imported.unwrap();
    assert_ne!(imported.network, onnx);
    assert_eq!(imported.batch_norms[0].eps, options.bn_eps);
    // The same spec given to an ONNX file is refused.
    let bytes = std::fs::read(fixture("conv_seq.onnx")).unwrap();
    let e = relupoly::io::import::import_bytes_with_architecture(
        &bytes,
        "m.onnx",
        ImportFormat::Onnx,
        &spec,
        &options,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("ONNX model has its own graph"),
        "{e}"
    );
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

#[test]
fn architecture_errors_name_the_layer_and_the_tensor() {
    let options = ImportOptions::default();
    let file = fixture("conv_seq.safetensors");
    let error = |spec: &str| {
        let spec = Architecture::parse(spec, "spec.json").unwrap_or_else(|e| panic!("{e}"));
        match import_file_with_architecture(&file, None, &spec, &options) {
            Ok(_) => panic!("accepted"),
            Err(e) => e.to_string(),
        }
    };
    let layers = r#"{"op": "conv2d", "weights": "0", "padding": 1},
        {"op": "batchnorm2d", "weights": "1"}, {"op": "relu"}, {"op": "avgpool2d", "kernel": 2},
        {"op": "conv2d", "weights": "4", "groups": 2}, {"op": "relu"}, {"op": "flatten"},
        {"op": "linear", "weights": "7"}"#;
    assert_mentions(
        &error(&format!(r#"{{"input": [2, 6, 6], "layers": [{layers}]}}"#)),
        &[
            "architecture layers[0] (conv2d)",
            "0.weight",
            "channel mismatch",
        ],
    );
    assert_mentions(
        &error(&format!(r#"{{"input": [1, 8, 6], "layers": [{layers}]}}"#)),
        &[
            "architecture layers[7] (linear)",
            "7.weight",
            "shape mismatch",
        ],
    );
    let without_flatten = layers.replace(r#"{"op": "flatten"},"#, "");
    assert_mentions(
        &error(&format!(
            r#"{{"input": [1, 6, 6], "layers": [{without_flatten}]}}"#
        )),
        &["layers[6] (linear)", "rank 4", "flatten it first"],
    );
    let fewer = layers.replace(
        r#"{"op": "linear", "weights": "7"}"#,
        r#"{"op": "dropout"}"#,
    );
    assert_mentions(
        &error(&format!(r#"{{"input": [1, 6, 6], "layers": [{fewer}]}}"#)),
        &[
            "conv_seq.safetensors: 7.bias",
            "not used by the architecture",
        ],
    );
    let grouped = layers.replace(r#""groups": 2"#, r#""groups": 3"#);
    assert_mentions(
        &error(&format!(r#"{{"input": [1, 6, 6], "layers": [{grouped}]}}"#)),
        &["layers[4] (conv2d)", "group = 3 does not divide"],
    );
    let ceil = layers.replace(
        r#""kernel": 2}"#,
        r#""kernel": 4, "stride": 4, "ceil_mode": true}"#,
    );
    assert_mentions(
        &error(&format!(r#"{{"input": [1, 6, 6], "layers": [{ceil}]}}"#)),
        &["layers[3] (avgpool2d)", "ceil_mode = 1"],
    );
}

// ---- Hand-made ONNX models for the errors ----

/// A minimal protobuf writer.
mod pb {
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

    pub fn varint(number: u64, value: u64) -> Vec<u8> {
        let mut out = key(number, 0);
        push_varint(&mut out, value);
        out
    }

    pub fn bytes(number: u64, data: &[u8]) -> Vec<u8> {
        let mut out = key(number, 2);
        push_varint(&mut out, data.len() as u64);
        out.extend_from_slice(data);
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

    /// An INT64 initializer in raw_data.
    pub fn int64_tensor(name: &str, values: &[i64]) -> Vec<u8> {
        let raw: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        [
            varint(1, values.len() as u64),
            varint(2, 7),
            bytes(8, name.as_bytes()),
            bytes(9, &raw),
        ]
        .concat()
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

    pub fn int(name: &str, value: i64) -> Vec<u8> {
        [
            bytes(1, name.as_bytes()),
            varint(3, value as u64),
            varint(20, 2),
        ]
        .concat()
    }

    pub fn ints(name: &str, values: &[i64]) -> Vec<u8> {
        let mut out = bytes(1, name.as_bytes());
        for &v in values {
            out.extend(varint(8, v as u64));
        }
        out.extend(varint(20, 7));
        out
    }

    pub fn string(name: &str, value: &str) -> Vec<u8> {
        [
            bytes(1, name.as_bytes()),
            bytes(4, value.as_bytes()),
            varint(20, 3),
        ]
        .concat()
    }

    /// A FLOAT value info; a negative dimension is symbolic (`N`); `None`: no type at all.
    fn value_info(name: &str, shape: Option<&[i64]>) -> Vec<u8> {
        let mut out = bytes(1, name.as_bytes());
        if let Some(shape) = shape {
            let dims: Vec<u8> = (shape.iter())
                .flat_map(|&d| {
                    let dim = if d < 0 {
                        bytes(2, b"N")
                    } else {
                        varint(1, d as u64)
                    };
                    bytes(1, &dim)
                })
                .collect();
            let tensor = [varint(1, 1), bytes(2, &dims)].concat();
            out.extend(bytes(2, &bytes(1, &tensor)));
        }
        out
    }

    /// A model from input x (of `shape`) to output y.
    pub fn model(nodes: &[Vec<u8>], initializers: &[Vec<u8>], shape: Option<&[i64]>) -> Vec<u8> {
        let mut graph = Vec::new();
        for n in nodes {
            graph.extend(bytes(1, n));
        }
        for t in initializers {
            graph.extend(bytes(5, t));
        }
        graph.extend(bytes(11, &value_info("x", shape)));
        graph.extend(bytes(12, &value_info("y", None)));
        [varint(1, 8), bytes(7, &graph)].concat()
    }
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

/// A valid model on `[N, 2, 4, 4]`: Conv (2 -> 2, 3x3, pads 1), Relu, AveragePool 2, Flatten,
/// Gemm (8 -> 1); and its initializers.
fn conv_parts() -> (Messages, Messages) {
    let nodes = vec![
        pb::node(
            "Conv",
            "conv",
            &["x", "w", "b"],
            &["c"],
            &[pb::ints("pads", &[1, 1, 1, 1])],
        ),
        pb::node("Relu", "relu", &["c"], &["r"], &[]),
        pb::node(
            "AveragePool",
            "pool",
            &["r"],
            &["p"],
            &[
                pb::ints("kernel_shape", &[2, 2]),
                pb::ints("strides", &[2, 2]),
            ],
        ),
        pb::node("Flatten", "flat", &["p"], &["f"], &[]),
        pb::node(
            "Gemm",
            "fc",
            &["f", "wg", "bg"],
            &["y"],
            &[pb::int("transB", 1)],
        ),
    ];
    let initializers = vec![
        pb::tensor("w", &[2, 2, 3, 3], &[0.25; 36]),
        pb::tensor("b", &[2], &[0.5, -0.5]),
        pb::tensor("wg", &[1, 8], &[1.0; 8]),
        pb::tensor("bg", &[1], &[0.0]),
    ];
    (nodes, initializers)
}

const SHAPE: &[i64] = &[-1, 2, 4, 4];

/// Encoded messages: nodes or initializers.
type Messages = Vec<Vec<u8>>;

fn conv_error(edit: &dyn Fn(&mut Messages, &mut Messages)) -> String {
    let (mut nodes, mut initializers) = conv_parts();
    edit(&mut nodes, &mut initializers);
    match onnx_import(&pb::model(&nodes, &initializers, Some(SHAPE))) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

#[test]
fn conv_errors_name_the_node_and_the_problem() {
    let (nodes, initializers) = conv_parts();
    let network = onnx_import(&pb::model(&nodes, &initializers, Some(SHAPE))).unwrap();
    assert_eq!((network.input_dim(), network.widths()), (32, vec![32]));
    // ceil_mode = 1 where it adds a window (4 + 1 pad, kernel 2, stride 2).
    assert_mentions(
        &conv_error(&|n, _| {
            n[2] = pb::node(
                "AveragePool",
                "pool",
                &["r"],
                &["p"],
                &[
                    pb::ints("kernel_shape", &[2, 2]),
                    pb::ints("strides", &[2, 2]),
                    pb::ints("pads", &[0, 0, 1, 1]),
                    pb::int("ceil_mode", 1),
                ],
            )
        }),
        &[
            "bad.onnx: node pool (#2, AveragePool)",
            "ceil_mode = 1",
            "3 outputs instead of 2",
        ],
    );
    // The weight computed by another node.
    assert_mentions(
        &conv_error(&|n, _| {
            n[0] = pb::node(
                "Conv",
                "conv",
                &["x", "w2", "b"],
                &["c"],
                &[pb::ints("pads", &[1, 1, 1, 1])],
            );
            n.push(pb::node("Identity", "copy", &["w"], &["w2"], &[]));
        }),
        &["node conv (#0, Conv)", "input 1 (w2) is not an initializer"],
    );
    assert_mentions(
        &conv_error(&|_, i| i[0] = pb::tensor("w", &[2, 3, 3, 3], &[0.25; 54])),
        &[
            "node conv (#0, Conv)",
            "channel mismatch",
            "reads 3 channels per group",
            "has 2",
        ],
    );
    assert_mentions(
        &conv_error(&|n, i| {
            i[0] = pb::tensor("w", &[2, 1, 3, 3], &[0.25; 18]);
            n[0].extend(pb::bytes(5, &pb::int("group", 3)));
        }),
        &[
            "node conv (#0, Conv)",
            "group = 3 does not divide the 2 input channels",
        ],
    );
    let (nodes, initializers) = conv_parts();
    assert_mentions(
        &onnx_import(&pb::model(&nodes, &initializers, None)).unwrap_err(),
        &["node conv (#0, Conv)", "shape of its input is unknown"],
    );
    assert_mentions(
        &onnx_import(&pb::model(&nodes, &initializers, Some(&[-1, 2, -1, 4]))).unwrap_err(),
        &[
            "node conv (#0, Conv)",
            "shape of its input is unknown ([N, ?, ?, ?])",
        ],
    );
    assert_mentions(
        &conv_error(&|n, i| {
            n[3] = pb::node("Reshape", "reshape", &["p", "shape"], &["f"], &[]);
            i.push(pb::int64_tensor("shape", &[1, 7]));
        }),
        &[
            "node reshape (#3, Reshape)",
            "[1, 7] does not hold the 8 entries",
            "element count",
        ],
    );
    assert_mentions(
        &conv_error(&|n, i| {
            n[3] = pb::node("Reshape", "reshape", &["p", "shape"], &["f"], &[]);
            i.push(pb::tensor("shape", &[2], &[1.0, 8.0]));
        }),
        &["shape", "data_type 1, expected INT64"],
    );
    assert_mentions(
        &conv_error(&|n, _| n[0].extend(pb::bytes(5, &pb::string("auto_pad", "SAME")))),
        &[
            "node conv (#0, Conv)",
            "pads [1, 1, 1, 1] and auto_pad SAME together",
        ],
    );
    assert_mentions(
        &conv_error(&|n, _| n[2].extend(pb::bytes(5, &pb::string("auto_pad", "FULL")))),
        &["node pool (#2, AveragePool)", "auto_pad FULL"],
    );
    assert_mentions(
        &conv_error(&|n, _| n[2].extend(pb::bytes(5, &pb::int("count_include_pad", 2)))),
        &[
            "node pool (#2, AveragePool)",
            "count_include_pad = 2, expected 0 or 1",
        ],
    );
    assert_mentions(
        &conv_error(&|n, _| n[0].extend(pb::bytes(5, &pb::int("foo", 1)))),
        &["node conv (#0, Conv)", "unsupported attribute foo"],
    );
    assert_mentions(
        &conv_error(&|n, _| n[0].extend(pb::bytes(5, &pb::ints("kernel_shape", &[2, 2])))),
        &["node conv (#0, Conv)", "kernel_shape [2, 2] differs"],
    );
    assert_mentions(
        &conv_error(&|_, i| i[0] = pb::tensor("w", &[2, 2, 3], &[0.25; 12])),
        &["node conv (#0, Conv)", "only 2-D convolutions"],
    );
    assert_mentions(
        &conv_error(&|n, _| {
            n.remove(3);
            n[3] = pb::node(
                "Gemm",
                "fc",
                &["p", "wg", "bg"],
                &["y"],
                &[pb::int("transB", 1)],
            );
        }),
        &["node fc (#3, Gemm)", "rank 4", "flatten it first"],
    );
    assert_mentions(
        &conv_error(&|n, _| {
            n[2] = pb::node(
                "AveragePool",
                "pool",
                &["r"],
                &["p"],
                &[pb::ints("kernel_shape", &[5, 5])],
            )
        }),
        &[
            "node pool (#2, AveragePool)",
            "height: the window spans 5 inputs",
        ],
    );
    assert_mentions(
        &conv_error(&|n, _| {
            n[3] = pb::node("Flatten", "flat", &["p"], &["f"], &[pb::int("axis", 2)])
        }),
        &["node flat (#3, Flatten)", "only axis 1"],
    );
    assert_mentions(
        &conv_error(&|n, _| n[1] = pb::node("MaxPool", "mp", &["c"], &["r"], &[])),
        &["node mp (#1, MaxPool)", "unsupported op MaxPool"],
    );
}

/// No truncation and no small change of any byte of the conv fixtures makes the import panic.
/// The bytes are changed in their low bits only, so dimensions stay small (a flipped high bit
/// could declare an input of millions of entries, which is refused only once its dense layer
/// exceeds the limit, after a long time).
#[test]
fn corrupted_conv_models_never_panic() {
    let (nodes, initializers) = conv_parts();
    let mut files = vec![pb::model(&nodes, &initializers, Some(SHAPE))];
    for name in [
        "conv_a.onnx",
        "conv_b.onnx",
        "conv_global.onnx",
        "conv_seq.onnx",
    ] {
        files.push(std::fs::read(fixture(name)).unwrap());
    }
    for bytes in &files {
        for cut in 0..bytes.len() {
            let _ = onnx_import(&bytes[..cut]);
        }
        for i in 0..bytes.len() {
            for mask in [0x01, 0x02, 0x06] {
                let mut changed = bytes.clone();
                changed[i] ^= mask;
                let _ = onnx_import(&changed);
            }
        }
    }
}

#[test]
fn command_line_imports_conv_models() {
    let dir = std::env::temp_dir().join(format!("relupoly-import-conv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("net.json");
    let binary = env!("CARGO_BIN_EXE_relupoly");
    let run = |args: &[&str]| Command::new(binary).args(args).output().unwrap();
    let model = fixture("conv_784.onnx");
    let imported = run(&[
        "import",
        model.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(read_network(&out).unwrap(), import("conv_784.onnx"));
    let spec = fixture("conv_seq.arch.json");
    let state_dict = fixture("conv_seq.safetensors");
    let args = [
        "import",
        state_dict.to_str().unwrap(),
        "--architecture",
        spec.to_str().unwrap(),
    ];
    let imported = run(&[&args[..], &["-o", out.to_str().unwrap()]].concat());
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(read_network(&out).unwrap(), import("conv_seq.onnx"));
    assert_mentions(
        &std::fs::read_to_string(&out).unwrap(),
        &[
            "\"architecture_source\":\"conv_seq.arch.json\"",
            "\"ops\":[\"conv2d\",\"batchnorm2d\"",
        ],
    );
    // The rounded batch-norm scales are warned about, naming the module.
    assert_mentions(
        &String::from_utf8_lossy(&imported.stderr),
        &["batch norm 1 (folded into layer 0)"],
    );
    let refused = run(&[
        "import",
        model.to_str().unwrap(),
        "--architecture",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert_mentions(
        &String::from_utf8_lossy(&refused.stderr),
        &["--architecture", "ONNX"],
    );
    std::fs::write(
        dir.join("bad.json"),
        r#"{"input": [1, 6, 6], "layers": [{"op": "maxpool2d"}]}"#,
    )
    .unwrap();
    let bad = dir.join("bad.json");
    let refused = run(&[
        "import",
        state_dict.to_str().unwrap(),
        "--architecture",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert_mentions(
        &String::from_utf8_lossy(&refused.stderr),
        &["bad.json: layers[0].op: unknown op \"maxpool2d\""],
    );
    // Without --architecture a conv state_dict is refused as before, naming the weight.
    let refused = run(&["import", state_dict.to_str().unwrap()]);
    assert_mentions(
        &String::from_utf8_lossy(&refused.stderr),
        &["0.weight", "Conv2d?"],
    );
}
