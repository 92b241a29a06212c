//! `trustdocs build`, `init` and `new` on fixture sites and on the example portal: what a
//! writer, a customer or CI would notice in the output folder and on the terminal.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use support::{
    Run, Site, assert_same_tree, dead_links, elements, ids, position, rel_link, tags, tree, urls,
};

// ---------------------------------------------------------------------------------------
// The example portal
// ---------------------------------------------------------------------------------------

/// The `<h2>` sections of a page whose title starts with a number (`1. 責任分界`), as
/// (id, title) pairs in order.
fn numbered_sections(html: &str) -> Vec<(String, String)> {
    elements(html, "h2")
        .into_iter()
        .filter(|h| h.text().starts_with(|c: char| c.is_ascii_digit()))
        .map(|h| (h.tag.attr("id").unwrap_or_default().to_string(), h.text()))
        .collect()
}

#[test]
fn example_portal_builds_guideline_in_both_languages() {
    let site = Site::example();
    site.build().success();

    let mut section_ids = Vec::new();
    for (lang, other) in [("ja", "en"), ("en", "ja")] {
        let file = format!("{lang}/security-guideline/index.html");
        let html = site.file(&file);
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{file}: <html lang=\"{lang}\"> missing"
        );

        // About a dozen numbered sections, each an <h2> with an id.
        let sections = numbered_sections(&html);
        assert!(
            sections.len() >= 12,
            "{file}: expected about a dozen numbered sections, found {sections:?}"
        );
        for (id, title) in &sections {
            assert!(!id.is_empty(), "{file}: section {title:?} has no id");
        }
        for (n, (_, title)) in sections.iter().enumerate() {
            assert!(
                title.starts_with(&format!("{}.", n + 1)),
                "{file}: section {} is titled {title:?}",
                n + 1
            );
        }

        // The table of contents (navigation beside the text, not the text's own links)
        // links to every section.
        let toc_targets: BTreeSet<String> = ["aside", "nav"]
            .iter()
            .flat_map(|name| elements(&html, name))
            .flat_map(|e| urls(&e.inner_html))
            .collect();
        for (id, title) in &sections {
            assert!(
                toc_targets.contains(&format!("#{id}")),
                "{file}: no table-of-contents link to section {title:?} (#{id})"
            );
        }

        // The table of external cloud services, with header cells.
        let services_at = position(&html, "id=\"external-services\"", &file);
        let table = elements(&html[services_at..], "table")
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{file}: no <table> in the external services section"));
        let header_cells = elements(&table.inner_html, "th");
        assert!(
            header_cells.len() >= 3,
            "{file}: the cloud services table should have header cells, has {header_cells:?}"
        );
        assert!(
            table.inner_html.contains("Amazon Web Services"),
            "{file}: the cloud services table does not list AWS"
        );

        // Certifications (from data/certifications.yaml): each registration number links to
        // the registry where a customer checks it.
        let registry_links: Vec<String> = tags(&html, "a")
            .iter()
            .filter_map(|a| a.attr("href"))
            .filter(|href| href.contains("isms.jp") || href.contains("registry."))
            .map(str::to_string)
            .collect();
        assert!(
            registry_links.len() >= 3,
            "{file}: expected a registry link per certification, found {registry_links:?}"
        );
        for number in ["IS 735021", "CLOUD 735144", "PII 735209"] {
            assert!(html.contains(number), "{file}: no registration {number}");
        }

        // hreflang alternates in the head, pointing at the other language's page.
        let alternate = tags(&html, "link")
            .into_iter()
            .find(|l| l.has_word("rel", "alternate") && l.attr("hreflang") == Some(other))
            .unwrap_or_else(|| panic!("{file}: no <link rel=alternate hreflang={other}>"));
        let href = alternate.attr("href").unwrap_or_default();
        assert!(
            href.ends_with(&format!("/{other}/security-guideline/"))
                && href.starts_with("https://"),
            "{file}: hreflang {other} points at {href}"
        );

        // A language switcher: a link a reader can click to the other language.
        let switch = tags(&html, "a")
            .into_iter()
            .find(|a| a.attr("hreflang") == Some(other))
            .unwrap_or_else(|| panic!("{file}: no link to the {other} page"));
        assert_eq!(
            switch.attr("href"),
            Some(format!("/{other}/security-guideline/").as_str()),
            "{file}: the language switcher"
        );

        section_ids.push(sections.into_iter().map(|(id, _)| id).collect::<Vec<_>>());
    }
    // The same sections in both languages have the same ids, so the switcher keeps #fragments.
    assert_eq!(
        section_ids[0], section_ids[1],
        "ja and en section ids differ"
    );
}

#[test]
fn example_portal_has_no_dead_internal_links() {
    let site = Site::example();
    site.build().success();
    let problems = dead_links(&site.output_tree(), "");
    assert!(
        problems.is_empty(),
        "dead links in the example portal:\n{}",
        problems.join("\n")
    );
}

#[test]
fn building_twice_gives_identical_trees() {
    let site = Site::example();
    site.build().success();
    let first = site.output_tree();
    assert!(first.len() > 10, "the example built almost nothing");
    site.build().success();
    assert_same_tree(&first, &site.output_tree(), "the second build");
    // And into another folder, by another process: same bytes.
    site.build_with(&["--out", site.path("elsewhere").to_str().unwrap()])
        .success();
    assert_same_tree(
        &first,
        &tree(&site.path("elsewhere")),
        "a build into another folder",
    );
}

#[test]
fn a_rebuild_rewrites_only_the_files_that_changed() {
    let site = Site::example();
    site.build().success();
    let modified = |rel: &str| {
        std::fs::metadata(site.public().join(rel))
            .and_then(|m| m.modified())
            .unwrap()
    };
    let chapter = "ja/manuals/mail-gateway/02-setup/index.html";
    let guideline = "ja/security-guideline/index.html";
    let (chapter_before, guideline_before) = (modified(chapter), modified(guideline));
    std::thread::sleep(std::time::Duration::from_millis(50));
    let source = "content/security-guideline/index.ja.md";
    site.write(
        source,
        &format!("{}\n追記された一文です。\n", site.read(source)),
    );
    site.build_with(&["--drafts"]).success();
    assert!(site.file(guideline).contains("追記された一文です。"));
    assert!(
        modified(guideline) > guideline_before,
        "the changed page is written again"
    );
    assert_eq!(
        modified(chapter),
        chapter_before,
        "an unchanged page keeps its file (and its time, for deploy tools)"
    );
}

