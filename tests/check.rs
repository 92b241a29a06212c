//! `trustdocs check`: every seeded defect of a site reported at its exact line, all in one
//! run; JSON output that parses and says the same as the text; the example portal clean.

mod support;

use support::Site;

/// A small site with one defect of each kind, each at a known line.
fn defective_site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/index.ja.md",
        "---\ntitle: 利用ガイド\n---\n\n本文。\n\n[存在しない節](#no-such-section)\n\n## A {#dup}\n\n## B {#dup}\n\n[下書きへ](../draft/index.ja.md)\n\n[サイトのパス](/ja/no-such-page/)\n",
    );
    // A page added as a symbolic link is not published: named, not skipped silently.
    site.symlink("content/guide/linked.ja.md", "index.ja.md");
    site.write(
        "content/guide/index.en.md",
        "---\ntitle: Guide\ntranslation_of: \"0.9\"\n---\n\nText.\n\n## 1. Introduction {#introduction}\n\nSee [the intro](../guide/index.en.md#introductoin).\n",
    );
    site.write(
        "content/draft/index.ja.md",
        "---\ntitle: 下書き\n---\n\n本文。\n",
    );
    site.write(
        "content/draft/index.en.md",
        "---\ntitle: Draft\n---\n\nText.\n",
    );
    site.write(
        "content/typo/index.ja.md",
        "---\ntitle: 誤記\ntitel: 誤記\n---\n",
    );
    site.write("content/typo/index.en.md", "---\ntitle: Typo\n---\n");
    site.write("content/lonely/index.ja.md", "---\ntitle: 片方だけ\n---\n");
    site.write(
        "content/history-bad/history.yaml",
        "- version: \"2.0\"\n  date: 2024-01-01\n  summary: {ja: あ, en: a}\n- version: \"1.0\"\n  date: 2024-02-01\n  summary: {ja: い, en: b}\n",
    );
    site.write("content/history-bad/index.ja.md", "---\ntitle: 履歴\n---\n");
    site.write(
        "content/history-bad/index.en.md",
        "---\ntitle: History\ntranslation_of: \"2.0\"\n---\n",
    );
    site.write(
        "content/pictures/history.yaml",
        "- version: \"1.0\"\n  date: 2024-01-01\n  summary: {ja: あ, en: a}\n",
    );
    site.write(
        "content/pictures/index.ja.md",
        "---\ntitle: 図\n---\n\n![構成図](images/missing.png)\n",
    );
    site.write(
        "content/pictures/index.en.md",
        "---\ntitle: Pictures\ntranslation_of: \"1.0\"\n---\n\nNone.\n",
    );
    site.write("locales/ja/extra.ftl", "only-in-japanese = 日本語だけ\n");
    site
}

#[test]
fn every_seeded_defect_is_reported_at_its_line_in_one_run() {
    let site = defective_site();
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let out = &run.stdout;
    let expected = [
        "content/guide/index.ja.md:7: error[broken-anchor]: `#no-such-section` is not a heading id on this page",
        "content/guide/index.ja.md:11: error[duplicate-id]: heading id `dup` is used twice",
        "content/guide/index.ja.md:13: error[draft-link]",
        "content/guide/index.ja.md:15: error[broken-link]: link to `/ja/no-such-page/` goes nowhere: the site has no page or file at this site path",
        "content/guide/linked.ja.md: warning[symlink]: a symbolic link",
        "content/guide/index.en.md:3: warning[translation-lag]: translates 0.9",
        "content/guide/index.en.md:10: error[broken-anchor]: `#introductoin` is not a heading id",
        "(did you mean `#introduction`?)",
        "content/draft/index.ja.md: warning[unreleased]",
        "content/typo/index.ja.md:3:1: error[yaml]: unknown field `titel`",
        "(did you mean `title`?)",
        "content/lonely/index.ja.md: error[missing-translation]",
        "content/lonely/index.en.md",
        "content/history-bad/history.yaml:4: error[history]: version 1.0 does not come after 2.0",
        "content/pictures/index.ja.md:5: error[broken-link]: link to `images/missing.png` goes nowhere",
        "locales/ja/extra.ftl:1: warning[fluent-one-locale]: Fluent key `only-in-japanese` is missing in locales/en/",
    ];
    for needle in expected {
        assert!(out.contains(needle), "missing `{needle}` in:\n{out}");
    }
    assert!(
        out.contains("7 | [存在しない節](#no-such-section)"),
        "the source line is shown:\n{out}"
    );
    assert!(run.stderr.contains("check failed:"), "{}", run.stderr);
}

