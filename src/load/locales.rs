//! The theme's UI strings, from Fluent files `locales/<lang>/*.ftl`, one bundle per site
//! language. Unicode isolation marks are off: the strings go into HTML, where the marks
//! would show up as stray characters in copied text and break attribute values.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use crate::load::config::Config;
use crate::load::text_file::read_text;
use crate::model::language::Language;
use crate::model::version::Version;
use crate::report::error::{Error, line_of};

pub const LOCALES_DIR: &str = "locales";
/// The key that names each language in itself, in the language switcher.
pub const LANGUAGE_NAME_KEY: &str = "language-name";
/// The key of the search page's title (also used by `search.html`).
pub const SEARCH_TITLE_KEY: &str = "search-page-title";
/// A version in the language's wording (第4.5版, Version 4.5): every header, table, banner,
/// breadcrumb and feed entry names a revision so.
pub const VERSION_KEY: &str = "version-number";
/// What "what changed" calls the text before a page's first heading.
pub const DIFF_OPENING_KEY: &str = "diff-section-opening";
/// The names a screen reader gives a task list's checkboxes in the text (完了, 未完了).
pub const TASK_DONE_KEY: &str = "task-done";
pub const TASK_NOT_DONE_KEY: &str = "task-not-done";
/// The keys the core itself asks for, whatever the theme's templates use.
pub const CORE_KEYS: &[&str] = &[
    LANGUAGE_NAME_KEY,
    SEARCH_TITLE_KEY,
    VERSION_KEY,
    DIFF_OPENING_KEY,
    TASK_DONE_KEY,
    TASK_NOT_DONE_KEY,
];

type Bundle = FluentBundle<FluentResource>;

/// Where a message is defined.
#[derive(Debug, Clone)]
pub struct KeyOrigin {
    pub path: PathBuf,
    pub line: usize,
}

pub struct Locales {
    bundles: BTreeMap<Language, Bundle>,
    /// Per language, every message id and where it is defined.
    pub keys: BTreeMap<Language, BTreeMap<String, KeyOrigin>>,
    /// Versions as `VERSION_KEY` words them, by language and version: every revision
    /// table row, banner and breadcrumb of a big site asks for a few dozen of them.
    version_labels: RwLock<HashMap<(Language, Version), String>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales").field("keys", &self.keys).finish()
    }
}

impl Locales {
    /// No messages at all: lets the theme load (and report its own errors) when the
    /// Fluent files are broken.
    pub fn empty() -> Locales {
        Locales {
            bundles: BTreeMap::new(),
            keys: BTreeMap::new(),
            version_labels: RwLock::default(),
        }
    }

