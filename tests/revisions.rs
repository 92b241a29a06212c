//! Versioned documents end to end: `trustdocs release` on a copy of the example portal,
//! and what the build makes of the history: tables, archives, "what changed", banners,
//! feeds.

mod preview;

use std::path::Path;
use std::process::{Command, Output};

use preview::copy_example_site;

const GUIDE: &str = "content/security-guideline";

fn trustdocs(root: &Path, args: &[&str], now: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trustdocs"));
    command
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1");
    if let Some(now) = now {
        command.env("TRUSTDOCS_NOW", now);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

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
            text.trim_end_matches("</a>").to_string()
        })
        .collect()
}

fn edit_guideline(root: &Path) {
    let path = root.join(GUIDE).join("index.ja.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("72時間以内"),
        "the example guideline promises 72 hours"
    );
    std::fs::write(&path, text.replacen("72時間以内", "48時間以内", 1)).unwrap();
}

fn release(root: &Path, extra: &[&str], now: &str) -> Output {
    let mut args = vec![
        "release",
        "security-guideline",
        "--summary-ja",
        "インシデント通知の目標を48時間以内に短縮",
        "--summary-en",
        "Shortened the incident notification target to 48 hours",
    ];
    args.extend_from_slice(extra);
    trustdocs(root, &args, Some(now))
}

#[test]
fn release_is_dated_in_japan_time_and_shows_up_everywhere() {
    let site = copy_example_site();
    let root = site.path();
    edit_guideline(root);
    // 23:30 UTC on June 30 is 08:30 on July 1 in Tokyo.
    let out = release(root, &[], "2026-06-30T23:30:00Z");
    assert!(out.status.success(), "{}", stderr(&out));
    let history = read(root, &format!("{GUIDE}/history.yaml"));
    assert!(history.ends_with("- version: \"4.6\"\n  date: 2026-07-01\n  summary:\n    en: \"Shortened the incident notification target to 48 hours\"\n    ja: \"インシデント通知の目標を48時間以内に短縮\"\n"), "{history}");
    assert_eq!(
        read(root, &format!("{GUIDE}/releases/4.6/index.ja.md")),
        read(root, &format!("{GUIDE}/index.ja.md"))
    );

    let out = trustdocs(root, &["build"], Some("2026-07-01T00:00:00Z"));
    assert!(out.status.success(), "{}", stderr(&out));
    let ja = read(root, "public/ja/security-guideline/index.html");
    let en = read(root, "public/en/security-guideline/index.html");
    assert!(
        ja.contains("48時間以内"),
        "the published page is the new release"
    );
    assert_eq!(table_versions(&ja).last().map(String::as_str), Some("4.6"));
    assert_eq!(table_versions(&en).last().map(String::as_str), Some("4.6"));
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

    let diff = read(root, "public/ja/security-guideline/v4.6/diff/index.html");
    assert!(
        diff.contains("<del>72</del>"),
        "the old text is marked deleted"
    );
    assert!(
        diff.contains("<ins>48</ins>"),
        "the new text is marked inserted"
    );
    let previous = read(root, "public/ja/security-guideline/v4.5/index.html");
    assert!(
        previous.contains("72時間以内"),
        "4.5 stays at its own URL with its own text"
    );
    assert!(
        previous.contains("banner-archived"),
        "and says it is not the latest"
    );
    assert!(
        previous.contains("href=\"/ja/security-guideline/\""),
        "linking to the latest"
    );

    let feed = read(root, "public/ja/feed.xml");
    let first = feed.split("<entry>").nth(1).unwrap();
    assert!(
        first.contains("4.6"),
        "the new release is the first entry: {first}"
    );
    assert!(
        first.contains("<updated>2026-07-01T00:00:00+09:00</updated>"),
        "{first}"
    );
    assert!(
        first.contains("/ja/security-guideline/v4.6/diff/"),
        "{first}"
    );
}

#[test]
fn release_refuses_and_writes_nothing() {
    let site = copy_example_site();
    let root = site.path();
    let history_before = read(root, &format!("{GUIDE}/history.yaml"));
    let releases = || {
        let mut names: Vec<String> = std::fs::read_dir(root.join(GUIDE).join("releases"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let releases_before = releases();
    let now = "2026-07-01T03:00:00Z";

    let out = release(root, &[], now);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("nothing changed since the last release (4.5)"),
        "{}",
        stderr(&out)
    );

    edit_guideline(root);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--version", "4.5"],
            "must be greater than the last released version 4.5",
        ),
        (
            vec!["--version", "4.4"],
            "must be greater than the last released version 4.5",
        ),
        (vec!["--date", "2025-06-30"], "is before 2025-07-01"),
        (vec!["--date", "2027-01-01"], "in the future"),
    ];
    for (extra, message) in cases {
        let out = release(root, &extra, now);
        assert!(!out.status.success(), "{extra:?}");
        assert!(
            stderr(&out).contains(message),
            "{extra:?}: {}",
            stderr(&out)
        );
    }
    let out = trustdocs(
        root,
        &[
            "release",
            "security-guideline",
            "--summary-ja",
            "日本語だけ",
        ],
        Some(now),
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no summary in en"),
        "{}",
        stderr(&out)
    );

    assert_eq!(
        read(root, &format!("{GUIDE}/history.yaml")),
        history_before,
        "history untouched"
    );
    assert_eq!(releases(), releases_before, "no frozen copy written");
    assert!(stderr(&out).contains("nothing was written"));
}

