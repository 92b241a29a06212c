//! A "what changed" page: from one copy of a document to the next (each release from the
//! one before, or the last release to an unreleased working copy), page by page.

use crate::model::content::{Copy, DocId, INDEX, Page};
use crate::model::date::DateText;
use crate::model::language::Language;
use crate::model::urls;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::context::{DiffInfo, PageInfo, PageKind};
use crate::pages::diff::{Diffed, FileDiff, FileStatus, diff_text, shared};

impl<'a> PageBuilder<'a> {
    /// `diff_text`, through the memo of `serve` when there is one.
    fn diff(&self, old: &str, new: &str, cjk: bool) -> Diffed {
        match self.diffs {
            Some(memo) => memo.diff(old, new, cjk),
            None => shared(diff_text(old, new, cjk)),
        }
    }

    /// "What changed" from copy `old` to copy `new` of a document.
    pub fn diff_job(&self, d: DocId, old: Copy, new: Copy, language: &'a Language) -> Job<'a> {
        let doc = self.document(d);
        let (old_index, old_pages) = doc.copy(old);
        let (new_index, new_pages) = doc.copy(new);
        let olds: Vec<&Page> = std::iter::once(old_index).chain(old_pages).collect();
        let news: Vec<&Page> = std::iter::once(new_index).chain(new_pages).collect();
        let mut files = Vec::new();
        let cjk = language.is_cjk();
        let body = |p: &'a Page| p.source(language).body();
        for page in &news {
            let before = olds.iter().find(|o| o.stem == page.stem);
            let old_text = before.map(|o| body(o)).unwrap_or("");
            let (hunks, insertions, deletions) = self.diff(old_text, body(page), cjk);
            if !hunks.is_empty() {
                files.push(FileDiff {
                    title: page.source(language).front.title.clone(),
                    status: if before.is_some() {
                        FileStatus::Changed
                    } else {
                        FileStatus::Added
                    },
                    hunks,
                    insertions,
                    deletions,
                });
            }
        }
        for page in olds
            .iter()
            .filter(|o| !news.iter().any(|n| n.stem == o.stem))
        {
            let (hunks, insertions, deletions) = self.diff(body(page), "", cjk);
            files.push(FileDiff {
                title: page.source(language).front.title.clone(),
                status: FileStatus::Removed,
                hunks,
                insertions,
                deletions,
            });
        }

        let (old_version, new_version) = (doc.version_of(old), doc.version_of(new));
        let copy_url = |version| self.url(language, &urls::copy_rel(&doc.dir, version, INDEX));
        let rel = urls::diff_rel(&doc.dir, new_version);
        let url = self.url(language, &rel);
        let source = new_index.source(language);
        let mut breadcrumbs = self.ancestors(d, language);
        breadcrumbs.push(self.link(&doc.index, language));
        let info = PageInfo {
            kind: PageKind::Diff,
            title: source.front.title.clone(),
            permalink: self.permalink(&url),
            canonical: self.permalink(&url),
            url,
            alternates: self.alternates(&rel, language),
            breadcrumbs,
            version: new_version.map(|v| v.to_string()),
            last_revised: new_version
                .and_then(|v| doc.history.as_ref()?.get(v))
                .map(|r| DateText::new(r.date, language)),
            diff: Some(DiffInfo {
                from_version: old_version.map(|v| v.to_string()),
                to_version: new_version.map(|v| v.to_string()),
                from_url: Some(copy_url(old_version)),
                to_url: copy_url(new_version),
                insertions: files.iter().map(|f| f.insertions).sum(),
                deletions: files.iter().map(|f| f.deletions).sum(),
                files,
            }),
            ..PageInfo::default()
        };
        Job {
            out_path: urls::page_file(language, &rel),
            language,
            page: info,
            primary: false,
        }
    }
}
