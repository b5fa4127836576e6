"""Network.from_torch: an nn.Sequential read by duck typing (stand-in modules with PyTorch's
class names and tensor methods here; the real torch when installed), float32/float64 taken
exactly, LeakyReLU slopes exact, batch norms folded exactly as `relupoly import` folds the same
state_dict, and the refusals naming the module."""

import json
import struct
from fractions import Fraction

import numpy as np
import pytest

import relupoly
from conftest import IMPORT_DATA


class Tensor:
    """What from_torch uses of a torch.Tensor: detach, cpu, numpy, dtype."""

    def __init__(self, values, dtype=np.float32):
        self._array = np.asarray(values, dtype=dtype)

    @property
    def dtype(self):
        return f"torch.{self._array.dtype}"

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self._array


class Sequential(list):
    def __init__(self, *modules):
        super().__init__(modules)


class Linear:
    def __init__(self, weight, bias=None, dtype=np.float32):
        self.weight = Tensor(weight, dtype)
        self.bias = None if bias is None else Tensor(bias, dtype)


class ReLU:
    pass


class LeakyReLU:
    def __init__(self, negative_slope=0.01):
        self.negative_slope = negative_slope


class BatchNorm1d:
    def __init__(self, weight, bias, running_mean, running_var, eps=1e-5, training=False):
        # weight and bias None: BatchNorm1d(affine=False).
        self.weight = None if weight is None else Tensor(weight)
        self.bias = None if bias is None else Tensor(bias)
        self.running_mean, self.running_var = Tensor(running_mean), Tensor(running_var)
        self.eps, self.training = eps, training


class Flatten:
    pass


class Identity:
    pass


class Dropout:
    pass


W0 = [[0.1, -0.7], [1.3, 0.25], [-0.5, 0.9]]
B0 = [0.2, -0.1, 0.05]
W1 = [[1.0, -2.0, 0.5]]
B1 = [0.3]


def test_a_plain_mlp_is_taken_exactly():
    model = Sequential(Linear(W0, B0), ReLU(), Linear(W1, B1))
    net = relupoly.Network.from_torch(model)
    assert net.widths == [3] and net.output_dim == 1
    f32 = lambda v: Fraction(float(np.float32(v)))
    assert net.pre_activations([1, 0]) == [[f32(W0[i][0]) + f32(B0[i]) for i in range(3)]]
    expected = relupoly.Network.from_arrays(
        [np.array(W0, dtype=np.float32)],
        [np.array(B0, dtype=np.float32)],
        output=(np.array(W1, dtype=np.float32), np.array(B1, dtype=np.float32)),
    )
    assert net.to_json() == expected.to_json()


def test_float64_bias_free_flatten_identity_and_nesting():
    model = Sequential(
        Flatten(),
        Sequential(Linear(W0, None, np.float64), Identity(), ReLU()),
        Linear(W1, B1, np.float64),
    )
    net = relupoly.Network.from_torch(model)
    assert net.pre_activations([1, 0]) == [[Fraction(W0[i][0]) for i in range(3)]]
    assert net.forward([0, 0]) == [Fraction(0.3)]


def test_the_last_layer_is_hidden_when_a_relu_follows_or_when_asked():
    model = Sequential(Linear(W0, B0), ReLU(), Linear(W1, B1), ReLU())
    assert relupoly.Network.from_torch(model).widths == [3, 1]
    asked = relupoly.Network.from_torch(
        Sequential(Linear(W0, B0), ReLU(), Linear(W1, B1)), relu_after_last=True
    )
    assert asked.widths == [3, 1] and asked.output_dim is None
    single = relupoly.Network.from_torch(Sequential(Linear(W0, B0), ReLU()))
    assert single.widths == [3] and single.output_dim is None


