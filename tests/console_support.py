"""The console tests' shared data: `ipwatch demo` run once per session (the real crawler, model,
scoring and alerts against the bundled scenario) under its own prefix, plus accounts of each role.
tests/test_demo.py reads the same run's summary and output (one demo run per session, not two)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ipwatch.context import AppContext
from ipwatch.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]

PASSWORD = "correct-horse-battery"
CONSOLE_URL = "http://127.0.0.1:8787/ipwatch"      # the demo's messages link here (console.base_url)
ROLES = {"viewer1": "viewer", "officer1": "officer", "admin1": "admin"}


@dataclass
class Demo:
    prefix: str
    settings: Settings
    env: dict[str, str]
    summary: dict[str, Any]
    took: float                                     # seconds the demo run took
    run: subprocess.CompletedProcess[str]           # its stdout and stderr

    def app(self) -> AppContext:
        return AppContext(config_dir=ROOT / "config", settings=self.settings)

    def hits(self, logical: str, **body: Any) -> list[dict[str, Any]]:
        st = self.app().store
        st.refresh(st.ix.name(logical))
        return [h["_source"] for h in st.search(st.ix.name(logical), **body)["hits"]["hits"]]

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ipwatch", *args], env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


@pytest.fixture(scope="session")
def console_demo(es_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    prefix = f"test-console-demo-{uuid.uuid4().hex[:8]}"
    spool = tmp_path_factory.mktemp("console-spool")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_ES__URL": es_url, "IPWATCH_CONFIG_DIR": str(ROOT / "config"),
                "IPWATCH_ES__INDEX_PREFIX": prefix, "IPWATCH_SPOOL__DIR": str(spool),
                "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1,localhost"})
    demo_env = {**env, "IPWATCH_CONSOLE__BASE_URL": CONSOLE_URL}
    t0 = time.monotonic()
    try:
        out = subprocess.run([sys.executable, "-m", "ipwatch", "demo", "--prefix", prefix, "--json"], env=demo_env,
                             capture_output=True, text=True, timeout=400, cwd=ROOT, check=False)
        took = time.monotonic() - t0
        assert out.returncode == 0, out.stderr[-4000:]
        demo = Demo(prefix, load_settings(ROOT / "config", env={k: v for k, v in env.items()
                                                               if k.startswith(("IPWATCH_ES", "IPWATCH_SPOOL"))}),
                    env, json.loads(out.stdout[out.stdout.find("\n{") + 1:] if not out.stdout.startswith("{") else out.stdout),
                    took, out)
        for name, role in ROLES.items():
            r = demo.cli("users", "add", name, "--role", role, "--password-stdin", "--by", "test-setup",
                         stdin=PASSWORD + "\n")
            assert r.returncode == 0, r.stderr
        yield demo
    finally:
        from elasticsearch import Elasticsearch

        es = Elasticsearch(es_url).options(ignore_status=404)
        es.indices.delete(index=f"{prefix}-*", expand_wildcards="all")
        es.indices.delete_index_template(name=f"{prefix}-*")
        es.cluster.delete_component_template(name=f"{prefix}-*")


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)


def sign_in(client: Any, username: str, password: str = PASSWORD) -> Any:
    tok = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": tok})


def repo_root() -> Path:
    return ROOT
