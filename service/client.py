"""Python client of the qingxi service.

    from service.client import Client

    with Client("http://localhost:8000", api_key=None, timeout=30) as qx:
        page = qx.clean(raw_text, script="zh-Hans")
        for article in page.articles:
            print(article.title, article.text[:40])
        qx.normalize("本 报 讯").text                         # '本报讯'
        for item in qx.clean_batch({"id": n, "text": t} for n, t in pages):
            if item.ok:
                store(item.id, item.result)
            else:
                log(item.id, item.error.status, item.error.detail)

Single requests go through one ``requests.Session`` (pooled keep-alive connections) with
urllib3's ``Retry``: connection errors, 429, 502, 503 and 504 are retried with exponential
backoff (and ``Retry-After`` honoured), POST included, since cleaning the same text twice gives
the same answer.  Errors come back as :class:`ProblemError` subclasses carrying the service's
``application/problem+json`` body (status, title, detail, per-field errors, request id).

:meth:`Client.clean_batch` streams both ways: records are sent while results are read.  requests
(and urllib3 under it) send the whole body before reading any of the response, and a streaming
server writes results while it still reads: past a few megabytes both sides would wait on full
socket buffers.  So the batch call writes the chunked body from a thread on its own connection
and reads the NDJSON answer as it comes; memory stays flat however many pages go through.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.client import HTTPConnection, HTTPSConnection
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

__all__ = [
    "Client", "CleanResult", "NormalizeResult", "BatchResult", "Article", "Furniture", "Edit",
    "Script", "ClientError", "ProblemError", "BadRequest", "Unauthorized", "NotFound",
    "PayloadTooLarge", "UnsupportedMediaType", "ValidationError", "RateLimited",
    "ServiceUnavailable", "ServerError",
]

NDJSON = "application/x-ndjson"
#: statuses worth asking again: the service is busy or restarting, or a proxy says so
RETRY_STATUSES = (429, 502, 503, 504)
USER_AGENT = "qingxi-client/1"


# ----------------------------------------------------------------------------------------------
# errors

class ClientError(Exception):
    """The service could not be reached or answered something that is not the API."""


class ProblemError(ClientError):
    """The service answered with an ``application/problem+json`` error (RFC 9457)."""

    def __init__(self, status: int, title: str = "", detail: str = "", type: str = "about:blank",
                 errors: list | dict | None = None, request_id: str | None = None,
                 body: Mapping[str, Any] | None = None):
        self.status, self.title, self.detail, self.type = status, title, detail, type
        self.errors = errors or []
        self.request_id = request_id
        self.body = dict(body or {})
        super().__init__(f"{status} {title}" + (f": {detail}" if detail else ""))

    @classmethod
    def from_body(cls, body: Mapping[str, Any], status: int | None = None) -> "ProblemError":
        """The exception class for the status, built from a problem body (or any JSON)."""
        status = int(body.get("status") or status or 500)
        kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else ProblemError)
        try:
            title = body.get("title") or HTTPStatus(status).phrase
        except ValueError:
            title = ""
        return kind(status, title, body.get("detail") or "", body.get("type") or "about:blank",
                    body.get("errors"), body.get("request_id"), body)

    @classmethod
    def from_response(cls, resp: requests.Response) -> "ProblemError":
        try:
            body = resp.json()
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            body = {"status": resp.status_code, "detail": resp.text[:500]}
        exc = cls.from_body(body, resp.status_code)
        exc.request_id = exc.request_id or resp.headers.get("X-Request-ID")
        return exc


class BadRequest(ProblemError):
    """400: malformed JSON, invalid UTF-8."""


class Unauthorized(ProblemError):
    """401: the service wants an API key (``Client(api_key=...)``)."""


class NotFound(ProblemError):
    """404."""


class PayloadTooLarge(ProblemError):
    """413: the text is over the service's size limit."""


class UnsupportedMediaType(ProblemError):
    """415."""


class ValidationError(ProblemError):
    """422: an unknown option or a value of the wrong type; ``errors`` says which."""


class RateLimited(ProblemError):
    """429, after the retries."""


class ServiceUnavailable(ProblemError):
    """503, after the retries (overloaded, not ready, or the page took too long)."""


class ServerError(ProblemError):
    """Any other 5xx."""


