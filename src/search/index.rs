//! The search index of one language, as the files the browser fetches: a small manifest,
//! postings sharded by a hash of the gram, long posting lists grouped in packs, and the
//! sections' texts in shards of consecutive sections. A query fetches the manifest, one
//! postings shard per gram it looks up, a pack or two of long lists at most, and the text
//! shards of the candidates it confirms, so what it transfers depends on the query, not on
//! the size of the site. Shard counts follow the size of the index; every file's bytes
//! follow from the sections alone (sorted, never in hash-map order), so a build is
//! reproducible.
//!
//! Files are few and of some size (about 4 KB for postings shards, 8 KB for packs, 12 KB
//! for text shards): a site of 13,000 sections per language has about 900–1,300 index
//! files per language, which the build writes quickly, and a query fetches some 20–75 KB.
//!
//! ```text
//! meta.json           {"format":2,"language":"ja","version":"…","sections":n,
//!                      "postingShards":S,"textShards":T,"sectionsPerTextShard":k}
//! p/<hash % S>.bin    count, then per gram (sorted by UTF-8): length, UTF-8, list of the
//!                     sections containing it, list of those whose heading contains it;
//!                     a long list is written as "elsewhere": pack n, byte offset o
//! l/<n>.bin           a pack of long lists, one after the other (each read at its offset)
//! t/<id / k>.json     {"pages":[[title,url]…],"sections":[[page,anchor|null,heading,text]…]}
//! ```
//!
//! Not here: cutting text into grams (`tokenizer.rs`), list encoding (`postings.rs`), or
//! which pages are indexed (`mod.rs`).

use std::borrow::Cow;

use serde::Serialize;

use super::postings::{FORM_ELSEWHERE, encode_gaps, push_varint};
use super::tokenizer::{Gram, MAX_GRAM, for_each_normalised_char, gram_text, is_space, shard_hash};

/// Version of the file layout, in `meta.json`; `search.js` refuses others.
pub const FORMAT: u32 = 2;

/// A page some sections belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedPage {
    pub title: String,
    /// Its URL path, with the site's base path.
    pub url: String,
}

/// One search result: a page's intro or one of its h2/h3 sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSection<'a> {
    /// Position of its page in the index's pages.
    pub page: usize,
    /// The heading's id; none for the intro, which is found at the page's URL.
    pub anchor: Option<String>,
    /// The heading as plain text; empty for the intro, whose heading is the page title.
    pub heading: Cow<'a, str>,
    /// Borrowed from the rendered Markdown where it can be: the index is built beside the
    /// pages, and a copy of every text would be megabytes more at the build's peak.
    pub text: Cow<'a, str>,
}

/// Sizes the index aims at, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A postings shard: the index has as many shards as its postings need at this size.
    pub posting_shard: usize,
    /// A posting list longer than this goes to a pack of long lists.
    pub inline_list: usize,
    /// A pack of long lists: lists are added to one until it would grow past this.
    pub list_pack: usize,
    /// A text shard: this many bytes of sections, on average.
    pub text_shard: usize,
}

impl Layout {
    pub const DEFAULT: Layout = Layout {
        posting_shard: 4096,
        inline_list: 512,
        list_pack: 8192,
        text_shard: 12288,
    };
}

/// One file of the index, by its path under `/<lang>/search/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The sections of one language, ready to be written as index files.
#[derive(Debug, Clone)]
pub struct SearchIndex<'a> {
    pub language: String,
    pub pages: Vec<IndexedPage>,
    pub sections: Vec<IndexedSection<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta<'a> {
    format: u32,
    language: &'a str,
    version: String,
    sections: usize,
    posting_shards: usize,
    text_shards: usize,
    sections_per_text_shard: usize,
}

#[derive(Serialize)]
struct TextShard<'a> {
    pages: Vec<(&'a str, &'a str)>,
    sections: Vec<(usize, Option<&'a str>, &'a str, &'a str)>,
}

/// A gram's list while the index is built: its ids written as gaps as they come (section
/// by section, so in increasing order), which is the gaps form's payload already and about
/// a byte per id instead of four.
#[derive(Default)]
struct GrowingList {
    count: u32,
    first: u32,
    /// The last id pushed, plus one; zero for none.
    last: u32,
    gaps: Vec<u8>,
}

