//! `feed.xml` (Atom, the newest documents) and `sitemap.xml` (every page). Both need absolute
//! URLs, which feed readers and search engines require, so they are written only when the
//! site has a `base_url`. Dates come from the documents, never from the clock, so a build
//! stays byte-identical.

use crate::archive::Archive;
use crate::model::DocDate;

use super::escape;

/// How many documents the feed carries.
pub const FEED_SIZE: usize = 50;

/// `base_url` with exactly one trailing slash, so page paths append to it.
pub fn base(base_url: &str) -> String {
    format!("{}/", base_url.trim_end_matches('/'))
}

/// RFC 3339 at the start of the day in Vietnam (UTC+7), where documents are signed.
fn timestamp(date: DocDate) -> String {
    match date {
        DocDate::Day(d) => format!("{}T00:00:00+07:00", d.format("%Y-%m-%d")),
        DocDate::Year(y) => format!("{y:04}-01-01T00:00:00+07:00"),
    }
}

/// The Atom feed of the newest dated documents (the archive is newest first).
pub fn atom(archive: &Archive, title: &str, description: Option<&str>, base_url: &str) -> String {
    let base = base(base_url);
    let entries: Vec<_> = archive
        .entries
        .iter()
        .filter_map(|e| e.doc.date.map(|d| (e, d)))
        .take(FEED_SIZE)
        .collect();
    let updated = entries
        .first()
        .map(|(_, d)| timestamp(*d))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut x = String::with_capacity(1024 + entries.len() * 600);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    x.push_str(&format!("  <id>{}</id>\n", escape(&base)));
    x.push_str(&format!("  <title>{}</title>\n", escape(title)));
    if let Some(d) = description {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(d)));
    }
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&format!("{base}feed.xml"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&format!("{base}index.html"))
    ));
    // Atom requires an author on the feed unless every entry has one; the site answers for it.
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(title)
    ));
    x.push_str("  <generator>vanban</generator>\n");
    for (e, date) in entries {
        let url = escape(&format!("{base}{}", e.url()));
        let issuer = &archive.issuers.get(e.issuer).name;
        let title = if e.doc.subject.is_empty() {
            e.title().to_string()
        } else {
            format!("{} — {}", e.title(), e.doc.subject)
        };
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{url}</id>\n"));
        x.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        x.push_str(&format!("    <updated>{}</updated>\n", timestamp(date)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(issuer)
        ));
        x.push_str(&format!(
            "    <category term=\"{}\"/>\n",
            escape(&e.doc.doc_type)
        ));
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&e.doc.subject)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The sitemap of every page path given (site-relative, sorted by the caller).
pub fn sitemap<'p>(pages: impl IntoIterator<Item = &'p str>, base_url: &str) -> String {
    let base = base(base_url);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        x.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{base}{p}"))
        ));
    }
    x.push_str("</urlset>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_has_one_trailing_slash() {
        assert_eq!(base("https://x.vn/vb"), "https://x.vn/vb/");
        assert_eq!(base("https://x.vn/vb//"), "https://x.vn/vb/");
    }

    #[test]
    fn sitemap_escapes_and_prefixes() {
        let s = sitemap(["index.html", "a&b.html"], "https://x.vn");
        assert!(s.contains("<loc>https://x.vn/index.html</loc>"));
        assert!(s.contains("<loc>https://x.vn/a&amp;b.html</loc>"));
    }

    #[test]
    fn timestamps_are_vietnam_midnight() {
        let d = chrono::NaiveDate::from_ymd_opt(2018, 11, 11).unwrap();
        assert_eq!(timestamp(DocDate::Day(d)), "2018-11-11T00:00:00+07:00");
    }
}
