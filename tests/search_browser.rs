//! Search in a real browser: headless Chromium on the preview server of a copy of the
//! example portal. `?q=` is searched on load, a result leads to its section, typing
//! searches as you go, the arrow keys reach the results, a save in the preview reaches the
//! index, and nonsense says "no results".

mod preview;

use preview::webdriver::Browser;
use preview::{Preview, copy_example_site};

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
    let site = copy_example_site();
    let server = Preview::start(site.path());
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
    let text = server.read(page).replacen(
        "## 9. Incident response {#incident-response}\n",
        "## 9. Incident response {#incident-response}\n\nZyxquorum drills run every quarter.\n",
        1,
    );
    assert!(
        text.contains("Zyxquorum"),
        "the guideline has an incident response heading"
    );
    server.write(page, &text);
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
