"""Crawl the built site served under ``/k8s-study/``, as GitHub Pages serves a project site.

Every internal link, image, script and stylesheet must answer 200, every link
to an anchor must find that id, and nothing may point at another origin
except plain links (a learner clicking "edit this page" is fine; a page
loading a script or font from elsewhere is not).
"""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

from support.site_server import ServedSite

RESOURCE_ATTRS = {("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}


class _Refs(HTMLParser):
    """Collect links, loaded resources and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        for element, attribute in RESOURCE_ATTRS:
            if tag == element and attribute in values and values[attribute]:
                if tag == "link" and values.get("rel") in ("canonical", "alternate"):
                    self.links.append(values[attribute])
                else:
                    self.resources.append(values[attribute])


def _fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, body
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_every_internal_reference_resolves_under_the_sub_path(served: ServedSite, built_site: Path) -> None:
    origin = served.url[: served.url.index(served.prefix)]
    site_host = "example.github.io"
    pages = [served.url + p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.rglob("index.html")]
    pages = [p.replace("/./", "/") for p in pages]
    parsed: dict[str, _Refs] = {}
    problems: list[str] = []
    checked: dict[str, int] = {}
    followed = 0
    for page in pages:
        status, body = _fetch(page)
        assert status == 200, page
        refs = _Refs()
        refs.feed(body.decode("utf-8"))
        parsed[page] = refs
    for page, refs in parsed.items():
        for kind, targets in (("resource", refs.resources), ("link", refs.links)):
            for raw in targets:
                absolute = urljoin(page, raw)
                url, fragment = urldefrag(absolute)
                host = urlparse(url).hostname
                if not url.startswith(origin):
                    if kind == "resource":
                        problems.append(f"{page}: loads {raw} from another origin")
                    elif host == site_host and not url.startswith(f"https://{site_host}{served.prefix}"):
                        problems.append(f"{page}: canonical link outside the sub-path: {raw}")
                    continue
                if not url.startswith(served.url):
                    problems.append(f"{page}: {raw} escapes the sub-path {served.prefix}")
                    continue
                followed += 1
                if url not in checked:
                    checked[url] = _fetch(url)[0]
                if checked[url] != 200:
                    problems.append(f"{page}: {kind} {raw} -> HTTP {checked[url]}")
                    continue
                target = parsed.get(url)
                if fragment and target is not None and fragment not in target.ids:
                    problems.append(f"{page}: link {raw}: no element with id '{fragment}'")
    assert len(parsed) >= 10
    assert followed >= 200 and len(checked) >= 15, "the crawl followed the site's references"
    assert not problems, "\n".join(sorted(set(problems)))
