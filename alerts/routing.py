"""`config/alerts.yaml`: the duty rule, alert thresholds, channels, routes, silences.

Secrets are never written in this file: a channel names the environment variable that holds
its webhook key, robot secret or SMTP password (`secret_env`, `token_env`, `key_env`,
`password_env`), and the value is read from the environment only when a message is sent.

A long module on purpose: every section of the file is a model here, so one place validates it all.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from alerts.channels.policy import HttpPolicy, is_loopback_url, url_problem
from ipwatch.config import load_yaml_model
from ipwatch.redact import url_credentials

if TYPE_CHECKING:
    from ipwatch.context import AppContext

#: The matters a platform reports within a week, each with why (config/alerts.yaml `duty.major_matters`
#: may change the list; each entry keeps its reason). The notice names six and ends its list with 等.
MAJOR_MATTERS: dict[str, str] = {
    "restructuring": "改制: named in 国知发运函字〔2023〕156号",
    "equity_change": "股权变更: named in 156号",
    "leadership_change": "负责人变动: named in 156号",
    "major_public_opinion": "重大舆情: named in 156号",
    "litigation": "诉讼: named in 156号",
    "administrative_penalty": "行政处罚: named in 156号",
    "bankruptcy_closure": "破产、注销、停业: under 156号's 等 - the operating unit may no longer answer for the platform",
    "dishonest_debtor": "列为失信被执行人: under 等 - a court finding that restricts the unit, weightier than a lawsuit",
    "regulatory_action": "立案调查等监管措施: under 等 - a regulator's case is the step before a penalty",
}
#: Alert kinds a route can select.
KINDS = ["duty", "duty_reminder", "duty_overdue", "surge", "grade_change", "compliance", "evaluation", "briefing"]

ENV_NAME = r"^[A-Z_][A-Z0-9_]*$"
SECRET_KEYS = {"secret", "password", "token", "key", "access_token", "webhook_key", "sign_secret"}


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DutyConfig(_M):
    period_days: int = Field(7, ge=1, description="due = occurrence date + period_days (end of day, local time)")
    timezone: str = "Asia/Shanghai"
    major_matters: dict[str, str] = Field(default_factory=lambda: dict(MAJOR_MATTERS),
                                          description="risk code -> why it is reported within the week")
    near_days: float = Field(2, ge=0, description="found with this little time left: raised as urgent")
    reminders_days_before: list[int] = Field(default_factory=lambda: [3, 1, 0])
    escalation_repeat_hours: float = Field(24, ge=0, description="repeat the overdue escalation (0: once)")
    min_confidence: float = Field(0.0, ge=0, le=1)
    backfill_cutoff: date | None = Field(
        None, description="matters that occurred before this date open no duty (a new deployment's history); "
                          "unset: every matter opens one, a late-found one as overdue")

    def hidden(self) -> str | None:
        """What the backfill cut-off leaves out, in words (None: nothing)."""
        return f"matters that occurred before {self.backfill_cutoff} open no duty" if self.backfill_cutoff else None

    @model_validator(mode="before")
    @classmethod
    def _retired(cls, data: Any) -> Any:
        if isinstance(data, dict) and "ignore_older_than_days" in data:
            raise ValueError("ignore_older_than_days is retired: a matter found late is still a matter and opens an "
                             "overdue duty (156号: reported late, never dropped); to leave a new deployment's history "
                             "out, set backfill_cutoff: YYYY-MM-DD")
        return data

    @field_validator("major_matters", mode="before")
    @classmethod
    def _reasons(cls, v: Any) -> Any:
        if isinstance(v, list):
            raise ValueError("major_matters maps each risk code to the reason it is reported "
                             "(e.g. `litigation: 诉讼: named in 156号`); a bare list says no why")
        return v

    @field_validator("major_matters")
    @classmethod
    def _known(cls, v: dict[str, str]) -> dict[str, str]:
        from ipwatch.taxonomy import CODES

        unknown = sorted(set(v) - set(CODES))
        if unknown:
            raise ValueError(f"unknown risk code(s) {', '.join(unknown)} (known: {', '.join(CODES)})")
        blank = sorted(c for c, why in v.items() if not str(why or "").strip())
        if blank:
            raise ValueError(f"give the reason each matter is reported: {', '.join(blank)} has none")
        return v

    @field_validator("reminders_days_before")
    @classmethod
    def _sorted(cls, v: list[int]) -> list[int]:
        if any(d < 0 for d in v):
            raise ValueError("reminder offsets are days before the due date (>= 0)")
        return sorted(set(v), reverse=True)


class SurgeConfig(_M):
    """Major public opinion (重大舆情): the current window against the entity's own baseline."""

    enabled: bool = True
    window_hours: float = Field(24, gt=0)
    baseline_days: float = Field(14, gt=0)
    min_volume: int = Field(5, ge=1, description="reports in the window (reposts count)")
    volume_ratio: float = Field(3.0, ge=1, description="window volume >= ratio x baseline mean per window")
    volume_z: float = Field(2.0, ge=0, description="… and >= baseline mean + z x standard deviation")
    baseline_floor: float = Field(1.0, gt=0, description="a quiet entity's baseline counts as at least this")
    min_negative_share: float = Field(0.4, ge=0, le=1)
    negative_share_delta: float = Field(0.15, ge=0, le=1, description="… and this much above the baseline share")
    authority_ratio: float = Field(2.0, ge=0, description="authority-weighted volume >= ratio x baseline")
    default_authority: float = Field(0.3, ge=0, le=1)
    min_top_authority: float = Field(0.5, ge=0, le=1,
                                     description="at least one report from an outlet at least this authoritative")
    social_min_outlets: int = Field(5, ge=1, description="a storm on social media with no authoritative outlet still "
                                                         "counts when this many different outlets/accounts carry it …")
    social_min_volume: int = Field(15, ge=1, description="… and the window holds at least this many reports")
    outlet_authority: dict[str, float] = Field(default_factory=dict,
                                               description="outlet domain (suffix match) -> weight 0..1")
    resolve_after_hours: float = Field(24, gt=0, description="quiet this long: the surge is over")
    every_seconds: float = Field(300, ge=0, description="surges are measured at most this often")
    max_entities: int = Field(2000, ge=1)

    def authority(self, domain: str | None) -> float:
        d = (domain or "").lower().strip(".")
        while d:
            if d in self.outlet_authority:
                return self.outlet_authority[d]
            d = d.partition(".")[2]
        return self.default_authority