impl GrowingList {
    /// Adds `ids`, in increasing order and each above the last one added.
    fn extend(&mut self, ids: &[u32]) {
        let Some(&first) = ids.first() else {
            return;
        };
        self.gaps.reserve(ids.len() * 5);
        let (mut previous, rest) = if self.count == 0 {
            self.first = first;
            push_varint(&mut self.gaps, u64::from(first));
            (first, &ids[1..])
        } else {
            (self.last - 1, ids)
        };
        for &id in rest {
            let gap = id.wrapping_sub(previous);
            previous = id;
            if gap < 0x80 {
                self.gaps.push(gap as u8);
            } else {
                push_varint(&mut self.gaps, u64::from(gap));
            }
        }
        self.count += ids.len() as u32;
        self.last = previous + 1;
    }

    fn encode(&self) -> Vec<u8> {
        encode_gaps(
            self.count as usize,
            self.first,
            self.last.saturating_sub(1),
            &self.gaps,
        )
    }
}

/// A gram and its two lists: every section containing it, and those whose heading does.
struct Term {
    gram: Gram,
    all: GrowingList,
    heading: GrowingList,
}

/// Sections indexed before their grams are added to the lists: enough that each gram
/// touched gets a run of ids at once, few enough that the block's pairs stay small.
const BLOCK: usize = 512;

/// Every gram's lists, filled a block of sections at a time. Grams get dense numbers
/// from an open-addressing table (a gram is one integer: mixing it is enough, and the
/// table of a site's distinct grams stays in cache); a section's new grams are found by
/// comparing with the last section each gram was seen in, without a branch on the answer
/// (one gram in four is new to its section in Japanese: a branch would be mispredicted
/// often). A block's (gram, section) pairs are then sorted by gram with a counting sort and
/// appended to the lists, so each list is written a run at a time.
struct Postings {
    /// (gram, the last section it was seen in plus one, its number), with that section
    /// beside the gram so that a repeat costs one read; gram zero marks an empty slot.
    slots: Vec<(Gram, u32, u32)>,
    /// log2 of `slots.len()`.
    bits: u32,
    terms: Vec<Term>,
    /// Per gram: the last section it was seen in a heading of, plus one.
    seen_heading: Vec<u32>,
    /// The block's pairs, as gram numbers, each section's after the one before: the first
    /// `len_all` and `len_heading` (the rest is room to write in).
    pairs_all: Vec<u32>,
    len_all: usize,
    pairs_heading: Vec<u32>,
    len_heading: usize,
    /// Per section of the block: where its pairs end in each of the two.
    ends: Vec<(u32, u32)>,
    /// Counting sort: per gram, its count in the block, then where its run starts.
    counts: Vec<u32>,
    sorted: Vec<u32>,
    /// The normalised characters of the text being marked.
    chars: Vec<char>,
}

impl Postings {
    fn new() -> Postings {
        Postings {
            slots: vec![(0, 0, 0); 1 << 12],
            bits: 12,
            terms: Vec::new(),
            seen_heading: Vec::new(),
            pairs_all: Vec::new(),
            len_all: 0,
            pairs_heading: Vec::new(),
            len_heading: 0,
            ends: Vec::new(),
            counts: Vec::new(),
            sorted: Vec::new(),
            chars: Vec::new(),
        }
    }

