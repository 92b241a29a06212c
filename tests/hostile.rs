//! The hostile-input corpus: broken, malicious and merely unusual sites, each run through the
//! real `trustdocs build` and `trustdocs check --format json` with a time limit.
//!
//! Every case starts from a small good site (plus the repository's `themes/` and
//! `locales/`), builds it, applies one breakage and builds again. It then asserts what a
//! writer or CI would notice: the exit status, an error naming the file (and line) in both
//! the build's stderr and the JSON diagnostics, no panic, no hang, and — when the build
//! fails — the previous `public/` left byte for byte. A breakage of a working copy that
//! `build` does not publish must pass `build` and fail `check`. Inputs too large to commit (a 50 MB
//! page, 10k headings) are generated at test time.
//!
//! The cases are a table in `tests/hostile/cases.rs`: adding one is one entry there, and
//! each entry is its own `#[test]`, named after it, so a failure names its case and the
//! usual filter picks cases: `cargo test --test hostile alias_bomb -- --nocapture` runs the
//! cases whose name contains `alias_bomb` and prints each one's timings. The test harness
//! runs them one per core, as many at a time as before (two on two cores).
//! `HOSTILE_LIMIT_SECS=300` raises the time limit, to measure a case that exceeds it.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::run::floor_char_boundary;
use support::{Run, Site, assert_same_tree, excerpt, tree};

/// One `#[test]` per entry `name: case,` of the table, and `COUNT`, the number of entries.
macro_rules! hostile_cases {
    ($($name:ident: $case:expr),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                crate::run_case(stringify!($name), $case);
            }
        )*

        /// How many cases the corpus has.
        pub const COUNT: usize = [$(stringify!($name)),*].len();
    };
}

#[path = "hostile/cases.rs"]
mod cases;

use cases::write_base;

/// Each run of the binary is killed after this and the case fails as a hang.
const LIMIT: Duration = Duration::from_secs(20);

/// The clock of every run: the corpus's histories and dates are valid on this day.
const NOW: &str = "2025-07-01T03:00:00Z";

// ---------------------------------------------------------------------------------------
// The runner.
// ---------------------------------------------------------------------------------------

// The corpus is not allowed to shrink unnoticed: fewer than 40 cases do not compile.
const _: () = assert!(
    cases::COUNT >= 40,
    "the hostile corpus has fewer than 40 cases"
);

/// The time limit of each run of a case: `HOSTILE_LIMIT_SECS` when set (to measure a case
/// that does not finish in time), else the case's own or `LIMIT`.
fn limit(case: &Case) -> Duration {
    std::env::var("HOSTILE_LIMIT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .or(case.limit)
        .unwrap_or(LIMIT)
}

/// Runs one case; panics with what went wrong. Prints the timings of its runs (shown with
/// `--nocapture`).
fn run_case(name: &str, case: Case) {
    let started = Instant::now();
    let site = Site::empty();
    write_base(&site);
    let good = site
        .cmd(&["build", "--root", "."])
        .now(NOW)
        .time_limit(LIMIT)
        .run();
    assert!(
        good.status.success(),
        "the good base site does not build:\n{}",
        excerpt(&good.stderr)
    );
    let public_before = tree(&site.public());
    let site_before = tree(site.root());
    (case.setup)(&site);
    let limit = limit(&case);
    let run = |args: &[&str]| site.cmd(args).now(NOW).time_limit(limit).run();

    let mut args = vec!["build", "--root", "."];
    args.extend_from_slice(case.args);
    let build = run(&args);
    build.no_panic();
    let mut timings = format!("build {:.2?}", build.elapsed);
    match &case.expect {
        Expect::Refused(fragment) => {
            build.failure().stderr_contains(fragment);
            assert_same_tree(
                &site_before,
                &tree(site.root()),
                "the whole site after a refused build",
            );
        }
        Expect::Fails(problems) => {
            build.failure();
            for problem in problems {
                problem.in_build(&build);
            }
            assert_same_tree(
                &public_before,
                &tree(&site.public()),
                "public/ after a failed build",
            );
            site.check_no_leftovers();
        }
        Expect::Works { output, .. } => {
            build.success();
            for check in output {
                check.holds(&site.public());
            }
        }
        Expect::CheckFails(_) => {
            build.success();
        }
    }

    if !matches!(case.expect, Expect::Refused(_)) {
        let check = run(&["check", "--root", ".", "--format", "json"]);
        check.no_panic();
        timings.push_str(&format!(", check {:.2?}", check.elapsed));
        let diagnostics = diagnostics(&check.stdout);
        match &case.expect {
            Expect::Fails(problems) => {
                check.failure();
                for problem in problems {
                    problem.in_check(&diagnostics);
                }
            }
            Expect::Works { warnings, .. } => {
                check.success();
                for problem in warnings {
                    problem.in_check(&diagnostics);
                }
            }
            Expect::CheckFails(problems) => {
                check.failure();
                for problem in problems {
                    problem.in_check(&diagnostics);
                }
                // What `build` publishes is sound: `check --published` says so too.
                let published = run(&["check", "--root", ".", "--published"]);
                published.no_panic();
                published.success();
            }
            Expect::Refused(_) => {}
        }
        for fragment in case.absent {
            if let Some(line) = check.stdout.lines().find(|l| l.contains(fragment)) {
                panic!("check reports {fragment:?}, a consequence of the real problem:\n{line}");
            }
        }
    }
    for fragment in case.absent {
        if let Some(line) = build.stderr.lines().find(|l| l.contains(fragment)) {
            panic!("build reports {fragment:?}, a consequence of the real problem:\n{line}");
        }
    }
    eprintln!("{:>7.2?}  ok    {timings}  {name}", started.elapsed());
}

// ---------------------------------------------------------------------------------------
// What a case is and expects.
// ---------------------------------------------------------------------------------------

struct Case {
    /// Spoils the good site.
    setup: fn(&Site),
    /// Arguments given to `build` after `--root .`.
    args: &'static [&'static str],
    expect: Expect,
    /// Messages that must appear neither in `build` nor in `check`: errors that are only
    /// a consequence of the real one.
    absent: &'static [&'static str],
    /// A time limit of its own, for a case that is big by design (a run still killed after
    /// it fails as a hang).
    limit: Option<Duration>,
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
    /// `build` works (what it publishes is sound) but `check` exits 1 and reports every one
    /// of these: a problem in a working copy that the next release would publish.
    CheckFails(Vec<Problem>),
}

