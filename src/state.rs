//! What an index remembers beside its documents, in `depeche-state.json` next to `depeche.json`:
//! the roots it was built from, the stamp (size and modification time) of each file read whole,
//! the files that could not be read whole, and the last run.
//!
//! The file is written whole to a temporary file and renamed into place after each commit, so it
//! is never torn, and it never claims more than the index holds: a file's stamp enters it only
//! with the commit that holds the file's stories. It is a cache over the index: when it is lost or
//! unreadable, the next run reads every file again, finds each story's hash unchanged, and writes
//! nothing but this file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file, in an index folder, that holds the [`State`].
pub const STATE_FILE: &str = "depeche-state.json";

/// Where [`State::save`] writes before renaming into place.
const STATE_TEMP_FILE: &str = ".depeche-state.json.tmp";

/// What an index remembers beside its documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    /// The folders and files indexed, canonical, in the order first indexed.
    #[serde(default)]
    pub roots: Vec<String>,
    /// The stamp of each file read whole, by path (see `indexing`): an unchanged stamp spares a
    /// run the reading of the file.
    #[serde(default)]
    pub files: BTreeMap<String, u64>,
    /// The files that could not be read whole, by path, with why: they are read again, and warned
    /// about, on every run until they read whole.
    #[serde(default)]
    pub damaged: BTreeMap<String, String>,
    /// The last run that completed.
    #[serde(default)]
    pub last_run: Option<LastRun>,
}

/// The summary of a completed run, as remembered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct LastRun {
    /// When it ended, in seconds since the Unix epoch.
    pub finished: u64,
    /// Files found by the walk.
    pub files_seen: usize,
    /// Stories added.
    pub added: usize,
    /// Stories updated.
    pub updated: usize,
    /// Stories removed.
    pub removed: usize,
    /// Whether it was interrupted (by a signal) before reading everything.
    #[serde(default)]
    pub interrupted: bool,
}

impl State {
    /// Reads the state of `index_dir`; a missing or unreadable file gives an empty state (a run
    /// then reads every file again, and nothing is lost).
    pub fn load(index_dir: &Path) -> State {
        std::fs::read(index_dir.join(STATE_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the state of `index_dir` atomically (a temporary file, synced, then renamed).
    pub fn save(&self, index_dir: &Path) -> Result<()> {
        let temp = index_dir.join(STATE_TEMP_FILE);
        let written = (|| {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&temp)?);
            serde_json::to_writer(&mut file, self)?;
            file.write_all(b"\n")?;
            file.into_inner()
                .map_err(|error| error.into_error())?
                .sync_all()
        })();
        if let Err(cause) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::io(temp, cause));
        }
        let path = index_dir.join(STATE_FILE);
        std::fs::rename(&temp, &path).map_err(|cause| Error::io(path, cause))
    }

    /// Adds `root` to the roots unless it is there, or lies inside one that is; a new root that
    /// holds remembered ones replaces them.
    pub fn remember_root(&mut self, root: &str) {
        if self
            .roots
            .iter()
            .any(|known| Path::new(root).starts_with(known))
        {
            return;
        }
        self.roots
            .retain(|known| !Path::new(known).starts_with(root));
        self.roots.push(root.to_owned());
    }
}

/// What `depeche status` tells of an index.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    /// The index folder.
    pub index: std::path::PathBuf,
    /// The roots it was built from, with what it holds from each.
    pub roots: Vec<RootStatus>,
    /// Stories held from files under no remembered root (an index built before roots were
    /// remembered).
    pub stories_outside_roots: u64,
    /// Stories in all.
    pub stories: u64,
    /// Quotes in all.
    pub quotes: u64,
    /// The last run that completed.
    pub last_run: Option<LastRun>,
    /// Files that could not be read whole, with why.
    pub damaged: Vec<DamagedFile>,
}

/// One root of an index.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RootStatus {
    /// The folder or file, canonical.
    pub path: String,
    /// Whether it still exists.
    pub exists: bool,
    /// Stories held from it.
    pub stories: u64,
    /// Quotes held from it.
    pub quotes: u64,
}

/// A file that could not be read whole.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DamagedFile {
    /// The file.
    pub path: String,
    /// Why.
    pub why: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_remembered_once_and_nested_roots_fold_into_their_parent() {
        let mut state = State::default();
        state.remember_root("/archive/a");
        state.remember_root("/archive/a");
        state.remember_root("/archive/a/deeper");
        state.remember_root("/archive/b");
        assert_eq!(state.roots, ["/archive/a", "/archive/b"]);
        state.remember_root("/archive");
        assert_eq!(state.roots, ["/archive"]);
        // A sibling whose name starts like a root is not inside it.
        state.remember_root("/archive-old");
        assert_eq!(state.roots, ["/archive", "/archive-old"]);
    }

    #[test]
    fn a_saved_state_loads_back_and_a_torn_one_loads_empty() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut state = State::default();
        state.remember_root("/archive");
        state.files.insert("/archive/a.txt".into(), 42);
        state
            .damaged
            .insert("/archive/b.jsonl.gz".into(), "cut off".into());
        state.save(dir.path()).expect("saving");
        let loaded = State::load(dir.path());
        assert_eq!(loaded.roots, state.roots);
        assert_eq!(loaded.files, state.files);
        assert_eq!(loaded.damaged, state.damaged);
        std::fs::write(dir.path().join(STATE_FILE), "{\"roots\": [").expect("writing");
        assert!(State::load(dir.path()).roots.is_empty());
    }
}
