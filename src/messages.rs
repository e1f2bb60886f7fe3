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

static CURRENT: OnceLock<Messages> = OnceLock::new();

/// Chooses the language of [`t`] and [`tr`], once, before the first message.
pub fn choose(lang: Lang) {
    let _ = CURRENT.set(Messages::new(lang));
}

fn current() -> &'static Messages {
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
                assert!(!text.contains('{'), "{lang:?}: {id}: {text}");
            }
        }
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
