//! The command line's own words (its `--help`, summaries and errors) in the webmaster's
//! language: Vietnamese under a Vietnamese locale or with `--lang vi`, English otherwise.
//! They are Fluent messages (`src/messages/vi.ftl`, `en.ftl`), compiled into the binary, so
//! that a translator edits text, plural forms included, without touching code.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

const EN: &str = include_str!("messages/en.ftl");
const VI: &str = include_str!("messages/vi.ftl");

/// A language the command line speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// `vi`, `vi_VN.UTF-8`, `vi-VN` → Vietnamese; `en…`, `C`, `POSIX` → English; anything
    /// else is not a language this command line has.
    pub fn parse(s: &str) -> Option<Lang> {
        let code: String = s
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        match code.as_str() {
            "vi" => Some(Lang::Vi),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the locale, looked up as POSIX does: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and not empty decides; Vietnamese only if it
    /// says so.
    pub fn from_env() -> Lang {
        Lang::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }

    fn source(self) -> (&'static str, &'static str) {
        match self {
            Lang::Vi => ("vi", VI),
            Lang::En => ("en", EN),
        }
    }
}

/// The messages of one language.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
}

impl Messages {
    pub fn new(lang: Lang) -> Messages {
        let (code, text) = lang.source();
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, e)| panic!("src/messages/{code}.ftl does not parse: {e:?}"));
        let id = code.parse().expect("a language identifier");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Terminals show the isolation marks Fluent puts around arguments as stray boxes.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("src/messages/{code}.ftl repeats a message: {e:?}"));
        Messages { bundle }
    }

    /// Whether there is a message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id` with these arguments; the id itself if there is no such message
    /// (the test of both files keeps that from happening).
    pub fn format(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// The ids of every message of a Fluent file's text.
    #[cfg(test)]
    fn ids(text: &str) -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
            .collect()
    }
}

/// A message of the Fluent files with its arguments, not yet said: the library names a
/// problem with it and whoever prints it says it in the webmaster's language
/// ([`Text::said`]); `Display` says it in English, for library users and tests.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Text`]: words quoted from a file or given by another program, which
/// are never translated; a count, which plural forms follow; or another message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Plain(String),
    Number(i64),
    Text(Text),
    /// Said one after another, with commas between.
    List(Vec<Text>),
    /// Said one per line, each on a new line indented by four spaces (files a refusal names).
    Lines(Vec<Text>),
}

impl Text {
    /// The message `id` of both Fluent files (a test holds every id used in the code).
    pub fn new(id: &'static str) -> Text {
        Text {
            id,
            args: Vec::new(),
        }
    }

    /// Words from elsewhere (a parser's or the system's message) said as they are.
    pub fn plain(words: impl Into<String>) -> Text {
        Text::new("plain").with("message", words.into())
    }

    /// The reason an operation on a file failed: the common ones in the webmaster's
    /// language, the others as the system words them.
    pub fn io(e: &std::io::Error) -> Text {
        use std::io::ErrorKind as K;
        let id = match e.kind() {
            K::NotFound => "io-not-found",
            K::PermissionDenied => "io-permission-denied",
            K::AlreadyExists => "io-already-exists",
            K::StorageFull => "io-storage-full",
            K::ReadOnlyFilesystem => "io-read-only",
            K::InvalidData => "io-invalid-data",
            K::AddrInUse => "io-addr-in-use",
            _ => return Text::plain(e.to_string()),
        };
        Text::new(id)
    }

    /// "cannot be read: …", the reason as [`Text::io`] gives it.
    pub fn unreadable(e: &std::io::Error) -> Text {
        Text::new("file-unreadable").with("reason", Text::io(e))
    }

    /// "cannot be written: …", the reason as [`Text::io`] gives it.
    pub fn unwritable(e: &std::io::Error) -> Text {
        Text::new("file-unwritable").with("reason", Text::io(e))
    }

    /// "cannot VERB PATH: REASON": the message `id` (`cannot-read`, `cannot-write`…) about
    /// `path`, the reason as [`Text::io`] gives it.
    pub fn failed(id: &'static str, path: &std::path::Path, e: &std::io::Error) -> Text {
        Text::new(id)
            .with("path", path.display().to_string())
            .with("reason", Text::io(e))
    }

