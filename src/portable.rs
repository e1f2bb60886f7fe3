//! What a path of the site needs to be copied to a FAT32 or exFAT stick (and opened on
//! Windows): no character those file systems reserve, no name Windows keeps for a device,
//! no name ending in a dot or space, at most [`MAX_PATH`] characters, and no two paths that
//! differ only in letter case (the stick holds one of them). Slugs are made to fit by
//! `archive::fit_slug`; the names a build cannot choose (attachments, the theme's files)
//! are checked here.

use crate::messages::Text;
use std::collections::HashMap;

/// The longest path inside the site, in UTF-16 units as Windows counts them: Windows opens
/// at most 260, and the copy sits under a drive and a folder or two.
pub const MAX_PATH: usize = 240;

/// Characters no name on FAT, exFAT or NTFS may hold (besides control characters and `/`).
pub const RESERVED_CHARS: &str = "<>:\"|?*\\";

/// Names Windows reserves for devices, with or without an extension (`con`, `aux.pdf`,
/// `com1.docx`): a FAT or NTFS stick cannot hold them.
pub fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let s = stem.to_ascii_lowercase();
    matches!(s.as_str(), "con" | "prn" | "aux" | "nul")
        || ((s.starts_with("com") || s.starts_with("lpt"))
            && s.len() == 4
            && s.as_bytes()[3].is_ascii_digit())
}

/// Why a stick cannot hold a file or folder named `name`, if it cannot.
pub fn name_problem(name: &str) -> Option<Text> {
    if let Some(c) = name
        .chars()
        .find(|c| RESERVED_CHARS.contains(*c) || c.is_control())
    {
        return Some(Text::new("name-has-char").with("char", c.escape_debug().to_string()));
    }
    if is_reserved_name(name) {
        return Some(Text::new("name-reserved"));
    }
    if name.ends_with(['.', ' ']) {
        return Some(Text::new("name-trailing-dot"));
    }
    None
}

/// How a path compares on a stick: letter case does not count.
fn folded(path: &str) -> String {
    path.to_lowercase()
}

/// One problem of a site's path on a stick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A part of the path (the file's name or a folder's) cannot be held: why.
    Name(Text),
    /// The path is this many characters long.
    TooLong(usize),
    /// The path is the same as this other one but for letter case.
    SameAs(String),
}

impl Problem {
    /// What is wrong, after the path.
    pub fn message(&self) -> Text {
        match self {
            Problem::Name(why) => Text::new("path-not-portable").with("why", why.clone()),
            Problem::TooLong(n) => Text::new("path-too-long")
                .with("length", *n)
                .with("max", MAX_PATH),
            Problem::SameAs(other) => Text::new("path-case-twin").with("other", other.as_str()),
        }
    }
}

/// The problems of the site's paths (relative, `/`-separated), each with its path, in the
/// order given. A folder shared by many paths is named once.
pub fn check<'p>(paths: impl IntoIterator<Item = &'p str>) -> Vec<(String, Problem)> {
    let mut problems = Vec::new();
    // Every path and folder by its folded form, with how it is written.
    let mut seen: HashMap<String, &'p str> = HashMap::new();
    for path in paths {
        let mut end = 0;
        for part in path.split('/') {
            end += part.len();
            let prefix = &path[..end];
            end += 1;
            match seen.entry(folded(prefix)) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    if *o.get() != prefix {
                        problems.push((prefix.to_string(), Problem::SameAs(o.get().to_string())));
                    }
                    continue;
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(prefix);
                }
            }
            if let Some(why) = name_problem(part) {
                problems.push((prefix.to_string(), Problem::Name(why)));
            }
        }
        let long = path.encode_utf16().count();
        if long > MAX_PATH {
            problems.push((path.to_string(), Problem::TooLong(long)));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_stick_cannot_hold() {
        for bad in [
            "a?.pdf",
            "b:c.docx",
            "x\"y",
            "tab\t.pdf",
            "con",
            "CON.pdf",
            "aux.tar.gz",
            "com1.doc",
            "Lpt9",
            "bao cao.",
            "bao cao ",
        ] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
        for ok in [
            "báo cáo.pdf",
            "console.pdf",
            "com10.pdf",
            "a b#c.pdf",
            "index.html",
            ".htaccess",
        ] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn paths_that_differ_only_in_case_long_paths_and_bad_folders_are_found() {
        let long = format!("van-ban/2018/x/{}.pdf", "ă".repeat(230));
        let paths = [
            "van-ban/2018/a/Báo cáo.pdf",
            "van-ban/2018/a/báo cáo.pdf",
            "van-ban/2018/a/BÁO CÁO.PDF",
            "Van-ban/x.html",
            "static/aux/x.css",
            "static/aux/y.css",
            long.as_str(),
        ];
        let found = check(paths);
        assert_eq!(
            found,
            [
                (
                    "van-ban/2018/a/báo cáo.pdf".to_string(),
                    Problem::SameAs("van-ban/2018/a/Báo cáo.pdf".into())
                ),
                (
                    "van-ban/2018/a/BÁO CÁO.PDF".to_string(),
                    Problem::SameAs("van-ban/2018/a/Báo cáo.pdf".into())
                ),
                ("Van-ban".to_string(), Problem::SameAs("van-ban".into())),
                (
                    "static/aux".to_string(),
                    Problem::Name(Text::new("name-reserved"))
                ),
                (long.clone(), Problem::TooLong(long.encode_utf16().count())),
            ]
        );
        assert!(check(["index.html", "van-ban/2018/a.html", "van-ban/2018/a/b.pdf"]).is_empty());
    }
}
