#!/usr/bin/env python3
"""A plain float64 engine for the activation regions of a ReLU network on a 2D box, writing a
`relupoly compare` engine file (docs/compare.md). Outside CI; needs numpy only.

The box [LO, HI]^2 is split layer by layer, neuron by neuron, as polygons (counter-clockwise
vertex lists). A vertex's side of a neuron's line is + when the pre-activation exceeds
+TOL, - below -TOL, 0 otherwise; a polygon with vertices strictly on both sides is cut along the
line (crossings interpolated on edges with opposite signs); otherwise the whole polygon takes
bit 1 if some vertex is +, bit 0 if not (negative or identically zero), relupoly's convention.
At the end consecutive collinear edges are merged (facets = edges), and two regions are
neighbours when they have collinear edges overlapping over a length > TOL.

  relupoly random --input-dim 2 --widths 6,6 --init integers:2 --seed 3 -o net.json
  python3 examples/float_splitting_engine.py net.json --out engine.json [--box -1,1] [--tol 1e-9]
  relupoly compare net.json engine.json [--box -1,1]

The network's numbers are read as JSON numbers into float64 (fractions "p/q" are divided).
"""

import argparse
import itertools
import json
from fractions import Fraction

import numpy as np


def number(v):
    return float(Fraction(v)) if isinstance(v, str) else float(v)


def load(path):
    net = json.load(open(path))
    if int(net["input_dim"]) != 2:
        raise SystemExit(f"{path}: this engine handles input dimension 2 only")
    return [
        (np.array([[number(w) for w in row] for row in layer["weights"]]), np.array([number(b) for b in layer["biases"]]))
        for layer in net["layers"]
    ]


def cut(poly, a, c, tol):
    """Splits polygon `poly` (k x 2, counter-clockwise) by a.x + c: returns (positive, negative)
    pieces, or the whole polygon with its bit when the line does not cross the interior."""
    s = poly @ a + c
    sign = np.where(s > tol, 1, np.where(s < -tol, -1, 0))
    if not (sign == -1).any() or not (sign == 1).any():
        return None, bool((sign == 1).any())
    pos, neg = [], []
    k = len(poly)
    for i in range(k):
        p, q, sp, sq = poly[i], poly[(i + 1) % k], sign[i], sign[(i + 1) % k]
        if sp >= 0:
            pos.append(p)
        if sp <= 0:
            neg.append(p)
        if sp * sq < 0:
            x = p + (q - p) * (s[i] / (s[i] - s[(i + 1) % k]))
            pos.append(x)
            neg.append(x)
    return (np.array(pos), np.array(neg)), None


def simplify(poly, tol):
    """Drops vertices where the two edges are collinear (|sin angle| <= tol) or the edge before
    has length <= tol."""
    changed = True
    while changed and len(poly) > 3:
        changed = False
        for i in range(len(poly)):
            p, q, r = poly[i - 1], poly[i], poly[(i + 1) % len(poly)]
            u, v = q - p, r - q
            if np.abs(u).max() <= tol or abs(u[0] * v[1] - u[1] * v[0]) <= tol * np.linalg.norm(u) * np.linalg.norm(v):
                poly = np.delete(poly, i, axis=0)
                changed = True
                break
    return poly


def share_edge(p, q, tol):
    """Whether polygons p and q have collinear edges overlapping over a length > tol."""
    for i, j in itertools.product(range(len(p)), range(len(q))):
        a, b = p[i], p[(i + 1) % len(p)]
        c, d = q[j], q[(j + 1) % len(q)]
        u = b - a
        length = np.linalg.norm(u)
        if length <= tol:
            continue
        n = np.array([-u[1], u[0]]) / length
        if abs(n @ (c - a)) > tol or abs(n @ (d - a)) > tol:
            continue
        e = u / length
        lo, hi = sorted((e @ (c - a), e @ (d - a)))
        if min(hi, length) - max(lo, 0.0) > tol:
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("net")
    ap.add_argument("--out", required=True)
    ap.add_argument("--box", default="-1,1", help="LO,HI (default -1,1)")
    ap.add_argument("--tol", type=float, default=1e-9, help="zero tolerance (default 1e-9)")
    args = ap.parse_args()
    lo, hi = (float(Fraction(t)) for t in args.box.split(","))
    layers = load(args.net)
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])
    # A region: (polygon, bits per layer, the layer input h = M x + m on the region).
    regions = [(square, [], np.eye(2), np.zeros(2))]
    for W, b in layers:
        split = []
        for poly, bits, M, m in regions:
            Z, z = W @ M, W @ m + b
            pieces = [(poly, [])]
            for i in range(len(b)):
                nxt = []
                for piece, layer_bits in pieces:
                    halves, bit = cut(piece, Z[i], z[i], args.tol)
                    if halves is None:
                        nxt.append((piece, layer_bits + [bit]))
                    else:
                        nxt.append((halves[0], layer_bits + [True]))
                        nxt.append((halves[1], layer_bits + [False]))
                pieces = nxt
            for piece, layer_bits in pieces:
                on = np.array(layer_bits, dtype=float)
                split.append((piece, bits + [layer_bits], on[:, None] * Z, on * z))
        regions = split
    polys = [simplify(poly, args.tol) for poly, _, _, _ in regions]
    neighbors = [[] for _ in polys]
    boxes = [(p.min(axis=0) - args.tol, p.max(axis=0) + args.tol) for p in polys]
    for i, j in itertools.combinations(range(len(polys)), 2):
        if (boxes[i][0] <= boxes[j][1]).all() and (boxes[j][0] <= boxes[i][1]).all() and share_edge(polys[i], polys[j], args.tol):
            neighbors[i].append(j)
            neighbors[j].append(i)
    out = {
        "engine": f"float_splitting_engine tol={args.tol:g}",
        "regions": [
            {
                "pattern": ["".join("1" if x else "0" for x in layer) for layer in bits],
                "vertices": poly.tolist(),
                "facets": len(poly),
                "bounded": True,
                "neighbors": nb,
            }
            for poly, (_, bits, _, _), nb in zip(polys, regions, neighbors)
        ],
    }
    with open(args.out, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(f"{out['engine']}: {len(polys)} regions, {sum(map(len, neighbors)) // 2} adjacent pairs -> {args.out}")


if __name__ == "__main__":
    main()
