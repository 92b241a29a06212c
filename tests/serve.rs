//! The preview server, tested from outside with a real HTTP client: pages served, live
//! reload after an edit (also a write-temp-then-rename save), errors as events while the
//! last good page stays, requests confined to the site, many clients at once.

mod support;

use support::{Site, expect_event};

const GUIDE_JA: &str = "content/security-guideline/index.ja.md";
const GUIDE_PAGE: &str = "/ja/security-guideline/";

#[test]
fn edit_reloads_the_page_and_a_bad_edit_keeps_the_last_good_one() {
    let site = Site::example();
    let server = site.serve();
    // `--port 0` asks for any free port: taking one is no "port 0 is busy" news.
    assert!(
        !server.startup.iter().any(|l| l.contains("busy")),
        "{:?}",
        server.startup
    );
    let (status, body) = server.get(GUIDE_PAGE);
    assert_eq!(status, 200);
    assert!(body.contains("セキュリティガイドライン"));
    assert!(
        body.contains("/__trustdocs/livereload.js"),
        "served pages carry the live-reload script"
    );

    let events = server.events();
    let original = site.read(GUIDE_JA);
    site.write(GUIDE_JA, &format!("{original}\n追記された一文です。\n"));
    expect_event(&events, "reload", |data| {
        data.contains("/ja/security-guideline/index.html")
    });
    assert!(server.page(GUIDE_PAGE).contains("追記された一文です。"));

    site.write_by_rename(
        GUIDE_JA,
        &format!("{original}\n名前を変えて保存した一文です。\n"),
    );
    expect_event(&events, "reload", |data| {
        data.contains("/ja/security-guideline/index.html")
    });
    let body = server.page(GUIDE_PAGE);
    assert!(body.contains("名前を変えて保存した一文です。"));
    assert!(!body.contains("追記された一文です。"));

    site.write(GUIDE_JA, "---\ntitle: [unclosed\n---\n本文\n");
    let error = expect_event(&events, "error", |_| true);
    assert!(error.contains(GUIDE_JA), "{error}");
    assert!(error.contains("\"line\":2"), "{error}");
    let (status, _) = server.get(GUIDE_PAGE);
    assert_eq!(status, 200, "the last good page is still served");
    let body = server.page(GUIDE_PAGE);
    assert!(body.contains("名前を変えて保存した一文です。"));

    site.write(GUIDE_JA, &original);
    expect_event(&events, "reload", |_| true);
    assert!(
        !server
            .page(GUIDE_PAGE)
            .contains("名前を変えて保存した一文です。")
    );
}

#[test]
fn unchanged_pages_are_not_named_in_the_reload_event() {
    let site = Site::example();
    let server = site.serve();
    let events = server.events();
    let chapter = "content/manuals/mail-gateway/02-setup.en.md";
    site.append(chapter, "\nOne more line.\n");
    let data = expect_event(&events, "reload", |_| true);
    assert!(
        data.contains("/en/manuals/mail-gateway/02-setup/index.html"),
        "{data}"
    );
    assert!(
        !data.contains("/ja/security-guideline/index.html"),
        "{data}"
    );
    assert!(data.contains("\"all\":false"), "{data}");
    assert!(
        !data.contains("feed.xml"),
        "a chapter's text is not in the feeds: {data}"
    );

    let notice = "content/notices/2025-07-01-storage-region.en.md";
    let text = site
        .read(notice)
        .replacen("title: ", "title: Updated — ", 1);
    site.write(notice, &text);
    let data = expect_event(&events, "reload", |data| data.contains("notices"));
    assert!(
        data.contains("/en/feed.xml"),
        "a notice's title is in the feed: {data}"
    );
    assert!(server.get("/en/feed.xml").1.contains("Updated — "));
}

#[test]
fn retitling_a_section_updates_the_breadcrumbs_of_the_pages_under_it() {
    let site = Site::example();
    let server = site.serve();
    let events = server.events();
    let crumb = |title: &str| format!("<a href=\"/ja/manuals/\">{title}</a>");
    let under = [
        "/ja/manuals/mail-gateway/",
        "/ja/manuals/mail-gateway/02-setup/",
        "/ja/manuals/mail-gateway/v1.0/",
    ];
    for page in under {
        assert!(
            server.get(page).1.contains(&crumb("製品マニュアル")),
            "{page}"
        );
    }
    let section = "content/manuals/index.ja.md";
    let text = site
        .read(section)
        .replacen("title: 製品マニュアル", "title: 製品マニュアル一覧", 1);
    site.write(section, &text);
    let data = expect_event(&events, "reload", |_| true);
    for page in under {
        let file = format!("{}index.html", page.trim_start_matches('/'));
        assert!(data.contains(&file), "{file} in {data}");
        assert!(
            server.get(page).1.contains(&crumb("製品マニュアル一覧")),
            "{page} shows the new title"
        );
    }
    assert!(
        !data.contains("/en/manuals/mail-gateway/"),
        "the English title did not change: {data}"
    );
}

