//! The hostile-input corpus itself: the good base site every case starts from, the table
//! of cases (what each does to the site and what `build` and `check` must then say), and
//! the generators of inputs too large to commit.

use std::path::Path;

use super::Line::{At, No, Within};
use super::{
    Case, Out, append, copy_dir, error, mkfifo, prepend, remove, symlink, warning, write,
    write_bytes,
};

const SITE: &str = "site.yaml";
const HOME_JA: &str = "content/index.ja.md";
const HOME_EN: &str = "content/index.en.md";
const GUIDE_JA: &str = "content/guide/index.ja.md";
const GUIDE_EN: &str = "content/guide/index.en.md";
const HISTORY: &str = "content/guide/history.yaml";
const TEMPLATES: &str = "themes/default/templates";

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
fn theme(root: &Path, name: &str) {
    let text = SITE_YAML.replace("theme: default", &format!("theme: {name}"));
    write(root, SITE, &text);
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

/// Writes the good site into `root`: a home page and a document released as 1.0, in
/// Japanese and English, with the repository's theme and UI strings.
pub fn write_base(root: &Path) {
    write(root, SITE, SITE_YAML);
    write(root, HOME_JA, HOME_JA_TEXT);
    write(root, HOME_EN, HOME_EN_TEXT);
    write(root, GUIDE_JA, GUIDE_JA_TEXT);
    write(root, GUIDE_EN, GUIDE_EN_TEXT);
    write(root, HISTORY, HISTORY_TEXT);
    write(
        root,
        "content/guide/releases/1.0/index.ja.md",
        GUIDE_JA_TEXT,
    );
    write(
        root,
        "content/guide/releases/1.0/index.en.md",
        GUIDE_EN_TEXT,
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for shared in ["themes", "locales"] {
        copy_dir(&repo.join(shared), &root.join(shared));
    }
}

/// A document under `content/<dir>/` released as 1.0, so that `build` publishes it.
fn released_doc(root: &Path, dir: &str, ja: &str, en: &str) {
    let ja_text = format!("---\ntitle: {ja}\n---\n\n## 本文 {{#body}}\n\n{ja}の本文です。\n");
    let en_text =
        format!("---\ntitle: {en}\ntranslation_of: \"1.0\"\n---\n\n## Body {{#body}}\n\n{en}.\n");
    for (lang, text) in [("ja", &ja_text), ("en", &en_text)] {
        write(root, &format!("content/{dir}/index.{lang}.md"), text);
        write(
            root,
            &format!("content/{dir}/releases/1.0/index.{lang}.md"),
            text,
        );
    }
    write(root, &format!("content/{dir}/history.yaml"), HISTORY_TEXT);
}

// ---------------------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------------------

pub fn cases() -> Vec<Case> {
    vec![
        // --- Front matter: bad YAML of many kinds --------------------------------------
        Case::new("front matter indented with a tab", |r| {
            write(r, GUIDE_JA, "---\ntitle: ガイド\n\tdescription: x\n---\n\n本文\n");
        })
        // The tab is on line 3; serde-saphyr reports the plain scalar it continues (line 2).
        .fails([error(GUIDE_JA, Within(2, 3), "yaml", "tab")]),
        Case::new("front matter with an unclosed flow sequence", |r| {
            write(r, GUIDE_JA, "---\ntitle: [ガイド, 説明\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, Within(2, 3), "yaml", "")]),
        Case::new("front matter with an unclosed quote", |r| {
            write(r, GUIDE_JA, "---\ntitle: \"ガイド\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, Within(2, 3), "yaml", "")]),
        Case::new("front matter with a duplicate key", |r| {
            write(r, GUIDE_JA, "---\ntitle: ガイド\ntitle: 別\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, At(3), "yaml", "duplicate")]),
        Case::new("front matter with a wrong type", |r| {
            write(r, GUIDE_JA, "---\ntitle: ガイド\ntoc: maybe\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, At(3), "yaml", "boolean")]),
        Case::new("front matter with a typo in a key", |r| {
            write(r, GUIDE_JA, "---\ntitle: ガイド\ntitel: 誤字\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, At(3), "yaml", "did you mean `title`")]),
        Case::new("front matter that is a list", |r| {
            write(r, GUIDE_JA, "---\n- title\n- ガイド\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, At(2), "yaml", "mapping")]),
        Case::new("front matter that is a scalar", |r| {
            write(r, GUIDE_JA, "---\nただの文字列\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, At(2), "yaml", "mapping")]),
        Case::new("front matter that is only `---`", |r| {
            write(r, GUIDE_JA, "---\n");
        })
        .fails([error(GUIDE_JA, At(1), "front-matter", "never closed")]),
        Case::new("empty front matter", |r| {
            write(r, GUIDE_JA, "---\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, Within(1, 2), "yaml", "title")]),
        Case::new("an empty page file", |r| {
            write(r, GUIDE_EN, "");
        })
        .fails([error(GUIDE_EN, At(1), "yaml", "title")]),
        Case::new("a page with broken front matter is not also called missing", |r| {
            write(r, GUIDE_JA, "---\ntitle: [\n---\n\n本文\n");
        })
        .fails([error(GUIDE_JA, Within(2, 3), "yaml", "")])
        .absent(&["has no ja version"]),
        // --- Alias bombs and deep nesting ------------------------------------------------
        Case::new("alias bomb in front matter", |r| {
            write(r, GUIDE_JA, &format!("---\ntitle: x\n{}---\n\n本文\n", alias_bomb("")));
        })
        .fails([error(GUIDE_JA, Within(2, 12), "yaml", "")]),
        Case::new("alias bomb in a front matter value", |r| {
            let bomb = alias_bomb("  ");
            write(r, GUIDE_JA, &format!("---\ntitle:\n{bomb}---\n\n本文\n"));
        })
        .fails([error(GUIDE_JA, Within(2, 12), "yaml", "")]),
        Case::new("alias bomb in site.yaml", |r| {
            append(r, SITE, format!("description:\n  zz:\n{}", alias_bomb("    ")).as_bytes());
        })
        .fails([error(SITE, Within(9, 20), "yaml", "")]),
        Case::new("alias bomb in history.yaml", |r| {
            let bomb = alias_bomb("    ");
            let text = format!("- version:\n{bomb}  date: 2025-04-01\n  summary: {{ja: a, en: b}}\n");
            write(r, HISTORY, &text);
        })
        // `version` is an untagged enum, so serde buffers the whole node: the budget stops it.
        .fails([error(HISTORY, Within(1, 12), "yaml", "")]),
        Case::new("10k `[` in front matter", |r| {
            write(r, GUIDE_JA, &format!("---\ntitle: {}\n---\n\n本文\n", "[".repeat(10_000)));
        })
        .fails([error(GUIDE_JA, At(2), "yaml", "")]),
        Case::new("10k `[` in site.yaml", |r| {
            append(r, SITE, format!("description: {}\n", "[".repeat(10_000)).as_bytes());
        })
        .fails([error(SITE, At(9), "yaml", "")]),
        Case::new("10k `[` in history.yaml", |r| {
            write(r, HISTORY, &format!("- version: {}\n", "[".repeat(10_000)));
        })
        .fails([error(HISTORY, At(1), "yaml", "")]),
        Case::new("10k nested quotes, lists and brackets in Markdown", |r| {
            let body = format!(
                "{}\n\n{}\n\n{}x\n\n{}\n",
                ">".repeat(10_000),
                "[".repeat(10_000),
                "- ".repeat(10_000),
                "*".repeat(10_000)
            );
            write(r, HOME_JA, &format!("---\ntitle: 深い\n---\n\n{body}"));
        })
        .works([Out::Contains("ja/index.html", "<blockquote>")]),
        // --- Encodings and line ends ------------------------------------------------------
        Case::new("invalid UTF-8 in a page", |r| {
            write_bytes(r, GUIDE_JA, b"---\ntitle: x\n---\n\nok\nbad \xff\xfe here\n");
        })
        .fails([error(GUIDE_JA, At(6), "utf8", "UTF-8")]),
        Case::new("invalid UTF-8 in site.yaml", |r| {
            append(r, SITE, b"# \xc3\x28\n");
        })
        .fails([error(SITE, At(9), "utf8", "UTF-8")]),
        Case::new("invalid UTF-8 in history.yaml", |r| {
            append(r, HISTORY, b"# \xc3\x28\n");
        })
        .fails([error(HISTORY, At(6), "utf8", "UTF-8")]),
        Case::new("invalid UTF-8 in a Fluent file", |r| {
            write_bytes(r, "locales/en/zz-bad.ftl", b"# comment\nzz-bad = \xc3\x28\n");
        })
        .fails([error("locales/en/zz-bad.ftl", At(2), "utf8", "UTF-8")]),
        Case::new("invalid UTF-8 in a template", |r| {
            write_bytes(r, &format!("{TEMPLATES}/zz-bad.html"), b"<p>\n\xc3\x28</p>\n");
        })
        .fails([error(
            "themes/default/templates/zz-bad.html",
            At(2),
            "utf8",
            "UTF-8",
        )]),
        Case::new("a byte-order mark on every kind of file", |r| {
            for file in [SITE, GUIDE_JA, HOME_JA, HISTORY, "locales/ja/main.ftl"] {
                prepend(r, file, "\u{feff}".as_bytes());
            }
            prepend(r, &format!("{TEMPLATES}/base.html"), "\u{feff}".as_bytes());
        })
        .works([
            Out::Contains("ja/index.html", "ホーム"),
            Out::Contains("ja/guide/index.html", "id=\"intro\""),
        ]),
        Case::new("CRLF line ends on every kind of file", |r| {
            for file in [SITE, GUIDE_JA, GUIDE_EN, HOME_JA, HISTORY, "locales/ja/main.ftl"] {
                let text = std::fs::read_to_string(r.join(file)).expect("read");
                write(r, file, &text.replace('\n', "\r\n"));
            }
            for file in ["releases/1.0/index.ja.md", "releases/1.0/index.en.md"] {
                let path = format!("content/guide/{file}");
                let text = std::fs::read_to_string(r.join(&path)).expect("read");
                write(r, &path, &text.replace('\n', "\r\n"));
            }
        })
        .works([
            Out::Contains("ja/guide/index.html", "<h2 id=\"intro\">"),
            Out::Contains("ja/guide/index.html", "ガイド"),
            Out::Lacks("ja/guide/index.html", "\r"),
        ]),
        // --- Size ----------------------------------------------------------------------
        Case::new("a 50 MB page", |r| {
            write(r, HOME_JA, &big_page(50 * 1024 * 1024));
        })
        .works([Out::Contains("ja/index.html", "見出し 0")]),
        Case::new("10k links on one page", |r| {
            let mut text = String::from("---\ntitle: リンク\n---\n\n");
            for i in 0..10_000 {
                text.push_str(&format!("段落 {i} [ガイド](guide/index.md#intro)\n\n"));
            }
            write(r, HOME_JA, &text);
        })
        .works([Out::Contains("ja/index.html", "段落 9999")]),
        Case::new("a line of a million characters", |r| {
            let line = "長い行です。".repeat(200_000);
            write(r, HOME_JA, &format!("---\ntitle: 長い\n---\n\n{line}\n"));
        })
        .works([Out::Contains("ja/index.html", "長い行です。長い行です。")]),
        Case::new("a heading of 100k characters", |r| {
            let heading = "見".repeat(100_000);
            write(r, HOME_JA, &format!("---\ntitle: 見出し\n---\n\n## {heading}\n"));
        })
        .works([Out::Contains("ja/index.html", "<h2 id=\"見見見")]),
        Case::new("10k headings with the same text", |r| {
            let text = "## 同じ見出し\n\n".repeat(10_000);
            write(r, HOME_JA, &format!("---\ntitle: 見出し\n---\n\n{text}"));
        })
        .works([
            Out::Contains("ja/index.html", "id=\"同じ見出し\""),
            Out::Contains("ja/index.html", "id=\"同じ見出し-9999\""),
        ]),
        Case::new("10k headings with the same explicit id", |r| {
            let text = "## 同じ {#same}\n\n".repeat(10_000);
            write(r, HOME_JA, &format!("---\ntitle: 見出し\n---\n\n{text}"));
        })
        .fails([error(HOME_JA, At(7), "duplicate-id", "same")]),
        Case::new("NUL bytes in Markdown", |r| {
            write(r, HOME_JA, "---\ntitle: ヌル\n---\n\nnul \0 here\n\n## a\0b\n");
        })
        // CommonMark 2.3: U+0000 must be replaced by U+FFFD, for security.
        .works([
            Out::Contains("ja/index.html", "nul \u{fffd} here"),
            Out::NoBytesAnywhere("\0"),
        ]),
        // --- Files that are not what they seem ------------------------------------------
        Case::new("a symbolic link loop inside content/", |r| {
            symlink(".", &r.join("content/guide/loop"));
            symlink("loop-b", &r.join("content/loop-a"));
            symlink("loop-a", &r.join("content/loop-b"));
        })
        .works([
            Out::NoFileAnywhere("loop"),
            Out::Contains("ja/guide/index.html", "id=\"intro\""),
        ]),
        Case::new("symbolic links pointing outside the site", |r| {
            let outside = r.parent().expect("case folder").join("outside");
            write(&outside, "secret.txt", "TOP SECRET\n");
            write(
                &outside,
                "secret.ja.md",
                "---\ntitle: TOP SECRET\n---\n\nTOP SECRET\n",
            );
            symlink(&outside, &r.join("content/guide/outside"));
            symlink(outside.join("secret.txt"), &r.join("content/secret.txt"));
            symlink(outside.join("secret.ja.md"), &r.join("content/secret.ja.md"));
            symlink(Path::new("/etc/passwd"), &r.join("content/passwd.txt"));
        })
        .works([
            Out::NoFileAnywhere("secret"),
            Out::NoFileAnywhere("passwd"),
            Out::NoFileAnywhere("outside"),
            Out::NoBytesAnywhere("TOP SECRET"),
        ]),
        Case::new("a named pipe posing as a page", |r| {
            mkfifo(&r.join("content/guide/pipe.ja.md"));
        })
        // Not a regular file: reported, never opened (opening a pipe blocks).
        .fails([error(
            "content/guide/pipe.ja.md",
            No,
            "read",
            "not a regular file",
        )]),
        Case::new("a named pipe posing as an asset", |r| {
            mkfifo(&r.join("content/guide/pipe.txt"));
        })
        .fails([error(
            "content/guide/pipe.txt",
            No,
            "read",
            "not a regular file",
        )]),
        Case::new("a folder named like a page", |r| {
            std::fs::create_dir_all(r.join("content/guide/notes.ja.md")).expect("mkdir");
        })
        .works([Out::Contains("ja/guide/index.html", "id=\"intro\"")]),
        Case::new("file and folder names with spaces and Japanese", |r| {
            released_doc(r, "my guide", "空白", "Space");
            released_doc(r, "ガイド集", "日本語", "Japanese");
            write(r, "content/ガイド集/図 1.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
            let links = "[a](my%20guide/index.md) [b](<my guide/index.md#body>) \
                         [c](ガイド集/index.md) [d](%E3%82%AC%E3%82%A4%E3%83%89%E9%9B%86/index.md) \
                         ![図](ガイド集/図%201.svg)";
            write(r, HOME_JA, &format!("---\ntitle: ホーム\n---\n\n{links}\n"));
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
        // --- Missing pieces ---------------------------------------------------------------
        Case::new("missing site.yaml", |r| remove(r, SITE))
            .fails([error(SITE, No, "read", "")]),
        Case::new("empty site.yaml", |r| write(r, SITE, ""))
            .fails([error(SITE, At(1), "yaml", "")]),
        Case::new("site.yaml that is a list", |r| write(r, SITE, "- ja\n- en\n"))
            .fails([error(SITE, At(1), "yaml", "mapping")]),
        Case::new("missing content/ folder", |r| remove(r, "content"))
            .fails([error("content", No, "", "")]),
        Case::new("missing themes/ folder", |r| remove(r, "themes")).fails([error(
            SITE,
            At(8),
            "config",
            "theme `default` not found: there is no folder themes/default/ (there is no themes/ folder either)",
        )]),
        Case::new("site.yaml names a theme that does not exist", |r| theme(r, "nosuch"))
        .fails([error(
            SITE,
            At(8),
            "config",
            "theme `nosuch` not found: there is no folder themes/nosuch/ (themes/ holds: default)",
        )]),
        Case::new("site.yaml names a theme outside themes/", |r| theme(r, "../../etc"))
        .fails([error(SITE, At(8), "config", "without `/` or `..`")]),
        Case::new("missing locale folder", |r| remove(r, "locales/en"))
            .fails([error("locales/en", No, "fluent", "")]),
        // --- Revision history ---------------------------------------------------------------
        Case::new("history.yaml that is a list of nonsense", |r| {
            write(r, HISTORY, "- 1\n- foo\n- [a, b]\n- {x: y}\n");
        })
        .fails([error(HISTORY, At(1), "yaml", "mapping")]),
        Case::new("history.yaml that is a map", |r| {
            write(r, HISTORY, "version: \"1.0\"\ndate: 2025-04-01\n");
        })
        .fails([error(HISTORY, At(1), "yaml", "sequence")]),
        Case::new("history.yaml with numbers as versions", |r| {
            write(r, HISTORY, &HISTORY_TEXT.replace("\"1.0\"", "1.0"));
        })
        .fails([error(HISTORY, At(1), "history", "quote it")]),
        Case::new("history.yaml with 1.10 unquoted, which YAML reads as 1.1", |r| {
            write(r, HISTORY, &HISTORY_TEXT.replace("\"1.0\"", "1.10"));
            let releases = r.join("content/guide/releases");
            std::fs::rename(releases.join("1.0"), releases.join("1.10")).expect("rename");
        })
        // Must not be read as 1.1: the version as written is lost, so it must be an error.
        .fails([error(HISTORY, At(1), "history", "quote it")]),
        Case::new("history.yaml with versions going backwards", |r| {
            append(
                r,
                HISTORY,
                b"- version: \"0.9\"\n  date: 2025-05-01\n  summary: {ja: a, en: b}\n",
            );
        })
        .fails([error(HISTORY, At(6), "history", "does not come after 1.0")]),
        Case::new("history.yaml with dates going backwards", |r| {
            append(
                r,
                HISTORY,
                b"- version: \"1.1\"\n  date: 2025-03-01\n  summary: {ja: a, en: b}\n",
            );
        })
        .fails([error(HISTORY, At(6), "history", "before 2025-04-01")]),
        Case::new("history.yaml with a date in the future", |r| {
            append(
                r,
                HISTORY,
                b"- version: \"1.1\"\n  date: 2999-01-01\n  summary: {ja: a, en: b}\n",
            );
        })
        .fails([error(HISTORY, At(6), "history", "in the future")]),
        Case::new("history.yaml with a summary missing a language", |r| {
            write(r, HISTORY, &HISTORY_TEXT.replace("    en: First\n", ""));
        })
        .fails([error(HISTORY, At(1), "history", "no summary in en")]),
        Case::new("a frozen copy with no history entry", |r| {
            write(r, "content/guide/releases/2.0/index.ja.md", GUIDE_JA_TEXT);
            write(r, "content/guide/releases/2.0/index.en.md", GUIDE_EN_TEXT);
        })
        .fails([error(
            "content/guide/releases/2.0",
            No,
            "extra-release",
            "no entry",
        )]),
        Case::new("a broken history does not make links to its document drafts", |r| {
            write(r, HISTORY, "- 1\n");
        })
        .fails([error(HISTORY, At(1), "yaml", "")])
        .absent(&["not released"]),
        // --- Theme and UI strings -------------------------------------------------------------
        Case::new("a template that includes itself", |r| {
            write(
                r,
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
        Case::new("a template that extends itself", |r| {
            write(
                r,
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
        Case::new("a template that extends a missing one", |r| {
            write(
                r,
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
        Case::new("a template with a syntax error", |r| {
            write(r, &format!("{TEMPLATES}/zz-syntax.html"), "<p>\n{{ oops(\n");
        })
        .fails([error(
            "themes/default/templates/zz-syntax.html",
            At(2),
            "template",
            "",
        )]),
        Case::new("a Fluent file with syntax errors", |r| {
            write(r, "locales/ja/zz.ftl", "zz-ok = OK\nthis is not fluent\n");
        })
        .fails([error("locales/ja/zz.ftl", At(2), "fluent", "")]),
        Case::new("a Fluent key used by a template but missing in one locale", |r| {
            write(
                r,
                &format!("{TEMPLATES}/zz-uses.html"),
                "<p>\n{{ t(key=\"zz-only-ja\") }}</p>\n",
            );
            write(r, "locales/ja/zz.ftl", "zz-only-ja = 日本語だけ\n");
        })
        .fails([error(
            "themes/default/templates/zz-uses.html",
            At(2),
            "fluent-missing",
            "zz-only-ja",
        )]),
        Case::new("a Fluent key nobody uses, in one locale only", |r| {
            write(r, "locales/ja/zz.ftl", "zz-extra = 余分\n");
        })
        .works([])
        .warns([warning(
            "locales/ja/zz.ftl",
            At(1),
            "fluent-one-locale",
            "zz-extra",
        )]),
        // --- The output folder -------------------------------------------------------------------
        Case::new("--out pointing at content/", |_| {})
            .args(&["--out", "content"])
            .refused("refusing"),
        Case::new("--out pointing at the site root", |_| {})
            .args(&["--out", "."])
            .refused("refusing"),
        Case::new("--out pointing at a document folder", |_| {})
            .args(&["--out", "content/guide"])
            .refused("refusing"),
        // --- Links and raw HTML ------------------------------------------------------------------
        Case::new("a link climbing out to /etc/passwd", |r| {
            write(
                r,
                HOME_JA,
                "---\ntitle: ホーム\n---\n\n[p](../../../../etc/passwd)\n",
            );
        })
        .fails([error(HOME_JA, At(5), "broken-link", "outside content/")]),
        Case::new("javascript: and data: URLs in links", |r| {
            write(
                r,
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
        Case::new("raw HTML <script> in Markdown", |r| {
            write(
                r,
                HOME_JA,
                "---\ntitle: ホーム\n---\n\n<script>alert(1)</script>\n\n本文 <b onclick=\"x()\">太字</b>\n",
            );
        })
        // CommonMark passes raw HTML through; trustdocs does too (README).
        .works([
            Out::Contains("ja/index.html", "<script>alert(1)</script>"),
            Out::Contains("ja/index.html", "<b onclick=\"x()\">"),
        ]),
        Case::new("HTML in front matter and link titles is escaped", |r| {
            write(
                r,
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
    ]
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
