//! The lists of every gram while the index is built: for each 1-, 2- and 3-gram of the
//! normalised text, the sections containing it and those whose heading does. This is the
//! hot loop of the search index (every character of every published page goes through
//! `Marker::mark`), hence the care taken over branches and registers below.
//!
//! Not here: how the lists are encoded (`postings.rs`) or split into files
//! (`posting_files.rs`), nor what the normalised text is (`normalise.rs`).

use super::normalise::{for_each_normalised_char, is_space};
use super::postings::{encode_gaps, push_varint};
use super::tokenizer::{Gram, MAX_GRAM};

/// A gram's list while the index is built: its ids written as gaps as they come (section
/// by section, so in increasing order), which is the gaps form's payload already and about
/// a byte per id instead of four.
#[derive(Default)]
pub struct GrowingList {
    pub count: u32,
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

    pub fn encode(&self) -> Vec<u8> {
        encode_gaps(
            self.count as usize,
            self.first,
            self.last.saturating_sub(1),
            &self.gaps,
        )
    }
}

/// A gram and its two lists: every section containing it, and those whose heading does.
pub struct Term {
    pub gram: Gram,
    pub all: GrowingList,
    pub heading: GrowingList,
}

/// Sections indexed before their grams are added to the lists: enough that each gram
/// touched gets a run of ids at once, few enough that the block's pairs stay small.
pub const BLOCK: usize = 512;

/// Every gram's lists, filled a block of sections at a time. Grams get dense numbers
/// from an open-addressing table (a gram is one integer: mixing it is enough, and the
/// table of a site's distinct grams stays in cache); a section's new grams are found by
/// comparing with the last section each gram was seen in, without a branch on the answer
/// (one gram in four is new to its section in Japanese: a branch would be mispredicted
/// often). A block's (gram, section) pairs are then sorted by gram with a counting sort and
/// appended to the lists, so each list is written a run at a time.
pub struct GramLists {
    /// (gram, the last section it was seen in plus one, its number), with that section
    /// beside the gram so that a repeat costs one read; gram zero marks an empty slot.
    slots: Vec<(Gram, u32, u32)>,
    /// log2 of `slots.len()`.
    bits: u32,
    pub terms: Vec<Term>,
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

impl GramLists {
    pub fn new() -> GramLists {
        GramLists {
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
    pub fn add_block<'a>(&mut self, first: u32, block: impl Iterator<Item = (&'a str, &'a str)>) {
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

/// Characters of a text marked between two checks for room (see `GramLists::make_room`).
const CHUNK: usize = 1024;

/// `GramLists` while the grams of a stretch of text are marked: the block's write positions
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
        let mut i = GramLists::slot(gram, self.bits);
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
