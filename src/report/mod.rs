//! Problems and how they are reported. A stage returns the errors it finds (`Error`, each
//! naming its file and line); the checks return diagnostics. A run turns the former into
//! the latter once and gathers all of them in a `Report`, which decides the outcome: `check`
//! prints it, `build` fails on its errors, `serve` shows them in the browser.

pub mod annotation;
pub mod code;
pub mod diagnostic;
pub mod error;
pub mod suggest;

pub use code::Code;
pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;

/// Every problem a run found, errors and warnings, sorted by file and line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report of one error (a run that stopped at once).
    pub fn of(error: &Error) -> Report {
        let mut report = Report::default();
        report.add_errors(std::slice::from_ref(error));
        report
    }

    /// Adds the errors a stage returned.
    pub fn add_errors(&mut self, errors: &[Error]) {
        self.diagnostics.extend(errors.iter().map(Diagnostic::from));
        self.settle();
    }

    /// Adds what the checks found.
    pub fn add(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics.extend(diagnostics);
        self.settle();
    }

    /// Lets `change` edit or drop diagnostics (a check that sees all of them at once).
    pub fn rework(&mut self, change: impl FnOnce(&mut Vec<Diagnostic>)) {
        change(&mut self.diagnostics);
        self.settle();
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Every diagnostic, in file and line order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// The report without its warnings (what a failed build shows).
    pub fn only_errors(mut self) -> Report {
        self.diagnostics.retain(Diagnostic::is_error);
        self
    }

    /// Sorted by file, line and column, each problem once.
    fn settle(&mut self) {
        diagnostic::sort(&mut self.diagnostics);
        self.diagnostics.dedup();
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}
