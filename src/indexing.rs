//! Building and updating an index: rayon reads and parses files in parallel and hands each file's
//! operations (delete its old documents, add its new ones) to one tantivy [`IndexWriter`] in
//! batches; the calling thread keeps the summary and decides when to commit.
//!
//! A run does only the new work. Each document records the path of the file it came from, and each
//! article a stamp of it (size and modification time, and whether its quotes were extracted); a file
//! whose stamp is unchanged is not read again, a changed file's documents are deleted and re-added
//! (as are those of a file indexed with `--no-quotes`, when a run extracts quotes), and the documents
//! of a file that disappeared from a walked folder are deleted. Commits happen only between batches
//! of whole files, so a committed index never holds half a file, and a run that is killed leaves the
//! index as it was at its last commit.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use tantivy::indexer::UserOperation;
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexWriter, Term};

use crate::corpus::{self, Encoding, FileReport, Skip, Warning};
use crate::document;
use crate::error::{Error, Result};
use crate::schema::{self, Fields, KIND_ARTICLE, name};
use crate::store;

/// What an indexing run is asked to do.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The index folder; created when missing.
    pub index_dir: PathBuf,
    /// Files and folders to index.
    pub roots: Vec<PathBuf>,
    /// Start from an empty index instead of updating.
    pub rebuild: bool,
    /// Extract quotes and index them beside the articles.
    pub quotes: bool,
    /// Memory for tantivy's indexing buffers, in bytes, all threads together.
    pub memory_budget: usize,
    /// tantivy indexing threads.
    pub threads: usize,
    /// Commit at the end of a batch of files once this long has passed since the last commit.
    pub commit_interval: Duration,
}

impl IndexConfig {
    /// A configuration with the defaults for the given index and roots.
    pub fn new(index_dir: impl Into<PathBuf>, roots: Vec<PathBuf>) -> IndexConfig {
        IndexConfig {
            index_dir: index_dir.into(),
            roots,
            rebuild: false,
            quotes: true,
            memory_budget: 200 * 1024 * 1024,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get().min(8)),
            commit_interval: Duration::from_secs(30),
        }
    }
}

/// What the caller is told while a run goes on. Implementations print; the library does not.
pub trait Progress: Sync {
    /// The walk is done: this many files will be looked at.
    fn start(&self, _files: usize) {}
    /// One file is done.
    fn file_done(&self, _bytes: u64) {}
    /// Something about a file or folder is worth telling (it was skipped, or read with trouble).
    fn warn(&self, _path: &Path, _line: Option<usize>, _message: &str) {}
}

/// A [`Progress`] that says nothing.
pub struct Silent;
impl Progress for Silent {}

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Files found by the walk.
    pub files_seen: usize,
    /// Articles new to the index.
    pub added: usize,
    /// Articles re-read from a file that changed, or whose quotes an earlier `--no-quotes` run left
    /// out.
    pub updated: usize,
    /// Articles whose file disappeared or no longer holds them.
    pub removed: usize,
    /// Articles in files that did not change.
    pub unchanged: usize,
    /// Quotes indexed from the files read in this run.
    pub quotes: usize,
    /// Files skipped, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Files read as Windows-1252.
    pub windows_1252: usize,
    /// Warnings reported.
    pub warnings: usize,
    /// Bytes of the files read.
    pub bytes_read: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Commits made.
    pub commits: usize,
    /// Articles in the index at the end.
    pub articles_in_index: u64,
}

impl Summary {
    /// Megabytes read per second.
    pub fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        self.bytes_read as f64 / 1_000_000.0 / seconds
    }
}

/// What the index knows of one file.
#[derive(Debug, Clone, Copy, Default)]
struct Known {
    stamp: u64,
    articles: usize,
}

/// Reads the path, stamp and kind columns of every live document.
fn known_files(index: &Index) -> Result<HashMap<String, Known>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut known: HashMap<String, Known> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(kinds)) = (fast.str(name::PATH)?, fast.str(name::KIND)?) else {
            continue;
        };
        let path_terms = schema::column_terms(&paths)?;
        let article_ord = schema::column_terms(&kinds)?
            .iter()
            .position(|kind| kind == KIND_ARTICLE)
            .map(|ord| ord as u64);
        let stamps = fast.u64(name::STAMP)?;
        for doc in segment.doc_ids_alive() {
            let Some(path) = paths
                .term_ords(doc)
                .next()
                .and_then(|ord| path_terms.get(ord as usize))
            else {
                continue;
            };
            let entry = known.entry(path.clone()).or_default();
            if article_ord.is_some() && kinds.term_ords(doc).next() == article_ord {
                entry.stamp = stamps.first(doc).unwrap_or_default();
                entry.articles += 1;
            }
        }
    }
    Ok(known)
}

