"""Kibana saved objects: every field exists with an aggregatable type, every reference resolves,
and `ipwatch kibana import` posts a correct multipart request (to a local fake Kibana)."""

from __future__ import annotations

import json
import re
import threading
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from click.testing import CliRunner

from ipwatch.shell.cli import cli
from ipwatch.shell.kibana import DATA_VIEWS, SHIPPED, build_saved_objects, read_ndjson, to_ndjson
from ipwatch.store.templates import MAPPINGS

AGGREGATABLE = {"keyword", "date", "boolean", "integer", "long", "float", "double", "short", "byte",
                "scaled_float", "half_float", "unsigned_long", "ip"}


def mapping_type(logical: str, path: str) -> str | None:
    """The type of a dotted field path in MAPPINGS (a `.keyword` sub-field included)."""
    props: dict[str, Any] = MAPPINGS[logical]
    parts = path.split(".")
    node: dict[str, Any] | None = None
    for i, part in enumerate(parts):
        if node is not None and "fields" in node and part in node["fields"] and i == len(parts) - 1:
            return node["fields"][part]["type"]
        if part not in props:
            return None
        node = props[part]
        props = node.get("properties", {})
    return node.get("type", "object") if node else None


def kql_fields(query: str) -> set[str]:
    return set(re.findall(r"([A-Za-z_][\w.]*)\s*:", query))


def objects() -> list[dict[str, Any]]:
    return read_ndjson(SHIPPED)


def view_logical(objs: list[dict[str, Any]]) -> dict[str, str]:
    """data view id -> logical index name, from its title `ipwatch-<logical>[-*]`."""
    out = {}
    for o in objs:
        if o["type"] == "index-pattern":
            title = o["attributes"]["title"]
            logical = title.removeprefix("ipwatch-").removesuffix("-*")
            assert logical in MAPPINGS, title
            out[o["id"]] = logical
    return out


def used_fields(o: dict[str, Any], views: dict[str, str]) -> list[tuple[str, str, bool]]:
    """(logical index, field, needs aggregation) for everything a saved object reads."""
    refs = {r["name"]: r["id"] for r in o["references"]}
    out: list[tuple[str, str, bool]] = []
    a = o["attributes"]
    if o["type"] == "index-pattern":
        out.append((views[o["id"]], a["timeFieldName"], True))
    elif o["type"] == "lens":
        for layer_id, layer in a["state"]["datasourceStates"]["formBased"]["layers"].items():
            logical = views[refs[f"indexpattern-datasource-layer-{layer_id}"]]
            for col in layer["columns"].values():
                if col["sourceField"] != "___records___":
                    out.append((logical, col["sourceField"], True))
                if col["params"].get("sortField"):
                    out.append((logical, col["params"]["sortField"], True))
            out += [(logical, f, True) for f in kql_fields(a["state"]["query"]["query"])]
    elif o["type"] == "search":
        src = json.loads(a["kibanaSavedObjectMeta"]["searchSourceJSON"])
        logical = views[refs[src["indexRefName"]]]
        out += [(logical, c, False) for c in a["columns"]]
        out += [(logical, f, True) for f, _ in a["sort"]]
        out += [(logical, f, True) for f in kql_fields(src["query"]["query"])]
    return out


def test_shipped_ndjson_is_the_build_for_the_default_prefix():
    assert SHIPPED.read_text(encoding="utf-8") == to_ndjson(build_saved_objects("ipwatch")), \
        "regenerate: ipwatch kibana export --prefix ipwatch -o kibana/saved_objects.ndjson"


def test_every_field_exists_with_an_aggregatable_type():
    objs = objects()
    views = view_logical(objs)
    assert set(views.values()) >= {"articles", "events", "ratings", "alerts", "duties"}
    checked = 0
    for o in objs:
        for logical, field, agg in used_fields(o, views):
            t = mapping_type(logical, field)
            assert t is not None, f"{o['id']}: {logical} has no field {field}"
            if agg:
                assert t in AGGREGATABLE, f"{o['id']}: {logical}.{field} is {t}, not aggregatable"
            if o["type"] == "index-pattern":
                assert t == "date", f"{o['id']}: time field {field} is {t}"
            checked += 1
    assert checked >= 30


