//! Where a link in Markdown goes: another page (`01-setup.ja.md`, `../notices/index.md#x`)
//! becomes that page's URL in the right language; an image or other asset becomes its URL
//! under the site's base path; a site path (`/ja/notices/`, `/static/logo.svg`) is kept as
//! written and found among the built URLs (`site_paths.rs`). External links are left alone;
//! a link that climbs out of `content/` or names a file on the writer's computer
//! (`file:`, `C:\`) goes nowhere, and is never followed.

mod site_paths;

use std::collections::{HashMap, HashSet};

use crate::model::content::{Corpus, INDEX, RELEASES_DIR, join};
use crate::model::language::Language;
use crate::model::urls::{Urls, copy_rel};
use crate::model::version::Version;

/// Every link target the site has, built once per build.
#[derive(Debug, Default)]
pub struct LinkTable {
    /// `dir/stem` (and `dir/releases/<version>/stem` for frozen copies) → the page.
    pages: HashMap<String, Target>,
    assets: HashSet<String>,
    languages: Vec<Language>,
    urls: Urls,
}

/// A page a link can go to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// Path under `/<lang>/`.
    rel_url: String,
    /// The page's key in the working copy (`dir/stem`).
    key: String,
    /// A frozen revision, for links into `releases/<version>/`.
    version: Option<Version>,
}

/// Why a link could not be resolved.
pub type Unresolved = &'static str;

/// Where a resolved link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub url: String,
    /// The page it goes to, if it is a page (not an asset).
    pub page: Option<PageRef>,
    /// The `#fragment`, without `#`.
    pub fragment: Option<String>,
    /// For a site path that is no page nor asset (`/static/logo.svg`, `/ja/feed.xml`): the
    /// output file it names, which the checks look for among what the build makes.
    pub file: Option<String>,
    /// The file it goes to, if it is a file of `content/` (not a page): its path there.
    pub asset: Option<String>,
}

/// A page in one language, possibly a frozen revision of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageRef {
    pub key: String,
    pub language: Language,
    pub version: Option<Version>,
}

impl LinkTable {
    pub fn new(corpus: &Corpus, languages: &[Language], urls: &Urls) -> LinkTable {
        let mut pages = HashMap::new();
        for doc in &corpus.documents {
            for page in std::iter::once(&doc.index).chain(&doc.pages) {
                let target = Target {
                    rel_url: page.rel_url(),
                    key: page.key(),
                    version: None,
                };
                pages.insert(page.key(), target);
            }
            for release in &doc.releases {
                for page in std::iter::once(&release.index).chain(&release.pages) {
                    let rel_url = copy_rel(&doc.dir, Some(release.version), &page.stem);
                    let key = join(
                        &join(&join(&doc.dir, RELEASES_DIR), &release.version.to_string()),
                        &page.stem,
                    );
                    pages.insert(
                        key,
                        Target {
                            rel_url,
                            key: page.key(),
                            version: Some(release.version),
                        },
                    );
                }
            }
        }
        LinkTable {
            pages,
            assets: corpus.assets.iter().cloned().collect(),
            languages: languages.to_vec(),
            urls: urls.clone(),
        }
    }

    /// Resolves `dest` written in a page in folder `from_dir` of language `language`.
    /// `Ok(None)`: leave the link as written (external, absolute, or a fragment).
    pub fn resolve(
        &self,
        from_dir: &str,
        dest: &str,
        language: &Language,
    ) -> Result<Option<String>, Unresolved> {
        Ok(self.resolve_link(from_dir, dest, language)?.map(|r| r.url))
    }

    /// Like `resolve`, also naming the page and fragment a link goes to.
    pub fn resolve_link(
        &self,
        from_dir: &str,
        dest: &str,
        language: &Language,
    ) -> Result<Option<Resolved>, Unresolved> {
        if let Some(reason) = names_a_local_file(dest) {
            return Err(reason);
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            return self.resolve_site_path(dest);
        }
        if is_external(dest) {
            return Ok(None);
        }
        let (path, suffix, fragment) = split_suffix(dest);
        let decoded = percent_decode(path);
        let target = normalize(from_dir, &decoded).ok_or(
            "it leads outside content/, which is never followed (a theme's static files are linked as /static/NAME)",
        )?;

        let page = |key: &str,
                    language: &Language,
                    missing: Unresolved|
         -> Result<Option<Resolved>, Unresolved> {
            let found = self.pages.get(key).ok_or(missing)?;
            Ok(Some(Resolved {
                url: format!("{}{}", self.urls.page(language, &found.rel_url), suffix),
                page: Some(PageRef {
                    key: found.key.clone(),
                    language: language.clone(),
                    version: found.version,
                }),
                fragment: fragment.clone(),
                file: None,
                asset: None,
            }))
        };
        if let Some(base) = target.strip_suffix(".md") {
            return match base.rsplit_once('.') {
                Some((stem, code)) => match self.languages.iter().find(|l| l.code() == code) {
                    Some(explicit) => page(stem, explicit, "no such page in content/"),
                    None => page(base, language, "no such page in content/"),
                },
                None => page(base, language, "no such page in content/"),
            };
        }
        if target.is_empty() || path.ends_with('/') {
            let key = join(target.trim_end_matches('/'), INDEX);
            return page(&key, language, "no such document in content/");
        }
        if self.assets.contains(&target) {
            return Ok(Some(Resolved {
                url: format!("{}{suffix}", self.urls.asset(&target)),
                page: None,
                fragment,
                file: None,
                asset: Some(target),
            }));
        }
        Err("no such file in content/")
    }

