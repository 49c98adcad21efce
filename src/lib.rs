//! kheo: a static-site generator for "Dân vận khéo" models.
//!
//! The pipeline, one module a step: [`content`] discovers and parses the
//! Markdown files, [`index`] builds the [`index::Index`] every output borrows,
//! [`markdown`] renders bodies, [`render`] renders pages with the theme, and
//! [`output`] writes them atomically; [`search`] is the search index, another
//! output of the same Index, and [`booklet`] the printable booklet (PDF,
//! EPUB, print page). [`site`] strings the steps together; [`serve`] is the
//! preview server that rebuilds on change; [`cli`] is the command line.

pub mod booklet;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fingerprint;
pub mod index;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod vi;
pub mod yaml;
