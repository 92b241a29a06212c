//! The hostile-input corpus: broken, malicious and merely unusual sites, each run through the
//! real `trustdocs build` and `trustdocs check --format json` with a time limit.
//!
//! Every case starts from a small good site written here (plus the repository's `themes/`
//! and `locales/`), builds it, applies one breakage and builds again. It then asserts what a
//! writer or CI would notice: the exit status, an error naming the file (and line) in both
//! the build's stderr and the JSON diagnostics, no panic, no hang, and — when the build
//! fails — the previous `public/` left byte for byte. Inputs too large to commit (a 50 MB
//! page, 10k headings) are generated at test time.
//!
//! The cases are a table in `tests/hostile/cases.rs`: adding one is one entry in `cases()`.
//! They run two at a time; `HOSTILE_CASE=<part of a name> cargo test --test hostile --
//! --nocapture` runs only the matching ones and prints each case's timings.
//! `HOSTILE_LIMIT_SECS=300` raises the time limit, to measure a case that exceeds it.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "hostile/cases.rs"]
mod cases;

use cases::{cases, write_base};

/// Each run of the binary is killed after this and the case fails as a hang.
const LIMIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------
// The runner.
// ---------------------------------------------------------------------------------------

#[test]
fn hostile_corpus() {
    let filter = std::env::var("HOSTILE_CASE").unwrap_or_default();
    let all = cases();
    assert!(all.len() >= 40, "the corpus has {} cases", all.len());
    let selected: Vec<Case> = all
        .into_iter()
        .filter(|c| c.name.contains(filter.as_str()))
        .collect();
    assert!(!selected.is_empty(), "no case matches {filter:?}");
    let started = Instant::now();
    let queue = Mutex::new(selected.into_iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("queue").next();
                    let Some(case) = next else { break };
                    let at = Instant::now();
                    let outcome = std::panic::catch_unwind(|| run_case(&case));
                    let outcome = match outcome {
                        Ok(outcome) => outcome,
                        Err(panic) => Err(panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "the harness panicked".into())),
                    };
                    results
                        .lock()
                        .expect("results")
                        .push((case.name, at.elapsed(), outcome));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("results");
    results.sort_by_key(|(name, _, _)| *name);
    let mut failures = Vec::new();
    for (name, elapsed, outcome) in &results {
        let mark = match outcome {
            Ok(timings) => format!("ok    {timings}"),
            Err(_) => "FAIL".to_string(),
        };
        eprintln!("{:>7.2?}  {mark}  {name}", elapsed);
        if let Err(problem) = outcome {
            failures.push(format!("--- {name}\n{problem}"));
        }
    }
    eprintln!(
        "{} cases, {} failed, in {:.1?}",
        results.len(),
        failures.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n\n{}",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}

/// The time limit of each run: `LIMIT`, or `HOSTILE_LIMIT_SECS` to measure a case that
/// does not finish in time.
fn limit() -> Duration {
    std::env::var("HOSTILE_LIMIT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(LIMIT, Duration::from_secs)
}

/// Runs one case; returns the timings of its runs, or what went wrong.
fn run_case(case: &Case) -> Result<String, String> {
    let folder = tempfile::Builder::new()
        .prefix("trustdocs-hostile-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let root = folder.path().join("site");
    write_base(&root);
    let good = run(&root, &["build", "--root", "."], LIMIT)?;
    if good.status != Some(0) {
        return Err(format!(
            "the good base site does not build:\n{}",
            good.stderr
        ));
    }
    let public_before = tree(&root.join("public"));
    let site_before = tree(&root);
    (case.setup)(&root);

    let mut args = vec!["build", "--root", "."];
    args.extend_from_slice(case.args);
    let build = run(&root, &args, limit())?;
    build.no_panic("build")?;
    let mut timings = format!("build {:.2?}", build.elapsed);
    match &case.expect {
        Expect::Refused(fragment) => {
            build.status_is(1, "build")?;
            build.stderr_has("build", &[fragment])?;
            same_tree(
                &site_before,
                &tree(&root),
                "the whole site after a refused build",
            )?;
        }
        Expect::Fails(problems) => {
            build.status_is(1, "build")?;
            for problem in problems {
                problem.in_build(&build)?;
            }
            same_tree(
                &public_before,
                &tree(&root.join("public")),
                "public/ after a failed build",
            )?;
            no_leftovers(&root)?;
        }
        Expect::Works { output, .. } => {
            build.status_is(0, "build")?;
            let public = root.join("public");
            for check in output {
                check.holds(&public)?;
            }
        }
    }

    if !matches!(case.expect, Expect::Refused(_)) {
        let check = run(
            &root,
            &["check", "--root", ".", "--format", "json"],
            limit(),
        )?;
        check.no_panic("check")?;
        timings.push_str(&format!(", check {:.2?}", check.elapsed));
        let diagnostics = diagnostics(&check.stdout)?;
        match &case.expect {
            Expect::Fails(problems) => {
                check.status_is(1, "check")?;
                for problem in problems {
                    problem.in_check(&diagnostics)?;
                }
            }
            Expect::Works { warnings, .. } => {
                check.status_is(0, "check")?;
                for problem in warnings {
                    problem.in_check(&diagnostics)?;
                }
            }
            Expect::Refused(_) => {}
        }
        for fragment in case.absent {
            if let Some(line) = check.stdout.lines().find(|l| l.contains(fragment)) {
                return Err(format!(
                    "check reports {fragment:?}, a consequence of the real problem:\n{line}"
                ));
            }
        }
    }
    for fragment in case.absent {
        if let Some(line) = build.stderr.lines().find(|l| l.contains(fragment)) {
            return Err(format!(
                "build reports {fragment:?}, a consequence of the real problem:\n{line}"
            ));
        }
    }
    Ok(timings)
}

// ---------------------------------------------------------------------------------------
// What a case is and expects.
// ---------------------------------------------------------------------------------------

struct Case {
    name: &'static str,
    /// Spoils the good site at this root.
    setup: fn(&Path),
    /// Arguments given to `build` after `--root .`.
    args: &'static [&'static str],
    expect: Expect,
    /// Messages that must appear neither in `build` nor in `check`: errors that are only
    /// a consequence of the real one.
    absent: &'static [&'static str],
}

enum Expect {
    /// `build` and `check` exit 1 and report every one of these; `public/` is untouched.
    Fails(Vec<Problem>),
    /// `build` and `check` exit 0; the output passes these checks; `check` reports these
    /// warnings.
    Works {
        output: Vec<Out>,
        warnings: Vec<Problem>,
    },
    /// `build` exits 1 with this in stderr and leaves every file of the site as it was.
    Refused(&'static str),
}

impl Case {
    fn new(name: &'static str, setup: fn(&Path)) -> Case {
        Case {
            name,
            setup,
            args: &[],
            expect: Expect::Works {
                output: Vec::new(),
                warnings: Vec::new(),
            },
            absent: &[],
        }
    }

    fn fails(mut self, problems: impl IntoIterator<Item = Problem>) -> Case {
        self.expect = Expect::Fails(problems.into_iter().collect());
        self
    }

    fn works(mut self, output: impl IntoIterator<Item = Out>) -> Case {
        self.expect = Expect::Works {
            output: output.into_iter().collect(),
            warnings: Vec::new(),
        };
        self
    }

    fn warns(mut self, expected: impl IntoIterator<Item = Problem>) -> Case {
        if let Expect::Works { warnings, .. } = &mut self.expect {
            *warnings = expected.into_iter().collect();
        }
        self
    }

    fn refused(mut self, fragment: &'static str) -> Case {
        self.expect = Expect::Refused(fragment);
        self
    }

    fn args(mut self, args: &'static [&'static str]) -> Case {
        self.args = args;
        self
    }

    fn absent(mut self, fragments: &'static [&'static str]) -> Case {
        self.absent = fragments;
        self
    }
}

/// Where a problem is reported.
#[derive(Debug, Clone, Copy)]
enum Line {
    /// Exactly this line.
    At(usize),
    /// A line in this range (where the parser's notion of "the" line is debatable).
    Within(usize, usize),
    /// No line: the problem is about a whole file or folder.
    No,
}

impl Line {
    fn accepts(self, line: Option<usize>) -> bool {
        match (self, line) {
            (Line::At(want), Some(got)) => want == got,
            (Line::Within(from, to), Some(got)) => (from..=to).contains(&got),
            (Line::No, None) => true,
            _ => false,
        }
    }
}

/// A diagnostic the case must produce.
#[derive(Debug)]
struct Problem {
    file: &'static str,
    line: Line,
    severity: &'static str,
    /// The `code` field of the JSON form; empty: any.
    code: &'static str,
    /// A fragment of the message; empty: any.
    message: &'static str,
}

const fn error(
    file: &'static str,
    line: Line,
    code: &'static str,
    message: &'static str,
) -> Problem {
    Problem {
        file,
        line,
        severity: "error",
        code,
        message,
    }
}

const fn warning(
    file: &'static str,
    line: Line,
    code: &'static str,
    message: &'static str,
) -> Problem {
    Problem {
        severity: "warning",
        ..error(file, line, code, message)
    }
}

impl Problem {
    /// An `error: <file>:<line>…: <message>` line of the build's stderr.
    fn in_build(&self, run: &Run) -> Result<(), String> {
        let found = run.stderr.lines().any(|l| {
            let Some(rest) = l.strip_prefix("error: ") else {
                return false;
            };
            let Some(after) = rest.strip_prefix(self.file) else {
                return false;
            };
            let line = after
                .strip_prefix(':')
                .and_then(|a| a.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse::<usize>().ok());
            let location_ok = match self.line {
                Line::No => after.starts_with(": "),
                _ => self.line.accepts(line),
            };
            location_ok && after.contains(self.message)
        });
        if found {
            Ok(())
        } else {
            Err(format!(
                "build: no `error:` line for {self:?}; stderr:\n{}",
                excerpt(&run.stderr)
            ))
        }
    }

    /// A diagnostic of `check --format json`.
    fn in_check(&self, diagnostics: &[Diagnostic]) -> Result<(), String> {
        let found = diagnostics.iter().any(|d| {
            d.file == self.file
                && self.line.accepts(d.line)
                && d.severity == self.severity
                && (self.code.is_empty() || d.code == self.code)
                && d.message.contains(self.message)
        });
        if found {
            Ok(())
        } else {
            let shown: Vec<String> = diagnostics.iter().map(|d| format!("{d:?}")).collect();
            Err(format!(
                "check --format json: no diagnostic for {self:?}; it reported:\n{}",
                excerpt(&shown.join("\n"))
            ))
        }
    }
}

/// A check on the output folder of a build that worked.
enum Out {
    Contains(&'static str, &'static str),
    Lacks(&'static str, &'static str),
    /// No output file or folder has a name containing this.
    NoFileAnywhere(&'static str),
    /// No output file contains these bytes.
    NoBytesAnywhere(&'static str),
}

impl Out {
    fn holds(&self, public: &Path) -> Result<(), String> {
        let read = |file: &str| {
            std::fs::read(public.join(file))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| format!("output file {file}: {e}"))
        };
        match self {
            Out::Contains(file, needle) => {
                let text = read(file)?;
                if !text.contains(needle) {
                    return Err(format!(
                        "{file} should contain {needle:?}:\n{}",
                        excerpt(&text)
                    ));
                }
            }
            Out::Lacks(file, needle) => {
                let text = read(file)?;
                if let Some(at) = text.find(needle) {
                    return Err(format!(
                        "{file} should not contain {needle:?}: …{}…",
                        excerpt(&text[floor(&text, at.saturating_sub(200))..])
                    ));
                }
            }
            Out::NoFileAnywhere(fragment) => {
                if let Some(name) = tree(public).keys().find(|p| p.contains(fragment)) {
                    return Err(format!("the output has {name}"));
                }
            }
            Out::NoBytesAnywhere(fragment) => {
                // Text files only: the search index's binary shards hold any byte.
                for (name, bytes) in tree(public)
                    .into_iter()
                    .filter(|(n, _)| !n.ends_with(".bin"))
                {
                    if bytes
                        .windows(fragment.len())
                        .any(|w| w == fragment.as_bytes())
                    {
                        return Err(format!("output file {name} contains {fragment:?}"));
                    }
                }
            }
        }
        Ok(())
    }
}

/// One line of `check --format json`, with every field checked for its type.
#[derive(Debug)]
struct Diagnostic {
    file: String,
    line: Option<usize>,
    severity: String,
    code: String,
    message: String,
}

fn diagnostics(stdout: &str) -> Result<Vec<Diagnostic>, String> {
    let mut found = Vec::new();
    for text in stdout.lines() {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("check printed non-JSON {text:?}: {e}"))?;
        let object = value
            .as_object()
            .ok_or_else(|| format!("not a JSON object: {text}"))?;
        let string = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("`{key}` is missing or not a string in {text}"))
        };
        let number = |key: &str| match object.get(key) {
            Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(|n| Some(n as usize))
                .ok_or_else(|| format!("`{key}` is not a number or null in {text}")),
            None => Err(format!("`{key}` is missing in {text}")),
        };
        number("column")?;
        let severity = string("severity")?;
        if severity != "error" && severity != "warning" {
            return Err(format!("severity {severity:?} in {text}"));
        }
        found.push(Diagnostic {
            file: string("file")?,
            line: number("line")?,
            severity,
            code: string("code")?,
            message: string("message")?,
        });
    }
    Ok(found)
}

