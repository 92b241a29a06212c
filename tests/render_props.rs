//! Property tests: random Markdown, front matter, `history.yaml` and `site.yaml` text fed
//! through the library's parsing and rendering stages. Whatever a writer types, these
//! stages return a value or an error naming a line; they never panic, and what they return
//! holds together (heading ids unique on a page, lines inside the file, same input, same
//! output).
//!
//! Inputs are mixes of the syntax that makes the stages work hard — Japanese text beside
//! `**`, `{#id}` attributes, links with `#fragments`, tables, footnotes, soft breaks, YAML
//! anchors, tabs and flow collections — plus arbitrary Unicode. Case counts are bounded so
//! the file runs in a few seconds; `PROPTEST_CASES=5000 cargo test --test render_props`
//! runs longer.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use trustdocs::load::config::Config;
use trustdocs::load::history;
use trustdocs::markdown::{Input, Rendered, render};
use trustdocs::model::language::Language;
use trustdocs::model::urls::Urls;
use trustdocs::plan::links::LinkTable;

const SITE: &str =
    "title: {ja: テスト, en: Test}\nbase_url: https://x.example/sub/\nlanguages: [ja, en]\n";

fn config() -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(200),
        // A shrunk failure is printed; no regression files are written into the tree.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..proptest::test_runner::Config::default()
    }
}

fn languages() -> Vec<Language> {
    ["ja", "en"]
        .iter()
        .map(|c| Language::parse(c).expect("a language"))
        .collect()
}

/// A link table of a small real site (home, a document, a manual with a chapter, an
/// image), so that generated links resolve, miss, climb out and carry fragments.
fn site_links() -> &'static LinkTable {
    static TABLE: OnceLock<LinkTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        let page = |rel: &str, title: &str| {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            std::fs::write(path, format!("---\ntitle: {title}\n---\n\n本文\n")).expect("write");
        };
        for lang in ["ja", "en"] {
            page(&format!("index.{lang}.md"), "ホーム");
            page(&format!("guide/index.{lang}.md"), "ガイド");
            page(&format!("manuals/mg/index.{lang}.md"), "マニュアル");
            page(&format!("manuals/mg/01-setup.{lang}.md"), "設定");
        }
        std::fs::write(root.join("content/manuals/mg/a b.png"), b"png").expect("write");
        let config = Config::parse(SITE, Path::new("site.yaml")).expect("site.yaml");
        let corpus = trustdocs::load::content::load(root, &config, jiff::civil::date(2025, 7, 1))
            .expect("the small site loads");
        LinkTable::new(
            &corpus,
            &config.languages,
            &Urls::new(&config.origin, &config.base_path),
        )
    })
}

fn render_in(body: &str, dir: &str, language: &Language, links: &LinkTable) -> Rendered {
    let (rendered, errors) = render(&Input {
        body,
        body_line: 4,
        path: Path::new("content/guide/index.ja.md"),
        dir,
        language,
        links,
        sections: true,
        shortcodes: None,
        blocks: true,
        assets: None,
    });
    let last_line = 4 + body.matches('\n').count();
    for error in &errors {
        let line = error.line().unwrap_or(4);
        assert!(
            (4..=last_line).contains(&line),
            "error {error} is outside the body (lines 4..={last_line})"
        );
    }
    for link in &rendered.facts.links {
        assert!(
            (4..=last_line).contains(&link.line),
            "link {:?} is on line {}, outside the body",
            link.written,
            link.line
        );
    }
    rendered
}

/// Ids repeat only where an explicit `{#id}` repeats, and each repeat is reported.
fn assert_ids_unique(rendered: &Rendered) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in &rendered.facts.heading_ids {
        *seen.entry(id).or_default() += 1;
    }
    let repeats: usize = seen.values().map(|n| n - 1).sum();
    assert_eq!(
        repeats,
        rendered.facts.duplicate_ids.len(),
        "ids {:?}, reported duplicates {:?}",
        rendered.facts.heading_ids,
        rendered.facts.duplicate_ids
    );
    for (id, _) in &rendered.facts.duplicate_ids {
        assert!(seen[id.as_str()] > 1, "{id} reported twice but used once");
    }
    for entry in &rendered.toc {
        assert!(
            rendered.facts.heading_ids.contains(&entry.id),
            "toc entry {} is not a heading id",
            entry.id
        );
    }
}

// ---------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------

