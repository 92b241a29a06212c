//! The pages of the trust data: the subprocessors page of each language (what is in
//! effect today, what is announced and not yet, and the history of additions and
//! removals, newest first, with the links to subscribe), and the change entries that its
//! feed and the site's feed carry, each dated the day it was made known.

use std::path::PathBuf;

use crate::model::content::DocumentKind;
use crate::model::language::Language;
use crate::model::trust::view::{ChangeView, TrustView};
use crate::model::urls;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::context::{
    Feed, FeedContext, FeedEntry, FeedEntryKind, Link, PageInfo, PageKind, SiteContext,
};
use crate::pages::feed::{FEED_ENTRIES, rfc3339};
use crate::report::error::Error;

/// Fluent key of the subprocessors page's title (also used by `subprocessors.html`).
pub const TITLE_KEY: &str = "subprocessors-title";

impl PageBuilder<'_> {
    /// The trust data in `language` as of today.
    pub fn trust_view(&self, language: &Language) -> TrustView {
        let site = self.site;
        TrustView::new(
            &site.trust,
            site.config.trust.notice_days,
            language,
            site.today,
            &self.plan.urls,
        )
    }
}

/// The subprocessors page of `language`, when the site has `data/subprocessors.yaml`. A
/// published page at the same URL is an error.
pub fn subprocessors_job<'a>(
    builder: &PageBuilder<'a>,
    language: &'a Language,
) -> Result<Option<Job<'a>>, Error> {
    let site = builder.site;
    if site.trust.subprocessors.is_none() {
        return Ok(None);
    }
    let rel = urls::subprocessors_rel();
    for (d, doc) in site.corpus.iter() {
        if builder.plan.current(d).is_none() {
            continue;
        }
        if doc.index.rel_url() == rel {
            return Err(Error::DuplicateUrl {
                url: builder.url(language, &rel),
                first: doc.index.source(language).path.clone(),
                second: site.theme.template_path(PageKind::Subprocessors.template()),
            });
        }
    }
    let title = message(builder, language, TITLE_KEY)?;
    let url = builder.url(language, &rel);
    let breadcrumbs: Vec<Link> = builder
        .documents()
        .iter()
        .filter(|doc| doc.kind == DocumentKind::Home)
        .map(|home| builder.link(&home.index, language))
        .collect();
    let page = PageInfo {
        kind: PageKind::Subprocessors,
        title,
        permalink: builder.permalink(&url),
        canonical: builder.permalink(&url),
        url,
        alternates: builder.alternates(&rel, language),
        breadcrumbs,
        trust: Some(builder.trust_view(language)),
        ..PageInfo::default()
    };
    Ok(Some(Job {
        out_path: urls::page_file(language, &rel),
        language,
        page,
        pdf: None,
        primary: true,
    }))
}

/// Every subprocessor change made known by today, as feed entries, newest first.
pub fn change_entries(builder: &PageBuilder, language: &Language) -> Vec<FeedEntry> {
    let site = builder.site;
    if site.trust.subprocessors.is_none() {
        return Vec::new();
    }
    let view = builder.trust_view(language);
    let page = builder.permalink(&builder.plan.urls.subprocessors(language));
    let mut changes: Vec<(ChangeView, jiff::civil::Date)> = Vec::new();
    for change in site.trust.changes(site.today) {
        let shown = view
            .subprocessors
            .upcoming
            .iter()
            .chain(&view.subprocessors.history)
            .find(|c| c.key == change.key());
        if let Some(shown) = shown {
            changes.push((shown.clone(), change.announced));
        }
    }
    changes
        .into_iter()
        .map(|(change, announced)| {
            let url = format!("{page}#{}", change.key);
            FeedEntry {
                kind: FeedEntryKind::Subprocessor,
                title: change.subprocessor.name.clone(),
                document_title: None,
                version: None,
                version_label: None,
                summary: Some(change.subprocessor.purpose.clone()),
                id: url.clone(),
                url,
                updated: rfc3339(builder, announced),
                date: change.announced.clone(),
                change: Some(change),
            }
        })
        .collect()
}

/// The subprocessor change feed of `language` (`/<lang>/subprocessors.xml`), rendered
/// with the theme's `feed.xml`.
pub fn feed_context<'a>(
    builder: &PageBuilder,
    language: &'a Language,
    site: &'a SiteContext,
) -> FeedContext<'a> {
    let mut entries = change_entries(builder, language);
    entries.truncate(FEED_ENTRIES);
    let urls = &builder.plan.urls;
    let updated = entries
        .first()
        .map(|e| e.updated.clone())
        .unwrap_or_else(|| rfc3339(builder, jiff::civil::date(1970, 1, 1)));
    FeedContext {
        lang: language.code(),
        site,
        feed: Feed {
            self_url: urls.permalink(&urls.subprocessors_feed(language)),
            home_url: urls.permalink(&urls.subprocessors(language)),
            updated,
            entries,
            subprocessors: true,
        },
    }
}

/// A UI string the core puts in a context itself.
fn message(builder: &PageBuilder, language: &Language, key: &str) -> Result<String, Error> {
    builder
        .site
        .locales
        .message(language.code(), key, None)
        .map_err(|message| Error::Fluent {
            path: PathBuf::from(crate::load::locales::LOCALES_DIR).join(language.code()),
            line: 1,
            message,
        })
}
