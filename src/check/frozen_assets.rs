//! Frozen pages that show today's files: a page of a release links to a file of its own
//! document that the release did not freeze (releases made before trustdocs froze files
//! have none), so its archived revision shows the file as it is now, which may not be what
//! was published. A warning: such histories keep working.

use crate::load::frozen_assets::frozen_path;
use crate::markdown::stage::SiteFacts;
use crate::model::content::{Copy, Corpus, RELEASES_DIR, Slot};
use crate::plan::SitePlan;
use crate::report::{Code, Diagnostic};

/// A warning per link of a frozen page to an own file its release did not freeze.
pub fn unfrozen_assets(corpus: &Corpus, plan: &SitePlan, facts: &SiteFacts) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for ((d, copy, slot, language), page_facts) in facts {
        let Copy::Release(i) = *copy else { continue };
        if page_facts.assets.is_empty() {
            continue;
        }
        let doc = &corpus[*d];
        let Some(release) = doc.releases.get(i) else {
            continue;
        };
        let page = match slot {
            Slot::Index => &release.index,
            Slot::Page(p) => match release.pages.get(*p) {
                Some(page) => page,
                None => continue,
            },
            _ => continue,
        };
        let Some(source) = page.sources.get(language) else {
            continue;
        };
        let own = plan.assets.of(*d, *copy);
        let prefix = format!("{}/", doc.dir);
        for (line, target) in &page_facts.assets {
            let Some(path) = target.strip_prefix(&prefix) else {
                continue;
            };
            if path.split('/').next() == Some(RELEASES_DIR)
                || own.is_some_and(|own| own.contains(target))
            {
                continue;
            }
            let version = release.version;
            found.push(Diagnostic::warning(
                &source.path,
                Some(*line),
                Code::UnfrozenAsset,
                format!(
                    "`{path}` was not frozen with release {version}: its archived pages show \
                     today's file (to freeze it, put the file as it was published at {})",
                    frozen_path(&doc.dir, version, path).display()
                ),
            ));
        }
    }
    found
}
