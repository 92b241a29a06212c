//! What the fetching found, as diagnostics: one at every file and line that uses a broken
//! link (so each shows where a writer must fix it), a missing `#anchor` at the uses that
//! name it, a link that moved for good as a warning with where it went, and a link the
//! server would not answer (429) as a warning: unchecked, not broken.

use super::cache::Known;
use super::fetch::Outcome;
use super::gather::Use;
use crate::report::suggest::closest;
use crate::report::{Code, Diagnostic};

/// What is known of a link: fetched in this run, or from the cache.
pub enum Answer<'a> {
    Fetched(&'a Outcome),
    /// Working, with every anchor it is asked for (see `Cache::answer`).
    Cached(Known),
}

/// The diagnostics of the link `url` at each of its `uses`.
pub fn diagnostics(url: &str, answer: &Answer, uses: &[Use]) -> Vec<Diagnostic> {
    let at = |u: &Use, severity_error: bool, code, message: String| {
        let make = if severity_error {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        make(&u.file, Some(u.line), code, message)
    };
    let (moved, ids) = match answer {
        Answer::Cached(known) => (known.moved.as_deref(), None),
        Answer::Fetched(Outcome::Working { moved, ids, .. }) => (moved.as_deref(), ids.as_ref()),
        Answer::Fetched(Outcome::Broken(reason)) => {
            return uses
                .iter()
                .map(|u| {
                    at(
                        u,
                        true,
                        Code::ExternalLink,
                        format!("external link `{url}` is broken: {reason}"),
                    )
                })
                .collect();
        }
        Answer::Fetched(Outcome::Unanswered(reason)) => {
            return uses
                .iter()
                .map(|u| {
                    at(
                        u,
                        false,
                        Code::ExternalUnchecked,
                        format!("external link `{url}` was not checked: {reason}"),
                    )
                })
                .collect();
        }
    };
    let mut found = Vec::new();
    for u in uses {
        if let Some(to) = moved {
            found.push(at(
                u,
                false,
                Code::ExternalRedirect,
                format!("external link `{url}` has moved permanently to `{to}`: link there"),
            ));
        }
        if let (Some(fragment), Some(ids)) = (&u.fragment, ids)
            && !ids.contains(fragment)
        {
            let suggestion = closest(fragment, ids.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `#{s}`?)"))
                .unwrap_or_default();
            found.push(at(
                u,
                true,
                Code::ExternalAnchor,
                format!("`#{fragment}` is not an id on the page `{url}`{suggestion}"),
            ));
        }
    }
    found
}
