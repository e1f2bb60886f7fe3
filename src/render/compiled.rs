//! The built-in theme's document and list pages and list items, compiled: byte for byte
//! what `document.html` and `list.html` (each with `base.html` and `macros.html`),
//! `doc_item.html` and `cited_item.html` render through Tera, written straight into one
//! buffer.
//!
//! Document and list pages are nearly all of a site's pages, and Tera spends thousands of
//! instructions on each `{{ doc.x }}` (a dotted-path walk through a JSON tree built from the
//! context) and copies the body several times. A theme gets the writer of each of these
//! templates it leaves alone (a page: all three of its templates), and Tera for the rest.
//! The writers are generated at compile time from the template files (`build.rs`), so the
//! templates are the only source of the markup; this module gives the generated code the
//! contexts and Tera's meaning of a value (truthiness, escaping, `truncate`).
//! `tests/compiled.rs` renders every page of fixture archives both ways and requires the
//! same bytes.

use std::borrow::Cow;

use serde::Serialize;

use super::citations::{CitationGroupCtx, CitedItem};
use super::markdown::Section;
use super::{
    Body, DocCtx, DocItem, Link, Nav, Neighbours, PageLink, Pager, SignerCtx, SiteCtx, StatusLine,
    Theme, Unit,
};

#[allow(clippy::all, unused_parens)]
mod generated {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/compiled.rs"));
}

pub use generated::{CITED_ITEM, DOC_ITEM, DOCUMENT, LIST};

/// Which of the compiled writers a theme gets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Compiled {
    pub document: bool,
    pub list: bool,
    pub doc_item: bool,
    pub cited_item: bool,
}

impl Compiled {
    pub(crate) fn for_theme(theme: &Theme) -> Compiled {
        Compiled {
            document: theme.compiles(DOCUMENT),
            list: theme.compiles(LIST),
            doc_item: theme.compiles(DOC_ITEM),
            cited_item: theme.compiles(CITED_ITEM),
        }
    }
}

/// What `document.html` is given, as [`super::Site::document`] builds it: the compiled
/// writer's argument, and Tera's context for a theme's own template.
#[derive(Serialize)]
pub(super) struct DocumentPage<'p, 'a> {
    pub site: &'p SiteCtx<'a>,
    pub root: &'p str,
    pub nav: &'p Nav,
    pub doc: &'p DocCtx<'a>,
    pub breadcrumb: &'p [Link],
    pub prev: Option<&'p DocItem<'a>>,
    pub next: Option<&'p DocItem<'a>>,
    pub same_campaign: &'p [Cow<'a, str>],
    pub chain: &'p str,
    pub cites: &'p [CitationGroupCtx<'a>],
    pub cited_by: &'p [CitationGroupCtx<'a>],
}

/// Tera's `truncate(length=n)`: the first `n` grapheme clusters and `…` when longer.
fn truncate(s: &str, n: usize) -> Cow<'_, str> {
    match grapheme_start(s, n) {
        Some(cut) => format!("{}…", &s[..cut]).into(),
        None => s.into(),
    }
}

/// Where grapheme cluster `n` (0-based) of `s` starts, if `s` has that many. Segmenting
/// costs thousands of instructions per title; text made only of characters that are each
/// a cluster of their own (see [`alone`]) is cut at its `n`th character instead.
fn grapheme_start(s: &str, n: usize) -> Option<usize> {
    for (i, (at, c)) in s.char_indices().enumerate() {
        if !alone(c) {
            use unicode_segmentation::UnicodeSegmentation;
            return s.grapheme_indices(true).nth(n).map(|(at, _)| at);
        }
        if i == n {
            return Some(at);
        }
    }
    None
}

/// A character with a grapheme boundary before and after it whatever its neighbours are
/// of this kind (Grapheme_Cluster_Break "Other", UAX #29 GB999): printable ASCII, Latin-1
/// and Latin Extended-A/B, IPA and spacing modifiers, the precomposed Vietnamese letters
/// (Latin Extended Additional), and the dashes, quotes and ellipsis of General
/// Punctuation. Not combining marks, joiners, controls or the soft hyphen.
fn alone(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{2ff}' | '\u{1e00}'..='\u{1eff}' | '\u{2010}'..='\u{2027}')
        && c != '\u{ad}'
}

