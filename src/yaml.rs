//! What content files and `vanban.yaml` share: YAML parsed with errors placed on the line of
//! the file (not of the YAML block), the line of each top-level key, and "did you mean".

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::messages::Text;

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing: libyaml's
/// scanner is quadratic in their depth (200 kB of `[` takes minutes, a few MB hours), and
/// serde_yaml rejects more than 128 levels anyway.
const MAX_FLOW_DEPTH: usize = 100;

/// An error on the line where `yaml` nests `[`/`{` deeper than any real file does. Brackets
/// inside quoted text count too; a hundred unclosed ones are no real value either.
pub fn check_nesting(path: &Path, yaml: &str, first_line: usize) -> Result<(), Diagnostic> {
    // The depth is never more than the brackets opened: every real file has a handful, and
    // counting them is a vectorised pass (in a byte per 255 bytes, which LLVM vectorises),
    // where following the depth is a branch per byte.
    let opened: usize = yaml
        .as_bytes()
        .chunks(255)
        .map(|c| {
            c.iter()
                .fold(0u8, |n, &b| n + u8::from(b == b'[' || b == b'{'))
        })
        .map(usize::from)
        .sum();
    if opened <= MAX_FLOW_DEPTH {
        return Ok(());
    }
    let mut depth = 0usize;
    for (i, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if depth > MAX_FLOW_DEPTH {
            // Lines are counted only here: every front matter is scanned, almost none fails.
            let line = first_line + yaml.as_bytes()[..i].iter().filter(|c| **c == b'\n').count();
            return Err(Diagnostic::error(
                path,
                Text::new("yaml-too-deep").with("depth", MAX_FLOW_DEPTH),
            )
            .at(line, None));
        }
    }
    Ok(())
}

/// A YAML parse error as a diagnostic on the file's own line. `yaml` is the text that failed
/// and `first_line` the file line on which it starts (1 for `vanban.yaml`, 2 for front
/// matter after `---`).
pub fn parse_error(
    path: &Path,
    err: &serde_yaml::Error,
    yaml: &str,
    first_line: usize,
) -> Diagnostic {
    let message = file_lines(&err.to_string(), first_line);
    // serde_yaml places a duplicate key at the start of its mapping; the second one is the
    // line to fix.
    let duplicate = message
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.split('"').next())
        .and_then(|key| {
            top_level_key_lines(yaml, first_line)
                .into_iter()
                .filter(|(k, _)| k == key)
                .nth(1)
        })
        .map(|(_, line)| line);
    // serde_yaml puts the position after the problem; it is given separately below.
    let message = match (message.find(" at line "), message.find(", while ")) {
        (Some(at), Some(ctx)) if at < ctx => format!("{}{}", &message[..at], &message[ctx..]),
        (Some(at), None) => message[..at].to_string(),
        _ => message,
    };
    let d = Diagnostic::error(path, Text::new("yaml-invalid").with("message", message));
    if let Some(line) = duplicate {
        return d.at(line, None);
    }
    match err.location() {
        Some(loc) => d.at(first_line + loc.line() - 1, Some(loc.column())),
        None => d.at(first_line, None),
    }
}

/// Rewrites "line N" in a serde_yaml message from YAML-block lines to file lines.
fn file_lines(message: &str, first_line: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>() {
            out.push_str(&(n + first_line - 1).to_string());
            rest = &rest[digits.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The file line of each top-level key (`key:` at column 0), in order of appearance.
pub fn top_level_key_lines(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    let mut out = Vec::with_capacity(16);
    for (i, line) in yaml.lines().enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || first == '#' || first == '-' {
            continue;
        }
        // A byte search: short lines, where `str::find` sets up a searcher for each.
        if let Some(colon) = line.bytes().position(|b| b == b':') {
            let key = line[..colon].trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                out.push((key.to_string(), first_line + i));
            }
        }
    }
    out
}

/// The line of nested key `child` under top-level `parent` (e.g. `signer` › `name`).
pub fn nested_key_line(yaml: &str, first_line: usize, parent: &str, child: &str) -> Option<usize> {
    let mut inside = false;
    for (i, line) in yaml.lines().enumerate() {
        let starts_top = line.chars().next().is_some_and(|c| !c.is_whitespace());
        if starts_top {
            inside = line.split(':').next().map(str::trim) == Some(parent);
            continue;
        }
        if inside && line.trim_start().split(':').next().map(str::trim) == Some(child) {
            return Some(first_line + i);
        }
    }
    None
}

/// For a top-level list of maps (`issuers:` followed by `  - name: …` items), the file line
/// of each key of each item, item by item. Flow-style items (`- {name: X}`) have no keys here.
pub fn list_item_key_lines(
    yaml: &str,
    first_line: usize,
    parent: &str,
) -> Vec<Vec<(String, usize)>> {
    let key_of = |s: &str| {
        s.split_once(':')
            .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string())
            .filter(|k| !k.is_empty() && !k.starts_with(['{', '[', '#']))
    };
    let mut items: Vec<Vec<(String, usize)>> = Vec::new();
    let mut inside = false;
    // Column of the item dashes, and of the keys of the current item.
    let (mut dash, mut key_col): (Option<usize>, Option<usize>) = (None, None);
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.starts_with('-') {
            inside = key_of(trimmed).as_deref() == Some(parent);
            continue;
        }
        if !inside {
            continue;
        }
        let is_dash = trimmed == "-" || trimmed.starts_with("- ");
        if is_dash && dash.is_none_or(|d| d == indent) {
            dash = Some(indent);
            items.push(Vec::new());
            let rest = &trimmed[1..];
            let rest_trimmed = rest.trim_start();
            key_col = Some(indent + 1 + rest.len() - rest_trimmed.len());
            if let (Some(k), Some(item)) = (key_of(rest_trimmed), items.last_mut()) {
                item.push((k, first_line + i));
            }
        } else if Some(indent) == key_col
            && let (Some(k), Some(item)) = (key_of(trimmed), items.last_mut())
        {
            item.push((k, first_line + i));
        }
    }
    items
}

