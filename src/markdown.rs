//! Markdown to HTML with pulldown-cmark, plus what a Japanese trust portal needs on top:
//! stable heading ids that keep Japanese characters, a self-link per heading, a table of
//! contents, no space where a line break falls between two Japanese characters, bold next
//! to Japanese punctuation, and relative links resolved to the target page's URL.
//!
//! Everything is done on the event stream; the HTML itself comes from pulldown-cmark's
//! writer, never from editing rendered HTML.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::error::Error;
use crate::language::Language;
use crate::links::LinkTable;
use crate::slug::slugify;

/// What a page's Markdown renders to.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page, in order (for anchor checks).
    pub heading_ids: Vec<String>,
    /// Every internal link, for `check` to verify its `#anchor` and its target.
    pub links: Vec<LinkRecord>,
    /// Explicit `{#id}`s given to more than one heading, with the line of each repeat.
    pub duplicate_ids: Vec<(String, usize)>,
    /// The page as plain text, cut at its h2 and h3 headings (for the search index).
    pub sections: Vec<Section>,
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
    pub page: Option<crate::links::PageRef>,
    pub fragment: Option<String>,
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
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Renders one page; broken links come back as errors beside the (still complete) HTML.
pub fn render(input: &Input) -> (Rendered, Vec<Error>) {
    render_prefixed(input, "")
}

/// Renders with every heading id, footnote id and same-page `#link` prefixed, so that
/// several chapters can share one page (the "print this manual" page) without clashing ids.
pub fn render_prefixed(input: &Input, id_prefix: &str) -> (Rendered, Vec<Error>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Spanned> = Parser::new_ext(input.body, options)
        .into_offset_iter()
        .collect();
    let events = bold_beside_cjk_punctuation(events, input.body);
    let events = drop_breaks_between_cjk(events);
    let mut errors = Vec::new();
    let mut links = Vec::new();
    let lines = crate::error::LineIndex::new(input.body);
    let events = resolve_links(events, input, &lines, &mut errors, &mut links);
    let events = if id_prefix.is_empty() {
        events
    } else {
        prefix_ids(events, id_prefix)
    };
    let (events, toc, heading_ids, duplicates) = number_headings(events, id_prefix);
    let sections = sections_of(&events);
    let line = |offset: usize| input.body_line + lines.line(offset) - 1;
    let duplicate_ids = duplicates
        .into_iter()
        .map(|(id, offset)| (id, line(offset)))
        .collect();

    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    (
        Rendered {
            html,
            toc,
            heading_ids,
            links,
            duplicate_ids,
            sections,
        },
        errors,
    )
}

/// Wide characters between which a line break is not a space (CSS Text 3 segment breaks).
pub fn is_cjk_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // CJK radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x31F0..=0x31FF    // katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFFEF    // full-width and half-width forms
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}

fn is_inline_tag(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

/// A soft line break between two Japanese characters renders as nothing, not a space.
fn drop_breaks_between_cjk(events: Vec<Spanned>) -> Vec<Spanned> {
    let mut keep = vec![true; events.len()];
    for i in 0..events.len() {
        if !matches!(events[i].0, Event::SoftBreak) {
            continue;
        }
        let before = events[..i]
            .iter()
            .rev()
            .find(|(e, _)| !is_inline_tag(e))
            .and_then(|(e, _)| text_of(e).and_then(|t| t.chars().next_back()));
        let after = events[i + 1..]
            .iter()
            .find(|(e, _)| !is_inline_tag(e))
            .and_then(|(e, _)| text_of(e).and_then(|t| t.chars().next()));
        if let (Some(b), Some(a)) = (before, after)
            && is_cjk_wide(b)
            && is_cjk_wide(a)
        {
            keep[i] = false;
        }
    }
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

fn text_of<'e>(event: &'e Event) -> Option<&'e str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    }
}

/// CommonMark's flanking rules leave `これは**「重要」**です` as literal asterisks (the
/// CJK-friendly amendment is not in a pulldown-cmark release yet). Pairs of `**` left as
/// text next to Japanese characters become bold here. Escaped `\*\*` is left alone: only
/// text that appears in the source exactly as written is considered.
fn bold_beside_cjk_punctuation<'a>(events: Vec<Spanned<'a>>, source: &str) -> Vec<Spanned<'a>> {
    if !source.contains("**") {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut run: Vec<Spanned<'a>> = Vec::new();
    for (event, range) in events {
        let raw = matches!(&event, Event::Text(t) if source.get(range.clone()) == Some(t.as_ref()));
        if raw {
            run.push((event, range));
            continue;
        }
        flush_run(&mut run, &mut out);
        out.push((event, range));
    }
    flush_run(&mut run, &mut out);
    out
}

