//! Loading `content/` into a `Corpus`: every document with its pages in every language,
//! and the assets beside them. Nothing here renders; it only reads and checks structure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, FrontMatterProblem};
use crate::front_matter::{self, FrontMatter, PageType};
use crate::history::{History, Version};
use crate::language::Language;
use crate::text_file::read_text;

pub const CONTENT_DIR: &str = "content";
/// Folder names under a document that are not pages: frozen releases.
pub const RELEASES_DIR: &str = "releases";
/// A document's revision history; not an asset.
pub const HISTORY_FILE: &str = "history.yaml";
/// In a frozen copy, the history entry still to append: a release interrupted after its
/// commit point (see `freeze`).
pub const PENDING_ENTRY: &str = ".trustdocs-release";
/// The stem of a folder's front page.
pub const INDEX: &str = "index";
/// A manual's "print this manual" page, which no chapter may shadow.
pub const PRINT: &str = "print";

/// All sources of the site.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Documents in folder order; the portal home (folder ``) first.
    pub documents: Vec<Document>,
    /// Files other than pages, relative to `content/`, with `/` separators.
    pub assets: Vec<String>,
}

/// A folder with an index page: the home, a single-page document, a manual, or the notices.
#[derive(Debug, Clone)]
pub struct Document {
    /// Folder relative to `content/`, `/`-separated; `` for the home.
    pub dir: String,
    pub kind: DocumentKind,
    pub index: Page,
    /// Chapters of a manual in order, or notices newest first.
    pub pages: Vec<Page>,
    /// Position in `Corpus::documents` of the nearest enclosing document.
    pub parent: Option<usize>,
    /// `history.yaml`, for a versioned document.
    pub history: Option<History>,
    /// Frozen copies under `releases/<version>/`, oldest first.
    pub releases: Vec<Release>,
    /// `history.yaml` exists but could not be read: the document is versioned, and its
    /// problems are reported; it is not taken for a never-released draft.
    pub history_unreadable: bool,
}

/// A frozen copy of a document's pages at one released revision.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: Version,
    pub index: Page,
    pub pages: Vec<Page>,
}

impl Document {
    /// A document with a revision history (or frozen copies): released, archived, diffed.
    pub fn is_versioned(&self) -> bool {
        self.history.is_some() || self.history_unreadable
    }

    /// The newest frozen copy.
    pub fn latest_release(&self) -> Option<&Release> {
        self.releases.last()
    }