/// The text a path is stored and compared as: the path itself when it is UTF-8, else its bytes
/// with each invalid one written `\xNN`, so that two names differing only in invalid bytes stay
/// two keys (a lossy conversion would make them one, and a run would delete one with the other).
pub fn path_key(path: &Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_owned();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut key = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            key.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(key, "\\x{byte:02X}");
            }
        }
        key
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// A file's size and modification time, folded into one number.
fn stamp_of(metadata: &std::fs::Metadata) -> u64 {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos() as u64);
    (modified ^ metadata.len().wrapping_mul(0x9E37_79B9_7F4A_7C15)) & !QUOTED
}

/// The stamp's lowest bit: set when the file's quotes were extracted. A run with quotes reads
/// again the files an earlier `--no-quotes` run indexed, to add their quotes; a run without
/// quotes leaves alone the unchanged files that have them.
const QUOTED: u64 = 1;

/// Whether a file whose stamp is now `stamp` needs no new work, given what the index knows of it.
fn is_unchanged(known: Known, stamp: u64, with_quotes: bool) -> bool {
    if with_quotes {
        known.stamp == stamp | QUOTED
    } else {
        known.stamp & !QUOTED == stamp
    }
}

/// What a reader sends to the calling thread.
enum Message {
    /// A file is done.
    Done(FileOutcome),
    /// The writer refused a batch: its indexing threads are dead.
    Failed(tantivy::TantivyError),
}

struct FileOutcome {
    path: PathBuf,
    bytes: u64,
    known: Option<Known>,
    /// None when the file was unchanged and not read.
    report: Option<FileReport>,
    quotes: usize,
    /// Whether operations on the index were handed to the writer for this file.
    changed: bool,
}

/// Operations are handed to the writer in bundles of this many: one handover per bundle rather
/// than per document keeps tantivy's indexing threads from waking for every quote.
const BUNDLE: usize = 256;

/// A bundle is also handed over once its articles hold this many bytes of text, so that a file of
/// huge stories does not fill the writer's queue with huge bundles.
const BUNDLE_BYTES: usize = 1024 * 1024;

/// Files are handed to rayon in batches of this many; a commit may follow each batch.
const BATCH_FILES: usize = 128;

/// File outcomes in flight between the readers and the calling thread, at most. The documents
/// themselves wait in tantivy's bounded queue: with [`BUNDLE`] documents or [`BUNDLE_BYTES`] of
/// text a bundle, memory beside tantivy's buffers stays bounded (and each reader holds one file,
/// or one line of JSON, at a time).
const CHANNEL_MESSAGES: usize = 256;

