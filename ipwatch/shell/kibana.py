"""Kibana saved objects (data views, Lens panels, a saved search, the dashboard) and their import.

The objects are built here for an index prefix; `kibana/saved_objects.ndjson` is the build for the
default prefix `ipwatch` (regenerate with `ipwatch kibana export -o kibana/saved_objects.ndjson`).
`ipwatch kibana import` builds them for the configured prefix and posts them to Kibana's
`POST /api/saved_objects/_import?overwrite=true`.
"""

from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import click

from ipwatch.context import AppContext, pass_app
from ipwatch.errors import IpwatchError
from ipwatch.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "kibana" / "saved_objects.ndjson"
CORE = "8.8.0"
TYPE_VERSION = {"index-pattern": "8.0.0", "lens": "8.9.0", "search": "10.5.0", "dashboard": "10.3.0"}

# data view -> (logical index, index pattern suffix, time field, display name)
DATA_VIEWS: dict[str, tuple[str, str, str, str]] = {
    "articles": ("articles", "articles-*", "published_at", "articles (文章)"),
    "events": ("events", "events", "event_date", "risk events (风险事件)"),
    "ratings": ("ratings", "ratings", "rated_at", "ratings (信用评级)"),
    "rating-history": ("rating-history", "rating-history", "rated_at", "rating changes (评级变动)"),
    "alerts": ("alerts", "alerts", "created_at", "alerts (预警)"),
    "duties": ("duties", "duties", "due", "reporting duties (报告义务)"),
}


def _obj(type_: str, id_: str, attributes: dict[str, Any], references: list[dict[str, str]]) -> dict[str, Any]:
    return {"attributes": attributes, "coreMigrationVersion": CORE, "id": id_, "managed": False,
            "references": references, "type": type_, "typeMigrationVersion": TYPE_VERSION[type_]}


def _col(op: str, field: str | None = None, label: str | None = None, **params: Any) -> dict[str, Any]:
    bucketed = op in ("terms", "date_histogram")
    c: dict[str, Any] = {
        "label": label or (f"{op} of {field}" if field else "Count"),
        "customLabel": bool(label),
        "operationType": op, "isBucketed": bucketed,
        "sourceField": field or "___records___",
        "dataType": {"date_histogram": "date", "terms": "string", "count": "number", "max": "number",
                     "min": "number", "average": "number", "last_value": "string"}[op],
        "scale": "interval" if op == "date_histogram" else ("ordinal" if op in ("terms", "last_value") else "ratio"),
        "params": params,
    }
    return c


def _terms(field: str, label: str, size: int, order_by: str | None) -> dict[str, Any]:
    return _col("terms", field, label, size=size,
                orderBy={"type": "column", "columnId": order_by} if order_by else {"type": "alphabetical"},
                orderDirection="desc" if order_by else "asc", otherBucket=bool(order_by), missingBucket=False,
                parentFormat={"id": "terms"})


def _lens(prefix: str, key: str, title: str, view: str, columns: dict[str, dict[str, Any]],
          visualization: dict[str, Any], vis_type: str, query: str = "") -> dict[str, Any]:
    layer = "layer1"
    state = {
        "datasourceStates": {"formBased": {"layers": {layer: {
            "columns": columns, "columnOrder": list(columns), "incompleteColumns": {}, "sampling": 1}}}},
        "visualization": {**visualization, "layerId": layer} if vis_type == "lnsDatatable" else visualization,
        "query": {"query": query, "language": "kuery"}, "filters": [],
        "adHocDataViews": {}, "internalReferences": [],
    }
    return _obj("lens", f"{prefix}-lens-{key}", {"title": title, "description": "", "visualizationType": vis_type,
                                                  "state": state},
                [{"type": "index-pattern", "id": f"{prefix}-{view}", "name": f"indexpattern-datasource-layer-{layer}"}])


def _xy(series: str, x: str, ys: list[str], split: str | None = None) -> dict[str, Any]:
    layer: dict[str, Any] = {"layerId": "layer1", "layerType": "data", "seriesType": series, "xAccessor": x,
                             "accessors": ys, "position": "top", "showGridlines": False}
    if split:
        layer["splitAccessor"] = split
    return {"legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide", "fittingFunction": "None",
            "preferredSeriesType": series, "layers": [layer]}


def _table(columns: list[str]) -> dict[str, Any]:
    return {"layerType": "data", "columns": [{"columnId": c, "isTransposed": False} for c in columns]}


