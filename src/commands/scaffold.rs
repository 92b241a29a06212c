//! `trustdocs init DIR` (a new site that builds at once, with the default theme and UI
//! strings copied in so they can be changed) and `trustdocs new DOC` (a document with one
//! page per language). Both refuse to overwrite anything that exists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::load::config::{CONFIG_FILE, Config};
use crate::model::content::CONTENT_DIR;
use crate::model::language::Language;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
static DEFAULT_LOCALES: Dir = include_dir!("$CARGO_MANIFEST_DIR/locales");

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{}: already exists; refusing to overwrite it", .0.display())]
    Exists(PathBuf),
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "`{0}` is not a document path: use lowercase letters, digits, `-` and `/`, e.g. manuals/api"
    )]
    BadName(String),
    #[error(
        "`--title {written}`: `{code}` is not a language of the site ({languages}); write `--title LANG=TITLE` with one of them, or a title alone for the default language"
    )]
    TitleLanguage {
        written: String,
        code: String,
        languages: String,
    },
    #[error("`--title {0}` gives a second title for the same language")]
    TitleTwice(String),
    #[error(transparent)]
    Site(#[from] crate::report::error::Error),
}

const SITE_YAML: &str = "\
# trustdocs site settings
title:
  ja: トラストポータル
  en: Trust Portal
base_url: https://trust.example.com/
languages: [ja, en]
default_language: ja
time_zone: Asia/Tokyo
theme: default
";

/// The new site's `.gitignore`: the build output, and the staging folders an interrupted
/// `build` or `release` leaves until the next run removes them (never to be committed).
/// A frozen copy's pending history entry (`releases/<version>/.trustdocs-release`) is not
/// ignored: committed, it still lets the next run finish the release.
pub const GITIGNORE: &str = "\
# trustdocs build output
/public/
# Staging folders of a build or a release that was interrupted; the next run removes them.
/.public.new-*/
/.public.old-*/
/content/**/releases/.*.new-*/
# What `trustdocs check --external` found working, kept for a day (cache it in CI instead).
/.trustdocs-cache/
";

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(ScaffoldError::Exists(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    let mut write = |rel: PathBuf, bytes: &[u8]| -> Result<(), ScaffoldError> {
        write_new(&dir.join(&rel), bytes)?;
        written.push(rel);
        Ok(())
    };
    write(PathBuf::from(CONFIG_FILE), SITE_YAML.as_bytes())?;
    write(PathBuf::from(".gitignore"), GITIGNORE.as_bytes())?;
    write(
        PathBuf::from("content/index.ja.md"),
        "---\ntitle: トラストポータル\ndescription: 当社サービスのセキュリティと運用に関する情報です。\n---\n\nこのポータルでは、当社サービスのセキュリティへの取り組みを公開しています。\n".as_bytes(),
    )?;
    write(
        PathBuf::from("content/index.en.md"),
        b"---\ntitle: Trust Portal\ndescription: Security and operations of our service.\n---\n\nThis portal describes how we protect your data.\n",
    )?;
    for (rel, bytes) in embedded(&DEFAULT_THEME, Path::new("themes/default")) {
        write(rel, bytes)?;
    }
    for (rel, bytes) in embedded(&DEFAULT_LOCALES, Path::new("locales")) {
        write(rel, bytes)?;
    }
    Ok(written)
}

fn embedded<'a>(dir: &'a Dir<'a>, base: &Path) -> Vec<(PathBuf, &'a [u8])> {
    let mut files = Vec::new();
    for file in dir.files() {
        files.push((base.join(file.path()), file.contents()));
    }
    for sub in dir.dirs() {
        files.extend(embedded(sub, base));
    }
    files
}

