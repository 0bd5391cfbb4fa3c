"""The Elasticsearch store: schema set-up, idempotent bulk writes, optimistic concurrency, spool.

Every write that can be repeated safely (an `index` with a deterministic `_id`) goes through
`write()`: bulk with retries and exponential back-off on 429/503, and to the on-disk spool when
the cluster is unreachable. Documents that several jobs update (ratings, duties, outbox) go
through `update()`, a read-modify-write loop guarded by `if_seq_no`/`if_primary_term`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import ApiError, ConflictError as EsConflict, Elasticsearch, NotFoundError
from elasticsearch import ConnectionError as EsConnectionError, ConnectionTimeout
from elasticsearch.helpers import scan

from ipwatch.errors import ConflictError, SpoolFull, StoreUnavailable
from ipwatch.settings import ElasticsearchSettings, Settings
from ipwatch.store.spool import Action, Spool
from ipwatch.store.templates import Indices, all_templates, component_template

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 502, 503, 504}
UNREACHABLE = (EsConnectionError, ConnectionTimeout)


def doc_id(*parts: object) -> str:
    """A deterministic `_id` from the parts that identify a document (e.g. canonical URL)."""
    raw = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def make_client(cfg: ElasticsearchSettings) -> Elasticsearch:
    kwargs: dict[str, Any] = {
        "request_timeout": cfg.request_timeout,
        "retry_on_timeout": True,
        "max_retries": 2,
        "retry_on_status": (502, 503, 504),
        "verify_certs": cfg.verify_certs,
    }
    if cfg.api_key:
        kwargs["api_key"] = cfg.api_key.get_secret_value()
    elif cfg.username:
        kwargs["basic_auth"] = (cfg.username, cfg.password.get_secret_value() if cfg.password else "")
    if cfg.ca_file:
        kwargs["ca_certs"] = str(cfg.ca_file)
    return Elasticsearch(cfg.nodes, **kwargs)


@dataclass
class WriteResult:
    written: int = 0
    spooled: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)  # permanent errors (mapping, …)


@dataclass
class Versioned:
    """A document with the sequence number and primary term it was read at."""

    id: str
    source: dict[str, Any]
    seq_no: int
    primary_term: int
    index: str


class Store:
    def __init__(self, settings: Settings, client: Elasticsearch | None = None):
        self.settings = settings
        self.cfg = settings.es
        self.es = client or make_client(settings.es)
        self.ix = Indices(settings.es.index_prefix)
        self.spool = Spool(settings.path(settings.spool.dir) / settings.es.index_prefix,
                           settings.spool.max_bytes)

    # --- schema ------------------------------------------------------------------------------
    def setup(self) -> list[tuple[str, str]]:
        """Apply component and index templates idempotently; create plain indices. Returns (name, "created" |
        "updated" | "unchanged") for each, in a fixed order. Templates, then indices, go side by side: each
        request waits for the cluster to apply it, and the master applies concurrent ones together (2.7 → 1.5 s)."""
        comp, templates = self.ix.component_name, all_templates(self.ix)
        report = [(f"component template {comp}",
                   self._put_component(comp, component_template(self.cfg.shards, self.cfg.replicas)))]
        plain = [body["index_patterns"][0] for body in templates.values()
                 if "aliases" not in body["template"]]       # monthly indices are created on first write
        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="store-setup") as pool:
            done = pool.map(lambda kv: self._put_index_template(*kv), templates.items())
            report += [(f"index template {name}", state) for name, state in zip(templates, done)]
            report += [(f"index {index}", state) for index, state in zip(plain, pool.map(self._create_index, plain))]
        return report

    def _create_index(self, index: str) -> str:
        if self.es.indices.exists(index=index):     # asked first: a user without create_index may run setup
            return "unchanged"
        try:
            self.es.indices.create(index=index)
            return "created"
        except ApiError as exc:
            if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
                raise
            return "unchanged"

    def _put_component(self, name: str, body: dict[str, Any]) -> str:
        try:
            cur = self.es.cluster.get_component_template(name=name)["component_templates"][0]
            existing = cur["component_template"]
        except NotFoundError:
            existing = None
        if existing is not None and existing.get("version") == body["version"] and \
                existing.get("template") == _normalise(body["template"]):
            return "unchanged"
        self.es.cluster.put_component_template(name=name, **body)
        return "created" if existing is None else "updated"

    def _put_index_template(self, name: str, body: dict[str, Any]) -> str:
        try:
            existing = self.es.indices.get_index_template(name=name)["index_templates"][0]["index_template"]
        except NotFoundError:
            existing = None
        if existing is not None and existing.get("version") == body["version"] and \
                existing.get("index_patterns") == body["index_patterns"]:
            return "unchanged"
        self.es.indices.put_index_template(name=name, **body)
        if existing is not None:
            self._apply_mappings_to_existing(body)
        return "created" if existing is None else "updated"

    def _apply_mappings_to_existing(self, body: dict[str, Any]) -> None:
        """A template change only affects new indices; push added fields to existing ones too."""
        pattern = body["index_patterns"][0]
        try:
            self.es.indices.put_mapping(index=pattern, allow_no_indices=True,
                                        **body["template"]["mappings"])
        except ApiError as exc:
            log.warning("mapping of existing %s not updated: %s", pattern, exc)

    # --- idempotent writes with spool --------------------------------------------------------
    def write(self, actions: Iterable[Action]) -> WriteResult:
        """Bulk `index` actions (`_index`, `_id`, `_source`). Spools them if ES is unreachable."""
        batch = [_as_index_action(a) for a in actions]
        result = WriteResult()
        if not batch:
            return result
        if self.spool and not self._try_replay():
            return self._to_spool(batch, result)
        try:
            result.failed = self._bulk(batch)
            result.written = len(batch) - len(result.failed)
        except StoreUnavailable:
            self._to_spool(batch, result)
            if result.spooled:
                log.warning("elasticsearch unreachable; spooled %d action(s)", len(batch),
                            extra={"spool_dir": str(self.spool.dir)})
        return result

    def _to_spool(self, batch: list[Action], result: WriteResult) -> WriteResult:
        """Spool a batch; a full spool refuses it and every action is reported failed (`spool_full`)."""
        try:
            self.spool.append(batch)
            result.spooled = len(batch)
        except SpoolFull as exc:
            log.error("%s", exc, extra={"spool_dir": str(self.spool.dir)})
            result.failed = [{"_index": a["_index"], "_id": a["_id"], "status": "spool_full", "error": str(exc)}
                             for a in batch]
        return result

    def index(self, index: str, id: str, doc: dict[str, Any]) -> WriteResult:
        return self.write([{"_index": index, "_id": id, "_source": doc}])

    def replay_spool(self) -> int:
        """Send what the spool holds; raises StoreUnavailable while ES is still down."""
        return self.spool.replay(self._bulk_or_raise)

    def _try_replay(self) -> bool:
        try:
            n = self.replay_spool()
            if n:
                log.info("replayed %d spooled action(s)", n)
            return True
        except StoreUnavailable:
            return False

    def _bulk_or_raise(self, batch: list[Action]) -> list[dict[str, Any]]:
        failed = self._bulk(batch)
        if failed:
            log.error("%d spooled action(s) rejected for good, kept in %s: %s", len(failed),
                      self.spool.dead_path, failed[:3])
        return failed

    def _bulk(self, batch: list[Action]) -> list[dict[str, Any]]:
        """Send a batch; retry items rejected with 429/5xx with back-off. Returns permanent failures."""
        pending = batch
        delay = self.cfg.backoff_initial
        for attempt in range(self.cfg.max_retries + 1):
            body: list[dict[str, Any]] = []
            for a in pending:
                body.append({"index": {"_index": a["_index"], "_id": a["_id"]}})
                body.append(a["_source"])
            try:
                resp = self.es.bulk(operations=body, refresh=False)
            except UNREACHABLE as exc:
                raise StoreUnavailable(f"elasticsearch unreachable at {self.cfg.url}: {exc}") from exc
            except ApiError as exc:
                if exc.meta.status in RETRY_STATUSES and attempt < self.cfg.max_retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise
            if not resp.get("errors"):
                return []
            retry, failed = [], []
            for a, item in zip(pending, resp["items"], strict=True):
                res = item["index"]
                if res.get("status", 200) < 300:
                    continue
                (retry if res["status"] in RETRY_STATUSES else failed).append(
                    a if res["status"] in RETRY_STATUSES else
                    {"_index": a["_index"], "_id": a["_id"], "status": res["status"], "error": res.get("error")})
            if failed:
                log.error("bulk: %d document(s) rejected: %s", len(failed), failed[0])
            if not retry:
                return failed
            pending = retry
            if attempt < self.cfg.max_retries:
                time.sleep(delay)
                delay *= 2
        return failed + [{"_index": a["_index"], "_id": a["_id"], "status": 429, "error": "retries exhausted"}
                         for a in pending]

    # --- optimistic concurrency --------------------------------------------------------------
    def get(self, index: str, id: str) -> Versioned | None:
        try:
            r = self.es.get(index=index, id=id)
        except NotFoundError:
            return None
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc
        return Versioned(r["_id"], r["_source"], r["_seq_no"], r["_primary_term"], r["_index"])

    def put(self, index: str, id: str, doc: dict[str, Any], expected: Versioned | None,
            refresh: bool | str = False) -> Versioned:
        """Write `doc` only if the stored version is still `expected` (None: must not exist)."""
        kwargs: dict[str, Any] = {"index": index, "id": id, "document": doc, "refresh": refresh}
        if expected is None:
            kwargs["op_type"] = "create"
        else:
            kwargs["if_seq_no"] = expected.seq_no
            kwargs["if_primary_term"] = expected.primary_term
        try:
            r = self.es.index(**kwargs)
        except EsConflict as exc:
            raise ConflictError(f"{index}/{id} was changed by someone else") from exc
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc
        return Versioned(id, doc, r["_seq_no"], r["_primary_term"], r["_index"])

    def update(self, index: str, id: str,
               change: Callable[[dict[str, Any] | None], dict[str, Any] | None],
               attempts: int = 20, refresh: bool | str = False) -> Versioned | None:
        """Read-modify-write under optimistic concurrency; `change` gets the current doc (or None)
        and returns the new one (None: leave it). Retries on conflict with a fresh read."""
        for _ in range(attempts):
            cur = self.get(index, id)
            new = change(dict(cur.source) if cur else None)
            if new is None:
                return cur
            try:
                return self.put(index, id, new, cur, refresh=refresh)
            except ConflictError:
                continue
        raise ConflictError(f"{index}/{id}: gave up after {attempts} conflicting updates")

    # --- reads -------------------------------------------------------------------------------
    def resolve_id(self, index: str, ident: str, *, what: str, error: type[Exception],
                   match: dict[str, str] | None = None, hint: str = "") -> str:
        """The id of a document given in full or by an unambiguous prefix of 6+ characters (officers type
        the start of an id); `match` restricts it to documents with these field values."""
        match = match or {}
        got = self.get(index, ident)
        if got is not None and all(got.source.get(k) == v for k, v in match.items()):
            return ident
        if len(ident) < 6:
            raise error(f"{what} {ident!r} not found (give at least 6 characters of its id)")
        self.refresh(index)
        q = {"bool": {"filter": [{"prefix": {"id": ident}}, *({"term": {k: v}} for k, v in match.items())]}}
        hits = [h["_id"] for h in self.search(index, size=2, source=False, query=q)["hits"]["hits"]]
        if not hits:
            raise error(f"{what} {ident!r} not found{hint}")
        if len(hits) > 1:
            raise error(f"{what} id prefix {ident!r} is ambiguous; give more characters")
        return hits[0]

    def search(self, index: str, **body: Any) -> dict[str, Any]:
        try:
            body.setdefault("allow_partial_search_results", False)   # a node lost mid-search: an error, not fewer hits
            return self.es.search(index=index, ignore_unavailable=True, allow_no_indices=True, **body).body
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc

    def scan(self, index: str, query: dict[str, Any] | None = None, *, source: list[str] | None = None,
             versions: bool = False, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """Every hit of `query` (elasticsearch.helpers.scan); `source` limits the fields read,
        `versions` adds `_seq_no`/`_primary_term` for a later conditional write."""
        body: dict[str, Any] = {"query": query or {"match_all": {}}, **({"_source": source} if source is not None else {}),
                                **({"seq_no_primary_term": True} if versions else {})}
        kwargs.setdefault("allow_partial_search_results", False)
        yield from scan(self.es, index=index, query=body, ignore_unavailable=True, **kwargs)

    def scan_sources(self, index: str, query: dict[str, Any], source: list[str], page: int = 10000
                     ) -> Iterator[list[dict[str, Any]]]:
        """Pages of `_source`s only, through a scroll with `filter_path` (nothing else is parsed):
        for reading every event of a deployment in seconds. A missing index yields nothing."""
        fp = ["_scroll_id", "hits.hits._source"]
        try:
            resp = self.es.search(index=index, scroll="2m", size=page, filter_path=fp, ignore_unavailable=True,
                                  query=query, source=source, allow_partial_search_results=False)
        except NotFoundError:
            return
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc
        sid = resp.get("_scroll_id")
        try:
            while True:
                hits = (resp.get("hits") or {}).get("hits") or []
                if not hits:
                    break
                yield [h["_source"] for h in hits]
                if len(hits) < page or not sid:
                    break
                resp = self.es.scroll(scroll_id=sid, scroll="2m", filter_path=fp)
                sid = resp.get("_scroll_id") or sid
        finally:
            if sid:
                self.es.options(ignore_status=404).clear_scroll(scroll_id=sid)

    def mget(self, index: str, ids: Iterable[str], source: list[str] | None = None,
             chunk: int = 1000) -> dict[str, dict[str, Any]]:
        """Found documents by id (realtime, with `_seq_no`/`_primary_term`); a missing index is empty."""
        ids = list(ids)
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), chunk):
            kw: dict[str, Any] = {"source_includes": source} if source is not None else {}
            try:
                resp = self.es.mget(index=index, ids=ids[start:start + chunk], **kw)
            except NotFoundError:
                return out
            except UNREACHABLE as exc:
                raise StoreUnavailable(str(exc)) from exc
            for d in resp["docs"]:
                if d.get("found"):
                    out[d["_id"]] = d
        return out

    def count(self, index: str, query: dict[str, Any]) -> int:
        try:
            resp = self.es.count(index=index, ignore_unavailable=True, query=query)
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc
        if (resp.get("_shards") or {}).get("failed"):
            raise StoreUnavailable(f"count on {index}: {resp['_shards']['failed']} shard(s) did not answer")
        return int(resp["count"])

    def bulk_conditional(self, operations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A bulk of `create`/`index` operations that carry `if_seq_no` conditions: per item results,
        409s included (the caller retries those carefully). Not spooled: a condition read before an
        outage means nothing after it."""
        try:
            return [next(iter(item.values())) for item in self.es.bulk(operations=operations, refresh=False)["items"]]
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc

    def refresh(self, index: str | None = None) -> None:
        self.es.indices.refresh(index=index or f"{self.ix.prefix}-*", allow_no_indices=True,
                                ignore_unavailable=True)

    def ping(self) -> bool:
        try:
            self.es.cluster.health(timeout="2s")
            return True
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return False


def _as_index_action(a: Action) -> Action:
    if not a.get("_index") or not a.get("_id") or "_source" not in a:
        raise ValueError("a write needs _index, _id (deterministic) and _source")
    return {"_index": a["_index"], "_id": str(a["_id"]), "_source": a["_source"]}


def _normalise(template: dict[str, Any]) -> dict[str, Any]:
    """Elasticsearch returns settings as strings; compare in that form."""
    return {"settings": {"index": {k: str(v) for k, v in template["settings"]["index"].items()}}}
