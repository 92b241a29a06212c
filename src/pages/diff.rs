//! "What changed" between two revisions of a document: a line diff of each page's
//! Markdown, with the changed parts of a changed line marked character by character for
//! Japanese (no spaces between words) and word by word for English. Unchanged stretches are
//! folded to a count. The result is data; the theme's `diff.html` draws it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use serde::Serialize;
use similar::DiffTag;

/// Unchanged lines shown around each change.
const CONTEXT: usize = 2;

/// The changes of one page between two revisions.
#[derive(Debug, Clone, Serialize)]
pub struct FileDiff {
    pub title: String,
    pub status: FileStatus,
    /// Shared with `DiffMemo`: a template edit in `serve` copies no diff.
    pub hunks: Arc<Vec<Hunk>>,
    pub insertions: usize,
    pub deletions: usize,
}

/// A run of changes with a little context.
#[derive(Debug, Clone, Serialize)]
pub struct Hunk {
    /// Unchanged lines folded away before this hunk.
    pub folded_before: usize,
    pub lines: Vec<DiffLine>,
}

/// Whether a page changed, came or went between two revisions (`file.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Changed,
    Added,
    Removed,
}

/// What a line of a diff is (`line.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Equal,
    Delete,
    Insert,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffLine {
    pub kind: LineKind,
    pub old_number: Option<usize>,
    pub new_number: Option<usize>,
    pub segments: Vec<Segment>,
}

/// Part of a line; `changed` parts are the deleted or inserted characters or words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Segment {
    pub changed: bool,
    pub text: String,
}

/// A diff as pages take it: the hunks (shared), insertions and deletions.
pub type Diffed = (Arc<Vec<Hunk>>, usize, usize);

/// Diffs made earlier, by a hash of their inputs. `serve` keeps one across rebuilds, so a
/// template edit does not diff every revision of every document again. It is cleared when
/// it holds far more diffs than a rebuild asks for (old drafts of edited pages).
#[derive(Default)]
pub struct DiffMemo {
    diffs: Mutex<HashMap<DiffKey, Diffed>>,
}

/// A diff's inputs: a 64-bit hash of both texts, their lengths and the comparison mode.
type DiffKey = (u64, usize, usize, bool);

/// Diffs kept at most by a `DiffMemo`.
const MEMO_LIMIT: usize = 20_000;

impl DiffMemo {
    /// `diff_text(old, new, cjk)`, made once.
    pub fn diff(&self, old: &str, new: &str, cjk: bool) -> Diffed {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (old, new).hash(&mut hasher);
        let key = (hasher.finish(), old.len(), new.len(), cjk);
        let lock = || self.diffs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&key) {
            return found.clone();
        }
        let made = shared(diff_text(old, new, cjk));
        let mut diffs = lock();
        if diffs.len() >= MEMO_LIMIT {
            diffs.clear();
        }
        diffs.insert(key, made.clone());
        made
    }
}

/// `diff_text`'s result with its hunks shareable.
pub fn shared((hunks, insertions, deletions): (Vec<Hunk>, usize, usize)) -> Diffed {
    (Arc::new(hunks), insertions, deletions)
}