// ---------------------------------------------------------------------------------------
// Japanese text
// ---------------------------------------------------------------------------------------

#[test]
fn line_break_between_japanese_characters_is_not_a_space() {
    let site = Site::fixture("japanese-text");
    site.build().success();
    site.check_file_contains(
        "ja/text/index.html",
        &["日本語の文章です。行末で改行しても、空白は入りません。"],
    )
    .check_file_not_contains("ja/text/index.html", &["日本語の\n", "日本語の 文章"]);
    // Between English words the line break still separates them.
    site.check_file_contains("en/text/index.html", &["English words\nwrap with a space."])
        .check_file_contains("ja/text/index.html", &["English words\nwrap with a space."]);
}

/// The pages of the example portal whose Japanese source breaks a line after 、 or 。
/// before a Latin word or a digit, or before （: none of them may show a space there.
const PAGES_WITH_BREAKS_BESIDE_PUNCTUATION: [&str; 9] = [
    "ja/index.html",
    "ja/security-guideline/index.html",
    "ja/manuals/mail-gateway/index.html",
    "ja/manuals/mail-gateway/01-introduction/index.html",
    "ja/manuals/mail-gateway/02-setup/index.html",
    "ja/manuals/mail-gateway/03-policies/index.html",
    "ja/manuals/mail-gateway/05-troubleshooting/index.html",
    "ja/notices/2025-05-30-subprocessor-change/index.html",
    "ja/notices/2025-07-01-storage-region/index.html",
];

/// The text of `html` as a reader sees it: tags dropped (a block's end is a line break),
/// code blocks left out, a line break between words shown as the space it is.
fn reader_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if tag.starts_with("pre") {
            rest = rest.split_once("</pre>").map_or("", |(_, after)| after);
        }
        let name = tag.trim_start_matches('/').split_whitespace().next();
        if !matches!(name, Some("a" | "strong" | "em" | "code" | "wbr")) {
            text.push('\u{0}');
        }
    }
    text.push_str(rest);
    text.replace('\n', " ")
}

#[test]
fn no_space_beside_japanese_punctuation_on_the_example_portal() {
    let site = Site::example();
    site.build().success();
    // The ones the issue quoted, as a reader sees them.
    let quoted = [
        (
            "ja/security-guideline/index.html",
            "暗号化しています。TLS 1.0",
        ),
        ("ja/security-guideline/index.html", "場合、STARTTLS"),
        ("ja/security-guideline/index.html", "800-88（媒体"),
        ("ja/index.html", "ご質問は、security@soranote.example"),
    ];
    for (page, expected) in quoted {
        let text = reader_text(&site.file(page));
        assert!(
            text.contains(expected),
            "{page} should show {expected:?}:\n{text}"
        );
    }
    let stray = |text: &str| -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        chars
            .windows(3)
            .filter(|w| {
                w[1] == ' '
                    && (("、。」）".contains(w[0]) && w[2].is_ascii_alphanumeric())
                        || (w[0].is_ascii_alphanumeric() && w[2] == '（'))
            })
            .map(|w| w.iter().collect())
            .collect()
    };
    for page in PAGES_WITH_BREAKS_BESIDE_PUNCTUATION {
        let text = reader_text(&site.file(page));
        assert_eq!(stray(&text), Vec::<String>::new(), "{page}");
    }
    // Every Japanese page of the portal, archived revisions and print pages too.
    for page in site.html_files().iter().filter(|p| p.starts_with("ja/")) {
        let text = reader_text(&site.file(page));
        assert_eq!(stray(&text), Vec::<String>::new(), "{page}");
    }
}

#[test]
fn phrase_breaks_are_in_the_html_but_not_in_what_readers_and_search_get() {
    let site = Site::example();
    site.build().success();
    let page = site.raw_file("ja/security-guideline/index.html");
    // Inside the body, a table, the title and the table of contents.
    assert!(page.contains("内容を<wbr>確認"), "no <wbr> in the body");
    assert!(page.matches("<wbr>").count() > 100, "too few phrase breaks");
    for inside_a_word in [
        "確<wbr>認",
        "マ<wbr>ニュアル",
        "同<wbr>期",
        "ン<wbr>ト",
        "り<wbr>が",
    ] {
        assert!(!page.contains(inside_a_word), "{inside_a_word}");
    }
    // Nowhere in an attribute, in the head or in a script.
    for tag in tags(&page, "meta").iter().chain(tags(&page, "img").iter()) {
        assert!(!format!("{tag:?}").contains("wbr"), "{tag:?}");
    }
    let head = &page[..page.find("</head>").unwrap()];
    assert!(!head.contains("<wbr>"), "<wbr> in the head");
    // The visible text is the one written, apart from the <wbr>s.
    let before = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/security-guideline/index.ja.md"),
    )
    .unwrap();
    let written = "お客様のメールの内容を確認する必要がある場合";
    assert!(before.contains(written));
    assert!(reader_text(&page).contains(written));
    // Search, feeds, JSON and every other file that is not a page get none.
    for (path, bytes) in site.output_tree() {
        if !path.ends_with(".html") && !path.starts_with("static/") {
            let found = bytes.windows(5).any(|w| w == b"<wbr>" || w == b"&lt;w");
            assert!(!found, "{path} has a <wbr>");
        }
    }
}

#[test]
fn the_home_page_address_is_a_mail_link() {
    let site = Site::example();
    site.build().success();
    for lang in ["ja", "en"] {
        site.check_file_contains(
            &format!("{lang}/index.html"),
            &["<a href=\"mailto:security@soranote.example\">"],
        );
    }
}

#[test]
fn bold_next_to_japanese_brackets() {
    let site = Site::fixture("japanese-text");
    site.build().success();
    site.check_file_contains(
        "ja/text/index.html",
        &["これは<strong>「重要」</strong>です。"],
    )
    .check_file_not_contains("ja/text/index.html", &["**"]);
    site.check_file_contains(
        "en/text/index.html",
        &["This is <strong>important</strong>."],
    );
}