#[test]
fn removing_a_heading_another_page_links_to_is_reported_after_the_reload() {
    // 04-quarantine.ja.md links to the guideline's `#retention`; only the guideline is
    // saved, so the error is in a page that was not re-rendered.
    let site = Site::example();
    let server = site.serve();
    let events = server.events();
    let original = site.read(GUIDE_JA);
    assert!(original.contains("{#retention}"));
    site.write(GUIDE_JA, &original.replace("{#retention}", "{#kept-data}"));
    // The page is reloaded as saved first; the checks follow.
    expect_event(&events, "reload", |data| {
        data.contains("/ja/security-guideline/index.html")
    });
    let error = expect_event(&events, "error", |_| true);
    assert!(
        error.contains("content/manuals/mail-gateway/04-quarantine.ja.md"),
        "{error}"
    );
    assert!(error.contains("\"line\":103"), "{error}");
    assert!(error.contains("#retention"), "{error}");
    assert!(server.get(GUIDE_PAGE).1.contains("id=\"kept-data\""));
    // A tab opened now is told at once (the error stays until a build succeeds).
    let late = server.events();
    expect_event(&late, "error", |data| data.contains("04-quarantine.ja.md"));
    // A save that touches no link (a stylesheet) does not make the error go away.
    let css = "themes/default/static/style.css";
    site.append(css, "\n/* touched */\n");
    expect_event(&events, "css", |_| true);
    expect_event(&events, "error", |data| {
        data.contains("04-quarantine.ja.md")
    });

    site.write(GUIDE_JA, &original);
    expect_event(&events, "reload", |_| true);
    assert!(server.get(GUIDE_PAGE).1.contains("id=\"retention\""));
    // Fixed: no error follows the reload.
    let quiet = server.events();
    assert!(
        quiet
            .recv_timeout(std::time::Duration::from_millis(500))
            .is_err_and(|e| e == std::sync::mpsc::RecvTimeoutError::Timeout),
        "no event for a fresh tab once the site is clean"
    );
}

#[test]
fn template_and_stylesheet_changes_are_pushed() {
    let site = Site::example();
    let server = site.serve();
    let events = server.events();
    let css = "themes/default/static/style.css";
    site.append(css, "\n/* edited */\n");
    let data = expect_event(&events, "css", |_| true);
    assert!(data.contains("/static/style.css"), "{data}");
    assert!(server.get("/static/style.css").1.contains("/* edited */"));

    let footer = "themes/default/templates/partials/footer.html";
    site.append(footer, "<p>テンプレート変更の印</p>\n");
    expect_event(&events, "reload", |data| data.contains("/ja/index.html"));
    assert!(server.get("/ja/").1.contains("テンプレート変更の印"));
}

#[test]
fn a_template_edit_reloads_the_page_being_viewed_first() {
    let site = Site::example();
    let server = site.serve();
    assert_eq!(
        server.get(GUIDE_PAGE).0,
        200,
        "a writer looks at the guideline"
    );
    let events = server.events();
    let footer = "themes/default/templates/partials/footer.html";
    site.append(footer, "<p>テンプレート変更の印</p>\n");
    // First the viewed document (both languages, every revision), then the rest.
    let first = expect_event(&events, "reload", |_| true);
    assert!(
        first.contains("/ja/security-guideline/index.html"),
        "{first}"
    );
    assert!(
        first.contains("/en/security-guideline/index.html"),
        "{first}"
    );
    assert!(!first.contains("/ja/index.html"), "{first}");
    assert!(server.get(GUIDE_PAGE).1.contains("テンプレート変更の印"));
    let rest = expect_event(&events, "reload", |_| true);
    assert!(rest.contains("/ja/index.html"), "{rest}");
    assert!(
        !rest.contains("/ja/security-guideline/index.html"),
        "the viewed page is not reloaded twice: {rest}"
    );
    assert!(server.get("/ja/").1.contains("テンプレート変更の印"));
    // The index depends on the Markdown alone: not redone, and still served.
    let (status, meta) = server.get("/ja/search/meta.json");
    assert_eq!(status, 200, "the search index is still served");
    assert!(meta.contains("\"format\""), "{meta}");
}

