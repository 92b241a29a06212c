//! `PageBuilder`: what every page's context is assembled from (the loaded site, the plan,
//! the rendered Markdown), with the pieces many pages share: links to other pages, the
//! language alternates, breadcrumbs, the revision table and the translation banner. The
//! pages of a document are made in `document.rs`, its "what changed" pages in
//! `diff_page.rs`.

use crate::load::Site;
use crate::markdown::TocEntry;
use crate::markdown::stage::RenderedMarkdown;
use crate::model::content::{Copy, DocId, Document, INDEX, Page, Slot};
use crate::model::date::DateText;
use crate::model::language::Language;
use crate::model::urls;
use crate::model::version::Version;
use crate::pages::context::*;
use crate::pages::diff::DiffMemo;
use crate::plan::SitePlan;
use crate::report::error::Error;

/// A page to render: where it goes, with which template, and its context.
pub struct Job<'a> {
    /// Output file, relative to the output folder.
    pub out_path: String,
    pub language: &'a Language,
    pub page: PageInfo,
    /// A primary page: listed in the sitemap (not an archive, diff or print page).
    pub primary: bool,
    /// The output file of the PDF this page is printed to (`build --pdf`): a document's
    /// page, a manual's print page.
    pub pdf: Option<String>,
}

impl Job<'_> {
    /// The theme's template for the page.
    pub fn template(&self) -> &'static str {
        self.page.kind.template()
    }
}

/// Everything a page's context is made of.
pub struct PageBuilder<'a> {
    pub site: &'a Site,
    pub plan: &'a SitePlan,
    pub markdown: &'a RenderedMarkdown,
    /// Diffs kept from earlier renders (`serve`), so a template edit diffs nothing again.
    pub diffs: Option<&'a DiffMemo>,
    /// The pages link to the PDFs of their copies, which the build prints (`build --pdf`).
    pub pdfs: bool,
}

