//! The search index as the build writes it, on copies of the example portal: a search page
//! per language, index files built from the published copy of each page only, the same
//! bytes on every build, URLs under the base path, the variant groups of `search.yaml` in
//! every language's manifest (and a malformed file reported by `check` at its line); and
//! `src/search/` agreeing with `search.js` on the table both test against
//! (`tests/js/tokenizer-cases.json`). The matching itself is tested in Node (`tests/js/`),
//! in a browser (`search_browser.rs`) and in `src/search/`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trustdocs::search::Variants;
use trustdocs::search::normalise::normalise;
use trustdocs::search::query::{parse, query_parts};
use trustdocs::search::stem::word_endings;
use trustdocs::search::tokenizer::{gram_text, part_grams, shard_hash};

use support::{Site, WAIT, expect_event, tree};

/// `trustdocs check --format json` on `site`: its exit code and the diagnostics it printed.
fn check(site: &Site) -> (Option<i32>, Vec<Value>) {
    let run = site
        .cmd(&["check", "--format", "json", "--root", site.root_arg()])
        .run();
    let diagnostics = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (run.status.code(), diagnostics)
}

/// Builds `site` into `<root>/<out>` with `args`; the output folder, or the error text.
fn build(site: &Site, out: &str, args: &[&str]) -> Result<PathBuf, String> {
    let target = site.path(out);
    let mut all = vec!["build", "--quiet", "--root", site.root_arg(), "--out"];
    let target_arg = target
        .to_str()
        .expect("temporary paths are UTF-8")
        .to_string();
    all.push(&target_arg);
    all.extend_from_slice(args);
    let run = site.cmd(&all).run();
    if run.status.success() {
        Ok(target)
    } else {
        Err(run.stderr)
    }
}

/// A section as the text shards hold it.
#[derive(Debug)]
struct Section {
    url: String,
    heading: String,
    text: String,
}

/// Every section of a language's index, read from its text shards.
fn sections(public: &Path, lang: &str) -> Vec<Section> {
    let dir = public.join(lang).join("search");
    let meta: Value =
        serde_json::from_slice(&std::fs::read(dir.join("meta.json")).unwrap()).unwrap();
    let mut out = Vec::new();
    for n in 0..meta["textShards"].as_u64().unwrap() {
        let shard: Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("t/{n}.json"))).unwrap())
                .unwrap();
        for s in shard["sections"].as_array().unwrap() {
            let page = &shard["pages"][s[0].as_u64().unwrap() as usize];
            let (title, url) = (page[0].as_str().unwrap(), page[1].as_str().unwrap());
            let (url, heading) = match s[1].as_str() {
                None => (url.to_string(), title.to_string()),
                Some(anchor) => (
                    format!("{url}#{anchor}"),
                    s[2].as_str().unwrap().to_string(),
                ),
            };
            out.push(Section {
                url,
                heading,
                text: s[3].as_str().unwrap().to_string(),
            });
        }
    }
    assert_eq!(out.len() as u64, meta["sections"].as_u64().unwrap());
    out
}

fn found(sections: &[Section], word: &str) -> Vec<String> {
    let word = normalise(word);
    sections
        .iter()
        .filter(|s| normalise(&format!("{}\n{}", s.heading, s.text)).contains(&word))
        .map(|s| s.url.clone())
        .collect()
}

#[test]
fn tokenizer_agrees_with_search_js_on_the_shared_table() {
    let table: Value = serde_json::from_str(
        &std::fs::read_to_string(support::repo().join("tests/js/tokenizer-cases.json")).unwrap(),
    )
    .unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    for case in table["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        assert_eq!(
            normalise(input),
            case["normalised"].as_str().unwrap(),
            "{input:?}"
        );
        assert_eq!(query_parts(input), strings(&case["parts"]), "{input:?}");
    }
    for case in table["queries"].as_array().unwrap() {
        let query = case["query"].as_str().unwrap();
        let variants = Variants::from_groups(
            case["variants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| strings(g).iter().map(|m| normalise(m)).collect())
                .collect(),
        );
        let looks_for: Vec<Vec<String>> = parse(query, &variants)
            .into_iter()
            .map(|p| p.alternatives)
            .collect();
        let expected: Vec<Vec<String>> = case["looksFor"]
            .as_array()
            .unwrap()
            .iter()
            .map(strings)
            .collect();
        assert_eq!(looks_for, expected, "{query:?}");
    }
    for case in table["words"].as_array().unwrap() {
        let word = case["word"].as_str().unwrap();
        assert_eq!(word_endings(word), strings(&case["endings"]), "{word:?}");
    }
    for term in table["terms"].as_array().unwrap() {
        let text = term["term"].as_str().unwrap();
        assert_eq!(
            u64::from(shard_hash(text)),
            term["hash"].as_u64().unwrap(),
            "{text}"
        );
        let grams: Vec<String> = part_grams(text).into_iter().map(gram_text).collect();
        assert_eq!(grams, strings(&term["grams"]), "{text}");
    }
}

