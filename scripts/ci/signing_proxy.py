#!/usr/bin/env python3
"""A signing forward proxy for API tests: every request it receives is signed as API.md §1 says and sent on
to the API, so a tool that knows nothing of the signature (schemathesis) can test the signed routes.

It is also a second, independent implementation of the scheme, written from API.md alone.

Usage: signing_proxy.py LISTEN_PORT UPSTREAM_URL   (API_ID and API_KEY from the environment)
"""
import hashlib
import hmac
import http.client
import http.server
import os
import secrets
import sys
import time
import urllib.parse


def canonical_query(raw_query: str) -> str:
    pairs = []
    for pair in raw_query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        pairs.append((name.encode(), value.encode(), pair))
    pairs.sort(key=lambda item: (item[0], item[1]))
    return "&".join(item[2] for item in pairs)


def sign(api_key: str, method: str, path: str, raw_query: str, timestamp: str, nonce: str, body: bytes) -> str:
    string_to_sign = "\n".join(
        [method.upper(), path, canonical_query(raw_query), timestamp, nonce, hashlib.sha256(body).hexdigest()]
    )
    return hmac.new(api_key.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: urllib.parse.SplitResult
    api_id: str
    api_key: str

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, raw_query = self.path.partition("?")
        timestamp = str(int(time.time()))
        nonce = secrets.token_hex(16)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
        headers.update(
            {
                "X-Api-Id": self.api_id,
                "X-Api-Timestamp": timestamp,
                "X-Api-Nonce": nonce,
                "X-Api-Signature": sign(self.api_key, self.command, path, raw_query, timestamp, nonce, body),
            }
        )
        # Longer than the longest long poll (wait_seconds=30) the API may rightly hold a request for.
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=40)
        connection.request(self.command, self.path, body=body or None, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        connection.close()

    def __getattr__(self, name: str):
        # Every method, including ones http.server has never heard of (QUERY, …): the API must answer them all.
        if name.startswith("do_"):
            return self.forward
        raise AttributeError(name)

    def log_message(self, format: str, *args) -> None:  # quiet: schemathesis reports failures itself
        pass


def main() -> None:
    port, upstream = int(sys.argv[1]), sys.argv[2]
    Handler.upstream = urllib.parse.urlsplit(upstream)
    Handler.api_id = os.environ["API_ID"]
    Handler.api_key = os.environ["API_KEY"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