impl<'a> PageBuilder<'a> {
    pub fn documents(&self) -> &'a [Document] {
        &self.site.corpus.documents
    }

    pub fn document(&self, d: DocId) -> &'a Document {
        &self.site.corpus[d]
    }

    /// The URL of a page by its rel path (see `model::urls`).
    pub fn url(&self, language: &Language, rel: &str) -> String {
        self.plan.urls.page(language, rel)
    }

    pub fn permalink(&self, url: &str) -> String {
        self.plan.urls.permalink(url)
    }

    /// The HTML and table of contents of a rendered page copy (empty when it was not
    /// rendered, which the Markdown stage never lets happen for a page that is shown).
    pub fn rendered(
        &self,
        d: DocId,
        copy: Copy,
        slot: Slot,
        language: &Language,
    ) -> (String, Vec<TocEntry>) {
        self.markdown
            .get(&(d, copy, slot, language.clone()))
            .map(|r| (r.html.clone(), r.toc.clone()))
            .unwrap_or_default()
    }

    /// What every page of a language shares: the site's title, languages and addresses.
    pub fn site_context(&self, language: &Language) -> Result<SiteContext, Error> {
        let config = &self.site.config;
        let urls = &self.plan.urls;
        let languages = config
            .languages
            .iter()
            .map(|l| {
                Ok(LanguageLink {
                    code: l.code().to_string(),
                    name: self.site.locales.language_name(l)?,
                    home_url: urls.home(l),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(SiteContext {
            title: config.title[language].clone(),
            description: config.description.get(language).cloned(),
            base_path: urls.base_path().to_string(),
            base_url: urls.base_url(),
            languages,
            default_language: config.default_language().code().to_string(),
            feed_url: urls.feed(language),
            search_url: Some(urls.search(language)),
            organisation: config.organisation.as_ref().map(|o| OrganisationContext {
                name: o.name.get(language).to_string(),
                url: o.url.clone(),
                links: o
                    .links
                    .iter()
                    .map(|link| FooterLink {
                        label: link.label.get(language).to_string(),
                        url: link.url.clone(),
                    })
                    .collect(),
                logo: o
                    .logo
                    .as_ref()
                    .map(|logo| format!("{}/{}", urls.base_path(), urls::static_file(&logo.file))),
            }),
            year: self.last_revised().year(),
        })
    }

    /// The day of the newest revision published by today (today when there is none): the
    /// copyright line's year, which a rebuild on another day leaves as it is.
    fn last_revised(&self) -> jiff::civil::Date {
        let today = self.site.today;
        self.documents()
            .iter()
            .filter_map(|doc| doc.history.as_ref())
            .flat_map(|history| history.revisions.iter().map(|r| r.date))
            .filter(|date| *date <= today)
            .max()
            .unwrap_or(today)
    }

    /// A version in the language's one wording, from the Fluent key `version-number`
    /// (第4.5版, Version 4.5): what headers, tables, banners, breadcrumbs and feeds say.
    pub fn version_label(&self, version: Version, language: &Language) -> String {
        self.site.locales.version_label(language, version)
    }

    /// A message of the theme's Fluent files without arguments (the key itself when it
    /// is missing: `check` reports that).
    pub fn message(&self, language: &Language, key: &str) -> String {
        self.site
            .locales
            .message(language.code(), key, None)
            .unwrap_or_else(|_| key.to_string())
    }

    /// A language's name in itself, for the switcher and banners.
    pub fn language_name(&self, language: &Language) -> String {
        self.site
            .locales
            .language_name(language)
            .unwrap_or_default()
    }

    /// The same page (by its rel path) in every language: `hreflang` and the switcher.
    pub fn alternates(&self, rel: &str, current: &Language) -> Vec<Alternate> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| {
                let url = self.url(l, rel);
                Alternate {
                    lang: l.code().to_string(),
                    name: self.language_name(l),
                    permalink: self.permalink(&url),
                    url,
                    current: l == current,
                }
            })
            .collect()
    }

    /// A link to a page of the working copy, by its title.
    pub fn link(&self, page: &Page, language: &Language) -> Link {
        Link {
            title: page.source(language).front.title.clone(),
            url: self.url(language, &page.rel_url()),
        }
    }

    /// A page as a listing shows it: title, description, date and category.
    pub fn listed(&self, page: &Page, language: &Language) -> Listed {
        let front = &page.source(language).front;
        Listed {
            title: front.title.clone(),
            url: self.url(language, &page.rel_url()),
            description: front.description.clone(),
            date: front.date.map(|d| DateText::new(d, language)),
            category: front.category.clone(),
            version_label: None,
            last_revised: None,
        }
    }

    /// The documents enclosing `d`, outermost (the home) first.
    pub fn ancestors(&self, d: DocId, language: &Language) -> Vec<Link> {
        let corpus = &self.site.corpus;
        let mut chain: Vec<Link> = corpus
            .ancestors(d)
            .map(|p| self.link(&corpus[p].index, language))
            .collect();
        chain.reverse();
        chain
    }

    /// The revision table of document `d`, oldest first; `shown` marks the row of the
    /// revision a page shows.
    pub fn revision_rows(
        &self,
        d: DocId,
        language: &Language,
        shown: Option<Version>,
    ) -> Vec<RevisionRow> {
        let doc = self.document(d);
        let Some(history) = &doc.history else {
            return Vec::new();
        };
        history
            .revisions
            .iter()
            .map(|r| {
                let frozen = doc.releases.iter().position(|rel| rel.version == r.version);
                RevisionRow {
                    version: r.version.to_string(),
                    label: self.version_label(r.version, language),
                    date: DateText::new(r.date, language),
                    summary: r.summary.get(language).cloned().unwrap_or_default(),
                    url: frozen.map(|_| {
                        self.url(language, &urls::copy_rel(&doc.dir, Some(r.version), INDEX))
                    }),
                    diff_url: frozen
                        .filter(|&i| i > 0)
                        .map(|_| self.url(language, &urls::diff_rel(&doc.dir, Some(r.version)))),
                    current: shown == Some(r.version),
                }
            })
            .collect()
    }

    /// The banner of a translation behind the authoritative revision it should translate
    /// (`authoritative`, or the latest one): a link to the original, which prevails.
    pub fn translation_lag(
        &self,
        doc: &Document,
        page: &Page,
        language: &Language,
        rel: &str,
        authoritative: Option<Version>,
    ) -> Option<TranslationLag> {
        let default = self.site.config.default_language();
        if language == default {
            return None;
        }
        let current =
            authoritative.or_else(|| doc.history.as_ref()?.latest().map(|r| r.version))?;
        let written = page.source(language).front.translation_of.as_deref()?;
        let translates: Version = written.parse().ok()?;
        (translates < current).then(|| TranslationLag {
            translates: translates.to_string(),
            current: current.to_string(),
            translates_label: self.version_label(translates, language),
            current_label: self.version_label(current, language),
            original_url: self.url(default, rel),
            original_lang: default.code().to_string(),
            original_name: self.language_name(default),
        })
    }
}