    #[inline]
    fn slot(gram: Gram, bits: u32) -> usize {
        (gram.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    fn grow(&mut self) {
        self.bits += 1;
        let mask = (1 << self.bits) - 1;
        let mut slots = vec![(0, 0, 0); 1 << self.bits];
        for &slot in self.slots.iter().filter(|s| s.0 != 0) {
            let mut i = Self::slot(slot.0, self.bits);
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = slot;
        }
        self.slots = slots;
    }

    /// Makes room for `new` more grams, in the table and in the block's pairs, so that
    /// `Marker` never has to grow anything.
    fn make_room<const HEADING: bool>(&mut self, new: usize) {
        while (self.terms.len() + new) * 2 > self.slots.len() {
            self.grow();
        }
        let room = |pairs: &mut Vec<u32>, len: usize| {
            if pairs.len() < len + new {
                pairs.resize((len + new).max(2 * pairs.len()), 0);
            }
        };
        room(&mut self.pairs_all, self.len_all);
        if HEADING {
            room(&mut self.pairs_heading, self.len_heading);
        }
    }

    /// Every gram of `normalise(text)` (see `grams_of`), for section `seen` - 1.
    fn add<const HEADING: bool>(&mut self, text: &str, seen: u32) {
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        for_each_normalised_char(text, |c| chars.push(c));
        // The two characters before, zero at the start of a run of non-space.
        let (mut a, mut b) = (0u64, 0u64);
        for chunk in chars.chunks(CHUNK) {
            self.make_room::<HEADING>(MAX_GRAM * chunk.len());
            let mut marker = Marker::<HEADING> {
                slots: &mut self.slots,
                bits: self.bits,
                terms: &mut self.terms,
                seen_heading: &mut self.seen_heading,
                pairs_all: &mut self.pairs_all,
                len_all: self.len_all,
                pairs_heading: &mut self.pairs_heading,
                len_heading: self.len_heading,
                seen,
            };
            for &c in chunk {
                if is_space(c) {
                    (a, b) = (0, 0);
                    continue;
                }
                let c = u64::from(c);
                marker.mark(c << 42);
                if b != 0 {
                    marker.mark(b << 42 | c << 21);
                    if a != 0 {
                        marker.mark(a << 42 | b << 21 | c);
                    }
                }
                (a, b) = (b, c);
            }
            (self.len_all, self.len_heading) = (marker.len_all, marker.len_heading);
        }
        self.chars = chars;
    }

    /// Indexes the sections `first..` of `block`, given as (heading, text).
    fn add_block<'a>(&mut self, first: u32, block: impl Iterator<Item = (&'a str, &'a str)>) {
        (self.len_all, self.len_heading) = (0, 0);
        self.ends.clear();
        for (i, (heading, text)) in block.enumerate() {
            let seen = first + i as u32 + 1;
            // The search text normalised in two pieces: the line break between heading and
            // text stops both composition and the case rules, so the pieces are the same.
            self.add::<true>(heading, seen);
            self.add::<false>(text, seen);
            self.ends
                .push((self.len_all as u32, self.len_heading as u32));
        }
        for heading in [false, true] {
            self.flush(first, heading);
        }
    }

    /// Appends the block's pairs of one kind to the lists.
    fn flush(&mut self, first: u32, heading: bool) {
        let pairs = if heading {
            &self.pairs_heading[..self.len_heading]
        } else {
            &self.pairs_all[..self.len_all]
        };
        self.counts.clear();
        self.counts.resize(self.terms.len() + 1, 0);
        for &n in pairs {
            self.counts[n as usize + 1] += 1;
        }
        for n in 1..self.counts.len() {
            self.counts[n] += self.counts[n - 1];
        }
        self.sorted.clear();
        self.sorted.resize(pairs.len(), 0);
        let mut start = 0;
        for (i, &ends) in self.ends.iter().enumerate() {
            let end = if heading { ends.1 } else { ends.0 } as usize;
            for &n in &pairs[start..end] {
                let at = &mut self.counts[n as usize];
                self.sorted[*at as usize] = first + i as u32;
                *at += 1;
            }
            start = end;
        }
        // `counts[n]` is now where the run of gram n ends, and `counts[n - 1]` where it starts.
        let mut start = 0;
        for (term, &end) in self.terms.iter_mut().zip(&self.counts) {
            let list = if heading {
                &mut term.heading
            } else {
                &mut term.all
            };
            list.extend(&self.sorted[start as usize..end as usize]);
            start = end;
        }
    }
}

/// Characters of a text marked between two checks for room (see `Postings::make_room`).
const CHUNK: usize = 1024;

/// `Postings` while the grams of a stretch of text are marked: the block's write positions
/// are plain values here, not fields behind a reference, so that they stay in registers
/// (through `&mut self` the compiler reloads and stores them at every gram, since the rare
/// call that adds a gram might change them). There is room for every gram of the stretch.
struct Marker<'p, const HEADING: bool> {
    slots: &'p mut [(Gram, u32, u32)],
    /// log2 of `slots.len()`.
    bits: u32,
    terms: &'p mut Vec<Term>,
    seen_heading: &'p mut Vec<u32>,
    pairs_all: &'p mut [u32],
    len_all: usize,
    pairs_heading: &'p mut [u32],
    len_heading: usize,
    /// The section being marked, plus one.
    seen: u32,
}