def test_leaky_slopes_are_exact():
    model = Sequential(
        Linear(W0, B0), LeakyReLU(0.1), Linear(W1, B1), LeakyReLU(0.0), Linear(W1[0:1], B1)
    )
    net = relupoly.Network.from_torch(Sequential(Linear(W0, B0), LeakyReLU(0.1), Linear(W1, B1)))
    layer = json.loads(net.to_json())["layers"][0]
    assert Fraction(layer["negative_slope"]) == Fraction(0.1)
    x = [-1, -1]
    z = [
        Fraction(float(np.float32(B0[i]))) - sum(Fraction(float(np.float32(w))) for w in W0[i])
        for i in range(3)
    ]
    assert net.pre_activations(x) == [z]
    h = [v if v > 0 else Fraction(0.1) * v for v in z]
    out = Fraction(float(np.float32(B1[0]))) + sum(
        Fraction(float(np.float32(w))) * v for w, v in zip(W1[0], h)
    )
    assert net.forward(x) == [out]
    with pytest.raises(
        ValueError, match=r"module 4 \(Linear\): weight of shape \(1, 3\) does not chain"
    ):
        relupoly.Network.from_torch(model)


def read_safetensors(path):
    """The named arrays of a safetensors file (the little of the format needed here)."""
    data = path.read_bytes()
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + size])
    body = data[8 + size :]
    dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    arrays = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        arrays[name] = np.frombuffer(body[start:end], dtype=dtypes[info["dtype"]]).reshape(
            info["shape"]
        )
    return arrays


def batchnorm_model(eps=1e-5, training=False):
    a = read_safetensors(IMPORT_DATA / "batchnorm.safetensors")
    return Sequential(
        Linear(a["0.weight"], a["0.bias"]),
        BatchNorm1d(
            a["1.weight"], a["1.bias"], a["1.running_mean"], a["1.running_var"], eps, training
        ),
        ReLU(),
        Linear(a["3.weight"], a["3.bias"]),
    )


def test_batch_norm_is_folded_as_relupoly_import_folds_it():
    net = relupoly.Network.from_torch(batchnorm_model())
    imported = relupoly.Network.load(IMPORT_DATA / "batchnorm.safetensors")
    assert net.to_json() == imported.to_json()
    other = relupoly.Network.from_torch(batchnorm_model(eps=1e-3))
    assert (
        other.to_json()
        == relupoly.Network.load(IMPORT_DATA / "batchnorm.safetensors", bn_eps="0.001").to_json()
    )


def test_batch_norm_without_affine_parameters():
    mean, var = [0.5, -0.25, 1.0], [4.0, 0.25, 1.0]
    bare = Sequential(
        Linear(W0, B0), BatchNorm1d(None, None, mean, var, eps=0.0), ReLU(), Linear(W1, B1)
    )
    unit = Sequential(
        Linear(W0, B0),
        BatchNorm1d([1, 1, 1], [0, 0, 0], mean, var, eps=0.0),
        ReLU(),
        Linear(W1, B1),
    )
    net = relupoly.Network.from_torch(bare)
    assert net.to_json() == relupoly.Network.from_torch(unit).to_json()
    # eps 0 and square variances: the fold is exact, (z - mean) / sqrt(var).
    f32 = lambda v: Fraction(float(np.float32(v)))
    z = [f32(W0[i][0]) + f32(B0[i]) for i in range(3)]
    assert net.pre_activations([1, 0]) == [
        [(z[i] - f32(mean[i])) / [2, Fraction(1, 2), 1][i] for i in range(3)]
    ]


def test_batch_norm_with_a_leaky_activation_is_folded_layer_by_layer():
    model = batchnorm_model()
    model[2] = LeakyReLU(0.25)
    net = relupoly.Network.from_torch(model)
    plain = relupoly.Network.from_torch(batchnorm_model())
    leaky, relu = json.loads(net.to_json()), json.loads(plain.to_json())
    assert leaky["layers"][0]["negative_slope"] == "1/4"
    del leaky["layers"][0]["negative_slope"]
    assert leaky["layers"] == relu["layers"] and leaky["output"] == relu["output"]


