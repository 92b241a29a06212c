//! The hostile-input corpus itself: the good base site every case starts from, the table
//! of cases (what each does to the site and what `build` and `check` must then say), and
//! the generators of inputs too large to commit.

use std::path::Path;
use std::time::Duration;

use super::Line::{At, No, Within};
use super::support::{Site, copy_dir, repo};
use super::{Case, Out, error, warning};

const SITE: &str = "site.yaml";
const HOME_JA: &str = "content/index.ja.md";
const HOME_EN: &str = "content/index.en.md";
const GUIDE_JA: &str = "content/guide/index.ja.md";
const GUIDE_EN: &str = "content/guide/index.en.md";
const HISTORY: &str = "content/guide/history.yaml";
const TEMPLATES: &str = "themes/default/templates";
const DATA_SUBPROCESSORS: &str = "data/subprocessors.yaml";
const DATA_CERTIFICATIONS: &str = "data/certifications.yaml";
/// A good subprocessors file (its second entry starts on line 9).
const SUBPROCESSOR: &str = "- id: example\n  name: Example Service\n  operator: Example, Inc.\n  purpose: {ja: 基盤, en: Infrastructure}\n  data: {ja: すべて, en: All}\n  locations: [JP]\n  added: 2020-01-01\n";

// ---------------------------------------------------------------------------------------
// The good base site. Line numbers below are relied on by the expectations.
// ---------------------------------------------------------------------------------------

/// 8 lines: anything appended starts on line 9.
const SITE_YAML: &str = "title:
  ja: テスト
  en: Test
base_url: https://trust.example.test/
languages: [ja, en]
default_language: ja
time_zone: Asia/Tokyo
theme: default
";

/// `site.yaml` naming `name` as its theme (on line 8).
fn theme(site: &Site, name: &str) {
    let text = SITE_YAML.replace("theme: default", &format!("theme: {name}"));
    site.write(SITE, &text);
}

/// The link to the guide is on line 5.
const HOME_JA_TEXT: &str = "---\ntitle: ホーム\n---\n\n[ガイド](guide/index.md)\n";
const HOME_EN_TEXT: &str = "---\ntitle: Home\n---\n\n[Guide](guide/index.md)\n";
const GUIDE_JA_TEXT: &str = "---\ntitle: ガイド\n---\n\n## はじめに {#intro}\n\n本文です。\n";
const GUIDE_EN_TEXT: &str =
    "---\ntitle: Guide\ntranslation_of: \"1.0\"\n---\n\n## Intro {#intro}\n\nBody.\n";
/// One released revision; the second entry of a history appended to it starts on line 6.
const HISTORY_TEXT: &str =
    "- version: \"1.0\"\n  date: 2025-04-01\n  summary:\n    ja: 初版\n    en: First\n";

/// Writes the good site: a home page and a document released as 1.0, in Japanese and
/// English, with the repository's theme and UI strings.
pub fn write_base(site: &Site) {
    site.write(SITE, SITE_YAML)
        .write(HOME_JA, HOME_JA_TEXT)
        .write(HOME_EN, HOME_EN_TEXT)
        .write(GUIDE_JA, GUIDE_JA_TEXT)
        .write(GUIDE_EN, GUIDE_EN_TEXT)
        .write(HISTORY, HISTORY_TEXT)
        .write("content/guide/releases/1.0/index.ja.md", GUIDE_JA_TEXT)
        .write("content/guide/releases/1.0/index.en.md", GUIDE_EN_TEXT);
    for shared in ["themes", "locales"] {
        copy_dir(&repo().join(shared), &site.path(shared));
    }
}

/// A document under `content/<dir>/` released as 1.0, so that `build` publishes it.
fn released_doc(site: &Site, dir: &str, ja: &str, en: &str) {
    let ja_text = format!("---\ntitle: {ja}\n---\n\n## 本文 {{#body}}\n\n{ja}の本文です。\n");
    let en_text =
        format!("---\ntitle: {en}\ntranslation_of: \"1.0\"\n---\n\n## Body {{#body}}\n\n{en}.\n");
    for (lang, text) in [("ja", &ja_text), ("en", &en_text)] {
        site.write(&format!("content/{dir}/index.{lang}.md"), text)
            .write(&format!("content/{dir}/releases/1.0/index.{lang}.md"), text);
    }
    site.write(&format!("content/{dir}/history.yaml"), HISTORY_TEXT);
}

// ---------------------------------------------------------------------------------------
// The cases: one `#[test]` each, named after its entry (`hostile_cases!`).
// ---------------------------------------------------------------------------------------

