//! Typed positions in the archive's arenas. Documents, issuers, campaigns and document
//! types, and the search index builder's terms and its tokenizer's words, are each
//! numbered from 0 in their own table; each number has its own type, and a table
//! ([`IdVec`]) is indexed only by its own, so a campaign's number cannot look up a
//! document. Numbers are `u32` (an archive holds far fewer than 4 billion of anything),
//! which halves the lists of ids the pages are made from.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use rayon::prelude::*;

/// A position in one kind of table.
pub trait Id: Copy + Ord + std::hash::Hash + fmt::Debug {
    /// The id of position `index`.
    fn new(index: usize) -> Self;
    /// The position this id names.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Copy, Clone, Eq, PartialEq, Ord, PartialOrd, Hash, Debug)]
        pub struct $name(u32);

        impl $name {
            /// The id of position `index` (as [`Id::new`], usable in constants).
            #[inline]
            pub const fn new(index: usize) -> Self {
                debug_assert!(index <= u32::MAX as usize);
                $name(index as u32)
            }
        }

        impl Id for $name {
            #[inline]
            fn new(index: usize) -> Self {
                $name::new(index)
            }
            #[inline]
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A published document: its position in the archive's newest-first arena.
    DocId;
    /// An issuer in the archive's table of issuers (display order).
    IssuerId;
    /// A campaign (phong trào) in the archive's table of campaigns (display order).
    CampaignId;
    /// A document type (loại văn bản) in the archive's table of types (display order).
    DocTypeId;
    /// A search term (a folded word, bigram or number key) in one search index builder's
    /// table, in the order first met.
    TermId;
    /// A word as one tokenizer has met it (spelling and case kept), in the order first met.
    WordId;
}

/// A vector indexed by one kind of id.
pub struct IdVec<I, T> {
    items: Vec<T>,
    _id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub(crate) fn new() -> Self {
        Vec::new().into()
    }

    /// `n` values made by `f`, one per id in order.
    pub(crate) fn from_fn(n: usize, f: impl FnMut(I) -> T) -> Self {
        (0..n).map(I::new).map(f).collect::<Vec<_>>().into()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends `value`; its id.
    pub(crate) fn push(&mut self, value: T) -> I {
        let id = I::new(self.items.len());
        self.items.push(value);
        id
    }

    /// As [`Vec::resize`].
    pub(crate) fn resize(&mut self, len: usize, value: T)
    where
        T: Clone,
    {
        self.items.resize(len, value);
    }

    pub(crate) fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Each value with its id.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    /// The values in id order, for what works on slices (parallel iteration).
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec::new()
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec {
            items,
            _id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        iter.into_iter().collect::<Vec<_>>().into()
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<'a, I, T: Sync + 'a> rayon::iter::IntoParallelIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type Iter = rayon::slice::Iter<'a, T>;
    fn into_par_iter(self) -> Self::Iter {
        self.items.par_iter()
    }
}

impl<'a, I, T: Send + 'a> rayon::iter::IntoParallelIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type Iter = rayon::slice::IterMut<'a, T>;
    fn into_par_iter(self) -> Self::Iter {
        self.items.par_iter_mut()
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    #[inline]
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    #[inline]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<I, T: Clone> Clone for IdVec<I, T> {
    fn clone(&self) -> Self {
        self.items.clone().into()
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I, T: PartialEq> PartialEq for IdVec<I, T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_indexed_by_its_own_ids() {
        let mut docs: IdVec<DocId, &str> = IdVec::new();
        let a = docs.push("a");
        let b = docs.push("b");
        assert_eq!((docs[a], docs[b]), ("a", "b"));
        assert_eq!(docs.ids().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(
            docs.iter_enumerated()
                .map(|(id, s)| (id.index(), *s))
                .collect::<Vec<_>>(),
            vec![(0, "a"), (1, "b")]
        );
        assert!(a < b);
        let counts: IdVec<CampaignId, usize> = IdVec::from_fn(3, |c: CampaignId| c.index() * 2);
        assert_eq!(counts[CampaignId::new(2)], 4);
        assert_eq!(counts.get(CampaignId::new(3)), None);
    }
}
