"""Packaging: every import declared, no unused declaration, floors that work, a lock that covers
pyproject.toml, and a wheel that carries its data (config defaults, nlp/data)."""

from __future__ import annotations

import ast
import importlib.metadata as md
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ["ipwatch", "crawlers", "nlp", "scoring", "alerts", "reports"]
DEV_ONLY = ["tests", "benchmarks"]
LOCAL = {*RUNTIME, *DEV_ONLY}
#: declared but never imported, each for a reason
NOT_IMPORTED = {"pytest-timeout": "a pytest plugin (timeout = 600 in pyproject)",
                "packaging": "imported by tests and scripts/lock.py only"}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def names(reqs: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in reqs}


def imports(folders: list[str]) -> dict[str, set[str]]:
    """Top-level third-party module -> files that import it."""
    out: dict[str, set[str]] = {}
    for folder in folders:
        for f in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    mods = [node.module]
                else:
                    continue
                for m in mods:
                    top = m.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in LOCAL:
                        out.setdefault(top, set()).add(str(f.relative_to(ROOT)))
    return out


def distributions(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    dist_of = md.packages_distributions()
    out: dict[str, set[str]] = {}
    for mod, files in modules.items():
        for dist in dist_of.get(mod, [f"<no installed distribution provides {mod}>"]):
            out.setdefault(canonicalize_name(dist), set()).update(files)
    return out


def test_every_import_is_declared_and_every_declaration_imported() -> None:
    default = names(project()["dependencies"])
    dev = names(project()["optional-dependencies"]["dev"])
    runtime = distributions(imports(RUNTIME))
    dev_use = distributions(imports(DEV_ONLY))
    undeclared = {d: sorted(f)[:3] for d, f in runtime.items() if d not in default}
    assert not undeclared, f"runtime code imports undeclared distributions: {undeclared}"
    undeclared_dev = {d: sorted(f)[:3] for d, f in dev_use.items() if d not in default and d not in dev}
    assert not undeclared_dev, f"tests/benchmarks import undeclared distributions: {undeclared_dev}"
    unused = sorted(d for d in default if d not in runtime)
    assert not unused, f"declared but never imported by the runtime packages: {unused}"
    unused_dev = sorted(d for d in dev if d not in dev_use and d not in NOT_IMPORTED)
    assert not unused_dev, f"dev extra entries nothing imports: {unused_dev}"


def test_installed_versions_meet_the_declared_floors() -> None:
    """A floor below what the code needs (Scrapy 2.11 for 2.14's API) fails here once a lock
    moves to that version; at least the installed set must satisfy every declaration."""
    for name, req in {**names(project()["dependencies"]), **names(project()["optional-dependencies"]["dev"])}.items():
        assert req.specifier.contains(md.version(req.name), prereleases=True), (name, str(req.specifier))


@pytest.mark.parametrize("name,floor,too_old", [("scrapy", "2.14", "2.13.4"), ("transformers", "5.0", "4.57.1"),
                                                ("datasketch", "2.0", "1.6.5"), ("python-json-logger", "3.1", "3.0.1")])
def test_floors_the_code_needs(name: str, floor: str, too_old: str) -> None:
    """Scrapy 2.14's middleware API, a transformers-5 checkpoint, datasketch 2, pythonjsonlogger.json."""
    req = names(project()["dependencies"])[name]
    assert req.specifier.contains(floor) and not req.specifier.contains(too_old), str(req)


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"requirements.lock: {line!r} is not an exact pin"
            pins[canonicalize_name(name)] = version
    return pins


def test_the_lock_pins_every_declared_dependency_within_its_floor_and_their_closure() -> None:
    pins = lock()
    declared = {**names(project()["dependencies"]), **names(project()["optional-dependencies"]["dev"])}
    missing = sorted(d for d in declared if d not in pins)
    assert not missing, f"requirements.lock lacks {missing}: run scripts/lock.py"
    outside = {d: (pins[d], str(r.specifier)) for d, r in declared.items() if not r.specifier.contains(pins[d])}
    assert not outside, f"locked versions outside pyproject's range: {outside}"
    for name, version in pins.items():     # what each locked distribution needs here is locked too
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        if dist.version != version:
            continue
        for raw in dist.requires or []:
            sub = Requirement(raw)
            if sub.marker is None or sub.marker.evaluate({"extra": ""}):
                assert canonicalize_name(sub.name) in pins, f"{name} needs {sub.name}, not in requirements.lock"


def test_bootstrap_installs_from_the_lock_and_restamps_when_it_changes() -> None:
    text = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    assert 'lock="requirements.lock"' in text and '-r "$lock"' in text and "--no-deps -e" in text
    assert "requirements.lock" in text.split("want=")[1].splitlines()[0]


def test_every_python_package_is_listed_for_the_wheel() -> None:
    """pyproject lists packages by name (the shipped data maps in with package-dir): a new
    subpackage missing from the list would be missing from the wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {str(p.parent.relative_to(ROOT)).replace("/", ".") for top in RUNTIME for p in (ROOT / top).rglob("__init__.py")}
    assert not found - listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"


@pytest.mark.slow
def test_the_wheel_carries_its_data_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    """The wheel holds nlp/data, config defaults, the model, demo/ and kibana/; installed into a
    clean virtualenv (dependencies reused from this one) it checks its config and analyses a text
    from a folder that is not the source tree."""
    import json
    import subprocess
    import sysconfig
    import zipfile

    import os
    import shutil

    src, wheels = tmp_path / "src", tmp_path / "wheels"      # built from a copy: no build/ or egg-info here
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "var", "build", "*.egg-info",
                                                             "__pycache__", ".pytest_cache", "tests"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_") and k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(src),
                    "-w", str(wheels)], check=True, timeout=600, cwd=tmp_path, env=env)
    [whl] = wheels.glob("ipwatch-*.whl")
    members = set(zipfile.ZipFile(whl).namelist())
    for need in ("nlp/data/matters/summary.json", "ipwatch/_share/config/settings.yaml",
                 "ipwatch/_share/models/ipwatch-zh-risk/model.safetensors",
                 "ipwatch/_share/models/ipwatch-zh-risk/encoder/model.safetensors",
                 "ipwatch/_share/models/ipwatch-zh-risk/posts_encoder/model.safetensors", "ipwatch/_share/demo/scenario.yaml",
                 "ipwatch/_share/kibana/saved_objects.ndjson"):
        assert need in members, need
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "zz_reuse_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(whl)], check=True,
                   timeout=600, env=env)
    work = tmp_path / "elsewhere"
    work.mkdir()
    r = subprocess.run([str(venv / "bin" / "ipwatch"), "config", "check"], cwd=work, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0 and "alerts.yaml: valid" in r.stdout, r.stderr
    (work / "in.jsonl").write_text(json.dumps({"id": "1", "text": "湖北信远融资担保有限公司被约谈。"}, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    r = subprocess.run([str(venv / "bin" / "ipwatch"), "analyze", "--input", "in.jsonl"], cwd=work, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["model"] == "ipwatch-zh-risk" and str(ROOT) not in r.stderr
