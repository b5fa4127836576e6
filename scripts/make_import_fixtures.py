"""Writes the small fixtures of tests/import.rs into tests/data/import/.

Needs numpy, safetensors and ml_dtypes (for bfloat16; installed with onnx or jax). The tensors
are PyTorch nn.Sequential state_dict layouts (Linear.weight is out x in); torch itself is not
needed. Run from the repository root: python3 scripts/make_import_fixtures.py
"""

import os

import ml_dtypes
import numpy as np
from safetensors.numpy import save_file

OUT = "tests/data/import"


def mlp():
    """2-4-3-1: net.0 Linear, net.1 ReLU, net.2 Linear, net.3 ReLU, net.4 Linear.

    Entry [0][0] of net.0.weight is 0.1; entry [1][0] is 2^-24 (an f16 subnormal); entry [1][1]
    is -1.5.
    """
    rng = np.random.default_rng(7)
    w0 = rng.normal(size=(4, 2))
    w0[0, 0], w0[1, 0], w0[1, 1] = 0.1, 2.0**-24, -1.5
    return {
        "net.0.weight": w0,
        "net.0.bias": rng.normal(size=4) * 0.1,
        "net.2.weight": rng.normal(size=(3, 4)),
        "net.2.bias": rng.normal(size=3) * 0.1,
        "net.4.weight": rng.normal(size=(1, 3)),
        "net.4.bias": rng.normal(size=1) * 0.1,
    }


def batch_norm():
    """0 Linear(2, 2) (identity, zero bias), 1 BatchNorm1d(2), 2 ReLU, 3 Linear(2, 1).

    running_var is [2, 0.25]: with eps = 1/4 the variances plus eps are 9/4 and 1/2 (3/2
    squared, and not a square); with the default eps neither is a square.
    """
    return {
        "0.weight": np.eye(2),
        "0.bias": np.array([0.5, -1.0]),
        "1.weight": np.array([3.0, -0.5]),
        "1.bias": np.array([0.25, 1.0]),
        "1.running_mean": np.array([0.5, 0.125]),
        "1.running_var": np.array([2.0, 0.25]),
        "1.num_batches_tracked": np.array(7, dtype=np.int64),
        "3.weight": np.array([[1.0, -2.0]]),
        "3.bias": np.array([0.75]),
    }


def cast(tensors, dtype):
    return {k: v if v.dtype == np.int64 else v.astype(dtype) for k, v in tensors.items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    net = mlp()
    for name, dtype in [("f32", np.float32), ("f64", np.float64), ("f16", np.float16),
                        ("bf16", ml_dtypes.bfloat16)]:
        # The f64 file holds the f32 values widened, so both files are the same network.
        values = cast(net, np.float32) if name == "f64" else net
        save_file(cast(values, dtype), f"{OUT}/mlp_{name}.safetensors")
    save_file(cast(batch_norm(), np.float32), f"{OUT}/batchnorm.safetensors")
    f32 = cast(net, np.float32)
    # savez (stored): one weight column-major (fortran_order True in its header).
    stored = dict(f32)
    stored["net.2.weight"] = np.asfortranarray(stored["net.2.weight"])
    np.savez(f"{OUT}/mlp_savez.npz", **stored)
    # savez_compressed (deflated): one weight big-endian.
    compressed = dict(f32)
    compressed["net.0.weight"] = compressed["net.0.weight"].astype(">f4")
    np.savez_compressed(f"{OUT}/mlp_compressed.npz", **compressed)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(f"{OUT}/{f}"))


if __name__ == "__main__":
    main()
