//! The output files of a build that are neither pages nor assets of `content/`: what a
//! site path such as `/static/logo.svg`, `/ja/feed.xml` or `/ja/guide/v4.5/diff/` may name.
//! Pages and assets are found when the link is resolved (`plan::links`); the rest is looked
//! up here, every address taken from `model::urls`.
//!
//! A new kind of output file must be added to `SiteFiles::new`, or links to it are reported
//! as broken.

use std::collections::HashSet;

use crate::load::theme::Theme;
use crate::model::content::{Copy, Corpus, DocumentKind};
use crate::model::language::Language;
use crate::model::urls;
use crate::plan::SitePlan;

/// Which of the files made from the trust data a build writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrustFiles {
    /// `data/subprocessors.yaml` loaded: the subprocessors pages, their feeds and
    /// `/subprocessors.json`.
    pub subprocessors: bool,
    /// `site.yaml` has a `security:` section: `/.well-known/security.txt`.
    pub security_txt: bool,
}

/// The output files of one plan that a site path may name, besides pages and assets.
pub struct SiteFiles {
    files: HashSet<String>,
    /// Languages, for the files under each language's search folder.
    languages: Vec<Language>,
    /// When the theme did not load, any `static/` file is taken as there.
    any_static: bool,
}

impl SiteFiles {
    pub fn new(
        corpus: &Corpus,
        plan: &SitePlan,
        languages: &[Language],
        theme: Option<&Theme>,
        trust: TrustFiles,
    ) -> SiteFiles {
        let mut files: HashSet<String> = [
            urls::ROOT_FILE,
            urls::NOT_FOUND_FILE,
            urls::SITEMAP_FILE,
            urls::ROBOTS_FILE,
        ]
        .into_iter()
        .map(str::to_string)
        .collect();
        for file in theme.iter().flat_map(|t| &t.static_files) {
            files.insert(urls::static_file(file));
        }
        if trust.subprocessors {
            files.insert(urls::SUBPROCESSORS_JSON_FILE.to_string());
        }
        if trust.security_txt {
            files.insert(urls::SECURITY_TXT_FILE.to_string());
        }
        for language in languages {
            if trust.subprocessors {
                files.insert(urls::page_file(language, &urls::subprocessors_rel()));
                files.insert(urls::subprocessors_feed_file(language));
            }
            files.insert(urls::feed_file(language));
            files.insert(urls::page_file(language, &urls::search_rel()));
            for (d, doc) in corpus.iter() {
                let publication = plan.publication(d);
                if publication.current.is_none() {
                    continue;
                }
                if doc.kind == DocumentKind::Manual {
                    let archives = doc.releases.iter().map(|r| Some(r.version));
                    for archive in std::iter::once(None).chain(archives) {
                        let print = urls::print_rel(&doc.dir, archive);
                        files.insert(urls::page_file(language, &print));
                    }
                }
                for (_, newer) in publication.diff_pairs(doc) {
                    let to = match newer {
                        Copy::Working => None,
                        Copy::Release(_) => doc.version_of(newer),
                    };
                    let diff = urls::diff_rel(&doc.dir, to);
                    files.insert(urls::page_file(language, &diff));
                }
            }
        }
        SiteFiles {
            files,
            languages: languages.to_vec(),
            any_static: theme.is_none(),
        }
    }

    /// Whether the build makes `file` (`static/style.css`, `ja/guide/print/index.html`), or
    /// a folder of that name with an `index.html` (a link written without its last `/`).
    pub fn has(&self, file: &str) -> bool {
        if self.files.contains(file) || self.files.contains(&format!("{file}/index.html")) {
            return true;
        }
        if self.any_static && file.starts_with("static/") {
            return true;
        }
        // The search index's files are named by the index itself.
        urls::is_search_index_file(file)
            && self
                .languages
                .iter()
                .any(|l| file.split('/').next() == Some(l.code()))
    }
}
