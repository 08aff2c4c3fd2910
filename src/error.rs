//! The library's error type. Each variant carries what a user needs to act on it: the path, the
//! query, what to run next.

use std::path::PathBuf;

/// A depeche error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    ///
    /// The cause is part of the message and not exposed as a `source`, so that a printed chain
    /// (`{:#}`) says it once.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        cause: std::io::Error,
    },
    /// A folder or file named to `depeche index` does not exist.
    #[error("{} does not exist{}", path.display(), if *remembered {
        format!(": the index still holds the stories indexed from it; to drop them, run `depeche forget {}`", path.display())
    } else {
        String::new()
    })]
    MissingRoot {
        /// The path as given.
        path: PathBuf,
        /// Whether the index remembers it (or a folder inside it) as a root.
        remembered: bool,
    },
    /// `depeche index` was given no folder, and the index remembers none to walk again.
    #[error("no folder to index: name one (`depeche index FOLDER...`); the index at {} remembers none", path.display())]
    NoRoots {
        /// The index folder.
        path: PathBuf,
    },
    /// No index exists at the given place.
    #[error("no index at {}: build one with `depeche index FOLDER...` (or point --index / DEPECHE_INDEX at an existing one)", path.display())]
    NoIndex {
        /// The index folder.
        path: PathBuf,
    },
    /// A folder exists and holds files, but is not a depeche index.
    #[error("{} is not a depeche index (it holds files but no depeche.json marker): choose another --index folder (an empty or new one to build an index), or remove this one if it is yours", path.display())]
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
    #[error(
        "the index does not match depeche's schema ({detail}): rebuild it with `depeche index --rebuild FOLDER...`"
    )]
    SchemaMismatch {
        /// What differs.
        detail: String,
    },
    /// Another process holds the index writer.
    #[error("the index at {} is busy: another `depeche index` is writing to it{holder}; wait for it to end (or stop it), then run again", path.display())]
    IndexBusy {
        /// The index folder.
        path: PathBuf,
        /// Who holds it, as ` (process N)`, or empty.
        holder: String,
    },
    /// The index is damaged or unreadable.
    #[error("the index at {} is damaged ({detail}): rebuild it with `depeche index --rebuild FOLDER...`", path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What tantivy reported.
        detail: String,
    },
    /// Writing the index failed (disk full, file too large, write refused): nothing of the run since
    /// its last commit was kept.
    #[error("writing the index at {} failed ({detail}); the index keeps the state of its last commit: free disk space (or fix the cause), then run `depeche index` again to resume", path.display())]
    WriteFailed {
        /// The index folder.
        path: PathBuf,
        /// What went wrong.
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
    /// A date range that ends before it starts.
    #[error("--since {since} comes after --until {until}: no story can match")]
    DateRange {
        /// The start given.
        since: String,
        /// The end given.
        until: String,
    },
    /// No article has the given id.
    #[error("no story with id \"{id}\" in the index")]
    UnknownId {
        /// The id asked for.
        id: String,
    },
    /// tantivy failed while indexing or searching.
    ///
    /// Not a `source`: tantivy's messages already repeat their causes.
    #[error("index error: {}", describe(.0))]
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Error {
        Error::Tantivy(error)
    }
}

/// A result with a depeche [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error about a path.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            cause,
        }
    }

    /// The index at `path` cannot be opened because of `error`.
    pub fn damaged(path: impl Into<PathBuf>, error: &tantivy::TantivyError) -> Error {
        Error::Damaged {
            path: path.into(),
            detail: describe(error),
        }
    }

    /// Writing the index at `path` failed with `error`.
    pub fn write_failed(path: impl Into<PathBuf>, error: &tantivy::TantivyError) -> Error {
        Error::WriteFailed {
            path: path.into(),
            detail: describe(error),
        }
    }
}

/// Longest tantivy detail kept in a message: tantivy quotes whole files in some errors.
const MAX_DETAIL_CHARS: usize = 200;

/// A short account of a tantivy error, naming the file concerned when there is one.
pub fn describe(error: &tantivy::TantivyError) -> String {
    use tantivy::TantivyError;
    use tantivy::directory::error::OpenReadError;
    let name = |path: &std::path::Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    };
    let text = match error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("the file {} is missing", name(path))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("cannot read {}: {io_error}", name(filepath))
        }
        TantivyError::IoError(io_error) => io_error.to_string(),
        TantivyError::DataCorruption(corruption) => {
            // `Data corruption (in file "meta.json"): what. Content: "the whole file"`.
            let text = format!("{corruption:?}");
            let text = text
                .split_once(". Content:")
                .map_or(text.as_str(), |(head, _)| head);
            text.replacen("Data corruption", "corrupted data", 1)
        }
        other => other.to_string(),
    };
    shorten(&text, MAX_DETAIL_CHARS)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
