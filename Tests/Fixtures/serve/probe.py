#!/usr/bin/env python3
"""Hostile requests to a running `qmark serve` on 127.0.0.1:PORT, sent over raw sockets as a
rebinding page, a script of another site or a slow client would send them; prints, as JSON,
what came back for each: status, the answer's head, whether a body followed, and how long it took."""
import json, select, socket, sys, time

port = int(sys.argv[1])
own = f"localhost:{port}"


def receive(s, done=lambda data: False):
    """What comes back until the connection closes, times out or `done` says enough; closes it."""
    data = b""
    try:
        while not done(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, OSError):
        pass
    s.close()
    return data


def ask(raw, read_timeout=20):
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(read_timeout)
    try:
        s.sendall(raw)
    except OSError:
        pass
    data = receive(s)
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return {"status": status, "head": head.decode(errors="replace").lower(), "body": len(body), "seconds": round(time.monotonic() - start, 2)}


def get(path="/", host=own, extra=""):
    return ask(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode())


results = {
    "own": get(),
    "loopback": get(host=f"127.0.0.1:{port}"),
    "ipv6": get(host=f"[::1]:{port}"),
    "foreign": get(host="evil.example"),
    "foreign-port": get(host=f"evil.example:{port}"),
    "other-port": get(host="localhost:1"),
    "no-host": ask(b"GET / HTTP/1.1\r\n\r\n"),
    "two-hosts": get(extra="Host: evil.example\r\n"),
    "post": ask(f"POST / HTTP/1.1\r\nHost: {own}\r\nContent-Length: 2\r\n\r\nab".encode()),
    "delete": ask(f"DELETE /index.html HTTP/1.1\r\nHost: {own}\r\n\r\n".encode()),
    "head": ask(f"HEAD /index.html HTTP/1.1\r\nHost: {own}\r\n\r\n".encode()),
    "foreign-origin": get("/__qmark/state", extra="Origin: http://evil.example\r\n"),
    "null-origin": get("/__qmark/state", extra="Origin: null\r\n"),
    "own-origin": get("/__qmark/state", extra=f"Origin: http://{own}\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\n"),
    "cross-site-fetch": get(extra="Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\n"),
    "cross-site-frame": get(extra="Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe\r\n"),
    "cross-site-link": get(extra="Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n"),
    "cross-site-state": get("/__qmark/state", extra="Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n"),
    "half": ask(b"GET / HT"),
    "trickle": None,
    "long-line": ask(b"GET /" + b"a" * 100_000 + f" HTTP/1.1\r\nHost: {own}\r\n\r\n".encode()),
    "large-head": ask(f"GET / HTTP/1.1\r\nHost: {own}\r\n".encode() + b"X-Filler: " + b"b" * 1_000_000 + b"\r\n\r\n"),
}
# Server-sent events pass the door as they come: the state at once, the connection kept open.
start = time.monotonic()
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(5)
s.sendall(f"GET /__qmark/events HTTP/1.1\r\nHost: {own}\r\nAccept: text/event-stream\r\n\r\n".encode())
seen = receive(s, lambda data: b"data: {" in data and data.rstrip().endswith(b"}"))
results["events"] = {"status": int(seen.split(b" ")[1]) if seen.startswith(b"HTTP/1.1 ") else 0,
                     "head": seen.partition(b"\r\n\r\n")[0].decode(errors="replace").lower(),
                     "event": b'"version":' in seen, "seconds": round(time.monotonic() - start, 2)}

# A byte a second: the head's deadline counts from the first byte, not from the last.
start = time.monotonic()
s = socket.create_connection(("127.0.0.1", port))
status = 0
for byte in f"GET / HTTP/1.1\r\nHost: {own}\r\nX-Slow: {'z' * 40}\r\n".encode():
    if select.select([s], [], [], 1.0)[0]:
        break
    try:
        s.sendall(bytes([byte]))
    except OSError:
        break
try:
    s.settimeout(5)
    answer = s.recv(200)
    status = int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/1.1 ") else 0
except (socket.timeout, OSError):
    pass
results["trickle"] = {"status": status, "seconds": round(time.monotonic() - start, 2)}
print(json.dumps(results))
