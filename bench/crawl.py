"""Crawl throughput: `scrape crawl` against Scrapy + trafilatura on the same local news world.

What it measures
----------------
A fake news world (``tests/world.py``) of 20 hosts on 127.0.0.1, each with robots.txt
(Crawl-delay 0), a sitemap index and article pages (about 25 kB of HTML each: menus and
rails around a six-paragraph story), is served from its own process. Then, for each page
count (default 1,000 and 5,000 articles), each crawler runs once in a fresh subprocess
with an empty state, and must fetch every article through the sitemaps, extract it and
write one JSONL record per page:

- ``scrape``: ``python -m scrape crawl`` with politeness delays 0, 16 requests in flight
  overall (4 per host), robots.txt obeyed, sitemaps as the only discovery;
- ``scrapy+trafilatura``: a Scrapy ``SitemapSpider`` (same sitemaps, robots.txt obeyed,
  16 concurrent requests, no delay, no autothrottle) whose callback runs
  ``trafilatura.extract(..., output_format="json", with_metadata=True)`` and yields the
  record to Scrapy's JSON-lines feed exporter.

Scrapy keys its per-domain limit on the host name, and all 20 hosts are 127.0.0.1, so its
per-domain limit is set to the global 16: both crawlers get the same concurrency.

Reading the table
-----------------
``pages`` is the number of article pages the world served to that crawler (from its own
request log; a crawler that fetched fewer pages than the world holds is flagged);
``records`` the JSONL lines it wrote (scrape writes the wire stories repeated on every host
once: it records the copies as duplicates). ``pages/s`` is pages over wall time from
process start to exit (interpreter start-up included, the same for both); ``CPU s/page``
is the crawler process's user+system CPU over pages; ``peak RSS`` its maximum resident
set (``ru_maxrss`` from ``wait4``). The lines under the table give scrape's speed ratio
against the peer at each size and the growth of peak RSS from the smallest to the largest
run (flat memory means this stays near 1.0x).

Run from the repository root: ``python bench/crawl.py [--pages 1000 5000]``. Needs the
``bench`` extra (Scrapy). Timings depend on the machine and its load; the server shares
the machine with the crawlers, so compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.world import World  # noqa: E402

HOSTS = 20
CHROME = 8  # menu+rail blocks per page: about 25 kB of HTML per article

SPIDER = """
import json, sys
import scrapy, trafilatura
from scrapy.crawler import CrawlerProcess

class News(scrapy.spiders.SitemapSpider):
    name = "news"
    sitemap_urls = json.loads(sys.argv[1])
    sitemap_rules = [("/news/", "parse")]

    def parse(self, response):
        record = trafilatura.extract(
            response.text, url=response.url, output_format="json", with_metadata=True
        )
        if record:
            yield json.loads(record)

process = CrawlerProcess(settings={
    "FEEDS": {sys.argv[2]: {"format": "jsonlines", "encoding": "utf8"}},
    "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False, "RETRY_ENABLED": True,
    "USER_AGENT": "scrapy-bench",
})
process.crawl(News)
process.start()
"""


def serve(stories: int, pipe: Connection) -> None:
    """The world's process: serve until told to stop; answer request counts on demand."""
    world = World(hosts=HOSTS, stories=stories, crawl_delay=0, feed_size=10, chrome=CHROME)
    world.start()
    world.render_all()
    pipe.send([h.base for h in world.hosts])
    while (message := pipe.recv()) != "stop":
        agent = message
        pipe.send(
            sum(
                1
                for r in world.requested()
                if r.path.startswith("/news/") and r.headers.get("User-Agent", "").startswith(agent)
            )
        )
    world.stop()


def scrape_config(bases: list[str]) -> str:
    lines = [
        "fetch:",
        "  allowed_private_hosts: [127.0.0.1]",
        '  user_agent: "scrape-bench/1"',
        "crawl:",
        "  state: state.sqlite",
        "  output: articles.jsonl",
        "  delay: 0",
        "  concurrency: 16",
        "  host_concurrency: 4",
        "sites:",
    ]
    for index, base in enumerate(bases):
        lines += [
            f"  - name: host{index}",
            "    hosts: [127.0.0.1]",
            "    discovery:",
            f"      sitemaps: [{base}/sitemap.xml]",
            "      sitemaps_from_robots: false",
        ]
    return "\n".join(lines) + "\n"