#[test]
fn json_lines_parse_and_match_the_text() {
    let site = defective_site();
    let text = site.run(&["check"]).stdout;
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let problems: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let headlines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .collect();
    assert_eq!(
        problems.len(),
        headlines.len(),
        "one JSON object per problem"
    );
    for (problem, headline) in problems.iter().zip(&headlines) {
        let mut location = problem["file"].as_str().unwrap().to_string();
        if let Some(line) = problem["line"].as_u64() {
            location.push_str(&format!(":{line}"));
            if let Some(column) = problem["column"].as_u64() {
                location.push_str(&format!(":{column}"));
            }
        }
        let expected = format!(
            "{location}: {}[{}]: {}",
            problem["severity"].as_str().unwrap(),
            problem["code"].as_str().unwrap(),
            problem["message"].as_str().unwrap()
        );
        assert_eq!(&expected, headline);
    }
    for field in ["file", "line", "column", "severity", "code", "message"] {
        assert!(problems[0].get(field).is_some(), "field {field}");
    }
}

#[test]
fn problems_are_sorted_by_file_and_line() {
    let site = defective_site();
    let json = site.run(&["check", "--format", "json"]).stdout;
    let keys: Vec<(String, u64)> = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_string(),
                p["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn build_fails_on_the_same_errors() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/index.ja.md",
        "---\ntitle: 利用ガイド\n---\n\n[存在しない節](#no-such-section)\n",
    );
    let run = site.build();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr
            .contains("content/guide/index.ja.md:5: `#no-such-section` is not a heading id"),
        "{}",
        run.stderr
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = Site::fixture("minimal");
    site.write("locales/ja/extra.ftl", "only-in-japanese = 日本語だけ\n");
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("warning[fluent-one-locale]"));
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn example_portal_checks_clean() {
    // The portal's certificates and its security.txt expire, as a real portal's do, and
    // its subprocessors start on their days: it is checked on days when all of that is
    // current (announced and in effect), so that the test does not age.
    for now in ["2025-09-10T03:00:00Z", "2027-01-15T03:00:00Z"] {
        let site = Site::example();
        let run = site.cmd(&["check", "--format", "json"]).now(now).run();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{now}: {}{}",
            run.stdout,
            run.stderr
        );
        let found: Vec<&str> = run.stdout.lines().collect();
        let errors: Vec<&&str> = found
            .iter()
            .filter(|l| l.contains("\"severity\":\"error\""))
            .collect();
        assert!(errors.is_empty(), "{now}: {errors:?}");
        // On the first day, security.txt's expiry is more than a year ahead (RFC 9116
        // advises less): the only warning.
        let expected = usize::from(now.starts_with("2025"));
        assert_eq!(found.len(), expected, "{now}: {found:?}");
        assert!(found.iter().all(|l| l.contains("security-txt-expiry")));
    }
}

#[test]
fn a_template_error_met_only_while_rendering_fails_check_too() {
    // A filter given a value of the wrong type fails only when a page is rendered: `check`
    // renders every page (into nothing) to meet it, as the build does.
    let site = Site::fixture("minimal");
    site.write(
        "themes/default/templates/document.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title | round }}</p>\n{% endblock main %}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("themes/default/templates/document.html:3:7: error[template]"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------
// Working copies: what the next release would publish is checked by default.
// ---------------------------------------------------------------------------------------

const GUIDELINE_JA: &str = "content/security-guideline/index.ja.md";

/// The example portal with a broken link, a broken anchor and a repeated `{#id}` added to
/// the working copy of the security guideline (released as 4.5); the lines they are on.
fn edited_guideline() -> (Site, [usize; 3]) {
    let site = Site::example();
    let before = site.read(GUIDELINE_JA).lines().count();
    site.append(
        GUIDELINE_JA,
        "\n## 追加の節 {#added}\n\n[存在しない文書](../no-such-document/index.md)\n\n\
         [存在しない節](#no-such-section)\n\n## もう一つの節 {#added}\n",
    );
    (site, [before + 4, before + 6, before + 8])
}

#[test]
fn unreleased_edits_of_a_released_document_fail_check_at_their_lines() {
    let (site, [link, anchor, id]) = edited_guideline();
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(1), "{}{}", run.stdout, run.stderr);
    for needle in [
        format!(
            "{GUIDELINE_JA}:{link}: error[broken-link]: link to `../no-such-document/index.md` goes nowhere"
        ),
        format!(
            "{GUIDELINE_JA}:{anchor}: error[broken-anchor]: `#no-such-section` is not a heading id on this page"
        ),
        format!("{GUIDELINE_JA}:{id}: error[duplicate-id]: heading id `added` is used twice"),
    ] {
        assert!(
            run.stdout.contains(&needle),
            "missing `{needle}` in:\n{}",
            run.stdout
        );
    }
    let in_working_copy = run
        .stdout
        .lines()
        .filter(|l| {
            l.contains(": error[") && l.ends_with("(in the working copy: not yet released)")
        })
        .count();
    assert_eq!(
        in_working_copy, 3,
        "each says which copy it is in:\n{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("check failed: 3 errors"),
        "{}",
        run.stderr
    );

    // What `build` publishes, the release 4.5, is sound.
    let published = site.run(&["check", "--published"]);
    assert_eq!(published.status.code(), Some(0), "{}", published.stdout);
    site.build().success();
}

#[test]
fn github_format_prints_one_annotation_per_problem() {
    let (site, [link, anchor, id]) = edited_guideline();
    // An English translation a revision behind: a warning as well as the errors.
    let en = "content/security-guideline/index.en.md";
    let lagging = site
        .read(en)
        .replace("translation_of: \"4.6\"", "translation_of: \"4.5\"");
    site.write(en, &lagging);
    let json = site.run(&["check", "--format", "json"]);
    let github = site.run(&["check", "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let annotations: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(
        annotations.len(),
        json.stdout.lines().count(),
        "one annotation per problem:\n{}",
        github.stdout
    );
    assert!(
        annotations
            .iter()
            .all(|a| a.starts_with("::error ") || a.starts_with("::warning "))
    );
    for (line, code) in [
        (link, "broken-link"),
        (anchor, "broken-anchor"),
        (id, "duplicate-id"),
    ] {
        let start = format!("::error file={GUIDELINE_JA},line={line},title={code}::");
        assert!(
            annotations.iter().any(|a| a.starts_with(&start)),
            "no `{start}` in:\n{}",
            github.stdout
        );
    }
    // The lagging English translation is a warning annotation.
    assert!(
        annotations.iter().any(|a| a.starts_with(
            "::warning file=content/security-guideline/index.en.md,line=4,title=translation-lag::"
        )),
        "{}",
        github.stdout
    );
}

#[test]
fn github_annotations_name_files_from_where_the_workflow_runs() {
    // A site in a folder of the repository (`docs/`), checked from the repository's top.
    let (site, [link, ..]) = edited_guideline();
    let run = support::Cmd::new(
        &site.beside(""),
        &["check", "--root", "site", "--format", "github"],
    )
    .run();
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let start = format!("::error file=site/{GUIDELINE_JA},line={link},title=broken-link::");
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&start)),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unchanged_working_copy_does_not_repeat_the_problems_of_its_release() {
    let site = Site::fixture("minimal");
    let ja = "---\ntitle: 利用ガイド\n---\n\n[壊れた節](#no-such-section)\n";
    let en = site.read("content/guide/index.en.md");
    site.write("content/guide/index.ja.md", ja)
        .write("content/guide/releases/1.0/index.ja.md", ja)
        .write("content/guide/releases/1.0/index.en.md", &en);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let anchors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("broken-anchor"))
        .collect();
    assert_eq!(anchors.len(), 1, "{anchors:?}");
    assert!(
        anchors[0].contains("\"file\":\"content/guide/releases/1.0/index.ja.md\",\"line\":5"),
        "at the published release: {anchors:?}"
    );
}

