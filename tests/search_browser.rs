//! Search in a real browser: headless Chromium on the preview server of a copy of the
//! example portal. `?q=` is searched on load, a result leads to its section, typing
//! searches as you go, the arrow keys reach the results, a save in the preview reaches the
//! index, and nonsense says "no results"; the first batch holds ten results and "Show
//! more" keeps one order (headings first, then the rest, each in site order); a snippet
//! shows each part of the query; the portal's variant groups work in the browser.

mod support;

use support::webdriver::Browser;
use support::{Preview, Site};

/// `location` with `q` percent-encoded as a query.
fn search_url(server: &Preview, lang: &str, q: &str) -> String {
    let encoded: String = q
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    server.url(&format!("/{lang}/search/?q={encoded}"))
}

/// Waits like `Browser::wait_for`, but says what the page showed when it gives up.
fn wait(browser: &Browser, what: &str, script: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while browser.eval(script) != serde_json::Value::Bool(true) {
        if std::time::Instant::now() > deadline {
            let shown = browser.eval(
                "const s = document.getElementById('search-status'); \
                 return location.href + ' | status: ' + (s ? s.textContent : '(none)') + ' | ' + \
                   performance.getEntriesByType('resource').map(e => e.name + ' ' + e.responseStatus).join(', ')",
            );
            panic!("timed out waiting for {what}; the page shows: {shown}");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

const RESULT_LINKS: &str = "[...document.querySelectorAll('#search-results a.search-result-link')]";

#[test]
fn search_page_finds_sections_and_leads_to_them() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();

    browser.goto(&search_url(&server, "ja", "暗号化"));
    wait(
        &browser,
        "the encryption section among the results",
        &format!(
            "return {RESULT_LINKS}.some(a => a.getAttribute('href') === '/ja/security-guideline/#encryption')"
        ),
    );
    assert_eq!(
        browser.eval("return document.getElementById('search-input').value"),
        "暗号化",
        "the box shows the query of the URL"
    );
    assert_eq!(
        browser.eval(
            "const a = document.querySelector('a[href=\"/ja/security-guideline/#encryption\"]'); \
             return [...a.querySelectorAll('mark')].map(m => m.textContent).join('|')"
        ),
        "暗号化",
        "the match is highlighted in the heading"
    );
    assert_eq!(
        browser.eval(
            "const s = document.getElementById('search-status'); \
             return s.getAttribute('aria-live') === 'polite' && /件/.test(s.textContent)"
        ),
        true,
        "the count is announced"
    );
    assert_eq!(
        browser.eval(&format!(
            "const links = {RESULT_LINKS}; const i = links.findIndex(a => a.getAttribute('href') === '/ja/security-guideline/#encryption'); \
             const body = links.findIndex(a => !a.querySelector('mark')); return body < 0 || i < body"
        )),
        true,
        "heading matches come before body matches"
    );

    browser.eval(
        "document.querySelector('a[href=\"/ja/security-guideline/#encryption\"]').click(); return true",
    );
    wait(
        &browser,
        "the encryption section",
        "const e = document.getElementById('encryption'); \
         return location.pathname === '/ja/security-guideline/' && location.hash === '#encryption' \
           && !!e && e.getBoundingClientRect().top >= -1 && e.getBoundingClientRect().top < window.innerHeight / 2",
    );

    browser.goto(&search_url(&server, "en", "incident"));
    wait(
        &browser,
        "the incident response section",
        &format!(
            "return {RESULT_LINKS}.some(a => a.getAttribute('href') === '/en/security-guideline/#incident-response')"
        ),
    );

    // Typing searches without submitting, and keeps the URL shareable.
    browser.goto(&server.url("/en/search/"));
    browser.wait_for(
        "the search box",
        "return !!document.getElementById('search-input')",
    );
    browser.eval(
        "const i = document.getElementById('search-input'); i.focus(); i.value = 'encryption'; \
         i.dispatchEvent(new Event('input', { bubbles: true })); return true",
    );
    wait(
        &browser,
        "results as you type",
        &format!("return {RESULT_LINKS}.length > 0 && location.search === '?q=encryption'"),
    );
    browser.eval(
        "document.getElementById('search-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })); return true",
    );
    assert_eq!(
        browser.eval(&format!(
            "return document.activeElement === {RESULT_LINKS}[0]"
        )),
        true,
        "ArrowDown moves to the first result"
    );
    browser.eval(
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })); return true",
    );
    assert_eq!(
        browser.eval(&format!(
            "return {RESULT_LINKS}.length < 2 || document.activeElement === {RESULT_LINKS}[1]"
        )),
        true,
        "and on to the next"
    );

    // In the preview, a save reaches the index: the new word is found on the edited page.
    let page = "content/security-guideline/index.en.md";
    let text = site.read(page).replacen(
        "## 9. Incident response {#incident-response}\n",
        "## 9. Incident response {#incident-response}\n\nZyxquorum drills run every quarter.\n",
        1,
    );
    assert!(
        text.contains("Zyxquorum"),
        "the guideline has an incident response heading"
    );
    site.write(page, &text);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        browser.goto(&search_url(&server, "en", "zyxquorum drills"));
        let found = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let script = format!(
            "return {RESULT_LINKS}.some(a => a.getAttribute('href') === '/en/security-guideline/#incident-response')"
        );
        while std::time::Instant::now() < found
            && browser.eval(&script) != serde_json::Value::Bool(true)
        {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if browser.eval(&script) == serde_json::Value::Bool(true) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the edit never reached the search index"
        );
    }

    browser.goto(&search_url(&server, "en", "qxzvjw nonsense"));
    wait(
        &browser,
        "the no-results message",
        &format!(
            "return {RESULT_LINKS}.length === 0 && document.getElementById('search-status').textContent.startsWith('No results for “qxzvjw nonsense”')"
        ),
    );
}

