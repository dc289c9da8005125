"""Workers from the machine: as many as the CPUs this process may use, as the memory holds; ``-j N`` /
``PUBLISH_JOBS`` as make has it; the same bytes whatever their number."""
from __future__ import annotations

import operator

import pytest

from publish import engine
from publish.engine import MEMORY_PER_WORKER, LocalEngine, Task, TaskFailed, default_jobs
from tests.cluster_support import output_files, publish_build
from tests.conftest import write_series

GiB = 2**30


@pytest.mark.parametrize("cpus, memory, expected", [
    (16, 64 * GiB, 16),                      # memory to spare: one per CPU
    (16, 6 * MEMORY_PER_WORKER + 1, 6),      # room for six workers only
    (2, 24 * GiB, 2),
    (8, MEMORY_PER_WORKER // 2, 1),          # never fewer than one
    (4, None, 4),                            # the memory cannot be read: one per CPU
])
def test_default_workers_are_the_cpus_as_far_as_memory_allows(monkeypatch, cpus, memory, expected):
    monkeypatch.setattr(engine, "usable_cpus", lambda: cpus)
    monkeypatch.setattr(engine, "available_memory", lambda: memory)
    assert default_jobs() == expected


def test_the_memory_available_is_read_from_the_machine():
    memory = engine.available_memory()
    with open("/proc/meminfo", encoding="ascii") as info:
        total = next(int(line.split()[1]) * 1024 for line in info if line.startswith("MemTotal:"))
    assert memory is not None and 0 < memory <= total


def test_a_failing_task_names_its_part_and_the_others_keep_their_order():
    tasks = [Task(operator.add, (1, 2), 1, "a sum"), Task(operator.truediv, (1, 0), 2, "the part 'broken'")]
    with pytest.raises(TaskFailed, match=r"^the part 'broken': ZeroDivisionError: division by zero$"):
        LocalEngine(2).run_all(tasks)
    ordered = [Task(operator.mul, (n, n), n) for n in range(1, 6)]  # the largest runs first
    assert LocalEngine(2).run_all(ordered) == [1, 4, 9, 16, 25] == LocalEngine(1).run_all(ordered)


ESSAY = "---\ntitle: Essay {n}\n---\n\nText of essay {n}, with a note.[^a]\n\n[^a]: The note of essay {n}.\n"


def test_one_worker_or_two_give_the_same_bytes(tmp_path):
    series = write_series(tmp_path / "three", {f"0{n}-essay-{n}.md": ESSAY.format(n=n) for n in range(1, 4)})
    one = publish_build(series, tmp_path / "one", "-j", "1", "-v")
    two = publish_build(series, tmp_path / "two", "-v", env={"PUBLISH_JOBS": "2"})
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert "workers: 1 worker process on this machine" in one.stderr
    assert "workers: 2 worker processes on this machine" in two.stderr
    first, second = output_files(tmp_path / "one"), output_files(tmp_path / "two")
    assert len(first) > 5 and sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize("option, env", [(["-j", "0"], {}), (["--jobs", "two"], {}), ([], {"PUBLISH_JOBS": "-3"})])
def test_a_number_of_workers_that_is_none_is_a_usage_error(tmp_path, option, env):
    done = publish_build(tmp_path / "nowhere", tmp_path / "out", *option, env=env)
    assert done.returncode == 2
    assert "is not a number of workers" in done.stderr and "Traceback" not in done.stderr