    /// The build's URLs, which links are made with.
    pub(super) fn urls(&self) -> &Urls {
        &self.urls
    }
}

/// A link's path, its `?query#fragment` as written, and the fragment decoded.
fn split_suffix(dest: &str) -> (&str, &str, Option<String>) {
    let (path, suffix) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let fragment = suffix
        .split_once('#')
        .map(|(_, f)| percent_decode(f))
        .filter(|f| !f.is_empty());
    (path, suffix, fragment)
}

/// Why a link that names a file on the writer's computer goes nowhere for a reader: a
/// `file:` URL, a Windows drive path (`C:\...`, `C:/...`) or a network share (`\\host\...`).
/// (A Unix path such as `/home/...` is a site path, and is not found among the built URLs.)
fn names_a_local_file(dest: &str) -> Option<&'static str> {
    let bytes = dest.as_bytes();
    if dest
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
    {
        return Some(
            "it names a file on this computer (`file:`), which readers cannot open: link to a file in content/, relative to the page",
        );
    }
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    (drive || dest.starts_with("\\\\")).then_some(
        "it is an absolute file path, which readers cannot open and trustdocs never copies: link to a file in content/, relative to the page",
    )
}

pub(super) fn is_external(dest: &str) -> bool {
    dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || dest.starts_with('?')
        || dest
            .split(['/', '#', '?'])
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// Joins a relative path to a folder, resolving `.` and `..`; `None` when it climbs out.
pub(super) fn normalize(from_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `%20` and friends in a written link, so `my%20file.png` finds `my file.png`.
pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::content::{Document, DocumentKind, Page};
    use std::collections::BTreeMap;

    fn page(dir: &str, stem: &str) -> Page {
        Page {
            dir: dir.into(),
            stem: stem.into(),
            sources: BTreeMap::new(),
        }
    }

    /// A home, a document `guide` and a manual `manuals/mg` with one chapter, both with a
    /// frozen copy 1.0; served under `/sub`.
    pub(super) fn table() -> LinkTable {
        let doc = |dir: &str, pages: Vec<Page>| Document {
            dir: dir.into(),
            kind: DocumentKind::Document,
            index: page(dir, "index"),
            releases: vec![crate::model::content::Release {
                version: "1.0".parse().unwrap(),
                index: page(dir, "index"),
                pages: pages.clone(),
                assets: Vec::new(),
            }],
            pages,
            parent: None,
            history: None,
            history_unreadable: false,
            assets_released: BTreeMap::new(),
            assets_changed: false,
        };
        let corpus = Corpus {
            documents: vec![
                doc("", vec![]),
                doc("guide", vec![]),
                doc("manuals/mg", vec![page("manuals/mg", "01-setup")]),
            ],
            assets: vec!["manuals/mg/images/a b.png".into()],
            symlinks: Vec::new(),
        };
        let langs = [
            Language::parse("ja").unwrap(),
            Language::parse("en").unwrap(),
        ];
        LinkTable::new(&corpus, &langs, &Urls::new("https://x.example", "/sub"))
    }

    #[test]
    fn page_links_resolve_in_the_same_language() {
        let t = table();
        let ja = Language::parse("ja").unwrap();
        let en = Language::parse("en").unwrap();
        assert_eq!(
            t.resolve("manuals/mg", "01-setup.ja.md#x", &ja),
            Ok(Some("/sub/ja/manuals/mg/01-setup/#x".into()))
        );
        assert_eq!(
            t.resolve("manuals/mg", "01-setup.md", &en),
            Ok(Some("/sub/en/manuals/mg/01-setup/".into()))
        );
        assert_eq!(
            t.resolve("manuals/mg", "../../guide/index.en.md", &ja),
            Ok(Some("/sub/en/guide/".into()))
        );
        assert_eq!(
            t.resolve("guide", "../index.md", &ja),
            Ok(Some("/sub/ja/".into()))
        );
    }

    #[test]
    fn assets_and_external_links() {
        let t = table();
        let ja = Language::parse("ja").unwrap();
        assert_eq!(
            t.resolve("manuals/mg", "images/a%20b.png", &ja),
            Ok(Some("/sub/manuals/mg/images/a%20b.png".into()))
        );
        assert_eq!(
            t.resolve("guide", "https://example.com/a.md", &ja),
            Ok(None)
        );
        assert_eq!(t.resolve("guide", "#sec", &ja), Ok(None));
        assert!(t.resolve("guide", "missing.md", &ja).is_err());
        assert!(t.resolve("guide", "../../etc/passwd", &ja).is_err());
    }

    #[test]
    fn local_file_paths_go_nowhere() {
        let t = table();
        let ja = Language::parse("ja").unwrap();
        for dest in [
            "file:///etc/passwd",
            "FILE:C:/x.png",
            "C:\\Users\\taro\\図.png",
            "c:/tmp/a.png",
            "\\\\server\\share\\a.png",
        ] {
            let reason = t.resolve("guide", dest, &ja).unwrap_err();
            assert!(reason.contains("file"), "{dest}: {reason}");
        }
        assert_eq!(t.resolve("guide", "//cdn.example/a.js", &ja), Ok(None));
        assert_eq!(t.resolve("guide", "mailto:a@b.example", &ja), Ok(None));
    }
}
