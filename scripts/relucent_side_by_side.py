#!/usr/bin/env python3
"""Side-by-side comparison of relupoly and relucent, over R^d and over the cube [-1,1]^d.

Both tools run on the SAME networks: each network is written by
`relupoly random`, then its float64 weights are read with Python's json module and
loaded into relucent's canonical float64 network (`relucent.model.model.ReLUNetwork`
of `LinearLayer`/`ReLULayer`, the class `relucent.mlp(...)` returns and every PyTorch
model is converted to; no torch needed).

Domains (DOMAINS below):
  rd    relupoly `--domain rd`;  relucent `bfs()` unrestricted.
  cube  relupoly `--box -1,1`;   relucent `bfs(cube_radius=1.0, cube_mode="clipped")`, its cube
        mode (relucent/core/complex.py Complex.searcher, relucent/search/engine.py searcher and
        _apply_cube_filter): keeps only cells meeting [-r,r]^d and clips their halfspaces to it.

relupoly:  `relupoly regions NET <domain args> --summary-json --quiet` (timed, wall clock,
           default threads = one per core), run `--repeat` times in a row (default 5) and
           reported as the median (the spread in the per-case notes): a run of half a second
           on a shared machine varies by a third from one run to the next, relucent's runs of
           a minute much less. Plus an untimed `--graph` run for the edge-by-edge comparison.
relucent:  `Complex(net).bfs(nworkers=2, <domain kwargs>)` (default start = origin, default
           verify=True), run in a child process with a timeout, timed around Complex()+bfs().
           Mean facets the way relucent users get it from the adjacency structure:
           mean degree of the dual graph `cplx.G` (= mean `len(p.shis)` after bfs, since
           bfs re-syncs every `p._shis` from `cplx.G`). Also reported: the running mean
           `SearchResult.mean_facets` of the LP-certified facet lists during the search.

Usage:  python3 scripts/relucent_side_by_side.py [--timeout 420] [--bin target/release/relupoly]
                                                [--repeat 5] [--cases SUBSTRING ...]
        --cases keeps the cases whose label ("<network> <domain>", e.g. "d3 16,16,16 s1 cube")
        contains any of the given substrings.
"""

import argparse
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CUBE_RADIUS = 1.0

# domain name -> (relupoly `regions` args, relucent bfs() kwargs)
DOMAINS = {
    "rd": (["--domain", "rd"], {}),
    "cube": (["--box", f"{-CUBE_RADIUS:g},{CUBE_RADIUS:g}"], {"cube_radius": CUBE_RADIUS, "cube_mode": "clipped"}),
}

# (label, input_dim, widths, seed, extra relupoly-random args, domains)
NETWORKS = [
    ("d2 8,8 s1", 2, "8,8", 1, [], ("rd", "cube")),
    ("d2 8,8 s2", 2, "8,8", 2, [], ("rd",)),
    ("d2 8,8 s3", 2, "8,8", 3, [], ("rd",)),
    ("d2 32,32,32 s1", 2, "32,32,32", 1, [], ("rd", "cube")),
    ("d3 16,16 s1", 3, "16,16", 1, [], ("rd", "cube")),
    ("d3 16,16,16 s1", 3, "16,16,16", 1, [], ("rd", "cube")),
    ("d4 10,10 s1", 4, "10,10", 1, [], ("rd",)),
    ("d5 8,8 s1", 5, "8,8", 1, [], ("rd",)),
    ("d2 16 s1", 2, "16", 1, [], ("rd",)),
    ("d2 4,4 int:1 s1", 2, "4,4", 1, ["--init", "integers:1"], ("rd",)),
]
# one case per (network, domain): (network label, domain, input_dim, widths, seed, extra)
CASES = [(label, dom, *net) for label, *net, doms in NETWORKS for dom in doms]


# --------------------------------------------------------------------------- relucent child


def pattern_of(ss, widths):
    """relucent sign sequence -> relupoly pattern (one bit string per layer; '1' iff positive)."""
    flat = [int(v) for v in list(ss.reshape(-1))]
    out, k = [], 0
    for w in widths:
        out.append("".join("1" if v > 0 else "0" for v in flat[k : k + w]))
        k += w
    return out


