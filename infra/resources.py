"""Resources: the warehouse (working DuckDB file + published copy) and the HTTP fetcher for live sources."""
from __future__ import annotations

import dataclasses
import fcntl
import ipaddress
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import dagster as dg
import requests
from dagster_duckdb import DuckDBResource
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from . import publish as publish_mod
from .paths import BUILD_DIR, DOCS_DIR
from .sources import MODES, Payload, Source, SourceFetchError, read_snapshot, recorded_payloads, source_mode

USER_AGENT = "aicompute/0.1 (AI compute demand warehouse; https://github.com/aicompute/aicompute; data@aicompute.invalid)"


# writer lock path -> how deeply this process holds it (WarehouseResource.writer_lock is re-entrant)
_HELD_WRITER_LOCKS: dict[str, int] = {}


def warehouse_dir() -> Path:
    """Where the build outputs live: AICOMPUTE_WAREHOUSE_DIR, or build/ in the repo."""
    return Path(os.environ.get("AICOMPUTE_WAREHOUSE_DIR") or BUILD_DIR)


class WarehouseResource(dg.ConfigurableResource):
    """The pipeline's private working DuckDB file and the published file analysts open.

    Only assets in the `warehouse` pool (limit 1) write the working file. `publish()` copies it, after the
    gate checks pass, to a temporary file beside the published one and renames it into place atomically.
    """

    directory: str | None = None  # default: warehouse_dir(), resolved when used (tests point it at tmp)

    @property
    def root(self) -> Path:
        return Path(self.directory) if self.directory else warehouse_dir()

    @property
    def work_path(self) -> Path:
        return self.root / "work" / "aicompute_work.duckdb"

    @property
    def published_path(self) -> Path:
        return self.root / "aicompute.duckdb"

    @property
    def parquet_dir(self) -> Path:
        """The Parquet set of the published warehouse (parquet/current/manifest.json)."""
        return self.root / "parquet"

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    @property
    def dictionary_path(self) -> Path:
        """docs/DATA_DICTIONARY.md (kept in git) for the default build; beside a custom build directory otherwise."""
        return self.root / "DATA_DICTIONARY.md" if self.directory or os.environ.get("AICOMPUTE_WAREHOUSE_DIR") \
            else DOCS_DIR / "DATA_DICTIONARY.md"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def writer_lock_path(self) -> Path:
        return self.work_path.with_name(self.work_path.name + ".lock")

    @contextmanager
    def writer_lock(self):
        """Hold the working file for one writer: an OS lock (flock) beside it, waited for while another process
        holds it. The `warehouse` pool already queues writer steps, but Dagster's SQLite storage claims a pool
        slot by check-then-update without row locks, so two runs can now and then both get the one slot; this
        lock makes one writer at a time a guarantee instead of a likelihood. The kernel drops it if the process
        dies, so it never outlives its holder. Re-entrant within a process (publish holds it around its checks,
        diff and copy, and opens connections inside)."""
        key = str(self.writer_lock_path)
        if _HELD_WRITER_LOCKS.get(key):
            _HELD_WRITER_LOCKS[key] += 1
            try:
                yield
            finally:
                _HELD_WRITER_LOCKS[key] -= 1
            return
        log = dg.get_dagster_logger()
        self.work_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.writer_lock_path, "a+") as handle:
            asked = time.monotonic()
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                log.info(f"working file {self.work_path} is held by another writer ({handle.read().strip()}); "
                         "waiting for it")
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} since {datetime.now(timezone.utc).isoformat(timespec='seconds')}")
            handle.flush()
            log.debug(f"writer lock acquired on {self.work_path} after {time.monotonic() - asked:.3f} s")
            _HELD_WRITER_LOCKS[key] = 1
            try:
                yield
            finally:
                _HELD_WRITER_LOCKS.pop(key, None)
                log.debug(f"writer lock released on {self.work_path}")
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def connect(self):
        """A read-write connection to the working file, under the writer lock."""
        with self.writer_lock(), DuckDBResource(database=str(self.work_path)).get_connection() as conn:
            try:
                yield conn
            finally:
                conn.close()  # DuckDBResource does not close on error; a dangling handle would block publish

    def published_is_current(self) -> bool:
        return publish_mod.is_current(self.work_path, self.published_path)

    def publish(self, log=None) -> publish_mod.PublishResult:
        return publish_mod.publish(self.work_path, self.published_path, log=log)


