//! The version of an index: a hash of all its files, named in `meta.json`.

use super::files::IndexFile;

/// A 64-bit hash of every path and its bytes (FNV-1a's constants, eight bytes at a time):
/// changes whenever any file does, so the browser never mixes a new manifest with cached
/// shards of an old build.
pub struct Version(u64);

impl Version {
    pub fn new() -> Version {
        Version(0xcbf2_9ce4_8422_2325)
    }

    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29);
    }

    pub fn add(&mut self, file: &IndexFile) {
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

    pub fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}
