//! Accessibility in a real browser: axe-core (its WCAG 2.0 / 2.1 A and AA rules) finds
//! nothing on any kind of page of the example portal, in both languages, light and dark,
//! and at a phone's width, where wide tables and code blocks scroll sideways.
//!
//! axe-core comes from npm, not from this repository: `.ci/run` installs it under
//! `target/axe` (`npm install --no-save --prefix target/axe axe-core@4`). Without it the
//! test fails and says how to install it; it never passes by checking nothing.

mod support;

use std::path::PathBuf;

use support::Site;
use support::run::repo;
use support::webdriver::Browser;

/// One page of every kind the theme renders (`/<lang>` is put in front), and what to wait
/// for before it is checked.
const PAGES: &[(&str, &str, &str)] = &[
    ("home", "/", "main"),
    ("document", "/security-guideline/", "main"),
    ("archived revision", "/security-guideline/v4.5/", "main"),
    ("what changed", "/security-guideline/v4.6/diff/", "main"),
    ("manual", "/manuals/mail-gateway/", "main"),
    // The chapter with a task list (checkboxes) and code blocks.
    ("manual chapter", "/manuals/mail-gateway/02-setup/", "main"),
    ("manual print page", "/manuals/mail-gateway/print/", "main"),
    ("notices", "/notices/", "main"),
    ("notice", "/notices/2025-07-01-storage-region/", "main"),
    ("subprocessors", "/subprocessors/", "main"),
];

/// The search page with results (marked words in them), per language.
fn search(lang: &str) -> String {
    let query = if lang == "ja" {
        "%E6%9A%97%E5%8F%B7%E5%8C%96" // 暗号化
    } else {
        "encryption"
    };
    format!("/{lang}/search/?q={query}")
}

const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

fn axe_source() -> String {
    let path: PathBuf = repo().join("target/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not installed ({}: {e}); install it with \
             `npm install --no-save --prefix target/axe axe-core@4` (.ci/run does)",
            path.display()
        )
    })
}

/// The violations axe finds on the open page, one line each with the first elements.
fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    let injected = browser.eval(&format!("{axe}\n;return typeof window.axe === 'object'"));
    assert_eq!(injected, true, "axe-core did not load into the page");
    let found = browser.eval(&format!(
        "return axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }}, \
         resultTypes: ['violations'] }}).then(r => r.violations.map(v => \
         `${{v.id}} (${{v.impact}}): ${{v.help}}; ${{v.nodes.length}} element(s): ` + \
         v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + \
         (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')))"
    ));
    let list = found
        .as_array()
        .unwrap_or_else(|| panic!("axe.run gave no result: {found}"));
    list.iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Opens `path` once `ready` is on it, and adds what axe finds there to `failures`.
fn check(
    browser: &Browser,
    url: &str,
    (kind, path, ready): (&str, &str, &str),
    scheme: &str,
    axe: &str,
    failures: &mut Vec<String>,
) {
    browser.goto(url);
    browser.wait_for(
        &format!("{path} ({kind})"),
        &format!(
            "return document.readyState === 'complete' && !!document.querySelector({ready:?})"
        ),
    );
    assert_eq!(
        browser
            .eval("return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")
            .as_str(),
        Some(scheme),
        "the colour scheme is emulated"
    );
    for v in violations(browser, axe) {
        failures.push(format!("{path} ({kind}, {scheme}): {v}"));
    }
}

/// The elements of the open page that scroll sideways (a wide table or code block on a
/// phone), by tag and class.
fn scrolling_sideways(browser: &Browser) -> Vec<String> {
    let found = browser.eval(
        "return [...document.querySelectorAll('main *')].filter(e => \
         ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && \
         e.scrollWidth > e.clientWidth + 1).map(e => e.tagName.toLowerCase() + \
         (e.className ? '.' + e.className : ''))",
    );
    found
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_kind_of_page_passes_axe_in_both_languages_light_and_dark() {
    let axe = axe_source();
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        browser.color_scheme(scheme);
        for lang in ["ja", "en"] {
            let pages = PAGES
                .iter()
                .map(|(kind, path, ready)| (*kind, format!("/{lang}{path}"), *ready))
                .chain([
                    (
                        "search with results",
                        search(lang),
                        "#search-results li mark",
                    ),
                    ("404", format!("/{lang}/no-such-page/"), "main"),
                ]);
            for (kind, path, ready) in pages {
                let url = server.url(&path);
                check(
                    &browser,
                    &url,
                    (kind, &path, ready),
                    scheme,
                    &axe,
                    &mut failures,
                );
            }
        }
    }

    // On a phone the tables and code blocks that no longer fit scroll sideways; each must
    // be reachable by keyboard (axe's scrollable-region-focusable) there too.
    browser.color_scheme("light");
    browser.resize(390, 844);
    let mut scrolling = Vec::new();
    for lang in ["ja", "en"] {
        for (kind, path, ready) in PAGES {
            let path = format!("/{lang}{path}");
            let url = server.url(&path);
            check(
                &browser,
                &url,
                (kind, &path, ready),
                "light",
                &axe,
                &mut failures,
            );
            scrolling.extend(
                scrolling_sideways(&browser)
                    .into_iter()
                    .map(|e| format!("{path}: {e}")),
            );
        }
    }
    assert!(
        scrolling.iter().any(|e| e.contains("table"))
            && scrolling.iter().any(|e| e.contains("pre")),
        "at a phone's width no table and no code block scrolls, so the check above checked \
         none: {scrolling:?}"
    );
    assert!(
        failures.is_empty(),
        "{} axe violation(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
