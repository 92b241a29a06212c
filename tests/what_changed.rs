//! "What changed" as a customer reads it (issue 20): a manual released three times with
//! `trustdocs release`, then built. Its pages compare the rendered revisions block by
//! block under their sections, as a 新旧対照表 and inline, never showing Markdown; images
//! and other files are frozen with each release and stored once per version; a translation
//! not updated says so; archived pages carry their revision in the breadcrumbs.

mod support;

use support::comparison::{hidden_words, inline_view, marks, table_view, visible_text};
use support::{Run, Site, elements, main_of, tags};

const DOC: &str = "content/handbook";

/// The manual's diagram, three versions of it over the releases.
const FLOW_1: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"4\" height=\"4\"/></svg>\n";
const FLOW_2: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle r=\"4\"/></svg>\n";

const INDEX_JA_1: &str = r#"---
title: 運用ハンドブック
---

このハンドブックは、サービスの運用を説明します。

## 1. 概要 {#overview}

本書は運用の手順を説明します。

## 2. 保存場所 {#storage}

| 区分 | 保存先 |
| --- | --- |
| 主系 | 東京 |
| 予備 | なし |

- 東京リージョン
- 日次の**バックアップ**
- 監査ログ

## 3. 手順 {#steps}

```sh
backup --daily
```

![処理の流れ](images/flow.svg)

古い段落です。この段落は次の版で削除されます。

移動する段落です。次の版では連絡先の節に移ります。

## 4. 連絡先 {#contact}

