//! Markdown to HTML with pulldown-cmark, plus what a Japanese trust portal needs on top:
//! stable heading ids that keep Japanese characters, a self-link per heading, a table of
//! contents, no space where a line break falls beside Japanese punctuation or between two
//! Japanese letters (`typography::soft_break_is_dropped`), bold next to Japanese
//! punctuation, bare mail addresses as links, a `<wbr>` at each Japanese phrase break of
//! the HTML (`phrase_breaks.rs`), and relative links resolved to the target page's URL.
//!
//! Everything is done on the event stream; the HTML itself comes from pulldown-cmark's
//! writer, never from editing rendered HTML. The stream is read once (`stream.rs`): bold,
//! line breaks, links and id prefixes are handled as the parser yields each event; heading
//! ids are given once every explicit `{#id}` is known (`headings.rs`); the search sections
//! are taken while the writer consumes the events (`sections.rs`); the blocks "what
//! changed" compares are taken from the same events (`blocks.rs`). `stage.rs` renders every
//! shown page copy of a site.

mod accessible;
pub mod blocks;
mod headings;
mod html_text;
mod lines;
mod mail;
mod phrase_breaks;
mod sections;
pub mod shortcodes;
pub mod slug;
pub mod stage;
mod stream;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::model::content::Page;
use crate::model::language::Language;
use crate::plan::links::LinkTable;
use crate::report::error::Error;
use stream::Stream;

/// What a page's Markdown renders to.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The page as plain text, cut at its h2 and h3 headings (for the search index).
    pub sections: Vec<Section>,
    /// What the checks read; the pages do not.
    pub facts: Facts,
    /// The page has shortcodes: a change of the trust data renders it again (`serve`).
    pub shortcodes: bool,
    /// The page's blocks, for the "what changed" pages that compare this copy (empty for
    /// the copies none compares).
    pub blocks: blocks::Blocks,
}

/// What `check` needs to know of a rendered page: its heading ids and internal links (to
/// verify links and `#anchors` across the site) and its repeated explicit ids.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every heading id on the page, in order.
    pub heading_ids: Vec<String>,
    /// Every internal link, for `check` to verify its `#anchor` and its target.
    pub links: Vec<LinkRecord>,
    /// Explicit `{#id}`s given to more than one heading, with the line of each repeat.
    pub duplicate_ids: Vec<(String, usize)>,
    /// Every link to a file of `content/` (an image, a download): its line and the
    /// file's path there.
    pub assets: Vec<(usize, String)>,
}

/// A stretch of a page as plain text, for search: the intro before the first h2/h3
/// heading, or one such heading and the text up to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; none for the intro.
    pub id: Option<String>,
    /// The heading as plain text; empty for the intro.
    pub heading: String,
    /// Plain text of the blocks, one line per block, runs of spaces collapsed.
    pub text: String,
}

/// An internal link as written and where it goes.
#[derive(Debug, Clone)]
pub struct LinkRecord {
    /// Line in the source file.
    pub line: usize,
    pub written: String,
    /// The page it goes to; none for a fragment on the same page (`#x`).
    pub page: Option<crate::plan::links::PageRef>,
    pub fragment: Option<String>,
    /// For a site path that is no page (`/static/logo.svg`): the output file it names.
    pub file: Option<String>,
}

/// A heading of level 2 or 3, for the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title_html: String,
}

/// One Markdown source to render.
pub struct Input<'a> {
    pub body: &'a str,
    /// Line of the file where `body` starts, so errors name the file's real line.
    pub body_line: usize,
    pub path: &'a Path,
    /// Folder of the page under `content/`, for relative links.
    pub dir: &'a str,
    pub language: &'a Language,
    pub links: &'a LinkTable,
    /// Cut the text into sections for search (only the copy published at a page's own URL
    /// is indexed: archived revisions and print copies need none).
    pub sections: bool,
    /// What `{{ name(…) }}` lines render with; none leaves them as text.
    pub shortcodes: Option<shortcodes::ShortcodeDay<'a>>,
    /// Cut the page into its blocks (only the copies a "what changed" page compares).
    pub blocks: bool,
    /// The document's own files as this copy shows them (a frozen release's), where
    /// links to them go; none: to today's files.
    pub assets: Option<&'a crate::plan::assets::CopyAssets>,
}