hostile_cases! {
    // --- Front matter: bad YAML of many kinds --------------------------------------
    front_matter_indented_with_a_tab: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: ガイド\n\tdescription: x\n---\n\n本文\n");
    })
    // The tab is on line 3; serde-saphyr reports the plain scalar it continues (line 2).
    .fails([error(GUIDE_JA, Within(2, 3), "yaml", "tab")]),
    front_matter_with_an_unclosed_flow_sequence: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: [ガイド, 説明\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, Within(2, 3), "yaml", "")]),
    front_matter_with_an_unclosed_quote: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: \"ガイド\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, Within(2, 3), "yaml", "")]),
    front_matter_with_a_duplicate_key: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: ガイド\ntitle: 別\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, At(3), "yaml", "duplicate")]),
    front_matter_with_a_wrong_type: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: ガイド\ntoc: maybe\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, At(3), "yaml", "boolean")]),
    front_matter_with_a_typo_in_a_key: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: ガイド\ntitel: 誤字\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, At(3), "yaml", "did you mean `title`")]),
    front_matter_that_is_a_list: Case::new(|s| {
        s.write(GUIDE_JA, "---\n- title\n- ガイド\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, At(2), "yaml", "mapping")]),
    front_matter_that_is_a_scalar: Case::new(|s| {
        s.write(GUIDE_JA, "---\nただの文字列\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, At(2), "yaml", "mapping")]),
    front_matter_that_is_only_the_opening_dashes: Case::new(|s| {
        s.write(GUIDE_JA, "---\n");
    })
    .fails([error(GUIDE_JA, At(1), "front-matter", "never closed")]),
    empty_front_matter: Case::new(|s| {
        s.write(GUIDE_JA, "---\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, Within(1, 2), "yaml", "title")]),
    an_empty_page_file: Case::new(|s| {
        s.write(GUIDE_EN, "");
    })
    .fails([error(GUIDE_EN, At(1), "yaml", "title")]),
    a_page_with_broken_front_matter_is_not_also_called_missing: Case::new(|s| {
        s.write(GUIDE_JA, "---\ntitle: [\n---\n\n本文\n");
    })
    .fails([error(GUIDE_JA, Within(2, 3), "yaml", "")])
    .absent(&["has no ja version"]),
    // --- Alias bombs and deep nesting ------------------------------------------------
    alias_bomb_in_front_matter: Case::new(|s| {
        s.write(GUIDE_JA, &format!("---\ntitle: x\n{}---\n\n本文\n", alias_bomb("")));
    })
    .fails([error(GUIDE_JA, Within(2, 12), "yaml", "")]),
    alias_bomb_in_a_front_matter_value: Case::new(|s| {
        let bomb = alias_bomb("  ");
        s.write(GUIDE_JA, &format!("---\ntitle:\n{bomb}---\n\n本文\n"));
    })
    .fails([error(GUIDE_JA, Within(2, 12), "yaml", "")]),
    alias_bomb_in_site_yaml: Case::new(|s| {
        s.append_bytes(SITE, format!("description:\n  zz:\n{}", alias_bomb("    ")).as_bytes());
    })
    .fails([error(SITE, Within(9, 20), "yaml", "")]),
    alias_bomb_in_history_yaml: Case::new(|s| {
        let bomb = alias_bomb("    ");
        let text = format!("- version:\n{bomb}  date: 2025-04-01\n  summary: {{ja: a, en: b}}\n");
        s.write(HISTORY, &text);
    })
    // `version` is an untagged enum, so serde buffers the whole node: the budget stops it.
    .fails([error(HISTORY, Within(1, 12), "yaml", "")]),
    ten_thousand_open_brackets_in_front_matter: Case::new(|s| {
        s.write(GUIDE_JA, &format!("---\ntitle: {}\n---\n\n本文\n", "[".repeat(10_000)));
    })
    .fails([error(GUIDE_JA, At(2), "yaml", "")]),
    ten_thousand_open_brackets_in_site_yaml: Case::new(|s| {
        s.append_bytes(SITE, format!("description: {}\n", "[".repeat(10_000)).as_bytes());
    })
    .fails([error(SITE, At(9), "yaml", "")]),
    ten_thousand_open_brackets_in_history_yaml: Case::new(|s| {
        s.write(HISTORY, &format!("- version: {}\n", "[".repeat(10_000)));
    })
    .fails([error(HISTORY, At(1), "yaml", "")]),
    ten_thousand_nested_quotes_lists_and_brackets_in_markdown: Case::new(|s| {
        let body = format!(
            "{}\n\n{}\n\n{}x\n\n{}\n",
            ">".repeat(10_000),
            "[".repeat(10_000),
            "- ".repeat(10_000),
            "*".repeat(10_000)
        );
        s.write(HOME_JA, &format!("---\ntitle: 深い\n---\n\n{body}"));
    })
    .works([Out::Contains("ja/index.html", "<blockquote>")]),
    // --- Encodings and line ends ------------------------------------------------------
    invalid_utf8_in_a_page: Case::new(|s| {
        s.write_bytes(GUIDE_JA, b"---\ntitle: x\n---\n\nok\nbad \xff\xfe here\n");
    })
    .fails([error(GUIDE_JA, At(6), "utf8", "UTF-8")]),
    invalid_utf8_in_site_yaml: Case::new(|s| {
        s.append_bytes(SITE, b"# \xc3\x28\n");
    })
    .fails([error(SITE, At(9), "utf8", "UTF-8")]),
    invalid_utf8_in_history_yaml: Case::new(|s| {
        s.append_bytes(HISTORY, b"# \xc3\x28\n");
    })
    .fails([error(HISTORY, At(6), "utf8", "UTF-8")]),
    invalid_utf8_in_a_fluent_file: Case::new(|s| {
        s.write_bytes("locales/en/zz-bad.ftl", b"# comment\nzz-bad = \xc3\x28\n");
    })
    .fails([error("locales/en/zz-bad.ftl", At(2), "utf8", "UTF-8")]),
    invalid_utf8_in_a_template: Case::new(|s| {
        s.write_bytes(&format!("{TEMPLATES}/zz-bad.html"), b"<p>\n\xc3\x28</p>\n");
    })
    .fails([error(
        "themes/default/templates/zz-bad.html",
        At(2),
        "utf8",
        "UTF-8",
    )]),
    a_byte_order_mark_on_every_kind_of_file: Case::new(|s| {
        for file in [SITE, GUIDE_JA, HOME_JA, HISTORY, "locales/ja/main.ftl"] {
            s.prepend_bytes(file, "\u{feff}".as_bytes());
        }
        s.prepend_bytes(&format!("{TEMPLATES}/base.html"), "\u{feff}".as_bytes());
    })
    .works([
        Out::Contains("ja/index.html", "ホーム"),
        Out::Contains("ja/guide/index.html", "id=\"intro\""),
    ]),
    crlf_line_ends_on_every_kind_of_file: Case::new(|s| {
        for file in [SITE, GUIDE_JA, GUIDE_EN, HOME_JA, HISTORY, "locales/ja/main.ftl"] {
            let text = s.read(file);
            s.write(file, &text.replace('\n', "\r\n"));
        }
        for file in ["releases/1.0/index.ja.md", "releases/1.0/index.en.md"] {
            let path = format!("content/guide/{file}");
            let text = s.read(&path);
            s.write(&path, &text.replace('\n', "\r\n"));
        }
    })
    .works([
        Out::Contains("ja/guide/index.html", "<h2 id=\"intro\">"),
        Out::Contains("ja/guide/index.html", "ガイド"),
        Out::Lacks("ja/guide/index.html", "\r"),
    ]),
    // --- Size ----------------------------------------------------------------------
    // 50 MB of Markdown takes the debug binary 9–19 s on two quiet cores and is slower on a
    // busy machine; a hang or a quadratic step would still blow far past a minute.
    a_50_mb_page: Case::new(|s| {
        s.write(HOME_JA, &big_page(50 * 1024 * 1024));
    })
    .limit(Duration::from_secs(60))
    .works([Out::Contains("ja/index.html", "見出し 0")]),
    ten_thousand_links_on_one_page: Case::new(|s| {
        let mut text = String::from("---\ntitle: リンク\n---\n\n");
        for i in 0..10_000 {
            text.push_str(&format!("段落 {i} [ガイド](guide/index.md#intro)\n\n"));
        }
        s.write(HOME_JA, &text);
    })
    .works([Out::Contains("ja/index.html", "段落 9999")]),
    a_line_of_a_million_characters: Case::new(|s| {
        let line = "長い行です。".repeat(200_000);
        s.write(HOME_JA, &format!("---\ntitle: 長い\n---\n\n{line}\n"));
    })
    .works([Out::Contains("ja/index.html", "長い行です。長い行です。")]),
    a_heading_of_100k_characters: Case::new(|s| {
        let heading = "見".repeat(100_000);
        s.write(HOME_JA, &format!("---\ntitle: 見出し\n---\n\n## {heading}\n"));
    })
    .works([Out::Contains("ja/index.html", "<h2 id=\"見見見")]),
    ten_thousand_headings_with_the_same_text: Case::new(|s| {
        let text = "## 同じ見出し\n\n".repeat(10_000);
        s.write(HOME_JA, &format!("---\ntitle: 見出し\n---\n\n{text}"));
    })
    .works([
        Out::Contains("ja/index.html", "id=\"同じ見出し\""),
        Out::Contains("ja/index.html", "id=\"同じ見出し-9999\""),
    ]),
    ten_thousand_headings_with_the_same_explicit_id: Case::new(|s| {
        let text = "## 同じ {#same}\n\n".repeat(10_000);
        s.write(HOME_JA, &format!("---\ntitle: 見出し\n---\n\n{text}"));
    })
    .fails([error(HOME_JA, At(7), "duplicate-id", "same")]),
    nul_bytes_in_markdown: Case::new(|s| {
        s.write(HOME_JA, "---\ntitle: ヌル\n---\n\nnul \0 here\n\n## a\0b\n");
    })
    // CommonMark 2.3: U+0000 must be replaced by U+FFFD, for security.
    .works([
        Out::Contains("ja/index.html", "nul \u{fffd} here"),
        Out::NoBytesAnywhere("\0"),
    ]),
    // --- Files that are not what they seem ------------------------------------------
    a_symbolic_link_loop_inside_content: Case::new(|s| {
        s.symlink("content/guide/loop", ".");
        s.symlink("content/loop-a", "loop-b");
        s.symlink("content/loop-b", "loop-a");
    })
    .works([
        Out::NoFileAnywhere("loop"),
        Out::Contains("ja/guide/index.html", "id=\"intro\""),
    ])
    .warns([
        warning("content/guide/loop", No, "symlink", "never follows"),
        warning("content/loop-a", No, "symlink", "never follows"),
        warning("content/loop-b", No, "symlink", "never follows"),
    ]),
    symbolic_links_pointing_outside_the_site: Case::new(|s| {
        let outside = s.beside("outside");
        std::fs::create_dir(&outside).expect("create the folder outside the site");
        std::fs::write(outside.join("secret.txt"), "TOP SECRET\n").expect("write");
        std::fs::write(
            outside.join("secret.ja.md"),
            "---\ntitle: TOP SECRET\n---\n\nTOP SECRET\n",
        )
        .expect("write");
        s.symlink("content/guide/outside", &outside);
        s.symlink("content/secret.txt", outside.join("secret.txt"));
        s.symlink("content/secret.ja.md", outside.join("secret.ja.md"));
        s.symlink("content/passwd.txt", Path::new("/etc/passwd"));
    })
    .works([
        Out::NoFileAnywhere("secret"),
        Out::NoFileAnywhere("passwd"),
        Out::NoFileAnywhere("outside"),
        Out::NoBytesAnywhere("TOP SECRET"),
    ])
    .warns([
        warning("content/guide/outside", No, "symlink", "nothing it points to is published"),
        warning("content/secret.txt", No, "symlink", ""),
        warning("content/secret.ja.md", No, "symlink", ""),
        warning("content/passwd.txt", No, "symlink", ""),
    ]),
    a_named_pipe_posing_as_a_page: Case::new(|s| {
        s.mkfifo("content/guide/pipe.ja.md");
    })
    // Not a regular file: reported, never opened (opening a pipe blocks).
    .fails([error(
        "content/guide/pipe.ja.md",
        No,
        "read",
        "not a regular file",
    )]),
    a_named_pipe_posing_as_an_asset: Case::new(|s| {
        s.mkfifo("content/guide/pipe.txt");
    })
    .fails([error(
        "content/guide/pipe.txt",
        No,
        "read",
        "not a regular file",
    )]),
    a_named_pipe_posing_as_a_frozen_file: Case::new(|s| {
        std::fs::create_dir_all(s.path("content/guide/releases/1.0/images")).expect("mkdir");
        s.mkfifo("content/guide/releases/1.0/images/flow.svg");
    })
    .fails([error(
        "content/guide/releases/1.0/images/flow.svg",
        No,
        "read",
        "not a regular file",
    )]),
    a_folder_named_like_a_page: Case::new(|s| {
        std::fs::create_dir_all(s.path("content/guide/notes.ja.md")).expect("mkdir");
    })
    .works([Out::Contains("ja/guide/index.html", "id=\"intro\"")]),
    file_and_folder_names_with_spaces_and_japanese: Case::new(|s| {
        released_doc(s, "my guide", "空白", "Space");
        released_doc(s, "ガイド集", "日本語", "Japanese");
        s.write("content/ガイド集/図 1.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        let links = "[a](my%20guide/index.md) [b](<my guide/index.md#body>) \
                     [c](ガイド集/index.md) [d](%E3%82%AC%E3%82%A4%E3%83%89%E9%9B%86/index.md) \
                     ![図](ガイド集/図%201.svg)";
        s.write(HOME_JA, &format!("---\ntitle: ホーム\n---\n\n{links}\n"));
    })
    .works([
        Out::Contains("ja/my guide/index.html", "空白の本文です。"),
        Out::Contains("en/ガイド集/index.html", "Japanese."),
        Out::Contains("ガイド集/図 1.svg", "<svg"),
        Out::Contains("ja/index.html", "href=\"/ja/my%20guide/\""),
        Out::Contains("ja/index.html", "href=\"/ja/my%20guide/#body\""),
        Out::Contains(
            "ja/index.html",
            "href=\"/ja/%E3%82%AC%E3%82%A4%E3%83%89%E9%9B%86/\"",
        ),
        Out::Contains(
            "ja/index.html",
            "src=\"/%E3%82%AC%E3%82%A4%E3%83%89%E9%9B%86/%E5%9B%B3%201.svg\"",
        ),
    ]),
    // --- Languages in site.yaml ----------------------------------------------------------
    a_language_without_cldr_data: Case::new(|s| {
        s.write(SITE, &SITE_YAML.replace("languages: [ja, en]", "languages:\n  - ja\n  - en\n  - xx"));
    })
    // At the code's line in the list (the list starts on line 5).
    .fails([error(SITE, At(8), "config", "`xx` has no CLDR data")]),
    a_language_that_is_not_a_bcp_47_tag: Case::new(|s| {
        s.write(SITE, &SITE_YAML.replace("languages: [ja, en]", "languages: [ja, en_US]"));
    })
    .fails([error(SITE, At(5), "config", "`en_US` is not a valid BCP 47 language tag")]),
    // --- Missing pieces ---------------------------------------------------------------
    missing_site_yaml: Case::new(|s| {
        s.remove(SITE);
    })
        .fails([error(SITE, No, "read", "")]),
    empty_site_yaml: Case::new(|s| {
        s.write(SITE, "");
    })
        .fails([error(SITE, At(1), "yaml", "")]),
    site_yaml_that_is_a_list: Case::new(|s| {
        s.write(SITE, "- ja\n- en\n");
    })
        .fails([error(SITE, At(1), "yaml", "mapping")]),
    missing_content_folder: Case::new(|s| {
        s.remove("content");
    })
        .fails([error("content", No, "", "")]),
    missing_themes_folder: Case::new(|s| {
        s.remove("themes");
    }).fails([error(
        SITE,
        At(8),
        "config",
        "theme `default` not found: there is no folder themes/default/ (there is no themes/ folder either)",
    )]),
    site_yaml_names_a_theme_that_does_not_exist: Case::new(|s| theme(s, "nosuch"))
    .fails([error(
        SITE,
        At(8),
        "config",
        "theme `nosuch` not found: there is no folder themes/nosuch/ (themes/ holds: default)",
    )]),
    site_yaml_names_a_theme_outside_themes: Case::new(|s| theme(s, "../../etc"))
    .fails([error(SITE, At(8), "config", "without `/` or `..`")]),
    missing_locale_folder: Case::new(|s| {
        s.remove("locales/en");
    })
        .fails([error("locales/en", No, "fluent", "")]),
    // --- Revision history ---------------------------------------------------------------
    history_yaml_that_is_a_list_of_nonsense: Case::new(|s| {
        s.write(HISTORY, "- 1\n- foo\n- [a, b]\n- {x: y}\n");
    })
    .fails([error(HISTORY, At(1), "yaml", "mapping")]),
    history_yaml_that_is_a_map: Case::new(|s| {
        s.write(HISTORY, "version: \"1.0\"\ndate: 2025-04-01\n");
    })
    .fails([error(HISTORY, At(1), "yaml", "sequence")]),
    history_yaml_with_numbers_as_versions: Case::new(|s| {
        s.write(HISTORY, &HISTORY_TEXT.replace("\"1.0\"", "1.0"));
    })
    .fails([error(HISTORY, At(1), "history", "quote it")]),
    history_yaml_with_1_10_unquoted_which_yaml_reads_as_1_1: Case::new(|s| {
        s.write(HISTORY, &HISTORY_TEXT.replace("\"1.0\"", "1.10"));
        let releases = s.path("content/guide/releases");
        std::fs::rename(releases.join("1.0"), releases.join("1.10")).expect("rename");
    })
    // Must not be read as 1.1: the version as written is lost, so it must be an error.
    .fails([error(HISTORY, At(1), "history", "quote it")]),
    history_yaml_with_versions_going_backwards: Case::new(|s| {
        s.append_bytes(HISTORY,
            b"- version: \"0.9\"\n  date: 2025-05-01\n  summary: {ja: a, en: b}\n",
        );
    })
    .fails([error(HISTORY, At(6), "history", "does not come after 1.0")]),
    history_yaml_with_dates_going_backwards: Case::new(|s| {
        s.append_bytes(HISTORY,
            b"- version: \"1.1\"\n  date: 2025-03-01\n  summary: {ja: a, en: b}\n",
        );
    })
    // At the `date:` line of the entry, not the `- version:` line that starts it.
    .fails([error(HISTORY, At(7), "history", "before 2025-04-01")]),
    history_yaml_with_a_date_in_the_future: Case::new(|s| {
        s.append_bytes(HISTORY,
            b"- version: \"1.1\"\n  date: 2999-01-01\n  summary: {ja: a, en: b}\n",
        );
    })
    .fails([error(HISTORY, At(7), "history", "in the future")]),
    history_yaml_with_a_summary_missing_a_language: Case::new(|s| {
        s.write(HISTORY, &HISTORY_TEXT.replace("    en: First\n", ""));
    })
    .fails([error(HISTORY, At(1), "history", "no summary in en")]),
    a_frozen_copy_with_no_history_entry: Case::new(|s| {
        s.write("content/guide/releases/2.0/index.ja.md", GUIDE_JA_TEXT);
        s.write("content/guide/releases/2.0/index.en.md", GUIDE_EN_TEXT);
    })
    .fails([error(
        "content/guide/releases/2.0",
        No,
        "extra-release",
        "no entry",
    )]),
    a_broken_history_does_not_make_links_to_its_document_drafts: Case::new(|s| {
        s.write(HISTORY, "- 1\n");
    })
    .fails([error(HISTORY, At(1), "yaml", "")])
    .absent(&["not released"]),
    // --- Theme and UI strings -------------------------------------------------------------
    a_template_that_includes_itself: Case::new(|s| {
        s.write(
            &format!("{TEMPLATES}/zz-self.html"),
            "<p>\n{% include \"zz-self.html\" %}\n",
        );
    })
    .fails([error(
        "themes/default/templates/zz-self.html",
        Within(1, 2),
        "template",
        "zz-self.html",
    )]),
    a_template_that_extends_itself: Case::new(|s| {
        s.write(
            &format!("{TEMPLATES}/zz-extends-self.html"),
            "{% extends \"zz-extends-self.html\" %}\n",
        );
    })
    .fails([error(
        "themes/default/templates/zz-extends-self.html",
        At(1),
        "template",
        "zz-extends-self.html",
    )]),
    a_template_that_extends_a_missing_one: Case::new(|s| {
        s.write(
            &format!("{TEMPLATES}/zz-extends.html"),
            "{% extends \"nosuch.html\" %}\n",
        );
    })
    .fails([error(
        "themes/default/templates/zz-extends.html",
        At(1),
        "template",
        "nosuch.html",
    )]),
    a_template_with_a_syntax_error: Case::new(|s| {
        s.write(&format!("{TEMPLATES}/zz-syntax.html"), "<p>\n{{ oops(\n");
    })
    .fails([error(
        "themes/default/templates/zz-syntax.html",
        At(2),
        "template",
        "",
    )]),
    a_fluent_file_with_syntax_errors: Case::new(|s| {
        s.write("locales/ja/zz.ftl", "zz-ok = OK\nthis is not fluent\n");
    })
    .fails([error("locales/ja/zz.ftl", At(2), "fluent", "")]),
    a_fluent_key_used_by_a_template_but_missing_in_one_locale: Case::new(|s| {
        s.write(
            &format!("{TEMPLATES}/zz-uses.html"),
            "<p>\n{{ t(key=\"zz-only-ja\") }}</p>\n",
        );
        s.write("locales/ja/zz.ftl", "zz-only-ja = 日本語だけ\n");
    })
    .fails([error(
        "themes/default/templates/zz-uses.html",
        At(2),
        "fluent-missing",
        "zz-only-ja",
    )]),
    a_fluent_key_nobody_uses_in_one_locale_only: Case::new(|s| {
        s.write("locales/ja/zz.ftl", "zz-extra = 余分\n");
    })
    .works([])
    .warns([warning(
        "locales/ja/zz.ftl",
        At(1),
        "fluent-one-locale",
        "zz-extra",
    )]),
    // --- The output folder -------------------------------------------------------------------
    out_pointing_at_content: Case::new(|_| {})
        .args(&["--out", "content"])
        .refused("refusing"),
    out_pointing_at_the_site_root: Case::new(|_| {})
        .args(&["--out", "."])
        .refused("refusing"),
    out_pointing_at_a_document_folder: Case::new(|_| {})
        .args(&["--out", "content/guide"])
        .refused("refusing"),
    // --- The working copy of a released document ------------------------------------------
    // `build` publishes the release, which is sound; `check` examines the working copy too.
    a_broken_link_anchor_and_repeated_id_in_the_working_copy_of_a_release: Case::new(|s| {
        s.append(GUIDE_JA, "\n[無い](../nowhere/index.md) [節](#no-such)\n\n## 重複 {#intro}\n");
    })
    .check_fails([
        error(GUIDE_JA, At(9), "broken-link", "(in the working copy: not yet released)"),
        error(GUIDE_JA, At(9), "broken-anchor", "`#no-such` is not a heading id"),
        error(GUIDE_JA, At(11), "duplicate-id", "`intro`"),
    ]),
    a_broken_site_path_in_the_working_copy_of_a_release: Case::new(|s| {
        s.append(GUIDE_JA, "\n![図](/guide/images/missing.png) [英語版](/en/guide/#nope)\n");
    })
    .check_fails([
        error(GUIDE_JA, At(9), "broken-link", "/guide/images/missing.png"),
        error(GUIDE_JA, At(9), "broken-anchor", "`#nope` is not a heading id on `/en/guide/`"),
    ]),
    a_working_copy_linking_to_a_document_never_released: Case::new(|s| {
        s.write("content/draft/index.ja.md", "---\ntitle: 下書き\n---\n\n本文。\n");
        s.write("content/draft/index.en.md", "---\ntitle: Draft\n---\n\nText.\n");
        s.append(GUIDE_JA, "\n[下書き](../draft/index.md)\n");
    })
    .works([Out::Lacks("ja/guide/index.html", "下書き")])
    .warns([
        warning(GUIDE_JA, At(9), "draft-link", "never released: release it first"),
        warning("content/draft/index.ja.md", No, "unreleased", ""),
    ]),
    // --- Site paths ---------------------------------------------------------------------------
    site_paths_to_pages_archives_anchors_and_files: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: ホーム\n---\n\n[a](/ja/guide/#intro) [b](/en/guide/v1.0/#intro) \
             [c](/ja/guide) [d](/ja/guide/index.html) ![e](/static/favicon.svg) \
             [f](/ja/feed.xml) [g](/sitemap.xml) [h](/ja/search/) [i](/) [j](/en/#top)\n",
        );
    })
    // Kept as written.
    .works([Out::Contains("ja/index.html", "href=\"/en/guide/v1.0/#intro\"")]),
    site_paths_that_name_nothing: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: ホーム\n---\n\n[a](/ja/nowhere/)\n[b](/ja/guide/#nope)\n\
             ![c](/images/missing.png)\n[d](/en/guide/v9.9/)\n[e](/static/nope.css)\n",
        );
    })
    .fails([
        error(HOME_JA, At(5), "broken-link", "no page or file at this site path"),
        error(HOME_JA, At(6), "broken-anchor", "`#nope`"),
        error(HOME_JA, At(7), "broken-link", "/images/missing.png"),
        error(HOME_JA, At(8), "broken-link", "/en/guide/v9.9/"),
        error(HOME_JA, At(9), "broken-link", "static/"),
    ]),
    a_site_path_outside_base_url_path: Case::new(|s| {
        let site = SITE_YAML.replace("https://trust.example.test/", "https://trust.example.test/portal/");
        s.write(SITE, &site);
        s.write(HOME_JA, "---\ntitle: ホーム\n---\n\n[ok](/portal/ja/guide/)\n[a](/ja/guide/)\n");
    })
    .fails([error(HOME_JA, At(6), "broken-link", "outside the site")]),
    links_naming_files_on_the_writers_computer: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: ホーム\n---\n\n[a](file:///etc/passwd)\n![b](C:\\Users\\writer\\図.png)\n\
             [c](../../etc/passwd)\n",
        );
    })
    .fails([
        error(HOME_JA, At(5), "broken-link", "`file:`"),
        error(HOME_JA, At(6), "broken-link", "absolute file path"),
        error(HOME_JA, At(7), "broken-link", "never followed"),
    ]),
    // A Unix path is a site path too: not found among what the build makes.
    a_link_naming_an_absolute_unix_path: Case::new(|s| {
        s.write(HOME_JA, "---\ntitle: ホーム\n---\n\n[c](/etc/passwd)\n");
    })
    .fails([error(HOME_JA, At(5), "broken-link", "a path on this computer is never read")]),
    // --- Links and raw HTML ------------------------------------------------------------------
    a_link_climbing_out_to_etc_passwd: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: ホーム\n---\n\n[p](../../../../etc/passwd)\n",
        );
    })
    .fails([error(HOME_JA, At(5), "broken-link", "outside content/")]),
    javascript_and_data_urls_in_links: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: ホーム\n---\n\n[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) \
             [c](data:text/html,hi) <javascript:alert(3)>\n",
        );
    })
    // pulldown-cmark keeps any scheme; trustdocs leaves them as written (README).
    .works([
        Out::Contains("ja/index.html", "href=\"javascript:alert(1)\""),
        Out::Contains("ja/index.html", "href=\"JaVaScRiPt:alert(2)\""),
        Out::Contains("ja/index.html", "href=\"data:text/html,hi\""),
    ]),
    raw_html_script_in_markdown: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: ホーム\n---\n\n<script>alert(1)</script>\n\n本文 <b onclick=\"x()\">太字</b>\n",
        );
    })
    // CommonMark passes raw HTML through; trustdocs does too (README).
    .works([
        Out::Contains("ja/index.html", "<script>alert(1)</script>"),
        Out::Contains("ja/index.html", "<b onclick=\"x()\">"),
    ]),
    // --- Trust data (data/*.yaml) ----------------------------------------------------
    alias_bomb_in_subprocessors_yaml: Case::new(|s| {
        let bomb = alias_bomb("    ");
        s.write(DATA_SUBPROCESSORS, &format!("- id: x\n  name:\n{bomb}  operator: o\n"));
    })
    .fails([error(DATA_SUBPROCESSORS, Within(1, 12), "yaml", "")]),
    alias_bomb_as_the_certifications_yaml: Case::new(|s| {
        s.write(DATA_CERTIFICATIONS, &alias_bomb(""));
    })
    .fails([error(DATA_CERTIFICATIONS, Within(1, 12), "yaml", "")]),
    subprocessors_yaml_with_a_wrong_type: Case::new(|s| {
        s.write(DATA_SUBPROCESSORS, &SUBPROCESSOR.replace("added: 2020-01-01", "added: yes"));
    })
    .fails([error(DATA_SUBPROCESSORS, At(7), "yaml", "")]),
    subprocessors_yaml_with_a_list_for_a_text: Case::new(|s| {
        s.write(DATA_SUBPROCESSORS, &SUBPROCESSOR.replace("name: Example Service", "name: [a, b]"));
    })
    .fails([error(DATA_SUBPROCESSORS, At(2), "yaml", "a text, or a map of one text per language")]),
    subprocessors_yaml_that_is_a_map: Case::new(|s| {
        s.write(DATA_SUBPROCESSORS, "id: example\nname: Example\n");
    })
    .fails([error(DATA_SUBPROCESSORS, At(1), "yaml", "")]),
    subprocessors_yaml_with_a_text_missing_a_language: Case::new(|s| {
        s.write(DATA_SUBPROCESSORS, &SUBPROCESSOR.replace(", en: All", ""));
    })
    .fails([error(DATA_SUBPROCESSORS, At(5), "data", "no en text")]),
    ten_thousand_open_brackets_in_subprocessors_yaml: Case::new(|s| {
        s.write(DATA_SUBPROCESSORS, &format!("- id: {}\n", "[".repeat(10_000)));
    })
    .fails([error(DATA_SUBPROCESSORS, At(1), "yaml", "")]),
    invalid_utf8_in_certifications_yaml: Case::new(|s| {
        s.write_bytes(DATA_CERTIFICATIONS, b"- id: x\n  name: \xc3\x28\n");
    })
    .fails([error(DATA_CERTIFICATIONS, At(2), "utf8", "UTF-8")]),
    a_folder_posing_as_subprocessors_yaml: Case::new(|s| {
        s.write("data/subprocessors.yaml/inside.txt", "x");
    })
    .fails([error(DATA_SUBPROCESSORS, No, "read", "not a regular file")]),
    bom_and_crlf_in_subprocessors_yaml: Case::new(|s| {
        let text = format!("\u{feff}{}", SUBPROCESSOR.replace('\n', "\r\n"));
        s.write_bytes(DATA_SUBPROCESSORS, text.as_bytes());
    })
    .works([
        Out::Contains("ja/subprocessors/index.html", "Example Service"),
        Out::Contains("subprocessors.json", "\"id\": \"example\""),
    ]),
    html_in_front_matter_and_link_titles_is_escaped: Case::new(|s| {
        s.write(
            HOME_JA,
            "---\ntitle: \"</title><script>alert(1)</script>\"\n\
             description: '\"><script>alert(2)</script>'\n---\n\n\
             [t](guide/index.md \"a\\\"><script>alert(3)</script>\")\n",
        );
    })
    .works([
        Out::Lacks("ja/index.html", "<script>alert(1)"),
        Out::Lacks("ja/index.html", "<script>alert(2)"),
        Out::Lacks("ja/index.html", "<script>alert(3)"),
        Out::Contains("ja/index.html", "&lt;script&gt;alert(1)"),
    ]),
}