fn flush_run<'a>(run: &mut Vec<Spanned<'a>>, out: &mut Vec<Spanned<'a>>) {
    if run.is_empty() {
        return;
    }
    let text: String = run.iter().filter_map(|(e, _)| text_of(e)).collect();
    let range = run[0].1.start..run[run.len() - 1].1.end;
    if !text.contains("**") {
        out.append(run);
        return;
    }
    run.clear();
    let marks: Vec<usize> = text.match_indices("**").map(|(i, _)| i).collect();
    let mut pos = 0;
    let mut pairs = marks.chunks_exact(2).filter_map(|p| {
        let (open, close) = (p[0], p[1]);
        let inner = &text[open + 2..close];
        let before = text[..open].chars().next_back();
        let after = text[close + 2..].chars().next();
        let first = inner.chars().next()?;
        let last = inner.chars().next_back()?;
        let beside_cjk = [before, Some(first), Some(last), after]
            .into_iter()
            .flatten()
            .any(is_cjk_wide);
        (beside_cjk && !first.is_whitespace() && !last.is_whitespace()).then_some((open, close))
    });
    for (open, close) in pairs.by_ref() {
        if open > pos {
            out.push((
                Event::Text(CowStr::from(text[pos..open].to_string())),
                range.clone(),
            ));
        }
        out.push((Event::Start(Tag::Strong), range.clone()));
        out.push((
            Event::Text(CowStr::from(text[open + 2..close].to_string())),
            range.clone(),
        ));
        out.push((Event::End(TagEnd::Strong), range.clone()));
        pos = close + 2;
    }
    if pos < text.len() {
        out.push((Event::Text(CowStr::from(text[pos..].to_string())), range));
    }
}

/// Rewrites relative link and image targets; collects the ones that go nowhere.
fn resolve_links<'a>(
    mut events: Vec<Spanned<'a>>,
    input: &Input,
    lines: &crate::error::LineIndex,
    errors: &mut Vec<Error>,
    links: &mut Vec<LinkRecord>,
) -> Vec<Spanned<'a>> {
    for (event, range) in &mut events {
        let (Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        })) = event
        else {
            continue;
        };
        if matches!(
            link_type,
            LinkType::Autolink | LinkType::Email | LinkType::WikiLink { .. }
        ) {
            continue;
        }
        let line = input.body_line + lines.line(range.start) - 1;
        if let Some(fragment) = dest_url.strip_prefix('#') {
            links.push(LinkRecord {
                line,
                written: dest_url.to_string(),
                page: None,
                fragment: Some(fragment.to_string()),
            });
            continue;
        }
        match input
            .links
            .resolve_link(input.dir, dest_url, input.language)
        {
            Ok(Some(resolved)) => {
                if resolved.page.is_some() {
                    links.push(LinkRecord {
                        line,
                        written: dest_url.to_string(),
                        page: resolved.page,
                        fragment: resolved.fragment,
                    });
                }
                *dest_url = CowStr::from(resolved.url);
            }
            Ok(None) => {}
            Err(reason) => errors.push(Error::BrokenLink {
                path: input.path.to_path_buf(),
                line,
                target: dest_url.to_string(),
                reason,
            }),
        }
    }
    events
}

/// Gives every heading an id (explicit `{#id}` first, else a slug, unique on the page),
/// appends a self-link, and collects the table of contents.
type Numbered<'a> = (
    Vec<Spanned<'a>>,
    Vec<TocEntry>,
    Vec<String>,
    Vec<(String, usize)>,
);