impl<'a> Input<'a> {
    /// A page in one language as it stands, with nothing extra to collect: no sections,
    /// no blocks, shortcodes left as text, links to today's files.
    pub fn page(page: &'a Page, language: &'a Language, links: &'a LinkTable) -> Input<'a> {
        let source = page.source(language);
        Input {
            body: source.body(),
            body_line: source.body_line,
            path: &source.path,
            dir: &page.dir,
            language,
            links,
            sections: false,
            shortcodes: None,
            blocks: false,
            assets: None,
        }
    }
}

pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Renders one page; broken links come back as errors beside the (still complete) HTML.
pub fn render(input: &Input) -> (Rendered, Vec<Error>) {
    render_print(input, PrintCopy::default())
}

/// A chapter as the "print this manual" page holds it, beside the other chapters.
#[derive(Clone, Copy, Default)]
pub struct PrintCopy<'p> {
    /// Put before every heading id, footnote id and same-page `#link` of the chapter, so
    /// that the chapters share one page without clashing ids (`chapter-01-setup-`).
    pub id_prefix: &'p str,
    /// The chapters on the page: each one's URL, as a link to it resolves, and the id of
    /// its place on the page (`chapter-01-setup`, its ids prefixed with that and `-`). A
    /// link to one of them goes there instead of to the chapter's own page.
    pub chapters: &'p [(String, String)],
}

/// Renders a chapter for the print page (`render` is this with `PrintCopy::default()`).
pub fn render_print(input: &Input, print: PrintCopy) -> (Rendered, Vec<Error>) {
    let mut stream = Stream::new(input, print);
    // `**` beside Japanese text is only looked for in a source that has one.
    let bold = input.body.contains("**");
    if bold {
        stream.stars = input.body.match_indices('*').map(|(i, _)| i).collect();
    }
    // Shortcodes too are only looked for in a source that has a `{{`.
    let shortcodes =
        input.shortcodes.is_some() && memchr::memmem::find(input.body.as_bytes(), b"{{").is_some();
    let mut in_shortcodes = false;
    for (event, range) in Parser::new_ext(input.body, OPTIONS).into_offset_iter() {
        if shortcodes {
            if in_shortcodes {
                in_shortcodes = !matches!(event, Event::End(TagEnd::Paragraph));
                continue;
            }
            if matches!(event, Event::Start(Tag::Paragraph)) && stream.shortcode_paragraph(&range) {
                in_shortcodes = true;
                continue;
            }
        }
        if bold {
            if matches!(&event, Event::Text(t) if as_written(input.body, t, &range)) {
                stream.run.push((event, range));
                continue;
            }
            stream.flush_run();
        }
        stream.push(event, range);
    }
    stream.flush_run();
    stream.finish()
}

/// Whether `text` is the source at `range` exactly as written (not unescaped): most text
/// borrows that very slice of the source, which settles it without comparing bytes.
fn as_written(source: &str, text: &str, range: &Range<usize>) -> bool {
    let Some(written) = source.get(range.clone()) else {
        return false;
    };
    std::ptr::eq(written, text) || written == text
}

/// Japanese letters and wide punctuation: beside them `**` may open or close bold.
pub fn is_cjk_wide(c: char) -> bool {
    crate::typography::is_japanese(c) || crate::typography::is_wide_punctuation(c)
}

