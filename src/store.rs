//! The index folder: the one module that creates, opens, locks and checks it.
//!
//! A depeche index folder holds tantivy's files, the marker [`MARKER_FILE`] that says it is a
//! depeche index and names its schema version, and, while a run writes, `depeche-writer.pid` naming
//! that run. This module decides whether a folder is empty, a depeche index, of this schema
//! version, or damaged; opens it for reading (with a few retries while a writer commits) or for
//! writing (creating or, on `--rebuild`, recreating it under the writer lock); and counts the live
//! documents of a kind. It knows nothing of articles, quotes or queries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use tantivy::collector::Count;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Schema, TantivyDocument};
use tantivy::store::Compressor;
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, Searcher, Term};

use crate::analysis;
use crate::error::{Error, Result};
use crate::schema::{self, Fields, KIND_ARTICLE, KIND_QUOTE, name, schema_version};

/// The file, inside an index folder, that marks it as a depeche index and names its schema version.
pub const MARKER_FILE: &str = "depeche.json";

/// Opens the index at `index_dir`, creating it when the folder is missing or empty.
///
/// A folder that holds files but no depeche marker is refused ([`Error::NotDepecheIndex`]): depeche
/// never writes into a folder that is not its own.
pub fn open_or_create(index_dir: &Path) -> Result<Index> {
    if folder_is_empty(index_dir)? {
        std::fs::create_dir_all(index_dir).map_err(|source| Error::io(index_dir, source))?;
        // The marker goes first: a run killed after it and before tantivy's meta.json finds a
        // depeche folder with no index yet, and creates it.
        write_marker(index_dir)?;
    }
    check_marker(index_dir)?;
    if index_dir.join("meta.json").exists() {
        open_index_unchecked(index_dir)
    } else if holds_segment_files(index_dir) {
        Err(Error::Damaged {
            path: index_dir.to_path_buf(),
            detail: "meta.json is missing".to_owned(),
        })
    } else {
        create_index(index_dir)
    }
}

/// Creates a new index in `index_dir` (which holds a marker already).
pub(crate) fn create_index(index_dir: &Path) -> Result<Index> {
    let schema = schema::build_schema(&schema::SchemaSpec::shipped());
    // lz4 in 64 KB blocks: on the benchmark corpus the store is 25% larger than with zstd level 1
    // in 16 KB blocks (measured with schema 2: the whole index 1.18x the text instead of 1.04x;
    // 1.14x with schema 3), and indexing runs about 7% fewer instructions, which is most of what
    // compression cost. A search decompresses one block per hit it shows (ten by default), at
    // several GB/s.
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: STORE_BLOCK_SIZE,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(index_dir)
        .map_err(|error| Error::write_failed(index_dir, &error))?;
    analysis::register(&index);
    Ok(index)
}

/// Opens the index a run writes to, creating it when the folder is missing or empty. With `rebuild`, a depeche index that cannot be opened (damaged,
/// of another schema version) is emptied and created again, under the writer lock.
pub fn open_for_writing(index_dir: &Path, rebuild: bool) -> Result<Index> {
    match open_or_create(index_dir) {
        Ok(index) if !rebuild => Ok(index),
        // A rebuild reads nothing of the old index, but a missing segment file would fail the
        // writer's merges: check that every segment opens.
        Ok(index) => match index.reader() {
            Ok(_) => Ok(index),
            Err(_) => recreate(index_dir),
        },
        Err(Error::Damaged { .. } | Error::SchemaVersion { .. } | Error::SchemaMismatch { .. })
            if rebuild =>
        {
            recreate(index_dir)
        }
        Err(error) => Err(error),
    }
}

/// True for the files tantivy names after a segment (`<32 hex digits>.<component>`).
fn is_segment_file(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 33 && bytes[32] == b'.' && bytes[..32].iter().all(u8::is_ascii_hexdigit)
}

/// True when `index_dir` holds tantivy segment files.
pub fn holds_segment_files(index_dir: &Path) -> bool {
    std::fs::read_dir(index_dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_str().is_some_and(is_segment_file))
    })
}

