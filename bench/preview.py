#!/usr/bin/env python3
"""How long a saved edit takes to reach a reader of `qmark serve`: the manual is served, a
document's page is opened in headless Chromium (driven through the DevTools protocol), its body
is edited on disk, and two times are taken from the save: until the served page holds the new
text (asked over HTTP every 5 ms), and until the page open in Chromium shows it (it is told by
the preview and reloads itself). Median of several edits, on the example manual or a generated
one of N documents."""
import argparse, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

import websocket  # websocket-client



HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevTools:
    """One page of a headless Chromium, through the DevTools protocol."""

    def __init__(self, chromium, profile):
        self.port = free_port()
        self.process = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                         f"--user-data-dir={profile}", f"--remote-debugging-port={self.port}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json"))
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True).get("result", {}).get("value")

    def close(self):
        self.socket.close()
        self.process.kill()
        self.process.wait()


def served(url, marker, deadline):
    while time.monotonic() < deadline:
        try:
            if marker in urllib.request.urlopen(url, timeout=5).read().decode():
                return time.monotonic()
        except Exception:
            pass
        time.sleep(0.005)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=os.path.join(ROOT, ".build/release/qmark"))
    parser.add_argument("--templates", default=os.path.join(ROOT, "templates"))
    parser.add_argument("--documents", type=int, default=0, help="a generated manual of N documents (0: the example manual)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="qmark-bench-preview-")
    manual = os.path.join(work, "manual")
    if args.documents:
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(args.documents), manual], check=True,
                       stdout=subprocess.DEVNULL)
    else:
        shutil.copytree(os.path.join(ROOT, "manual"), manual)
    documents = sorted(os.path.join(folder, name) for folder, _, names in os.walk(manual) for name in names
                       if name.endswith(".md") and "id: " in open(os.path.join(folder, name), encoding="utf-8").read(400))
    source = next(path for path in documents if "status: approved" in open(path, encoding="utf-8").read(2000))
    doc_id = next(line[4:].strip() for line in open(source, encoding="utf-8") if line.startswith("id: "))
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([args.qmark, "serve", "--source", manual, "--templates", args.templates, "--port", str(port), "--no-history"],
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/docs/{doc_id}.html"
    browser = None
    try:
        deadline = time.monotonic() + 600
        while served(page, "</html>", time.monotonic() + 1) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("the preview did not start: " + open(os.path.join(work, "serve.log")).read()[-2000:])
        browser = DevTools(args.chromium, os.path.join(work, "profile"))
        browser.call("Page.enable")
        browser.call("Page.navigate", url=page)
        time.sleep(2)
        to_served, to_shown = [], []
        text = open(source, encoding="utf-8").read()
        for edit in range(args.edits):
            marker = f"QMARKEDIT{edit}X{int(time.time())}"
            with open(source, "w", encoding="utf-8") as f:
                f.write(text + f"\n\n{marker}\n")
            saved = time.monotonic()
            at = served(page, marker, saved + 120)
            # The page in Chromium: polled through the protocol every 5 ms until it shows the text.
            shown = None
            while time.monotonic() < saved + 120:
                if browser.evaluate(f"document.body && document.body.innerText.includes({json.dumps(marker)})"):
                    shown = time.monotonic()
                    break
                time.sleep(0.005)
            if at is None or shown is None:
                sys.exit(f"edit {edit} never showed (served: {at}, shown: {shown})")
            to_served.append((at - saved) * 1000)
            to_shown.append((shown - saved) * 1000)
            time.sleep(1)
        label = f"{args.documents} generated documents" if args.documents else "the example manual"
        print(f"saved edit → preview, {label}, {doc_id}, {args.edits} edits")
        print(f"  served page holds it: median {statistics.median(to_served):.0f} ms (each: {', '.join(f'{t:.0f}' for t in to_served)})")
        print(f"  page open in Chromium shows it: median {statistics.median(to_shown):.0f} ms (each: {', '.join(f'{t:.0f}' for t in to_shown)})")
        updates = [line.strip() for line in open(os.path.join(work, "serve.log")) if line.startswith("updated in")]
        print(f"  the preview's own updates: {'; '.join(updates[-args.edits:])}")
    finally:
        if browser:
            browser.close()
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