/// "unknown key `key`" (in `within`, a mapping inside the file), and "did you mean `k`?"
/// when one of `known` is close enough to be what was meant: the one message for every
/// mapping vanban reads.
pub fn unknown_key<'a>(
    key: &str,
    within: Option<Text>,
    known: impl IntoIterator<Item = &'a str>,
) -> Text {
    let near = nearest(key, known);
    let id = match (&within, near) {
        (None, None) => "unknown-key",
        (None, Some(_)) => "unknown-key-near",
        (Some(_), None) => "unknown-key-in",
        (Some(_), Some(_)) => "unknown-key-in-near",
    };
    let mut t = Text::new(id).with("key", key);
    if let Some(w) = within {
        t = t.with("place", w);
    }
    if let Some(n) = near {
        t = t.with("near", n);
    }
    t
}

/// The known key closest to an unknown one, if it is close enough to be a likely typo.
fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = unknown.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&lower, k), k))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_are_counted_in_the_file() {
        let yaml = "number: 1-CV/HU\n# comment\nrecipients:\n  - a\nsigner:\n  name: X\n";
        assert_eq!(
            top_level_key_lines(yaml, 2),
            vec![
                ("number".to_string(), 2),
                ("recipients".to_string(), 4),
                ("signer".to_string(), 6)
            ]
        );
        assert_eq!(nested_key_line(yaml, 2, "signer", "name"), Some(7));
    }

    #[test]
    fn list_item_keys_are_found_per_item() {
        let yaml = "title: x\nissuers:\n  - name: A\n    aliases:\n      - a\n    alias: b\n  - name: B\n    # note\n    order: 2\ncampaigns:\n  - name: C\n";
        assert_eq!(
            list_item_key_lines(yaml, 1, "issuers"),
            vec![
                vec![
                    ("name".to_string(), 3),
                    ("aliases".to_string(), 4),
                    ("alias".to_string(), 6)
                ],
                vec![("name".to_string(), 7), ("order".to_string(), 9)],
            ]
        );
        assert_eq!(
            list_item_key_lines(yaml, 1, "campaigns"),
            vec![vec![("name".to_string(), 11)]]
        );
    }

    #[test]
    fn suggests_near_keys_only() {
        let known = ["subject", "signer", "number", "issuer"];
        assert_eq!(nearest("subjet", known), Some("subject"));
        assert_eq!(nearest("isuer", known), Some("issuer"));
        assert_eq!(nearest("zzzzzz", known), None);
    }

    #[test]
    fn parse_errors_land_on_file_lines() {
        let err = serde_yaml::from_str::<serde_yaml::Value>("a: 1\nb: [1, 2\n").unwrap_err();
        let d = parse_error(Path::new("x.md"), &err, "a: 1\nb: [1, 2\n", 2);
        assert!(d.line.unwrap() >= 3, "{d}");
        assert!(d.message.starts_with("invalid YAML"));
        let err = serde_yaml::from_str::<serde_yaml::Value>("a: 1\nb: [x\n").unwrap_err();
        let d = parse_error(Path::new("x.md"), &err, "a: 1\nb: [x\n", 2);
        assert!(
            d.message
                .contains("while parsing a flow sequence at line 3"),
            "{d}"
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let yaml = "a: 1\nb: 2\na: 3\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        let d = parse_error(Path::new("x.md"), &err, yaml, 2);
        assert_eq!(d.line, Some(4), "{d}");
        assert!(d.message.contains("duplicate entry with key \"a\""), "{d}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = check_nesting(Path::new("x.md"), &deep, 2).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert!(check_nesting(Path::new("x.md"), "a: [[1, {b: [2]}]]\nc: \"[[[\"\n", 2).is_ok());
        // More brackets than the limit, none deeper than it; then one level too deep.
        let flat = format!("a: [{}]\n", "[1], {2: 3}, ".repeat(300));
        assert!(check_nesting(Path::new("x.md"), &flat, 2).is_ok());
        let deep = format!("a: 1\n\nb: {}{}\n", "[".repeat(101), "]".repeat(101));
        assert_eq!(
            check_nesting(Path::new("x.md"), &deep, 2).unwrap_err().line,
            Some(4)
        );
        let edge = format!("{}{}", "{".repeat(100), "}".repeat(100));
        assert!(check_nesting(Path::new("x.md"), &edge, 2).is_ok());
    }
}
