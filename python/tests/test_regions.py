"""regions and iter_regions: every domain kind, the volumes / complex / simplices flags,
indexing and iteration, the summary and the adjacency equal to the CLI's for the same network,
the threads, the region limit and progress."""

import io
import json
import sys
from fractions import Fraction

import pytest

import relupoly
from conftest import summary_from_cli

NET = relupoly.Network.from_arrays([[[1, 0], [0, 1], [1, 1]]], [[0, 0, "-1/2"]])


def test_the_docstring_example():
    result = relupoly.regions(NET, domain=(-1, 1))
    assert (len(result), result.summary["volume_total"]) == (7, 4)
    assert repr(result) == "Regions(7 regions)"


def test_every_domain_kind_gives_the_same_answer_on_the_same_set():
    square = [[1, 1, 0], [1, -1, 0], [1, 0, 1], [1, 0, -1]]
    by_tuple = relupoly.regions(NET, (-1, 1))
    by_box = relupoly.regions(NET, relupoly.Box(-1, 1))
    by_rows = relupoly.regions(NET, relupoly.Polytope(square))
    for result in (by_box, by_rows):
        assert [r.pattern for r in result] == [r.pattern for r in by_tuple]
        assert [r.vertices for r in result] == [r.vertices for r in by_tuple]
        assert [r.volume for r in result] == [r.volume for r in by_tuple]
    assert repr(relupoly.Box(-1, 1)) == "Box(-1, 1)"
    assert repr(relupoly.Polytope(square)) == "Polytope(4 inequalities)"
    # Exact bounds: the box [-1/3, 0.5]^2 (0.5 is a binary64 value, exactly 1/2).
    small = relupoly.regions(NET, relupoly.Box("-1/3", 0.5))
    assert small.summary["volume_total"] == Fraction(25, 36)


def test_a_triangle_domain():
    triangle = relupoly.Polytope([[1, 1, 0], [1, 0, 1], [0, -1, -1]])  # x, y >= -1, x + y <= 0
    result = relupoly.regions(NET, triangle)
    assert result.summary["volume_total"] == 2
    assert sum(r.volume for r in result) == 2
    domain_rows = {s[1] for r in result for f in r.facets for s in f.sources if s[0] == "domain"}
    assert domain_rows == {0, 1, 2}


def test_the_whole_space():
    result = relupoly.regions(NET, "rd")
    assert len(result) == 7 and result.summary["unbounded_regions"] == 6
    assert result.summary["complex"]["euler_characteristic"] == 1
    bounded = [r for r in result if r.bounded]
    assert [r.pattern for r in bounded] == [((1, 1, 0),)]  # x, y > 0, x + y < 1/2
    for region in result:
        if region.bounded:
            assert region.rays is None and region.volume == Fraction(1, 8)
        else:
            assert region.volume is None and region.rays and region.lineality == []


def test_region_properties():
    result = relupoly.regions(NET, (-1, 1), simplices=True)
    region = result[6]
    assert region.index == 6 and region.pattern == ((1, 1, 1),) and region.bounded
    assert region.vertices[0] == (0, Fraction(1, 2))
    assert region.f_vector == (5, 5)
    assert region.volume == Fraction(7, 8)
    assert region.simplex_count == 3 and len(region.simplices) == 3
    assert all(len(s) == 3 for s in region.simplices)
    assert NET.pattern(region.interior_point) == region.pattern
    facet = region.facets[0]
    assert facet.inequality == (1, -1, 0) and facet.vertices == (3, 4)
    assert facet.sources == (("domain", 1),)
    assert repr(facet) == "Facet([1, -1, 0], vertices [3, 4], sources [('domain', 1)])"
    assert repr(region) == "Region(6, pattern 111, 5 vertices, 5 facets)"
    neuron_facets = [f for f in region.facets if f.sources[0][0] == "neuron"]
    assert ("neuron", 0, 2) in {s for f in neuron_facets for s in f.sources}
    assert region.affine_map() is None  # no output layer
    assert region.to_dict()["pattern"] == ["111"]
    # Every vertex of a facet satisfies its inequality with equality, and the others strictly.
    for f in region.facets:
        for i, v in enumerate(region.vertices):
            value = f.inequality[0] + sum(a * x for a, x in zip(f.inequality[1:], v))
            assert (value == 0) == (i in f.vertices) and value >= 0


def test_indexing_and_iteration():
    result = relupoly.regions(NET, (-1, 1))
    regions = list(result)
    assert [r.index for r in regions] == list(range(7))
    assert result[-1].index == 6 and result[-7].index == 0
    assert result[2] is result[2]  # decoded once
    assert [r.index for r in result[1:4]] == [1, 2, 3]
    assert [r.index for r in result[::-3]] == [6, 3, 0]
    with pytest.raises(IndexError):
        result[7]
    patterns = [r.pattern for r in result]
    assert patterns == sorted(patterns)


