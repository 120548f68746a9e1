"""Live mode against a local HTTP server: transient faults are retried with backoff and the refresh succeeds;
permanent ones fail that source's raw asset with an error naming the source, the URL and the fault, and the raw
history and the published warehouse keep the last good data.

Every non-curated source in the registry gets a retried HTTP 500 and a changed layout (its parser's own fault);
the transport faults, which the shared fetcher handles the same way for every source, run on one representative
source. Each case materialises that source's raw asset and the publish step only, so the suite stays quick."""
import json
from pathlib import Path

import pytest

from assets.sources import SOURCES
from infra.sources import Source, SourceParseError
from infra.resources import WarehouseResource
from tests.helpers import REPO, run_assets, step_errors

from .http_faults import FaultServer, refused_url
from .support import assert_published_healthy, raw_counts, sha256_file

LIVE_SOURCES = [s for s in SOURCES if not s.curated]
REPRESENTATIVE = next(s for s in LIVE_SOURCES if s.name == "wikimedia_pageviews")
RETRIES = 2
# generous against a loaded CI box: the server stalls SLOW_S, well past the read timeout
FETCHER = dict(mode="live", connect_timeout_s=1.0, read_timeout_s=1.0, retries=RETRIES, backoff_factor_s=0.01)
SLOW_S = 2.5


def layout_changed(source: Source) -> tuple[bytes, str]:
    """The snapshot with a changed layout its parser must reject: a JSON key dropped everywhere, or a CSV column
    removed (the first one the parser requires). Returns the payload and the parser's message about it."""
    for payload in _layout_candidates(source):
        try:
            source.parse(payload, "layout-probe")
        except SourceParseError as exc:
            return payload, exc.detail
    raise AssertionError(f"no layout change found that {source.name}'s parser rejects")


def _layout_candidates(source: Source):
    """Candidate payloads in a fixed order, made one at a time: LiteLLM's JSON has thousands of distinct keys, and
    building every variant first (a whole copy of the document each) took minutes and gigabytes."""
    body = source.snapshot.read_bytes()
    if source.format == "json":
        try:
            doc = json.loads(body)
            dump = lambda d: json.dumps(d).encode()  # noqa: E731
        except json.JSONDecodeError:  # JSON lines: one document per line
            doc = [json.loads(line) for line in body.splitlines() if line.strip()]
            dump = lambda d: b"\n".join(json.dumps(x).encode() for x in d)  # noqa: E731

        def keys(node):
            if isinstance(node, dict):
                for k, v in node.items():
                    yield k
                    yield from keys(v)
            elif isinstance(node, list):
                for v in node:
                    yield from keys(v)

        def drop(node, key):
            if isinstance(node, dict):
                return {k: drop(v, key) for k, v in node.items() if k != key}
            if isinstance(node, list):
                return [drop(v, key) for v in node]
            return node

        for key in dict.fromkeys(keys(doc)):
            yield dump(drop(doc, key))
    elif source.format == "csv":
        header, _, rest = body.decode("utf-8-sig").partition("\n")
        names = header.strip().split(",")  # enough for a header row: names carry no quoted commas
        for col in names:
            yield (",".join(n if n != col else f"{n}_renamed" for n in names) + "\n" + rest).encode()
    yield b"<html><body><h1>This page has moved</h1></body></html>\n"


@pytest.fixture(scope="module")
def server():
    srv = FaultServer()
    yield srv
    srv.close()


def live_refresh(server: FaultServer, warehouse: WarehouseResource, source: Source, url: str, **fetcher):
    """A live fetch of `source` from `url`, then the publish step (its gate re-checks the whole working file)."""
    return run_assets(Path(warehouse.root), [["raw", source.name], ["published_warehouse"]],
                      url_overrides={source.name: url}, **{**FETCHER, **fetcher})


def cases(faults: dict, per_source: str) -> list:
    """(source, fault): `per_source` for every live source, every other fault on the representative source."""
    every = [pytest.param(s, per_source, id=f"{s.name}-{per_source}") for s in LIVE_SOURCES]
    return every + [pytest.param(REPRESENTATIVE, f, id=f"{REPRESENTATIVE.name}-{f}") for f in faults if f != per_source]


def raw_counts_of_work(warehouse: WarehouseResource) -> dict[str, int]:
    return raw_counts(warehouse.work_path)


