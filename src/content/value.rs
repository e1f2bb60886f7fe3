//! The front matter as a tree of values, parsed by serde_yaml straight into strings that
//! borrow from the file's text. `serde_yaml::Value` would copy every string and hash every
//! key into an index map, which cost more than the rest of a document's checks together.

mod fast;

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Number, Value};

/// `serde_yaml::Value`, one for one, with borrowed strings and maps as lists in the order
/// written. Tags are kept as a wrapper (their names matter to no field).
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Sequence(Vec<Val<'a>>),
    Mapping(Vec<(Val<'a>, Val<'a>)>),
    Tagged(Box<Val<'a>>),
}

impl Val<'_> {
    /// Without its tags, as `Value::as_str` and `Value::is_null` see it.
    fn untagged(&self) -> &Self {
        let mut v = self;
        while let Val::Tagged(inner) = v {
            v = inner;
        }
        v
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.untagged() {
            Val::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self.untagged(), Val::Null)
    }
}

impl From<&Value> for Val<'static> {
    fn from(v: &Value) -> Self {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Number(n.clone()),
            Value::String(s) => Val::String(Cow::Owned(s.clone())),
            Value::Sequence(items) => Val::Sequence(items.iter().map(Val::from).collect()),
            Value::Mapping(m) => Val::Mapping(
                m.iter()
                    .map(|(k, v)| (Val::from(k), Val::from(v)))
                    .collect(),
            ),
            Value::Tagged(t) => Val::Tagged(Box::new(Val::from(&t.value))),
        }
    }
}

/// Parses YAML as `serde_yaml::from_str::<Value>` would, with the same result and the same
/// error. The borrowing parse takes only what is common (text keys, no duplicates, no tags)
/// and gives up on anything else, which the `Value` parse then reads, and reports on.
pub fn parse(yaml: &str) -> Result<Val<'_>, serde_yaml::Error> {
    if let Some(v) = fast::parse(yaml) {
        return Ok(v);
    }
    match serde_yaml::from_str::<Plain>(yaml) {
        Ok(Plain(v)) => Ok(v),
        Err(_) => serde_yaml::from_str::<Value>(yaml).map(|v| Val::from(&v)),
    }
}

/// The keys of one mapping as it is read, to find a duplicate: a scan while there are few
/// (every real front matter), a hash set once there are many, so that a front matter of
/// 100,000 keys is read in time proportional to it.
#[derive(Default)]
pub(crate) struct SeenKeys {
    set: rustc_hash::FxHashSet<String>,
    /// How many of the entries are in `set`.
    counted: usize,
}

impl SeenKeys {
    const SCAN: usize = 32;

    /// Whether `key` is among the keys of `entries` (the mapping read so far).
    pub(crate) fn seen(&mut self, entries: &[(Val<'_>, Val<'_>)], key: &str) -> bool {
        if entries.len() < Self::SCAN {
            return entries.iter().any(|(k, _)| k.as_str() == Some(key));
        }
        for (k, _) in &entries[self.counted..] {
            if let Some(k) = k.as_str() {
                self.set.insert(k.to_owned());
            }
        }
        self.counted = entries.len();
        self.set.contains(key)
    }
}

/// A `Val` from the borrowing parse.
struct Plain<'a>(Val<'a>);

impl<'de> Deserialize<'de> for Plain<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PlainVisitor).map(Plain)
    }
}

/// The visits of `Value`'s own visitor, but for tags (`visit_enum`), which fail here.
struct PlainVisitor;

impl<'de> Visitor<'de> for PlainVisitor {
    type Value = Val<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value without tags")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Val<'de>, E> {
        Ok(Val::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Val<'de>, E> {
        Ok(Val::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Val<'de>, E> {
        Ok(Val::Number(u.into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Val<'de>, E> {
        Ok(Val::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Val<'de>, E> {
        Ok(Val::String(Cow::Owned(s.to_owned())))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Val<'de>, E> {
        Ok(Val::String(Cow::Borrowed(s)))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Val<'de>, E> {
        Ok(Val::String(Cow::Owned(s)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Val<'de>, D::Error> {
        d.deserialize_any(PlainVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(Plain(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Val::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val<'de>, A::Error> {
        let mut entries: Vec<(Val<'de>, Val<'de>)> = Vec::new();
        let mut seen = SeenKeys::default();
        while let Some(key) = map.next_key_seed(TextKey)? {
            // `Value` reports a duplicate with serde_yaml's message; leave it to that parse.
            if seen.seen(&entries, &key) {
                return Err(de::Error::custom("duplicate key"));
            }
            let Plain(v) = map.next_value()?;
            entries.push((Val::String(key), v));
        }
        Ok(Val::Mapping(entries))
    }
}

/// A key that is text; any other key fails the borrowing parse.
struct TextKey;

impl<'de> DeserializeSeed<'de> for TextKey {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextKey {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text key")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the `Value` parse gives, or its error message.
    fn by_value(yaml: &str) -> Result<Val<'static>, String> {
        serde_yaml::from_str::<Value>(yaml)
            .map(|v| Val::from(&v))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn agrees_with_the_value_parse() {
        let cases = [
            "",
            "a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: 'x'\ng: \"y\\u0301\"\nh: yes\n",
            "signer:\n  name: A\n  title: B\nlist:\n  - a\n  - [b, {c: d}]\n",
            "a: |\n  block\n  text\nb: >\n  folded\n",
            "a: !tag x\nb: !!str 1\n",
            "1: x\ntrue: y\n~: z\n",
            "a: 1\na: 2\n",
            "s:\n  n: 1\n  n: 2\n",
            "a: &x [1, 2]\nb: *x\n",
            "a: [1\n",
            "- a\n- b\n",
            "plain",
            "a: 0x1F\nb: 99999999999999999999999\nc: .inf\nd: -.nan\n",
            "? [a]\n: b\n",
        ];
        for yaml in cases {
            let got = parse(yaml).map_err(|e| e.to_string());
            let want = by_value(yaml);
            // NaN is not equal to itself.
            if yaml.contains("nan") {
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "{yaml}");
            } else {
                assert_eq!(got, want, "{yaml}");
            }
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        let yaml = "a: Huyện ủy\nb: 'quoted'\nc:\n  - item\n";
        let Ok(Val::Mapping(m)) = parse(yaml) else {
            panic!()
        };
        for (k, v) in &m {
            assert!(matches!(k, Val::String(Cow::Borrowed(_))), "{k:?}");
            let v = match v {
                Val::Sequence(items) => &items[0],
                v => v,
            };
            assert!(matches!(v, Val::String(Cow::Borrowed(_))), "{v:?}");
        }
    }
}
