//! Tables of names (issuers, campaigns, types) with one identity across spellings: NFC,
//! case and tone-mark placement are folded (`vietnamese::identity_key`), aliases from
//! `vanban.yaml` join their canonical name, and names that differ in a letter or tone stay
//! apart even when their slugs collide (the later one gets `-2`, and a warning says so).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::config::NamedEntry;
use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::vietnamese::{compare, identity_key, slugify};

use crate::ids::{Id, IdVec};

#[derive(Debug, Clone, Default)]
pub struct Named {
    /// The name pages show.
    pub name: String,
    pub slug: String,
    pub short: Option<String>,
    pub description: Option<String>,
    pub order: Option<i64>,
    pub config_parent: Option<String>,
    configured: bool,
    /// Spelling → how many times it was written, to pick the display name.
    spellings: BTreeMap<String, usize>,
    /// First file that wrote it, for warnings.
    source: Option<PathBuf>,
}

/// Names of one kind, each with its id `I`.
#[derive(Debug)]
pub struct NameTable<I> {
    items: IdVec<I, Named>,
    by_key: HashMap<String, I>,
    /// Each spelling met, with its id: a name is written the same way in many documents,
    /// and its identity key (NFD, lowercase, tones moved) is worth computing once.
    by_spelling: FxHashMap<String, I>,
}

impl<I: Id> Default for NameTable<I> {
    fn default() -> Self {
        NameTable {
            items: IdVec::new(),
            by_key: HashMap::default(),
            by_spelling: FxHashMap::default(),
        }
    }
}

impl<I: Id> NameTable<I> {
    /// A table seeded with the canonical entries of `vanban.yaml`.
    pub fn new(entries: &[NamedEntry]) -> NameTable<I> {
        let mut t = NameTable::default();
        for e in entries {
            let id = t.intern_key(&e.name);
            let item = &mut t.items[id];
            item.name = e.name.clone();
            item.configured = true;
            item.short = e.short.clone();
            item.description = e.description.clone();
            item.order = e.order;
            item.config_parent = e.parent.clone();
            for alias in &e.aliases {
                t.by_key.entry(identity_key(alias)).or_insert(id);
            }
        }
        t
    }

    fn intern_key(&mut self, name: &str) -> I {
        if let Some(id) = self.by_spelling.get(name) {
            return *id;
        }
        let key = identity_key(name);
        let id = match self.by_key.get(&key) {
            Some(id) => *id,
            None => {
                let id = self.items.push(Named {
                    name: name.to_string(),
                    ..Named::default()
                });
                self.by_key.insert(key, id);
                id
            }
        };
        self.by_spelling.insert(name.to_string(), id);
        id
    }

    /// The id for a name as written in a document, adding it if new.
    pub fn intern(&mut self, name: &str, source: &Path) -> I {
        let id = self.intern_key(name);
        let item = &mut self.items[id];
        match item.spellings.get_mut(name) {
            Some(count) => *count += 1,
            None => {
                item.spellings.insert(name.to_string(), 1);
            }
        }
        if item.source.is_none() {
            item.source = Some(source.to_path_buf());
        }
        id
    }

    pub fn find(&self, name: &str) -> Option<I> {
        match self.by_spelling.get(name) {
            Some(id) => Some(*id),
            None => self.by_key.get(&identity_key(name)).copied(),
        }
    }

    pub fn get(&self, id: I) -> &Named {
        &self.items[id]
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (I, &Named)> {
        self.items.iter_enumerated()
    }

    /// Every id, in display order once [`NameTable::finish`] has run.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I> {
        self.items.ids()
    }

    /// Decides display names, sorts into display order, gives slugs, and returns the map
    /// from ids handed out by `intern` to final ids. `section` names the URL folder.
    pub fn finish(&mut self, section: &str, diags: &mut Vec<Diagnostic>) -> IdVec<I, I> {
        for item in &mut self.items {
            if !item.configured {
                // Most written spelling; ties go to the first in Vietnamese order.
                if let Some((name, _)) = item
                    .spellings
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| compare(b.0, a.0)))
                {
                    item.name = name.clone();
                }
            }
        }
        let mut order: Vec<I> = self.items.ids().collect();
        order.sort_by(|a, b| super::display_order(&self.items[*a], &self.items[*b]));
        let mut remap: IdVec<I, I> = IdVec::from_fn(self.items.len(), |id| id);
        for (new, old) in order.iter().enumerate() {
            remap[*old] = I::new(new);
        }
        let mut items: Vec<Named> = order
            .iter()
            .map(|old| std::mem::take(&mut self.items[*old]))
            .collect();
        let slugs = unique_slugs(items.iter().map(|i| i.name.as_str()));
        for (id, (base, slug)) in slugs.into_iter().enumerate() {
            if slug != base
                && let Some(first) = items.iter().position(|i| i.slug == base)
            {
                diags.push(Diagnostic::warning(
                    items[id]
                        .source
                        .clone()
                        .unwrap_or_else(|| crate::config::FILE_NAME.into()),
                    Text::new("names-fold-alike")
                        .with("first", items[first].name.as_str())
                        .with("second", items[id].name.as_str())
                        .with("page", format!("{section}/{base}.html"))
                        .with("other", format!("{section}/{slug}.html"))
                        .with("config", crate::config::FILE_NAME),
                ));
            }
            items[id].slug = slug;
        }
        for id in self
            .by_key
            .values_mut()
            .chain(self.by_spelling.values_mut())
        {
            *id = remap[*id];
        }
        self.items = items.into();
        remap
    }
}

/// Whether `slug` has the form of a list's later page, `<name>-trang-<n>` (see
/// `render::paged`).
fn is_page_name(slug: &str) -> bool {
    slug.rsplit_once("-trang-")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Slugs for names in display order, unique among them: the later of two names that fold
/// alike gets `-2`, `-3`…; `index` is never used (it is the section's own page), nor a
/// name a list's later pages take (`…-trang-2`: `Cơ quan A trang 2` would overwrite page 2
/// of `Cơ quan A`). Returns
/// (the slug the name folds to, the slug it gets). The search facets use it too, so filter
/// parameters match page names.
pub fn unique_slugs<'n>(names: impl Iterator<Item = &'n str>) -> Vec<(String, String)> {
    let mut taken: HashSet<String> = HashSet::new();
    names
        .map(|name| {
            let mut base = super::fit_slug(slugify(name));
            if base.is_empty() {
                base = "khong-ten".to_string();
            }
            let mut slug = base.clone();
            let mut n = 1;
            while taken.contains(&slug) || slug == "index" || is_page_name(&slug) {
                n += 1;
                slug = format!("{base}-{n}");
                if is_page_name(&slug) {
                    // `x-trang` + `-2` is a page name too, whatever the number.
                    slug = format!("{base}-{n}-{n}");
                }
            }
            taken.insert(slug.clone());
            (base, slug)
        })
        .collect()
}