#[test]
fn heading_ids_keep_japanese_characters_and_are_unique() {
    let site = Site::fixture("japanese-text");
    site.build().success();
    let html = site.file("ja/text/index.html");
    let headings: Vec<(String, String)> = ["h2", "h3"]
        .iter()
        .flat_map(|h| elements(&html, h))
        .filter(|h| h.text().starts_with('1') || h.text().starts_with('暗'))
        .map(|h| (h.tag.attr("id").unwrap_or_default().to_string(), h.text()))
        .collect();
    let ids: Vec<&str> = headings.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["1-責任分界", "1-責任分界-1", "encryption"],
        "{headings:?}"
    );
    // Each heading links to itself, and the table of contents links to each.
    for id in ids {
        let links = tags(&html, "a")
            .into_iter()
            .filter(|a| a.attr("href") == Some(&format!("#{id}")))
            .count();
        assert!(
            links >= 2,
            "expected a self-link and a table-of-contents link to #{id}, found {links}"
        );
    }
    // English headings become lowercase slugs, also unique.
    let en = site.file("en/text/index.html");
    for id in [
        "1-shared-responsibilities",
        "1-shared-responsibilities-1",
        "encryption",
    ] {
        assert!(
            en.contains(&format!("id=\"{id}\"")),
            "en: no heading id {id}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Links, images, base URL
// ---------------------------------------------------------------------------------------

/// The `href`s of the links in a page's Markdown content.
fn content_links(html: &str) -> Vec<String> {
    let prose = elements(html, "div")
        .into_iter()
        .find(|d| d.tag.has_word("class", "prose"))
        .map(|d| d.inner_html)
        .unwrap_or_else(|| html.to_string());
    tags(&prose, "a")
        .into_iter()
        .filter(|a| !a.has_word("class", "anchor"))
        .filter_map(|a| a.attr("href").map(str::to_string))
        .collect()
}

#[test]
fn relative_md_links_go_to_the_same_language_page() {
    let site = Site::fixture("links");
    site.build().success();
    assert_eq!(
        content_links(&site.file("ja/guide/index.html")),
        [
            "/ja/manual/01-setup/#install",
            "/ja/manual/01-setup/",
            "/ja/manual/",
            "/ja/",
            "https://example.org/page.md",
            "#diagram",
        ]
    );
    assert_eq!(
        content_links(&site.file("en/guide/index.html")),
        [
            "/en/manual/01-setup/#install",
            "/en/manual/01-setup/",
            "/en/manual/",
            "/en/",
            "https://example.org/page.md",
            "#diagram",
            // A link that names a language on purpose goes to that language.
            "/ja/guide/",
        ]
    );
    // A link from a chapter back to a document, with a fragment, in each language.
    assert_eq!(
        content_links(&site.file("ja/manual/01-setup/index.html")),
        ["/ja/guide/#diagram"]
    );
    assert_eq!(
        content_links(&site.file("en/manual/01-setup/index.html")),
        ["/en/guide/#diagram"]
    );
}

#[test]
fn images_next_to_pages_are_copied_and_linked() {
    let site = Site::fixture("links");
    site.build().success();
    let source = std::fs::read(site.path("content/guide/images/network diagram.svg")).unwrap();
    let copied = std::fs::read(site.public().join("guide/images/network diagram.svg"))
        .expect("the image is copied to the same path in the output");
    assert_eq!(source, copied, "the image is copied byte for byte");
    for lang in ["ja", "en"] {
        let html = site.file(&format!("{lang}/guide/index.html"));
        let sources: Vec<String> = tags(&html, "img")
            .into_iter()
            .filter_map(|i| i.attr("src").map(str::to_string))
            .collect();
        assert_eq!(
            sources,
            [
                "/guide/images/network%20diagram.svg",
                "/guide/images/network%20diagram.svg"
            ],
            "{lang}: both ways of writing the image link"
        );
    }
}

#[test]
fn history_yaml_is_not_published() {
    let site = Site::fixture("links");
    site.build().success();
    assert!(!site.has_file("guide/history.yaml"));
    let published: Vec<String> = site
        .output_tree()
        .into_keys()
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".md"))
        .collect();
    assert!(published.is_empty(), "sources published: {published:?}");
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let site = Site::fixture("links");
    site.build_with(&["--base-url", "https://example.com/portal/"])
        .success();

    site.check_file_contains(
        "ja/guide/index.html",
        &[
            "href=\"/portal/static/style.css\"",
            "href=\"/portal/ja/manual/01-setup/#install\"",
            "src=\"/portal/guide/images/network%20diagram.svg\"",
            "href=\"https://example.com/portal/ja/guide/\"",
        ],
    );
    // Every path on the site, in every page, is under /portal/.
    let tree = site.output_tree();
    for (file, bytes) in tree.iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in urls(&html) {
            if url.starts_with('/') {
                assert!(
                    url.starts_with("/portal/"),
                    "{file}: link {url} is not under /portal/"
                );
            }
            if url.starts_with("https://example.com") {
                assert!(
                    url.starts_with("https://example.com/portal/"),
                    "{file}: link {url} is not under /portal/"
                );
            }
            assert!(
                !url.contains("trust.example.test"),
                "{file}: {url} still uses site.yaml's base_url"
            );
        }
    }
    let sitemap = site.file("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap_or(0)])
        .collect();
    assert!(!locs.is_empty(), "empty sitemap");
    for loc in locs {
        assert!(
            loc.starts_with("https://example.com/portal/"),
            "sitemap: {loc}"
        );
    }
    site.check_file_contains(
        "robots.txt",
        &["Sitemap: https://example.com/portal/sitemap.xml"],
    );
}

// ---------------------------------------------------------------------------------------
// Manuals and notices
// ---------------------------------------------------------------------------------------

#[test]
fn manual_chapters_have_previous_and_next_and_a_print_page() {
    let site = Site::fixture("manual");
    site.build().success();
    for lang in ["ja", "en"] {
        let manual = format!("/{lang}/manuals/app/");
        let chapter = |stem: &str| format!("/{lang}/manuals/app/{stem}/");
        let page = |url: &str| site.file(&format!("{}index.html", &url[1..]));

        // The front page lists the chapters in order and links to the print page.
        let front = page(&manual);
        let listed: Vec<String> = urls(&front)
            .into_iter()
            .filter(|u| u.starts_with(&manual) && u.len() > manual.len())
            .collect();
        let first = |u: &str| position(&listed.join(" "), u, "manual front page");
        assert!(
            first(&chapter("01-install")) < first(&chapter("02-configure"))
                && first(&chapter("02-configure")) < first(&chapter("03-operate")),
            "{lang}: chapters out of order: {listed:?}"
        );
        assert!(
            listed.contains(&chapter("print")),
            "{lang}: no print link: {listed:?}"
        );

        let expected = [
            (
                "01-install",
                Some(manual.clone()),
                Some(chapter("02-configure")),
            ),
            (
                "02-configure",
                Some(chapter("01-install")),
                Some(chapter("03-operate")),
            ),
            ("03-operate", Some(chapter("02-configure")), None),
        ];
        for (stem, prev, next) in expected {
            let html = page(&chapter(stem));
            assert_eq!(rel_link(&html, "prev"), prev, "{lang} {stem}: previous");
            assert_eq!(rel_link(&html, "next"), next, "{lang} {stem}: next");
        }

        // The print page has every chapter, in order.
        let print = page(&chapter("print"));
        let bodies = if lang == "ja" {
            [
                "インストールの章の本文です。",
                "設定の章の本文です。",
                "運用の章の本文です。",
            ]
        } else {
            [
                "The body of the installation chapter.",
                "The body of the configuration chapter.",
                "The body of the operation chapter.",
            ]
        };
        let at: Vec<usize> = bodies
            .iter()
            .map(|b| position(&print, b, "print page"))
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "{lang}: print page chapters out of order"
        );
    }
}