    /// With the argument `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// The message id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Said in the language of `m`.
    pub fn said_in(&self, m: &Messages) -> String {
        let args: Vec<(&str, FluentValue)> = self
            .args
            .iter()
            .map(|(name, a)| {
                let v = match a {
                    Arg::Plain(s) => FluentValue::from(s.as_str()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Text(t) => FluentValue::from(t.said_in(m)),
                    Arg::List(l) => {
                        let said: Vec<String> = l.iter().map(|t| t.said_in(m)).collect();
                        FluentValue::from(said.join(", "))
                    }
                    Arg::Lines(l) => {
                        let said: String = l
                            .iter()
                            .map(|t| format!("\n    {}", t.said_in(m)))
                            .collect();
                        FluentValue::from(said)
                    }
                };
                (*name, v)
            })
            .collect();
        m.format(self.id, &args)
    }

    /// Said in the chosen language.
    pub fn said(&self) -> String {
        self.said_in(current())
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said_in(english()))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Plain(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Plain(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Plain(s.clone())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(t)
    }
}

impl From<Vec<Text>> for Arg {
    fn from(l: Vec<Text>) -> Arg {
        Arg::List(l)
    }
}

static CURRENT: OnceLock<Messages> = OnceLock::new();
static ENGLISH: OnceLock<Messages> = OnceLock::new();

/// The English messages, whatever language was chosen.
pub fn english() -> &'static Messages {
    ENGLISH.get_or_init(|| Messages::new(Lang::En))
}

/// The Vietnamese messages, whatever language was chosen: for what vanban writes into a
/// content file.
pub fn vietnamese() -> &'static Messages {
    static VIETNAMESE: OnceLock<Messages> = OnceLock::new();
    VIETNAMESE.get_or_init(|| Messages::new(Lang::Vi))
}

/// Chooses the language of [`t`] and [`tr`], once, before the first message.
pub fn choose(lang: Lang) {
    let _ = CURRENT.set(Messages::new(lang));
}

/// The messages of the chosen language.
pub fn current() -> &'static Messages {
    CURRENT.get_or_init(|| Messages::new(Lang::from_env()))
}

/// Whether the chosen language has a message `id`.
pub fn has(id: &str) -> bool {
    current().has(id)
}

/// The message `id` in the chosen language.
pub fn t(id: &str) -> String {
    current().format(id, &[])
}

