//! `trustdocs build --pdf` on the example portal: an A4 PDF of every revision of the
//! guideline and of the manual in both languages, printed by headless Chromium (Debian's
//! `chromium` and `chromium-driver`, which `.ci/run` installs) and read back with poppler's
//! `pdfinfo` and `pdftotext` (`poppler-utils`): what a reviewer who files the PDF sees.
//! A build with `--pdf` takes a few seconds per PDF: each test builds as few as it can. The
//! printed kinds of page are also laid out in print at an A4 page's width, where nothing may
//! stick out (Chromium would shrink the whole PDF to fit it).

mod support;

use std::process::Command;

use serde_json::json;
use support::webdriver::Browser;
use support::{Site, assert_same_tree, tree};

/// A fixed moment for the PDFs' dates (2025-11-24, after every revision of the example).
const EPOCH: &str = "1764000000";

/// Every revision of the example, by its PDF, in both languages.
const PDFS: &[&str] = &[
    "security-guideline/v4.3/security-guideline-4.3",
    "security-guideline/v4.4/security-guideline-4.4",
    "security-guideline/v4.5/security-guideline-4.5",
    "security-guideline/v4.6/security-guideline-4.6",
    "manuals/mail-gateway/v1.0/mail-gateway-1.0",
    "manuals/mail-gateway/v1.1/mail-gateway-1.1",
];

fn pdf_file(lang: &str, stem: &str) -> String {
    format!("{lang}/{stem}.{lang}.pdf")
}

