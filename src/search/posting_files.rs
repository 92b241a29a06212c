//! The postings files of the index: every gram's two lists (all text, headings), in shards
//! by a hash of the gram (`p/<n>.bin`), the long lists set apart in packs (`l/<n>.bin`) so
//! that a shard stays small. The byte layout is described in `index.rs` and `postings.rs`.

use super::files::{IndexFile, Layout};
use super::gram_lists::Term;
use super::postings::{FORM_ELSEWHERE, push_varint};
use super::tokenizer::{gram_text, shard_hash};

/// Postings shards and packs of long lists of `terms` (sorted by gram), each handed to
/// `emit` when made.
pub fn write(terms: Vec<Term>, layout: Layout, emit: &mut impl FnMut(IndexFile)) {
    let mut packs = 0;
    let mut pack: Vec<u8> = Vec::new();
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
