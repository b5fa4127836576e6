"""``Network.from_torch``: a PyTorch ``nn.Sequential`` read exactly, without importing torch.

Modules are recognised by their class name (duck typing): ``Linear``, ``ReLU``, ``LeakyReLU``,
``BatchNorm1d`` (eval mode), ``Flatten`` and ``Identity`` (both skipped); a nested
``Sequential`` is walked in order, its modules named ``outer.inner`` as in ``state_dict()``.
Tensors are read through ``.detach().cpu().numpy()``, and every float32 or float64 value is taken
exactly as stored (float16 too; bfloat16 is widened to float32 first, which is exact).

A network of ``Linear``, ``ReLU`` and ``LeakyReLU`` goes through ``Network.from_arrays`` (a
``LeakyReLU``'s ``negative_slope``, a Python float, is taken exactly too). With ``BatchNorm1d``,
the container's ``state_dict`` arrays are written to an in-memory ``.npz`` and read by the Rust
importer, which folds every batch norm into the ``Linear`` before it exactly as ``relupoly
import`` does with the saved ``state_dict`` (exact, except a scale ``weight / sqrt(running_var +
eps)`` that is irrational, rounded to the nearest binary64). Each module's ``eps`` is read as the
decimal Python shows for it (``1e-05`` is 1/100000, the CLI's default). A leaky network with batch
norms, or batch norms with different ``eps``, has each ``Linear`` + ``BatchNorm1d`` pair folded by
the importer on its own.
"""

from __future__ import annotations

import io
import json
from fractions import Fraction
from typing import Any, Dict, List, Optional, Tuple

import numpy

__all__ = ["network_from_torch"]

_ACTIVATIONS = ("ReLU", "LeakyReLU")
_SKIPPED = ("Flatten", "Identity")
_NORM_PARAMETERS = ("running_mean", "running_var", "weight", "bias")


class _Module:
    """A leaf module: its position in the flattened container, its name as in ``state_dict()``
    (``"2"``, or ``"1.0"`` inside a nested ``Sequential``), its class name and the module."""

    def __init__(self, position: int, index: str, kind: str, module: Any) -> None:
        self.position = position
        self.index = index
        self.kind = kind
        self.module = module

    @property
    def where(self) -> str:
        return f"module {self.index} ({self.kind})"


class _Affine:
    """One ``Linear`` with its arrays, the ``BatchNorm1d`` that follows it (arrays by parameter
    name) and the activation after them (``None``: none; else the exact negative slope, 0 for
    ReLU)."""

    def __init__(self, linear: _Module) -> None:
        self.linear = linear
        self.weight: numpy.ndarray
        self.bias: numpy.ndarray
        self.norm: Optional[_Module] = None
        self.norm_arrays: Dict[str, numpy.ndarray] = {}
        self.slope: Optional[float] = None

    @property
    def width(self) -> int:
        return self.weight.shape[0]


def _array(tensor: Any, what: str) -> numpy.ndarray:
    """The tensor's values as a NumPy array, unchanged (bfloat16 widened exactly), checked to
    be finite floating-point numbers."""
    if "bfloat16" in str(getattr(tensor, "dtype", "")):
        tensor = tensor.float()
    if hasattr(tensor, "detach"):
        tensor = tensor.detach()
    if hasattr(tensor, "cpu"):
        tensor = tensor.cpu()
    array = tensor.numpy() if hasattr(tensor, "numpy") else numpy.asarray(tensor)
    if array.dtype.kind != "f":
        raise ValueError(f"{what}: dtype {array.dtype} is not a floating-point type")
    bad = numpy.argwhere(~numpy.isfinite(array))
    if len(bad):
        place = ", ".join(str(int(i)) for i in bad[0])
        raise ValueError(f"{what}: entry [{place}] is {array[tuple(bad[0])]}, not a finite number")
    return array


