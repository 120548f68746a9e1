"""A local HTTP server (127.0.0.1, port 0, in a thread) that serves each source's snapshot bytes at /<source>
or misbehaves on purpose: the live-mode fault tests point SourceFetcher.url_overrides at it."""
from __future__ import annotations

import socket
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What the server does for a request: ("ok", body) | ("status", code) | ("sleep", seconds, body)
# | ("truncate", body) | ("no_length", body)  (close-delimited body, no Content-Length)


class FaultServer:
    def __init__(self):
        self.plans: dict[str, list] = {}  # path -> actions, the last one repeats
        self.hits: dict[str, int] = defaultdict(int)
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                with server.lock:
                    n = server.hits[self.path]
                    server.hits[self.path] += 1
                    plan = server.plans.get(self.path) or [("status", 404)]
                action = plan[min(n, len(plan) - 1)]
                try:
                    server.act(self, action)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def plan(self, name: str, *actions) -> str:
        with self.lock:
            self.plans[f"/{name}"] = list(actions)
            self.hits[f"/{name}"] = 0
        return self.url(name)

    def hits_for(self, name: str) -> int:
        return self.hits[f"/{name}"]

    @staticmethod
    def act(h: BaseHTTPRequestHandler, action) -> None:
        kind = action[0]
        if kind == "status":
            body = f"error {action[1]}\n".encode()
            h.send_response(action[1])
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return
        if kind == "sleep":
            time.sleep(action[1])
            action = ("ok", action[2])
        body = action[1]
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        if action[0] == "truncate":
            h.send_header("Content-Length", str(len(body) + 1000))  # promises more than it sends
            h.send_header("Connection", "close")
        elif action[0] == "no_length":
            h.send_header("Connection", "close")
        else:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()
        if action[0] in ("truncate", "no_length"):
            h.close_connection = True

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def refused_url(name: str) -> str:
    """A loopback URL on a port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{name}"
