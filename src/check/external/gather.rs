//! The `http(s)` links of the copies `check` examines, found by reading their Markdown
//! again (the build keeps no external link: only `check --external` wants them), each
//! with every file and line that uses it. Links and images count, autolinks
//! (`<https://…>`) and footnotes included; raw HTML is not looked into.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use crate::markdown::OPTIONS;
use crate::model::content::{Copy, Corpus};
use crate::plan::SitePlan;
use crate::report::error::LineIndex;

/// Where a link is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub file: PathBuf,
    pub line: usize,
    /// The link as written, `#anchor` included.
    pub written: String,
    /// The `#anchor`, decoded; none when there is none (or it is empty).
    pub fragment: Option<String>,
}

/// Each external link without its `#anchor` → where it is used, in file and line order.
pub type Links = BTreeMap<String, Vec<Use>>;

/// The external links of every page of the copy `plan` publishes of each document, and
/// of its working copy with `working_copies`.
pub fn links(corpus: &Corpus, plan: &SitePlan, working_copies: bool) -> Links {
    let mut sources = Vec::new();
    for (d, doc) in corpus.iter() {
        let current = plan.current(d);
        let working = (working_copies && current != Some(Copy::Working)).then_some(Copy::Working);
        for copy in current.into_iter().chain(working) {
            let (index, pages) = doc.copy(copy);
            for page in std::iter::once(index).chain(pages) {
                sources.extend(page.sources.values());
            }
        }
    }
    let found: Vec<Vec<(String, Use)>> = sources
        .par_iter()
        .map(|source| in_markdown(source.body(), source.body_line, &source.path))
        .collect();
    let mut links = Links::new();
    for (url, used) in found.into_iter().flatten() {
        links.entry(url).or_default().push(used);
    }
    for uses in links.values_mut() {
        uses.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        uses.dedup();
    }
    links
}

/// The external links of one page's Markdown `body`, which starts on line `body_line` of
/// `file`: (the URL without its anchor, where it is used).
fn in_markdown(body: &str, body_line: usize, file: &std::path::Path) -> Vec<(String, Use)> {
    let lines = LineIndex::new(body);
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        if !is_http(&dest_url) {
            continue;
        }
        let (url, fragment) = match dest_url.split_once('#') {
            Some((url, fragment)) => (url, Some(percent_decode(fragment))),
            None => (&*dest_url, None),
        };
        found.push((
            url.to_string(),
            Use {
                file: file.to_path_buf(),
                line: body_line + lines.line(range.start) - 1,
                written: dest_url.to_string(),
                fragment: fragment.filter(|f| !f.is_empty()),
            },
        ));
    }
    found
}

/// `http://…` or `https://…`, in any case.
pub fn is_http(url: &str) -> bool {
    let scheme = url.split_once("://").map(|(s, _)| s);
    scheme.is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
}

/// `%E6%97%A5` and friends in an anchor, as the page's ids are written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_images_autolinks_and_footnotes_are_found_at_their_lines() {
        let body = "前書き [ISMS](https://isms.jp/lst/ind/#%E7%99%BB%E9%8C%B2)。\n\n\
                    ![図](HTTPS://img.example/a.png)\n\n<https://auto.example/>\n\n\
                    本文[^1]\n\n[^1]: [登録](http://registry.example/x)\n\n\
                    [内部](../guide/index.md) [メール](mailto:a@b.example) `https://code.example/`\n";
        let found = in_markdown(body, 5, std::path::Path::new("content/a/index.ja.md"));
        let got: Vec<(&str, usize, Option<&str>)> = found
            .iter()
            .map(|(url, u)| (url.as_str(), u.line, u.fragment.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("https://isms.jp/lst/ind/", 5, Some("登録")),
                ("HTTPS://img.example/a.png", 7, None),
                ("https://auto.example/", 9, None),
                ("http://registry.example/x", 13, None),
            ]
        );
    }
}
