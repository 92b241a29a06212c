#!/usr/bin/env python3
"""Where trustdocs spends its time and memory, per pipeline stage, on a generated corpus.

    bench/profile.sh build 1000            perf: CPU samples of a full build, by stage
    bench/profile.sh check 1000            perf: CPU samples of `trustdocs check`
    bench/profile.sh serve-page 1000       perf: samples of `serve` during 10 page edits
    bench/profile.sh serve-template 1000   perf: samples of `serve` during 4 template edits
    bench/profile.sh memory 1000           valgrind massif: the heap at its peak, by owner
    bench/profile.sh callgrind 1000        valgrind callgrind: instructions, top functions

The profiled binary is built without the release profile's link-time optimisation (into
target/profile-stages, or target/profile-system-alloc for `memory`): with it, most functions
are inlined into a few and a sample's frames no longer name its stage. The shares are those
of that build, which spends about an eighth more CPU than the release binary.
--bin-dir DIR profiles the binaries in DIR (as `bench.py --bin-dir`) instead.

A sample counts for the outermost stage in its call stack (`search index` when the search
code called the sorting, `templates` for Tera), so stages add up to 100 %. Samples whose
stack perf could not unwind far enough are put in a stage by their innermost frame where
that is unambiguous (sorting: the search index; open/write/close: writing the output).
Needs `perf` (cpu-clock sampling works in VMs without hardware counters) or valgrind.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the Serve helper and the binaries' location)

# The release profile without its cross-crate optimisation (Cargo.toml): what is profiled,
# so that functions keep their own frames and names (see main).
WITHOUT_LTO = {"CARGO_PROFILE_RELEASE_LTO": "off", "CARGO_PROFILE_RELEASE_CODEGEN_UNITS": "16"}

# Checked anywhere in the stack first: work done inside another stage's frame.
INNER_STAGES = [("remove the previous output",
                 r"remove_dir_all|trustdocs::write::disk::remove_previous|trustdocs::write::leftover::remove")]
STAGES = [
    ("write the output", r"trustdocs::write::"),
    ("load: content, front matter, histories", r"trustdocs::load::(content|releases|history|"
     r"front_matter|text_file|yaml)::"),
    ("load: locales, theme", r"trustdocs::load::locales::Locales::load|"
     r"trustdocs::load::theme::Theme::load"),
    ("search index", r"trustdocs::search::"),
    ("Markdown", r"trustdocs::markdown::"),
    ("page contexts and diffs", r"trustdocs::pages::(builder|document|diff_page|diff)::"),
    ("feeds", r"trustdocs::pages::feed::"),  # also: feed.xml's template, see stage_of
    ("templates (Tera)", r"trustdocs::load::theme::Theme::render|^tera::"),
]
# Checked last: `check` calls the stages above, which count as themselves.
OUTER_STAGES = [("check: validators", r"trustdocs::check::")]
# Innermost frames that say the stage when the stack was cut short.
LEAF_STAGES = [
    ("search index", r"core::slice::sort::|trustdocs::search::"),
    ("templates (Tera)", r"^tera::|^<tera::"),
    ("write the output", r"open64|libc_write|__close|statx|copy_folio|inode_init|ext4_"),
]

MEMORY_OWNERS = [
    ("pages being rendered (Tera)", r"trustdocs::load::theme::Theme::render"),
    ("search index", r"trustdocs::search::"),
    ("page contexts of the documents being rendered", r"trustdocs::pages::"),
    ("Markdown: section text for search", r"trustdocs::markdown::sections::"),
    ("Markdown: HTML, tables of contents, links", r"trustdocs::markdown::"),
    ("content: front matter", r"trustdocs::load::front_matter::parse"),
    ("content: file text as read", r"trustdocs::load::text_file::read_text"),
    ("diffs", r"trustdocs::pages::diff::"),
    ("feeds", r"trustdocs::pages::feed::"),  # also: feed.xml's template, see stage_of
    ("content: other", r"trustdocs::load::"),
    ("Tera: other", r"tera::"),
]


def stage_of(frames: list[str]) -> str:
    for name, pattern in INNER_STAGES:
        if any(re.search(pattern, frame) for frame in frames):
            return name
    # A template rendered beside the pages, not by the parallel page loop: the feeds (and
    # the few site-wide pages, 404 and the language choice).
    for frame in frames:
        if "trustdocs::outputs::Render::beside" in frame:
            if any("trustdocs::load::theme::Theme::render" in f for f in frames):
                return "feeds"
            break
    for frame in reversed(frames):  # from the thread's start inwards
        for name, pattern in STAGES:
            if re.search(pattern, frame):
                return name
    for name, pattern in OUTER_STAGES:
        if any(re.search(pattern, frame) for frame in frames):
            return name
    for frame in frames[:3]:
        for name, pattern in LEAF_STAGES:
            if re.search(pattern, frame):
                return name + " (by leaf)"
    return "other (kernel, allocator, threads)"


def perf_stages(data: Path) -> str:
    script = subprocess.run(["perf", "script", "-i", str(data), "-F", "comm,tid,ip,sym"],
                            capture_output=True, text=True).stdout
    counts: collections.Counter[str] = collections.Counter()
    for sample in script.split("\n\n"):
        frames = [parts[1] for line in sample.split("\n")[1:]
                  if len(parts := line.strip().split(None, 1)) == 2]
        if frames:
            counts[stage_of(frames)] += 1
    total = sum(counts.values()) or 1
    merged: collections.Counter[str] = collections.Counter()
    for name, n in counts.items():
        merged[name.replace(" (by leaf)", "")] += n
    lines = ["| stage | share of CPU samples |", "| --- | ---: |"]
    lines += [f"| {name} | {100 * n / total:.1f} % |" for name, n in merged.most_common()]
    lines.append(f"| (samples) | {total} |")
    return "\n".join(lines)


def perf_record(out: Path, extra: list[str]) -> list[str]:
    return ["perf", "record", "-q", "-F", "1000", "-e", "cpu-clock", "--call-graph",
            "dwarf,32768", "-o", str(out)] + extra


def massif_owners(data: Path) -> str:
    lines = data.read_text().split("\n")
    peak = next(i for i, l in enumerate(lines) if l == "heap_tree=peak")
    owners: collections.Counter[str] = collections.Counter()
    stack: list[str] = []
    for line in lines[peak + 1:]:
        m = re.match(r"( *)n(\d+): (\d+) (.*)", line)
        if not m:
            break
        depth = len(m.group(1))
        stack = stack[:depth] + [m.group(4)]
        if m.group(2) == "0":
            owner = next((name for name, pattern in MEMORY_OWNERS
                          if any(re.search(pattern, f) for f in stack)), "other")
            owners[owner] += int(m.group(3))
    total = sum(owners.values()) or 1
    rows = ["| owner | heap at peak |", "| --- | ---: |"]
    rows += [f"| {name} | {n / 1e6:.0f} MB ({100 * n / total:.0f} %) |"
             for name, n in owners.most_common()]
    rows.append(f"| total | {total / 1e6:.0f} MB |")
    return "\n".join(rows)


def main() -> int:
    bins = bench.TARGET
    if "--bin-dir" in sys.argv:  # profile one exact build, as bench.py --bin-dir measures it
        i = sys.argv.index("--bin-dir")
        bins = Path(sys.argv[i + 1])
        del sys.argv[i:i + 2]
    if len(sys.argv) < 3 or sys.argv[1] not in (
            "build", "check", "serve-page", "serve-template", "memory", "callgrind"):
        print(__doc__, file=sys.stderr)
        return 2
    what, n = sys.argv[1], int(sys.argv[2])
    work = Path(tempfile.mkdtemp(prefix="trustdocs-profile-", dir="/dev/shm"))
    try:
        binary = work / "trustdocs"
        if bins == bench.TARGET and what != "memory":
            # The release binary is one code unit optimised across crates (fat LTO): most
            # functions are inlined into a few, and a sample's frames no longer say its
            # stage. Profile the same code built crate by crate, as before LTO.
            staged = bench.REPO / "target" / "profile-stages"
            subprocess.run(["cargo", "build", "--release", "--quiet", "--locked",
                            "--bin", "trustdocs", "--target-dir", str(staged)],
                           cwd=bench.REPO, check=True,
                           env=os.environ | WITHOUT_LTO)
            shutil.copy2(staged / "release" / "trustdocs", binary)
        else:
            shutil.copy2(bins / "trustdocs", binary)
        site = work / "site"
        gen_corpus = bins / "gen_corpus" if bins != bench.TARGET else bins / "examples" / "gen_corpus"
        gen = bench.run([str(gen_corpus), "--docs", str(n),
                         "--out", str(site), "--repo", str(bench.REPO)])
        if gen.code != 0:
            print(gen.stderr, file=sys.stderr)
            return 1
        print(gen.stderr.strip().splitlines()[-1], file=sys.stderr)
        build = [str(binary), "build", "-q", "--root", str(site), "--out", str(work / "out")]
        bench.run(build)  # the profiled build replaces an existing output, as builds do
        if what in ("build", "check"):
            data = work / "perf.data"
            command = build if what == "build" else [
                str(binary), "check", "-q", "--root", str(site)]
            subprocess.run(perf_record(data, command), stdout=subprocess.DEVNULL, check=False)
            print(perf_stages(data))
        elif what == "memory":
            # massif sees the system allocator's heap, not jemalloc's: profile a build of the
            # same code with the system allocator.
            system = bench.REPO / "target" / "profile-system-alloc"
            subprocess.run(["cargo", "build", "--release", "--quiet", "--locked",
                            "--no-default-features", "--bin", "trustdocs",
                            "--target-dir", str(system)], cwd=bench.REPO, check=True,
                           env=os.environ | WITHOUT_LTO)
            shutil.copy2(system / "release" / "trustdocs", binary)
            data = work / "massif.out"
            subprocess.run(["valgrind", "-q", "--tool=massif", "--depth=60", "--threshold=0.1",
                            f"--massif-out-file={data}"] + build, check=True)
            print(massif_owners(data))
        elif what == "callgrind":
            data = work / "callgrind.out"
            subprocess.run(["valgrind", "-q", "--tool=callgrind", f"--callgrind-out-file={data}"]
                           + build, check=True)
            report = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(data)],
                                    capture_output=True, text=True).stdout
            print("\n".join(line[:160] for line in report.splitlines()
                            if "PROGRAM TOTALS" in line or re.search(r"trustdocs::|tera::r", line)
                            and "'2" not in line)[:6000])
        else:
            serve = bench.Serve(binary, site)
            try:
                time.sleep(0.5)
                serve.drain()
                data = work / "perf.data"
                perf = subprocess.Popen(perf_record(data, ["-p", str(serve.proc.pid)]))
                time.sleep(1.0)
                docs = sorted(p.name for p in (site / "content" / "docs").iterdir())
                doc = docs[len(docs) // 2]
                url = f"/ja/docs/{doc}/"
                serve.get(url)  # a page being viewed, as in bench.py
                if what == "serve-page":
                    result = bench.measure_edits(
                        serve, "page", site / "content" / "docs" / doc / "index.ja.md",
                        lambda p, o, m: bench.write_in_place(p, o + f"\n編集 {m}。\n"),
                        url, True, 10, 0.1)
                else:
                    result = bench.measure_edits(
                        serve, "template",
                        site / "themes" / "default" / "templates" / "partials" / "footer.html",
                        lambda p, o, m: bench.write_in_place(p, o + f"<!-- {m} -->\n"),
                        url, True, 4, 0.15)
                perf.send_signal(2)
                perf.wait()
            finally:
                serve.stop()
            print(f"reload events after {', '.join(f'{v:.0f}' for v in result.event_ms)} ms",
                  file=sys.stderr)
            print(perf_stages(data))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
