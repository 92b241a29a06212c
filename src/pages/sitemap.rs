//! `sitemap.xml` with `xhtml:link` hreflang alternates, and `robots.txt`.

use std::fmt::Write;

use crate::model::urls::Urls;
use crate::pages::context::PageInfo;

/// What the sitemap says of one page.
#[derive(Debug, Clone)]
pub struct Entry {
    permalink: String,
    /// ISO date of its last revision.
    lastmod: Option<String>,
    /// (language, permalink) of each language version, itself included.
    alternates: Vec<(String, String)>,
}

impl Entry {
    pub fn of(page: &PageInfo) -> Entry {
        Entry {
            permalink: page.permalink.clone(),
            lastmod: page.date.as_ref().map(|d| d.iso.clone()),
            alternates: page
                .alternates
                .iter()
                .map(|a| (a.lang.clone(), a.permalink.clone()))
                .collect(),
        }
    }
}

pub fn sitemap(pages: &[Entry]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape(&page.permalink));
        if let Some(date) = &page.lastmod {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        for (lang, permalink) in &page.alternates {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(lang),
                escape(permalink)
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

pub fn robots(urls: &Urls) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.sitemap_permalink()
    )
    .into_bytes()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
