"""Shared fixtures: a real Elasticsearch (started by scripts/elasticsearch.sh) and fresh prefixes."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipwatch.settings import Settings, load_settings
from ipwatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ES_SCRIPT = ROOT / "scripts" / "elasticsearch.sh"
ES_PORT = os.environ.get("IPWATCH_ES_PORT", "9200")


CLUSTER_PORT = os.environ.get("IPWATCH_TEST_CLUSTER_PORT", "9281")
CLUSTER_BOOT = pytest.StashKey[subprocess.Popen]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The 3-node cluster of tests/test_cluster.py takes a minute and more to boot: when its tests are
    selected, they run last and the boot starts now, in the background, while the others run."""
    if config.option.collectonly or not any(item.get_closest_marker("cluster") for item in items):
        return
    items.sort(key=lambda item: item.get_closest_marker("cluster") is not None)     # stable: the rest keep order
    env = {**os.environ, "IPWATCH_ES_CLUSTER_PORT": CLUSTER_PORT}
    with open(Path(os.environ.get("TMPDIR", "/tmp")) / f"ipwatch-test-cluster-{CLUSTER_PORT}.log", "w") as log:
        config.stash[CLUSTER_BOOT] = subprocess.Popen(
            ["bash", "-c", f'"{ES_SCRIPT}" cluster clean && "{ES_SCRIPT}" cluster start 3'],
            env=env, stdout=log, stderr=subprocess.STDOUT)


def pytest_unconfigure(config: pytest.Config) -> None:
    """No cluster node outlives the session, even one whose tests were deselected or interrupted."""
    boot = config.stash.get(CLUSTER_BOOT, None)
    if boot is None:
        return
    if boot.poll() is None:
        boot.terminate()
        boot.wait()
    subprocess.run([str(ES_SCRIPT), "cluster", "clean"], env={**os.environ, "IPWATCH_ES_CLUSTER_PORT": CLUSTER_PORT},
                   check=False, capture_output=True)


@pytest.fixture(scope="session")
def cluster_boot(request: pytest.FixtureRequest) -> subprocess.Popen | None:
    """The background boot of the test cluster, if collection started one. A fixture, not an import:
    pytest loads this file as `conftest`, and a test module's `tests.conftest` is a second copy
    whose stash key would find nothing (the cluster then booted twice, racing itself)."""
    return request.config.stash.get(CLUSTER_BOOT, None)


def es_ctl(cmd: str, port: str = ES_PORT) -> None:
    env = {**os.environ, "IPWATCH_ES_PORT": port}
    subprocess.run([str(ES_SCRIPT), cmd], check=True, env=env)


@pytest.fixture(scope="session")
def es_url() -> str:
    es_ctl("start")
    return f"http://127.0.0.1:{ES_PORT}"


@pytest.fixture
def settings(tmp_path: Path, es_url: str) -> Settings:
    """Settings for one test: the real node, a unique index prefix, a private spool."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    env = {"IPWATCH_ES__URL": es_url, "IPWATCH_ES__INDEX_PREFIX": prefix,
           "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"), "IPWATCH_ES__BACKOFF_INITIAL": "0.05",
           "IPWATCH_CRAWL__STATE_DIR": str(tmp_path / "crawl")}
    return load_settings(ROOT / "config", env=env)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    st = Store(settings)
    st.setup()
    yield st
    drop_prefix(st)


def drop_prefix(st: Store) -> None:
    """Remove every index, template and component template of the store's prefix."""
    prefix = st.ix.prefix
    st.es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
    st.es.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-*")
    st.es.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-*")


REDIS_PORT = int(os.environ.get("IPWATCH_TEST_REDIS_PORT", "6391"))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis (Debian's redis-server) started by scripts/redis.sh on its own port, stopped after."""
    env = {**os.environ, "IPWATCH_REDIS_PORT": str(REDIS_PORT),
           "IPWATCH_REDIS_DIR": str(tmp_path_factory.mktemp("redis"))}
    script = str(ROOT / "scripts" / "redis.sh")
    subprocess.run([script, "start"], check=True, env=env)
    try:
        yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    finally:
        subprocess.run([script, "stop"], check=False, env=env)


@pytest.fixture(scope="session")
def stand_in_demo(es_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, float, Any, Path]]:
    """The demo run in-process with the keyword stand-in for the model, once per session under its own
    prefix (tests/test_demo.py checks its run, tests/test_reports.py reads its data): (summary, seconds it
    took, an app on its data, its base folder)."""
    from ipwatch.context import AppContext
    from ipwatch.shell.demo import run_demo
    from ipwatch.watchlist import load_watchlist
    from tests.test_demo import KeywordAnalyzer

    tmp = tmp_path_factory.mktemp("stand-in-demo")
    prefix = f"test-{uuid.uuid4().hex[:8]}-demo"
    env = {"IPWATCH_ES__URL": es_url, "IPWATCH_SPOOL__DIR": str(tmp / "spool"), "IPWATCH_BASE_DIR": str(tmp),
           "IPWATCH_CRAWL__STATE_DIR": str(tmp / "crawl")}
    base = AppContext(settings=load_settings(ROOT / "config", env=env))
    app = AppContext(settings=load_settings(ROOT / "config", env={**env, "IPWATCH_ES__INDEX_PREFIX": prefix}))
    t0 = time.monotonic()
    try:
        summary = run_demo(base, prefix=prefix, progress=False, echo=lambda *a: None,
                           analyzer=KeywordAnalyzer(load_watchlist(ROOT / "config" / "watchlist.yaml")))
        took = time.monotonic() - t0
        app.store.setup()          # the evaluations index among them
        yield summary, took, app, tmp
    finally:
        drop_prefix(app.store)


from tests.console_support import console_demo  # noqa: E402,F401 - one demo run shared by the console tests