class ComplianceRule(_M):
    name: str
    label: str
    patterns: list[str] = Field(min_length=1, description="regular expressions on title and text")
    phrases: list[str] = Field(min_length=1, description="phrases the search pre-filters on")

    @field_validator("patterns")
    @classmethod
    def _compile(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"bad regular expression {p!r}: {exc}") from None
        return v


def _default_rules() -> list[ComplianceRule]:
    return [
        ComplianceRule(name="branch", label="跨区域设立分平台/分中心/工作站",
                       phrases=["分平台", "分中心", "工作站", "分支机构"],
                       patterns=[r"(设立|成立|揭牌|挂牌|落地|授牌|启动|建设)[^。；]{0,30}(分平台|分中心|工作站|分支机构)",
                                 r"(分平台|分中心|工作站)[^。；]{0,12}(揭牌|挂牌|成立|落地|授牌|启用)"]),
        ComplianceRule(name="seal", label="以平台名称刻制公章",
                       phrases=["公章", "印章", "刻制"],
                       patterns=[r"(刻制|加盖|使用|私刻)[^。；]{0,20}(公章|印章)", r"(公章|印章)[^。；]{0,10}(刻制|加盖)"]),
        ComplianceRule(name="beyond_remit", label="超出平台功能范围开展市场化业务",
                       phrases=["超范围", "超出", "擅自", "以平台名义"],
                       patterns=[r"超(出)?[^。；]{0,10}(功能|经营|业务)?范围", r"擅自[^。；]{0,20}(开展|经营|收费)",
                                 r"以平台名义[^。；]{0,30}(收费|经营|开展|招商|融资)"]),
    ]


class ComplianceConfig(_M):
    enabled: bool = True
    rules: list[ComplianceRule] = Field(default_factory=_default_rules)
    event_risk_types: list[str] = Field(default_factory=lambda: ["unauthorized_branch"])
    rectify_days: int = Field(30, ge=1, description="a finding's rectification deadline, days after it is found "
                                                    "(ipwatch's default; an officer sets the real one)")