    /// Whether the working copy differs from the newest frozen copy (or none exists).
    pub fn has_unreleased_changes(&self) -> bool {
        match self.latest_release() {
            None => true,
            Some(release) => {
                let same = |a: &Page, b: &Page| {
                    a.stem == b.stem
                        && a.sources.len() == b.sources.len()
                        && a.sources
                            .iter()
                            .zip(&b.sources)
                            .all(|((la, sa), (lb, sb))| la == lb && sa.raw == sb.raw)
                };
                !(same(&self.index, &release.index)
                    && self.pages.len() == release.pages.len()
                    && self
                        .pages
                        .iter()
                        .zip(&release.pages)
                        .all(|(a, b)| same(a, b)))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Home,
    Document,
    Manual,
    Notices,
}

/// One page in every language.
#[derive(Debug, Clone)]
pub struct Page {
    pub dir: String,
    /// File name without `.<lang>.md`: `index`, `01-setup`, `2025-07-01-storage`.
    pub stem: String,
    pub sources: BTreeMap<Language, Source>,
}

/// One Markdown file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the site root, e.g. `content/security-guideline/index.ja.md`.
    pub path: PathBuf,
    pub front: FrontMatter,
    /// Where the Markdown body starts in `raw`, after the front matter.
    body_start: usize,
    pub body_line: usize,
    /// The whole file as read, to tell whether it changed since a release (empty once a
    /// build has let go of it, see `forget_text`).
    pub raw: String,
    /// Set by `forget_text`.
    forgotten: bool,
}

impl Source {
    /// The Markdown after the front matter (kept once, inside `raw`).
    pub fn body(&self) -> &str {
        debug_assert!(
            !self.forgotten,
            "{}: its text was let go of",
            self.path.display()
        );
        &self.raw[self.body_start..]
    }

    /// Lets go of the file's text once nothing will read it again (a build, after the
    /// Markdown and the checks): `raw` and `body()` are empty from then on.
    pub fn forget_text(&mut self) {
        self.raw = String::new();
        self.body_start = 0;
        self.forgotten = true;
    }
}

impl Page {
    /// The page's path under `/<lang>/`, ending in `/`; `` for the home.
    pub fn rel_url(&self) -> String {
        let mut url = String::new();
        if !self.dir.is_empty() {
            url.push_str(&self.dir);
            url.push('/');
        }
        if self.stem != INDEX {
            url.push_str(&self.stem);
            url.push('/');
        }
        url
    }

    /// The key links use: `dir/stem`.
    pub fn key(&self) -> String {
        join(&self.dir, &self.stem)
    }

    pub fn source(&self, language: &Language) -> &Source {
        // Every page has every language: `load` refuses a corpus where one is missing.
        &self.sources[language]
    }
}

pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// What an edit of one page source touched (see `Corpus::reload_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloaded {
    /// The document the page belongs to.
    pub document: usize,
    /// The Atom feeds may show the change (a notice, or a document's title).
    pub in_feeds: bool,
    /// The document's title changed, which the breadcrumbs of every page under it show.
    pub retitled: bool,
}

impl Corpus {
    /// Re-reads one page source that already exists in a working copy (an edit in
    /// `serve`). Returns what it touched, or `None` when the file is not a known page or
    /// the edit changes the site's structure: the caller then reloads everything.
    pub fn reload_source(&mut self, root: &Path, path: &Path) -> Result<Option<Reloaded>, Error> {
        for (d, doc) in self.documents.iter_mut().enumerate() {
            let kind = doc.kind;
            for page in std::iter::once(&mut doc.index).chain(doc.pages.iter_mut()) {
                let is_index = page.stem == INDEX;
                let Some(source) = page.sources.values_mut().find(|s| s.path == path) else {
                    continue;
                };
                if !root.join(path).is_file() {
                    return Ok(None);
                }
                let text = read_text(&root.join(path), path)?;
                let fresh = parse_source(text, path)?;
                let structural = (is_index && fresh.front.page_type != source.front.page_type)
                    || (kind == DocumentKind::Notices && fresh.front.date != source.front.date);
                if structural {
                    return Ok(None);
                }
                let retitled = is_index && fresh.front.title != source.front.title;
                *source = fresh;
                return Ok(Some(Reloaded {
                    document: d,
                    in_feeds: kind == DocumentKind::Notices || retitled,
                    retitled,
                }));
            }
        }
        Ok(None)
    }
}

/// A Markdown file found on disk, before reading.
struct Found {
    dir: String,
    stem: String,
    language: Language,
    path: PathBuf,
}

/// Reads `content/` under `root`; any problem fails the load.
pub fn load(root: &Path, config: &Config) -> Result<Corpus, Vec<Error>> {
    let (corpus, errors) = load_partial(root, config);
    if errors.is_empty() {
        Ok(corpus)
    } else {
        Err(errors)
    }
}

/// Reads `content/` and returns what could be loaded together with every problem: pages
/// that failed to parse or lack a language are left out (a document whose index is left
/// out goes with it), so `check` can still examine the rest in the same run.
pub fn load_partial(root: &Path, config: &Config) -> (Corpus, Vec<Error>) {
    let mut found = Vec::new();
    let mut assets = Vec::new();
    let mut errors = Vec::new();
    walk(root, "", config, &mut found, &mut assets, &mut errors);

    // Every page file that exists, parsed or not: a file that fails to parse is reported
    // for what it is, not also as a missing translation.
    let present: std::collections::HashSet<(String, String, Language)> = found
        .iter()
        .map(|f| (f.dir.clone(), f.stem.clone(), f.language.clone()))
        .collect();
    let parsed: Vec<Result<(Found, Source), Error>> = found
        .into_par_iter()
        .map(|f| {
            let text = read_text(&root.join(&f.path), &f.path)?;
            let source = parse_source(text, &f.path)?;
            Ok((f, source))
        })
        .collect();

    // dir → stem → language → source, all ordered so the output is deterministic.
    let mut dirs: BTreeMap<String, BTreeMap<String, BTreeMap<Language, Source>>> = BTreeMap::new();
    for result in parsed {
        match result {
            Ok((f, source)) => {
                dirs.entry(f.dir)
                    .or_default()
                    .entry(f.stem)
                    .or_default()
                    .insert(f.language, source);
            }
            Err(e) => errors.push(e),
        }
    }

    let mut documents = Vec::new();
    for (dir, mut stems) in dirs {
        for (stem, sources) in &stems {
            for language in &config.languages {
                if !sources.contains_key(language)
                    && !present.contains(&(dir.clone(), stem.clone(), language.clone()))
                {
                    let any = sources
                        .values()
                        .next()
                        .map(|s| s.path.clone())
                        .unwrap_or_default();
                    errors.push(Error::MissingTranslation {
                        path: any,
                        language: language.code().to_string(),
                        expected: content_path(&dir, &format!("{stem}.{language}.md")),
                    });
                }
            }
        }
        let has_index_file = config
            .languages
            .iter()
            .any(|l| present.contains(&(dir.clone(), INDEX.to_string(), l.clone())));
        // Pages missing a language (reported above) are left out of what is rendered.
        stems.retain(|_, sources| sources.len() == config.languages.len());
        let Some(index_sources) = stems.remove(INDEX) else {
            if !has_index_file {
                errors.push(Error::NoIndex {
                    path: content_path(&dir, ""),
                });
            }
            continue;
        };
        let index = Page {
            dir: dir.clone(),
            stem: INDEX.to_string(),
            sources: index_sources,
        };
        let mut pages: Vec<Page> = stems
            .into_iter()
            .map(|(stem, sources)| Page {
                dir: dir.clone(),
                stem,
                sources,
            })
            .collect();
        let declared = index.sources.values().find_map(|s| s.front.page_type);
        let kind = if dir.is_empty() {
            DocumentKind::Home
        } else if declared == Some(PageType::Notices) {
            DocumentKind::Notices
        } else if pages.is_empty() {
            DocumentKind::Document
        } else {
            DocumentKind::Manual
        };
        if kind == DocumentKind::Home && !pages.is_empty() {
            for page in &pages {
                errors.extend(page.sources.values().map(|s| Error::NoIndex {
                    path: s.path.clone(),
                }));
            }
            pages.clear();
        }
        if kind == DocumentKind::Notices {
            errors.extend(check_notice_dates(&pages));
            pages.sort_by(|a, b| {
                notice_date(b)
                    .cmp(&notice_date(a))
                    .then_with(|| a.stem.cmp(&b.stem))
            });
        }
        documents.push(Document {
            dir,
            kind,
            index,
            pages,
            parent: None,
            history: None,
            releases: Vec::new(),
            history_unreadable: false,
        });
    }

    let today = crate::history::today(&config.time_zone);
    let release_errors: Vec<Vec<Error>> = documents
        .par_iter_mut()
        .map(|doc| {
            let errors = load_history(root, config, today, doc)
                .err()
                .unwrap_or_default();
            doc.history_unreadable = !errors.is_empty() && doc.history.is_none();
            errors
        })
        .collect();
    errors.extend(release_errors.into_iter().flatten());

    let home_file = present
        .iter()
        .any(|(d, stem, _)| d.is_empty() && stem == INDEX);
    if !documents.iter().any(|d| d.kind == DocumentKind::Home) && !home_file {
        errors.push(Error::NoIndex {
            path: PathBuf::from(CONTENT_DIR),
        });
    }
    link_parents(&mut documents);
    errors.extend(check_url_clashes(&documents));
    (Corpus { documents, assets }, errors)
}

fn parse_source(text: String, path: &Path) -> Result<Source, Error> {
    let parsed = front_matter::parse(&text, path)?;
    // The body is the end of the text.
    let body_start = text.len() - parsed.body.len();
    Ok(Source {
        path: path.to_path_buf(),
        front: parsed.front,
        body_start,
        body_line: parsed.body_line,
        raw: text,
        forgotten: false,
    })
}

/// Reads a document's `history.yaml` and its frozen copies under `releases/`.
fn load_history(
    root: &Path,
    config: &Config,
    today: jiff::civil::Date,
    doc: &mut Document,
) -> Result<(), Vec<Error>> {
    let history_path = content_path(&doc.dir, HISTORY_FILE);
    if doc.kind == DocumentKind::Home || !root.join(&history_path).is_file() {
        return Ok(());
    }
    let text = read_text(&root.join(&history_path), &history_path).map_err(|e| vec![e])?;
    let history = History::parse(&text, &history_path, &config.languages, today)?;
    let releases_dir = content_path(&doc.dir, RELEASES_DIR);
    let mut versions = Vec::new();
    let mut errors = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join(&releases_dir)) {
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ignored(&name) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            match name
                .parse::<Version>()
                .ok()
                .filter(|v| history.get(*v).is_some())
            {
                Some(version) => versions.push(version),
                None if entry.path().join(PENDING_ENTRY).is_file() => {
                    errors.push(Error::InterruptedRelease {
                        path: releases_dir.join(&name),
                        version: name,
                        history: history_path.clone(),
                    })
                }
                None => errors.push(Error::ExtraRelease {
                    path: releases_dir.join(&name),
                    version: name,
                    history: history_path.clone(),
                }),
            }
        }
    }
    versions.sort();
    for version in versions {
        match load_release(root, config, doc, version) {
            Ok(release) => doc.releases.push(release),
            Err(mut e) => errors.append(&mut e),
        }
    }
    doc.history = Some(history);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Reads `releases/<version>/*.md` of a document: the same pages, frozen.