def build_saved_objects(prefix: str = "ipwatch") -> list[dict[str, Any]]:
    """Every saved object, data views first, the dashboard last (references resolve in order)."""
    objs: list[dict[str, Any]] = []
    for key, (_logical, suffix, time_field, name) in DATA_VIEWS.items():
        objs.append(_obj("index-pattern", f"{prefix}-{key}",
                         {"title": f"{prefix}-{suffix}", "name": f"ipwatch {name}", "timeFieldName": time_field,
                          "allowNoIndex": True}, []))
    panels: list[tuple[dict[str, Any], int, int, int, int]] = []

    trend = _lens(prefix, "negative-trend", "负面舆情趋势 Negative-sentiment trend", "articles",
                  {"x": _col("date_histogram", "published_at", "发布日期", interval="auto", includeEmptyRows=True,
                             dropPartials=False),
                   "y": _col("count", None, "负面文章数 negative articles", emptyAsNull=True),
                   "s": _terms("analysis.negative_entity_ids", "实体 entity", 5, "y")},
                  _xy("bar_stacked", "x", ["y"], "s"), "lnsXY",
                  'analysis.sentiment : "negative" and not duplicate_of : *')
    panels.append((trend, 0, 0, 24, 14))

    by_entity = _lens(prefix, "risk-types-by-entity", "实体风险类型 Risk types by entity", "events",
                      {"x": _terms("entity_name", "实体 entity", 15, "y"),
                       "s": _terms("risk_type", "风险类型 risk type", 10, "y"),
                       "y": _col("count", None, "事件数 events", emptyAsNull=True)},
                      _xy("bar_horizontal_stacked", "x", ["y"], "s"), "lnsXY",
                      'not active : false and not status : "rejected"')
    panels.append((by_entity, 24, 0, 24, 14))

    grades = _lens(prefix, "grade-table", "信用评级 Grade table", "ratings",
                   {"e": _terms("entity_name", "实体 entity", 100, "score"),
                    "t": _terms("entity_type", "类型 type", 10, "score"),
                    "g": _col("last_value", "grade", "评级 grade", sortField="rated_at", showArrayValues=False),
                    "p": _col("last_value", "previous_grade", "上次评级 previous", sortField="rated_at",
                              showArrayValues=False),
                    "score": _col("max", "score", "分数 score", emptyAsNull=True)},
                   _table(["e", "t", "g", "p", "score"]), "lnsDatatable")
    panels.append((grades, 0, 14, 24, 16))

    outlets = _lens(prefix, "top-outlets", "主要来源媒体 Top outlets", "articles",
                    {"x": _terms("outlet", "媒体 outlet", 10, "y"),
                     "y": _col("count", None, "文章数 articles", emptyAsNull=True)},
                    _xy("bar_horizontal", "x", ["y"]), "lnsXY")
    panels.append((outlets, 24, 14, 24, 16))

    alerts = _lens(prefix, "alerts-by-kind", "预警 Alerts by kind", "alerts",
                   {"x": _col("date_histogram", "created_at", "日期", interval="auto", includeEmptyRows=True,
                              dropPartials=False),
                    "s": _terms("kind", "预警类型 kind", 8, "y"),
                    "y": _col("count", None, "预警数 alerts", emptyAsNull=True)},
                   _xy("bar_stacked", "x", ["y"], "s"), "lnsXY")
    panels.append((alerts, 0, 30, 24, 14))

    duties = _obj("search", f"{prefix}-search-open-duties", {
        "title": "待报告事项（按截止日期） Open duties by due date",
        "description": "重大事项报告义务：事项发生之日起一周内报告",
        "columns": ["due", "entity_name", "platform_name", "risk_type", "occurred_on", "state", "urgent", "overdue"],
        "sort": [["due", "asc"]], "grid": {}, "hideChart": True, "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({
            "query": {"query": 'state : ("open" or "acknowledged")', "language": "kuery"},
            "filter": [], "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"})}},
        [{"type": "index-pattern", "id": f"{prefix}-duties", "name": "kibanaSavedObjectMeta.searchSourceJSON.index"}])
    panels.append((duties, 24, 30, 24, 14))

    panel_json, refs = [], []
    for i, (obj, x, y, w, h) in enumerate(panels, 1):
        objs.append(obj)
        pid = f"p{i}"
        panel_json.append({"type": obj["type"], "gridData": {"x": x, "y": y, "w": w, "h": h, "i": pid},
                           "panelIndex": pid, "embeddableConfig": {"enhancements": {}},
                           "panelRefName": f"panel_{pid}"})
        refs.append({"type": obj["type"], "id": obj["id"], "name": f"{pid}:panel_{pid}"})
    objs.append(_obj("dashboard", f"{prefix}-dashboard", {
        "title": "ipwatch 舆情与信用监测 overview", "description": "ipwatch: negative-sentiment trend, risk types, "
        "grades, outlets, alerts and open reporting duties", "timeRestore": True, "timeFrom": "now-30d",
        "timeTo": "now", "refreshInterval": {"pause": False, "value": 300000},
        "optionsJSON": json.dumps({"useMargins": True, "syncColors": False, "syncCursor": True,
                                   "syncTooltips": False, "hidePanelTitles": False}),
        "panelsJSON": json.dumps(panel_json, ensure_ascii=False),
        "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"},
                                                                  "filter": []})}}, refs))
    return objs


