//! `search.yaml` at the site root, as written: groups of spellings that search treats as
//! one word (表記ゆれ), each spelling with its line. Optional; read with the rest of the
//! site, its YAML syntax, types and unknown keys reported at their line. What the
//! spellings mean for a query, and whether each group makes sense, is `search::variants`.
//!
//! ```yaml
//! variants:
//!   - [情報漏洩, 情報漏えい]
//!   - [問合せ, 問い合わせ, お問い合わせ]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::load::text_file::read_text;
use crate::report::error::Error;

/// The file, at the site root.
pub const SEARCH_FILE: &str = "search.yaml";

/// The file as written. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default)]
    variants: Vec<Spanned<Vec<Spanned<String>>>>,
}

/// The groups of spellings, in the file's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFile {
    /// The file as the site root holds it (for messages).
    pub path: PathBuf,
    pub groups: Vec<Group>,
}

/// One group: the line it starts on, and each spelling with its own line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub line: usize,
    pub spellings: Vec<(String, usize)>,
}

/// Reads `<root>/search.yaml`; no groups when there is no such file.
pub fn load(root: &Path) -> Result<SearchFile, Error> {
    let shown = PathBuf::from(SEARCH_FILE);
    let abs = root.join(SEARCH_FILE);
    if let Err(e) = std::fs::symlink_metadata(&abs)
        && e.kind() == std::io::ErrorKind::NotFound
    {
        return Ok(SearchFile {
            path: shown,
            groups: Vec::new(),
        });
    }
    let text = read_text(&abs, &shown)?;
    parse(&text, &shown)
}

/// Parses the file's text.
pub fn parse(text: &str, shown: &Path) -> Result<SearchFile, Error> {
    let written: Written = crate::load::yaml::from_str(text, 1, shown)?;
    let groups = written
        .variants
        .into_iter()
        .map(|group| Group {
            line: (group.referenced.line() as usize).max(1),
            spellings: group
                .value
                .into_iter()
                .map(|s| (s.value, (s.referenced.line() as usize).max(1)))
                .collect(),
        })
        .collect();
    Ok(SearchFile {
        path: shown.to_path_buf(),
        groups,
    })
}
