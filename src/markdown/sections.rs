//! The search text of a page: plain text per section (the intro, then each h2/h3 heading
//! with the text up to the next), taken from the final event stream as the HTML writer
//! consumes it.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::markdown::lines::{HIGH_BITS, LOW_BITS, ONES, zero_bytes};
use crate::markdown::{Section, is_inline_tag};

/// Plain text per section, taken from the final event stream (ids assigned, breaks
/// between Japanese characters already dropped): text and code, never raw HTML or the
/// self-links. Each block is a line; runs of white space are one space, blank lines go.
/// A section's heading and text are written to scratch buffers and copied out once, at
/// their exact size, when the next section starts.
pub(super) struct Sections {
    sections: Vec<Section>,
    id: Option<String>,
    heading: String,
    text: String,
    in_heading: bool,
    heading_gap: Gap,
    text_gap: Gap,
}

/// White space seen since the last word written to a section's text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
}

impl Sections {
    pub(super) fn new() -> Sections {
        Sections {
            sections: Vec::new(),
            id: None,
            heading: String::new(),
            text: String::with_capacity(1024),
            in_heading: false,
            heading_gap: Gap::None,
            text_gap: Gap::None,
        }
    }

    pub(super) fn add(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                id,
                ..
            }) => {
                self.close();
                self.id = id.as_ref().map(|id| id.to_string());
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) if self.in_heading => self.in_heading = false,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_str(t)
            }
            Event::SoftBreak => self.gap(Gap::Space),
            Event::HardBreak | Event::Rule => self.gap(Gap::Line),
            Event::Start(_) | Event::End(_) if !is_inline_tag(event) => self.gap(Gap::Line),
            _ => {}
        }
    }

    /// Adds text that is no Markdown event of its own (what a shortcode showed): each of
    /// its lines a block. Cold: kept out of line, so the hot `add` is as it was.
    #[cold]
    #[inline(never)]
    pub(super) fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            self.gap(Gap::Line);
            self.push_str(line);
        }
        self.gap(Gap::Line);
    }

    /// Ends the current section.
    fn close(&mut self) {
        self.sections.push(Section {
            id: self.id.take(),
            heading: String::from(self.heading.as_str()),
            text: String::from(self.text.as_str()),
        });
        self.heading.clear();
        self.text.clear();
        self.heading_gap = Gap::None;
        self.text_gap = Gap::None;
    }

    fn gap(&mut self, gap: Gap) {
        let current = if self.in_heading {
            &mut self.heading_gap
        } else {
            &mut self.text_gap
        };
        *current = (*current).max(gap);
    }

    /// Appends text: words as they are, white space between them as one space, or as one
    /// line break where the white space held one (a space, in a heading). A single space
    /// between two words is copied with them.
    fn push_str(&mut self, text: &str) {
        let (sink, gap, line) = if self.in_heading {
            (&mut self.heading, &mut self.heading_gap, " ")
        } else {
            (&mut self.text, &mut self.text_gap, "\n")
        };
        let bytes = text.as_bytes();
        let n = bytes.len();
        // `bytes[word..i]` is text still to be written: it starts with a word.
        let mut word = 0;
        let mut i = 0;
        while i < n {
            if let Some(eight) = bytes.get(i..i + 8) {
                // Eight bytes at a time, to the next one that may be white space.
                let mask = may_be_space(u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])));
                if mask == 0 {
                    i += 8;
                    continue;
                }
                i += (mask.trailing_zeros() / 8) as usize;
            }
            let (start, len) = match BYTE_CLASS[usize::from(bytes[i])] {
                PLAIN => {
                    i += 1;
                    continue;
                }
                SPACE => {
                    if i > word
                        && i + 1 < n
                        && BYTE_CLASS[usize::from(bytes[i + 1])] == PLAIN
                        && bytes[i + 1] != 0xE3
                    {
                        // One space between two words: it stays as it is.
                        i += 2;
                        continue;
                    }
                    (i, 1)
                }
                _ => match space_at(bytes, i) {
                    Some(found) => found,
                    None => {
                        i += 1;
                        continue;
                    }
                },
            };
            if word < start {
                write_word(sink, gap, line, &text[word..start]);
            }
            *gap = (*gap).max(if bytes[start] == b'\n' {
                Gap::Line
            } else {
                Gap::Space
            });
            i = start + len;
            word = i;
        }
        if word < n {
            write_word(sink, gap, line, &text[word..]);
        }
    }

    pub(super) fn finish(mut self) -> Vec<Section> {
        self.close();
        self.sections
    }
}

const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const MAYBE: u8 = 2;

