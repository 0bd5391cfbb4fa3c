"""One place that hides secrets inside URLs before anything is printed or logged.

A URL can carry a secret in three places: the userinfo (`http://user:pw@host`), the query
(`?access_token=…`, `key=`, `sign=`, …) and, for chat robots, the path after `/hook/`. Every URL
the program shows goes through `redact_url`; every log line goes through `redact_text` (see
ipwatch.logs), so a URL that reaches a log by any route loses its secret on the way.
`url_credentials` says what secret a URL carries: config files refuse such URLs (the secret
belongs in an environment variable or a *_FILE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit, urlunsplit

MASK = "***"

#: Query parameter names whose value is a secret (compared lower-case, `-` read as `_`).
SECRET_PARAMS = frozenset({
    "access_token", "token", "key", "api_key", "apikey", "sign", "signature", "sig", "secret",
    "client_secret", "password", "passwd", "pwd", "pass", "auth", "authorization", "credential",
    "credentials", "private_token", "refresh_token", "id_token", "session", "sessionid", "x_amz_signature",
    "x_goog_signature", "webhook_key", "hook_key",
})
#: A path segment named like this is followed by a secret segment (Feishu/Lark `…/bot/v2/hook/<id>`).
SECRET_PATH_AFTER = frozenset({"hook"})

URL_RE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,15}://[^\s'\"<>`]+")


def _secret_param(name: str) -> bool:
    return name.strip().lower().replace("-", "_") in SECRET_PARAMS


def _secret_path_index(path: str) -> int | None:
    parts = path.split("/")
    for i, p in enumerate(parts[:-1]):
        if p.lower() in SECRET_PATH_AFTER and parts[i + 1]:
            return i + 1
    return None


def url_credentials(url: str) -> list[str]:
    """What secrets `url` carries, in words (empty: none). Used to refuse them in config files."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    if not parts.scheme or not parts.netloc:
        return []
    found = []
    if parts.password is not None or (parts.username and "@" in parts.netloc):
        found.append("a user name/password before the host")
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if _secret_param(k)})
    if names:
        found.append("secret query parameter(s) " + ", ".join(names))
    return found


def redact_url(url: str) -> str:
    """`url` with the password, secret query values and robot hook ids replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{hostport}" if ":" in userinfo else f"{MASK}@{hostport}"
    query = parts.query
    if query:
        pieces = []
        for piece in query.split("&"):
            name, eq, _ = piece.partition("=")
            pieces.append(f"{name}={MASK}" if eq and _secret_param(unquote_plus(name)) else piece)
        query = "&".join(pieces)
    path = parts.path
    i = _secret_path_index(path)
    if i is not None:
        segs = path.split("/")
        segs[i] = MASK
        path = "/".join(segs)
    if (netloc, query, path) == (parts.netloc, parts.query, parts.path):
        return url
    return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))


def redact_text(text: str) -> str:
    """Every URL inside free text redacted (log lines, error messages, exception texts)."""
    if "://" not in text:
        return text
    def one(m: re.Match[str]) -> str:
        url = m.group(0)
        core = url.rstrip(".,;:!?)]}")
        return redact_url(core) + url[len(core):]

    return URL_RE.sub(one, text)


def find_url_credentials(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(key path, problem) for every string in parsed YAML that is a URL carrying a secret."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from find_url_credentials(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from find_url_credentials(v, f"{path}[{i}]")
    elif isinstance(data, str) and "://" in data:
        for what in url_credentials(data):
            yield path, (f"the URL carries {what}; secrets are not written in config files: give the URL "
                         f"without it ({redact_url(data)}) and put the secret in an environment variable "
                         f"or *_FILE (see README, Reliability and security)")


def userinfo_split(url: str) -> tuple[str, str | None, str | None]:
    """(url without userinfo, user, password) - for settings that keep the password apart."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    hostport = parts.netloc.rpartition("@")[2]
    user = unquote(parts.username) if parts.username else None
    pw = unquote(parts.password) if parts.password is not None else None
    return urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment)), user, pw


__all__ = ["MASK", "find_url_credentials", "redact_text", "redact_url", "url_credentials",
           "userinfo_split"]
