"""relupoly.distributed: shards run as Ray tasks on a local Ray of two workers and merged give
exactly what relupoly.regions gives; a shard whose worker dies is rerun alone; the parts are
interchangeable with the CLI's; the merge refuses parts that are not one run's."""

import os

import pytest
import ray

import relupoly
from relupoly import distributed

GENERIC = relupoly.Network.random(input_dim=3, widths=[6, 6], seed=3, output=1)
DEGENERATE = relupoly.Network.random(
    input_dim=2, widths=[5, 5], seed=2, output=2, init="integers:2"
)
TRIANGLE = relupoly.Polytope([[1, 1, 0], [1, 0, 1], [1, -1, -1]])


@pytest.fixture(scope="module")
def two_workers():
    """A local Ray of two CPUs (two workers), shared by the module's tests."""
    ray.init(num_cpus=2, log_to_driver=False, include_dashboard=False)
    yield
    ray.shutdown()


def same(a, b):
    assert len(a) == len(b)
    assert a._records == b._records
    assert a.summary == b.summary
    assert a.adjacency == b.adjacency


@pytest.mark.parametrize(
    "net, domain, shards",
    [
        (GENERIC, (-1, 1), 3),
        (GENERIC, "rd", 2),
        (DEGENERATE, TRIANGLE, 4),
        (DEGENERATE, "rd", 7),
    ],
)
def test_ray_shards_merge_to_the_unsharded_result(two_workers, net, domain, shards):
    same(distributed.regions(net, domain, shards=shards), relupoly.regions(net, domain))


def test_progress_reaches_every_shard(two_workers):
    seen = []
    distributed.regions(GENERIC, shards=3, progress=lambda *p: seen.append(p))
    assert seen[-1][:2] == (3, 3)
    assert [p[0] for p in seen] == sorted(p[0] for p in seen)
    assert all(done <= items for _, _, done, items in seen)


def test_a_shard_whose_worker_dies_is_rerun_alone(two_workers, tmp_path, monkeypatch):
    real = distributed._shard_task
    attempts = tmp_path

    def dies_once(network_json, domain, index, count, options, board):
        mark = attempts / f"shard{index}"
        with open(mark, "a") as f:
            f.write("x")
        if index == 1 and os.path.getsize(mark) == 1:
            os._exit(1)  # the worker process dies mid-run, as on a lost machine
        return real(network_json, domain, index, count, options, board)

    monkeypatch.setattr(distributed, "_shard_task", dies_once)
    result = distributed.regions(GENERIC, shards=3, max_retries=2)
    same(result, relupoly.regions(GENERIC))
    tries = {k: os.path.getsize(attempts / f"shard{k}") for k in range(3)}
    assert tries == {0: 1, 1: 2, 2: 1}


def test_parts_equal_the_clis(cli, write_net, tmp_path):
    path = write_net(GENERIC)
    for k in range(2):
        out = tmp_path / f"part{k}"
        cli("regions", path, "--shard", f"{k}/2", "--out", out, "--records", "--quiet")
        assert distributed.shard(GENERIC, (-1, 1), k, 2) == out.read_bytes()


def test_the_merge_refuses_parts_that_are_not_one_run():
    parts = [distributed.shard(GENERIC, (-1, 1), k, 3) for k in range(3)]
    same(distributed.merge(parts), relupoly.regions(GENERIC))
    with pytest.raises(ValueError, match="shard 1/3 missing"):
        distributed.merge([parts[0], parts[2]])
    with pytest.raises(ValueError, match="given twice"):
        distributed.merge([parts[0], parts[1], parts[1], parts[2]])
    with pytest.raises(ValueError, match="truncated"):
        distributed.merge([parts[0], parts[1][:-40], parts[2]], ["a", "b", "c"])
    other = distributed.shard(DEGENERATE, (-1, 1), 1, 3)
    with pytest.raises(ValueError, match="different runs: the networks differ"):
        distributed.merge([parts[0], other, parts[2]])
    with pytest.raises(ValueError, match="0 <= K < N"):
        distributed.shard(GENERIC, (-1, 1), 3, 3)
