//! Running the real `trustdocs` binary: a command to adjust (environment, clock, time
//! limit) and the outcome of one run, with assertions on what a writer or CI would see:
//! the exit status, the `error:` lines, and never a panic.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The repository: its `themes/`, `locales/` and example site are copied from here.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary cargo built for these tests.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_trustdocs")
}

/// `trustdocs <args>` about to run in a folder; `run` runs it.
///
/// `NO_COLOR=1` is set, as a CI log would have it (the output is piped, so no colour is
/// expected either way; this also keeps a developer's `FORCE_COLOR`-style settings out).
/// The clock is the machine's unless `now` fixes it.
pub struct Cmd {
    command: Command,
    shown: String,
    limit: Option<Duration>,
}

impl Cmd {
    pub fn new(dir: &Path, args: &[&str]) -> Cmd {
        let mut command = Command::new(binary());
        command.args(args).current_dir(dir).env("NO_COLOR", "1");
        Cmd {
            command,
            shown: format!("trustdocs {}", args.join(" ")),
            limit: None,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Cmd {
        self.shown
            .push_str(&format!(" {}", arg.as_ref().to_string_lossy()));
        self.command.arg(arg);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Cmd {
        self.command.env_remove(key);
        self
    }

    /// Fixes the clock: `TRUSTDOCS_NOW`, an RFC 3339 instant such as `2025-07-01T03:00:00Z`.
    pub fn now(self, instant: &str) -> Cmd {
        self.env("TRUSTDOCS_NOW", instant)
    }

    /// Kills the run after `limit` and fails as a hang (for inputs that could make it loop).
    pub fn time_limit(mut self, limit: Duration) -> Cmd {
        self.limit = Some(limit);
        self
    }

    pub fn run(mut self) -> Run {
        let started = Instant::now();
        let mut child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `{}`: {e}", self.shown));
        // Both pipes are drained at once, so a run that fills one cannot block on it.
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
            let Some(limit) = self.limit else {
                match child.wait() {
                    Ok(status) => break status,
                    Err(e) => panic!("waiting for `{}`: {e}", self.shown),
                }
            };
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {}
                Err(e) => panic!("waiting for `{}`: {e}", self.shown),
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                let stderr = stderr.join().unwrap_or_default();
                panic!(
                    "`{}` hung: killed after {limit:?}\nstderr so far:\n{}",
                    self.shown,
                    excerpt(&stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Run {
            command: self.shown,
            status,
            stdout: stdout.join().unwrap_or_default(),
            stderr: stderr.join().unwrap_or_default(),
            elapsed: started.elapsed(),
        }
    }
}

fn drain(pipe: Option<Box<dyn Read + Send>>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// The command line, as shown in failure messages.
    pub command: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Runs an arbitrary command (`script(1)` wrapping trustdocs, say) to completion.
    pub fn of(command: &mut Command) -> Run {
        let started = Instant::now();
        let output = command
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run {command:?}: {e}"));
        Run {
            command: format!("{command:?}"),
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            elapsed: started.elapsed(),
        }
    }

    /// Asserts exit status 0.
    pub fn success(&self) -> &Self {
        self.no_panic();
        assert!(
            self.status.success(),
            "`{}`: expected success, got {}\nstderr:\n{}\nstdout:\n{}",
            self.command,
            self.status,
            excerpt(&self.stderr),
            excerpt(&self.stdout)
        );
        self
    }

    /// Asserts a clean failure: exit status 1 (not a panic's 101), no panic message.
    pub fn failure(&self) -> &Self {
        self.no_panic();
        assert_eq!(
            self.status.code(),
            Some(1),
            "`{}`: expected exit status 1, got {}\nstderr:\n{}\nstdout:\n{}",
            self.command,
            self.status,
            excerpt(&self.stderr),
            excerpt(&self.stdout)
        );
        self
    }

    /// Asserts no panic: no exit status 101, no panic message, no death by a signal (a
    /// stack overflow aborts with SIGABRT, or SIGSEGV).
    pub fn no_panic(&self) -> &Self {
        assert!(
            self.status.code() != Some(101)
                && !self.stderr.contains("panicked")
                && !self.stderr.contains("RUST_BACKTRACE"),
            "`{}` panicked:\n{}",
            self.command,
            excerpt(&self.stderr)
        );
        assert!(
            self.status.code().is_some(),
            "`{}` was killed by a signal (stack overflow?): {}\nstderr:\n{}",
            self.command,
            self.status,
            excerpt(&self.stderr)
        );
        self
    }

    pub fn stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "`{}`: stderr should contain {needle:?}; it is:\n{}",
            self.command,
            excerpt(&self.stderr)
        );
        self
    }

    pub fn stderr_not_contains(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "`{}`: stderr should not contain {needle:?}; it is:\n{}",
            self.command,
            excerpt(&self.stderr)
        );
        self
    }

    /// Asserts that some `error:` line of stderr contains every one of `parts`: the file,
    /// the line and the gist of the message belong to the same error.
    pub fn error_line_with(&self, parts: &[&str]) -> &Self {
        let found = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .any(|l| parts.iter().all(|p| l.contains(p)));
        assert!(
            found,
            "`{}`: no `error:` line contains all of {parts:?}; stderr is:\n{}",
            self.command,
            excerpt(&self.stderr)
        );
        self
    }
}

/// The start of a long text, for failure messages (a hostile input can make megabytes).
pub fn excerpt(text: &str) -> &str {
    &text[..floor_char_boundary(text, text.len().min(6000))]
}

pub fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
