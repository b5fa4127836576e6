#!/usr/bin/env python3
"""Regions and mean facets of random untrained networks over the whole of R^d, exactly.

For every input dimension, width, depth and seed of the grid, draws a network with
`relupoly random` (PyTorch-default weights and biases, as `torch.nn.Linear` initialises them)
and enumerates it over R^d with `relupoly regions --domain rd --summary-json`. Prints a Markdown
table: per configuration the mean over seeds of the region count and of the mean number of
facets per region (each seed's mean is exact; the table rounds), the depth-1 formula values, and
the time taken.

Usage: scripts/reference_table.py [--dims 2,3,4] [--widths 4,8,16] [--depths 1,2,4]
                                  [--seeds 1,2,3,4,5] [--skip D:W:L ...] [--relupoly PATH]
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction


def formula(d, n):
    """One hidden layer in general position: regions and mean facets (theory.md, item 1-2)."""
    regions = sum(math.comb(n, i) for i in range(d + 1))
    facets = sum(i * math.comb(n, i) for i in range(1, d + 1))
    return regions, Fraction(2 * facets, regions)


def run(binary, d, width, depth, seed, workdir):
    net = os.path.join(workdir, f"net-{d}-{width}-{depth}-{seed}.json")
    widths = ",".join([str(width)] * depth)
    subprocess.run([binary, "random", "--input-dim", str(d), "--widths", widths,
                    "--init", "pytorch", "--bias", "pytorch", "--seed", str(seed), "-o", net],
                   check=True)
    started = time.monotonic()
    out = subprocess.run([binary, "regions", net, "--domain", "rd", "--summary-json", "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    seconds = time.monotonic() - started
    summary = json.loads(out)
    return summary["regions"], Fraction(summary["facets"]["mean"]), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ints = lambda s: [int(x) for x in s.split(",")]
    parser.add_argument("--dims", type=ints, default=[2, 3, 4])
    parser.add_argument("--widths", type=ints, default=[4, 8, 16])
    parser.add_argument("--depths", type=ints, default=[1, 2, 4])
    parser.add_argument("--seeds", type=ints, default=[1, 2, 3, 4, 5])
    parser.add_argument("--skip", nargs="*", default=[], help="configurations D:W:L not to run")
    parser.add_argument("--relupoly", default="target/release/relupoly")
    args = parser.parse_args()
    skipped = {tuple(int(x) for x in s.split(":")) for s in args.skip}
    print("| d | width | depth | regions (mean over seeds) | mean facets (mean over seeds) "
          "| per seed: regions, exact mean facets | depth-1 formula | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as workdir:
        for d in args.dims:
            for width in args.widths:
                for depth in args.depths:
                    if (d, width, depth) in skipped:
                        print(f"| {d} | {width} | {depth} | not run | | | | |")
                        continue
                    rows = [run(args.relupoly, d, width, depth, s, workdir) for s in args.seeds]
                    regions = Fraction(sum(r for r, _, _ in rows), len(rows))
                    facets = sum((f for _, f, _ in rows), Fraction(0)) / len(rows)
                    seconds = sum(t for _, _, t in rows)
                    per_seed = "; ".join(f"{r}, {f}" for r, f, _ in rows)
                    expected = ""
                    if depth == 1:
                        fr, ff = formula(d, width)
                        ok = all(r == fr and f == ff for r, f, _ in rows)
                        expected = f"{fr}, {float(ff):.4f} ({'equal' if ok else 'DIFFERENT'})"
                    print(f"| {d} | {width} | {depth} | {float(regions):.1f} | {float(facets):.4f} "
                          f"| {per_seed} | {expected} | {seconds:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
