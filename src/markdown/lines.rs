//! Line numbers of byte offsets in a page's Markdown, for errors and link records, and
//! the eight-bytes-at-a-time arithmetic that counting newlines and finding white space
//! share.

/// 1-based lines of the file for byte offsets of the body, counted forward as they come.
pub(super) struct LineCounter<'i> {
    body: &'i [u8],
    /// Line of the file where the body starts.
    first: usize,
    offset: usize,
    newlines: usize,
}

impl<'i> LineCounter<'i> {
    pub(super) fn new(body: &'i str, first: usize) -> LineCounter<'i> {
        LineCounter {
            body: body.as_bytes(),
            first,
            offset: 0,
            newlines: 0,
        }
    }

    pub(super) fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.body.len());
        if offset < self.offset {
            self.offset = 0;
            self.newlines = 0;
        }
        self.newlines += count_newlines(&self.body[self.offset..offset]);
        self.offset = offset;
        self.first + self.newlines
    }
}

/// `\n`s in `bytes`, eight bytes at a time.
fn count_newlines(bytes: &[u8]) -> usize {
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    let mut count = 0;
    for chunk in chunks {
        let eight = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        count += zero_bytes(eight ^ (u64::from(b'\n') * ONES)).count_ones() as usize;
    }
    count + rest.iter().filter(|&&b| b == b'\n').count()
}

pub(super) const LOW_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
pub(super) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
pub(super) const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that is zero.
pub(super) fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW_BITS) + LOW_BITS) | x) & HIGH_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_counted() {
        let text = "a\nb\n\n日本語\nxxxxxxxxxxxxxxxx\n\n\n";
        for end in 0..=text.len() {
            let expected = text.as_bytes()[..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            assert_eq!(count_newlines(&text.as_bytes()[..end]), expected);
        }
    }
}
