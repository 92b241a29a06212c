#!/usr/bin/env python3
"""trustdocs benchmark: generates a corpus with examples/gen_corpus.rs, then measures full
builds (output on tmpfs and on disk), peak RSS, `check`, a plain pulldown-cmark render of
the same Markdown (the floor), search index sizes, and edit-to-reload latency in
`trustdocs serve`. Prints Markdown tables. Python 3.11 standard library only.

Run it through bench/run.sh, which builds the binaries first:

    bench/run.sh 1000          # one size
    bench/run.sh               # N = 100 and 1000
    bench/run.sh --large       # N = 100, 1000, 5000 and 10000
    bench/run.sh --smoke       # N = 20, few runs: a quick check that everything works

Every server listens on 127.0.0.1 with a port the system picks; every wait has a
timeout; the corpus is deterministic for a seed. Timings are wall-clock and depend on what
else the machine is doing: the script prints the load average before and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release"
TIMEOUT = 120.0  # seconds any single wait may take before it counts as a failure

# The targets (issue 7), for N = 1000 on two cores with output on tmpfs.
TARGET_BUILD_S = 0.25
TARGET_FLOOR_RATIO = 4.0
TARGET_PAGE_P50_MS = 50.0
TARGET_TEMPLATE_P50_MS = 300.0
TARGET_RSS_MB = 150.0


# ----------------------------------------------------------------------------------------
# Running a command and measuring it


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its threads
    rss_kb: int  # peak resident set size
    code: int
    stdout: str
    stderr: str


def run(cmd: list[str], cwd: Path | None = None, timeout: float | None = None) -> Run:
    """Runs `cmd`, timing it from fork to reaped exit; rusage comes from wait4."""
    timeout = timeout or TIMEOUT
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.0005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_kb=usage.ru_maxrss,
            code=proc.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


@dataclass
class Series:
    """Repeated runs of one command."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.code == 0 for r in self.runs)

    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    def spread(self) -> tuple[float, float]:
        walls = [r.wall for r in self.runs]
        return min(walls), max(walls)

    def rss_mb(self) -> float:
        return max(r.rss_kb for r in self.runs) / 1024


def repeat(cmd: list[str], runs: int, before=None) -> Series:
    """One untimed warm-up run, then `runs` timed ones; stops at the first failure."""
    series = Series()
    for i in range(runs + 1):
        if before:
            before()
        r = run(cmd)
        if r.code != 0:
            series.runs = [r]
            return series
        if i > 0:
            series.runs.append(r)
    return series


# ----------------------------------------------------------------------------------------
# The machine


def machine() -> dict:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": nproc or str(os.cpu_count()),
        "cpu": model,
        "kernel": os.uname().release,
        "rustc": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip(),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def fs_type(path: Path) -> str:
    """The file system `path` is on, from /proc/mounts (longest matching mount point)."""
    best, kind = "", "?"
    path = str(path.resolve())
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3:
                mount = parts[1]
                inside = path == mount or path.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) >= len(best):
                    best, kind = mount, parts[2]
    except OSError:
        pass
    return kind


# ----------------------------------------------------------------------------------------
# trustdocs serve: start, follow the event stream, edit, time


