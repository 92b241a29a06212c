//! A problem `check` (or a build) reports: file, line, column, severity, a short stable
//! code and a message. Shown compiler style with the offending source line, or as JSON
//! Lines for CI annotations.

use std::path::Path;

use serde::Serialize;

use crate::report::code::Code;
use crate::report::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem. Field names are stable: CI reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        file: &Path,
        line: Option<usize>,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.display().to_string(),
            line,
            column: None,
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }

    pub fn warning(
        file: &Path,
        line: Option<usize>,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, code, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: error[code]: message`, then the source line when it can be read.
    pub fn render(&self, root: &Path) -> String {
        let source = self
            .line
            .and_then(|line| source_line(&root.join(&self.file), line));
        self.render_with(source.as_deref())
    }

    /// Like `render`, given the offending source line.
    pub fn render_with(&self, source: Option<&str>) -> String {
        let mut location = self.file.clone();
        if let Some(line) = self.line {
            location.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                location.push_str(&format!(":{column}"));
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut text = format!("{location}: {severity}[{}]: {}", self.code, self.message);
        if let Some(line) = self.line
            && let Some(source) = source
        {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            text.push_str(&format!("\n{pad} |\n{line} | {source}\n{pad} |"));
            if let Some(column) = self.column {
                let before: String = source.chars().take(column.saturating_sub(1)).collect();
                let spaces: String = before
                    .chars()
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                text.push_str(&format!(" {spaces}^"));
            }
        }
        text
    }

    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A line of a text file (1-based), without its line end; none for binary or huge lines.
fn source_line(path: &Path, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    pick_line(&text, line)
}

fn pick_line(text: &str, line: usize) -> Option<String> {
    let found = text.lines().nth(line.checked_sub(1)?)?;
    (found.len() <= 400).then(|| found.trim_end_matches('\r').to_string())
}

/// Renders many diagnostics, reading each file once (a page with ten thousand problems
/// is read once, not ten thousand times).
pub fn render_all(diagnostics: &[Diagnostic], root: &Path) -> Vec<String> {
    let mut files: std::collections::HashMap<&str, Option<Vec<String>>> =
        std::collections::HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let lines = files.entry(d.file.as_str()).or_insert_with(|| {
                let bytes = std::fs::read(root.join(&d.file)).ok()?;
                Some(
                    String::from_utf8_lossy(&bytes)
                        .lines()
                        .map(str::to_string)
                        .collect(),
                )
            });
            let source = d.line.and_then(|line| {
                let text = lines.as_ref()?.get(line.checked_sub(1)?)?;
                pick_line(text, 1)
            });
            d.render_with(source.as_deref())
        })
        .collect()
}

impl From<&Error> for Diagnostic {
    fn from(error: &Error) -> Diagnostic {
        Diagnostic {
            file: error.path().display().to_string(),
            line: error.line(),
            column: error.column(),
            severity: Severity::Error,
            code: error.code(),
            message: error.message(),
        }
    }
}

/// `file:line:column: message`, as an error of a stage reads (what `build` prints).
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Sorts by file, then line, then column; errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &'_ Diagnostic| {
            (
                d.file.clone(),
                d.line,
                d.column,
                d.severity,
                d.code.as_str(),
                d.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}
