//! The site's URL scheme, in one place: where every page and file of a built site lives,
//! as a path from the site root (`co-quan/huyen-uy.html`), and the links between them,
//! relative to the page that holds them (`root` is `""`, `"../"` or `"../../"`), so that the
//! site works from file:// and under any sub-path.

/// The home page.
pub const HOME: &str = "index.html";
/// The search page.
pub const SEARCH: &str = "tim-kiem.html";
/// The folder of document pages, one sub-folder a year: `van-ban/2018/<slug>.html`.
pub(crate) const DOCUMENTS: &str = "van-ban";

/// The four ways into the archive, each an index page and a list page per term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Issuers,
    Years,
    Campaigns,
    Types,
}

impl Index {
    /// The folder of its pages: `co-quan`.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            Index::Issuers => "co-quan",
            Index::Years => "nam",
            Index::Campaigns => "phong-trao",
            Index::Types => "loai",
        }
    }

    /// The index page: `co-quan/index.html`.
    pub fn page(self) -> String {
        [self.folder(), "/", HOME].concat()
    }

    /// Page `n` (1-based) of the list of term `slug` (a year's slug is the year):
    /// `co-quan/huyen-uy.html`, `co-quan/huyen-uy-trang-2.html`.
    pub fn term(self, slug: &str, n: usize) -> String {
        paged(&[self.folder(), "/", slug].concat(), n)
    }

    /// The link from a page at `root` to the first page of term `slug`.
    pub fn link(self, root: &str, slug: &str) -> String {
        [root, self.folder(), "/", slug, ".html"].concat()
    }
}

/// Page `n` (1-based) of the list of all documents: `van-ban/index.html`,
/// `van-ban/trang-2.html`.
pub fn all_documents(n: usize) -> String {
    if n <= 1 {
        [DOCUMENTS, "/", HOME].concat()
    } else {
        format!("{DOCUMENTS}/trang-{n}.html")
    }
}

/// A document's page: `van-ban/2018/<slug>.html`.
pub fn document(folder: &str, slug: &str) -> String {
    [DOCUMENTS, "/", folder, "/", slug, ".html"].concat()
}

/// The folder of a document's attachments, next to its page: `van-ban/2018/<slug>`.
pub fn attachments(folder: &str, slug: &str) -> String {
    [DOCUMENTS, "/", folder, "/", slug].concat()
}

/// The link from a document's page to one of its attachments: `<slug>/<file>`, the name
/// percent-encoded.
pub fn attachment_link(slug: &str, file_name: &str) -> String {
    [slug, "/", &url_segment(file_name)].concat()
}

/// The relative prefix from a page at `path` to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The way from a document page (`van-ban/2018/x.html`) to the site root.
pub const DOCUMENT_ROOT: &str = "../../";

/// A file name as one segment of a link: everything but letters, digits and `-._~`
/// percent-encoded (UTF-8), so that `a b#c?.pdf` links to that file, from a server and
/// from file://.
pub fn url_segment(name: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(name, SEGMENT).to_string()
}

/// `name.html`, `name-trang-2.html`, … for page `n` (1-based) of a list.
fn paged(base: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}.html")
    } else {
        format!("{base}-trang-{n}.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme() {
        assert_eq!(Index::Issuers.page(), "co-quan/index.html");
        assert_eq!(Index::Years.term("2018", 1), "nam/2018.html");
        assert_eq!(
            Index::Campaigns.term("dan-van", 3),
            "phong-trao/dan-van-trang-3.html"
        );
        assert_eq!(
            Index::Types.link("../", "cong-van"),
            "../loai/cong-van.html"
        );
        assert_eq!(all_documents(1), "van-ban/index.html");
        assert_eq!(all_documents(2), "van-ban/trang-2.html");
        assert_eq!(document("2018", "x"), "van-ban/2018/x.html");
        assert_eq!(root_of(&document("2018", "x")), DOCUMENT_ROOT);
        assert_eq!(attachment_link("x", "a b#c?.pdf"), "x/a%20b%23c%3F.pdf");
        assert_eq!(root_of(HOME), "");
        assert_eq!(root_of("co-quan/a.html"), "../");
    }
}
