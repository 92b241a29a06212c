//! What the fuzz targets drive: bytes through the stages that read a writer's files
//! (UTF-8 decoding, front matter, Markdown rendering; `history.yaml` and `site.yaml`).
//! Shared by the libFuzzer targets in `fuzz_targets/` and by `random_render`, the
//! random-input loop that runs on a stable toolchain without libFuzzer.
//!
//! A panic anywhere is the finding: every stage must return a value or an error.

use std::path::Path;
use std::sync::OnceLock;

use trustdocs::load::config::Config;
use trustdocs::load::history;
use trustdocs::model::language::Language;
use trustdocs::model::urls::Urls;
use trustdocs::plan::links::LinkTable;
use trustdocs::markdown::{Input, render};

const SITE: &str =
    "title: {ja: テスト, en: Test}\nbase_url: https://x.example/sub/\nlanguages: [ja, en]\n";

/// Decodes `data` as a page, splits its front matter and renders its body, with links
/// resolved against a small real site.
pub fn render_bytes(data: &[u8]) {
    let path = Path::new("content/guide/index.ja.md");
    let Ok(text) = trustdocs::load::text_file::decode(data.to_vec(), path) else {
        return;
    };
    let (body, body_line) = match trustdocs::load::front_matter::parse(&text, path) {
        Ok(parsed) => (parsed.body, parsed.body_line),
        // A page whose front matter fails still has a body worth rendering.
        Err(_) => (text.as_str(), 1),
    };
    let (rendered, _errors) = render(&Input {
        body,
        body_line,
        path,
        dir: "guide",
        language: japanese(),
        links: site_links(),
        sections: true,
        shortcodes: None,
        blocks: true,
        assets: None,
    });
    let mut ids: Vec<&String> = rendered.facts.heading_ids.iter().collect();
    ids.sort();
    let distinct = {
        let mut d = ids.clone();
        d.dedup();
        d.len()
    };
    assert_eq!(
        ids.len() - distinct,
        rendered.facts.duplicate_ids.len(),
        "heading ids repeat beyond the reported duplicates"
    );
}

/// Decodes `data` and parses it as `history.yaml` and as `site.yaml`.
pub fn yaml_bytes(data: &[u8]) {
    let Ok(text) = trustdocs::load::text_file::decode(data.to_vec(), Path::new("x.yaml")) else {
        return;
    };
    let languages = [japanese().clone(), english().clone()];
    let today = jiff::civil::date(2025, 7, 1);
    let _ = history::parse(&text, Path::new("history.yaml"), &languages, today);
    let _ = Config::parse(&text, Path::new("site.yaml"));
}

fn japanese() -> &'static Language {
    static JA: OnceLock<Language> = OnceLock::new();
    JA.get_or_init(|| Language::parse("ja").expect("ja"))
}

fn english() -> &'static Language {
    static EN: OnceLock<Language> = OnceLock::new();
    EN.get_or_init(|| Language::parse("en").expect("en"))
}

/// The link table of a small site written once to a temporary folder: home, a document,
/// a manual with a chapter, an image with a space in its name.
fn site_links() -> &'static LinkTable {
    static TABLE: OnceLock<LinkTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("trustdocs-fuzz-site-{}", std::process::id()));
        let page = |rel: &str, title: &str| {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            std::fs::write(path, format!("---\ntitle: {title}\n---\n\n本文\n")).expect("write");
        };
        for lang in ["ja", "en"] {
            page(&format!("index.{lang}.md"), "ホーム");
            page(&format!("guide/index.{lang}.md"), "ガイド");
            page(&format!("manuals/mg/index.{lang}.md"), "マニュアル");
            page(&format!("manuals/mg/01-setup.{lang}.md"), "設定");
        }
        std::fs::write(root.join("content/manuals/mg/a b.png"), b"png").expect("write");
        let config = Config::parse(SITE, Path::new("site.yaml")).expect("site.yaml");
        let corpus = trustdocs::load::content::load(&root, &config, jiff::civil::date(2025, 7, 1)).expect("the small site loads");
        let _ = std::fs::remove_dir_all(&root);
        LinkTable::new(&corpus, &config.languages, &Urls::new(&config.origin, &config.base_path))
    })
}
