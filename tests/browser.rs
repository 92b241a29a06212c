//! Live reload in a real browser: headless Chromium shows an edit without the test
//! reloading the page, keeps the scroll position, and shows and clears the error overlay.
//! And the theme's own script (`static/site.js`): the language switch keeps the section;
//! and its "what changed" page: two views of one comparison, the table stacked on a phone.

mod support;

use support::Site;
use support::webdriver::Browser;

#[test]
fn open_page_follows_edits_and_shows_build_errors() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();
    browser.goto(&server.url("/ja/security-guideline/"));
    browser.wait_for(
        "the page",
        "return document.title.includes('セキュリティガイドライン')",
    );
    browser.wait_for(
        "the event stream",
        "return !!window.trustdocsLiveReload && window.trustdocsLiveReload.readyState === 1",
    );
    browser.eval("window.scrollTo(0, 1500); window.notReloaded = true; return true");

    let page = "content/security-guideline/index.ja.md";
    let original = site.read(page);
    site.write(
        page,
        &original.replacen(
            "本ガイドラインは",
            "ライブリロード確認用の本ガイドラインは",
            1,
        ),
    );
    browser.wait_for(
        "the edited text",
        "return document.body.innerText.includes('ライブリロード確認用の本ガイドラインは')",
    );
    assert_eq!(
        browser.eval("return window.notReloaded === undefined"),
        true,
        "the page reloaded itself"
    );
    // The edit adds a line above the viewport, so allow for it; a lost position would be 0.
    browser.wait_for(
        "the scroll position",
        "return Math.abs(window.scrollY - 1500) < 300",
    );

    site.write(page, "---\ntitle: 壊れた\ntoc: maybe\n---\n");
    browser.wait_for(
        "the error overlay",
        "const o = document.getElementById('trustdocs-error-overlay'); \
         return !!o && o.innerText.includes('content/security-guideline/index.ja.md:3')",
    );
    assert_eq!(
        browser.eval(
            "return document.body.innerText.includes('ライブリロード確認用の本ガイドラインは')"
        ),
        true,
        "the last good page stays under the overlay"
    );

    site.write(page, &original);
    browser.wait_for(
        "the overlay to clear",
        "return !document.getElementById('trustdocs-error-overlay')",
    );
    browser.wait_for(
        "the fixed text",
        "return !document.body.innerText.includes('ライブリロード確認用') && document.title.includes('セキュリティガイドライン')",
    );
}

#[test]
fn language_switch_keeps_the_section_and_remembers_the_choice() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();
    browser.goto(&server.url("/ja/security-guideline/"));
    browser.wait_for(
        "the page and its script",
        "return !!document.querySelector('a[data-keep-hash]') && \
         document.readyState === 'complete'",
    );
    let hash = browser.eval(
        "location.hash = document.querySelectorAll('main h2[id]')[2].id; return location.hash",
    );
    let hash = hash.as_str().expect("a section id").to_string();
    assert!(hash.len() > 1, "{hash}");
    browser.eval("document.querySelector('a[data-keep-hash]').click(); return true");
    browser.wait_for(
        "the English page",
        "return location.pathname === '/en/security-guideline/'",
    );
    assert_eq!(
        browser.eval("return location.hash").as_str(),
        Some(hash.as_str()),
        "the section is kept"
    );
    assert_eq!(
        browser
            .eval("return localStorage.getItem('trustdocs-lang')")
            .as_str(),
        Some("en"),
        "the choice is remembered for /"
    );
}

/// Whether the first element matching `selector` is shown (laid out, not `display: none`
/// itself or inside something that is).
fn shown(selector: &str) -> String {
    format!(
        "const e = document.querySelector({selector:?}); \
         return !!e && e.getClientRects().length > 0"
    )
}

