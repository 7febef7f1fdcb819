"""A real HTTP server on 127.0.0.1 serving fixture pages, plus routes for failure cases.

Tests get it through the ``server`` fixture in conftest.py. Every request is
logged (path and headers) so tests can assert on what scrape actually sent.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import brotli

from tests.hostile_pages import HOSTILE_PAGES, article_html

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
# Pages whose golden JSON says they carry no charset are served without one.
UNDECLARED = {"cp1252-no-charset"}
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []
        # What hostile routes observed: bytes sent before the client hung up, finished or not.
        self.sent: dict[str, int] = {}
        self.finished: dict[str, bool] = {}
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        path = self.path.split("?", 1)[0]
        for prefix, route in _ROUTES:
            if path.startswith(prefix):
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self, path[len(prefix) :])
                return
        self._send(404, b"<h1>Not found</h1>")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def page(self, name: str) -> None:
        file = PAGES / name
        if not file.is_file() or file.suffix != ".html":
            self._send(404, b"<h1>Not found</h1>")
            return
        undeclared = file.stem in UNDECLARED
        self._send(
            200, file.read_bytes(), "text/html" if undeclared else "text/html; charset=utf-8"
        )

    def redirect(self, rest: str) -> None:
        hops = int(rest or "0")
        target = f"/redirect/{hops - 1}" if hops > 0 else "/pages/memo-reference.html"
        self._send(302, b"", headers={"Location": target})

    def loop(self, rest: str) -> None:
        self._send(302, b"", headers={"Location": "/loop"})

    def to_ftp(self, rest: str) -> None:
        self._send(302, b"", headers={"Location": "ftp://127.0.0.1/file.html"})

    def goto(self, rest: str) -> None:
        """Redirect to the percent-encoded absolute URL that follows /goto/."""
        self._send(302, b"", headers={"Location": unquote(rest)})

    def image(self, rest: str) -> None:
        self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")

    def slow(self, rest: str) -> None:
        time.sleep(float(rest or "2"))
        self._send(200, b"<p>late</p>")

    def trickle(self, rest: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        for _ in range(50):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(0.1)

    def huge(self, rest: str) -> None:
        """Far more than any cap, with no Content-Length to warn the client."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        for _ in range(200):
            self.wfile.write(chunk)

    def gzip_bomb(self, rest: str) -> None:
        body = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
        self._send(200, body, headers={"Content-Encoding": "gzip"})

    def status(self, rest: str) -> None:
        self._send(int(rest), b"<h1>error</h1>")

    def retry(self, rest: str) -> None:
        """/retry/STATUS/VALUE: an error status with Retry-After VALUE (percent-encoded)."""
        status, _, value = rest.partition("/")
        self._send(int(status), b"<h1>busy</h1>", headers={"Retry-After": unquote(value)})

    def hostile(self, rest: str) -> None:
        """/hostile/NAME: one of the generated bad pages, with the content type it claims."""
        body, content_type = HOSTILE_PAGES[rest]()
        self._send(200, body, content_type)

    def endless(self, rest: str) -> None:
        """/endless/MB: that many megabytes of paragraphs, no Content-Length; counts what left."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = (b"<p>" + b"word " * 200 + b"</p>\n") * 1040  # about 1 MB
        sent = 0
        self.server.finished["endless"] = False
        try:
            for _ in range(int(rest)):
                self.wfile.write(chunk)
                sent += len(chunk)
            self.server.finished["endless"] = True
        finally:
            self.server.sent["endless"] = sent

    def trickle_headers(self, rest: str) -> None:
        """A header trickled a byte every 0.1 s for SECONDS, then a page; no read ever times out."""
        self.server.finished["trickle-headers"] = False
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
        for _ in range(int(float(rest) * 10)):
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(0.1)
        self.wfile.write(b"\r\nContent-Length: 11\r\n\r\n<p>late</p>")
        self.wfile.flush()
        self.server.finished["trickle-headers"] = True

    def brotli_bomb(self, rest: str) -> None:
        body = brotli.compress(b"\0" * 50_000_000, quality=5)
        self._send(200, body, headers={"Content-Encoding": "br"})

    def short_body(self, rest: str) -> None:
        """Content-Length promises far more than is sent before the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(article_html().encode()[:2000])
        self.close_connection = True

    def lying_length(self, rest: str) -> None:
        """Content-Length covers only the article; junk bytes follow on the same connection."""
        body = article_html().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body + b"<p>TRAILING JUNK</p>" * 50)

    def endless_index(self, rest: str) -> None:
        """/xml/endless-index/N: a sitemap index naming two more indexes, without end."""
        number = int(rest or "0")
        children = "".join(
            f"<sitemap><loc>{self.server.base}/xml/endless-index/{n}</loc></sitemap>"
            for n in (2 * number + 1, 2 * number + 2)
        )
        body = f'<sitemapindex xmlns="{_SITEMAP_NS}">{children}</sitemapindex>'
        self._send(200, body.encode(), "application/xml")

    def foreign_sitemap(self, rest: str) -> None:
        """/xml/foreign/BASE: a urlset listing one page here and one under another host, BASE."""
        urls = (f"{self.server.base}/hostile/right-to-left", f"{unquote(rest)}/hostile/truncated")
        entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
        self._send(200, f'<urlset xmlns="{_SITEMAP_NS}">{entries}</urlset>'.encode(), "text/xml")

    def mixed_feed(self, rest: str) -> None:
        """/xml/mixed-feed: RSS whose item links are relative, javascript: and data:."""
        links = ("/hostile/right-to-left", "javascript:fetch('/hostile/truncated')", "data:,x")
        items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
        self._send(200, body.encode(), "application/rss+xml")

    def reset(self, rest: str) -> None:
        """Headers and half a page, then a TCP reset instead of the rest."""
        body = article_html().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


_ROUTES = [
    ("/pages/", _Handler.page),
    ("/redirect/", _Handler.redirect),
    ("/loop", _Handler.loop),
    ("/to-ftp", _Handler.to_ftp),
    ("/goto/", _Handler.goto),
    ("/image.png", _Handler.image),
    ("/slow/", _Handler.slow),
    ("/trickle-headers/", _Handler.trickle_headers),
    ("/trickle", _Handler.trickle),
    ("/huge", _Handler.huge),
    ("/gzip-bomb", _Handler.gzip_bomb),
    ("/status/", _Handler.status),
    ("/retry/", _Handler.retry),
    ("/hostile/", _Handler.hostile),
    ("/endless/", _Handler.endless),
    ("/brotli-bomb", _Handler.brotli_bomb),
    ("/short-body", _Handler.short_body),
    ("/lying-length", _Handler.lying_length),
    ("/reset", _Handler.reset),
    ("/xml/endless-index/", _Handler.endless_index),
    ("/xml/foreign/", _Handler.foreign_sitemap),
    ("/xml/mixed-feed", _Handler.mixed_feed),
]
