//! The inverted index: postings per term, their compact encoding, and the split into shards
//! small enough that a query loads only a few tens of kilobytes.

use rustc_hash::FxHashMap;

use std::ops::Range;

use super::SentenceChoice;
#[cfg(test)]
use super::tokenize::Tokens;
use super::tokenize::{Cut, Token, Tokenizer, WordRef};
use crate::ids::{DocId, Id, IdVec, TermId, WordId};

/// Posting flag bits (the low five bits of a posting's value). Bits 0–1: body frequency
/// class (0 absent, 1 once, 2 two or three times, 3 more).
pub const BODY_CLASS: u32 = 0b11;
/// The term occurs in the subject (trích yếu).
pub const SUBJECT: u32 = 1 << 2;
/// The term occurs in the issuer, type, campaign names or year. A posting with only this
/// flag is not stored: `meta.js` names each document's issuer, type, year and campaigns, so
/// the page finds those documents itself (a tenth of the index at 100,000 documents).
pub const META: u32 = 1 << 3;
/// The term is (part of) the document number.
pub const NUMBER: u32 = 1 << 4;
/// Bits used by flags; the variant mask sits above them.
pub const FLAG_BITS: u32 = 5;
/// Exact spellings tracked per folded term; rarer ones still match, folded.
pub const MAX_VARIANTS: usize = 24;
/// Body-only postings kept per term, with their flags. A word in hundreds of bodies ranks
/// little, and the full list would cost more bytes than all rare words together: its other
/// documents are listed without flags (see `rest` in [`encode_term`]), which is all a query
/// needs of them to count every word. Subject, number and meta postings are always kept.
pub const MAX_BODY_POSTINGS: usize = 250;
/// A shard grows until it holds this many bytes, then is split by a longer prefix.
pub const TARGET_SHARD_BYTES: usize = 24 * 1024;
/// Shards start as the first two characters of the folded term.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Varint digits: a value is written in base 32, most significant group first; every digit
/// but the last comes from the second half of the alphabet. All 64 characters are safe
/// inside a JSON string, so postings are plain strings that the browser decodes fast.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `v` as a varint (see [`DIGITS`]).
#[inline(always)]
pub fn push_varint(out: &mut String, v: u64) {
    // Most values in postings are one digit: gaps in common terms, flags of the usual spelling.
    // That case is inlined where postings are encoded (two calls per posting), the rest not.
    if v < 32 {
        out.push(DIGITS[v as usize] as char);
    } else {
        push_long_varint(out, v);
    }
}

/// [`push_varint`] of a value of two digits or more.
#[inline(never)]
fn push_long_varint(out: &mut String, v: u64) {
    let mut groups = [0u8; 13];
    let mut n = 0;
    let mut v = v;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let d = if i == 0 { groups[i] } else { groups[i] + 32 };
        out.push(DIGITS[d as usize] as char);
    }
}

/// The value of each [`DIGITS`] byte (others: 0xff).
const DIGIT_VALUES: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < DIGITS.len() {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// The value of a varint digit.
fn digit_value(b: u8) -> u64 {
    let d = DIGIT_VALUES[b as usize];
    assert!(d != 0xff, "varint digit");
    u64::from(d)
}

/// Reads back what [`push_varint`] wrote (used by tests and size tools).
#[cfg(test)]
pub fn decode_varints(s: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(s.len());
    let mut acc = 0u64;
    for b in s.bytes() {
        let d = digit_value(b);
        if d >= 32 {
            acc = acc * 32 + (d - 32);
        } else {
            out.push(acc * 32 + d);
            acc = 0;
        }
    }
    out
}

/// Writes bits, most significant first, six to a [`DIGITS`] character, so that codes finer
/// than a varint digit stay plain strings. The last character is padded with zeros, which no
/// code read from it ends in (see [`push_rice`]).
struct Bits<'a> {
    out: &'a mut String,
    /// Bits not yet written, in the low `len` bits.
    acc: u64,
    len: u32,
}

impl<'a> Bits<'a> {
    fn new(out: &'a mut String) -> Bits<'a> {
        Bits {
            out,
            acc: 0,
            len: 0,
        }
    }

    /// Appends the low `width` bits of `v` (`width` at most 32).
    #[inline(always)]
    fn push(&mut self, v: u32, width: u32) {
        self.acc = self.acc << width | u64::from(v) & ((1u64 << width) - 1);
        self.len += width;
        while self.len >= 6 {
            self.len -= 6;
            self.out
                .push(DIGITS[(self.acc >> self.len) as usize & 63] as char);
        }
    }

    /// Appends `n` zeros.
    #[inline(always)]
    fn zeros(&mut self, mut n: u32) {
        while n > 24 {
            self.push(0, 24);
            n -= 24;
        }
        self.push(0, n);
    }

    /// Appends `v` as [`push_varint`] would, each digit six bits.
    #[inline(always)]
    fn varint(&mut self, v: u64) {
        if v < 32 {
            return self.push(v as u32, 6);
        }
        let groups = (64 - v.leading_zeros()).div_ceil(5);
        for g in (0..groups).rev() {
            let digit = (v >> (5 * g)) as u32 & 31;
            self.push(digit | u32::from(g > 0) << 5, 6);
        }
    }

    /// Pads the last character with zeros.
    fn finish(self) {
        if self.len > 0 {
            let pad = 6 - self.len;
            self.out
                .push(DIGITS[(self.acc << pad) as usize & 63] as char);
        }
    }
}

/// Appends `gap` in the Golomb–Rice code of parameter `k`: `gap >> k` zeros, a one, then
/// the low `k` bits. For gaps of mean `m`, `k` near `log2(m)` takes about `k + 2` bits a gap
/// (a varint takes six or twelve), within a few tenths of a bit of the entropy of ids
/// spread evenly.
#[inline(always)]
fn push_rice(bits: &mut Bits, gap: u32, k: u32) {
    let (q, code) = (gap >> k, 1 << k | gap & ((1 << k) - 1));
    // Most codes fit one push, their zeros in front.
    if q + k < 32 {
        bits.push(code, q + k + 1);
    } else {
        bits.zeros(q);
        bits.push(code, k + 1);
    }
}

/// Reads what [`Bits`] wrote (used by tests and size tools; `search.js` has its own).
pub struct BitReader<'a> {
    s: &'a [u8],
    next: usize,
    acc: u64,
    len: u32,
}

impl<'a> BitReader<'a> {
    pub fn new(s: &'a str) -> BitReader<'a> {
        BitReader {
            s: s.as_bytes(),
            next: 0,
            acc: 0,
            len: 0,
        }
    }

    /// Whether a character is left, or any bit.
    fn fill(&mut self) -> bool {
        while self.len <= 50 && self.next < self.s.len() {
            self.acc = self.acc << 6 | digit_value(self.s[self.next]);
            self.next += 1;
            self.len += 6;
        }
        self.len > 0
    }

    /// The next `width` bits (at most 32).
    pub fn read(&mut self, width: u32) -> u32 {
        self.fill();
        assert!(self.len >= width, "bits past the end");
        self.len -= width;
        (self.acc >> self.len) as u32 & ((1u64 << width) - 1) as u32
    }

    /// The next Golomb–Rice code of parameter `k`, or None at the end (only padding left).
    pub fn rice(&mut self, k: u32) -> Option<u32> {
        let mut q = 0;
        loop {
            if !self.fill() {
                return None;
            }
            let rest = self.acc & ((1u64 << self.len) - 1);
            if rest == 0 {
                q += self.len;
                self.len = 0;
                continue;
            }
            let zeros = rest.leading_zeros() - (64 - self.len);
            q += zeros;
            self.len -= zeros + 1;
            return Some(q << k | self.read(k));
        }
    }

    /// The next varint written by [`Bits::varint`].
    pub fn varint(&mut self) -> u64 {
        let mut v = 0u64;
        loop {
            let d = u64::from(self.read(6));
            v = v << 5 | (d & 31);
            if d < 32 {
                return v;
            }
        }
    }
}

/// The Rice parameter for `count` gaps summing to `total`, and the bits they take with it:
/// of the three parameters around `log2` of their mean, the one that writes the fewest bits,
/// measured in one pass over the gaps that are not zero (`gaps`).
fn rice_parameter(count: usize, total: u64, gaps: impl Iterator<Item = u32>) -> (u32, u64) {
    let count = count as u64;
    let mean = total / count.max(1);
    // About log2(mean · ln 2), the optimum for gaps of a geometric law.
    let guess = (64 - (mean * 7 / 10).leading_zeros()).saturating_sub(1);
    let low = guess.saturating_sub(1).min(MAX_RICE - 2);
    let mut sums = [0u64; 3];
    for g in gaps {
        let g = u64::from(g);
        sums[0] += g >> low;
        sums[1] += g >> (low + 1);
        sums[2] += g >> (low + 2);
    }
    (0..3)
        .map(|i| (sums[i as usize] + count * u64::from(low + i + 1), low + i))
        .min()
        .map(|(bits, k)| (k, bits))
        .expect("three parameters")
}

/// The largest Rice parameter: gaps of ids below 2^24 need no more.
const MAX_RICE: u32 = 24;

/// Sorted doc ids as varint gaps (first id as is, then `id - previous - 1`).
#[cfg(test)]
pub fn encode_ids(ids: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut next = 0u32;
    for id in ids {
        push_varint(&mut out, u64::from(id - next));
        next = id + 1;
    }
    out
}

/// Marks a column written as runs (see [`encode_column`]).
pub const RUNS_MARK: char = '*';

/// One small number per document (its issuer, type or year id, its subject's length), in
/// the shorter of two forms: `*` then varint pairs (value, run length - 1), for a column of
/// long runs such as the years of documents in date order; or the digit of the width `w`
/// that the largest value needs, then every value in `w` bits ([`Bits`]): four bits rather
/// than a six-bit digit for a type, ten rather than twelve for one of hundreds of issuers.
/// The reader knows the number of documents.
pub fn encode_column(values: &[u32]) -> String {
    let mut runs = String::from(RUNS_MARK);
    let mut i = 0;
    while i < values.len() {
        let v = values[i];
        let len = values[i..].iter().take_while(|&&x| x == v).count();
        push_varint(&mut runs, u64::from(v));
        push_varint(&mut runs, len as u64 - 1);
        i += len;
    }
    let width = 32
        - values
            .iter()
            .max()
            .map_or(31, |m| m.leading_zeros().min(31));
    let packed = 1 + (values.len() * width as usize).div_ceil(6);
    if runs.len() < packed {
        return runs;
    }
    let mut out = String::with_capacity(packed);
    out.push(DIGITS[width as usize] as char);
    let mut bits = Bits::new(&mut out);
    for &v in values {
        bits.push(v, width);
    }
    bits.finish();
    out
}

/// Reads back the `n` values [`encode_column`] wrote.
#[cfg(test)]
pub fn decode_column(s: &str, n: usize) -> Vec<u32> {
    if let Some(runs) = s.strip_prefix(RUNS_MARK) {
        let pairs = decode_varints(runs);
        return pairs
            .chunks(2)
            .flat_map(|p| std::iter::repeat_n(p[0] as u32, p[1] as usize + 1))
            .collect();
    }
    let Some(&w) = s.as_bytes().first() else {
        return Vec::new();
    };
    let width = digit_value(w) as u32;
    let mut bits = BitReader::new(&s[1..]);
    (0..n).map(|_| bits.read(width)).collect()
}

/// One document's entry in a term's posting list, in eight bytes (an archive has millions):
/// the flags in the low [`FLAG_BITS`] bits, the variant mask above them (bit i: the document
/// spells the term as variant i, in first-seen order until encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    doc: u32,
    bits: u32,
}

