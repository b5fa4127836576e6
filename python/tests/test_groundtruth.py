"""The ground-truth dataset (data/groundtruth/, made by `relupoly dataset` and cross-checked
with lrs): every network's regions, enumerated from Python, equal the committed records line by
line and byte for byte, and the summaries, graphs and manifest counts equal too; the polytope
corpus through relupoly.polytope."""

import json
from fractions import Fraction

import pytest

import relupoly
from conftest import GROUNDTRUTH, summary_from_cli

MANIFEST = json.loads((GROUNDTRUTH / "manifest.json").read_text())
CASES = [
    (network["entry"]["id"], result)
    for network in MANIFEST["networks"]
    for result in network["results"]
]
DOMAINS = {"box": (-1, 1), "rd": "rd"}


@pytest.mark.parametrize("nid,result", CASES, ids=[f"{nid}-{r['domain']}" for nid, r in CASES])
def test_regions_equal_the_dataset(nid, result):
    folder = GROUNDTRUTH / nid
    net = relupoly.Network.load(folder / "network.json")
    domain = result["domain"]
    ours = relupoly.regions(net, DOMAINS[domain], simplices=True)
    lines = (folder / domain / "regions.jsonl").read_text().splitlines()
    assert len(ours) == len(lines) == result["regions"]
    for region, line in zip(ours, lines):
        assert json.dumps(region.to_dict(), separators=(",", ":")) == line, f"region {region.index}"
        record = json.loads(line)
        assert region.pattern == tuple(tuple(int(c) for c in layer) for layer in record["pattern"])
        assert region.vertices == [tuple(Fraction(c) for c in v) for v in record["vertices"]]
        assert region.volume == (None if record["volume"] is None else Fraction(record["volume"]))
    summary = summary_from_cli((folder / domain / "summary.json").read_text())
    assert ours.summary == summary
    graph = json.loads((folder / domain / "graph.json").read_text())
    assert ours.adjacency == [tuple(edge["regions"]) for edge in graph["edges"]]
    assert [r["pattern"] for r in graph["regions"]] == [r.to_dict()["pattern"] for r in ours]
    # The manifest's counts.
    assert ours.summary["bounded_regions"] == result["bounded_regions"]
    assert ours.summary["complex"]["f_vector"] == result["complex_f_vector"]
    assert ours.summary["complex"]["adjacencies"] == result["adjacencies"]
    assert ours.summary["facets"]["mean"] == Fraction(result["mean_facets"])
    if result["volume_total"] is not None:
        assert ours.summary["volume_total"] == Fraction(result["volume_total"])


@pytest.mark.parametrize("nid", ["degenerate-d3", "leaky-d2", "trained-d2"])
def test_streamed_regions_equal_the_dataset(nid):
    folder = GROUNDTRUTH / nid
    net = relupoly.Network.load(folder / "network.json")
    lines = (folder / "rd" / "regions.jsonl").read_text().splitlines()
    streamed = [
        json.dumps(r.to_dict(), separators=(",", ":"))
        for r in relupoly.iter_regions(net, "rd", simplices=True)
    ]
    assert streamed == lines


def corpus():
    for path in sorted(GROUNDTRUTH.glob("*/box/polytopes.jsonl")):
        for line in path.read_text().splitlines():
            yield path.parent.parent.name, json.loads(line)


@pytest.mark.parametrize("nid,entry", list(corpus()), ids=lambda v: v if isinstance(v, str) else "")
def test_the_polytope_corpus(nid, entry):
    answer = relupoly.polytope(inequalities=entry["inequalities"])
    assert answer["vertices"] == [tuple(Fraction(c) for c in v) for v in entry["vertices"]]
    assert answer["f_vector"] == entry["f_vector"]
    assert answer["volume"] == Fraction(entry["volume"])
    assert answer["simplices"] == entry["simplices"]
    assert len(answer["facets"]) == entry["facets"]
    assert relupoly.polytope(vertices=entry["vertices"])["volume"] == Fraction(entry["volume"])
