//! vanban: a folder of directive documents (Markdown with YAML front matter) becomes a
//! cross-linked static archive website that works from a web server and from file://.
//!
//! The pipeline, one stage a module: `config` and `content` load and validate, `archive`
//! builds the indexes, `citations` finds and resolves references between documents,
//! `render` turns them into pages, `output` writes them atomically. `site` runs the stages
//! for the commands; `check`, `new` and `serve` are the other commands, and `terminal` draws
//! what they show while working.

pub mod archive;
pub mod check;
pub mod citations;
pub mod config;
pub(crate) mod confine;
pub mod content;
pub mod diagnostics;
pub mod ids;
pub mod import;
pub mod manifest;
pub mod messages;
pub mod model;
pub mod new;
pub mod number;
pub mod output;
pub mod portable;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod sync;
pub mod terminal;
pub(crate) mod urls;
pub mod vietnamese;
pub mod write;
pub(crate) mod yaml;
