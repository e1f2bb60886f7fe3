//! The list of files vanban wrote into an output folder, kept in that folder: each file's
//! path, size and XXH3-128 checksum. It is what makes a folder vanban's (SPEC §6): a build
//! replaces or removes only the files listed there, with the bytes listed there, and refuses
//! a folder holding anything else. The same list lets a copy be checked file by file
//! (`vanban sync --verify`), and lets a build tell a page whose bytes did not change without
//! reading the old file.
//!
//! The format is plain text, one file a line, sorted by path, so that the same site gives the
//! same bytes:
//!
//! ```text
//! vanban-manifest 1 <seal>
//! # …comment lines…
//! 0123456789abcdef0123456789abcdef 5120 van-ban/2018/44-cv-hu.html
//! ```
//!
//! Paths are relative, `/`-separated and the rest of the line after the size (so they may
//! hold spaces); a path holding a line break cannot be listed, and is never written. The
//! seal is the XXH3-128 checksum of every byte after the first line: a manifest edited by
//! hand (a line added for a file of one's own, or taken out) or damaged no longer matches
//! it, and is refused as a whole rather than believed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use crate::messages::Text;

/// The manifest's file name, at the root of the output folder.
pub const FILE_NAME: &str = "vanban-manifest.txt";
/// In-place writes under way (`serve`'s edits), listed before they are made and removed once
/// the manifest lists them: a writer killed in between leaves files this list names.
pub(crate) const JOURNAL: &str = "vanban-manifest-journal.txt";
const HEADER: &str = "vanban-manifest 1";
const COMMENT: &str = "# Các tệp do vanban ghi ra thư mục này (mã kiểm tra XXH3-128, cỡ theo byte, đường dẫn).\n\
# Files vanban wrote into this folder (XXH3-128 checksum, size in bytes, path). vanban\n\
# replaces or removes only these files; it refuses a folder holding any other.\n";

/// One file's size and checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub hash: u128,
    pub size: u64,
}

impl Entry {
    /// The entry of these bytes.
    pub fn of(bytes: &[u8]) -> Entry {
        Entry {
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
            size: bytes.len() as u64,
        }
    }

    /// The checksum as the manifest writes it: 32 hexadecimal digits.
    pub fn hash_hex(&self) -> String {
        format!("{:032x}", self.hash)
    }

    /// The entry of the file at `path`, read in blocks.
    pub(crate) fn of_file(path: &Path) -> io::Result<Entry> {
        let mut file = fs::File::open(path)?;
        copy_hashing(&mut file, &mut io::sink())
    }
}

/// Copies `from` into `to`, returning the entry of the bytes copied: an attachment is read
/// once to be written and listed.
pub(crate) fn copy_hashing(from: &mut impl Read, to: &mut impl Write) -> io::Result<Entry> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n])?;
        size += n as u64;
    }
    Ok(Entry {
        hash: hasher.digest128(),
        size,
    })
}

/// The files of one output folder, by path relative to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The manifest of `dir`; `Ok(None)` when it has none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Text> {
        Manifest::read_at(&dir.join(FILE_NAME))
    }

    /// The manifest in the file `path`; `Ok(None)` when there is no such file.
    pub(crate) fn read_at(path: &Path) -> Result<Option<Manifest>, Text> {
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Text::failed("cannot-read", path, &e)),
            Ok(m) if !m.is_file() => {
                return Err(Text::new("not-a-file").with("path", path.display().to_string()));
            }
            Ok(_) => {}
        }
        let text = fs::read_to_string(path).map_err(|e| Text::failed("cannot-read", path, &e))?;
        Manifest::parse(&text).map(Some).map_err(|(line, why)| {
            Text::new("manifest-line")
                .with("path", path.display().to_string())
                .with("line", line)
                .with("why", why)
        })
    }

    /// Parses a manifest's text; an error is the line's number and what is wrong with it.
    pub fn parse(text: &str) -> Result<Manifest, (usize, Text)> {
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        let Some(seal) = first.strip_prefix(HEADER).and_then(|s| s.strip_prefix(' ')) else {
            return Err((1, Text::new("manifest-no-header").with("header", HEADER)));
        };
        if u128::from_str_radix(seal, 16).ok() != Some(xxhash_rust::xxh3::xxh3_128(rest.as_bytes()))
            || seal.len() != 32
        {
            return Err((1, Text::new("manifest-seal")));
        }
        let lines = rest.lines().enumerate().map(|(i, l)| (i + 1, l));
        let mut files = BTreeMap::new();
        for (i, line) in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let quoted = |s: &str| s.chars().take(80).collect::<String>();
            let bad = || {
                (
                    i + 1,
                    Text::new("manifest-not-entry").with("line", quoted(line)),
                )
            };
            let mut parts = line.splitn(3, ' ');
            let (Some(hash), Some(size), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let hash = (hash.len() == 32)
                .then(|| u128::from_str_radix(hash, 16).ok())
                .flatten()
                .ok_or_else(bad)?;
            let size = size.parse::<u64>().map_err(|_| bad())?;
            if !is_listable(path) {
                return Err((
                    i + 1,
                    Text::new("manifest-outside").with("path", quoted(path)),
                ));
            }
            if files
                .insert(path.to_string(), Entry { hash, size })
                .is_some()
            {
                return Err((
                    i + 1,
                    Text::new("manifest-twice").with("path", quoted(path)),
                ));
            }
        }
        Ok(Manifest { files })
    }

    /// The manifest's text: the same files give the same bytes.
    pub(crate) fn to_text(&self) -> String {
        let mut body = String::with_capacity(64 * self.files.len() + 256);
        body.push_str(COMMENT);
        for (path, e) in &self.files {
            use std::fmt::Write as _;
            let _ = writeln!(body, "{:032x} {} {path}", e.hash, e.size);
        }
        let seal = xxhash_rust::xxh3::xxh3_128(body.as_bytes());
        format!("{HEADER} {seal:032x}\n{body}")
    }

    /// Writes the manifest into `dir`, beside it first and renamed over it, so that the
    /// folder never holds half of one.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        self.write_as(dir, FILE_NAME)
    }

    /// Writes the manifest into `dir` under the file name `name`, as [`Manifest::write`].
    pub fn write_as(&self, dir: &Path, name: &str) -> io::Result<()> {
        let temp = dir.join(temp_name(name));
        fs::write(&temp, self.to_text())
            .and_then(|()| fs::rename(&temp, dir.join(name)))
            .inspect_err(|_| {
                let _ = fs::remove_file(&temp);
            })
    }
}

