"""`config/sources.yaml`: what to crawl. A new engine, feed or publicity site is a config entry.

Three kinds of source, one spider each:

* ``search`` — a search engine or portal search page queried for every watched entity's name and
  aliases; result items are parsed with selectors, links are followed to the articles.
* ``feed`` — RSS/Atom feeds of outlets and official sites.
* ``official`` — list-and-detail publicity pages (行政处罚公示, court / enforcement notices, CNIPA
  announcements); structured record fields are read from the detail page's label/value pairs.

Every URL may be relative to the source's ``base_url``; the base URL can be overridden from the
environment without touching the file: ``IPWATCH_SOURCES__<NAME>__BASE_URL=http://127.0.0.1:8000``
(name upper-cased, ``-`` as ``_``), or for all sources at once with ``IPWATCH_SOURCES_BASE_URL``
(used by the offline demo, which serves every site from one local server).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Union
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ipwatch.config import load_yaml_model

if TYPE_CHECKING:
    from ipwatch.context import AppContext

RECORD_TYPES = ("administrative_penalty", "court_notice", "enforcement", "dishonest_debtor", "announcement")

# Label texts on publicity detail pages -> record field. Sites differ in wording; a source can add
# its own labels with `labels:`.
DEFAULT_LABELS: dict[str, list[str]] = {
    "decision_no": ["行政处罚决定书文号", "处罚决定书文号", "决定书文号", "处罚文号", "文书号", "案号", "决定文书号"],
    "party": ["行政相对人名称", "当事人名称", "当事人", "被处罚单位", "被执行人", "被执行人姓名/名称",
              "失信被执行人", "企业名称", "单位名称", "相对人名称"],
    "party_uscc": ["统一社会信用代码", "行政相对人代码_1(统一社会信用代码)", "信用代码", "组织机构代码"],
    "authority": ["处罚机关", "作出处罚决定的机关名称", "处罚机构", "执行法院", "发布机关", "决定机关", "执法机关"],
    "decision_date": ["处罚决定日期", "作出行政处罚决定日期", "决定日期", "处罚日期", "立案时间", "发布日期",
                      "公告日期", "发布时间"],
    "penalty": ["处罚内容", "行政处罚内容", "处罚结果", "处罚种类", "执行标的", "失信行为具体情形", "主要违法事实",
                "违法事实"],
    "amount_yuan": ["罚款金额(万元)", "罚款金额（万元）", "罚款金额", "执行标的(元)", "执行标的（元）"],
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Selector(_Model):
    """A CSS (``css: "a.title::attr(href)"``) or XPath selector, optionally narrowed by a regex."""

    css: str | None = None
    xpath: str | None = None
    re: str | None = Field(None, description="keep the first group (or the whole match) of this regex")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, v):  # type: ignore[no-untyped-def]
        if isinstance(v, str):  # "a::attr(href)" or "xpath://a/@href"
            return {"xpath": v[6:]} if v.startswith("xpath:") else {"css": v}
        return v

    @model_validator(mode="after")
    def _one(self) -> Selector:
        if bool(self.css) == bool(self.xpath):
            raise ValueError("give exactly one of css or xpath")
        if self.re:
            try:
                re.compile(self.re)
            except re.error as exc:
                raise ValueError(f"invalid regex {self.re!r}: {exc}") from None
        return self


class _Source(_Model):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,63}$")
    enabled: bool = True
    base_url: str | None = Field(None, description="URLs below may be relative to this")
    outlet: str | None = Field(None, description="outlet name when the page does not say")
    obey_robots: bool | None = Field(None, description="None: the global crawl.obey_robots")
    delay: float = Field(0.0, ge=0, description="seconds between requests to this source's hosts")
    concurrency: int | None = Field(None, ge=1, description="parallel requests per host (default: global)")
    proxy: str | None = None
    encoding: str | None = Field(None, description="force this page encoding (else detected)")
    max_pages: int = Field(5, ge=1, description="listing/result pages per query or list")
    require_mention: bool = Field(True, description="keep only articles naming a watched entity")
    interval_minutes: float | None = Field(None, gt=0, description="how often the daemon crawls it (default: "
                                           "daemon.intervals.crawl)")
    notes: str | None = None

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        if v is not None and urlsplit(v).scheme not in ("http", "https"):
            raise ValueError(f"base_url must be an http(s) URL, got {v!r}")
        return v

    def abs_url(self, u: str) -> str:
        """Absolute URL of `u` (relative URLs resolve against base_url)."""
        if urlsplit(u).scheme:
            return u
        if not self.base_url:
            raise ValueError(f"source {self.name}: relative URL {u!r} needs a base_url")
        return urljoin(self.base_url, u)


class ResultSelectors(_Model):
    item: Selector = Field(description="one search result")
    link: Selector = Field(description="within an item: the article URL")
    title: Selector | None = None
    date: Selector | None = None
    outlet: Selector | None = None


class SearchSource(_Source):
    """A search engine / portal search: `url` is a template with {query} and {page} or {offset}."""

    type: Literal["search"]
    url: str = Field(description="e.g. /s?wd={query}&pn={offset}; {page} counts from first_page")
    query: str = Field("{name}", description="query template per entity name, e.g. '\"{name}\"'")
    query_encoding: str = "utf-8"
    first_page: int = 1
    page_size: int = Field(10, ge=1, description="results per page (for {offset})")
    results: ResultSelectors
    next_page: Selector | None = Field(None, description="link to the next page; else the template pages on")
    date_format: str | None = Field(None, description="strptime format of result dates; else Chinese auto-parse")
    names: Literal["all", "name", "aliases"] = "all"

    @field_validator("url")
    @classmethod
    def _template(cls, v: str) -> str:
        if "{query}" not in v:
            raise ValueError("the URL template needs a {query} placeholder")
        bad = set(re.findall(r"{(\w*)}", v)) - {"query", "page", "offset", "days"}
        if bad:
            raise ValueError(f"unknown placeholder(s) {sorted(bad)}; use {{query}}, {{page}}, {{offset}}, {{days}}")
        return v


class FeedSource(_Source):
    type: Literal["feed"]
    urls: list[str] = Field(min_length=1)
    follow: bool = Field(True, description="fetch each item's page; else keep the feed's summary")


class OfficialSource(_Source):
    """List-and-detail publicity pages."""

    type: Literal["official"]
    record_type: Literal["administrative_penalty", "court_notice", "enforcement", "dishonest_debtor",
                         "announcement"]
    list_urls: list[str] = Field(min_length=1)
    item: Selector = Field(description="one row of the list")
    link: Selector = Field(description="within a row: the detail page URL")
    title: Selector | None = None
    date: Selector | None = None
    next_page: Selector | None = None
    labels: dict[str, list[str]] = Field({}, description="extra label texts per record field")
    fields: dict[str, Selector] = Field({}, description="explicit detail-page selectors per record field")
    authority: str | None = Field(None, description="the publishing authority when pages omit it")
    require_mention: bool = False

    @field_validator("labels", "fields")
    @classmethod
    def _known(cls, v: dict) -> dict:
        bad = set(v) - set(DEFAULT_LABELS)
        if bad:
            raise ValueError(f"unknown record field(s) {sorted(bad)}; known: {sorted(DEFAULT_LABELS)}")
        return v

    def label_map(self) -> dict[str, list[str]]:
        out = {k: list(v) for k, v in DEFAULT_LABELS.items()}
        for k, extra in self.labels.items():
            out[k] = [*extra, *out[k]]
        return out


Source = Annotated[Union[SearchSource, FeedSource, OfficialSource], Field(discriminator="type")]
SPIDER_OF_TYPE = {"search": "news_search", "feed": "feeds", "official": "official"}
SOURCE_TYPE_OF = {"search": "news", "feed": "feed", "official": "official"}


class SourcesConfig(_Model):
    version: int = 1
    sources: list[Source] = []

    @model_validator(mode="after")
    def _unique(self) -> SourcesConfig:
        seen: set[str] = set()
        for i, s in enumerate(self.sources):
            if s.name in seen:
                raise ValueError(f"sources[{i}]: duplicate source name {s.name!r}")
            seen.add(s.name)
            if s.base_url is None:
                for u in _urls_of(s):
                    if not urlsplit(u).scheme:
                        raise ValueError(f"sources[{i}] ({s.name}): relative URL {u!r} needs base_url")
        return self

    def get(self, name: str) -> _Source | None:
        return next((s for s in self.sources if s.name == name), None)

    def select(self, names: list[str] | None = None, type: str | None = None) -> list[_Source]:
        """Enabled sources (or exactly the named ones, enabled or not) of one type."""
        if names:
            unknown = [n for n in names if self.get(n) is None]
            if unknown:
                from ipwatch.errors import ConfigError

                raise ConfigError("sources.yaml", f"unknown source(s): {', '.join(unknown)}; "
                                  f"known: {', '.join(s.name for s in self.sources)}")
            chosen = [s for s in self.sources if s.name in names]
        else:
            chosen = [s for s in self.sources if s.enabled]
        return [s for s in chosen if type is None or s.type == type]


def _urls_of(s: _Source) -> list[str]:
    if isinstance(s, SearchSource):
        return [s.url]
    if isinstance(s, FeedSource):
        return list(s.urls)
    if isinstance(s, OfficialSource):
        return list(s.list_urls)
    return []


def apply_env_overrides(cfg: SourcesConfig, env: Mapping[str, str] | None = None) -> SourcesConfig:
    env = os.environ if env is None else env
    common = env.get("IPWATCH_SOURCES_BASE_URL")
    for s in cfg.sources:
        key = f"IPWATCH_SOURCES__{s.name.upper().replace('-', '_')}__BASE_URL"
        if env.get(key):
            s.base_url = env[key]
        elif common and s.base_url and urlsplit(s.base_url).hostname in ("127.0.0.1", "localhost"):
            s.base_url = common
    return cfg


def load_sources(path: Path, env: Mapping[str, str] | None = None) -> SourcesConfig:
    return apply_env_overrides(load_yaml_model(SourcesConfig, path), env)


CONFIG_FILE = "sources.yaml"


def load_sources_config(app: AppContext) -> SourcesConfig:
    """config/sources.yaml of an installation, validated, with its environment overrides."""
    return load_sources(app.settings.config_file(CONFIG_FILE))
