//! Whole output files of the example portal, byte for byte, as insta snapshots in
//! `tests/snapshots/`: the pages a change to rendering, templates or URLs is most likely
//! to alter, in both languages. The real binary builds a copy of the portal once for all
//! of them, with the clock fixed (`TRUSTDOCS_NOW`).
//!
//! Nothing of the output depends on the day of the build (the clock only decides which
//! history dates are "in the future"): `output_does_not_depend_on_the_day_of_the_build`
//! shows it, so no date is redacted. The temporary folder is (see `support::snapshot`).
//!
//! A mismatch fails the test, also in CI (`CI=true`: insta writes nothing there). After a
//! change meant to alter the output: `cargo insta review` (or `INSTA_UPDATE=always cargo
//! test --test snapshots`), then read the diff of `tests/snapshots/` before committing it.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use support::{Site, assert_same_tree, snapshot};

/// The clock of the build: noon in Tokyo on the day of the portal's latest release (4.5).
const NOW: &str = "2025-07-01T03:00:00Z";

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

// The security guideline as published: 4.5, with its revision table (and in English the
// banner saying the translation is of 4.4).

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

#[test]
fn sitemap() {
    assert_file("sitemap", "", "sitemap.xml");
}

#[test]
fn output_does_not_depend_on_the_day_of_the_build() {
    // Years later, with the same sources: the same bytes in every file, so the snapshots
    // need no date redacted.
    let site = Site::example();
    site.cmd(&["build"])
        .now("2031-12-31T23:59:59Z")
        .run()
        .success();
    assert_same_tree(
        &portal().files,
        &site.output_tree(),
        "the portal built years later",
    );
}