/// What a byte of UTF-8 text may be part of, for `char::is_whitespace`: `SPACE` for ` `;
/// `MAYBE` for the other ASCII white space, the lead bytes of U+0085, U+00A0, U+1680 and
/// U+2000–U+205F, and 0x80, the last byte of U+3000 (E3 80 80): its lead byte E3 also
/// starts most kana, so it is recognised by its end.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' => SPACE,
            b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0x80 => MAYBE,
            _ => PLAIN,
        };
        b += 1;
    }
    table
};

/// The high bit of each byte of `x` (eight bytes of text, first in the lowest) that is
/// not `PLAIN`, and of other bytes below 0x21.
fn may_be_space(x: u64) -> u64 {
    let below_0x21 = !(((x & LOW_BITS) + 0x5F * ONES) | x) & HIGH_BITS;
    below_0x21
        | zero_bytes(x ^ (0x80 * ONES))
        | zero_bytes(x ^ (0xC2 * ONES))
        | zero_bytes(x ^ (0xE1 * ONES))
        | zero_bytes(x ^ (0xE2 * ONES))
}

/// The white space character that `bytes[i]`, a `MAYBE` byte of valid UTF-8, starts or
/// ends: its start and length.
fn space_at(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let next = |n: usize| bytes.get(i + n).copied().unwrap_or(0);
    match bytes[i] {
        b'\t'..=b'\r' => Some((i, 1)),
        0xC2 if matches!(next(1), 0x85 | 0xA0) => Some((i, 2)),
        0xE1 if next(1) == 0x9A && next(2) == 0x80 => Some((i, 3)),
        0xE2 if matches!(
            (next(1), next(2)),
            (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)
        ) =>
        {
            Some((i, 3))
        }
        0x80 if i >= 2 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xE3 => Some((i - 2, 3)),
        _ => None,
    }
}

fn write_word(sink: &mut String, gap: &mut Gap, line: &str, word: &str) {
    if !sink.is_empty() {
        match *gap {
            Gap::None => {}
            Gap::Space => sink.push(' '),
            Gap::Line => sink.push_str(line),
        }
    }
    *gap = Gap::None;
    sink.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_found_as_char_is_whitespace_finds_it() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let bytes = text.as_bytes();
            let found: Vec<(usize, usize)> = (0..bytes.len())
                .filter(|&i| match BYTE_CLASS[usize::from(bytes[i])] {
                    PLAIN => false,
                    SPACE => true,
                    _ => space_at(bytes, i).is_some(),
                })
                .map(|i| space_at(bytes, i).unwrap_or((i, 1)))
                .collect();
            let expected = if c.is_whitespace() {
                vec![(1, c.len_utf8())]
            } else {
                vec![]
            };
            assert_eq!(found, expected, "U+{:04X}", c as u32);
        }
    }

    /// One line per non-blank line of `text`, each trimmed, with runs of spaces made one:
    /// what a section's text is, written plainly.
    fn collapse_spaces(text: &str) -> String {
        text.lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn eight_bytes_at_a_time_miss_no_byte_that_may_be_space() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b'a'; 8];
                eight[at] = b;
                let mask = may_be_space(u64::from_le_bytes(eight));
                let flagged = b < 0x21 || BYTE_CLASS[usize::from(b)] != PLAIN;
                let expected = if flagged { 0x80 << (8 * at) } else { 0 };
                assert_eq!(mask, expected, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn section_text_collapses_white_space_as_lines_and_words() {
        let alphabet = [
            "a", "bc", "あ", "、", "\u{3000}", "\u{3040}", " ", "  ", "\n", "\t", "\r\n", "\u{a0}",
            "\u{85}", "\u{2029}", "\u{2010}", "\u{1680}",
        ];
        let mut pieces = vec![String::new()];
        for _ in 0..4 {
            pieces = pieces
                .iter()
                .flat_map(|p| alphabet.iter().map(move |a| format!("{p}{a}")))
                .collect();
        }
        let pieces = pieces.iter().flat_map(|p| {
            ["", "abcdefg", "あいう"]
                .into_iter()
                .map(move |lead| format!("{lead}{p}"))
        });
        for text in &pieces.collect::<Vec<_>>() {
            for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for in_heading in [false, true] {
                    let mut sections = Sections::new();
                    sections.in_heading = in_heading;
                    sections.push_str(&text[..cut]);
                    sections.push_str(&text[cut..]);
                    let got = sections.finish();
                    let expected = collapse_spaces(text);
                    if in_heading {
                        assert_eq!(got[0].heading, expected.replace('\n', " "), "{text:?}");
                    } else {
                        assert_eq!(got[0].text, expected, "{text:?} cut at {cut}");
                    }
                }
            }
        }
    }
}
