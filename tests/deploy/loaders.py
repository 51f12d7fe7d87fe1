"""Visitors reading pages through nginx while something else happens (a deploy): each on
its own kept-alive HTTPS connection from its own address, page after page, noting each
page's release marker and every error, until the action is over and each has read a page
after it."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from tests.deploy.repository import MARKER
from tests.deploy.stack import Stack

PAGES = ("/ar/", "/fr/calls/", "/en/associations/", "/fr/projects/", "/ar/trainings/",
         "/en/calls/", "/fr/about/privacy/", "/en/partnerships/")  # fmt: skip
MARKED = re.compile(MARKER.format("([A-Z])"))  # the release a page comes from
T = TypeVar("T")


@dataclass
class Seen(Generic[T]):
    action: T
    markers: dict[int, list[str]] = field(default_factory=dict)  # client → marker per page
    errors: list[str] = field(default_factory=list)
    fetched: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def read_during(
    portal: Stack, clients: int, action: Callable[[], T], pages: tuple[str, ...] = PAGES
) -> Seen[T]:
    done = threading.Event()
    seen: Seen[T] = Seen(action=None)  # type: ignore[arg-type]  # set when the action is over

    def reader(n: int) -> None:
        browser = portal.browser(f"127.0.1.{n + 1}")
        mine: list[str] = []
        after = 0  # pages read since the action ended
        for path in itertools.cycle(pages):
            if after >= len(pages):
                break
            if done.is_set():
                after += 1
            try:
                page = browser.get(path)
            except OSError as exc:
                with seen.lock:
                    seen.errors.append(f"{path}: {exc!r}")
                continue
            found = MARKED.findall(page.text)
            with seen.lock:
                seen.fetched += 1
                if page.status != 200 or len(set(found)) != 1:
                    seen.errors.append(f"{path}: {page.status}, markers {found}")
            if found:
                mine.append(found[0])
        browser.close()
        with seen.lock:
            seen.markers[n] = mine

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    try:
        seen.action = action()
    finally:
        done.set()
        for thread in threads:
            thread.join()
    return seen
