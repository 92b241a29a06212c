//! Trust data (`data/subprocessors.yaml`, `data/certifications.yaml`): what the real binary
//! makes of the `trust` fixture on a fixed day (2025-09-10 in Tokyo, when Sentry is
//! announced for 2025-10-01 and `later` is not announced yet): the shortcodes in both
//! languages, the subprocessors pages, both feeds, `/subprocessors.json` parsed back,
//! `security.txt` line by line, `SOURCE_DATE_EPOCH`, every field's and every check's
//! problem at its line, and a data-file save in the real preview server.

mod support;

use std::collections::BTreeMap;

use support::{Site, WAIT, expect_event, tags};

/// Noon in Tokyo, 2025-09-10.
const NOW: &str = "2025-09-10T03:00:00Z";
const SUBPROCESSORS: &str = "data/subprocessors.yaml";
const CERTIFICATIONS: &str = "data/certifications.yaml";

fn built() -> Site {
    let site = Site::fixture("trust");
    site.cmd(&["build"]).now(NOW).run().success();
    site
}

/// The text of the cells of each row of the `<table class="{class}">`s of `html`.
fn rows(html: &str, class: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    // The table's own attributes (a wide table is focusable, `tabindex`) may follow.
    let open = format!("<table class=\"{class}\"");
    for table in html.split(&open).skip(1) {
        let table = table.split("</table>").next().unwrap_or_default();
        let table = table.split_once('>').map_or("", |(_, rest)| rest);
        for row in table.split("<tr").skip(1) {
            let row = row.split("</tr>").next().unwrap_or_default();
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(at) = rest.find(['<']) {
                let tag = &rest[at..];
                let name = if tag.starts_with("<td") {
                    "td"
                } else if tag.starts_with("<th") && !tag.starts_with("<thead") {
                    "th"
                } else {
                    rest = &tag[1..];
                    continue;
                };
                let Some(open_end) = tag.find('>') else { break };
                let close = format!("</{name}>");
                let content = &tag[open_end + 1..];
                let end = content.find(&close).unwrap_or(content.len());
                cells.push(strip_tags(&content[..end]));
                rest = &content[end..];
            }
            found.push(cells);
        }
    }
    found
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// The first cell of every row but the header's.
fn first_cells(html: &str, class: &str) -> Vec<String> {
    rows(html, class)
        .into_iter()
        .skip(1)
        .filter_map(|row| row.into_iter().next())
        .collect()
}

#[test]
fn shortcodes_show_the_data_in_each_language() {
    let site = built();
    let ja = site.file("ja/guide/index.html");
    let en = site.file("en/guide/index.html");
    // Current subprocessors only, in the file's order: SendGrid was removed, Sentry starts
    // later, `later` is not announced.
    for html in [&ja, &en] {
        assert_eq!(
            first_cells(html, "subprocessors"),
            ["Amazon Web Services", "Amazon Simple Email Service"],
            "{html}"
        );
        assert!(!html.contains("Later Service"));
        assert!(!html.contains("{{"), "no shortcode is left as text");
    }
    let ja_rows = rows(&ja, "subprocessors");
    assert_eq!(
        ja_rows[1],
        [
            "Amazon Web Services",
            "サービス基盤",
            "Amazon Web Services, Inc.",
            "本サービスで処理するすべてのデータ",
            "日本"
        ]
    );
    let en_rows = rows(&en, "subprocessors");
    assert_eq!(
        en_rows[2],
        [
            "Amazon Simple Email Service",
            "Sending notification email",
            "Amazon Web Services, Inc.",
            "Recipients' email addresses",
            "Japan"
        ]
    );
    assert!(ja.contains("2025年10月1日からSentryを追加します"), "{ja}");
    assert!(
        en.contains("Sentry will be added on October 1, 2025"),
        "{en}"
    );
    assert!(ja.contains("href=\"/ja/subprocessors/#sentry-added-2025-10-01\""));
    assert!(en.contains("href=\"/en/subprocessors/\""));

    // Locations: every country of a current subprocessor, and one subprocessor's.
    assert_eq!(
        rows(&ja, "locations")[1],
        ["日本", "Amazon Web Services、Amazon Simple Email Service"]
    );
    assert!(ja.contains("<p class=\"locations\">日本</p>"));
    assert!(en.contains("<p class=\"locations\">Japan</p>"));

    // Certifications, each number linked to its registry.
    assert_eq!(
        rows(&en, "certifications")[1],
        [
            "ISMS certificationISO/IEC 27001:2022",
            "Development and operation of the service",
            "IS 735021",
            "Test Certification Body",
            "Mar 31, 2027"
        ]
    );
    assert_eq!(rows(&ja, "certifications")[2][2], "735144");
    let links: Vec<String> = tags(&ja, "a")
        .iter()
        .filter_map(|a| a.attr("href").map(str::to_string))
        .collect();
    assert!(links.contains(&"https://registry.example.test/isms/735021".to_string()));
    assert!(ja.contains("<time datetime=\"2027-03-31\">2027/3/31</time>"));
}

#[test]
fn the_subprocessors_page_lists_current_announced_and_history_newest_first() {
    let site = built();
    let ja = site.file("ja/subprocessors/index.html");
    assert!(ja.contains("<h1 class=\"page-title\">委託先（外部クラウドサービス）一覧</h1>"));
    assert_eq!(
        first_cells(&ja, "subprocessors"),
        ["Amazon Web Services", "Amazon Simple Email Service"]
    );
    let changes = rows(&ja, "subprocessor-changes");
    let shown: Vec<(String, String, String)> = changes
        .iter()
        .filter(|row| row.len() > 2 && !row[0].contains("変更日"))
        .map(|row| (row[0].clone(), row[1].clone(), row[2].clone()))
        .collect();
    let row = |date: &str, change: &str, name: &str| {
        (date.to_string(), change.to_string(), name.to_string())
    };
    assert_eq!(
        shown,
        [
            // Announced, not yet in effect.
            row("2025/10/1", "追加", "Sentry"),
            // The history, newest first.
            row("2025/7/1", "利用終了", "SendGrid"),
            row("2025/7/1", "追加", "Amazon Simple Email Service"),
            row("2021/4/1", "追加", "SendGrid"),
            row("2020/1/1", "追加", "Amazon Web Services"),
        ]
    );
    // SendGrid's removal shares the announcement of its successor.
    assert!(
        changes[3].last().is_some_and(|a| a == "2025/5/30"),
        "{changes:?}"
    );
    let en = site.file("en/subprocessors/index.html");
    assert!(
        en.contains("href=\"/en/subprocessors.xml\""),
        "a link to subscribe"
    );
    assert!(en.contains("type=\"application/atom+xml\""));
    assert!(en.contains("As of September 10, 2025"));
    assert!(
        site.file("sitemap.xml")
            .contains("https://trust.example.test/ja/subprocessors/")
    );
}

#[test]
fn both_feeds_carry_every_change_dated_when_announced() {
    let site = built();
    let own = site.file("ja/subprocessors.xml");
    let titles: Vec<&str> = own
        .split("<title>")
        .skip(1)
        .filter_map(|t| t.split("</title>").next())
        .collect();
    assert_eq!(
        titles,
        [
            "委託先の変更 | テストポータル",
            "2025年10月1日からSentryを追加します",
            "2025年7月1日にAmazon Simple Email Serviceを追加しました",
            "2025年7月1日をもってSendGridの利用を終了しました",
            "2021年4月1日にSendGridを追加しました",
            "2020年1月1日にAmazon Web Servicesを追加しました",
        ]
    );
    assert!(own.contains(
        "<id>https://trust.example.test/ja/subprocessors/#sentry-added-2025-10-01</id>\n<updated>2025-09-01T00:00:00+09:00</updated>"
    ));
    assert!(own.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://trust.example.test/ja/subprocessors.xml\"/>"));
    let site_feed = site.file("en/feed.xml");
    assert!(site_feed.contains(
        "<title>Sentry will be added on October 1, 2025</title>\n<category term=\"subprocessor\"/>"
    ));
    assert!(site_feed.contains("<title>SendGrid is no longer used since July 1, 2025</title>"));
    assert!(!site_feed.contains("Later Service"), "not announced yet");
}

#[test]
fn the_json_export_parses_back_with_both_languages_and_history() {
    let site = built();
    let text = site.file("subprocessors.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["format"], "trustdocs-subprocessors/1");
    assert_eq!(json["as_of"], "2025-09-10");
    assert_eq!(json["notice_days"], 30);
    assert_eq!(json["languages"], serde_json::json!(["ja", "en"]));
    assert_eq!(
        json["pages"]["en"],
        "https://trust.example.test/en/subprocessors/"
    );
    let entries = json["subprocessors"].as_array().unwrap();
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["aws", "sendgrid", "sentry", "ses"],
        "sorted by id, `later` left out"
    );
    let by_id: BTreeMap<&str, &serde_json::Value> = ids.iter().copied().zip(entries).collect();
    let sentry = by_id["sentry"];
    assert_eq!(sentry["status"], "planned");
    assert_eq!(sentry["locations"], serde_json::json!(["US", "DE"]));
    assert_eq!(sentry["purpose"]["ja"], "アプリケーションのエラー監視");
    assert_eq!(sentry["purpose"]["en"], "Application error monitoring");
    assert_eq!(sentry["announced"], "2025-09-01");
    let sendgrid = by_id["sendgrid"];
    assert_eq!(sendgrid["status"], "removed");
    assert_eq!(
        sendgrid["history"],
        serde_json::json!([
            {"change": "addition", "date": "2021-04-01", "announced": "2021-04-01"},
            {"change": "removal", "date": "2025-07-01", "announced": "2025-05-30"},
        ])
    );
    assert_eq!(by_id["aws"]["url"], "https://aws.amazon.com/");
    assert_eq!(by_id["ses"]["url"], serde_json::Value::Null);
}

#[test]
fn security_txt_follows_rfc_9116_line_by_line() {
    let site = built();
    let text = site.file(".well-known/security.txt");
    let fields: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_once(": ").expect("a field is `Name: value`"))
        .collect();
    assert_eq!(
        fields,
        [
            ("Contact", "mailto:security@example.test"),
            ("Contact", "https://trust.example.test/ja/guide/#contact"),
            ("Expires", "2026-03-31T23:59:59+09:00"),
            ("Preferred-Languages", "ja, en"),
            (
                "Canonical",
                "https://trust.example.test/.well-known/security.txt"
            ),
            (
                "Policy",
                "https://trust.example.test/en/guide/#vulnerabilities"
            ),
        ]
    );
    assert!(text.ends_with('\n'));
    // The expiry is an RFC 3339 instant.
    let expires = fields[2].1;
    assert!(expires.parse::<jiff::Timestamp>().is_ok(), "{expires}");
}

#[test]
fn a_site_without_data_files_has_none_of_their_outputs() {
    let site = Site::fixture("minimal");
    site.build().success();
    for file in [
        "subprocessors.json",
        ".well-known/security.txt",
        "ja/subprocessors/index.html",
        "ja/subprocessors.xml",
    ] {
        assert!(!site.has_file(file), "{file}");
    }
    assert!(!site.file("ja/feed.xml").contains("subprocessor"));
}

#[test]
fn links_to_the_trust_outputs_are_site_paths_that_resolve() {
    let links = "\n\n[委託先一覧](/ja/subprocessors/)、[JSON](/subprocessors.json)、\
                 [フィード](/ja/subprocessors.xml)、[連絡先](/.well-known/security.txt)\n";
    let site = Site::fixture("trust");
    site.append("content/index.ja.md", links);
    let found = check(&site);
    assert!(
        !found.iter().any(|(_, _, code, _, _)| code == "broken-link"),
        "{found:#?}"
    );
    // Without the data files these outputs are not made, so the same links are broken.
    let site = Site::fixture("trust");
    site.append("content/index.ja.md", links);
    site.remove(SUBPROCESSORS);
    let found = check(&site);
    for target in [
        "/ja/subprocessors/",
        "/subprocessors.json",
        "/ja/subprocessors.xml",
    ] {
        assert!(
            found
                .iter()
                .any(|(f, _, code, _, m)| f == "content/index.ja.md"
                    && code == "broken-link"
                    && m.contains(target)),
            "{target} should be broken without data/subprocessors.yaml: {found:#?}"
        );
    }
}

#[test]
fn source_date_epoch_sets_today_and_the_same_day_gives_the_same_bytes() {
    // 2025-10-02 00:30 in Tokyo (still 2025-10-01 in UTC): Sentry has started.
    let epoch = "1759332600";
    let site = Site::fixture("trust");
    site.cmd(&["build"])
        .env_remove("TRUSTDOCS_NOW")
        .env("SOURCE_DATE_EPOCH", epoch)
        .run()
        .success();
    let ja = site.file("ja/guide/index.html");
    assert_eq!(
        first_cells(&ja, "subprocessors"),
        [
            "Amazon Web Services",
            "Amazon Simple Email Service",
            "Sentry"
        ]
    );
    assert!(
        !ja.contains("<strong>予定している変更</strong>"),
        "nothing is announced any more"
    );
    let json: serde_json::Value = serde_json::from_str(&site.file("subprocessors.json")).unwrap();
    assert_eq!(json["as_of"], "2025-10-02");
    let first = site.output_tree();
    site.cmd(&["build"])
        .env_remove("TRUSTDOCS_NOW")
        .env("SOURCE_DATE_EPOCH", epoch)
        .run()
        .success();
    support::assert_same_tree(&first, &site.output_tree(), "the same sources and day");
}

/// `check --format json` of `site`, as (file, line, code, severity) and the messages.
fn check(site: &Site) -> Vec<(String, Option<u64>, String, String, String)> {
    let run = site.cmd(&["check", "--format", "json"]).now(NOW).run();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
                d["code"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn has(
    found: &[(String, Option<u64>, String, String, String)],
    file: &str,
    line: u64,
    code: &str,
    severity: &str,
    says: &str,
) {
    assert!(
        found.iter().any(|(f, l, c, s, m)| f == file
            && *l == Some(line)
            && c == code
            && s == severity
            && m.contains(says)),
        "no {severity}[{code}] at {file}:{line} saying {says:?} in {found:#?}"
    );
}

#[test]
fn every_check_reports_at_its_line() {
    let site = Site::fixture("trust");
    site.write(
        SUBPROCESSORS,
        "\
- id: short-notice
  name: A
  operator: A Inc.
  purpose: a
  data: a
  locations: [JP]
  announced: 2025-09-01
  added: 2025-09-20
- id: unannounced
  name: B
  operator: B Inc.
  purpose: b
  data: b
  locations: [JP]
  added: 2025-12-01
- id: backwards
  name: C
  operator: C Inc.
  purpose: c
  data: c
  locations: [jp, ZZ, US]
  added: 2024-01-01
  removed: 2023-01-01
- id: nowhere
  name: D
  operator: D Inc.
  purpose: d
  data: d
  locations: []
  added: 2024-01-01
- id: short-notice
  name: E
  operator: E Inc.
  purpose: e
  data: e
  locations: [JP]
  added: 2024-01-01
",
    );
    site.write(
        CERTIFICATIONS,
        "\
- id: expired
  name: Cert X
  standard: ISO/IEC 27001:2013
  issuer: Body
  registration: 1
  registry_url: https://registry.example.test/1
  scope: all
  valid_from: 2022-01-01
  valid_until: 2025-09-09
- id: expiring
  name: Cert Y
  standard: ISO/IEC 27017:2015
  issuer: Body
  registration: 2
  registry_url: https://registry.example.test/2
  scope: all
  valid_from: 2022-11-09
  valid_until: 2025-11-08
- id: inverted
  name: Cert Z
  standard: ISO/IEC 27018:2019
  issuer: Body
  registration: 3
  registry_url: https://registry.example.test/3
  scope: all
  valid_from: 2025-01-01
  valid_until: 2024-01-01
",
    );
    for guide in ["content/guide/index.ja.md", "content/guide/index.en.md"] {
        let text = site
            .read(guide)
            .replace("locations(id=\"aws\")", "locations()");
        site.write(guide, &text);
    }
    let found = check(&site);
    let s = SUBPROCESSORS;
    has(
        &found,
        s,
        8,
        "subprocessor-notice",
        "error",
        "19 days before",
    );
    has(
        &found,
        s,
        15,
        "subprocessor-notice",
        "error",
        "without `announced`",
    );
    has(&found, s, 21, "unknown-country", "error", "capitals: JP");
    has(&found, s, 21, "unknown-country", "error", "`ZZ` is not");
    has(&found, s, 23, "trust-dates", "error", "before it was added");
    has(&found, s, 29, "no-locations", "error", "no locations");
    has(
        &found,
        s,
        31,
        "duplicate-entry",
        "error",
        "already used on line 1",
    );
    let c = CERTIFICATIONS;
    has(
        &found,
        c,
        9,
        "certificate-expired",
        "error",
        "expired on 2025-09-09",
    );
    has(
        &found,
        c,
        18,
        "certificate-expiring",
        "warning",
        "in 59 days",
    );
    has(
        &found,
        c,
        27,
        "trust-dates",
        "error",
        "before it is valid from",
    );
    assert!(
        !found.iter().any(|(_, _, _, _, m)| m.contains("`US`")),
        "US is a country: {found:#?}"
    );
    // `build` fails on the same errors, naming the file and line.
    site.cmd(&["build"])
        .now(NOW)
        .run()
        .failure()
        .stderr_contains("data/subprocessors.yaml:8:");
}

#[test]
fn security_txt_expiry_is_checked_against_today() {
    let cases = [
        ("2025-09-09", "error", "expired on 2025-09-09"),
        ("2025-10-01", "warning", "in 21 days"),
        ("2026-12-01", "warning", "more than a year ahead"),
    ];
    for (expires, severity, says) in cases {
        let site = Site::fixture("trust");
        let yaml = site.read("site.yaml").replace("2026-03-31", expires);
        site.write("site.yaml", &yaml);
        has(
            &check(&site),
            "site.yaml",
            14,
            "security-txt-expiry",
            severity,
            says,
        );
    }
    let site = Site::fixture("trust");
    let yaml = site
        .read("site.yaml")
        .replace("mailto:security@example.test", "security@example.test");
    site.write("site.yaml", &yaml);
    site.cmd(&["build"])
        .now(NOW)
        .run()
        .failure()
        .stderr_contains("must be a mailto:, https:// or tel: URI");
}

#[test]
fn a_broken_data_file_is_an_error_at_its_line() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (what is replaced, by what, the line, what the error says)
        (
            "    en: Service infrastructure\n",
            "",
            ":7:",
            "`purpose` has no en text",
        ),
        (
            "    en: All data the service processes",
            "    fr: Toutes",
            ":11:",
            "`fr`, which is not a site language",
        ),
        (
            "  added: 2020-01-01\n  url:",
            "  addded: 2020-01-01\n  url:",
            ":13:",
            "did you mean `added`",
        ),
        (
            "  locations: [JP]\n  added: 2020-01-01",
            "  locations: JP\n  added: 2020-01-01",
            ":12:",
            "",
        ),
        ("  added: 2020-01-01", "  added: next week", ":13:", ""),
        ("- id: aws", "- id: AWS Cloud", ":3:", "id `AWS Cloud`"),
        (
            "  url: https://aws.amazon.com/",
            "  url: javascript:alert(1)",
            ":14:",
            "must be an http",
        ),
    ];
    for (from, to, line, says) in cases {
        let site = Site::fixture("trust");
        let text = site.read(SUBPROCESSORS);
        assert!(text.contains(from), "{from}");
        site.write(SUBPROCESSORS, &text.replacen(from, to, 1));
        let run = site.cmd(&["build"]).now(NOW).run();
        run.failure();
        let expected = format!("data/subprocessors.yaml{line}");
        assert!(
            run.stderr.contains(&expected) && run.stderr.contains(says),
            "{from:?} → {to:?}: expected {expected} {says:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn shortcode_problems_are_errors_at_the_markdown_line() {
    let guide = "content/guide/index.en.md";
    let cases: &[(&str, &str, &str)] = &[
        (
            "{{ subprocesors() }}",
            "did you mean `subprocessors`",
            ":12:",
        ),
        (
            "{{ subprocessors(upcomming=false) }}",
            "takes no argument `upcomming` (did you mean `upcoming`?)",
            ":12:",
        ),
        ("{{ subprocessors(upcoming=) }}", "is not a value", ":12:"),
        (
            "{{ subprocessors(upcoming=\"yes) }}",
            "never closed",
            ":12:",
        ),
    ];
    for (call, says, line) in cases {
        let site = Site::fixture("trust");
        let text = site.read(guide).replace("{{ subprocessors() }}", call);
        site.write(guide, &text);
        let run = site.cmd(&["build"]).now(NOW).run();
        run.failure();
        let expected = format!("{guide}{line} shortcode");
        assert!(
            run.stderr.contains(&expected) && run.stderr.contains(says),
            "{call}: expected {expected:?} and {says:?} in\n{}",
            run.stderr
        );
    }
    // The theme's own check of an argument, through `throw`.
    let site = Site::fixture("trust");
    let text = site
        .read(guide)
        .replace("locations(id=\"aws\")", "locations(id=\"gcp\")");
    site.write(guide, &text);
    let run = site.cmd(&["check", "--format", "json"]).now(NOW).run();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stdout
            .lines()
            .any(|l| l.contains("\"file\":\"content/guide/index.en.md\"")
                && l.contains("\"line\":20")
                && l.contains("\"code\":\"shortcode\"")
                && l.contains("no current subprocessor has the id `gcp`")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_writer_defined_shortcode_renders_in_both_languages() {
    let site = Site::fixture("trust");
    site.write(
        "themes/default/templates/shortcodes/notice-period.html",
        "<p class=\"notice-period\">{{ args.prefix }}{{ trust.notice_days }} ({{ lang }}, {{ trust.certifications | length }})</p>\n",
    );
    for (file, prefix) in [
        ("content/guide/index.ja.md", "告知期間："),
        ("content/guide/index.en.md", "Notice: "),
    ] {
        site.append(
            file,
            &format!("\n{{{{ notice-period(prefix=\"{prefix}\") }}}}\n"),
        );
    }
    site.cmd(&["build"]).now(NOW).run().success();
    assert!(
        site.file("ja/guide/index.html")
            .contains("<p class=\"notice-period\">告知期間：30 (ja, 2)</p>")
    );
    assert!(
        site.file("en/guide/index.html")
            .contains("<p class=\"notice-period\">Notice: 30 (en, 2)</p>")
    );
    // `{{ … }}` that is no call, and a call in a code block, stay as written.
    site.append(
        "content/guide/index.en.md",
        "\nWrite {{ x }} here.\n\n```\n{{ subprocessors() }}\n```\n",
    );
    site.cmd(&["build"]).now(NOW).run().success();
    let en = site.file("en/guide/index.html");
    assert!(en.contains("Write {{ x }} here."));
    assert!(en.contains("<code>{{ subprocessors() }}\n</code>"));
}

#[test]
fn search_indexes_what_the_shortcodes_rendered() {
    use trustdocs::markdown::shortcodes::Shortcodes;
    use trustdocs::plan::{Documents, SitePlan};
    let site = Site::fixture("trust");
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let options = trustdocs::Options::new(site.root(), now);
    let (partial, errors) = trustdocs::load::load(&options).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let plan = SitePlan::new(&partial.corpus, &partial.config, false);
    let shortcodes = Shortcodes::of_partial(&partial, &plan.urls);
    let markdown = trustdocs::markdown::stage::render(
        &partial.corpus,
        &partial.config.languages,
        &plan,
        &Documents::All,
        true,
        shortcodes.as_ref(),
    );
    let section = |language: &str, id: &str| -> String {
        let (_, rendered) = markdown
            .rendered
            .iter()
            .find(|((_, _, _, l), r)| {
                l.code() == language && r.sections.iter().any(|s| s.id.as_deref() == Some(id))
            })
            .expect("the guide is rendered");
        rendered
            .sections
            .iter()
            .find(|s| s.id.as_deref() == Some(id))
            .map(|s| s.text.clone())
            .unwrap()
    };
    let ja = section("ja", "subprocessors");
    assert!(
        ja.contains("次の外部クラウドサービスを利用しています。\nサービス\n機能"),
        "{ja}"
    );
    assert!(
        ja.contains("Amazon Simple Email Service\n通知メールの送信"),
        "{ja}"
    );
    let en = section("en", "certifications");
    assert!(en.contains("IS 735021\nTest Certification Body"), "{en}");
}

#[test]
fn a_data_file_save_reloads_the_preview_and_a_broken_one_shows_the_overlay() {
    let site = Site::fixture("trust");
    let preview = site.serve_at(NOW);
    let events = preview.events();
    let (status, page) = preview.get("/en/guide/");
    assert_eq!(status, 200);
    assert!(page.contains("Service infrastructure"));
    let (status, txt) = preview.get("/.well-known/security.txt");
    assert_eq!(status, 200);
    assert!(txt.contains("Contact: mailto:security@example.test"));

    let text = site.read(SUBPROCESSORS);
    site.write_by_rename(
        SUBPROCESSORS,
        &text.replace("en: Service infrastructure", "en: The whole platform"),
    );
    let reload = expect_event(&events, "reload", |data| {
        data.contains("/en/guide/index.html")
    });
    assert!(reload.contains("/en/subprocessors/index.html"), "{reload}");
    assert!(reload.contains("/en/subprocessors.xml"), "{reload}");
    assert!(reload.contains("/subprocessors.json"), "{reload}");
    assert!(
        !reload.contains("/en/index.html"),
        "a page without shortcodes is left alone: {reload}"
    );
    assert!(preview.get("/en/guide/").1.contains("The whole platform"));
    assert!(
        preview
            .get("/en/subprocessors/")
            .1
            .contains("The whole platform")
    );
    assert!(
        preview
            .get("/subprocessors.json")
            .1
            .contains("The whole platform")
    );

    // A broken file: the overlay names the file and line; the last good pages stay.
    site.write(
        SUBPROCESSORS,
        &text.replace("  added: 2020-01-01", "  added: soon"),
    );
    let error = expect_event(&events, "error", |_| true);
    assert!(
        error.contains("data/subprocessors.yaml") && error.contains("\"line\":13"),
        "{error}"
    );
    assert!(preview.get("/en/guide/").1.contains("The whole platform"));
    site.write(SUBPROCESSORS, &text);
    expect_event(&events, "reload", |data| {
        data.contains("/en/guide/index.html")
    });
    assert!(
        preview
            .get("/en/guide/")
            .1
            .contains("Service infrastructure")
    );
    let _ = WAIT;
}