def _walk(container: Any, prefix: str = "", start: int = 0) -> List[_Module]:
    """The leaf modules of ``container`` in order; nested ``Sequential`` containers are
    flattened."""
    try:
        children = list(container)
    except TypeError:
        raise ValueError(
            "Network.from_torch needs an nn.Sequential (an iterable of modules), "
            f"not {type(container).__name__}"
        ) from None
    leaves: List[_Module] = []
    for i, child in enumerate(children):
        index = f"{prefix}{i}"
        kind = type(child).__name__
        if kind == "Sequential":
            leaves.extend(_walk(child, index + ".", start + len(leaves)))
        else:
            leaves.append(_Module(start + len(leaves), index, kind, child))
    return leaves


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what}: {value!r} is not a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return value


def _read_linear(leaf: _Module, inputs: Optional[Tuple[int, str]]) -> _Affine:
    layer = _Affine(leaf)
    weight = _array(leaf.module.weight, f"{leaf.where} weight")
    if weight.ndim != 2 or 0 in weight.shape:
        raise ValueError(f"{leaf.where}: weight of shape {tuple(weight.shape)}, expected (out, in)")
    if inputs is not None and weight.shape[1] != inputs[0]:
        raise ValueError(
            f"{leaf.where}: weight of shape {tuple(weight.shape)} does not chain: expected "
            f"{inputs[0]} columns (the outputs of {inputs[1]})"
        )
    bias = getattr(leaf.module, "bias", None)
    if bias is None:
        bias = numpy.zeros(weight.shape[0], dtype=weight.dtype)
    else:
        bias = _array(bias, f"{leaf.where} bias")
        if bias.shape != (weight.shape[0],):
            raise ValueError(
                f"{leaf.where}: bias of shape {tuple(bias.shape)}, expected ({weight.shape[0]},)"
            )
    layer.weight, layer.bias = weight, bias
    return layer


def _read_norm(leaf: _Module, layer: _Affine) -> None:
    if getattr(leaf.module, "training", False):
        raise ValueError(
            f"{leaf.where}: in training mode (call .eval() first: only the running statistics "
            "of eval mode are folded)"
        )
    if getattr(leaf.module, "running_mean", None) is None:
        raise ValueError(f"{leaf.where}: no running statistics (track_running_stats=False)")
    arrays = {}
    for parameter in _NORM_PARAMETERS:
        value = getattr(leaf.module, parameter, None)
        if value is None:
            continue
        array = _array(value, f"{leaf.where} {parameter}")
        if array.shape != (layer.width,):
            raise ValueError(
                f"{leaf.where}: {parameter} of shape {tuple(array.shape)}, expected "
                f"({layer.width},), one per neuron of {layer.linear.where}"
            )
        arrays[parameter] = array
    _number(getattr(leaf.module, "eps", 1e-5), f"{leaf.where} eps")
    layer.norm, layer.norm_arrays = leaf, arrays


def _layers(container: Any, relu_after_last: bool) -> List[_Affine]:
    """The affine layers of the container, each with its batch norm and activation."""
    layers: List[_Affine] = []
    previous: Optional[_Module] = None  # the last module that was not skipped
    for leaf in _walk(container):
        if leaf.kind in _SKIPPED:
            continue
        after = None if previous is None else previous.kind
        if leaf.kind == "Linear":
            if previous is not None and after in ("Linear", "BatchNorm1d"):
                raise ValueError(
                    f"{leaf.where}: follows {previous.where} with no activation between them"
                )
            inputs = None if not layers else (layers[-1].width, layers[-1].linear.where)
            layers.append(_read_linear(leaf, inputs))
        elif leaf.kind == "BatchNorm1d":
            if previous is None or after != "Linear" or previous.position + 1 != leaf.position:
                raise ValueError(
                    f"{leaf.where}: does not directly follow a Linear layer (only Linear then "
                    "BatchNorm1d is folded)"
                )
            _read_norm(leaf, layers[-1])
        elif leaf.kind in _ACTIVATIONS:
            if after not in ("Linear", "BatchNorm1d"):
                what = "the input" if previous is None else previous.where
                raise ValueError(f"{leaf.where}: follows {what}, not a Linear layer")
            slope = 0.0
            if leaf.kind == "LeakyReLU":
                slope = _number(
                    getattr(leaf.module, "negative_slope", 0.01), f"{leaf.where} negative_slope"
                )
            layers[-1].slope = slope
        else:
            raise ValueError(
                f"{leaf.where}: unsupported module (Linear, ReLU, LeakyReLU, eval-mode "
                "BatchNorm1d, Flatten and Identity are)"
            )
        previous = leaf
    if not layers:
        raise ValueError("Network.from_torch: the container has no Linear layer")
    if relu_after_last and layers[-1].slope is None:
        layers[-1].slope = 0.0
    return layers


