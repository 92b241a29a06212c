//! Diagnostics as GitHub Actions workflow commands (`check --format github`): each problem
//! becomes an annotation on its file and line in the pull request,
//! `::error file=…,line=…,col=…,title=<code>::<message>`, warnings likewise.

use crate::report::{Diagnostic, Severity};

/// The workflow command of `diagnostic`, whose file is `file` as the repository names it
/// (relative to the checkout, where the workflow runs).
pub fn github(diagnostic: &Diagnostic, file: &str) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![format!("file={}", property(file))];
    if let Some(line) = diagnostic.line {
        properties.push(format!("line={line}"));
        if let Some(column) = diagnostic.column {
            properties.push(format!("col={column}"));
        }
    }
    properties.push(format!("title={}", property(diagnostic.code.as_str())));
    format!(
        "::{command} {}::{}",
        properties.join(","),
        data(&diagnostic.message)
    )
}

/// A message, escaped as the runner unescapes it (`%`, line ends).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: a message's escapes, and `:` and `,`, which end a property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;
    use std::path::Path;

    #[test]
    fn annotations_escape_what_the_runner_would_read_as_syntax() {
        let mut d = Diagnostic::error(
            Path::new("content/a,b/index.ja.md"),
            Some(7),
            Code::BrokenAnchor,
            "`#x` is not a heading id: 100% sure\nreally",
        );
        assert_eq!(
            github(&d, "docs/content/a,b/index.ja.md"),
            "::error file=docs/content/a%2Cb/index.ja.md,line=7,title=broken-anchor::`#x` is not a heading id: 100%25 sure%0Areally"
        );
        d.column = Some(3);
        d.severity = Severity::Warning;
        d.line = Some(2);
        assert!(
            github(&d, "x.md")
                .starts_with("::warning file=x.md,line=2,col=3,title=broken-anchor::")
        );
        d.line = None;
        assert!(github(&d, "x.md").starts_with("::warning file=x.md,title=broken-anchor::"));
    }
}