impl<const HEADING: bool> Marker<'_, HEADING> {
    /// Notes `gram` for the section (and in its heading when `HEADING`), without a branch
    /// on whether that is new (which text makes unpredictable): the pair is written past
    /// the end in any case and the end moved only when it is.
    #[inline(always)]
    fn mark(&mut self, gram: Gram) {
        let mask = self.slots.len() - 1;
        let mut i = Postings::slot(gram, self.bits);
        loop {
            let slot = &mut self.slots[i];
            if slot.0 == gram {
                let n = slot.2;
                let new = slot.1 != self.seen;
                slot.1 = self.seen;
                self.pairs_all[self.len_all] = n;
                self.len_all += usize::from(new);
                if HEADING {
                    let seen_heading = &mut self.seen_heading[n as usize];
                    let new = *seen_heading != self.seen;
                    *seen_heading = self.seen;
                    self.pairs_heading[self.len_heading] = n;
                    self.len_heading += usize::from(new);
                }
                return;
            }
            if slot.0 == 0 {
                *slot = (gram, 0, self.terms.len() as u32);
                self.add_term(gram);
                continue;
            }
            i = (i + 1) & mask;
        }
    }

    /// Gives `gram` its list (its slot already names it).
    #[cold]
    #[inline(never)]
    fn add_term(&mut self, gram: Gram) {
        self.terms.push(Term {
            gram,
            all: GrowingList::default(),
            heading: GrowingList::default(),
        });
        self.seen_heading.push(0);
    }
}

impl<'t> SearchIndex<'t> {
    /// What a section is searched in: its heading (the page title for an intro), a line
    /// break, its text. The browser builds the same string to confirm a match.
    pub fn search_text(&self, section: &IndexedSection) -> String {
        format!("{}\n{}", self.heading_of(section), section.text)
    }

