//! Bad input: every mistake a writer or a theme author can make gets a clear error that
//! names the file (and the line), exit status 1, never a panic, and the previous output
//! folder is left byte for byte as it was.
//!
//! Each test builds the good `minimal` fixture first, then breaks one thing and builds
//! again. The broken text is written here, next to the line number the test expects.

mod support;

use support::{Run, Site, assert_same_tree, tree};

const GUIDE_JA: &str = "content/guide/index.ja.md";
const GUIDE_EN: &str = "content/guide/index.en.md";

/// Lines joined with `\n`, with a final newline: line `n` of the file is `lines[n - 1]`.
fn lines(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Builds the good fixture site, lets `break_it` spoil it, builds again: the second build
/// must fail cleanly (exit status 1, no panic) with an `error:` line holding every one of
/// `expected` (the file, the line, the gist), and leave the first output exactly as it was.
fn broken(fixture: &str, break_it: impl FnOnce(&Site), expected: &[&str]) -> Run {
    let site = Site::fixture(fixture);
    site.build().success();
    let before = site.output_tree();
    assert!(before.contains_key("ja/index.html"), "the good site built");
    break_it(&site);
    let run = site.build();
    run.failure().error_line_with(expected);
    assert_same_tree(
        &before,
        &site.output_tree(),
        "the output after a failed build",
    );
    site.check_no_leftovers();
    assert!(
        run.stderr.lines().all(|l| l.starts_with("error: ")),
        "each error is one `error:` line (file:line: message):\n{}",
        run.stderr
    );
    run
}

// ---------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------

#[test]
fn broken_yaml_in_front_matter_names_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&[
                    "---",
                    "title: ガイド",
                    "description: a: b",
                    "---",
                    "",
                    "本文",
                ]),
            );
        },
        &["content/guide/index.ja.md:3:", "mapping values"],
    );
}

#[test]
fn wrong_type_in_front_matter_names_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&[
                    "---",
                    "description: 説明",
                    "title: [a, b]",
                    "---",
                    "",
                    "本文",
                ]),
            );
        },
        &["content/guide/index.ja.md:3:"],
    );
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&[
                    "---",
                    "title: ガイド",
                    "description: 説明",
                    "toc: maybe",
                    "---",
                ]),
            );
        },
        &["content/guide/index.ja.md:4:", "bool"],
    );
}

#[test]
fn unknown_front_matter_key_names_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&[
                    "---",
                    "title: ガイド",
                    "description: 説明",
                    "titel: 誤字",
                    "---",
                ]),
            );
        },
        &["content/guide/index.ja.md:4:", "titel"],
    );
}

#[test]
fn missing_title_is_reported() {
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&["---", "description: 説明", "---", "", "本文"]),
            );
        },
        &["content/guide/index.ja.md:", "title"],
    );
}

#[test]
fn unclosed_front_matter_is_reported() {
    broken(
        "minimal",
        |s| {
            s.write(GUIDE_JA, &lines(&["---", "title: ガイド", "", "本文"]));
        },
        &["content/guide/index.ja.md:1:", "never closed"],
    );
}

#[test]
fn a_page_with_bad_front_matter_is_not_also_reported_as_missing() {
    // index.ja.md exists; only its front matter is wrong. Telling the writer that the
    // English page "has no ja version" sends them looking for a file that is there.
    broken(
        "minimal",
        |s| {
            s.write(GUIDE_JA, &lines(&["---", "title: [", "---"]));
        },
        &["content/guide/index.ja.md:2"],
    )
    .stderr_not_contains("has no ja version");
}

#[test]
fn yaml_errors_give_one_location_in_file_coordinates() {
    // The YAML parser counts lines from the start of the front matter; trustdocs reports
    // file lines. The message must not repeat the parser's own, different, line number.
    let run = broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&["---", "title: ガイド", "description: a: b", "---"]),
            );
        },
        &["content/guide/index.ja.md:3:"],
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("index.ja.md:3:"))
        .unwrap_or_default();
    assert!(
        !line.contains("line 2"),
        "a second, wrong line number: {line}"
    );
}

