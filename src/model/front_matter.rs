//! The keys a page's front matter may set (parsed by `load::front_matter`).

use jiff::civil::Date;
use serde::Deserialize;

/// The keys a page may set. Unknown keys are errors, so a typo never passes silently.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Only on a folder's index page: what kind of folder it is.
    #[serde(default, rename = "type")]
    pub page_type: Option<PageType>,
    /// Notices: the day it was published.
    #[serde(default)]
    pub date: Option<Date>,
    /// Notices: a label such as `maintenance`; Fluent key `category-<value>` names it.
    #[serde(default)]
    pub category: Option<String>,
    /// Translations: the revision of the authoritative page this one translates.
    #[serde(default)]
    pub translation_of: Option<String>,
    /// `false` hides the table of contents.
    #[serde(default)]
    pub toc: Option<bool>,
    /// Order among sibling documents on listing pages: lower first (default 0), then by
    /// folder name.
    #[serde(default)]
    pub weight: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    Document,
    Notices,
}
