"""Console accounts: stored in the `users` index, passwords as argon2id hashes (argon2-cffi's
defaults, rehashed when those change), three roles in rank order — viewer (reads everything),
officer (also acts: duties, events, findings, alerts, analyses, watchlist import), admin (also
manages accounts). Disabling an account or changing its password bumps `session_epoch`, which ends
its open sessions. Each change is an audit entry."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ipwatch import audit
from ipwatch.clock import iso
from ipwatch.errors import ConflictError, IpwatchError
from ipwatch.store import Store

ROLES = ("viewer", "officer", "admin")
ROLE_ZH = {"viewer": "查看", "officer": "风控专员", "admin": "管理员"}
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
#: verified against when the account does not exist, so a wrong name costs as long as a wrong password
_DUMMY = _HASHER.hash("ipwatch-no-such-account")


class AccountError(IpwatchError):
    pass


def rank(role: str | None) -> int:
    return ROLES.index(role) if role in ROLES else -1


def _index(store: Store) -> str:
    return store.ix.name("users")


def _key(username: str) -> str:
    return username.lower()


def get_user(store: Store, username: str) -> dict[str, Any] | None:
    got = store.get(_index(store), _key(username)) if username else None
    return got.source if got else None


def list_users(store: Store) -> list[dict[str, Any]]:
    store.refresh(_index(store))
    r = store.search(_index(store), query={"match_all": {}}, size=1000, sort=[{"username": "asc"}])
    return [h["_source"] for h in r["hits"]["hits"]]


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")


def public(user: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in user.items() if k != "password_hash"}


def add_user(store: Store, username: str, password: str, role: str, by: str, now: datetime,
             display_name: str | None = None) -> dict[str, Any]:
    if not USERNAME.match(username):
        raise AccountError(f"user name {username!r}: 2-64 letters, digits, _ . @ -, starting with a letter or digit")
    if role not in ROLES:
        raise AccountError(f"role {role!r}: one of {', '.join(ROLES)}")
    check_password(password)
    doc = {"username": username, "display_name": display_name or username, "role": role, "disabled": False,
           "password_hash": _HASHER.hash(password), "session_epoch": 1, "created_at": iso(now),
           "created_by": by, "updated_at": iso(now), "last_login_at": None}
    try:
        store.put(_index(store), _key(username), doc, None, refresh="wait_for")
    except ConflictError:
        raise AccountError(f"user {username!r} exists already") from None
    audit.record(store, actor=by, action="user.add", target_kind="user", target_id=username, after=public(doc),
                 now=now, summary=f"{username}（{ROLE_ZH[role]}）")
    return public(doc)


def _change(store: Store, username: str, by: str, now: datetime, action: str, summary: str, **fields: Any) -> dict[str, Any]:
    prev: dict[str, Any] = {}

    def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
        if cur is None:
            raise AccountError(f"no user {username!r} (see `ipwatch users list`)")
        prev.clear()
        prev.update(cur)
        new = {**cur, **fields, "updated_at": iso(now)}
        if action in ("user.disable", "user.password"):
            new["session_epoch"] = int(cur.get("session_epoch") or 1) + 1
        return new

    got = store.update(_index(store), _key(username), change, refresh="wait_for")
    doc = got.source if got else {}
    audit.record(store, actor=by, action=action, target_kind="user", target_id=doc.get("username", username),
                 before=public(prev), after=public(doc), now=now, summary=summary)
    return public(doc)


def set_disabled(store: Store, username: str, disabled: bool, by: str, now: datetime) -> dict[str, Any]:
    return _change(store, username, by, now, "user.disable" if disabled else "user.enable",
                   f"{username} {'停用' if disabled else '启用'}", disabled=disabled)


def set_role(store: Store, username: str, role: str, by: str, now: datetime) -> dict[str, Any]:
    if role not in ROLES:
        raise AccountError(f"role {role!r}: one of {', '.join(ROLES)}")
    return _change(store, username, by, now, "user.role", f"{username} → {ROLE_ZH[role]}", role=role)


def set_password(store: Store, username: str, password: str, by: str, now: datetime) -> dict[str, Any]:
    check_password(password)
    return _change(store, username, by, now, "user.password", f"{username} 密码已更改",
                   password_hash=_HASHER.hash(password))


def authenticate(store: Store, username: str, password: str, now: datetime) -> dict[str, Any] | None:
    """The account when the name and password match and it is enabled; None otherwise (the same time
    either way). A hash made with older parameters is replaced."""
    user = get_user(store, username)
    try:
        _HASHER.verify(user["password_hash"] if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.get("disabled"):
        return None
    rehash = _HASHER.check_needs_rehash(user["password_hash"])

    def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
        if cur is None:
            return None
        new = {**cur, "last_login_at": iso(now)}
        if rehash:
            new["password_hash"] = _HASHER.hash(password)
        return new
    store.update(_index(store), _key(username), change)
    return public(user)