@dataclass
class Result:
    tool: str
    size: int
    pages: int
    records: int
    seconds: float
    cpu: float
    rss_mb: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def measure(command: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Run ``command``; (wall seconds, CPU seconds, peak RSS MB, exit status)."""
    start = time.perf_counter()
    pid = os.posix_spawn(
        command[0],
        command,
        dict(os.environ),
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 1, str(cwd / "stdout.txt"), os.O_WRONLY | os.O_CREAT, 0o644),
            (os.POSIX_SPAWN_OPEN, 2, str(cwd / "stderr.txt"), os.O_WRONLY | os.O_CREAT, 0o644),
        ],
    )
    os.chdir(cwd)
    _, status, usage = os.wait4(pid, 0)
    os.chdir(ROOT)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, status


def run_scrape(bases: list[str], folder: Path) -> tuple[float, float, float, int]:
    (folder / "config.yaml").write_text(scrape_config(bases), encoding="utf-8")
    command = [sys.executable, "-m", "scrape", "crawl", "--config", str(folder / "config.yaml")]
    return measure(command, folder)


def run_peer(bases: list[str], folder: Path) -> tuple[float, float, float, int]:
    import json

    (folder / "spider.py").write_text(SPIDER, encoding="utf-8")
    sitemaps = json.dumps([f"{b}/sitemap.xml" for b in bases])
    command = [sys.executable, str(folder / "spider.py"), sitemaps, str(folder / "out.jsonl")]
    return measure(command, folder)


def one_size(size: int) -> list[Result]:
    here, there = mp.Pipe()
    server = mp.Process(target=serve, args=(size // HOSTS, there), daemon=True)
    server.start()
    bases = here.recv()
    results = []
    try:
        for tool, runner, agent, output in (
            ("scrape", run_scrape, "scrape-bench", "articles.jsonl"),
            ("scrapy+trafilatura", run_peer, "scrapy-bench", "out.jsonl"),
        ):
            with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
                folder = Path(tmp)
                here.send(agent)
                before = here.recv()
                seconds, cpu, rss, status = runner(bases, folder)
                here.send(agent)
                pages = here.recv() - before
                out = folder / output
                records = out.read_bytes().count(b"\n") if out.exists() else 0
                if status != 0:
                    print(f"{tool} exited with {status}:", file=sys.stderr)
                    print((folder / "stderr.txt").read_text()[-2000:], file=sys.stderr)
                results.append(Result(tool, size, pages, records, seconds, cpu, rss))
    finally:
        here.send("stop")
        server.join(timeout=10)
    return results


def table(results: list[Result]) -> str:
    head = [
        "tool",
        "articles",
        "pages",
        "records",
        "seconds",
        "pages/s",
        "CPU s/page",
        "peak RSS MB",
    ]
    rows = [head] + [
        [
            r.tool,
            str(r.size),
            str(r.pages) + ("" if r.pages >= r.size else " (!)"),
            str(r.records),
            f"{r.seconds:.1f}",
            f"{r.rate:.1f}",
            f"{r.cpu / max(r.pages, 1):.4f}",
            f"{r.rss_mb:.0f}",
        ]
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        nargs="+",
        default=[1000, 5000],
        help="article counts to crawl (each split over 20 hosts)",
    )
    args = parser.parse_args()
    results = [r for size in args.pages for r in one_size(size)]
    print(table(results))
    by = {(r.tool, r.size): r for r in results}
    for size in args.pages:
        ours, peer = by[("scrape", size)], by[("scrapy+trafilatura", size)]
        print(
            f"{size} articles: scrape {ours.rate / peer.rate:.2f}x the peer's pages/s, "
            f"{peer.cpu / max(peer.pages, 1) / (ours.cpu / max(ours.pages, 1)):.2f}x less CPU "
            "per page"
        )
    if len(args.pages) > 1:
        small, large = min(args.pages), max(args.pages)
        for tool in ("scrape", "scrapy+trafilatura"):
            growth = by[(tool, large)].rss_mb / by[(tool, small)].rss_mb
            print(
                f"{tool}: peak RSS {by[(tool, small)].rss_mb:.0f} MB at {small} -> "
                f"{by[(tool, large)].rss_mb:.0f} MB at {large} ({growth:.2f}x)"
            )


if __name__ == "__main__":
    main()
