//! Versioned documents end to end: `trustdocs release` on a copy of the example portal,
//! and what the build makes of the history: tables, archives, "what changed", banners,
//! feeds.

mod support;

use support::comparison::marks;
use support::{Run, Site, main_of, tags};

const GUIDE: &str = "content/security-guideline";

/// The versions in a page's revision table, top to bottom.
fn table_versions(html: &str) -> Vec<String> {
    let table = html
        .split("<table class=\"revisions\">")
        .nth(1)
        .expect("a revision table");
    let body = table.split("</table>").next().unwrap();
    body.split("<th scope=\"row\">")
        .skip(1)
        .map(|cell| {
            let cell = cell.split("</th>").next().unwrap();
            let text = cell.rsplit_once("\">").map(|(_, t)| t).unwrap_or(cell);
            version_of(text.trim_end_matches("</a>"))
        })
        .collect()
}

/// The version a table's cell names in its language's wording (第4.5版, Version 4.5).
fn version_of(label: &str) -> String {
    let version = label
        .strip_prefix('第')
        .and_then(|l| l.strip_suffix('版'))
        .or_else(|| label.strip_prefix("Version "));
    version
        .unwrap_or_else(|| panic!("{label:?} is not a version as its language words it"))
        .to_string()
}

fn edit_guideline(site: &Site) {
    let path = format!("{GUIDE}/index.ja.md");
    let text = site.read(&path);
    assert!(
        text.contains("72時間以内"),
        "the example guideline promises 72 hours"
    );
    site.write(&path, &text.replacen("72時間以内", "48時間以内", 1));
}

/// `trustdocs release security-guideline` with both summaries, `extra` and the clock at `now`.
fn release(site: &Site, extra: &[&str], now: &str) -> Run {
    let mut args = vec![
        "release",
        "security-guideline",
        "--summary-ja",
        "インシデント通知の目標を48時間以内に短縮",
        "--summary-en",
        "Shortened the incident notification target to 48 hours",
    ];
    args.extend_from_slice(extra);
    site.cmd(&args).now(now).run()
}

#[test]
fn release_is_dated_in_japan_time_and_shows_up_everywhere() {
    let site = Site::example();
    edit_guideline(&site);
    // 23:30 UTC on June 30 is 08:30 on July 1 in Tokyo.
    release(&site, &[], "2026-06-30T23:30:00Z").success();
    let history = site.read(&format!("{GUIDE}/history.yaml"));
    assert!(history.ends_with("- version: \"4.7\"\n  date: 2026-07-01\n  summary:\n    en: \"Shortened the incident notification target to 48 hours\"\n    ja: \"インシデント通知の目標を48時間以内に短縮\"\n"), "{history}");
    assert_eq!(
        site.read(&format!("{GUIDE}/releases/4.7/index.ja.md")),
        site.read(&format!("{GUIDE}/index.ja.md"))
    );

    site.cmd(&["build"])
        .now("2026-07-01T00:00:00Z")
        .run()
        .success();
    let ja = site.file("ja/security-guideline/index.html");
    let en = site.file("en/security-guideline/index.html");
    assert!(
        ja.contains("48時間以内"),
        "the published page is the new release"
    );
    assert_eq!(table_versions(&ja).last().map(String::as_str), Some("4.7"));
    assert_eq!(table_versions(&en).last().map(String::as_str), Some("4.7"));
    assert!(
        ja.contains("<time datetime=\"2026-07-01\">2026/7/1</time>"),
        "Japanese table date"
    );
    assert!(
        en.contains("<time datetime=\"2026-07-01\">Jul 1, 2026</time>"),
        "English table date"
    );
    assert!(ja.contains("インシデント通知の目標を48時間以内に短縮"));
    assert!(en.contains("Shortened the incident notification target to 48 hours"));

    let diff = site.file("ja/security-guideline/v4.7/diff/index.html");
    assert!(
        marks(&diff, "del").contains(&"72".to_string()),
        "the old text is marked deleted"
    );
    assert!(
        marks(&diff, "ins").contains(&"48".to_string()),
        "the new text is marked inserted"
    );
    let previous = site.file("ja/security-guideline/v4.6/index.html");
    assert!(
        previous.contains("72時間以内"),
        "4.6 stays at its own URL with its own text"
    );
    assert!(
        previous.contains("banner-archived"),
        "and says it is not the latest"
    );
    assert!(
        previous.contains("href=\"/ja/security-guideline/\""),
        "linking to the latest"
    );

    let feed = site.file("ja/feed.xml");
    let first = feed.split("<entry>").nth(1).unwrap();
    assert!(
        first.contains("4.7"),
        "the new release is the first entry: {first}"
    );
    assert!(
        first.contains("<updated>2026-07-01T00:00:00+09:00</updated>"),
        "{first}"
    );
    assert!(
        first.contains("/ja/security-guideline/v4.7/diff/"),
        "{first}"
    );
}

