//! Two revisions of a page compared block by block: which blocks stayed, changed, came,
//! went or moved, and in a changed block (each cell of a changed table row) which
//! characters (Japanese, which has no spaces between words) or words (English) changed.
//! Pure data over `markdown::blocks`: every block of either revision is in exactly one
//! entry, in reading order. Not for grouping by section or for what templates see
//! (`diff_view.rs`).

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;
use similar::DiffTag;

use crate::markdown::blocks::{Block, BlockKind, Style};

/// How alike two blocks of the same kind must be (a share of their characters) to be
/// shown as one block changed rather than one removed and another added.
const PAIRED: f32 = 0.4;
/// Past this many block pairs to weigh in one stretch of changes, blocks are paired in
/// order instead of by the best alignment (a rewritten page stays linear).
const ALIGN_LIMIT: usize = 10_000;

/// What happened to a block (`entry.change`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Same,
    Changed,
    Added,
    Removed,
    /// The new revision's block, moved here from elsewhere on the page.
    MovedHere,
    /// The old revision's block, moved from here to elsewhere on the page.
    MovedAway,
}

/// One step of the comparison: an old block, a new block, or both.
#[derive(Debug, Clone)]
pub struct Entry {
    pub change: Change,
    /// The old revision's block, by its place in the old page's blocks.
    pub old: Option<u32>,
    /// The new revision's block.
    pub new: Option<u32>,
    /// A moved block's other half: the old block of `MovedHere`, the new of `MovedAway`.
    pub other: Option<u32>,
    /// A changed block, cell by cell (one cell but for a table row).
    pub cells: Vec<CellDiff>,
}

/// One cell of a changed block: each side with its changed parts marked, and the two
/// merged for the inline view.
#[derive(Debug, Clone, Serialize)]
pub struct CellDiff {
    pub changed: bool,
    pub old: Vec<Piece>,
    pub new: Vec<Piece>,
    pub inline: Vec<Piece>,
}

/// A stretch of text shown with one formatting and one mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub text: String,
    pub mark: Mark,
    /// None in the templates for plain text, the most common piece by far: the theme
    /// writes it without asking about each kind of formatting.
    #[serde(serialize_with = "plain_as_none")]
    pub style: Style,
}

fn plain_as_none<S: serde::Serializer>(style: &Style, serializer: S) -> Result<S::Ok, S::Error> {
    if *style == Style::default() {
        serializer.serialize_none()
    } else {
        serializer.serialize_some(style)
    }
}

/// Whether a piece is deleted, inserted or neither (`piece.mark`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Same,
    Del,
    Ins,
}

/// A page's comparison: its entries in reading order.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub entries: Vec<Entry>,
}

impl Comparison {
    /// Whether anything changed.
    pub fn has_changes(&self) -> bool {
        self.entries.iter().any(|e| e.change != Change::Same)
    }
}

/// Compares the blocks of two revisions of a page. `cjk`: changed text is marked
/// character by character, otherwise word by word (Latin words are whole in both).
pub fn compare(old: &[Block], new: &[Block], cjk: bool) -> Comparison {
    let mut entries = Vec::with_capacity(new.len().max(old.len()));
    let old_keys: Vec<u64> = old.iter().map(|b| b.key).collect();
    let new_keys: Vec<u64> = new.iter().map(|b| b.key).collect();
    for op in numbered_diff(&old_keys, &new_keys) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (o, n) in olds.zip(news) {
                entries.push(entry(Change::Same, Some(o), Some(n)));
            }
            continue;
        }
        align(old, new, olds, news, &mut entries);
    }
    find_moves(old, new, &mut entries);
    for e in &mut entries {
        if let (Change::Changed, Some(o), Some(n)) = (e.change, e.old, e.new) {
            e.cells = diff_cells(&old[o as usize], &new[n as usize], cjk);
        }
    }
    Comparison { entries }
}