class OutboxConfig(_M):
    max_attempts: int = Field(8, ge=1)
    backoff_initial_seconds: float = Field(30, gt=0)
    backoff_max_seconds: float = Field(3600, gt=0)
    lease_seconds: float = Field(120, gt=0, description="a claim older than this is taken over (crash)")
    dispatch_after_evaluate: bool = Field(True, description="evaluate sends what it recorded right away")
    batch: int = Field(200, ge=1)
    timeout_seconds: float = Field(10, gt=0)

    @model_validator(mode="after")
    def _lease_outlasts_a_send(self) -> OutboxConfig:
        # a claim taken over while its send is still waiting for the receiver sends the message twice
        if self.lease_seconds <= self.timeout_seconds:
            raise ValueError(f"lease_seconds ({self.lease_seconds:g}) must be longer than timeout_seconds "
                             f"({self.timeout_seconds:g}): a claim taken over mid-send is sent twice")
        return self


class RateLimit(_M):
    max: int = Field(ge=1)
    per_seconds: float = Field(3600, gt=0)


class _Channel(_M):
    enabled: bool = True
    rate_limit: RateLimit | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_inline_secrets(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for k in data:
                if k in SECRET_KEYS:
                    raise ValueError(f"{k}: secrets are not written in alerts.yaml; put the value in an "
                                     f"environment variable and name that variable here instead (…_env)")
        return data


class EmailChannel(_Channel):
    type: Literal["email"]
    host: str
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    verify: bool = True
    ca_file: str | None = None
    username: str | None = None
    password_env: str | None = Field(None, pattern=ENV_NAME)
    sender: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    cc: list[str] = []

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DingTalkChannel(_Channel):
    type: Literal["dingtalk"]
    url: str = "https://oapi.dingtalk.com/robot/send"
    token_env: str = Field(pattern=ENV_NAME, description="the robot's access_token")
    secret_env: str | None = Field(None, pattern=ENV_NAME, description="加签 secret (SEC…)")
    at_mobiles: list[str] = []


class WeComChannel(_Channel):
    type: Literal["wecom"]
    url: str = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
    key_env: str = Field(pattern=ENV_NAME, description="the group robot's webhook key")


class FeishuChannel(_Channel):
    type: Literal["feishu"]
    url: str = Field("https://open.feishu.cn/open-apis/bot/v2/hook",
                     description="base URL; Lark: https://open.larksuite.com/open-apis/bot/v2/hook")
    hook_env: str = Field(pattern=ENV_NAME, description="the hook id at the end of the webhook URL")
    secret_env: str | None = Field(None, pattern=ENV_NAME, description="签名校验 secret")


class WebhookChannel(_Channel):
    type: Literal["webhook"]
    url: str
    secret_env: str | None = Field(None, pattern=ENV_NAME, description="HMAC-SHA256 key for X-Ipwatch-Signature")
    headers: dict[str, str] = Field({}, description="fixed headers (no secrets here)")
    headers_env: dict[str, str] = Field({}, description="header name -> environment variable holding its value "
                                                        "(e.g. Authorization)")

    @field_validator("headers")
    @classmethod
    def _no_secret_headers(cls, v: dict[str, str]) -> dict[str, str]:
        for h in v:
            if h.lower() in ("authorization", "x-api-key", "api-key", "x-auth-token", "cookie"):
                raise ValueError(f"header {h} carries a secret: name its environment variable in headers_env")
        return v


ChannelConfig = Annotated[Union[EmailChannel, DingTalkChannel, WeComChannel, FeishuChannel, WebhookChannel],
                          Field(discriminator="type")]


class Match(_M):
    """Every listed condition must hold; an empty list matches anything."""

    kinds: list[str] = []
    entities: list[str] = []
    entity_types: list[str] = []
    platforms: list[str] = []
    risk_types: list[str] = []
    min_severity: float = Field(0.0, ge=0, le=1)

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: list[str]) -> list[str]:
        bad = [k for k in v if k not in KINDS]
        if bad:
            raise ValueError(f"unknown kind(s) {', '.join(bad)}; kinds are {', '.join(KINDS)}")
        return v

    def matches(self, n: dict[str, Any]) -> bool:
        if self.kinds and n.get("kind") not in self.kinds:
            return False
        if self.entities and n.get("entity_id") not in self.entities:
            return False
        if self.entity_types and n.get("entity_type") not in self.entity_types:
            return False
        if self.platforms and not set(self.platforms) & set(n.get("platforms") or []):
            return False
        if self.risk_types and n.get("risk_type") not in self.risk_types:
            return False
        return float(n.get("severity") or 0) >= self.min_severity


