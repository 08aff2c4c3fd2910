//! depeche indexes French news archives with tantivy, searches them as a French reader expects, and
//! finds every direct quotation with its speaker.
//!
//! Code map, in reading order (see `ARCHITECTURE.md` for the data flow):
//!
//! - [`text`]: the one folding, word-character and apostrophe rule every module reads words by.
//! - [`date`]: dates of every precision the sources give, and the periods search filters name.
//! - [`corpus`]: walk folders, read files in any encoding, parse one file into [`corpus::Article`]s.
//! - [`analysis`]: the French analyzers shared by indexing and querying.
//! - [`schema`]: `index-schema/index.toml` turned into a tantivy schema, and the field handles.
//! - [`names`]: a speaker's canonical key, and which speakers a name asked for designates.
//! - [`versions`]: a story's fingerprint, and whether two stories are versions of one.
//! - [`quotes`]: direct quotations and their speakers, from a story's paragraphs (pure).
//! - [`store`]: the index folder: create, open, lock, check (marker, schema version, damage), count.
//! - [`document`]: an article or a quote made into a tantivy document (field handles only).
//! - [`indexing`]: parallel reading into one tantivy writer, incremental and atomic.
//! - [`state`]: what an index remembers beside its documents (roots, file stamps, damaged files).
//! - [`search`]: query language, ranking, snippets, quote and speaker look-ups.
//! - [`output`]: text and JSON formatting of results onto any `Write` (the binary picks stdout).
//! - [`error`]: the library's error type.
//!
//! Modules depend one way, top to bottom: `indexing`/`search`/`output` → `store`/`document`/`schema`
//! → `analysis`/`quotes`/`names`/`versions`/`corpus`/`date` → `text`. The command line is not here: it belongs to the
//! binary (`src/main.rs`, `src/cli/`), so the library exports no clap type, never prints and never
//! exits the process.

#![warn(missing_docs)]

pub mod analysis;
pub mod corpus;
pub mod date;
pub mod document;
pub mod error;
pub mod indexing;
pub mod names;
pub mod output;
pub mod quotes;
pub mod schema;
pub mod search;
pub mod state;
pub mod store;
pub mod text;
pub mod versions;

pub use error::{Error, Result};
