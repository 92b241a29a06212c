//! The text shards of the index (`t/<n>.json`): consecutive sections with their heading,
//! anchor, text and page, which the browser reads to confirm a candidate and to show it.

use serde::Serialize;

use super::files::{IndexFile, Layout};
use super::index::SearchIndex;

#[derive(Serialize)]
struct TextShard<'a> {
    pages: Vec<(&'a str, &'a str)>,
    sections: Vec<(usize, Option<&'a str>, &'a str, &'a str)>,
}

impl SearchIndex<'_> {
    pub(super) fn text_files(
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
