//! Building and updating an index: rayon reads and parses files in parallel, one tantivy
//! [`IndexWriter`] receives their documents on the calling thread.
//!
//! A run does only the new work. Each document records the path and a stamp (size and modification
//! time) of the file it came from; a file whose stamp is unchanged is not read again, a changed file's
//! documents are deleted and re-added, and the documents of a file that disappeared from a walked
//! folder are deleted. Commits happen only between batches of whole files, so a committed index never
//! holds half a file, and a run that is killed leaves the index as it was at its last commit.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use tantivy::schema::{Schema, TantivyDocument};
use tantivy::{DateTime, Index, IndexWriter, Term};

use crate::corpus::{self, Article, Encoding, FileReport, Skip, Warning};
use crate::error::{Error, Result};
use crate::quotes;
use crate::schema::{self, Fields, KIND_ARTICLE, KIND_QUOTE};

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
    /// Articles re-read from a file that changed.
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

/// Opens the index at `index_dir`, creating it when the folder is missing or empty.
pub fn open_or_create(index_dir: &Path) -> Result<Index> {
    let is_empty = match std::fs::read_dir(index_dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => true,
        Err(source) => return Err(Error::io(index_dir, source)),
    };
    if is_empty {
        std::fs::create_dir_all(index_dir).map_err(|source| Error::io(index_dir, source))?;
        // The marker goes first: a run killed after it and before tantivy's meta.json finds a
        // depeche folder with no index yet, and creates it.
        schema::write_marker(index_dir)?;
    }
    schema::check_marker(index_dir)?;
    let index = if index_dir.join("meta.json").exists() {
        crate::search::open_index_unchecked(index_dir)?
    } else {
        let schema = schema::build_schema(&schema::SchemaSpec::shipped());
        let index = Index::create_in_dir(index_dir, schema).map_err(|error| Error::Damaged {
            path: index_dir.to_path_buf(),
            detail: error.to_string(),
        })?;
        crate::analysis::register(&index);
        index
    };
    Ok(index)
}

/// The file a running writer leaves its process id in, so a second run can say who holds the index.
const WRITER_PID_FILE: &str = "depeche-writer.pid";

fn open_writer(index: &Index, config: &IndexConfig) -> Result<IndexWriter> {
    let threads = config.threads.max(1);
    // tantivy wants at least 15 MB per thread.
    let budget = config.memory_budget.max(threads * 15_000_000);
    match index.writer_with_num_threads::<TantivyDocument>(threads, budget) {
        Ok(writer) => {
            let pid_path = config.index_dir.join(WRITER_PID_FILE);
            let _ = std::fs::write(pid_path, std::process::id().to_string());
            Ok(writer)
        }
        Err(tantivy::TantivyError::LockFailure(..)) => {
            let holder = std::fs::read_to_string(config.index_dir.join(WRITER_PID_FILE))
                .ok()
                .map(|pid| format!(" (process {})", pid.trim()))
                .unwrap_or_default();
            Err(Error::IndexBusy {
                path: config.index_dir.clone(),
                holder,
            })
        }
        Err(error) => Err(error.into()),
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
    let mut path = String::new();
    let mut kind = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(kinds)) = (fast.str("path")?, fast.str("kind")?) else {
            continue;
        };
        let stamps = fast.u64("stamp")?;
        for doc in segment.doc_ids_alive() {
            if !schema::read_column_str(&paths, doc, &mut path)? {
                continue;
            }
            let entry = known.entry(path.clone()).or_default();
            entry.stamp = stamps.first(doc).unwrap_or_default();
            if schema::read_column_str(&kinds, doc, &mut kind)? && kind == KIND_ARTICLE {
                entry.articles += 1;
            }
        }
    }
    Ok(known)
}

/// A file's size and modification time, folded into one number.
fn stamp_of(metadata: &std::fs::Metadata) -> u64 {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos() as u64);
    modified ^ metadata.len().wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// What a worker sends to the writer thread.
enum Message {
    /// Delete the documents of this path before adding its new ones.
    Delete(String),
    /// Documents to add.
    Documents(Vec<TantivyDocument>),
    /// A file is done.
    Done(FileOutcome),
}

struct FileOutcome {
    path: PathBuf,
    bytes: u64,
    known: Option<Known>,
    /// None when the file was unchanged and not read.
    report: Option<FileReport>,
    quotes: usize,
}

/// Documents are sent to the writer thread in bundles of this many.
const BUNDLE: usize = 256;

