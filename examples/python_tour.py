#!/usr/bin/env python3
"""A tour of relupoly from Python (docs/python.md): a network from NumPy arrays, its exact
regions on a box and over R^2, the theory catalogue's verdicts, the float engine of
examples/float_splitting_engine.py graded by relupoly.compare, and streamed regions.

  pip install .                      # the package, from the repository's root
  python3 examples/python_tour.py [--seed S] [--widths 8,8]
"""

import argparse
import contextlib
import importlib.util
import io
import json
import pathlib
import sys
import tempfile
from unittest import mock

import numpy as np

import relupoly

HERE = pathlib.Path(__file__).resolve().parent


def float_engine(net, box=(-1, 1)):
    """The regions examples/float_splitting_engine.py finds for `net` on [lo, hi]^2."""
    spec = importlib.util.spec_from_file_location("engine", HERE / "float_splitting_engine.py")
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    with tempfile.TemporaryDirectory() as folder:
        net_path, out_path = pathlib.Path(folder, "net.json"), pathlib.Path(folder, "engine.json")
        net_path.write_text(net.to_json("binary64"))
        argv = ["engine", str(net_path), "--out", str(out_path), f"--box={box[0]},{box[1]}"]
        with mock.patch.object(sys, "argv", argv), contextlib.redirect_stdout(io.StringIO()):
            engine.main()
        return json.loads(out_path.read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--widths", default="8,8", help="hidden widths of the random network")
    args = ap.parse_args()
    widths = [int(w) for w in args.widths.split(",")]

    # float64 weights from NumPy, taken exactly as stored (0.1 is 3602879701896397/2^55).
    rng = np.random.default_rng(args.seed)
    inputs = [2] + widths
    weights = [rng.normal(size=(n, m)) / np.sqrt(m) for m, n in zip(inputs, widths)]
    biases = [rng.uniform(-0.5, 0.5, size=n) for n in widths]
    net = relupoly.Network.from_arrays(
        weights, biases, output=(rng.normal(size=(1, widths[-1])), [0.0])
    )
    print(net)

    box = relupoly.regions(net, (-1, 1))
    s = box.summary
    print(
        f"[-1, 1]^2: {s['regions']} regions, {s['complex']['adjacencies']} adjacent pairs, "
        f"mean facets {s['facets']['mean']} = {float(s['facets']['mean']):.4f}, "
        f"{s['linear_pieces']} linear pieces, total volume {s['volume_total']}"
    )
    smallest = min(box, key=lambda r: r.volume)
    print(
        f"smallest region: #{smallest.index} pattern {smallest.pattern}, volume "
        f"{float(smallest.volume):.3e}, {len(smallest.vertices)} vertices"
    )

    whole = relupoly.regions(net, "rd")
    w = whole.summary
    print(
        f"R^2: {w['regions']} regions ({w['bounded_regions']} bounded), Euler characteristic "
        f"{w['complex']['euler_characteristic']}"
    )

    verdicts = relupoly.theory(net, "rd")
    for entry in verdicts["entries"]:
        if entry["verdict"] != "not-applicable":
            print(f"  {entry['id']:<24} {entry['verdict']:<8} {entry['value']} {entry['bound']}")

    comparison = relupoly.compare(net, float_engine(net))
    print(str(comparison).splitlines()[0])

    regions_seen = []
    stream = relupoly.iter_regions(net, (-1, 1), volumes=False)
    for region in stream:
        regions_seen.append(region.index)
    print(f"streamed {len(regions_seen)} regions; summary says {stream.summary()['regions']}")
    return 0 if comparison.ok else 1


if __name__ == "__main__":
    sys.exit(main())
