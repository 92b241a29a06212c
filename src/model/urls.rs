//! One home for URLs and output paths. Every page, archived revision, "what changed" page,
//! print page, feed, search file and site-wide file gets its address and its file in the
//! output from here; links, search, the sitemap and `serve` ask this module rather than put
//! paths together themselves.
//!
//! Three forms of the same place:
//!
//! - a **rel** path: where a page sits under `/<lang>/`, ending in `/` (`` for the home):
//!   `security-guideline/v4.4/`, `manuals/mail-gateway/02-setup/`;
//! - a **URL**: what a link in a page says, with the site's base path and the characters a
//!   file name may hold but a URL may not encoded: `/portal/ja/security-guideline/v4.4/`;
//!   its **permalink** adds the scheme and host;
//! - an output **file**, relative to the output folder, `/`-separated and not encoded:
//!   `ja/security-guideline/v4.4/index.html`.

use crate::model::language::Language;
use crate::model::version::Version;

/// The stem of a folder's front page, `index.<lang>.md`: it sits at the folder's own
/// address (`guide/`), where any other page `<stem>.<lang>.md` sits at `guide/<stem>/`.
pub const INDEX: &str = "index";
/// Under a document: a manual's page with every chapter.
pub const PRINT: &str = "print";
/// Under a document: the "what changed" page of its unreleased working copy.
const DRAFT_DIFF: &str = "draft/diff/";
/// Under `/<lang>/`: the search page and its index files.
pub const SEARCH_DIR: &str = "search";
/// The `/` page: the choice of language.
pub const ROOT_FILE: &str = "index.html";
pub const NOT_FOUND_FILE: &str = "404.html";
pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";
/// Under the output folder: the theme's static files.
const STATIC_DIR: &str = "static";
/// Under `/<lang>/`: the subprocessors page.
pub const SUBPROCESSORS_DIR: &str = "subprocessors";
/// The machine-readable list of subprocessors, for every language.
pub const SUBPROCESSORS_JSON_FILE: &str = "subprocessors.json";
/// RFC 9116's contact file.
pub const SECURITY_TXT_FILE: &str = ".well-known/security.txt";

/// The rel path of a page of the working copy, by its folder under `content/` and its
/// file name without `.<lang>.md`.
pub fn page_rel(dir: &str, stem: &str) -> String {
    let mut rel = String::with_capacity(dir.len() + stem.len() + 2);
    if !dir.is_empty() {
        rel.push_str(dir);
        rel.push('/');
    }
    if stem != INDEX {
        rel.push_str(stem);
        rel.push('/');
    }
    rel
}

/// The rel path of a page as one view of its document shows it: at the document's own
/// address for the current copy (`archive` none), under `v<version>/` for an archived
/// revision (`security-guideline/v4.4/`, `manuals/mg/v1.0/02-setup/`).
pub fn copy_rel(doc_dir: &str, archive: Option<Version>, stem: &str) -> String {
    let mut rel = page_rel(doc_dir, INDEX);
    if let Some(version) = archive {
        rel.push_str(&format!("v{version}/"));
    }
    if stem != INDEX {
        rel.push_str(stem);
        rel.push('/');
    }
    rel
}

/// A manual's print page, current or archived: `manuals/mg/print/`, `manuals/mg/v1.0/print/`.
pub fn print_rel(doc_dir: &str, archive: Option<Version>) -> String {
    let mut rel = copy_rel(doc_dir, archive, INDEX);
    rel.push_str(PRINT);
    rel.push('/');
    rel
}

/// The output file of the PDF of one copy of a document, beside the copy's page and named
/// as a reader files it: for a revision `security-guideline/v4.6/security-guideline-4.6.ja.pdf`
/// under `ja/`; for a current copy that is no frozen revision (a draft)
/// `security-guideline/security-guideline.ja.pdf`. A current copy that is a frozen revision
/// has that revision's PDF.
pub fn pdf_file(language: &Language, doc_dir: &str, revision: Option<Version>) -> String {
    let name = match doc_dir.rsplit('/').next() {
        Some(name) if !name.is_empty() => name,
        _ => INDEX,
    };
    let code = language.code();
    let rel = copy_rel(doc_dir, revision, INDEX);
    match revision {
        Some(version) => format!("{code}/{rel}{name}-{version}.{code}.pdf"),
        None => format!("{code}/{rel}{name}.{code}.pdf"),
    }
}

