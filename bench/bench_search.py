"""Search on a phone: bytes and time until results show, at national scale, per language.

    python -m bench.bench_search                      # builds the national-scale site
    python -m bench.bench_search --site bench/out/build/site   # or measures a built one

The site (with its Pagefind indexes) is served the way production serves it: nginx with the
shipped configuration (deploy/nginx/, rendered as tests/deploy/nginx.py renders it), over
HTTPS and HTTP/2, compressed as nginx compresses. Debian's Chromium reaches it as
https://portal.test, throttled as Lighthouse's mobile "Slow 4G" (THROTTLING, applied through
the DevTools protocol), with an empty cache in each language.

Per language, in a fresh browser context (cold cache):

- first query: the search page opened with the query in its address (what the search form
  at the top of every page does), until the first result is on screen: every byte the page
  needed (its HTML, styles and scripts, and Pagefind's), and the time since the navigation
  started;
- further queries: each typed into the same page's form, until its first result shows: the
  bytes fetched for it, and the time since the form was sent.

Bytes are the network's own count (CDP Network.loadingFinished, encodedDataLength: headers
and the body as sent, compressed where nginx compresses).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.datagen import SCALES, generate
from bench.results import Run, heading, save
from site_builder.build import build
from site_builder.settings import Settings
from tests.deploy import nginx
from tests.deploy.https import HOST, ORIGIN
from tests.deploy.processes import group

HERE = Path(__file__).resolve().parent
NOW = "2026-11-29T12:00:00+00:00"
CHROMIUM = "/usr/bin/chromium"
# Lighthouse's mobile "Slow 4G" (lighthouse 13.5.0, tests/audit/package.json:
# constants.throttling.mobileSlow4G): RTT 150 ms, 1.6 × 1024 kbit/s, the CPU 4× slower. Applied
# as such through CDP: the RTT as each request's latency, the throughput both ways.
RTT_MS, KBPS, CPU_SLOWDOWN = 150, 1.6 * 1024, 4
THROTTLING = {"rtt_ms": RTT_MS, "kbit_s_down": KBPS, "kbit_s_up": KBPS, "cpu_slowdown": 4}
# What a visitor might look for, in each language: the first query on a cold page, then the
# others in the same page. Words of the generated data (bench/vocabulary.py).
QUERIES = {
    "ar": ["دعم", "النساء", "ليون"],
    "fr": ["soutien", "femmes", "Lyon"],
    "en": ["school support", "women", "Lyon"],
}
# The goals (issue 20): bytes until the first results, bytes for each further query, and the
# time until the first results are on screen.
GOAL_FIRST_KB, GOAL_NEXT_KB, GOAL_FIRST_S = 150, 60, 1.5

# Set in the page before its own scripts: when the form is sent, and when the first result of
# the latest search is added to the list (performance.now(), ms since the navigation began).
WATCH = """
window.__portalSent = 0; window.__portalShown = 0;
document.addEventListener("submit", () => { window.__portalSent = performance.now();
  window.__portalShown = 0; }, true);
new MutationObserver(() => {
  if (!window.__portalShown && document.querySelector(".portal-search__result"))
    window.__portalShown = performance.now();
}).observe(document, { childList: true, subtree: true });
"""


# When each step of the first query ended, in ms since the navigation began (the browser's
# own Resource and Navigation Timing): what the time until the first result is made of.
TIMELINE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const ends = { "HTML": nav.responseEnd, "DOMContentLoaded": nav.domContentLoadedEventEnd };
  for (const r of performance.getEntriesByType("resource")) {
    const name = r.name.split("?")[0].split("/").pop();
    const kind = r.name.includes("/fragment/") ? "last fragment"
      : r.name.includes("/index/") ? "last index chunk"
      : r.name.includes("/pagefind/") ? name.replace(/_[0-9a-f]+\\.pf_meta$/, ".pf_meta") : null;
    if (kind) ends[kind] = Math.max(ends[kind] || 0, r.responseEnd);
  }
  for (const k in ends) ends[k] = Math.round(ends[k]);
  return ends;
}"""


