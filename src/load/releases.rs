//! A document's revisions on disk: its `history.yaml` and the frozen copies of its pages
//! under `releases/<version>/` (with the files frozen beside them: `frozen_assets.rs`),
//! each checked against the other (a frozen copy the history does not list is an error).

use std::collections::BTreeMap;
use std::path::Path;

use crate::load::config::Config;
use crate::load::content::{content_path, language_list, parse_source, split_language};
use crate::load::frozen_assets;
use crate::load::is_ignored;
use crate::load::text_file::read_text;
use crate::model::content::*;
use crate::model::language::Language;
use crate::model::version::Version;
use crate::report::error::Error;

/// Reads a document's `history.yaml` and its frozen copies under `releases/`.
pub(super) fn load_history(
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
    frozen_assets::compare_working(root, doc);
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
    let files = frozen_assets::list(root, &dir).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        Vec::new()
    });
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
        assets: frozen_assets::frozen(root, &doc.dir, version, files, doc.releases.last()),
    })
}
