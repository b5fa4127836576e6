#!/usr/bin/env python3
"""Side-by-side comparison of relupoly and relucent over the whole input space R^d.

Both tools run on the SAME networks: each network is written by
`relupoly random`, then its float64 weights are read with Python's json module and
loaded into relucent's canonical float64 network (`relucent.model.model.ReLUNetwork`
of `LinearLayer`/`ReLULayer`, the class `relucent.mlp(...)` returns and every PyTorch
model is converted to; no torch needed).

relupoly:  `relupoly regions NET --domain rd --summary-json --quiet` (timed, wall clock),
           plus an untimed `--graph` run for the edge-by-edge comparison.
relucent:  `Complex(net).bfs(nworkers=2)` (default start = origin, default verify=True),
           run in a child process with a timeout, timed around Complex()+bfs().
           Mean facets the way relucent users get it from the adjacency structure:
           mean degree of the dual graph `cplx.G` (= mean `len(p.shis)` after bfs, since
           bfs re-syncs every `p._shis` from `cplx.G`). Also reported: the running mean
           `SearchResult.mean_facets` of the LP-certified facet lists during the search.

Usage:  python3 scripts/relucent_side_by_side.py [--timeout 420] [--bin target/release/relupoly]
"""

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (label, input_dim, widths, seed, extra relupoly-random args)
CASES = [
    ("d2 8,8 s1", 2, "8,8", 1, []),
    ("d2 8,8 s2", 2, "8,8", 2, []),
    ("d2 8,8 s3", 2, "8,8", 3, []),
    ("d2 32,32,32 s1", 2, "32,32,32", 1, []),
    ("d3 16,16 s1", 3, "16,16", 1, []),
    ("d3 16,16,16 s1", 3, "16,16,16", 1, []),
    ("d2 16 s1", 2, "16", 1, []),
    ("d2 4,4 int:1 s1", 2, "4,4", 1, ["--init", "integers:1"]),
]


# --------------------------------------------------------------------------- relucent child


def pattern_of(ss, widths):
    """relucent sign sequence -> relupoly pattern (one bit string per layer; '1' iff positive)."""
    flat = [int(v) for v in list(ss.reshape(-1))]
    out, k = [], 0
    for w in widths:
        out.append("".join("1" if v > 0 else "0" for v in flat[k : k + w]))
        k += w
    return out


def relucent_child(net_path, out_path):
    t_import = time.perf_counter()
    from collections import OrderedDict

    import numpy as np

    import relucent
    from relucent.model.model import LinearLayer, ReLULayer, ReLUNetwork

    relucent.update_settings(VERBOSE=0)
    import_s = time.perf_counter() - t_import

    net = json.load(open(net_path))
    layers = OrderedDict()
    widths = []
    for i, layer in enumerate(net["layers"]):
        w = np.array(layer["weights"], dtype=np.float64)
        b = np.array(layer["biases"], dtype=np.float64).reshape(1, -1)
        layers[f"fc{i}"] = LinearLayer(weight=w, bias=b)
        layers[f"relu{i}"] = ReLULayer()
        widths.append(w.shape[0])
    if net.get("output"):
        o = net["output"]
        layers["out"] = LinearLayer(
            weight=np.array(o["weights"], dtype=np.float64), bias=np.array(o["biases"], dtype=np.float64).reshape(1, -1)
        )
    rnet = ReLUNetwork(layers, input_shape=(int(net["input_dim"]),))

    # The loaded network must compute what the JSON says (float64 forward pass check).
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, int(net["input_dim"])))
    h = x
    for layer in net["layers"]:
        h = np.maximum(h @ np.array(layer["weights"], dtype=np.float64).T + np.array(layer["biases"], dtype=np.float64), 0)
    if net.get("output"):
        h = h @ np.array(net["output"]["weights"], dtype=np.float64).T + np.array(net["output"]["biases"], dtype=np.float64)
    assert np.array_equal(rnet(x), h), "relucent network does not reproduce the JSON network"

    res = {"import_s": import_s, "dtype": str(rnet.layers["fc0"].weight.dtype), "nworkers": 2}
    t0 = time.perf_counter()
    try:
        cplx = relucent.Complex(rnet)
        try:
            sr = cplx.bfs(nworkers=2)
        except ValueError as exc:
            # relucent's documented default start is the origin; record and retry once from
            # relucent's own generic start point (a point on no hyperplane).
            res["error_origin_start"] = f"{type(exc).__name__}: {exc}"
            from relucent.search.exploration import generic_topology_start

            cplx = relucent.Complex(rnet)
            sr = cplx.bfs(generic_topology_start(cplx).reshape(1, -1), nworkers=2)
        elapsed = time.perf_counter() - t0
        G = cplx.G
        res.update(
            ok=True,
            seconds=elapsed,
            regions=len(cplx),
            complete=sr.complete,
            verified=sr.verified,
            bad_shi_computations=len(sr.bad_shi_computations),
            lp_mean_facets=sr.mean_facets,
            g_edges=G.number_of_edges(),
            g_mean_degree=2.0 * G.number_of_edges() / len(cplx),
            mean_len_shis=float(np.mean([len(p.shis) for p in cplx])),
            patterns=[pattern_of(p.ss_np, widths) for p in cplx],
            edges=[[pattern_of(u.ss_np, widths), pattern_of(v.ss_np, widths)] for u, v in G.edges()],
        )
    except Exception as exc:  # record what relucent says when it refuses
        res.update(ok=False, seconds=time.perf_counter() - t0, error=f"{type(exc).__name__}: {exc}")
    json.dump(res, open(out_path, "w"))