def built_site(work: Path, scale: str) -> Path:
    """The site at `scale`, with its search indexes, for the address nginx serves it at."""
    data = work / "data"
    shutil.rmtree(work, ignore_errors=True)
    generate(SCALES[scale], data)
    out = work / "site"
    build(
        data=data,
        content=HERE.parent / "content",
        out=out,
        settings=Settings(now=NOW, origin=ORIGIN),
        say=lambda line: print("  " + line, file=sys.stderr),
    )
    return out


@contextmanager
def served(site: Path) -> Iterator[int]:
    """nginx with the shipped configuration in front of `site`; its HTTPS port."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        root = Path(tmp)
        (root / "host").mkdir()
        (root / "host" / "current").symlink_to(site.resolve())
        tls = nginx.certificate(root / "tls", HOST)
        with group(root / "logs") as processes:
            found = nginx.configure(root / "nginx", root / "host", ["127.0.0.1:9"], tls, binary)
            nginx.start(found, binary, processes)
            yield found.https_port


class Tab:
    """A fresh, throttled tab (its own context: an empty cache) and the bytes it receives."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(ignore_https_errors=True)  # the bench's certificate
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        bytes_per_second = KBPS * 1024 / 8
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": RTT_MS,
                "downloadThroughput": bytes_per_second,
                "uploadThroughput": bytes_per_second,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self.urls: dict[str, str] = {}
        self.received: list[tuple[str, int]] = []
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        url = self.urls.get(event["requestId"], "")
        self.received.append((url, int(event["encodedDataLength"])))

    def shown(self) -> float:
        """Wait for the first result of the latest search; when it showed (ms since the
        navigation began)."""
        # Polled (CDP's calls are not the page's scripts): the site's Content-Security-Policy
        # forbids the string evaluation Playwright's wait_for_function uses.
        deadline = time.monotonic() + 60
        while not (shown := float(self.page.evaluate("() => window.__portalShown || 0"))):
            if time.monotonic() > deadline:
                raise TimeoutError("no search result within 60 s")
            self.page.wait_for_timeout(20)
        self.page.wait_for_timeout(200)  # the network's last events for it
        return shown

    def take(self) -> list[tuple[str, int]]:
        taken, self.received = self.received, []
        return taken

    def close(self) -> None:
        self.context.close()


def kinds(received: list[tuple[str, int]]) -> dict[str, int]:
    """Bytes by kind of file: the page's own, and each kind of Pagefind's."""
    found: dict[str, int] = {}
    for url, size in received:
        path = url.split("?")[0]
        if "/pagefind/" in path:
            name = path.rsplit("/", 1)[1]
            kind = "pagefind " + (name.rsplit(".", 1)[1] if "." in name else name)
            if "/fragment/" in path:
                kind = "pagefind fragments"
            elif "/index/" in path:
                kind = "pagefind index chunks"
        else:
            kind = "page (HTML, styles, scripts, images)"
        found[kind] = found.get(kind, 0) + size
    return found


def measure(browser: Any, port: int, lang: str) -> dict[str, Any]:
    first, *others = QUERIES[lang]
    tab = Tab(browser)
    tab.page.goto(f"https://{HOST}/{lang}/search/?q={first}")
    first_ms = tab.shown()
    received = tab.take()
    timeline = tab.page.evaluate(TIMELINE)
    count = tab.page.locator(".portal-search__result").count()
    links = tab.page.locator(".portal-search__result a").evaluate_all("a => a.map(x => x.href)")
    further = []
    for query in others:
        tab.page.fill("#portal-search-q", query)
        tab.page.press("#portal-search-q", "Enter")
        shown = tab.shown()
        sent = float(tab.page.evaluate("window.__portalSent"))
        further.append(
            {
                "query": query,
                "bytes": sum(size for _, size in tab.take()),
                "ms": round(shown - sent),
                "results": tab.page.locator(".portal-search__result").count(),
            }
        )
    tab.close()
    return {
        "first": {
            "query": first,
            "bytes": sum(size for _, size in received),
            "by_kind": kinds(received),
            "ms": round(first_ms),
            "results": count,
            "links": links,
            "timeline": timeline,
        },
        "further": further,
    }


