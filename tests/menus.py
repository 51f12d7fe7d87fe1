"""The links of a page's menus, as a visitor sees them: the tabs, the side menu and the
footer. Shared by the site's tests and the service's (which draws its pages into the site's
layout)."""

from __future__ import annotations

from html.parser import HTMLParser

MENUS = ("md-tabs", "md-nav--primary", "portal-footer")
EMPTY = {"meta", "link", "br", "hr", "img", "input", "path", "source"}


class MenuLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._open: list[bool] = []  # per open element: inside a menu or not

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        inside = (bool(self._open) and self._open[-1]) or any(m in classes for m in MENUS)
        if tag == "a" and inside and a.get("href"):
            self.links.append(a["href"] or "")
        if tag not in EMPTY:
            self._open.append(inside)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag not in EMPTY:
            self._open.pop()


def menu_links(html: str) -> list[str]:
    found = MenuLinks()
    found.feed(html)
    return found.links