/// The name a file called `name` is written under before it is renamed into place:
/// `.NAME.vanban-tmp-PID`, hidden, and never a name a site has.
pub(crate) fn temp_name(name: &str) -> String {
    format!(".{name}.vanban-tmp-{}", std::process::id())
}

/// Whether `file` is a [`temp_name`] of `name` (of this process or another).
pub(crate) fn is_temp_of(file: &str, name: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix(".vanban-tmp-"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `path` can be a line of the manifest: relative, `/`-separated, no `.` or `..`
/// part, no line break, not the manifest itself.
pub(crate) fn is_listable(path: &str) -> bool {
    !path.is_empty()
        && path != FILE_NAME
        && !path.contains(['\n', '\r', '\\', '\0'])
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_round_trips_and_is_sorted() {
        let mut m = Manifest::default();
        m.files.insert("b/c d.pdf".into(), Entry::of(b"pdf"));
        m.files.insert("a.html".into(), Entry::of(b""));
        let text = m.to_text();
        assert!(text.starts_with("vanban-manifest 1 "));
        let a = text.find(" a.html").unwrap();
        assert!(a < text.find(" b/c d.pdf").unwrap());
        assert_eq!(Manifest::parse(&text).unwrap(), m);
    }

    /// A manifest's text with these lines after the comment, sealed as vanban seals it.
    fn sealed(lines: &str) -> String {
        let body = format!("{COMMENT}{lines}");
        format!(
            "{HEADER} {:032x}\n{body}",
            xxhash_rust::xxh3::xxh3_128(body.as_bytes())
        )
    }

    #[test]
    fn a_bad_line_is_named() {
        let said = |text: &str| {
            let (line, why) = Manifest::parse(text).unwrap_err();
            format!("{line}: {why}")
        };
        assert!(said("x\n").starts_with("1: not a vanban"));
        let e = said(&sealed("zz 1 a.html\n"));
        assert!(e.contains("checksum size path"), "{e}");
        let line = format!("{:032x} 1 ../etc/passwd\n", 7);
        assert!(Manifest::parse(&sealed(&line)).is_err());
        let line = format!("{:032x} 1 a\n", 7);
        let e = said(&sealed(&format!("{line}{line}")));
        assert!(e.contains("twice"), "{e}");
    }

    #[test]
    fn a_line_added_or_taken_out_by_hand_breaks_the_seal() {
        let mut m = Manifest::default();
        m.files.insert("a.html".into(), Entry::of(b"a"));
        m.files.insert("b.html".into(), Entry::of(b"b"));
        let text = m.to_text();
        assert_eq!(Manifest::parse(&text).unwrap(), m);
        let added = format!("{text}{:032x} 11 .bashrc\n", 1);
        let cut: String = text
            .lines()
            .filter(|l| !l.ends_with(" b.html"))
            .map(|l| format!("{l}\n"))
            .collect();
        for edited in [added, cut, text.replace("# ", "#  ")] {
            let e = Manifest::parse(&edited).unwrap_err().1.to_string();
            assert!(e.contains("edited by hand"), "{e}");
        }
    }

    #[test]
    fn a_copy_is_hashed_as_the_bytes_are() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut out = Vec::new();
        let e = copy_hashing(&mut &bytes[..], &mut out).unwrap();
        assert_eq!(out, bytes);
        assert_eq!(e, Entry::of(&bytes));
        assert_ne!(e, Entry::of(&bytes[1..]));
    }

    #[test]
    fn listable_paths_stay_inside() {
        for ok in ["a.html", "van-ban/2018/a b#c?.pdf"] {
            assert!(is_listable(ok), "{ok}");
        }
        for bad in ["", "/a", "a//b", "../a", "a/./b", "a\nb", FILE_NAME] {
            assert!(!is_listable(bad), "{bad:?}");
        }
    }
}