def test_every_reference_resolves_and_every_panel_is_wired():
    objs = objects()
    by_id = {(o["type"], o["id"]): o for o in objs}
    assert len(by_id) == len(objs), "duplicate ids"
    for o in objs:
        for r in o["references"]:
            assert (r["type"], r["id"]) in by_id, f"{o['id']}: reference {r} does not resolve"
        names = {r["name"] for r in o["references"]}
        assert len(names) == len(o["references"])
        a = o["attributes"]
        if o["type"] == "lens":
            layers = a["state"]["datasourceStates"]["formBased"]["layers"]
            for layer_id, layer in layers.items():
                assert f"indexpattern-datasource-layer-{layer_id}" in names
                cols = set(layer["columns"])
                assert set(layer["columnOrder"]) == cols
                for c in layer["columns"].values():
                    order = c["params"].get("orderBy", {})
                    if order.get("type") == "column":
                        assert order["columnId"] in cols
            vis = a["state"]["visualization"]
            used = set()
            for lay in vis.get("layers", []):
                used |= {lay["xAccessor"], *lay["accessors"], *([lay["splitAccessor"]] if "splitAccessor" in lay else [])}
                assert lay["layerId"] in layers
            used |= {c["columnId"] for c in vis.get("columns", [])}
            assert used == set().union(*(set(l["columns"]) for l in layers.values())), o["id"]
        if o["type"] == "search":
            src = json.loads(a["kibanaSavedObjectMeta"]["searchSourceJSON"])
            assert src["indexRefName"] in names
        if o["type"] == "dashboard":
            panels = json.loads(a["panelsJSON"])
            refs = {r["name"]: r for r in o["references"]}
            for p in panels:
                r = refs[f"{p['panelIndex']}:{p['panelRefName']}"]
                assert r["type"] == p["type"]
            assert len(panels) == len(o["references"]) >= 5
    dash = next(o for o in objs if o["type"] == "dashboard")
    panel_ids = {r["id"] for r in dash["references"]}
    for wanted in ("negative-trend", "risk-types-by-entity", "grade-table", "open-duties", "top-outlets"):
        assert any(wanted in i for i in panel_ids), wanted


def test_fields_are_aggregatable_in_the_real_cluster(store):
    """field_caps on indices created from the templates: Kibana sees the same."""
    from datetime import datetime

    store.index(store.ix.article_index(datetime(2026, 11, 1)), "x", {"id": "x", "published_at": "2026-11-01"})
    store.refresh()
    prefix = store.ix.prefix
    objs = build_saved_objects(prefix)
    views = {o["id"]: o["attributes"]["title"] for o in objs if o["type"] == "index-pattern"}
    want: dict[str, set[tuple[str, bool]]] = {}
    logical = {k: v.removeprefix(prefix + "-").removesuffix("-*") for k, v in views.items()}
    for o in objs:
        for lg, field, agg in used_fields(o, logical):
            want.setdefault(f"{prefix}-{lg}" + ("-*" if lg == "articles" else ""), set()).add((field, agg))
    for index, fields in want.items():
        caps = store.es.field_caps(index=index, fields=sorted(f for f, _ in fields))["fields"]
        for field, agg in fields:
            assert field in caps, f"{index}: {field} missing"
            if agg:
                assert all(c["aggregatable"] for c in caps[field].values()), f"{index}.{field}"


class FakeKibana:
    def __init__(self, status: int = 200, answer: dict | None = None):
        self.requests: list[dict[str, Any]] = []
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                data = json.dumps(answer or {"success": True, "successCount": 13}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):  # noqa: ANN002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_kibana():
    k = FakeKibana()
    yield k
    k.close()


def test_kibana_import_posts_multipart_with_xsrf(fake_kibana, tmp_path):
    env = {"IPWATCH_ES__INDEX_PREFIX": "acme", "KIBANA_PASSWORD": "s3cret"}
    res = CliRunner().invoke(cli, ["kibana", "import", "--url", fake_kibana.url, "--space", "team",
                                   "--username", "elastic"], env=env, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "imported 13 saved objects for index prefix 'acme'" in res.output
    (req,) = fake_kibana.requests
    assert req["path"] == "/s/team/api/saved_objects/_import?overwrite=true"
    headers = {k.lower(): v for k, v in req["headers"].items()}
    assert headers["kbn-xsrf"]
    assert headers["authorization"].startswith("Basic ")
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    msg = BytesParser(policy=email_policy).parsebytes(
        b"Content-Type: " + headers["content-type"].encode() + b"\r\n\r\n" + req["body"])
    (part,) = list(msg.iter_parts())
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_filename().endswith(".ndjson")
    objs = [json.loads(x) for x in part.get_content().splitlines() if x.strip()]
    assert len(objs) == 13
    assert {o["attributes"]["title"] for o in objs if o["type"] == "index-pattern"} >= {
        "acme-articles-*", "acme-events", "acme-ratings", "acme-alerts", "acme-duties"}
    assert all(r["id"].startswith("acme-") for o in objs for r in o["references"])


def test_kibana_import_reports_errors():
    k = FakeKibana(answer={"success": False, "successCount": 12,
                           "errors": [{"type": "lens", "id": "x", "error": {"type": "unknown"}}]})
    try:
        res = CliRunner().invoke(cli, ["kibana", "import", "--url", k.url])
    finally:
        k.close()
    assert res.exit_code != 0
    assert "lens x" in res.output


def test_data_views_cover_the_indices():
    assert set(DATA_VIEWS) >= {"articles", "events", "ratings", "alerts", "duties"}
