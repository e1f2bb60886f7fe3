//! Citations between documents: the number-symbols a body names ("Thông báo số 224-TB/BDVTU
//! ngày 12/10/2018 của Ban Dân vận Tỉnh ủy"), with the date, issuer and relation written
//! around them (`find.rs`, text only), and the graph of which archived document cites which
//! (`resolve.rs`).
//!
//! Decisions the finder makes (see `find.rs` for the grammar):
//! - A number-symbol is found with or without a type word or "số" before it. Without a
//!   symbol, a bare number is found only after a type word ("Thông báo số 50", "Quyết định
//!   217, 218 của Bộ Chính trị") and only when something marks it as a document number:
//!   "số", a following "ngày `<date>`", or "của" followed by a capitalised issuer. Such a
//!   citation is `partial`: `check` can list it, but resolution must not link it on the
//!   number alone. So "Đề án 999 của Tỉnh ủy" is found, while "Đề án 61 của huyện" (a
//!   programme's name), "Báo cáo 6 tháng" and "Kế hoạch 2019" are not.
//! - "Thực hiện", "triển khai (thực hiện)", "quán triệt" and "thi hành" mean the citing
//!   document carries the cited one out: `Implements`. "Căn cứ" is `BasedOn`, "thay thế"
//!   `Replaces`, "sửa đổi" (", bổ sung") `Amends`, "bãi bỏ" and "hủy bỏ" `Annuls`, the words
//!   vbpl.vn groups related documents by. A relation word governs the rest of its clause, up to ';', a sentence-ending
//!   '.', a blank line or the next relation word.
//! - A date or issuer after a list ("217-QĐ/TW và … 218-QĐ/TW ngày 12/12/2013") covers the
//!   earlier members that share the last member's symbol, not members of another series:
//!   in "217,218-QĐ/TW và Kết luận số 119-KL/HU ngày 15/5/2019" the date is only 119's.

mod find;
mod resolve;
mod text;

pub use find::{find_citations, find_unreadable};
pub use resolve::{Cite, Graph, Unresolved, UnresolvedCitation};

/// How the citing document relates to the cited one, from the words before the citation.
/// The order is strength: a document citing another in several ways is listed once, under
/// the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Relation {
    /// "Thực hiện", "triển khai", "quán triệt", "thi hành": the citing document carries it out.
    Implements,
    /// "Căn cứ": the legal basis of the citing document.
    BasedOn,
    /// "thay thế": the citing document takes its place.
    Replaces,
    /// "sửa đổi" (", bổ sung"): the citing document amends it.
    Amends,
    /// "bãi bỏ", "hủy bỏ": the citing document annuls it.
    Annuls,
    /// Any other citation.
    Mentions,
}

impl Relation {
    /// Whether the citing document changes the cited one's force: it replaces, amends or
    /// annuls it, so that the cited document is no longer current as written.
    pub(crate) fn revises(self) -> bool {
        matches!(
            self,
            Relation::Replaces | Relation::Amends | Relation::Annuls
        )
    }
}

/// One citation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range in the caller's text that becomes the link: the number-symbol as written
    /// ("224-TB/BDVTU", "44/ CV/HU"). For "217,218-QĐ/TW" the first is "217", the second
    /// "218-QĐ/TW", so that every number is its own link.
    pub span: std::ops::Range<usize>,
    /// Display form: spaces dropped, dashes made ASCII, a space between parts made `-`, and a
    /// Party-style symbol written with a slash repaired ("44/ CV/HU" → "44-CV/HU").
    pub number: String,
    /// `crate::number::number_key(&number)`: what resolution compares.
    pub key: String,
    /// The type word before the number ("Thông báo"), else the type its code implies.
    pub doc_type: Option<String>,
    /// The date written after the number (or after the list it closes).
    pub date: Option<chrono::NaiveDate>,
    /// The words after "của", up to the first word that is no longer a name.
    pub issuer: Option<String>,
    pub relation: Relation,
    /// A type word and a bare number, without symbol ("Kết luận 57"): the key is the number
    /// alone, which many documents share, so resolution should only trust it with more help.
    pub partial: bool,
}
