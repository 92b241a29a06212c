//! The events of one page on their way from pulldown-cmark's parser to its HTML writer:
//! `**` beside Japanese text made bold, soft breaks beside Japanese punctuation and between
//! Japanese letters dropped, bare mail addresses made links,
//! links resolved and recorded, ids prefixed on the print page, headings noted for
//! `headings.rs`.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::markdown::lines::LineCounter;
use crate::markdown::mail;
use crate::markdown::{Input, LinkRecord, PrintCopy, is_cjk_wide, is_inline_tag, text_of};
use crate::report::error::Error;
use crate::typography::soft_break_is_dropped;

/// Where a heading sits in the event list.
pub(super) struct HeadingSpot {
    /// Index of its `Start` event.
    pub(super) start: usize,
    /// Index of its `End` event (the list's length while it is still open).
    pub(super) end: usize,
}

/// The events of one page on their way from the parser to the HTML writer.
pub(super) struct Stream<'a, 'i> {
    pub(super) input: &'i Input<'i>,
    pub(super) id_prefix: &'i str,
    /// The chapters beside this one on the print page (see `PrintCopy`).
    pub(super) print_chapters: &'i [(String, String)],
    pub(super) events: Vec<Event<'a>>,
    /// Consecutive text events that appear in the source exactly as written: where `**`
    /// beside Japanese text may still become bold.
    pub(super) run: Vec<(Event<'a>, Range<usize>)>,
    /// Where the source has a `*`, in order (only looked for when it has a `**`).
    pub(super) stars: Vec<usize>,
    /// The last event that is not an inline tag, if it was text: where it is in `events`.
    pub(super) last_text: Option<usize>,
    /// A soft break not yet decided: where it is in `events` and the character before it.
    pub(super) pending_break: Option<(usize, Option<char>)>,
    pub(super) headings: Vec<HeadingSpot>,
    /// Heading ids taken so far: explicit ones while reading, then the generated ones.
    pub(super) used: HashSet<String>,
    pub(super) duplicates: Vec<(String, usize)>,
    pub(super) links: Vec<LinkRecord>,
    /// Links to files of `content/`: line and path (see `Facts::assets`).
    pub(super) assets: Vec<(usize, String)>,
    pub(super) errors: Vec<Error>,
    pub(super) lines: LineCounter<'i>,
    /// The text each rendered shortcode shows, by the index of its event, for search.
    pub(super) shortcode_texts: Vec<(usize, String)>,
    pub(super) used_shortcodes: bool,
    /// How many links, images, code blocks and headings are open: a mail address in
    /// their text is no link of its own.
    no_mail_links: u32,
}

impl<'a, 'i> Stream<'a, 'i> {
    pub(super) fn new(input: &'i Input<'i>, print: PrintCopy<'i>) -> Stream<'a, 'i> {
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
            assets: Vec::new(),
            errors: Vec::new(),
            lines: LineCounter::new(input.body, input.body_line),
            shortcode_texts: Vec::new(),
            used_shortcodes: false,
            no_mail_links: 0,
        }
    }

    /// CommonMark's flanking rules leave `これは**「重要」**です` as literal asterisks (the
    /// CJK-friendly amendment is not in a pulldown-cmark release yet). Pairs of `**` left as
    /// text next to Japanese characters become bold here. Escaped `\*\*` is left alone: only
    /// text that appears in the source exactly as written is considered.
    pub(super) fn flush_run(&mut self) {
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

    /// Adds the next event of the page: a text with a bare mail address as text and links
    /// (where it is in no link, code block, image or heading), any other as it is.
    pub(super) fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_))
            | Event::Start(Tag::Heading { .. }) => self.no_mail_links += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock | TagEnd::Heading(_)) => {
                self.no_mail_links = self.no_mail_links.saturating_sub(1)
            }
            Event::Text(text)
                if self.no_mail_links == 0
                    && memchr::memchr(b'@', text.as_bytes()).is_some()
                    && mail::addresses(text).next().is_some() =>
            {
                return self.push_with_mail_links(event, range);
            }
            _ => {}
        }
        self.push_event(event, range);
    }

    /// A text with mail addresses: the text between them as it was, each address a
    /// `mailto:` link, as `<security@soranote.example>` would be.
    #[cold]
    fn push_with_mail_links(&mut self, event: Event<'a>, range: Range<usize>) {
        let Event::Text(text) = event else {
            return self.push_event(event, range);
        };
        let piece = |r: Range<usize>| match &text {
            CowStr::Borrowed(s) => CowStr::Borrowed(&s[r]),
            other => CowStr::from(other[r].to_string()),
        };
        let mut from = 0;
        for address in mail::addresses(&text).collect::<Vec<_>>() {
            // An autolink's target is kept as written: no link to resolve, no check.
            let mailto = CowStr::from(format!("mailto:{}", &text[address.clone()]));
            if address.start > from {
                self.push_event(Event::Text(piece(from..address.start)), range.clone());
            }
            let link = Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: mailto,
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            };
            self.push_event(Event::Start(link), range.clone());
            self.push_event(Event::Text(piece(address.clone())), range.clone());
            self.push_event(Event::End(TagEnd::Link), range.clone());
            from = address.end;
        }
        if from < text.len() {
            self.push_event(Event::Text(piece(from..text.len())), range);
        }
    }

    /// A soft line break renders as nothing where `typography::soft_break_is_dropped`
    /// says so (beside Japanese punctuation, or between two Japanese letters): the
    /// characters compared are those of the nearest text on each side, inline tags
    /// (emphasis, links) skipped. The break is held until the event after it is known.
    fn push_event(&mut self, event: Event<'a>, range: Range<usize>) {
        // Kept first and looked at in place: an event is moved as few times as possible.
        self.events.push(event);
        let mut index = self.events.len() - 1;
        if !is_inline_tag(&self.events[index]) {
            if let Some((i, before)) = self.pending_break.take() {
                let after = text_of(&self.events[index]).and_then(|t| t.chars().next());
                if soft_break_is_dropped(before, after) {
                    // Only inline tags came after the break: nothing recorded points past it.
                    self.events.remove(i);
                    index -= 1;
                }
            }
            self.last_text = match &self.events[index] {
                Event::Text(_) | Event::Code(_) => Some(index),
                Event::SoftBreak => {
                    let before = self
                        .last_text
                        .and_then(|i| text_of(&self.events[i]))
                        .and_then(|t| t.chars().next_back());
                    self.pending_break = Some((index, before));
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
                file: None,
            });
            if self.id_prefix.is_empty() {
                return dest_url;
            }
            return CowStr::from(format!("#{}{fragment}", self.id_prefix));
        }
        match input
            .links
            .resolve_in_copy(input.dir, &dest_url, input.language, input.assets)
        {
            Ok(Some(resolved)) => {
                let url = self
                    .on_print_page(&dest_url, &resolved.url)
                    .unwrap_or(resolved.url);
                if let Some(asset) = resolved.asset {
                    self.assets.push((line, asset));
                } else if resolved.page.is_some() || resolved.file.is_some() {
                    self.links.push(LinkRecord {
                        line,
                        written: dest_url.to_string(),
                        page: resolved.page,
                        fragment: resolved.fragment,
                        file: resolved.file,
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
