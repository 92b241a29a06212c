//! The files an index is written as, and the sizes they aim at: what the writers of
//! postings, packs and text shards (and the version hash over them) share.

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
    /// Chosen by measuring (`tests/js/measure.js`) on the example portal and on a corpus of
    /// 1,000 documents: a first batch of ten results in site order reads up to ten text
    /// shards and up to six postings shards, so both are kept small; packs stay at 8 KB,
    /// since smaller ones multiplied the files more than they saved.
    pub const DEFAULT: Layout = Layout {
        posting_shard: 2048,
        inline_list: 512,
        list_pack: 8192,
        text_shard: 4096,
    };
}

/// One file of the index, by its path under `/<lang>/search/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
