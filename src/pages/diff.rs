//! "What changed" in one page between two revisions, as a reader sees it: the comparison
//! of its blocks (`compare.rs`) grouped under the sections they belong to, each section
//! heading linking to that section in the new revision, runs of unchanged sections
//! folded to their names, and each row what the 新旧対照表 (改訂後 / 改訂前) and the
//! inline view show. The result is data; the theme's `diff.html` draws it. Also the memo
//! through which `serve` compares each pair of pages once.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::markdown::blocks::{Block, BlockKind, Blocks};
use crate::pages::compare::{CellDiff, Change, Comparison, Entry, Mark, Piece, compare, pieces_of};

/// A page of the document in the comparison (`diff.pages[]`).
#[derive(Debug, Clone, Serialize)]
pub struct PageDiff {
    pub title: String,
    pub status: PageStatus,
    /// Its place on the "what changed" page (`page-1`…), the same in every language.
    pub anchor: String,
    /// The page in the new revision (in the old one, for a page removed).
    pub url: String,
    pub counts: Counts,
    pub groups: Vec<Group>,
    /// The page did not change in this language while it did in the authoritative one:
    /// the authoritative language's changes of the page.
    pub not_updated_url: Option<String>,
}

/// Whether a page changed, came or went between two revisions (`page.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageStatus {
    Changed,
    Added,
    Removed,
}

/// How many blocks changed, came, went and moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub moved: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.changed += other.changed;
        self.added += other.added;
        self.removed += other.removed;
        self.moved += other.moved;
    }

    pub fn any(&self) -> bool {
        *self != Counts::default()
    }
}

/// A section with changes, or a run of sections without (`group.unchanged`), folded to
/// their names.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub unchanged: bool,
    /// The sections of the group: the one a changed group shows, or the names a folded
    /// run lists.
    pub sections: Vec<SectionLink>,
    pub rows: Vec<Row>,
}

/// A section heading as "what changed" names it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    /// The heading as plain text; for the opening text before the first heading, the
    /// words the page gives it (`Side::opening`).
    pub title: String,
    /// The section in the new revision; none for a section that was removed.
    pub url: Option<String>,
    pub level: u8,
    /// The text before the page's first h2 or h3 heading.
    pub opening: bool,
    pub removed: bool,
}

/// What a row of the comparison is (`row.change`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowChange {
    /// Unchanged blocks, folded to a count.
    Same,
    Changed,
    Added,
    Removed,
    /// A block removed and another added in its place: one row, both columns.
    Replaced,
    MovedHere,
    MovedAway,
}

/// One row of the 新旧対照表, and what the inline view shows of it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub change: RowChange,
    /// Unchanged blocks folded here.
    pub folded: usize,
    /// 改訂後: the new revision's block.
    pub new: Option<Shown>,
    /// 改訂前: the old revision's block.
    pub old: Option<Shown>,
    /// The inline view: the block with its changes marked in it, or the old and the new
    /// block one after the other (a replaced block, a changed image).
    pub inline: Vec<Shown>,
    /// A moved block: the section it came from (`moved-here`) or went to (`moved-away`).
    pub moved: Option<SectionLink>,
}

/// A block as the comparison shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub kind: BlockKind,
    pub level: u8,
    /// Deleted or inserted as a whole (`ins`, `del`), or `same` with its changes marked
    /// in its pieces.
    pub mark: Mark,
    /// Its text, cell by cell (one cell but for a table row).
    pub cells: Vec<ShownCell>,
    /// A table row: the header cells of its table, as plain text.
    pub head: Vec<String>,
    /// An image's URL; a code block's language; a footnote's label.
    pub info: Option<String>,
    /// An image's alt text.
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShownCell {
    pub changed: bool,
    pub pieces: Vec<Piece>,
}

/// One revision of a page: its blocks and where its sections are.
pub struct Side<'a> {
    pub blocks: &'a Blocks,
    /// The page's URL in this revision (section links add `#id`).
    pub url: &'a str,
    /// What the text before the page's first heading is called (冒頭, Opening).
    pub opening: &'a str,
}

