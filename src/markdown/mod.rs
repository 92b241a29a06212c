//! Markdown to HTML with pulldown-cmark, plus what a Japanese trust portal needs on top:
//! stable heading ids that keep Japanese characters, a self-link per heading, a table of
//! contents, no space where a line break falls between two Japanese characters, bold next
//! to Japanese punctuation, and relative links resolved to the target page's URL.
//!
//! Everything is done on the event stream; the HTML itself comes from pulldown-cmark's
//! writer, never from editing rendered HTML. The stream is read once: bold, line breaks,
//! links and id prefixes are handled as the parser yields each event; heading ids are given
//! once every explicit `{#id}` is known; the search sections are taken while the writer
//! consumes the events.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

pub mod slug;
pub mod stage;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::slug::slugify;
use crate::model::language::Language;
use crate::plan::links::LinkTable;
use crate::report::error::Error;

/// What a page's Markdown renders to.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The page as plain text, cut at its h2 and h3 headings (for the search index).
    pub sections: Vec<Section>,
    /// What the checks read; the pages do not.
    pub facts: Facts,
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
}

const OPTIONS: Options = Options::ENABLE_TABLES
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
    for (event, range) in Parser::new_ext(input.body, OPTIONS).into_offset_iter() {
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

fn text_of<'e>(event: &'e Event) -> Option<&'e str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    }
}

/// Where a heading sits in the event list.
struct HeadingSpot {
    /// Index of its `Start` event.
    start: usize,
    /// Index of its `End` event (the list's length while it is still open).
    end: usize,
}

/// The events of one page on their way from the parser to the HTML writer.
struct Stream<'a, 'i> {
    input: &'i Input<'i>,
    id_prefix: &'i str,
    /// The chapters beside this one on the print page (see `PrintCopy`).
    print_chapters: &'i [(String, String)],
    events: Vec<Event<'a>>,
    /// Consecutive text events that appear in the source exactly as written: where `**`
    /// beside Japanese text may still become bold.
    run: Vec<(Event<'a>, Range<usize>)>,
    /// Where the source has a `*`, in order (only looked for when it has a `**`).
    stars: Vec<usize>,
    /// The last event that is not an inline tag, if it was text: where it is in `events`.
    last_text: Option<usize>,
    /// A soft break after a wide character, dropped if the next text starts with one.
    pending_break: Option<usize>,
    headings: Vec<HeadingSpot>,
    /// Heading ids taken so far: explicit ones while reading, then the generated ones.
    used: HashSet<String>,
    duplicates: Vec<(String, usize)>,
    links: Vec<LinkRecord>,
    errors: Vec<Error>,
    lines: LineCounter<'i>,
}

impl<'a, 'i> Stream<'a, 'i> {
    fn new(input: &'i Input<'i>, print: PrintCopy<'i>) -> Stream<'a, 'i> {
        Stream {
            input,
            id_prefix: print.id_prefix,
            print_chapters: print.chapters,
            events: Vec::with_capacity(input.body.len() / 8),
            run: Vec::new(),
            stars: Vec::new(),
            last_text: None,
            pending_break: None,
            headings: Vec::new(),
            used: HashSet::new(),
            duplicates: Vec::new(),
            links: Vec::new(),
            errors: Vec::new(),
            lines: LineCounter::new(input.body, input.body_line),
        }
    }

