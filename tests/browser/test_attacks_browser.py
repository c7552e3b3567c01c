"""The attack catalogue's site and emails in Chromium: no payload runs, and the CSP blocks one.

Every payload sets its own global (``window.PWN17``) if it runs; once each page has loaded (and
every image pointing away from localhost has failed, firing any ``onerror``), none may be set
and no dialog may have opened. This is the browser's own reading of the HTML, beside the judge's
parser in tests/attacks.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.attacks import Published, numbered
from tests.conftest import serving

#: The markers set on the page, once the tasks its loading queued (toggle, focus) have run;
#: cleared, since ``set_content`` keeps the window (and its globals) from page to page.
RAN = """() => new Promise(done => requestAnimationFrame(() => setTimeout(() => {
    const set = Object.keys(window).filter(name => /^PWN\\d+$/.test(name));
    set.forEach(name => delete window[name]);
    done(set);
}, 0)))"""


@pytest.fixture
def context(browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A context where requests to other hosts (all https) fail at once; the dialogs it opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("https://**", lambda route: route.abort())  # the site itself is http
    dialogs: list[str] = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield context, dialogs
    context.close()


def test_no_payload_runs_on_any_page_or_email(
    attack_catalogue: Published, context: tuple[BrowserContext, list[str]]
) -> None:
    """Every page and email holding a marker (the others cannot run one), each parsed and run
    by Chromium as its own document; then the site's search results for the payload pages."""
    browser_context, dialogs = context
    attacks = numbered()
    pages = sorted(
        path for path in attack_catalogue.folder.rglob("*.html") if b"PWN" in path.read_bytes()
    )
    assert len(pages) > len(attacks) / 2
    ran: dict[str, list[str]] = {}
    tab = browser_context.new_page()
    for path in pages:
        tab.set_content(path.read_text(), wait_until="load")
        for marker in tab.evaluate(RAN):
            name = path.relative_to(attack_catalogue.folder).as_posix()
            ran.setdefault(attacks[int(marker[3:])].name, []).append(name)
    with serving(attack_catalogue.sites[0]) as url:
        tab.goto(url, wait_until="load")
        tab.locator("input.md-search__input").click()
        tab.locator("input.md-search__input").press_sequentially("attack", delay=20)
        tab.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        for marker in tab.evaluate(RAN):
            ran.setdefault(attacks[int(marker[3:])].name, []).append("search results")
    assert not ran, "payloads ran:\n" + "\n".join(f"{k}: {v[:3]}" for k, v in sorted(ran.items()))
    assert dialogs == []


def test_the_content_security_policy_blocks_an_inline_handler_and_script(
    attack_catalogue: Published, context: tuple[BrowserContext, list[str]], tmp_path
) -> None:
    """Defence in depth: were the sanitiser to miss one, the page's CSP stops it running while
    the theme's own scripts still run."""
    browser_context, _ = context
    site = tmp_path / "site"
    shutil.copytree(attack_catalogue.sites[0], site)
    page = site / "pearls" / "attack-0" / "index.html"
    html = page.read_text()
    assert "<article" in html
    injected = (
        '<img src="missing.png" onerror="window.CSPPWN1=1">'
        "<script>window.CSPPWN2=1</script>"
        '<a id="csp-link" href="javascript:window.CSPPWN3=1">x</a>'
    )
    page.write_text(html.replace("<article", injected + "<article", 1))
    tab = browser_context.new_page()
    with serving(site) as url:
        tab.goto(url + "pearls/attack-0/", wait_until="load")
        tab.locator("#csp-link").click()
        ran = tab.evaluate("() => [window.CSPPWN1, window.CSPPWN2, window.CSPPWN3].map(Boolean)")
        assert ran == [False, False, False]
        assert tab.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        assert tab.evaluate("() => typeof window.__md_get") == "function"
