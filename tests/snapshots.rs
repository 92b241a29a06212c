//! Whole output files of the example portal, byte for byte, as insta snapshots in
//! `tests/snapshots/`: the pages a change to rendering, templates or URLs is most likely
//! to alter, in both languages. The real binary builds a copy of the portal once for all
//! of them, with the clock fixed (`TRUSTDOCS_NOW`).
//!
//! The output depends on the day of the build only through the trust data (what is
//! announced, in effect or expired on that day; the clock otherwise only decides which
//! history dates are "in the future"): `only_the_trust_data_depends_on_the_day_of_the_build`
//! shows it, so no date is redacted. The temporary folder is (see `support::snapshot`).
//!
//! A mismatch fails the test, also in CI (`CI=true`: insta writes nothing there). After a
//! change meant to alter the output: `cargo insta review` (or `INSTA_UPDATE=always cargo
//! test --test snapshots`), then read the diff of `tests/snapshots/` before committing it.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use support::{Site, snapshot};

/// The clock of the build: noon in Tokyo some days after the portal's latest release (4.6),
/// with Sentry announced for 2025-10-01 and not yet in effect.
const NOW: &str = "2025-09-10T03:00:00Z";

/// The example portal's output folder, built once with the clock at `NOW`.
struct Portal {
    files: BTreeMap<String, Vec<u8>>,
    /// The temporary folder the site was in (removed since), for the redaction.
    temporary: PathBuf,
}

fn portal() -> &'static Portal {
    static PORTAL: OnceLock<Portal> = OnceLock::new();
    PORTAL.get_or_init(|| {
        let site = Site::example();
        site.cmd(&["build"]).now(NOW).run().success();
        Portal {
            files: site.output_tree(),
            temporary: site.beside(""),
        }
    })
}

/// Asserts output file `rel` against snapshot `tests/snapshots/<name>[@<lang>].snap`.
fn assert_file(name: &str, lang: &str, rel: &str) {
    let portal = portal();
    let bytes = portal
        .files
        .get(rel)
        .unwrap_or_else(|| panic!("the example portal has no output file {rel}"));
    let text = snapshot::text(rel, bytes, &portal.temporary);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "public/{rel} of the example portal, built with TRUSTDOCS_NOW={NOW}; \
         the file's bytes end before the last line, {}",
        snapshot::END
    ));
    if !lang.is_empty() {
        settings.set_snapshot_suffix(lang);
    }
    settings.bind(|| insta::assert_snapshot!(name, text));
}

// The security guideline as published: 4.6, with its revision table, its sections on data
// storage, certifications and cloud services drawn from data/ (with Sentry announced).

#[test]
fn guideline_ja() {
    assert_file("guideline", "ja", "ja/security-guideline/index.html");
}

#[test]
fn guideline_en() {
    assert_file("guideline", "en", "en/security-guideline/index.html");
}

// What changed from 4.4 to 4.5.

#[test]
fn guideline_4_5_what_changed_ja() {
    assert_file(
        "guideline-4.5-what-changed",
        "ja",
        "ja/security-guideline/v4.5/diff/index.html",
    );
}

#[test]
fn guideline_4_5_what_changed_en() {
    assert_file(
        "guideline-4.5-what-changed",
        "en",
        "en/security-guideline/v4.5/diff/index.html",
    );
}

// A chapter of the mail gateway manual.

#[test]
fn manual_chapter_setup_ja() {
    assert_file(
        "manual-chapter-setup",
        "ja",
        "ja/manuals/mail-gateway/02-setup/index.html",
    );
}

#[test]
fn manual_chapter_setup_en() {
    assert_file(
        "manual-chapter-setup",
        "en",
        "en/manuals/mail-gateway/02-setup/index.html",
    );
}

// A notice.

#[test]
fn notice_storage_region_ja() {
    assert_file(
        "notice-storage-region",
        "ja",
        "ja/notices/2025-07-01-storage-region/index.html",
    );
}

#[test]
fn notice_storage_region_en() {
    assert_file(
        "notice-storage-region",
        "en",
        "en/notices/2025-07-01-storage-region/index.html",
    );
}

// The Atom feeds and the sitemap (one for both languages).

#[test]
fn feed_ja() {
    assert_file("feed", "ja", "ja/feed.xml");
}

#[test]
fn feed_en() {
    assert_file("feed", "en", "en/feed.xml");
}

// The trust data: the subprocessors page, the machine-readable list and security.txt.

#[test]
fn subprocessors_ja() {
    assert_file("subprocessors", "ja", "ja/subprocessors/index.html");
}

#[test]
fn subprocessors_en() {
    assert_file("subprocessors", "en", "en/subprocessors/index.html");
}

#[test]
fn subprocessors_feed_en() {
    assert_file("subprocessors-feed", "en", "en/subprocessors.xml");
}

#[test]
fn subprocessors_json() {
    assert_file("subprocessors-json", "", "subprocessors.json");
}

#[test]
fn security_txt() {
    assert_file("security-txt", "", ".well-known/security.txt");
}

#[test]
fn sitemap() {
    assert_file("sitemap", "", "sitemap.xml");
}

#[test]
fn only_the_trust_data_depends_on_the_day_of_the_build() {
    // A later day, the same sources: every file the same but those that show the trust
    // data (Sentry has started since): the pages with its shortcodes (the guideline's
    // current copy, and its latest revision, which is that copy), the subprocessors pages,
    // the feeds (the entry about Sentry now says it was added), the JSON export (its day),
    // and the search index (the guideline's text).
    let site = Site::example();
    site.cmd(&["build"])
        .now("2027-01-15T03:00:00Z")
        .run()
        .success();
    let later = site.output_tree();
    let before = &portal().files;
    let mut changed: Vec<&str> = before
        .keys()
        .chain(later.keys())
        .filter(|file| before.get(*file) != later.get(*file))
        .map(String::as_str)
        .filter(|file| !file.contains("/search/p/") && !file.contains("/search/t/"))
        .collect();
    changed.sort();
    changed.dedup();
    let mut expected = Vec::new();
    for lang in ["en", "ja"] {
        for file in [
            "feed.xml",
            "search/meta.json",
            "security-guideline/index.html",
            "security-guideline/v4.6/index.html",
            "subprocessors.xml",
            "subprocessors/index.html",
        ] {
            expected.push(format!("{lang}/{file}"));
        }
    }
    expected.push("subprocessors.json".to_string());
    expected.sort();
    assert_eq!(changed, expected);
    let ja = String::from_utf8_lossy(&later["ja/security-guideline/index.html"]).into_owned();
    assert!(ja.contains("<td>管理コンソールで発生したエラーの検知と分析</td>"));
}