impl Posting {
    fn flags(self) -> u32 {
        self.bits & ((1 << FLAG_BITS) - 1)
    }

    fn variants(self) -> u32 {
        self.bits >> FLAG_BITS
    }

    fn body_only(self) -> bool {
        self.flags() & !BODY_CLASS == 0
    }
}

/// `mask` with bit i moved to where `remap[i]` says (bits of [`MAX_VARIANTS`] and above are
/// never set).
fn remap_mask(mask: u32, remap: &[u32; MAX_VARIANTS]) -> u32 {
    bits(mask).fold(0, |out, bit| out | remap[bit])
}

#[derive(Debug, Default)]
struct Term {
    key: String,
    /// Exact spellings in first-seen order; empty for bigrams and compounds.
    variants: Vec<String>,
}

/// What one document says about one term, before it joins the posting list.
#[derive(Debug, Default, Clone, Copy)]
struct DocTerm {
    flags: u32,
    body: u32,
    variants: u32,
}

/// Per term, what [`BodyCap`] and the entry need of the body-only postings: how many were
/// seen per body class (index 0 stays 0: a body-only posting has a body count), and where
/// the tally of those dropped on arrival sits in [`Builder::dropped`] (index + 1, 0: none).
#[derive(Debug, Default, Clone, Copy)]
struct BodySeen {
    per_class: [u32; 4],
    dropped: u32,
    /// Postings with only the [`META`] flag, not stored but counted in the term's `df`.
    meta_only: u32,
}

/// Body-only postings of a term dropped on arrival: no longer stored with their flags, but
/// still counted in the term's `df` and in the counts that order its spellings, and their
/// documents still listed, so that the page knows every document that has the term.
#[derive(Debug, Clone)]
struct Dropped {
    count: u32,
    /// Per variant bit: dropped postings that spell the term so.
    variants: [u32; MAX_VARIANTS],
    /// The documents of the dropped postings, in id order.
    docs: Vec<u32>,
}

impl Dropped {
    fn new() -> Dropped {
        Dropped {
            count: 0,
            variants: [0; MAX_VARIANTS],
            docs: Vec::new(),
        }
    }

    /// Tallies one dropped posting of `doc` spelling the term as the variants in `mask`.
    fn note(&mut self, doc: u32, mask: u32) {
        self.count += 1;
        self.docs.push(doc);
        for bit in bits(mask) {
            self.variants[bit] += 1;
        }
    }

    /// Adds the tally of a later builder, whose variant bit i is `remap[i]` here (0: a
    /// spelling past [`MAX_VARIANTS`]).
    fn add(&mut self, later: &Dropped, remap: &[u32; MAX_VARIANTS]) {
        self.count += later.count;
        self.docs.extend_from_slice(&later.docs);
        for (&n, &bit) in later.variants.iter().zip(remap) {
            if bit != 0 {
                self.variants[bit.trailing_zeros() as usize] += n;
            }
        }
    }
}

/// The bits set in `mask`, lowest first.
fn bits(mask: u32) -> impl Iterator<Item = usize> {
    let mut rest = mask;
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let bit = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            bit
        })
    })
}

/// Collects postings document by document (ids in increasing order). Terms are interned to
/// dense ids so that the millions of occurrences in a large archive cost an array update,
/// not a string allocation.
pub struct Builder {
    ids: FxHashMap<String, TermId>,
    terms: IdVec<TermId, Term>,
    /// Per term: what the current document says about it (valid while `touched` lists it).
    /// Apart from `terms`, so that the update per occurrence touches a small, dense array.
    current: IdVec<TermId, DocTerm>,
    /// Recently seen pairs of terms and their bigrams' ids, tried before `bigrams`, since
    /// phrases repeat.
    bigram_cache: BigramCache,
    /// Terms the current document mentions, each once.
    touched: Vec<TermId>,
    /// Cuts the texts given to [`Builder::add_text`].
    tokenizer: Tokenizer,
    /// Per tokenizer word id: its term id and variant bit, once the word has been seen. Both
    /// stay valid: terms and variants are only ever appended.
    by_word: IdVec<WordId, Option<(TermId, u32)>>,
    /// (first term, second term) → the bigram's term id.
    bigrams: FxHashMap<u64, TermId>,
    /// Every posting, document by document, as (term id, bits): one vector for the millions
    /// of postings rather than one per term, which would grow by reallocating (and most
    /// terms are rare). Grouped by term once, when sealed.
    postings: Vec<(TermId, u32)>,
    /// Per closed document, in order: its id and where its postings end in `postings`.
    docs: Vec<(u32, usize)>,
    /// Per term: its body-only postings, seen and dropped.
    body_seen: IdVec<TermId, BodySeen>,
    /// Tallies of dropped postings, for the terms that have any.
    dropped: Vec<Dropped>,
    /// Body-only postings kept per term: [`MAX_BODY_POSTINGS`] (smaller in tests).
    cap: usize,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::with_cap(MAX_BODY_POSTINGS)
    }
}

/// Bigram ids by pair of terms (first << 32 | second), direct-mapped by a hash of the pair: a
/// hit costs a multiply and a compare, where the `bigrams` map costs a probe, and per term
/// a cache of its last followers missed half the time (a common word is followed by many).
struct BigramCache(Vec<(u64, TermId)>);

/// The cache has `1 << BIGRAM_CACHE_BITS` slots (16 bytes each).
const BIGRAM_CACHE_BITS: u32 = 14;

impl Default for BigramCache {
    fn default() -> Self {
        // No pair is u64::MAX: term ids stay below u32::MAX.
        BigramCache(vec![(u64::MAX, TermId::new(0)); 1 << BIGRAM_CACHE_BITS])
    }
}

impl BigramCache {
    /// Fibonacci hashing: the top bits of the product depend on both terms.
    #[inline(always)]
    fn slot(pair: u64) -> usize {
        (pair.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BIGRAM_CACHE_BITS)) as usize
    }
}

/// Where a text sits in a document, which sets its weight.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Number,
    Subject,
    Meta,
    Body,
}

impl Field {
    /// What one occurrence in this field adds to a [`DocTerm`]: flags, and body count.
    /// Worked out once per text, so that the update per occurrence has no branch on the field.
    fn weight(self) -> (u32, u32) {
        match self {
            Field::Number => (NUMBER, 0),
            Field::Subject => (SUBJECT, 0),
            Field::Meta => (META, 0),
            Field::Body => (0, 1),
        }
    }
}

impl Builder {
    /// A builder that keeps `cap` body-only postings per term.
    fn with_cap(cap: usize) -> Builder {
        Builder {
            ids: FxHashMap::default(),
            terms: IdVec::new(),
            current: IdVec::new(),
            bigram_cache: BigramCache::default(),
            touched: Vec::new(),
            tokenizer: Tokenizer::default(),
            by_word: IdVec::default(),
            bigrams: FxHashMap::default(),
            postings: Vec::new(),
            docs: Vec::new(),
            body_seen: IdVec::new(),
            dropped: Vec::new(),
            cap,
        }
    }

    /// Adds a field's tokens to the current document.
    #[cfg(test)]
    pub fn add(&mut self, tokens: &Tokens, field: Field) {
        let mut prev = None;
        let weight = field.weight();
        for w in &tokens.words {
            let id = self.intern(&w.folded);
            let vbit = self.variant_bit(id, &w.exact);
            self.word(id, vbit, w.follows, weight, &mut prev);
        }
        for c in &tokens.compounds {
            self.add_term(c, field);
        }
    }

    /// `Builder::add` (the tests' way in) for a text, cut without allocating per word.
    /// Returns how many words it has.
    pub fn add_text(&mut self, text: &str, field: Field) -> usize {
        self.add_text_choosing(text, field, None).0
    }

    /// Adds a document's body (after its other fields), and returns where `choice` found the
    /// sentence that adds the most words new to the document, from the words this pass
    /// meets anyway (see [`SentenceChoice`]).
    pub fn add_body(&mut self, text: &str, choice: &mut SentenceChoice) -> Option<Range<usize>> {
        let (_, cut) = self.add_text_choosing(text, Field::Body, Some(choice));
        // Byte ranges of a text normalised first (never an archive's NFC body) are not `text`'s.
        if cut != Cut::Given {
            return None;
        }
        choice.best(text.len())
    }

    /// [`Builder::add_text`], telling `choice` of each word and whether it is new to the
    /// document. Returns the number of words and which text the scan cut.
    #[inline(always)]
    fn add_text_choosing(
        &mut self,
        text: &str,
        field: Field,
        mut choice: Option<&mut SentenceChoice>,
    ) -> (usize, Cut) {
        let mut prev = None;
        let mut words = 0;
        let weight = field.weight();
        let mut tokenizer = std::mem::take(&mut self.tokenizer);
        let bytes = text.as_bytes();
        let cut = tokenizer.scan(text, |token| match token {
            Token::Word(w) => {
                if w.id.index() >= self.by_word.len() {
                    self.by_word.resize(w.id.index() + 1, None);
                }
                let (id, vbit) = match self.by_word[w.id] {
                    Some(known) => known,
                    None => self.learn_word(&w),
                };
                let new = self.word(id, vbit, w.follows, weight, &mut prev);
                if let Some(c) = choice.as_deref_mut() {
                    c.word(bytes, &w, new);
                }
                words += 1;
            }
            Token::Compound(c) => self.add_term(c, field),
        });
        self.tokenizer = tokenizer;
        (words, cut)
    }