/// Files are handed to rayon in batches of this many; a commit may follow each batch.
const BATCH_FILES: usize = 2048;

/// Indexes the files under `config.roots` into `config.index_dir`.
pub fn index(config: &IndexConfig, progress: &dyn Progress) -> Result<Summary> {
    let started = Instant::now();
    let index = open_or_create(&config.index_dir)?;
    let fields = Fields::new(&index.schema())?;
    let mut writer = open_writer(&index, config)?;
    let mut summary = Summary::default();

    let known = if config.rebuild {
        writer.delete_all_documents()?;
        HashMap::new()
    } else {
        known_files(&index)?
    };

    let roots: Vec<PathBuf> = config
        .roots
        .iter()
        .map(|root| std::fs::canonicalize(root).map_err(|source| Error::io(root, source)))
        .collect::<Result<_>>()?;
    let (files, problems) = corpus::walk(&roots);
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
        let changed = index_batch(batch, &known, &fields, config, &writer, progress, &mut summary, &mut seen)?;
        pending_changes |= changed;
        if pending_changes && last_commit.elapsed() >= config.commit_interval {
            writer.commit()?;
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
        let under_root = roots.iter().any(|root| path_buf.starts_with(root));
        let under_unwalked = unwalked.iter().any(|dir| path_buf.starts_with(dir));
        if under_root && !under_unwalked {
            writer.delete_term(Term::from_field_text(fields.path, path));
            summary.removed += known_file.articles;
            pending_changes = true;
        }
    }

    if pending_changes {
        writer.commit()?;
        summary.commits += 1;
    }
    writer.wait_merging_threads()?;
    let _ = std::fs::remove_file(config.index_dir.join(WRITER_PID_FILE));
    let reader = index.reader()?;
    summary.articles_in_index = reader
        .searcher()
        .doc_freq(&Term::from_field_text(fields.kind, KIND_ARTICLE))?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Reads one batch of files in parallel and hands their documents to the writer. Returns whether
/// the index changed.
#[allow(clippy::too_many_arguments, reason = "the state of one run, threaded through")]
fn index_batch(
    batch: &[PathBuf],
    known: &HashMap<String, Known>,
    fields: &Fields,
    config: &IndexConfig,
    writer: &IndexWriter,
    progress: &dyn Progress,
    summary: &mut Summary,
    seen: &mut HashSet<String>,
) -> Result<bool> {
    let (sender, receiver) = mpsc::sync_channel::<Message>(64);
    let mut changed = false;
    let mut failure = None;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            batch.par_iter().for_each_with(sender, |sender, path| {
                read_one(path, known, fields, config.quotes, sender);
            });
        });
        for message in receiver {
            if failure.is_some() {
                continue;
            }
            match message {
                Message::Delete(path) => {
                    writer.delete_term(Term::from_field_text(fields.path, &path));
                    changed = true;
                }
                Message::Documents(documents) => {
                    for document in documents {
                        if let Err(error) = writer.add_document(document) {
                            failure = Some(error);
                            break;
                        }
                    }
                    changed = true;
                }
                Message::Done(outcome) => {
                    changed |= account(outcome, summary, progress, seen);
                }
            }
        }
    });
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(changed),
    }
}

/// Adds one file's outcome to the summary. Returns whether it changed the index.
fn account(outcome: FileOutcome, summary: &mut Summary, progress: &dyn Progress, seen: &mut HashSet<String>) -> bool {
    let path_text = outcome.path.to_string_lossy().into_owned();
    progress.file_done(outcome.bytes);
    let Some(report) = outcome.report else {
        // Unchanged: not read.
        summary.unchanged += outcome.known.map_or(0, |known| known.articles);
        seen.insert(path_text);
        return false;
    };
    summary.bytes_read += outcome.bytes;
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
            return false;
        }
    }
    seen.insert(path_text);
    match outcome.known {
        Some(known) => {
            summary.updated += report.articles.min(known.articles.max(report.articles));
            summary.removed += known.articles.saturating_sub(report.articles);
            true
        }
        None => {
            summary.added += report.articles;
            report.articles > 0
        }
    }
}

