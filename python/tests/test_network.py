"""Network: every constructor (from_arrays, load in each format, from_json, random), to_json,
forward, pre_activations, pattern, the describing properties; Network.random is bit-identical
to `relupoly random`."""

import json

import numpy as np
import pytest

import relupoly
from conftest import IMPORT_DATA, REPO


def test_from_arrays_describes_itself():
    net = relupoly.Network.from_arrays(
        [np.eye(2), np.ones((3, 2))], [np.zeros(2), np.zeros(3)], output=([[1, 2, 3]], [0])
    )
    assert net.input_dim == 2 and net.widths == [2, 3] and net.output_dim == 1
    assert repr(net) == "Network(input_dim 2, widths [2, 3], output 1)"
    bare = relupoly.Network.from_arrays([[[1, 0]]], [[0]])
    assert bare.output_dim is None and repr(bare) == "Network(input_dim 2, widths [1])"


def test_leaky_slopes_are_exact():
    net = relupoly.Network.from_arrays([[[1]], [[1]]], [[0], [0]], negative_slopes=["1/10", None])
    assert net.forward([-1]) == [0]  # leaky then ReLU
    leaky = relupoly.Network.from_arrays([[[1]]], [[0]], negative_slopes=[0.1])
    from fractions import Fraction

    assert leaky.forward([-2]) == [-2 * Fraction(0.1)]
    assert json.loads(leaky.to_json())["layers"][0]["negative_slope"] == str(Fraction(0.1))


def test_from_json_and_to_json_round_trip():
    text = (REPO / "examples" / "data" / "integers2_6-6_seed3.json").read_text()
    net = relupoly.Network.from_json(text, "integers2_6-6_seed3.json")
    assert net.widths == [6, 6]
    assert relupoly.Network.from_json(net.to_json()).to_json() == net.to_json()
    # The residual form of docs/formats.md: x -> leaky(x + relu(x) - 1), split at 0 and 1/2.
    residual = relupoly.Network.from_json(
        '{"input_dim": 1, "layers": [{"weights": [[1]], "biases": [0], "residual": '
        '{"weights": [[1]], "biases": [0]}}, {"weights": [[1]], "biases": [-1], '
        '"negative_slope": "1/100"}]}'
    )
    assert len(relupoly.regions(residual, (-1, 1))) == 3


def test_load_reads_json_npz_safetensors_and_onnx_exactly(tmp_path):
    reference = relupoly.Network.load(IMPORT_DATA / "mlp_f64.safetensors")
    assert reference.widths == [4, 3] and reference.output_dim == 1
    for name in ("mlp_f32.safetensors", "mlp_savez.npz", "mlp_compressed.npz", "mlp_gemm.onnx"):
        net = relupoly.Network.load(IMPORT_DATA / name)
        assert net.input_dim == 2 and net.output_dim == 1, name
    path = tmp_path / "net.json"
    path.write_text(reference.to_json())
    assert relupoly.Network.load(path).to_json() == reference.to_json()
    assert relupoly.Network.load(str(path), format="json").to_json() == reference.to_json()
    # The format by name when the extension says nothing.
    blob = tmp_path / "weights.bin"
    blob.write_bytes((IMPORT_DATA / "mlp_savez.npz").read_bytes())
    assert (
        relupoly.Network.load(blob, format="npz").to_json()
        == relupoly.Network.load(IMPORT_DATA / "mlp_savez.npz").to_json()
    )
    every_hidden = relupoly.Network.load(IMPORT_DATA / "mlp_savez.npz", relu_after_last=True)
    assert every_hidden.output_dim is None and every_hidden.widths[-1] == 1


def test_load_agrees_with_relupoly_import(cli, tmp_path):
    for name in ("mlp_f32.safetensors", "mlp_savez.npz", "batchnorm.safetensors", "leaky.onnx"):
        out = tmp_path / (name + ".json")
        cli("import", IMPORT_DATA / name, "-o", out)
        assert (
            relupoly.Network.load(IMPORT_DATA / name).to_json()
            == relupoly.Network.load(out).to_json()
        ), name
    out = tmp_path / "eps.json"
    cli("import", IMPORT_DATA / "batchnorm.safetensors", "--bn-eps", "1/1000", "-o", out)
    assert (
        relupoly.Network.load(IMPORT_DATA / "batchnorm.safetensors", bn_eps="1/1000").to_json()
        == relupoly.Network.load(out).to_json()
    )