[窓口](https://example.com/contact)へご連絡ください。
"#;

const INDEX_JA_2: &str = r#"---
title: 運用ハンドブック
---

このハンドブックは、サービスの運用を説明します。

## 1. 概要 {#overview}

本書は運用とバックアップの手順を説明します。

## 2. データの保存場所 {#storage}

| 区分 | 保存先 |
| --- | --- |
| 主系 | 東京 |
| 予備 | 大阪 |
| 監査 | 東京 |

- 東京リージョン
- 大阪リージョン
- 日次の**バックアップ**

## 3. 手順 {#steps}

```sh
backup --daily --encrypt
```

![処理の流れ](images/flow.svg)

## 4. 連絡先 {#contact}

[窓口](https://example.com/contact)へご連絡ください。

移動する段落です。次の版では連絡先の節に移ります。

## 5. 改訂の方針 {#policy}

本書は年に一度見直します。
"#;

const INDEX_EN_1: &str = r#"---
title: Operations Handbook
translation_of: "1.0"
---

This handbook describes how the service is run.

## 1. Overview {#overview}

This book describes the operating procedures.

## 2. Storage {#storage}

| Kind | Location |
| --- | --- |
| Primary | Tokyo |
| Standby | none |

- Tokyo Region
- Daily **backups**
- Audit logs

## 3. Procedures {#steps}

```sh
backup --daily
```

![Flow of the procedure](images/flow.svg)

An old paragraph. The next revision removes it.

A paragraph that moves. In the next revision it is under Contact.

## 4. Contact {#contact}

Please contact [the desk](https://example.com/contact).
"#;

const INDEX_EN_2: &str = r#"---
title: Operations Handbook
translation_of: "1.1"
---

This handbook describes how the service is run.

## 1. Overview {#overview}

This book describes the operating and backup procedures.

## 2. Data storage {#storage}

| Kind | Location |
| --- | --- |
| Primary | Tokyo |
| Standby | Osaka |
| Audit | Tokyo |

- Tokyo Region
- Osaka Region
- Daily **backups**

## 3. Procedures {#steps}

```sh
backup --daily --encrypt
```

![Flow of the procedure](images/flow.svg)

## 4. Contact {#contact}

Please contact [the desk](https://example.com/contact).

A paragraph that moves. In the next revision it is under Contact.

## 5. How this book is revised {#policy}

We review this book once a year.
"#;

fn chapter(lang: &str, text: &str) -> String {
    let (title, translation) = match lang {
        "ja" => ("導入", ""),
        _ => ("Setup", "translation_of: \"1.0\"\n"),
    };
    format!("---\ntitle: {title}\n{translation}---\n\n{text}\n")
}

fn release(site: &Site, ja: &str, en: &str, now: &str) {
    site.cmd(&[
        "release",
        "handbook",
        "--summary-ja",
        ja,
        "--summary-en",
        en,
    ])
    .now(now)
    .run()
    .success();
}

/// The handbook released three times: 1.0; 1.1 with changes of every kind in both
/// languages (its chapter changed in Japanese only) and a new diagram; 1.2 with a change
/// in Japanese only, the diagram as it was.
fn handbook() -> Site {
    let site = Site::fixture("minimal");
    site.write(&format!("{DOC}/index.ja.md"), INDEX_JA_1)
        .write(&format!("{DOC}/index.en.md"), INDEX_EN_1)
        .write(
            &format!("{DOC}/01-setup.ja.md"),
            &chapter("ja", "導入の手順です。"),
        )
        .write(
            &format!("{DOC}/01-setup.en.md"),
            &chapter("en", "How to set it up."),
        )
        .write(&format!("{DOC}/images/flow.svg"), FLOW_1);
    release(&site, "初版", "First edition", "2025-04-01T03:00:00Z");
    site.write(&format!("{DOC}/index.ja.md"), INDEX_JA_2)
        .write(&format!("{DOC}/index.en.md"), INDEX_EN_2)
        .write(
            &format!("{DOC}/01-setup.ja.md"),
            &chapter("ja", "導入の手順を説明します。"),
        )
        .write(&format!("{DOC}/images/flow.svg"), FLOW_2);
    release(
        &site,
        "保存場所を追加",
        "Added a storage location",
        "2025-05-01T03:00:00Z",
    );
    let ja = INDEX_JA_2.replace("年に一度", "半年に一度");
    site.write(&format!("{DOC}/index.ja.md"), &ja);
    release(
        &site,
        "見直しの頻度を変更",
        "Changed the review frequency",
        "2025-06-01T03:00:00Z",
    );
    site.cmd(&["build"])
        .now("2025-07-01T03:00:00Z")
        .run()
        .success();
    site
}

/// What a reader sees of a page's `<main>`: its text, tags removed.
fn reads(html: &str) -> String {
    visible_text(&main_of(html))
}

/// Markdown a reader must never see on a "what changed" page.
const MARKDOWN: &[&str] = &[
    "| ---",
    "|---",
    "| 区分 |",
    "| Kind |",
    "{#",
    "](",
    "![",
    "**",
    "- [",
    "```",
    "## ",
    "\n- ",
];

fn assert_no_markdown(html: &str, what: &str) {
    let main = main_of(html);
    for text in [reads(html), main.clone()] {
        for syntax in MARKDOWN {
            assert!(
                !text.contains(syntax),
                "{what}: Markdown {syntax:?} shown:\n{}",
                support::excerpt(&text)
            );
        }
    }
}

/// The rows of a view (`cmp-row` elements of the 新旧対照表, or of the inline view) with
/// the given change.
fn rows(view: &str, element: &str, change: &str) -> Vec<String> {
    elements(view, element)
        .into_iter()
        .filter(|e| e.tag.attr("class") == Some(&format!("cmp-row cmp-{change}")))
        .map(|e| e.inner_html)
        .collect()
}

#[test]
fn every_kind_of_block_change_is_shown_under_its_section_in_both_views() {
    let site = handbook();
    let html = site.file("ja/handbook/v1.1/diff/index.html");
    assert_no_markdown(&html, "ja 1.1");
    let table = table_view(&html);
    let inline = inline_view(&html);
    assert!(
        !table.is_empty() && !inline.is_empty(),
        "both views are on the page"
    );

    // The 新旧対照表: the revised text on the left, the previous on the right.
    let heads: Vec<String> = elements(&table, "th")
        .iter()
        .filter(|th| th.tag.attr("scope") == Some("col"))
        .map(|th| th.text())
        .collect();
    assert!(
        heads.starts_with(&[
            "改訂後（第1.1版）".to_string(),
            "改訂前（第1.0版）".to_string()
        ]),
        "{heads:?}"
    );

    // Each section with changes is named, linked to itself in the new revision.
    let section_links: Vec<(String, String)> = elements(&table, "h3")
        .iter()
        .flat_map(|h| tags(&h.inner_html, "a"))
        .filter_map(|a| a.attr("href").map(str::to_string))
        .zip(elements(&table, "h3").iter().map(|h| h.text()))
        .collect();
    for (href, title) in [
        ("/ja/handbook/v1.1/#overview", "1. 概要"),
        ("/ja/handbook/v1.1/#storage", "2. データの保存場所"),
        ("/ja/handbook/v1.1/#steps", "3. 手順"),
        ("/ja/handbook/v1.1/#contact", "4. 連絡先"),
        ("/ja/handbook/v1.1/#policy", "5. 改訂の方針"),
    ] {
        assert!(
            section_links.iter().any(|(h, t)| h == href && t == title),
            "no section {title} linking to {href}: {section_links:?}"
        );
    }
    // The opening text did not change: folded, its name shown.
    let folded: Vec<String> = elements(&table, "p")
        .into_iter()
        .filter(|p| p.tag.attr("class") == Some("cmp-unchanged-list"))
        .map(|p| p.text())
        .collect();
    assert!(folded.iter().any(|f| f.contains("冒頭")), "{folded:?}");

    // A changed paragraph: the changed characters marked on each side.
    let ins = marks(&table, "ins");
    let del = marks(&table, "del");
    assert!(ins.contains(&"とバックアップ".to_string()), "{ins:?}");
    // A changed heading.
    assert!(ins.iter().any(|m| m.contains("データの")), "{ins:?}");
    // A changed table row: the changed cell marked, the others not.
    let changed = rows(&table, "tr", "changed");
    let row = changed
        .iter()
        .find(|r| r.contains("予備"))
        .expect("the standby row changed");
    let cells = elements(row, "td");
    let marked: Vec<String> = cells
        .iter()
        .filter(|c| c.tag.attr("class") == Some("cmp-cell-changed"))
        .map(|c| visible_text(&c.inner_html))
        .collect();
    assert_eq!(
        marked,
        ["大阪", "なし"],
        "the location cell, in both columns"
    );
    // An added table row and list item, a removed list item and paragraph.
    let added = rows(&table, "tr", "added");
    assert!(
        added
            .iter()
            .any(|r| r.contains("監査") && r.contains("<table")),
        "{added:?}"
    );
    let replaced_or_added: Vec<String> = rows(&table, "tr", "added")
        .into_iter()
        .chain(rows(&table, "tr", "replaced"))
        .map(|r| visible_text(&r))
        .collect();
    assert!(
        replaced_or_added
            .iter()
            .any(|r| r.contains("大阪リージョン")),
        "{replaced_or_added:?}"
    );
    let removed_or_replaced: Vec<String> = rows(&table, "tr", "removed")
        .into_iter()
        .chain(rows(&table, "tr", "replaced"))
        .map(|r| visible_text(&r))
        .collect();
    assert!(removed_or_replaced.iter().any(|r| r.contains("監査ログ")));
    assert!(
        removed_or_replaced
            .iter()
            .any(|r| r.contains("古い段落です"))
    );
    // A changed code block.
    assert!(ins.iter().any(|m| m.contains("--encrypt")), "{ins:?}");
    assert!(table.contains("<pre class=\"cmp-block cmp-code\" tabindex=\"0\">"));
    // A changed image: both versions, each the file its release froze.
    let image_row = changed
        .iter()
        .find(|r| r.contains("<img"))
        .expect("the diagram changed");
    let sources: Vec<String> = tags(image_row, "img")
        .iter()
        .filter_map(|i| i.attr("src").map(str::to_string))
        .collect();
    assert_eq!(
        sources,
        [
            "/handbook/v1.1/images/flow.svg",
            "/handbook/v1.0/images/flow.svg"
        ]
    );
    // A moved paragraph: at its new place, and where it was.
    let here = rows(&table, "tr", "moved-here");
    let away = rows(&table, "tr", "moved-away");
    assert_eq!((here.len(), away.len()), (1, 1), "one paragraph moved");
    assert!(visible_text(&here[0]).contains("「3. 手順」から移動しました。"));
    assert!(visible_text(&away[0]).contains("「4. 連絡先」へ移動しました。"));
    // An added section.
    assert!(
        rows(&table, "tr", "added")
            .iter()
            .any(|r| visible_text(r).contains("本書は年に一度見直します。"))
    );
    assert!(!del.is_empty());

    // Screen readers are told where each change starts and ends.
    let words = hidden_words(&table);
    for word in [
        "[追加ここから]",
        "[追加ここまで]",
        "[削除ここから]",
        "[削除ここまで]",
    ] {
        assert!(words.iter().any(|w| w == word), "{word} not announced");
    }

    // The inline view shows the same changes, marked in the text.
    let inline_ins = marks(&inline, "ins");
    let inline_del = marks(&inline, "del");
    assert!(inline_ins.contains(&"とバックアップ".to_string()));
    assert!(inline_ins.iter().any(|m| m.contains("--encrypt")));
    assert!(inline_del.iter().any(|m| m.contains("監査ログ")));
    assert_eq!(tags(&inline, "img").len(), 2, "the old and the new diagram");

    // The chapter changed too, on its own part of the page.
    assert!(reads(&html).contains("導入"));
    assert!(marks(&table, "ins").iter().any(|m| m.contains("説明")));
}

#[test]
fn english_changes_are_marked_word_by_word() {
    let site = handbook();
    let html = site.file("en/handbook/v1.1/diff/index.html");
    assert_no_markdown(&html, "en 1.1");
    let table = table_view(&html);
    let ins = marks(&table, "ins");
    assert!(ins.iter().any(|m| m.trim() == "and backup"), "{ins:?}");
    assert!(ins.contains(&"Osaka".to_string()), "{ins:?}");
    assert!(
        elements(&table, "th")
            .iter()
            .any(|th| th.text() == "Revised (Version 1.1)"),
        "the English columns"
    );
    // The chapter changed in Japanese only: the English page says so, and links there.
    let notes: Vec<String> = elements(&html, "p")
        .into_iter()
        .filter(|p| p.tag.attr("class") == Some("cmp-not-updated"))
        .map(|p| p.inner_html)
        .collect();
    assert_eq!(notes.len(), 1, "one page not updated in English: {notes:?}");
    let link = tags(&notes[0], "a")[0].attr("href").map(str::to_string);
    assert_eq!(link.as_deref(), Some("/ja/handbook/v1.1/diff/#page-2"));
    assert!(
        site.file("ja/handbook/v1.1/diff/index.html")
            .contains("id=\"page-2\"")
    );
}

#[test]
fn a_translation_not_updated_in_a_revision_says_so_and_links_to_the_original() {
    let site = handbook();
    let html = site.file("en/handbook/v1.2/diff/index.html");
    let text = reads(&html);
    assert!(
        text.contains("The English translation was not updated in Version 1.2."),
        "{text}"
    );
    assert!(
        !text.contains("No changes"),
        "it does not claim nothing happened"
    );
    let to_original: Vec<_> = tags(&main_of(&html), "a")
        .into_iter()
        .filter(|a| a.attr("href") == Some("/ja/handbook/v1.2/diff/"))
        .collect();
    assert!(!to_original.is_empty(), "links to the Japanese changes");
    assert!(table_view(&html).is_empty(), "no empty comparison is drawn");
    // The Japanese page has the change.
    let ja = site.file("ja/handbook/v1.2/diff/index.html");
    assert!(marks(&table_view(&ja), "ins").contains(&"半".to_string()));
}

#[test]
fn archived_revisions_show_the_files_they_froze_stored_once() {
    let site = handbook();
    let src_of = |file: &str| -> Vec<String> {
        tags(&main_of(&site.file(file)), "img")
            .iter()
            .filter_map(|i| i.attr("src").map(str::to_string))
            .collect()
    };
    assert_eq!(
        src_of("ja/handbook/v1.0/index.html"),
        ["/handbook/v1.0/images/flow.svg"]
    );
    assert_eq!(
        src_of("ja/handbook/v1.1/index.html"),
        ["/handbook/v1.1/images/flow.svg"]
    );
    // Unchanged in 1.2: the file 1.1 froze, not a third copy.
    assert_eq!(
        src_of("ja/handbook/v1.2/index.html"),
        ["/handbook/v1.1/images/flow.svg"]
    );
    assert_eq!(
        src_of("en/handbook/index.html"),
        ["/handbook/v1.1/images/flow.svg"]
    );
    assert_eq!(
        site.read_bytes("public/handbook/v1.0/images/flow.svg"),
        FLOW_1.as_bytes()
    );
    assert_eq!(
        site.read_bytes("public/handbook/v1.1/images/flow.svg"),
        FLOW_2.as_bytes()
    );
    assert!(!site.public().join("handbook/v1.2").join("images").exists());
    let frozen: Vec<_> = walk(&site.public().join("handbook"))
        .into_iter()
        .filter(|f| f.ends_with("flow.svg"))
        .collect();
    assert_eq!(
        frozen.len(),
        3,
        "today's file and two frozen versions: {frozen:?}"
    );
    // The sources: each release froze the diagram beside its pages.
    for version in ["1.0", "1.1", "1.2"] {
        assert!(
            site.path(&format!("{DOC}/releases/{version}/images/flow.svg"))
                .is_file()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out
}

/// The breadcrumbs of a page: (title, link) of each, the last one the page itself.
fn crumbs(html: &str) -> Vec<(String, Option<String>)> {
    let nav = elements(html, "nav")
        .into_iter()
        .find(|n| n.tag.attr("class") == Some("breadcrumbs"))
        .expect("breadcrumbs");
    elements(&nav.inner_html, "li")
        .iter()
        .map(|li| {
            let href = tags(&li.inner_html, "a")
                .first()
                .and_then(|a| a.attr("href").map(str::to_string));
            (li.text(), href)
        })
        .collect()
}

fn crumb(title: &str, url: Option<&str>) -> (String, Option<String>) {
    (title.to_string(), url.map(str::to_string))
}

#[test]
fn archived_pages_and_diffs_name_their_revision_in_the_breadcrumbs() {
    let site = handbook();
    let home = crumb("テストポータル", Some("/ja/"));
    let doc = crumb("運用ハンドブック", Some("/ja/handbook/"));
    assert_eq!(
        crumbs(&site.file("ja/handbook/v1.0/index.html")),
        [home.clone(), doc.clone(), crumb("第1.0版", None)]
    );
    assert_eq!(
        crumbs(&site.file("ja/handbook/v1.0/01-setup/index.html")),
        [
            home.clone(),
            doc.clone(),
            crumb("第1.0版", Some("/ja/handbook/v1.0/")),
            crumb("導入", None)
        ]
    );
    assert_eq!(
        crumbs(&site.file("ja/handbook/v1.0/print/index.html")),
        [
            home.clone(),
            doc.clone(),
            crumb("第1.0版", Some("/ja/handbook/v1.0/")),
            crumb("印刷用ページ", None)
        ]
    );
    assert_eq!(
        crumbs(&site.file("ja/handbook/v1.1/diff/index.html")),
        [
            home.clone(),
            doc.clone(),
            crumb("第1.1版", Some("/ja/handbook/v1.1/")),
            crumb("変更箇所", None)
        ]
    );
    // The current pages: no revision in between.
    assert_eq!(
        crumbs(&site.file("ja/handbook/01-setup/index.html")),
        [home, doc, crumb("導入", None)]
    );
    let en = crumbs(&site.file("en/handbook/v1.0/01-setup/index.html"));
    assert_eq!(en[2], crumb("Version 1.0", Some("/en/handbook/v1.0/")));
}

#[test]
fn one_version_wording_in_tables_banners_titles_and_feeds() {
    let site = handbook();
    let archived = site.file("ja/handbook/v1.0/index.html");
    let banner = elements(&archived, "div")
        .into_iter()
        .find(|d| d.tag.attr("class") == Some("banner banner-archived"))
        .expect("an archived banner")
        .text();
    assert!(banner.contains("過去の版（第1.0版）"), "{banner}");
    assert!(banner.contains("最新版（第1.2版）を見る"), "{banner}");
    let title = elements(&archived, "title")[0].text();
    assert!(title.contains("第1.0版"), "{title}");
    let table: Vec<String> = elements(&site.file("ja/handbook/index.html"), "th")
        .iter()
        .filter(|th| th.tag.attr("scope") == Some("row"))
        .map(|th| th.text())
        .collect();
    assert_eq!(table, ["第1.0版", "第1.1版", "第1.2版"]);
    let feed = site.file("en/feed.xml");
    assert!(
        feed.contains("<title>Operations Handbook, Version 1.2</title>"),
        "{feed}"
    );
    let lead = visible_text(&site.file("ja/handbook/v1.2/diff/index.html"));
    assert!(lead.contains("第1.1版から第1.2版への変更"));
}

#[test]
fn a_history_released_before_files_were_frozen_links_to_todays_and_check_warns() {
    let site = handbook();
    // As a release made by an older trustdocs left it: no frozen files.
    site.remove(&format!("{DOC}/releases/1.0/images"));
    let check: Run = site.cmd(&["check"]).now("2025-07-01T03:00:00Z").run();
    check.success();
    assert!(
        check.stdout.contains(
            "content/handbook/releases/1.0/index.ja.md:28: warning[unfrozen-asset]: `images/flow.svg` was not frozen with release 1.0"
        ),
        "{}",
        check.stdout
    );
    site.cmd(&["build"])
        .now("2025-07-01T03:00:00Z")
        .run()
        .success();
    let v1 = site.file("ja/handbook/v1.0/index.html");
    assert!(
        v1.contains("src=\"/handbook/images/flow.svg\""),
        "today's file"
    );
}
