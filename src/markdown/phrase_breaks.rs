//! The `<wbr>`s of a page's HTML: the events on their way into pulldown-cmark's writer,
//! each text with a phrase break (`typography::phrases`) written as HTML with a `<wbr>`
//! there. Only the writer sees these events: search text and the blocks "what changed"
//! compares are taken before, and code, image alt text and raw HTML are left alone.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::is_inline_tag;
use crate::typography::phrases;

/// `events` with their texts' phrase breaks as `<wbr>`.
pub(super) struct PhraseBreaks<'a, E: Iterator<Item = Event<'a>>> {
    events: E,
    /// A `<wbr>` before a code span, held while the `<wbr>` is given out.
    held: Option<Event<'a>>,
    /// The last character of text seen, while only inline tags came after it.
    last: Option<char>,
    /// Inside a code block or an image (whose text is its alt attribute).
    verbatim: u32,
}

impl<'a, E: Iterator<Item = Event<'a>>> PhraseBreaks<'a, E> {
    pub(super) fn new(events: E) -> PhraseBreaks<'a, E> {
        PhraseBreaks {
            events,
            held: None,
            last: None,
            verbatim: 0,
        }
    }
}

impl<'a, E: Iterator<Item = Event<'a>>> Iterator for PhraseBreaks<'a, E> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.held.take() {
            return Some(event);
        }
        let event = self.events.next()?;
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => self.verbatim += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
                self.verbatim = self.verbatim.saturating_sub(1)
            }
            Event::Text(text) if self.verbatim == 0 => {
                let before = self.last;
                self.last = text.chars().next_back().or(before);
                if let Some(html) = phrases::body_html(text, before) {
                    return Some(Event::InlineHtml(CowStr::from(html)));
                }
                return Some(event);
            }
            Event::Code(code) if self.verbatim == 0 => {
                let before = self.last;
                self.last = code.chars().next_back().or(before);
                let first = code.chars().next();
                if let (Some(a), Some(b)) = (before, first)
                    && phrases::breaks_between(None, a, b, code.chars().nth(1))
                {
                    self.held = Some(event);
                    return Some(Event::InlineHtml(CowStr::Borrowed("<wbr>")));
                }
                return Some(event);
            }
            _ => {}
        }
        if self.verbatim > 0 || !is_inline_tag(&event) {
            self.last = None;
        }
        Some(event)
    }
}