    /// A section's heading, or its page's title for an intro.
    pub fn heading_of<'a>(&'a self, section: &'a IndexedSection<'t>) -> &'a str {
        match (&section.anchor, self.pages.get(section.page)) {
            (None, Some(page)) => &page.title,
            _ => &section.heading,
        }
    }

    /// Every file of the index; `meta.json` last, since it names the others' version.
    pub fn files(&self, layout: Layout) -> Result<Vec<IndexFile>, serde_json::Error> {
        let mut files = Vec::new();
        self.write_files(layout, |file| files.push(file))?;
        Ok(files)
    }

    /// Hands each file of the index to `emit` as soon as it is made (`meta.json` last), so
    /// the whole index is never in memory at once beside the lists it is made from.
    pub fn write_files(
        &self,
        layout: Layout,
        mut emit: impl FnMut(IndexFile),
    ) -> Result<(), serde_json::Error> {
        let mut version = Version::new();
        let (mut posting_shards, mut text_shards) = (0, 0);
        let mut out = |file: IndexFile| {
            version.add(&file);
            if file.path.starts_with("p/") {
                posting_shards += 1;
            } else if file.path.starts_with("t/") {
                text_shards += 1;
            }
            emit(file);
        };
        self.posting_files(layout, &mut out);
        let per_shard = self.text_files(layout, &mut out)?;
        let meta = Meta {
            format: FORMAT,
            language: &self.language,
            version: version.finish(),
            sections: self.sections.len(),
            posting_shards,
            text_shards,
            sections_per_text_shard: per_shard,
        };
        let bytes = serde_json::to_vec(&meta)?;
        emit(IndexFile {
            path: "meta.json".into(),
            bytes,
        });
        Ok(())
    }

    /// Every gram's lists, sorted by gram (which sorts them by their UTF-8 text too: the
    /// first character is highest in a gram, and code point order is UTF-8 order).
    fn postings(&self) -> Vec<Term> {
        let mut postings = Postings::new();
        for (b, block) in self.sections.chunks(BLOCK).enumerate() {
            let sections = block
                .iter()
                .map(|section| (self.heading_of(section), section.text.as_ref()));
            postings.add_block((b * BLOCK) as u32, sections);
        }
        let mut terms = postings.terms;
        terms.sort_unstable_by_key(|t| t.gram);
        terms
    }

    /// Postings shards and packs of long lists, each handed to `emit` when made.
    fn posting_files(&self, layout: Layout, emit: &mut impl FnMut(IndexFile)) {
        let mut packs = 0;
        let mut pack: Vec<u8> = Vec::new();
        let terms = self.postings();
        let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(terms.len());
        // Each gram's lists are freed once encoded.
        for postings in terms {
            let term = gram_text(postings.gram);
            let mut entry = Vec::new();
            push_varint(&mut entry, term.len() as u64);
            entry.extend(term.as_bytes());
            for ids in [&postings.all, &postings.heading] {
                let list = ids.encode();
                if list.len() <= layout.inline_list {
                    entry.extend(list);
                    continue;
                }
                if !pack.is_empty() && pack.len() + list.len() > layout.list_pack {
                    emit(IndexFile {
                        path: format!("l/{packs}.bin"),
                        bytes: std::mem::take(&mut pack),
                    });
                    packs += 1;
                }
                push_varint(&mut entry, u64::from(ids.count));
                push_varint(&mut entry, FORM_ELSEWHERE);
                push_varint(&mut entry, packs as u64);
                push_varint(&mut entry, pack.len() as u64);
                pack.extend(list);
            }
            entries.push((term, entry));
        }
        if !pack.is_empty() {
            emit(IndexFile {
                path: format!("l/{packs}.bin"),
                bytes: pack,
            });
        }

        let total: usize = entries.iter().map(|(_, e)| e.len()).sum();
        let shard_count = total.div_ceil(layout.posting_shard.max(1)).max(1);
        let mut shards: Vec<Vec<&[u8]>> = vec![Vec::new(); shard_count];
        for (term, entry) in &entries {
            shards[shard_hash(term) as usize % shard_count].push(entry);
        }
        for (n, shard) in shards.into_iter().enumerate() {
            let mut bytes = Vec::with_capacity(shard.iter().map(|e| e.len()).sum::<usize>() + 4);
            push_varint(&mut bytes, shard.len() as u64);
            for entry in shard {
                bytes.extend_from_slice(entry);
            }
            emit(IndexFile {
                path: format!("p/{n}.bin"),
                bytes,
            });
        }
    }

    /// Text shards of `k` consecutive sections each, `k` chosen so that a shard holds about
    /// `layout.text_shard` bytes, handed to `emit`; returns `k`.
    fn text_files(
        &self,
        layout: Layout,
        emit: &mut impl FnMut(IndexFile),
    ) -> Result<usize, serde_json::Error> {
        let bytes: usize = self
            .sections
            .iter()
            .map(|s| s.text.len() + s.heading.len() + s.anchor.as_ref().map_or(4, String::len) + 12)
            .sum();
        let average = bytes.div_ceil(self.sections.len().max(1)).max(1);
        let per_shard = (layout.text_shard / average).max(1);
        for (n, chunk) in self.sections.chunks(per_shard).enumerate() {
            let mut shard = TextShard {
                pages: Vec::new(),
                sections: Vec::with_capacity(chunk.len()),
            };
            let mut local: Vec<usize> = Vec::new();
            for section in chunk {
                let index = match local.iter().position(|&p| p == section.page) {
                    Some(i) => i,
                    None => {
                        local.push(section.page);
                        let page = self.pages.get(section.page);
                        shard.pages.push((
                            page.map_or("", |p| p.title.as_str()),
                            page.map_or("", |p| p.url.as_str()),
                        ));
                        local.len() - 1
                    }
                };
                shard.sections.push((
                    index,
                    section.anchor.as_deref(),
                    &section.heading,
                    &section.text,
                ));
            }
            emit(IndexFile {
                path: format!("t/{n}.json"),
                bytes: serde_json::to_vec(&shard)?,
            });
        }
        Ok(per_shard)
    }
}

/// A 64-bit hash of every path and its bytes (FNV-1a's constants, eight bytes at a time):
/// changes whenever any file does, so the browser never mixes a new manifest with cached
/// shards of an old build.
struct Version(u64);

