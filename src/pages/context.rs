//! What templates see: typed, serialisable structs, one shape for every page, so a theme
//! author can read the whole contract here (and in the README).

use serde::Serialize;

use crate::markdown::TocEntry;
use crate::model::date::DateText;

/// The context of `root.html` and `404.html`, which belong to no single language, and the
/// part every page template shares with the other pages of its language: a page template
/// gets `lang`, `site` and `page` (a `PageInfo`; see `Theme::render_page`).
#[derive(Debug, Serialize)]
pub struct SiteOnlyContext<'a> {
    pub lang: &'a str,
    pub site: &'a SiteContext,
}

#[derive(Debug, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: Option<String>,
    /// `` or `/portal`: prefix of every URL path.
    pub base_path: String,
    /// Scheme, host and base path, no trailing slash.
    pub base_url: String,
    pub languages: Vec<LanguageLink>,
    pub default_language: String,
    /// The Atom feed of this language.
    pub feed_url: String,
    /// The search page of this language (`/<lang>/search/`): the header's search box
    /// submits to it.
    pub search_url: Option<String>,
    /// Who publishes the portal (`organisation:` in `site.yaml`), in this language.
    pub organisation: Option<OrganisationContext>,
    /// The year of the newest revision published, for the copyright line.
    pub year: i16,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationContext {
    pub name: String,
    pub url: Option<String>,
    /// The footer's links: privacy policy, contact, ….
    pub links: Vec<FooterLink>,
    /// The URL of the header's logo (`organisation.logo`, a file of the theme's `static/`
    /// folder), in place of the theme's own mark; none when `site.yaml` gives none.
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FooterLink {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    /// The language's name in itself: 日本語, English.
    pub name: String,
    pub home_url: String,
}

/// What kind of page a template renders: the template it is rendered with, and
/// `page.kind` in the context (serialised as written here, in lower case).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    #[default]
    Home,
    Document,
    Manual,
    Chapter,
    Print,
    Notices,
    Notice,
    Diff,
    Search,
    /// `/<lang>/subprocessors/`.
    Subprocessors,
}

