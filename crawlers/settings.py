"""Scrapy project settings (`scrapy.cfg` -> `crawlers.settings`), built from ipwatch's settings.

`scrapy crawl news_search|feeds|official [-a sources=a,b]` reads `config/settings.yaml` (and the
`IPWATCH_…` environment) exactly as `ipwatch crawl` does.
"""

from ipwatch.errors import ConfigError as _ConfigError
from ipwatch.settings import load_settings as _load

from crawlers.runtime import BASE as _BASE, scrapy_settings as _scrapy_settings

globals().update(_BASE)
try:
    globals().update(_scrapy_settings(_load()))
except _ConfigError as _exc:  # let `scrapy list` etc. still work; the spider reports it again
    import sys as _sys

    print(f"warning: {_exc}", file=_sys.stderr)