def test_flags():
    full = relupoly.regions(NET, (-1, 1))
    assert full[0].simplices is None and full[0].simplex_count == 2
    no_volumes = relupoly.regions(NET, (-1, 1), volumes=False)
    assert all(r.volume is None for r in no_volumes)
    assert [r.vertices for r in no_volumes] == [r.vertices for r in full]
    no_complex = relupoly.regions(NET, (-1, 1), complex=False)
    assert no_complex.adjacency is None and no_complex.summary["complex"] is None
    assert full.adjacency == [
        (0, 1),
        (0, 3),
        (1, 2),
        (1, 5),
        (2, 6),
        (3, 4),
        (3, 5),
        (4, 6),
        (5, 6),
    ]
    with_simplices = relupoly.regions(NET, (-1, 1), simplices=True)
    assert [len(r.simplices) for r in with_simplices] == [r.simplex_count for r in full]


def test_threads_give_the_same_result():
    net = relupoly.Network.random(3, [8, 8], seed=4)
    one = relupoly.regions(net, "rd", threads=1)
    two = relupoly.regions(net, "rd", threads=2)
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
    assert one.summary == two.summary and one.adjacency == two.adjacency


def test_output_layer_maps():
    net = relupoly.Network.random(2, [4], output=2, seed=1)
    result = relupoly.regions(net, (-1, 1))
    for region in result:
        rows = region.affine_map()
        assert len(rows) == 2
        x = region.interior_point
        assert net.forward(x) == [c + sum(w * xi for w, xi in zip(ws, x)) for c, *ws in rows]


CLI_CASES = [
    (
        "2d-box",
        dict(input_dim=2, widths=[6, 6], init="integers:2", seed=3),
        ["--box", "-1,1"],
        (-1, 1),
    ),
    ("3d-box-half", dict(input_dim=3, widths=[8, 6], seed=1), ["--box", "-1/2,2"], ("-1/2", 2)),
    ("2d-rd", dict(input_dim=2, widths=[8, 8], seed=2, output=1), ["--domain", "rd"], "rd"),
    (
        "3d-rd-zero-bias",
        dict(input_dim=3, widths=[5, 4], bias="zero", seed=6),
        ["--domain", "rd"],
        "rd",
    ),
]