/// Creates `content/<doc>/index.<lang>.md` for every site language. `titles` are the
/// `--title` values: `ja=プライバシーポリシー`, `en=Privacy policy`, or a title alone for
/// the default language; a language without one gets the folder's name, never another
/// language's title.
pub fn new_document(
    root: &Path,
    doc: &str,
    titles: &[String],
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let valid = !doc.is_empty()
        && doc.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if !valid {
        return Err(ScaffoldError::BadName(doc.to_string()));
    }
    let config = Config::load(root)?;
    let titles = titles_by_language(titles, &config.languages)?;
    let folder_name = doc.rsplit('/').next().unwrap_or(doc);
    let folder = Path::new(CONTENT_DIR).join(doc);
    let files: Vec<PathBuf> = config
        .languages
        .iter()
        .map(|l| folder.join(format!("index.{}.md", l.code())))
        .collect();
    if let Some(existing) = files.iter().find(|f| root.join(f).exists()) {
        return Err(ScaffoldError::Exists(existing.clone()));
    }
    for (file, language) in files.iter().zip(&config.languages) {
        let title = titles.get(language).map_or(folder_name, String::as_str);
        let mut text = format!("---\ntitle: {}\n", yaml_string(title));
        if language != config.default_language() {
            text.push_str("# The revision of the authoritative page this translates:\n# translation_of: \"1.0\"\n");
        }
        text.push_str("---\n\n");
        text.push_str(match language.code() {
            "ja" => "## 1. はじめに {#introduction}\n\nここに本文を書きます。\n",
            _ => "## 1. Introduction {#introduction}\n\nWrite the text here.\n",
        });
        write_new(&root.join(file), text.as_bytes())?;
    }
    Ok(files)
}

/// The `--title` values by language: `LANG=TITLE`, or a title alone for the default
/// language (a title that holds `=` after something that is no language tag, such as
/// `A=B testing`, is a title alone).
fn titles_by_language(
    written: &[String],
    languages: &[Language],
) -> Result<BTreeMap<Language, String>, ScaffoldError> {
    let mut titles = BTreeMap::new();
    for value in written {
        let (language, title) = match value.split_once('=') {
            Some((code, title)) if looks_like_language_tag(code) => {
                let language = languages.iter().find(|l| l.code() == code).ok_or_else(|| {
                    ScaffoldError::TitleLanguage {
                        written: value.clone(),
                        code: code.to_string(),
                        languages: languages
                            .iter()
                            .map(|l| l.code())
                            .collect::<Vec<_>>()
                            .join(", "),
                    }
                })?;
                (language, title)
            }
            _ => (&languages[0], value.as_str()),
        };
        if titles
            .insert(language.clone(), title.trim().to_string())
            .is_some()
        {
            return Err(ScaffoldError::TitleTwice(value.clone()));
        }
    }
    Ok(titles)
}

/// `ja`, `en`, `pt-BR`, `zh-Hant`: letters and digits in parts joined by `-`.
fn looks_like_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    parts.next().is_some_and(|first| {
        (2..=3).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic())
    }) && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => ScaffoldError::Write {
                path: path.to_path_buf(),
                source,
            },
        })?;
    std::io::Write::write_all(&mut file, bytes).map_err(|source| ScaffoldError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_per_language_or_the_default_languages() {
        let languages: Vec<Language> = ["ja", "en", "pt-BR"]
            .iter()
            .map(|c| Language::of_site(c).unwrap())
            .collect();
        let given = |titles: &[&str]| {
            let titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
            titles_by_language(&titles, &languages).map(|found| {
                let mut found: Vec<String> = found
                    .into_iter()
                    .map(|(l, t)| format!("{}={t}", l.code()))
                    .collect();
                found.sort();
                found
            })
        };
        assert_eq!(
            given(&["ja=規約", "en=Terms", "pt-BR=Termos"]).unwrap(),
            ["en=Terms", "ja=規約", "pt-BR=Termos"]
        );
        // A title alone, even one holding `=`, is the default language's.
        assert_eq!(given(&["規約"]).unwrap(), ["ja=規約"]);
        assert_eq!(given(&["A/B = testing"]).unwrap(), ["ja=A/B = testing"]);
        assert!(matches!(
            given(&["fr=Conditions"]),
            Err(ScaffoldError::TitleLanguage { .. })
        ));
        assert!(matches!(
            given(&["規約", "ja=利用規約"]),
            Err(ScaffoldError::TitleTwice(_))
        ));
    }
}