    /// CommonMark's flanking rules leave `これは**「重要」**です` as literal asterisks (the
    /// CJK-friendly amendment is not in a pulldown-cmark release yet). Pairs of `**` left as
    /// text next to Japanese characters become bold here. Escaped `\*\*` is left alone: only
    /// text that appears in the source exactly as written is considered.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let mut run = std::mem::take(&mut self.run);
        // Each piece is the source at its range: a `*` in one is a `*` of the source there.
        let start = run.iter().map(|(_, r)| r.start).min().unwrap_or(0);
        let end = run.iter().map(|(_, r)| r.end).max().unwrap_or(0);
        let first_star = self.stars.partition_point(|&p| p < start);
        let has_star = self.stars.get(first_star).is_some_and(|&p| p < end);
        let text: String = if has_star {
            run.iter().filter_map(|(e, _)| text_of(e)).collect()
        } else {
            String::new()
        };
        if !text.contains("**") {
            for (event, range) in run.drain(..) {
                self.push(event, range);
            }
            self.run = run;
            return;
        }
        let range = run[0].1.start..run[run.len() - 1].1.end;
        run.clear();
        self.run = run;
        let marks: Vec<usize> = text.match_indices("**").map(|(i, _)| i).collect();
        let mut pos = 0;
        let pairs = marks.chunks_exact(2).filter_map(|p| {
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
        for (open, close) in pairs {
            if open > pos {
                let piece = CowStr::from(text[pos..open].to_string());
                self.push(Event::Text(piece), range.clone());
            }
            self.push(Event::Start(Tag::Strong), range.clone());
            let inner = CowStr::from(text[open + 2..close].to_string());
            self.push(Event::Text(inner), range.clone());
            self.push(Event::End(TagEnd::Strong), range.clone());
            pos = close + 2;
        }
        if pos < text.len() {
            let rest = CowStr::from(text[pos..].to_string());
            self.push(Event::Text(rest), range);
        }
    }

    /// A soft line break between two Japanese characters renders as nothing, not a space:
    /// the characters compared are those of the nearest text on each side, inline tags
    /// (emphasis, links) skipped.
    fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        // Kept first and looked at in place: an event is moved as few times as possible.
        self.events.push(event);
        let mut index = self.events.len() - 1;
        if !is_inline_tag(&self.events[index]) {
            if let Some(i) = self.pending_break.take()
                && text_of(&self.events[index])
                    .and_then(|t| t.chars().next())
                    .is_some_and(is_cjk_wide)
            {
                // Only inline tags came after the break: nothing recorded points past it.
                self.events.remove(i);
                index -= 1;
            }
            self.last_text = match &self.events[index] {
                Event::Text(_) | Event::Code(_) => Some(index),
                Event::SoftBreak => {
                    let wide_before = self
                        .last_text
                        .and_then(|i| text_of(&self.events[i]))
                        .and_then(|t| t.chars().next_back())
                        .is_some_and(is_cjk_wide);
                    if wide_before {
                        self.pending_break = Some(index);
                    }
                    None
                }
                _ => None,
            };
        }
        self.note(index, range.start);
    }