/// What `list.html` is given, as [`super::Site::list`] builds it (as [`DocumentPage`]).
#[derive(Serialize)]
pub(super) struct ListPage<'p, 'a> {
    pub site: &'p SiteCtx<'a>,
    pub root: &'p str,
    pub nav: &'p Nav,
    pub title: &'p str,
    pub description: Option<&'p str>,
    /// The count line: `3.000 văn bản`, `147 văn bản, trong đó 12 của chính cơ quan`.
    pub summary: &'p str,
    pub neighbours: Option<&'p Neighbours>,
    pub docs: &'p [Cow<'a, str>],
    pub pager: &'p Pager,
    pub children: &'p [Unit],
    pub breadcrumb: &'p [Link],
    pub chart: &'p str,
}

/// The document page, with `capacity` bytes reserved.
pub(super) fn document(p: &DocumentPage, capacity: usize) -> String {
    let mut o = String::with_capacity(capacity);
    generated::write_document(p, &mut o);
    o
}

/// A paginated list of documents (`list.html`), with `capacity` bytes reserved.
pub(super) fn list(p: &ListPage, capacity: usize) -> String {
    let mut o = String::with_capacity(capacity);
    generated::write_list(p, &mut o);
    o
}

/// `doc_item.html`: a document in lists.
pub(super) fn doc_item(d: &DocItem) -> String {
    let mut o = String::with_capacity(512);
    generated::write_doc_item(d, &mut o);
    o
}

/// `cited_item.html`: a document in a citation list.
pub(super) fn cited_item(i: &CitedItem) -> String {
    let mut o = String::with_capacity(256);
    generated::write_cited_item(i, &mut o);
    o
}

/// Tera's truthiness, and what the body of `{% if x %}` sees of `x`: an empty text, list
/// or `None`, `false` and zero are false; a present value is seen without its `Option`.
trait Value {
    type Inner: ?Sized;
    fn present(&self) -> Option<&Self::Inner>;
    fn truthy(&self) -> bool {
        self.present().is_some()
    }
}

impl<T: Value + ?Sized> Value for &T {
    type Inner = T::Inner;
    fn present(&self) -> Option<&T::Inner> {
        (**self).present()
    }
}

impl<T: Value> Value for Option<T> {
    type Inner = T::Inner;
    fn present(&self) -> Option<&T::Inner> {
        self.as_ref()?.present()
    }
}

impl Value for str {
    type Inner = str;
    fn present(&self) -> Option<&str> {
        (!self.is_empty()).then_some(self)
    }
}

impl Value for String {
    type Inner = str;
    fn present(&self) -> Option<&str> {
        self.as_str().present()
    }
}

impl Value for Cow<'_, str> {
    type Inner = str;
    fn present(&self) -> Option<&str> {
        (**self).present()
    }
}

impl<T> Value for [T] {
    type Inner = [T];
    fn present(&self) -> Option<&[T]> {
        (!self.is_empty()).then_some(self)
    }
}

impl<T> Value for Vec<T> {
    type Inner = [T];
    fn present(&self) -> Option<&[T]> {
        self.as_slice().present()
    }
}

impl Value for bool {
    type Inner = bool;
    fn present(&self) -> Option<&bool> {
        self.then_some(self)
    }
}

macro_rules! values {
    (numbers: $($n:ty),*; objects: $($o:ty),*) => {
        $(impl Value for $n {
            type Inner = $n;
            fn present(&self) -> Option<&$n> {
                (*self != 0).then_some(self)
            }
        })*
        $(impl Value for $o {
            type Inner = Self;
            fn present(&self) -> Option<&Self> {
                Some(self)
            }
        })*
    };
}

values!(numbers: usize, i32;
    objects: SiteCtx<'_>, DocCtx<'_>, SignerCtx<'_>, Body<'_>, Link, DocItem<'_>,
        Pager, PageLink, CitationGroupCtx<'_>, CitedItem<'_>, Nav, Neighbours, Unit,
        StatusLine<'_>, Section);

/// `{{ x }}`: the value, escaped as Tera's autoescape does.
trait Emit {
    fn emit(&self, o: &mut String);
}

impl<T: Emit + ?Sized> Emit for &T {
    fn emit(&self, o: &mut String) {
        (**self).emit(o);
    }
}

/// `None` shows nothing.
impl<T: Emit> Emit for Option<T> {
    fn emit(&self, o: &mut String) {
        if let Some(v) = self {
            v.emit(o);
        }
    }
}

impl Emit for str {
    fn emit(&self, o: &mut String) {
        super::escape_into(o, self);
    }
}

impl Emit for String {
    fn emit(&self, o: &mut String) {
        super::escape_into(o, self);
    }
}

impl Emit for Cow<'_, str> {
    fn emit(&self, o: &mut String) {
        super::escape_into(o, self);
    }
}