TRANSIENT = {
    "http_500_then_ok": lambda body: [("status", 500), ("ok", body)],
    "http_503_then_ok": lambda body: [("status", 503), ("ok", body)],
    "timeout_then_ok": lambda body: [("sleep", SLOW_S, body), ("ok", body)],
    "truncated_then_ok": lambda body: [("truncate", body), ("ok", body)],
}


@pytest.mark.parametrize("source, fault", cases(TRANSIENT, "http_500_then_ok"))
def test_transient_fault_is_retried_and_the_refresh_succeeds(server, warehouse, source, fault):
    body = source.snapshot.read_bytes()
    before_raw = raw_counts_of_work(warehouse)
    url = server.plan(source.name, *TRANSIENT[fault](body))
    result = live_refresh(server, warehouse, source, url)
    assert result.success, step_errors(result)
    assert server.hits_for(source.name) == 2  # one failure, one retry
    assert_published_healthy(warehouse.published_path)
    # the same payload as the last fetch: nothing appended, history intact; the payload is archived by sha256
    assert raw_counts(warehouse.published_path) == before_raw == raw_counts_of_work(warehouse)
    archived = list((warehouse.archive_dir / source.name).glob(f"*.{source.format}"))
    assert [p.read_bytes() for p in archived] == [body]


PERMANENT = {
    # fault -> (server plan for the snapshot body, expected words in the error, requests the server sees)
    "http_500_persistent": (lambda body: [("status", 500)], "HTTP 500 Internal Server Error", RETRIES + 1),
    "http_404": (lambda body: [("status", 404)], "HTTP 404 Not Found", 1),
    "timeout": (lambda body: [("sleep", SLOW_S, body)], "timed out (connect timeout 1 s, read timeout 1 s)", RETRIES + 1),
    "connection_refused": (None, "Connection refused", 0),
    "truncated_body": (lambda body: [("truncate", body)], "truncated body", RETRIES + 1),
    "oversized_declared": (lambda body: [("ok", body)], "bytes exceeds the 1000-byte cap", 1),
    "oversized_streamed": (lambda body: [("no_length", body)], "response exceeds the 1000-byte cap", 1),
    "layout_changed": (None, None, 1),
}


@pytest.mark.parametrize("source, fault", cases(PERMANENT, "layout_changed"))
def test_permanent_fault_fails_the_source_and_keeps_the_last_good_data(server, warehouse, source, fault):
    plan, expected, hits = PERMANENT[fault]
    body = source.snapshot.read_bytes()
    fetcher = {"max_bytes": 1000} if fault.startswith("oversized") else {}
    if fault == "connection_refused":
        url = refused_url(source.name)
    elif fault == "layout_changed":
        changed, expected = layout_changed(source)
        url = server.plan(source.name, ("ok", changed))
    else:
        url = server.plan(source.name, *plan(body))
    published_before = sha256_file(warehouse.published_path)
    raw_before = raw_counts_of_work(warehouse)

    result = live_refresh(server, warehouse, source, url, **fetcher)

    assert not result.success
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    assert failed == [f"raw__{source.name}"]
    errors = step_errors(result)
    assert f"source '{source.name}' ({url}" in errors  # names the source and the URL (and the line or item) ...
    assert expected in errors  # ... and the fault
    if fault != "connection_refused":
        assert server.hits_for(source.name) == hits
    assert sha256_file(warehouse.published_path) == published_before  # nothing published
    assert raw_counts_of_work(warehouse) == raw_before  # raw history untouched
    assert_published_healthy(warehouse.published_path)


@pytest.mark.parametrize("source", [REPRESENTATIVE], ids=lambda s: s.name)
def test_live_payloads_are_archived_in_the_warehouse_directory_not_the_repo(server, warehouse, source):
    """Regression: SourceFetcher archived live payloads under AICOMPUTE_WAREHOUSE_DIR (or the repo's warehouse/)
    whatever directory the WarehouseResource was given; they now go to its archive_dir."""
    repo_archive = REPO / "build" / "archive" / source.name
    before = sorted(repo_archive.glob("*")) if repo_archive.exists() else []
    result = live_refresh(server, warehouse, source, server.plan(source.name, ("ok", source.snapshot.read_bytes())))
    assert result.success, step_errors(result)
    assert len(list((warehouse.archive_dir / source.name).glob(f"*.{source.format}"))) == 1
    assert (sorted(repo_archive.glob("*")) if repo_archive.exists() else []) == before