def relucent_child(net_path, out_path, domain):
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

    domain_kwargs = DOMAINS[domain][1]
    res = {"import_s": import_s, "dtype": str(rnet.layers["fc0"].weight.dtype), "nworkers": 2, "bfs_kwargs": domain_kwargs}
    t0 = time.perf_counter()
    try:
        cplx = relucent.Complex(rnet)
        try:
            sr = cplx.bfs(nworkers=2, **domain_kwargs)
        except ValueError as exc:
            # relucent's documented default start is the origin; record and retry once from
            # relucent's own generic start point (a point on no hyperplane), pulled into the
            # cube when there is one (a start cell missing the cube would end the search).
            res["error_origin_start"] = f"{type(exc).__name__}: {exc}"
            from relucent.search.exploration import generic_topology_start

            cplx = relucent.Complex(rnet)
            start = generic_topology_start(cplx)
            if "cube_radius" in domain_kwargs:
                start = start * (0.5 * domain_kwargs["cube_radius"] / max(1.0, float(np.abs(start).max())))
            sr = cplx.bfs(start.reshape(1, -1), nworkers=2, **domain_kwargs)
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


def run_relupoly(binary, net_path, domain_args, graph_path, repeat):
    """The summary, the wall-clock seconds of each of `repeat` runs, and the graph."""
    cmd = [binary, "regions", net_path, *domain_args, "--quiet"]
    runs, outputs = [], set()
    for _ in range(repeat):
        t0 = time.perf_counter()
        outputs.add(subprocess.run([*cmd, "--summary-json"], check=True, capture_output=True, text=True).stdout)
        runs.append(time.perf_counter() - t0)
    if len(outputs) != 1:
        raise RuntimeError(f"relupoly's {repeat} runs of {net_path} wrote different summaries")
    summary = json.loads(outputs.pop())
    subprocess.run([*cmd, "--graph", graph_path], check=True, capture_output=True)
    graph = json.load(open(graph_path))
    return summary, runs, graph


def run_relucent(net_path, domain, out_path, timeout):
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--child", net_path, out_path, domain],
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


def evidence_notes(label, d, widths, summ, rp_runs, graph, rl, rl_wall):
    """Per-case lines: relupoly's complex, relucent's status, and the region/edge comparison."""
    n = [
        f"[{label}] relupoly: {summ['regions']} regions in {statistics.median(rp_runs):.3f}s"
        + f" (median of {len(rp_runs)}: {', '.join(f'{t:.3f}' for t in rp_runs)}) bounded={summ['bounded_regions']}"
        + f" adjacencies={summ['complex']['adjacencies']} f_vector={summ['complex']['f_vector']}"
        + f" mean facets={frac_str(summ['facets']['mean'])} = {summ['facets']['mean_approx']:.4f}"
    ]
    if len(widths.split(",")) == 1 and d == 2 and label.endswith(" rd"):
        m = int(widths)
        formula = 1 + m + math.comb(m, 2)
        n.append(f"  depth 1, d=2: 1 + n + C(n,2) = {formula}; relupoly {'==' if formula == summ['regions'] else '!='} formula"
                 + ("" if not rl.get("ok") else f"; relucent {'==' if formula == rl['regions'] else '!='} formula"))
    if rl.get("error_origin_start"):
        n.append(f"  relucent bfs() from the origin refused: {rl['error_origin_start']}")
    if not rl.get("ok"):
        n.append(f"  relucent: {rl['error']}")
        return n
    rp_pats = {tuple(r["pattern"]) for r in graph["regions"]}
    idx = {r["index"]: tuple(r["pattern"]) for r in graph["regions"]}
    rp_edges = {frozenset((idx[e["regions"][0]], idx[e["regions"][1]])) for e in graph["edges"]}
    rl_pats = {tuple(p) for p in rl["patterns"]}
    rl_edges = {frozenset((tuple(a), tuple(b))) for a, b in rl["edges"]}
    extra_e = rl_edges - rp_edges
    missing_e = rp_edges - rl_edges
    n.append(
        f"  relucent: {rl['regions']} regions in {rl['seconds']:.2f}s bfs kwargs={rl['bfs_kwargs']} dtype={rl['dtype']}"
        + f" nworkers={rl['nworkers']} complete={rl['complete']} verified={rl['verified']}"
        + f" bad_shi={rl['bad_shi_computations']} import={rl['import_s']:.2f}s child wall={rl_wall:.2f}s"
        + f" mean facets: deg cplx.G={rl['g_mean_degree']:.4f} SearchResult={rl['lp_mean_facets']:.4f}"
    )
    n.append(
        f"  same region set (patterns): {rp_pats == rl_pats} (only relupoly {len(rp_pats - rl_pats)},"
        + f" only relucent {len(rl_pats - rp_pats)})"
    )
    n.append(
        f"  cplx.G edges={rl['g_edges']} vs relupoly adjacencies={len(rp_edges)}: {len(extra_e)} G edges share no facet"
        + f" in this domain (not relupoly adjacencies), {len(missing_e)} relupoly adjacencies missing from G;"
        + f" mean len(p.shis)={rl['mean_len_shis']:.4f}"
    )
    for a, b in sorted(sorted(x) for x in extra_e)[:2]:
        diff = [(li, i) for li, (sa, sb) in enumerate(zip(a, b)) for i, (ca, cb) in enumerate(zip(sa, sb)) if ca != cb]
        n.append(f"    e.g. G edge {'|'.join(a)} -- {'|'.join(b)} (flip of layer {diff[0][0]} neuron {diff[0][1]}):"
                 + " no shared facet in relupoly")
    return n