macro_rules! emit_numbers {
    ($($n:ty),*) => {$(
        impl Emit for $n {
            fn emit(&self, o: &mut String) {
                o.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}

emit_numbers!(usize, i32);

/// `{{ x | safe }}`: the value as it is.
trait Raw {
    fn raw(&self, o: &mut String);
}

impl<T: Raw + ?Sized> Raw for &T {
    fn raw(&self, o: &mut String) {
        (**self).raw(o);
    }
}

impl Raw for str {
    fn raw(&self, o: &mut String) {
        o.push_str(self);
    }
}

impl Raw for Cow<'_, str> {
    fn raw(&self, o: &mut String) {
        o.push_str(self);
    }
}

impl Raw for String {
    fn raw(&self, o: &mut String) {
        o.push_str(self);
    }
}

/// A document's body is rendered straight into the page.
impl Raw for Body<'_> {
    fn raw(&self, o: &mut String) {
        self.write(o);
    }
}

/// A number compared in a condition.
trait Num {
    fn num(&self) -> i64;
}

impl<T: Num + ?Sized> Num for &T {
    fn num(&self) -> i64 {
        (**self).num()
    }
}

impl Num for usize {
    fn num(&self) -> i64 {
        *self as i64
    }
}

impl Num for i32 {
    fn num(&self) -> i64 {
        i64::from(*self)
    }
}

/// Text given to a filter.
trait Text {
    fn text(&self) -> &str;
}

impl<T: Text + ?Sized> Text for &T {
    fn text(&self) -> &str {
        (**self).text()
    }
}

impl Text for str {
    fn text(&self) -> &str {
        self
    }
}

impl Text for String {
    fn text(&self) -> &str {
        self
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_graphemes_as_tera_does() {
        assert_eq!(truncate("Huyện ủy", 90), "Huyện ủy");
        assert_eq!(truncate("Huyện ủy", 5), "Huyện…");
        // A decomposed letter is one grapheme, as in Tera.
        assert_eq!(truncate("e\u{301}a", 1), "e\u{301}…");
        assert_eq!(truncate("abc", 3), "abc");
    }

    /// Tera's own cut, for comparing.
    fn graphemes_start(s: &str, n: usize) -> Option<usize> {
        use unicode_segmentation::UnicodeSegmentation;
        s.grapheme_indices(true).nth(n).map(|(at, _)| at)
    }

    #[test]
    fn the_cut_falls_where_tera_cuts() {
        for s in [
            "Về việc tổ chức Đại hội đại biểu Đảng bộ xã",
            "Ve viec to chuc Dai hoi",
            "Ve\u{323} vie\u{302}\u{323}c đ Đ",
            "a\r\nb\u{ad}c\u{200d}d — “e” …",
            "\u{1ef9}\u{300}x",
            "",
        ] {
            for n in 0..50 {
                assert_eq!(grapheme_start(s, n), graphemes_start(s, n), "{s:?} {n}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cuts_agree_with_grapheme_segmentation(
            s in "[a-zA-Z0-9 đĐơƯăâêôạảãàáẫậộụủũùúữựỳỷỹ\u{300}\u{301}\u{303}\u{309}\u{323}\u{ad}\u{200d}\r\n—“”…🇻🇳]{0,40}",
            n in 0usize..45,
        ) {
            proptest::prop_assert_eq!(grapheme_start(&s, n), graphemes_start(&s, n));
        }
    }

    #[test]
    fn empty_values_are_false_as_in_tera() {
        assert_eq!(Value::present(&Some("")), None);
        assert_eq!(Value::present(&Some("x")), Some("x"));
        assert_eq!(Value::present(&None::<String>), None);
        assert!(!Value::truthy(&Vec::<String>::new()) && Value::truthy(&vec![1]));
        assert!(!Value::truthy(&0usize) && Value::truthy(&2usize) && !Value::truthy(&false));
    }
}
