"""Runtime settings: `config/settings.yaml`, overridden by `IPWATCH_…` environment variables.

Nested keys use a double underscore: `IPWATCH_ES__URL=http://es:9200` overrides `es.url`.
Secrets (API keys, passwords, tokens) are refused in YAML and come only from the environment,
either directly (`IPWATCH_ES__PASSWORD`) or from a file (`IPWATCH_ES__PASSWORD_FILE=/run/secrets/x`).
A URL in the YAML that carries a secret (`http://user:pw@…`, `?access_token=…`) is refused too; an
`es.url` with a user and password set from the environment is split into es.username/es.password, so
the URL that config check and the logs print never holds the password.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from ipwatch.config import read_yaml, validation_problems
from ipwatch.errors import ConfigError
from ipwatch.redact import find_url_credentials, userinfo_split

ENV_PREFIX = "IPWATCH_"
SOURCE_ROOT = Path(__file__).resolve().parents[1]
#: The shipped defaults installed with the wheel (config/, models/, demo/, kibana/ as ipwatch/_share).
PACKAGED_ROOT = Path(__file__).resolve().parent / "_share"
#: Where the shipped config, model, demo and dashboards are: the source tree when the code runs from
#: one (a checkout, an editable install), else the copy inside the installed package.
SHIPPED_DIRS = {("models",), ("demo",), ("kibana",)}
PROJECT_ROOT = SOURCE_ROOT if (SOURCE_ROOT / "config" / "settings.yaml").exists() else PACKAGED_ROOT


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ElasticsearchSettings(_Section):
    url: str = "http://127.0.0.1:9200"
    hosts: list[str] = Field([], description="more nodes of the same cluster: requests go round url and these, "
                                             "skipping a node that does not answer")
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    ca_file: Path | None = None
    verify_certs: bool = True
    index_prefix: str = Field("ipwatch", pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    shards: int = Field(1, ge=1)
    replicas: int = Field(0, ge=0)
    request_timeout: float = Field(30.0, gt=0)
    max_retries: int = Field(5, ge=0, description="bulk retries on 429/503, with exponential back-off")
    backoff_initial: float = Field(0.5, gt=0)

    @model_validator(mode="after")
    def _credentials_apart(self) -> ElasticsearchSettings:
        """Move `user:pw@` out of the URL (it came from the environment; YAML refuses it)."""
        for h in self.hosts:
            if userinfo_split(h)[1] is not None or userinfo_split(h)[2] is not None:
                raise ValueError("es.hosts: give the user and password in es.username/es.password, not in a URL")
        url, user, pw = userinfo_split(self.url)
        if user is None and pw is None:
            return self
        if (self.username and user and self.username != user) or (self.password and pw is not None):
            raise ValueError("es.url carries a user/password and es.username/es.password are set too: keep one")
        self.url = url
        self.username = self.username or user
        if pw is not None:
            self.password = SecretStr(pw)
        return self

    @property
    def nodes(self) -> list[str]:
        """Every node the client may send to: `url` first, then `hosts`."""
        return [self.url, *(h for h in self.hosts if h != self.url)]


class SpoolSettings(_Section):
    dir: Path = Path("var/spool")
    max_bytes: int = Field(2 * 1024**3, gt=0, description="refuse to spool beyond this many bytes")


class NlpSettings(_Section):
    model_path: Path = Path("models/ipwatch-zh-risk")
    batch_size: int = Field(32, ge=1)
    device: str = "cpu"
    max_length: int = Field(256, ge=16)
    max_text_chars: int = Field(
        100_000, ge=1_000, le=5_000_000,
        description="`analyze` reads at most this many characters of a text (title + text); a longer one is "
                    "truncated and its result says so (truncated: true, original_chars)")
    max_line_bytes: int = Field(64 * 1024**2, ge=64 * 1024,
                                description="`analyze` skips (and reports) an input line longer than this")


class CrawlSettings(_Section):
    user_agent: str = "ipwatch/0.1 (+https://github.com/ipwatch/ipwatch; public-opinion monitoring)"
    obey_robots: bool = True
    concurrent_requests: int = Field(16, ge=1)
    concurrent_per_domain: int = Field(2, ge=1)
    download_timeout: float = Field(20.0, gt=0)
    download_maxsize: int = Field(5 * 1024 * 1024, gt=0)
    retry_times: int = Field(3, ge=0)
    autothrottle: bool = True
    look_back_days: int = Field(7, ge=1)
    proxy: str | None = None
    state_dir: Path = Path("var/crawl")
    # shared crawling (crawlers/shared.py): request queue, dupefilter and seen-set in this Redis
    redis_url: str | None = Field(None, description="redis://host:port/db of shared crawling; null: crawl alone")
    claim_ttl_seconds: float = Field(300.0, ge=1, description="a worker's claim on a page it hands over")
    round_seconds: float = Field(600.0, ge=1, description="workers started within one such window share a round")


class DaemonSettings(_Section):
    http_host: str = "127.0.0.1"
    http_port: int = Field(8787, ge=0, le=65535)
    shutdown_grace_seconds: float = Field(30.0, gt=0)
    # Seconds between runs per job; for crawls `crawl:<source>` beats the source's own interval,
    # which beats `crawl`.
    # Only the jobs named here change; the others keep their defaults (see ipwatch/shell/jobs.py).
    intervals: dict[str, float] = Field({}, description="job name -> seconds between runs")
    full_rerate_cron: str = Field("0 3 * * *", description="crontab (in `timezone`) of the full re-rating")
    jobs: list[str] | None = Field(None, description="run only these jobs (null: all available)")
    lock_ttl_seconds: float = Field(60.0, ge=1, description="leader lock lifetime without a heartbeat")
    misfire_grace_seconds: float = Field(600.0, gt=0, description="a late run still runs within this")
    max_workers: int = Field(4, ge=1, description="jobs that may run at the same time")
    repeat_log_seconds: float = Field(60.0, ge=0, description="the same failure is logged at most this often")


class ConsoleSettings(_Section):
    """The risk officers' web console (ipwatch/shell/console/). Host and port default to the daemon's
    (`daemon.http_host`, `daemon.http_port`): one server answers the probes and the console."""

    enabled: bool = True
    host: str | None = Field(None, description="null: daemon.http_host")
    port: int | None = Field(None, ge=0, le=65535, description="null: daemon.http_port (one server)")
    base_url: str | None = Field(None, description="address people use (behind a proxy); notification links")
    secret_key: SecretStr | None = Field(None, description="environment only; else kept in the state index")
    session_hours: float = Field(12.0, gt=0, le=24 * 30)
    login_max_failures: int = Field(5, ge=1, description="failed log-ins per account or address in the window")
    login_window_seconds: float = Field(900.0, gt=0)
    trusted_user_header: str | None = Field(None, description="e.g. X-Remote-User set by an SSO proxy")
    trusted_proxies: list[str] = Field([], description="addresses whose trusted_user_header is believed")
    threads: int = Field(8, ge=1, le=64)


class WorkSettings(_Section):
    redis_url: str | None = Field(None, description="Redis of the work streams; null: the leader does all the work")
    claim_idle_seconds: float = Field(60.0, ge=1, description="a worker's unacknowledged batch is taken over after")
    kinds: list[Literal["analyze", "events", "evaluate", "alerts"]] = Field(
        ["analyze"], description="with redis_url: the jobs whose work the leader only publishes "
        "(analyze: pending articles; events: entities to merge and re-rate; evaluate: events, grade changes "
        "and articles to turn into duties and alerts; alerts: notifications to send)")
    lease_seconds: float = Field(120.0, ge=1, description="an events worker's hold on one entity expires after")


class RetentionSettings(_Section):
    articles_days: int = Field(1095, ge=0, description="delete monthly article indices older than this; 0 keeps all")


class ReportsSettings(_Section):
    """Briefings the daemon writes and sends (reports/jobs.py); a cron of null sends none of that period."""

    dir: Path = Field(Path("var/reports"), description="where scheduled briefings are written")
    format: Literal["pdf", "html"] = "pdf"
    daily_cron: str | None = Field(None, description="crontab (in `timezone`) of the daily briefing (the day before)")
    weekly_cron: str | None = Field("0 8 * * 1", description="crontab of the weekly briefing (the 7 days before)")
    monthly_cron: str | None = Field("0 8 1 * *", description="crontab of the monthly briefing (the month before)")
    link_base_url: str | None = Field(None, description="URL where `dir` is published; chat messages link there")


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_lines: bool = True
    file: Path | None = Field(None, description="write the log here instead of stderr (crawls too)")


class Settings(_Section):
    """Everything the daemon and CLI need besides the domain files (watchlist, sources, …)."""

    es: ElasticsearchSettings = ElasticsearchSettings()
    spool: SpoolSettings = SpoolSettings()
    nlp: NlpSettings = NlpSettings()
    crawl: CrawlSettings = CrawlSettings()
    daemon: DaemonSettings = DaemonSettings()
    retention: RetentionSettings = RetentionSettings()
    reports: ReportsSettings = ReportsSettings()
    console: ConsoleSettings = ConsoleSettings()
    work: WorkSettings = WorkSettings()
    logging: LoggingSettings = LoggingSettings()
    timezone: str = "Asia/Shanghai"
    # Where relative paths resolve; filled by load_settings, not by the YAML file.
    base_dir: Path = Field(PROJECT_ROOT, exclude=True)
    config_dir: Path = Field(PROJECT_ROOT / "config", exclude=True)

    def path(self, p: Path) -> Path:
        """Resolve a configured path against the deployment's base directory; a relative path that
        is not there but is shipped with ipwatch (models/, demo/, kibana/) resolves to the shipped copy."""
        if p.is_absolute():
            return p
        here = self.base_dir / p
        if not here.exists() and p.parts[:1] in SHIPPED_DIRS and (PROJECT_ROOT / p).exists():
            return PROJECT_ROOT / p
        return here

    def config_file(self, name: str) -> Path:
        return self.config_dir / name


SECRET_FIELDS = {("es", "api_key"), ("es", "password"), ("console", "secret_key")}


def default_config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("IPWATCH_CONFIG_DIR"):
        return Path(env["IPWATCH_CONFIG_DIR"]).resolve()
    cwd_config = Path.cwd() / "config" / "settings.yaml"
    if cwd_config.exists():
        return cwd_config.parent.resolve()
    return PROJECT_ROOT / "config"


def _env_value(raw: str) -> Any:
    raw_s = raw.strip()
    if raw_s[:1] in "[{":
        try:
            return json.loads(raw_s)
        except json.JSONDecodeError:
            return raw
    return raw


def _env_overrides(env: Mapping[str, str]) -> tuple[dict[str, Any], dict[tuple[str, ...], str]]:
    """Turn IPWATCH_A__B=v into {"a": {"b": v}}; remember which variable set which key."""
    tree: dict[str, Any] = {}
    origin: dict[tuple[str, ...], str] = {}
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX) or name in ("IPWATCH_CONFIG_DIR", "IPWATCH_BASE_DIR"):
            continue
        parts = [p.lower() for p in name[len(ENV_PREFIX):].split("__")]
        if not all(parts) or parts[0] not in Settings.model_fields:
            continue
        value: Any = _env_value(raw)
        if parts[-1].endswith("_file") and tuple([*parts[:-1], parts[-1][:-5]]) in SECRET_FIELDS:
            parts[-1] = parts[-1][:-5]
            try:
                value = Path(raw).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(name, f"cannot read secret file {raw}: {exc.strerror}") from None
        node = tree
        for p in parts[:-1]:
            node = node.setdefault(p, {}) if isinstance(node.get(p, {}), dict) else {}
        node[parts[-1]] = value
        origin[tuple(parts)] = name
    return tree, origin


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _env_hint(key: str) -> str:
    if key == "es.url":
        return "set IPWATCH_ES__USERNAME and IPWATCH_ES__PASSWORD (or IPWATCH_ES__PASSWORD_FILE)"
    return f"set the full value in the environment as {ENV_PREFIX}{key.upper().replace('.', '__')}"


def load_settings(config_dir: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read settings.yaml (optional) and apply environment overrides; errors name file and key."""
    env = os.environ if env is None else env
    config_dir = (config_dir or default_config_dir(env)).resolve()
    path = config_dir / "settings.yaml"
    data = read_yaml(path) if path.exists() else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "expected a mapping of sections (es, spool, nlp, …)")
    for section, field in SECRET_FIELDS:
        if isinstance(data.get(section), dict) and data[section].get(field) not in (None, ""):
            var = f"{ENV_PREFIX}{section.upper()}__{field.upper()}"
            raise ConfigError(
                str(path), f"secrets are not read from files in config/; set {var} or {var}_FILE",
                key=f"{section}.{field}",
            )
    url_secrets = list(find_url_credentials(data))
    if url_secrets:
        raise ConfigError(str(path), [(key, f"{msg}; {_env_hint(key)}") for key, msg in url_secrets])
    overrides, origin = _env_overrides(env)
    merged = _merge(data, overrides)
    # the packaged defaults are read-only: state (var/spool, …) then goes under the working directory
    default_base = Path.cwd() if config_dir == PACKAGED_ROOT / "config" else config_dir.parent
    base_dir = Path(env.get("IPWATCH_BASE_DIR") or default_base).resolve()
    merged["base_dir"] = base_dir
    merged["config_dir"] = config_dir
    try:
        return Settings.model_validate(merged)
    except ValidationError as err:
        problems = []
        for key, msg in validation_problems(err):
            var = origin.get(tuple(key.replace("[", ".").replace("]", "").split(".")))
            problems.append((f"{key} (from environment variable {var})" if var else key, msg))
        raise ConfigError(str(path), problems) from None