#[test]
fn a_fluent_edit_changes_the_strings_of_served_pages() {
    let site = Site::example();
    let server = site.serve();
    assert!(server.get(GUIDE_PAGE).1.contains("本文へ移動"));
    let events = server.events();
    let ftl = "locales/ja/main.ftl";
    let text = site.read(ftl);
    // A message without arguments (formatted once when the strings load) and one with.
    let text = text
        .replace(
            "skip-to-content = 本文へ移動",
            "skip-to-content = 本文へ進む",
        )
        .replace(
            "footer-copyright = © { $year } { $name }",
            "footer-copyright = 著作権 { $year } { $name }",
        );
    site.write(ftl, &text);
    expect_event(&events, "reload", |data| {
        data.contains("/ja/security-guideline/index.html")
    });
    let body = server.get(GUIDE_PAGE).1;
    assert!(body.contains("本文へ進む"), "the new string is served");
    assert!(!body.contains("本文へ移動"), "the old string is gone");
    assert!(
        body.contains("著作権 "),
        "a message with arguments follows too"
    );
    // The other language is untouched.
    assert!(
        server
            .get("/en/security-guideline/")
            .1
            .contains("Skip to content")
    );
}

#[test]
fn a_site_that_fails_its_first_build_is_served_with_the_error() {
    let site = Site::example();
    let config = site.read("site.yaml");
    site.append("site.yaml", "colour: blue\n");
    let server = site.serve();
    let (status, body) = server.get("/ja/");
    assert_eq!(status, 404);
    assert!(
        body.contains("/__trustdocs/livereload.js"),
        "the page can still show the overlay"
    );
    let events = server.events();
    let error = expect_event(&events, "error", |_| true);
    assert!(error.contains("site.yaml"), "{error}");
    assert!(error.contains("colour"), "{error}");

    site.write("site.yaml", &config);
    expect_event(&events, "reload", |data| data.contains("\"all\":true"));
    assert_eq!(server.get("/ja/").0, 200);
}

#[test]
fn requests_outside_the_site_and_foreign_hosts_are_refused() {
    let site = Site::example();
    let server = site.serve();
    let host = format!("127.0.0.1:{}", server.port);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/ja/%2E%2E/%2E%2E/content/index.ja.md",
        "/ja\\..\\..\\site.yaml",
        "/a%00b",
        "/C:/Windows/win.ini",
    ] {
        let status = server.raw_status(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert!((400..500).contains(&status), "{path} gave {status}");
    }
    let long = format!("/{}", "a".repeat(5000));
    let status = server.raw_status(&format!(
        "GET {long} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ));
    assert!((400..500).contains(&status), "long path gave {status}");
    for foreign in [
        "evil.example",
        "evil.example:1111",
        &format!("attacker.example:{}", server.port),
    ] {
        let status = server.raw_status(&format!(
            "GET /ja/ HTTP/1.1\r\nHost: {foreign}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 403, "Host {foreign}");
    }
    let status = server.raw_status(&format!(
        "GET /ja/ HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(status, 200);
    assert_eq!(server.get("/no/such/page/").0, 404);
    assert_eq!(
        server.get("/ja/security-guideline").0,
        200,
        "redirected to the trailing slash"
    );
}

#[test]
fn fifty_requests_with_twenty_open_streams_all_succeed() {
    let site = Site::example();
    let server = site.serve();
    let streams: Vec<_> = (0..20).map(|_| server.events()).collect();
    let pages = [
        "/ja/",
        "/en/",
        GUIDE_PAGE,
        "/en/security-guideline/",
        "/static/style.css",
    ];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|i| {
                let server = &server;
                scope.spawn(move || server.get(pages[i % pages.len()]).0)
            })
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), 200);
        }
    });
    // Every stream is still alive and hears the next build.
    site.append(GUIDE_JA, "\n並行テスト\n");
    for events in &streams {
        expect_event(events, "reload", |_| true);
    }
}

/// Sends one keep-alive request for `page` once every thread is connected, and reads the
/// start of the answer (3 s at most); the connection stays open until every thread is done.
fn ask_and_hold(port: u16, page: &str, barrier: &std::sync::Barrier) -> (bool, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(3)))
        .unwrap();
    barrier.wait();
    let request =
        format!("GET {page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut head = [0u8; 12];
    let answered = stream.read_exact(&mut head).is_ok();
    barrier.wait();
    (answered, String::from_utf8_lossy(&head).into_owned())
}

#[test]
fn a_burst_of_keep_alive_connections_is_answered_at_once() {
    // A browser opens several connections at once and keeps them open. Each must be
    // answered at once, not after another connection closes (tiny_http's pool once
    // queued such connections behind busy ones: vendor/tiny_http/README.trustdocs.md).
    let site = Site::example();
    let server = site.serve();
    let pages = ["/ja/", "/en/", GUIDE_PAGE, "/static/style.css"];
    let barrier = std::sync::Barrier::new(12);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12)
            .map(|i| {
                let (port, barrier) = (server.port, &barrier);
                scope.spawn(move || ask_and_hold(port, pages[i % pages.len()], barrier))
            })
            .collect();
        for (i, handle) in handles.into_iter().enumerate() {
            let (answered, head) = handle.join().unwrap();
            assert!(answered, "connection {i} got no answer within 3 s");
            assert!(head.starts_with("HTTP/1.1 200"), "connection {i}: {head}");
        }
    });
}