/// Indexes the files under `config.roots` into `config.index_dir`.
pub fn index(config: &IndexConfig, progress: &dyn Progress) -> Result<Summary> {
    let started = Instant::now();
    let index_dir = &config.index_dir;
    // Roots are checked before the index is touched: a run with a mistyped folder creates nothing.
    let roots: Vec<PathBuf> = config
        .roots
        .iter()
        .map(|root| std::fs::canonicalize(root).map_err(|source| Error::io(root, source)))
        .collect::<Result<_>>()?;
    let index = store::open_for_writing(index_dir, config.rebuild)?;
    // The index folder is never indexed, even when it sits inside a walked folder.
    let canonical_index_dir =
        std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.clone());
    let fields = Fields::new(&index.schema())?;
    let (mut writer, _pid_file) =
        store::open_writer(&index, index_dir, config.threads, config.memory_budget)?;
    let mut summary = Summary::default();
    let write_failed = |error: tantivy::TantivyError| Error::write_failed(index_dir, &error);

    let known = if config.rebuild {
        writer.delete_all_documents().map_err(write_failed)?;
        HashMap::new()
    } else {
        known_files(&index).map_err(|error| match error {
            Error::Tantivy(error) => Error::damaged(index_dir, &error),
            other => other,
        })?
    };

    let (files, problems) = corpus::walk(&roots, &[canonical_index_dir]);
    let mut unwalked: Vec<PathBuf> = Vec::new();
    for (path, message) in &problems {
        progress.warn(path, None, message);
        summary.warnings += 1;
        unwalked.push(path.clone());
    }
    summary.files_seen = files.len();
    progress.start(files.len());

    let mut seen: HashSet<String> = HashSet::with_capacity(files.len());
    let mut last_commit = Instant::now();
    let mut pending_changes = config.rebuild;
    for batch in files.chunks(BATCH_FILES) {
        let changed = match index_batch(
            batch,
            &known,
            &fields,
            config,
            &writer,
            progress,
            &mut summary,
            &mut seen,
        ) {
            Ok(changed) => changed,
            Err(error) => return Err(write_failed(worker_error(&mut writer, error))),
        };
        pending_changes |= changed;
        if pending_changes && last_commit.elapsed() >= config.commit_interval {
            writer.commit().map_err(write_failed)?;
            summary.commits += 1;
            pending_changes = false;
            last_commit = Instant::now();
        }
    }

    // Files the index knows under a walked root, that the walk did not meet, are gone.
    for (path, known_file) in &known {
        if seen.contains(path) {
            continue;
        }
        let path_buf = Path::new(path);
        let under_root = roots
            .iter()
            .any(|root| path_buf.starts_with(path_key(root)));
        let under_unwalked = unwalked
            .iter()
            .any(|dir| path_buf.starts_with(path_key(dir)));
        if under_root && !under_unwalked {
            writer.delete_term(Term::from_field_text(fields.path, path));
            summary.removed += known_file.articles;
            pending_changes = true;
        }
    }

    if pending_changes {
        writer.commit().map_err(write_failed)?;
        summary.commits += 1;
    }
    // The work is committed: a merge that fails (disk full) leaves the index whole, in more segments.
    if let Err(error) = writer.wait_merging_threads() {
        progress.warn(
            index_dir,
            None,
            &format!(
                "merging segments failed, the index is complete but slower: {}",
                crate::error::describe(&error)
            ),
        );
        summary.warnings += 1;
    }
    let reader = index.reader()?;
    summary.articles_in_index = store::count_kind(&reader.searcher(), &fields, KIND_ARTICLE)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The error that stopped an indexing thread, when `error` only says the writer was killed.
///
/// When a thread fails (a write refused: disk full, file too large), tantivy marks the writer
/// killed and `add_document` says only that; joining the threads, as a commit does first, gives
/// the cause. The joining commit fails on the dead thread, so it publishes nothing.
fn worker_error(writer: &mut IndexWriter, error: tantivy::TantivyError) -> tantivy::TantivyError {
    if !matches!(error, tantivy::TantivyError::ErrorInThread(_)) {
        return error;
    }
    match writer.prepare_commit() {
        // Dropping a prepared commit without committing it publishes nothing.
        Ok(_prepared) => error,
        Err(cause) => cause,
    }
}

/// Reads one batch of files in parallel and hands their documents to the writer. Returns whether
/// the index changed.
#[allow(
    clippy::too_many_arguments,
    reason = "the state of one run, threaded through"
)]
fn index_batch(
    batch: &[PathBuf],
    known: &HashMap<String, Known>,
    fields: &Fields,
    config: &IndexConfig,
    writer: &IndexWriter,
    progress: &dyn Progress,
    summary: &mut Summary,
    seen: &mut HashSet<String>,
) -> tantivy::Result<bool> {
    let (sender, receiver) = mpsc::sync_channel::<Message>(CHANNEL_MESSAGES);
    let mut changed = false;
    let mut failure = None;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            batch.par_iter().for_each_with(sender, |sender, path| {
                read_one(path, known, fields, config.quotes, writer, sender);
            });
        });
        for message in receiver {
            match message {
                Message::Done(outcome) => {
                    changed |= outcome.changed;
                    account(outcome, summary, progress, seen);
                }
                Message::Failed(error) => {
                    failure.get_or_insert(error);
                }
            }
        }
    });
    match failure {
        Some(error) => Err(error),
        None => Ok(changed),
    }
}