    /// The term and variant bit of a tokenizer word seen for the first time, remembered in
    /// `by_word`. Out of line, so that the path of the words seen before stays small.
    #[inline(never)]
    fn learn_word(&mut self, w: &WordRef) -> (TermId, u32) {
        let id = self.intern(w.folded);
        let known = (id, self.variant_bit(id, w.exact));
        self.by_word[w.id] = Some(known);
        known
    }

    /// One word (term `id`, spelled as variant `vbit`), and its bigram with `prev` (the
    /// previous word's term, replaced by this one's) when it follows it. Returns whether the
    /// word is new to the document.
    #[inline(always)]
    fn word(
        &mut self,
        id: TermId,
        vbit: u32,
        follows: bool,
        weight: (u32, u32),
        prev: &mut Option<TermId>,
    ) -> bool {
        let new = self.note(id, weight, vbit);
        if let (true, Some(p)) = (follows, *prev) {
            let pair = (p.index() as u64) << 32 | id.index() as u64;
            let slot = BigramCache::slot(pair);
            let bigram = match self.bigram_cache.0[slot] {
                (cached, b) if cached == pair => b,
                _ => self.bigram(pair, slot),
            };
            self.note(bigram, weight, 0);
        }
        *prev = Some(id);
        new
    }

    /// The id of the bigram of the terms in `pair` (first << 32 | second), when the cache
    /// misses at `slot`. Out of line, like [`Builder::learn_word`].
    #[inline(never)]
    fn bigram(&mut self, pair: u64, slot: usize) -> TermId {
        let (p, id) = (
            TermId::new((pair >> 32) as usize),
            TermId::new(pair as u32 as usize),
        );
        let b = match self.bigrams.get(&pair) {
            Some(&b) => b,
            None => {
                let key = super::tokenize::bigram(&self.terms[p].key, &self.terms[id].key);
                let b = self.intern(&key);
                self.bigrams.insert(pair, b);
                b
            }
        };
        self.bigram_cache.0[slot] = (pair, b);
        b
    }

    /// Adds a document number: its words and compounds, and the whole-number key.
    pub fn add_number(&mut self, number: &str) {
        self.add_text(number, Field::Number);
        if let Some(n) = self.tokenizer.number_term(number) {
            self.add_term(&n, Field::Number);
        }
    }

    /// Adds a term to the current document without tokenizing (the whole-number key).
    pub fn add_term(&mut self, term: &str, field: Field) {
        let id = self.intern(term);
        self.note(id, field.weight(), 0);
    }

    fn intern(&mut self, key: &str) -> TermId {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.terms.push(Term {
            key: key.to_owned(),
            variants: Vec::new(),
        });
        self.ids.insert(key.to_owned(), id);
        self.current.push(DocTerm::default());
        self.body_seen.push(BodySeen::default());
        id
    }

    fn variant_bit(&mut self, id: TermId, exact: &str) -> u32 {
        let term = &mut self.terms[id];
        let i = match term.variants.iter().position(|v| v == exact) {
            Some(i) => i,
            None => {
                term.variants.push(exact.to_owned());
                term.variants.len() - 1
            }
        };
        if i < MAX_VARIANTS { 1 << i } else { 0 }
    }

    /// One occurrence of term `id` with [`Field::weight`] `(flags, body)`. Returns whether
    /// it is the term's first in the document.
    #[inline(always)]
    fn note(&mut self, id: TermId, (flags, body): (u32, u32), vbit: u32) -> bool {
        let e = &mut self.current[id];
        let first = e.flags | e.body | e.variants == 0;
        if first {
            self.touched.push(id);
        }
        e.variants |= vbit;
        e.flags |= flags;
        e.body += body;
        first
    }

    /// Closes the current document, whose id must exceed every earlier one.
    ///
    /// A body-only posting of class c is dropped here, only counted, when the term already
    /// has `cap` body-only postings of class c or above: [`BodyCap`] keeps the `cap`
    /// body-only postings of highest class, the lower ids first among equals, and every one
    /// of those earlier postings ranks above this one (a higher class, or the same class and
    /// a lower id), as they do above any later posting of class c or below. So it can never be
    /// kept, and later postings only add to those above it. Postings that can never be
    /// kept are then neither stored, grouped nor encoded (peak memory at 10,000 documents:
    /// 251 → 224 MiB).
    ///
    /// The lists the index writes number documents by position, as plain numbers: gaps
    /// between them are what is encoded.
    pub fn finish_doc(&mut self, doc: DocId) {
        let doc = doc.index() as u32;
        // Taken for the loop, which needs the builder, and put back for its allocation.
        let mut touched = std::mem::take(&mut self.touched);
        for id in touched.drain(..) {
            let d = std::mem::take(&mut self.current[id]);
            let class = match d.body {
                0 => 0,
                1 => 1,
                2 | 3 => 2,
                _ => 3,
            };
            if d.flags == META && d.body == 0 {
                self.body_seen[id].meta_only += 1;
                continue;
            }
            if d.flags == 0 {
                let seen = &mut self.body_seen[id];
                let full =
                    seen.per_class[class as usize..].iter().sum::<u32>() as usize >= self.cap;
                seen.per_class[class as usize] += 1;
                if full {
                    self.tally(id).note(doc, d.variants);
                    continue;
                }
            }
            self.postings
                .push((id, d.flags | class | d.variants << FLAG_BITS));
        }
        self.touched = touched;
        self.docs.push((doc, self.postings.len()));
    }

    /// The tally of term `id`'s dropped postings, made at its first.
    fn tally(&mut self, id: TermId) -> &mut Dropped {
        let seen = &mut self.body_seen[id];
        if seen.dropped == 0 {
            self.dropped.push(Dropped::new());
            seen.dropped = self.dropped.len() as u32;
        }
        &mut self.dropped[seen.dropped as usize - 1]
    }

    /// Groups the postings by term and orders the terms by key: what [`join`] needs of the
    /// builder of one run of documents. Each run seals its own builder in its own task, so
    /// that the millions of postings are grouped in parallel, not after the runs end.
    pub fn seal(self) -> Sealed {
        let Builder {
            mut terms,
            postings,
            docs,
            body_seen,
            dropped,
            cap,
            ..
        } = self;
        let mut order: Vec<TermId> = terms.ids().collect();
        order.sort_unstable_by(|&a, &b| terms[a].key.cmp(&terms[b].key));
        let mut rank: IdVec<TermId, u32> = IdVec::from_fn(terms.len(), |_| 0);
        for (r, &t) in order.iter().enumerate() {
            rank[t] = r as u32;
        }
        // A counting sort by rank: the postings of each term stay in document order.
        let mut ends = vec![0usize; terms.len()];
        for &(term, _) in &postings {
            ends[rank[term] as usize] += 1;
        }
        let mut next = Vec::with_capacity(ends.len());
        let mut total = 0;
        for end in &mut ends {
            next.push(total);
            total += *end;
            *end = total;
        }
        let mut grouped = vec![Posting { doc: 0, bits: 0 }; postings.len()];
        let mut from = 0;
        for &(doc, end) in &docs {
            for &(term, bits) in &postings[from..end] {
                let slot = &mut next[rank[term] as usize];
                grouped[*slot] = Posting { doc, bits };
                *slot += 1;
            }
            from = end;
        }
        drop(postings);
        let terms = order
            .iter()
            .zip(ends)
            .map(|(&t, end)| SealedTerm {
                term: std::mem::take(&mut terms[t]),
                seen: body_seen[t],
                end,
            })
            .collect();
        Sealed {
            terms,
            postings: grouped,
            dropped,
            cap,
        }
    }

    /// Every term with its encoded entry `[df,variants,postings]`, sorted by term: one
    /// builder's [`join`], for tests.
    #[cfg(test)]
    fn entries(self) -> Vec<(String, String)> {
        let sealed = [self.seal()];
        join(&sealed, None)
            .into_iter()
            .map(|(k, e)| (k.to_owned(), e))
            .collect()
    }
}

/// A [`Builder`] sealed: its terms in key order, their postings grouped in that order.
pub struct Sealed {
    terms: Vec<SealedTerm>,
    postings: Vec<Posting>,
    dropped: Vec<Dropped>,
    cap: usize,
}

struct SealedTerm {
    term: Term,
    seen: BodySeen,
    /// Where the term's postings end in [`Sealed::postings`]; they start where the previous
    /// term's end.
    end: usize,
}

impl Sealed {
    fn postings(&self, t: usize) -> &[Posting] {
        let start = t.checked_sub(1).map_or(0, |p| self.terms[p].end);
        &self.postings[start..self.terms[t].end]
    }

    fn dropped(&self, t: usize) -> Option<&Dropped> {
        let i = self.terms[t].seen.dropped.checked_sub(1)?;
        Some(&self.dropped[i as usize])
    }

    fn key(&self, t: usize) -> &str {
        &self.terms[t].term.key
    }
}

/// Terms of the largest part per range that [`join`] encodes as one task: enough to make a
/// task worth its cost, few enough that the common terms, with long posting lists, spread
/// over the threads.
const JOIN_RUN_TERMS: usize = 256;

