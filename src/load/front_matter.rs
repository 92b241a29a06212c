//! A page's YAML front matter: the keys a writer may set, parsed with serde-saphyr so that
//! errors point at the real line of the Markdown file.

use std::path::Path;

use crate::model::front_matter::FrontMatter;
use crate::report::error::{Error, FrontMatterProblem};

/// A Markdown source split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    pub front: FrontMatter,
    /// The end of the text, after the front matter (the text itself when it has none).
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Splits `text` (already decoded) into front matter and body and parses the front matter.
pub fn parse<'a>(text: &'a str, path: &Path) -> Result<Parsed<'a>, Error> {
    let Some(rest) = text.strip_prefix("---\n") else {
        // No front matter: parse an empty mapping so "missing title" is reported on line 1.
        let front = parse_yaml("{}", 1, path)?;
        return Ok(Parsed {
            front,
            body: text,
            body_line: 1,
        });
    };
    let close = find_closing_line(rest).ok_or_else(|| Error::FrontMatter {
        path: path.to_path_buf(),
        line: 1,
        problem: FrontMatterProblem::Unclosed,
    })?;
    let yaml = &rest[..close.start];
    let body = &rest[close.end..];
    let front = parse_yaml(if yaml.trim().is_empty() { "{}" } else { yaml }, 2, path)?;
    let body_line = 2 + yaml.matches('\n').count() + 1;
    Ok(Parsed {
        front,
        body,
        body_line,
    })
}

/// The byte range of the `---` line that closes the front matter, newline included.
fn find_closing_line(rest: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(start..start + line.len());
        }
        start += line.len();
    }
    None
}

fn parse_yaml(yaml: &str, first_line: usize, path: &Path) -> Result<FrontMatter, Error> {
    crate::load::yaml::from_str(yaml, first_line, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_line_counts_front_matter() {
        let parsed = parse("---\ntitle: A\n---\n# Hi\n", Path::new("a.ja.md")).unwrap();
        assert_eq!(parsed.front.title, "A");
        assert_eq!(parsed.body, "# Hi\n");
        assert_eq!(parsed.body_line, 4);
    }

    #[test]
    fn yaml_error_points_at_file_line() {
        let err = parse("---\ntitle: A\ndate: [\n---\n", Path::new("a.ja.md")).unwrap_err();
        match err {
            Error::Yaml { line, .. } => assert!((3..=4).contains(&line), "line {line}"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn unknown_key_is_an_error_on_its_line() {
        let err = parse("---\ntitle: A\ntitel: B\n---\n", Path::new("a.ja.md")).unwrap_err();
        match err {
            Error::Yaml { line, message, .. } => {
                assert_eq!(line, 3);
                assert!(message.contains("titel"), "{message}");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let err = parse("---\ntitle: A\n", Path::new("a.ja.md")).unwrap_err();
        assert!(matches!(
            err,
            Error::FrontMatter {
                problem: FrontMatterProblem::Unclosed,
                ..
            }
        ));
    }
}
