//! The site's list of external links `check --external` leaves alone: `.trustdocs-skip-links`
//! beside `site.yaml`, one URL pattern a line. `#` starts a comment line. A pattern is
//! matched against the link as written (its `#anchor` included); `*` stands for any run of
//! characters, and a pattern matches any link that starts with it, so
//! `https://intranet.example/` skips everything on that host and
//! `https://github.com/*#L*` skips line anchors of GitHub files.

use std::path::{Path, PathBuf};

use crate::load::text_file::read_text;
use crate::report::error::Error;

/// The name of the skip file, at the site root.
pub const SKIP_FILE: &str = ".trustdocs-skip-links";

/// The patterns of the skip file.
#[derive(Debug, Default)]
pub struct Skip {
    patterns: Vec<String>,
}

impl Skip {
    /// Reads `<root>/.trustdocs-skip-links`; none is no pattern.
    pub fn load(root: &Path) -> Result<Skip, Error> {
        let path = root.join(SKIP_FILE);
        if !path.exists() {
            return Ok(Skip::default());
        }
        let text = read_text(&path, &PathBuf::from(SKIP_FILE))?;
        Ok(Skip::parse(&text))
    }

    pub fn parse(text: &str) -> Skip {
        let patterns = text
            .lines()
            .map(|l| l.trim().trim_start_matches('\u{feff}'))
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        Skip { patterns }
    }

    /// Whether the link written `url` is to be left alone.
    pub fn skips(&self, url: &str) -> bool {
        self.patterns.iter().any(|p| starts_with_pattern(url, p))
    }
}

/// Whether `text` starts with something `pattern` matches, `*` matching any run of
/// characters.
fn starts_with_pattern(text: &str, pattern: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for piece in pieces {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_from_the_start_with_stars() {
        let skip = Skip::parse(
            "# links we cannot check\nhttps://intranet.example/\n\n  https://github.com/*#L*  \n",
        );
        assert!(skip.skips("https://intranet.example/a/b"));
        assert!(!skip.skips("http://intranet.example/a"));
        assert!(skip.skips("https://github.com/org/repo/blob/main/a.rs#L10"));
        assert!(!skip.skips("https://github.com/org/repo#readme"));
        assert!(!skip.skips("https://example.com/?u=https://intranet.example/"));
        assert!(!Skip::parse("# only a comment\n").skips("https://a.example/"));
    }
}