def _eps_text(norm: _Module) -> str:
    return repr(float(getattr(norm.module, "eps", 1e-5)))


def _npz(entries: Dict[str, numpy.ndarray]) -> bytes:
    buffer = io.BytesIO()
    numpy.savez(buffer, **entries)  # type: ignore[arg-type]
    return buffer.getvalue()


def _state_dict(layers: List[_Affine]) -> Dict[str, numpy.ndarray]:
    """The arrays of the container's ``state_dict``, each module named by its position in the
    flattened container (its own name when the container is flat)."""
    entries = {}
    for layer in layers:
        entries[f"{layer.linear.position}.weight"] = layer.weight
        entries[f"{layer.linear.position}.bias"] = layer.bias
        if layer.norm is not None:
            for parameter, array in layer.norm_arrays.items():
                entries[f"{layer.norm.position}.{parameter}"] = array
    return entries


def _fold(layer: _Affine) -> Tuple[list, list]:
    """One ``Linear`` with its batch norm folded by the Rust importer, as exact text rows."""
    from . import _relupoly  # type: ignore[attr-defined]

    assert layer.norm is not None
    entries = {"0.weight": layer.weight, "0.bias": layer.bias}
    for parameter, array in layer.norm_arrays.items():
        entries[f"1.{parameter}"] = array
    folded = _relupoly.Network.from_bytes(
        _npz(entries), "npz", layer.norm.where, True, _eps_text(layer.norm)
    )
    document = json.loads(folded.to_json("decimal"))["layers"][0]
    return document["weights"], document["biases"]


def network_from_torch(cls: Any, module: Any, relu_after_last: bool = False) -> Any:
    """The ``Network`` (class ``cls``) of the PyTorch ``nn.Sequential`` ``module``: see
    ``Network.from_torch``."""
    from . import _relupoly  # type: ignore[attr-defined]

    layers = _layers(module, relu_after_last)
    output = layers[-1] if layers[-1].slope is None else None
    hidden = layers[:-1] if output is not None else layers
    if not hidden:
        raise ValueError(
            f"{layers[-1].linear.where}: the only Linear layer, taken as the affine output, "
            "leaves no hidden layer (if a ReLU follows it, pass relu_after_last=True)"
        )
    slopes = [
        None if layer.slope is None or layer.slope == 0 else Fraction(layer.slope)
        for layer in hidden
    ]
    norms = [layer.norm for layer in layers if layer.norm is not None]
    if not norms:
        return cls.from_arrays(
            [layer.weight for layer in hidden],
            [layer.bias for layer in hidden],
            output=None if output is None else (output.weight, output.bias),
            negative_slopes=slopes,
        )
    eps = {_eps_text(norm) for norm in norms}
    if len(eps) == 1 and all(slope is None for slope in slopes):
        # What `relupoly import` reads from the saved state_dict: the importer folds the norms.
        return cls(
            _relupoly.Network.from_bytes(
                _npz(_state_dict(layers)),
                "npz",
                "the nn.Sequential's state_dict",
                output is None,
                eps.pop(),
            )
        )
    rows = [_fold(layer) if layer.norm else (layer.weight, layer.bias) for layer in layers]
    return cls.from_arrays(
        [w for w, _ in rows[: len(hidden)]],
        [b for _, b in rows[: len(hidden)]],
        output=None if output is None else rows[-1],
        negative_slopes=slopes,
    )
