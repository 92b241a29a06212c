//! The benchmark's floor (`bench/run.sh`): reads every `.md` under `<root>/content/`,
//! renders it with pulldown-cmark (the options trustdocs uses) on a fixed number of threads,
//! and writes the HTML under `--out`. Nothing else: no templates, links, histories or
//! listings. What trustdocs adds on top of this is what the benchmark compares.
//! `--working-only` leaves out the frozen copies under `releases/`: the pages a site of N
//! documents shows at their own URL, as the issue's floor counts them.
//!
//! ```sh
//! cargo run --release --example plain_render -- --root /dev/shm/site --out /dev/shm/plain
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

const USAGE: &str = "usage: plain_render --root DIR --out DIR [--threads 2] [--working-only]";

fn main() -> ExitCode {
    let (mut root, mut out, mut threads, mut working_only) = (None, None, 2, false);
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        if arg == "--working-only" {
            working_only = true;
            continue;
        }
        let value = argv.next();
        match (arg.as_str(), value) {
            ("--root", Some(v)) => root = Some(PathBuf::from(v)),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            ("--threads", Some(v)) => match v.parse() {
                Ok(n) if n > 0 => threads = n,
                _ => return usage(&format!("--threads {v}: not a positive number")),
            },
            (other, _) => return usage(&format!("unexpected argument `{other}`")),
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        return usage("--root and --out are required");
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(e) => return fail(&format!("cannot start {threads} threads: {e}")),
    };
    let started = Instant::now();
    match pool.install(|| render_all(&root.join("content"), &out, working_only)) {
        Ok((files, bytes)) => {
            eprintln!(
                "rendered {files} Markdown files ({:.1} MB of HTML) on {threads} threads in {} ms → {}",
                bytes as f64 / 1e6,
                started.elapsed().as_millis(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::FAILURE
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

/// Renders every Markdown file under `content` into `out`; returns files and HTML bytes.
fn render_all(content: &Path, out: &Path, working_only: bool) -> Result<(usize, usize), String> {
    let mut files = Vec::new();
    collect(content, Path::new(""), working_only, &mut files)?;
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(|p| out.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let bytes: Result<Vec<usize>, String> = files
        .par_iter()
        .map(|rel| {
            let source = content.join(rel);
            let text = std::fs::read_to_string(&source)
                .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
            let mut html = String::with_capacity(text.len() * 3 / 2);
            html::push_html(&mut html, Parser::new_ext(body(&text), options));
            let target = out.join(rel).with_extension("html");
            std::fs::write(&target, &html)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            Ok(html.len())
        })
        .collect();
    let bytes = bytes?;
    Ok((bytes.len(), bytes.iter().sum()))
}

/// The Markdown after the front matter.
fn body(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

/// Every `.md` file under `dir`, relative to the content folder, in name order; without
/// `releases/` folders when `working_only`.
fn collect(
    base: &Path,
    rel: &Path,
    working_only: bool,
    files: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let dir = base.join(rel);
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = rel.join(entry.file_name());
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !(working_only && entry.file_name() == "releases") {
                collect(base, &path, working_only, files)?;
            }
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    Ok(())
}