/// Every term of the sealed builders of consecutive runs of documents (in document order),
/// with its encoded entry `[df,variants,postings]`, sorted by term: the entries of one
/// builder that saw all the documents. A term's spellings keep first-seen order, so a later
/// run's spellings are renumbered. Ranges of keys are joined and encoded in parallel. Given
/// `n`, the number of documents, a `rest` is written relative to the term's candidates when
/// that is shorter ([`push_rest`]); without it, as a plain doc set.
pub fn join(parts: &[Sealed], n: Option<u32>) -> Vec<(&str, String)> {
    use rayon::prelude::*;
    let Some(pivot) = parts.iter().max_by_key(|p| p.terms.len()) else {
        return Vec::new();
    };
    // Per range: its first index in each part. Ranges start at keys of the largest part.
    let mut starts: Vec<Vec<usize>> = vec![vec![0; parts.len()]];
    for t in (JOIN_RUN_TERMS..pivot.terms.len()).step_by(JOIN_RUN_TERMS) {
        let key = pivot.key(t);
        starts.push(
            parts
                .iter()
                .map(|p| p.terms.partition_point(|x| x.term.key.as_str() < key))
                .collect(),
        );
    }
    starts.push(parts.iter().map(|p| p.terms.len()).collect());
    let words = n.map(|n| WordDocs {
        parts,
        n,
        bitmaps: Default::default(),
    });
    let runs: Vec<Vec<(&str, String)>> = starts
        .par_windows(2)
        .map(|w| join_run(parts, w[0].clone(), &w[1], words.as_ref()))
        .collect();
    runs.concat()
}

/// Every document of a word (a term without a space) as a bitmap, read from the sealed
/// builders when a word pair's `rest` first needs it and kept for the next pairs: a pair's
/// candidates are the documents with both its words (see [`push_rest`]).
struct WordDocs<'a> {
    parts: &'a [Sealed],
    /// Documents in the archive.
    n: u32,
    bitmaps: std::sync::Mutex<FxHashMap<&'a str, std::sync::Arc<[u64]>>>,
}

impl<'a> WordDocs<'a> {
    fn get(&self, word: &'a str) -> std::sync::Arc<[u64]> {
        let lock = || self.bitmaps.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bits) = lock().get(word) {
            return bits.clone();
        }
        // Stored postings, postings to leave out and those dropped on arrival: all of the
        // word's documents but those that have it only in their metadata, as the page reads
        // its entry.
        let mut bits = vec![0u64; (self.n as usize).div_ceil(64)];
        for part in self.parts {
            let Ok(t) = part
                .terms
                .binary_search_by(|x| x.term.key.as_str().cmp(word))
            else {
                continue;
            };
            let dropped = part.dropped(t).map_or(&[][..], |d| &d.docs[..]);
            let docs = part.postings(t).iter().map(|p| p.doc);
            for d in docs.chain(dropped.iter().copied()) {
                bits[d as usize / 64] |= 1 << (d % 64);
            }
        }
        lock().entry(word).or_insert_with(|| bits.into()).clone()
    }
}

/// Buffers the encoding of one term reuses for the next.
#[derive(Default)]
struct Scratch {
    /// The documents of a term's stored postings, and of those not stored.
    stored: Vec<u32>,
    unstored: Vec<u32>,
    /// A pair's candidates, as a bitmap, and how many are in its words before each.
    candidates: Vec<u64>,
    below: Vec<u32>,
    /// Positions among the candidates: of the listed documents, then of those left out.
    among: Vec<u32>,
    except: Vec<u32>,
    /// The postings stored: (doc, flags and spelling mask).
    kept: Vec<(u32, u32)>,
}

/// [`join`] of the terms at `heads[p]..ends[p]` of each part `p`: a merge by key.
fn join_run<'a>(
    parts: &'a [Sealed],
    mut heads: Vec<usize>,
    ends: &[usize],
    words: Option<&WordDocs<'a>>,
) -> Vec<(&'a str, String)> {
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    // Per term: the parts that have it, and the index there.
    let mut hits: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
    let mut joined: Vec<Posting> = Vec::new();
    loop {
        let mut min: Option<&'a str> = None;
        for (p, part) in parts.iter().enumerate() {
            if heads[p] < ends[p] {
                let key = part.key(heads[p]);
                if min.is_none_or(|m| key < m) {
                    min = Some(key);
                }
            }
        }
        let Some(key) = min else {
            return out;
        };
        hits.clear();
        for (p, part) in parts.iter().enumerate() {
            if heads[p] < ends[p] && part.key(heads[p]) == key {
                hits.push((p, heads[p]));
                heads[p] += 1;
            }
        }
        let relate = words.map(|w| (key, w));
        if let Some(entry) = encode_hits(parts, &hits, &mut joined, relate, &mut scratch) {
            out.push((key, entry));
        }
    }
}

/// The entry of one term found in the parts and at the indexes in `hits` (in part order), or
/// None if it has no stored posting. `joined` is scratch for the postings of a term in
/// several parts; `relate`, the term's key and its words' documents, for [`push_rest`].
fn encode_hits<'a>(
    parts: &'a [Sealed],
    hits: &[(usize, usize)],
    joined: &mut Vec<Posting>,
    relate: Option<(&'a str, &WordDocs<'a>)>,
    scratch: &mut Scratch,
) -> Option<String> {
    let (&(p, t), later) = hits.split_first()?;
    let (first, cap) = (&parts[p], parts[p].cap);
    let seen = first.terms[t].seen;
    if later.is_empty() {
        let postings = first.postings(t);
        return (!postings.is_empty() || seen.meta_only > 0).then(|| {
            encode_term(
                &first.terms[t].term.variants,
                postings,
                BodyCap::of(&seen.per_class, cap),
                first.dropped(t),
                seen.meta_only,
                relate,
                scratch,
            )
        });
    }
    let mut variants: Vec<&str> = first.terms[t]
        .term
        .variants
        .iter()
        .map(String::as_str)
        .collect();
    let mut per_class = seen.per_class;
    let mut meta_only = seen.meta_only;
    let mut dropped = first.dropped(t).cloned();
    joined.clear();
    joined.extend_from_slice(first.postings(t));
    for &(p, t) in later {
        let (part, term) = (&parts[p], &parts[p].terms[t]);
        let mut remap = [0u32; MAX_VARIANTS];
        let mut same = true;
        for (old, v) in term.term.variants.iter().enumerate() {
            let new = match variants.iter().position(|x| x == v) {
                Some(i) => i,
                None => {
                    variants.push(v);
                    variants.len() - 1
                }
            };
            if old < MAX_VARIANTS {
                remap[old] = if new < MAX_VARIANTS { 1 << new } else { 0 };
                same &= new == old;
            }
        }
        for (n, later_n) in per_class.iter_mut().zip(term.seen.per_class) {
            *n += later_n;
        }
        meta_only += term.seen.meta_only;
        if let Some(d) = part.dropped(t) {
            dropped.get_or_insert_with(Dropped::new).add(d, &remap);
        }
        let postings = part.postings(t);
        if same {
            joined.extend_from_slice(postings);
        } else {
            joined.extend(postings.iter().map(|&q| Posting {
                doc: q.doc,
                bits: q.flags() | remap_mask(q.variants(), &remap) << FLAG_BITS,
            }));
        }
    }
    (!joined.is_empty() || meta_only > 0).then(|| {
        encode_term(
            &variants,
            joined,
            BodyCap::of(&per_class, cap),
            dropped.as_ref(),
            meta_only,
            relate,
            scratch,
        )
    })
}

/// `[df, ["exact", …] or 0, "postings", "rest"]` of a term spelled `variants` with `postings` (in
/// doc id order), of which `cap` keeps the body-only ones it keeps, and `dropped` the
/// postings not stored (see [`Builder::finish_doc`]); `meta_only` more documents have the
/// term only in their metadata ([`META`]), and are counted in `df` alone. `rest`, only when
/// some posting is not stored, lists those postings' documents ([`push_rest`], relative to
/// the candidates when `relate` gives the term's key and its words' documents), so that the
/// page can tell which documents hold every word of a query. Variants are reordered most
/// frequent first, so the common spelling is bit 0 and is stored as 0 (the mask is stored
/// XOR 1): one varint digit.
fn encode_term<'a>(
    variants: &[impl AsRef<str>],
    postings: &[Posting],
    mut cap: BodyCap,
    dropped: Option<&Dropped>,
    meta_only: u32,
    relate: Option<(&'a str, &WordDocs<'a>)>,
    scratch: &mut Scratch,
) -> String {
    let df = postings.len() + dropped.map_or(0, |d| d.count as usize) + meta_only as usize;
    let nv = variants.len().min(MAX_VARIANTS);
    let mut order: Vec<usize> = (0..nv).collect();
    // Bit i of a stored mask → its bit in the new order, when the order changes.
    let mut remap = None;
    if nv > 1 {
        let mut counts = [0usize; MAX_VARIANTS];
        if let Some(d) = dropped {
            for (count, &n) in counts.iter_mut().zip(&d.variants) {
                *count = n as usize;
            }
        }
        for p in postings {
            for bit in bits(p.variants()) {
                counts[bit] += 1;
            }
        }
        order.sort_by(|&a, &b| {
            counts[b]
                .cmp(&counts[a])
                .then(variants[a].as_ref().cmp(variants[b].as_ref()))
        });
        if order.iter().enumerate().any(|(new, &old)| new != old) {
            let mut bits = [0u32; MAX_VARIANTS];
            for (new, &old) in order.iter().enumerate() {
                bits[old] = 1 << new;
            }
            remap = Some(bits);
        }
    }
    let mut out =
        String::with_capacity(postings.len().min(MAX_BODY_POSTINGS * 2) * 3 + 16 + 8 * nv);
    out.push('[');
    out.push_str(&df.to_string());
    out.push(',');
    if nv > 0 {
        out.push('[');
        for (i, &v) in order.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            super::push_json_str(&mut out, variants[v].as_ref());
        }
        out.push(']');
    } else {
        out.push('0');
    }
    // Digits need no escaping in a JSON string.
    out.push_str(",\"");
    // Documents whose posting is not stored: every document has its term listed somewhere.
    // Those with one matter only then, which needs a cap (see `Builder::finish_doc`).
    scratch.unstored.clear();
    scratch.stored.clear();
    scratch.kept.clear();
    let capped = matches!(cap, BodyCap::Cut { .. }) || dropped.is_some();
    for &p in postings {
        if !cap.keeps(p) {
            scratch.unstored.push(p.doc);
            continue;
        }
        if capped {
            scratch.stored.push(p.doc);
        }
        let variants = match &remap {
            Some(bits) => remap_mask(p.variants(), bits),
            None => p.variants(),
        };
        let mask = if nv > 0 { variants ^ 1 } else { 0 };
        scratch.kept.push((p.doc, p.flags() | mask << FLAG_BITS));
    }
    push_postings(&mut out, &scratch.kept);
    out.push('"');
    if let Some(d) = dropped.filter(|d| !d.docs.is_empty()) {
        scratch.unstored = merge_sorted(&scratch.unstored, &d.docs);
    }
    if !scratch.unstored.is_empty() {
        out.push_str(",\"");
        push_rest(&mut out, relate, scratch);
        out.push('"');
    }
    out.push(']');
    out
}