// ---------------------------------------------------------------------------------------
// Running the binary with a time limit.
// ---------------------------------------------------------------------------------------

struct Run {
    /// None when killed by a signal.
    status: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn no_panic(&self, what: &str) -> Result<(), String> {
        if self.status == Some(101) || self.stderr.contains("panicked") {
            return Err(format!("{what} panicked:\n{}", excerpt(&self.stderr)));
        }
        if self.status.is_none() {
            return Err(format!(
                "{what} was killed by a signal (stack overflow?):\n{}",
                excerpt(&self.stderr)
            ));
        }
        Ok(())
    }

    fn status_is(&self, want: i32, what: &str) -> Result<(), String> {
        if self.status == Some(want) {
            return Ok(());
        }
        Err(format!(
            "{what} exited with {:?}, expected {want}\nstderr:\n{}\nstdout:\n{}",
            self.status,
            excerpt(&self.stderr),
            excerpt(&self.stdout)
        ))
    }

    fn stderr_has(&self, what: &str, fragments: &[&str]) -> Result<(), String> {
        match fragments.iter().find(|f| !self.stderr.contains(**f)) {
            None => Ok(()),
            Some(f) => Err(format!(
                "{what}: stderr lacks {f:?}:\n{}",
                excerpt(&self.stderr)
            )),
        }
    }
}

