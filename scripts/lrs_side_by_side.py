#!/usr/bin/env python3
"""relupoly polytope against lrs on cyclic polytopes, simplices and cubes, in one run.

Usage (outside CI; needs `lrs` from Debian's lrslib and `cargo build --release`):

    python3 scripts/lrs_side_by_side.py [--repeat 3]

For each polytope, the median wall time over `--repeat` runs of `lrs` (the baseline: vertex or
facet enumeration, nothing else), `relupoly polytope --json --no-lattice` (vertices, facets and
incidences: the same job) and `relupoly polytope --json` (also the face lattice, f-vector,
triangulation size and exact volume), and the ratios to lrs. Prints a Markdown table.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

RELUPOLY = os.path.join(os.path.dirname(__file__), "..", "target", "release", "relupoly")


def cyclic(n, d):
    return {"vertices": [[t**k for k in range(1, d + 1)] for t in range(n)]}


def simplex_h(d):
    rows = [[0] + [int(j == i) for j in range(d)] for i in range(d)] + [[1] + [-1] * d]
    return {"inequalities": rows}


def simplex_v(d):
    return {"vertices": [[0] * d] + [[int(j == i) for j in range(d)] for i in range(d)]}


def cube_h(d):
    rows = []
    for i in range(d):
        for sign in (1, -1):
            rows.append([1] + [sign * int(j == i) for j in range(d)])
    return {"inequalities": rows}


def lrs_text(polytope):
    if "vertices" in polytope:
        rows = [[1] + p for p in polytope["vertices"]]
        kind = "V-representation"
    else:
        rows = polytope["inequalities"]
        kind = "H-representation"
    lines = [kind, "begin", f"{len(rows)} {len(rows[0])} rational"]
    lines += [" ".join(map(str, r)) for r in rows] + ["end"]
    return "\n".join(lines) + "\n"


def median_time(command, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


CASES = [
    ("cyclic C(25, 6), from points", cyclic(25, 6), True),
    ("cyclic C(40, 8), from points", cyclic(40, 8), False),
    ("cyclic C(30, 10), from points", cyclic(30, 10), False),
    ("16-simplex, from inequalities", simplex_h(16), True),
    ("16-simplex, from points", simplex_v(16), True),
    ("12-cube, from inequalities", cube_h(12), False),
    ("16-cube, from inequalities", cube_h(16), False),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| polytope | lrs | relupoly --no-lattice | ratio | relupoly (lattice, volume) | ratio |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, polytope, with_lattice in CASES:
            source = os.path.join(tmp, "p.json")
            with open(source, "w") as f:
                json.dump(polytope, f)
            ext = os.path.join(tmp, "p.lrs")
            with open(ext, "w") as f:
                f.write(lrs_text(polytope))
            lrs = median_time(["lrs", ext], args.repeat)
            bare = median_time([RELUPOLY, "polytope", "--json", "--no-lattice", source], args.repeat)
            if with_lattice:
                full = median_time([RELUPOLY, "polytope", "--json", source], args.repeat)
                full_cells = f"{full:.3f} s | {full / lrs:.1f}x"
            else:
                full_cells = "(not run) | "
            print(f"| {name} | {lrs:.3f} s | {bare:.3f} s | {bare / lrs:.1f}x | {full_cells} |")


if __name__ == "__main__":
    main()