#[test]
fn print_page_heading_ids_are_unique_across_chapters() {
    // Two chapters with the same heading: on the print page, where both chapters are one
    // HTML page, the ids must still be unique so the table of contents finds each.
    let site = Site::fixture("manual");
    site.write(
        "content/manuals/app/01-install.ja.md",
        "---\ntitle: インストール\n---\n\n## 注意事項\n\nインストールの注意事項です。\n",
    )
    .write(
        "content/manuals/app/03-operate.ja.md",
        "---\ntitle: 運用\n---\n\n## 注意事項\n\n運用の注意事項です。\n",
    );
    site.build().success();
    let print = site.file("ja/manuals/app/print/index.html");
    let all = ids(&print);
    let mut seen = BTreeSet::new();
    let duplicates: Vec<&String> = all.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(
        duplicates.is_empty(),
        "duplicate ids on the print page: {duplicates:?}"
    );
}

#[test]
fn links_between_chapters_stay_on_the_print_page() {
    // The print page holds every chapter: a link to another chapter, or to a heading in
    // one, goes to its place on that page (and so works in a saved PDF), from a chapter
    // or from the manual's front page the print page opens with. A link to the other
    // language or to the front page still goes to that page, and the chapter's own page
    // and the front page keep their links to the chapter pages.
    let site = Site::fixture("manual");
    let front = site.read("content/manuals/app/index.ja.md");
    site.write(
        "content/manuals/app/index.ja.md",
        &format!("{front}\n[運用の章](03-operate.ja.md)\n"),
    );
    site.write(
        "content/manuals/app/01-install.ja.md",
        "---\ntitle: インストール\n---\n\n## 準備 {#prepare}\n\n\
         [運用](03-operate.ja.md)、[日々の運用](03-operate.ja.md#daily-operation)、\
         [準備](01-install.ja.md#prepare)、[英語](03-operate.en.md#daily-operation)、\
         [目次](index.ja.md)。\n",
    );
    site.build().success();
    let print = site.file("ja/manuals/app/print/index.html");
    let links: Vec<String> = tags(&print, "a")
        .into_iter()
        .filter_map(|a| a.attr("href").map(str::to_string))
        .collect();
    for href in [
        "#chapter-03-operate",
        "#chapter-03-operate-daily-operation",
        "#chapter-01-install-prepare",
        "/en/manuals/app/03-operate/#daily-operation",
        "/ja/manuals/app/",
    ] {
        assert!(links.iter().any(|l| l == href), "{href} not in {links:?}");
    }
    assert!(
        !links.iter().any(|l| l.starts_with("/ja/manuals/app/0")),
        "a link leaves the print page for a chapter: {links:?}"
    );
    let on_page = ids(&print);
    for fragment in links.iter().filter_map(|l| l.strip_prefix('#')) {
        assert!(
            on_page.iter().any(|id| id == fragment),
            "#{fragment} is not an id on the print page"
        );
    }
    let front = elements(&print, "div")
        .into_iter()
        .find(|d| d.tag.has_word("class", "print-front"))
        .expect("the print page opens with the front page");
    assert!(
        front.inner_html.contains("href=\"#chapter-03-operate\""),
        "{}",
        front.inner_html
    );
    let chapter = content_links(&site.file("ja/manuals/app/01-install/index.html"));
    assert!(
        chapter.contains(&"/ja/manuals/app/03-operate/#daily-operation".to_string()),
        "{chapter:?}"
    );
    let front_page = content_links(&site.file("ja/manuals/app/index.html"));
    assert!(
        front_page.contains(&"/ja/manuals/app/03-operate/".to_string()),
        "{front_page:?}"
    );
}

#[test]
fn notices_are_listed_newest_first() {
    let site = Site::fixture("notices");
    site.build().success();
    let cases = [
        (
            "ja",
            [
                "保存先リージョンの追加",
                "定期メンテナンスのお知らせ",
                "配送遅延の発生について",
            ],
            "2025年7月1日",
        ),
        (
            "en",
            [
                "New storage region",
                "Scheduled maintenance",
                "Delivery delays",
            ],
            "July 1, 2025",
        ),
    ];
    for (lang, titles, newest_date) in cases {
        for file in [
            format!("{lang}/notices/index.html"),
            format!("{lang}/index.html"),
        ] {
            let html = site.file(&file);
            let at: Vec<usize> = titles.iter().map(|t| position(&html, t, &file)).collect();
            assert!(
                at.windows(2).all(|w| w[0] < w[1]),
                "{file}: notices not newest first"
            );
            site.check_file_contains(
                &file,
                &[
                    "<time datetime=\"2025-07-01\"",
                    newest_date,
                    &format!("href=\"/{lang}/notices/2025-07-01-storage/\""),
                ],
            );
        }
        site.check_file_contains(
            &format!("{lang}/notices/2025-07-01-storage/index.html"),
            &[titles[0], newest_date, "<time datetime=\"2025-07-01\""],
        );
    }
    // The category is shown by its name, not its key.
    site.check_file_contains("ja/notices/index.html", &["メンテナンス"])
        .check_file_not_contains("ja/notices/index.html", &[">maintenance<"]);
}