RECIPES = [
    dict(input_dim=3, widths=[16, 16], init="he-normal", bias="pytorch", seed=1),
    dict(input_dim=2, widths=[6, 6], init="integers:2", seed=3),
    dict(input_dim=2, widths=[5], init="xavier-uniform", bias="zero", seed=12345678901234567890),
    dict(input_dim=4, widths=[3, 2], init="orthogonal", bits=12, output=2, seed=9),
    dict(input_dim=2, widths=[8, 8], blocks="residual-leaky:1/10", seed=2),
    dict(input_dim=3, widths=[4], first_layer_rank=1, seed=5),
]


def cli_args(recipe):
    args = [
        "random",
        "--input-dim",
        recipe["input_dim"],
        "--widths",
        ",".join(map(str, recipe["widths"])),
    ]
    for key in ("init", "bias", "seed", "bits", "output", "blocks", "first_layer_rank"):
        if key in recipe:
            args += ["--" + key.replace("_", "-"), recipe[key]]
    return args


@pytest.mark.parametrize(
    "recipe", RECIPES, ids=lambda r: ",".join(f"{k}={v}" for k, v in r.items())
)
def test_random_is_bit_identical_to_the_cli(cli, recipe):
    written = cli(*cli_args(recipe))
    net = relupoly.Network.random(**recipe)
    # The CLI's file has the same lines, but for the metadata line recording its arguments.
    without_metadata = "".join(
        line
        for line in written.splitlines(keepends=True)
        if not line.lstrip().startswith('"metadata"')
    )
    assert net.to_json("binary64") == without_metadata
    assert net.to_json() == relupoly.Network.from_json(written).to_json()


def test_random_defaults_and_determinism():
    a = relupoly.Network.random(2, [4, 4], seed=7)
    assert a.to_json() == relupoly.Network.random(2, [4, 4], seed=7).to_json()
    assert a.to_json() != relupoly.Network.random(2, [4, 4], seed=8).to_json()
    assert relupoly.Network.random(2, [3], output=2).output_dim == 2


def test_pattern_and_pre_activations_by_block():
    net = relupoly.Network.from_arrays([[[1, 0], [0, 1]], [[1, -1]]], [[0, 0], ["-1/2"]])
    assert net.pre_activations([1, "1/4"]) == [[1, 0.25], [0.25]]
    assert net.pattern([1, "1/4"]) == ((1, 1), (1,))
    # A pre-activation of exactly zero has bit 0.
    assert net.pattern([0, -1]) == ((0, 0), (0,))
    assert net.forward([1, "1/4"]) == [0.25]


def test_the_version_is_the_cli_s_and_the_distribution_s(cli):
    from importlib.metadata import version

    assert cli("--version").split() == ["relupoly", relupoly.__version__]
    assert version("relupoly") == relupoly.__version__



def test_convolutional_networks_load_exactly_from_onnx_and_from_a_state_dict():
    """The ONNX export and the safetensors state_dict with its architecture spec of the same
    convolutional network give the same exact network, and its exact forward pass matches
    onnxruntime's recorded float32 outputs within float32 rounding (as tests/import_conv.rs)."""
    data = IMPORT_DATA
    onnx = relupoly.Network.load(data / "conv_seq.onnx")
    state = relupoly.Network.load(data / "conv_seq.safetensors", architecture=data / "conv_seq.arch.json")
    assert onnx.to_json() == state.to_json()
    reference = json.loads((data / "conv_seq.json").read_text())
    for x, expected in zip(reference["inputs"], reference["outputs"]):
        flat = list(np.asarray(x, dtype=np.float32).ravel())
        exact = onnx.forward(flat)
        for got, want in zip(exact, np.asarray(expected, dtype=np.float64).ravel()):
            assert abs(float(got) - want) <= 1e-5 * (1 + abs(want))
    with pytest.raises(ValueError, match="conv_seq.arch.json"):
        relupoly.Network.load(data / "conv_seq.npz", architecture=data / "conv_seq.arch.json.missing")