/// "What changed" up to a revision (`security-guideline/v4.5/diff/`), or up to the
/// unreleased working copy (`security-guideline/draft/diff/`).
pub fn diff_rel(doc_dir: &str, to: Option<Version>) -> String {
    match to {
        Some(version) => {
            let mut rel = copy_rel(doc_dir, Some(version), INDEX);
            rel.push_str("diff/");
            rel
        }
        None => page_rel(doc_dir, INDEX) + DRAFT_DIFF,
    }
}

/// The subprocessors page's rel path.
pub fn subprocessors_rel() -> String {
    format!("{SUBPROCESSORS_DIR}/")
}

/// The output file of a language's subprocessor change feed.
pub fn subprocessors_feed_file(language: &Language) -> String {
    format!("{}/{SUBPROCESSORS_DIR}.xml", language.code())
}

/// Where a document's own file, frozen with a release, is stored in the output (and, as
/// `Urls::asset` gives it, its URL's path): under the release it has been unchanged since,
/// beside the document's other files: `manuals/mg/v1.0/images/architecture.ja.svg`. The
/// same bytes frozen by later releases are stored there once.
pub fn frozen_asset(doc_dir: &str, stored: Version, path: &str) -> String {
    let mut file = page_rel(doc_dir, INDEX);
    file.push_str(&format!("v{stored}/"));
    file.push_str(path);
    file
}

/// The search page's rel path.
pub fn search_rel() -> String {
    format!("{SEARCH_DIR}/")
}

/// The id of a chapter's place on its manual's print page: `chapter-01-setup`.
pub fn print_anchor(stem: &str) -> String {
    format!("chapter-{stem}")
}

/// What the ids of a chapter start with on the print page: `chapter-01-setup-`.
pub fn print_prefix(stem: &str) -> String {
    format!("{}-", print_anchor(stem))
}

/// The output file of a page: `ja/security-guideline/index.html`.
pub fn page_file(language: &Language, rel: &str) -> String {
    format!("{}/{rel}index.html", language.code())
}

/// The output file of a language's Atom feed.
pub fn feed_file(language: &Language) -> String {
    format!("{}/feed.xml", language.code())
}

/// An output file of a language's search index, by its name in the index folder.
pub fn search_file(language: &Language, name: &str) -> String {
    format!("{}/{SEARCH_DIR}/{name}", language.code())
}

/// Whether an output file is part of a search index (its files, not its page).
pub fn is_search_index_file(file: &str) -> bool {
    let mut parts = file.splitn(3, '/');
    parts.next();
    parts.next() == Some(SEARCH_DIR) && parts.next().is_some_and(|rest| rest != ROOT_FILE)
}

/// The output file of one of the theme's static files (`style.css`).
pub fn static_file(name: &str) -> String {
    format!("{STATIC_DIR}/{name}")
}

/// URLs of one build: the scheme and host (`origin`) and the path the site is served
/// under (`base_path`), from `site.yaml`'s `base_url` or `--base-url`.
#[derive(Debug, Clone, Default)]
pub struct Urls {
    /// `https://trust.example.com`, no trailing slash.
    origin: String,
    /// `` or `/portal`, no trailing slash.
    base_path: String,
}

impl Urls {
    pub fn new(origin: &str, base_path: &str) -> Urls {
        Urls {
            origin: origin.to_string(),
            base_path: base_path.to_string(),
        }
    }

    /// `` or `/portal`: what every URL path starts with.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Scheme, host and base path, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }

    /// The URL of a page, by its rel path: `/portal/ja/security-guideline/`.
    pub fn page(&self, language: &Language, rel: &str) -> String {
        format!("{}/{}/{}", self.base_path, language.code(), encode(rel))
    }

    /// A language's home: `/portal/ja/`.
    pub fn home(&self, language: &Language) -> String {
        self.page(language, "")
    }

    /// The URL of a file copied from `content/`, by its path there.
    pub fn asset(&self, path: &str) -> String {
        format!("{}/{}", self.base_path, encode(path))
    }

    /// The URL of an output file by its path in the output (`pdf_file`).
    pub fn file(&self, file: &str) -> String {
        format!("{}/{}", self.base_path, encode(file))
    }

    /// A language's Atom feed.
    pub fn feed(&self, language: &Language) -> String {
        format!("{}/{}", self.base_path, feed_file(language))
    }

    /// A language's subprocessors page.
    pub fn subprocessors(&self, language: &Language) -> String {
        self.page(language, &subprocessors_rel())
    }