/// Reads one file in a rayon worker and sends what it gives to the writer thread.
fn read_one(
    path: &Path,
    known: &HashMap<String, Known>,
    fields: &Fields,
    with_quotes: bool,
    sender: &mut mpsc::SyncSender<Message>,
) {
    let path_text = path.to_string_lossy().into_owned();
    let known_file = known.get(&path_text).copied();
    let done = |bytes, report, quotes| {
        Message::Done(FileOutcome {
            path: path.to_path_buf(),
            bytes,
            known: known_file,
            report,
            quotes,
        })
    };
    if corpus::format_of(path).is_none() {
        let report = corpus::read_file(path, &mut |_| {});
        let _ = sender.send(done(0, Some(report), 0));
        return;
    }
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
                let _ = sender.send(Message::Delete(path_text));
            }
            let _ = sender.send(done(0, Some(report), 0));
            return;
        }
    };
    let stamp = stamp_of(&metadata);
    if known_file.is_some_and(|known| known.stamp == stamp) {
        let _ = sender.send(done(metadata.len(), None, 0));
        return;
    }
    if known_file.is_some() {
        let _ = sender.send(Message::Delete(path_text));
    }
    let mut bundle = Vec::new();
    let mut quote_count = 0;
    let report = corpus::read_file(path, &mut |article| {
        bundle.push(article_document(fields, &article, stamp));
        if with_quotes {
            let quote_documents = quote_documents(fields, &article, stamp);
            quote_count += quote_documents.len();
            bundle.extend(quote_documents);
        }
        if bundle.len() >= BUNDLE {
            let _ = sender.send(Message::Documents(std::mem::take(&mut bundle)));
        }
    });
    if !bundle.is_empty() {
        let _ = sender.send(Message::Documents(bundle));
    }
    let _ = sender.send(done(metadata.len(), Some(report), quote_count));
}

fn add_common(document: &mut TantivyDocument, fields: &Fields, article: &Article, stamp: u64) {
    document.add_text(fields.id, &article.id);
    document.add_text(fields.path, &article.path);
    document.add_u64(fields.stamp, stamp);
    if let Some(date) = &article.date {
        document.add_date(fields.date, DateTime::from_timestamp_secs(date.seconds));
        document.add_text(fields.date_text, &date.text);
    }
    if let Some(city) = &article.city {
        document.add_text(fields.city, city);
    }
}

/// The document of an article.
pub fn article_document(fields: &Fields, article: &Article, stamp: u64) -> TantivyDocument {
    let mut document = TantivyDocument::new();
    document.add_text(fields.kind, KIND_ARTICLE);
    add_common(&mut document, fields, article, stamp);
    let optional = [
        (fields.agency, &article.agency),
        (fields.section, &article.section),
        (fields.title, &article.title),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            document.add_text(field, value);
        }
    }
    for author in &article.authors {
        document.add_text(fields.authors, author);
    }
    for tag in &article.tags {
        document.add_text(fields.tags, tag);
    }
    if let Some(credits) = &article.credits {
        document.add_text(fields.credits, &credits.text);
    }
    let body = article.body();
    document.add_text(fields.text, article.lede());
    document.add_text(fields.text, &body);
    document.add_text(fields.lede, article.lede());
    document.add_text(fields.body, body);
    document
}

/// The documents of an article's quotes.
pub fn quote_documents(fields: &Fields, article: &Article, stamp: u64) -> Vec<TantivyDocument> {
    let paragraphs: Vec<&str> = article.paragraphs.iter().map(String::as_str).collect();
    quotes::extract_quotes(&paragraphs)
        .into_iter()
        .enumerate()
        .map(|(position, quote)| {
            let mut document = TantivyDocument::new();
            document.add_text(fields.kind, KIND_QUOTE);
            add_common(&mut document, fields, article, stamp);
            document.add_text(fields.quote, &quote.text);
            if let Some(speaker) = &quote.speaker {
                document.add_text(fields.speaker, speaker);
                document.add_text(fields.speaker_exact, speaker);
            }
            let optional = [
                (fields.mention, &quote.mention),
                (fields.role, &quote.role),
                (fields.verb, &quote.verb),
            ];
            for (field, value) in optional {
                if let Some(value) = value {
                    document.add_text(field, value);
                }
            }
            document.add_u64(fields.position, position as u64);
            document
        })
        .collect()
}

/// Checks that an index's schema is the one this binary builds.
pub fn check_schema(index_dir: &Path, schema: &Schema) -> Result<()> {
    let expected = schema::build_schema(&schema::SchemaSpec::shipped());
    let found: Vec<_> = schema.fields().map(|(_, entry)| entry.clone()).collect();
    let wanted: Vec<_> = expected.fields().map(|(_, entry)| entry.clone()).collect();
    if found != wanted {
        return Err(Error::SchemaMismatch {
            detail: format!("the fields of {} differ from index-schema/", index_dir.display()),
        });
    }
    Ok(())
}
