#!/usr/bin/env python3
"""relucent's region complex as a `relupoly compare` engine file (docs/compare.md).

Outside CI: needs `pip install relucent` (numpy, networkx, gurobipy; no torch).

Two ways to name the network, so that both tools see identical binary64 weights:

  # a relucent network built by relucent.mlp, also exported in relupoly's format
  python3 examples/relucent_to_compare.py --mlp 2,8,8,1 --seed 0 \
      --net-out net.json --out relucent.json
  # a relupoly network file (e.g. from `relupoly random`), loaded into relucent
  python3 examples/relucent_to_compare.py --net net.json --out relucent.json

then `relupoly compare net.json relucent.json --domain rd`.

Each relucent region (a node of `Complex(net).bfs()`, whole R^d from relucent's default
start) becomes {"pattern", "vertices", "facets", "bounded", "neighbors"}:
  pattern    the sign vector `p.ss_np`, '1' where positive, one string per hidden layer;
  vertices   `p.vertices` (Qhull's finite vertices; relucent documents that an unbounded
             cell lists its finite vertices only, as compare expects);
  facets     `len(p.shis)` (after bfs relucent re-syncs every p.shis from its graph);
  bounded    `p.finite`;
  neighbors  the region's neighbours in relucent's adjacency graph `cplx.G`.
"""

import argparse
import json
from collections import OrderedDict

import numpy as np


def pattern_of(ss, widths):
    """relucent sign vector -> relupoly pattern (one bit string per hidden layer)."""
    flat = [int(v) for v in np.asarray(ss).reshape(-1)]
    out, k = [], 0
    for w in widths:
        out.append("".join("1" if v > 0 else "0" for v in flat[k : k + w]))
        k += w
    return out


def relupoly_network(rnet):
    """relucent float64 network -> relupoly network JSON, each weight as its shortest
    round-trip decimal, read back by relupoly exactly (\"numbers\": \"binary64\")."""
    linear = [layer for layer in rnet.layers.values() if hasattr(layer, "weight")]
    as_list = lambda a: [float(x) for x in np.asarray(a, dtype=np.float64).reshape(-1)]
    layer = lambda l: {"weights": [as_list(row) for row in np.asarray(l.weight)], "biases": as_list(l.bias)}
    return {
        "input_dim": int(rnet.input_shape[0]),
        "numbers": "binary64",
        "layers": [layer(l) for l in linear[:-1]],
        "output": layer(linear[-1]),
        "metadata": {"source": "relucent.mlp", "exported_by": "examples/relucent_to_compare.py"},
    }


def relucent_network(net):
    """relupoly network JSON -> relucent float64 network (as scripts/relucent_side_by_side.py)."""
    from relucent.model.model import LinearLayer, ReLULayer, ReLUNetwork

    layers = OrderedDict()
    for i, layer in enumerate(net["layers"]):
        w = np.array(layer["weights"], dtype=np.float64)
        layers[f"fc{i}"] = LinearLayer(weight=w, bias=np.array(layer["biases"], dtype=np.float64).reshape(1, -1))
        layers[f"relu{i}"] = ReLULayer()
    if net.get("output"):
        o = net["output"]
        layers["out"] = LinearLayer(
            weight=np.array(o["weights"], dtype=np.float64), bias=np.array(o["biases"], dtype=np.float64).reshape(1, -1)
        )
    return ReLUNetwork(layers, input_shape=(int(net["input_dim"]),))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--mlp", help="widths for relucent.mlp, input to output, e.g. 2,8,8,1")
    src.add_argument("--net", help="a relupoly network file")
    ap.add_argument("--seed", type=int, default=0, help="with --mlp: relucent.set_seeds(SEED)")
    ap.add_argument("--net-out", help="with --mlp: write the network in relupoly's format here")
    ap.add_argument("--out", required=True, help="the compare engine file to write")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    import relucent

    relucent.update_settings(VERBOSE=0)
    if args.mlp:
        relucent.set_seeds(args.seed)
        rnet = relucent.mlp([int(w) for w in args.mlp.split(",")])
        net = relupoly_network(rnet)
        if args.net_out:
            with open(args.net_out, "w") as f:
                json.dump(net, f)
                f.write("\n")
    else:
        net = json.load(open(args.net))
        rnet = relucent_network(net)
    # Both tools must see the same function: check a float64 forward pass of the JSON.
    x = np.random.default_rng(0).normal(size=(5, int(net["input_dim"])))
    h = x
    for layer in net["layers"]:
        h = np.maximum(h @ np.array(layer["weights"]).T + np.array(layer["biases"]), 0)
    if net.get("output"):
        h = h @ np.array(net["output"]["weights"]).T + np.array(net["output"]["biases"])
    assert np.array_equal(rnet(x), h), "relucent's network does not compute what the JSON says"
    widths = [len(layer["biases"]) for layer in net["layers"]]

    cplx = relucent.Complex(rnet)
    result = cplx.bfs(nworkers=args.workers)
    regions = list(cplx)
    index = {id(p): i for i, p in enumerate(regions)}
    neighbors = {id(p): [] for p in regions}
    for u, v in cplx.G.edges():
        neighbors[id(u)].append(index[id(v)])
        neighbors[id(v)].append(index[id(u)])
    out = {
        "engine": "relucent " + relucent.__version__ if hasattr(relucent, "__version__") else "relucent",
        "metadata": {"complete": bool(result.complete), "verified": bool(result.verified), "domain": "R^d"},
        "regions": [
            {
                "pattern": pattern_of(p.ss_np, widths),
                "vertices": [] if p.vertices is None else [[float(c) for c in v] for v in p.vertices],
                "facets": len(p.shis),
                "bounded": bool(p.finite),
                "neighbors": sorted(neighbors[id(p)]),
            }
            for p in regions
        ],
    }
    with open(args.out, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(f"{out['engine']}: {len(regions)} regions, {cplx.G.number_of_edges()} graph edges -> {args.out}")


if __name__ == "__main__":
    main()
