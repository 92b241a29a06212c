//! `trustdocs check --external` against a real HTTP server on 127.0.0.1 (`LinkServer`):
//! broken links at every file and line that uses them, redirects, 429 `Retry-After`, slow
//! and refused servers, `#anchors` on HTML pages, the per-host limit and connection reuse,
//! the skip file and the cache; and no request at all without the flag.

mod support;

use serde_json::Value;
use support::{LinkServer, Run, Site, refused_url};

const NOW: &str = "2025-07-01T03:00:00Z";
const HOME_JA: &str = "content/index.ja.md";
const GUIDE_JA: &str = "content/guide/index.ja.md";

/// `check <args>` at `now`, with no proxy from the environment (the server is local).
fn check_at(site: &Site, now: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let mut cmd = site.cmd(&all).now(now);
    for proxy in [
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd = cmd.env_remove(proxy);
    }
    cmd.run()
}

fn check(site: &Site, args: &[&str]) -> Run {
    check_at(site, NOW, args)
}

/// The diagnostics of a JSON run as (file, line, severity, code, message).
fn problems(run: &Run) -> Vec<(String, u64, String, String, String)> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .map(|v| {
            let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (
                text("file"),
                v["line"].as_u64().unwrap_or(0),
                text("severity"),
                text("code"),
                text("message"),
            )
        })
        .collect()
}

/// Asserts a diagnostic at `file:line` with this severity, code and message fragment.
fn assert_problem(run: &Run, file: &str, line: u64, severity: &str, code: &str, message: &str) {
    let found = problems(run).into_iter().any(|(f, l, s, c, m)| {
        f == file && l == line && s == severity && c == code && m.contains(message)
    });
    assert!(
        found,
        "no {severity}[{code}] at {file}:{line} saying {message:?}; check printed:\n{}",
        run.stdout
    );
}

/// No diagnostic at `file:line`.
fn assert_clean(run: &Run, file: &str, line: u64) {
    let at: Vec<_> = problems(run)
        .into_iter()
        .filter(|(f, l, ..)| f == file && *l == line)
        .collect();
    assert!(at.is_empty(), "{file}:{line} should be fine: {at:?}");
}

/// The minimal site whose home page (ja) has `links`, one a line from line 5 on, every
/// other line blank.
fn site_linking(links: &[String]) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        HOME_JA,
        &format!("---\ntitle: ホーム\n---\n\n{}\n", links.join("\n\n")),
    );
    site
}

/// The line of the `n`-th (0-based) link of `site_linking`.
fn line(n: u64) -> u64 {
    5 + 2 * n
}

