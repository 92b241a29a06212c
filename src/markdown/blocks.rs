//! A page as "what changed" compares it: its rendered blocks (headings, paragraphs, list
//! items, table rows, code blocks, images, quotes, footnotes, raw HTML, rules), each with
//! the section it belongs to, its plain text and its inline runs: the text with its
//! formatting (bold, links, code...), never Markdown syntax. Taken from the same final
//! event stream the HTML writer reads (ids given, breaks between Japanese characters
//! dropped), and only for the page copies a "what changed" page compares. Not for the
//! page's HTML, and not for search (`sections.rs`).

use std::hash::{Hash, Hasher};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};
use rustc_hash::FxHasher;
use serde::Serialize;

/// The blocks of one page, in reading order, and the sections they belong to.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    /// The page's sections: first the opening text before its first h2 or h3 heading
    /// (no id, no title), then one per h2 or h3 heading.
    pub sections: Vec<SectionHead>,
    pub blocks: Vec<Block>,
}

/// The heading a section starts with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionHead {
    /// The heading's id on the page; none for the opening text.
    pub id: Option<String>,
    /// The heading as plain text; empty for the opening text.
    pub title: String,
    /// 2 or 3; 0 for the opening text.
    pub level: u8,
}

/// What a block is (`block.kind` in the templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Heading,
    Paragraph,
    /// A paragraph inside a block quote.
    Quote,
    /// A list item's own text (a list nested in it is made of blocks of its own).
    Item,
    /// A table row: the header row or a body row.
    Row,
    Code,
    /// A paragraph that is an image and nothing else.
    Image,
    Footnote,
    /// Raw HTML written as a block.
    Html,
    Rule,
}

/// One block of a rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// A heading's level (1–6); a list item's depth (1 for the outermost list); 1 for a
    /// table's header row, 0 for a body row.
    pub level: u8,
    /// Its section, by its place in `Blocks::sections`.
    pub section: u32,
    /// The block as plain text: what is compared.
    pub text: String,
    /// `text` cut where its formatting changes: each run ends at a byte of `text`.
    pub runs: Vec<Run>,
    /// A table row: the run each cell starts with.
    pub cells: Vec<u32>,
    /// A body row: its table's header row, by its place in `Blocks::blocks`.
    pub head: Option<u32>,
    /// An image's source URL (as the page links to it); a code block's language; a
    /// footnote's label.
    pub info: Option<String>,
    /// The same for two blocks that read, look and link the same (a hash of all of the
    /// above but the section).
    pub key: u64,
}

/// A stretch of a block's text with one formatting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Run {
    /// Where it ends in the block's text (it starts where the run before it ends).
    pub end: u32,
    pub style: Style,
}

/// How a run is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Style {
    pub strong: bool,
    pub emphasis: bool,
    pub code: bool,
    pub strike: bool,
    /// A footnote reference: its text is the label.
    pub footnote: bool,
    /// Raw HTML written inline: shown as HTML and compared whole.
    pub html: bool,
    pub link: Option<String>,
    /// An image inside text: its text is the alt text; compared whole.
    pub image: Option<String>,
}

impl Style {
    /// A run that is compared as one piece, never cut into characters or words.
    pub fn is_whole(&self) -> bool {
        self.html || self.image.is_some()
    }
}

impl Block {
    /// The text of run `i`.
    pub fn run_text(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.runs[i - 1].end };
        &self.text[start as usize..self.runs[i].end as usize]
    }

    /// The runs of cell `c` of a table row (the one cell of any other block).
    pub fn cell_runs(&self, c: usize) -> std::ops::Range<usize> {
        if self.cells.is_empty() {
            return 0..self.runs.len();
        }
        let start = self.cells[c] as usize;
        let end = self
            .cells
            .get(c + 1)
            .map_or(self.runs.len(), |&e| e as usize);
        start..end
    }

    /// How many cells it has: a table row's, or one.
    pub fn cell_count(&self) -> usize {
        self.cells.len().max(1)
    }
}

/// What the collector is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Item,
    Quote,
    Footnote,
    Table,
}