/// Appends postings `(doc, value)` in doc order: a header digit, then per posting its doc's
/// gap (`doc - previous - 1`) in the Golomb–Rice code and its value (flags and spelling
/// mask), all packed six bits to a digit ([`Bits`]). The header is the Rice parameter, plus
/// [`MASKS`] when some value has a spelling mask: the values are then varints of six-bit
/// digits, otherwise the five bits of the flags (every word pair's list, and most words').
/// Nothing for no posting.
pub fn push_postings(out: &mut String, kept: &[(u32, u32)]) {
    let Some(&(last, _)) = kept.last() else {
        return;
    };
    let mut next = 0;
    let gaps = kept.iter().map(|&(doc, _)| {
        let gap = doc - next;
        next = doc + 1;
        gap
    });
    let (k, _) = rice_parameter(kept.len(), u64::from(last) + 1 - kept.len() as u64, gaps);
    let masks = kept.iter().any(|&(_, value)| value >> FLAG_BITS != 0);
    out.push(DIGITS[(k | if masks { MASKS } else { 0 }) as usize] as char);
    let mut bits = Bits::new(out);
    let mut next = 0;
    for &(doc, value) in kept {
        push_rice(&mut bits, doc - next, k);
        if masks {
            bits.varint(u64::from(value));
        } else {
            bits.push(value, FLAG_BITS);
        }
        next = doc + 1;
    }
    bits.finish();
}

/// Added to the Rice parameter in the header of postings whose values have spelling masks
/// (see [`push_postings`]); parameters stay below it.
const MASKS: u32 = 32;

/// The union of two sorted lists of distinct ids.
fn merge_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] < b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Marks a set written as a bitmap rather than as Rice gaps.
pub const BITMAP_MARK: char = '!';

/// How a doc set is written (see [`push_doc_set`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetForm {
    /// `!` then six ids per digit.
    Bitmap,
    /// The parameter's digit, then the gaps in the Rice code of that parameter.
    Rice(u32),
}

/// Appends sorted doc ids in the shorter of two forms: Golomb–Rice gaps (`DIGITS[k]`, then
/// gaps `id - previous - 1`, the first id as is, in the code of parameter `k`, packed six
/// bits to a digit: see [`Bits`]), or a bitmap: `!` then six ids per digit (bit k of digit
/// i: id `6i + k`). A set of half the ids up to its last or more is never shorter as gaps.
/// The empty set is the empty string.
pub fn push_doc_set(out: &mut String, ids: &[u32]) {
    push_doc_set_as(out, ids, doc_set_form(ids).1);
}

/// [`push_doc_set`] in the form [`doc_set_form`] chose.
fn push_doc_set_as(out: &mut String, ids: &[u32], form: SetForm) {
    let Some(&last) = ids.last() else {
        return;
    };
    let k = match form {
        SetForm::Rice(k) => k,
        SetForm::Bitmap => {
            out.reserve(bitmap_len(last));
            out.push(BITMAP_MARK);
            // Ids are sorted: each digit is complete when the next id is past its six.
            let (mut digit, mut bits) = (0u32, 0u8);
            for &id in ids {
                while id / 6 > digit {
                    out.push(DIGITS[bits as usize] as char);
                    (digit, bits) = (digit + 1, 0);
                }
                bits |= 1 << (id % 6);
            }
            out.push(DIGITS[bits as usize] as char);
            return;
        }
    };
    out.push(DIGITS[k as usize] as char);
    let mut bits = Bits::new(out);
    let mut next = 0u32;
    for &id in ids {
        push_rice(&mut bits, id - next, k);
        next = id + 1;
    }
    bits.finish();
}

/// How [`push_doc_set`] writes sorted `ids`: its length, and its form.
fn doc_set_form(ids: &[u32]) -> (usize, SetForm) {
    let Some(&last) = ids.last() else {
        return (0, SetForm::Rice(0));
    };
    let mut next = 0;
    let gaps = ids.iter().map(|&id| {
        let gap = id - next;
        next = id + 1;
        gap
    });
    set_form(ids.len(), last, gaps)
}

/// The length and form of a set of `count` ids, the last `last`, whose gaps that are not
/// zero are `gaps`.
fn set_form(count: usize, last: u32, gaps: impl Iterator<Item = u32>) -> (usize, SetForm) {
    let bitmap = bitmap_len(last);
    // With parameter 0 the gaps take a bit per id up to the last, as the bitmap does; any
    // other takes two bits an id at least.
    if count * 2 > last as usize {
        return (bitmap, SetForm::Bitmap);
    }
    let (k, bits) = rice_parameter(count, u64::from(last) + 1 - count as u64, gaps);
    let rice = 1 + bits.div_ceil(6) as usize;
    if rice < bitmap {
        (rice, SetForm::Rice(k))
    } else {
        (bitmap, SetForm::Bitmap)
    }
}

/// The length of a bitmap whose last id is `last`, its mark included.
fn bitmap_len(last: u32) -> usize {
    last as usize / 6 + 2
}

/// Marks a `rest` written as positions in the term's candidates (see [`push_rest`]).
pub const AMONG_MARK: char = '~';
/// Marks a `rest` written as the positions in the term's candidates that it leaves out.
pub const EXCEPT_MARK: char = '^';

/// Appends a term's `rest`, the sorted documents `scratch.unstored` that have it without a
/// stored posting, in the shortest of three forms, all exact: as a plain doc set
/// ([`push_doc_set`]), as positions among the term's candidates (`~`, then a doc set of
/// positions), or as the positions of the candidates it leaves out (`^`). Without `relate`
/// (the term's key and its words' documents), plain. A term's candidates are the documents
/// that may have it and whose posting is not stored (`scratch.stored` are): for a word pair
/// (`dan van`), those with both words, which the page has loaded to count them, and for any
/// other term every document of the archive. A pair in many bodies is mostly where its
/// words meet, so its list shrinks to the exceptions, and a word in most documents to those
/// without it. Written as the term is encoded, from its lists: no form is written to be
/// compared, only measured.
fn push_rest<'a>(
    out: &mut String,
    relate: Option<(&'a str, &WordDocs<'a>)>,
    scratch: &mut Scratch,
) {
    let Scratch {
        stored,
        unstored: rest,
        candidates: pair,
        below,
        among,
        except,
        ..
    } = scratch;
    let Some((key, words)) = relate else {
        return push_doc_set(out, rest);
    };
    // Each listed document's position among the candidates, and how many there are. A
    // document that is not one never occurs for a term of the index (a pair's documents have
    // both its words); then the list stays plain.
    among.clear();
    let candidates = match key.split_once(' ') {
        Some((a, b)) => {
            let (a, b) = (words.get(a), words.get(b));
            pair.clear();
            pair.extend(a.iter().zip(b.iter()).map(|(x, y)| x & y));
            for &d in stored.iter() {
                pair[d as usize / 64] &= !(1 << (d % 64));
            }
            // Candidates in the bitmap's words before each word.
            let mut total = 0;
            below.clear();
            below.extend(pair.iter().map(|w| {
                let before = total;
                total += w.count_ones();
                before
            }));
            let mut missing = 0;
            among.extend(rest.iter().map(|&d| {
                let (w, bit) = (d as usize / 64, d % 64);
                missing |= !pair[w] >> bit & 1;
                below[w] + (pair[w] & ((1u64 << bit) - 1)).count_ones()
            }));
            if missing != 0 {
                return push_doc_set(out, rest);
            }
            total as usize
        }
        None => {
            let mut below = 0;
            for &d in rest.iter() {
                while stored.get(below).is_some_and(|&s| s < d) {
                    below += 1;
                }
                if stored.get(below) == Some(&d) {
                    return push_doc_set(out, rest);
                }
                among.push(d - below as u32);
            }
            words.n as usize - stored.len()
        }
    };
    let (among_len, among_form) = doc_set_form(among);
    let among_len = 1 + among_len;
    // The other two forms are measured only when their bound says that they may be shorter
    // (a pass over the list each); the choice is the same.
    let candidates = candidates as u32;
    let except_form = (1 + complement_bound(among, candidates) < among_len)
        .then(|| complement_form(among, candidates));
    let last = *rest.last().expect("a rest lists documents");
    let plain_form = (set_len_bound(rest.len(), last) <= among_len).then(|| doc_set_form(rest));
    let plain = plain_form.map_or(usize::MAX, |(len, _)| len);
    let except_len = except_form.map_or(usize::MAX, |(len, _)| 1 + len);
    let best = [(AMONG_MARK, among_len), (EXCEPT_MARK, except_len)]
        .into_iter()
        .filter(|&(_, len)| len < plain)
        .min_by_key(|&(_, len)| len);
    match best {
        None => push_doc_set_as(out, rest, plain_form.expect("measured").1),
        Some((AMONG_MARK, _)) => {
            out.push(AMONG_MARK);
            push_doc_set_as(out, among, among_form);
        }
        Some(_) => {
            except.clear();
            let mut from = 0;
            for &pos in among.iter().chain(&[candidates]) {
                except.extend(from..pos);
                from = pos + 1;
            }
            out.push(EXCEPT_MARK);
            push_doc_set_as(out, except, except_form.expect("measured").1);
        }
    }
}

/// The last position in `0..len` that sorted `listed` leaves out: below the listed run that
/// ends the range.
fn complement_last(listed: &[u32], len: u32) -> Option<u32> {
    let tail = listed
        .iter()
        .rev()
        .zip((0..len).rev())
        .take_while(|(l, p)| l == &p)
        .count() as u32;
    (len - tail).checked_sub(1)
}

/// [`set_len_bound`] of the positions in `0..len` that sorted `listed` leaves out.
fn complement_bound(listed: &[u32], len: u32) -> usize {
    complement_last(listed, len).map_or(0, |last| set_len_bound(len as usize - listed.len(), last))
}

