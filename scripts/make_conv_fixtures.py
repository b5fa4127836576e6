"""Writes the convolutional fixtures of tests/import_conv.rs into tests/data/import/.

Needs numpy, onnx, onnxruntime and safetensors (no torch: the models are built with the onnx
helper API, and the state_dict is written as PyTorch lays it out). For every ONNX model MODEL.onnx
it writes MODEL.json: the input shape, a few inputs (short binary fractions, so exactly float32),
onnxruntime's float32 outputs on them, and the model's stored tensors (for the tests' own exact
convolution loops). Every float written is a float32 value printed as the shortest decimal of
that value, so it reads back exactly.

    conv_a.onnx       Conv (stride 2, pads 1) Relu AveragePool (3x3 stride 2 pads 1,
                      count_include_pad 0) Conv (dilation 2, group 2) Relu Flatten Gemm
    conv_b.onnx       Conv (SAME_UPPER, stride 2, no bias) BatchNormalization Add ([C, 1, 1])
                      Relu AveragePool (count_include_pad 1, pads 1) Reshape ([1, -1],
                      an initializer) Gemm; batch fixed to 1
    conv_global.onnx  Conv (VALID) Relu Conv (SAME_LOWER) Relu GlobalAveragePool Reshape ([0, -1],
                      a Constant node) Gemm
    conv_784.onnx     the 784-input model: Conv 1->4 3x3 stride 2 pad 1 on 1x28x28, Relu,
                      AveragePool 2, Flatten, Gemm -> 10
    conv_seq.onnx     Conv2d, BatchNorm2d, ReLU, AvgPool2d(2), Conv2d (groups 2, no bias), ReLU,
                      Flatten, Linear as torch.onnx.export writes them; conv_seq.safetensors (and
                      conv_seq.npz) is the same model's state_dict and conv_seq.arch.json its
                      architecture spec

With --big DIR it also writes DIR/conv_big.onnx (Conv 1->8 3x3 pad 1 on 1x28x28, Relu, Flatten,
Gemm -> 10: a dense 6272 x 784 first layer) for measuring memory; it is not a fixture.

Run from the repository root: python3 scripts/make_conv_fixtures.py
"""

import json
import os
import sys

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, checker, helper, numpy_helper, save
from safetensors.numpy import save_file

OUT = "tests/data/import"
FLOAT = TensorProto.FLOAT
RNG = np.random.default_rng(20240611)


def weights(*shape, scale=0.5):
    """Random float32 weights."""
    return (RNG.normal(size=shape) * scale).astype(np.float32)