/// A page's comparison as rows grouped by section, and its counts. `new` is none for a
/// page removed (its sections are named from the old revision, without links).
///
/// A block of the new revision belongs to its section there; a block only the old one has
/// (removed, moved away) to the new section its old section became (found by the heading's
/// entry), else to its old section, shown as removed. Sections come in the order their
/// first block comes in the comparison.
pub fn page_groups(
    comparison: &Comparison,
    old: &Side,
    new: Option<&Side>,
) -> (Vec<Group>, Counts) {
    let new_blocks = new.map_or(&[][..], |n| &n.blocks.blocks[..]);
    let old_blocks = &old.blocks.blocks[..];
    let is_section_head = |b: &Block| b.kind == BlockKind::Heading && matches!(b.level, 2 | 3);
    // Old section → new section, through the entries of their headings.
    let mut became: HashMap<u32, u32> = HashMap::new();
    if new.is_some() {
        became.insert(0, 0);
        for e in &comparison.entries {
            let Some(o) = e.old.map(|o| &old_blocks[o as usize]) else {
                continue;
            };
            let n = e.new.or(if e.change == Change::MovedAway {
                e.other
            } else {
                None
            });
            if let Some(n) = n.map(|n| &new_blocks[n as usize])
                && is_section_head(o)
                && is_section_head(n)
            {
                became.insert(o.section, n.section);
            }
        }
    }
    // (in the new revision, section) → the section's entries, in order of first entry.
    let mut order: Vec<((bool, u32), Vec<&Entry>)> = Vec::new();
    let mut place: HashMap<(bool, u32), usize> = HashMap::new();
    for e in &comparison.entries {
        let key = match (e.new, e.old) {
            (Some(n), _) if new.is_some() => (true, new_blocks[n as usize].section),
            (_, Some(o)) => {
                let section = old_blocks[o as usize].section;
                match became.get(&section) {
                    Some(&n) => (true, n),
                    None => (false, section),
                }
            }
            _ => continue,
        };
        let at = *place.entry(key).or_insert_with(|| {
            order.push((key, Vec::new()));
            order.len() - 1
        });
        order[at].1.push(e);
    }
    let mut counts = Counts::default();
    let mut groups: Vec<Group> = Vec::new();
    for ((in_new, section), entries) in order {
        let link = match (in_new, new) {
            (true, Some(side)) => section_link(side, section, Some(side.url)),
            _ => {
                let mut link = section_link(old, section, None);
                link.removed = new.is_some();
                link
            }
        };
        let unchanged = entries.iter().all(|e| e.change == Change::Same);
        if unchanged && let Some(last) = groups.last_mut().filter(|g| g.unchanged) {
            last.sections.push(link);
            continue;
        }
        groups.push(Group {
            unchanged,
            sections: vec![link],
            rows: if unchanged {
                Vec::new()
            } else {
                rows(&entries, old, new, &mut counts)
            },
        });
    }
    for row in groups.iter_mut().flat_map(|g| g.rows.iter_mut()) {
        anchor_links(row, old.url, new.map_or(old.url, |n| n.url));
    }
    (groups, counts)
}

/// Points the `#section` links written in the blocks at the revision they were written
/// in: "what changed" is a page of its own, where the section is not.
fn anchor_links(row: &mut Row, old_url: &str, new_url: &str) {
    let resolve = |shown: &mut Shown, default_url: &str| {
        for piece in shown.cells.iter_mut().flat_map(|c| c.pieces.iter_mut()) {
            let url = if shown.mark == Mark::Del || piece.mark == Mark::Del {
                old_url
            } else {
                default_url
            };
            if let Some(link) = piece.style.link.as_mut().filter(|l| l.starts_with('#')) {
                link.insert_str(0, url);
            }
        }
    };
    if let Some(shown) = row.new.as_mut() {
        resolve(shown, new_url);
    }
    if let Some(shown) = row.old.as_mut() {
        resolve(shown, old_url);
    }
    for shown in &mut row.inline {
        resolve(shown, new_url);
    }
}

fn section_link(side: &Side, section: u32, page_url: Option<&str>) -> SectionLink {
    let mut head = side
        .blocks
        .sections
        .get(section as usize)
        .cloned()
        .unwrap_or_default();
    if section == 0 {
        head.title = side.opening.to_string();
    }
    let url = page_url.map(|url| match &head.id {
        Some(id) => format!("{url}#{id}"),
        None => url.to_string(),
    });
    SectionLink {
        opening: section == 0,
        title: head.title,
        url,
        level: head.level,
        removed: false,
    }
}