/// Empties a depeche index folder of tantivy's files and creates a new index in it, holding the
/// writer lock so that no running writer loses its files.
fn recreate(index_dir: &Path) -> Result<Index> {
    let directory =
        MmapDirectory::open(index_dir).map_err(|error| Error::damaged(index_dir, &error.into()))?;
    let lock = match directory.acquire_lock(&INDEX_WRITER_LOCK) {
        Ok(lock) => lock,
        Err(LockError::LockBusy) => {
            return Err(Error::IndexBusy {
                path: index_dir.to_path_buf(),
                holder: writer_holder(index_dir),
            });
        }
        Err(error) => {
            return Err(Error::write_failed(
                index_dir,
                &tantivy::TantivyError::LockFailure(error, None),
            ));
        }
    };
    let entries = std::fs::read_dir(index_dir).map_err(|source| Error::io(index_dir, source))?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::io(index_dir, source))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == "meta.json" || name == ".managed.json" || is_segment_file(&name) {
            std::fs::remove_file(entry.path()).map_err(|source| Error::io(entry.path(), source))?;
        }
    }
    write_marker(index_dir)?;
    let index = create_index(index_dir)?;
    drop(lock);
    Ok(index)
}

/// The file a running writer leaves its process id in, so a second run can say who holds the index.
const WRITER_PID_FILE: &str = "depeche-writer.pid";

/// Bytes of stored documents compressed together in the doc store (tantivy's default is 16 KB).
const STORE_BLOCK_SIZE: usize = 64 * 1024;

/// The pid file of the process holding the writer; removed when dropped, if still ours. Keep it
/// alive as long as the writer.
#[derive(Debug)]
pub struct PidFile {
    path: PathBuf,
}

impl PidFile {
    /// Writes our process id, by a rename so that a reader never sees a torn file. A failure (disk
    /// full) only costs the name of the holder in another run's message.
    fn write(index_dir: &Path) -> PidFile {
        let path = index_dir.join(WRITER_PID_FILE);
        let temp = index_dir.join(format!(".{WRITER_PID_FILE}.tmp"));
        if std::fs::write(&temp, std::process::id().to_string()).is_ok() {
            let _ = std::fs::rename(&temp, &path);
        } else {
            let _ = std::fs::remove_file(&temp);
            // A stale file naming a dead process would mislead: better none.
            let _ = std::fs::remove_file(&path);
        }
        PidFile { path }
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        let ours = std::fs::read_to_string(&self.path)
            .is_ok_and(|pid| pid.trim() == std::process::id().to_string());
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether process `pid` is running (a zombie is not), when the system says (`/proc`).
fn process_running(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self/stat").exists() {
        return None;
    }
    if pid == std::process::id() {
        return Some(false);
    }
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Some(false);
    };
    // `pid (name) state …`; the name may hold spaces and parentheses, the state follows the last `)`.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    Some(!matches!(state, Some('Z' | 'X' | 'x')))
}

/// ` (process N)` for the process named by the pid file, if it runs. A pid file left by a killed
/// run names a dead process: the holder may be a run that just took the lock and has not yet
/// written its id, so this waits a little for it.
fn writer_holder(index_dir: &Path) -> String {
    let path = index_dir.join(WRITER_PID_FILE);
    for _ in 0..20 {
        let pid = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok());
        if let Some(pid) = pid
            && process_running(pid) != Some(false)
        {
            return format!(" (process {pid})");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    " (its process id is unknown)".to_owned()
}

/// Takes the writer lock of the index in `index_dir` with `threads` indexing threads sharing
/// `memory_budget` bytes, and leaves our process id beside it. [`Error::IndexBusy`] names the
/// process that holds the lock, when it can.
pub fn open_writer(
    index: &Index,
    index_dir: &Path,
    threads: usize,
    memory_budget: usize,
) -> Result<(IndexWriter, PidFile)> {
    let threads = threads.max(1);
    // tantivy wants at least 15 MB per thread.
    let budget = memory_budget.max(threads * 15_000_000);
    match index.writer_with_num_threads::<TantivyDocument>(threads, budget) {
        Ok(writer) => Ok((writer, PidFile::write(index_dir))),
        Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _)) => Err(Error::IndexBusy {
            path: index_dir.to_path_buf(),
            holder: writer_holder(index_dir),
        }),
        Err(error) => Err(Error::write_failed(index_dir, &error)),
    }
}

/// Checks that an index's schema is the one this binary builds.
pub fn check_schema(index_dir: &Path, schema: &Schema) -> Result<()> {
    let expected = schema::build_schema(&schema::SchemaSpec::shipped());
    let found: Vec<_> = schema.fields().map(|(_, entry)| entry.clone()).collect();
    let wanted: Vec<_> = expected.fields().map(|(_, entry)| entry.clone()).collect();
    if found != wanted {
        return Err(Error::SchemaMismatch {
            detail: format!(
                "the fields of {} differ from index-schema/",
                index_dir.display()
            ),
        });
    }
    Ok(())
}

