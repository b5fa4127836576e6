#!/usr/bin/env python3
"""Run a float convex-hull engine (scipy's qhull) on relupoly's polytope corpus and report where
it disagrees with the exact answers.

    python3 examples/qhull_corpus.py [data/groundtruth] [--tolerance 1e-9]

For every polytope of data/groundtruth/*/box/polytopes.jsonl (degenerate and near-degenerate
activation regions with exact vertices, facets, f-vectors and volumes):
  - ConvexHull on the f64 vertices: number of hull vertices, number of facets (qhull returns
    triangulated facets; coplanar ones are merged by their equations up to the tolerance), volume;
  - HalfspaceIntersection on the f64 inequalities from the f64 interior point: number of distinct
    vertices (up to the tolerance).
Each count is compared with the exact one, the volume by relative error. Needs numpy and scipy
(outside CI). Exit status 0 whatever is found: this is a report, not a test.
"""

import argparse
import glob
import json
import os

import numpy as np
from scipy.spatial import ConvexHull, HalfspaceIntersection


def distinct(rows, tolerance):
    """The number of rows that differ by more than `tolerance` (max-norm) from every earlier one."""
    kept = []
    for row in rows:
        if all(np.max(np.abs(row - other)) > tolerance for other in kept):
            kept.append(row)
    return len(kept)


def hull_facets(hull, tolerance):
    """qhull's facets, with coplanar triangles merged: unit normals and offsets compared."""
    equations = hull.equations / np.linalg.norm(hull.equations[:, :-1], axis=1)[:, None]
    return distinct(equations, tolerance)


def check(record, tolerance):
    """The disagreements of qhull with the exact record, as strings."""
    problems = []
    vertices = np.array(record["vertices_f64"], dtype=float)
    try:
        hull = ConvexHull(vertices)
        if len(hull.vertices) != len(record["vertices"]):
            problems.append(f"ConvexHull: {len(hull.vertices)} vertices, exact {len(record['vertices'])}")
        facets = hull_facets(hull, tolerance)
        if facets != record["facets"]:
            problems.append(f"ConvexHull: {facets} facets after merging, exact {record['facets']}")
        error = abs(hull.volume - record["volume_f64"]) / record["volume_f64"]
        if error > tolerance:
            problems.append(f"ConvexHull: volume relative error {error:.2e}")
    except Exception as failure:  # qhull refuses flat or tiny inputs
        problems.append(f"ConvexHull failed: {str(failure).splitlines()[0]}")
    rows = [[float(x) for x in row] for row in record["inequalities"]]
    halfspaces = np.array([[-a for a in row[1:]] + [-row[0]] for row in rows])
    try:
        intersection = HalfspaceIntersection(halfspaces, np.array(record["interior_point_f64"]))
        found = distinct(intersection.intersections, tolerance)
        if found != len(record["vertices"]):
            problems.append(f"HalfspaceIntersection: {found} distinct vertices, exact {len(record['vertices'])}")
    except Exception as failure:
        problems.append(f"HalfspaceIntersection failed: {str(failure).splitlines()[0]}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="data/groundtruth")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    paths = sorted(glob.glob(os.path.join(args.folder, "*", "box", "polytopes.jsonl")))
    total = disagreeing = 0
    by_reason = {}
    for path in paths:
        with open(path) as lines:
            for line in lines:
                record = json.loads(line)
                total += 1
                problems = check(record, args.tolerance)
                kind = "degenerate" if any(not r.startswith("near") for r in record["reasons"]) else "near-degenerate"
                seen = by_reason.setdefault(kind, [0, 0])
                seen[0] += 1
                if problems:
                    disagreeing += 1
                    seen[1] += 1
                    source = record["source"]
                    print(f"{source['network']} region {source['region']} (d={record['dim']}, {'; '.join(record['reasons'])}):")
                    for problem in problems:
                        print(f"    {problem}")
    print(f"\n{disagreeing} of {total} polytopes disagree with the exact answer (tolerance {args.tolerance:g})")
    for kind, (seen, bad) in sorted(by_reason.items()):
        print(f"  {kind}: {bad} of {seen}")


if __name__ == "__main__":
    main()