/// Adds one file's outcome to the summary.
fn account(
    outcome: FileOutcome,
    summary: &mut Summary,
    progress: &dyn Progress,
    seen: &mut HashSet<String>,
) {
    let path_text = path_key(&outcome.path);
    progress.file_done(outcome.bytes);
    let Some(report) = outcome.report else {
        // Unchanged: not read.
        summary.unchanged += outcome.known.map_or(0, |known| known.articles);
        seen.insert(path_text);
        return;
    };
    if report.skip.is_none() {
        summary.bytes_read += outcome.bytes;
    }
    summary.quotes += outcome.quotes;
    for warning in &report.warnings {
        progress.warn(&outcome.path, warning.line, &warning.message);
        summary.warnings += 1;
    }
    if report.encoding == Encoding::Windows1252 {
        summary.windows_1252 += 1;
    }
    if let Some(skip) = report.skip {
        *summary.skipped.entry(skip.label()).or_default() += 1;
        if skip != Skip::NotArticle && report.warnings.is_empty() {
            progress.warn(&outcome.path, None, &format!("skipped: {}", skip.label()));
            summary.warnings += 1;
        }
        // An unreadable file keeps what the index had of it: nothing is lost to a passing error.
        if skip == Skip::Unreadable {
            seen.insert(path_text);
            return;
        }
    }
    seen.insert(path_text);
    match outcome.known {
        Some(known) => {
            // A changed file's articles count as updated; if it now holds fewer, the rest are gone.
            summary.updated += report.articles;
            summary.removed += known.articles.saturating_sub(report.articles);
        }
        None => summary.added += report.articles,
    }
}

/// Reads one file in a rayon worker, hands its operations to the writer and reports the outcome.
fn read_one(
    path: &Path,
    known: &HashMap<String, Known>,
    fields: &Fields,
    with_quotes: bool,
    writer: &IndexWriter,
    sender: &mut mpsc::SyncSender<Message>,
) {
    let path_text = path_key(path);
    let known_file = known.get(&path_text).copied();
    let done = |bytes, report, quotes, changed| {
        Message::Done(FileOutcome {
            path: path.to_path_buf(),
            bytes,
            known: known_file,
            report,
            quotes,
            changed,
        })
    };
    if corpus::format_of(path).is_none() {
        let report = corpus::read_file(path, &mut |_| {});
        let _ = sender.send(done(0, Some(report), 0, false));
        return;
    }
    // A changed or vanished file's old documents go first, in the same batch as its new ones.
    let delete_old = || UserOperation::Delete(Term::from_field_text(fields.path, &path_text));
    let mut handover = Handover::new(writer);
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => {
            let skip = if error.kind() == std::io::ErrorKind::NotFound {
                Skip::Vanished
            } else {
                Skip::Unreadable
            };
            let report = FileReport {
                skip: Some(skip),
                warnings: vec![Warning {
                    line: None,
                    message: error.to_string(),
                }],
                encoding: Encoding::Utf8,
                articles: 0,
            };
            if skip == Skip::Vanished && known_file.is_some() {
                handover.push(delete_old());
            }
            let changed = handover.finish(sender);
            let _ = sender.send(done(0, Some(report), 0, changed));
            return;
        }
    };
    let stamp = stamp_of(&metadata);
    if known_file.is_some_and(|known| is_unchanged(known, stamp, with_quotes)) {
        let _ = sender.send(done(metadata.len(), None, 0, false));
        return;
    }
    if known_file.is_some() {
        handover.push(delete_old());
    }
    let stamp = if with_quotes { stamp | QUOTED } else { stamp };
    let mut quote_count = 0;
    let report = corpus::read_file(path, &mut |mut article| {
        article.path.clone_from(&path_text);
        let bytes = article.paragraphs.iter().map(String::len).sum::<usize>();
        handover.push(UserOperation::Add(document::article_document(
            fields, &article, stamp,
        )));
        if with_quotes {
            let quote_documents = document::quote_documents(fields, &article);
            quote_count += quote_documents.len();
            for document in quote_documents {
                handover.push(UserOperation::Add(document));
            }
        }
        handover.flush_if_full(bytes, sender);
    });
    // An unreadable file keeps what the index had of it: nothing is lost to a passing error.
    if report.skip == Some(Skip::Unreadable) && !handover.flushed {
        handover.pending.clear();
    }
    let changed = handover.finish(sender);
    let _ = sender.send(done(metadata.len(), Some(report), quote_count, changed));
}

