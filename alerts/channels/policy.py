"""Where the HTTP channels may send: http(s) only, never link-local, optionally only listed hosts.

A webhook or chat robot URL comes from alerts.yaml (trusted, written by an operator); what answers
it is not. So the rule is checked twice: when alerts.yaml is validated (`config check` refuses a
bad URL) and again before every send, on the addresses the host name resolves to (a name that
points at 169.254.169.254 is refused too). Redirects are never followed (see base.post_json).

Loopback (127.0.0.0/8, ::1) is allowed unless `http.allow_loopback: false`: local receivers, the
demo and the tests use it, and config check names every channel that targets it.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMES = ("http", "https")


class HttpPolicy(BaseModel):
    """`http:` in alerts.yaml: where webhook and chat channels may send."""

    model_config = ConfigDict(extra="forbid")

    allowed_hosts: list[str] = Field(
        [], description="if given, channels may send only to these host names / IP addresses "
                        "(exact, or `.example.org` for the domain and its subdomains)")
    allow_loopback: bool = Field(True, description="allow 127.0.0.0/8 and ::1 (local receivers, demo, tests)")

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, v: list[str]) -> list[str]:
        out = []
        for h in v:
            h = h.strip().lower()
            if not h or "/" in h or "://" in h or " " in h:
                raise ValueError(f"allowed_hosts: {h!r} is not a host name (write ops.example.org, not a URL)")
            out.append(h)
        return out

    def host_allowed(self, host: str) -> bool:
        if not self.allowed_hosts:
            return True
        host = host.lower().rstrip(".")
        return any(host == a or (a.startswith(".") and (host.endswith(a) or host == a[1:]))
                   for a in self.allowed_hosts)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, policy: HttpPolicy) -> str | None:
    """Why an alert may not go to this address (None: it may)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_link_local:
        return f"{ip} is link-local (169.254.0.0/16, fe80::/10: cloud metadata and autoconfiguration, never a receiver)"
    if ip.is_multicast or ip.is_unspecified:
        return f"{ip} is not a single host"
    if ip.is_loopback and not policy.allow_loopback:
        return f"{ip} is loopback and http.allow_loopback is false"
    return None


def url_problem(url: str, policy: HttpPolicy | None = None) -> str | None:
    """Why a channel URL is refused, from its text alone (None: acceptable)."""
    policy = policy or HttpPolicy()
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme.lower() not in SCHEMES:
        return f"only http:// and https:// URLs are sent to, not {parts.scheme or 'a bare path'}:"
    host = parts.hostname
    if not host:
        return "the URL has no host"
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        ip = _ip("127.0.0.1")
    else:
        ip = _ip(host)
    if ip is not None:
        problem = address_problem(ip, policy)
        if problem:
            return problem
    if not policy.host_allowed(host):
        return f"host {host} is not in http.allowed_hosts ({', '.join(policy.allowed_hosts)})"
    return None


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    ip = _ip(host)
    return host == "localhost" or host.endswith(".localhost") or bool(ip and ip.is_loopback)


def resolved_problem(url: str, policy: HttpPolicy) -> str | None:
    """Checked right before a send: the URL, then every address its host resolves to."""
    problem = url_problem(url, policy)
    if problem:
        return problem
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _ip(host) is not None:
        return None
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except OSError:
        return None   # unresolvable: the send itself reports "cannot reach the server" (retryable)
    for info in infos:
        ip = _ip(str(info[4][0]))
        if ip is not None:
            problem = address_problem(ip, policy)
            if problem:
                return f"host {host} resolves to {problem}"
    return None