#[test]
fn what_changed_offers_two_views_and_stacks_its_table_on_a_phone() {
    let site = Site::example();
    let server = site.serve();
    // A draft in the preview: its "what changed" page is the same view as a release's.
    let page = "content/security-guideline/index.ja.md";
    let text = site.read(page);
    site.write(page, &text.replacen("72時間以内", "48時間以内", 1));
    let browser = Browser::start();
    browser.goto(&server.url("/ja/security-guideline/draft/diff/"));
    browser.wait_for(
        "the draft's changes",
        "return [...document.querySelectorAll('.cmp-table-view ins')].some(i => i.innerText.includes('48'))",
    );
    browser.wait_for("the 新旧対照表", &shown(".cmp-table-view"));
    assert_eq!(
        browser.eval(&shown(".cmp-inline-view")),
        false,
        "one view at a time"
    );
    browser.eval("document.querySelector('label[for=cmp-view-inline]').click(); return true");
    browser.wait_for("the inline view", &shown(".cmp-inline-view"));
    assert_eq!(browser.eval(&shown(".cmp-table-view")), false);
    assert_eq!(
        browser.eval(
            "return [...document.querySelectorAll('.cmp-inline-view del')].some(d => d.innerText.includes('72'))"
        ),
        true,
        "the inline view marks the same change"
    );

    // Side by side on a desktop; on a phone each row's revised text above its previous.
    browser.eval("document.querySelector('label[for=cmp-view-table]').click(); return true");
    let layout = "const [a, b] = document.querySelectorAll('.cmp-table tr.cmp-row > td'); \
                  const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect(); \
                  return ra.top === rb.top ? 'side by side' : (rb.top >= ra.bottom ? 'stacked' : 'overlapping')";
    browser.wait_for("the table again", &shown(".cmp-table-view"));
    assert_eq!(browser.eval(layout).as_str(), Some("side by side"));
    browser.resize(390, 844);
    browser.wait_for("a phone's width", "return window.innerWidth <= 420");
    assert_eq!(browser.eval(layout).as_str(), Some("stacked"));
    assert_eq!(
        browser
            .eval(
                "return getComputedStyle(document.querySelector('.cmp-table tr.cmp-row > td'), '::before').content"
            )
            .as_str(),
        Some("\"改訂後（下書き）\""),
        "each stacked cell says which text it is"
    );
}

#[test]
fn table_of_contents_marks_the_section_being_read_beside_the_text() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();
    browser.resize(1280, 900);
    browser.goto(&server.url("/ja/security-guideline/"));
    browser.wait_for(
        "the page and its script",
        "return document.readyState === 'complete' && !!document.querySelector('.toc-list a')",
    );
    // Text and contents side by side: no wide empty band between them.
    let gap = browser.eval(
        "return document.querySelector('.toc').getBoundingClientRect().left - \
         document.querySelector('main .prose').getBoundingClientRect().right",
    );
    let gap = gap.as_f64().expect("a distance");
    assert!(
        (0.0..=80.0).contains(&gap),
        "{gap} px between the text and the contents"
    );

    // The sections (level 2 entries) of the marked entries: a subsection's entry marks
    // its section as being read.
    let marked = "return [...document.querySelectorAll('.toc-list a[aria-current=\"true\"]')] \
                  .map(a => decodeURIComponent(a.closest('li.toc-l2').querySelector('a') \
                  .getAttribute('href').slice(1)))";
    // Scroll a section's heading to the top: its entry (or one of its subsections') is
    // the marked one, and only it.
    let id = browser.eval(
        "const h = document.querySelectorAll('main .prose h2[id]')[4]; \
         window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10); \
         return h.id",
    );
    let id = id.as_str().expect("a heading id").to_string();
    browser.wait_for(
        "the section's entry to be marked",
        &format!("const m = (() => {{ {marked} }})(); return m.length === 1 && m[0] === {id:?}"),
    );
    // Back up a little into the section before: the mark follows.
    let before = browser.eval(
        "const h = document.querySelectorAll('main .prose h2[id]')[3]; \
         window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10); \
         return h.id",
    );
    let before = before.as_str().expect("a heading id").to_string();
    browser.wait_for(
        "the section before to be marked",
        &format!(
            "const m = (() => {{ {marked} }})(); return m.length === 1 && m[0] === {before:?}"
        ),
    );
    // At the end of the page the last entry is marked, and in view inside the contents.
    browser.eval("window.scrollTo(0, document.documentElement.scrollHeight); return true");
    browser.wait_for(
        "the last entry to be marked and shown",
        "const links = document.querySelectorAll('.toc-list a'); \
         const last = links[links.length - 1]; \
         const box = document.querySelector('.toc').getBoundingClientRect(); \
         const r = last.getBoundingClientRect(); \
         return last.getAttribute('aria-current') === 'true' && \
           r.top >= box.top && r.bottom <= box.bottom + 1 && r.bottom <= window.innerHeight",
    );
}