#[test]
fn feeds_hold_the_fifty_newest_entries() {
    let site = Site::fixture("notices");
    // 60 more notices, one a day from 2026-01-01: the feed keeps the 50 newest of them.
    for day in 0..60 {
        let date = format!("2026-{:02}-{:02}", 1 + day / 28, 1 + day % 28);
        for (lang, title) in [("ja", "お知らせ"), ("en", "Notice")] {
            site.write(
                &format!("content/notices/{date}-n.{lang}.md"),
                &format!("---\ntitle: {title} {date}\ndate: {date}\ncategory: maintenance\n---\n\n{title}\n"),
            );
        }
    }
    site.build().success();
    for lang in ["ja", "en"] {
        let feed = site.file(&format!("{lang}/feed.xml"));
        let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
        assert_eq!(entries.len(), 50, "{lang}: entries in the feed");
        assert!(
            entries[0].contains("2026-03-04"),
            "newest first: {}",
            entries[0]
        );
        assert!(
            entries[49].contains("2026-01-11"),
            "the 50th newest last: {}",
            entries[49]
        );
        assert!(!feed.contains("2025-07-01"), "older entries are left out");
        // The notice list itself still shows them all.
        let list = site.file(&format!("{lang}/notices/index.html"));
        assert!(list.contains("2026-01-01") && list.contains("2025-07-01"));
    }
}

// ---------------------------------------------------------------------------------------
// Revisions: history.yaml, frozen releases, what changed
// ---------------------------------------------------------------------------------------

#[test]
fn revision_table_lists_history_oldest_first() {
    let site = Site::fixture("revisions");
    site.build().success();
    let cases = [
        (
            "ja",
            [
                ("1.0", "2017/10/23", "初版制定"),
                ("1.1", "2018/4/2", "バックアップの保管期間を追加"),
                ("2.0", "2025/7/1", "保管期間を一年に延長"),
            ],
        ),
        (
            "en",
            [
                ("1.0", "Oct 23, 2017", "First edition"),
                ("1.1", "Apr 2, 2018", "Added the backup retention period"),
                (
                    "2.0",
                    "Jul 1, 2025",
                    "Extended the retention period to one year",
                ),
            ],
        ),
    ];
    for (lang, revisions) in cases {
        let file = format!("{lang}/policy/index.html");
        let html = site.file(&file);
        let rows: Vec<String> = elements(&html, "tr")
            .into_iter()
            .map(|r| r.inner_html)
            .filter(|r| revisions.iter().any(|(_, _, summary)| r.contains(summary)))
            .collect();
        assert_eq!(rows.len(), 3, "{file}: one row per revision: {rows:#?}");
        for (row, (version, date, summary)) in rows.iter().zip(revisions) {
            assert!(
                row.contains(version) && row.contains(date) && row.contains(summary),
                "{file}: expected {version} / {date} / {summary} in order, got {row}"
            );
        }
        // After the text: the table ends the page.
        assert!(
            position(&html, "<table", &file) > position(&html, "id=\"backup\"", &file),
            "{file}: the revision table comes after the text"
        );
        // 1.0 predates the tool: no frozen copy, no link. The others link to their archive.
        let links = |row: &str| -> Vec<String> { urls(row) };
        assert!(
            !links(&rows[0]).iter().any(|u| u.contains("/v1.0/")),
            "{file}: 1.0 has no archive"
        );
        for (row, version) in rows[1..].iter().zip(["1.1", "2.0"]) {
            let archive = format!("/{lang}/policy/v{version}/");
            assert!(
                links(row).contains(&archive),
                "{file}: the {version} row does not link to {archive}"
            );
        }
    }
}

#[test]
fn archived_revisions_keep_their_own_text() {
    let site = Site::fixture("revisions");
    site.build().success();
    site.check_file_contains("ja/policy/v1.1/index.html", &["三十日間保管します"])
        .check_file_not_contains("ja/policy/v1.1/index.html", &["一年間保管します"])
        .check_file_contains("en/policy/v1.1/index.html", &["kept for 30 days"])
        .check_file_contains("ja/policy/index.html", &["一年間保管します"]);
    // The archive points search engines at the current page.
    let archive = site.file("ja/policy/v1.1/index.html");
    let canonical = tags(&archive, "link")
        .into_iter()
        .find(|l| l.has_word("rel", "canonical"))
        .and_then(|l| l.attr("href").map(str::to_string));
    assert_eq!(
        canonical.as_deref(),
        Some("https://trust.example.test/ja/policy/")
    );
}

#[test]
fn what_changed_page_shows_the_changed_characters() {
    let site = Site::fixture("revisions");
    site.build().success();
    let html = site.file("ja/policy/v2.0/diff/index.html");
    let table = support::comparison::table_view(&html);
    let text_of = |name: &str| -> String { support::comparison::marks(&table, name).concat() };
    // Japanese has no spaces: the difference is found character by character.
    assert_eq!(text_of("del"), "三十日", "deleted text");
    assert_eq!(text_of("ins"), "一年", "inserted text");
    let en = site.file("en/policy/v2.0/diff/index.html");
    assert!(
        !elements(&en, "del").is_empty() && !elements(&en, "ins").is_empty(),
        "en: no marked changes"
    );
    // No diff for the first frozen revision: there is nothing to compare it with.
    assert!(!site.has_file("ja/policy/v1.1/diff/index.html"));
}

#[test]
fn published_page_shows_the_latest_release_until_the_next_one() {
    let site = Site::fixture("revisions");
    let edited = site
        .read("content/policy/index.ja.md")
        .replace("一年間", "二年間");
    site.write("content/policy/index.ja.md", &edited);
    site.build().success();
    site.check_file_contains("ja/policy/index.html", &["一年間保管します"])
        .check_file_not_contains("ja/policy/index.html", &["二年間"]);
    site.build_with(&["--drafts"]).success();
    site.check_file_contains("ja/policy/index.html", &["二年間保管します"]);
}

// ---------------------------------------------------------------------------------------
// Site-wide files
// ---------------------------------------------------------------------------------------

#[test]
fn sitemap_lists_hreflang_alternates() {
    let site = Site::fixture("minimal");
    site.build().success();
    let sitemap = site.file("sitemap.xml");
    let entries: Vec<&str> = sitemap.split("<url>").skip(1).collect();
    let locs: BTreeSet<&str> = entries
        .iter()
        .map(|e| &e[e.find("<loc>").unwrap() + 5..e.find("</loc>").unwrap()])
        .collect();
    let origin = "https://trust.example.test";
    let expected: BTreeSet<String> = ["/ja/", "/en/", "/ja/guide/", "/en/guide/"]
        .iter()
        .map(|p| format!("{origin}{p}"))
        .collect();
    assert_eq!(
        locs,
        expected.iter().map(String::as_str).collect(),
        "every page, once"
    );
    let guide = entries
        .iter()
        .find(|e| e.contains(&format!("<loc>{origin}/ja/guide/</loc>")))
        .unwrap();
    for (lang, url) in [("ja", "/ja/guide/"), ("en", "/en/guide/")] {
        assert!(
            guide.contains(&format!("hreflang=\"{lang}\" href=\"{origin}{url}\"")),
            "the /ja/guide/ entry lacks its {lang} alternate:\n{guide}"
        );
    }
}