/// The message `id` with arguments in the chosen language.
pub fn tr(id: &str, args: &[(&str, FluentValue)]) -> String {
    current().format(id, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_in_both_languages_and_formats_cleanly() {
        let (en, vi) = (Messages::ids(EN), Messages::ids(VI));
        assert!(en.len() > 40, "{en:?}");
        let missing_vi: Vec<_> = en.iter().filter(|id| !vi.contains(id)).collect();
        let missing_en: Vec<_> = vi.iter().filter(|id| !en.contains(id)).collect();
        assert!(missing_vi.is_empty(), "not in vi.ftl: {missing_vi:?}");
        assert!(missing_en.is_empty(), "not in en.ftl: {missing_en:?}");
        let args: Vec<(&str, FluentValue)> = [
            "documents",
            "withheld",
            "pages",
            "added",
            "changed",
            "removed",
            "files",
            "warnings",
            "count",
            "errors",
            "ms",
            "copied",
            "unchanged",
            "corrupted",
            "missing",
            "extra",
            "size",
            "max",
            "line",
            "depth",
            "length",
            "item",
            "named",
            "resolved",
            "unresolved",
        ]
        .into_iter()
        .map(|n| (n, FluentValue::from(2)))
        .chain(
            [
                "output",
                "seconds",
                "citations",
                "url",
                "reason",
                "dest",
                "size",
                "path",
                "message",
                "key",
                "alias",
                "first",
                "second",
                "written",
                "near",
                "place",
                "value",
                "name",
                "why",
                "allowed",
                "ext",
                "found",
                "bound",
                "kind",
                "what",
                "char",
                "kept",
                "source",
                "keys",
                "places",
                "arg",
                "command",
                "values",
                "suggested",
                "used",
                "others",
                "config",
                "page",
                "other",
                "number",
                "to",
                "header",
                "names",
                "then",
                "content",
                "manifest",
                "files",
                "port",
                "date",
                "encoding",
                "stream",
                "fields",
                "title",
            ]
            .into_iter()
            .map(|n| (n, FluentValue::from("x"))),
        )
        .collect();
        for lang in [Lang::En, Lang::Vi] {
            let m = Messages::new(lang);
            for id in &en {
                let Some(pattern) = m.bundle.get_message(id).and_then(|m| m.value()) else {
                    panic!("{lang:?}: {id} has no value");
                };
                let mut fa = FluentArgs::new();
                for (n, v) in &args {
                    fa.set(*n, v.clone());
                }
                let mut errors = Vec::new();
                let text = m.bundle.format_pattern(pattern, Some(&fa), &mut errors);
                assert!(errors.is_empty(), "{lang:?}: {id}: {errors:?}");
                assert!(!text.contains("{$"), "{lang:?}: {id}: {text}");
            }
        }
    }

    /// Every id the code names (a literal given to `Text::new`, and the ids the arms of a
    /// `match` inside such a call give) is a message of the Fluent files.
    #[test]
    fn every_message_the_code_names_exists() {
        let en = Messages::ids(EN);
        let mut named = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let code = std::fs::read_to_string(&path).expect("source is text");
                // Only code that uses these messages, and not its tests.
                if !code.contains("messages::") && !path.ends_with("messages.rs") {
                    continue;
                }
                let code = code
                    .split("#[cfg(test)]\nmod tests")
                    .next()
                    .unwrap_or_default();
                // Ids are given to `Text::new` and `Text::failed`, and as the reasons and
                // advice of a refusal (`why-…`, `then-…`, `dest-…`).
                let calls = ["Text::new(", "Text::failed(", "refuse("]
                    .into_iter()
                    .flat_map(|call| code.match_indices(call).map(move |(i, _)| i + call.len()));
                let kinds = ["\"why-", "\"then-", "\"dest-"]
                    .into_iter()
                    .flat_map(|kind| code.match_indices(kind).map(|(i, _)| i));
                for i in calls.chain(kinds) {
                    let rest = code[i..].trim_start();
                    let ids: Vec<&str> = if let Some(m) = rest.strip_prefix("match ") {
                        // The ids a `match` inside the call chooses: what each arm gives.
                        m[..m.find("})").unwrap_or(m.len())]
                            .split("=>")
                            .skip(1)
                            .filter_map(|arm| arm.trim_start().strip_prefix('"'))
                            .filter_map(|arm| arm.split('"').next())
                            .collect()
                    } else {
                        rest.strip_prefix('"')
                            .and_then(|r| r.split('"').next())
                            .into_iter()
                            .collect()
                    };
                    for id in ids {
                        named.push((path.display().to_string(), id.to_string()));
                    }
                }
            }
        }
        assert!(named.len() > 60, "{named:?}");
        let missing: Vec<_> = named.iter().filter(|(_, id)| !en.contains(id)).collect();
        assert!(missing.is_empty(), "not in the Fluent files: {missing:?}");
    }

    #[test]
    fn a_text_is_said_in_each_language_with_its_quotes_as_written() {
        let t = Text::new("list-item").with("item", 2usize).with(
            "message",
            Text::new("date-not-real").with("value", "31/02/2018"),
        );
        assert_eq!(t.to_string(), "item 2: `31/02/2018` is not a real date");
        assert_eq!(
            t.said_in(&Messages::new(Lang::Vi)),
            "mục 2: `31/02/2018` không phải là ngày có thật"
        );
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            Text::unreadable(&io).said_in(&Messages::new(Lang::Vi)),
            "không đọc được: không có quyền truy cập"
        );
    }

    #[test]
    fn english_counts_agree_and_vietnamese_has_one_form() {
        let en = Messages::new(Lang::En);
        let failed = |m: &Messages, n: usize| {
            m.format("build-failed-nothing", &[("errors", FluentValue::from(n))])
        };
        assert_eq!(failed(&en, 0), "build failed; nothing was written");
        assert_eq!(
            failed(&en, 1),
            "build failed with 1 error; nothing was written"
        );
        assert_eq!(
            failed(&en, 2),
            "build failed with 2 errors; nothing was written"
        );
        let vi = Messages::new(Lang::Vi);
        assert_eq!(failed(&vi, 0), "dựng trang không thành; chưa ghi gì");
        assert_eq!(
            failed(&vi, 1),
            "dựng trang không thành (1 lỗi); chưa ghi gì"
        );
    }

    #[test]
    fn the_locale_decides_as_posix_orders_it() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            Lang::from_vars(move |name| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(env(&[("LANG", "vi_VN.UTF-8")]), Lang::Vi);
        assert_eq!(env(&[("LANG", "vi_VN.UTF-8"), ("LC_ALL", "C")]), Lang::En);
        assert_eq!(env(&[("LC_ALL", ""), ("LANG", "vi")]), Lang::Vi);
        assert_eq!(
            env(&[("LC_MESSAGES", "vi_VN"), ("LANG", "en_US")]),
            Lang::Vi
        );
        assert_eq!(env(&[("LANG", "fr_FR.UTF-8")]), Lang::En);
        assert_eq!(env(&[]), Lang::En);
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse("de"), None);
    }
}
