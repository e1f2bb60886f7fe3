//! The theme: Tera templates and static files. The default theme (`themes/default` in this
//! repository) is compiled into the binary, so a folder with only `content/` builds; a site's
//! own `themes/<name>/templates/*.html` and `themes/<name>/static/**` override it file by file.
//! Templates are read only from that folder (no symlink leaving the site), and Tera can only
//! include templates loaded here, so no template can read another file.

use std::path::{Path, PathBuf};

use tera::Tera;

use super::words::{self, Words};
use crate::diagnostics::Diagnostic;
use crate::messages::Text;

macro_rules! embedded {
    ($dir:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, "/", $name)) as &[u8])),*]
    };
}

/// The default templates, by name.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embedded!(
    "templates",
    "base.html",
    "macros.html",
    "doc_item.html",
    "cited_item.html",
    "home.html",
    "document.html",
    "list.html",
    "issuers.html",
    "terms.html",
    "search.html",
    "relations.html",
);

/// The default static files, by path under `static/`: the style sheet, the search script, and
/// the fonts the style sheet names (subsets of Tinos and Arimo with their licence), so that
/// every machine draws the pages in the same Vietnamese-complete faces.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = embedded!(
    "static",
    "style.css",
    "search.js",
    "fonts/OFL.txt",
    "fonts/arimo-bold.woff2",
    "fonts/arimo-italic.woff2",
    "fonts/arimo-regular.woff2",
    "fonts/tinos-bold.woff2",
    "fonts/tinos-bolditalic.woff2",
    "fonts/tinos-italic.woff2",
    "fonts/tinos-regular.woff2",
);

pub struct Theme {
    pub tera: Tera,
    /// Whether the built-in templates that this theme leaves alone are written by
    /// [`super::compiled`] (on by default; tests turn it off to compare with Tera).
    pub compiled: bool,
    /// The templates this theme overrides.
    overridden: Vec<String>,
    /// Static files to write under `static/`: (relative path, bytes), sorted.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// The words pages show besides their templates'.
    pub words: Words,
    /// What loading it found that is not an error (a special file beside the templates, an
    /// unknown key in `words.yaml`), for the build to report.
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// Whether a page made of `templates` is written by [`super::compiled`]: compiling is on
    /// and the theme overrides none of them.
    pub fn compiles(&self, templates: &[&str]) -> bool {
        self.compiled
            && !self
                .overridden
                .iter()
                .any(|o| templates.contains(&o.as_str()))
    }
}

/// Loads the theme named in the config: the default, overridden by `root/themes/<name>/`.
/// Every diagnostic when any is an error, else the theme with its warnings.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut templates: Vec<(String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, b)| (n.to_string(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let mut static_files: Vec<(String, Vec<u8>)> = DEFAULT_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();

    let theme_dir = root.join("themes").join(name);
    let site = root.canonicalize().unwrap_or(root.to_path_buf());
    // `themes/` stays inside the site, and the theme and everything in it inside `themes/`
    // (crate::confine): a theme's static files are published as they are, so a link from
    // them into content/ would publish the sources of withheld documents.
    let themes = root.join("themes");
    let bound = match crate::confine::folder(&themes, &site, "the site folder", Path::new("themes"))
    {
        Ok(Some(real)) if real.starts_with(site.join("content")) => {
            diags.push(Diagnostic::error(
                "themes",
                Text::new("themes-into-content"),
            ));
            return Err(diags);
        }
        Ok(Some(real)) => real,
        Ok(None) => themes,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    let mut dirs = vec![true];
    for dir in [
        theme_dir.clone(),
        theme_dir.join("templates"),
        theme_dir.join("static"),
    ] {
        match crate::confine::folder(&dir, &bound, "themes/", &shown(root, &dir)) {
            Ok(found) => dirs.push(found.is_some()),
            Err(d) => {
                diags.push(d);
                return Err(diags);
            }
        }
    }
    if name != "default" && !dirs[1] {
        diags.push(
            Diagnostic::error(
                crate::config::FILE_NAME,
                Text::new("theme-not-found").with("name", name),
            )
            .key("theme"),
        );
        return Err(diags);
    }
    let mut overridden = Vec::new();
    for (file, rel) in theme_files(&theme_dir.join("templates"), &bound, root, &mut diags) {
        match std::fs::read_to_string(&file) {
            Ok(text) => {
                let tname = rel.to_string_lossy().replace('\\', "/");
                overridden.push(tname.clone());
                templates.retain(|(n, _)| *n != tname);
                templates.push((tname, text));
            }
            Err(e) => diags.push(Diagnostic::error(shown(root, &file), Text::unreadable(&e))),
        }
    }
    for (file, rel) in theme_files(&theme_dir.join("static"), &bound, root, &mut diags) {
        match std::fs::read(&file) {
            Ok(bytes) => {
                let sname = rel.to_string_lossy().replace('\\', "/");
                static_files.retain(|(n, _)| *n != sname);
                static_files.push((sname, bytes));
            }
            Err(e) => diags.push(Diagnostic::error(shown(root, &file), Text::unreadable(&e))),
        }
    }
    static_files.sort();
    let words = theme_words(&theme_dir, &bound, root, &mut diags);

    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which garbles numbers (44-CV&#x2F;HU) and every href.
    tera.set_escape_fn(crate::render::escape_fn);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diags.push(Diagnostic::error(
            theme_dir.strip_prefix(root).unwrap_or(&theme_dir),
            Text::new("template-error").with("message", error_chain(&e)),
        ));
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        compiled: true,
        overridden,
        static_files,
        words,
        warnings: diags,
    })
}

/// The default words, reworded by the theme's `words.yaml` if it has one.
fn theme_words(theme_dir: &Path, bound: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Words {
    let file = theme_dir.join(words::FILE_NAME);
    let shown = shown(root, &file);
    let text = match crate::confine::file(&file, bound, "the site folder", &shown) {
        Ok(Some(path)) => match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.push(Diagnostic::error(&shown, Text::unreadable(&e)));
                None
            }
        },
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let (words, mut found) = words::load(text.as_deref(), &shown);
    diags.append(&mut found);
    words
}

/// Files below `dir` (with their paths relative to it), by the rule of [`crate::confine`]:
/// links leading outside `bound` (`themes/`), pipes, devices and unreadable folders are
/// errors.
fn theme_files(
    dir: &Path,
    bound: &Path,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let (found, mut walked) = crate::confine::walk(dir, bound, "themes/", root, |_| true);
    diags.append(&mut walked);
    found
        .into_iter()
        .filter_map(|f| {
            let rel = f.path.strip_prefix(dir).ok()?.to_path_buf();
            Some((f.path, rel))
        })
        .collect()
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A Tera error with its causes, which hold the useful part ("Variable `x` not found").
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
