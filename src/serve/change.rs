//! Sorting a changed file into what it touches, so `serve` redoes only that.

use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::corpus::{CONTENT_DIR, is_ignored};
use crate::locale::LOCALES_DIR;
use crate::theme::THEMES_DIR;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A file under `content/`: a page, an asset, a history or a frozen copy.
    Content(PathBuf),
    /// A template of the site's theme.
    Template,
    /// A Fluent file.
    Locale,
    /// A file under the theme's `static/`, by its path there (`style.css`).
    Static(String),
    /// `site.yaml` (or `search.yaml`, the search's variant groups): everything may change.
    Config,
    /// Editor swap and temporary files, the output folder, other themes, anything else.
    Ignored,
}

/// Sorts `path` (absolute, or relative to `root`) for a site using theme `theme`.
pub fn classify(root: &Path, path: &Path, theme: &str) -> ChangeKind {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => p.to_str(),
            _ => None,
        })
        .collect();
    if parts.is_empty() || parts.iter().any(|p| is_ignored(p)) {
        return ChangeKind::Ignored;
    }
    match parts.as_slice() {
        [CONFIG_FILE] | [crate::search::VARIANTS_FILE] => ChangeKind::Config,
        [first, ..] if *first == CONTENT_DIR && parts.len() > 1 => {
            ChangeKind::Content(parts.iter().collect())
        }
        [first, name, "templates", ..] if *first == THEMES_DIR && *name == theme => {
            ChangeKind::Template
        }
        [first, name, "static", rest @ ..]
            if *first == THEMES_DIR && *name == theme && !rest.is_empty() =>
        {
            ChangeKind::Static(rest.join("/"))
        }
        [first, _, ..] if *first == LOCALES_DIR && rel.extension().is_some_and(|e| e == "ftl") => {
            ChangeKind::Locale
        }
        _ => ChangeKind::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_what_they_touch() {
        let root = Path::new("/site");
        let table: &[(&str, ChangeKind)] = &[
            ("/site/site.yaml", ChangeKind::Config),
            ("/site/search.yaml", ChangeKind::Config),
            (
                "/site/content/guide/index.ja.md",
                ChangeKind::Content("content/guide/index.ja.md".into()),
            ),
            (
                "/site/content/guide/history.yaml",
                ChangeKind::Content("content/guide/history.yaml".into()),
            ),
            ("/site/content/guide/.index.ja.md.swp", ChangeKind::Ignored),
            ("/site/content/guide/index.ja.md~", ChangeKind::Ignored),
            ("/site/content/guide/4913", ChangeKind::Ignored),
            (
                "/site/themes/default/templates/base.html",
                ChangeKind::Template,
            ),
            (
                "/site/themes/default/templates/partials/toc.html",
                ChangeKind::Template,
            ),
            (
                "/site/themes/other/templates/base.html",
                ChangeKind::Ignored,
            ),
            (
                "/site/themes/default/static/style.css",
                ChangeKind::Static("style.css".into()),
            ),
            ("/site/locales/ja/main.ftl", ChangeKind::Locale),
            ("/site/locales/ja/notes.txt", ChangeKind::Ignored),
            ("/site/public/ja/index.html", ChangeKind::Ignored),
            ("/site/target/debug/x", ChangeKind::Ignored),
            ("/site", ChangeKind::Ignored),
        ];
        for (path, expected) in table {
            assert_eq!(
                &classify(root, Path::new(path), "default"),
                expected,
                "{path}"
            );
        }
    }
}
