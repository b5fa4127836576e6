"""Writes the ONNX fixtures of tests/import.rs into tests/data/import/.

Needs numpy and onnx; torch is optional (for torch_mlp.onnx, an nn.Sequential exported by
torch.onnx.export). The weights are those of scripts/make_import_fixtures.py, so every ONNX file
but leaky.onnx has a safetensors twin that must import to the same network. Run from the
repository root: python3 scripts/make_onnx_fixtures.py
"""

import os
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper, save

sys.path.insert(0, os.path.dirname(__file__))
from make_import_fixtures import OUT, batch_norm, mlp  # noqa: E402

FLOAT, FLOAT16 = TensorProto.FLOAT, TensorProto.FLOAT16


def model(nodes, initializers, inputs, batch="N"):
    """A model of `nodes` from input x ([batch, inputs]) to output y."""
    graph = helper.make_graph(
        nodes, "mlp", [helper.make_tensor_value_info("x", FLOAT, [batch, inputs])],
        [helper.make_tensor_value_info("y", FLOAT, [batch, None])], initializers)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                          producer_name="relupoly fixtures")
    m.ir_version = 8
    checker.check_model(m)
    return m


def gemm_chain(net, dtype=FLOAT, raw=True):
    """Flatten, then Gemm (transB = 1, the torch layout), Relu, ..., Gemm; an Identity inside.

    With raw=False the values go to float_data (FLOAT) or int32_data (FLOAT16).
    """
    nodes = [helper.make_node("Flatten", ["x"], ["x1"], name="flatten")]
    initializers = []
    value = "x1"
    for k in (0, 2, 4):
        w, b = net[f"net.{k}.weight"], net[f"net.{k}.bias"]
        for name, array in ((f"w{k}", w), (f"b{k}", b)):
            np_type = np.float16 if dtype == FLOAT16 else np.float32
            array = array.astype(np_type)
            if raw:
                initializers.append(numpy_helper.from_array(array, name))
            else:
                # make_tensor stores FLOAT16 values as their bits in int32_data.
                initializers.append(helper.make_tensor(name, dtype, array.shape, array.ravel()))
        out = "y" if k == 4 else f"z{k}"
        nodes.append(helper.make_node("Gemm", [value, f"w{k}", f"b{k}"], [out], name=f"fc{k}",
                                      transB=1))
        if k < 4:
            nodes.append(helper.make_node("Relu", [out], [f"a{k}"], name=f"relu{k}"))
            value = f"a{k}"
    nodes.insert(2, helper.make_node("Identity", ["z0"], ["z0i"], name="id"))
    nodes[3].input[0] = "z0i"
    return model(nodes, initializers, 2)


def matmul_chain(net):
    """MatMul by W^T then Add, the bias first in one Add and second in the others."""
    nodes, initializers, value = [], [], "x"
    for k in (0, 2, 4):
        w = net[f"net.{k}.weight"].astype(np.float32).T.copy()
        b = net[f"net.{k}.bias"].astype(np.float32)
        initializers += [numpy_helper.from_array(w, f"w{k}"), numpy_helper.from_array(b, f"b{k}")]
        nodes.append(helper.make_node("MatMul", [value, f"w{k}"], [f"m{k}"]))
        out = "y" if k == 4 else f"z{k}"
        operands = [f"b{k}", f"m{k}"] if k == 2 else [f"m{k}", f"b{k}"]
        nodes.append(helper.make_node("Add", operands, [out]))
        if k < 4:
            nodes.append(helper.make_node("Relu", [out], [f"a{k}"]))
            value = f"a{k}"
    return model(nodes, initializers, 2, batch=1)


def leaky():
    """Gemm (transB = 0, alpha 2, beta 0.5), LeakyRelu(alpha = 0.01), Gemm: 2-2-1."""
    init = [numpy_helper.from_array(np.array(a, dtype=np.float32), n) for n, a in [
        ("w0", [[1.0, 0.5], [-1.0, 2.0]]), ("b0", [0.25, -0.5]),
        ("w1", [[1.0, -1.0]]), ("b1", [0.75])]]
    nodes = [
        helper.make_node("Gemm", ["x", "w0", "b0"], ["z0"], name="fc0", alpha=2.0, beta=0.5),
        helper.make_node("LeakyRelu", ["z0"], ["a0"], name="leaky", alpha=0.01),
        helper.make_node("Gemm", ["a0", "w1", "b1"], ["y"], name="fc1", transB=1),
    ]
    return model(nodes, init, 2)


def batch_norm_model():
    """The batch_norm() state_dict as Gemm, BatchNormalization (epsilon 0.25), Relu, Gemm."""
    sd = {k: v.astype(np.float32) for k, v in batch_norm().items() if v.dtype != np.int64}
    names = {"w0": "0.weight", "b0": "0.bias", "gamma": "1.weight", "beta": "1.bias",
             "mean": "1.running_mean", "var": "1.running_var", "w1": "3.weight", "b1": "3.bias"}
    init = [numpy_helper.from_array(sd[v], k) for k, v in names.items()]
    nodes = [
        helper.make_node("Gemm", ["x", "w0", "b0"], ["z0"], name="fc0", transB=1),
        helper.make_node("BatchNormalization", ["z0", "gamma", "beta", "mean", "var"], ["n0"],
                         name="bn", epsilon=0.25),
        helper.make_node("Relu", ["n0"], ["a0"], name="relu"),
        helper.make_node("Gemm", ["a0", "w1", "b1"], ["y"], name="fc1", transB=1),
    ]
    return model(nodes, init, 2)


def torch_export(net):
    """nn.Sequential(Linear, ReLU, Linear, ReLU, Linear) with the mlp() f32 weights."""
    try:
        import torch
    except ImportError:
        print("torch not importable: torch_mlp.onnx not written")
        return
    seq = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3),
                              torch.nn.ReLU(), torch.nn.Linear(3, 1)).eval()
    seq.load_state_dict({k.removeprefix("net."): torch.tensor(v.astype(np.float32))
                         for k, v in net.items()})
    torch.onnx.export(seq, torch.zeros(1, 2), f"{OUT}/torch_mlp.onnx", dynamo=False,
                      input_names=["x"], output_names=["y"])


def main():
    os.makedirs(OUT, exist_ok=True)
    net = mlp()
    save(gemm_chain(net), f"{OUT}/mlp_gemm.onnx")
    save(gemm_chain(net, raw=False), f"{OUT}/mlp_float_data.onnx")
    save(gemm_chain(net, FLOAT16, raw=False), f"{OUT}/mlp_f16.onnx")
    save(matmul_chain(net), f"{OUT}/mlp_matmul.onnx")
    save(leaky(), f"{OUT}/leaky.onnx")
    save(batch_norm_model(), f"{OUT}/batchnorm.onnx")
    torch_export(net)
    for f in sorted(os.listdir(OUT)):
        if f.endswith(".onnx"):
            print(f, os.path.getsize(f"{OUT}/{f}"))


if __name__ == "__main__":
    main()