    /// Loads `locales/<lang>/*.ftl` for every site language.
    pub fn load(root: &Path, config: &Config) -> Result<Locales, Vec<Error>> {
        let mut bundles = BTreeMap::new();
        let mut keys = BTreeMap::new();
        let mut errors = Vec::new();
        for language in &config.languages {
            let dir = PathBuf::from(LOCALES_DIR).join(language.code());
            let mut files: Vec<PathBuf> = match std::fs::read_dir(root.join(&dir)) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                    .filter(|p| {
                        !crate::load::is_ignored(
                            &p.file_name().unwrap_or_default().to_string_lossy(),
                        )
                    })
                    .filter_map(|p| p.file_name().map(|n| dir.join(n)))
                    .collect(),
                Err(_) => Vec::new(),
            };
            files.sort();
            if files.is_empty() {
                errors.push(Error::MissingLocale {
                    path: dir,
                    language: language.code().to_string(),
                });
                continue;
            }
            let langid = language.code().parse().unwrap_or_default();
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            let mut language_keys = BTreeMap::new();
            for file in files {
                match load_file(root, &file, &mut bundle, &mut language_keys) {
                    Ok(()) => {}
                    Err(mut e) => errors.append(&mut e),
                }
            }
            bundles.insert(language.clone(), bundle);
            keys.insert(language.clone(), language_keys);
        }
        if errors.is_empty() {
            Ok(Locales {
                bundles,
                keys,
                version_labels: RwLock::default(),
            })
        } else {
            Err(errors)
        }
    }

    /// A version in the language's wording (`VERSION_KEY`: 第4.5版, Version 4.5); the bare
    /// number when the key is missing (`check` reports that).
    pub fn version_label(&self, language: &Language, version: Version) -> String {
        let key = (language.clone(), version);
        let read = self
            .version_labels
            .read()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(label) = read.get(&key) {
            return label.clone();
        }
        drop(read);
        let mut args = FluentArgs::new();
        args.set("version", version.to_string());
        let label = self
            .message(language.code(), VERSION_KEY, Some(&args))
            .unwrap_or_else(|_| version.to_string());
        let mut write = self
            .version_labels
            .write()
            .unwrap_or_else(|e| e.into_inner());
        write.insert(key, label.clone());
        label
    }

    /// The message `key` in `language`, with Fluent arguments.
    /// A language's name in itself (日本語, English), from the key `language-name`.
    pub fn language_name(&self, language: &Language) -> Result<String, Error> {
        self.message(language.code(), LANGUAGE_NAME_KEY, None)
            .map_err(|message| Error::Fluent {
                path: PathBuf::from(LOCALES_DIR).join(language.code()),
                line: 1,
                message,
            })
    }

    pub fn message(
        &self,
        language: &str,
        key: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, String> {
        let bundle = self
            .bundles
            .iter()
            .find(|(l, _)| l.code() == language)
            .map(|(_, b)| b)
            .ok_or_else(|| format!("no Fluent messages for language `{language}`"))?;
        let pattern = bundle
            .get_message(key)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("Fluent key `{key}` is missing in locales/{language}/"))?;
        let mut problems = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut problems);
        match problems.first() {
            None => Ok(text.into_owned()),
            Some(p) => Err(format!("Fluent key `{key}` in locales/{language}/: {p}")),
        }
    }
}

fn load_file(
    root: &Path,
    file: &Path,
    bundle: &mut Bundle,
    keys: &mut BTreeMap<String, KeyOrigin>,
) -> Result<(), Vec<Error>> {
    let text = read_text(&root.join(file), file).map_err(|e| vec![e])?;
    let resource = match FluentResource::try_new(text.clone()) {
        Ok(resource) => resource,
        Err((_, problems)) => {
            return Err(problems
                .into_iter()
                .map(|p| Error::Fluent {
                    path: file.to_path_buf(),
                    line: line_of(&text, p.pos.start),
                    message: p.kind.to_string(),
                })
                .collect());
        }
    };
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let id = m.id.name;
            keys.insert(
                id.to_string(),
                KeyOrigin {
                    path: file.to_path_buf(),
                    line: line_of_message(&text, id),
                },
            );
        }
    }
    bundle.add_resource(resource).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| Error::Fluent {
                path: file.to_path_buf(),
                line: 1,
                message: p.to_string(),
            })
            .collect()
    })
}

fn line_of_message(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(id)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(source: &str) -> Result<Locales, Vec<Error>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/ja")).unwrap();
        std::fs::write(dir.path().join("locales/ja/main.ftl"), source).unwrap();
        let config = Config::parse(
            "title: {ja: T}\nbase_url: https://x.example/\nlanguages: [ja]\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        Locales::load(dir.path(), &config)
    }

    #[test]
    fn messages_have_no_isolation_marks() {
        let locales = bundle("hello = こんにちは、{ $name }さん\n").unwrap();
        let mut args = FluentArgs::new();
        args.set("name", "山田");
        assert_eq!(
            locales.message("ja", "hello", Some(&args)).unwrap(),
            "こんにちは、山田さん"
        );
        assert!(
            locales
                .message("ja", "missing", None)
                .unwrap_err()
                .contains("missing")
        );
    }

    #[test]
    fn syntax_error_names_the_line() {
        let errors = bundle("a = A\nb = B\nthis is not fluent\n").unwrap_err();
        assert!(
            matches!(errors[0], Error::Fluent { line: 3, .. }),
            "{}",
            errors[0]
        );
    }
}
