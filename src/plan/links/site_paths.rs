//! Site paths: links written from the site's root (`/ja/notices/#x`, `/static/logo.svg`,
//! `/manuals/mg/images/a.png`), resolved against the URLs the build makes under the path
//! of `base_url`. The link is kept as written; what it names is found here: a page (current
//! or archived, whose `#anchor` the checks then verify like any other), an asset of
//! `content/`, or another output file (a feed, a print or "what changed" page, a theme's
//! static file), which the checks look for among what the build makes.

use super::{LinkTable, PageRef, Resolved, Unresolved, normalize, percent_decode, split_suffix};
use crate::model::content::{INDEX, RELEASES_DIR, join};
use crate::model::language::Language;
use crate::model::version::Version;

impl LinkTable {
    /// Resolves `dest`, a path from the site's root (starting with one `/`).
    pub(super) fn resolve_site_path(&self, dest: &str) -> Result<Option<Resolved>, Unresolved> {
        let (path, _, fragment) = split_suffix(dest);
        let decoded = percent_decode(path);
        let under_base = self.under_base(&decoded).ok_or(
            "it is a site path outside the site: the site is served under base_url's path, so write that path first (or link relative to the page)",
        )?;
        // A folder's address, written `…/`, `…/index.html` or without the slash.
        let as_folder = under_base.ends_with('/') || under_base.is_empty();
        let rel = normalize("", under_base).ok_or("it leads outside the site")?;
        let rel = match rel.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => {
                folder.trim_end_matches('/').to_string()
            }
            _ => rel,
        };
        let resolved = |page: Option<PageRef>, file: Option<String>, asset: Option<String>| {
            Ok(Some(Resolved {
                url: dest.to_string(),
                page,
                fragment: fragment.clone(),
                file,
                asset,
            }))
        };
        let mut segments = rel.split('/').filter(|s| !s.is_empty());
        let first = segments.next().unwrap_or_default();
        if let Some(language) = self.languages.iter().find(|l| l.code() == first) {
            let under: Vec<&str> = segments.collect();
            if let Some(page) = self.page_at(language, &under) {
                return resolved(Some(page), None, None);
            }
        } else if !as_folder && self.assets.contains(&rel) {
            // A file of a document: a frozen copy's link goes to the file as it froze it.
            return resolved(None, None, Some(rel));
        }
        // Not a page: the file it names, for the checks (`ja/feed.xml`, `static/a.css`,
        // `ja/guide/v1.0/diff/index.html`).
        let file = if as_folder || rel.is_empty() {
            join(&rel, "index.html")
        } else {
            rel
        };
        resolved(None, Some(file), None)
    }

    /// The site path `decoded` (a path without `?query#fragment`) under `base_url`'s path,
    /// as a path from the output folder's root; none when it is outside.
    fn under_base<'d>(&self, decoded: &'d str) -> Option<&'d str> {
        decoded
            .strip_prefix(self.urls.base_path())
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The file of `content/` a site path names, if it names one (`/manuals/mg/images/a.png`
    /// gives `manuals/mg/images/a.png`), whether or not today's folder has it: where a
    /// frozen copy's link to its own file is looked up among what its release froze.
    pub(in crate::plan) fn site_path_target(&self, path: &str) -> Option<String> {
        let decoded = percent_decode(path);
        let rel = normalize("", self.under_base(&decoded)?)?;
        let first = rel.split('/').next().unwrap_or_default();
        let is_language = self.languages.iter().any(|l| l.code() == first);
        (!is_language && !rel.is_empty() && !rel.ends_with('/')).then_some(rel)
    }

    /// The page at `segments` under `/<language>/`: a page of the working copy at its own
    /// address (`guide/`, `manuals/mg/01-setup/`) or of a frozen copy at its archived one
    /// (`guide/v4.4/`, `manuals/mg/v1.0/01-setup/`).
    fn page_at(&self, language: &Language, segments: &[&str]) -> Option<PageRef> {
        let current = |key: &str| {
            self.pages
                .get(key)
                .filter(|t| t.version.is_none() && t.key == key)
        };
        let all = segments.join("/");
        let found = current(&join(&all, INDEX)).or_else(|| {
            let stem = segments.last()?;
            (*stem != INDEX).then(|| current(&all)).flatten()
        });
        if let Some(target) = found {
            return Some(PageRef {
                key: target.key.clone(),
                language: language.clone(),
                version: None,
            });
        }
        // `<document>/v<version>/` or `<document>/v<version>/<chapter>/`.
        let (at, version) = segments
            .iter()
            .enumerate()
            .rev()
            .take(2)
            .find_map(|(i, s)| Some((i, s.strip_prefix('v')?.parse::<Version>().ok()?)))?;
        let frozen = join(
            &join(&segments[..at].join("/"), RELEASES_DIR),
            &version.to_string(),
        );
        let key = match &segments[at + 1..] {
            [] => join(&frozen, INDEX),
            [stem] if *stem != INDEX => join(&frozen, stem),
            _ => return None,
        };
        let target = self.pages.get(&key)?;
        Some(PageRef {
            key: target.key.clone(),
            language: language.clone(),
            version: target.version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::table;
    use super::*;

    fn site_path(dest: &str) -> Result<Option<Resolved>, Unresolved> {
        let ja = Language::parse("ja").unwrap();
        table().resolve_link("guide", dest, &ja)
    }

    fn page(dest: &str) -> (String, String, Option<String>) {
        let resolved = site_path(dest).unwrap().unwrap();
        assert_eq!(resolved.url, dest, "a site path is kept as written");
        let page = resolved.page.unwrap_or_else(|| panic!("{dest}: no page"));
        (
            page.key,
            page.language.to_string(),
            page.version.map(|v| v.to_string()),
        )
    }

    #[test]
    fn site_paths_find_pages_under_the_base_path() {
        assert_eq!(page("/sub/ja/"), ("index".into(), "ja".into(), None));
        assert_eq!(
            page("/sub/en/guide/#intro"),
            ("guide/index".into(), "en".into(), None)
        );
        assert_eq!(
            page("/sub/ja/manuals/mg/01-setup"),
            ("manuals/mg/01-setup".into(), "ja".into(), None)
        );
        assert_eq!(
            page("/sub/ja/manuals/mg/01-setup/index.html"),
            ("manuals/mg/01-setup".into(), "ja".into(), None)
        );
        assert_eq!(
            page("/sub/ja/guide/v1.0/"),
            ("guide/index".into(), "ja".into(), Some("1.0".into()))
        );
        assert_eq!(
            page("/sub/ja/manuals/mg/v1.0/01-setup/"),
            (
                "manuals/mg/01-setup".into(),
                "ja".into(),
                Some("1.0".into())
            )
        );
        let fragment = site_path("/sub/ja/guide/#a%20b").unwrap().unwrap().fragment;
        assert_eq!(fragment.as_deref(), Some("a b"));
    }

    #[test]
    fn site_paths_to_files_are_left_to_the_checks() {
        let file = |dest: &str| site_path(dest).unwrap().unwrap().file;
        assert_eq!(file("/sub/manuals/mg/images/a%20b.png"), None, "an asset");
        assert_eq!(
            file("/sub/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(file("/sub/ja/feed.xml").as_deref(), Some("ja/feed.xml"));
        assert_eq!(
            file("/sub/ja/guide/v1.0/diff/").as_deref(),
            Some("ja/guide/v1.0/diff/index.html")
        );
        assert_eq!(
            file("/sub/ja/no-such/").as_deref(),
            Some("ja/no-such/index.html")
        );
        assert_eq!(
            file("/sub").as_deref(),
            Some("index.html"),
            "the language choice"
        );
        assert_eq!(file("/sub/").as_deref(), Some("index.html"));
        assert_eq!(
            file("/sub/home/taro/a.png").as_deref(),
            Some("home/taro/a.png")
        );
    }

    #[test]
    fn site_paths_outside_the_base_path_go_nowhere() {
        for dest in ["/ja/guide/", "/subx/ja/", "/sub/../etc/passwd"] {
            assert!(site_path(dest).is_err(), "{dest}");
        }
    }
}