    /// Resolves links, prefixes ids and notes headings: the event at `index`, which starts
    /// at byte `offset` of the body.
    fn note(&mut self, index: usize, offset: usize) {
        if let Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                ..
            },
        ) = &mut self.events[index]
        {
            let link_type = *link_type;
            let written = std::mem::replace(dest_url, CowStr::Borrowed(""));
            let dest = self.resolve_link(link_type, written, offset);
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                &mut self.events[index]
            {
                *dest_url = dest;
            }
        }
        if !self.id_prefix.is_empty() {
            let event = std::mem::replace(&mut self.events[index], Event::Rule);
            self.events[index] = prefix_id(event, self.id_prefix);
        }
        match &self.events[index] {
            Event::Start(Tag::Heading { id, .. }) => {
                // Explicit ids are reserved first so a slug never takes one.
                if let Some(id) = id
                    && !self.used.insert(id.to_string())
                {
                    let duplicate = (id.to_string(), self.lines.line(offset));
                    self.duplicates.push(duplicate);
                }
                self.headings.push(HeadingSpot {
                    start: index,
                    end: usize::MAX,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(spot) = self.headings.last_mut()
                    && spot.end == usize::MAX
                {
                    spot.end = index;
                }
            }
            _ => {}
        }
    }

    /// Rewrites a relative link or image target; notes internal links and broken ones.
    fn resolve_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        offset: usize,
    ) -> CowStr<'a> {
        if matches!(
            link_type,
            LinkType::Autolink | LinkType::Email | LinkType::WikiLink { .. }
        ) {
            return dest_url;
        }
        let input = self.input;
        let line = self.lines.line(offset);
        if let Some(fragment) = dest_url.strip_prefix('#') {
            self.links.push(LinkRecord {
                line,
                written: dest_url.to_string(),
                page: None,
                fragment: Some(fragment.to_string()),
            });
            if self.id_prefix.is_empty() {
                return dest_url;
            }
            return CowStr::from(format!("#{}{fragment}", self.id_prefix));
        }
        match input
            .links
            .resolve_link(input.dir, &dest_url, input.language)
        {
            Ok(Some(resolved)) => {
                let url = self
                    .on_print_page(&dest_url, &resolved.url)
                    .unwrap_or(resolved.url);
                if resolved.page.is_some() {
                    self.links.push(LinkRecord {
                        line,
                        written: dest_url.to_string(),
                        page: resolved.page,
                        fragment: resolved.fragment,
                    });
                }
                CowStr::from(url)
            }
            Ok(None) => dest_url,
            Err(reason) => {
                self.errors.push(Error::BrokenLink {
                    path: input.path.to_path_buf(),
                    line,
                    target: dest_url.to_string(),
                    reason,
                });
                dest_url
            }
        }
    }

    /// On the print page, where a link written `written` that resolved to `url` goes when
    /// it is to a chapter on the page: that chapter's place, or the heading there.
    fn on_print_page(&self, written: &str, url: &str) -> Option<String> {
        let page = url.split('#').next().unwrap_or(url);
        let (_, anchor) = self.print_chapters.iter().find(|(u, _)| u == page)?;
        Some(match written.split_once('#') {
            Some((_, fragment)) if !fragment.is_empty() => format!("#{anchor}-{fragment}"),
            _ => format!("#{anchor}"),
        })
    }

    /// Gives every heading an id (explicit `{#id}` first, else a slug, unique on the page),
    /// collects the table of contents, and writes the HTML with a self-link per heading.
    fn finish(mut self) -> (Rendered, Vec<Error>) {
        let mut next_suffix = HashMap::new();
        let mut toc = Vec::new();
        let mut heading_ids = Vec::with_capacity(self.headings.len());
        let mut anchors = Vec::with_capacity(self.headings.len());
        let mut text = String::new();
        for spot in &self.headings {
            let end = spot.end.min(self.events.len());
            let inner = &self.events[spot.start + 1..end];
            let Event::Start(Tag::Heading { level, id, .. }) = &self.events[spot.start] else {
                continue;
            };
            let level = *level;
            let id = match id {
                Some(id) => id.to_string(),
                None => {
                    text.clear();
                    text.extend(inner.iter().filter_map(text_of));
                    unique(
                        format!("{}{}", self.id_prefix, slugify(&text)),
                        &mut self.used,
                        &mut next_suffix,
                    )
                }
            };
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                let mut title_html = String::new();
                pulldown_cmark::html::push_html(&mut title_html, inner.iter().cloned());
                toc.push(TocEntry {
                    level: level as u8,
                    id: id.clone(),
                    title_html,
                });
            }
            let mut anchor = String::with_capacity(id.len() + 64);
            anchor.push_str(" <a class=\"anchor\" href=\"#");
            let _ = pulldown_cmark_escape::escape_html(&mut anchor, &id);
            anchor.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
            anchors.push((end, CowStr::from(anchor)));
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[spot.start] {
                *slot = Some(CowStr::from(id.clone()));
            }
            heading_ids.push(id);
        }

        let mut sections = Sections::new();
        let want_sections = self.input.sections;
        let mut html = String::with_capacity(self.input.body.len() * 3 / 2);
        let events = WithAnchors {
            events: self.events.into_iter(),
            index: 0,
            anchors: anchors.into_iter().peekable(),
            held: None,
        }
        .inspect(|event| {
            if want_sections {
                sections.add(event);
            }
        });
        pulldown_cmark::html::push_html(&mut html, events);
        // Every copy's HTML is held until its pages are written: no room to spare.
        html.shrink_to_fit();
        (
            Rendered {
                html,
                toc,
                sections: if want_sections {
                    sections.finish()
                } else {
                    Vec::new()
                },
                facts: Facts {
                    heading_ids,
                    links: self.links,
                    duplicate_ids: self.duplicates,
                },
            },
            self.errors,
        )
    }
}