/// What a poppler tool says about a file.
fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian package poppler-utils) runs: {e}"));
    assert!(output.status.success(), "{tool} {args:?} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of a PDF with every space and line break taken out: how the words are laid
/// out on the sheet is not what is checked.
fn text_of(path: &std::path::Path) -> String {
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    text.split_whitespace().collect()
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

fn pages_of(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo names no page count:\n{info}"))
}

#[test]
fn pdf_build_prints_every_revision_on_a4_in_both_languages_the_same_twice() {
    let site = Site::example();
    site.cmd(&["build", "--pdf", "--root", site.root_arg()])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .run()
        .success()
        .stderr_contains("12 PDFs");

    for lang in ["ja", "en"] {
        for stem in PDFS {
            let file = pdf_file(lang, stem);
            assert!(site.has_file(&file), "{file} was not written");
        }
    }

    // What the reviewer reads: the cover block, the running header, the page numbers.
    let cases = [
        (
            "ja",
            PDFS[3],
            "セキュリティガイドライン",
            "第4.6版",
            "株式会社ソラノート",
            "本ポータルの文書は日本語版を正本とします。",
            "2025年9月1日",
        ),
        (
            "en",
            PDFS[3],
            "Security Guideline",
            "Version 4.6",
            "Soranote Inc.",
            "The Japanese version of the documents on this portal is authoritative.",
            "",
        ),
        (
            "ja",
            PDFS[0],
            "セキュリティガイドライン",
            "第4.3版",
            "株式会社ソラノート",
            "日本語版を正本とします。",
            "",
        ),
        (
            "en",
            PDFS[5],
            "Administrator Manual",
            "Version 1.1",
            "Soranote Inc.",
            "The Japanese version of the documents on this portal is authoritative.",
            "",
        ),
    ];
    for (lang, stem, title, version, issuer, authoritative, date) in cases {
        let path = site.public().join(pdf_file(lang, stem));
        let info = poppler("pdfinfo", &[path.to_str().unwrap()]);
        assert!(
            info.contains("Page size:       594.96 x 841.92 pts (A4)"),
            "{stem} ({lang}) is not A4:\n{info}"
        );
        assert!(
            info.contains("CreationDate:    Mon Nov 24 16:00:00 2025 UTC"),
            "{stem} ({lang}) is not dated SOURCE_DATE_EPOCH:\n{info}"
        );
        let pages = pages_of(&info);
        assert!(pages >= 2, "{stem} ({lang}): {pages} page");
        // Links in the PDF go to the published site, not to where the page was printed from.
        let bytes = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(
            bytes.contains(&format!("/URI (https://trust.soranote.example/{lang}/")),
            "{stem} ({lang}) has no link to the published site"
        );
        assert!(
            !bytes.contains("127.0.0.1"),
            "{stem} ({lang}) links to the loopback server it was printed from"
        );
        let text = text_of(&path);
        for needle in [title, version, issuer, authoritative, date] {
            assert!(
                text.contains(&squeezed(needle)),
                "{stem} ({lang}) does not say {needle:?}:\n{text}"
            );
        }
        // The footer of every sheet: "1 / N" … "N / N".
        for page in [1, pages] {
            assert!(
                text.contains(&format!("{page}/{pages}")),
                "{stem} ({lang}) has no page number {page} / {pages}:\n{text}"
            );
        }
        // The running header names the document and its version on every sheet.
        let header = squeezed(&format!(
            "{title}{}{version}",
            if lang == "ja" { "" } else { "—" }
        ));
        if stem == PDFS[3] {
            assert!(
                text.matches(&header).count() >= pages,
                "{stem} ({lang}): the running header {header:?} is not on every sheet:\n{text}"
            );
        }
    }

    // The pages link to their PDFs: the current page to its revision's, an archived
    // revision and a manual's pages to theirs.
    let links = [
        (
            "ja/security-guideline/index.html",
            "ja",
            PDFS[3],
            "PDF をダウンロード",
        ),
        (
            "en/security-guideline/index.html",
            "en",
            PDFS[3],
            "Download PDF",
        ),
        (
            "ja/security-guideline/v4.4/index.html",
            "ja",
            PDFS[1],
            "PDF をダウンロード",
        ),
        (
            "ja/manuals/mail-gateway/index.html",
            "ja",
            PDFS[5],
            "PDF をダウンロード",
        ),
        (
            "en/manuals/mail-gateway/v1.0/print/index.html",
            "en",
            PDFS[4],
            "Download PDF",
        ),
    ];
    for (page, lang, stem, label) in links {
        let href = format!("href=\"/{}\"", pdf_file(lang, stem));
        site.check_file_contains(page, &[&href, label]);
    }

    // The same sources give the same bytes, PDFs included.
    let again = site.beside("again");
    site.cmd(&["build", "--pdf", "--root", site.root_arg()])
        .arg("--out")
        .arg(&again)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .run()
        .success();
    assert_same_tree(
        &tree(&site.public()),
        &tree(&again),
        "a second build --pdf of the same sources",
    );
}

#[test]
fn pdf_build_without_chromium_names_the_packages_and_keeps_the_previous_output() {
    let site = Site::example();
    site.build().success();
    let before = tree(&site.public());

    let failed = site
        .cmd(&["build", "--pdf", "--root", site.root_arg()])
        .env("PATH", "/nonexistent")
        .run();
    failed
        .failure()
        .no_panic()
        .stderr_contains("chromium and chromium-driver")
        .stderr_contains("apt-get install chromium chromium-driver")
        .stderr_contains("the previous output was left as it was");
    assert_same_tree(
        &before,
        &tree(&site.public()),
        "the output after a build --pdf without Chromium",
    );
    site.check_no_leftovers();

    // Without --pdf the build needs no browser, and its pages link to no PDF.
    site.cmd(&["build", "--root", site.root_arg()])
        .env("PATH", "/nonexistent")
        .run()
        .success();
    site.check_file_not_contains(
        "ja/security-guideline/index.html",
        &["PDF をダウンロード", ".pdf\""],
    );
    assert!(!site.has_file(&pdf_file("ja", PDFS[3])));
}

#[test]
fn pdf_build_with_drafts_under_a_sub_path_prints_the_working_copy_with_links_under_the_path() {
    let site = Site::example();
    let source = "content/security-guideline/index.ja.md";
    let text = site.read(source) + "\n下書きにだけある一文です。\n";
    site.write(source, &text);

    site.cmd(&[
        "build",
        "--pdf",
        "--drafts",
        "--base-url",
        "https://docs.example.test/trust/",
        "--root",
        site.root_arg(),
    ])
    .env("SOURCE_DATE_EPOCH", EPOCH)
    .run()
    .success();

    // The working copy has a PDF of its own beside the revisions', with the edit in it.
    let draft = "ja/security-guideline/security-guideline.ja.pdf";
    assert!(site.has_file(draft), "{draft} was not written");
    let draft_text = text_of(&site.public().join(draft));
    assert!(
        draft_text.contains("下書きにだけある一文です。"),
        "the draft's PDF lacks the edit:\n{draft_text}"
    );
    let released = text_of(&site.public().join(pdf_file("ja", PDFS[3])));
    assert!(
        !released.contains("下書きにだけある一文です。"),
        "the 4.6 PDF has the unreleased edit"
    );

    // Its page links to it under the sub-path, and its links go to the site under it.
    site.check_file_contains(
        "ja/security-guideline/index.html",
        &[
            "href=\"/trust/ja/security-guideline/security-guideline.ja.pdf\"",
            "PDF をダウンロード",
        ],
    );
    let bytes =
        String::from_utf8_lossy(&std::fs::read(site.public().join(draft)).unwrap()).into_owned();
    assert!(
        bytes.contains("/URI (https://docs.example.test/trust/ja/"),
        "the draft's PDF has no link to the site under its sub-path"
    );
    assert!(!bytes.contains("127.0.0.1"));
    // The stylesheet and the fonts were found under the sub-path: the PDF is A4 with the
    // print layout's page numbers, not the screen page.
    let info = poppler("pdfinfo", &[site.public().join(draft).to_str().unwrap()]);
    assert!(info.contains("(A4)"), "{info}");
    let pages = pages_of(&info);
    assert!(
        draft_text.contains(&format!("1/{pages}")),
        "the draft's PDF has no page numbers:\n{draft_text}"
    );
}

/// In print nothing on a printed kind of page is wider than an A4 page's text (210 mm less
/// the theme's 17 mm margins: 665 px): Chromium shrinks every page of a PDF to fit its
/// widest element, and one wide table once made the guideline 5 pages of small type.
#[test]
fn printed_pages_fit_the_width_of_an_a4_page_in_both_languages() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();
    browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 665, "height": 940, "deviceScaleFactor": 1, "mobile": false }),
    );
    let mut too_wide = Vec::new();
    for lang in ["ja", "en"] {
        for path in [
            "/security-guideline/",
            "/security-guideline/v4.5/",
            "/manuals/mail-gateway/print/",
        ] {
            let path = format!("/{lang}{path}");
            browser.goto(&server.url(&path));
            browser.wait_for(&path, "return document.readyState === 'complete'");
            assert_eq!(
                browser.eval("return matchMedia('print').matches"),
                true,
                "print media is emulated"
            );
            let found = browser.eval(
                "const w = document.documentElement.clientWidth; \
                 return [...document.querySelectorAll('main *')].filter(e => \
                 e.getBoundingClientRect().right > w + 1).slice(0, 5).map(e => \
                 e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + \
                 Math.round(e.getBoundingClientRect().right) + ' px')",
            );
            for e in found.as_array().into_iter().flatten() {
                too_wide.push(format!("{path}: {}", e.as_str().unwrap_or_default()));
            }
        }
    }
    assert!(
        too_wide.is_empty(),
        "wider than an A4 page's text (665 px) in print:\n{}",
        too_wide.join("\n")
    );
}