# --------------------------------------------------------------------------- driver


def run_relupoly(binary, net_path, graph_path):
    t0 = time.perf_counter()
    out = subprocess.run(
        [binary, "regions", net_path, "--domain", "rd", "--summary-json", "--quiet"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - t0
    summary = json.loads(out)
    subprocess.run(
        [binary, "regions", net_path, "--domain", "rd", "--quiet", "--graph", graph_path],
        check=True,
        capture_output=True,
    )
    graph = json.load(open(graph_path))
    return summary, seconds, graph


def run_relucent(net_path, out_path, timeout):
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--child", net_path, out_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # own process group, so its worker pool is ended with it
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"ok": False, "timeout": True, "error": f"not finished in {timeout:g} s"}, time.perf_counter() - t0
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not os.path.exists(out_path):
        return {"ok": False, "error": f"child exit {proc.returncode}: {err.strip()[-400:]}"}, wall
    return json.load(open(out_path)), wall


def frac_str(s):
    return s if "/" in s else s + "/1"


def fmt(x, nd=4):
    return "-" if x is None else f"{x:.{nd}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "relupoly"))
    ap.add_argument("--timeout", type=float, default=420.0)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--child", nargs=2, metavar=("NET", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        relucent_child(*args.child)
        return

    import importlib.metadata as md

    work = args.workdir or tempfile.mkdtemp(prefix="relucent_sbs_")
    os.makedirs(work, exist_ok=True)
    vers = {}
    for pkg in ("relucent", "gurobipy", "numpy", "scipy", "networkx", "torch"):
        try:
            vers[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            vers[pkg] = "not installed"
    print(f"# nproc={os.cpu_count()} python={sys.version.split()[0]} " + " ".join(f"{k}={v}" for k, v in vers.items()))
    print(f"# relupoly={args.bin} workdir={work} relucent timeout={args.timeout:g}s, relucent nworkers=2 (float64)")

    header = (
        "case",
        "relupoly regions",
        "relucent regions",
        "relupoly mean facets exact",
        "relupoly mean facets float",
        "relucent mean facets (deg cplx.G)",
        "relucent LP mean (SearchResult)",
        "relupoly s",
        "relucent s",
        "speed ratio (regions/s)",
    )
    rows, notes = [], []
    for label, d, widths, seed, extra in CASES:
        tag = label.replace(" ", "_").replace(",", "-").replace(":", "")
        net = os.path.join(work, tag + ".json")
        subprocess.run(
            [args.bin, "random", "--input-dim", str(d), "--widths", widths, "--seed", str(seed), "--output", "1", *extra, "-o", net],
            check=True,
        )
        summ, rp_s, graph = run_relupoly(args.bin, net, os.path.join(work, tag + ".graph.json"))
        rl, rl_wall = run_relucent(net, os.path.join(work, tag + ".relucent.json"), args.timeout)

        rp_regions = summ["regions"]
        rp_mean = frac_str(summ["facets"]["mean"])
        rp_mean_f = summ["facets"]["mean_approx"]
        if rl.get("ok"):
            rl_regions = str(rl["regions"])
            rl_mean = fmt(rl["g_mean_degree"])
            rl_lp = fmt(rl["lp_mean_facets"])
            rl_s = f"{rl['seconds']:.2f}"
            ratio = (rp_regions / rp_s) / (rl["regions"] / rl["seconds"])
            ratio_s = f"{ratio:.0f}x"
        else:
            rl_regions = "timeout" if rl.get("timeout") else "refused"
            rl_mean = rl_lp = "-"
            rl_s = f">{args.timeout:g}" if rl.get("timeout") else f"{rl.get('seconds', rl_wall):.2f}"
            ratio_s = "-"
        rows.append((label, str(rp_regions), rl_regions, rp_mean, f"{rp_mean_f:.4f}", rl_mean, rl_lp, f"{rp_s:.3f}", rl_s, ratio_s))

        # ---- evidence notes
        n = [f"[{label}] relupoly: bounded={summ['bounded_regions']} adjacencies={summ['complex']['adjacencies']}"
             + f" f_vector={summ['complex']['f_vector']}"]
        if len(widths.split(",")) == 1:
            m = int(widths)
            formula = 1 + m + math.comb(m, 2) if d == 2 else None
            if formula is not None:
                n.append(f"  depth 1, d=2: 1 + n + C(n,2) = {formula}; relupoly {'==' if formula == rp_regions else '!='} formula"
                         + ("" if not rl.get("ok") else f"; relucent {'==' if formula == rl['regions'] else '!='} formula"))
        if rl.get("error_origin_start"):
            n.append(f"  relucent bfs() from the origin refused: {rl['error_origin_start']}")
        if not rl.get("ok"):
            n.append(f"  relucent: {rl['error']}")
        else:
            rp_pats = {tuple(r["pattern"]) for r in graph["regions"]}
            idx = {r["index"]: tuple(r["pattern"]) for r in graph["regions"]}
            rp_edges = {frozenset((idx[e["regions"][0]], idx[e["regions"][1]])) for e in graph["edges"]}
            rl_pats = {tuple(p) for p in rl["patterns"]}
            rl_edges = {frozenset((tuple(a), tuple(b))) for a, b in rl["edges"]}
            extra_e = rl_edges - rp_edges
            missing_e = rp_edges - rl_edges
            n.append(
                f"  relucent: dtype={rl['dtype']} nworkers={rl['nworkers']} complete={rl['complete']} verified={rl['verified']}"
                + f" bad_shi={rl['bad_shi_computations']} import={rl['import_s']:.2f}s"
                + f" child wall={rl_wall:.2f}s"
            )
            n.append(
                f"  same region set (patterns): {rp_pats == rl_pats} (only relupoly {len(rp_pats - rl_pats)},"
                + f" only relucent {len(rl_pats - rp_pats)})"
            )
            n.append(
                f"  cplx.G edges={rl['g_edges']} vs relupoly adjacencies={len(rp_edges)}: {len(extra_e)} G edges share no facet"
                + f" (not relupoly adjacencies), {len(missing_e)} relupoly adjacencies missing from G;"
                + f" mean len(p.shis)={rl['mean_len_shis']:.4f}"
            )
            for e in sorted(sorted(x) for x in extra_e)[:2]:
                a, b = e
                diff = [(li, i) for li, (sa, sb) in enumerate(zip(a, b)) for i, (ca, cb) in enumerate(zip(sa, sb)) if ca != cb]
                n.append(f"    e.g. G edge {'|'.join(a)} -- {'|'.join(b)} (flip of layer {diff[0][0]} neuron {diff[0][1]}): no shared facet in relupoly")
        notes.extend(n)
        print("\n".join(n), flush=True)

    widths_col = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths_col))
    print()
    print(line)
    print("-+-".join("-" * w for w in widths_col))
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths_col)))
    print()
    print("speed ratio = (relupoly regions / relupoly s) / (relucent regions / relucent s);"
          " relucent s = Complex()+bfs() incl. its certification, excluding Python import;"
          " relupoly s = whole process wall clock.")


if __name__ == "__main__":
    main()