class Serve:
    """A `trustdocs serve --port 0` process, its URL, and its live-reload event stream."""

    def __init__(self, binary: Path, root: Path):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--port", "0", "--root", str(root)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.url_found = threading.Event()
        self.port = 0
        self.startup = 0.0
        self.events: queue.Queue[tuple[float, str, str]] = queue.Queue()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        if not self.url_found.wait(TIMEOUT) or not self.port:
            self.stop()
            raise RuntimeError("serve printed no URL:\n" + "\n".join(self.lines[-20:]))
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT)
        self.sock.sendall(
            f"GET /__trustdocs/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        self.connected = threading.Event()
        threading.Thread(target=self._read_events, daemon=True).start()
        if not self.connected.wait(TIMEOUT):
            self.stop()
            raise RuntimeError("the event stream did not open")

    def _read_stderr(self) -> None:
        assert self.proc.stderr
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))
            m = re.search(r"Serving http://127\.0\.0\.1:(\d+)/", line)
            if m and not self.port:
                self.port = int(m.group(1))
                self.startup = time.perf_counter() - self.started
                self.url_found.set()
        self.url_found.set()

    def _read_events(self) -> None:
        buffer = b""
        name, data = "", ""
        in_head = True
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return
                now = time.perf_counter()
                buffer += chunk
                while b"\n" in buffer:
                    raw, buffer = buffer.split(b"\n", 1)
                    line = raw.decode(errors="replace").rstrip("\r")
                    if in_head:
                        if line == "":
                            in_head = False
                            self.connected.set()
                        continue
                    if line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data = line[5:].strip()
                    elif line == "":
                        if name:
                            self.events.put((now, name, data))
                        name, data = "", ""
        except OSError:
            return

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def quiet(self, seconds: float) -> list[tuple[float, str, str]]:
        """Waits until no event has come for `seconds`; the events that came meanwhile.
        A save whose second reload (the rest of the site) is still on its way must not be
        taken for the next save's."""
        seen = []
        while True:
            try:
                seen.append(self.events.get(timeout=seconds))
            except queue.Empty:
                return seen

    def drain(self) -> list[tuple[float, str, str]]:
        drained = []
        while True:
            try:
                drained.append(self.events.get_nowait())
            except queue.Empty:
                return drained

    def peak_rss_mb(self) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self) -> None:
        try:
            self.sock.close()
        except (AttributeError, OSError):
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Latency:
    kind: str
    event_ms: list[float] = field(default_factory=list)
    served_ms: list[float] = field(default_factory=list)
    extra_events: int = 0  # events beyond the first for one save (a save rebuilt twice)
    # Template and locale edits: the viewed page's document is reloaded first, the rest of
    # the site a moment later in a second event; from the write to that second event.
    whole_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def write_in_place(path: Path, text: str) -> None:
    """One write(2) of the whole file, as most editors' plain save does."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def write_and_rename(path: Path, text: str) -> None:
    """Write a hidden temporary file beside it, then rename it over (vim, VS Code, …)."""
    temporary = path.with_name(f".{path.name}.bench.tmp")
    temporary.write_text(text)
    os.rename(temporary, path)


def measure_edits(serve: Serve, kind: str, path: Path, edit, page: str, visible: bool,
                  edits: int, settle: float) -> Latency:
    """`edits` timed saves of `path` (after one warm-up): from the write to the first
    live-reload event, and to the moment `page` serves the edit (`visible`) or answers at
    all after the event (an edit that changes no page, like a new Fluent key)."""
    original = path.read_text()
    result = Latency(kind)
    last = 0.0  # the previous save's latency: a second rebuild of it would take as long
    two_phase = kind in ("template", "locale")
    for k in range(edits + 1):
        marker = f"bench-{kind.split()[0]}-{k}-{os.getpid()}"
        late = serve.quiet(max(settle, last))  # the previous save's events after its first
        if k >= 2:
            result.extra_events += len(late)
        t0 = time.perf_counter()
        edit(path, original, marker)
        event = None
        try:
            while True:
                at, name, data = serve.events.get(timeout=TIMEOUT)
                if name in ("reload", "css", "error"):
                    event = (at, name, data)
                    break
        except queue.Empty:
            result.failures.append(f"edit {k}: no live-reload event within {TIMEOUT:.0f} s")
            continue
        if event[1] == "error":
            result.failures.append(f"edit {k}: build error: {event[2][:300]}")
            continue
        served = None
        while time.perf_counter() - t0 < TIMEOUT:
            status, body = serve.get(page)
            if status == 200 and (not visible or marker.encode() in body):
                served = time.perf_counter()
                break
            time.sleep(0.001)
        if served is None:
            result.failures.append(f"edit {k}: {page} never showed the edit")
            continue
        last = served - t0
        if two_phase:
            # The rest of the site follows the viewed page's document in a second event.
            try:
                at, _, _ = serve.events.get(timeout=TIMEOUT)
                whole = at - t0
            except queue.Empty:
                result.failures.append(f"edit {k}: the rest of the site never reloaded")
                continue
            last = max(last, whole)
            if k > 0:
                result.whole_ms.append(whole * 1000)
        if k == 0:
            continue  # warm-up
        result.event_ms.append((event[0] - t0) * 1000)
        result.served_ms.append((served - t0) * 1000)
    result.extra_events += len(serve.quiet(max(settle, last)))
    path.write_text(original)
    serve.quiet(max(settle, last))  # the restore's own reloads, before the next measure
    return result


def serve_latencies(binary: Path, root: Path, edits: int) -> dict:
    docs = sorted(p.name for p in (root / "content" / "docs").iterdir() if p.is_dir())
    doc = docs[len(docs) // 2]
    page_file = root / "content" / "docs" / doc / "index.ja.md"
    page_url = f"/ja/docs/{doc}/"
    footer = root / "themes" / "default" / "templates" / "partials" / "footer.html"
    locale = root / "locales" / "ja" / "main.ftl"
    originals = {p: p.read_bytes() for p in (page_file, footer, locale)}

    def page_edit(path: Path, original: str, marker: str) -> None:
        write_in_place(path, original + f"\n編集 {marker} を反映しました。\n")

    def page_edit_renamed(path: Path, original: str, marker: str) -> None:
        write_and_rename(path, original + f"\n編集 {marker} を反映しました。\n")

    def template_edit(path: Path, original: str, marker: str) -> None:
        write_in_place(path, original + f"<!-- {marker} -->\n")

    def locale_edit(path: Path, original: str, marker: str) -> None:
        key = marker.replace("bench-", "bench-key-")
        write_in_place(path, original + f"\n{key} = ベンチマーク {marker}\n")

    serve = Serve(binary, root)
    try:
        # Let the watcher settle after the first build before the first edit.
        time.sleep(0.3)
        serve.drain()
        status, _ = serve.get(page_url)
        if status != 200:
            raise RuntimeError(f"serve answers {status} for {page_url}")
        results = [
            measure_edits(serve, "page", page_file, page_edit, page_url, True, edits, 0.1),
            measure_edits(serve, "page (rename)", page_file, page_edit_renamed, page_url, True,
                          edits, 0.1),
            measure_edits(serve, "template", footer, template_edit, page_url, True, edits, 0.15),
            measure_edits(serve, "locale", locale, locale_edit, page_url, False, edits, 0.15),
        ]
        rss = serve.peak_rss_mb()
        startup = serve.startup
    finally:
        serve.stop()
        for path, data in originals.items():
            path.write_bytes(data)
    return {"startup": startup, "rss_mb": rss, "edits": results, "page": page_url}


# ----------------------------------------------------------------------------------------
# Search index


def search_sizes(out: Path) -> dict[str, tuple[int, int]]:
    """Bytes and files under public/<lang>/search/, per language."""
    sizes = {}
    for lang in ("ja", "en"):
        folder = out / lang / "search"
        files = [p for p in folder.rglob("*") if p.is_file() and p.name != "index.html"] \
            if folder.is_dir() else []
        if files:
            sizes[lang] = (sum(p.stat().st_size for p in files), len(files))
    return sizes


def bytes_per_query(out: Path) -> dict[str, str]:
    """Bytes fetched per query, from the search work's own meter `tests/js/measure.js`
    (it runs themes/default/static/search.js in node with a loader that counts bytes):
    median and largest over its fixed list of queries, per language. Empty without it."""
    helper = REPO / "tests" / "js" / "measure.js"
    node = shutil.which("node")
    if not helper.is_file() or not node:
        return {}
    r = run([node, str(helper), str(out), "--json"], timeout=120)
    try:
        queries = json.loads(r.stdout)["queries"]
    except (ValueError, KeyError, TypeError):
        return {"all": f"error (exit {r.code}): {(r.stderr or r.stdout).strip()[:200]}"}
    result = {}
    for lang in sorted({q["lang"] for q in queries}):
        sizes = [q["bytes"] for q in queries if q["lang"] == lang]
        largest = max((q for q in queries if q["lang"] == lang), key=lambda q: q["bytes"])
        result[lang] = (f"median {statistics.median(sizes) / 1024:.0f} KB, largest "
                        f"{largest['bytes'] / 1024:.0f} KB («{largest['query']}»), "
                        f"{len(sizes)} queries")
    return result


# ----------------------------------------------------------------------------------------
# One size


@dataclass
class Measured:
    n: int
    corpus: dict = field(default_factory=dict)
    build_tmpfs: Series | None = None
    build_disk: Series | None = None
    floor: Series | None = None  # plain render of every .md file
    floor_working: Series | None = None  # plain render of the working copies only
    check: Series | None = None
    check_note: str = ""
    pages: int = 0
    search: dict = field(default_factory=dict)
    per_query: dict = field(default_factory=dict)
    serve: dict | None = None
    failures: list[str] = field(default_factory=list)


def bench_size(n: int, args, bins: dict[str, Path], shm: Path, disk: Path) -> Measured:
    global TIMEOUT
    TIMEOUT = max(120.0, n / 40)
    if n >= 5000:  # minutes per build and per template edit: fewer repetitions
        args = argparse.Namespace(**{**vars(args), "runs": min(args.runs, 3),
                                     "edits": min(args.edits, 5)})
    m = Measured(n)
    site = shm / f"site-{n}"
    print(f"\n## N = {n}\n", flush=True)
    gen = run([str(bins["gen_corpus"]), "--docs", str(n), "--seed", str(args.seed),
               "--out", str(site), "--repo", str(REPO)])
    if gen.code != 0:
        m.failures.append("gen_corpus failed: " + gen.stderr.strip())
        return m
    md = list((site / "content").rglob("*.md"))
    working = [p for p in md if "releases" not in p.relative_to(site / "content").parts]
    m.corpus = {
        "markdown_files": len(md),
        "markdown_mb": sum(p.stat().st_size for p in md) / 1e6,
        "working_files": len(working),
        "working_mb": sum(p.stat().st_size for p in working) / 1e6,
        "gen_s": gen.wall,
        "summary": gen.stderr.strip().splitlines()[-1] if gen.stderr.strip() else "",
    }
    print(f"corpus: {m.corpus['summary']}", flush=True)

    trustdocs = str(bins["trustdocs"])
    out_shm = shm / f"out-{n}"
    print("full build, output on tmpfs …", flush=True)
    m.build_tmpfs = repeat([trustdocs, "build", "--root", str(site), "--out", str(out_shm)],
                           args.runs)
    if not m.build_tmpfs.ok:
        m.failures.append("build failed:\n" + m.build_tmpfs.runs[0].stderr[-3000:])
        return m
    found = re.search(r"Built (\d+) pages", m.build_tmpfs.runs[-1].stderr)
    m.pages = int(found.group(1)) if found else 0
    m.search = search_sizes(out_shm)
    m.per_query = bytes_per_query(out_shm)

    if not args.no_disk:
        print(f"full build, output on disk ({fs_type(disk)}) …", flush=True)
        m.build_disk = repeat(
            [trustdocs, "build", "--root", str(site), "--out", str(disk / f"out-{n}")],
            args.runs)
        if not m.build_disk.ok:
            m.failures.append("build on disk failed:\n" + m.build_disk.runs[0].stderr[-2000:])

    print("plain pulldown-cmark render (floor) …", flush=True)
    plain_out = shm / f"plain-{n}"
    plain = [str(bins["plain_render"]), "--root", str(site), "--out", str(plain_out),
             "--threads", "2"]
    clear = lambda: shutil.rmtree(plain_out, ignore_errors=True)  # noqa: E731
    m.floor = repeat(plain, args.runs, before=clear)
    m.floor_working = repeat(plain + ["--working-only"], args.runs, before=clear)

    help_run = run([trustdocs, "check", "--help"])
    if help_run.code != 0:
        m.check_note = "n/a (no `trustdocs check`)"
    else:
        print("check …", flush=True)
        m.check = repeat([trustdocs, "check", "--root", str(site)], args.runs)
        if not m.check.ok:
            r = m.check.runs[0]
            lines = (r.stderr + r.stdout).strip().splitlines()
            m.check_note = f"exit {r.code}: " + " / ".join(lines[:3])[:300]
            m.failures.append("check failed: " + m.check_note)

    if not args.no_serve:
        print(f"serve: {args.edits} edits each of a page, a template and a locale …", flush=True)
        try:
            m.serve = serve_latencies(bins["trustdocs"], site, args.edits)
            for lat in m.serve["edits"]:
                m.failures.extend(f"serve {lat.kind}: {f}" for f in lat.failures)
        except (RuntimeError, OSError) as e:
            m.failures.append(f"serve: {e}")
    if not args.keep:
        for path in (site, out_shm, plain_out, disk / f"out-{n}"):
            shutil.rmtree(path, ignore_errors=True)
    return m


# ----------------------------------------------------------------------------------------
# Tables


def secs(s: float | None) -> str:
    if s is None:
        return "n/a"
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def ms(v: float) -> str:
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def verdict(ok: bool) -> str:
    return "✅" if ok else "❌"


def detail_table(m: Measured) -> str:
    rows: list[tuple[str, str, str]] = []

    def goal(text: str) -> str:
        """The issue's targets are for N = 1000; other sizes show none."""
        return text if m.n == 1000 else ""

    c = m.corpus
    rows.append(("corpus", f"{m.pages} pages built from {c.get('working_files', 0)} Markdown "
                 f"pages ({c.get('working_mb', 0):.1f} MB) + frozen copies: "
                 f"{c.get('markdown_files', 0)} files, {c.get('markdown_mb', 0):.1f} MB", ""))
    floor = m.floor.median() if m.floor and m.floor.ok else None
    working = m.floor_working.median() if m.floor_working and m.floor_working.ok else None

    def against_floor(t: float, absolute: float | None) -> str:
        """The issue's bound: 4× the plain render of the working copies (≈ 0.25 s)."""
        text = ""
        if absolute is not None:
            text = f"≈ {absolute * 1000:.0f} ms {verdict(t <= absolute)}; "
        text += f"≤ {TARGET_FLOOR_RATIO:.0f}× floor"
        if working:
            text += f" ({t / working:.1f}×) {verdict(t / working <= TARGET_FLOOR_RATIO)}"
        return text

    if m.build_tmpfs and m.build_tmpfs.ok:
        b = m.build_tmpfs
        lo, hi = b.spread()
        target = against_floor(b.median(), TARGET_BUILD_S)
        rows.append((f"full build, output on tmpfs (median of {len(b.runs)})",
                     f"{secs(b.median())} (min {secs(lo)}, max {secs(hi)}; "
                     f"CPU {secs(b.cpu())})", goal(target)))
        rows.append(("pages per second (tmpfs)", f"{m.pages / b.median():,.0f}", ""))
    if m.build_disk and m.build_disk.ok:
        b = m.build_disk
        lo, hi = b.spread()
        rows.append((f"full build, output on disk (median of {len(b.runs)})",
                     f"{secs(b.median())} (min {secs(lo)}, max {secs(hi)}; "
                     f"CPU {secs(b.cpu())})", ""))
    if m.build_tmpfs and m.build_tmpfs.ok:
        rss = m.build_tmpfs.rss_mb()
        rows.append(("peak RSS of a build", f"{rss:.0f} MB",
                     goal(f"< {TARGET_RSS_MB:.0f} MB {verdict(rss < TARGET_RSS_MB)}")))
    if working is not None:
        rows.append(("floor: plain pulldown-cmark render of the working copies, 2 threads",
                     f"{secs(working)} (CPU {secs(m.floor_working.cpu())}; "
                     f"{c.get('working_files', 0)} files)", ""))
    if floor is not None:
        rows.append(("plain render of every .md file (frozen copies too)",
                     f"{secs(floor)} (CPU {secs(m.floor.cpu())}; "
                     f"{c.get('markdown_files', 0)} files)", ""))
    if m.build_tmpfs and m.build_tmpfs.ok and working and floor:
        b = m.build_tmpfs.median()
        rows.append(("build ÷ floor", f"{b / working:.1f}× the working copies' render, "
                     f"{b / floor:.1f}× every file's", goal(f"≤ {TARGET_FLOOR_RATIO:.0f}×")))
    if m.check and m.check.ok:
        target = against_floor(m.check.median(), None)
        rows.append((f"`check` (median of {len(m.check.runs)})",
                     f"{secs(m.check.median())} (CPU {secs(m.check.cpu())}; peak RSS "
                     f"{m.check.rss_mb():.0f} MB)", goal(target)))
    else:
        rows.append(("`check`", m.check_note or "n/a", ""))
    if m.serve:
        s = m.serve
        rows.append(("`serve` start-up (first build, in memory, drafts)",
                     f"{secs(s['startup'])}; peak RSS after all edits {s['rss_mb']:.0f} MB", ""))
        for lat in s["edits"]:
            if not lat.event_ms:
                rows.append((f"{lat.kind} edit", "failed: " + "; ".join(lat.failures[:2]), ""))
                continue
            target = ""
            p50 = statistics.median(lat.served_ms)
            if lat.kind.startswith("page"):
                target = f"p50 < {TARGET_PAGE_P50_MS:.0f} ms {verdict(p50 < TARGET_PAGE_P50_MS)}"
            elif lat.kind == "template":
                target = (f"p50 < {TARGET_TEMPLATE_P50_MS:.0f} ms "
                          f"{verdict(p50 < TARGET_TEMPLATE_P50_MS)}")
            extra = f"; {lat.extra_events} extra events" if lat.extra_events else ""
            if lat.whole_ms:
                extra = (f"; whole site re-rendered after {ms(statistics.median(lat.whole_ms))}"
                         f" (p50){extra}")
            what = "new HTML served" if lat.kind != "locale" else "page served after it"
            rows.append((
                f"{lat.kind} edit → reload event / {what} (p50, p95 of {len(lat.event_ms)})",
                f"{ms(statistics.median(lat.event_ms))}, {ms(percentile(lat.event_ms, 95))} / "
                f"{ms(p50)}, {ms(percentile(lat.served_ms, 95))}{extra}",
                goal(target)))
    if m.search:
        sizes = ", ".join(f"{lang} {b / 1024:,.0f} KB in {n} files"
                          for lang, (b, n) in m.search.items())
        rows.append(("search index per language", sizes, ""))
    else:
        rows.append(("search index per language", "n/a (no public/<lang>/search/ files)", ""))
    rows.append(("bytes fetched per query",
                 ", ".join(f"{k} {v}" for k, v in m.per_query.items())
                 or "n/a (no tests/js/measure.js or no node)", ""))
    lines = ["| measure | value | target (N = 1000) |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def growth_table(results: list[Measured]) -> str:
    lines = [
        "| N | pages | Markdown (all files) | build, tmpfs | CPU | pages/s | peak RSS "
        "| floor | build ÷ floor | check | page edit p50 | template edit p50 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in results:
        b = m.build_tmpfs if m.build_tmpfs and m.build_tmpfs.ok else None
        f = m.floor_working.median() if m.floor_working and m.floor_working.ok else None
        check = secs(m.check.median()) if m.check and m.check.ok else "n/a"
        page = template = "n/a"
        if m.serve:
            for lat in m.serve["edits"]:
                if lat.served_ms and lat.kind == "page":
                    page = ms(statistics.median(lat.served_ms))
                if lat.served_ms and lat.kind == "template":
                    template = ms(statistics.median(lat.served_ms))
        lines.append(
            f"| {m.n:,} | {m.pages:,} | {m.corpus.get('markdown_mb', 0):.1f} MB "
            f"| {secs(b.median()) if b else 'failed'} | {secs(b.cpu()) if b else ''} "
            f"| {f'{m.pages / b.median():,.0f}' if b else ''} "
            f"| {f'{b.rss_mb():.0f} MB' if b else ''} | {secs(f)} "
            f"| {f'{b.median() / f:.1f}×' if b and f else ''} | {check} | {page} | {template} |")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------
# Two builds of trustdocs side by side


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[1], q[2]


def compare(n: int, args, bins: dict[str, Path], other: Path, shm: Path,
            shown: Path) -> tuple[str, bool]:
    """Builds (and checks) the corpus of size `n` with `other` and with this trustdocs in
    alternating runs, so that both meet the same machine: on a shared VM the pace drifts
    from minute to minute by more than most changes gain. Returns a Markdown table."""
    print(f"\n## N = {n}: {shown} (before) against this build (after), {args.runs} "
          f"alternating runs each\n", flush=True)
    # The same generated content for both; its themes and locales from the checkout each
    # binary was built from when --before-repo names the older one (an older binary may
    # not know a filter the newer theme uses).
    sites = {"before": shm / f"site-{n}-before", "after": shm / f"site-{n}"}
    repos = {"before": args.before_repo or REPO, "after": REPO}
    for name, site in sites.items():
        gen = run([str(bins["gen_corpus"]), "--docs", str(n), "--seed", str(args.seed),
                   "--out", str(site), "--repo", str(repos[name])])
        if gen.code != 0:
            return "gen_corpus failed: " + gen.stderr.strip(), False
    binaries = {"before": other, "after": bins["trustdocs"]}
    commands = {
        (name, what): [str(binary), what, "--root", str(sites[name])]
        + (["--out", str(shm / f"out-{n}-{name}")] if what == "build" else [])
        for name, binary in binaries.items() for what in ("build", "check")
    }
    series = {key: Series() for key in commands}
    for i in range(args.runs + 1):  # the first round warms up and is not counted
        for key, cmd in commands.items():
            r = run(cmd)
            # The corpus builds and checks clean (warnings only): any other exit status
            # means that binary is broken, and its times would mean nothing.
            if r.code != 0:
                return f"{' '.join(cmd)} failed:\n{(r.stderr or r.stdout)[-2000:]}", False
            if i > 0:
                series[key].runs.append(r)
    rows = ["| command | build | wall: median (quartiles) | CPU: median | peak RSS |",
            "| --- | --- | ---: | ---: | ---: |"]
    for (name, what), runs in series.items():
        q1, med, q3 = quartiles([r.wall for r in runs.runs])
        rows.append(f"| `{what}` | {name} | {secs(med)} ({secs(q1)}–{secs(q3)}) "
                    f"| {secs(runs.cpu())} | {runs.rss_mb():.0f} MB |")
    for what in ("build", "check"):
        before, after = series[("before", what)], series[("after", what)]
        rows.append(f"| `{what}` | after ÷ before | {after.median() / before.median():.3f} "
                    f"| {after.cpu() / before.cpu():.3f} | |")
    return "\n".join(rows), True


# ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of documents (N)")
    parser.add_argument("--smoke", action="store_true",
                        help="N = 20, 2 runs, 3 edits: checks that everything works (< 30 s)")
    parser.add_argument("--large", action="store_true", help="add N = 5000 and 10000")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (5)")
    parser.add_argument("--edits", type=int, default=20, help="timed edits per kind (20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latencies")
    parser.add_argument("--no-disk", action="store_true", help="skip the builds to disk")
    parser.add_argument("--keep", action="store_true", help="keep corpora and outputs")
    parser.add_argument("--bin-dir", type=Path,
                        help="take trustdocs, gen_corpus and plain_render from this folder "
                             "instead of target/release (to measure one exact build)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--compare", type=Path, metavar="BINARY",
                        help="only time builds and checks of this other trustdocs binary and "
                             "of this build, in alternating runs (--runs each, 20 unless "
                             "given)")
    parser.add_argument("--before-repo", type=Path, metavar="DIR",
                        help="with --compare: the checkout the other binary was built from; "
                             "its themes and locales render the corpus it builds")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the 1-minute load average to "
                             "fall below 0.5 (a shared machine)")
    args = parser.parse_args()
    if args.smoke:
        sizes = args.sizes or [20]
        args.runs, args.edits = min(args.runs, 2), min(args.edits, 3)
    else:
        sizes = args.sizes or [100, 1000]
        if args.large:
            sizes = sorted(set(sizes) | {5000, 10000})

    work_shm = Path(tempfile.mkdtemp(prefix="trustdocs-bench-", dir="/dev/shm"))
    work_disk = Path(tempfile.mkdtemp(prefix="trustdocs-bench-", dir="/var/tmp"))
    # Copies of the binaries: a concurrent `cargo build` must not swap them mid-run.
    bins = {}
    for name, rel in (("trustdocs", "trustdocs"), ("gen_corpus", "examples/gen_corpus"),
                      ("plain_render", "examples/plain_render")):
        source = args.bin_dir / name if args.bin_dir else TARGET / rel
        if not source.is_file():
            print(f"error: {source} is missing: run bench/run.sh, which builds it",
                  file=sys.stderr)
            return 2
        bins[name] = work_shm / "bin" / name
        bins[name].parent.mkdir(exist_ok=True)
        shutil.copy2(source, bins[name])

    waited = time.monotonic()
    while args.wait_idle and time.monotonic() - waited < args.wait_idle:
        try:
            if float(load_average().split()[0]) < 0.5:
                break
        except ValueError:
            break
        time.sleep(5)
    info = machine()
    load_before = load_average()
    print(f"# trustdocs benchmark\n\nmachine: {info['nproc']} cores ({info['cpu']}), Linux "
          f"{info['kernel']}, {info['rustc']}; load average before: {load_before}; "
          f"tmpfs: {work_shm}, disk: {work_disk} ({fs_type(work_disk)})", flush=True)
    results = []
    failed = False
    if args.compare:
        if not args.compare.is_file():
            print(f"error: {args.compare} is not a file", file=sys.stderr)
            return 2
        other = work_shm / "bin" / "trustdocs-before"
        shutil.copy2(args.compare, other)
        if "--runs" not in sys.argv:
            args.runs = 20
        try:
            for n in sizes:
                table, ok = compare(n, args, bins, other, work_shm, args.compare)
                print(table, flush=True)
                failed = failed or not ok
        finally:
            shutil.rmtree(work_shm, ignore_errors=True)
            shutil.rmtree(work_disk, ignore_errors=True)
        print(f"\nload average after: {load_average()}")
        return 1 if failed else 0
    try:
        for n in sizes:
            m = bench_size(n, args, bins, work_shm, work_disk)
            results.append(m)
            print("\n" + detail_table(m), flush=True)
            for f in m.failures:
                failed = True
                print(f"\nFAILED: {f}", file=sys.stderr)
    finally:
        shutil.rmtree(work_shm, ignore_errors=True)
        shutil.rmtree(work_disk, ignore_errors=True)
    if len(results) > 1:
        print("\n## Growth with N\n\n" + growth_table(results))
    print(f"\nload average after: {load_average()} (a busy machine makes wall times longer; "
          f"CPU times are steadier)")
    if args.json:
        def plain(o):
            if isinstance(o, (Series, Run, Latency, Measured)):
                return o.__dict__
            return str(o)
        args.json.write_text(json.dumps({"machine": info, "results": results}, default=plain,
                                        indent=1, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
