//! Test builder: a site folder in a temporary directory, filled from a fixture or by hand,
//! built through the library or the binary, and its output read back.
#![allow(dead_code)]

pub mod browser;
mod chromium;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use vanban::site::{self, BuildFailure, BuildOptions, BuildReport};

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        TestSite { dir }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(&fixtures().join(name), site.root());
        site
    }

    /// A copy of the repository's sample archive (`content/` and `vanban.yaml`).
    pub fn sample() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &site.root().join("content"));
        std::fs::copy(repo.join("vanban.yaml"), site.root().join("vanban.yaml")).unwrap();
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Writes each `[path, number, issuer, date, subject, body]` as a minimal valid
    /// document (see [`doc`]).
    pub fn write_docs(&self, docs: &[[&str; 6]]) -> &Self {
        for [path, number, issuer, date, subject, body] in docs {
            self.write(path, &doc(number, issuer, date, subject, body));
        }
        self
    }

    /// The built page whose file name starts with `prefix`, under `public/van-ban/`, from
    /// the site root; there must be exactly one.
    pub fn page_named(&self, prefix: &str) -> String {
        let root = self.public().join("van-ban");
        let found: Vec<_> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .map(|e| {
                e.path()
                    .strip_prefix(self.public())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(found.len(), 1, "{prefix}: {found:?}");
        found[0].clone()
    }

    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        self.build_with(|_| {})
    }

    pub fn build_with(
        &self,
        f: impl FnOnce(&mut BuildOptions),
    ) -> Result<BuildReport, BuildFailure> {
        let mut opts = BuildOptions {
            root: self.root().to_path_buf(),
            ..Default::default()
        };
        f(&mut opts);
        site::build(&opts)
    }

    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(f) => panic!(
                "build failed: {:?}\n{}",
                f.message,
                f.diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.public().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Runs the `vanban` binary with these arguments in the site folder, in English
    /// whatever the machine's locale (`--lang` in `args` still chooses).
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        in_locale(self, "C.UTF-8", args)
    }

    /// Every file of the output, relative path → bytes.
    pub fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        read_tree(&self.public())
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Runs the SPEC §3 site checker (a copy of the contract's `check_site.py`) on a folder.
pub fn check_site(dir: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_site.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "check_site.py found problems:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// Runs `vanban` in the site folder with `LANG` set to `lang` (and no other locale).
pub fn in_locale(site: &TestSite, lang: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .current_dir(site.root())
        .output()
        .unwrap()
}

/// A minimal valid document.
pub fn doc(number: &str, issuer: &str, date: &str, subject: &str, body: &str) -> String {
    format!(
        "---\nnumber: \"{number}\"\nissuer: {issuer}\ndate: {date}\nsubject: \"{subject}\"\n---\n{body}\n"
    )
}

/// What a command wrote to its standard output.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a command wrote to its standard error.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