fn entry(change: Change, old: Option<usize>, new: Option<usize>) -> Entry {
    Entry {
        change,
        old: old.map(|o| o as u32),
        new: new.map(|n| n as u32),
        other: None,
        cells: Vec::new(),
    }
}

/// A stretch where the two revisions differ: blocks alike enough are paired as changed
/// (the best alignment in order), the others removed and added.
fn align(
    old: &[Block],
    new: &[Block],
    olds: Range<usize>,
    news: Range<usize>,
    entries: &mut Vec<Entry>,
) {
    let pairs = if olds.is_empty() || news.is_empty() {
        Vec::new()
    } else if olds.len() * news.len() <= ALIGN_LIMIT {
        best_pairs(old, new, olds.clone(), news.clone())
    } else {
        pairs_in_order(old, new, olds.clone(), news.clone())
    };
    let (mut o, mut n) = (olds.start, news.start);
    for (po, pn) in pairs.into_iter().chain([(olds.end, news.end)]) {
        entries.extend((o..po).map(|i| entry(Change::Removed, Some(i), None)));
        entries.extend((n..pn).map(|j| entry(Change::Added, None, Some(j))));
        if po < olds.end {
            entries.push(entry(Change::Changed, Some(po), Some(pn)));
        }
        (o, n) = (po + 1, pn + 1);
    }
}

/// The characters of a block, sorted: what `likeness` compares.
fn sorted_chars(block: &Block) -> Vec<char> {
    let mut chars: Vec<char> = block.text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars
}

