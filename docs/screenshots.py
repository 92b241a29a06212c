#!/usr/bin/env python3
"""Retakes the user guide's screenshots of the example portal.

    cargo build --release && python3 docs/screenshots.py

Builds the example portal with `--pdf` into a temporary folder, serves it on 127.0.0.1,
drives headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`)
and writes into docs/content/guide/images/:

- guideline-desktop.png  the security guideline at 1280 px, light, top of the page
- guideline-mobile.png   the same page at 390 px (a phone), light
- guideline-dark.png     the guideline at 1280 px, dark, scrolled to section 4
- pdf-guideline-1.png, pdf-guideline-2.png  the first two pages of the guideline's PDF
  (Japanese, current revision), rendered by pdftoppm (poppler-utils)

The frozen copies under docs/content/guide/releases/ are not touched: a release shows the
images it was released with.
"""

import base64
import functools
import http.server
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs/content/guide/images"
BINARY = ROOT / "target/release/trustdocs"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


class Browser:
    def __init__(self, profile):
        driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
        port = free_port()
        self.process = subprocess.Popen(
            [driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 20
        while True:
            try:
                call("GET", f"{self.base}/status")
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit("chromedriver did not start")
                time.sleep(0.1)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--no-first-run", "--force-device-scale-factor=1",
                f"--user-data-dir={profile}"]
        created = call("POST", f"{self.base}/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": shutil.which("chromium") or "/usr/bin/chromium",
                                   "args": args}}}})
        self.session = f"{self.base}/session/{created['value']['sessionId']}"

    def cdp(self, cmd, params):
        return call("POST", f"{self.session}/goog/cdp/execute", {"cmd": cmd, "params": params})

    def viewport(self, width, height, mobile=False):
        self.cdp("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def scheme(self, value):
        self.cdp("Emulation.setEmulatedMedia",
                 {"features": [{"name": "prefers-color-scheme", "value": value}]})

    def goto(self, url):
        call("POST", f"{self.session}/url", {"url": url})
        # Web fonts and the table of contents' highlight settle after the load event.
        call("POST", f"{self.session}/execute/async", {
            "script": "const done = arguments[0]; document.fonts.ready.then(() => "
                      "setTimeout(done, 400));", "args": []})

    def run(self, script):
        return call("POST", f"{self.session}/execute/sync", {"script": script, "args": []})

    def shot(self, name):
        png = call("GET", f"{self.session}/screenshot")["value"]
        (IMAGES / name).write_bytes(base64.b64decode(png))
        print(f"wrote {IMAGES / name}")

    def close(self):
        try:
            call("DELETE", self.session)
        finally:
            self.process.terminate()


def serve(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        env = dict(os.environ, SOURCE_DATE_EPOCH="1764547200")
        subprocess.run([str(BINARY), "build", "--root", str(ROOT), "--out", site, "--pdf"],
                       check=True, env=env)
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        browser = Browser(os.path.join(work, "profile"))
        try:
            page = f"{base}/ja/security-guideline/"
            browser.viewport(1280, 761)
            browser.scheme("light")
            browser.goto(page)
            browser.shot("guideline-desktop.png")

            browser.viewport(390, 641, mobile=True)
            browser.goto(page)
            browser.shot("guideline-mobile.png")

            browser.viewport(1280, 761)
            browser.scheme("dark")
            browser.goto(f"{page}#encryption")
            browser.run("document.getElementById('encryption').scrollIntoView()")
            time.sleep(0.5)
            browser.shot("guideline-dark.png")
        finally:
            browser.close()
            server.shutdown()

        # The PDF the page links to ("PDF をダウンロード"): its current revision's.
        page_html = pathlib.Path(site, "ja/security-guideline/index.html").read_text()
        linked = re.search(r'href="([^"]+\.pdf)"', page_html)
        if linked is None:
            sys.exit("the guideline's page links to no PDF")
        href = linked.group(1)
        pdf = (pathlib.Path(site, href.lstrip("/")) if href.startswith("/")
               else pathlib.Path(site, "ja/security-guideline", href))
        prefix = os.path.join(work, "page")
        subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "2", "-scale-to-x", "827",
                        "-scale-to-y", "-1", str(pdf), prefix], check=True)
        for number in (1, 2):
            made = next(pathlib.Path(work).glob(f"page-*{number}.png"))
            shutil.copyfile(made, IMAGES / f"pdf-guideline-{number}.png")
            print(f"wrote {IMAGES / f'pdf-guideline-{number}.png'}")


if __name__ == "__main__":
    main()