/// Heading ids and footnote labels with the chapter's prefix (same-page `#links` get it
/// where links are resolved).
fn prefix_id<'a>(event: Event<'a>, prefix: &str) -> Event<'a> {
    let with = |s: &str| CowStr::from(format!("{prefix}{s}"));
    match event {
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
        other => other,
    }
}

/// The events with each heading's self-link put just before the heading's end.
struct WithAnchors<'a, I: Iterator<Item = (usize, CowStr<'a>)>> {
    events: std::vec::IntoIter<Event<'a>>,
    index: usize,
    anchors: std::iter::Peekable<I>,
    held: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = (usize, CowStr<'a>)>> Iterator for WithAnchors<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.held.take() {
            return Some(event);
        }
        let at_anchor = self.anchors.peek().is_some_and(|(i, _)| *i == self.index);
        let Some(event) = self.events.next() else {
            // A heading left open at the end still gets its self-link.
            return self.anchors.next().map(|(_, a)| Event::InlineHtml(a));
        };
        self.index += 1;
        if at_anchor && let Some((_, anchor)) = self.anchors.next() {
            self.held = Some(event);
            return Some(Event::InlineHtml(anchor));
        }
        Some(event)
    }
}

/// 1-based lines of the file for byte offsets of the body, counted forward as they come.
struct LineCounter<'i> {
    body: &'i [u8],
    /// Line of the file where the body starts.
    first: usize,
    offset: usize,
    newlines: usize,
}

impl<'i> LineCounter<'i> {
    fn new(body: &'i str, first: usize) -> LineCounter<'i> {
        LineCounter {
            body: body.as_bytes(),
            first,
            offset: 0,
            newlines: 0,
        }
    }

    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.body.len());
        if offset < self.offset {
            self.offset = 0;
            self.newlines = 0;
        }
        self.newlines += count_newlines(&self.body[self.offset..offset]);
        self.offset = offset;
        self.first + self.newlines
    }
}

/// `\n`s in `bytes`, eight bytes at a time.
fn count_newlines(bytes: &[u8]) -> usize {
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    let mut count = 0;
    for chunk in chunks {
        let eight = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        count += zero_bytes(eight ^ (u64::from(b'\n') * ONES)).count_ones() as usize;
    }
    count + rest.iter().filter(|&&b| b == b'\n').count()
}

/// Plain text per section, taken from the final event stream (ids assigned, breaks
/// between Japanese characters already dropped): text and code, never raw HTML or the
/// self-links. Each block is a line; runs of white space are one space, blank lines go.
/// A section's heading and text are written to scratch buffers and copied out once, at
/// their exact size, when the next section starts.
struct Sections {
    sections: Vec<Section>,
    id: Option<String>,
    heading: String,
    text: String,
    in_heading: bool,
    heading_gap: Gap,
    text_gap: Gap,
}

/// White space seen since the last word written to a section's text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
}

impl Sections {
    fn new() -> Sections {
        Sections {
            sections: Vec::new(),
            id: None,
            heading: String::new(),
            text: String::with_capacity(1024),
            in_heading: false,
            heading_gap: Gap::None,
            text_gap: Gap::None,
        }
    }