class Route(_M):
    name: str
    match: Match = Match()
    channels: list[str] = Field(min_length=1)
    stop: bool = Field(False, description="later routes are not tried when this one matches")


class Silence(_M):
    match: Match
    until: datetime | None = None
    reason: str = ""

    def active(self, now: datetime) -> bool:
        return self.until is None or now < self.until


class AlertsConfig(_M):
    duty: DutyConfig = DutyConfig()
    surge: SurgeConfig = SurgeConfig()
    compliance: ComplianceConfig = ComplianceConfig()
    outbox: OutboxConfig = OutboxConfig()
    http: HttpPolicy = Field(HttpPolicy(), description="where webhook and chat channels may send")
    channels: dict[str, ChannelConfig] = {}
    routes: list[Route] = []
    silences: list[Silence] = []
    dashboard_url: str | None = Field(None, description="link shown in messages (e.g. Kibana)")
    console_url: str | None = Field(None, description="the console's address; settings console.base_url fills it")
    cursor_overlap_seconds: float = Field(600, ge=0)

    @model_validator(mode="after")
    def _urls(self) -> AlertsConfig:
        """Every HTTP channel's URL obeys the `http:` policy and carries no secret."""
        for name, ch in self.channels.items():
            url = getattr(ch, "url", None)
            if url is None:
                continue
            problem = url_problem(url, self.http)
            creds = url_credentials(url)
            if creds:
                problem = (f"the URL carries {creds[0]}: name an environment variable instead "
                           f"(token_env, key_env, hook_env, secret_env or headers_env)")
            if problem:
                raise ValueError(f"channels.{name}.url: {problem}")
        return self

    def http_notes(self) -> list[str]:
        """What config check should say about where alerts go (today: loopback targets)."""
        local = sorted(n for n, ch in self.channels.items()
                       if getattr(ch, "url", None) and ch.enabled and is_loopback_url(ch.url))
        return [f"channel(s) {', '.join(local)} send to this machine (loopback); set http.allow_loopback: "
                f"false to refuse that"] if local else []

    @model_validator(mode="after")
    def _refs(self) -> AlertsConfig:
        for i, r in enumerate(self.routes):
            for c in r.channels:
                if c not in self.channels:
                    raise ValueError(f"routes[{i}] ({r.name}): unknown channel {c!r}")
        return self

    def route(self, notification: dict[str, Any]) -> list[tuple[str, str]]:
        """(route name, channel name) pairs for a notification; each channel once."""
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for r in self.routes:
            if not r.match.matches(notification):
                continue
            for c in r.channels:
                if c not in seen and self.channels[c].enabled:
                    seen.add(c)
                    out.append((r.name, c))
            if r.stop:
                break
        return out

    def silenced(self, notification: dict[str, Any], now: datetime) -> Silence | None:
        for s in self.silences:
            if s.active(now) and s.match.matches(notification):
                return s
        return None

    def secret_values(self, env: dict[str, str] | None = None) -> list[str]:
        """Every secret the channels name, for redaction of error texts and logs."""
        env = dict(os.environ) if env is None else env
        out = []
        for ch in self.channels.values():
            names = [getattr(ch, f, None) for f in ("password_env", "token_env", "secret_env", "key_env", "hook_env")]
            names += list((getattr(ch, "headers_env", None) or {}).values())
            for name in names:
                if name and env.get(name):
                    out.append(env[name])
                    if name.startswith("Bearer "):
                        out.append(env[name][7:])
        return sorted(out, key=len, reverse=True)


CONFIG_FILE = "alerts.yaml"


def load_alerts_config(app: AppContext) -> AlertsConfig:
    """config/alerts.yaml, validated (use `app.service(load_alerts_config)` to read it once); messages
    link to the console page of what they announce when settings `console.base_url` is set."""
    cfg = load_yaml_model(AlertsConfig, app.settings.config_file(CONFIG_FILE))
    cfg.console_url = app.settings.console.base_url or cfg.console_url
    return cfg
