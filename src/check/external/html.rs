//! The ids an `#anchor` may name on an external HTML page: every `id` attribute, and the
//! `name` of `<a>` elements (older pages). A small tokenizer, lenient as browsers are:
//! comments, scripts and styles are skipped, attribute values may be quoted either way or
//! not at all, and character references in them are decoded.

use std::collections::HashSet;

/// Every id of the page `html`.
pub fn ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_end == 0 {
            continue;
        }
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let (attributes, after) = attributes(rest);
        rest = after;
        for (key, value) in attributes {
            if key.eq_ignore_ascii_case("id") || (name == "a" && key.eq_ignore_ascii_case("name")) {
                ids.insert(decode(value));
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = find_ignoring_case(rest, &close).map_or("", |end| &rest[end..]);
        }
    }
    ids
}

/// The attributes of a tag whose name has been read, and the text after its `>`.
fn attributes(mut rest: &str) -> (Vec<(&str, &str)>, &str) {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return (found, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (found, after);
        }
        let key_end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len())
            .max(1);
        let key = &rest[..key_end.min(rest.len())];
        rest = rest[key.len()..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            found.push((key, ""));
            continue;
        };
        rest = after.trim_start();
        let (value, after) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &rest[1..];
                match inner.find(quote) {
                    Some(end) => (&inner[..end], &inner[end + 1..]),
                    None => (inner, ""),
                }
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        found.push((key, value));
        rest = after;
    }
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// An attribute value with its character references (`&amp;`, `&#x41;`) decoded.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_anchor_names_are_found_however_written() {
        let page = "<!doctype html><html><head><style>#fake{}</style>\
            <script>var s = '<p id=\"in-script\">';</script></head><body>\
            <!-- <h2 id=\"commented\"> -->\
            <h2 id=\"intro\">Intro</h2><section ID='日本語'><p id=plain>x</p>\
            <a name=\"old-style\"></a><div data-id=\"no\" id = \"a&amp;b\"/>\
            <p name=\"not-an-anchor\">";
        let found = ids(page);
        for id in ["intro", "日本語", "plain", "old-style", "a&b"] {
            assert!(found.contains(id), "{id}: {found:?}");
        }
        for id in ["in-script", "commented", "no", "not-an-anchor", "fake"] {
            assert!(!found.contains(id), "{id}: {found:?}");
        }
    }

    #[test]
    fn broken_html_ends_without_a_panic() {
        for page in [
            "<",
            "<a",
            "<a id=",
            "<a id=\"x",
            "<!--",
            "<script>",
            "&#xZZ;<p id='&#128512;'>",
        ] {
            ids(page);
        }
        assert!(ids("<p id='&#128512;'>").contains("😀"));
    }
}
