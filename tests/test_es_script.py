"""`scripts/elasticsearch.sh cluster clean` against stand-in nodes (no Elasticsearch needed).

Elasticsearch deletes its pid file as it shuts down, and may still write for a moment after that. `clean`
once tested for the pid file and then read it, so a node that stopped in between failed the script under
`set -e` (the CI teardown of tests/test_cluster.py), and a node that had already deleted its file was not
waited for while its folder was being removed. The stand-ins here behave that way on purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import ES_SCRIPT

# A stand-in node: writes its pid file, and on SIGTERM deletes it first, then goes on writing into its data
# folder for `linger` seconds before it exits (what a stopping Elasticsearch looks like from outside).
# With `ignore`, it ignores SIGTERM altogether (a hung node).
NODE = r"""
import os, signal, sys, time
pidfile, data, linger, ignore = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4] == "1"
def stop(*_):
    os.remove(pidfile)
    end = time.time() + linger
    n = 0
    while time.time() < end:
        n += 1
        with open(os.path.join(data, f"segment-{n}"), "w") as fh:
            fh.write("x")
        time.sleep(0.02)
    sys.exit(0)
signal.signal(signal.SIGTERM, signal.SIG_IGN if ignore else stop)
with open(pidfile + ".tmp", "w") as fh:
    fh.write(str(os.getpid()))
os.replace(pidfile + ".tmp", pidfile)
while True:
    time.sleep(0.05)
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    port = str(20000 + os.getpid() % 20000)
    return {**os.environ, "IPWATCH_ES_HOME": str(tmp_path / "es"), "IPWATCH_ES_CLUSTER_PORT": port, **extra}


def _script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ES_SCRIPT), "cluster", *args], env=env, text=True, capture_output=True, timeout=120)


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen]]:
    """The stand-in nodes a test starts; any still running afterwards is killed."""
    procs: list[subprocess.Popen] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            p.kill()


def _start_nodes(procs: list[subprocess.Popen], cluster_dir: Path, lingers: list[float],
                 ignore: set[int] = frozenset()) -> list[subprocess.Popen]:
    cluster_dir.mkdir(parents=True, exist_ok=True)
    (cluster_dir / "nodes").write_text(f"{len(lingers)}\n")
    for i, linger in enumerate(lingers, start=1):
        node = cluster_dir / f"node-{i}"
        (node / "data").mkdir(parents=True, exist_ok=True)
        proc = subprocess.Popen([sys.executable, "-c", NODE, str(node / "es.pid"), str(node / "data"), str(linger),
                                 "1" if i in ignore else "0"])
        threading.Thread(target=proc.wait, daemon=True).start()     # reap it, or `kill -0` sees a zombie alive
        procs.append(proc)
    deadline = time.time() + 30
    while not all((cluster_dir / f"node-{i}" / "es.pid").exists() for i in range(1, len(lingers) + 1)):
        assert time.time() < deadline, "the stand-in nodes did not start"
        time.sleep(0.05)
    return procs


@pytest.fixture
def cluster_dir(tmp_path: Path) -> Path:
    out = _script(_env(tmp_path), "dir")
    assert out.returncode == 0, out.stderr
    return Path(out.stdout.strip())


def test_clean_waits_for_nodes_that_delete_their_pid_file_and_removes_their_data(
        tmp_path: Path, cluster_dir: Path, spawned: list[subprocess.Popen]) -> None:
    procs = _start_nodes(spawned, cluster_dir, [0.5, 1.5, 1.5])
    out = _script(_env(tmp_path), "clean")
    assert out.returncode == 0, out.stderr
    alive = [p.pid for p in procs if p.poll() is None]
    assert alive == [], f"clean returned while nodes {alive} were still running"
    assert not list(cluster_dir.glob("node-*")), "a node's folder survived clean"
    assert not (cluster_dir / "nodes").exists()
    assert "data removed" in out.stderr


def test_a_node_that_ignores_sigterm_is_killed_after_the_grace_period(
        tmp_path: Path, cluster_dir: Path, spawned: list[subprocess.Popen]) -> None:
    procs = _start_nodes(spawned, cluster_dir, [0.2, 0.2], ignore={2})
    out = _script(_env(tmp_path, IPWATCH_ES_STOP_WAIT="2"), "clean")
    assert out.returncode == 0, out.stderr
    assert f"pid {procs[1].pid} did not stop in 2 s; sending SIGKILL" in out.stderr
    time.sleep(0.2)
    assert [p.poll() is None for p in procs] == [False, False]
    assert not list(cluster_dir.glob("node-*"))


def test_clean_with_nothing_running_succeeds(tmp_path: Path, cluster_dir: Path) -> None:
    out = _script(_env(tmp_path), "clean")
    assert out.returncode == 0, out.stderr
    assert "data removed" in out.stderr


def test_the_node_keeps_its_temporary_files_in_its_own_folder(es_url: str) -> None:
    """Unset, ES_TMPDIR is a new /tmp/elasticsearch-* at every start that nothing removes (and that a /tmp
    cleaner may remove under a running node); the script gives each node a tmp/ beside its bin/."""
    nodes = Elasticsearch(es_url).nodes.info(node_id="_local", metric="jvm")["nodes"]
    (jvm,) = [n["jvm"] for n in nodes.values()]
    (tmpdir,) = [a.split("=", 1)[1] for a in jvm["input_arguments"] if a.startswith("-Djava.io.tmpdir=")]
    folder = Path(tmpdir)
    assert folder.name == "tmp" and (folder.parent / "bin" / "elasticsearch").exists(), tmpdir
