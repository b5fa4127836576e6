"""relupoly.testing: the Hypothesis strategies draw what they say (the kinds, the sizes, exact
binary64 inputs) and their answers hold what the Rust kit's answers guarantee (volumes partition
the domain, vertices on their facets, interior points with their pattern, polytope answers
consistent with their inputs)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relupoly
from relupoly.testing import NetworkCase, PolytopeCase, networks, polytopes


@settings(max_examples=80)
@given(
    networks(
        input_dim=(2, 3), widths=(1, 4), depth=(1, 2), kind=["generic", "degenerate", "zero-bias"]
    )
)
def test_network_cases_and_their_answers(case):
    assert isinstance(case, NetworkCase)
    d = case.input_dim
    assert case.network.input_dim == d and case.network.widths == case.widths
    assert 2 <= d <= 3 and 1 <= len(case.widths) <= 2 and all(1 <= w <= 4 for w in case.widths)
    assert case.recipe in repr(case)
    # The float64 view is exact.
    rebuilt = relupoly.Network.from_arrays(
        [w for w, _ in case.layers_f64()], [b for _, b in case.layers_f64()]
    )
    assert rebuilt.to_json() == case.network.to_json()
    if case.kind == "degenerate":
        assert all(
            float(x).is_integer() and abs(x) <= 2
            for w, b in case.layers_f64()
            for x in [*w.ravel(), *b]
        )
    if case.kind == "zero-bias":
        assert all((b == 0).all() for _, b in case.layers_f64())
    answer = case.answer
    assert answer is case.answer  # computed once
    assert sum(r.volume for r in answer) == 2**d == answer.summary["volume_total"]
    assert answer.summary["complex"]["euler_characteristic"] == 1
    for region in answer:
        assert case.network.pattern(region.interior_point) == region.pattern
        for facet in region.facets:
            for i, v in enumerate(region.vertices):
                value = facet.inequality[0] + sum(a * x for a, x in zip(facet.inequality[1:], v))
                assert value >= 0 and (value == 0) == (i in facet.vertices)
        for i in range(len(region.vertices)):
            assert sum(i in f.vertices for f in region.facets) >= d


@settings(max_examples=15)
@given(networks(input_dim=2, widths=(1, 4), kind=["generic", "zero-bias"]))
def test_whole_space_answers(case):
    whole = case.whole_space()
    assert whole.summary["complex"]["euler_characteristic"] == 1  # (-1)^d, d = 2
    if case.kind == "zero-bias":
        assert all(not r.bounded for r in whole)  # cones from the origin
    assert len(whole) >= 1


@settings(max_examples=150)
@given(polytopes(dim=(2, 4), kind=["generic", "degenerate", "near-degenerate"]))
def test_polytope_cases_and_their_answers(case):
    assert isinstance(case, PolytopeCase) and case.kind in repr(case)
    d = case.dim
    answer = case.answer
    assert answer["volume"] > 0 and len(answer["vertices"]) >= d + 1
    assert answer["vertices"] == sorted(answer["vertices"])
    rows = case.rows_f64()
    assert [[Fraction(x) for x in row] for row in rows] == [
        [Fraction(x) for x in row] for row in case.rows
    ]
    if case.kind == "generic":
        assert all((np.abs(rows) * 2**20 % 1 == 0).ravel())
    if case.representation == "inequalities":
        assert case.points is None and len(case.rows) >= 2 * d + 1
        for facet in answer["facets"]:
            # Every row supporting a facet is a positive multiple of its inequality.
            for r in facet["rows"]:
                row = [Fraction(x) for x in case.rows[r]]
                scale = next(x / y for x, y in zip(row, facet["inequality"]) if y != 0)
                assert scale > 0 and row == [scale * y for y in facet["inequality"]]
        for v in answer["vertices"]:
            assert all(row[0] + sum(a * x for a, x in zip(row[1:], v)) >= 0 for row in case.rows)
    else:
        assert case.inequalities is None
        hull = relupoly.polytope(vertices=[list(v) for v in answer["vertices"]])
        assert hull["volume"] == answer["volume"]
        assert set(answer["vertices"]) <= {tuple(Fraction(x) for x in p) for p in case.rows}


def test_strategy_arguments_are_checked():
    with pytest.raises(ValueError, match='unknown network kind "odd"'):
        networks(kind="odd")
    with pytest.raises(ValueError, match='unknown polytope kind "round"'):
        polytopes(kind="round")
    with pytest.raises(ValueError, match=r"widths: \(3, 1\) is not a range"):
        networks(widths=(3, 1))


@settings(max_examples=10)
@given(st.data())
def test_a_degenerate_case_on_another_box(data):
    case = data.draw(networks(kind="degenerate", domain=relupoly.Box(-2, 2)))
    assert case.answer.summary["volume_total"] == 16
    assert case.init.startswith("integers:") and case.bias == case.init