/// Opens an index without checking its marker (the caller did), and checks its fields.
fn open_index_unchecked(index_dir: &Path) -> Result<Index> {
    let index = Index::open_in_dir(index_dir).map_err(|error| Error::damaged(index_dir, &error))?;
    check_schema(index_dir, &index.schema())?;
    analysis::register(&index);
    Ok(index)
}

/// Opens the index in `index_dir` for reading, with a reader on it.
///
/// Errors say what is wrong and what to do: [`Error::NoIndex`], [`Error::NotDepecheIndex`],
/// [`Error::SchemaVersion`], [`Error::SchemaMismatch`], [`Error::Damaged`].
pub fn open_for_reading(index_dir: &Path) -> Result<(Index, IndexReader)> {
    // tantivy's readers take a lock that keeps a writer's garbage collection from deleting the
    // files they are opening, but a failure met while a writer commits costs little to try
    // again, and a damaged index is only reported a fraction of a second later.
    const ATTEMPTS: u32 = 4;
    if !index_dir.is_dir() {
        return Err(Error::NoIndex {
            path: index_dir.to_path_buf(),
        });
    }
    check_marker(index_dir)?;
    let open_once = || {
        if !index_dir.join("meta.json").exists() {
            // A marker and no meta.json: a first run killed before it created the index, or
            // a lost meta.json when segment files are there.
            return Err(if holds_segment_files(index_dir) {
                Error::Damaged {
                    path: index_dir.to_path_buf(),
                    detail: "meta.json is missing".to_owned(),
                }
            } else {
                Error::NoIndex {
                    path: index_dir.to_path_buf(),
                }
            });
        }
        let index = open_index_unchecked(index_dir)?;
        let reader = index
            .reader()
            .map_err(|error| Error::damaged(index_dir, &error))?;
        Ok((index, reader))
    };
    let mut attempt = 1;
    loop {
        match open_once() {
            Err(Error::Damaged { .. }) if attempt < ATTEMPTS => {
                std::thread::sleep(Duration::from_millis(25 << attempt));
                attempt += 1;
            }
            opened => return opened,
        }
    }
}

/// The number of live documents of one kind (`doc_freq` would still count deleted ones).
pub fn count_kind(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<u64> {
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, kind),
        IndexRecordOption::Basic,
    );
    Ok(searcher.search(&query, &Count)? as u64)
}

/// The number of live stories and of quotes the index holds from each file, by path.
pub fn counts_by_path(searcher: &Searcher) -> Result<HashMap<String, (u64, u64)>> {
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(kinds)) = (fast.str(name::PATH)?, fast.str(name::KIND)?) else {
            continue;
        };
        let path_terms = schema::column_terms(&paths)?;
        let kind_terms = schema::column_terms(&kinds)?;
        // Count by ordinal, then name each path once.
        let mut per_ord = vec![(0_u64, 0_u64); path_terms.len()];
        for doc in segment.doc_ids_alive() {
            let (Some(path), Some(kind)) =
                (paths.term_ords(doc).next(), kinds.term_ords(doc).next())
            else {
                continue;
            };
            let slot = &mut per_ord[path as usize];
            match kind_terms.get(kind as usize).map(String::as_str) {
                Some(KIND_ARTICLE) => slot.0 += 1,
                Some(KIND_QUOTE) => slot.1 += 1,
                _ => {}
            }
        }
        for (path, (stories, quotes)) in path_terms.into_iter().zip(per_ord) {
            if stories + quotes > 0 {
                let entry = counts.entry(path).or_default();
                entry.0 += stories;
                entry.1 += quotes;
            }
        }
    }
    Ok(counts)
}

/// What [`MARKER_FILE`] holds.
#[derive(Debug, serde::Serialize, Deserialize)]
pub struct Marker {
    /// The schema version the index was built with.
    pub schema_version: u32,
    /// The depeche version that created the index.
    pub created_by: String,
}

/// Where [`write_marker`] writes the marker before renaming it into place.
pub const MARKER_TEMP_FILE: &str = ".depeche.json.tmp";