/// The links shown, each as [href, whether its heading has a mark].
fn shown(browser: &Browser) -> Vec<(String, bool)> {
    let value = browser.eval(&format!(
        "return {RESULT_LINKS}.map(a => [a.getAttribute('href'), !!a.querySelector('mark')])"
    ));
    serde_json::from_value(value).unwrap()
}

#[test]
fn results_keep_one_order_across_show_more_and_the_first_batch_holds_ten() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();

    browser.goto(&search_url(&server, "ja", "の"));
    wait(
        &browser,
        "the first batch",
        &format!(
            "return {RESULT_LINKS}.length > 0 && !document.querySelector('.search-page.is-loading')"
        ),
    );
    // Every section in site order, read from the text shards; and how many hold "の".
    browser.eval(
        "window.__order = null; const base = document.querySelector('[data-search]').getAttribute('data-search-index'); \
         TrustdocsSearch.createSearch({ load: (p, v) => fetch(base + p + (v ? '?v=' + v : '')).then(r => r.arrayBuffer()) }) \
           .sections().then(s => { window.__order = s; }); return true",
    );
    wait(
        &browser,
        "the sections in site order",
        "return Array.isArray(window.__order)",
    );
    let total = browser
        .eval("return window.__order.filter(s => (s.heading + '\\n' + s.text).normalize('NFKC').includes('の')).length")
        .as_u64()
        .unwrap();
    assert!(total > 30, "{total} sections hold の");
    let first = shown(&browser);
    assert_eq!(first.len(), 10, "the first batch holds ten");
    assert_eq!(
        browser.eval("return document.getElementById('search-status').textContent"),
        format!("{total} 件中 1–10 件を表示しています"),
        "the total is known (a one-character query is exact), and nothing says 上位"
    );

    // "Show more" until every result is shown: what was shown never moves.
    let mut all = first.clone();
    for batch in 2.. {
        if browser.eval("return document.getElementById('search-more').hidden")
            == serde_json::Value::Bool(true)
        {
            break;
        }
        assert!(batch < 20, "too many batches");
        browser.eval("document.getElementById('search-more').click(); return true");
        let expected = (all.len() + 10).min(total as usize);
        wait(
            &browser,
            "the next batch",
            &format!(
                "return {RESULT_LINKS}.length === {expected} && !document.querySelector('.search-page.is-loading')"
            ),
        );
        let now = shown(&browser);
        assert_eq!(
            now[..all.len()],
            all[..],
            "batch {batch}: earlier results stayed in place"
        );
        assert_eq!(
            browser.eval(&format!(
                "return document.activeElement === {RESULT_LINKS}[{}]",
                all.len()
            )),
            true,
            "the focus is on the first new result"
        );
        if expected < total as usize {
            assert_eq!(
                browser.eval("return document.getElementById('search-status').textContent"),
                format!("{total} 件中 1–{expected} 件を表示しています")
            );
        }
        all = now;
    }
    assert_eq!(all.len() as u64, total);
    assert_eq!(
        browser.eval("return document.getElementById('search-status').textContent"),
        format!("{total} 件見つかりました")
    );
    // Headings first, then the rest, each in site order.
    let order: Vec<String> =
        serde_json::from_value(browser.eval("return window.__order.map(s => s.url)")).unwrap();
    let place = |href: &str| order.iter().position(|u| u == href).unwrap();
    let heading_count = all.iter().take_while(|(_, in_heading)| *in_heading).count();
    assert!(
        heading_count > 0 && heading_count < all.len(),
        "{heading_count} of {}",
        all.len()
    );
    assert!(
        all[heading_count..].iter().all(|(_, h)| !h),
        "heading matches come first"
    );
    for tier in [&all[..heading_count], &all[heading_count..]] {
        let places: Vec<usize> = tier.iter().map(|(href, _)| place(href)).collect();
        assert!(
            places.windows(2).all(|w| w[0] < w[1]),
            "site order: {places:?}"
        );
    }
}