/// A length that [`set_form`] never goes below for `count` ids, the last `last`, found
/// without a pass over their gaps: these sum to `last + 1 - count`, and with parameter `k`
/// each takes `k + 1` bits and one more per `2^k` of it, less the `2^k - 1` it may waste.
fn set_len_bound(count: usize, last: u32) -> usize {
    let bitmap = bitmap_len(last);
    if count * 2 > last as usize {
        return bitmap;
    }
    let (count, total) = (count as u64, u64::from(last) + 1 - count as u64);
    let bits = (0..=MAX_RICE)
        .map(|k| count * u64::from(k + 1) + (total.saturating_sub(count * ((1 << k) - 1)) >> k))
        .min()
        .expect("parameters");
    bitmap.min(1 + bits.div_ceil(6) as usize)
}

/// The length and form [`push_doc_set`] writes for the positions in `0..len` that sorted
/// `listed` leaves out, from `listed` alone: the left-out positions come in runs between
/// listed ones, and as gaps a run's first is the number of positions listed since the run
/// before, the others zero.
fn complement_form(listed: &[u32], len: u32) -> (usize, SetForm) {
    let Some(last) = complement_last(listed, len) else {
        return (0, SetForm::Rice(0));
    };
    let (mut skipped, mut from) = (0u32, 0u32);
    let gaps = listed.iter().copied().chain([len]).filter_map(|pos| {
        let gap = (pos > from).then_some(skipped);
        if pos > from {
            skipped = 0;
        }
        skipped += 1;
        from = pos + 1;
        gap
    });
    set_form((len as usize) - listed.len(), last, gaps)
}

/// The documents of an entry's stored postings, and those of its plain `rest` if it has one
/// (for tests, which read entries as the page does).
#[cfg(test)]
fn split_entry(entry: &str) -> (Vec<u32>, Option<Vec<u32>>) {
    // `…,"postings"]` or `…,"postings","rest"]`: both strings hold only varint digits and
    // `!`, and what comes before them never ends in a quote.
    let body = &entry[..entry.len() - 2];
    let last = body.rfind(",\"").expect("an entry ends in a string");
    let head = &body[..last];
    let (postings, rest) = if head.ends_with('"') {
        let p = head.rfind(",\"").expect("postings string");
        (&head[p + 2..head.len() - 1], Some(&body[last + 2..]))
    } else {
        (&body[last + 2..], None)
    };
    let docs = decode_postings(postings).iter().map(|&(d, _)| d).collect();
    (docs, rest.map(decode_doc_set))
}

/// Reads back what [`push_doc_set`] wrote.
#[cfg(test)]
pub fn decode_doc_set(s: &str) -> Vec<u32> {
    let mut ids = Vec::new();
    if let Some(bitmap) = s.strip_prefix(BITMAP_MARK) {
        for (i, b) in bitmap.bytes().enumerate() {
            let mut d = digit_value(b) as u32;
            while d != 0 {
                ids.push(i as u32 * 6 + d.trailing_zeros());
                d &= d - 1;
            }
        }
    } else if let Some(&k) = s.as_bytes().first() {
        let k = digit_value(k) as u32;
        let mut bits = BitReader::new(&s[1..]);
        let mut next = 0;
        while let Some(gap) = bits.rice(k) {
            ids.push(next + gap);
            next += gap + 1;
        }
    }
    ids
}

/// Reads back a term's postings as [`encode_term`] wrote them: (doc, flags and spelling
/// mask) in doc order.
pub fn decode_postings(s: &str) -> Vec<(u32, u64)> {
    let mut out = Vec::new();
    let Some(&k) = s.as_bytes().first() else {
        return out;
    };
    let header = digit_value(k) as u32;
    let (k, masks) = (header & (MASKS - 1), header & MASKS != 0);
    let mut bits = BitReader::new(&s[1..]);
    let mut next = 0;
    while let Some(gap) = bits.rice(k) {
        let value = if masks {
            bits.varint()
        } else {
            u64::from(bits.read(FLAG_BITS))
        };
        out.push((next + gap, value));
        next += gap + 1;
    }
    out
}

/// Sorted ids in both sorted lists (for tests, which read entries as the page does).
#[cfg(test)]
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Sorted ids of `a` not in sorted `b` (for tests, which read entries as the page does).
#[cfg(test)]
fn difference(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut j = 0;
    a.iter()
        .copied()
        .filter(|&x| {
            while j < b.len() && b[j] < x {
                j += 1;
            }
            j >= b.len() || b[j] != x
        })
        .collect()
}

/// Which postings of a term are kept: every posting from a weighty field, and the
/// `MAX_BODY_POSTINGS` body-only postings with the highest frequency (newest first among
/// equals). There are four frequency classes, so they are counted, not sorted: classes above
/// a cut are kept whole, and of the cut class, the first postings that fit.
enum BodyCap {
    /// Few enough body-only postings: all kept.
    All,
    /// Body-only postings of classes above `cut` are kept, and the first `room` of `cut`.
    Cut { cut: u32, room: usize },
}

impl BodyCap {
    /// The cap keeping `cap` of a term's body-only postings, of which `per_class` were seen
    /// per body class (stored or dropped).
    fn of(per_class: &[u32; 4], cap: usize) -> BodyCap {
        let per_class = per_class.map(|n| n as usize);
        if per_class.iter().sum::<usize>() <= cap {
            return BodyCap::All;
        }
        let mut room = cap;
        let mut cut = per_class.len() - 1;
        // Ends at class 0 at the latest: all classes together hold more than `cap`.
        while per_class[cut] < room {
            room -= per_class[cut];
            cut -= 1;
        }
        BodyCap::Cut {
            cut: cut as u32,
            room,
        }
    }

    /// Whether `p`, the next posting in doc id order, is kept.
    #[inline]
    fn keeps(&mut self, p: Posting) -> bool {
        match self {
            BodyCap::All => true,
            BodyCap::Cut { cut, room } => {
                let class = p.flags() & BODY_CLASS;
                if !p.body_only() || class > *cut {
                    true
                } else if class == *cut && *room > 0 {
                    *room -= 1;
                    true
                } else {
                    false
                }
            }
        }
    }
}

/// Groups sorted `(term, entry)` pairs into shards keyed by a term prefix. A group bigger
/// than [`TARGET_SHARD_BYTES`] is split by one more character; a term shorter than the new
/// prefix stays in a shard keyed by itself. The browser finds a term's shard as the longest
/// shard key that is a prefix of the term.
pub fn shard(entries: &[(&str, String)]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    split(entries, 0..entries.len(), MIN_PREFIX_CHARS, &mut out);
    out
}

fn prefix(s: &str, chars: usize) -> &str {
    match s.char_indices().nth(chars) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn split(
    entries: &[(&str, String)],
    range: std::ops::Range<usize>,
    chars: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    let mut start = range.start;
    while start < range.end {
        let key = prefix(entries[start].0, chars);
        let mut end = start + 1;
        while end < range.end && prefix(entries[end].0, chars) == key {
            end += 1;
        }
        let bytes: usize = entries[start..end]
            .iter()
            .map(|(k, v)| k.len() + v.len() + 4)
            .sum();
        let longer = entries[start..end]
            .iter()
            .any(|(k, _)| k.chars().count() > chars);
        if bytes > TARGET_SHARD_BYTES && longer && end - start > 1 {
            split(entries, start..end, chars + 1, out);
        } else {
            out.push((key.to_owned(), start..end));
        }
        start = end;
    }
}

/// The longest shard key that is a prefix of `term` (what `search.js` computes).
pub fn shard_for<'k>(keys: &'k [String], term: &str) -> Option<&'k str> {
    keys.iter()
        .filter(|k| term.starts_with(k.as_str()))
        .max_by_key(|k| k.len())
        .map(String::as_str)
}

