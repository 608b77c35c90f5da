"""A tiny git server for the hub test: smart HTTP (``git http-backend``) on 127.0.0.1.

``python git_http.py FOLDER PORT`` serves every bare repository in FOLDER at
``http://127.0.0.1:PORT/<name>.git`` (read-only: fetch and clone, shallow ones too, so the
default nbgitpuller link, depth 1, works), one thread per request, until it is terminated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def app(environ: dict, start_response) -> list[bytes]:
    """Run ``git http-backend`` as a CGI script for one request."""
    env = {key: value for key, value in environ.items() if isinstance(value, str)}
    env.update(GIT_PROJECT_ROOT=sys.argv[1], GIT_HTTP_EXPORT_ALL="1", PATH=os.environ["PATH"])
    size = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(size) if size else b""
    out = subprocess.run(
        ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
    ).stdout
    sep = b"\r\n\r\n" if b"\r\n\r\n" in out else b"\n\n"
    head, _, payload = out.partition(sep)
    status, headers = "200 OK", []
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        if name.lower() == "status":
            status = value.strip()
        elif name:
            headers.append((name, value.strip()))
    start_response(status, headers)
    return [payload]


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[2]), app, Server, QuietHandler).serve_forever()