fn load_release(
    root: &Path,
    config: &Config,
    doc: &Document,
    version: Version,
) -> Result<Release, Vec<Error>> {
    let dir = content_path(&doc.dir, RELEASES_DIR).join(version.to_string());
    let mut names: Vec<String> = std::fs::read_dir(root.join(&dir))
        .map_err(|source| {
            vec![Error::Read {
                path: dir.clone(),
                source,
            }]
        })?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !is_ignored(n))
        .collect();
    names.sort();
    let mut stems: BTreeMap<String, BTreeMap<Language, Source>> = BTreeMap::new();
    let mut errors = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let Some((stem, language)) = name
            .strip_suffix(".md")
            .and_then(|b| split_language(b, config))
        else {
            errors.push(Error::BadFileName {
                path,
                languages: language_list(config),
            });
            continue;
        };
        match read_text(&root.join(&path), &path).and_then(|text| parse_source(text, &path)) {
            Ok(source) => {
                stems.entry(stem).or_default().insert(language, source);
            }
            Err(e) => errors.push(e),
        }
    }
    for (stem, sources) in &stems {
        for language in &config.languages {
            if !sources.contains_key(language) {
                errors.push(Error::MissingTranslation {
                    path: dir.clone(),
                    language: language.code().to_string(),
                    expected: dir.join(format!("{stem}.{language}.md")),
                });
            }
        }
    }
    let Some(index) = stems.remove(INDEX) else {
        errors.push(Error::NoIndex { path: dir });
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let page = |stem: String, sources| Page {
        dir: doc.dir.clone(),
        stem,
        sources,
    };
    Ok(Release {
        version,
        index: page(INDEX.to_string(), index),
        pages: stems
            .into_iter()
            .map(|(stem, sources)| page(stem, sources))
            .collect(),
    })
}