/// Short text mixing ASCII, Japanese (kana, kanji, brackets and punctuation), emphasis
/// marks, escapes and the odd control or combining character.
fn words() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("日本語".to_string()),
        Just("文章です。".to_string()),
        Just("「重要」".to_string()),
        Just("（注）".to_string()),
        Just("、".to_string()),
        Just("カタカナ".to_string()),
        Just("word".to_string()),
        Just(" ".to_string()),
        Just("**".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("~~".to_string()),
        Just("`".to_string()),
        Just("\\*\\*".to_string()),
        Just("\\".to_string()),
        Just("<b>".to_string()),
        Just("&amp;".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{301}".to_string()),
        Just("😀".to_string()),
        Just("\u{feff}".to_string()),
        Just("\t".to_string()),
        "[a-zA-Z0-9ぁ-んァ-ン一-龥]{1,6}",
    ];
    prop::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

fn link_target() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("guide/index.md".to_string()),
        Just("../index.md".to_string()),
        Just("index.en.md#intro".to_string()),
        Just("manuals/mg/01-setup.ja.md#a".to_string()),
        Just("manuals/mg/01-setup.md".to_string()),
        Just("manuals/mg/a%20b.png".to_string()),
        Just("<manuals/mg/a b.png>".to_string()),
        Just("missing.md#x".to_string()),
        Just("../../../../etc/passwd".to_string()),
        Just("#intro".to_string()),
        Just("#".to_string()),
        Just("https://example.com/a.md".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("mailto:a@example.com".to_string()),
        Just("%E3%82.md".to_string()),
        Just("?q=1#x".to_string()),
        Just("guide/".to_string()),
        Just("/abs/path".to_string()),
        "[a-z.%#/]{0,12}",
    ]
}

/// One block or inline fragment of Markdown.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => words(),
        2 => (1usize..7, words()).prop_map(|(n, w)| format!("\n{} {w}\n", "#".repeat(n))),
        2 => (words(), "[a-z0-9-]{0,6}").prop_map(|(w, id)| format!("\n## {w} {{#{id}}}\n")),
        1 => words().prop_map(|w| format!("\n{w}\n===\n")),
        3 => (words(), link_target()).prop_map(|(w, t)| format!("[{w}]({t})")),
        1 => (words(), link_target()).prop_map(|(w, t)| format!("![{w}]({t})")),
        1 => link_target().prop_map(|t| format!("[ref]\n\n[ref]: {t}\n")),
        1 => Just("\n| a | 日本 |\n| --- | :-: |\n| 1 | **「表」** |\n".to_string()),
        1 => Just("| x |\n|---|\n".to_string()),
        1 => Just("[^1]".to_string()),
        1 => Just("\n[^1]: 脚注です。\n".to_string()),
        1 => Just("\n[^a]: [^a]\n".to_string()),
        3 => Just("\n".to_string()),
        2 => Just("\n\n".to_string()),
        1 => Just("  \n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\n- ".to_string()),
        1 => Just("\n1. ".to_string()),
        1 => Just("\n> ".to_string()),
        1 => Just("\n- [ ] ".to_string()),
        1 => Just("\n```\ncode **not bold**\n".to_string()),
        1 => Just("\n```\n".to_string()),
        1 => Just("\n    indented\n".to_string()),
        1 => Just("<div>\n".to_string()),
        1 => Just("<!-- ".to_string()),
        1 => Just("{#".to_string()),
        1 => Just("}".to_string()),
        1 => Just("\n---\n".to_string()),
        1 => any::<String>(),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|f| f.concat())
}

/// A YAML value of the kinds writers get wrong.
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        words(),
        Just("\"quoted 「日本語」\"".to_string()),
        Just("'single'".to_string()),
        Just("\"unclosed".to_string()),
        Just("[a, b".to_string()),
        Just("[1, [2, [3]]]".to_string()),
        Just("{ja: あ, en: a}".to_string()),
        Just("{ja: あ".to_string()),
        Just("2025-07-01".to_string()),
        Just("2025-13-45".to_string()),
        Just("9999-12-31".to_string()),
        Just("\"4.5\"".to_string()),
        Just("4.10".to_string()),
        Just("4".to_string()),
        Just("-1".to_string()),
        Just("1e309".to_string()),
        Just("true".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("&anchor x".to_string()),
        Just("*anchor".to_string()),
        Just("*nowhere".to_string()),
        Just("!!binary aGk=".to_string()),
        Just("!custom x".to_string()),
        Just("|\n  block\n  text".to_string()),
        Just(">-\n  folded".to_string()),
        Just("\ttab".to_string()),
        Just("".to_string()),
        Just("https://x.example/".to_string()),
        Just("Asia/Tokyo".to_string()),
        Just("Mars/Olympus".to_string()),
        "[ -~]{0,12}",
    ]
}

fn yaml_key() -> impl Strategy<Value = String> {
    prop_oneof![
        // front matter
        Just("title".to_string()),
        Just("description".to_string()),
        Just("type".to_string()),
        Just("date".to_string()),
        Just("category".to_string()),
        Just("translation_of".to_string()),
        Just("toc".to_string()),
        Just("weight".to_string()),
        // site.yaml
        Just("base_url".to_string()),
        Just("languages".to_string()),
        Just("default_language".to_string()),
        Just("time_zone".to_string()),
        Just("theme".to_string()),
        // history.yaml
        Just("version".to_string()),
        Just("summary".to_string()),
        Just("ja".to_string()),
        Just("en".to_string()),
        Just("titel".to_string()),
        Just("? complex".to_string()),
        Just("<<".to_string()),
        "[a-z_]{1,8}",
    ]
}