#[test]
fn broken_links_are_reported_at_every_line_that_uses_them() {
    let server = LinkServer::start();
    let s = |path: &str| server.url(path);
    let site = site_linking(&[
        format!(
            "[ok](<{}>) [old anchor]({})",
            s("/page.html#intro"),
            s("/page.html#old")
        ),
        format!("[404]({})", s("/missing")),
        format!("[moved]({})", s("/moved")),
        format!("[temporary]({})", s("/temporary")),
        format!("[anchor]({})", s("/page.html#no-such")),
        format!("[pdf]({})", s("/doc.pdf#page=2")),
        format!("[refused]({})", refused_url()),
        format!("[loop]({})", s("/loop")),
        format!("[slow]({})", s("/slow")),
        format!("![image]({})", s("/missing")),
    ]);
    // The same broken link in the working copy of a released document, which `check`
    // examines as well.
    let guide = site.read(GUIDE_JA);
    site.write("content/guide/releases/1.0/index.ja.md", &guide)
        .write(
            "content/guide/releases/1.0/index.en.md",
            &site.read("content/guide/index.en.md"),
        )
        .append(GUIDE_JA, &format!("\n[同じ404]({})\n", s("/missing")));
    let guide_line = guide.lines().count() as u64 + 2;

    let run = check(&site, &["--external", "--external-timeout", "1"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert_clean(&run, HOME_JA, line(0));
    assert_problem(
        &run,
        HOME_JA,
        line(1),
        "error",
        "external-link",
        "404 Not Found",
    );
    assert_problem(
        &run,
        HOME_JA,
        line(9),
        "error",
        "external-link",
        "404 Not Found",
    );
    assert_problem(
        &run,
        GUIDE_JA,
        guide_line,
        "error",
        "external-link",
        "404 Not Found (in the working copy: not yet released)",
    );
    assert_eq!(server.requests("/missing"), 1, "each link is fetched once");
    assert_problem(
        &run,
        HOME_JA,
        line(2),
        "warning",
        "external-redirect",
        &format!("has moved permanently to `{}`", s("/page.html")),
    );
    assert_clean(&run, HOME_JA, line(3));
    assert_problem(
        &run,
        HOME_JA,
        line(4),
        "error",
        "external-anchor",
        "`#no-such` is not an id on the page",
    );
    assert_clean(&run, HOME_JA, line(5));
    assert_problem(
        &run,
        HOME_JA,
        line(6),
        "error",
        "external-link",
        "connection refused",
    );
    assert_problem(
        &run,
        HOME_JA,
        line(7),
        "error",
        "external-link",
        "redirects (a loop?)",
    );
    assert_problem(
        &run,
        HOME_JA,
        line(8),
        "error",
        "external-link",
        "no answer in time",
    );
    let text = site
        .cmd(&["check", "--external", "--external-timeout", "1"])
        .now(NOW)
        .run();
    assert!(
        text.stdout
            .contains(&format!("{HOME_JA}:7: error[external-link]")),
        "{}",
        text.stdout
    );
}

#[test]
fn without_the_flag_check_never_touches_the_network() {
    let server = LinkServer::start();
    let site = site_linking(&[
        format!("[404]({})", server.url("/missing")),
        format!("[ok]({})", server.url("/page.html#no-such")),
    ]);
    let run = check(&site, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", run.stdout);
    assert_eq!(server.all_requests(), 0);
    assert!(!site.path(".trustdocs-cache").exists());
}

#[test]
fn a_429_is_waited_for_as_retry_after_asks() {
    let server = LinkServer::start();
    let site = site_linking(&[
        format!("[busy once]({})", server.url("/busy-once")),
        format!("[always busy]({})", server.url("/always-busy")),
    ]);
    let run = check(&site, &["--external"]);
    // Unchecked is a warning, not an error: the link may well work.
    assert_eq!(run.status.code(), Some(0), "{}", run.stdout);
    assert_clean(&run, HOME_JA, line(0));
    assert_eq!(server.requests("/busy-once"), 2);
    assert_problem(
        &run,
        HOME_JA,
        line(1),
        "warning",
        "external-unchecked",
        "429 Too Many Requests, still after 3 tries",
    );
    assert_eq!(server.requests("/always-busy"), 3);
}

#[test]
fn requests_to_one_host_are_few_at_a_time_over_reused_connections() {
    let server = LinkServer::start();
    let links: Vec<String> = (0..8)
        .map(|i| format!("[{i}]({})", server.url(&format!("/pool/{i}"))))
        .collect();
    let site = site_linking(&links);
    let run = check(&site, &["--external"]);
    assert_eq!(run.status.code(), Some(0), "{}", run.stdout);
    assert_eq!(server.all_requests(), 8);
    assert!(
        server.max_in_flight() <= 2,
        "{} requests at once to one host",
        server.max_in_flight()
    );
    assert!(
        server.connections() < 8,
        "every request opened its own connection ({})",
        server.connections()
    );
}

#[test]
fn links_matching_the_skip_file_are_not_fetched() {
    let server = LinkServer::start();
    let site = site_linking(&[
        format!("[404]({})", server.url("/missing")),
        format!("[anchor]({})", server.url("/page.html#generated-by-script")),
        format!("[also 404]({})", server.url("/gone")),
    ]);
    site.write(
        ".trustdocs-skip-links",
        &format!(
            "# not reachable from CI\n{}\n*#generated-by-*\n",
            server.url("/missing")
        ),
    );
    let run = check(&site, &["--external"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stdout);
    assert_clean(&run, HOME_JA, line(0));
    assert_clean(&run, HOME_JA, line(1));
    assert_problem(&run, HOME_JA, line(2), "error", "external-link", "404");
    assert_eq!(server.requests("/missing"), 0);
    assert_eq!(server.requests("/page.html"), 0);
}

#[test]
fn working_links_are_cached_until_their_age_limit() {
    let server = LinkServer::start();
    let site = site_linking(&[
        format!("[ok]({})", server.url("/page.html#intro")),
        format!("[moved]({})", server.url("/moved")),
        format!("[404]({})", server.url("/missing")),
    ]);
    let first = check(&site, &["--external"]);
    assert_eq!(first.status.code(), Some(1), "{}", first.stdout);
    assert!(site.path(".trustdocs-cache/external-links.json").is_file());
    assert_eq!(
        server.requests("/page.html"),
        2,
        "directly and through /moved"
    );

    // An hour later: what worked is not asked again; what was broken is.
    let later = check_at(&site, "2025-07-01T04:00:00Z", &["--external"]);
    assert_eq!(
        later.stdout, first.stdout,
        "the same problems, from the cache"
    );
    assert_eq!(server.requests("/page.html"), 2);
    assert_eq!(server.requests("/moved"), 1);
    assert_eq!(server.requests("/missing"), 2);

    // A new anchor on a cached page: the page is fetched again for its ids.
    site.append(
        HOME_JA,
        &format!("\n[new anchor]({})\n", server.url("/page.html#old")),
    );
    check_at(&site, "2025-07-01T04:00:00Z", &["--external"]);
    assert_eq!(server.requests("/page.html"), 3);

    // Two days later, past the default age of a day: everything is fetched again.
    check_at(&site, "2025-07-03T04:00:00Z", &["--external"]);
    assert_eq!(server.requests("/page.html"), 5);
    assert_eq!(server.requests("/moved"), 2);

    // `--external-cache-age 0`: no cache read or written.
    let fresh = site_linking(&[format!("[ok]({})", server.url("/doc.pdf"))]);
    check(&fresh, &["--external", "--external-cache-age", "0"]);
    check(&fresh, &["--external", "--external-cache-age", "0"]);
    assert_eq!(server.requests("/doc.pdf"), 2);
    assert!(!fresh.path(".trustdocs-cache").exists());
}

#[test]
fn a_broken_cache_file_is_a_cache_with_nothing_in_it() {
    let server = LinkServer::start();
    let site = site_linking(&[format!("[ok]({})", server.url("/page.html"))]);
    site.write(".trustdocs-cache/external-links.json", "{not json");
    let run = check(&site, &["--external"]);
    assert_eq!(run.status.code(), Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(server.requests("/page.html"), 1);
    let cache = site.read(".trustdocs-cache/external-links.json");
    assert!(cache.contains(&server.url("/page.html")), "{cache}");
}
