//! Reading a "what changed" page as a reader does: the text marked deleted and inserted,
//! without the words for screen readers around it, and the two views of the comparison.

use super::html::{Element, Tag, elements};

/// The part of a page inside the first element with `class` (the element's inner HTML).
pub fn part(html: &str, class: &str) -> String {
    let attr = format!("class=\"{class}\"");
    let Some(at) = html.find(&attr) else {
        return String::new();
    };
    let start = html[..at].rfind('<').unwrap_or(at);
    let tag: String = html[start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    elements(&html[start..], &tag)
        .into_iter()
        .next()
        .map(|e| e.inner_html)
        .unwrap_or_default()
}

/// The 新旧対照表 of a "what changed" page (every page's, one after the other).
pub fn table_view(html: &str) -> String {
    every(html, "cmp-table-view")
}

/// The inline view of a "what changed" page.
pub fn inline_view(html: &str) -> String {
    every(html, "cmp-inline-view")
}

fn every(html: &str, class: &str) -> String {
    let attr = format!("class=\"{class}\"");
    html.match_indices(&attr)
        .map(|(at, _)| part(&html[at.saturating_sub(5)..], class))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The texts of every `<ins>` or `<del>` (`tag`) of `html`, as a reader sees them: tags
/// removed, entities decoded, the hidden words for screen readers left out.
pub fn marks(html: &str, tag: &str) -> Vec<String> {
    elements(html, tag)
        .into_iter()
        .map(|e| visible_text(&e.inner_html))
        .collect()
}

/// Text of an HTML fragment as shown: tags removed, entities decoded, the visually
/// hidden spans (what screen readers announce) left out.
pub fn visible_text(html: &str) -> String {
    let mut rest = html.to_string();
    let hidden = "<span class=\"visually-hidden\">";
    while let Some(at) = rest.find(hidden) {
        let end = rest[at..]
            .find("</span>")
            .map_or(rest.len(), |e| at + e + "</span>".len());
        rest.replace_range(at..end, "");
    }
    let element = Element {
        tag: Tag {
            name: String::new(),
            attrs: Default::default(),
        },
        inner_html: rest,
    };
    element.text()
}

/// The words for screen readers (`class="visually-hidden"`) of `html`, in order.
pub fn hidden_words(html: &str) -> Vec<String> {
    let hidden = "<span class=\"visually-hidden\">";
    html.match_indices(hidden)
        .map(|(at, _)| {
            let from = at + hidden.len();
            let end = html[from..]
                .find("</span>")
                .map_or(html.len(), |e| from + e);
            html[from..end].to_string()
        })
        .collect()
}
