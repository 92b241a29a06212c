//! What pulldown-cmark's writer would write, made reachable for everyone: a code block's
//! `<pre>` and a table's scrolling wrapper are focusable (`tabindex="0"`), so that a
//! keyboard can scroll a long line or a wide table into view, and a task list's checkbox
//! has a name (done, not done), which a screen reader reads instead of "checkbox" alone.
//! The tags are the writer's own otherwise.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use crate::load::locales::{TASK_DONE_KEY, TASK_NOT_DONE_KEY};
use crate::markdown::stream::Stream;

/// The accessible names of a task list's checkboxes in the page's language (Fluent keys
/// `task-done`, `task-not-done`: 完了 / 未完了); empty where the theme gave none.
#[derive(Default)]
pub(super) struct TaskLabels {
    pub done: String,
    pub not_done: String,
}

impl Stream<'_, '_> {
    /// The names of the page's task-list checkboxes, looked up only when it has one.
    pub(super) fn task_labels(&self) -> TaskLabels {
        let has_tasks = self
            .events
            .iter()
            .any(|e| matches!(e, Event::TaskListMarker(_)));
        let Some(day) = self.input.shortcodes.filter(|_| has_tasks) else {
            return TaskLabels::default();
        };
        let lang = self.input.language.code();
        let message = |key| {
            day.shortcodes
                .locales
                .message(lang, key, None)
                .unwrap_or_default()
        };
        TaskLabels {
            done: message(TASK_DONE_KEY),
            not_done: message(TASK_NOT_DONE_KEY),
        }
    }
}

/// The wrapper a table scrolls sideways in when it is wider than the text (the theme's
/// `.table-wrap`), focusable like a code block.
const TABLE_WRAP: &str = "<div class=\"table-wrap\" tabindex=\"0\">";

/// `events` made accessible, for the writer.
pub(super) struct Accessible<'a, 'l, E: Iterator<Item = Event<'a>>> {
    events: E,
    labels: &'l TaskLabels,
    /// A table's start or the wrapper's end, held while the event before it is given out.
    held: Option<Event<'a>>,
}

impl<'a, 'l, E: Iterator<Item = Event<'a>>> Accessible<'a, 'l, E> {
    pub(super) fn new(events: E, labels: &'l TaskLabels) -> Accessible<'a, 'l, E> {
        Accessible {
            events,
            labels,
            held: None,
        }
    }
}

impl<'a, E: Iterator<Item = Event<'a>>> Iterator for Accessible<'a, '_, E> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.held.take() {
            return Some(event);
        }
        Some(match self.events.next()? {
            event @ Event::Start(Tag::Table(_)) => {
                self.held = Some(event);
                Event::Html(TABLE_WRAP.into())
            }
            event @ Event::End(TagEnd::Table) => {
                self.held = Some(Event::Html("</div>\n".into()));
                event
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or_default(),
                    CodeBlockKind::Indented => "",
                };
                let mut tag = String::from("<pre tabindex=\"0\"><code");
                if !lang.is_empty() {
                    tag.push_str(" class=\"language-");
                    let _ = pulldown_cmark_escape::escape_html(&mut tag, lang);
                    tag.push('"');
                }
                tag.push('>');
                Event::Html(tag.into())
            }
            Event::End(TagEnd::CodeBlock) => Event::Html("</code></pre>\n".into()),
            Event::TaskListMarker(done) => {
                let label = if done {
                    &self.labels.done
                } else {
                    &self.labels.not_done
                };
                let mut tag = String::from("<input disabled=\"\" type=\"checkbox\"");
                if done {
                    tag.push_str(" checked=\"\"");
                }
                if !label.is_empty() {
                    tag.push_str(" aria-label=\"");
                    let _ = pulldown_cmark_escape::escape_html(&mut tag, label);
                    tag.push('"');
                }
                tag.push_str("/>\n");
                Event::InlineHtml(tag.into())
            }
            event => event,
        })
    }
}
