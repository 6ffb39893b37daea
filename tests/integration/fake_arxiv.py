"""A stand-in arXiv API (`/api/query`) on 127.0.0.1: answers title phrase searches
(`ti:"..." OR ti:"..."`) from the papers it is given, in the Atom form of the recorded responses
in tests/data/fixtures/arxiv/, records every request, and can be scripted to fail (429, 5xx,
a response slower than the client's timeout).

Run alone for a manual check: `python -m tests.integration.fake_arxiv --port 8765` serves the
one bundled paper it knows ("Alignment faking in large language models", 2412.14093).
"""

from __future__ import annotations

import argparse
import re
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "arxiv"
ALIGNMENT_FAKING = (FIXTURES / "standin" / "entry_2412.14093.xml").read_text(encoding="utf-8")

# The recorded feed's header (api_query_search_cs.RO_2entries_2025-10-17.xml), its query made ours.
_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{query}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {title}</title>
  <id>http://arxiv.org/api/9WDV40Gi+ikvtlrTlSzwMW+jI40</id>
  <updated>2025-10-17T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{count}</opensearch:itemsPerPage>
{entries}</feed>
"""


def entry_xml(
    arxiv_id: str, title: str, authors: Sequence[str], published: str, category: str = "cs.CL"
) -> str:
    """A decoy entry in the recorded form (version 1, a short summary)."""
    names = "".join(f"    <author>\n      <name>{escape(name)}</name>\n    </author>\n" for name in authors)
    return f"""  <entry>
    <id>http://arxiv.org/abs/{arxiv_id}v1</id>
    <updated>{published}T12:00:00Z</updated>
    <published>{published}T12:00:00Z</published>
    <title>{escape(title)}</title>
    <summary>  A paper the stand-in knows, with a title close to one of the corpus.
</summary>
{names}    <link href="http://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{category}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="{category}" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def _words(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " " + " ".join(re.sub(r"[\W_]+", " ", plain).split()) + " "


@dataclass
class FakeArxiv:
    """The server's papers (Atom entries), what it was asked, and the faults still to serve:
    each request takes the next of `faults` (an HTTP status, or "slow") before answering."""

    entries: list[str]
    faults: list[int | str] = field(default_factory=list)
    slow_seconds: float = 2.0
    queries: list[list[str]] = field(default_factory=list)  # the ti:"..." phrases of each request
    hits: int = 0  # every request, failed ones included
    url: str = ""

    def answer(self, search_query: str, max_results: int) -> str:
        phrases = re.findall(r'ti:"([^"]*)"', search_query)
        self.queries.append(phrases)
        found = []
        for entry in self.entries:
            match = re.search(r"<title>(.*?)</title>", entry, re.S)
            title = _words(match.group(1) if match else "")
            if any(_words(phrase) in title for phrase in phrases if phrase.strip()):
                found.append(entry)
        shown = found[:max_results]
        return _FEED.format(
            query=escape(urllib.parse.urlencode({"search_query": search_query})),
            title=escape(f"search_query={search_query}"),
            total=len(found),
            count=len(shown),
            entries="".join(shown),
        )


def _handler(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            fake.hits += 1
            parts = urllib.parse.urlsplit(self.path)
            if parts.path != "/api/query":
                self._send(404, "not found")
                return
            fault = fake.faults.pop(0) if fake.faults else None
            if fault == "slow":
                time.sleep(fake.slow_seconds)
            elif isinstance(fault, int):
                self._send(fault, f"fault {fault}", {"Retry-After": "0"} if fault == 429 else {})
                return
            query = urllib.parse.parse_qs(parts.query)
            body = fake.answer(query.get("search_query", [""])[0], int(query.get("max_results", ["10"])[0]))
            self._send(200, body, {"Content-Type": "application/atom+xml; charset=utf-8"})

        def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left: that is the point of "slow"

    return Handler


@contextmanager
def serve(fake: FakeArxiv, port: int = 0) -> Iterator[FakeArxiv]:
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    port = parser.parse_args().port
    with serve(FakeArxiv([ALIGNMENT_FAKING]), port) as running:
        print(f"stand-in arXiv API at {running.url} (Ctrl-C to stop)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