/// Diffs two texts. `cjk` marks changes inside lines by character, otherwise by word.
pub fn diff_text<'a>(old: &'a str, new: &'a str, cjk: bool) -> (Vec<Hunk>, usize, usize) {
    // Lines without their ends: a newline added after the last line, or a line end
    // written `\r\n`, changes no line.
    let old_lines: Vec<&'a str> = old.lines().collect();
    let new_lines: Vec<&'a str> = new.lines().collect();
    let ops = diff_ops(&old_lines, &new_lines);
    let mut hunks = Vec::new();
    let (mut insertions, mut deletions) = (0, 0);
    let mut shown_until = 0; // old line index up to which lines were shown or folded
    for group in similar::group_diff_ops(ops, CONTEXT) {
        let Some(first) = group.first() else { continue };
        let start = first.old_range().start;
        let mut hunk = Hunk {
            folded_before: start.saturating_sub(shown_until),
            lines: Vec::new(),
        };
        for op in &group {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => {
                    for (o, n) in old_range.clone().zip(new_range.clone()) {
                        hunk.lines.push(line(
                            LineKind::Equal,
                            Some(o),
                            Some(n),
                            whole(old_lines[o], false),
                        ));
                    }
                }
                DiffTag::Delete => {
                    for o in old_range.clone() {
                        deletions += 1;
                        hunk.lines.push(line(
                            LineKind::Delete,
                            Some(o),
                            None,
                            whole(old_lines[o], true),
                        ));
                    }
                }
                DiffTag::Insert => {
                    for n in new_range.clone() {
                        insertions += 1;
                        hunk.lines.push(line(
                            LineKind::Insert,
                            None,
                            Some(n),
                            whole(new_lines[n], true),
                        ));
                    }
                }
                DiffTag::Replace => {
                    let pairs = old_range.len().min(new_range.len());
                    for k in 0..pairs {
                        let (o, n) = (old_range.start + k, new_range.start + k);
                        let (deleted, inserted) = inline(old_lines[o], new_lines[n], cjk);
                        deletions += 1;
                        insertions += 1;
                        hunk.lines
                            .push(line(LineKind::Delete, Some(o), None, deleted));
                        hunk.lines
                            .push(line(LineKind::Insert, None, Some(n), inserted));
                    }
                    for o in old_range.clone().skip(pairs) {
                        deletions += 1;
                        hunk.lines.push(line(
                            LineKind::Delete,
                            Some(o),
                            None,
                            whole(old_lines[o], true),
                        ));
                    }
                    for n in new_range.clone().skip(pairs) {
                        insertions += 1;
                        hunk.lines.push(line(
                            LineKind::Insert,
                            None,
                            Some(n),
                            whole(new_lines[n], true),
                        ));
                    }
                }
            }
            shown_until = old_range.end;
        }
        hunks.push(hunk);
    }
    (hunks, insertions, deletions)
}

fn line(
    kind: LineKind,
    old: Option<usize>,
    new: Option<usize>,
    segments: Vec<Segment>,
) -> DiffLine {
    DiffLine {
        kind,
        old_number: old.map(|o| o + 1),
        new_number: new.map(|n| n + 1),
        segments,
    }
}

fn whole(text: &str, changed: bool) -> Vec<Segment> {
    vec![Segment {
        changed,
        text: text.to_string(),
    }]
}

/// The old line with its deleted parts marked, and the new line with its inserted parts.
/// Japanese is compared character by character (it has no spaces between words); runs of
/// Latin letters and digits are compared as whole words in either language, so
/// `SendGrid` → `Amazon SES` is one change, not a scatter of letters.
fn inline(old: &str, new: &str, cjk: bool) -> (Vec<Segment>, Vec<Segment>) {
    let old_tokens = tokens(old, cjk);
    let new_tokens = tokens(new, cjk);
    let mut deleted = Vec::new();
    let mut inserted = Vec::new();
    for op in diff_ops(&old_tokens, &new_tokens) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for token in &old_tokens[old_range] {
                push(&mut deleted, false, token);
                push(&mut inserted, false, token);
            }
            continue;
        }
        for token in &old_tokens[old_range] {
            push(&mut deleted, true, token);
        }
        for token in &new_tokens[new_range] {
            push(&mut inserted, true, token);
        }
    }
    (deleted, inserted)
}

/// Myers' diff of two runs of lines or tokens. Each distinct one is numbered first, so the
/// diff compares numbers, not strings.
fn diff_ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<similar::DiffOp> {
    let mut numbers: FxHashMap<&'a str, u32> = FxHashMap::default();
    numbers.reserve(old.len() + 8);
    let mut ids = |items: &[&'a str]| -> Vec<u32> {
        items
            .iter()
            .map(|&item| {
                let next = numbers.len() as u32;
                *numbers.entry(item).or_insert(next)
            })
            .collect()
    };
    let old_ids = ids(old);
    let new_ids = ids(new);
    similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids)
}