/// Turns the events of a page into its `Blocks`.
pub(super) struct Collector {
    out: Blocks,
    open: Option<Block>,
    /// For an open list item or footnote: how many containers were open when it began (its
    /// later paragraphs belong to it while that is still the innermost one).
    owner: Option<usize>,
    containers: Vec<Container>,
    lists: u8,
    table_head: Option<u32>,
    style: Style,
    strong: u32,
    emphasis: u32,
    strike: u32,
    links: Vec<Option<String>>,
    /// The next text starts a run of its own (a table cell's first).
    new_run: bool,
}

impl Collector {
    pub(super) fn new() -> Collector {
        Collector {
            out: Blocks {
                sections: vec![SectionHead::default()],
                blocks: Vec::new(),
            },
            open: None,
            owner: None,
            containers: Vec::new(),
            lists: 0,
            table_head: None,
            style: Style::default(),
            strong: 0,
            emphasis: 0,
            strike: 0,
            links: Vec::new(),
            new_run: false,
        }
    }

    pub(super) fn add(&mut self, event: &Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(t) => self.text(t, false),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(t, true),
            Event::Html(t) => {
                if self.open.as_ref().is_none_or(|b| b.kind != BlockKind::Html) {
                    self.begin(BlockKind::Html, 0);
                }
                self.push(t, &Style::default());
            }
            Event::InlineHtml(t) => {
                let style = Style {
                    html: true,
                    ..self.style.clone()
                };
                self.push(t, &style);
            }
            Event::FootnoteReference(label) => {
                let style = Style {
                    footnote: true,
                    ..self.style.clone()
                };
                self.push(label, &style);
            }
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => self.text("\n", false),
            Event::Rule => {
                self.flush();
                self.begin(BlockKind::Rule, 0);
                self.flush();
            }
            Event::TaskListMarker(done) => self.text(if *done { "☑ " } else { "☐ " }, false),
        }
    }

    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::Paragraph => {
                let in_owner = self.owner == Some(self.containers.len()) && self.open.is_some();
                if in_owner {
                    if let Some(block) = &self.open
                        && !block.text.is_empty()
                    {
                        self.text("\n", false);
                    }
                } else {
                    self.flush();
                    let kind = if self.containers.last() == Some(&Container::Quote) {
                        BlockKind::Quote
                    } else {
                        BlockKind::Paragraph
                    };
                    self.begin(kind, 0);
                }
            }
            Tag::Heading { level, id, .. } => {
                self.flush();
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    self.out.sections.push(SectionHead {
                        id: id.as_ref().map(|id| id.to_string()),
                        title: String::new(),
                        level: *level as u8,
                    });
                }
                self.begin(BlockKind::Heading, *level as u8);
            }
            Tag::BlockQuote(_) => self.enter(Container::Quote),
            Tag::CodeBlock(kind) => {
                self.flush();
                self.begin(BlockKind::Code, 0);
                if let CodeBlockKind::Fenced(info) = kind
                    && let Some(language) = info.split_whitespace().next()
                    && let Some(block) = &mut self.open
                {
                    block.info = Some(language.to_string());
                }
            }
            Tag::HtmlBlock => {
                self.flush();
                self.begin(BlockKind::Html, 0);
            }
            Tag::List(_) => {
                self.enter(Container::List);
                self.lists = self.lists.saturating_add(1);
            }
            Tag::Item => {
                self.enter(Container::Item);
                self.begin(BlockKind::Item, self.lists);
                self.owner = Some(self.containers.len());
            }
            Tag::FootnoteDefinition(label) => {
                self.enter(Container::Footnote);
                self.begin(BlockKind::Footnote, 0);
                if let Some(block) = &mut self.open {
                    block.info = Some(label.to_string());
                }
                self.owner = Some(self.containers.len());
            }
            Tag::Table(_) => {
                self.enter(Container::Table);
                self.table_head = None;
            }
            Tag::TableHead => {
                self.flush();
                self.table_head = Some(self.out.blocks.len() as u32);
                self.begin(BlockKind::Row, 1);
            }
            Tag::TableRow => {
                self.flush();
                self.begin(BlockKind::Row, 0);
                if let Some(block) = &mut self.open {
                    block.head = self.table_head;
                }
            }
            Tag::TableCell => {
                if let Some(block) = &mut self.open {
                    block.cells.push(block.runs.len() as u32);
                    self.new_run = true;
                }
            }
            Tag::Emphasis => {
                self.emphasis += 1;
                self.style.emphasis = true;
            }
            Tag::Strong => {
                self.strong += 1;
                self.style.strong = true;
            }
            Tag::Strikethrough => {
                self.strike += 1;
                self.style.strike = true;
            }
            Tag::Link {
                dest_url,
                link_type,
                ..
            } => {
                self.links.push(self.style.link.take());
                // The writer puts `mailto:` before an `<address@example>`'s target.
                self.style.link = Some(match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                });
            }
            Tag::Image { dest_url, .. } => {
                self.style.image = Some(dest_url.to_string());
            }
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.owner != Some(self.containers.len()) {
                    self.flush();
                }
            }
            TagEnd::Heading(level) => {
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3)
                    && let (Some(block), Some(section)) = (&self.open, self.out.sections.last_mut())
                {
                    section.title = block.text.trim().to_string();
                }
                self.flush();
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::TableHead | TagEnd::TableRow => {
                self.flush()
            }
            TagEnd::List(_) => {
                self.leave();
                self.lists = self.lists.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::Table => {
                self.leave();
                if tag == TagEnd::Table {
                    self.table_head = None;
                }
            }
            TagEnd::Emphasis => {
                self.emphasis = self.emphasis.saturating_sub(1);
                self.style.emphasis = self.emphasis > 0;
            }
            TagEnd::Strong => {
                self.strong = self.strong.saturating_sub(1);
                self.style.strong = self.strong > 0;
            }
            TagEnd::Strikethrough => {
                self.strike = self.strike.saturating_sub(1);
                self.style.strike = self.strike > 0;
            }
            TagEnd::Link => self.style.link = self.links.pop().flatten(),
            TagEnd::Image => self.style.image = None,
            TagEnd::TableCell
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn enter(&mut self, container: Container) {
        self.flush();
        self.containers.push(container);
    }

    fn leave(&mut self) {
        self.flush();
        self.containers.pop();
    }

    fn text(&mut self, text: &str, code: bool) {
        if code && !self.style.code {
            let style = Style {
                code: true,
                ..self.style.clone()
            };
            self.push(text, &style);
        } else {
            let style = std::mem::take(&mut self.style);
            self.push(text, &style);
            self.style = style;
        }
    }

    fn begin(&mut self, kind: BlockKind, level: u8) {
        self.flush();
        self.open = Some(Block {
            kind,
            level,
            section: (self.out.sections.len() - 1) as u32,
            text: String::new(),
            runs: Vec::new(),
            cells: Vec::new(),
            head: None,
            info: None,
            key: 0,
        });
    }

    /// Appends `text` in `style` to the open block (a paragraph is opened for text that
    /// comes where no block is, such as after a list nested in an item).
    fn push(&mut self, text: &str, style: &Style) {
        if text.is_empty() {
            return;
        }
        if self.open.is_none() {
            self.begin(BlockKind::Paragraph, 0);
        }
        let Some(block) = &mut self.open else {
            return;
        };
        block.text.push_str(text);
        let end = block.text.len() as u32;
        match block.runs.last_mut() {
            Some(last) if !self.new_run && last.style == *style => last.end = end,
            _ => block.runs.push(Run {
                end,
                style: style.clone(),
            }),
        }
        self.new_run = false;
    }

    /// Ends the open block and keeps it (a paragraph or item without text is no block).
    fn flush(&mut self) {
        self.owner = None;
        self.new_run = false;
        let Some(mut block) = self.open.take() else {
            return;
        };
        let textless = matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::Item | BlockKind::Footnote
        );
        if textless
            && block.text.trim().is_empty()
            && block.runs.iter().all(|r| !r.style.is_whole())
        {
            return;
        }
        if matches!(block.kind, BlockKind::Paragraph | BlockKind::Quote) {
            as_image(&mut block);
        }
        block.key = key_of(&block);
        self.out.blocks.push(block);
    }

    pub(super) fn finish(mut self) -> Blocks {
        self.flush();
        self.out
    }
}