#[test]
fn release_refuses_and_writes_nothing() {
    let site = Site::example();
    let history_before = site.read(&format!("{GUIDE}/history.yaml"));
    let releases = || {
        let mut names: Vec<String> = std::fs::read_dir(site.path(GUIDE).join("releases"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let releases_before = releases();
    let now = "2026-07-01T03:00:00Z";

    release(&site, &[], now)
        .failure()
        .stderr_contains("nothing changed since the last release (4.6)");

    edit_guideline(&site);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--version", "4.6"],
            "must be greater than the last released version 4.6",
        ),
        (
            vec!["--version", "4.4"],
            "must be greater than the last released version 4.6",
        ),
        (vec!["--date", "2025-08-31"], "is before 2025-09-01"),
        (vec!["--date", "2027-01-01"], "in the future"),
    ];
    for (extra, message) in cases {
        release(&site, &extra, now)
            .failure()
            .stderr_contains(message);
    }
    let out = site
        .cmd(&[
            "release",
            "security-guideline",
            "--summary-ja",
            "日本語だけ",
        ])
        .now(now)
        .run();
    out.failure().stderr_contains("no summary in en");

    assert_eq!(
        site.read(&format!("{GUIDE}/history.yaml")),
        history_before,
        "history untouched"
    );
    assert_eq!(releases(), releases_before, "no frozen copy written");
    out.stderr_contains("nothing was written");
}

#[test]
fn major_and_exact_versions_compare_numerically() {
    let site = Site::example();
    edit_guideline(&site);
    release(&site, &["--version", "4.10"], "2026-07-01T03:00:00Z").success();
    site.append(&format!("{GUIDE}/index.ja.md"), "\n追記。\n");
    release(&site, &["--version", "4.9"], "2026-07-02T03:00:00Z")
        .stderr_contains("must be greater than the last released version 4.10");
    release(&site, &["--major"], "2026-07-02T03:00:00Z").success();
    site.build().success();
    let versions = table_versions(&site.file("ja/security-guideline/index.html"));
    assert_eq!(versions[versions.len() - 3..], ["4.6", "4.10", "5.0"]);
}

#[test]
fn tables_match_history_row_for_row_in_both_languages() {
    let site = Site::example();
    site.build().success();
    let history = site.read(&format!("{GUIDE}/history.yaml"));
    let versions: Vec<String> = history
        .lines()
        .filter_map(|l| l.strip_prefix("- version: "))
        .map(|v| v.trim_matches('"').to_string())
        .collect();
    assert_eq!(
        versions.len(),
        11,
        "the example history has eleven revisions"
    );
    for lang in ["ja", "en"] {
        let html = site.file(&format!("{lang}/security-guideline/index.html"));
        assert_eq!(table_versions(&html), versions, "{lang} table");
    }
    let ja = site.file("ja/security-guideline/index.html");
    assert!(
        ja.contains("<time datetime=\"2017-10-23\">2017/10/23</time>"),
        "oldest first, Japanese dates"
    );
    assert!(
        !ja.contains("href=\"/ja/security-guideline/v1.0/\""),
        "pre-tool revisions have no link"
    );
    assert!(
        ja.contains("href=\"/ja/security-guideline/v4.4/\""),
        "frozen revisions link to their archive"
    );
    assert!(
        ja.contains("href=\"/ja/security-guideline/v4.5/diff/\""),
        "and to what changed"
    );
    for archived in ["v4.3", "v4.4", "v4.5", "v4.6"] {
        assert!(site.has_file(&format!("en/security-guideline/{archived}/index.html")));
    }
    assert!(
        !site.file("sitemap.xml").contains("/v4.4/"),
        "archives stay out of the sitemap"
    );
}

/// Whether the `<main>` of `html` links to the Japanese original at `/ja/<doc>/`, as the
/// outdated-translation banner does (the language switch is outside `<main>`).
fn points_at_original(html: &str, doc: &str) -> bool {
    let original = format!("/ja/{doc}/");
    tags(&main_of(html), "a")
        .iter()
        .any(|a| a.attr("href") == Some(original.as_str()) && a.attr("hreflang") == Some("ja"))
}

#[test]
fn english_page_warns_when_behind_japanese() {
    // The example portal: the English guideline translates 4.6, the latest; made to
    // translate 4.5 instead (in the working copy and the frozen one), it lags.
    let site = Site::example();
    site.build().success();
    assert!(
        !site
            .file("en/security-guideline/index.html")
            .contains("banner-outdated"),
        "the English guideline translates the latest revision"
    );
    for file in [
        "content/security-guideline/index.en.md",
        "content/security-guideline/releases/4.6/index.en.md",
    ] {
        let lagging = site
            .read(file)
            .replace("translation_of: \"4.6\"", "translation_of: \"4.5\"");
        site.write(file, &lagging);
    }
    site.build().success();
    let en = site.file("en/security-guideline/index.html");
    assert!(
        en.contains("banner-outdated"),
        "the English guideline translates 4.5 of 4.6"
    );
    assert!(en.contains("Japanese original prevails"));
    assert!(en.contains("href=\"/ja/security-guideline/\""));
    assert!(points_at_original(&en, "security-guideline"));
    let ja = site.file("ja/security-guideline/index.html");
    assert!(!ja.contains("banner-outdated"));
    let manual = site.file("en/manuals/mail-gateway/index.html");
    assert!(
        !manual.contains("banner-outdated"),
        "the manual's translation is current"
    );

    // One document, current and then behind (the `revisions` fixture).
    let site = Site::fixture("revisions");
    site.build().success();
    assert!(
        !points_at_original(&site.file("en/policy/index.html"), "policy"),
        "an up-to-date translation has no warning"
    );
    // Release 2.0 was cut while the English page still translated 1.1.
    for file in [
        "content/policy/index.en.md",
        "content/policy/releases/2.0/index.en.md",
    ] {
        let lagging = site
            .read(file)
            .replace("translation_of: \"2.0\"", "translation_of: \"1.1\"");
        site.write(file, &lagging);
    }
    site.build().success();
    assert!(
        points_at_original(&site.file("en/policy/index.html"), "policy"),
        "a translation of 1.1 while the Japanese is 2.0 should point readers at the original"
    );
}

#[test]
fn drafts_appear_only_with_drafts_and_carry_a_banner() {
    let site = Site::example();
    edit_guideline(&site);
    site.build().success();
    let published = site.file("ja/security-guideline/index.html");
    assert!(
        published.contains("72時間以内") && !published.contains("48時間以内"),
        "build publishes the release"
    );
    assert!(!published.contains("banner-draft"));

    site.build_with(&["--drafts"]).success();
    let draft = site.file("ja/security-guideline/index.html");
    assert!(draft.contains("48時間以内"));
    assert!(draft.contains("banner-draft"));
    assert!(draft.contains("href=\"/ja/security-guideline/draft/diff/\""));
    let diff = site.file("ja/security-guideline/draft/diff/index.html");
    assert!(marks(&diff, "ins").contains(&"48".to_string()));
}

#[test]
fn with_drafts_a_document_as_released_has_no_draft_and_keeps_its_diffs() {
    // The build lets go of the sources no page reads once the Markdown is rendered; the
    // working copy and the last release must still compare equal, and "what changed"
    // must still see both sides.
    let site = Site::example();
    site.build_with(&["--drafts"]).success();
    let page = site.file("ja/security-guideline/index.html");
    assert!(!page.contains("banner-draft"), "nothing unreleased to show");
    assert!(!site.public().join("ja/security-guideline/draft").exists());
    let diff = site.file("ja/security-guideline/v4.5/diff/index.html");
    assert!(diff.contains("<ins>") && diff.contains("<del>"), "{diff}");
    let plain = site.path("plain");
    site.build_with(&["--out", plain.to_str().unwrap()])
        .success();
    assert_eq!(
        diff,
        std::fs::read_to_string(plain.join("ja/security-guideline/v4.5/diff/index.html")).unwrap()
    );
}

#[test]
fn a_never_released_document_is_left_out_of_the_published_site() {
    let site = Site::example();
    site.run(&["new", "privacy-policy", "--title", "プライバシーポリシー"])
        .success();
    site.build()
        .success()
        // The build says what it left out.
        .stderr_contains("privacy-policy");
    assert!(!site.public().join("ja/privacy-policy/index.html").exists());
    site.build_with(&["--drafts"]).success();
    assert!(
        site.file("ja/privacy-policy/index.html")
            .contains("banner-draft")
    );
}
