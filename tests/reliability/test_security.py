"""Security basics: snapshot mode opens no socket; live fetches refuse non-https URLs (loopback http aside),
verify TLS, cap size and time; payload values never become SQL text; no secrets in the repo; the UI binds to
127.0.0.1 by default."""
import ast
import re
import socket
import subprocess

import duckdb
import pytest
import requests
from requests.adapters import HTTPAdapter

from assets.sources import SOURCES, SOURCES_BY_NAME
from infra.sources import SourceFetchError
from infra.resources import SourceFetcher, WarehouseResource, _allowed_url
from tests.helpers import REPO, run_planned_refresh, run_refresh, step_errors


class SocketBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to connect a socket or resolve a name fails the test (and is recorded)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise SocketBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.refresh
def test_snapshot_mode_refresh_opens_no_socket(no_network, tmp_path, monkeypatch):
    monkeypatch.setenv("AICOMPUTE_SOURCE_MODE", "snapshot")
    result = run_refresh(tmp_path)
    assert result.success, step_errors(result)
    assert no_network == []
    assert WarehouseResource(directory=str(tmp_path)).published_path.is_file()


@pytest.mark.parametrize("url", [
    "http://wikimedia.org/api/rest_v1/metrics", "ftp://example.com/data.json", "file:///etc/passwd",
    "http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1.nip.io/x",
    "http://localhost.example.com/x", "gopher://127.0.0.1/x", "//example.com/x", "example.com/x",
])
def test_live_fetch_refuses_urls_that_are_not_https(no_network, url):
    assert not _allowed_url(url)
    source = next(s for s in SOURCES if not s.curated)
    with pytest.raises(SourceFetchError, match="refusing a URL that is not https") as err:
        SourceFetcher(mode="live", url_overrides={source.name: url}).fetch(source)
    assert f"source '{source.name}' ({url})" in str(err.value)
    assert no_network == []  # refused before any socket


@pytest.mark.parametrize("url", ["https://wikimedia.org/x", "http://127.0.0.1:8000/x", "http://[::1]:8000/x",
                                 "http://localhost:8000/x"])
def test_https_and_loopback_http_are_allowed(url):
    assert _allowed_url(url)


def test_every_live_source_url_is_https():
    assert all(s.url.startswith("https://") for s in SOURCES if not s.curated)


def test_live_requests_verify_tls_with_bounded_time_and_size(monkeypatch):
    """What reaches the transport adapter: verify=True, a (connect, read) timeout, streaming (for the size cap)."""
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    sent = []

    def fake_send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        sent.append({"url": request.url, "stream": stream, "timeout": timeout, "verify": verify,
                     "user_agent": request.headers.get("User-Agent")})
        raise requests.exceptions.ConnectionError("blocked by the test")

    monkeypatch.setattr(HTTPAdapter, "send", fake_send)
    fetcher = SourceFetcher(mode="live")
    assert fetcher.max_bytes == 64 * 1024 * 1024 and 0 < fetcher.connect_timeout_s <= 30 and 0 < fetcher.read_timeout_s <= 120
    assert fetcher.session().verify is True
    for source in (s for s in SOURCES if not s.curated):
        with pytest.raises(SourceFetchError, match="connection failed"):
            fetcher.fetch(source)
        assert sent[-1] == {"url": source.url, "stream": True, "verify": True,
                            "timeout": (fetcher.connect_timeout_s, fetcher.read_timeout_s),
                            "user_agent": sent[-1]["user_agent"]}
        assert sent[-1]["user_agent"].startswith("aicompute/")


# ------------------------------------------------------------------------------------------- SQL built from code

# Every value interpolated into SQL text in the product code, per file: identifiers and DDL fragments built from
# the code's own constants (table names from the registry, column names from Source.columns, descriptions
# quoted by sql_literal). A new entry needs a reviewer's look: payload values must travel as parameters or
# registered DataFrames, never as SQL text.
SQL_INTERPOLATIONS = {
    "infra/tables.py": {"schema", "source.table", "ddl", "name", "typ", "sql_literal(desc)",
                        "sql_literal(source.description + ' Append-only per fetch.')", "table", "selection",
                        "PREVIEW_ROWS", "view", "query", "table", "quote_identifier(column)", "sql_literal(text)",
                        "sql_literal(f'{what} of {source.table}: ' + source.description)"},
    # column names from schema.yml and the registry; accepted values and bounds travel as parameters; `rule`: a
    # row_checks SQL boolean written in schema.yml (code reviewed like the SQL files, never a payload value)
    "assets/checks.py": {"latest", "c", "keys", "table", "cols", "null_counts", "quoted", "value", "LATEST_CAPTURE",
                         "rule"},
    "assets/partitioned.py": {"SOURCE.table"},
    "assets/build.py": {"source.table"},  # the row-drop guard's count of the previous capture (registry table name)
    "infra/publish.py": {"table"},  # raw table names read from the file's own catalog (content_state)
    # the Parquet export: table and column names from the published file's own catalog (quote_identifier), the
    # schema.yml partition column, and the generation directory this code names (refused if it holds a quote)
    "assets/parquet_export.py": {"name", "quote_identifier(partition_column)", "path", "quote_identifier(column)"},
    # the refresh diff: table and column names from the two files' own catalogs and schema.yml grains, all through
    # quote_identifier; the published file's path (refused if it holds a quote); the code's own constants
    "assets/refresh_diff.py": {"PREVIOUS", "TOP_CHANGES", "cols", "key_text", "m", "n_ref", "o_ref", "on", "previous",
                               "quote_identifier(s)", "quote_identifier(t)", "ref", "table", "text"},
    # the freshness view's name and column names and comments: constants of assets/freshness.py
    "assets/freshness.py": {"VIEW", "column", "sql_literal(text)", "sql_literal(__doc__.split(chr(10))[0])"},
}
# Non-literal SQL arguments: a SQL file read from warehouse/<layer>/ and run verbatim.
SQL_VARIABLES = {("infra/tables.py", "sql"),
                 ("assets/freshness.py", "sql"),  # the freshness view, generated from the registry (view_sql)
                 ("assets/reports.py", "chart.sql")}  # the report's chart queries: constants in assets/reports.py