fn content_path(dir: &str, file: &str) -> PathBuf {
    let mut path = PathBuf::from(CONTENT_DIR);
    if !dir.is_empty() {
        path.push(dir);
    }
    if !file.is_empty() {
        path.push(file);
    }
    path
}

/// Collects Markdown files and assets under `content/<dir>`, in name order.
fn walk(
    root: &Path,
    dir: &str,
    config: &Config,
    found: &mut Vec<Found>,
    assets: &mut Vec<String>,
    errors: &mut Vec<Error>,
) {
    let shown = content_path(dir, "");
    let entries = match std::fs::read_dir(root.join(&shown)) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(Error::Read {
                path: shown,
                source,
            });
            return;
        }
    };
    let mut names: Vec<(String, std::fs::FileType)> = Vec::new();
    for entry in entries {
        match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
            Ok((name, file_type)) => match name.into_string() {
                Ok(name) => names.push((name, file_type)),
                Err(name) => errors.push(Error::BadFileName {
                    path: shown.join(name),
                    languages: language_list(config),
                }),
            },
            Err(source) => errors.push(Error::Read {
                path: shown.clone(),
                source,
            }),
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let is_document = names
        .iter()
        .any(|(n, _)| n.starts_with("index.") && n.ends_with(".md"));

    for (name, file_type) in names {
        if is_ignored(&name) {
            continue;
        }
        let rel = join(dir, &name);
        // Symbolic links are not followed: they could loop or lead out of the site.
        if file_type.is_symlink() {
            continue;
        }
        if file_type.is_dir() {
            if is_document && name == RELEASES_DIR {
                continue;
            }
            walk(root, &rel, config, found, assets, errors);
        } else if !file_type.is_file() {
            errors.push(Error::Read {
                path: content_path(dir, &name),
                source: crate::text_file::not_a_file(),
            });
        } else if let Some(base) = name.strip_suffix(".md") {
            match split_language(base, config) {
                Some((stem, language)) => found.push(Found {
                    dir: dir.to_string(),
                    stem: stem.to_string(),
                    language,
                    path: content_path(dir, &name),
                }),
                None => errors.push(Error::BadFileName {
                    path: content_path(dir, &name),
                    languages: language_list(config),
                }),
            }
        } else if !(is_document && name == HISTORY_FILE) {
            assets.push(rel);
        }
    }
}

