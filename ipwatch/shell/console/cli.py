"""`ipwatch users add|disable|enable|role|password|list` and `ipwatch console` (the console alone,
without the daemon's jobs: for a second instance, or to try it)."""

from __future__ import annotations

import sys
import time

import click

from ipwatch import audit
from ipwatch.context import AppContext, pass_app
from ipwatch.output import json_option, print_jsonl



def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("users")
def users() -> None:
    """Console accounts (roles: viewer, officer, admin)."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "officer", "admin"]), default="officer", show_default=True)
@click.option("--name", "display_name", help="Name shown in the console (default: the user name).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--by", help="Who creates it (default: your login name).")
@pass_app
def users_add(app: AppContext, username: str, role: str, display_name: str | None, password_stdin: bool,
              by: str | None) -> None:
    """Create an account; the password is asked for (twice) unless --password-stdin."""
    from ipwatch.shell.console.accounts import add_user

    app.store.setup()
    u = add_user(app.store, username, _password(password_stdin), role, audit.cli_actor(by), app.now(), display_name)
    click.echo(f"user {u['username']} created ({u['role']})")


def _set(app: AppContext, username: str, by: str | None, disabled: bool) -> None:
    from ipwatch.shell.console.accounts import set_disabled

    u = set_disabled(app.store, username, disabled, audit.cli_actor(by), app.now())
    click.echo(f"user {u['username']} {'disabled (its sessions end now)' if disabled else 'enabled'}")


@users.command("disable")
@click.argument("username")
@click.option("--by")
@pass_app
def users_disable(app: AppContext, username: str, by: str | None) -> None:
    """Disable an account: it can no longer sign in and its open sessions end."""
    _set(app, username, by, True)


@users.command("enable")
@click.argument("username")
@click.option("--by")
@pass_app
def users_enable(app: AppContext, username: str, by: str | None) -> None:
    _set(app, username, by, False)


@users.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(["viewer", "officer", "admin"]))
@click.option("--by")
@pass_app
def users_role(app: AppContext, username: str, role: str, by: str | None) -> None:
    from ipwatch.shell.console.accounts import set_role

    u = set_role(app.store, username, role, audit.cli_actor(by), app.now())
    click.echo(f"user {u['username']} is now {u['role']}")


@users.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
@click.option("--by")
@pass_app
def users_password(app: AppContext, username: str, password_stdin: bool, by: str | None) -> None:
    """Set a new password (open sessions of the account end)."""
    from ipwatch.shell.console.accounts import set_password

    set_password(app.store, username, _password(password_stdin), audit.cli_actor(by), app.now())
    click.echo(f"password of {username} changed")


@users.command("list")
@json_option
@pass_app
def users_list(app: AppContext, as_json: bool) -> None:
    from ipwatch.shell.console.accounts import list_users

    rows = list_users(app.store)
    if as_json:
        print_jsonl(rows)
        return
    for u in rows:
        click.echo(f"{u['username']:20s} {u['role']:8s} {'disabled' if u.get('disabled') else 'active':9s} "
                   f"{u.get('display_name') or ''}  last log-in {u.get('last_login_at') or '-'}")
    click.echo(f"{len(rows)} account(s)", err=True)


@click.command("console")
@click.option("--host", help="Address (default: console.host, else daemon.http_host).")
@click.option("--port", type=int, help="Port (default: console.port, else daemon.http_port).")
@pass_app
def console(app: AppContext, host: str | None, port: int | None) -> None:
    """Serve the web console alone (no jobs) until Ctrl-C; `ipwatch run` serves it too."""
    from ipwatch.shell.console.server import ConsoleServer

    s = app.settings
    app.store.setup()
    host = host or s.console.host or s.daemon.http_host
    port = port if port is not None else (s.console.port if s.console.port is not None else s.daemon.http_port)
    server = ConsoleServer(app, host, port).start()
    click.echo(f"ipwatch console on {server.url}/ (Ctrl-C stops it)", err=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