impl Version {
    fn new() -> Version {
        Version(0xcbf2_9ce4_8422_2325)
    }

    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29);
    }

    fn add(&mut self, file: &IndexFile) {
        for bytes in [file.path.as_bytes(), &file.bytes] {
            self.mix(bytes.len() as u64);
            let mut words = bytes.chunks_exact(8);
            for word in &mut words {
                self.mix(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            }
            let mut last = [0u8; 8];
            last[..words.remainder().len()].copy_from_slice(words.remainder());
            self.mix(u64::from_le_bytes(last));
        }
    }

    fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::postings::{PostingList, PostingsError, read_varint};
    use std::collections::HashMap;

    use super::super::tokenizer::{normalise, part_grams, query_parts};
    use super::*;
    use proptest::prelude::*;

    /// A reader of the files, written from the format above and independent of the writer:
    /// looks a query up the way `search.js` does and confirms against the text shards.
    struct Reader {
        files: HashMap<String, Vec<u8>>,
        meta: serde_json::Value,
    }

    impl Reader {
        fn new(files: Vec<IndexFile>) -> Reader {
            let files: HashMap<String, Vec<u8>> =
                files.into_iter().map(|f| (f.path, f.bytes)).collect();
            let meta = serde_json::from_slice(&files["meta.json"]).unwrap();
            Reader { files, meta }
        }

        fn number(&self, key: &str) -> usize {
            self.meta[key].as_u64().unwrap() as usize
        }

        fn list(&self, bytes: &[u8], pos: &mut usize) -> Vec<u32> {
            let start = *pos;
            match PostingList::decode(bytes, pos) {
                Ok(list) => list.ids,
                Err(PostingsError::Elsewhere { pack, offset }) => {
                    let file = &self.files[&format!("l/{pack}.bin")];
                    PostingList::decode(file, &mut (offset as usize))
                        .unwrap()
                        .ids
                }
                Err(e) => panic!("list at {start}: {e}"),
            }
        }

        /// (all, heading) lists of a term, or none when no section has it.
        fn lookup(&self, term: &str) -> Option<(Vec<u32>, Vec<u32>)> {
            let shard = shard_hash(term) as usize % self.number("postingShards");
            let bytes = &self.files[&format!("p/{shard}.bin")];
            let mut pos = 0;
            let count = read_varint(bytes, &mut pos).unwrap();
            for _ in 0..count {
                let len = read_varint(bytes, &mut pos).unwrap() as usize;
                let key = std::str::from_utf8(&bytes[pos..pos + len])
                    .unwrap()
                    .to_string();
                pos += len;
                let all = self.list(bytes, &mut pos);
                let heading = self.list(bytes, &mut pos);
                if key == term {
                    return Some((all, heading));
                }
            }
            None
        }

        /// Heading-or-title and text of section `id`.
        fn section(&self, id: u32) -> String {
            let k = self.number("sectionsPerTextShard");
            let shard: serde_json::Value =
                serde_json::from_slice(&self.files[&format!("t/{}.json", id as usize / k)])
                    .unwrap();
            let s = &shard["sections"][id as usize % k];
            let heading = if s[1].is_null() {
                shard["pages"][s[0].as_u64().unwrap() as usize][0].clone()
            } else {
                s[2].clone()
            };
            format!("{}\n{}", heading.as_str().unwrap(), s[3].as_str().unwrap())
        }

        fn search(&self, query: &str) -> Vec<u32> {
            let parts = query_parts(query);
            let mut candidates: Option<Vec<u32>> = None;
            for part in &parts {
                for g in part_grams(part) {
                    let Some((all, _)) = self.lookup(&gram_text(g)) else {
                        return Vec::new();
                    };
                    candidates = Some(match candidates {
                        None => all,
                        Some(c) => c.into_iter().filter(|id| all.contains(id)).collect(),
                    });
                }
            }
            candidates
                .unwrap_or_default()
                .into_iter()
                .filter(|&id| {
                    let text = normalise(&self.section(id));
                    parts.iter().all(|p| text.contains(p.as_str()))
                })
                .collect()
        }
    }

    fn index(texts: &[(&str, &str)]) -> SearchIndex<'static> {
        SearchIndex {
            language: "ja".into(),
            pages: vec![IndexedPage {
                title: "ＩＳＭＳ認証".into(),
                url: "/ja/a/".into(),
            }],
            sections: texts
                .iter()
                .enumerate()
                .map(|(i, (heading, text))| IndexedSection {
                    page: 0,
                    anchor: (i > 0).then(|| format!("s{i}")),
                    heading: heading.to_string().into(),
                    text: text.to_string().into(),
                })
                .collect(),
        }
    }

    const TEXTS: &[(&str, &str)] = &[
        ("", "本ページは認証の一覧です。"),
        ("4. 暗号化", ""),
        (
            "4.1 通信の暗号化",
            "TLS 1.2 以上で暗号化しています。STARTTLS にも対応します。",
        ),
        (
            "ログ",
            "ログの時刻は日本時間（JST）です。ﾛｸﾞは1年間保存します。",
        ),
        (
            "Incident response",
            "We notify customers within ７２ hours; see ISO/IEC 27017.",
        ),
        ("暗号", "号化"),
        ("", ""),
    ];

    fn scan(index: &SearchIndex<'_>, query: &str) -> Vec<u32> {
        let parts = query_parts(query);
        (0..index.sections.len() as u32)
            .filter(|&id| {
                let text = normalise(&index.search_text(&index.sections[id as usize]));
                !parts.is_empty() && parts.iter().all(|p| text.contains(p.as_str()))
            })
            .collect()
    }

    /// Characters that take the unusual paths of normalising and cutting: ones NFKC turns
    /// into many (`ﷺ` into eighteen, `㍿`, `ﬁ`) or into others (`ｶﾞ`, `①`, `Ⅻ`), combining
    /// marks, the sigmas, a dotted capital I, and spaces of every kind.
    const TRICKY: &[char] = &[
        'a', 'B', 'e', '\u{301}', 'Σ', 'σ', 'ς', 'ﷺ', 'ﷻ', '㍿', 'ﬁ', 'ｶ', 'ﾞ', 'か', '\u{3099}',
        '①', 'Ⅻ', 'İ', 'ß', '暗', '号', '化', '。', ' ', '\u{3000}', '\n', '\u{feff}',
    ];

    fn tricky_text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(TRICKY), 0..max)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Random headings and texts of tricky characters, and queries cut from them or
        /// made up: the index finds exactly the sections whose normalised text holds every
        /// part of the query, in either layout, and building it never panics.
        #[test]
        fn random_text_is_found_exactly(
            texts in proptest::collection::vec((tricky_text(6), tricky_text(40)), 1..6),
            cuts in proptest::collection::vec((0usize..6, 0usize..40, 1usize..8), 1..4),
            made_up in tricky_text(5),
        ) {
            let pairs: Vec<(&str, &str)> =
                texts.iter().map(|(h, t)| (h.as_str(), t.as_str())).collect();
            let index = index(&pairs);
            let mut queries = vec![made_up];
            for (section, start, len) in cuts {
                let (heading, text) = &texts[section % texts.len()];
                let whole: Vec<char> = format!("{heading}\n{text}").chars().collect();
                let start = start.min(whole.len());
                let end = (start + len).min(whole.len());
                queries.push(whole[start..end].iter().collect());
            }
            for layout in [
                Layout::DEFAULT,
                Layout { posting_shard: 16, inline_list: 2, list_pack: 8, text_shard: 1 },
            ] {
                let reader = Reader::new(index.files(layout).unwrap());
                for query in &queries {
                    prop_assert_eq!(reader.search(query), scan(&index, query), "{:?}", query);
                }
            }
        }
    }

    #[test]
    fn a_section_matches_if_and_only_if_it_contains_the_query() {
        let index = index(TEXTS);
        for layout in [
            Layout::DEFAULT,
            Layout {
                posting_shard: 16,
                inline_list: 2,
                list_pack: 8,
                text_shard: 1,
            },
        ] {
            let reader = Reader::new(index.files(layout).unwrap());
            for query in [
                "暗号化",
                "暗号",
                "号化",
                "化",
                "ログ",
                "ろぐ",
                "72時間",
                "72 hours",
                "72",
                "ＩＳＭＳ",
                "isms",
                "tls 暗号化",
                "TLS 通信",
                "iso/iec 27017",
                "INCIDENT",
                "incid",
                "ident",
                "startt",
                "we notify",
                "jst",
                "（jst）",
                "暗号 号化",
                "存在しない",
                "x",
                "1年間",
                "時刻は日本",
            ] {
                assert_eq!(reader.search(query), scan(&index, query), "{query}");
            }
        }
    }

    #[test]
    fn the_same_sections_give_the_same_bytes() {
        let a = index(TEXTS).files(Layout::DEFAULT).unwrap();
        let b = index(TEXTS).files(Layout::DEFAULT).unwrap();
        assert_eq!(a, b);
        let mut other = TEXTS.to_vec();
        other[3].1 = "変更";
        let c = index(&other).files(Layout::DEFAULT).unwrap();
        let version = |files: &[IndexFile]| {
            let meta = files.iter().find(|f| f.path == "meta.json").unwrap();
            String::from_utf8(meta.bytes.clone()).unwrap()
        };
        assert_ne!(version(&a), version(&c), "the version follows the content");
    }

    #[test]
    fn shard_counts_follow_the_size_of_the_index() {
        let small = index(TEXTS).files(Layout::DEFAULT).unwrap();
        let count = |files: &[IndexFile], prefix: &str| {
            files.iter().filter(|f| f.path.starts_with(prefix)).count()
        };
        let text = "暗号化の方式と鍵の管理について説明します。".repeat(20);
        let many: Vec<(&str, &str)> = (0..400).map(|_| ("節", text.as_str())).collect();
        let big = index(&many).files(Layout::DEFAULT).unwrap();
        assert!(count(&small, "t/") == 1 && count(&big, "t/") > 10);
        assert!(count(&small, "p/") < count(&big, "p/"));
        for file in &big {
            assert!(
                file.bytes.len() < 32 * 1024,
                "{} is {} bytes",
                file.path,
                file.bytes.len()
            );
        }
    }

    #[test]
    fn characters_that_normalise_to_many_are_indexed_whole() {
        // `ﷺ` (three bytes) is eighteen characters after NFKC: more grams than three per
        // byte of the text, which once overran the room made for them.
        let mut index = index(&[("", "ﷻ ㍿")]);
        index.pages[0].title = "ﷺ".into();
        let reader = Reader::new(index.files(Layout::DEFAULT).unwrap());
        let (long, other) = (normalise("ﷺ"), normalise("ﷻ"));
        assert_eq!(long.chars().count(), 18);
        for query in [long.as_str(), other.as_str(), "株式会社", "会社"] {
            assert_eq!(reader.search(query), vec![0], "{query}");
            assert_eq!(scan(&index, query), vec![0], "{query}");
        }
    }

    #[test]
    fn heading_lists_hold_only_sections_whose_heading_has_the_gram() {
        let index = index(TEXTS);
        let reader = Reader::new(index.files(Layout::DEFAULT).unwrap());
        let (all, heading) = reader.lookup("暗号化").unwrap();
        assert_eq!(all, vec![1, 2]);
        assert_eq!(heading, vec![1, 2]);
        let (all, heading) = reader.lookup("ism").unwrap();
        assert_eq!(all, vec![0]);
        assert_eq!(heading, vec![0], "the intro's heading is the page title");
        assert_eq!(reader.lookup("号化").unwrap(), (vec![1, 2, 5], vec![1, 2]));
    }
}