def table_row(net_label, domain, summ, rp_s, rl, timeout):
    rp_regions = summ["regions"]
    rp_rate = rp_regions / rp_s
    if rl.get("ok"):
        rl_rate = rl["regions"] / rl["seconds"]
        rl_cols = [str(rl["regions"]), f"{rl['seconds']:.2f}", f"{rl_rate:.1f}", f"{rp_rate / rl_rate:.1f}x",
                   "yes" if rl["regions"] == rp_regions else "**NO**"]
    else:
        status = "timeout" if rl.get("timeout") else "refused"
        secs = f">{timeout:g}" if rl.get("timeout") else f"{rl['seconds']:.2f}" if "seconds" in rl else "-"
        rl_cols = [status, secs, "-", "-", "-"]
    dom = "R^d" if domain == "rd" else f"[{-CUBE_RADIUS:g},{CUBE_RADIUS:g}]^d"
    return [net_label, dom, str(rp_regions), f"{rp_s:.3f}", f"{rp_rate:.0f}", *rl_cols]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "relupoly"))
    ap.add_argument("--timeout", type=float, default=420.0, help="relucent timeout per case, seconds")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--repeat", type=int, default=5,
                    help="time relupoly this many runs in a row and report the median (default 5)")
    ap.add_argument("--no-volume", action="store_true",
                    help="time relupoly with --no-volume (lattices, f-vectors and triangulations, no exact volumes)")
    ap.add_argument("--cases", nargs="+", metavar="SUBSTRING",
                    help='run only cases whose label "<network> <domain>" contains one of these, e.g. "d2 8,8 s1 rd" cube')
    ap.add_argument("--child", nargs=3, metavar=("NET", "OUT", "DOMAIN"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.child:
        relucent_child(*args.child)
        return

    cases = [c for c in CASES if not args.cases or any(sub in f"{c[0]} {c[1]}" for sub in args.cases)]
    if not cases:
        sys.exit("no case matches --cases; labels: " + ", ".join(f"'{c[0]} {c[1]}'" for c in CASES))

    import importlib.metadata as md
    import platform

    work = args.workdir or tempfile.mkdtemp(prefix="relucent_sbs_")
    os.makedirs(work, exist_ok=True)
    vers = {}
    for pkg in ("relucent", "gurobipy", "numpy", "scipy", "networkx", "torch"):
        try:
            vers[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            vers[pkg] = "not installed"
    print(f"# nproc={os.cpu_count()} machine={platform.machine()} python={sys.version.split()[0]} "
          + " ".join(f"{k}={v}" for k, v in vers.items()))
    print(f"# relupoly={args.bin} (threads: default, RAYON_NUM_THREADS={os.environ.get('RAYON_NUM_THREADS', 'unset')})"
          + f" workdir={work} relucent timeout={args.timeout:g}s, relucent nworkers=2 (float64)")

    header = ["network", "domain", "relupoly regions", "relupoly s (median)", "relupoly regions/s", "relucent regions",
              "relucent s", "relucent regions/s", "ratio (regions/s)", "counts agree"]
    rows = []
    for net_label, domain, d, widths, seed, extra in cases:
        label = f"{net_label} {domain}"
        tag = label.replace(" ", "_").replace(",", "-").replace(":", "")
        net = os.path.join(work, net_label.replace(" ", "_").replace(",", "-").replace(":", "") + ".json")
        subprocess.run(
            [args.bin, "random", "--input-dim", str(d), "--widths", widths, "--seed", str(seed), "--output", "1", *extra, "-o", net],
            check=True,
        )
        relupoly_args = [*DOMAINS[domain][0], *(["--no-volume"] if args.no_volume else [])]
        summ, rp_runs, graph = run_relupoly(
            args.bin, net, relupoly_args, os.path.join(work, tag + ".graph.json"), args.repeat)
        rl, rl_wall = run_relucent(net, domain, os.path.join(work, tag + ".relucent.json"), args.timeout)
        rows.append(table_row(net_label, domain, summ, statistics.median(rp_runs), rl, args.timeout))
        print("\n".join(evidence_notes(label, d, widths, summ, rp_runs, graph, rl, rl_wall)), flush=True)

    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    print("ratio = (relupoly regions / relupoly s) / (relucent regions / relucent s);"
          " relucent s = Complex()+bfs() incl. its certification, excluding Python import;"
          " relupoly s = whole process wall clock, the median of --repeat runs.")


if __name__ == "__main__":
    main()
