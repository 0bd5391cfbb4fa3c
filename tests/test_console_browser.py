"""The console as a person uses it: a real headless Chromium (Debian's `chromium` and `chromium-driver`,
installed by scripts/bootstrap.sh; nothing is downloaded at run time) driven by Selenium against the
console serving the demo's data from the real Elasticsearch. It signs in, acknowledges and reports the
demo's duty, rejects an event and sees the rating change, searches the articles, and saves the
screenshots the README shows (docs/img/console-*.png)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.console_support import PASSWORD, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# screenshots for the README are written only when asked (IPWATCH_SCREENSHOTS=docs/img), so a test run
# leaves the working tree as it found it; otherwise they go to a scratch folder and are still checked
IMG = Path(os.environ["IPWATCH_SCREENSHOTS"]) if os.environ.get("IPWATCH_SCREENSHOTS") else \
    Path(tempfile.gettempdir()) / "ipwatch-console-shots"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason=f"no headless browser: {CHROMIUM} or {DRIVER} missing (scripts/bootstrap.sh installs Debian's "
           "chromium and chromium-driver)")


@pytest.fixture(scope="module")
def console_url(console_demo: Any) -> Iterator[str]:
    from ipwatch.shell.console.server import ConsoleServer

    server = ConsoleServer(console_demo.app(), "127.0.0.1", 0, threads=4).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="ipwatch-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000",
                "--lang=zh-CN", "--no-proxy-server"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _by(kind: str) -> Any:
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def find(drv: Any, css: str) -> Any:
    return drv.find_element(_by("CSS_SELECTOR"), css)


def wait_text(drv: Any, css: str, text: str, timeout: float = 30) -> Any:
    """Wait until the element holds `text` (a click's page load is not awaited by Selenium)."""
    from selenium.webdriver.support.ui import WebDriverWait

    def ok(d: Any) -> Any:
        els = d.find_elements(_by("CSS_SELECTOR"), css)
        return els[0] if els and text in els[0].text else False
    return WebDriverWait(drv, timeout).until(ok, f"{css} never showed {text!r}: {drv.page_source[-1500:]}")


def click(drv: Any, css: str) -> None:
    """Click and wait for the next page (the old page's <html> goes stale)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    old = find(drv, "html")
    find(drv, css).click()

    def gone(_drv: Any) -> bool:
        # Chromium sometimes answers a node of the unloaded page with an inspector error instead of
        # "stale element" (seen in CI: "Node with given id does not belong to the document"): both mean gone
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise
    WebDriverWait(drv, 30).until(gone)


def shot(drv: Any, name: str) -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    assert drv.save_screenshot(str(IMG / f"console-{name}.png")), name


def sign_in(drv: Any, url: str, user: str) -> None:
    drv.delete_all_cookies()
    drv.get(url + "/login")
    find(drv, "#username").send_keys(user)
    find(drv, "#password").send_keys(PASSWORD)
    click(drv, "#login")
    wait_text(drv, "#whoami", user)


def test_an_officer_handles_the_demo_duty_end_to_end(browser: Any, console_url: str, console_demo: Any) -> None:
    duty = next(d for d in console_demo.hits("duties", size=10) if d["entity_id"] == "unit-huazhi")
    drv = browser
    drv.get(console_url + "/")
    assert "/login" in drv.current_url                       # nothing without an account
    shot(drv, "login")
    sign_in(drv, console_url, "officer1")
    assert "待办报告义务" in drv.page_source and duty["entity_name"] in drv.page_source
    countdown = find(drv, "#open-duties .countdown").text
    assert countdown.startswith(("剩余", "已逾期")), countdown  # the script ticks it
    shot(drv, "today")
    drv.get(f"{console_url}/duties/{duty['id']}")
    assert duty["quote"] in find(drv, "blockquote.evidence").text
    assert len(drv.find_elements(_by("CSS_SELECTOR"), "#duty-articles li")) >= 1
    assert "重大事项报告（草稿）" in find(drv, "#draft").get_attribute("value")
    click(drv, "#ack")
    wait_text(drv, "#duty-state", "已确认")
    find(drv, "#report_ref").send_keys("国知运报〔2026〕7号")
    click(drv, "#report")
    wait_text(drv, "#duty-state", "已报送")
    assert "国知运报〔2026〕7号" in find(drv, "#duty-facts").text
    shot(drv, "duty")
    stored = console_demo.hits("duties", query={"term": {"id": duty["id"]}})[0]
    assert stored["state"] == "reported" and stored["reported_by"] == "officer1"
    assert [h["actor"] for h in stored["history"]][-2:] == ["officer1", "officer1"]
    drv.get(f"{console_url}/audit?target={duty['id']}")
    rows = find(drv, "#audit").text
    assert "duty.acknowledged" in rows and "duty.reported" in rows and "officer1" in rows


def test_rejecting_an_event_changes_the_rating(browser: Any, console_url: str, console_demo: Any) -> None:
    ev = max((e for e in console_demo.hits("events", size=50, query={"term": {"entity_id": "hx-patent"}})
              if e.get("active", True) and e.get("status", "new") != "rejected"), key=lambda e: e.get("severity", 0))
    drv = browser
    sign_in(drv, console_url, "officer1")
    drv.get(f"{console_url}/events/{ev['id']}")
    before = float(find(drv, "#entity-score").text)
    find(drv, "#reject_reason").send_keys("经核实，该报道主体识别有误")
    click(drv, "#reject")
    wait_text(drv, "#event-status", "已驳回")
    after = float(find(drv, "#entity-score").text)
    assert after > before, (before, after)
    drv.get(f"{console_url}/entities/hx-patent")
    assert float(find(drv, "#score").text) == after
    shot(drv, "entity")


def test_article_search_and_roles(browser: Any, console_url: str) -> None:
    drv = browser
    sign_in(drv, console_url, "viewer1")
    drv.get(console_url + "/articles")
    find(drv, "#article-q").send_keys("罚款")
    click(drv, "#search")
    rows = drv.find_elements(_by("CSS_SELECTOR"), "#articles tr")
    assert len(rows) >= 2 and "华信" in find(drv, "#articles").text
    shot(drv, "articles")
    drv.get(console_url + "/duties?state=all")
    click(drv, "#duties a")
    assert not drv.find_elements(_by("CSS_SELECTOR"), "#ack, #report, #dismiss")   # a viewer gets no buttons
    drv.get(console_url + "/users")
    assert "403" in drv.page_source
