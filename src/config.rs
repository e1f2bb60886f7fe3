//! `vanban.yaml`: site title, base URL, theme, page size, publishing rule, and the canonical
//! names of issuers and campaigns with their aliases. Every key is optional.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::yaml;

pub const FILE_NAME: &str = "vanban.yaml";
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "page_size",
    "publish",
    "issuers",
    "campaigns",
];

/// Which signed, unclassified documents are published (SPEC §2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Publish {
    /// Every signed document without a secrecy mark.
    #[default]
    All,
    /// Only those whose Nơi nhận has an item starting "Đăng website".
    Marked,
}

/// A canonical issuer or campaign: the name pages show, the spellings that mean it, and
/// what its index page says about it.
/// The keys an issuer or campaign entry may have.
const ENTRY_KEYS: &[&str] = &["name", "short", "parent", "aliases", "description", "order"];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NamedEntry {
    pub name: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Position in lists before alphabetical order (lower first).
    #[serde(default)]
    pub order: Option<i64>,
    /// Keys that are none of the above: warned about with their line, then dropped.
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub page_size: Option<usize>,
    #[serde(default)]
    pub publish: Publish,
    #[serde(default)]
    pub issuers: Vec<NamedEntry>,
    #[serde(default)]
    pub campaigns: Vec<NamedEntry>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

pub const DEFAULT_TITLE: &str = "Kho văn bản";
pub const DEFAULT_PAGE_SIZE: usize = 50;

impl Config {
    pub fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(DEFAULT_TITLE)
    }

    pub fn page_size(&self) -> usize {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    pub fn theme(&self) -> &str {
        self.theme.as_deref().unwrap_or("default")
    }
}

/// Reads `root/vanban.yaml` if present. Errors and warnings name the file and line; a
/// missing file is the default configuration.
pub fn load(root: &Path) -> (Config, Vec<Diagnostic>) {
    let shown = Path::new(FILE_NAME);
    // A link leading out of the site is refused before anything of it is read or shown.
    let bound = root.canonicalize().unwrap_or(root.to_path_buf());
    let path = match crate::confine::file(&root.join(FILE_NAME), &bound, "the site folder", shown) {
        Ok(Some(p)) => p,
        Ok(None) => return (Config::default(), vec![]),
        Err(d) => return (Config::default(), vec![d]),
    };
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return (
                    Config::default(),
                    vec![Diagnostic::error(shown, Text::new("io-invalid-data"))],
                );
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), vec![]),
        Err(e) => {
            return (
                Config::default(),
                vec![Diagnostic::error(shown, Text::unreadable(&e))],
            );
        }
    };
    parse(&text, shown)
}

