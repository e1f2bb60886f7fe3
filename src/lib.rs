//! vanban: a folder of directive documents (Markdown with YAML front matter) becomes a
//! cross-linked static archive website that works from a web server and from file://.
//!
//! The pipeline, one stage a module: `config` and `content` load and validate, `archive`
//! builds the indexes, `citations` finds and resolves references between documents,
//! `render` turns them into pages, `output` writes them atomically. `site` runs the stages
//! for the commands; `check`, `new` and `serve` are the other commands, `cli` reads their
//! arguments, and `terminal` draws what they show while working.

// The public surface is what the library's users need, nothing more: the `vanban` command
// (`cli`), the developer tools in bench/ (`site::prepare` and the archive, citation graph
// and synthetic-content helpers they read), the examples (the search index), the fuzz
// targets (front matter, citations, import, sync, the tokenizer) and the integration tests
// under tests/ that drive a stage directly (manifest, output folders, the compiled pages).
// Everything else is `pub(crate)`.

// The documentation is for developers and read with `cargo doc --document-private-items`:
// public items may link to the private ones that explain them.
#![allow(rustdoc::private_intra_doc_links)]

pub mod archive;
pub(crate) mod check;
pub mod citations;
pub mod cli;
pub(crate) mod config;
pub(crate) mod confine;
pub mod content;
pub(crate) mod diagnostics;
pub mod ids;
pub mod import;
pub mod manifest;
pub(crate) mod messages;
pub mod model;
pub mod new;
pub mod number;
pub mod output;
pub(crate) mod portable;
pub mod progress;
pub mod render;
pub mod search;
pub(crate) mod serve;
pub mod site;
pub mod sync;
pub(crate) mod terminal;
pub(crate) mod urls;
pub mod vietnamese;
pub(crate) mod write;
pub(crate) mod yaml;