/// How alike two blocks are, from 0 to 1: none for blocks of different kinds; for images,
/// always alike enough to pair (a changed image shows both versions side by side).
fn likeness(a: &Block, b: &Block, a_chars: &[char], b_chars: &[char]) -> f32 {
    let same_kind = a.kind == b.kind
        && (a.kind != BlockKind::Row || a.level == b.level)
        && a.kind != BlockKind::Rule;
    if !same_kind {
        return 0.0;
    }
    let total = a_chars.len() + b_chars.len();
    let share = if total == 0 {
        1.0
    } else {
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a_chars.len() && j < b_chars.len() {
            match a_chars[i].cmp(&b_chars[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * common as f32 / total as f32
    };
    if a.kind == BlockKind::Image {
        0.5 + share / 2.0
    } else {
        share
    }
}

/// The pairs of the alignment in order whose summed likeness is greatest.
fn best_pairs(
    old: &[Block],
    new: &[Block],
    olds: Range<usize>,
    news: Range<usize>,
) -> Vec<(usize, usize)> {
    let a: Vec<Vec<char>> = old[olds.clone()].iter().map(sorted_chars).collect();
    let b: Vec<Vec<char>> = new[news.clone()].iter().map(sorted_chars).collect();
    let (m, n) = (a.len(), b.len());
    let mut score = vec![0f32; (m + 1) * (n + 1)];
    let at = |i: usize, j: usize| i * (n + 1) + j;
    let mut like = vec![0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            let l = likeness(&old[olds.start + i], &new[news.start + j], &a[i], &b[j]);
            like[i * n + j] = if l >= PAIRED { l } else { 0.0 };
        }
    }
    for i in 1..=m {
        for j in 1..=n {
            let paired = match like[(i - 1) * n + j - 1] {
                l if l > 0.0 => score[at(i - 1, j - 1)] + l,
                _ => 0.0,
            };
            score[at(i, j)] = paired.max(score[at(i - 1, j)]).max(score[at(i, j - 1)]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 && j > 0 {
        let l = like[(i - 1) * n + j - 1];
        if l > 0.0 && score[at(i, j)] == score[at(i - 1, j - 1)] + l {
            pairs.push((olds.start + i - 1, news.start + j - 1));
            i -= 1;
            j -= 1;
        } else if score[at(i, j)] == score[at(i - 1, j)] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Pairs for a long stretch: each old block with the next new block of its kind, within a
/// few places, when alike enough.
fn pairs_in_order(
    old: &[Block],
    new: &[Block],
    olds: Range<usize>,
    news: Range<usize>,
) -> Vec<(usize, usize)> {
    const WINDOW: usize = 8;
    let mut pairs = Vec::new();
    let mut next = news.start;
    for o in olds {
        let a = sorted_chars(&old[o]);
        let found = (next..news.end.min(next + WINDOW))
            .find(|&n| likeness(&old[o], &new[n], &a, &sorted_chars(&new[n])) >= PAIRED);
        if let Some(n) = found {
            pairs.push((o, n));
            next = n + 1;
        }
    }
    pairs
}

/// A block removed in one place and the same block added in another is one block moved.
fn find_moves(old: &[Block], new: &[Block], entries: &mut [Entry]) {
    let movable = |b: &Block| b.kind != BlockKind::Rule && !b.text.trim().is_empty();
    let mut added: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate().rev() {
        if let (Change::Added, Some(n)) = (e.change, e.new)
            && movable(&new[n as usize])
        {
            added.entry(new[n as usize].key).or_default().push(i);
        }
    }
    for i in 0..entries.len() {
        let (Change::Removed, Some(o)) = (entries[i].change, entries[i].old) else {
            continue;
        };
        let block = &old[o as usize];
        if !movable(block) {
            continue;
        }
        let Some(j) = added.get_mut(&block.key).and_then(Vec::pop) else {
            continue;
        };
        let n = entries[j].new;
        entries[i].change = Change::MovedAway;
        entries[i].other = n;
        entries[j].change = Change::MovedHere;
        entries[j].other = Some(o);
    }
}

/// The pieces of cell `c` of a block as it stands, all with one mark: how an added,
/// removed or moved block is shown.
pub fn pieces_of(block: &Block, c: usize, mark: Mark) -> Vec<Piece> {
    block
        .cell_runs(c)
        .filter(|&r| !block.run_text(r).is_empty())
        .map(|r| Piece {
            text: block.run_text(r).to_string(),
            mark,
            style: block.runs[r].style.clone(),
        })
        .collect()
}

/// A token of a cell's text and the run it is in.
struct Token<'b> {
    text: &'b str,
    run: usize,
}

fn cell_tokens(block: &Block, c: usize, cjk: bool) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for r in block.cell_runs(c) {
        let text = block.run_text(r);
        if block.runs[r].style.is_whole() {
            out.push(Token { text, run: r });
        } else {
            out.extend(
                tokens(text, cjk)
                    .into_iter()
                    .map(|t| Token { text: t, run: r }),
            );
        }
    }
    out
}

/// The cells of two versions of a block compared, the i-th with the i-th.
fn diff_cells(old: &Block, new: &Block, cjk: bool) -> Vec<CellDiff> {
    let count = old.cell_count().max(new.cell_count());
    (0..count)
        .map(|c| {
            let has = |b: &Block| c < b.cell_count();
            let a = if has(old) {
                cell_tokens(old, c, cjk)
            } else {
                Vec::new()
            };
            let b = if has(new) {
                cell_tokens(new, c, cjk)
            } else {
                Vec::new()
            };
            diff_cell(old, new, &a, &b)
        })
        .collect()
}

/// A stretch of tokens in the comparison of one cell: the same on both sides, or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stretch {
    same: bool,
    old: Range<usize>,
    new: Range<usize>,
}

fn diff_cell<'b>(old: &'b Block, new: &'b Block, a: &[Token], b: &[Token]) -> CellDiff {
    let a_text: Vec<&str> = a.iter().map(|t| t.text).collect();
    let b_text: Vec<&str> = b.iter().map(|t| t.text).collect();
    let stretches = readable(
        numbered_diff(&a_text, &b_text)
            .iter()
            .map(|op| {
                let (tag, o, n) = op.as_tag_tuple();
                Stretch {
                    same: tag == DiffTag::Equal,
                    old: o,
                    new: n,
                }
            })
            .collect(),
        &a_text,
        &b_text,
    );
    let mut cell = CellDiff {
        changed: false,
        old: Vec::new(),
        new: Vec::new(),
        inline: Vec::new(),
    };
    let style = |block: &'b Block, t: &Token| -> &'b Style { &block.runs[t.run].style };
    for s in &stretches {
        if s.same {
            for (ta, tb) in a[s.old.clone()].iter().zip(&b[s.new.clone()]) {
                if style(old, ta) != style(new, tb) {
                    cell.changed = true;
                }
                push(&mut cell.old, ta.text, Mark::Same, style(old, ta));
                push(&mut cell.new, tb.text, Mark::Same, style(new, tb));
                push(&mut cell.inline, tb.text, Mark::Same, style(new, tb));
            }
            continue;
        }
        cell.changed = true;
        for t in &a[s.old.clone()] {
            push(&mut cell.old, t.text, Mark::Del, style(old, t));
            push(&mut cell.inline, t.text, Mark::Del, style(old, t));
        }
        for t in &b[s.new.clone()] {
            push(&mut cell.new, t.text, Mark::Ins, style(new, t));
            push(&mut cell.inline, t.text, Mark::Ins, style(new, t));
        }
    }
    cell
}

/// Makes a character diff readable: a short run left the same between two changes (a
/// particle, a space between changed words) becomes part of one change, as a reader would
/// mark it.
fn readable(stretches: Vec<Stretch>, a: &[&str], b: &[&str]) -> Vec<Stretch> {
    let chars = |tokens: &[&str]| tokens.iter().map(|t| t.chars().count()).sum::<usize>();
    // Neighbouring changes first made one.
    let mut out: Vec<Stretch> = Vec::with_capacity(stretches.len());
    for s in stretches {
        match out.last_mut() {
            Some(last) if !last.same && !s.same => {
                last.old.end = s.old.end;
                last.new.end = s.new.end;
            }
            _ => out.push(s),
        }
    }
    let mut k = 1;
    while k + 1 < out.len() {
        let (before, same, after) = (&out[k - 1], &out[k], &out[k + 1]);
        let weight = |s: &Stretch| chars(&a[s.old.clone()]).max(chars(&b[s.new.clone()]));
        let short = chars(&a[same.old.clone()]);
        if same.same && !before.same && !after.same && short <= weight(before).min(weight(after)) {
            let merged = Stretch {
                same: false,
                old: before.old.start..after.old.end,
                new: before.new.start..after.new.end,
            };
            out.splice(k - 1..=k + 1, [merged]);
            k = k.saturating_sub(1).max(1);
        } else {
            k += 1;
        }
    }
    out
}

/// Adds a token to a cell's pieces: to the last piece when it has the same mark and
/// style (the style is cloned only for a new piece: most tokens join one).
fn push(pieces: &mut Vec<Piece>, text: &str, mark: Mark, style: &Style) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(last) if last.mark == mark && last.style == *style && !style.is_whole() => {
            last.text.push_str(text)
        }
        _ => pieces.push(Piece {
            text: text.to_string(),
            mark,
            style: style.clone(),
        }),
    }
}

/// Myers' diff of two runs of hashable items, each distinct one numbered first so the
/// diff compares numbers.
fn numbered_diff<T: std::hash::Hash + Eq + Copy>(old: &[T], new: &[T]) -> Vec<similar::DiffOp> {
    let mut numbers: FxHashMap<T, u32> = FxHashMap::default();
    numbers.reserve(old.len() + 8);
    let mut ids = |items: &[T]| -> Vec<u32> {
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

/// Cuts text into diff tokens: words of letters and digits, runs of spaces, and single
/// other characters (every Japanese character is its own token). For a language that is
/// not CJK a word also takes in non-ASCII letters (é, ü).
pub fn tokens(text: &str, cjk: bool) -> Vec<&str> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || (!cjk && c.is_alphanumeric());
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
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
        out.push(&text[start..end]);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::render_ja;

    fn blocks(body: &str) -> Vec<Block> {
        render_ja(body, true).blocks.blocks
    }

    fn changes(c: &Comparison) -> Vec<Change> {
        c.entries.iter().map(|e| e.change).collect()
    }

    fn marked(pieces: &[Piece], mark: Mark) -> Vec<String> {
        pieces
            .iter()
            .filter(|p| p.mark == mark)
            .map(|p| p.text.clone())
            .collect()
    }

    #[test]
    fn japanese_changes_are_marked_by_character() {
        let old = blocks("前書き\n\nインシデントは速やかに通知します。\n\n後書き\n");
        let new = blocks("前書き\n\nインシデントは72時間以内に通知します。\n\n後書き\n");
        let c = compare(&old, &new, true);
        use Change::*;
        assert_eq!(changes(&c), vec![Same, Changed, Same]);
        let cell = &c.entries[1].cells[0];
        assert_eq!(marked(&cell.old, Mark::Del), vec!["速やか"]);
        assert_eq!(marked(&cell.new, Mark::Ins), vec!["72時間以内"]);
        assert_eq!(marked(&cell.inline, Mark::Del), vec!["速やか"]);
    }

    #[test]
    fn english_changes_are_marked_by_word() {
        let old = blocks("We notify you promptly.\n");
        let new = blocks("We notify you within 72 hours.\n");
        let c = compare(&old, &new, false);
        let cell = &c.entries[0].cells[0];
        assert_eq!(marked(&cell.new, Mark::Ins), vec!["within 72 hours"]);
        assert_eq!(marked(&cell.old, Mark::Del), vec!["promptly"]);
    }

    #[test]
    fn a_changed_table_row_names_its_changed_cells() {
        let old = blocks("| 区分 | 場所 |\n| --- | --- |\n| 本番環境 | 東京 |\n| 予備 | なし |\n");
        let new =
            blocks("| 区分 | 場所 |\n| --- | --- |\n| 本番環境 | 東京、大阪 |\n| 予備 | なし |\n");
        let c = compare(&old, &new, true);
        use Change::*;
        assert_eq!(changes(&c), vec![Same, Changed, Same]);
        let cells = &c.entries[1].cells;
        assert_eq!(cells.len(), 2);
        assert!(!cells[0].changed && cells[1].changed);
        assert_eq!(marked(&cells[1].new, Mark::Ins), vec!["、大阪"]);
    }

    #[test]
    fn moved_added_and_removed_blocks_are_told_apart() {
        let old = blocks("- 東京\n- 大阪\n- 福岡\n\n段落A。\n\n段落B。\n");
        let new = blocks("- 大阪\n- 福岡\n- 東京\n- 札幌\n\n段落B。\n");
        let c = compare(&old, &new, true);
        use Change::*;
        assert_eq!(
            changes(&c),
            vec![MovedAway, Same, Same, Removed, MovedHere, Added, Same]
        );
        assert_eq!(c.entries[0].other, Some(2));
        assert_eq!(c.entries[4].other, Some(0));
    }

    #[test]
    fn a_changed_image_is_one_block_changed() {
        let old = blocks("![構成図](https://example.com/v1.svg)\n");
        let new = blocks("![構成図](https://example.com/v2.svg)\n");
        let c = compare(&old, &new, true);
        assert_eq!(changes(&c), vec![Change::Changed]);
    }

    #[test]
    fn small_same_runs_between_changes_join_them() {
        let old = blocks("本番環境のデータは東京に置きます。\n");
        let new = blocks("主系のデータは東京に置きます。\n");
        let c = compare(&old, &new, true);
        let cell = &c.entries[0].cells[0];
        assert_eq!(marked(&cell.old, Mark::Del), vec!["本番環境"]);
        assert_eq!(marked(&cell.new, Mark::Ins), vec!["主系"]);
    }

    /// Markdown blocks a random revision is made of: paragraphs, items, rows, headings,
    /// code, images, in Japanese and English, some alike.
    const PIECES: &[&str] = &[
        "インシデントは速やかに通知します。\n",
        "インシデントは72時間以内に通知します。\n",
        "We notify you **promptly**.\n",
        "We notify you within 72 hours.\n",
        "## 1. 保存場所 {#storage}\n",
        "## 1. データの保存場所 {#storage}\n",
        "### 1.1 鍵\n",
        "- 東京\n- 大阪\n",
        "- 東京\n",
        "- [x] 完了\n",
        "| 区分 | 場所 |\n| --- | --- |\n| 主系 | 東京 |\n",
        "| 区分 | 場所 |\n| --- | --- |\n| 主系 | 東京、大阪 |\n| 副系 | 大阪 |\n",
        "```sh\necho ok\n```\n",
        "```sh\necho ng\n```\n",
        "![構成図](https://example.com/a.svg)\n",
        "![構成図](https://example.com/b.svg)\n",
        "> 引用です。\n",
        "---\n",
        "送信には [SendGrid](https://sendgrid.com) を使います。\n",
        "送信には Amazon SES を使います。\n",
    ];

    fn revision() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(0..PIECES.len(), 0..16).prop_map(|picks| {
            picks
                .iter()
                .map(|&p| PIECES[p])
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 300,
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// Any two revisions: every block of either is in exactly one entry, in reading
        /// order; a block the same is the same; a changed block's sides read as the two
        /// blocks, its marks being what differs; a moved block is found again.
        #[test]
        fn every_block_of_either_revision_is_in_the_comparison_once(old in revision(), new in revision(), cjk in proptest::bool::ANY) {
            let (a, b) = (blocks(&old), blocks(&new));
            let c = compare(&a, &b, cjk);
            let olds: Vec<u32> = c.entries.iter().filter_map(|e| e.old).collect();
            let news: Vec<u32> = c.entries.iter().filter_map(|e| e.new).collect();
            proptest::prop_assert_eq!(olds, (0..a.len() as u32).collect::<Vec<_>>());
            proptest::prop_assert_eq!(news, (0..b.len() as u32).collect::<Vec<_>>());
            for e in &c.entries {
                let (o, n) = (e.old.map(|o| &a[o as usize]), e.new.map(|n| &b[n as usize]));
                match e.change {
                    Change::Same => proptest::prop_assert_eq!(o.unwrap().key, n.unwrap().key),
                    Change::Changed => {
                        let (o, n) = (o.unwrap(), n.unwrap());
                        proptest::prop_assert_eq!(o.kind, n.kind);
                        for (i, cell) in e.cells.iter().enumerate() {
                            let text = |pieces: &[Piece], skip: Mark| -> String {
                                pieces.iter().filter(|p| p.mark != skip).map(|p| p.text.as_str()).collect()
                            };
                            let cell_text = |b: &Block| -> String {
                                if i < b.cell_count() { b.cell_runs(i).map(|r| b.run_text(r)).collect() } else { String::new() }
                            };
                            proptest::prop_assert_eq!(text(&cell.old, Mark::Ins), cell_text(o));
                            proptest::prop_assert_eq!(text(&cell.new, Mark::Del), cell_text(n));
                            proptest::prop_assert_eq!(text(&cell.inline, Mark::Ins), cell_text(o));
                            proptest::prop_assert_eq!(text(&cell.inline, Mark::Del), cell_text(n));
                        }
                    }
                    Change::Added | Change::MovedHere => proptest::prop_assert!(o.is_none() && n.is_some()),
                    Change::Removed | Change::MovedAway => proptest::prop_assert!(o.is_some() && n.is_none()),
                }
                if e.change == Change::MovedHere {
                    let other = &a[e.other.unwrap() as usize];
                    proptest::prop_assert_eq!(other.key, n.unwrap().key);
                }
            }
            if old == new {
                proptest::prop_assert!(!c.has_changes());
            }
        }
    }
}
