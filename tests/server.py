"""A real HTTP server on 127.0.0.1 serving fixture pages, plus routes for failure cases.

Tests get it through the ``server`` fixture in conftest.py. Every request is
logged (path and headers) so tests can assert on what scrape actually sent.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
# Pages whose golden JSON says they carry no charset are served without one.
UNDECLARED = {"cp1252-no-charset"}


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []
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


_ROUTES = [
    ("/pages/", _Handler.page),
    ("/redirect/", _Handler.redirect),
    ("/loop", _Handler.loop),
    ("/to-ftp", _Handler.to_ftp),
    ("/goto/", _Handler.goto),
    ("/image.png", _Handler.image),
    ("/slow/", _Handler.slow),
    ("/trickle", _Handler.trickle),
    ("/huge", _Handler.huge),
    ("/gzip-bomb", _Handler.gzip_bomb),
    ("/status/", _Handler.status),
]