_BY_STATUS = {400: BadRequest, 401: Unauthorized, 404: NotFound, 413: PayloadTooLarge,
              415: UnsupportedMediaType, 422: ValidationError, 429: RateLimited,
              503: ServiceUnavailable}


# ----------------------------------------------------------------------------------------------
# results

@dataclass(frozen=True)
class Article:
    kind: str
    title: str
    text: str
    paragraphs: list[str]
    span: tuple[int, int]
    kicker: str = ""
    subtitle: str = ""
    dateline: str = ""
    byline: str = ""
    captions: list[str] = field(default_factory=list)
    continued: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Article":
        return cls(kind=d.get("kind", "article"), title=d.get("title", ""), text=d.get("text", ""),
                   paragraphs=list(d.get("paragraphs", [])), span=tuple(d.get("span", (0, 0))),
                   kicker=d.get("kicker", ""), subtitle=d.get("subtitle", ""),
                   dateline=d.get("dateline", ""), byline=d.get("byline", ""),
                   captions=list(d.get("captions", [])), continued=d.get("continued", ""))


@dataclass(frozen=True)
class Furniture:
    text: str
    kind: str
    span: tuple[int, int]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Furniture":
        return cls(d.get("text", ""), d.get("kind", ""), tuple(d.get("span", (0, 0))))


@dataclass(frozen=True)
class Edit:
    rule: str
    start: int
    end: int
    before: str
    after: str

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Edit":
        return cls(d["rule"], d["start"], d["end"], d["before"], d["after"])


@dataclass(frozen=True)
class Script:
    detected: str
    output: str


@dataclass(frozen=True)
class CleanResult:
    """``POST /v1/clean``: the page's articles, its furniture, the edit log if asked."""

    articles: list[Article]
    furniture: list[Furniture]
    script: Script
    stats: dict
    version: str | None = None
    edits: list[Edit] | None = None
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "CleanResult":
        s = d.get("script") or {}
        edits = d.get("edits")
        return cls(
            articles=[Article.from_dict(a) for a in d.get("articles", [])],
            furniture=[Furniture.from_dict(f) for f in d.get("furniture", [])],
            script=Script(s.get("detected", ""), s.get("output", "")),
            stats=dict(d.get("stats") or {}), version=d.get("version"),
            edits=None if edits is None else [Edit.from_dict(e) for e in edits], raw=dict(d))

    @property
    def text(self) -> str:
        """Every article's text, a blank line between articles."""
        return "\n\n".join(a.text for a in self.articles)


@dataclass(frozen=True)
class NormalizeResult:
    """``POST /v1/normalize``: the clean text and its edit log."""

    text: str
    edits: list[Edit]
    stats: dict
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "NormalizeResult":
        return cls(d.get("text", ""), [Edit.from_dict(e) for e in d.get("edits", [])],
                   dict(d.get("stats") or {}), dict(d))


@dataclass(frozen=True)
class BatchResult:
    """One line of ``POST /v1/clean/batch``: a result or an error, never both."""

    id: Any
    result: CleanResult | None = None
    error: ProblemError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def unwrap(self) -> CleanResult:
        """The result, or raise the line's error."""
        if self.error is not None:
            raise self.error
        return self.result

    def as_dict(self) -> dict:
        """The line as the service sent it."""
        if self.error is not None:
            return {"id": self.id, "error": self.error.body}
        return {"id": self.id, "result": self.result.raw}

    @classmethod
    def from_line(cls, line: Mapping[str, Any]) -> "BatchResult":
        if "error" in line:
            return cls(line.get("id"), error=ProblemError.from_body(line["error"]))
        return cls(line.get("id"), result=CleanResult.from_dict(line["result"]))


# ----------------------------------------------------------------------------------------------

def _query(options: Mapping[str, Any]) -> dict[str, str]:
    """Options as query parameters (booleans as ``true``/``false``)."""
    return {k: ("true" if v else "false") if isinstance(v, bool) else str(v)
            for k, v in options.items() if v is not None}


def _record(n: int, rec: Any) -> dict:
    """A batch record from a string (id = its index), an ``(id, text)`` pair or a mapping."""
    if isinstance(rec, str):
        return {"id": n, "text": rec}
    if isinstance(rec, Mapping):
        return dict(rec)
    if isinstance(rec, tuple) and len(rec) == 2:
        return {"id": rec[0], "text": rec[1]}
    raise TypeError(f"batch record {n}: a str, an (id, text) pair or a mapping, not "
                    f"{type(rec).__name__}")