pub(crate) fn is_inline_tag(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

pub(crate) fn text_of<'e>(event: &'e Event) -> Option<&'e str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn html(body: &str) -> (Rendered, Vec<Error>) {
        let links = LinkTable::default();
        let ja = Language::parse("ja").unwrap();
        render(&Input {
            body,
            body_line: 4,
            path: Path::new("content/a/index.ja.md"),
            dir: "a",
            language: &ja,
            links: &links,
            sections: true,
            shortcodes: None,
            blocks: false,
            assets: None,
        })
    }

    /// `body` rendered as a Japanese page of folder `a`, cut into blocks when `blocks`.
    pub(crate) fn render_ja(body: &str, blocks: bool) -> Rendered {
        let links = LinkTable::default();
        let ja = Language::parse("ja").unwrap();
        render(&Input {
            body,
            body_line: 1,
            path: Path::new("content/a/index.ja.md"),
            dir: "a",
            language: &ja,
            links: &links,
            sections: false,
            shortcodes: None,
            blocks,
            assets: None,
        })
        .0
    }

    #[test]
    fn line_break_between_japanese_characters_is_dropped() {
        let (r, _) = html("日本語の\n文章です。\nEnglish\nwords");
        let visible = r.html.replace("<wbr>", "");
        assert!(
            visible.contains("日本語の文章です。English\nwords"),
            "{}",
            r.html
        );
    }

    #[test]
    fn line_break_beside_japanese_punctuation_is_dropped_in_html_search_and_blocks() {
        let body = "暗号化しています。\nTLS 1.0 は使いません。\n場合、\nSTARTTLS\nを使います。\n\
                    NIST SP 800-88\n（媒体の廃棄）\nand\nmore";
        let links = LinkTable::default();
        let ja = Language::parse("ja").unwrap();
        let (r, _) = render(&Input {
            body,
            body_line: 1,
            path: Path::new("content/a/index.ja.md"),
            dir: "a",
            language: &ja,
            links: &links,
            sections: true,
            shortcodes: None,
            blocks: true,
            assets: None,
        });
        let expected = "暗号化しています。TLS 1.0 は使いません。場合、STARTTLS\nを使います。\
                        NIST SP 800-88（媒体の廃棄）and\nmore";
        let visible = r.html.replace("<wbr>", "");
        assert!(visible.contains(expected), "{}", r.html);
        let with_spaces = expected.replace('\n', " ");
        assert_eq!(r.sections[0].text, with_spaces);
        assert_eq!(r.blocks.blocks[0].text, with_spaces);
    }

    #[test]
    fn phrase_breaks_are_in_the_html_only() {
        let (r, _) =
            html("お客様に確認を\n**お願い**します。\n\n![に確認](x.png)\n\n```\nに確認\n```\n");
        assert!(
            r.html
                .contains("<p>お客様に<wbr>確認を<strong><wbr>お願い</strong>します。</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("alt=\"に確認\""), "{}", r.html);
        assert!(r.html.contains("<code>に確認\n</code>"), "{}", r.html);
        let text: String = r.sections.iter().map(|s| s.text.as_str()).collect();
        assert!(!text.contains("wbr"), "{text}");
        assert!(text.contains("お客様に確認をお願いします。"), "{text}");
    }

    #[test]
    fn bare_mail_addresses_become_links() {
        let (r, _) = html(
            "ご質問は、security@soranote.example まで。\n\n[privacy@soranote.example](mailto:privacy@soranote.example)\n\n\
             `code@soranote.example`\n\n    block@soranote.example\n",
        );
        assert!(
            r.html.contains(
                "<a href=\"mailto:security@soranote.example\"><wbr>security@soranote.example</a>"
            ),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
        assert!(
            r.html.contains("<code>code@soranote.example</code>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<code>block@soranote.example\n</code>"),
            "{}",
            r.html
        );
        assert!(
            r.sections[0]
                .text
                .contains("security@soranote.example まで。")
        );
    }

    #[test]
    fn bold_next_to_japanese_brackets() {
        let (r, _) = html("これは**「重要」**です");
        assert_eq!(
            r.html.trim().replace("<wbr>", ""),
            "<p>これは<strong>「重要」</strong>です</p>"
        );
        let (r, _) = html("これは\\*\\*「重要」\\*\\*です");
        assert!(!r.html.contains("<strong>"), "{}", r.html);
    }

    #[test]
    fn heading_ids_keep_japanese_and_are_unique() {
        let (r, _) = html("## 1. 責任分界\n\n## 1. 責任分界\n\n### 暗号化 {#encryption}\n");
        assert_eq!(
            r.facts.heading_ids,
            vec!["1-責任分界", "1-責任分界-1", "encryption"]
        );
        assert_eq!(r.toc.len(), 3);
        assert!(
            r.html.contains(
                "<h2 id=\"1-責任分界\">1. 責任分界 <a class=\"anchor\" href=\"#1-責任分界\""
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn sections_are_cut_at_h2_and_h3_as_plain_text() {
        let (r, _) = html(
            "前書き**です**。\n\n## 1. 暗号化 {#encryption}\n\n通信は\nTLS で<b>保護</b>します。\n\n\
             #### 細目\n\n- 一つ目\n- `code`\n\n### 1.1 鍵\n\n| a | b |\n| - | - |\n| c | d |\n",
        );
        let got: Vec<(Option<&str>, &str, &str)> = r
            .sections
            .iter()
            .map(|s| (s.id.as_deref(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (None, "", "前書きです。"),
                (
                    Some("encryption"),
                    "1. 暗号化",
                    "通信は TLS で保護します。\n細目\n一つ目\ncode"
                ),
                (Some("1-1-鍵"), "1.1 鍵", "a\nb\nc\nd"),
            ]
        );
    }

    #[test]
    fn prefixed_ids_keep_a_chapter_apart() {
        let links = LinkTable::default();
        let ja = Language::parse("ja").unwrap();
        let input = Input {
            body: "## 注意事項\n\n## 手順 {#steps}\n\n[上へ](#steps)[^n]\n\n[^n]: 注\n",
            body_line: 1,
            path: Path::new("a.ja.md"),
            dir: "a",
            language: &ja,
            links: &links,
            sections: false,
            shortcodes: None,
            blocks: false,
            assets: None,
        };
        let print = PrintCopy {
            id_prefix: "c2-",
            chapters: &[],
        };
        let (r, _) = render_print(&input, print);
        assert!(r.sections.is_empty(), "a print copy is not cut for search");
        assert_eq!(r.facts.heading_ids, vec!["c2-注意事項", "c2-steps"]);
        assert!(r.html.contains("href=\"#c2-steps\""), "{}", r.html);
        assert!(r.html.contains("id=\"c2-n\""), "{}", r.html);
    }

    #[test]
    fn broken_link_names_the_file_line() {
        let (_, errors) = html("text\n\n[x](missing.md)\n");
        assert_eq!(errors.len(), 1);
        assert!(
            matches!(errors[0], Error::BrokenLink { line: 6, .. }),
            "{}",
            errors[0]
        );
    }
}
