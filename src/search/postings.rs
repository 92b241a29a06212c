//! A posting list: the ids of the sections that contain a gram, in increasing order, and
//! its byte encoding in the search index files (read back by `search.js`).
//!
//! Numbers are unsigned LEB128 varints. A list is written as its length and then, for a
//! non-empty list, a form and its payload:
//!
//! ```text
//! count
//! 0 (gaps)    first id, then each id minus the one before
//! 1 (bitmap)  first id, byte length, bytes: bit b of byte j set ⇔ id first + 8j + b
//! 2 (elsewhere) pack n, offset o: the list is in `l/<n>.bin` at byte o, as count,
//!             form 0|1, payload
//! ```
//!
//! Whichever of gaps and bitmap is smaller is written, so a list never takes more than
//! about one bit per section of the site. Not here: which grams exist or where lists go.

/// The form byte of a list written out of line, in its own file.
pub const FORM_ELSEWHERE: u64 = 2;
const FORM_GAPS: u64 = 0;
const FORM_BITMAP: u64 = 1;

/// Section ids in increasing order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    pub ids: Vec<u32>,
}

/// A truncated or malformed list (only ever read back by tests and tools).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PostingsError {
    #[error("postings end in the middle of a number at byte {0}")]
    Truncated(usize),
    #[error("unknown list form {form} at byte {at}")]
    UnknownForm { form: u64, at: usize },
    #[error("a list is in pack {pack} at byte {offset}; read it there instead")]
    Elsewhere { pack: u64, offset: u64 },
}

impl PostingList {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Count, form and payload, in the smaller of the two forms.
    pub fn encode(&self) -> Vec<u8> {
        encode_ids(&self.ids)
    }
}

/// `PostingList::encode` of ids in increasing order, without owning them.
pub fn encode_ids(ids: &[u32]) -> Vec<u8> {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return encode_gaps(0, 0, 0, &[]);
    };
    let mut gaps = Vec::with_capacity(ids.len() + 4);
    let mut previous = first;
    push_varint(&mut gaps, u64::from(first));
    for &id in &ids[1..] {
        push_varint(&mut gaps, u64::from(id - previous));
        previous = id;
    }
    encode_gaps(ids.len(), first, last, &gaps)
}

/// `encode_ids` of `count` ids from `first` to `last` given as the gaps form's payload
/// (`first`, then each id minus the one before): what the index builder keeps.
pub fn encode_gaps(count: usize, first: u32, last: u32, gaps: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, count as u64);
    if count == 0 {
        return out;
    }
    let bitmap_len = ((last - first) / 8 + 1) as usize;
    if bitmap_len + varint_len(u64::from(first)) + varint_len(bitmap_len as u64) < gaps.len() {
        out.reserve(bitmap_len + 12);
        push_varint(&mut out, FORM_BITMAP);
        push_varint(&mut out, u64::from(first));
        push_varint(&mut out, bitmap_len as u64);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        let bits = &mut out[start..];
        // The payload decoded in one pass over its bytes (most gaps are one byte): the
        // first number is `first` itself, each next one a gap from the id before.
        let (mut offset, mut gap, mut shift) = (0usize, 0usize, 0u32);
        for &byte in gaps.iter().skip(varint_len(u64::from(first))) {
            gap |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 != 0 {
                shift += 7;
                continue;
            }
            offset += gap;
            (gap, shift) = (0, 0);
            if let Some(bits) = bits.get_mut(offset / 8) {
                *bits |= 1 << (offset % 8);
            }
        }
        bits[0] |= 1;
    } else {
        out.reserve(gaps.len() + 2);
        push_varint(&mut out, FORM_GAPS);
        out.extend_from_slice(gaps);
    }
    out
}