impl PageKind {
    /// The theme's template for this kind of page.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Document => "document.html",
            PageKind::Manual => "manual.html",
            PageKind::Chapter => "chapter.html",
            PageKind::Print => "print.html",
            PageKind::Notices => "notices.html",
            PageKind::Notice => "notice.html",
            PageKind::Diff => "diff.html",
            PageKind::Search => "search.html",
            PageKind::Subprocessors => "subprocessors.html",
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct PageInfo {
    pub kind: PageKind,
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub show_toc: bool,
    pub date: Option<DateText>,
    pub category: Option<String>,
    pub alternates: Vec<Alternate>,
    pub breadcrumbs: Vec<Link>,
    pub manual: Option<ManualNav>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub children: Vec<Listed>,
    pub notices: Vec<Listed>,
    /// The notices list, on the home page when the site has one.
    pub notices_url: Option<String>,
    pub print_chapters: Vec<PrintChapter>,
    /// The revision shown, e.g. `4.5`; none for a draft or an unversioned page.
    pub version: Option<String>,
    /// `version` in the language's wording: 第4.5版, Version 4.5.
    pub version_label: Option<String>,
    /// On every page of an archived revision (under `v4.4/`): its version in the
    /// language's wording, which the breadcrumbs show.
    pub archive_label: Option<String>,
    /// Date of the revision shown (for a draft: of the last release).
    pub last_revised: Option<DateText>,
    /// The PDF of the copy shown, in a build that prints them (`build --pdf`).
    pub pdf_url: Option<String>,
    /// The document's revision table, oldest first (document and manual front pages).
    pub revisions: Vec<RevisionRow>,
    /// Set when the page shows unreleased changes (`--drafts`, `serve`).
    pub draft: Option<DraftInfo>,
    /// Set on an archived revision that is not the latest.
    pub archived: Option<ArchivedInfo>,
    /// Set when this translation lags behind the authoritative revision.
    pub translation: Option<TranslationLag>,
    /// Set on a "what changed" page.
    pub diff: Option<DiffInfo>,
    /// The canonical URL: the latest page for an archived revision.
    pub canonical: String,
    /// The trust data as of today, on the subprocessors page.
    pub trust: Option<crate::model::trust::view::TrustView>,
}

/// One row of the revision table (版 / 改訂日 / 改訂内容).
#[derive(Debug, Clone, Serialize)]
pub struct RevisionRow {
    pub version: String,
    /// The version in the language's wording: 第4.5版, Version 4.5.
    pub label: String,
    pub date: DateText,
    pub summary: String,
    /// The archived page, where a frozen copy exists.
    pub url: Option<String>,
    /// "What changed" from the previous frozen revision.
    pub diff_url: Option<String>,
    /// The revision this page shows.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftInfo {
    /// The last release, if any.
    pub base_version: Option<String>,
    /// `base_version` in the language's wording.
    pub base_label: Option<String>,
    /// Diff of the draft against the last release.
    pub diff_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchivedInfo {
    pub version: String,
    pub latest_version: Option<String>,
    /// `version` and `latest_version` in the language's wording.
    pub label: String,
    pub latest_label: Option<String>,
    pub latest_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TranslationLag {
    /// The authoritative revision this page translates.
    pub translates: String,
    /// The authoritative revision it should translate.
    pub current: String,
    /// `translates` and `current` in the language's wording.
    pub translates_label: String,
    pub current_label: String,
    pub original_url: String,
    pub original_lang: String,
    pub original_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffInfo {
    /// `4.4`, or none when comparing against nothing.
    pub from_version: Option<String>,
    /// `4.5`, or none for the working draft.
    pub to_version: Option<String>,
    /// The two versions in the language's wording (第4.4版, Version 4.4).
    pub from_label: Option<String>,
    pub to_label: Option<String>,
    pub from_url: Option<String>,
    pub to_url: String,
    /// The pages that changed (and, in a translation, those that did not change while
    /// the authoritative language's did), in the document's order.
    pub pages: Vec<crate::pages::diff::PageDiff>,
    /// Blocks changed, added, removed and moved, in all.
    pub counts: crate::pages::diff::Counts,
    /// Both revisions are a single page (no chapters): the page needs no title of its own.
    pub single_page: bool,
    /// Set when this translation did not change in the revision while the authoritative
    /// language did.
    pub not_updated: Option<NotUpdated>,
}

/// A translation not updated in a revision: where the authoritative language's changes are.
#[derive(Debug, Clone, Serialize)]
pub struct NotUpdated {
    /// This page's language, by its name (English).
    pub language_name: String,
    /// The "what changed" page of the authoritative language.
    pub original_url: String,
    pub original_lang: String,
    pub original_name: String,
}

/// The context of `feed.xml`.
#[derive(Debug, Serialize)]
pub struct FeedContext<'a> {
    pub lang: &'a str,
    pub site: &'a SiteContext,
    pub feed: Feed,
}

#[derive(Debug, Serialize)]
pub struct Feed {
    /// The feed's own URL (absolute).
    pub self_url: String,
    /// The language's home (absolute).
    pub home_url: String,
    /// RFC 3339, of the newest entry.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
    /// The feed of subprocessor changes (`/<lang>/subprocessors.xml`), not the site's.
    pub subprocessors: bool,
}

/// What a feed entry announces (`entry.kind` in `feed.xml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedEntryKind {
    /// A revision of a document.
    Release,
    /// A dated notice.
    Notice,
    /// A subprocessor added, planned or removed (`entry.change` says which).
    Subprocessor,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    pub kind: FeedEntryKind,
    pub title: String,
    pub document_title: Option<String>,
    pub version: Option<String>,
    /// `version` in the language's wording.
    pub version_label: Option<String>,
    pub summary: Option<String>,
    pub url: String,
    pub id: String,
    /// RFC 3339 with the site's offset, e.g. `2025-07-01T00:00:00+09:00`.
    pub updated: String,
    pub date: DateText,
    /// The change of a `subprocessor` entry.
    pub change: Option<crate::model::trust::view::ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub permalink: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A page in a list: a child document or a notice.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub date: Option<DateText>,
    pub category: Option<String>,
    /// A document's current version in the language's wording (第4.6版, Version 4.6);
    /// none for a notice, a draft never released and a page without history.
    pub version_label: Option<String>,
    /// The date of that revision.
    pub last_revised: Option<DateText>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManualNav {
    pub title: String,
    pub url: String,
    pub print_url: String,
    pub chapters: Vec<ChapterLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterLink {
    pub title: String,
    pub url: String,
    pub number: usize,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrintChapter {
    pub title: String,
    pub anchor: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
}