fn number_headings<'a>(events: Vec<Spanned<'a>>, id_prefix: &str) -> Numbered<'a> {
    let mut used: HashSet<String> = HashSet::new();
    let mut next_suffix = std::collections::HashMap::new();
    let mut duplicates = Vec::new();
    // Explicit ids are reserved first so a slug never takes one.
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
            && !used.insert(id.to_string())
        {
            duplicates.push((id.to_string(), range.start));
        }
    }
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut toc = Vec::new();
    let mut ids = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i].0
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let inner = &events[i + 1..end];
        let id = match id {
            Some(id) => id.to_string(),
            None => {
                let text: String = inner.iter().filter_map(|(e, _)| text_of(e)).collect();
                unique(
                    format!("{id_prefix}{}", slugify(&text)),
                    &mut used,
                    &mut next_suffix,
                )
            }
        };
        let level_number = *level as u8;
        if (2..=3).contains(&level_number) {
            let mut title_html = String::new();
            pulldown_cmark::html::push_html(&mut title_html, inner.iter().map(|(e, _)| e.clone()));
            toc.push(TocEntry {
                level: level_number,
                id: id.clone(),
                title_html,
            });
        }
        ids.push(id.clone());
        let range = events[i].1.clone();
        out.push((
            Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(id.clone())),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }),
            range.clone(),
        ));
        out.extend(inner.iter().cloned());
        let mut anchor = String::from(" <a class=\"anchor\" href=\"#");
        let _ = pulldown_cmark_escape::escape_html(&mut anchor, &id);
        anchor.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
        out.push((Event::InlineHtml(CowStr::from(anchor)), range));
        if end < events.len() {
            out.push(events[end].clone());
        }
        i = end + 1;
    }
    (out, toc, ids, duplicates)
}

/// Plain text per section, from the final event stream (ids assigned, breaks between
/// Japanese characters already dropped): text and code, never raw HTML or the self-links.
fn sections_of(events: &[Spanned]) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let mut in_heading = false;
    for (event, _) in events {
        let Some(current) = sections.last_mut() else {
            break;
        };
        let sink = if in_heading {
            &mut current.heading
        } else {
            &mut current.text
        };
        match event {
            Event::Start(Tag::Heading { level, id, .. }) if (2..=3).contains(&(*level as u8)) => {
                sections.push(Section {
                    id: id.as_ref().map(|id| id.to_string()),
                    ..Section::default()
                });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) if in_heading => in_heading = false,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                sink.push_str(t)
            }
            Event::SoftBreak => sink.push(' '),
            Event::HardBreak | Event::Rule => sink.push('\n'),
            Event::Start(_) | Event::End(_) if !is_inline_tag(event) => sink.push('\n'),
            _ => {}
        }
    }
    for section in &mut sections {
        section.heading = collapse_spaces(&section.heading).replace('\n', " ");
        section.text = collapse_spaces(&section.text);
    }
    sections
}

/// One line per non-blank line of `text`, each trimmed, with runs of spaces made one.
fn collapse_spaces(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prefixes explicit heading ids, footnote labels and same-page `#links`.
fn prefix_ids<'a>(events: Vec<Spanned<'a>>, prefix: &str) -> Vec<Spanned<'a>> {
    let with = |s: &str| CowStr::from(format!("{prefix}{s}"));
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Heading {
                    level,
                    id: Some(id),
                    classes,
                    attrs,
                }) => Event::Start(Tag::Heading {
                    level,
                    id: Some(with(&id)),
                    classes,
                    attrs,
                }),
                Event::FootnoteReference(label) => Event::FootnoteReference(with(&label)),
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    Event::Start(Tag::FootnoteDefinition(with(&label)))
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if dest_url.starts_with('#') => Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(format!("#{prefix}{}", &dest_url[1..])),
                    title,
                    id,
                }),
                other => other,
            };
            (event, range)
        })
        .collect()
}

/// `base`, or `base-1`, `base-2`… whichever is free. The next suffix to try is kept per
/// base, so ten thousand headings of the same text stay linear.
fn unique(
    base: String,
    used: &mut HashSet<String>,
    next: &mut std::collections::HashMap<String, usize>,
) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let n = next.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
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
        })
    }

    #[test]
    fn line_break_between_japanese_characters_is_dropped() {
        let (r, _) = html("日本語の\n文章です。\nEnglish\nwords");
        assert!(r.html.contains("日本語の文章です。"), "{}", r.html);
        assert!(r.html.contains("English\nwords"), "{}", r.html);
    }

    #[test]
    fn bold_next_to_japanese_brackets() {
        let (r, _) = html("これは**「重要」**です");
        assert_eq!(r.html.trim(), "<p>これは<strong>「重要」</strong>です</p>");
        let (r, _) = html("これは\\*\\*「重要」\\*\\*です");
        assert!(!r.html.contains("<strong>"), "{}", r.html);
    }

    #[test]
    fn heading_ids_keep_japanese_and_are_unique() {
        let (r, _) = html("## 1. 責任分界\n\n## 1. 責任分界\n\n### 暗号化 {#encryption}\n");
        assert_eq!(
            r.heading_ids,
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
        };
        let (r, _) = render_prefixed(&input, "c2-");
        assert_eq!(r.heading_ids, vec!["c2-注意事項", "c2-steps"]);
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