#[test]
fn every_language_has_a_search_page_that_the_sitemap_leaves_out() {
    let site = Site::example();
    let public = build(&site, "public", &[]).unwrap();
    for lang in ["ja", "en"] {
        let page = std::fs::read_to_string(public.join(lang).join("search/index.html")).unwrap();
        for needle in [
            format!("data-search-index=\"/{lang}/search/\""),
            "<input id=\"search-input\"".to_string(),
            "aria-live=\"polite\"".to_string(),
            "<noscript>".to_string(),
            "src=\"/static/search.js\"".to_string(),
            "<meta name=\"robots\" content=\"noindex\">".to_string(),
        ] {
            assert!(page.contains(&needle), "{lang}/search/: no {needle}");
        }
        assert!(
            !page.contains("id=\"site-search\""),
            "the header box is left out here"
        );
        let other =
            std::fs::read_to_string(public.join(lang).join("security-guideline/index.html"))
                .unwrap();
        assert!(
            other.contains(&format!("action=\"/{lang}/search/\"")),
            "the header's search box goes to the search page"
        );
        assert!(public.join(lang).join("search/meta.json").is_file());
    }
    assert!(public.join("static/search.js").is_file());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/search/"),
        "the sitemap lists the search page"
    );
}

#[test]
fn the_index_holds_the_published_copy_of_each_page_only() {
    let site = Site::example();
    // An edit not yet released, a document never released, words only in an old release.
    site.append(
        "content/security-guideline/index.ja.md",
        "\n未公開の改訂語を追加します。\n",
    );
    site.append(
        "content/security-guideline/index.en.md",
        "\nUnreleasedrevisionword added.\n",
    );
    for (lang, word) in [("ja", "下書き専用語"), ("en", "draftonlyword")] {
        site.write(
            &format!("content/draft-doc/index.{lang}.md"),
            &format!("---\ntitle: Draft {lang}\n---\n\n## Heading {{#h}}\n\n{word}\n"),
        );
    }
    site.append(
        "content/security-guideline/releases/4.4/index.ja.md",
        "\nアーカイブ専用語\n",
    );
    site.append(
        "content/security-guideline/releases/4.4/index.en.md",
        "\narchivedonlyword\n",
    );

    let public = build(&site, "public", &[]).unwrap();
    let ja = sections(&public, "ja");
    let en = sections(&public, "en");
    assert!(
        found(&ja, "未公開の改訂語").is_empty(),
        "unreleased edit indexed"
    );
    assert!(
        found(&en, "unreleasedrevisionword").is_empty(),
        "unreleased edit indexed"
    );
    assert!(found(&ja, "下書き専用語").is_empty() && found(&en, "draftonlyword").is_empty());
    assert!(found(&ja, "アーカイブ専用語").is_empty() && found(&en, "archivedonlyword").is_empty());
    let archived =
        std::fs::read_to_string(public.join("en/security-guideline/v4.4/index.html")).unwrap();
    assert!(
        archived.contains("archivedonlyword"),
        "the archived page itself has it"
    );
    for s in ja.iter().chain(&en) {
        for excluded in ["/v4.", "/diff/", "/print/", "/draft/"] {
            assert!(!s.url.contains(excluded), "{} is indexed", s.url);
        }
    }
    assert!(found(&ja, "暗号化").contains(&"/ja/security-guideline/#encryption".to_string()));
    let intro = ja
        .iter()
        .find(|s| s.url == "/ja/security-guideline/")
        .unwrap();
    assert_eq!(
        intro.heading, "セキュリティガイドライン",
        "the intro is found by the page title"
    );
    assert!(
        intro.text.starts_with("Soranote Mail Gateway"),
        "and its description"
    );

    let drafts = build(&site, "drafts", &["--drafts"]).unwrap();
    let ja = sections(&drafts, "ja");
    let en = sections(&drafts, "en");
    assert_eq!(found(&ja, "未公開の改訂語").len(), 1);
    assert_eq!(found(&en, "unreleasedrevisionword").len(), 1);
    assert_eq!(found(&ja, "下書き専用語"), vec!["/ja/draft-doc/#h"]);
    assert_eq!(found(&en, "draftonlyword"), vec!["/en/draft-doc/#h"]);
    assert!(found(&en, "archivedonlyword").is_empty());
}

