#!/usr/bin/env python3
"""How evenly `relupoly regions --shard K/N` splits the work, and what the merge costs.

For each case (`d widths domain`, the network `relupoly random --input-dim d --widths widths
--seed 1`), runs the unsharded enumeration, then for each N every shard K/N one after the
other, each on one thread (times are CPU times), and `relupoly merge` of the parts. Prints one Markdown row per (case, N): the largest shard's time over the mean (the
balance), the same for the shards' region counts, the sum of the shards' times over the
unsharded time (what the repeated frontier costs), the speed-up N machines would give
(unsharded time over the largest shard's), and the merge's time and peak memory against the
unsharded run's. Every command runs `--repeat` times (default 3; the shards in rounds) and counts its least CPU
time.
Checks that the merged summary equals the unsharded one byte for byte.

    python3 scripts/shard_balance.py --cli target/release/relupoly \
        --cases "3 16,16,16 box" "3 16,16,16 rd" "2 32,32,32 rd" "3 32,32,32 box" \
        --shards 4 16 64
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile


def run(cmd, repeat=1):
    """Runs `cmd` `repeat` times; returns the least CPU time (user and system, seconds), the
    peak resident memory (MiB) and the output. Every enumeration here runs on one thread, so
    its CPU time is its work; the least of a few runs leaves out what other load on the machine
    adds (on two hyperthreads, a neighbour's load inflates CPU times too)."""
    return min(run_once(cmd) for _ in range(repeat))


def run_once(cmd):
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}")
        out.seek(0)
        return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default="target/release/relupoly")
    parser.add_argument("--cases", nargs="+", required=True)
    parser.add_argument("--shards", nargs="+", type=int, default=[4, 16, 64])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (least time)")
    args = parser.parse_args()
    print(
        "| network | domain | regions | N | frontier | balance (time) | balance (regions) "
        "| shards' time / unsharded | speed-up on N machines | merge time / enumeration "
        "| merge memory / enumeration |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for case in args.cases:
            d, widths, domain = case.split()
            net = os.path.join(folder, "net.json")
            with open(net, "wb") as f:
                f.write(run([args.cli, "random", "--input-dim", d, "--widths", widths,
                             "--seed", "1"])[2])
            dom = ["--domain", "rd"] if domain == "rd" else ["--box", "-1,1"]
            base = [args.cli, "--threads", "1", "regions", net, *dom, "--quiet"]
            whole_time, whole_memory, whole = run(base + ["--summary-json"], args.repeat)
            regions = json.loads(whole)["regions"]
            for n in args.shards:
                # Rounds over all the shards, each shard's least time kept: a stretch of load on
                # the machine falls on different shards in different rounds.
                parts = [os.path.join(folder, f"part{k}") for k in range(n)]
                times = [float("inf")] * n
                for _ in range(args.repeat):
                    for k in range(n):
                        shard = base + ["--shard", f"{k}/{n}", "--out", parts[k]]
                        times[k] = min(times[k], run(shard)[0])
                counts = []
                for part in parts:
                    with open(part, "rb") as f:
                        outcome = json.loads(f.read().splitlines()[-2])["outcome"]
                    counts.append(outcome["summary"]["regions"])
                    frontier = outcome["frontier"]
                merge_time, merge_memory, merged = run(
                    [args.cli, "merge", *parts, "--summary-json"], args.repeat)
                if merged != whole:
                    raise SystemExit(f"{case} N={n}: the merged summary differs")
                print(
                    f"| d={d}, {widths.replace(',', '-')} | {domain} | {regions:,} | {n} "
                    f"| {frontier:,} | {max(times) / statistics.mean(times):.2f} "
                    f"| {max(counts) / statistics.mean(counts):.2f} "
                    f"| {sum(times) / whole_time:.2f} | {whole_time / max(times):.1f} "
                    f"| {merge_time / whole_time:.3f} | {merge_memory / whole_memory:.2f} |",
                    flush=True,
                )
                for part in parts:
                    os.remove(part)
            print(f"<!-- {case}: unsharded {whole_time:.2f} s CPU on one thread, "
                  f"{whole_memory:.0f} MiB -->", flush=True)


if __name__ == "__main__":
    main()