/// Timing of `files` on a dump of real sections (`{"language","pages":[[title,url]…],
/// "sections":[[page,anchor|null,heading,text]…]}`): not a test, a measuring tool.
///
/// `TRUSTDOCS_SEARCH_DUMP=dump.json cargo test --release --lib bench_files -- --ignored --nocapture`
#[cfg(test)]
mod bench {
    use super::*;

    fn load(path: &str) -> SearchIndex<'static> {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        SearchIndex {
            language: v["language"].as_str().unwrap().to_string(),
            pages: v["pages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| IndexedPage {
                    title: p[0].as_str().unwrap().to_string(),
                    url: p[1].as_str().unwrap().to_string(),
                })
                .collect(),
            sections: v["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| IndexedSection {
                    page: s[0].as_u64().unwrap() as usize,
                    anchor: s[1].as_str().map(str::to_string),
                    heading: s[2].as_str().unwrap().to_string().into(),
                    text: s[3].as_str().unwrap().to_string().into(),
                })
                .collect(),
        }
    }

    #[test]
    #[ignore]
    fn bench_files() {
        let Ok(paths) = std::env::var("TRUSTDOCS_SEARCH_DUMP") else {
            return;
        };
        for path in paths.split(',') {
            let index = load(path);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let mut best = f64::MAX;
            let mut files = Vec::new();
            let runs = std::env::var("TRUSTDOCS_SEARCH_RUNS").map_or(5, |r| r.parse().unwrap());
            for _ in 0..runs {
                let start = std::time::Instant::now();
                files = pool.install(|| index.files(Layout::DEFAULT).unwrap());
                best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            }
            let time = |f: &(dyn Fn() + Sync)| {
                let start = std::time::Instant::now();
                pool.install(f);
                start.elapsed().as_secs_f64() * 1000.0
            };
            let postings = (0..runs.min(3))
                .map(|_| time(&|| drop(index.postings())))
                .fold(f64::MAX, f64::min);
            let text = (0..runs.min(3))
                .map(|_| time(&|| drop(index.text_files(Layout::DEFAULT, &mut drop))))
                .fold(f64::MAX, f64::min);
            println!("postings {postings:.1} ms, text {text:.1} ms");
            let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
            println!(
                "{path}: {best:.1} ms on one thread, {} files, {bytes} bytes",
                files.len()
            );
        }
    }
}