#[test]
fn invalid_utf8_names_the_line_of_the_bad_byte() {
    broken(
        "minimal",
        |s| {
            let mut bytes =
                lines(&["---", "title: ガイド", "---", "", "本文です。", ""]).into_bytes();
            // Line 7 saved as Shift_JIS.
            bytes.extend_from_slice(b"Shift_JIS \x83\x65\x83\x58\x83\x67\n");
            s.write_bytes(GUIDE_JA, &bytes);
        },
        &["content/guide/index.ja.md:7", "UTF-8"],
    );
}

// ---------------------------------------------------------------------------------------
// Structure of content/
// ---------------------------------------------------------------------------------------

#[test]
fn page_in_one_language_only_names_the_missing_file() {
    broken(
        "minimal",
        |s| {
            s.remove(GUIDE_EN);
        },
        &["content/guide/index.ja.md", "content/guide/index.en.md"],
    );
}

#[test]
fn page_without_language_in_its_name_is_reported() {
    broken(
        "minimal",
        |s| {
            s.write("content/guide/notes.md", "---\ntitle: メモ\n---\n");
        },
        &["content/guide/notes.md", "<name>.<lang>.md"],
    );
}

#[test]
fn notice_without_date_is_reported() {
    broken(
        "notices",
        |s| {
            s.write(
                "content/notices/2025-03-10-maintenance.en.md",
                "---\ntitle: Scheduled maintenance\ncategory: maintenance\n---\n",
            );
        },
        &["content/notices/2025-03-10-maintenance.en.md", "date"],
    );
}

#[test]
fn chapter_named_print_is_refused() {
    // The print page of a manual lives at <manual>/print/; a chapter cannot take it.
    broken(
        "manual",
        |s| {
            s.write("content/manuals/app/print.ja.md", "---\ntitle: 印刷\n---\n")
                .write(
                    "content/manuals/app/print.en.md",
                    "---\ntitle: Print\n---\n",
                );
        },
        &["content/manuals/app/", "print/"],
    );
}

#[test]
fn broken_relative_link_names_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&[
                    "---",
                    "title: ガイド",
                    "---",
                    "",
                    "本文です。",
                    "",
                    "[設定の章](setup.md)を参照してください。",
                ]),
            );
        },
        &["content/guide/index.ja.md:7", "setup.md"],
    );
}

#[test]
fn missing_image_names_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_EN,
                &lines(&[
                    "---",
                    "title: Guide",
                    "---",
                    "",
                    "Text.",
                    "",
                    "",
                    "![Diagram](images/missing.png)",
                ]),
            );
        },
        &["content/guide/index.en.md:8", "images/missing.png"],
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    // Content, locales and theme are loaded independently: one run names a problem in each.
    broken(
        "minimal",
        |s| {
            s.write(
                GUIDE_JA,
                &lines(&["---", "title: ガイド", "toc: maybe", "---"]),
            )
            .write(
                "content/index.en.md",
                &lines(&["---", "title: Home", "colour: blue", "---"]),
            )
            .write("locales/en/broken.ftl", "this is not fluent\n")
            .write(
                DOCUMENT_TEMPLATE,
                &lines(&["{% extends \"base.html\" %}", "{% block main %}{% if %}"]),
            );
        },
        &["content/guide/index.ja.md:3"],
    )
    .error_line_with(&["content/index.en.md:3", "colour"])
    .error_line_with(&["locales/en/broken.ftl:1"])
    .error_line_with(&["themes/default/templates/document.html:2"]);
}

// ---------------------------------------------------------------------------------------
// Theme and locales
// ---------------------------------------------------------------------------------------

const DOCUMENT_TEMPLATE: &str = "themes/default/templates/document.html";