def model(nodes, initializers, input_shape, name):
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", FLOAT, input_shape)],
        [helper.make_tensor_value_info("y", FLOAT, [input_shape[0], None])], initializers)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                          producer_name="relupoly fixtures")
    m.ir_version = 8
    checker.check_model(m, full_check=True)
    return m


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def conv_a():
    w0, b0 = weights(4, 2, 3, 3), weights(4)
    w1, b1 = weights(4, 2, 2, 2), weights(4)
    wg, bg = weights(5, 36), weights(5)
    nodes = [
        helper.make_node("Conv", ["x", "w0", "b0"], ["c0"], name="conv0", strides=[2, 2],
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
        helper.make_node("AveragePool", ["r0"], ["p0"], name="pool0", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=0),
        helper.make_node("Conv", ["p0", "w1", "b1"], ["c1"], name="conv1", dilations=[2, 2],
                         group=2, pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Flatten", ["r1"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "wg", "bg"], ["y"], name="fc", transB=1),
    ]
    tensors = {"w0": w0, "b0": b0, "w1": w1, "b1": b1, "wg": wg, "bg": bg}
    inits = [init(k, v) for k, v in tensors.items()]
    return model(nodes, inits, ["N", 2, 9, 9], "conv_a"), tensors


def conv_b():
    w0 = weights(6, 3, 3, 3)
    gamma, beta, mean = weights(6), weights(6), weights(6)
    var = np.array([2.0, 0.5, 1.25, 0.75, 3.0, 1.0], dtype=np.float32)
    shift = weights(6, 1, 1)
    wg, bg = weights(3, 24), weights(3)
    shape = np.array([1, -1], dtype=np.int64)
    nodes = [
        helper.make_node("Conv", ["x", "w0"], ["c0"], name="conv0", strides=[2, 2],
                         auto_pad="SAME_UPPER"),
        helper.make_node("BatchNormalization", ["c0", "gamma", "beta", "mean", "var"], ["n0"],
                         name="bn0", epsilon=0.25),
        helper.make_node("Add", ["n0", "shift"], ["a0"], name="add0"),
        helper.make_node("Relu", ["a0"], ["r0"], name="relu0"),
        helper.make_node("AveragePool", ["r0"], ["p0"], name="pool0", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1),
        helper.make_node("Reshape", ["p0", "shape"], ["f"], name="reshape"),
        helper.make_node("Gemm", ["f", "wg", "bg"], ["y"], name="fc", transB=1),
    ]
    tensors = {"w0": w0, "gamma": gamma, "beta": beta, "mean": mean, "var": var,
               "shift": shift, "wg": wg, "bg": bg}
    inits = [init(k, v) for k, v in tensors.items()] + [init("shape", shape)]
    return model(nodes, inits, [1, 3, 8, 8], "conv_b"), tensors


def conv_global():
    w0, b0 = weights(3, 2, 3, 3), weights(3)
    w1, b1 = weights(4, 3, 2, 2), weights(4)
    wg, bg = weights(2, 4), weights(2)
    nodes = [
        helper.make_node("Conv", ["x", "w0", "b0"], ["c0"], name="conv0", auto_pad="VALID"),
        helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
        helper.make_node("Conv", ["r0", "w1", "b1"], ["c1"], name="conv1", auto_pad="SAME_LOWER"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("GlobalAveragePool", ["r1"], ["g"], name="gap"),
        helper.make_node("Constant", [], ["shape"], name="shape",
                         value=numpy_helper.from_array(np.array([0, -1], dtype=np.int64))),
        helper.make_node("Reshape", ["g", "shape"], ["f"], name="reshape"),
        helper.make_node("Gemm", ["f", "wg", "bg"], ["y"], name="fc", transB=1),
    ]
    tensors = {"w0": w0, "b0": b0, "w1": w1, "b1": b1, "wg": wg, "bg": bg}
    inits = [init(k, v) for k, v in tensors.items()]
    return model(nodes, inits, ["batch", 2, 5, 5], "conv_global"), tensors


def mnist_like(channels=4, stride=2, pool=True, gemm_in=196):
    w0, b0 = weights(channels, 1, 3, 3), weights(channels)
    wg, bg = weights(10, gemm_in, scale=0.1), weights(10)
    nodes = [
        helper.make_node("Conv", ["x", "w0", "b0"], ["c0"], name="conv0", strides=[stride] * 2,
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
    ]
    value = "r0"
    if pool:
        nodes.append(helper.make_node("AveragePool", ["r0"], ["p0"], name="pool0",
                                      kernel_shape=[2, 2], strides=[2, 2]))
        value = "p0"
    nodes += [
        helper.make_node("Flatten", [value], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "wg", "bg"], ["y"], name="fc", transB=1),
    ]
    tensors = {"w0": w0, "b0": b0, "wg": wg, "bg": bg}
    inits = [init(k, v) for k, v in tensors.items()]
    return model(nodes, inits, ["N", 1, 28, 28], "conv_784"), tensors


def conv_seq():
    """A Sequential's state_dict, its architecture spec and the ONNX graph torch would export."""
    sd = {
        "0.weight": weights(2, 1, 3, 3), "0.bias": weights(2),
        "1.weight": weights(2), "1.bias": weights(2), "1.running_mean": weights(2),
        "1.running_var": np.array([0.5, 2.0], dtype=np.float32),
        "1.num_batches_tracked": np.array(11, dtype=np.int64),
        "4.weight": weights(4, 1, 2, 2),
        "7.weight": weights(3, 16), "7.bias": weights(3),
    }
    spec = {"input": [1, 6, 6], "layers": [
        {"op": "conv2d", "weights": "0", "padding": 1},
        # PyTorch's eps 1e-5 as the binary32 torch.onnx.export stores, written exactly.
        {"op": "batchnorm2d", "weights": "1", "eps": "0.00000999999974737875163555145263671875"},
        {"op": "relu"},
        {"op": "avgpool2d", "kernel": 2},
        {"op": "conv2d", "weights": "4", "groups": 2},
        {"op": "relu"},
        {"op": "flatten"},
        {"op": "linear", "weights": "7"},
    ]}
    assert float(np.float32(1e-5)) == 0.00000999999974737875163555145263671875
    names = {k: k.replace(".", "_") for k in sd}
    nodes = [
        helper.make_node("Conv", ["x", "0_weight", "0_bias"], ["c0"], name="/0/Conv",
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("BatchNormalization",
                         ["c0", "1_weight", "1_bias", "1_running_mean", "1_running_var"], ["n0"],
                         name="/1/BatchNormalization", epsilon=1e-5),
        helper.make_node("Relu", ["n0"], ["r0"], name="/2/Relu"),
        helper.make_node("AveragePool", ["r0"], ["p0"], name="/3/AveragePool",
                         kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0],
                         ceil_mode=0, count_include_pad=1),
        helper.make_node("Conv", ["p0", "4_weight"], ["c1"], name="/4/Conv", group=2,
                         kernel_shape=[2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"], name="/5/Relu"),
        helper.make_node("Flatten", ["r1"], ["f"], name="/6/Flatten", axis=1),
        helper.make_node("Gemm", ["f", "7_weight", "7_bias"], ["y"], name="/7/Gemm",
                         alpha=1.0, beta=1.0, transB=1),
    ]
    inits = [init(names[k], v) for k, v in sd.items() if k != "1.num_batches_tracked"]
    onnx_model = model(nodes, inits, ["N", 1, 6, 6], "conv_seq")
    return onnx_model, sd, spec


def floats(array):
    """float32 values as Python floats (exact), flattened."""
    return [float(v) for v in np.asarray(array, dtype=np.float32).ravel()]


def reference(m, shape, count, tensors):
    """Inputs (multiples of 1/8 in [-2, 2]) and onnxruntime's outputs on them."""
    session = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    inputs, outputs = [], []
    for _ in range(count):
        x = (RNG.integers(-16, 17, size=[1] + shape[1:]) / 8).astype(np.float32)
        (y,) = session.run(None, {"x": x})
        inputs.append(floats(x))
        outputs.append(floats(y))
    return {"input_shape": [1] + shape[1:], "inputs": inputs, "outputs": outputs,
            "tensors": {k: {"shape": list(v.shape), "values": floats(v)}
                        for k, v in tensors.items()}}


def write(name, m, shape, tensors, count=3):
    save(m, f"{OUT}/{name}.onnx")
    with open(f"{OUT}/{name}.json", "w") as f:
        json.dump(reference(m, shape, count, tensors), f, separators=(",", ":"))
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    m, t = conv_a()
    write("conv_a", m, [1, 2, 9, 9], t)
    m, t = conv_b()
    write("conv_b", m, [1, 3, 8, 8], t)
    m, t = conv_global()
    write("conv_global", m, [1, 2, 5, 5], t)
    m, _ = mnist_like()
    write("conv_784", m, [1, 1, 28, 28], {}, count=2)
    m, sd, spec = conv_seq()
    write("conv_seq", m, [1, 1, 6, 6], {})
    save_file(sd, f"{OUT}/conv_seq.safetensors")
    np.savez(f"{OUT}/conv_seq.npz", **sd)
    with open(f"{OUT}/conv_seq.arch.json", "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    if len(sys.argv) == 3 and sys.argv[1] == "--big":
        m, _ = mnist_like(channels=8, stride=1, pool=False, gemm_in=6272)
        save(m, f"{sys.argv[2]}/conv_big.onnx")
    for f in sorted(os.listdir(OUT)):
        if f.startswith("conv_"):
            print(f, os.path.getsize(f"{OUT}/{f}"))


if __name__ == "__main__":
    main()
