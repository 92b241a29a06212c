//! The theme's UI strings: a Fluent key a template uses that a locale lacks (an error: the
//! page would fail to render in that language), a key only some locales have, and a key
//! nothing uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::load::locales::CORE_KEYS;
use crate::load::locales::Locales;
use crate::load::theme::Theme;
use crate::model::language::Language;
use crate::report::{Code, Diagnostic};

/// Fluent keys used by the theme but missing in a locale, keys in one locale only, and
/// keys nobody uses.
pub fn fluent_keys(
    root: &Path,
    theme_name: &str,
    theme: &Theme,
    locales: &Locales,
) -> Vec<Diagnostic> {
    let templates_dir = PathBuf::from(crate::load::theme::THEMES_DIR)
        .join(theme_name)
        .join("templates");
    let mut used: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
    let mut prefixes: BTreeSet<String> = BTreeSet::new();
    for name in theme.template_names() {
        let path = templates_dir.join(&name);
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            continue;
        };
        for (offset, _) in text.match_indices("t(key=\"") {
            let rest = &text[offset + 7..];
            let Some(end) = rest.find('"') else { continue };
            let key = &rest[..end];
            let after = rest[end + 1..].trim_start();
            if after.starts_with('~') {
                prefixes.insert(key.to_string());
            } else {
                used.entry(key.to_string()).or_insert_with(|| {
                    (path.clone(), crate::report::error::line_of(&text, offset))
                });
            }
        }
    }
    for key in CORE_KEYS {
        used.entry(key.to_string())
            .or_insert_with(|| (PathBuf::from("locales"), 0));
    }
    let keys = &locales.keys;
    let mut found = Vec::new();
    for (key, (path, line)) in &used {
        for (language, defined) in keys {
            if !defined.contains_key(key) {
                found.push(Diagnostic::error(
                    path,
                    (*line > 0).then_some(*line),
                    Code::FluentMissing,
                    format!("Fluent key `{key}` is used here but missing in locales/{language}/"),
                ));
            }
        }
    }
    let all: BTreeSet<&String> = keys.values().flat_map(|k| k.keys()).collect();
    for key in all {
        let holders: Vec<&Language> = keys
            .iter()
            .filter(|(_, k)| k.contains_key(key))
            .map(|(l, _)| l)
            .collect();
        let origin = keys.values().find_map(|k| k.get(key));
        let Some(origin) = origin else { continue };
        let is_used =
            used.contains_key(key) || prefixes.iter().any(|p| key.starts_with(p.as_str()));
        if holders.len() < keys.len() && is_used {
            continue; // reported above as missing where it is used
        }
        if holders.len() < keys.len() {
            let missing: Vec<&str> = keys
                .keys()
                .filter(|l| !holders.contains(l))
                .map(|l| l.code())
                .collect();
            found.push(Diagnostic::warning(
                &origin.path,
                Some(origin.line),
                Code::FluentOneLocale,
                format!(
                    "Fluent key `{key}` is missing in locales/{}/",
                    missing.join(", locales/")
                ),
            ));
        } else if !is_used {
            found.push(Diagnostic::warning(
                &origin.path,
                Some(origin.line),
                Code::FluentUnused,
                format!("Fluent key `{key}` is not used by the theme"),
            ));
        }
    }
    found
}