/// Cuts a line into diff tokens: words of letters and digits, runs of spaces, and single
/// other characters (every Japanese character is its own token). For a non-CJK language a
/// word also takes in non-ASCII letters (é, ü).
fn tokens(line: &str, cjk: bool) -> Vec<&str> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || (!cjk && c.is_alphanumeric());
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let same_run = |next: char| {
            (is_word(c) && is_word(next)) || (c.is_whitespace() && next.is_whitespace())
        };
        if let Some(&(_, next)) = chars.peek()
            && same_run(next)
        {
            continue;
        }
        let end = i + c.len_utf8();
        out.push(&line[start..end]);
        start = end;
    }
    out
}

fn push(segments: &mut Vec<Segment>, changed: bool, text: &str) {
    match segments.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => segments.push(Segment {
            changed,
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_gives_what_diff_text_gives_for_each_pair_of_texts() {
        let memo = DiffMemo::default();
        let pairs = [
            ("a\nb\n", "a\nc\n"),
            ("a\nb\n", "a\nd\n"),
            ("暗号化する\n", "暗号化しない\n"),
        ];
        for _ in 0..2 {
            for (old, new) in pairs {
                let expected = diff_text(old, new, true);
                let got = memo.diff(old, new, true);
                assert_eq!(format!("{got:?}"), format!("{expected:?}"));
            }
        }
        assert_eq!(memo.diffs.lock().unwrap().len(), pairs.len());
    }

    #[test]
    fn japanese_change_is_marked_by_character() {
        let old = "前書き\n\nインシデントは速やかに通知します。\n\n後書き\n";
        let new = "前書き\n\nインシデントは72時間以内に通知します。\n\n後書き\n";
        let (hunks, ins, del) = diff_text(old, new, true);
        assert_eq!((ins, del), (1, 1));
        let lines = &hunks[0].lines;
        let deleted = lines.iter().find(|l| l.kind == LineKind::Delete).unwrap();
        let inserted = lines.iter().find(|l| l.kind == LineKind::Insert).unwrap();
        let marked = |l: &DiffLine| -> String {
            l.segments
                .iter()
                .filter(|s| s.changed)
                .map(|s| s.text.as_str())
                .collect()
        };
        assert_eq!(marked(deleted), "速やか");
        assert_eq!(marked(inserted), "72時間以内");
    }

    #[test]
    fn english_change_is_marked_by_word() {
        let (hunks, _, _) = diff_text(
            "We notify you promptly.\n",
            "We notify you within 72 hours.\n",
            false,
        );
        let inserted = hunks[0]
            .lines
            .iter()
            .find(|l| l.kind == LineKind::Insert)
            .unwrap();
        let marked: Vec<&str> = inserted
            .segments
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked.concat(), "within 72 hours");
    }

    #[test]
    fn latin_words_inside_japanese_change_whole() {
        let (hunks, _, _) = diff_text(
            "送信には SendGrid を使います。\n",
            "送信には Amazon SES を使います。\n",
            true,
        );
        let deleted = hunks[0]
            .lines
            .iter()
            .find(|l| l.kind == LineKind::Delete)
            .unwrap();
        let marked: Vec<&str> = deleted
            .segments
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, vec!["SendGrid"]);
        assert_eq!(
            tokens("a bc 日本", true),
            vec!["a", " ", "bc", " ", "日", "本"]
        );
    }

    #[test]
    fn a_newline_added_at_the_end_changes_nothing() {
        for (old, new) in [
            ("a\nb", "a\nb\n"),
            ("暗号\n", "暗号"),
            ("a\r\nb\r\n", "a\nb"),
        ] {
            let (hunks, insertions, deletions) = diff_text(old, new, true);
            assert!(hunks.is_empty(), "{old:?} → {new:?}: {hunks:?}");
            assert_eq!((insertions, deletions), (0, 0));
        }
    }

    #[test]
    fn unchanged_stretches_are_folded() {
        let old: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 20\n", "line twenty\n");
        let (hunks, _, _) = diff_text(&old, &new, false);
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].folded_before, 17);
        assert_eq!(hunks[0].lines.len(), 2 + 2 + 2);
    }

    /// Lines a random revision is made of: Japanese, English, Latin words inside Japanese,
    /// an empty line, and lines that differ from another only a little.
    const LINES: &[&str] = &[
        "",
        "## 1. 目的",
        "インシデントは速やかに通知します。",
        "インシデントは72時間以内に通知します。",
        "送信には SendGrid を使います。",
        "送信には Amazon SES を使います。",
        "We notify customers promptly.",
        "We notify customers within 72 hours.",
        "- item",
        "  ",
    ];

    fn revision() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            proptest::collection::vec(0..LINES.len(), 0..24),
            any::<bool>(),
        )
            .prop_map(|(lines, end_newline)| {
                let mut text = lines
                    .iter()
                    .map(|&l| LINES[l])
                    .collect::<Vec<_>>()
                    .join("\n");
                if end_newline && !text.is_empty() {
                    text.push('\n');
                }
                text
            })
    }

    /// The lines a diff says `side` has, the folded ones taken from `old`: what `diff.html`
    /// shows, with every folded stretch unfolded.
    fn unfold(old: &str, hunks: &[Hunk], new_side: bool) -> Vec<String> {
        let old_lines: Vec<&str> = old.lines().collect();
        let mut out = Vec::new();
        let mut at = 0;
        for hunk in hunks {
            for _ in 0..hunk.folded_before {
                out.push(old_lines[at].to_string());
                at += 1;
            }
            for line in &hunk.lines {
                let text: String = line.segments.iter().map(|s| s.text.as_str()).collect();
                let shown = match line.kind {
                    LineKind::Equal => true,
                    LineKind::Delete => !new_side,
                    _ => new_side,
                };
                if line.kind != LineKind::Insert {
                    assert_eq!(line.old_number, Some(at + 1), "old lines in order");
                    at += 1;
                }
                if shown {
                    out.push(text);
                }
            }
        }
        out.extend(
            old_lines[at.min(old_lines.len())..]
                .iter()
                .map(|l| l.to_string()),
        );
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 300,
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// Any two revisions: unfolding the diff gives back each revision line for line,
        /// the counts are the lines marked, and the marked parts of a changed line are
        /// what differs (unmarked, the two sides of a line pair read the same).
        #[test]
        fn a_diff_gives_back_both_revisions(old in revision(), new in revision(), cjk in proptest::bool::ANY) {
            let (hunks, insertions, deletions) = diff_text(&old, &new, cjk);
            let lines = |t: &str| -> Vec<String> { t.lines().map(str::to_string).collect() };
            proptest::prop_assert_eq!(unfold(&old, &hunks, false), lines(&old));
            proptest::prop_assert_eq!(unfold(&old, &hunks, true), lines(&new));
            if lines(&old) == lines(&new) {
                // A newline added at the end of the last line changes no line.
                proptest::prop_assert!(hunks.is_empty(), "{:?}", hunks);
            }
            let count = |kind: LineKind| hunks.iter().flat_map(|h| &h.lines).filter(|l| l.kind == kind).count();
            proptest::prop_assert_eq!((count(LineKind::Insert), count(LineKind::Delete)), (insertions, deletions));
            for hunk in &hunks {
                for pair in hunk.lines.windows(2) {
                    if let [deleted, inserted] = pair
                        && deleted.kind == LineKind::Delete
                        && inserted.kind == LineKind::Insert
                    {
                        let unmarked = |l: &DiffLine| -> String {
                            l.segments.iter().filter(|s| !s.changed).map(|s| s.text.as_str()).collect()
                        };
                        proptest::prop_assert_eq!(unmarked(deleted), unmarked(inserted));
                    }
                }
            }
        }
    }
}