    fn add(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                id,
                ..
            }) => {
                self.close();
                self.id = id.as_ref().map(|id| id.to_string());
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) if self.in_heading => self.in_heading = false,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_str(t)
            }
            Event::SoftBreak => self.gap(Gap::Space),
            Event::HardBreak | Event::Rule => self.gap(Gap::Line),
            Event::Start(_) | Event::End(_) if !is_inline_tag(event) => self.gap(Gap::Line),
            _ => {}
        }
    }

    /// Ends the current section.
    fn close(&mut self) {
        self.sections.push(Section {
            id: self.id.take(),
            heading: String::from(self.heading.as_str()),
            text: String::from(self.text.as_str()),
        });
        self.heading.clear();
        self.text.clear();
        self.heading_gap = Gap::None;
        self.text_gap = Gap::None;
    }

    fn gap(&mut self, gap: Gap) {
        let current = if self.in_heading {
            &mut self.heading_gap
        } else {
            &mut self.text_gap
        };
        *current = (*current).max(gap);
    }

    /// Appends text: words as they are, white space between them as one space, or as one
    /// line break where the white space held one (a space, in a heading). A single space
    /// between two words is copied with them.
    fn push_str(&mut self, text: &str) {
        let (sink, gap, line) = if self.in_heading {
            (&mut self.heading, &mut self.heading_gap, " ")
        } else {
            (&mut self.text, &mut self.text_gap, "\n")
        };
        let bytes = text.as_bytes();
        let n = bytes.len();
        // `bytes[word..i]` is text still to be written: it starts with a word.
        let mut word = 0;
        let mut i = 0;
        while i < n {
            if let Some(eight) = bytes.get(i..i + 8) {
                // Eight bytes at a time, to the next one that may be white space.
                let mask = may_be_space(u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])));
                if mask == 0 {
                    i += 8;
                    continue;
                }
                i += (mask.trailing_zeros() / 8) as usize;
            }
            let (start, len) = match BYTE_CLASS[usize::from(bytes[i])] {
                PLAIN => {
                    i += 1;
                    continue;
                }
                SPACE => {
                    if i > word
                        && i + 1 < n
                        && BYTE_CLASS[usize::from(bytes[i + 1])] == PLAIN
                        && bytes[i + 1] != 0xE3
                    {
                        // One space between two words: it stays as it is.
                        i += 2;
                        continue;
                    }
                    (i, 1)
                }
                _ => match space_at(bytes, i) {
                    Some(found) => found,
                    None => {
                        i += 1;
                        continue;
                    }
                },
            };
            if word < start {
                write_word(sink, gap, line, &text[word..start]);
            }
            *gap = (*gap).max(if bytes[start] == b'\n' {
                Gap::Line
            } else {
                Gap::Space
            });
            i = start + len;
            word = i;
        }
        if word < n {
            write_word(sink, gap, line, &text[word..]);
        }
    }

    fn finish(mut self) -> Vec<Section> {
        self.close();
        self.sections
    }
}

const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const MAYBE: u8 = 2;

/// What a byte of UTF-8 text may be part of, for `char::is_whitespace`: `SPACE` for ` `;
/// `MAYBE` for the other ASCII white space, the lead bytes of U+0085, U+00A0, U+1680 and
/// U+2000–U+205F, and 0x80, the last byte of U+3000 (E3 80 80): its lead byte E3 also
/// starts most kana, so it is recognised by its end.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' => SPACE,
            b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0x80 => MAYBE,
            _ => PLAIN,
        };
        b += 1;
    }
    table
};

const LOW_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that is zero.
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW_BITS) + LOW_BITS) | x) & HIGH_BITS
}

/// The high bit of each byte of `x` (eight bytes of text, first in the lowest) that is
/// not `PLAIN`, and of other bytes below 0x21.
fn may_be_space(x: u64) -> u64 {
    let below_0x21 = !(((x & LOW_BITS) + 0x5F * ONES) | x) & HIGH_BITS;
    below_0x21
        | zero_bytes(x ^ (0x80 * ONES))
        | zero_bytes(x ^ (0xC2 * ONES))
        | zero_bytes(x ^ (0xE1 * ONES))
        | zero_bytes(x ^ (0xE2 * ONES))
}

