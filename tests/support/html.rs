//! Enough of HTML for assertions on pages: start tags and their attributes, elements with
//! their inner HTML and text, ids, the URLs a page links to, and the internal links of a
//! whole output tree that lead nowhere. Not a general parser: comments and scripts are not
//! skipped, which the trustdocs theme never needs.

use std::collections::BTreeMap;

use super::run::excerpt;

/// An HTML start tag: its name and attributes (values with entities decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// Whether the attribute holds `word` among its space-separated words (`rel`, `class`).
    pub fn has_word(&self, name: &str, word: &str) -> bool {
        self.attr(name)
            .is_some_and(|v| v.split_ascii_whitespace().any(|w| w == word))
    }
}

/// Every start tag named `name` in `html`, in order. Enough of HTML for assertions on
/// links and ids; not a general parser (comments and scripts are not skipped).
pub fn tags(html: &str, name: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let open = format!("<{name}");
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let boundary = after.chars().next();
        if !matches!(boundary, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            rest = after;
            continue;
        }
        let (attrs, consumed) = parse_attributes(after);
        found.push(Tag {
            name: name.to_string(),
            attrs,
        });
        rest = &after[consumed..];
    }
    found
}

/// Attributes up to the `>` that ends the tag; returns them and the bytes consumed.
fn parse_attributes(s: &str) -> (BTreeMap<String, String>, usize) {
    let mut attrs = BTreeMap::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (attrs, (i + 1).min(bytes.len()));
        }
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b' ' | b'\n' | b'\t' | b'/') {
            i += 1;
        }
        let key = s[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                i += 1;
                let vstart = i;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
                i += 1;
            } else {
                let vstart = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
            }
        }
        attrs.insert(key, value);
    }
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href` and `src` of `html`, in order.
pub fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["a", "link", "img", "script", "source", "form"] {
        for tag in tags(html, name) {
            for attr in ["href", "src", "action"] {
                if let Some(v) = tag.attr(attr) {
                    out.push(v.to_string());
                }
            }
        }
    }
    out
}

/// The `href` of the first `<a>` or `<link>` with `rel` holding `rel`.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    ["a", "link"]
        .iter()
        .flat_map(|name| tags(html, name))
        .find(|t| t.has_word("rel", rel))
        .and_then(|t| t.attr("href").map(str::to_string))
}

/// An element's attributes and inner HTML.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: Tag,
    pub inner_html: String,
}

impl Element {
    /// The inner HTML with tags removed and entities decoded.
    pub fn text(&self) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in self.inner_html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        decode_entities(text.trim())
    }
}

/// Every `<name ...>...</name>` of `html` in document order, nested ones included (an
/// element's inner HTML runs to its own closing tag).
pub fn elements(html: &str, name: &str) -> Vec<Element> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let is_open_at = |s: &str, at: usize| {
        s[at..].starts_with(&open)
            && s[at + open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>')
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = html[from..].find(&open) {
        let at = from + rel;
        from = at + open.len();
        if !is_open_at(html, at) {
            continue;
        }
        let (attrs, consumed) = parse_attributes(&html[from..]);
        let body_start = from + consumed;
        // Find the matching close tag, counting nested elements of the same name.
        let mut depth = 1;
        let mut i = body_start;
        let mut end = html.len();
        while let Some(next) = html[i..].find('<') {
            let at = i + next;
            if html[at..].starts_with(&close) {
                depth -= 1;
                if depth == 0 {
                    end = at;
                    break;
                }
                i = at + close.len();
            } else {
                if is_open_at(html, at) {
                    depth += 1;
                }
                i = at + 1;
            }
        }
        found.push(Element {
            tag: Tag {
                name: name.to_string(),
                attrs,
            },
            inner_html: html[body_start..end].to_string(),
        });
    }
    found
}

/// Every `id` attribute value of `html`.
pub fn ids(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        let after = &rest[at + 5..];
        let end = after.find('"').unwrap_or(after.len());
        found.push(decode_entities(&after[..end]));
        rest = &after[end..];
    }
    found
}

/// The byte offset of `needle` in `text`, panicking with a readable message if absent.
pub fn position(text: &str, needle: &str, what: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{what}: {needle:?} not found in:\n{}", excerpt(text)))
}

/// Internal links of an output tree that lead nowhere: every `href`/`src` that is a path on
/// this site (under `base_path`) must name an output file, and its `#fragment` an id of
/// that page; a bare `#fragment` an id of the page itself. One line per problem.
pub fn dead_links(tree: &BTreeMap<String, Vec<u8>>, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let page_ids = |file: &str| -> Vec<String> {
        tree.get(file)
            .map(|b| ids(&String::from_utf8_lossy(b)))
            .unwrap_or_default()
    };
    for (file, bytes) in tree.iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let own_ids = ids(&html);
        for url in urls(&html) {
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(percent_decode(f))),
                None => (url.as_str(), None),
            };
            if path.is_empty() {
                if let Some(fragment) = fragment
                    && !fragment.is_empty()
                    && !own_ids.contains(&fragment)
                {
                    problems.push(format!("{file}: {url}: no such id on the page"));
                }
                continue;
            }
            if !path.starts_with('/') || path.starts_with("//") {
                continue; // external, mailto:, data:
            }
            let Some(local) = path.strip_prefix(base_path) else {
                problems.push(format!("{file}: {url}: outside the base path {base_path}"));
                continue;
            };
            let local = percent_decode(local.trim_start_matches('/'));
            let target = if local.is_empty() || local.ends_with('/') {
                format!("{local}index.html")
            } else {
                local
            };
            if !tree.contains_key(&target) {
                problems.push(format!("{file}: {url}: no such file {target}"));
            } else if let Some(fragment) = fragment
                && !fragment.is_empty()
                && !page_ids(&target).contains(&fragment)
            {
                problems.push(format!("{file}: {url}: no id {fragment:?} in {target}"));
            }
        }
    }
    problems
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `<main>` of a page: what the page says, without the header, the language switch,
/// the navigation and the footer around it.
pub fn main_of(html: &str) -> String {
    elements(html, "main")
        .into_iter()
        .next()
        .map(|m| m.inner_html)
        .unwrap_or_default()
}