SQL_METHODS = {"execute", "executemany", "sql", "query"}


def _product_modules():
    for folder in ("infra", "assets", "pipelines"):
        yield from sorted((REPO / folder).rglob("*.py"))


def test_no_payload_value_is_formatted_into_sql():
    unexpected = []
    for path in _product_modules():
        rel = str(path.relative_to(REPO))
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_METHODS and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant):
                continue
            if isinstance(arg, ast.JoinedStr):
                for value in arg.values:
                    if isinstance(value, ast.FormattedValue):
                        expr = ast.unparse(value.value)
                        if expr not in SQL_INTERPOLATIONS.get(rel, set()):
                            unexpected.append(f"{rel}:{node.lineno}: f-string SQL interpolates {expr}")
            elif (rel, ast.unparse(arg)) not in SQL_VARIABLES:
                unexpected.append(f"{rel}:{node.lineno}: SQL built at run time: {ast.unparse(arg)[:80]}")
    assert unexpected == []


def test_sql_files_are_run_verbatim():
    """A model's SQL is its file's text, read once when the graph is loaded (assets/sql_graph.py), handed by the
    build to run_sql_model (infra/tables.py), which executes it as is: nothing formats it on the way."""
    from assets.sql_graph import sql_models

    graph, build, tables = ((REPO / p).read_text() for p in ("assets/sql_graph.py", "assets/build.py", "infra/tables.py"))
    assert "sql = path.read_text()" in graph
    assert "sql=model.sql" in build
    assert "conn.execute(sql)" in tables
    for text in (graph, tables):
        assert ".format(" not in text and "% (" not in text
    for model in sql_models():
        assert model.sql == (REPO / model.repo_path).read_text()


def test_sql_text_in_a_payload_is_stored_as_data(warehouse_copy, tmp_path):
    """A curated note carrying SQL is stored verbatim; nothing is executed."""
    evil = "x'); DROP TABLE raw.assumptions; --"
    source = SOURCES_BY_NAME["services"]
    path = tmp_path / "services.csv"
    path.write_text(source.snapshot.read_text().rstrip("\n") + f'\nChatGPT,OpenAI,chat.example,domain,"{evil}"\n')
    result = run_planned_refresh(warehouse_copy, snapshot_overrides={"services": str(path)})
    assert result.success, step_errors(result)
    published = WarehouseResource(directory=str(warehouse_copy)).published_path
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute("SELECT note FROM raw.services WHERE alias = 'chat.example'").fetchall() == [(evil,)]
        assert conn.execute("SELECT count(*) FROM raw.assumptions").fetchone()[0] > 0


# ------------------------------------------------------------------------------------------------------ secrets

# Key-like strings that are public, each reviewed: the recorded Similarweb page embeds expired pre-signed S3 image
# URLs, whose AWSAccessKeyId is a public identifier (useless without the secret key, which is not there).
PUBLIC_IDENTIFIERS = {("inputs/captures/similarweb_website_google.com_2023-02.html", "AKIA" + "IIYZKCNDR6FJZFPQ")}

SECRET_PATTERNS = {
    "AWS access key id": re.compile(r"AKIA[0-9A-Z]{16}"),
    "OpenAI-style API key": re.compile(r"sk-[A-Za-z0-9]{20,}"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
}


def test_no_secrets_in_tracked_files():
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode().split("\0")
    files = [f for f in files if f and (REPO / f).is_file()]
    assert len(files) > 20
    found = []
    for name in files:
        data = (REPO / name).read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        text = data.decode("utf-8", "replace")
        found += [f"{name}: {what}" for what, pattern in SECRET_PATTERNS.items()
                  for match in pattern.findall(text) if (name, match) not in PUBLIC_IDENTIFIERS]
    assert found == []


def test_secret_patterns_match_what_they_should():
    assert SECRET_PATTERNS["AWS access key id"].search("key=AKIA" + "ABCDEFGHIJKLMNOP")
    assert SECRET_PATTERNS["OpenAI-style API key"].search("sk-" + "a1" * 12)
    assert SECRET_PATTERNS["private key"].search("-----BEGIN RSA " + "PRIVATE KEY-----")


# --------------------------------------------------------------------------------------------------------- UI

def test_ui_binds_to_loopback_by_default(monkeypatch):
    from pipelines.dev import address, commands

    makefile = (REPO / "Makefile").read_text()
    dev = re.search(r"^dev:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert dev, "no dev target"
    assert "-m pipelines.dev" in dev.group(1), dev.group(1)
    for unset in (None, ""):
        if unset is None:
            monkeypatch.delenv("AICOMPUTE_UI_HOST", raising=False)
        else:
            monkeypatch.setenv("AICOMPUTE_UI_HOST", unset)
        host, port = address()
        assert host == "127.0.0.1"
        webserver = commands(host, port)["dagster-webserver"]
        assert webserver[webserver.index("-h") + 1] == "127.0.0.1"
    for name in ("Makefile", "dagster.yaml", "workspace.yaml", "pipelines/dev.py"):
        assert "0.0.0.0" not in (REPO / name).read_text(), name