#[test]
fn a_template_error_met_only_on_a_working_copy_page_fails_check() {
    let site = Site::example();
    site.append(GUIDELINE_JA, "\n改訂予定の追記です。\n");
    let banners = "themes/default/templates/partials/banners.html";
    let text = site.read(banners).replacen(
        "{% if page.draft %}\n",
        "{% if page.draft %}\n{{ page.title | round }}\n",
        1,
    );
    site.write(banners, &text);
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("themes/default/templates/partials/banners.html:3")
            && run.stdout.contains("error[template]"),
        "{}",
        run.stdout
    );
    // `build` publishes 4.5, whose pages show no draft banner.
    site.run(&["check", "--published"]).success();
    site.build().success();
}

#[test]
fn a_working_copy_may_link_to_another_working_copy() {
    // The English guideline's working copy links to a section the Japanese working copy
    // adds: fine for the next release, though release 4.5 has no such section.
    let site = Site::example();
    site.append(
        GUIDELINE_JA,
        "\n## 新しい節 {#new-section}\n\n新しい本文です。\n",
    );
    site.append(
        "content/security-guideline/index.en.md",
        "\nSee [the new section](index.ja.md#new-section).\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", run.stdout);
    assert!(!run.stdout.contains("new-section"), "{}", run.stdout);
}

#[test]
fn site_paths_and_images_are_checked() {
    let site = Site::example();
    site.write(
        "content/index.ja.md",
        "---\ntitle: ホーム\n---\n\n\
         [通知](/ja/notices/) [旧版](/ja/security-guideline/v4.4/#responsibility) \
         [差分](/ja/security-guideline/v4.5/diff/) ![図](/manuals/mail-gateway/images/architecture.ja.svg) \
         [印刷](/en/manuals/mail-gateway/print/) [css](/static/style.css)\n\n\
         [無い](/ja/no-such/)\n\n![無い図](/manuals/mail-gateway/images/missing.svg)\n\n\
         [無い節](/en/security-guideline/#no-such-section)\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": error["))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors[0].starts_with("content/index.ja.md:7: error[broken-link]: link to `/ja/no-such/`")
    );
    assert!(errors[1].starts_with(
        "content/index.ja.md:9: error[broken-link]: link to `/manuals/mail-gateway/images/missing.svg`"
    ));
    assert!(errors[2].starts_with(
        "content/index.ja.md:11: error[broken-anchor]: `#no-such-section` is not a heading id on `/en/security-guideline/`"
    ));
}