/// A paragraph that holds one image and nothing but white space beside it is an image
/// block: its text is the alt text, its `info` the image's URL.
fn as_image(block: &mut Block) {
    let mut image = None;
    for (i, run) in block.runs.iter().enumerate() {
        match &run.style.image {
            Some(src) if image.is_none() => image = Some((i, src.clone())),
            Some(_) => return,
            None if block.run_text(i).trim().is_empty() => {}
            None => return,
        }
    }
    let Some((i, src)) = image else { return };
    let alt = block.run_text(i).to_string();
    let style = block.runs[i].style.clone();
    block.kind = BlockKind::Image;
    block.runs = vec![Run {
        end: alt.len() as u32,
        style,
    }];
    block.text = alt;
    block.info = Some(src);
}

fn key_of(block: &Block) -> u64 {
    let mut hasher = FxHasher::default();
    block.kind.hash(&mut hasher);
    block.level.hash(&mut hasher);
    block.text.hash(&mut hasher);
    block.runs.hash(&mut hasher);
    block.cells.hash(&mut hasher);
    block.info.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::render_ja;

    fn blocks(body: &str) -> Blocks {
        render_ja(body, true).blocks
    }

    fn summary(b: &Blocks) -> Vec<(BlockKind, u8, u32, String)> {
        b.blocks
            .iter()
            .map(|b| (b.kind, b.level, b.section, b.text.clone()))
            .collect()
    }

    #[test]
    fn a_page_is_cut_into_its_blocks_under_their_sections() {
        let b = blocks(
            "前書き**です**。\n\n## 1. 保存場所 {#storage}\n\n- 東京\n- [大阪](https://example.com)\n  - 副系\n\n\
             | 系 | 場所 |\n| --- | --- |\n| 主系 | 東京 |\n\n```sh\necho ok\n```\n\n\
             ### 1.1 鍵\n\n![構成図](https://example.com/a.svg)\n\n> 引用です。\n\n---\n\n#### 細目\n\n本文[^n]\n\n[^n]: 注記\n",
        );
        assert_eq!(
            b.sections,
            vec![
                SectionHead::default(),
                SectionHead {
                    id: Some("storage".into()),
                    title: "1. 保存場所".into(),
                    level: 2
                },
                SectionHead {
                    id: Some("1-1-鍵".into()),
                    title: "1.1 鍵".into(),
                    level: 3
                },
            ]
        );
        use BlockKind::*;
        assert_eq!(
            summary(&b),
            vec![
                (Paragraph, 0, 0, "前書きです。".into()),
                (Heading, 2, 1, "1. 保存場所".into()),
                (Item, 1, 1, "東京".into()),
                (Item, 1, 1, "大阪".into()),
                (Item, 2, 1, "副系".into()),
                (Row, 1, 1, "系場所".into()),
                (Row, 0, 1, "主系東京".into()),
                (Code, 0, 1, "echo ok\n".into()),
                (Heading, 3, 2, "1.1 鍵".into()),
                (Image, 0, 2, "構成図".into()),
                (Quote, 0, 2, "引用です。".into()),
                (Rule, 0, 2, "".into()),
                (Heading, 4, 2, "細目".into()),
                (Paragraph, 0, 2, "本文n".into()),
                (Footnote, 0, 2, "注記".into()),
            ]
        );
        let row = &b.blocks[6];
        assert_eq!(row.head, Some(5));
        assert_eq!(row.cells, vec![0, 1]);
        assert_eq!(row.run_text(0), "主系");
        assert_eq!(row.run_text(1), "東京");
        assert_eq!(b.blocks[7].info.as_deref(), Some("sh"));
        assert_eq!(
            b.blocks[9].info.as_deref(),
            Some("https://example.com/a.svg")
        );
        let first = &b.blocks[0];
        assert_eq!(first.run_text(0), "前書き");
        assert!(first.runs[1].style.strong);
        let osaka = &b.blocks[3];
        assert_eq!(
            osaka.runs[0].style.link.as_deref(),
            Some("https://example.com")
        );
        assert!(b.blocks[13].runs[1].style.footnote);
    }

    #[test]
    fn loose_items_keep_their_paragraphs_and_task_boxes_show() {
        let b = blocks("- [ ] 一つ目\n\n  続き\n\n- [x] 二つ目\n");
        let texts: Vec<&str> = b.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["☐ 一つ目\n続き", "☑ 二つ目"]);
    }

    #[test]
    fn the_same_text_in_another_form_is_another_block() {
        let a = blocks("これは**重要**です。\n");
        let b = blocks("これは重要です。\n");
        let c = blocks("これは**重要**です。\n");
        assert_eq!(a.blocks[0].text, b.blocks[0].text);
        assert_ne!(a.blocks[0].key, b.blocks[0].key);
        assert_eq!(a.blocks[0].key, c.blocks[0].key);
    }
}
