//! Loading `content/` into a `Corpus`: every document with its pages in every language,
//! and the assets beside them. Nothing here renders; it only reads and checks structure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::config::Config;
use crate::load::front_matter;
use crate::load::is_ignored;
use crate::load::text_file::read_text;
use crate::model::content::*;
use crate::model::front_matter::PageType;
use crate::model::language::Language;
use crate::model::version::Version;
use crate::report::error::{Error, FrontMatterProblem};

/// What an edit of one page source touched (see `Corpus::reload_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloaded {
    /// The document the page belongs to.
    pub document: DocId,
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
                    document: DocId(d),
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
pub fn load(root: &Path, config: &Config, today: jiff::civil::Date) -> Result<Corpus, Vec<Error>> {
    let (corpus, errors) = load_partial(root, config, today);
    if errors.is_empty() {
        Ok(corpus)
    } else {
        Err(errors)
    }
}

/// Reads `content/` and returns what could be loaded together with every problem: pages
/// that failed to parse or lack a language are left out (a document whose index is left
/// out goes with it), so `check` can still examine the rest in the same run.
pub fn load_partial(
    root: &Path,
    config: &Config,
    today: jiff::civil::Date,
) -> (Corpus, Vec<Error>) {
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
    let (front, body_line) = (parsed.front, parsed.body_line);
    Ok(Source::new(
        path.to_path_buf(),
        front,
        text,
        body_start,
        body_line,
    ))
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
    let history = crate::load::history::parse(&text, &history_path, &config.languages, today)?;
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
                source: crate::load::text_file::not_a_file(),
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
    let dirs: std::collections::HashMap<String, DocId> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.dir.clone(), DocId(i)))
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
                crate::model::urls::print_rel(&doc.dir, None),
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
