//! Loading `content/` into a `Corpus`: every document with its pages in every language,
//! and the assets beside them (a document's history and frozen copies: `releases.rs`).
//! Nothing here renders; it only reads and checks structure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::config::Config;
use crate::load::front_matter;
use crate::load::is_ignored;
use crate::load::releases;
use crate::load::text_file::read_text;
use crate::model::content::*;
use crate::model::front_matter::PageType;
use crate::model::language::Language;
use crate::report::error::{Error, FrontMatterProblem};

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
    let mut walked = Walked::default();
    let mut errors = Vec::new();
    walk(root, "", config, &mut found, &mut walked, &mut errors);
    let Walked { assets, symlinks } = walked;

    // Every page file that exists, parsed or not: a file that fails to parse is reported
    // for what it is, not also as a missing translation.
    let present: Present = found
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
    let mut dirs: BTreeMap<String, Stems> = BTreeMap::new();
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

    let mut documents: Vec<Document> = dirs
        .into_iter()
        .filter_map(|(dir, stems)| document(dir, stems, &present, config, &mut errors))
        .collect();

    let release_errors: Vec<Vec<Error>> = documents
        .par_iter_mut()
        .map(|doc| {
            let errors = releases::load_history(root, config, today, doc)
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
    let corpus = Corpus {
        documents,
        assets,
        symlinks,
    };
    (corpus, errors)
}

/// Every page file found, as (folder, stem, language), whether it parsed or not.
type Present = std::collections::HashSet<(String, String, Language)>;

/// The pages of one folder that parsed: stem → language → source.
type Stems = BTreeMap<String, BTreeMap<Language, Source>>;

/// The document of folder `dir`, made of the pages found there (its index, its chapters
/// or notices), with the problems of its pages: a language missing, no index, a home
/// with chapters, notices with wrong dates. None when it has no index.
fn document(
    dir: String,
    mut stems: Stems,
    present: &Present,
    config: &Config,
    errors: &mut Vec<Error>,
) -> Option<Document> {
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
        return None;
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
    Some(Document {
        dir,
        kind,
        index,
        pages,
        parent: None,
        history: None,
        releases: Vec::new(),
        history_unreadable: false,
        assets_released: BTreeMap::new(),
        assets_changed: false,
    })
}

pub(super) fn parse_source(text: String, path: &Path) -> Result<Source, Error> {
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

pub(super) fn content_path(dir: &str, file: &str) -> PathBuf {
    let mut path = PathBuf::from(CONTENT_DIR);
    if !dir.is_empty() {
        path.push(dir);
    }
    if !file.is_empty() {
        path.push(file);
    }
    path
}

/// What a walk of `content/` finds besides the pages.
#[derive(Default)]
struct Walked {
    assets: Vec<String>,
    symlinks: Vec<PathBuf>,
}

/// Collects Markdown files, assets and symbolic links under `content/<dir>`, in name order.
fn walk(
    root: &Path,
    dir: &str,
    config: &Config,
    found: &mut Vec<Found>,
    walked: &mut Walked,
    errors: &mut Vec<Error>,
) {
    let shown = content_path(dir, "");
    let Some(entries) = super::read_dir(root, &shown, errors) else {
        return;
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
        // Symbolic links are not followed: they could loop or lead out of the site. `check`
        // names each, so a page added that way does not vanish without a word.
        if file_type.is_symlink() {
            walked.symlinks.push(content_path(dir, &name));
            continue;
        }
        if file_type.is_dir() {
            if is_document && name == RELEASES_DIR {
                continue;
            }
            walk(root, &rel, config, found, walked, errors);
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
            walked.assets.push(rel);
        }
    }
}

pub(super) fn split_language(base: &str, config: &Config) -> Option<(String, Language)> {
    let (stem, code) = base.rsplit_once('.')?;
    let language = config.languages.iter().find(|l| l.code() == code)?;
    (!stem.is_empty()).then(|| (stem.to_string(), language.clone()))
}

pub(super) fn language_list(config: &Config) -> String {
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