def _allowed_url(url: str) -> bool:
    """Live fetches go to https URLs only; plain http is allowed to loopback (the tests' local server)."""
    parsed = urlparse(url)
    if parsed.scheme == "https":
        return True
    if parsed.scheme == "http" and parsed.hostname:
        try:
            return ipaddress.ip_address(parsed.hostname).is_loopback
        except ValueError:
            return parsed.hostname == "localhost"
    return False


class SourceFetcher(dg.ConfigurableResource):
    """Obtains a source's payload: the recorded snapshot (default) or a live HTTPS fetch.

    Live: one requests Session with timeouts, urllib3 Retry with exponential backoff on connection errors,
    timeouts and 429/5xx, a descriptive User-Agent, TLS verification and a response size cap.
    """

    mode: str | None = None  # snapshot or live; None: AICOMPUTE_SOURCE_MODE (default snapshot)
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    retries: int = 3
    backoff_factor_s: float = 0.5  # sleeps 0.5, 1, 2 s ... between retries
    max_bytes: int = 64 * 1024 * 1024
    max_pages: int = 500  # paged sources (Azure: 100 items a page)
    url_overrides: dict[str, str] = {}  # source name -> URL (tests point sources at 127.0.0.1)
    snapshot_overrides: dict[str, str] = {}  # source name -> file read instead of the recorded snapshot

    def resolved_mode(self) -> str:
        if self.mode is None:
            return source_mode()
        if self.mode not in MODES:  # a typo must not fall through to a live fetch
            raise ValueError(f"fetcher mode must be one of {MODES}, got {self.mode!r}")
        return self.mode

    def session(self) -> requests.Session:
        retry = Retry(total=self.retries, connect=self.retries, read=self.retries, status=self.retries,
                      backoff_factor=self.backoff_factor_s, status_forcelist=(429, 500, 502, 503, 504),
                      allowed_methods=("GET",), raise_on_status=False, respect_retry_after_header=True)
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        session.mount("https://", HTTPAdapter(max_retries=retry))
        session.mount("http://", HTTPAdapter(max_retries=retry))
        return session

    def fetch(self, source: Source, archive_dir: Path | None = None) -> Payload:
        """The newest payload: the recorded snapshot, or a live fetch. archive_dir: where live payloads are kept
        (the WarehouseResource's archive/; default warehouse_dir())."""
        if source.curated or self.resolved_mode() == "snapshot":
            return read_snapshot(source, self.snapshot_overrides.get(source.name))
        return self._fetch_live(source, self.url_overrides.get(source.name, source.url), archive_dir)

    def fetch_all(self, source: Source, archive_dir: Path | None = None) -> list[Payload]:
        """What a refresh ingests, in order: every recorded capture (oldest first: the history a fresh clone
        rebuilds), then in live mode one new fetch."""
        recorded = recorded_payloads(source, self.snapshot_overrides.get(source.name))
        if source.curated or self.resolved_mode() == "snapshot":
            return recorded
        return recorded + [self._fetch_live(source, self.url_overrides.get(source.name, source.url), archive_dir)]

    def _fetch_live(self, source: Source, url: str, archive_dir: Path | None = None) -> Payload:
        body = self._get_page(source, url)
        if source.next_page:  # a paged API (Azure's NextPageLink): follow the pages, then merge them into one payload
            pages, next_url = [body], source.next_page(body)
            while next_url:
                if len(pages) >= self.max_pages:
                    raise SourceFetchError(source.name, url, f"more than {self.max_pages} pages (max_pages)")
                pages.append(self._get_page(source, next_url))
                if sum(map(len, pages)) > self.max_bytes:
                    raise SourceFetchError(source.name, url, f"pages exceed the {self.max_bytes}-byte cap together")
                next_url = source.next_page(pages[-1])
            body = source.merge_pages(pages) if len(pages) > 1 else body
        payload = Payload(source.name, url, body, datetime.now(timezone.utc), web_url=url)
        return dataclasses.replace(payload, recorded_file=str(self._archive(payload, source, archive_dir)))

    def _get_page(self, source: Source, url: str) -> bytes:
        if not _allowed_url(url):
            raise SourceFetchError(source.name, url, "refusing a URL that is not https")
        fail = lambda detail: SourceFetchError(source.name, url, detail)  # noqa: E731
        # urllib3's Retry covers everything up to the response headers. A body cut short (truncated, or stalled
        # past the read timeout) fails while streaming, after Retry is done: retry those here, with the same backoff.
        for attempt in range(self.retries + 1):
            try:
                body = self._get(url, fail)
                break
            except _BodyInterrupted as exc:
                if attempt == self.retries:
                    raise fail(f"{exc} (after {self.retries} retries)") from exc.__cause__
                time.sleep(self.backoff_factor_s * 2 ** attempt)
        if not body.strip():
            raise fail("empty body")
        return body

    def _get(self, url: str, fail) -> bytes:
        reading_body = False
        try:
            with self.session() as session, session.get(
                url, timeout=(self.connect_timeout_s, self.read_timeout_s), stream=True, verify=True
            ) as resp:
                if resp.status_code != 200:
                    raise fail(f"HTTP {resp.status_code} {resp.reason} (after {self.retries} retries)")
                declared = int(resp.headers.get("Content-Length") or 0)
                if declared > self.max_bytes:
                    raise fail(f"response of {declared} bytes exceeds the {self.max_bytes}-byte cap")
                chunks, size = [], 0
                reading_body = True
                for chunk in resp.iter_content(chunk_size=1 << 16):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise fail(f"response exceeds the {self.max_bytes}-byte cap")
                    chunks.append(chunk)
                return b"".join(chunks)
        except SourceFetchError:
            raise
        except requests.exceptions.ChunkedEncodingError as exc:
            raise _BodyInterrupted(f"truncated body: {exc}") from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            inner = exc.args[0] if exc.args else None  # urllib3's MaxRetryError (reason) or ReadTimeoutError
            reason = getattr(inner, "reason", inner)
            timed_out = isinstance(exc, requests.exceptions.Timeout) or (
                isinstance(reason, (ReadTimeoutError, ConnectTimeoutError)) and not isinstance(reason, NewConnectionError))
            what = (f"timed out (connect timeout {self.connect_timeout_s:g} s, read timeout {self.read_timeout_s:g} s)"
                    if timed_out else f"connection failed: {reason or exc}")
            if reading_body:
                raise _BodyInterrupted(f"body interrupted: {what}") from exc
            raise fail(f"{what} (after {self.retries} retries)") from exc
        except requests.exceptions.RequestException as exc:
            raise fail(f"request failed: {exc}") from exc

    def _archive(self, payload: Payload, source: Source, archive_dir: Path | None = None) -> Path:
        """Keep every live payload by its sha256 so a run can be replayed offline (in the warehouse's archive/)."""
        folder = Path(archive_dir or warehouse_dir() / "archive") / source.name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{payload.sha256}.{source.format}"
        if not target.exists():
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(payload.body)
            os.replace(tmp, target)
        return target


class _BodyInterrupted(Exception):
    """The response started but its body did not arrive whole: retried by SourceFetcher._fetch_live."""