def to_ndjson(objs: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objs)


def read_ndjson(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def multipart(field: str, filename: str, data: bytes, ctype: str = "application/ndjson") -> tuple[bytes, str]:
    boundary = f"----ipwatch{uuid.uuid4().hex}"
    body = io.BytesIO()
    body.write(f"--{boundary}\r\n".encode())
    body.write(f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'.encode())
    body.write(f"Content-Type: {ctype}\r\n\r\n".encode())
    body.write(data)
    body.write(f"\r\n--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def import_objects(url: str, ndjson: str, space: str | None = None, username: str | None = None,
                   password: str | None = None, api_key: str | None = None, timeout: float = 60.0) -> dict[str, Any]:
    """POST the objects to Kibana's saved-objects import API (overwriting); returns its JSON answer."""
    base = url.rstrip("/")
    if space and space != "default":
        base += f"/s/{space}"
    body, ctype = multipart("file", "ipwatch.ndjson", ndjson.encode("utf-8"))
    req = urllib.request.Request(f"{base}/api/saved_objects/_import?overwrite=true", data=body, method="POST",
                                 headers={"kbn-xsrf": "ipwatch", "Content-Type": ctype})
    if api_key:
        req.add_header("Authorization", f"ApiKey {api_key}")
    elif username:
        import base64

        token = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:500]
        raise IpwatchError(f"Kibana at {url} answered {exc.code}: {detail}") from None
    except urllib.error.URLError as exc:
        raise IpwatchError(f"cannot reach Kibana at {url}: {exc.reason}") from None


@click.group("kibana")
def kibana() -> None:
    """Kibana data views and dashboard for ipwatch's indices."""


@kibana.command("import")
@click.option("--url", default="http://127.0.0.1:5601", show_default=True, envvar="KIBANA_URL",
              help="Kibana base URL (env KIBANA_URL).")
@click.option("--space", default=None, help="Kibana space id (default: the default space).")
@click.option("--file", "file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Import this NDJSON instead of the objects built for the configured index prefix.")
@click.option("--username", envvar="KIBANA_USERNAME", default=None, help="Basic auth user (env KIBANA_USERNAME).")
@click.option("--prefix", default=None,
              help="Index prefix the data views read (default: es.index_prefix; the demo's is ipwatch-demo).")
@pass_app
def kibana_import(app: AppContext, url: str, space: str | None, file: Path | None, username: str | None,
                  prefix: str | None) -> None:
    """Create or overwrite the data views, panels and dashboard in Kibana.

    Password and API key come from the environment only: KIBANA_PASSWORD, KIBANA_API_KEY.
    """
    prefix = prefix or app.settings.es.index_prefix
    ndjson = file.read_text(encoding="utf-8") if file else to_ndjson(build_saved_objects(prefix))
    n = sum(1 for line in ndjson.splitlines() if line.strip())
    res = import_objects(url, ndjson, space, username, os.environ.get("KIBANA_PASSWORD"),
                         os.environ.get("KIBANA_API_KEY"))
    errors = res.get("errors") or []
    for e in errors:
        click.echo(f"error: {e.get('type')} {e.get('id')}: {json.dumps(e.get('error'), ensure_ascii=False)}",
                   err=True)
    if not res.get("success", not errors):
        raise IpwatchError(f"Kibana imported {res.get('successCount', 0)} of {n} objects")
    click.echo(f"imported {res.get('successCount', n)} saved objects for index prefix {prefix!r} into {url}"
               + (f" (space {space})" if space else ""))
    click.echo(f"dashboard: {url.rstrip('/')}{'/s/' + space if space else ''}/app/dashboards#/view/{prefix}-dashboard")


@kibana.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: stdout).")
@click.option("--prefix", default=None, help="Index prefix (default: the configured es.index_prefix).")
@pass_app
def kibana_export(app: AppContext, output: Path | None, prefix: str | None) -> None:
    """Write the saved objects as NDJSON (for Kibana's Stack Management → Saved objects → Import)."""
    text = to_ndjson(build_saved_objects(prefix or app.settings.es.index_prefix))
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {text.count(chr(10))} saved objects to {output}", err=True)
    else:
        click.echo(text, nl=False)