/// Parses configuration text; `shown` is the path diagnostics name.
pub fn parse(text: &str, shown: &Path) -> (Config, Vec<Diagnostic>) {
    let text = crate::vietnamese::nfc(text.trim_start_matches('\u{feff}'));
    let mut diags = Vec::new();
    if text.trim().is_empty() {
        return (Config::default(), diags);
    }
    if let Err(d) = yaml::check_nesting(shown, &text, 1) {
        return (Config::default(), vec![d]);
    }
    let mut config: Config = match serde_yaml::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            return (
                Config::default(),
                vec![yaml::parse_error(shown, &e, &text, 1)],
            );
        }
    };
    let lines = yaml::top_level_key_lines(&text, 1);
    let line_of = |key: &str| lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l);
    for key in config.unknown.keys() {
        let msg = yaml::unknown_key(key, None, KNOWN_KEYS.iter().copied());
        diags.push(
            Diagnostic::warning(shown, msg)
                .at_line(line_of(key))
                .key(key),
        );
    }
    config.unknown.clear();
    if config.page_size == Some(0) {
        diags.push(
            Diagnostic::error(shown, Text::new("at-least-one"))
                .at_line(line_of("page_size"))
                .key("page_size"),
        );
    }
    if let Some(theme) = &config.theme
        && (theme.is_empty()
            || !theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        diags.push(
            Diagnostic::error(shown, Text::new("theme-bad-name").with("value", theme))
                .at_line(line_of("theme"))
                .key("theme"),
        );
    }
    if let Some(url) = &config.base_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        diags.push(
            Diagnostic::error(shown, Text::new("url-not-http").with("value", url))
                .at_line(line_of("base_url"))
                .key("base_url"),
        );
    }
    for (list, key) in [
        (&mut config.issuers, "issuers"),
        (&mut config.campaigns, "campaigns"),
    ] {
        let item_lines = yaml::list_item_key_lines(&text, 1, key);
        for (i, entry) in list.iter_mut().enumerate() {
            let lines = item_lines.get(i);
            let entry_line = |k: &str| {
                lines
                    .and_then(|l| l.iter().find(|(x, _)| x == k).or(l.first()))
                    .map(|(_, l)| *l)
                    .or(line_of(key))
            };
            for unknown in entry.unknown.keys() {
                let msg = yaml::unknown_key(
                    unknown,
                    Some(Text::new("in-entry")),
                    ENTRY_KEYS.iter().copied(),
                );
                diags.push(
                    Diagnostic::warning(shown, msg)
                        .at_line(entry_line(unknown))
                        .key(key),
                );
            }
            entry.unknown.clear();
            entry.name = crate::vietnamese::clean_name(&entry.name);
            if entry.name.is_empty() {
                diags.push(
                    Diagnostic::error(shown, Text::new("entry-no-name"))
                        .at_line(entry_line("name"))
                        .key(key),
                );
            }
        }
    }
    (config, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_default() {
        let (c, d) = parse("", Path::new("vanban.yaml"));
        assert!(d.is_empty());
        assert_eq!(c.title(), DEFAULT_TITLE);
        assert_eq!(c.page_size(), 50);
        assert_eq!(c.publish, Publish::All);
    }

    #[test]
    fn reads_entries_and_warns_unknown_keys_with_line() {
        let text = "title: Kho\npage_size: 20\npublsh: marked\nissuers:\n  - name: Huyện ủy Hón Quản\n    aliases: [HU Hón Quản]\n    parent: Đảng bộ tỉnh Bình Phước\n";
        let (c, d) = parse(text, Path::new("vanban.yaml"));
        assert_eq!(c.title(), "Kho");
        assert_eq!(c.page_size(), 20);
        assert_eq!(c.issuers.len(), 1);
        assert_eq!(c.issuers[0].aliases, vec!["HU Hón Quản"]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            "vanban.yaml:3: warning: publsh: unknown key `publsh`; did you mean `publish`?"
        );
    }

    #[test]
    fn bad_values_are_errors_with_lines() {
        let (_, d) = parse("publish: sometimes\n", Path::new("vanban.yaml"));
        assert!(d[0].is_error());
        assert_eq!(d[0].line, Some(1));
        let (_, d) = parse("title: a\ntheme: ../x\n", Path::new("vanban.yaml"));
        assert_eq!(d[0].line, Some(2));
        let (_, d) = parse(
            "issuers:\n  - name: A\n    order: first\n",
            Path::new("vanban.yaml"),
        );
        assert!(d[0].is_error() && d[0].line.is_some(), "{:?}", d);
    }

    #[test]
    fn unknown_entry_keys_warn_on_their_line() {
        let (c, d) = parse(
            "issuers:\n  - name: A\n  - name: B\n    alias: [b]\ncampaigns:\n  - name: \"\"\n",
            Path::new("vanban.yaml"),
        );
        assert_eq!(c.issuers.len(), 2);
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert!(
            shown.contains(
                &"vanban.yaml:4: warning: issuers: unknown key `alias` in an entry; did you mean `aliases`?"
                    .to_string()
            ),
            "{shown:?}"
        );
        assert!(
            shown.contains(
                &"vanban.yaml:6: error: campaigns: an entry has an empty `name`".to_string()
            ),
            "{shown:?}"
        );
    }

    #[test]
    fn the_sample_config_is_clean() {
        let text = include_str!("../vanban.yaml");
        let (c, d) = parse(text, Path::new("vanban.yaml"));
        assert!(d.is_empty(), "{d:?}");
        assert!(c.issuers.len() >= 7 && c.campaigns.len() >= 6);
    }

    #[test]
    fn marked_publishing() {
        let (c, d) = parse("publish: marked\n", Path::new("vanban.yaml"));
        assert!(d.is_empty());
        assert_eq!(c.publish, Publish::Marked);
    }
}