// ---------------------------------------------------------------------------------------
// Generated inputs.
// ---------------------------------------------------------------------------------------

/// Billion laughs: nine levels of nine aliases each (9^9 nodes once expanded), as YAML
/// lines indented by `indent`, each level a list item so that every line stays valid YAML.
fn alias_bomb(indent: &str) -> String {
    let mut text = format!(
        "{indent}- &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("{indent}- &{} [{refs}]\n", pair[1]));
    }
    text
}

/// A page of `size` bytes of ordinary portal Markdown: headings, Japanese paragraphs with
/// bold beside brackets and wrapped lines, links with anchors, lists, tables, code.
fn big_page(size: usize) -> String {
    let mut text = String::with_capacity(size + 4096);
    text.push_str("---\ntitle: 大きなページ\n---\n\n");
    let mut i = 0;
    while text.len() < size {
        text.push_str(&format!(
            "## 見出し {i}\n\n\
             これは**「重要」**な文章です。日本語の\n改行は空白になりません。\
             [ガイド](guide/index.md#intro)を参照してください。\n\n\
             - 項目 `code` と *強調*\n- [外部](https://example.com/{i})\n\n\
             | 列 | 値 |\n| --- | --- |\n| {i} | 値{i} |\n\n\
             English text with a footnote[^n{i}].\n\n[^n{i}]: 注 {i}\n\n"
        ));
        i += 1;
    }
    text
}
