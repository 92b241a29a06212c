//! `sitemap.xml` with `xhtml:link` hreflang alternates, and `robots.txt`.

use std::fmt::Write;

use crate::config::Config;
use crate::context::PageInfo;

pub fn sitemap<'a>(pages: impl Iterator<Item = &'a PageInfo>) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape(&page.permalink));
        if let Some(date) = &page.date {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", date.iso);
        }
        for alt in &page.alternates {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&alt.lang),
                escape(&alt.permalink)
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

pub fn robots(config: &Config) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}{}/sitemap.xml\n",
        config.origin, config.base_path
    )
    .into_bytes()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
