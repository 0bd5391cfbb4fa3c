"""What a CLI command or the daemon needs, loaded once and on demand (no global state)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, update_wrapper
from pathlib import Path
from typing import Any, TypeVar

import click

from ipwatch.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


class AppContext:
    def __init__(self, config_dir: Path | None = None, settings: Settings | None = None):
        self._config_dir = config_dir
        if settings is not None:
            self.__dict__["settings"] = settings

    @cached_property
    def settings(self) -> Settings:
        s = load_settings(self._config_dir)
        from ipwatch.logs import configure_logging

        configure_logging(s.logging)
        return s

    @cached_property
    def watchlist(self):  # type: ignore[no-untyped-def]
        from ipwatch.watchlist import load_watchlist

        return load_watchlist(self.settings.config_file("watchlist.yaml"))

    @cached_property
    def store(self):  # type: ignore[no-untyped-def]
        from ipwatch.store import Store

        return Store(self.settings)


def pass_app(f: F) -> F:
    """Click decorator handing the command the AppContext (created by the root group)."""

    @click.pass_context
    def new_func(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        app = ctx.find_object(AppContext)
        if app is None:
            app = ctx.ensure_object(AppContext)
        return ctx.invoke(f, app, *args, **kwargs)

    return update_wrapper(new_func, f)  # type: ignore[return-value]