/// The rows of a section with changes: unchanged blocks folded, a removed block followed
/// by an added one put side by side.
fn rows(entries: &[&Entry], old: &Side, new: Option<&Side>, counts: &mut Counts) -> Vec<Row> {
    let old_blocks = &old.blocks.blocks;
    let new_blocks = new.map_or(&[][..], |n| &n.blocks.blocks[..]);
    let mut out: Vec<Row> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let e = entries[i];
        let old_block = e.old.map(|o| &old_blocks[o as usize]);
        let new_block = e.new.map(|n| &new_blocks[n as usize]);
        let row = match e.change {
            // The section's own heading, unchanged: the group's title shows it.
            Change::Same
                if i == 0
                    && new_block.is_some_and(|b| {
                        b.kind == BlockKind::Heading && matches!(b.level, 2 | 3)
                    }) =>
            {
                i += 1;
                continue;
            }
            Change::Same => {
                if let Some(last) = out.last_mut().filter(|r| r.change == RowChange::Same) {
                    last.folded += 1;
                    i += 1;
                    continue;
                }
                Row {
                    change: RowChange::Same,
                    folded: 1,
                    new: None,
                    old: None,
                    inline: Vec::new(),
                    moved: None,
                }
            }
            Change::Changed => {
                counts.changed += 1;
                let (Some(o), Some(n)) = (old_block, new_block) else {
                    i += 1;
                    continue;
                };
                changed_row(o, n, &e.cells, old, new)
            }
            Change::Added | Change::MovedHere => {
                let Some(n) = new_block else {
                    i += 1;
                    continue;
                };
                let moved = e.change == Change::MovedHere;
                let mark = if moved { Mark::Same } else { Mark::Ins };
                let shown = whole(n, mark, new.map(|s| s.blocks));
                let row = Row {
                    change: if moved {
                        RowChange::MovedHere
                    } else {
                        RowChange::Added
                    },
                    folded: 0,
                    new: Some(shown.clone()),
                    old: None,
                    inline: vec![shown],
                    moved: e.other.map(|o| {
                        let from = old_blocks[o as usize].section;
                        section_link(old, from, None)
                    }),
                };
                if moved {
                    counts.moved += 1;
                } else {
                    counts.added += 1;
                }
                row
            }
            Change::Removed | Change::MovedAway => {
                let Some(o) = old_block else {
                    i += 1;
                    continue;
                };
                let moved = e.change == Change::MovedAway;
                let mark = if moved { Mark::Same } else { Mark::Del };
                let shown = whole(o, mark, Some(old.blocks));
                if !moved {
                    counts.removed += 1;
                }
                Row {
                    change: if moved {
                        RowChange::MovedAway
                    } else {
                        RowChange::Removed
                    },
                    folded: 0,
                    new: None,
                    old: Some(shown.clone()),
                    inline: vec![shown],
                    moved: match (e.other, new) {
                        (Some(n), Some(side)) => {
                            let to = new_blocks[n as usize].section;
                            Some(section_link(side, to, Some(side.url)))
                        }
                        _ => None,
                    },
                }
            }
        };
        out.push(row);
        i += 1;
    }
    pair_replaced(out)
}

/// After `rows`: a run of removed rows followed by a run of added ones becomes rows that
/// each hold one of each (the first removed with the first added...), as a 新旧対照表
/// aligns a rewritten passage.
fn pair_replaced(rows: Vec<Row>) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while let Some(row) = rows.next() {
        if row.change != RowChange::Removed {
            out.push(row);
            continue;
        }
        let mut removed = vec![row];
        while let Some(r) = rows.next_if(|r| r.change == RowChange::Removed) {
            removed.push(r);
        }
        let mut added = Vec::new();
        while let Some(a) = rows.next_if(|r| r.change == RowChange::Added) {
            added.push(a);
        }
        let mut added = added.into_iter();
        for mut r in removed {
            if let Some(mut a) = added.next() {
                r.change = RowChange::Replaced;
                r.new = a.new.take();
                r.inline.append(&mut a.inline);
            }
            out.push(r);
        }
        out.extend(added);
    }
    out
}

