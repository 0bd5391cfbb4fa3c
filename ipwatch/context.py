"""What a command, a job or the daemon needs, loaded once and on demand (no global state).

`AppContext` holds the core services every step uses (settings, watchlist, store, clock) as typed
members, and a per-context cache for what a step loads once (`service`): the NLP model, a step's
validated config file. Tests and the demo hand in ready-made instances with `provide`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property, update_wrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ipwatch.clock import Clock, SystemClock
from ipwatch.settings import Settings, load_settings

if TYPE_CHECKING:
    from ipwatch.store import Store
    from ipwatch.watchlist import Watchlist

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class AppContext:
    """Settings, watchlist, store and clock of one installation, plus the services steps load once."""

    def __init__(self, config_dir: Path | None = None, settings: Settings | None = None,
                 clock: Clock | None = None):
        self._config_dir = config_dir
        self.clock: Clock = clock or SystemClock()
        self._services: dict[Callable[..., Any], Any] = {}
        if settings is not None:
            self.__dict__["settings"] = settings

    @cached_property
    def settings(self) -> Settings:
        s = load_settings(self._config_dir)
        from ipwatch.logs import configure_logging

        configure_logging(s.logging)
        return s

    @cached_property
    def watchlist(self) -> Watchlist:
        from ipwatch.watchlist import load_watchlist

        return load_watchlist(self.settings.config_file("watchlist.yaml"))

    @cached_property
    def store(self) -> Store:
        from ipwatch.store import Store

        return Store(self.settings)

    def now(self) -> datetime:
        return self.clock.now()

    def service(self, factory: Callable[[AppContext], T]) -> T:
        """The one instance of what `factory` makes for this context, made on first use: a model that
        takes seconds to load, a step's validated config file. The factory is the key."""
        if factory not in self._services:
            self._services[factory] = factory(self)
        return self._services[factory]  # type: ignore[no-any-return]

    def provide(self, factory: Callable[[AppContext], T], instance: T) -> T:
        """Use `instance` wherever `service(factory)` is asked for (tests, the demo, a re-read config)."""
        self._services[factory] = instance
        return instance


def pass_app(f: F) -> F:
    """Click decorator handing the command the AppContext (created by the root group)."""

    @click.pass_context
    def new_func(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        app = ctx.find_object(AppContext)
        if app is None:
            app = ctx.ensure_object(AppContext)
        return ctx.invoke(f, app, *args, **kwargs)

    return update_wrapper(new_func, f)  # type: ignore[return-value]
