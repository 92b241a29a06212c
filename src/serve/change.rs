//! Sorting a changed file into what it touches, so `serve` redoes only that.

use std::path::{Component, Path, PathBuf};

use crate::load::config::CONFIG_FILE;
use crate::load::data::DATA_DIR;
use crate::load::is_ignored;
use crate::load::locales::LOCALES_DIR;
use crate::load::theme::THEMES_DIR;
use crate::model::content::CONTENT_DIR;

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
    /// The `data/` folder or a file in it (the trust data).
    Data,
    /// Editor swap and temporary files, the output folder, other themes, anything else.
    Ignored,
}

/// A batch of changes (one debounced burst of file events), by what they touch.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// `site.yaml` changed: everything is reloaded.
    pub config: bool,
    /// The trust data changed: the pages with shortcodes and its own outputs render again.
    pub data: bool,
    /// Files under `content/`, relative to the site root.
    pub content: Vec<PathBuf>,
    pub template: bool,
    pub locale: bool,
    /// Stylesheets, by output path (`static/style.css`): swapped without a reload.
    pub css: Vec<String>,
    /// Another static file: the open pages reload.
    pub other_static: bool,
}

impl Changes {
    pub fn sort(changes: &[ChangeKind]) -> Changes {
        let mut sorted = Changes::default();
        for change in changes {
            match change {
                ChangeKind::Config => sorted.config = true,
                ChangeKind::Data => sorted.data = true,
                ChangeKind::Content(path) => sorted.content.push(path.clone()),
                ChangeKind::Template => sorted.template = true,
                ChangeKind::Locale => sorted.locale = true,
                ChangeKind::Static(file) if file.ends_with(".css") => {
                    sorted.css.push(crate::model::urls::static_file(file));
                }
                ChangeKind::Static(_) => sorted.other_static = true,
                ChangeKind::Ignored => {}
            }
        }
        sorted
    }

    /// Nothing that a rebuild depends on changed.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
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
        [first, ..] if *first == DATA_DIR => ChangeKind::Data,
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
            ("/site/data/subprocessors.yaml", ChangeKind::Data),
            ("/site/data", ChangeKind::Data),
            ("/site/data/.subprocessors.yaml.swp", ChangeKind::Ignored),
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
