//! vanban: a folder of directive documents (Markdown with YAML front matter) becomes a
//! cross-linked static archive website that works from a web server and from file://.

pub mod diagnostics;
pub mod number;
pub mod synth;
pub mod vietnamese;
