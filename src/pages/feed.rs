//! The Atom feed per language: the latest releases of published documents and notices,
//! newest first, dated in the site's time zone (`+09:00` for Tokyo).

use jiff::civil::Date;

use crate::model::content::{DocId, DocumentKind};
use crate::model::date::DateText;
use crate::model::language::Language;
use crate::pages::builder::PageBuilder;
use crate::pages::context::{Feed, FeedContext, FeedEntry, FeedEntryKind, SiteContext};

/// Entries per feed: the newest, as Hugo and Zola do. Readers poll a feed for what is new;
/// a feed of every release ever made would grow without end (megabytes on a big site).
pub const FEED_ENTRIES: usize = 50;

/// A date as a feed's time stamp: its start in the site's time zone (`+09:00`).
pub fn rfc3339(builder: &PageBuilder, date: Date) -> String {
    date.to_zoned_datetime(builder.site.config.time_zone.clone())
        .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_else(|_| format!("{date}T00:00:00Z"))
}

pub fn context<'a>(
    builder: &PageBuilder,
    language: &'a Language,
    site: &'a SiteContext,
) -> FeedContext<'a> {
    let rfc3339 = |date: Date| rfc3339(builder, date);
    // Only the entries dated on or after the newest FEED_ENTRIES-th date can make the
    // feed: those are put together, not every release of the site (thousands of rows,
    // each with its URLs and time stamp, to keep fifty).
    let released = |d: DocId| builder.plan.current(d).is_some();
    let mut dates: Vec<Date> = Vec::new();
    for (d, doc) in builder.site.corpus.iter() {
        if !released(d) {
            continue;
        }
        if let Some(history) = &doc.history {
            dates.extend(history.revisions.iter().map(|r| r.date));
        }
        if doc.kind == DocumentKind::Notices {
            dates.extend(
                doc.pages
                    .iter()
                    .filter_map(|n| n.source(language).front.date),
            );
        }
    }
    let oldest_kept = match dates.len().checked_sub(FEED_ENTRIES) {
        Some(skipped) => *dates.select_nth_unstable(skipped).1,
        None => Date::MIN,
    };
    let mut entries = Vec::new();
    for (d, doc) in builder.site.corpus.iter() {
        if !released(d) {
            continue;
        }
        let revisions = doc.history.as_ref().map_or(&[][..], |h| &h.revisions[..]);
        if revisions.iter().any(|r| r.date >= oldest_kept) {
            let doc_link = builder.link(&doc.index, language);
            // One row per revision, in the history's order.
            let rows = builder.revision_rows(d, language, None);
            for (row, revision) in rows.into_iter().zip(revisions) {
                if revision.date < oldest_kept {
                    continue;
                }
                let url = row
                    .diff_url
                    .or(row.url)
                    .unwrap_or_else(|| doc_link.url.clone());
                entries.push(FeedEntry {
                    kind: FeedEntryKind::Release,
                    title: doc_link.title.clone(),
                    document_title: Some(doc_link.title.clone()),
                    id: format!("{}#v{}", builder.permalink(&doc_link.url), row.version),
                    version: Some(row.version),
                    version_label: Some(row.label),
                    summary: Some(row.summary),
                    url: builder.permalink(&url),
                    updated: rfc3339(revision.date),
                    date: row.date,
                    change: None,
                });
            }
        }
        if doc.kind == DocumentKind::Notices {
            for notice in &doc.pages {
                let front = &notice.source(language).front;
                let Some(date) = front.date.filter(|&date| date >= oldest_kept) else {
                    continue;
                };
                let url = builder.permalink(&builder.link(notice, language).url);
                entries.push(FeedEntry {
                    kind: FeedEntryKind::Notice,
                    title: front.title.clone(),
                    document_title: None,
                    version: None,
                    version_label: None,
                    summary: front.description.clone(),
                    id: url.clone(),
                    url,
                    updated: rfc3339(date),
                    date: DateText::new(date, language),
                    change: None,
                });
            }
        }
    }
    entries.extend(crate::pages::trust::change_entries(builder, language));
    entries.sort_by(|a, b| b.date.iso.cmp(&a.date.iso).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(FEED_ENTRIES);
    let updated = entries
        .first()
        .map(|e| e.updated.clone())
        .unwrap_or_else(|| rfc3339(jiff::civil::date(1970, 1, 1)));
    let urls = &builder.plan.urls;
    FeedContext {
        lang: language.code(),
        site,
        feed: Feed {
            self_url: urls.permalink(&urls.feed(language)),
            home_url: urls.permalink(&urls.home(language)),
            updated,
            entries,
            subprocessors: false,
        },
    }
}