REFUSED = [
    (lambda: batchnorm_model(training=True), r"module 1 \(BatchNorm1d\): in training mode"),
    (
        lambda: Sequential(Linear(W0, B0), Dropout(), ReLU(), Linear(W1, B1)),
        r"module 1 \(Dropout\): unsupported module",
    ),
    (lambda: Sequential(ReLU(), Linear(W0, B0)), r"module 0 \(ReLU\): follows the input"),
    (
        lambda: Sequential(Linear(W0, B0), Linear(W1, B1)),
        r"module 1 \(Linear\): follows module 0 \(Linear\) with no activation",
    ),
    (
        lambda: Sequential(Linear(W0, B0), ReLU(), ReLU(), Linear(W1, B1)),
        r"module 2 \(ReLU\): follows module 1 \(ReLU\)",
    ),
    (lambda: Sequential(Linear(W1, B1)), r"module 0 \(Linear\): the only Linear layer"),
    (lambda: Sequential(), "no Linear layer"),
    (
        lambda: Sequential(Linear(W0, B0), Identity(), batchnorm_model()[1], ReLU()),
        r"module 2 \(BatchNorm1d\): does not directly follow a Linear",
    ),
    (
        lambda: Sequential(Linear(W0, [0.0, float("nan"), 0.0]), ReLU()),
        r"module 0 \(Linear\) bias: entry \[1\] is nan",
    ),
    (
        lambda: Sequential(Linear(W0, B0), LeakyReLU("x"), Linear(W1, B1)),
        r"module 1 \(LeakyReLU\) negative_slope: 'x' is not a number",
    ),
    (
        lambda: Sequential(Sequential(Linear(W0, B0), ReLU()), Sequential(Linear(W0, B0))),
        r"module 1.0 \(Linear\): weight of shape \(3, 2\) does not chain",
    ),
    (lambda: Linear(W0, B0), "needs an nn.Sequential"),
]


@pytest.mark.parametrize("make,message", REFUSED, ids=[m for _, m in REFUSED])
def test_refusals_name_the_module(make, message):
    with pytest.raises(ValueError, match=message):
        relupoly.Network.from_torch(make())


def test_bfloat16_is_widened_exactly():
    class BF16Tensor(Tensor):
        @property
        def dtype(self):
            return "torch.bfloat16"

        def float(self):
            return Tensor(self._array, np.float32)

        def numpy(self):
            raise TypeError("Got unsupported ScalarType BFloat16")

    layer = Linear(W0, B0)
    layer.weight = BF16Tensor([[0.5, -1.0], [2.0, 0.25], [-0.125, 4.0]])
    net = relupoly.Network.from_torch(Sequential(layer, ReLU()))
    assert net.pre_activations([1, 0])[0][0] == Fraction(0.5) + Fraction(float(np.float32(0.2)))


def test_a_real_torch_model():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 6),
        torch.nn.BatchNorm1d(6),
        torch.nn.ReLU(),
        torch.nn.Linear(6, 4),
        torch.nn.LeakyReLU(0.1),
        torch.nn.Linear(4, 2),
    )
    model.train()
    model(torch.randn(64, 3))  # running statistics away from their initial values
    with pytest.raises(ValueError, match=r"module 1 \(BatchNorm1d\): in training mode"):
        relupoly.Network.from_torch(model)
    model.eval()
    net = relupoly.Network.from_torch(model)
    assert net.widths == [6, 4] and net.output_dim == 2
    x = torch.randn(5, 3, dtype=torch.float64)
    with torch.no_grad():
        want = model.double()(x).numpy()
    got = np.array([[float(v) for v in net.forward(row.tolist())] for row in x])
    assert np.allclose(got, want, rtol=1e-6, atol=1e-6)
    plain = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    exact = relupoly.Network.from_torch(plain)
    weights = plain[0].weight.detach().numpy()
    assert exact.pre_activations([1, 0])[0][0] == Fraction(float(weights[0, 0])) + Fraction(
        float(plain[0].bias.detach().numpy()[0])
    )