/// The white space character that `bytes[i]`, a `MAYBE` byte of valid UTF-8, starts or
/// ends: its start and length.
fn space_at(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let next = |n: usize| bytes.get(i + n).copied().unwrap_or(0);
    match bytes[i] {
        b'\t'..=b'\r' => Some((i, 1)),
        0xC2 if matches!(next(1), 0x85 | 0xA0) => Some((i, 2)),
        0xE1 if next(1) == 0x9A && next(2) == 0x80 => Some((i, 3)),
        0xE2 if matches!(
            (next(1), next(2)),
            (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)
        ) =>
        {
            Some((i, 3))
        }
        0x80 if i >= 2 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xE3 => Some((i - 2, 3)),
        _ => None,
    }
}

fn write_word(sink: &mut String, gap: &mut Gap, line: &str, word: &str) {
    if !sink.is_empty() {
        match *gap {
            Gap::None => {}
            Gap::Space => sink.push(' '),
            Gap::Line => sink.push_str(line),
        }
    }
    *gap = Gap::None;
    sink.push_str(word);
}

/// `base`, or `base-1`, `base-2`… whichever is free. The next suffix to try is kept per
/// base, so ten thousand headings of the same text stay linear.
fn unique(base: String, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
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
            sections: true,
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
    fn white_space_is_found_as_char_is_whitespace_finds_it() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let bytes = text.as_bytes();
            let found: Vec<(usize, usize)> = (0..bytes.len())
                .filter(|&i| match BYTE_CLASS[usize::from(bytes[i])] {
                    PLAIN => false,
                    SPACE => true,
                    _ => space_at(bytes, i).is_some(),
                })
                .map(|i| space_at(bytes, i).unwrap_or((i, 1)))
                .collect();
            let expected = if c.is_whitespace() {
                vec![(1, c.len_utf8())]
            } else {
                vec![]
            };
            assert_eq!(found, expected, "U+{:04X}", c as u32);
        }
    }

    /// One line per non-blank line of `text`, each trimmed, with runs of spaces made one:
    /// what a section's text is, written plainly.
    fn collapse_spaces(text: &str) -> String {
        text.lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn eight_bytes_at_a_time_miss_no_byte_that_may_be_space() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b'a'; 8];
                eight[at] = b;
                let mask = may_be_space(u64::from_le_bytes(eight));
                let flagged = b < 0x21 || BYTE_CLASS[usize::from(b)] != PLAIN;
                let expected = if flagged { 0x80 << (8 * at) } else { 0 };
                assert_eq!(mask, expected, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn newlines_are_counted() {
        let text = "a\nb\n\n日本語\nxxxxxxxxxxxxxxxx\n\n\n";
        for end in 0..=text.len() {
            let expected = text.as_bytes()[..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            assert_eq!(count_newlines(&text.as_bytes()[..end]), expected);
        }
    }

    #[test]
    fn section_text_collapses_white_space_as_lines_and_words() {
        let alphabet = [
            "a", "bc", "あ", "、", "\u{3000}", "\u{3040}", " ", "  ", "\n", "\t", "\r\n", "\u{a0}",
            "\u{85}", "\u{2029}", "\u{2010}", "\u{1680}",
        ];
        let mut pieces = vec![String::new()];
        for _ in 0..4 {
            pieces = pieces
                .iter()
                .flat_map(|p| alphabet.iter().map(move |a| format!("{p}{a}")))
                .collect();
        }
        let pieces = pieces.iter().flat_map(|p| {
            ["", "abcdefg", "あいう"]
                .into_iter()
                .map(move |lead| format!("{lead}{p}"))
        });
        for text in &pieces.collect::<Vec<_>>() {
            for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for in_heading in [false, true] {
                    let mut sections = Sections::new();
                    sections.in_heading = in_heading;
                    sections.push_str(&text[..cut]);
                    sections.push_str(&text[cut..]);
                    let got = sections.finish();
                    let expected = collapse_spaces(text);
                    if in_heading {
                        assert_eq!(got[0].heading, expected.replace('\n', " "), "{text:?}");
                    } else {
                        assert_eq!(got[0].text, expected, "{text:?} cut at {cut}");
                    }
                }
            }
        }
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