#[test]
fn a_snippet_shows_each_part_and_variants_reach_the_browser() {
    let site = Site::example();
    let server = site.serve();
    let browser = Browser::start();
    let section = "a[href=\"/ja/security-guideline/#certifications\"]";

    // ISO/IEC appears first in the 27001 row; the snippet shows the 27018 row too.
    browser.goto(&search_url(&server, "ja", "ISO/IEC 27018"));
    wait(
        &browser,
        "the certifications section",
        &format!("return !!document.querySelector('{section}')"),
    );
    let snippet = format!(
        "document.querySelector('{section}').closest('li').querySelector('.search-result-snippet')"
    );
    let marks: Vec<String> = serde_json::from_value(browser.eval(&format!(
        "return [...{snippet}.querySelectorAll('mark')].map(m => m.textContent)"
    )))
    .unwrap();
    assert!(marks.contains(&"27018".to_string()), "{marks:?}");
    assert!(marks.contains(&"ISO/IEC".to_string()), "{marks:?}");
    let pieces: Vec<String> = serde_json::from_value(browser.eval(&format!(
        "return [...{snippet}.childNodes].map(n => n.nodeName === 'SPAN' ? '…' : n.nodeName === 'MARK' ? '[' + n.textContent + ']' : '')"
    )))
    .unwrap();
    // The snippet as marks and gaps: [ISO/IEC] (27001 row) … [ISO/IEC] [27018].
    let joined = pieces.concat();
    let first_iso = joined.find("[ISO/IEC]").unwrap();
    let the_18 = joined.find("[27018]").unwrap();
    assert!(
        joined[first_iso..the_18].contains('…'),
        "two fragments joined with …: {joined}"
    );

    // 情報漏洩 finds the notice that writes 情報漏えい (search.yaml's group 漏洩 / 漏えい).
    browser.goto(&search_url(&server, "ja", "情報漏洩"));
    let notice = "a[href=\"/ja/notices/2024-11-05-incident-delivery-delay/#summary\"]";
    wait(
        &browser,
        "the notice that writes 情報漏えい",
        &format!("return !!document.querySelector('{notice}')"),
    );
    assert_eq!(
        browser.eval(&format!(
            "return [...document.querySelector('{notice}').closest('li').querySelectorAll('mark')].map(m => m.textContent).join('|')"
        )),
        "情報漏えい"
    );
}