/// A changed block: each side with its changes marked, and the inline view (both
/// versions one after the other for an image or raw HTML, which have no text to mark).
fn changed_row(o: &Block, n: &Block, cells: &[CellDiff], old: &Side, new: Option<&Side>) -> Row {
    let side = |block: &Block, pick: fn(&CellDiff) -> &Vec<Piece>, blocks: Option<&Blocks>| Shown {
        kind: block.kind,
        level: block.level,
        mark: Mark::Same,
        cells: cells
            .iter()
            .map(|c| ShownCell {
                changed: c.changed,
                pieces: pick(c).clone(),
            })
            .collect(),
        head: head_of(block, blocks),
        info: block.info.clone(),
        alt: alt_of(block),
    };
    let new_side = side(n, |c| &c.new, new.map(|s| s.blocks));
    let old_side = side(o, |c| &c.old, Some(old.blocks));
    let inline = if matches!(n.kind, BlockKind::Image | BlockKind::Html) {
        vec![
            whole(o, Mark::Del, Some(old.blocks)),
            whole(n, Mark::Ins, new.map(|s| s.blocks)),
        ]
    } else {
        vec![side(n, |c| &c.inline, new.map(|s| s.blocks))]
    };
    Row {
        change: RowChange::Changed,
        folded: 0,
        new: Some(new_side),
        old: Some(old_side),
        inline,
        moved: None,
    }
}

/// A block shown whole, marked as a whole (its pieces are not: one <ins> or <del>
/// holds it all).
fn whole(block: &Block, mark: Mark, blocks: Option<&Blocks>) -> Shown {
    Shown {
        kind: block.kind,
        level: block.level,
        mark,
        cells: (0..block.cell_count())
            .map(|c| ShownCell {
                changed: mark != Mark::Same,
                pieces: pieces_of(block, c, Mark::Same),
            })
            .collect(),
        head: head_of(block, blocks),
        info: block.info.clone(),
        alt: alt_of(block),
    }
}

fn alt_of(block: &Block) -> Option<String> {
    (block.kind == BlockKind::Image).then(|| block.text.clone())
}

/// The header cells of a body row's table, as plain text.
fn head_of(block: &Block, blocks: Option<&Blocks>) -> Vec<String> {
    let Some(head) = block.head.and_then(|h| blocks?.blocks.get(h as usize)) else {
        return Vec::new();
    };
    (0..head.cell_count())
        .map(|c| head.cell_runs(c).map(|r| head.run_text(r)).collect())
        .collect()
}

/// Comparisons made earlier, by a hash of the blocks compared. `serve` keeps one across
/// rebuilds, so a template edit compares no page again. It is cleared when it holds far
/// more comparisons than a rebuild asks for (old drafts of edited pages).
#[derive(Default)]
pub struct DiffMemo {
    comparisons: Mutex<HashMap<MemoKey, Arc<Comparison>>>,
}

/// A comparison's inputs: a hash of the keys of both pages' blocks, their counts and the
/// comparison mode.
type MemoKey = (u64, usize, usize, bool);

/// Comparisons kept at most by a `DiffMemo`.
const MEMO_LIMIT: usize = 20_000;