/// Lines of YAML: keys and values, list items, indentation, document markers, comments.
fn yaml() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        5 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("{k}: {v}\n")),
        3 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("  {k}: {v}\n")),
        2 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("- {k}: {v}\n")),
        1 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("    {k}: {v}\n")),
        1 => yaml_value().prop_map(|v| format!("- {v}\n")),
        1 => yaml_key().prop_map(|k| format!("{k}:\n")),
        1 => Just("---\n".to_string()),
        1 => Just("...\n".to_string()),
        1 => Just("# comment\n".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\t- x\n".to_string()),
        1 => any::<String>(),
    ];
    prop::collection::vec(line, 0..16).prop_map(|l| l.concat())
}

/// Random front matter around a random body, including the ways `---` goes wrong.
fn page_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("---\n"),
            Just("---\r\n"),
            Just("\u{feff}---\n"),
            Just("--- \n"),
            Just(""),
        ],
        yaml(),
        prop_oneof![Just("---\n"), Just("...\n"), Just("--- x\n"), Just("")],
        markdown(),
    )
        .prop_map(|(open, yaml, close, body)| format!("{open}{yaml}{close}{body}"))
}

// ---------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_renders_without_panic_and_ids_stay_unique(body in markdown()) {
        let ja = Language::parse("ja").expect("ja");
        let en = Language::parse("en").expect("en");
        let empty = LinkTable::default();
        for (dir, language, links) in [
            ("guide", &ja, &empty),
            ("guide", &ja, site_links()),
            ("manuals/mg", &en, site_links()),
            ("", &en, site_links()),
        ] {
            let rendered = render_in(&body, dir, language, links);
            assert_ids_unique(&rendered);
            let again = render_in(&body, dir, language, links);
            prop_assert_eq!(&rendered.html, &again.html, "same input, same output");
        }
    }

    #[test]
    fn arbitrary_text_renders_without_panic(body in any::<String>()) {
        let ja = Language::parse("ja").expect("ja");
        let rendered = render_in(&body, "guide", &ja, site_links());
        assert_ids_unique(&rendered);
    }

    #[test]
    fn front_matter_parses_or_names_a_line(text in page_text()) {
        let path = Path::new("content/guide/index.ja.md");
        match trustdocs::load::front_matter::parse(&text, path) {
            Ok(parsed) => {
                prop_assert!(parsed.body_line >= 1);
                prop_assert!(text.ends_with(parsed.body), "the body is the end of the file");
                prop_assert!(parsed.body_line <= 1 + text.matches('\n').count());
                // What parses also renders.
                let ja = Language::parse("ja").expect("ja");
                let rendered = render_in(parsed.body, "guide", &ja, site_links());
                assert_ids_unique(&rendered);
            }
            Err(error) => {
                prop_assert_eq!(error.path(), path);
                let line = error.line().unwrap_or(1);
                prop_assert!(line >= 1 && line <= 1 + text.matches('\n').count(), "{error}");
            }
        }
    }

    #[test]
    fn history_parses_or_names_its_lines(text in yaml()) {
        let path = Path::new("content/guide/history.yaml");
        let today = jiff::civil::date(2025, 7, 1);
        let languages = languages();
        match history::parse(&text, path, &languages, today) {
            Ok(history) => {
                for pair in history.revisions.windows(2) {
                    prop_assert!(pair[0].version < pair[1].version);
                    prop_assert!(pair[0].date <= pair[1].date);
                }
                for revision in &history.revisions {
                    prop_assert!(revision.date <= today);
                    prop_assert!(revision.line >= 1);
                    for language in &languages {
                        prop_assert!(revision.summary.get(language).is_some_and(|s| !s.is_empty()));
                    }
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert_eq!(error.path(), path);
                    prop_assert!(error.line().unwrap_or(1) >= 1, "{error}");
                }
            }
        }
    }

    #[test]
    fn site_yaml_parses_or_names_a_line(text in yaml()) {
        let path = Path::new("site.yaml");
        match Config::parse(&text, path) {
            Ok(config) => {
                prop_assert!(!config.languages.is_empty());
                for language in &config.languages {
                    prop_assert!(config.title.contains_key(language));
                }
            }
            Err(error) => {
                prop_assert_eq!(error.path(), path);
                prop_assert!(error.line().unwrap_or(1) >= 1, "{error}");
            }
        }
    }

    #[test]
    fn text_decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let path = Path::new("content/x.ja.md");
        if let Ok(text) = trustdocs::load::text_file::decode(bytes, path) {
            let bom = '\u{feff}';
            prop_assert!(!text.starts_with(bom));
            prop_assert!(!text.contains("\r\n"));
        }
    }
}