def index_files(site: Path, lang: str) -> dict[str, Any]:
    """What Pagefind wrote for a language: the sizes a first query draws from."""
    folder = site / lang / "pagefind"
    chunks = [p.stat().st_size for p in (folder / "index").glob("*.pf_index")]
    fragments = [p.stat().st_size for p in (folder / "fragment").glob("*.pf_fragment")]
    return {
        "wasm": (folder / f"wasm.{lang}.pagefind").stat().st_size,
        "meta": sum(p.stat().st_size for p in folder.glob("*.pf_meta")),
        "pagefind_js": (folder / "pagefind.js").stat().st_size,
        "chunks": len(chunks),
        "chunk_largest": max(chunks),
        "chunk_mean": round(sum(chunks) / len(chunks)),
        "fragments": len(fragments),
        "fragment_mean": round(sum(fragments) / len(fragments)),
    }


def kb(n: int) -> str:
    return f"{n / 1000:,.1f} KB"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def goals(f: dict[str, Any]) -> list[str]:
    langs = f["languages"]
    firsts = {lang: langs[lang]["first"] for lang in langs}
    nexts = [q for lang in langs for q in langs[lang]["further"]]
    worst_first = max(firsts.values(), key=lambda q: q["bytes"])
    worst_next = max(nexts, key=lambda q: q["bytes"])
    slowest = max(firsts.values(), key=lambda q: q["ms"])
    search_only = max(
        sum(n for k, n in q["by_kind"].items() if k.startswith("pagefind")) for q in firsts.values()
    )
    return [
        f"- ≤ {GOAL_FIRST_KB} KB until the first results (the page and Pagefind, cold):"
        f" {verdict(worst_first['bytes'] <= GOAL_FIRST_KB * 1000)} (at most"
        f" {kb(worst_first['bytes'])}); Pagefind's files alone (what the build benchmark"
        f" counted before, 335 KiB):"
        f" {verdict(search_only <= GOAL_FIRST_KB * 1000)} (at most {kb(search_only)}).",
        f"- ≤ {GOAL_NEXT_KB} KB for each further query:"
        f" {verdict(worst_next['bytes'] <= GOAL_NEXT_KB * 1000)} (at most"
        f" {kb(worst_next['bytes'])}).",
        f"- first results on screen ≤ {GOAL_FIRST_S:g} s (from the navigation):"
        f" {verdict(slowest['ms'] <= GOAL_FIRST_S * 1000)} (at most {slowest['ms'] / 1000:.2f} s).",
    ]