/// A `document.html` whose third line is `line3`.
fn document_template(line3: &str) -> String {
    lines(&[
        "{% extends \"base.html\" %}",
        "{% block main %}",
        line3,
        "{% endblock main %}",
    ])
}

#[test]
fn missing_fluent_key_used_by_a_template_is_an_error() {
    broken(
        "minimal",
        |s| {
            s.write(
                DOCUMENT_TEMPLATE,
                &document_template("<p>{{ t(key=\"no-such-key\") }}</p>"),
            );
        },
        &["themes/default/templates/document.html:3", "no-such-key"],
    );
}

#[test]
fn fluent_key_missing_in_one_language_names_that_language() {
    broken(
        "minimal",
        |s| {
            let mut ja = s.read("locales/ja/main.ftl");
            ja.push_str("only-in-japanese = 日本語だけ\n");
            s.write("locales/ja/main.ftl", &ja).write(
                DOCUMENT_TEMPLATE,
                &document_template("<p>{{ t(key=\"only-in-japanese\") }}</p>"),
            );
        },
        &["only-in-japanese", "locales/en"],
    )
    .stderr_not_contains("locales/ja/");
}

#[test]
fn template_syntax_error_names_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(DOCUMENT_TEMPLATE, &document_template("{% if %}"));
        },
        &["themes/default/templates/document.html:3"],
    );
}

#[test]
fn unknown_filter_names_the_template_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                DOCUMENT_TEMPLATE,
                &document_template("{{ page.title | no_such_filter }}"),
            );
        },
        &["themes/default/templates/document.html:3", "no_such_filter"],
    );
}

#[test]
fn missing_template_is_named() {
    broken(
        "minimal",
        |s| {
            s.remove("themes/default/templates/notice.html");
        },
        &["themes/default/templates", "notice.html"],
    );
}

#[test]
fn include_of_a_missing_template_names_the_including_file_and_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                DOCUMENT_TEMPLATE,
                &document_template("{% include \"partials/no-such-partial.html\" %}"),
            );
        },
        &[
            "themes/default/templates/document.html:3",
            "partials/no-such-partial.html",
        ],
    );
}

#[test]
fn broken_fluent_syntax_names_file_and_line() {
    let ftl = "locales/en/main.ftl";
    let good = std::fs::read_to_string(support::repo().join(ftl)).unwrap();
    let bad_line = format!("{ftl}:{}", good.lines().count() + 1);
    broken(
        "minimal",
        |s| {
            s.write(ftl, &format!("{good}this line is not Fluent\n"));
        },
        &[&bad_line],
    );
}

#[test]
fn unreadable_locale_file_is_reported() {
    // Running as root, permissions do not stop reads: a folder where a file is expected does.
    broken(
        "minimal",
        |s| {
            std::fs::create_dir_all(s.path("locales/en/extra.ftl")).unwrap();
        },
        &["locales/en/extra.ftl", "cannot read"],
    );
}

// ---------------------------------------------------------------------------------------
// site.yaml and the command line
// ---------------------------------------------------------------------------------------

/// A valid `site.yaml` of five lines, then `extra` from line 6.
fn site_yaml(extra: &str) -> String {
    format!(
        "title:\n  ja: テスト\n  en: Test\nbase_url: https://trust.example.test/\nlanguages: [ja, en]\n{extra}"
    )
}

#[test]
fn unknown_key_in_site_yaml_names_the_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                "site.yaml",
                &site_yaml("time_zone: Asia/Tokyo\ncolour: blue\n"),
            );
        },
        &["site.yaml:7", "colour"],
    );
}

#[test]
fn wrong_type_in_site_yaml_names_the_line() {
    broken(
        "minimal",
        |s| {
            s.write(
                "site.yaml",
                &site_yaml("").replace("languages: [ja, en]", "languages: ja"),
            );
        },
        &["site.yaml:5"],
    );
    broken(
        "minimal",
        |s| {
            s.write(
                "site.yaml",
                &lines(&[
                    "title: テスト",
                    "base_url: https://trust.example.test/",
                    "languages: [ja, en]",
                ]),
            );
        },
        &["site.yaml:1"],
    );
}