@pytest.mark.parametrize(
    "recipe,args,domain", [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_summary_and_records_equal_the_cli(cli, write_net, tmp_path, recipe, args, domain):
    net = relupoly.Network.random(**recipe)
    path = write_net(net)
    result = relupoly.regions(net, domain, simplices=True)
    summary = summary_from_cli(cli("regions", path, *args, "--summary-json", "--quiet"))
    assert result.summary == summary
    assert list(result.summary) == list(summary)
    jsonl, graph = tmp_path / "regions.jsonl", tmp_path / "graph.json"
    cli("regions", path, *args, "--jsonl", jsonl, "--simplices", "--graph", graph, "--quiet")
    lines = jsonl.read_text().splitlines()
    assert len(lines) == len(result)
    for region, line in zip(result, lines):
        assert json.dumps(region.to_dict(), separators=(",", ":")) == line
    edges = [tuple(e["regions"]) for e in json.loads(graph.read_text())["edges"]]
    assert sorted(edges) == sorted(result.adjacency)


def test_polytope_domain_equals_the_cli(cli, write_net, tmp_path):
    net = relupoly.Network.random(3, [6, 6], seed=8)
    rows = [[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1], [1, -1, -1, -1]]  # a simplex
    domain = tmp_path / "simplex.json"
    domain.write_text(json.dumps({"inequalities": rows}))
    summary = summary_from_cli(cli("regions", write_net(net), "--domain", domain, "--summary-json"))
    assert relupoly.regions(net, relupoly.Polytope(rows)).summary == summary


def test_iter_regions_equals_regions():
    net = relupoly.Network.random(3, [10, 8], seed=5)
    for domain in [
        (-1, 1),
        "rd",
        relupoly.Polytope([[2, 1, 0, 0], [2, 0, 1, 0], [2, 0, 0, 1], [1, -1, -1, -1]]),
    ]:
        whole = relupoly.regions(net, domain, complex=False, simplices=True)
        stream = relupoly.iter_regions(net, domain, simplices=True)
        assert stream.summary() is None
        records = [r.to_dict() for r in stream]
        assert records == [r.to_dict() for r in whole]
        assert stream.summary() == whole.summary
        with pytest.raises(StopIteration):
            next(stream)
    cheap = relupoly.iter_regions(net, (-1, 1), volumes=False)
    assert all(r.volume is None for r in cheap)


def test_iter_regions_can_be_dropped_early():
    net = relupoly.Network.random(3, [24, 24], seed=0)
    stream = relupoly.iter_regions(net, "rd", volumes=False)
    first = [next(stream) for _ in range(3)]
    assert [r.index for r in first] == [0, 1, 2]
    del stream  # stops the enumeration thread


def test_too_many_regions():
    net = relupoly.Network.random(3, [16, 16], seed=1)
    with pytest.raises(relupoly.TooManyRegions) as caught:
        relupoly.regions(net, "rd", max_regions=50)
    error = caught.value
    assert error.limit == 50 and error.count > 50
    assert "more than 50 regions" in str(error)
    with pytest.raises(relupoly.TooManyRegions) as streamed:
        for _ in relupoly.iter_regions(net, "rd", max_regions=50):
            pass
    assert streamed.value.limit == 50 and streamed.value.count > 50
    with pytest.raises(relupoly.TooManyRegions):
        relupoly.theory(net, "rd", max_regions=50)
    # A limit at or above the count changes nothing.
    assert len(relupoly.regions(NET, (-1, 1), max_regions=7)) == 7


def test_too_many_regions_pickles():
    import pickle

    error = relupoly.TooManyRegions("stopped", 60, 50)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.count, again.limit) == ("stopped", 60, 50)


def test_progress_callback_sees_the_run():
    net = relupoly.Network.random(3, [12, 12], seed=0)
    calls = []
    result = relupoly.regions(net, (-1, 1), progress=lambda *a: calls.append(a))
    assert calls, "a run of about half a second reports progress"
    assert all(len(c) == 4 and all(isinstance(v, int) for v in c) for c in calls)
    assert all(c[3] <= len(result) for c in calls)
    assert [c[3] for c in calls] == sorted(c[3] for c in calls)


def test_an_exception_in_the_progress_callback_stops_the_run():
    net = relupoly.Network.random(3, [12, 12], seed=0)

    def fail(*args):
        raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        relupoly.regions(net, (-1, 1), progress=fail)


def test_progress_true_without_tqdm_prints_plain_lines(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    from relupoly import _progress

    callback = _progress.bar()
    assert isinstance(callback, _progress.PlainProgress)
    callback(10, 0, 0, 5)
    callback(10, 1, 4, 6)  # within the second: not printed
    err = capsys.readouterr().err
    assert err == "relupoly: splitting, frontier 10 pieces, at least 5 regions (0 s)\n"
    net = relupoly.Network.random(3, [12, 12], seed=0)
    assert len(relupoly.regions(net, (-1, 1), progress=True)) == 1903
    assert capsys.readouterr().err.startswith("relupoly: ")


def test_plain_progress_once_a_second(monkeypatch):
    from relupoly import _progress

    clock = [100.0]
    monkeypatch.setattr(_progress.time, "monotonic", lambda: clock[0])
    out = io.StringIO()
    callback = _progress.PlainProgress(out)
    for step in range(30):
        clock[0] += 0.1
        callback(64, step, 30, step * 10)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # at 0.1 s, then about every second of the 3 s
    assert lines[0] == "relupoly: work items 0/30, at least 0 regions (0 s)"


def test_progress_true_drives_a_tqdm_bar(monkeypatch):
    from relupoly import _progress

    class FakeTqdm:
        made = []

        def __init__(self, total=None, **kwargs):
            self.total, self.n, self.closed, self.postfix = total, 0, False, None
            FakeTqdm.made.append(self)

        def set_postfix(self, refresh=True, **kwargs):
            self.postfix = kwargs

        def refresh(self):
            pass

        def close(self):
            self.closed = True

    monkeypatch.setattr(_progress, "_tqdm", lambda: FakeTqdm)
    callback = _progress.bar()
    callback(100, 0, 0, 100)
    callback(100, 3, 8, 150)
    bar = FakeTqdm.made[0]
    assert (bar.total, bar.n, bar.postfix) == (8, 3, {"regions": 150, "frontier": 100})
    callback(100, 8, 8, 400)
    assert bar.closed
    # Through regions: the bar is closed when the run returns.
    net = relupoly.Network.random(3, [12, 12], seed=0)
    relupoly.regions(net, (-1, 1), progress=True)
    assert len(FakeTqdm.made) == 2 and FakeTqdm.made[1].closed


def test_progress_with_the_real_tqdm(capsys):
    pytest.importorskip("tqdm")
    net = relupoly.Network.random(3, [12, 12], seed=0)
    assert len(relupoly.regions(net, (-1, 1), progress=True)) == 1903
    assert "relupoly" in capsys.readouterr().err