/// The file of a shard: `t-` and the key with `a-z0-9` kept, space as `_`, anything else as
/// `-hex-`, so names are lowercase ASCII on every file system.
pub fn shard_file(key: &str) -> String {
    let mut name = String::from("tim-kiem/t-");
    for c in key.chars() {
        match c {
            'a'..='z' | '0'..='9' => name.push(c),
            ' ' => name.push('_'),
            _ => name.push_str(&format!("-{:x}-", c as u32)),
        }
    }
    name.push_str(".js");
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenize::tokenize;

    #[test]
    fn varints_round_trip() {
        let values = [0u64, 1, 31, 32, 33, 1023, 1024, 99_999, u64::from(u32::MAX)];
        let mut s = String::new();
        for v in values {
            push_varint(&mut s, v);
        }
        assert_eq!(decode_varints(&s), values);
        let mut one = String::new();
        push_varint(&mut one, 31);
        assert_eq!(one.len(), 1);
        assert_eq!(decode_varints(&encode_ids([0, 1, 5, 40])), [0, 0, 3, 34]);
    }

    #[test]
    fn common_spelling_is_variant_zero() {
        let mut b = Builder::default();
        for (doc, text) in ["dẫn", "dân", "dân", "Dân uỷ"].iter().enumerate() {
            b.add(&tokenize(text), Field::Subject);
            b.finish_doc(DocId::new(doc));
        }
        let entries = b.entries();
        let dan = &entries.iter().find(|(k, _)| k == "dan").unwrap().1;
        let v: serde_json::Value = serde_json::from_str(dan).unwrap();
        assert_eq!(v[0], 4);
        let variants: Vec<String> = serde_json::from_value(v[1].clone()).unwrap();
        assert_eq!(variants[0], crate::search::tokenize::exact_word("dân"));
        let p = decode_postings(v[2].as_str().unwrap());
        // doc 0 uses variant 1 (mask 2, stored 3); the others variant 0 (stored 0).
        let subject = u64::from(SUBJECT);
        assert_eq!(
            p,
            [
                (0, subject | 3 << FLAG_BITS),
                (1, subject),
                (2, subject),
                (3, subject)
            ]
        );
        assert!(entries.iter().any(|(k, _)| k == "dan uy"));
    }

    #[test]
    fn joined_parts_equal_one_pass() {
        let texts = [
            "dẫn dân",
            "Dân uỷ 224-TB/BDVTU",
            "dân ủy",
            "DẪN",
            "dấn dận",
            "hoà hòa",
            "x",
            "dân",
        ];
        let build = |range: std::ops::Range<usize>| {
            let mut b = Builder::default();
            for doc in range {
                b.add_text(texts[doc], Field::Body);
                b.finish_doc(DocId::new(doc));
            }
            b
        };
        let whole = build(0..texts.len()).entries();
        for cut in 1..texts.len() {
            let parts = vec![build(0..cut).seal(), build(cut..texts.len()).seal()];
            assert_eq!(owned(join(&parts, None)), whole, "cut at {cut}");
            for second in cut..texts.len() {
                let parts = vec![
                    build(0..cut).seal(),
                    build(cut..second).seal(),
                    build(second..texts.len()).seal(),
                ];
                assert_eq!(
                    owned(join(&parts, None)),
                    whole,
                    "cuts at {cut} and {second}"
                );
            }
        }
    }

    /// Spellings and separators for random documents: variants of one folded word, phrases,
    /// and a document number (words, bigrams and compounds).
    const PIECES: &[&str] = &[
        "dân",
        "dẫn",
        "Dân",
        "DẪN",
        "vận",
        "uỷ",
        "ủy",
        "hoà",
        "hòa",
        "224-TB/BDVTU",
        " ",
        ", ",
        "\n",
    ];

    /// Up to `max` random documents: pieces, and a field for [`texts`].
    fn docs(max: usize) -> impl proptest::strategy::Strategy<Value = Vec<(Vec<&'static str>, u8)>> {
        let pieces = proptest::collection::vec(proptest::sample::select(PIECES), 0..12);
        proptest::collection::vec((pieces, 0u8..6), 0..max)
    }

    /// Random documents as texts and fields: `f` 0 a subject, 1 meta, else a body.
    fn texts(docs: &[(Vec<&str>, u8)]) -> Vec<(String, Field)> {
        let field = |f: u8| match f {
            0 => Field::Subject,
            1 => Field::Meta,
            _ => Field::Body,
        };
        docs.iter()
            .map(|(pieces, f)| (pieces.concat(), field(*f)))
            .collect()
    }

    /// Joined entries with their keys owned, to compare with [`Builder::entries`].
    fn owned(entries: Vec<(&str, String)>) -> Vec<(String, String)> {
        entries
            .into_iter()
            .map(|(k, e)| (k.to_owned(), e))
            .collect()
    }

    /// The body-only postings per body class, as the builder counts them.
    fn per_class(postings: &[Posting]) -> [u32; 4] {
        let mut per_class = [0u32; 4];
        for p in postings.iter().filter(|p| p.body_only()) {
            per_class[(p.flags() & BODY_CLASS) as usize] += 1;
        }
        per_class
    }

    /// A builder keeping `cap` body-only postings per term over `texts[range]`.
    fn build(texts: &[(String, Field)], range: std::ops::Range<usize>, cap: usize) -> Builder {
        let mut b = Builder::with_cap(cap);
        for doc in range {
            b.add_text(&texts[doc].0, texts[doc].1);
            b.finish_doc(DocId::new(doc));
        }
        b
    }

    proptest::proptest! {
        #[test]
        fn sealed_postings_group_and_join_as_per_term_lists(
            docs in docs(10),
            cut in 0usize..10,
            cut2 in 0usize..10,
        ) {
            let texts = texts(&docs);
            let build = |range| build(&texts, range, MAX_BODY_POSTINGS);
            let whole = build(0..texts.len());
            // Grouping agrees with a list per term, filled posting by posting.
            let mut lists: std::collections::BTreeMap<String, Vec<Posting>> = whole
                .terms
                .iter()
                .map(|t| (t.key.clone(), Vec::new()))
                .collect();
            let mut from = 0;
            for &(doc, end) in &whole.docs {
                for &(term, bits) in &whole.postings[from..end] {
                    let key = &whole.terms[term].key;
                    lists.get_mut(key).unwrap().push(Posting { doc, bits });
                }
                from = end;
            }
            let sealed = whole.seal();
            proptest::prop_assert_eq!(sealed.terms.len(), lists.len());
            for (t, (key, list)) in lists.iter().enumerate() {
                proptest::prop_assert_eq!(sealed.key(t), key.as_str());
                proptest::prop_assert_eq!(sealed.postings(t), &list[..]);
            }
            // Builders over runs of documents, sealed and joined, give the same entries.
            let whole = owned(join(&[sealed], None));
            let cut = cut.min(texts.len());
            let second = (cut + cut2).min(texts.len());
            let parts = vec![
                build(0..cut).seal(),
                build(cut..second).seal(),
                build(second..texts.len()).seal(),
            ];
            proptest::prop_assert_eq!(owned(join(&parts, None)), whole);
        }
    }

    proptest::proptest! {
        #[test]
        fn dropping_on_arrival_encodes_as_capping_all_postings(
            docs in docs(40),
            cut in 0usize..40,
        ) {
            /// Small enough that the random documents exceed it.
            const CAP: usize = 3;
            let texts = texts(&docs);
            let build = |range, cap| build(&texts, range, cap);
            // Every posting stored, the cap applied only when encoded.
            let all = build(0..texts.len(), usize::MAX).seal();
            let want: Vec<(String, String)> = (0..all.terms.len())
                .filter(|&t| !all.postings(t).is_empty() || all.terms[t].seen.meta_only > 0)
                .map(|t| {
                    let postings = all.postings(t);
                    let cap = BodyCap::of(&per_class(postings), CAP);
                    let term = &all.terms[t].term;
                    let meta_only = all.terms[t].seen.meta_only;
                    let entry = encode_term(
                        &term.variants, postings, cap, None, meta_only, None, &mut Scratch::default(),
                    );
                    (term.key.clone(), entry)
                })
                .collect();
            let whole = build(0..texts.len(), CAP).seal();
            proptest::prop_assert!(whole.postings.len() <= all.postings.len());
            proptest::prop_assert_eq!(&owned(join(&[whole], None)), &want);
            let cut = cut.min(texts.len());
            let parts = vec![build(0..cut, CAP).seal(), build(cut..texts.len(), CAP).seal()];
            proptest::prop_assert_eq!(&owned(join(&parts, None)), &want);
        }
    }

    /// Every document of `key` as the page reads its entry in `entries` after
    /// [`join`] with relating: stored postings, then the rest, plain or among the candidates.
    fn read_docs(entries: &[(&str, String)], key: &str, n: u32) -> Vec<u32> {
        let entry = &entries.iter().find(|(k, _)| *k == key).unwrap().1;
        let v: serde_json::Value = serde_json::from_str(entry).unwrap();
        let (stored, _) = split_entry(&format!("[0,0,{}]", v[2]));
        let Some(rest) = v.get(3).and_then(|r| r.as_str()) else {
            return stored;
        };
        let rest = match rest.chars().next() {
            Some(m @ (AMONG_MARK | EXCEPT_MARK)) => {
                let base: Vec<u32> = match key.split_once(' ') {
                    Some((a, b)) => intersect(&read_docs(entries, a, n), &read_docs(entries, b, n)),
                    None => (0..n).collect(),
                };
                let candidates = difference(&base, &stored);
                let pos = decode_doc_set(&rest[1..]);
                if m == AMONG_MARK {
                    pos.iter().map(|&i| candidates[i as usize]).collect()
                } else {
                    let all: Vec<u32> = (0..candidates.len() as u32).collect();
                    difference(&all, &pos)
                        .iter()
                        .map(|&i| candidates[i as usize])
                        .collect()
                }
            }
            _ => decode_doc_set(rest),
        };
        merge_sorted(&stored, &rest)
    }

    proptest::proptest! {
        #[test]
        fn related_rests_read_back_as_plain_ones(docs in docs(60), cut in 0usize..60) {
            let texts = texts(&docs);
            let n = texts.len() as u32;
            let sealed = [build(&texts, 0..texts.len(), 2).seal()];
            let plain = join(&sealed, None);
            // A pair's words are read from every part, as many as the runs of an index.
            let cut = cut.min(texts.len());
            let parts = [
                build(&texts, 0..cut, 2).seal(),
                build(&texts, cut..texts.len(), 2).seal(),
            ];
            let related = join(&parts, Some(n));
            proptest::prop_assert_eq!(plain.len(), related.len());
            for ((key, a), (_, b)) in plain.iter().zip(&related) {
                proptest::prop_assert!(b.len() <= a.len(), "{} grew", key);
                proptest::prop_assert_eq!(read_docs(&related, key, n), read_docs(&plain, key, n));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn doc_sets_read_back_in_the_shorter_form(
            ids in proptest::collection::btree_set(0u32..2000, 0..600),
        ) {
            let ids: Vec<u32> = ids.into_iter().collect();
            let mut written = String::new();
            push_doc_set(&mut written, &ids);
            proptest::prop_assert_eq!(decode_doc_set(&written), ids.clone());
            proptest::prop_assert_eq!(doc_set_form(&ids).0, written.len());
            let bitmap = ids.last().map_or(0, |&last| bitmap_len(last));
            proptest::prop_assert!(written.len() <= bitmap);
            // Every parameter writes a set that reads back; the one chosen is the shortest
            // but for parameters far from the gaps' mean.
            for k in 0..12 {
                let mut rice = String::new();
                push_doc_set_as(&mut rice, &ids, SetForm::Rice(k));
                proptest::prop_assert_eq!(decode_doc_set(&rice), ids.clone());
                if k.abs_diff(written.as_bytes().first().map_or(0, |&d| digit_value(d) as u32)) <= 1
                    && !written.starts_with(BITMAP_MARK)
                {
                    proptest::prop_assert!(written.len() <= rice.len());
                }
            }
        }
    }

    /// Sorted sets of ids below `n` at many densities, from one in a few thousand to all.
    fn sets(n: u32) -> impl proptest::strategy::Strategy<Value = Vec<u32>> {
        use proptest::strategy::Strategy;
        (
            1u32..=4096,
            proptest::collection::vec(proptest::num::u32::ANY, 1..4),
        )
            .prop_map(move |(per_4096, seeds)| {
                // A hash of the seeds and id decides, so that a set is dense or sparse as a
                // whole, with runs and holes where the seeds have them.
                (0..n)
                    .filter(|&id| {
                        let h = seeds.iter().fold(u64::from(id), |h, &s| {
                            (h ^ u64::from(s)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                        });
                        (h >> 52) < u64::from(per_4096)
                    })
                    .collect()
            })
    }

    proptest::proptest! {
        #[test]
        fn doc_sets_of_every_density_read_back(ids in sets(20_000)) {
            let mut written = String::new();
            push_doc_set(&mut written, &ids);
            proptest::prop_assert_eq!(decode_doc_set(&written), ids.clone());
            proptest::prop_assert_eq!(doc_set_form(&ids).0, written.len());
            // Never more than the old varint gaps, one digit an id at least, or the bitmap.
            let gaps = encode_ids(ids.iter().copied()).len();
            let bitmap = ids.last().map_or(0, |&last| bitmap_len(last));
            proptest::prop_assert!(written.len() <= gaps.min(bitmap) + 1, "{} ids", ids.len());
        }

        #[test]
        fn postings_read_back(
            ids in sets(5_000),
            values in proptest::collection::vec(0u32..1 << 20, 1..50),
        ) {
            let kept: Vec<(u32, u32)> = ids
                .iter()
                .zip(values.iter().cycle())
                .map(|(&d, &v)| (d, v >> (v % 20)))
                .collect();
            // Also with flags alone, as a word pair's postings have.
            let flags: Vec<(u32, u32)> = kept.iter().map(|&(d, v)| (d, v % 32)).collect();
            let mut short = String::new();
            push_postings(&mut short, &flags);
            let back: Vec<(u32, u32)> =
                decode_postings(&short).into_iter().map(|(d, v)| (d, v as u32)).collect();
            proptest::prop_assert_eq!(back, flags);
            let mut written = String::new();
            push_postings(&mut written, &kept);
            let back: Vec<(u32, u32)> =
                decode_postings(&written).into_iter().map(|(d, v)| (d, v as u32)).collect();
            proptest::prop_assert_eq!(back, kept);
        }
    }

    #[test]
    fn doc_set_edges_read_back() {
        let largest = u32::MAX >> 8;
        let cases: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![1],
            vec![largest],
            vec![0, largest],
            vec![0, 1, 2, 3, 4, 5, 6],
            (0..1000).collect(),
            (0..1000).step_by(2).collect(),
            (0..100_000).step_by(997).collect(),
            vec![5, 6, 7, 100_000, 100_001, 16_000_000],
        ];
        for ids in cases {
            let mut written = String::new();
            push_doc_set(&mut written, &ids);
            assert_eq!(decode_doc_set(&written), ids, "{written}");
            assert_eq!(doc_set_form(&ids).0, written.len());
            for k in [0, 1, 5, MAX_RICE] {
                let mut rice = String::new();
                push_doc_set_as(&mut rice, &ids, SetForm::Rice(k));
                assert_eq!(decode_doc_set(&rice), ids, "k = {k}");
            }
        }
        assert_eq!(decode_doc_set(""), Vec::<u32>::new());
        // One id: the parameter and a code, padded.
        let mut one = String::new();
        push_doc_set(&mut one, &[0]);
        assert_eq!(one.len(), 2);
        let mut postings = String::new();
        push_postings(&mut postings, &[(0, 0), (largest, u32::MAX >> 1)]);
        assert_eq!(
            decode_postings(&postings),
            [(0, 0), (largest, u64::from(u32::MAX >> 1))]
        );
        assert_eq!(decode_postings(""), []);
    }

    proptest::proptest! {
        #[test]
        fn columns_read_back_in_the_shorter_form(
            values in proptest::collection::vec(0u32..2000, 0..300),
            runs in proptest::bool::ANY,
        ) {
            // Long runs where `runs` asks for them, as the years of dated documents.
            let values: Vec<u32> = if runs {
                values.iter().flat_map(|&v| std::iter::repeat_n(v % 7, (v % 50) as usize)).collect()
            } else {
                values
            };
            let s = encode_column(&values);
            proptest::prop_assert_eq!(decode_column(&s, values.len()), values.clone());
            let width = values.iter().max().map_or(1, |m| (32 - m.leading_zeros()).max(1)) as usize;
            proptest::prop_assert!(s.len() <= 1 + (values.len() * width).div_ceil(6));
        }
    }

    #[test]
    fn columns_of_one_value_and_of_zeros() {
        for values in [
            vec![],
            vec![0],
            vec![0; 1000],
            vec![5; 3],
            vec![1, 0, 1, 0, 1],
        ] {
            let s = encode_column(&values);
            assert_eq!(decode_column(&s, values.len()), values, "{s}");
        }
        assert_eq!(encode_column(&[3; 1000]), "*3_7");
    }

    #[test]
    fn bits_pack_six_to_a_digit() {
        let mut s = String::new();
        let mut bits = Bits::new(&mut s);
        bits.push(0b101, 3);
        bits.zeros(30);
        bits.varint(1000);
        bits.push(1, 1);
        bits.finish();
        let mut r = BitReader::new(&s);
        assert_eq!(r.read(3), 0b101);
        assert_eq!(r.read(30), 0);
        assert_eq!(r.varint(), 1000);
        assert_eq!(r.read(1), 1);
        assert_eq!(s.len(), (3 + 30 + 12 + 1usize).div_ceil(6));
    }

    proptest::proptest! {
        #[test]
        fn set_len_bound_is_a_lower_bound(ids in sets(20_000)) {
            if let Some(&last) = ids.last() {
                proptest::prop_assert!(set_len_bound(ids.len(), last) <= doc_set_form(&ids).0);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn complement_form_is_the_listed_complements_form(
            listed in proptest::collection::btree_set(0u32..400, 0..300),
            extra in 0u32..100,
        ) {
            let listed: Vec<u32> = listed.into_iter().collect();
            let len = listed.last().map_or(0, |l| l + 1) + extra;
            let complement: Vec<u32> = (0..len).filter(|p| listed.binary_search(p).is_err()).collect();
            let mut written = String::new();
            push_doc_set(&mut written, &complement);
            proptest::prop_assert_eq!(complement_form(&listed, len), doc_set_form(&complement));
            proptest::prop_assert!(complement_bound(&listed, len) <= written.len());
            proptest::prop_assert_eq!(doc_set_form(&complement).0, written.len());
        }
    }

    #[test]
    fn a_pair_where_its_words_meet_stores_the_exceptions() {
        let mut b = Builder::with_cap(1);
        for doc in 0..200 {
            b.add_text(if doc == 7 { "vận dân" } else { "dân vận" }, Field::Body);
            b.finish_doc(DocId::new(doc as usize));
        }
        let sealed = [b.seal()];
        let entries = join(&sealed, Some(200));
        let pair = &entries.iter().find(|(k, _)| *k == "dan van").unwrap().1;
        let v: serde_json::Value = serde_json::from_str(pair).unwrap();
        // Doc 0 is stored; of the candidates 1..200, doc 7 (position 6) has the words apart.
        let rest = v[3].as_str().unwrap();
        assert_eq!(
            rest.strip_prefix(EXCEPT_MARK).map(decode_doc_set),
            Some(vec![6])
        );
        assert_eq!(rest.len(), 3);
        assert_eq!(read_docs(&entries, "dan van", 200).len(), 199);
    }

    #[test]
    fn body_postings_are_capped_but_subjects_kept() {
        let mut b = Builder::default();
        let n = MAX_BODY_POSTINGS as u32 + 10;
        for doc in 0..n {
            b.add(
                &tokenize("của"),
                if doc == n - 1 {
                    Field::Subject
                } else {
                    Field::Body
                },
            );
            b.finish_doc(DocId::new(doc as usize));
        }
        let entries = b.entries();
        let v: serde_json::Value = serde_json::from_str(&entries[0].1).unwrap();
        assert_eq!(v[0], n);
        let p = decode_postings(v[2].as_str().unwrap());
        assert_eq!(p.len(), MAX_BODY_POSTINGS + 1);
        assert_eq!(p[p.len() - 1], (n - 1, u64::from(SUBJECT)));
    }

    proptest::proptest! {
        #[test]
        fn capping_counts_as_sorting_would(
            cells in proptest::collection::vec((0u32..4, 0u32..3), 0..4000)
        ) {
            // Per doc: body class, and a weighty flag or none (every posting has one or other).
            let postings: Vec<Posting> = cells
                .iter()
                .enumerate()
                .map(|(doc, &(class, weight))| {
                    let flags = match weight {
                        0 => 0,
                        1 => SUBJECT,
                        _ => NUMBER,
                    };
                    let class = if flags == 0 { class.max(1) } else { class };
                    Posting { doc: doc as u32, bits: flags | class | 1 << FLAG_BITS }
                })
                .collect();
            // The rule as it was first written: sort body-only postings by class, then doc.
            let mut want = postings.clone();
            let mut body: Vec<Posting> = want.iter().copied().filter(|p| p.body_only()).collect();
            if body.len() > MAX_BODY_POSTINGS {
                body.sort_by(|a, b| {
                    (b.flags() & BODY_CLASS).cmp(&(a.flags() & BODY_CLASS)).then(a.doc.cmp(&b.doc))
                });
                body.truncate(MAX_BODY_POSTINGS);
                want.retain(|p| !p.body_only());
                want.extend(body);
                want.sort_by_key(|p| p.doc);
            }
            let mut cap = BodyCap::of(&per_class(&postings), MAX_BODY_POSTINGS);
            let got: Vec<Posting> = postings.into_iter().filter(|&p| cap.keeps(p)).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn shards_split_big_prefixes_and_find_terms() {
        let big = "x".repeat(TARGET_SHARD_BYTES / 2);
        let entries: Vec<(&str, String)> = ["a", "dan", "dan van", "dang", "dao", "tr"]
            .iter()
            .map(|&k| {
                (
                    k,
                    if k.starts_with("da") {
                        big.clone()
                    } else {
                        "1".into()
                    },
                )
            })
            .collect();
        let shards = shard(&entries);
        let keys: Vec<String> = shards.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, ["a", "dan", "dan ", "dang", "dao", "tr"]);
        assert_eq!(shard_for(&keys, "dan van"), Some("dan "));
        assert_eq!(shard_for(&keys, "dan"), Some("dan"));
        assert_eq!(shard_for(&keys, "trong"), Some("tr"));
        assert_eq!(shard_for(&keys, "zzz"), None);
        assert_eq!(shard_file("dan "), "tim-kiem/t-dan_.js");
        assert_eq!(shard_file("æb"), "tim-kiem/t--e6-b.js");
    }
}