/// The operations of one file on their way to the writer, handed over a bundle at a time.
struct Handover<'a> {
    writer: &'a IndexWriter,
    pending: Vec<UserOperation<TantivyDocument>>,
    pending_bytes: usize,
    /// Whether a bundle has been handed over already.
    flushed: bool,
}

impl<'a> Handover<'a> {
    fn new(writer: &'a IndexWriter) -> Handover<'a> {
        Handover {
            writer,
            pending: Vec::new(),
            pending_bytes: 0,
            flushed: false,
        }
    }

    fn push(&mut self, operation: UserOperation<TantivyDocument>) {
        self.pending.push(operation);
    }

    /// Hands the bundle over once it holds [`BUNDLE`] operations or [`BUNDLE_BYTES`] of text.
    fn flush_if_full(&mut self, bytes: usize, sender: &mpsc::SyncSender<Message>) {
        self.pending_bytes += bytes;
        if self.pending.len() >= BUNDLE || self.pending_bytes >= BUNDLE_BYTES {
            self.flush(sender);
        }
    }

    fn flush(&mut self, sender: &mpsc::SyncSender<Message>) {
        if self.pending.is_empty() {
            return;
        }
        self.flushed = true;
        self.pending_bytes = 0;
        if let Err(error) = self.writer.run(std::mem::take(&mut self.pending)) {
            let _ = sender.send(Message::Failed(error));
        }
    }

    /// Hands over what is left; returns whether anything was handed over for this file.
    fn finish(mut self, sender: &mpsc::SyncSender<Message>) -> bool {
        self.flush(sender);
        self.flushed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_distinct_keys() {
        use std::os::unix::ffi::OsStringExt;
        let name = |bytes: &[u8]| PathBuf::from(std::ffi::OsString::from_vec(bytes.to_vec()));
        let e_acute = path_key(&name(b"/corpus/caf\xe9.txt"));
        let e_grave = path_key(&name(b"/corpus/caf\xe8.txt"));
        assert_eq!(e_acute, "/corpus/caf\\xE9.txt");
        assert_ne!(e_acute, e_grave);
        assert_eq!(path_key(Path::new("/corpus/café.txt")), "/corpus/café.txt");
        assert!(Path::new(&e_acute).starts_with(path_key(Path::new("/corpus"))));
    }

    /// A file that vanishes between the walk and the read: its documents are deleted, it is
    /// reported as vanished, and the run goes on.
    #[test]
    fn a_file_that_vanished_after_the_walk_is_deleted_and_reported() {
        let dir = temp_dir();
        let path = dir.path().join("gone.txt");
        std::fs::create_dir(dir.path().join("index")).expect("index folder");
        let index = crate::store::create_index(&dir.path().join("index")).expect("index");
        let fields = Fields::new(&index.schema()).expect("fields");
        let mut writer: IndexWriter = index.writer(50_000_000).expect("writer");
        let article = crate::corpus::Article {
            id: "gone".into(),
            path: path_key(&path),
            paragraphs: vec!["Un texte.".into()],
            ..crate::corpus::Article::default()
        };
        writer
            .add_document(crate::document::article_document(&fields, &article, 1))
            .expect("add");
        writer.commit().expect("commit");
        let mut known = HashMap::new();
        known.insert(
            path_key(&path),
            Known {
                stamp: 1,
                articles: 1,
            },
        );
        let (sender, receiver) = mpsc::sync_channel(8);
        let mut sender = sender;
        read_one(&path, &known, &fields, true, &writer, &mut sender);
        drop(sender);
        let messages: Vec<Message> = receiver.into_iter().collect();
        let [Message::Done(outcome)] = &messages[..] else {
            panic!("one outcome expected")
        };
        assert!(outcome.changed);
        let report = outcome.report.as_ref().expect("a report");
        assert_eq!(report.skip, Some(Skip::Vanished));
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        reader.reload().expect("reload");
        let articles = store::count_kind(&reader.searcher(), &fields, KIND_ARTICLE);
        assert_eq!(articles.expect("count"), 0);

        let mut summary = Summary::default();
        let mut seen = HashSet::new();
        let Some(Message::Done(outcome)) = messages.into_iter().next() else {
            panic!("no outcome")
        };
        account(outcome, &mut summary, &Silent, &mut seen);
        assert_eq!(summary.removed, 1);
        assert_eq!(summary.skipped.get("vanished"), Some(&1));
    }
}
