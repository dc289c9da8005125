"""Building on a Dask cluster: a scheduler and two workers started here, on localhost only, each worker
from its own copy of the package and refused every file of the series, of the build folder and of this
checkout's code and styles (``tests/cluster_support.py``, ``tests/cluster_guard.py``). The outputs must be
byte for byte those of a build on this machine's processes, a worker killed mid-build must cost nothing
but time, and a failing task must name its part."""
from __future__ import annotations

import operator
import os
import shutil
import signal
import threading
import time

import pytest

from publish.cluster import ClusterEngine
from publish.engine import LocalEngine, Task, TaskFailed
from tests.cluster_support import Cluster, output_files, publish_build
from tests.conftest import REAL_SERIES, ROOT


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    """The seed series copied to a folder of its own, its local build (one worker), and the cluster."""
    folder = tmp_path_factory.mktemp("cluster")
    series = folder / "series" / REAL_SERIES.name
    shutil.copytree(REAL_SERIES, series)
    outs = folder / "outs"
    cluster = Cluster(folder / "cluster", [series.parent, outs, ROOT / "styles", ROOT / "publish", ROOT / "series"])
    (folder / "cluster").mkdir()
    starting = threading.Thread(target=cluster.start)
    starting.start()  # (the workers start while the local build runs)
    local = publish_build(series, outs / "local", "-j", "1")
    starting.join()
    try:
        assert local.returncode == 0, local.stderr
        yield series, outs, output_files(outs / "local"), cluster
    finally:
        cluster.stop()


def test_a_cluster_build_gives_the_bytes_of_a_local_one_without_reading_the_series(setting):
    series, outs, local, cluster = setting
    built = publish_build(series, outs / "cluster", "-v", "--scheduler", cluster.address)
    assert built.returncode == 0, built.stderr
    assert f"workers: the Dask cluster at {cluster.address}: 2 worker(s), 2 thread(s)" in built.stderr
    remote = output_files(outs / "cluster")
    assert sorted(remote) == sorted(local)
    assert {"classical-marxism/classical-marxism.pdf", "classical-marxism/articles/siege-socialism.epub"} <= set(local)
    assert [name for name in local if remote[name] != local[name]] == []
    assert cluster.refused() == []  # no worker tried to open a file of the series, the build or this checkout


def test_a_right_to_left_book_in_its_own_script_gives_the_same_bytes_on_the_cluster(setting):
    """An Arabic series: the workers lay it out with the Arabic font and right-to-left sheets their tasks carried."""
    series, outs, _, cluster = setting
    arabic = series.parent / "lang-ar"  # (beside the seed series: no worker may read it)
    shutil.copytree(ROOT / "tests" / "series" / "lang-ar", arabic)
    local = publish_build(arabic, outs / "arabic-local", "-j", "1")
    remote = publish_build(arabic, outs / "arabic-cluster", "--scheduler", cluster.address)
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    here, there = output_files(outs / "arabic-local"), output_files(outs / "arabic-cluster")
    assert sorted(here) == sorted(there) and "lang-ar/lang-ar.pdf" in here
    assert [name for name in here if here[name] != there[name]] == []
    assert cluster.refused() == []


def test_the_guard_refuses_a_worker_the_series(setting):
    """The check above can fail: a worker that reads the series is refused, and it is written down."""
    series, _, _, cluster = setting
    article = next((series / "articles").glob("*.md"))
    with cluster.client() as client:
        with pytest.raises(PermissionError):
            client.submit(article.read_bytes, pure=False).result(timeout=30)
    assert any(line.endswith(f"open {article}") for line in cluster.refused())
    cluster.audit_log.unlink()


def test_a_worker_lost_mid_build_is_retried_on_another(setting):
    series, outs, local, cluster = setting
    env = {"PUBLISH_SCHEDULER": cluster.address}
    result = {}
    building = threading.Thread(target=lambda: result.update(done=publish_build(series, outs / "lost", env=env)))
    with cluster.client() as client:
        building.start()
        killed = None
        deadline = time.monotonic() + 120
        while killed is None and building.is_alive() and time.monotonic() < deadline:
            busy = [address for address, keys in client.processing().items() if keys]
            if busy:
                name = client.scheduler_info()["workers"][busy[0]]["name"]  # "worker-<n>"
                killed = cluster.workers[int(str(name).rsplit("-", 1)[1])].pid
                os.kill(killed, signal.SIGKILL)  # one of the two workers this test started
            time.sleep(0.02)
        building.join()
    assert killed in [worker.pid for worker in cluster.workers]
    assert result["done"].returncode == 0, result["done"].stderr
    lost = output_files(outs / "lost")
    assert sorted(lost) == sorted(local) and [name for name in local if lost[name] != local[name]] == []
    assert cluster.refused() == []


def test_a_failing_task_names_its_part(setting):
    *_, cluster = setting
    engine = ClusterEngine(cluster.address, LocalEngine(1))
    try:
        with pytest.raises(TaskFailed, match=r"the part 'broken' of the print book: ZeroDivisionError"):
            engine.run_all([Task(operator.truediv, (1, 0), 1, "the part 'broken' of the print book")])
        assert engine.run_all([Task(operator.add, (2, 3), 1, "a sum"), Task(operator.mul, (2, 3), 2, "a product")]) \
            == [5, 6]
    finally:
        engine.close()