/// Runs `trustdocs <args>` in `root`; kills it and fails when it outlives `limit`.
fn run(root: &Path, args: &[&str], limit: Duration) -> Result<Run, String> {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustdocs"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("TRUSTDOCS_NOW", "2025-07-01T03:00:00Z")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start trustdocs: {e}"))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            return Err(format!(
                "`trustdocs {}` hung: killed after {limit:?}\nstderr so far:\n{}",
                args.join(" "),
                excerpt(&stderr)
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Run {
        status: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    })
}

// ---------------------------------------------------------------------------------------
// Files.
// ---------------------------------------------------------------------------------------

fn write(root: &Path, rel: &str, text: &str) {
    write_bytes(root, rel, text.as_bytes());
}

fn write_bytes(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn append(root: &Path, rel: &str, bytes: &[u8]) {
    let mut all = std::fs::read(root.join(rel)).expect("read");
    all.extend_from_slice(bytes);
    write_bytes(root, rel, &all);
}

fn prepend(root: &Path, rel: &str, bytes: &[u8]) {
    let mut all = bytes.to_vec();
    all.extend(std::fs::read(root.join(rel)).expect("read"));
    write_bytes(root, rel, &all);
}

fn remove(root: &Path, rel: &str) {
    let path = root.join(rel);
    let removed = if path.is_dir() {
        std::fs::remove_dir_all(&path)
    } else {
        std::fs::remove_file(&path)
    };
    removed.unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target.as_ref(), link)
        .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Every file and folder under `dir` (folders end in `/`), with the bytes of files; links
/// are listed with their target, never followed.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                let target = std::fs::read_link(entry.path()).unwrap_or_default();
                out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
            } else if kind.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(&entry.path(), &format!("{rel}/"), out);
            } else if kind.is_file() {
                out.insert(rel, std::fs::read(entry.path()).unwrap_or_default());
            } else {
                out.insert(rel, b"(special file)".to_vec());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn same_tree(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    what: &str,
) -> Result<(), String> {
    if before == after {
        return Ok(());
    }
    let mut changes: Vec<String> = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => changes.push(format!("gone: {path}")),
            Some(now) if now != bytes => changes.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    changes.extend(
        after
            .keys()
            .filter(|p| !before.contains_key(*p))
            .map(|p| format!("new: {p}")),
    );
    changes.truncate(20);
    Err(format!("{what} differs:\n{}", changes.join("\n")))
}

/// No staging or old output folder is left beside `public/`.
fn no_leftovers(root: &Path) -> Result<(), String> {
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    if leftovers.is_empty() {
        Ok(())
    } else {
        Err(format!("left beside the output: {leftovers:?}"))
    }
}

fn excerpt(text: &str) -> &str {
    &text[..floor(text, text.len().min(3000))]
}

fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
