"""Ctrl-C: a SIGINT (here `_thread.interrupt_main()` from a timer thread) during a long
enumeration raises KeyboardInterrupt within a second or so, with the work stopped; the GIL is
released while relupoly works."""

import _thread
import signal
import threading
import time

import pytest

import relupoly

# d = 3, widths 24,24,24 over R^3: far more than the few seconds the tests wait.
LONG = relupoly.Network.random(3, [24, 24, 24], seed=0)


@pytest.fixture(autouse=True)
def python_handles_sigint():
    """Python's own SIGINT handler for each test: a shell that starts the test run in the
    background makes it inherit SIGINT ignored, and then `interrupt_main` does nothing."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def interrupted(call, after=0.5):
    """Runs `call`, interrupting the main thread `after` seconds in; returns how long the
    KeyboardInterrupt took to arrive after the interrupt."""
    fired = []

    def fire():
        fired.append(time.monotonic())
        _thread.interrupt_main()

    timer = threading.Timer(after, fire)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
        return time.monotonic() - fired[0]
    finally:
        timer.cancel()


@pytest.mark.parametrize("kind", ["regions", "regions-threads-1", "theory", "compare"])
def test_ctrl_c_stops_a_long_enumeration(kind):
    calls = {
        "regions": lambda: relupoly.regions(LONG, "rd"),
        "regions-threads-1": lambda: relupoly.regions(LONG, "rd", threads=1, volumes=False),
        "theory": lambda: relupoly.theory(LONG, "rd"),
        "compare": lambda: relupoly.compare(LONG, {"engine": "x", "counts": {"regions": 1}}, "rd"),
    }
    assert interrupted(calls[kind]) < 1.5
    # The library is usable at once afterwards (the stopped run left nothing behind).
    assert len(relupoly.regions(relupoly.Network.random(2, [3], seed=1), (-1, 1))) >= 1


def test_ctrl_c_while_waiting_for_a_streamed_region():
    stream = relupoly.iter_regions(LONG, "rd", volumes=False)

    def drain():
        for _ in stream:
            pass

    assert interrupted(drain) < 1.5


def test_ctrl_c_in_the_progress_callback_path():
    seen = []
    took = interrupted(lambda: relupoly.regions(LONG, "rd", progress=lambda *a: seen.append(a)))
    assert took < 1.5 and seen


def test_the_gil_is_released_during_an_enumeration():
    """Another Python thread keeps running while relupoly enumerates."""
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    worker = threading.Thread(target=count)
    net = relupoly.Network.random(3, [12, 12], seed=0)
    worker.start()
    try:
        started = time.monotonic()
        relupoly.regions(net, (-1, 1), threads=1)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        worker.join()
    during = [t for t in ticks if started <= t <= started + elapsed]
    assert elapsed > 0.2 and len(during) >= elapsed / 0.01 / 4


def test_enumerations_run_in_parallel_threads():
    from concurrent.futures import ThreadPoolExecutor

    nets = [relupoly.Network.random(2, [6, 6], seed=s) for s in range(6)]
    alone = [len(relupoly.regions(n, "rd")) for n in nets]
    with ThreadPoolExecutor(3) as pool:
        together = list(pool.map(lambda n: len(relupoly.regions(n, "rd", threads=1)), nets))
    assert together == alone