#[test]
fn bad_values_in_site_yaml_name_the_line() {
    broken(
        "minimal",
        |s| {
            s.write("site.yaml", &site_yaml("time_zone: Asia/Tokio\n"));
        },
        &["site.yaml:6", "Asia/Tokio"],
    );
    broken(
        "minimal",
        |s| {
            s.write("site.yaml", &site_yaml("default_language: fr\n"));
        },
        &["site.yaml:6", "fr"],
    );
    broken(
        "minimal",
        |s| {
            s.write(
                "site.yaml",
                &site_yaml("").replace("https://trust.example.test/", "trust.example.test"),
            );
        },
        &["site.yaml:4", "base_url"],
    );
}

#[test]
fn missing_site_yaml_is_reported() {
    broken(
        "minimal",
        |s| {
            s.remove("site.yaml");
        },
        &["site.yaml"],
    );
}

#[test]
fn unreadable_site_yaml_is_reported() {
    broken(
        "minimal",
        |s| {
            s.remove("site.yaml");
            std::fs::create_dir(s.path("site.yaml")).unwrap();
        },
        &["site.yaml", "cannot read"],
    );
}

#[test]
fn bad_base_url_option_is_refused() {
    let site = Site::fixture("minimal");
    site.build().success();
    let before = site.output_tree();
    site.build_with(&["--base-url", "example.com/portal"])
        .failure()
        .error_line_with(&["--base-url", "example.com/portal"]);
    assert_same_tree(
        &before,
        &site.output_tree(),
        "the output after a failed build",
    );
}

// ---------------------------------------------------------------------------------------
// The output folder and the sources
// ---------------------------------------------------------------------------------------

#[test]
fn non_empty_out_folder_that_trustdocs_did_not_write_is_left_alone() {
    let site = Site::fixture("minimal");
    site.write("mine/report.pdf", "a writer's file")
        .write("mine/notes/todo.txt", "do not lose me");
    let out = site.path("mine");
    let before = tree(&out);
    site.build_with(&["--out", out.to_str().unwrap()])
        .failure()
        .error_line_with(&["mine", ".trustdocs-output"]);
    assert_same_tree(&before, &tree(&out), "a folder trustdocs did not write");

    // The same for the default folder.
    site.write("public/index.html", "<p>hand-written</p>");
    let before = site.output_tree();
    site.build()
        .failure()
        .error_line_with(&["public", ".trustdocs-output"]);
    assert_same_tree(
        &before,
        &site.output_tree(),
        "a public/ trustdocs did not write",
    );

    // An empty folder may be used.
    std::fs::create_dir(site.path("empty")).unwrap();
    site.build_with(&["--out", site.path("empty").to_str().unwrap()])
        .success();
    assert!(site.path("empty/.trustdocs-output").is_file());
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_copied_fails_the_build_and_keeps_the_output() {
    // Rendering succeeds; copying an asset fails while the new output is being written.
    // A socket is a file that cannot be read, even by root.
    broken(
        "minimal",
        |s| {
            let path = s.path("content/guide/diagram.sock");
            // The socket file stays when the listener is dropped.
            drop(std::os::unix::net::UnixListener::bind(path).unwrap());
        },
        &["content/guide/diagram.sock", "cannot read"],
    );
}

#[test]
fn a_writers_sources_are_never_touched_by_a_failed_build() {
    let site = Site::fixture("minimal");
    site.write(
        GUIDE_JA,
        &lines(&["---", "title: ガイド", "---", "[a](nowhere.md)"]),
    );
    let before = tree(&site.path("content"));
    site.build().failure();
    assert_same_tree(&before, &tree(&site.path("content")), "content/");
    assert!(
        !site.public().exists(),
        "a failed first build left an output"
    );
}