#[test]
fn robots_and_404_and_language_choice_page_exist() {
    let site = Site::fixture("minimal");
    site.build().success();
    site.check_file_contains(
        "robots.txt",
        &[
            "User-agent: *",
            "Sitemap: https://trust.example.test/sitemap.xml",
        ],
    );

    // The 404 page is served at any depth: every link on it is absolute; it leads home in
    // every language.
    let not_found = site.file("404.html");
    let links = urls(&not_found);
    for url in &links {
        assert!(
            url.starts_with('/') || url.starts_with("https://") || url.starts_with('#'),
            "404.html: relative link {url}"
        );
    }
    for home in ["/ja/", "/en/"] {
        assert!(
            links.iter().any(|u| u == home),
            "404.html: no link to {home}"
        );
    }

    // `/` offers both languages.
    let root = site.file("index.html");
    for lang in ["ja", "en"] {
        assert!(
            tags(&root, "a")
                .iter()
                .any(|a| a.attr("href") == Some(&format!("/{lang}/"))
                    && a.attr("hreflang") == Some(lang)),
            "index.html: no link to /{lang}/"
        );
    }
}

#[test]
fn every_page_links_to_itself_in_the_other_language() {
    let site = Site::fixture("manual");
    site.build().success();
    let tree = site.output_tree();
    let pages: Vec<&String> = tree
        .keys()
        .filter(|p| p.starts_with("ja/") && p.ends_with("index.html"))
        .collect();
    assert!(pages.len() >= 7, "{pages:?}");
    for ja in pages {
        let rel = &ja["ja/".len()..ja.len() - "index.html".len()];
        let en = format!("en/{rel}index.html");
        assert!(tree.contains_key(&en), "{ja} has no English page {en}");
        for (file, lang, other) in [(ja.as_str(), "ja", "en"), (en.as_str(), "en", "ja")] {
            let html = String::from_utf8_lossy(&tree[file]);
            assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{file}");
            let switch = tags(&html, "a")
                .into_iter()
                .find(|a| a.attr("hreflang") == Some(other))
                .and_then(|a| a.attr("href").map(str::to_string));
            assert_eq!(
                switch,
                Some(format!("/{other}/{rel}")),
                "{file}: switcher to {other}"
            );
        }
    }
}

#[test]
fn toc_false_hides_the_table_of_contents() {
    let site = Site::fixture("minimal");
    site.build().success();
    let count = |html: &str| {
        tags(html, "a")
            .iter()
            .filter(|a| a.attr("href") == Some("#contact"))
            .count()
    };
    // With a table of contents: the heading's self-link and the contents entry.
    assert_eq!(count(&site.file("ja/guide/index.html")), 2);
    let text = site
        .read("content/guide/index.ja.md")
        .replace("title: 利用ガイド\n", "title: 利用ガイド\ntoc: false\n");
    site.write("content/guide/index.ja.md", &text);
    site.build().success();
    assert_eq!(
        count(&site.file("ja/guide/index.html")),
        1,
        "only the heading's self-link is left"
    );
    assert_eq!(
        count(&site.file("en/guide/index.html")),
        2,
        "the English page keeps its table of contents"
    );
}

#[test]
fn editor_temporary_files_are_not_published() {
    let site = Site::fixture("minimal");
    site.write("content/guide/index.ja.md~", "backup")
        .write("content/guide/.index.ja.md.swp", "swap")
        .write("content/guide/#index.en.md#", "emacs");
    site.build().success();
    let leaked: Vec<String> = site
        .output_tree()
        .into_keys()
        .filter(|p| p.contains("~") || p.contains(".swp") || p.contains('#'))
        .collect();
    assert!(leaked.is_empty(), "published: {leaked:?}");
}

#[test]
fn a_removed_page_disappears_from_the_output() {
    let site = Site::fixture("minimal");
    site.write("content/old/index.ja.md", "---\ntitle: 旧文書\n---\n")
        .write("content/old/index.en.md", "---\ntitle: Old\n---\n")
        .write(
            "content/old/history.yaml",
            &site.read("content/guide/history.yaml"),
        );
    site.build().success();
    assert!(site.has_file("ja/old/index.html"));
    site.remove("content/old");
    site.build().success();
    assert!(!site.has_file("ja/old/index.html"), "a stale page is left");
    assert!(site.has_file(".trustdocs-output"));
    // No staging or old copies are left beside the output.
    site.check_no_leftovers();
}

