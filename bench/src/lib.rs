//! Developer tools for vanban, kept out of the product: the synthetic archive generator
//! ([`synth`], also the `vanban-synth` command) that tests and the benchmark build from, and
//! `vanban-bench`, which times `vanban build` and `vanban serve` on such archives.

pub mod synth;
