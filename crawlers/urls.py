"""URL canonicalisation: one key per article however it was linked.

Drops fragments and tracking parameters (utm_*, spm, from, share codes…), sorts the query
(`w3lib.url.canonicalize_url`), lower-cases the host, removes default ports and maps mobile
twins (m./wap./3g./mobile. hosts) to the desktop host.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING = re.compile(
    r"^(utm_\w+|spm|scm|from|source|src|share\w*|wfr|isappinstalled|scene|clicktime|enterid|"
    r"sessionid|sid|ref|refer|referer|from_?source|fr|timestamp|ts|_t|t|nsukey|vd_source|"
    r"share_token|sharer_\w+|mpshare|srcid|pvid|wxfrom|winzoom|fbclid|gclid|yclid|mkt_tok|"
    r"cmpid|cmp|ncid|ocid|rss|feed|rsspage|xtrack|_hsenc|_hsmi|bd_vid|qid|ivk_sa)$", re.I)
MOBILE_LABELS = ("m", "wap", "3g", "mobile", "touch", "h5")
# second-level suffixes under which a 3-label host is a registrable domain (news.gov.cn, …)
_SLD = {"com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn", "com.hk", "com.tw", "co.uk"}


def _desktop_host(host: str) -> str:
    labels = host.split(".")
    if len(labels) >= 3 and labels[0] in MOBILE_LABELS:
        rest = labels[1:]
        registrable = len(rest) == 2 or (len(rest) == 3 and ".".join(rest[-2:]) in _SLD)
        return ".".join((["www"] if registrable else []) + rest)
    return host


def canonical_url(url: str) -> str:
    """The canonical form of `url` (used for `canonical_url` and the document id)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return url
    host = _desktop_host(parts.hostname.lower().rstrip("."))
    port = parts.port if parts.port and parts.port != {"http": 80, "https": 443}[parts.scheme] else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING.match(k)])
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    if path != "/" and path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return canonicalize_url(urlunsplit((parts.scheme, netloc, path, query, "")), keep_fragments=False)


def url_key(url: str) -> str:
    """Seen-set key: the canonical URL without its scheme (http/https twins are one page)."""
    c = canonical_url(url)
    return c.split("://", 1)[-1]


def domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
