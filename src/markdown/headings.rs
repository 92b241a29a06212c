//! Headings, once the whole page is read: every heading gets an id (an explicit `{#id}`
//! first, else a slug that keeps Japanese characters, unique on the page), the table of
//! contents is collected, and the HTML is written with a self-link after each heading.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};

use crate::markdown::accessible::{Accessible, TaskLabels};
use crate::markdown::blocks::{Blocks, Collector};
use crate::markdown::phrase_breaks::PhraseBreaks;
use crate::markdown::sections::Sections;
use crate::markdown::slug::slugify;
use crate::markdown::stream::Stream;
use crate::markdown::{Facts, Rendered, TocEntry, text_of};
use crate::report::error::Error;

impl<'a, 'i> Stream<'a, 'i> {
    /// Gives every heading an id (explicit `{#id}` first, else a slug, unique on the page),
    /// collects the table of contents, and writes the HTML with a self-link per heading.
    pub(super) fn finish(mut self) -> (Rendered, Vec<Error>) {
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

        let blocks = if self.input.blocks {
            let mut collector = Collector::new();
            for event in &self.events {
                collector.add(event);
            }
            collector.finish()
        } else {
            Blocks::default()
        };
        let mut sections = Sections::new();
        let want_sections = self.input.sections;
        let mut html = String::with_capacity(self.input.body.len() * 3 / 2);
        let anchors = anchors.into_iter().peekable();
        let labels = self.task_labels();
        if self.shortcode_texts.is_empty() {
            let events = self.events.into_iter().inspect(|event| {
                if want_sections {
                    sections.add(event);
                }
            });
            write_html(&mut html, events, anchors, &labels);
        } else {
            // A shortcode's event is raw HTML, which search skips: the text it shows is
            // read in its place.
            let mut texts = std::mem::take(&mut self.shortcode_texts)
                .into_iter()
                .peekable();
            let events = self.events.into_iter().enumerate().inspect(|(i, event)| {
                if want_sections {
                    sections.add(event);
                    while let Some((_, text)) = texts.next_if(|(at, _)| at == i) {
                        sections.add_text(&text);
                    }
                }
            });
            write_html(&mut html, events.map(|(_, event)| event), anchors, &labels);
        }
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
                    assets: self.assets,
                },
                shortcodes: self.used_shortcodes,
                blocks,
            },
            self.errors,
        )
    }
}

/// Writes `events` as HTML, each heading's self-link (`anchors`) before its end, a
/// `<wbr>` at each phrase break of Japanese text, code blocks, tables and task-list
/// checkboxes made accessible (`Accessible`).
fn write_html<'a>(
    html: &mut String,
    events: impl Iterator<Item = Event<'a>>,
    anchors: std::iter::Peekable<std::vec::IntoIter<(usize, CowStr<'a>)>>,
    labels: &TaskLabels,
) {
    let events = WithAnchors {
        events,
        index: 0,
        anchors,
        held: None,
    };
    // Phrase breaks first: they know code blocks by their tags, which `Accessible` writes
    // as HTML of its own.
    let events = Accessible::new(PhraseBreaks::new(events), labels);
    pulldown_cmark::html::push_html(html, events);
}

/// The events with each heading's self-link put just before the heading's end.
struct WithAnchors<'a, E: Iterator<Item = Event<'a>>, I: Iterator<Item = (usize, CowStr<'a>)>> {
    events: E,
    index: usize,
    anchors: std::iter::Peekable<I>,
    held: Option<Event<'a>>,
}

impl<'a, E: Iterator<Item = Event<'a>>, I: Iterator<Item = (usize, CowStr<'a>)>> Iterator
    for WithAnchors<'a, E, I>
{
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