#[test]
fn the_same_sources_give_the_same_index_bytes() {
    let site = Site::example();
    let a = tree(&build(&site, "a", &[]).unwrap());
    let b = tree(&build(&site, "b", &[]).unwrap());
    let search = |t: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        t.iter()
            .filter(|(p, _)| p.contains("/search/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let (a, b) = (search(&a), search(&b));
    assert!(a.len() > 20, "{} index files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
    for (path, bytes) in &a {
        let limit = if path.contains("/t/") {
            32 * 1024
        } else {
            16 * 1024
        };
        assert!(bytes.len() <= limit, "{path}: {} bytes", bytes.len());
    }
}

#[test]
fn index_urls_follow_the_base_path() {
    let site = Site::example();
    let public = build(
        &site,
        "public",
        &["--base-url", "https://example.com/portal/"],
    )
    .unwrap();
    for lang in ["ja", "en"] {
        for s in sections(&public, lang) {
            assert!(s.url.starts_with(&format!("/portal/{lang}/")), "{}", s.url);
        }
        let page = std::fs::read_to_string(public.join(lang).join("search/index.html")).unwrap();
        assert!(page.contains(&format!("data-search-index=\"/portal/{lang}/search/\"")));
        assert!(page.contains("src=\"/portal/static/search.js\""));
        let home = std::fs::read_to_string(public.join(lang).join("index.html")).unwrap();
        assert!(home.contains(&format!("action=\"/portal/{lang}/search/\"")));
    }
}

#[test]
fn a_page_at_the_search_url_is_an_error() {
    let site = Site::example();
    for lang in ["ja", "en"] {
        site.write(
            &format!("content/search/index.{lang}.md"),
            "---\ntitle: Search\n---\n\nText.\n",
        );
    }
    let error = build(&site, "public", &["--drafts"]).unwrap_err();
    assert!(
        error.contains("content/search/index.")
            && error.contains("search.html")
            && error.contains("/search/"),
        "{error}"
    );
}

/// The variant groups in a language's `meta.json`.
fn variants(public: &Path, lang: &str) -> Vec<Vec<String>> {
    let meta: Value =
        serde_json::from_slice(&std::fs::read(public.join(lang).join("search/meta.json")).unwrap())
            .unwrap();
    serde_json::from_value(meta["variants"].clone()).unwrap()
}

#[test]
fn variant_groups_of_search_yaml_reach_every_languages_index_normalised() {
    let site = Site::example();
    let public = build(&site, "public", &[]).unwrap();
    for lang in ["ja", "en"] {
        let groups = variants(&public, lang);
        assert!(
            groups.contains(&vec!["漏洩".to_string(), "漏えい".to_string()]),
            "{groups:?}"
        );
        assert!(groups.contains(&vec!["e-mail".to_string(), "email".to_string()]));
    }
    let (code, diagnostics) = check(&site);
    assert_eq!(code, Some(0), "{diagnostics:?}");
    assert!(
        diagnostics.iter().all(|d| d["file"] != "search.yaml"),
        "the portal's own search.yaml checks clean: {diagnostics:?}"
    );

    // Members are normalised as the text is; a group repeated in one spelling is one.
    site.write(
        "search.yaml",
        "variants:\n  - [ＥＭＡＩＬ, Ｅメール, email]\n  - [ｻｰﾊﾞ, 鯖]\n",
    );
    let public = build(&site, "public", &[]).unwrap();
    assert_eq!(
        variants(&public, "ja"),
        vec![
            vec!["email".to_string(), "eメール".to_string()],
            vec!["サーバ".to_string(), "鯖".to_string()],
        ]
    );
    site.remove("search.yaml");
    let public = build(&site, "public", &[]).unwrap();
    assert!(variants(&public, "en").is_empty(), "no file, no variants");
}

#[test]
fn a_malformed_variants_file_is_reported_at_its_line_and_stops_the_build() {
    let site = Site::example();
    let before = build(&site, "public", &[]).unwrap();
    let meta = std::fs::read(before.join("ja/search/meta.json")).unwrap();
    site.write(
        "search.yaml",
        "variants:\n  - [漏洩, 漏えい]\n  - [情報漏洩]\n  - [two factor, 2fa, tfa]\n  - [漏洩, もれ]\n",
    );
    let (code, diagnostics) = check(&site);
    assert_eq!(code, Some(1), "{diagnostics:?}");
    let found: Vec<(u64, &str, &str)> = diagnostics
        .iter()
        .filter(|d| d["file"] == "search.yaml")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (3, "search-variants"));
    assert!(found[0].2.contains("only one spelling"), "{found:?}");
    assert_eq!(found[1].0, 4);
    assert!(
        found[1].2.contains("`two factor` holds a space"),
        "{found:?}"
    );
    assert_eq!(found[2].0, 5);
    assert!(
        found[2].2.contains("also in the group at line 2"),
        "{found:?}"
    );

    // The build fails on it and leaves the previous output as it was.
    let error = build(&site, "public", &[]).unwrap_err();
    assert!(error.contains("search.yaml:3"), "{error}");
    assert_eq!(
        std::fs::read(before.join("ja/search/meta.json")).unwrap(),
        meta
    );

    // Syntax, types and unknown keys: at their line, as YAML errors.
    for (text, line, needle) in [
        ("variants:\n  - [a, b]\n  - 漏洩\n", 3, "expected"),
        ("variant:\n  - [a, b]\n", 1, "did you mean `variants`"),
        ("variants:\n  - [a, b\n", 2, ""),
    ] {
        site.write("search.yaml", text);
        let (code, diagnostics) = check(&site);
        assert_eq!(code, Some(1), "{text:?}");
        let d = diagnostics
            .iter()
            .find(|d| d["file"] == "search.yaml")
            .unwrap_or_else(|| panic!("{text:?}: {diagnostics:?}"));
        assert_eq!(d["code"], "yaml", "{d}");
        assert!(d["line"].as_u64().unwrap() >= line as u64, "{text:?}: {d}");
        assert!(d["message"].as_str().unwrap().contains(needle), "{d}");
        assert!(
            build(&site, "public", &[])
                .unwrap_err()
                .contains("search.yaml:")
        );
    }
}

#[test]
fn the_preview_follows_a_saved_search_yaml() {
    let site = Site::example();
    let server = site.serve();
    let meta = || server.get("/ja/search/meta.json").1;
    assert!(meta().contains("漏えい"), "{}", meta());
    // Polls the preview until `test` holds for its manifest (a save rebuilds the site).
    let until = |what: &str, test: &dyn Fn(&str) -> bool| {
        let deadline = std::time::Instant::now() + WAIT;
        while !test(&meta()) {
            assert!(std::time::Instant::now() < deadline, "{what}: {}", meta());
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    site.write("search.yaml", "variants:\n  - [暗号鍵, 暗号キー]\n");
    until("the new group", &|m| {
        m.contains("暗号キー") && !m.contains("漏えい")
    });
    // A malformed file is shown as an error at its line, the server goes on; fixed, it is
    // read again.
    let events = server.events();
    site.write("search.yaml", "variants:\n  - [暗号鍵]\n");
    let error = expect_event(&events, "error", |data| data.contains("search.yaml"));
    assert!(
        error.contains("\"file\":\"search.yaml\",\"line\":2")
            && error.contains("only one spelling"),
        "{error}"
    );
    assert_eq!(server.get("/ja/").0, 200, "the preview still serves");
    site.write("search.yaml", "variants:\n  - [暗号鍵, 暗号カギ]\n");
    until("the fixed group", &|m| m.contains("暗号カギ"));
}
