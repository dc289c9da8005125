"""What a build on a cluster says when the cluster cannot do its part: each error code of
``publish.cluster``, from a scheduler that does not answer to a worker that dies with every try."""
from __future__ import annotations

import operator
import os
import sys

import dask
import pytest
from distributed import LocalCluster

from publish import cluster as cluster_module
from publish.cluster import ClusterEngine, code_fingerprint, run_on_worker
from publish.diagnostics import PublishError
from publish.engine import LocalEngine, Task
from tests.cluster_support import free_port, publish_build
from tests.conftest import REAL_SERIES


def codes(error: PublishError) -> list[str]:
    return [d.code for d in error.diagnostics]


def test_a_scheduler_that_does_not_answer_stops_the_build_before_anything_is_written(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    done = publish_build(REAL_SERIES, tmp_path, "--scheduler", address,
                         env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert done.returncode == 1
    assert f"publish: error[cluster-unreachable]: no Dask scheduler answers at {address}" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / REAL_SERIES.name).exists()


def test_without_dask_a_scheduler_cannot_be_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as where publish[cluster] is not installed
    with pytest.raises(PublishError) as raised:
        ClusterEngine("tcp://127.0.0.1:8786", LocalEngine(1))
    assert codes(raised.value) == ["cluster-no-dask"]
    assert "pip install 'publish[cluster]'" in raised.value.diagnostics[0].hint


def test_a_scheduler_without_workers(monkeypatch):
    monkeypatch.setattr(cluster_module, "WORKERS_TIMEOUT", 0.5)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty:
        engine = ClusterEngine(empty.scheduler_address, LocalEngine(1))
        try:
            with pytest.raises(PublishError) as raised:
                engine.run_all([Task(operator.add, (1, 2), 1, "a sum")])
        finally:
            engine.close()
    assert codes(raised.value) == ["cluster-no-workers"]


def test_a_worker_running_other_code_makes_nothing():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as here:
        engine = ClusterEngine(here.scheduler_address, LocalEngine(1))
        try:
            assert engine.run_all([Task(operator.add, (1, 2), 1, "a sum")]) == [3]
            engine.code = "0" * 64  # as a build of another version of publish would ask
            with pytest.raises(PublishError) as raised:
                engine.run_all([Task(operator.add, (1, 2), 1, "the part 'front' of the print book")])
        finally:
            engine.close()
    assert codes(raised.value) == ["cluster-worker-version"]
    assert raised.value.diagnostics[0].message.startswith("the part 'front' of the print book: the worker runs")
    assert run_on_worker(code_fingerprint(), operator.mul, (6, 7), "a product", {}) == 42


def test_a_task_that_kills_every_worker_it_runs_on_is_named():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as here:
            engine = ClusterEngine(here.scheduler_address, LocalEngine(1))
            try:
                with pytest.raises(PublishError) as raised:
                    engine.run_all([Task(os._exit, (3,), 1, "the part 'siege-socialism' of the print book")])
            finally:
                engine.close()
    assert codes(raised.value) == ["cluster-worker-lost"]
    assert raised.value.diagnostics[0].message.startswith("the part 'siege-socialism' of the print book: ")