impl DiffMemo {
    /// `compare(old, new, cjk)`, made once.
    pub fn compare(&self, old: &[Block], new: &[Block], cjk: bool) -> Arc<Comparison> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for block in old.iter().chain(new) {
            block.key.hash(&mut hasher);
        }
        let key = (hasher.finish(), old.len(), new.len(), cjk);
        let lock = || self.comparisons.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&key) {
            return found.clone();
        }
        let made = Arc::new(compare(old, new, cjk));
        let mut comparisons = lock();
        if comparisons.len() >= MEMO_LIMIT {
            comparisons.clear();
        }
        comparisons.insert(key, made.clone());
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::render_ja;

    fn groups(old: &str, new: &str) -> Vec<Group> {
        let (a, b) = (render_ja(old, true).blocks, render_ja(new, true).blocks);
        let c = compare(&a.blocks, &b.blocks, true);
        let old_side = Side {
            blocks: &a,
            url: "/ja/d/v1.0/",
            opening: "冒頭",
        };
        let new_side = Side {
            blocks: &b,
            url: "/ja/d/v1.1/",
            opening: "冒頭",
        };
        page_groups(&c, &old_side, Some(&new_side)).0
    }

    fn titles(g: &Group) -> Vec<&str> {
        g.sections.iter().map(|s| s.title.as_str()).collect()
    }

    #[test]
    fn changes_are_grouped_by_section_and_unchanged_sections_folded_to_names() {
        let old = "前書き。\n\n## 1. 目的 {#purpose}\n\n目的です。\n\n## 2. 範囲\n\n範囲です。\n\n\
                   ## 3. 保存 {#storage}\n\n東京に保存します。\n\n補足です。\n";
        let new = "前書き。\n\n## 1. 目的 {#purpose}\n\n目的です。\n\n## 2. 範囲\n\n範囲です。\n\n\
                   ## 3. 保存 {#storage}\n\n東京と大阪に保存します。\n\n補足です。\n";
        let g = groups(old, new);
        assert_eq!(g.len(), 2);
        assert!(g[0].unchanged);
        assert_eq!(titles(&g[0]), vec!["冒頭", "1. 目的", "2. 範囲"]);
        assert!(g[0].sections[0].opening);
        assert_eq!(g[0].sections[1].url.as_deref(), Some("/ja/d/v1.1/#purpose"));
        assert!(!g[1].unchanged);
        assert_eq!(titles(&g[1]), vec!["3. 保存"]);
        assert_eq!(g[1].sections[0].url.as_deref(), Some("/ja/d/v1.1/#storage"));
        let changes: Vec<RowChange> = g[1].rows.iter().map(|r| r.change).collect();
        // The section's heading is its title, not a folded block.
        assert_eq!(changes, vec![RowChange::Changed, RowChange::Same]);
    }

    #[test]
    fn a_rewritten_passage_is_aligned_block_by_block() {
        let old = "## A\n\n甲の段落。\n\n乙の段落。\n\n丙の段落。\n";
        let new = "## A\n\nまったく違う一。\n\nまったく違う二。\n";
        let g = groups(old, new);
        let changes: Vec<RowChange> = g[0].rows.iter().map(|r| r.change).collect();
        use RowChange::*;
        assert_eq!(changes, vec![Replaced, Replaced, Removed]);
        assert!(
            g[0].rows
                .iter()
                .take(2)
                .all(|r| r.new.is_some() && r.old.is_some())
        );
    }

    #[test]
    fn a_removed_section_is_named_without_a_link_and_replacements_share_a_row() {
        let old = "## 1. 目的\n\n目的です。\n\n## 2. 旧節\n\n古い段落。\n";
        let new = "## 1. 目的\n\n新しい文です。まったく別の内容。\n";
        let g = groups(old, new);
        let changed: Vec<&Group> = g.iter().filter(|g| !g.unchanged).collect();
        assert_eq!(changed.len(), 2, "{g:#?}");
        assert_eq!(changed[0].rows[0].change, RowChange::Replaced);
        assert!(changed[0].rows[0].new.is_some() && changed[0].rows[0].old.is_some());
        assert_eq!(changed[0].rows[0].inline.len(), 2);
        assert!(changed[1].sections[0].removed);
        assert!(changed[1].sections[0].url.is_none());
    }

    #[test]
    fn a_link_to_a_section_points_at_the_revision_it_was_written_in() {
        let old =
            "## 1. 目的\n\n詳細は[保存](#storage)を参照。\n\n## 3. 保存 {#storage}\n\n東京。\n";
        let new =
            "## 1. 目的\n\n詳細は[保存の節](#storage)を参照。\n\n## 3. 保存 {#storage}\n\n東京。\n";
        let g = groups(old, new);
        let row = &g.iter().find(|g| !g.unchanged).unwrap().rows[0];
        let links = |s: &Shown| -> Vec<String> {
            s.cells
                .iter()
                .flat_map(|c| &c.pieces)
                .filter_map(|p| p.style.link.clone())
                .collect()
        };
        assert!(
            links(row.new.as_ref().unwrap())
                .iter()
                .all(|l| l == "/ja/d/v1.1/#storage")
        );
        assert!(
            links(row.old.as_ref().unwrap())
                .iter()
                .all(|l| l == "/ja/d/v1.0/#storage")
        );
        assert!(!links(row.old.as_ref().unwrap()).is_empty());
        let inline: Vec<String> = row.inline.iter().flat_map(links).collect();
        assert!(
            inline.contains(&"/ja/d/v1.1/#storage".to_string()),
            "{inline:?}"
        );
    }
}
