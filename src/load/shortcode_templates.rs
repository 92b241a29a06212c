//! The theme's shortcodes: each template under `templates/shortcodes/` is one, named after
//! its file (`shortcodes/subprocessors.html` is `{{ subprocessors() }}`), and takes the
//! arguments its template reads as `args.<name>`. Found once per theme load, so a call in
//! Markdown is checked against them (an unknown shortcode or argument, with a "did you
//! mean") before anything is rendered.

use std::collections::{BTreeMap, BTreeSet};

/// Where shortcode templates live, under `templates/`.
pub const SHORTCODES_DIR: &str = "shortcodes";

/// Shortcode name → the arguments its template reads.
pub type ShortcodeTemplates = BTreeMap<String, BTreeSet<String>>;

/// The shortcodes among the theme's templates (name, source).
pub fn find(sources: &[(String, String)]) -> ShortcodeTemplates {
    sources
        .iter()
        .filter_map(|(name, source)| {
            let name = name
                .strip_prefix(SHORTCODES_DIR)?
                .strip_prefix('/')?
                .strip_suffix(".html")?;
            let valid = !name.is_empty() && name.bytes().all(is_name_byte);
            valid.then(|| (name.to_string(), arguments(source)))
        })
        .collect()
}

/// The template's name for shortcode `name`.
pub fn template_name(name: &str) -> String {
    format!("{SHORTCODES_DIR}/{name}.html")
}

/// A byte of a shortcode's or an argument's name.
pub fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
}

/// Every `args.<name>` the template source reads.
fn arguments(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in source.match_indices("args.") {
        let before = source[..at].bytes().next_back();
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
            continue;
        }
        let rest = &source[at + "args.".len()..];
        let end = rest
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(rest.len());
        if end > 0 {
            found.insert(rest[..end].to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcode_takes_the_arguments_its_template_reads() {
        let sources = vec![
            (
                "shortcodes/note.html".to_string(),
                "{% if args.kind is defined %}{{ args.kind }}{% endif %}{{ args.title | default(value='') }} {{ myargs.x }}"
                    .to_string(),
            ),
            ("base.html".to_string(), "{{ args.nothing }}".to_string()),
            ("shortcodes/Bad Name.html".to_string(), String::new()),
        ];
        let found = find(&sources);
        assert_eq!(found.keys().collect::<Vec<_>>(), ["note"]);
        assert_eq!(found["note"].iter().collect::<Vec<_>>(), ["kind", "title"]);
    }
}