#[test]
fn major_and_exact_versions_compare_numerically() {
    let site = copy_example_site();
    let root = site.path();
    edit_guideline(root);
    let out = release(root, &["--version", "4.10"], "2026-07-01T03:00:00Z");
    assert!(out.status.success(), "{}", stderr(&out));
    let path = root.join(GUIDE).join("index.ja.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n追記。\n")).unwrap();
    let out = release(root, &["--version", "4.9"], "2026-07-02T03:00:00Z");
    assert!(
        stderr(&out).contains("must be greater than the last released version 4.10"),
        "{}",
        stderr(&out)
    );
    let out = release(root, &["--major"], "2026-07-02T03:00:00Z");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = trustdocs(root, &["build"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let versions = table_versions(&read(root, "public/ja/security-guideline/index.html"));
    assert_eq!(versions[versions.len() - 3..], ["4.5", "4.10", "5.0"]);
}

#[test]
fn tables_match_history_row_for_row_in_both_languages() {
    let site = copy_example_site();
    let root = site.path();
    let out = trustdocs(root, &["build"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let history = read(root, &format!("{GUIDE}/history.yaml"));
    let versions: Vec<String> = history
        .lines()
        .filter_map(|l| l.strip_prefix("- version: "))
        .map(|v| v.trim_matches('"').to_string())
        .collect();
    assert_eq!(versions.len(), 10, "the example history has ten revisions");
    for lang in ["ja", "en"] {
        let html = read(
            root,
            &format!("public/{lang}/security-guideline/index.html"),
        );
        assert_eq!(table_versions(&html), versions, "{lang} table");
    }
    let ja = read(root, "public/ja/security-guideline/index.html");
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
    for archived in ["v4.3", "v4.4", "v4.5"] {
        assert!(
            root.join(format!(
                "public/en/security-guideline/{archived}/index.html"
            ))
            .is_file()
        );
    }
    assert!(
        !read(root, "public/sitemap.xml").contains("/v4.4/"),
        "archives stay out of the sitemap"
    );
}

#[test]
fn english_page_warns_when_behind_japanese() {
    let site = copy_example_site();
    let root = site.path();
    let out = trustdocs(root, &["build"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let en = read(root, "public/en/security-guideline/index.html");
    assert!(
        en.contains("banner-outdated"),
        "the English guideline translates 4.4 of 4.5"
    );
    assert!(en.contains("Japanese original prevails"));
    assert!(en.contains("href=\"/ja/security-guideline/\""));
    let ja = read(root, "public/ja/security-guideline/index.html");
    assert!(!ja.contains("banner-outdated"));
    let manual = read(root, "public/en/manuals/mail-gateway/index.html");
    assert!(
        !manual.contains("banner-outdated"),
        "the manual's translation is current"
    );
}

#[test]
fn drafts_appear_only_with_drafts_and_carry_a_banner() {
    let site = copy_example_site();
    let root = site.path();
    edit_guideline(root);
    let out = trustdocs(root, &["build"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let published = read(root, "public/ja/security-guideline/index.html");
    assert!(
        published.contains("72時間以内") && !published.contains("48時間以内"),
        "build publishes the release"
    );
    assert!(!published.contains("banner-draft"));

    let out = trustdocs(root, &["build", "--drafts"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let draft = read(root, "public/ja/security-guideline/index.html");
    assert!(draft.contains("48時間以内"));
    assert!(draft.contains("banner-draft"));
    assert!(draft.contains("href=\"/ja/security-guideline/draft/diff/\""));
    let diff = read(root, "public/ja/security-guideline/draft/diff/index.html");
    assert!(diff.contains("<ins>48</ins>"));
}

#[test]
fn with_drafts_a_document_as_released_has_no_draft_and_keeps_its_diffs() {
    // The build lets go of the sources no page reads once the Markdown is rendered; the
    // working copy and the last release must still compare equal, and "what changed"
    // must still see both sides.
    let site = copy_example_site();
    let root = site.path();
    let out = trustdocs(root, &["build", "--drafts"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "public/ja/security-guideline/index.html");
    assert!(!page.contains("banner-draft"), "nothing unreleased to show");
    assert!(!root.join("public/ja/security-guideline/draft").exists());
    let diff = read(root, "public/ja/security-guideline/v4.5/diff/index.html");
    assert!(diff.contains("<ins>") && diff.contains("<del>"), "{diff}");
    let plain = root.join("plain");
    let out = trustdocs(root, &["build", "--out", plain.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        diff,
        read(&plain, "ja/security-guideline/v4.5/diff/index.html")
    );
}

#[test]
fn a_never_released_document_is_left_out_of_the_published_site() {
    let site = copy_example_site();
    let root = site.path();
    let out = trustdocs(
        root,
        &["new", "privacy-policy", "--title", "プライバシーポリシー"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = trustdocs(root, &["build"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!root.join("public/ja/privacy-policy/index.html").exists());
    assert!(
        stderr(&out).contains("privacy-policy"),
        "the build says what it left out"
    );
    let out = trustdocs(root, &["build", "--drafts"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(root, "public/ja/privacy-policy/index.html").contains("banner-draft"));
}
