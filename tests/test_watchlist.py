"""Watchlist: USCC check characters, references, CSV import that is all-or-nothing."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from ipwatch.errors import ConfigError
from ipwatch.uscc import check_character, uscc_problem
from ipwatch.watchlist import load_watchlist

from tests.test_config import run_cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("code", ["91110108551385082Q", "91350100M000100Y43", "911100001000044477"])
def test_real_credit_codes_pass(code: str) -> None:
    assert uscc_problem(code) is None


def test_wrong_check_character_is_explained() -> None:
    good = "91110108551385082Q"
    bad = good[:-1] + "A"
    assert uscc_problem(bad) == "check character is 'A', expected 'Q'"
    assert "18 characters" in uscc_problem("9111")
    assert "not allowed" in uscc_problem("91110108551385082I")
    assert check_character(good[:17]) == "Q"


def test_watchlist_names_the_wrong_entity(tmp_path: Path) -> None:
    p = tmp_path / "wl.yaml"
    p.write_text("""entities:
  - {id: ok-inst, type: institution, kind: bank, name: 正常银行股份有限公司, uscc: 91110108551385082Q}
  - {id: bad-inst, type: institution, kind: law_firm, name: 错误律师事务所, uscc: 91110108551385082A}
""", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_watchlist(p)
    msg = str(exc.value)
    assert "entities[1].uscc" in msg and "expected 'Q'" in msg


def test_unknown_platform_reference(tmp_path: Path) -> None:
    p = tmp_path / "wl.yaml"
    p.write_text("entities:\n  - {id: a1, type: institution, kind: bank, name: 某银行, resides_on: [nope]}\n",
                 encoding="utf-8")
    with pytest.raises(ConfigError, match="resides_on: unknown entity 'nope'"):
        load_watchlist(p)


def test_shipped_watchlist_has_platforms_in_all_categories() -> None:
    wl = load_watchlist(ROOT / "config" / "watchlist.yaml")
    cats = {e.category.value for e in wl.entities if e.category}
    assert cats == {"交易服务", "金融服务", "特色服务", "工具支撑"}
    assert sum(1 for e in wl.entities if e.type.value == "platform") == 12


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    d = tmp_path / "config"
    shutil.copytree(ROOT / "config", d)
    return d


def test_import_with_bad_rows_imports_nothing(config_dir: Path, tmp_path: Path) -> None:
    before = (config_dir / "watchlist.yaml").read_text(encoding="utf-8")
    csv = tmp_path / "inst.csv"
    csv.write_text(
        "id,name,kind,uscc,resides_on\n"
        "new-a,新甲专利代理有限公司,patent_agency,91110108551385082Q,ntop\n"
        "new-b,新乙律师事务所,lawyer,,\n"
        "new-c,新丙评估有限公司,appraiser,91110108551385082A,\n",
        encoding="utf-8")
    r = run_cli("watchlist", "import", str(csv), config_dir=config_dir)
    assert r.returncode == 2, r.stdout
    assert "line 3 (id new-b) kind" in r.stderr
    assert "line 4 (id new-c) uscc" in r.stderr and "expected 'Q'" in r.stderr
    assert (config_dir / "watchlist.yaml").read_text(encoding="utf-8") == before


def test_import_then_export_round_trip(config_dir: Path, tmp_path: Path) -> None:
    csv = tmp_path / "inst.csv"
    csv.write_text("id,name,kind,aliases,resides_on\n"
                   "new-a,新甲专利代理有限公司,patent_agency,新甲|新甲代理,ntop\n", encoding="utf-8")
    r = run_cli("watchlist", "import", str(csv), config_dir=config_dir)
    assert r.returncode == 0, r.stderr
    wl = load_watchlist(config_dir / "watchlist.yaml")
    e = wl.get("new-a")
    assert e is not None and e.aliases == ["新甲", "新甲代理"] and e.resides_on == ["ntop"]
    out = tmp_path / "out.csv"
    r = run_cli("watchlist", "export", "-o", str(out), "--type", "institution", config_dir=config_dir)
    assert r.returncode == 0
    assert "new-a,institution,新甲专利代理有限公司,新甲|新甲代理" in out.read_text(encoding="utf-8")


def test_watchlist_check_names_what_would_miss_a_duty_or_blame_the_wrong_organisation(config_dir: Path) -> None:
    r = run_cli("watchlist", "check", config_dir=config_dir)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "platforms and centres without an operating unit (12)" in out
    assert "ip-finance-service" in out and "can never open this platform's one-week duty" in out
    assert "unit-huazhi" in out and "no uscc" in out
    assert "知识产权金融服务平台: only descriptive words" in out and "山西知识产权金融服务平台" in out
    assert "北京华信知识产权代理有限公司: only descriptive" not in out     # a distinctive legal name
    # a platform given its operating unit drops out of the list
    text = (config_dir / "watchlist.yaml").read_text(encoding="utf-8")
    text = text.replace("  name: 知识产权金融服务平台\n", "  name: 知识产权金融服务平台\n  operating_unit: unit-hengqin\n")
    (config_dir / "watchlist.yaml").write_text(text, encoding="utf-8")
    r = run_cli("watchlist", "check", config_dir=config_dir)
    assert "without an operating unit (11)" in r.stdout
    # an alias that is a known other organisation's own name (People's Daily 1998's organisations)
    text = text.replace("  - 交易运营（郑州）试点平台\n", "  - 交易运营（郑州）试点平台\n  - 新华社\n")
    (config_dir / "watchlist.yaml").write_text(text, encoding="utf-8")
    r = run_cli("watchlist", "check", config_dir=config_dir)
    assert "新华社: an alias that is another organisation's own name" in r.stdout


def test_config_check_says_what_the_duty_rules_leave_out(config_dir: Path) -> None:
    r = run_cli("config", "check", config_dir=config_dir)
    assert "alerts.yaml: valid; every matter opens a duty, one found after its week as overdue" in r.stdout
    assert "without an operating unit, whose unit's matters open no duty" in r.stdout
    alerts = config_dir / "alerts.yaml"
    alerts.write_text(alerts.read_text(encoding="utf-8").replace(
        "  period_days: 7", "  backfill_cutoff: 2026-01-01\n  period_days: 7"), encoding="utf-8")
    r = run_cli("config", "check", config_dir=config_dir)
    assert r.returncode == 0, r.stderr
    assert "duty.backfill_cutoff 2026-01-01: matters that occurred before it open NO duty" in r.stdout
    alerts.write_text(alerts.read_text(encoding="utf-8").replace(
        "  backfill_cutoff: 2026-01-01\n", "  ignore_older_than_days: 60\n"), encoding="utf-8")
    r = run_cli("config", "check", config_dir=config_dir)
    assert r.returncode == 2 and "ignore_older_than_days is retired" in r.stderr


# --- issue 17: CSV injection, duplicates and unknown columns --------------------------------------
def test_export_neutralises_spreadsheet_formulas_and_import_round_trips_them(config_dir: Path, tmp_path: Path) -> None:
    """Cells starting with = + - @ (tab, CR) run as formulas in Excel/WPS: export guards them with
    a leading apostrophe, import removes it, and every value comes back exactly."""
    import yaml

    wl_path = config_dir / "watchlist.yaml"
    data = yaml.safe_load(wl_path.read_text(encoding="utf-8"))
    tricky = {"evil-a": ("=HYPERLINK(\"http://x\",\"点我\")公司", "+86 10 1234", "@SUM(1+1)"),
              "evil-b": ("-2+3 律师事务所", "'=already quoted", "A-B 合伙")}
    for eid, (name, region, notes) in tricky.items():
        data["entities"].append({"id": eid, "type": "institution", "kind": "law_firm", "name": name,
                                 "region": region, "notes": notes, "aliases": ["=cmd /C calc", "-x"]})
    wl_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run_cli("watchlist", "export", "-o", str(out), "--type", "institution", config_dir=config_dir)
    assert r.returncode == 0, r.stderr
    cells = [c for row in csv.reader(out.open(encoding="utf-8")) for c in row]
    assert cells and not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)
    assert "'=HYPERLINK(\"http://x\",\"点我\")公司" in cells and "''=already quoted" in cells and "A-B 合伙" in cells
    before = load_watchlist(wl_path)
    r = run_cli("watchlist", "import", str(out), config_dir=config_dir)
    assert r.returncode == 0, r.stderr
    after = load_watchlist(wl_path)
    assert [e.model_dump() for e in after.entities] == [e.model_dump() for e in before.entities]


def test_import_refuses_an_unguarded_formula_naming_row_and_column(config_dir: Path, tmp_path: Path) -> None:
    before = (config_dir / "watchlist.yaml").read_text(encoding="utf-8")
    f = tmp_path / "evil.csv"
    f.write_text("id,name,kind,notes\nok-1,正常律师事务所,law_firm,正常\nbad-1,恶意公司,other,\"=cmd|' /C calc'!A0\"\n",
                 encoding="utf-8")
    r = run_cli("watchlist", "import", str(f), config_dir=config_dir)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "line 3 (id bad-1) column notes" in r.stderr and "formula" in r.stderr
    assert (config_dir / "watchlist.yaml").read_text(encoding="utf-8") == before


def test_import_refuses_duplicate_ids_naming_both_rows(config_dir: Path, tmp_path: Path) -> None:
    before = (config_dir / "watchlist.yaml").read_text(encoding="utf-8")
    f = tmp_path / "dup.csv"
    f.write_text("id,name,kind\nnew-x,第一行律师事务所,law_firm\nnew-x,第二行律师事务所,law_firm\n", encoding="utf-8")
    r = run_cli("watchlist", "import", str(f), config_dir=config_dir)
    assert r.returncode == 2, r.stdout
    assert "line 3 (id new-x)" in r.stderr and "duplicate id: line 2 has it too" in r.stderr
    assert "2 new" not in r.stdout
    assert (config_dir / "watchlist.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("header,row,expect", [
    ("id,name,kind,phone", "new-y,某律师事务所,law_firm,123", "unknown column(s) 'phone'"),
    ("id,name,kind,", "new-y,某律师事务所,law_firm,123", "an unnamed column (position 4)"),
    ("id,name,kind,name", "new-y,某律师事务所,law_firm,别名", "name appear more than once"),
    ("id,name,kind", "new-y,某律师事务所,law_firm,extra", "1 cell(s) more than the header"),
])
def test_import_refuses_columns_whose_values_would_vanish(config_dir: Path, tmp_path: Path, header: str, row: str,
                                                          expect: str) -> None:
    f = tmp_path / "cols.csv"
    f.write_text(f"{header}\n{row}\n", encoding="utf-8")
    r = run_cli("watchlist", "import", str(f), "--dry-run", config_dir=config_dir)
    assert r.returncode == 2 and expect in r.stderr, r.stderr
    if "unknown" in expect:
        assert "Allowed columns: id, type, name" in r.stderr