/// Hidden files and editors' temporary and swap files (vim probes with `4913`).
pub fn is_ignored(name: &str) -> bool {
    name == "4913"
        || name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

fn split_language(base: &str, config: &Config) -> Option<(String, Language)> {
    let (stem, code) = base.rsplit_once('.')?;
    let language = config.languages.iter().find(|l| l.code() == code)?;
    (!stem.is_empty()).then(|| (stem.to_string(), language.clone()))
}

fn language_list(config: &Config) -> String {
    config
        .languages
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

fn notice_date(page: &Page) -> Option<jiff::civil::Date> {
    page.sources.values().find_map(|s| s.front.date)
}

fn check_notice_dates(pages: &[Page]) -> Vec<Error> {
    let mut errors = Vec::new();
    for page in pages {
        let from_name = page
            .stem
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok());
        for source in page.sources.values() {
            match (source.front.date, from_name) {
                (None, _) => errors.push(Error::FrontMatter {
                    path: source.path.clone(),
                    line: 1,
                    problem: FrontMatterProblem::NoticeWithoutDate,
                }),
                (Some(date), Some(named)) if date != named => errors.push(Error::FrontMatter {
                    path: source.path.clone(),
                    line: line_of_date(source),
                    problem: FrontMatterProblem::NoticeDateMismatch {
                        front_matter: date.to_string(),
                        file_name: named.to_string(),
                    },
                }),
                _ => {}
            }
        }
    }
    errors
}

fn line_of_date(_source: &Source) -> usize {
    // Front matter starts on line 2; the exact key line is not kept after parsing.
    2
}

/// Points each document at its nearest enclosing document; top-level ones at the home.
fn link_parents(documents: &mut [Document]) {
    let dirs: std::collections::HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.dir.clone(), i))
        .collect();
    for doc in documents.iter_mut() {
        if doc.dir.is_empty() {
            continue;
        }
        let mut dir = doc.dir.as_str();
        doc.parent = loop {
            dir = match dir.rfind('/') {
                Some(i) => &dir[..i],
                None => "",
            };
            if let Some(&i) = dirs.get(dir) {
                break Some(i);
            }
            if dir.is_empty() {
                break None;
            }
        };
    }
}

/// A chapter named like a sub-folder document, or named `print` in a manual, would make
/// two pages at one URL.
fn check_url_clashes(documents: &[Document]) -> Vec<Error> {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut errors = Vec::new();
    for doc in documents {
        let mut urls: Vec<(String, PathBuf)> = Vec::new();
        let first_path = |p: &Page| {
            p.sources
                .values()
                .next()
                .map(|s| s.path.clone())
                .unwrap_or_default()
        };
        urls.push((doc.index.rel_url(), first_path(&doc.index)));
        for page in &doc.pages {
            urls.push((page.rel_url(), first_path(page)));
        }
        if doc.kind == DocumentKind::Manual {
            urls.push((
                format!("{}{PRINT}/", doc.index.rel_url()),
                first_path(&doc.index),
            ));
        }
        for (url, path) in urls {
            if let Some(first) = seen.get(&url) {
                errors.push(Error::DuplicateUrl {
                    url: format!("/<lang>/{url}"),
                    first: first.clone(),
                    second: path,
                });
            } else {
                seen.insert(url, path);
            }
        }
    }
    errors
}