class Client:
    """A connection to one qingxi service.

    ``timeout`` is seconds to wait for the service to answer (a ``(connect, read)`` pair works
    too); ``retries`` how many times a request is tried again on connection errors and on 429,
    502, 503, 504, waiting ``backoff * 2**n`` seconds (and what ``Retry-After`` asks).
    """

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float | tuple = 30.0,
                 retries: int = 3, backoff: float = 0.5, pool_size: int = 10,
                 session: requests.Session | None = None):
        if not urlsplit(base_url).scheme in ("http", "https"):
            raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.retries, self.backoff = retries, backoff
        self.retry = Retry(
            total=retries, connect=retries, read=retries, status=retries, other=0,
            backoff_factor=backoff, backoff_max=30, backoff_jitter=backoff / 2,
            status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET", "POST", "HEAD"}),
            respect_retry_after_header=True, raise_on_status=False)
        self.session = session or requests.Session()
        adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size,
                              max_retries=self.retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    # -- plumbing ------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            resp = self.session.request(method, self.base_url + path, timeout=self.timeout,
                                        **kwargs)
        except requests.exceptions.RetryError as exc:  # pragma: no cover - raise_on_status off
            raise ClientError(f"{method} {path}: {exc}") from exc
        except requests.exceptions.RequestException as exc:
            raise ClientError(f"{method} {path}: cannot reach {self.base_url}: {exc}") from exc
        if resp.status_code >= 400:
            raise ProblemError.from_response(resp)
        return resp

    def _post(self, path: str, text: str, options: Mapping[str, Any]) -> dict:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        body = json.dumps({"text": text, "options": dict(options)}, ensure_ascii=False)
        resp = self._request("POST", path, data=body.encode("utf-8"),
                             headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            return resp.json()
        except ValueError as exc:
            raise ClientError(f"POST {path}: the answer is not JSON") from exc

    # -- the API -------------------------------------------------------------------------------

    def clean(self, text: str, **options: Any) -> CleanResult:
        """``POST /v1/clean``: one raw page to articles. Options as keywords (``script=...``)."""
        return CleanResult.from_dict(self._post("/v1/clean", text, options))

    def normalize(self, text: str, **options: Any) -> NormalizeResult:
        """``POST /v1/normalize``: a paragraph or a title, no segmentation."""
        return NormalizeResult.from_dict(self._post("/v1/normalize", text, options))

    def rules(self) -> list[dict]:
        """``GET /v1/rules``: every rule with its option, default and example."""
        body = self._request("GET", "/v1/rules").json()
        return body["rules"] if isinstance(body, dict) else body

    def ready(self) -> bool:
        """``GET /readyz`` answers 200 (no retries: a probe wants the answer now)."""
        try:
            return self.session.get(self.base_url + "/readyz", timeout=self.timeout).ok
        except requests.exceptions.RequestException:
            return False

    def clean_batch(self, records: Iterable[Any], **options: Any) -> Iterator[BatchResult]:
        """``POST /v1/clean/batch``: results in input order, as they come.

        ``records``: strings (the id is the index), ``(id, text)`` pairs or mappings
        ``{"id", "text", "options"}``, from any iterable (a generator over a huge file is read
        as it is sent).  ``options`` are the defaults of the batch (query parameters).  A line
        the service cannot clean comes back as a :class:`BatchResult` with ``error`` set; an
        error of the whole request (401, 413, 415, 422 on the query) is raised.  Connection
        errors are retried; 429/503 too when ``records`` is a sequence (it can be sent again).
        """
        attempt = 0
        while True:
            try:
                yield from _BatchCall(self, records, options).results()
                return
            except _Retryable as exc:
                attempt += 1
                if attempt > self.retries or (exc.sent_any and not isinstance(records, Sequence)):
                    raise exc.error from None
                time.sleep(exc.retry_after if exc.retry_after is not None
                           else min(30.0, self.backoff * 2 ** (attempt - 1))
                           + random.uniform(0, self.backoff / 2))

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Retryable(Exception):
    def __init__(self, error: Exception, sent_any: bool, retry_after: float | None = None):
        self.error, self.sent_any, self.retry_after = error, sent_any, retry_after


class _BatchCall:
    """One ``POST /v1/clean/batch`` on its own connection: a thread writes the chunked body,
    the caller's thread reads the NDJSON answer."""

    #: gunicorn reads a chunked body 1 KiB at a time and waits for the whole KiB: a shorter
    #: record is followed by spaces (blank to the server) so its result does not wait for the
    #: next record
    MIN_CHUNK = 1024

    def __init__(self, client: Client, records: Iterable[Any], options: Mapping[str, Any]):
        self.client, self.records = client, records
        url = urlsplit(client.base_url)
        self.https = url.scheme == "https"
        self.host, self.port = url.hostname, url.port
        self.path = (url.path or "") + "/v1/clean/batch"
        if options:
            self.path += "?" + urlencode(_query(options))
        t = client.timeout
        self.connect_timeout, self.read_timeout = t if isinstance(t, tuple) else (t, t)
        self.sent_any = False
        self.send_error: BaseException | None = None

    def _connect(self) -> HTTPConnection:
        cls = HTTPSConnection if self.https else HTTPConnection
        conn = cls(self.host, self.port, timeout=self.connect_timeout)
        try:
            conn.connect()
        except OSError as exc:
            conn.close()
            raise _Retryable(ClientError(f"cannot reach {self.client.base_url}: {exc}"),
                             False) from None
        conn.sock.settimeout(self.read_timeout)
        return conn

    def _send(self, sock) -> None:
        # the socket itself, not conn.send(): http.client drops conn.sock once the answer has
        # begun (the response owns the connection), and conn.send() would then open a new one
        buf = bytearray()

        def flush() -> None:
            if len(buf) < self.MIN_CHUNK:
                buf.extend(b" " * (self.MIN_CHUNK - len(buf)))
            sock.sendall(b"%x\r\n%s\r\n" % (len(buf), bytes(buf)))
            buf.clear()

        try:
            for n, rec in enumerate(self.records):
                line = json.dumps(_record(n, rec), ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8") + b"\n"
                buf += line
                self.sent_any = True
                flush()  # each record as soon as it is made: the producer may be waiting
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the service answered early (an error, or a limit): the reader reports it
        except BaseException as exc:  # the records' iterator failed: abort the request
            self.send_error = exc
            try:
                sock.shutdown(2)
            except OSError:
                pass

    def results(self) -> Iterator[BatchResult]:
        conn = self._connect()
        sender = None
        try:
            conn.putrequest("POST", self.path, skip_accept_encoding=True)
            headers = {"Content-Type": NDJSON + "; charset=utf-8", "Accept": NDJSON,
                       "Transfer-Encoding": "chunked", "User-Agent": USER_AGENT}
            if self.client.api_key:
                headers["Authorization"] = f"Bearer {self.client.api_key}"
            for k, v in headers.items():
                conn.putheader(k, v)
            conn.endheaders()
            sender = threading.Thread(target=self._send, args=(conn.sock,), daemon=True,
                                      name="qingxi-batch-send")
            sender.start()
            try:
                resp = conn.getresponse()
            except (OSError, ValueError) as exc:
                if self.send_error is not None:
                    raise self.send_error from None
                raise _Retryable(ClientError(f"batch: no answer from {self.client.base_url}: "
                                             f"{exc}"), self.sent_any) from None
            if resp.status != 200:
                raw = resp.read(1 << 20)
                try:
                    body = json.loads(raw)
                    body = body if isinstance(body, dict) else {}
                except ValueError:
                    body = {"detail": raw[:500].decode("utf-8", "replace")}
                error = ProblemError.from_body({**body, "status": resp.status}, resp.status)
                error.request_id = error.request_id or resp.getheader("X-Request-ID")
                if resp.status in RETRY_STATUSES:
                    after = resp.getheader("Retry-After")
                    raise _Retryable(error, self.sent_any,
                                     float(after) if after and after.isdigit() else None)
                raise error
            try:
                for raw in resp:
                    if raw.strip():
                        yield BatchResult.from_line(json.loads(raw))
            except (OSError, ValueError) as exc:
                if self.send_error is not None:
                    raise self.send_error from None
                raise ClientError(f"batch: the answer broke off: {exc}") from None
            if self.send_error is not None:
                raise self.send_error
        finally:
            conn.close()
            if sender is not None:
                sender.join(timeout=1)
