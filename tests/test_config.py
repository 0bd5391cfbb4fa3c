"""Configuration: validation errors name file, key path and problem; env overrides; exit code 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipwatch.errors import ConfigError
from ipwatch.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, config_dir: Path | None = None, env: dict[str, str] | None = None):
    full_env = {**os.environ, **(env or {})}
    if config_dir:
        full_env["IPWATCH_CONFIG_DIR"] = str(config_dir)
    return subprocess.run([sys.executable, "-m", "ipwatch", *args], capture_output=True, text=True,
                          env=full_env, timeout=120)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    d = tmp_path / "config"
    shutil.copytree(ROOT / "config", d)
    return d


def test_shipped_config_is_valid(config_dir: Path) -> None:
    r = run_cli("config", "check", config_dir=config_dir)
    assert r.returncode == 0, r.stderr
    assert "watchlist.yaml: " in r.stdout and "12 platform" in r.stdout


def test_env_overrides_nested_values(config_dir: Path) -> None:
    s = load_settings(config_dir, env={"IPWATCH_ES__URL": "https://es.internal:9243",
                                       "IPWATCH_NLP__BATCH_SIZE": "7"})
    assert s.es.url == "https://es.internal:9243"
    assert s.nlp.batch_size == 7


def test_secret_from_env_file_and_refused_in_yaml(config_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    s = load_settings(config_dir, env={"IPWATCH_ES__PASSWORD_FILE": str(secret)})
    assert s.es.password is not None and s.es.password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(s)
    (config_dir / "settings.yaml").write_text("es:\n  password: hunter2\n")
    with pytest.raises(ConfigError) as exc:
        load_settings(config_dir, env={})
    assert "es.password" in str(exc.value) and "IPWATCH_ES__PASSWORD" in str(exc.value)


def test_wrong_value_names_file_key_and_problem_exit_2(config_dir: Path) -> None:
    (config_dir / "settings.yaml").write_text("es:\n  shards: many\n")
    r = run_cli("config", "check", config_dir=config_dir)
    assert r.returncode == 2
    assert "settings.yaml: es.shards" in r.stderr
    assert "integer" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_key_is_reported(config_dir: Path) -> None:
    (config_dir / "settings.yaml").write_text("es:\n  ulr: http://x\n")
    r = run_cli("config", "check", config_dir=config_dir)
    assert r.returncode == 2 and "es.ulr" in r.stderr and "Extra inputs" in r.stderr


def test_yaml_syntax_error_names_line(config_dir: Path) -> None:
    (config_dir / "watchlist.yaml").write_text("entities:\n  - id: a\n   name: [broken\n")
    r = run_cli("config", "check", config_dir=config_dir)
    assert r.returncode == 2 and "watchlist.yaml: line" in r.stderr and "Traceback" not in r.stderr


def test_bad_env_override_names_the_variable(config_dir: Path) -> None:
    r = run_cli("config", "check", config_dir=config_dir, env={"IPWATCH_DAEMON__HTTP_PORT": "99999"})
    assert r.returncode == 2 and "IPWATCH_DAEMON__HTTP_PORT" in r.stderr