/// Writes the marker of a new index.
///
/// The marker is written to a temporary file and renamed into place, so a run killed or a disk
/// filled while it is written leaves either no marker or a whole one, never a torn one.
pub fn write_marker(index_dir: &Path) -> Result<()> {
    let marker = Marker {
        schema_version: schema_version(),
        created_by: format!("depeche {}", env!("CARGO_PKG_VERSION")),
    };
    let path = index_dir.join(MARKER_FILE);
    let temp = index_dir.join(MARKER_TEMP_FILE);
    let text = serde_json::to_string_pretty(&marker).expect("a marker always serializes");
    let written = (|| {
        use std::io::Write;
        let mut file = std::fs::File::create(&temp)?;
        file.write_all((text + "\n").as_bytes())?;
        file.sync_all()
    })();
    if let Err(cause) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(Error::Io { path: temp, cause });
    }
    std::fs::rename(&temp, &path).map_err(|cause| Error::Io { path, cause })
}

/// Reads the schema version named by the marker of `index_dir`, whatever it is.
///
/// Errors: [`Error::NoIndex`] when the folder is missing or empty (of all but a temporary marker),
/// [`Error::NotDepecheIndex`] when it holds files but no marker, [`Error::Damaged`] when the marker
/// cannot be read.
pub fn marker_version(index_dir: &Path) -> Result<u32> {
    let path = index_dir.join(MARKER_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(if folder_is_empty(index_dir)? {
                Error::NoIndex {
                    path: index_dir.to_path_buf(),
                }
            } else {
                Error::NotDepecheIndex {
                    path: index_dir.to_path_buf(),
                }
            });
        }
        Err(cause) => return Err(Error::Io { path, cause }),
    };
    let marker: Marker = serde_json::from_slice(&text).map_err(|error| Error::Damaged {
        path: index_dir.to_path_buf(),
        detail: format!("its {MARKER_FILE} marker cannot be read: {error}"),
    })?;
    Ok(marker.schema_version)
}

/// Checks that a folder holds a depeche index of this schema version.
pub fn check_marker(index_dir: &Path) -> Result<()> {
    let found = marker_version(index_dir)?;
    if found != schema_version() {
        return Err(Error::SchemaVersion {
            path: index_dir.to_path_buf(),
            found,
            expected: schema_version(),
        });
    }
    Ok(())
}

/// True when `dir` is missing, or holds nothing but a marker's temporary file (left by a run
/// killed while it wrote the marker of a new index).
pub fn folder_is_empty(dir: &Path) -> Result<bool> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(cause) => {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                cause,
            });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|cause| Error::Io {
            path: dir.to_path_buf(),
            cause,
        })?;
        if entry.file_name() != MARKER_TEMP_FILE {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    /// The id of a process that has ended and been reaped.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("running true");
        let pid = child.id();
        child.wait().expect("reaping");
        pid
    }

    #[test]
    fn a_stale_pid_file_does_not_name_a_dead_process() {
        let dir = temp_dir();
        std::fs::write(dir.path().join(WRITER_PID_FILE), dead_pid().to_string()).expect("writing");
        assert_eq!(writer_holder(dir.path()), " (its process id is unknown)");
    }

    #[test]
    fn a_live_writer_is_named() {
        let dir = temp_dir();
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("running sleep");
        std::fs::write(dir.path().join(WRITER_PID_FILE), child.id().to_string()).expect("writing");
        let holder = writer_holder(dir.path());
        child.kill().expect("killing sleep");
        child.wait().expect("reaping");
        assert_eq!(holder, format!(" (process {})", child.id()));
    }

    #[test]
    fn the_pid_file_is_removed_only_by_its_writer() {
        let dir = temp_dir();
        let pid_file = PidFile::write(dir.path());
        let path = dir.path().join(WRITER_PID_FILE);
        assert_eq!(
            std::fs::read_to_string(&path).ok(),
            Some(std::process::id().to_string())
        );
        drop(pid_file);
        assert!(!path.exists());
        // A pid file another run wrote over ours is left alone.
        let pid_file = PidFile::write(dir.path());
        std::fs::write(&path, "1").expect("writing");
        drop(pid_file);
        assert!(path.exists());
    }

    #[test]
    fn segment_files_are_told_from_others() {
        assert!(is_segment_file("33fec335f547433d8871178312d1e391.store"));
        assert!(is_segment_file("33fec335f547433d8871178312d1e391.12.del"));
        assert!(!is_segment_file("meta.json"));
        assert!(!is_segment_file("depeche.json"));
        assert!(!is_segment_file("33fec335f547433d8871178312d1e391"));
        assert!(!is_segment_file(
            "notes-33fec335f547433d8871178312d1e391.txt"
        ));
    }
}