#[test]
fn replacing_the_output_removes_nothing_a_link_in_it_points_to() {
    // A folder of the previous output swapped for a link to a folder elsewhere holding
    // the same files: the rebuild may find them there, but removing the previous output
    // must remove the link, never what it points to.
    let site = Site::fixture("minimal");
    site.build().success();
    let elsewhere = site.path("elsewhere");
    std::fs::rename(site.public().join("ja/guide"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.public().join("ja/guide")).unwrap();
    let kept = std::fs::read(elsewhere.join("index.html")).unwrap();
    site.build().success();
    assert_eq!(std::fs::read(elsewhere.join("index.html")).unwrap(), kept);
    let guide = std::fs::symlink_metadata(site.public().join("ja/guide")).unwrap();
    assert!(guide.is_dir(), "ja/guide is still a link");
    assert_eq!(site.raw_file("ja/guide/index.html").as_bytes(), kept);
}

#[test]
fn unreleased_document_is_published_only_with_drafts() {
    // A document without history.yaml has never been released.
    let site = Site::fixture("minimal");
    site.write(
        "content/draft/index.ja.md",
        "---\ntitle: 草稿\n---\n\n未公開の本文です。\n",
    )
    .write(
        "content/draft/index.en.md",
        "---\ntitle: Draft\n---\n\nNot yet released.\n",
    );
    site.build().success();
    assert!(
        !site.has_file("ja/draft/index.html"),
        "a draft was published"
    );
    assert!(
        !site.has_file("en/draft/index.html"),
        "a draft was published"
    );
    assert!(
        site.has_file("ja/guide/index.html"),
        "the released guide is"
    );
    for file in site.html_files() {
        assert!(
            !site.file(&file).contains("/draft/"),
            "{file} links to the unpublished draft"
        );
    }
    assert!(
        !site.file("sitemap.xml").contains("/draft/"),
        "the sitemap lists the draft"
    );
    site.build_with(&["--drafts"]).success();
    site.check_file_contains("ja/draft/index.html", &["未公開の本文です。"])
        .check_file_contains("en/draft/index.html", &["Not yet released."]);
}

#[test]
fn fixture_sites_have_no_dead_internal_links() {
    let mut problems = Vec::new();
    for name in [
        "minimal",
        "japanese-text",
        "links",
        "manual",
        "notices",
        "revisions",
    ] {
        let site = Site::fixture(name);
        site.build().success();
        problems.extend(
            dead_links(&site.output_tree(), "")
                .into_iter()
                .map(|p| format!("{name}: {p}")),
        );
        // Under a sub-path, every link still leads somewhere.
        site.build_with(&["--base-url", "https://example.com/portal/"])
            .success();
        problems.extend(
            dead_links(&site.output_tree(), "/portal")
                .into_iter()
                .map(|p| format!("{name} under /portal/: {p}")),
        );
    }
    assert!(
        problems.is_empty(),
        "dead links in the fixture sites:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// init and new
// ---------------------------------------------------------------------------------------

#[test]
fn init_creates_a_site_that_builds() {
    let dir = Site::empty();
    dir.run(&["init", "portal"]).success();
    assert!(dir.path("portal/site.yaml").is_file());
    dir.run(&["build", "--root", "portal"]).success();
    let public = dir.path("portal/public");
    for page in ["ja/index.html", "en/index.html", "index.html", "404.html"] {
        assert!(public.join(page).is_file(), "init site: no {page}");
    }

    // A folder with something in it is not touched.
    dir.write("taken/notes.txt", "mine");
    dir.run(&["init", "taken"])
        .failure()
        .stderr_contains("taken");
    assert_eq!(dir.read("taken/notes.txt"), "mine");
    assert!(!dir.path("taken/site.yaml").exists());
}

#[test]
fn init_site_has_no_dead_links() {
    // A site with no notices yet must not link to a notices page.
    let dir = Site::empty();
    dir.run(&["init", "portal"]).success();
    dir.run(&["build", "--root", "portal"]).success();
    let problems = dead_links(&tree(&dir.path("portal/public")), "");
    assert!(
        problems.is_empty(),
        "the new site has dead links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn new_creates_a_page_per_language() {
    let site = Site::fixture("minimal");
    let root = site.root().to_str().unwrap();
    site.run(&[
        "new",
        "privacy-policy",
        "--title",
        "プライバシーポリシー",
        "--root",
        root,
    ])
    .success();
    // A title alone is the default language's: the English page is not given it.
    let ja = site.read("content/privacy-policy/index.ja.md");
    assert!(ja.contains("title: \"プライバシーポリシー\""), "{ja}");
    let en = site.read("content/privacy-policy/index.en.md");
    assert!(en.contains("title: \"privacy-policy\""), "{en}");
    // Never released yet: published with --drafts.
    site.build_with(&["--drafts"]).success();
    site.check_file_contains("ja/privacy-policy/index.html", &["プライバシーポリシー"])
        .check_file_not_contains("en/privacy-policy/index.html", &["プライバシーポリシー"]);

    // Running it again refuses and keeps the writer's text.
    site.write(
        "content/privacy-policy/index.ja.md",
        "---\ntitle: 書きかけ\n---\n",
    );
    site.run(&["new", "privacy-policy", "--root", root])
        .failure()
        .stderr_contains("content/privacy-policy/index.ja.md")
        .stderr_contains("already exists");
    assert_eq!(
        site.read("content/privacy-policy/index.ja.md"),
        "---\ntitle: 書きかけ\n---\n"
    );

    site.run(&["new", "../outside", "--root", root]).failure();
    assert!(!site.path("outside").exists());
}

#[test]
fn new_takes_a_title_per_language() {
    let site = Site::fixture("minimal");
    let root = site.root_arg();
    site.run(&[
        "new",
        "privacy-policy",
        "--title",
        "ja=プライバシーポリシー",
        "--title",
        "en=Privacy policy",
        "--root",
        root,
    ])
    .success();
    let ja = site.read("content/privacy-policy/index.ja.md");
    assert!(ja.contains("title: \"プライバシーポリシー\""), "{ja}");
    let en = site.read("content/privacy-policy/index.en.md");
    assert!(en.contains("title: \"Privacy policy\""), "{en}");
    site.build_with(&["--drafts"]).success();
    site.check_file_contains(
        "en/privacy-policy/index.html",
        &["<h1 class=\"page-title\">Privacy policy</h1>"],
    );

    // A language the site does not have is an error that names the site's languages.
    site.run(&["new", "cookies", "--title", "fr=Cookies", "--root", root])
        .failure()
        .stderr_contains("`fr` is not a language of the site (ja, en)");
    assert!(!site.path("content/cookies").exists());
    site.run(&[
        "new", "cookies", "--title", "ja=A", "--title", "ja=B", "--root", root,
    ])
    .failure()
    .stderr_contains("second title");
}

// ---------------------------------------------------------------------------------------
// Identity: who publishes the portal
// ---------------------------------------------------------------------------------------

const ORGANISATION: &str = "organisation:
  name:
    ja: 株式会社テスト
    en: Test Inc.
  url: https://www.test.example/
  links:
    - label: {ja: お問い合わせ, en: Contact}
      url: https://www.test.example/contact/
";

/// The site header (`<header class=\"site-header\">…</header>`) of a page.
fn site_header(html: &str) -> &str {
    let start = html
        .find("<header class=\"site-header\">")
        .expect("a site header");
    let end = start + html[start..].find("</header>").expect("its end");
    &html[start..end]
}

/// The site footer of a page.
fn site_footer(html: &str) -> &str {
    let start = html
        .find("<footer class=\"site-footer\">")
        .expect("a site footer");
    let end = start + html[start..].find("</footer>").expect("its end");
    &html[start..end]
}

#[test]
fn header_and_footer_name_the_site_when_there_is_no_organisation() {
    let site = Site::fixture("minimal");
    site.build().success();
    let page = site.file("ja/index.html");
    let header = site_header(&page);
    assert!(
        header.contains("<span class=\"brand-title\">テストポータル</span>"),
        "{header}"
    );
    assert!(!header.contains("brand-org"), "{header}");
    assert!(
        header.contains("<svg class=\"brand-mark\""),
        "the theme's own mark: {header}"
    );
    let footer = site_footer(&page);
    assert!(footer.contains("テストポータル"), "{footer}");
}

#[test]
fn header_and_footer_name_the_organisation_in_each_language() {
    let site = Site::fixture("minimal");
    site.append("site.yaml", ORGANISATION);
    site.build().success();
    for (lang, name, title, link) in [
        ("ja", "株式会社テスト", "テストポータル", "お問い合わせ"),
        ("en", "Test Inc.", "Test Portal", "Contact"),
    ] {
        let page = site.file(&format!("{lang}/index.html"));
        let header = site_header(&page);
        assert!(
            header.contains(&format!(
                "<span class=\"brand-org\">{name}</span><span class=\"brand-title\">{title}</span>"
            )),
            "{lang}: {header}"
        );
        let footer = site_footer(&page);
        assert!(footer.contains(name), "{lang}: {footer}");
        assert!(
            footer.contains(&format!(
                "<a href=\"https://www.test.example/contact/\">{link}</a>"
            )),
            "{lang}: {footer}"
        );
    }
}

#[test]
fn organisation_logo_replaces_the_theme_mark_and_must_exist() {
    let site = Site::fixture("minimal");
    site.append(
        "site.yaml",
        &format!("{ORGANISATION}  logo: /static/test-logo.svg\n"),
    );
    site.run(&["build", "--root", site.root_arg()])
        .failure()
        .error_line_with(&[
            "site.yaml:20:",
            "organisation.logo",
            "themes/default/static/test-logo.svg",
        ]);
    site.write(
        "themes/default/static/test-logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
    );
    site.build().success();
    let page = site.file("en/index.html");
    let header = site_header(&page);
    assert!(
        header.contains(
            "<img class=\"brand-mark brand-logo\" src=\"/static/test-logo.svg\" alt=\"\""
        ),
        "{header}"
    );
    assert!(
        !header.contains("<svg class=\"brand-mark\""),
        "the logo replaces the theme's mark: {header}"
    );
    assert!(site.has_file("static/test-logo.svg"));
    // The 404 page, which belongs to no language, shows it too.
    assert!(
        site.file("404.html")
            .contains("src=\"/static/test-logo.svg\"")
    );
}

#[test]
fn home_cards_show_each_documents_version_and_last_revised_date() {
    let site = Site::example();
    site.build().success();
    for (lang, version, date) in [
        ("ja", "第4.6版", "2025年9月1日"),
        ("en", "Version 4.6", "September 1, 2025"),
    ] {
        let page = site.file(&format!("{lang}/index.html"));
        let card = &page[page
            .find("/security-guideline/\"")
            .expect("the guideline's card")..];
        let card = &card[..card.find("</li>").expect("the card's end")];
        assert!(
            card.contains(&format!("<span class=\"card-version\">{version}</span>")),
            "{lang}: {card}"
        );
        assert!(
            card.contains(&format!("<time datetime=\"2025-09-01\">{date}</time>")),
            "{lang}: {card}"
        );
    }
}

#[test]
fn build_names_documents_whose_changes_are_not_published() {
    let site = Site::example();
    site.build()
        .success()
        .stderr_not_contains("`--drafts` shows them");
    let page = "content/security-guideline/index.ja.md";
    let text = site.read(page);
    site.write(page, &text.replacen("72時間以内", "48時間以内", 1));
    site.build()
        .success()
        .stderr_contains("Changes in security-guideline not published; `--drafts` shows them");
    // What is published is still the release.
    site.check_file_contains("ja/security-guideline/index.html", &["72時間以内"]);
    site.build_with(&["--drafts"])
        .success()
        .stderr_not_contains("`--drafts` shows them");
}

// ---------------------------------------------------------------------------------------
// The terminal
// ---------------------------------------------------------------------------------------

#[test]
fn summary_line_counts_pages_per_language() {
    let site = Site::fixture("manual");
    let run = site.build();
    run.success();
    assert_eq!(run.stdout, "", "stdout stays empty");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one summary line: {:?}", run.stderr);
    // home, manuals, the manual, 3 chapters, the print page and the search page, per language.
    let line = lines[0];
    let rest = line
        .strip_prefix("Built 16 pages (ja 8, en 8) in ")
        .unwrap_or_else(|| panic!("summary: {line}"));
    let tail = format!(" ms → {}", site.public().display());
    let millis = rest
        .strip_suffix(&tail)
        .unwrap_or_else(|| panic!("summary: {line}"));
    assert!(
        !millis.is_empty() && millis.chars().all(|c| c.is_ascii_digit()),
        "summary: {line}"
    );

    let quiet = site.build_with(&["-q"]);
    quiet.success();
    assert_eq!(quiet.stderr, "", "-q prints nothing");
}

/// Runs `command` on a pseudo-terminal with `script(1)`; `None` when it is not installed.
fn on_terminal(command: &str, no_color: Option<&str>) -> Option<String> {
    let available = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("script(1) not installed: terminal colour not tested");
        return None;
    }
    let mut script = Command::new("script");
    script.args(["-qec", command, "/dev/null"]);
    match no_color {
        Some(v) => script.env("NO_COLOR", v),
        None => script.env_remove("NO_COLOR"),
    };
    Some(Run::of(&mut script).stdout)
}

#[test]
fn no_colour_when_not_a_terminal_or_no_color() {
    let site = Site::fixture("minimal");
    let escape = "\x1b[";
    let build = || {
        site.cmd(&["build", "--root", site.root_arg()])
            .env_remove("NO_COLOR")
            .run()
    };
    build().success().stderr_not_contains(escape);
    site.write("content/guide/index.ja.md", "---\ntitle: [\n---\n");
    let failed = build();
    failed.failure().stderr_not_contains(escape);
    assert!(
        failed.stderr.lines().all(|l| l.starts_with("error: ")),
        "plain `error:` lines:\n{}",
        failed.stderr
    );

    let command = format!(
        "'{}' build --root '{}'",
        support::binary(),
        site.root().display()
    );
    if let Some(coloured) = on_terminal(&command, None) {
        assert!(
            coloured.contains(escape),
            "on a terminal errors are coloured: {coloured:?}"
        );
        let plain = on_terminal(&command, Some("1")).unwrap_or_default();
        assert!(plain.contains("error"), "{plain:?}");
        assert!(!plain.contains(escape), "NO_COLOR=1: {plain:?}");
    }
}
