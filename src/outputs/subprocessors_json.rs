//! `/subprocessors.json`: every subprocessor customers have been told of, in every
//! language, with its history and the country codes where it stores data, for the tools
//! of customers' procurement and security teams. The format is documented in the guide
//! (chapter 10) and stable: fields are only ever added; entries are sorted by id, maps by
//! language code, so an unchanged list gives the same bytes.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::language::Language;
use crate::model::trust::{ChangeKind, Status, Text, TrustData};
use crate::model::urls::Urls;

/// What the `format` field says: the name and version of this layout.
pub const FORMAT: &str = "trustdocs-subprocessors/1";

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    /// The site's address (`base_url`).
    site: String,
    languages: Vec<&'a str>,
    /// The day the list stands on (the build's today, in the site's time zone).
    as_of: Date,
    notice_days: u32,
    /// The subprocessors page and change feed of each language.
    pages: BTreeMap<&'a str, String>,
    feeds: BTreeMap<&'a str, String>,
    subprocessors: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    /// `planned`, `current` or `removed` on `as_of`.
    status: Status,
    name: BTreeMap<&'a str, &'a str>,
    operator: BTreeMap<&'a str, &'a str>,
    purpose: BTreeMap<&'a str, &'a str>,
    data: BTreeMap<&'a str, &'a str>,
    /// ISO 3166-1 alpha-2 codes.
    locations: Vec<&'a str>,
    url: Option<&'a str>,
    added: Date,
    announced: Option<Date>,
    removed: Option<Date>,
    /// Its additions and removals made known by `as_of`, oldest first.
    history: Vec<HistoryEntry>,
}

#[derive(Serialize)]
struct HistoryEntry {
    change: ChangeKind,
    /// The day it takes effect.
    date: Date,
    /// The day customers were told.
    announced: Date,
}

/// The file's bytes.
pub fn export(
    data: &TrustData,
    languages: &[Language],
    notice_days: u32,
    today: Date,
    urls: &Urls,
) -> Result<Vec<u8>, serde_json::Error> {
    fn by_language(text: &Text) -> BTreeMap<&str, &str> {
        text.all()
            .iter()
            .map(|(l, t)| (l.code(), t.as_str()))
            .collect()
    }
    let changes = data.changes(today);
    let mut subprocessors: Vec<Entry> = data
        .subprocessors()
        .iter()
        .filter(|s| s.status(today) != Status::Unannounced)
        .map(|s| {
            let mut history: Vec<HistoryEntry> = changes
                .iter()
                .filter(|c| std::ptr::eq(c.subprocessor, s))
                .map(|c| HistoryEntry {
                    change: c.kind,
                    date: c.effective,
                    announced: c.announced,
                })
                .collect();
            history.sort_by_key(|h| (h.date, h.change));
            Entry {
                id: &s.id,
                status: s.status(today),
                name: by_language(&s.name),
                operator: by_language(&s.operator),
                purpose: by_language(&s.purpose),
                data: by_language(&s.data),
                locations: s.locations.iter().map(|c| c.code.as_str()).collect(),
                url: s.url.as_deref(),
                added: s.added,
                announced: s.announced,
                removed: s.removed,
                history,
            }
        })
        .collect();
    subprocessors.sort_by(|a, b| a.id.cmp(b.id));
    let export = Export {
        format: FORMAT,
        site: urls.base_url(),
        languages: languages.iter().map(Language::code).collect(),
        as_of: today,
        notice_days,
        pages: languages
            .iter()
            .map(|l| (l.code(), urls.permalink(&urls.subprocessors(l))))
            .collect(),
        feeds: languages
            .iter()
            .map(|l| (l.code(), urls.permalink(&urls.subprocessors_feed(l))))
            .collect(),
        subprocessors,
    };
    let mut bytes = serde_json::to_vec_pretty(&export)?;
    bytes.push(b'\n');
    Ok(bytes)
}
