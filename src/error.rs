//! The library's error type. Each variant carries what a user needs to act on it: the path, the
//! query, what to run next.

use std::path::PathBuf;

/// A depeche error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// No index exists at the given place.
    #[error("no index at {}: build one with `depeche index FOLDER...` (or point --index / DEPECHE_INDEX at an existing one)", path.display())]
    NoIndex {
        /// The index folder.
        path: PathBuf,
    },
    /// A folder exists but is not a depeche index.
    #[error("{} is not a depeche index (no depeche.json marker): choose another --index folder, or remove this one if it is yours", path.display())]
    NotDepecheIndex {
        /// The folder.
        path: PathBuf,
    },
    /// The index was built with another schema version.
    #[error("the index at {} was built with schema version {found}, and this depeche reads version {expected}: rebuild it with `depeche index --rebuild FOLDER...`", path.display())]
    SchemaVersion {
        /// The index folder.
        path: PathBuf,
        /// The version written in the index.
        found: u32,
        /// The version of this binary.
        expected: u32,
    },
    /// The index's fields are not the ones the schema names.
    #[error("the index does not match depeche's schema ({detail}): rebuild it with `depeche index --rebuild FOLDER...`")]
    SchemaMismatch {
        /// What differs.
        detail: String,
    },
    /// Another process holds the index writer.
    #[error("the index at {} is busy: another `depeche index` is writing to it{holder}", path.display())]
    IndexBusy {
        /// The index folder.
        path: PathBuf,
        /// Who holds it, as ` (process N)`, or empty.
        holder: String,
    },
    /// The index is damaged or unreadable.
    #[error("cannot open the index at {}: {detail}; rebuild it with `depeche index --rebuild FOLDER...`", path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What tantivy reported.
        detail: String,
    },
    /// A query could not be parsed.
    #[error("invalid query: {message}\n  {query}\n  {marker}")]
    Query {
        /// The query as typed.
        query: String,
        /// A caret line pointing under the problem.
        marker: String,
        /// What is wrong.
        message: String,
    },
    /// A date argument could not be parsed.
    #[error("cannot read the date \"{value}\": use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate {
        /// The value given.
        value: String,
    },
    /// No article has the given id.
    #[error("no story with id \"{id}\" in the index")]
    UnknownId {
        /// The id asked for.
        id: String,
    },
    /// tantivy failed while indexing or searching.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// A result with a depeche [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error about a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
