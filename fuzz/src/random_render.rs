//! The fuzzer that runs on a stable toolchain without libFuzzer: random pages built from
//! fragments of the syntax trustdocs handles (Japanese text beside `**`, `{#id}`, links with
//! fragments, tables, footnotes, breaks, YAML front matter) and random bytes, fed through
//! the same stages as the `render` and `yaml` targets for a bounded time.
//!
//! ```sh
//! cargo run --release --manifest-path fuzz/Cargo.toml --bin random_render -- --seconds 60
//! ```
//!
//! A panic is caught, its input written to `fuzz/artifacts/random_render/crash-<n>` and
//! the run fails; an input slower than `--slow-ms` is written as `slow-<n>` and reported.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const FRAGMENTS: &[&str] = &[
    "日本語",
    "文章です。",
    "「重要」",
    "（注）",
    "、",
    "。",
    "カタカナ",
    "word",
    " ",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "\\*\\*",
    "\\",
    "<b>",
    "</b>",
    "&amp;",
    "\0",
    "\u{301}",
    "😀",
    "\u{feff}",
    "\t",
    "\r",
    "\n",
    "\n\n",
    "  \n",
    "\r\n",
    "\n## ",
    "\n# ",
    "\n###### ",
    " {#",
    "}",
    "{#id}",
    "\n===\n",
    "\n---\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[x](guide/index.md#intro)",
    "[x](../index.md)",
    "[x](manuals/mg/01-setup.ja.md#a)",
    "[x](manuals/mg/a%20b.png)",
    "[x](<manuals/mg/a b.png>)",
    "[x](missing.md#x)",
    "[x](../../../../etc/passwd)",
    "[x](#intro)",
    "[x](javascript:alert(1))",
    "[x](%E3%82.md)",
    "[x](?q#f)",
    "[ref]",
    "\n[ref]: guide/index.md#intro\n",
    "\n| a | 日本 |\n| --- | :-: |\n| 1 | **「表」** |\n",
    "|",
    "[^1]",
    "\n[^1]: 脚注\n",
    "\n- ",
    "\n1. ",
    "\n> ",
    "\n- [ ] ",
    "\n```\n",
    "\n    ",
    "<div>\n",
    "<!-- ",
    "-->",
    "<script>",
    "https://example.com/",
    "<https://a.example>",
    "title: x\n",
    "title: [\n",
    "description: &a x\n",
    "toc: maybe\n",
    "date: 2025-13-01\n",
    "- version: \"1.0\"\n  date: 2025-04-01\n  summary: {ja: あ, en: a}\n",
    "*a",
    "&a ",
    "? ",
    "!!binary ",
    "|\n  ",
    ">-\n  ",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A random page: front matter or not, then fragments, sometimes repeated many times to
/// make long inputs, sometimes with random bytes spliced in.
fn input(rng: &mut Rng) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    if rng.below(3) > 0 {
        out.extend_from_slice(b"---\ntitle: x\n");
        for _ in 0..rng.below(4) {
            out.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes());
        }
        out.extend_from_slice(b"\n---\n");
    }
    let raw = rng.below(8) == 0;
    let most = if rng.below(20) == 0 { 4000 } else { 60 };
    let pieces = 1 + rng.below(most);
    for _ in 0..pieces {
        match rng.below(20) {
            // Raw bytes (mostly invalid UTF-8, so decoding stops there) in few inputs;
            // random characters in the others.
            0 if raw => {
                let n = 1 + rng.below(16);
                out.extend((0..n).map(|_| rng.next() as u8));
            }
            0 => {
                let n = 1 + rng.below(16);
                let text: String = (0..n)
                    .filter_map(|_| char::from_u32((rng.next() % 0x3_0000) as u32))
                    .collect();
                out.extend_from_slice(text.as_bytes());
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                let times = 1 + rng.below(500);
                out.extend_from_slice(fragment.repeat(times).as_bytes());
            }
            _ => out.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes()),
        }
    }
    out
}

/// Runs saved inputs (a crash or slow input, or a libFuzzer artifact) once each and tells
/// how long each took.
fn replay(files: Vec<String>) {
    for file in files {
        let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        // The first call also writes and loads the small site; time the second.
        trustdocs_fuzz::render_bytes(b"");
        let at = Instant::now();
        trustdocs_fuzz::render_bytes(&data);
        let render = at.elapsed();
        let at = Instant::now();
        trustdocs_fuzz::yaml_bytes(&data);
        eprintln!(
            "{file}: {} bytes, render {render:.2?}, yaml {:.2?}",
            data.len(),
            at.elapsed()
        );
    }
}

fn main() {
    let mut seconds = 60u64;
    let mut seed = 0x5eed_u64;
    let mut slow_ms = 1000u64;
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--replay") {
        replay(args.skip(1).collect());
        return;
    }
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse::<u64>().ok());
        match (arg.as_str(), value) {
            ("--seconds", Some(v)) => seconds = v,
            ("--seed", Some(v)) => seed = v.max(1),
            ("--slow-ms", Some(v)) => slow_ms = v,
            _ => {
                eprintln!(
                    "usage: random_render [--seconds N] [--seed N] [--slow-ms N] | --replay FILE…"
                );
                std::process::exit(2);
            }
        }
    }
    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/random_render");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let (mut runs, mut bytes, mut crashes, mut slow) = (0u64, 0usize, 0usize, 0usize);
    let mut slowest = (Duration::ZERO, 0usize);
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    while started.elapsed() < Duration::from_secs(seconds) {
        let data = input(&mut rng);
        let at = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            trustdocs_fuzz::render_bytes(&data);
            trustdocs_fuzz::yaml_bytes(&data);
        }));
        let took = at.elapsed();
        runs += 1;
        bytes += data.len();
        if took > slowest.0 {
            slowest = (took, data.len());
        }
        let save = |kind: &str, n: usize| {
            let _ = std::fs::create_dir_all(&artifacts);
            let path = artifacts.join(format!("{kind}-{seed}-{n}"));
            let _ = std::fs::write(&path, &data);
            path
        };
        if outcome.is_err() {
            crashes += 1;
            eprintln!(
                "crash: input written to {}",
                save("crash", crashes).display()
            );
        } else if took > Duration::from_millis(slow_ms) {
            slow += 1;
            eprintln!(
                "slow: {took:.2?} for {} bytes, written to {}",
                data.len(),
                save("slow", slow).display()
            );
        }
    }
    eprintln!(
        "{runs} inputs ({:.1} MB) in {:.0?}: {crashes} crashes, {slow} slow (> {slow_ms} ms); slowest {:.2?} for {} bytes",
        bytes as f64 / 1e6,
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}
