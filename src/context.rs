//! What templates see: typed, serialisable structs, one shape for every page, so a theme
//! author can read the whole contract here (and in the README).

use serde::Serialize;

use crate::date::DateText;
use crate::markdown::TocEntry;

/// The context of every page template.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub lang: &'a str,
    pub site: &'a SiteContext,
    pub page: &'a PageInfo,
}

/// The context of `root.html` and `404.html`, which belong to no single language.
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
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    /// The language's name in itself: 日本語, English.
    pub name: String,
    pub home_url: String,
}

#[derive(Debug, Serialize)]
pub struct PageInfo {
    pub kind: &'static str,
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
    pub print_chapters: Vec<PrintChapter>,
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