impl PostingList {
    /// Reads a list written by `encode` at `*pos`, moving `*pos` past it.
    pub fn decode(bytes: &[u8], pos: &mut usize) -> Result<PostingList, PostingsError> {
        let count = read_varint(bytes, pos)? as usize;
        if count == 0 {
            return Ok(PostingList::default());
        }
        let at = *pos;
        let mut ids = Vec::with_capacity(count.min(1 << 20));
        match read_varint(bytes, pos)? {
            FORM_GAPS => {
                let mut id = 0u64;
                for i in 0..count {
                    let n = read_varint(bytes, pos)?;
                    id = if i == 0 { n } else { id + n };
                    ids.push(id as u32);
                }
            }
            FORM_BITMAP => {
                let first = read_varint(bytes, pos)?;
                let len = read_varint(bytes, pos)? as usize;
                let end = pos.checked_add(len).filter(|&e| e <= bytes.len());
                let Some(end) = end else {
                    return Err(PostingsError::Truncated(bytes.len()));
                };
                for (j, byte) in bytes[*pos..end].iter().enumerate() {
                    for b in 0..8 {
                        if byte & (1 << b) != 0 {
                            ids.push((first + 8 * j as u64 + b) as u32);
                        }
                    }
                }
                *pos = end;
            }
            FORM_ELSEWHERE => {
                let pack = read_varint(bytes, pos)?;
                let offset = read_varint(bytes, pos)?;
                return Err(PostingsError::Elsewhere { pack, offset });
            }
            form => return Err(PostingsError::UnknownForm { form, at }),
        }
        Ok(PostingList { ids })
    }
}

pub fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub fn read_varint(bytes: &[u8], pos: &mut usize) -> Result<u64, PostingsError> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let Some(&byte) = bytes.get(*pos) else {
            return Err(PostingsError::Truncated(*pos));
        };
        *pos += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err(PostingsError::Truncated(*pos))
}

/// Bytes `push_varint` writes for `n`.
fn varint_len(n: u64) -> usize {
    (u64::BITS - n.leading_zeros()).max(1).div_ceil(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(ids: Vec<u32>) -> Vec<u8> {
        let list = PostingList { ids };
        let bytes = list.encode();
        let mut pos = 0;
        assert_eq!(PostingList::decode(&bytes, &mut pos), Ok(list));
        assert_eq!(pos, bytes.len());
        bytes
    }

    #[test]
    fn sparse_lists_are_gaps_and_dense_lists_bitmaps() {
        assert_eq!(round_trip(vec![]), vec![0]);
        assert_eq!(round_trip(vec![5]), vec![1, 0, 5]);
        assert_eq!(round_trip(vec![3, 300, 301]), vec![3, 0, 3, 0xa9, 0x02, 1]);
        let dense: Vec<u32> = (1000..1800).filter(|i| i % 3 != 0).collect();
        let bytes = round_trip(dense.clone());
        assert_eq!(bytes[2], 1, "bitmap form");
        assert!(bytes.len() < 110, "{} bytes for 800 ids", bytes.len());
    }

    #[test]
    fn a_list_never_takes_much_more_than_a_bit_per_section() {
        let n = 10_000u32;
        for step in [1, 2, 3, 7, 8, 9, 50, 1000] {
            let bytes = round_trip((0..n).step_by(step).collect());
            assert!(
                bytes.len() <= n as usize / 8 + 8,
                "step {step}: {}",
                bytes.len()
            );
        }
    }

    #[test]
    fn dense_lists_with_long_gaps_and_a_large_first_id_round_trip() {
        // Bitmaps whose gaps and first id take several bytes each.
        let mut ids: Vec<u32> = (1_000_000..1_002_000).collect();
        ids.extend([1_002_200, 1_002_201, 1_020_000]);
        ids.extend(1_020_001..1_030_000);
        let bytes = round_trip(ids);
        assert_eq!(bytes[2], 1, "bitmap form");
        for n in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = Vec::new();
            push_varint(&mut out, n);
            assert_eq!(varint_len(n), out.len(), "{n}");
        }
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let bytes = PostingList {
            ids: vec![1, 2, 3, 400],
        }
        .encode();
        for cut in 0..bytes.len() {
            let mut pos = 0;
            assert!(
                PostingList::decode(&bytes[..cut], &mut pos).is_err(),
                "{cut}"
            );
        }
        let mut pos = 0;
        assert_eq!(
            PostingList::decode(&[1, 9], &mut pos),
            Err(PostingsError::UnknownForm { form: 9, at: 1 })
        );
    }
}
