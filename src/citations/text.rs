//! The NFC form of a text together with the way back to byte offsets of the original, so that
//! matching can assume NFC while spans still point into what the caller passed.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// A text in NFC and how its byte offsets map back to the original.
pub(super) struct NfcText<'a> {
    text: Cow<'a, str>,
    /// `(nfc_start, original_start)` of each segment (a starter and the marks after it);
    /// empty when the original was NFC already and offsets are the same.
    segments: Vec<(usize, usize)>,
    original_len: usize,
}

impl<'a> NfcText<'a> {
    /// Callers pass NFC text (documents are normalised on reading), which costs one check.
    /// NFD input (a Word export) is normalised one segment at a time: that equals NFC for
    /// Vietnamese and every script without starter-starter composition, and keeps a segment
    /// boundary map so spans can be translated back.
    pub(super) fn new(original: &'a str) -> Self {
        if crate::vietnamese::is_nfc(original) {
            return NfcText {
                text: Cow::Borrowed(original),
                segments: Vec::new(),
                original_len: original.len(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut segments = Vec::new();
        let mut seg_start = 0;
        for (i, c) in original.char_indices() {
            if i > 0 && canonical_combining_class(c) == 0 {
                segments.push((text.len(), seg_start));
                text.extend(original[seg_start..i].nfc());
                seg_start = i;
            }
        }
        if !original.is_empty() {
            segments.push((text.len(), seg_start));
            text.extend(original[seg_start..].nfc());
        }
        NfcText {
            text: Cow::Owned(text),
            segments,
            original_len: original.len(),
        }
    }

    /// Whether the original was NFC already, so offsets are the same.
    pub(super) fn is_borrowed(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }

    pub(super) fn as_str(&self) -> &str {
        &self.text
    }

    /// The NFC offset of the first segment starting at or after original byte `offset`:
    /// everything of the original before `offset` is before it.
    pub(super) fn nfc_offset_ceil(&self, offset: usize) -> usize {
        if self.segments.is_empty() {
            return offset;
        }
        let i = self.segments.partition_point(|&(_, orig)| orig < offset);
        self.segments
            .get(i)
            .map_or(self.text.len(), |&(nfc, _)| nfc)
    }

    /// The original byte range covering an NFC byte range, widened to whole segments, so it
    /// always lies on char boundaries of the original.
    pub(super) fn original_span(&self, r: Range<usize>) -> Range<usize> {
        if self.segments.is_empty() {
            return r;
        }
        let start = {
            let i = self.segments.partition_point(|&(n, _)| n <= r.start);
            self.segments[i.saturating_sub(1)].1
        };
        let end = {
            let i = self.segments.partition_point(|&(n, _)| n < r.end);
            self.segments
                .get(i)
                .map_or(self.original_len, |&(_, orig)| orig)
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_input_is_borrowed_and_spans_unchanged() {
        let t = NfcText::new("Số 44-CV/HU");
        assert!(matches!(t.text, Cow::Borrowed(_)));
        assert_eq!(t.original_span(4..12), 4..12);
    }

    #[test]
    fn nfd_spans_map_back_to_the_original() {
        let original: String = "Thông báo số 224-TB/BDVTU".nfd().collect();
        let t = NfcText::new(&original);
        assert_eq!(t.as_str(), "Thông báo số 224-TB/BDVTU");
        let start = t.as_str().find("224").unwrap();
        let span = t.original_span(start..t.as_str().len());
        assert_eq!(&original[span], "224-TB/BDVTU");
    }

    #[test]
    fn nfc_offsets_round_up_to_a_segment() {
        let original: String = "Số 1".nfd().collect();
        let t = NfcText::new(&original);
        assert_eq!(t.as_str(), "Số 1");
        // Inside the marks of "ố": the next segment, the space.
        assert_eq!(t.nfc_offset_ceil(2), "Số".len());
        assert_eq!(t.nfc_offset_ceil(original.len()), t.as_str().len());
        assert_eq!(NfcText::new("Số 1").nfc_offset_ceil(3), 3);
    }
}