    /// A language's subprocessor change feed.
    pub fn subprocessors_feed(&self, language: &Language) -> String {
        format!("{}/{}", self.base_path, subprocessors_feed_file(language))
    }

    /// `/subprocessors.json`.
    pub fn subprocessors_json(&self) -> String {
        format!("{}/{SUBPROCESSORS_JSON_FILE}", self.base_path)
    }

    /// The permalink of `security.txt` (its `Canonical` field).
    pub fn security_txt_permalink(&self) -> String {
        format!("{}{}/{SECURITY_TXT_FILE}", self.origin, self.base_path)
    }

    /// A language's search page, where the header's search box goes.
    pub fn search(&self, language: &Language) -> String {
        self.page(language, &search_rel())
    }

    /// A URL with the scheme and host in front: what feeds, the sitemap and `<link
    /// rel=canonical>` need.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    /// The sitemap's permalink, for `robots.txt`.
    pub fn sitemap_permalink(&self) -> String {
        format!("{}{}/{SITEMAP_FILE}", self.origin, self.base_path)
    }
}

/// Encodes the characters of a file path that cannot stand in a URL as they are.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn every_view_of_a_document_has_its_place() {
        assert_eq!(page_rel("", INDEX), "");
        assert_eq!(page_rel("manuals/mg", "02-setup"), "manuals/mg/02-setup/");
        assert_eq!(copy_rel("guide", None, INDEX), "guide/");
        assert_eq!(copy_rel("guide", Some(v("4.4")), INDEX), "guide/v4.4/");
        assert_eq!(
            copy_rel("mg", Some(v("1.0")), "02-setup"),
            "mg/v1.0/02-setup/"
        );
        assert_eq!(print_rel("mg", None), "mg/print/");
        assert_eq!(print_rel("mg", Some(v("1.0"))), "mg/v1.0/print/");
        assert_eq!(diff_rel("guide", Some(v("4.5"))), "guide/v4.5/diff/");
        let ja = Language::parse("ja").unwrap();
        assert_eq!(
            pdf_file(&ja, "security-guideline", Some(v("4.6"))),
            "ja/security-guideline/v4.6/security-guideline-4.6.ja.pdf"
        );
        assert_eq!(pdf_file(&ja, "manuals/mg", None), "ja/manuals/mg/mg.ja.pdf");
        assert_eq!(diff_rel("guide", None), "guide/draft/diff/");
        assert_eq!(
            frozen_asset("manuals/mg", v("1.0"), "images/a b.svg"),
            "manuals/mg/v1.0/images/a b.svg"
        );
    }

    #[test]
    fn urls_carry_the_base_path_and_encode_file_names() {
        let urls = Urls::new("https://x.example", "/sub");
        let ja = Language::parse("ja").unwrap();
        assert_eq!(urls.page(&ja, "a b/"), "/sub/ja/a%20b/");
        assert_eq!(urls.home(&ja), "/sub/ja/");
        assert_eq!(urls.asset("mg/images/a b.png"), "/sub/mg/images/a%20b.png");
        assert_eq!(
            urls.file("ja/a b/a b-1.0.ja.pdf"),
            "/sub/ja/a%20b/a%20b-1.0.ja.pdf"
        );
        assert_eq!(urls.feed(&ja), "/sub/ja/feed.xml");
        assert_eq!(urls.search(&ja), "/sub/ja/search/");
        assert_eq!(urls.permalink("/sub/ja/"), "https://x.example/sub/ja/");
        assert_eq!(
            urls.sitemap_permalink(),
            "https://x.example/sub/sitemap.xml"
        );
        assert_eq!(page_file(&ja, "a b/"), "ja/a b/index.html");
        assert_eq!(urls.subprocessors(&ja), "/sub/ja/subprocessors/");
        assert_eq!(urls.subprocessors_feed(&ja), "/sub/ja/subprocessors.xml");
        assert_eq!(urls.subprocessors_json(), "/sub/subprocessors.json");
        assert_eq!(
            urls.security_txt_permalink(),
            "https://x.example/sub/.well-known/security.txt"
        );
    }

    #[test]
    fn search_index_files_are_told_from_the_search_page() {
        assert!(is_search_index_file("ja/search/p/3.bin"));
        assert!(is_search_index_file("en/search/meta.json"));
        assert!(!is_search_index_file("ja/search/index.html"));
        assert!(!is_search_index_file("ja/guide/index.html"));
    }
}