def table(f: dict[str, Any]) -> list[str]:
    lines = [
        "| language | query | results shown | bytes | until first result |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for lang, m in f["languages"].items():
        q = m["first"]
        lines.append(
            f"| {lang} | {q['query']} (first, cold) | {q['results']} | {kb(q['bytes'])} |"
            f" {q['ms'] / 1000:.2f} s |"
        )
        for q in m["further"]:
            lines.append(
                f"| {lang} | {q['query']} | {q['results']} | {kb(q['bytes'])} |"
                f" {q['ms'] / 1000:.2f} s |"
            )
    return lines


def throttling_line(f: dict[str, Any]) -> str:
    t = f["throttling"]
    return (
        f"Throttling applied (CDP Network.emulateNetworkConditions and"
        f" Emulation.setCPUThrottlingRate): latency {t['rtt_ms']} ms per request,"
        f" {t['kbit_s_down']:,.1f} kbit/s down and {t['kbit_s_up']:,.1f} kbit/s up, CPU"
        f" {t['cpu_slowdown']}× slower."
    )


def render(run: Run) -> str:
    f = run.figures
    lines = [
        "# Search on a phone",
        "",
        heading(run),
        "",
        f"Site: {f['scale']} scale (`bench/datagen.py`), {f['pages']:,} pages, served by nginx"
        " with the shipped configuration (HTTPS, HTTP/2, gzip); Debian's Chromium"
        f" {f['chromium']}, a fresh context (empty cache) per language.",
        "",
        throttling_line(f),
        "",
        *table(f),
        "",
        "Goals:",
        "",
        *goals(f),
        "",
        "Bytes of the first query, by kind of file:",
        "",
        "| language | " + " | ".join(f["kinds"]) + " |",
        "| --- | " + " | ".join("---:" for _ in f["kinds"]) + " |",
    ]
    for lang, m in f["languages"].items():
        by_kind = m["first"]["by_kind"]
        lines.append(f"| {lang} | " + " | ".join(kb(by_kind.get(k, 0)) for k in f["kinds"]) + " |")
    lines += [
        "",
        "Pagefind's files per language (as written; the wasm, meta, chunks and fragments are"
        " compressed by Pagefind itself, so nginx sends them as they are):",
        "",
        "| language | wasm | meta | pagefind.js | index chunks | largest chunk | fragments"
        " | mean fragment |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lang, i in f["index"].items():
        lines.append(
            f"| {lang} | {kb(i['wasm'])} | {kb(i['meta'])} | {kb(i['pagefind_js'])} |"
            f" {i['chunks']} | {kb(i['chunk_largest'])} | {i['fragments']:,} |"
            f" {kb(i['fragment_mean'])} |"
        )
    lines += ["", *shortfall(f), "", timeline(f), ""]
    return "\n".join(lines)


def timeline(f: dict[str, Any], lang: str = "fr") -> str:
    first = f["languages"][lang]["first"]
    steps = sorted(first["timeline"].items(), key=lambda kv: kv[1])
    said = ", ".join(f"{name} {ms / 1000:.2f} s" for name, ms in steps)
    return (
        f"The first query's steps in `{lang}` (when each ended, since the navigation began):"
        f" {said}; first result on screen {first['ms'] / 1000:.2f} s."
    )


def shortfall(f: dict[str, Any]) -> list[str]:
    """Where the first query's bytes go, from the figures: what no setting of the index
    changes (the page itself, Pagefind's WebAssembly and its meta file) and what it does."""
    fr = f["languages"]["fr"]["first"]["by_kind"]
    fixed = {
        "the page itself (HTML, Material's stylesheet, portal.css, portal.js)": fr.get(
            "page (HTML, styles, scripts, images)", 0
        ),
        "Pagefind's WebAssembly": fr.get("pagefind pagefind", 0),
        "its meta file (an entry per indexed page)": fr.get("pagefind pf_meta", 0),
        "pagefind.js": fr.get("pagefind js", 0),
    }
    varying = fr.get("pagefind index chunks", 0) + fr.get("pagefind fragments", 0)
    said = ", ".join(f"{name} {kb(n)}" for name, n in fixed.items())
    return [
        f"In French, the first query's bytes that no query or index setting changes: {said}"
        f" ({kb(sum(fixed.values()))} together); the index chunks and the five results'"
        f" fragments, which the chunk size and the records' text decide: {kb(varying)}."
    ]


def summary(run: Run) -> str:
    f = run.figures
    return "\n".join(
        [
            f"Search at {f['scale']} scale ({f['pages']:,} pages), through nginx, Chromium"
            " throttled as Lighthouse's Slow 4G, cold cache:",
            "",
            *table(f),
            "",
            *goals(f),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="search on a throttled phone")
    parser.add_argument("--scale", default="national", choices=sorted(SCALES))
    parser.add_argument("--site", type=Path, help="a built site to measure (else one is built)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "search")
    parser.add_argument("--results", type=Path, default=HERE / "results" / "search.md")
    args = parser.parse_args(argv)
    site = args.site or built_site(args.out.resolve(), args.scale)
    from playwright.sync_api import sync_playwright

    measured = {}
    with served(site) as port, sync_playwright() as p:
        rule = f"--host-resolver-rules=MAP {HOST}:443 127.0.0.1:{port}"
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", rule]
        )
        version = browser.version
        for lang in QUERIES:
            started = time.perf_counter()
            measured[lang] = measure(browser, port, lang)
            print(f"  {lang}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        browser.close()
    found_kinds = sorted({k for m in measured.values() for k in m["first"]["by_kind"]})
    figures = {
        "scale": args.scale,
        "pages": sum(1 for _ in site.rglob("*.html")),
        "chromium": version,
        "throttling": THROTTLING,
        "languages": measured,
        "kinds": found_kinds,
        "index": {lang: index_files(site, lang) for lang in QUERIES},
    }
    options = " ".join(argv if argv is not None else sys.argv[1:])
    command = f"python -m bench.bench_search {options}".strip()
    print(render(save(args.results, "bench_search", command, figures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