impl Case {
    fn new(setup: fn(&Site)) -> Case {
        Case {
            setup,
            args: &[],
            expect: Expect::Works {
                output: Vec::new(),
                warnings: Vec::new(),
            },
            absent: &[],
            limit: None,
        }
    }

    /// Gives the case a time limit of its own instead of `LIMIT`.
    fn limit(mut self, limit: Duration) -> Case {
        self.limit = Some(limit);
        self
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

    fn check_fails(mut self, problems: impl IntoIterator<Item = Problem>) -> Case {
        self.expect = Expect::CheckFails(problems.into_iter().collect());
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
    fn in_build(&self, run: &Run) {
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
        assert!(
            found,
            "build: no `error:` line for {self:?}; stderr:\n{}",
            excerpt(&run.stderr)
        );
    }

    /// A diagnostic of `check --format json`.
    fn in_check(&self, diagnostics: &[Diagnostic]) {
        let found = diagnostics.iter().any(|d| {
            d.file == self.file
                && self.line.accepts(d.line)
                && d.severity == self.severity
                && (self.code.is_empty() || d.code == self.code)
                && d.message.contains(self.message)
        });
        if !found {
            let shown: Vec<String> = diagnostics.iter().map(|d| format!("{d:?}")).collect();
            panic!(
                "check --format json: no diagnostic for {self:?}; it reported:\n{}",
                excerpt(&shown.join("\n"))
            );
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
    fn holds(&self, public: &Path) {
        // A page as a reader sees its text: without the `<wbr>`s of phrase breaks.
        let read = |file: &str| {
            std::fs::read(public.join(file))
                .map(|b| String::from_utf8_lossy(&b).replace("<wbr>", ""))
                .unwrap_or_else(|e| panic!("output file {file}: {e}"))
        };
        match self {
            Out::Contains(file, needle) => {
                let text = read(file);
                assert!(
                    text.contains(needle),
                    "{file} should contain {needle:?}:\n{}",
                    excerpt(&text)
                );
            }
            Out::Lacks(file, needle) => {
                let text = read(file);
                if let Some(at) = text.find(needle) {
                    let from = floor_char_boundary(&text, at.saturating_sub(200));
                    panic!(
                        "{file} should not contain {needle:?}: …{}…",
                        excerpt(&text[from..])
                    );
                }
            }
            Out::NoFileAnywhere(fragment) => {
                if let Some(name) = tree(public).keys().find(|p| p.contains(fragment)) {
                    panic!("the output has {name}");
                }
            }
            Out::NoBytesAnywhere(fragment) => {
                // Text files only: the search index's binary shards hold any byte.
                for (name, bytes) in tree(public)
                    .into_iter()
                    .filter(|(n, _)| !n.ends_with(".bin"))
                {
                    assert!(
                        !bytes
                            .windows(fragment.len())
                            .any(|w| w == fragment.as_bytes()),
                        "output file {name} contains {fragment:?}"
                    );
                }
            }
        }
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

fn diagnostics(stdout: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for text in stdout.lines() {
        let value: Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("check printed non-JSON {text:?}: {e}"));
        let object = value
            .as_object()
            .unwrap_or_else(|| panic!("not a JSON object: {text}"));
        let string = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| panic!("`{key}` is missing or not a string in {text}"))
        };
        let number = |key: &str| match object.get(key) {
            Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .unwrap_or_else(|| panic!("`{key}` is not a number or null in {text}"))
                    as usize,
            ),
            None => panic!("`{key}` is missing in {text}"),
        };
        number("column");
        let severity = string("severity");
        assert!(
            severity == "error" || severity == "warning",
            "severity {severity:?} in {text}"
        );
        found.push(Diagnostic {
            file: string("file"),
            line: number("line"),
            severity,
            code: string("code"),
            message: string("message"),
        });
    }
    found
}
