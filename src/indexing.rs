//! Building and updating an index: rayon reads and parses files in parallel and hands each story's
//! operations (delete its old documents, add its new ones) to one tantivy [`IndexWriter`] in
//! bundles; the calling thread keeps the summary and decides when to commit.
//!
//! A run does only the new work, story by story. Each document records the path of the file it
//! came from and its story's key (path and id), and each article a hash of the story's bytes (and
//! whether its quotes were extracted). A file whose stamp (size and modification time, kept in the
//! [`State`]) is unchanged is not read again; in a changed file, an unchanged story costs nothing,
//! a changed one is deleted and added again, and one the file no longer holds is deleted, unless
//! the file could not be read whole: then the index keeps what it had and the file is marked
//! damaged. The stories of a file that disappeared from a walked folder are deleted. One id is one
//! story: a copy of an id in a file later in path order is skipped. Commits happen every
//! `commit_interval`, never inside a story, and a `--rebuild` commits once at the end; a run that
//! is killed leaves the index as it was at its last commit, and the next run resumes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::indexer::UserOperation;
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexWriter, Term};

use crate::corpus::{self, Encoding, FileReport, Skip, Warning};
use crate::document::{self, story_key};
use crate::error::{Error, Result};
use crate::schema::{self, Fields, KIND_ARTICLE, name};
use crate::state::{DamagedFile, LastRun, RootStatus, State, Status};
use crate::store;

/// What an indexing run is asked to do.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The index folder; created when missing.
    pub index_dir: PathBuf,
    /// Files and folders to index; none to walk again the roots the index remembers (see
    /// [`status`]).
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
    /// Walk hidden files and folders too (names starting with `.`).
    pub hidden: bool,
    /// Set (by a signal handler) to stop the run: readers stop reading, what is complete is
    /// committed, and the run returns with [`Summary::interrupted`] set.
    pub stop: Option<Arc<AtomicBool>>,
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
            hidden: false,
            stop: None,
        }
    }
}

/// What the caller is told while a run goes on. Implementations print; the library does not.
pub trait Progress: Sync {
    /// The walk is done: this many files, holding this many bytes on disk (of the files whose
    /// names say they hold stories), will be looked at.
    fn start(&self, _files: usize, _bytes: u64) {}
    /// A file starts being read (several are read at once).
    fn reading(&self, _path: &Path) {}
    /// This many more bytes of a file being read came from the disk (compressed, for a
    /// `.jsonl.gz`): a large file moves the progress while it is read, not only when it ends.
    fn advance(&self, _bytes: u64) {}
    /// One file is done: `bytes` are those of its size that [`Progress::advance`] did not report
    /// (all of it for a file found unchanged and not read), so that the counts add up to the
    /// total of [`Progress::start`] when the files did not change meanwhile.
    fn file_done(&self, _path: &Path, _bytes: u64) {}
    /// Something about a file or folder is worth telling (it was skipped, or read with trouble).
    fn warn(&self, _path: &Path, _line: Option<usize>, _message: &str) {}
}

/// A [`Progress`] that says nothing.
pub struct Silent;
impl Progress for Silent {}

/// What a run did (`index --json` prints it as one object; `elapsed` in seconds).
#[derive(Debug, Default, Clone, serde::Serialize)]
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
    /// Bytes of the files read, as on the disk (compressed, for `.jsonl.gz`).
    pub bytes_read: u64,
    /// Bytes of text in the files read: their bytes, uncompressed.
    pub text_bytes: u64,
    /// Wall time of the run.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
    /// Commits made.
    pub commits: usize,
    /// Articles in the index at the end.
    pub articles_in_index: u64,
    /// Stories skipped because another story (in another file, or earlier in the same file) has
    /// their id.
    pub duplicates: usize,
    /// JSON lines that gave no story.
    pub lines_skipped: usize,
    /// Files that could not be read to their end.
    pub cut_off: usize,
    /// Wire-format files without a date header.
    pub not_story: usize,
    /// Folders that could not be walked.
    pub unwalked: usize,
    /// Files of this run that could not be indexed whole (cut off, lines or duplicates skipped,
    /// unreadable): the index keeps what it had of them, and the next run reads them again.
    pub damaged: usize,
    /// Files marked damaged in the index after the run, this run's and those of earlier runs that
    /// this run did not read.
    pub damaged_in_index: usize,
    /// Whether the run was stopped (see [`IndexConfig::stop`]) before it read everything: what it
    /// committed is kept, and the same command run again continues.
    pub interrupted: bool,
    /// Whether an interrupted run was a rebuild, which commits nothing until it is complete: the
    /// index is as it was before the run.
    pub rebuild_abandoned: bool,
}

/// A duration as seconds, for JSON.
fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

impl Summary {
    /// Whether some input could not be indexed (a file or folder unreadable, cut off, binary or
    /// too large, a JSON line or a duplicate story skipped): the exit status says so.
    pub fn lost_anything(&self) -> bool {
        self.damaged > 0 || self.unwalked > 0
    }

    /// Megabytes read per second.
    pub fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        self.bytes_read as f64 / 1_000_000.0 / seconds
    }
}

/// What the index holds of one file: the hash of each of its stories, sorted by id (most files
/// hold one story, and a vector spares each a hash table).
#[derive(Debug, Clone, Default)]
struct Known {
    stories: Vec<(String, u64)>,
}

impl Known {
    fn get(&self, id: &str) -> Option<u64> {
        self.stories
            .binary_search_by(|(known, _)| known.as_str().cmp(id))
            .ok()
            .map(|at| self.stories[at].1)
    }

    fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    fn ids(&self) -> impl Iterator<Item = &String> {
        self.stories.iter().map(|(id, _)| id)
    }
}

/// Reads the path, id, hash and kind columns of every live article.
fn known_files(index: &Index) -> Result<FxHashMap<String, Known>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut known: FxHashMap<String, Known> = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(ids), Some(kinds)) = (
            fast.str(name::PATH)?,
            fast.str(name::ID)?,
            fast.str(name::KIND)?,
        ) else {
            continue;
        };
        let path_terms = schema::column_terms(&paths)?;
        let id_terms = schema::column_terms(&ids)?;
        let Some(article_ord) = schema::column_terms(&kinds)?
            .iter()
            .position(|kind| kind == KIND_ARTICLE)
            .map(|ord| ord as u64)
        else {
            continue;
        };
        let hashes = fast.u64(name::HASH)?;
        for doc in segment.doc_ids_alive() {
            if kinds.term_ords(doc).next() != Some(article_ord) {
                continue;
            }
            let term = |column: &tantivy::columnar::StrColumn, terms: &[String]| {
                column
                    .term_ords(doc)
                    .next()
                    .and_then(|ord| terms.get(ord as usize).cloned())
            };
            let (Some(path), Some(id)) = (term(&paths, &path_terms), term(&ids, &id_terms)) else {
                continue;
            };
            let hash = hashes.first(doc).unwrap_or_default();
            known.entry(path).or_default().stories.push((id, hash));
        }
    }
    for file in known.values_mut() {
        file.stories.sort_unstable();
        // An id twice in one file (an index of an older version): one hash stands.
        file.stories.dedup_by(|a, b| a.0 == b.0);
    }
    Ok(known)
}

/// The file that holds a story id.
#[derive(Debug, Clone)]
struct Claim {
    path: String,
    /// Whether the story was added by this run (it was not in the index under this file before).
    fresh: bool,
}

/// A story that lost its id to a copy in a file earlier in path order, after it was handed to the
/// writer: the calling thread deletes it once its batch is done.
#[derive(Debug, Clone)]
struct Displaced {
    path: String,
    id: String,
    fresh: bool,
    winner: String,
}

/// Whether the file `a` comes before the file `b` in path order: component by component, the order
/// the walk meets files in (`2020/` before `2020-old/`, though `/` sorts after `-` byte by byte).
fn comes_before(a: &str, b: &str) -> bool {
    Path::new(a) < Path::new(b)
}

/// Which file holds each story id, from what the index holds: the first path in path order, should
/// an old index hold an id twice.
fn claims_of(known: &FxHashMap<String, Known>) -> HashMap<String, Claim> {
    let mut paths: Vec<&String> = known.keys().collect();
    paths.sort_by(|a, b| Path::new(a.as_str()).cmp(Path::new(b.as_str())));
    let mut claims = HashMap::new();
    for path in paths {
        for id in known[path].ids() {
            claims.entry(id.clone()).or_insert_with(|| Claim {
                path: path.clone(),
                fresh: false,
            });
        }
    }
    claims
}

/// The claims of a run, made from what the index holds the first time a story is read: a run that
/// reads nothing (every file unchanged) never builds them.
type Claims = Mutex<Option<HashMap<String, Claim>>>;

/// The claims, built on first use.
fn claims_map<'g>(
    guard: &'g mut std::sync::MutexGuard<'_, Option<HashMap<String, Claim>>>,
    known: &FxHashMap<String, Known>,
) -> &'g mut HashMap<String, Claim> {
    guard.get_or_insert_with(|| claims_of(known))
}

/// Claims `id` for the file `path`, if no file before it in path order holds it. Returns the file
/// that keeps the id when it is not `path`. A file after `path` that held it loses it, and is
/// listed in `displaced`.
fn claim(run: &Run, id: &str, path: &str, in_index: bool) -> Option<String> {
    let mut guard = run
        .claims
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let claims = claims_map(&mut guard, run.known);
    let displaced = run.displaced;
    match claims.get_mut(id) {
        Some(owner) if owner.path == path => None,
        Some(owner) if comes_before(&owner.path, path) => Some(owner.path.clone()),
        Some(owner) => {
            displaced
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(Displaced {
                    path: std::mem::replace(&mut owner.path, path.to_owned()),
                    id: id.to_owned(),
                    fresh: owner.fresh,
                    winner: path.to_owned(),
                });
            owner.fresh = !in_index;
            None
        }
        None => {
            claims.insert(
                id.to_owned(),
                Claim {
                    path: path.to_owned(),
                    fresh: !in_index,
                },
            );
            None
        }
    }
}

/// The text a path is stored and compared as: the path itself when it is UTF-8, else its bytes
/// with each invalid one written `\xNN`, so that two names differing only in invalid bytes stay
/// two keys (a lossy conversion would make them one, and a run would delete one with the other).
pub fn path_key(path: &Path) -> String {
    corpus::os_text(path.as_os_str())
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

/// The lowest bit of a file's stamp and of a story's hash: set when quotes were extracted. A run
/// with quotes reads again the files, and indexes again the stories, that an earlier `--no-quotes`
/// run indexed, to add their quotes; a run without quotes leaves alone the unchanged ones that have
/// them.
const QUOTED: u64 = 1;

/// Whether a file stamp or a story hash that is now `new` (its quote bit set as the run wants)
/// needs no new work, given the `old` one.
fn is_unchanged(old: u64, new: u64, with_quotes: bool) -> bool {
    if with_quotes {
        old == new
    } else {
        old & !QUOTED == new & !QUOTED
    }
}

/// What a reader sends to the calling thread.
enum Message {
    /// A file is done.
    Done(FileOutcome),
    /// The writer refused a batch: its indexing threads are dead.
    Failed(tantivy::TantivyError),
}

/// What became of the stories of one file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    added: usize,
    updated: usize,
    removed: usize,
    unchanged: usize,
    duplicates: usize,
}

struct FileOutcome {
    path: PathBuf,
    bytes: u64,
    /// The bytes of it already told to [`Progress::advance`] while it was read.
    advanced: u64,
    /// None when the file was unchanged and not read.
    report: Option<FileReport>,
    counts: Counts,
    quotes: usize,
    /// Whether operations on the index were handed to the writer for this file.
    changed: bool,
    /// The file's stamp, when it was read whole and nothing of it was lost: once committed, the
    /// next run need not read it.
    stamp: Option<u64>,
    /// Why the file is damaged, when something of it could not be indexed.
    damage: Option<String>,
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

/// The roots as canonical paths, each once, without those inside another root. A root that does
/// not exist is an error that says whether the index holds stories from it. No root at all means
/// the roots the index remembers, those that still exist (a run warns about the others).
fn canonical_roots(config: &IndexConfig) -> Result<Vec<PathBuf>> {
    let remembered: Vec<PathBuf>;
    let given = if config.roots.is_empty() {
        let state = State::load(&config.index_dir);
        if state.roots.is_empty() {
            return Err(Error::NoRoots {
                path: config.index_dir.clone(),
            });
        }
        remembered = state
            .roots
            .iter()
            .map(PathBuf::from)
            .filter(|root| root.exists())
            .collect();
        &remembered
    } else {
        &config.roots
    };
    let mut roots: Vec<PathBuf> = Vec::new();
    for root in given {
        let canonical = match std::fs::canonicalize(root) {
            Ok(canonical) => canonical,
            Err(cause) if cause.kind() == std::io::ErrorKind::NotFound => {
                let absolute =
                    lexically_normal(&std::path::absolute(root).unwrap_or_else(|_| root.clone()));
                let remembered = State::load(&config.index_dir).roots.iter().any(|known| {
                    Path::new(known).starts_with(&absolute) || absolute.starts_with(known)
                });
                return Err(Error::MissingRoot {
                    path: root.clone(),
                    remembered,
                });
            }
            Err(cause) => return Err(Error::io(root, cause)),
        };
        if roots.iter().any(|kept| canonical.starts_with(kept)) {
            continue;
        }
        roots.retain(|kept| !kept.starts_with(&canonical));
        roots.push(canonical);
    }
    Ok(roots)
}

/// Indexes the files under `config.roots` into `config.index_dir`.
pub fn index(config: &IndexConfig, progress: &dyn Progress) -> Result<Summary> {
    let started = Instant::now();
    let index_dir = &config.index_dir;
    // Roots are checked before the index is touched: a run with a mistyped folder creates nothing.
    // A folder named twice, or with its parent, is walked once.
    let roots = canonical_roots(config)?;
    let index = store::open_for_writing(index_dir, config.rebuild)?;
    // The index folder is never indexed, even when it sits inside a walked folder.
    let canonical_index_dir =
        std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.clone());
    let fields = Fields::new(&index.schema())?;
    let (writer, _pid_file) =
        store::open_writer(&index, index_dir, config.threads, config.memory_budget)?;
    let mut summary = Summary::default();
    let write_failed = |error: tantivy::TantivyError| Error::write_failed(index_dir, &error);

    let mut state = State::load(index_dir);
    let mut known = if config.rebuild {
        writer.delete_all_documents().map_err(write_failed)?;
        state.files.clear();
        state.damaged.clear();
        FxHashMap::default()
    } else {
        known_files(&index).map_err(|error| match error {
            Error::Tantivy(error) => Error::damaged(index_dir, &error),
            other => other,
        })?
    };
    for root in &roots {
        state.remember_root(&path_key(root));
    }
    for root in &state.roots {
        if !Path::new(root).exists() {
            progress.warn(
                Path::new(root),
                None,
                &format!(
                    "this indexed folder no longer exists; the index keeps its stories until `depeche forget {root}`"
                ),
            );
            summary.warnings += 1;
        }
    }

    let (files, problems) = corpus::walk(&roots, &[canonical_index_dir], config.hidden);
    let mut unwalked: Vec<PathBuf> = Vec::new();
    for problem in &problems {
        progress.warn(&problem.path, None, &problem.message);
        summary.warnings += 1;
        if problem.hides_files {
            summary.unwalked += 1;
            unwalked.push(problem.path.clone());
        }
    }
    summary.files_seen = files.len();

    // Files the index knows under a walked root, that the walk did not meet, are gone (deleted,
    // moved away, hidden, or a dangling link). They go first, so that a story moved to another
    // file under the roots finds its id free.
    let mut pending_changes = config.rebuild;
    let walked: FxHashSet<String> = files.iter().map(|path| path_key(path)).collect();
    let mut gone: Vec<String> = known
        .keys()
        .filter(|path| {
            let path_buf = Path::new(path.as_str());
            !walked.contains(path.as_str())
                && roots
                    .iter()
                    .any(|root| path_buf.starts_with(path_key(root)))
                && !unwalked
                    .iter()
                    .any(|dir| path_buf.starts_with(path_key(dir)))
        })
        .cloned()
        .collect();
    gone.sort();
    for path in gone {
        writer.delete_term(Term::from_field_text(fields.path, &path));
        if let Some(file) = known.remove(&path) {
            summary.removed += file.stories.len();
        }
        state.files.remove(&path);
        state.damaged.remove(&path);
        pending_changes = true;
    }
    let claims: Claims = Mutex::new(None);
    let displaced = Mutex::new(Vec::new());
    let bytes_to_read: u64 = files
        .par_iter()
        .filter(|path| corpus::format_of(path).is_some())
        .map(|path| std::fs::metadata(path).map_or(0, |metadata| metadata.len()))
        .sum();
    progress.start(files.len(), bytes_to_read);

    let never = AtomicBool::new(false);
    let stop = config.stop.as_deref().unwrap_or(&never);
    let dirty = AtomicBool::new(false);
    let writer = Mutex::new(writer);
    // Looked up once per file: hashed, not compared along paths' long common prefixes.
    let stamps: FxHashMap<String, u64> = state
        .files
        .iter()
        .map(|(path, &stamp)| (path.clone(), stamp))
        .collect();
    let mut committer = Committer {
        writer: &writer,
        index_dir,
        // A rebuild is built aside: its new segments are published by one commit at the end, so
        // searchers see the old index until then, and the new one whole.
        interval: if config.rebuild {
            Duration::MAX
        } else {
            config.commit_interval
        },
        last: Instant::now(),
        dirty: &dirty,
        pending: pending_changes,
        stamps: Vec::new(),
        commits: 0,
    };
    for batch in files.chunks(BATCH_FILES) {
        if stop.load(Ordering::Relaxed) {
            summary.interrupted = true;
            break;
        }
        let run = Run {
            known: &known,
            stamps: &stamps,
            claims: &claims,
            displaced: &displaced,
            fields: &fields,
            with_quotes: config.quotes,
            writer: &writer,
            dirty: &dirty,
            stop,
        };
        let outcomes = match index_batch(
            batch,
            &run,
            progress,
            &mut summary,
            &mut committer,
            &mut state,
        ) {
            Ok(outcomes) => outcomes,
            Err(BatchError::Tantivy(error)) => {
                return Err(write_failed(worker_error(&mut lock_writer(&writer), error)));
            }
            Err(BatchError::Depeche(error)) => return Err(error),
        };
        for (path, stamp, damage, changed) in outcomes {
            committer.pending |= changed;
            if let Some(stamp) = stamp {
                committer.stamps.push((path.clone(), stamp));
            } else {
                // Read again next run, whatever its stamp.
                state.files.remove(&path);
            }
            match damage {
                Some(why) => {
                    summary.damaged += 1;
                    state.damaged.insert(path, why);
                }
                None => {
                    state.damaged.remove(&path);
                }
            }
        }
        // Every reader of the batch has handed its documents over: a story that lost its id to a
        // copy earlier in path order can be deleted now.
        let lost_ids = std::mem::take(
            &mut *displaced
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for lost in lost_ids {
            lock_writer(&writer).delete_term(Term::from_field_text(
                fields.key,
                &story_key(&lost.path, &lost.id),
            ));
            committer.pending = true;
            progress.warn(
                Path::new(&lost.path),
                None,
                &format!(
                    "duplicate id \"{}\": the story in {} keeps it, this copy is skipped",
                    lost.id, lost.winner
                ),
            );
            summary.warnings += 1;
            summary.duplicates += 1;
            if lost.fresh {
                summary.added = summary.added.saturating_sub(1);
            } else {
                summary.removed += 1;
            }
            committer.stamps.retain(|(path, _)| *path != lost.path);
            state.files.remove(&lost.path);
            if !state.damaged.contains_key(&lost.path) {
                summary.damaged += 1;
            }
            state
                .damaged
                .insert(lost.path, "a duplicate id skipped".to_owned());
        }
        if committer.due() {
            committer.commit(&mut state)?;
        }
    }
    summary.interrupted |= stop.load(Ordering::Relaxed);
    if summary.interrupted && config.rebuild {
        // Half a rebuild is never published: the index stays as it was.
        summary.rebuild_abandoned = true;
        return Ok(summary);
    }
    state.last_run = Some(LastRun {
        finished: std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs()),
        files_seen: summary.files_seen,
        added: summary.added,
        updated: summary.updated,
        removed: summary.removed,
        interrupted: summary.interrupted,
    });
    committer.commit(&mut state)?;
    summary.commits = committer.commits;
    let writer = writer
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
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
    summary.damaged_in_index = state.damaged.len();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What the index at `index_dir` holds, root by root.
pub fn status(index_dir: &Path) -> Result<Status> {
    let (_index, reader) = store::open_for_reading(index_dir)?;
    let counts = store::counts_by_path(&reader.searcher())?;
    let state = State::load(index_dir);
    let mut roots: Vec<RootStatus> = state
        .roots
        .iter()
        .map(|root| RootStatus {
            path: root.clone(),
            exists: Path::new(root).exists(),
            stories: 0,
            quotes: 0,
        })
        .collect();
    let mut status = Status {
        index: index_dir.to_path_buf(),
        roots: Vec::new(),
        stories_outside_roots: 0,
        stories: 0,
        quotes: 0,
        last_run: state.last_run.clone(),
        damaged: state
            .damaged
            .iter()
            .map(|(path, why)| DamagedFile {
                path: path.clone(),
                why: why.clone(),
            })
            .collect(),
    };
    for (path, (stories, quotes)) in counts {
        status.stories += stories;
        status.quotes += quotes;
        match roots
            .iter_mut()
            .find(|root| Path::new(&path).starts_with(&root.path))
        {
            Some(root) => {
                root.stories += stories;
                root.quotes += quotes;
            }
            None => status.stories_outside_roots += stories,
        }
    }
    status.roots = roots;
    Ok(status)
}

/// What `depeche forget` dropped.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Forgotten {
    /// Files whose stories were dropped.
    pub files: usize,
    /// Stories dropped.
    pub stories: u64,
    /// Quotes dropped with them.
    pub quotes: u64,
    /// Whether `path` was a remembered root (or held some).
    pub was_root: bool,
}

/// Drops from the index at `index_dir` every story from under `path` (a folder or file, which may
/// no longer exist), and forgets it as a root.
pub fn forget(index_dir: &Path, path: &Path) -> Result<Forgotten> {
    let target = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .map_err(|cause| Error::io(path, cause))?;
    let target = path_key(&lexically_normal(&target));
    let (index, reader) = store::open_for_reading(index_dir)?;
    let counts = store::counts_by_path(&reader.searcher())?;
    drop(reader);
    let fields = Fields::new(&index.schema())?;
    let config = IndexConfig::new(index_dir, Vec::new());
    let (mut writer, _pid_file) =
        store::open_writer(&index, index_dir, config.threads, config.memory_budget)?;
    let mut forgotten = Forgotten::default();
    for (file, (stories, quotes)) in &counts {
        if Path::new(file).starts_with(&target) {
            writer.delete_term(Term::from_field_text(fields.path, file));
            forgotten.files += 1;
            forgotten.stories += stories;
            forgotten.quotes += quotes;
        }
    }
    let write_failed = |error: tantivy::TantivyError| Error::write_failed(index_dir, &error);
    if forgotten.files > 0 {
        writer.commit().map_err(write_failed)?;
    }
    // The state is read and saved while the writer (and its lock) is held: an `index` run started
    // meanwhile is refused as busy, rather than save its state over this one or have this one
    // saved over its (bringing back a forgotten root, or dropping the stamps it recorded).
    let mut state = State::load(index_dir);
    let under = |file: &String| Path::new(file).starts_with(&target);
    forgotten.was_root = state.roots.iter().any(under);
    state.roots.retain(|root| !under(root));
    state.files.retain(|file, _| !under(file));
    state.damaged.retain(|file, _| !under(file));
    state.save(index_dir)?;
    // Dropping the writer (here, once its merges are done) releases the lock.
    writer.wait_merging_threads().map_err(write_failed)?;
    Ok(forgotten)
}

/// `path` with `.` and `..` components resolved without asking the file system (for a path that
/// no longer exists).
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
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

/// What every reader of a run shares.
struct Run<'a> {
    /// What the index holds, by path.
    known: &'a FxHashMap<String, Known>,
    /// The stamps of the files read whole by earlier runs.
    stamps: &'a FxHashMap<String, u64>,
    /// The file each story id belongs to: the first in path order; a copy in another file is a
    /// duplicate.
    claims: &'a Claims,
    /// Stories handed to the writer that lost their id to a copy earlier in path order.
    displaced: &'a Mutex<Vec<Displaced>>,
    fields: &'a Fields,
    with_quotes: bool,
    writer: &'a Mutex<IndexWriter>,
    /// Set whenever operations are handed to the writer, cleared by each commit.
    dirty: &'a AtomicBool,
    /// Set to stop the run.
    stop: &'a AtomicBool,
}

/// The writer, for one handover (or one commit) at a time.
///
/// Readers hand operations over one bundle at a time, never two at once: tantivy's
/// [`IndexWriter::run`] takes its opstamps and then queues its deletes, and two bundles handed over
/// at once can queue their deletes out of opstamp order. tantivy reads its delete queue in order
/// and stops at the first delete newer than a segment's newest document; the deletes it has not
/// read are later applied to that segment's documents whatever their age, so a story's delete,
/// queued behind a newer one, also deleted the story's new documents (its article and quotes,
/// added right after it in the same bundle). A commit takes the same lock, so it never falls inside
/// one story's operations.
fn lock_writer(writer: &Mutex<IndexWriter>) -> std::sync::MutexGuard<'_, IndexWriter> {
    writer
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Commits every `interval`, between batches and inside them (a large JSON-lines file is one
/// file), and saves the state with the stamps of the files whose stories the commit holds.
struct Committer<'a> {
    writer: &'a Mutex<IndexWriter>,
    index_dir: &'a Path,
    interval: Duration,
    last: Instant,
    /// Set by readers when they hand operations over.
    dirty: &'a AtomicBool,
    /// Whether the calling thread made changes (deletes) since the last commit.
    pending: bool,
    /// Stamps of the files read whole since the last commit.
    stamps: Vec<(String, u64)>,
    commits: usize,
}

impl Committer<'_> {
    fn due(&self) -> bool {
        self.last.elapsed() >= self.interval
    }

    /// Commits what was handed over (if anything was), then saves the state.
    fn commit(&mut self, state: &mut State) -> Result<()> {
        {
            let mut writer = lock_writer(self.writer);
            if self.dirty.swap(false, Ordering::SeqCst) || self.pending {
                writer
                    .commit()
                    .map_err(|error| Error::write_failed(self.index_dir, &error))?;
                self.commits += 1;
                self.pending = false;
            }
        }
        state.files.extend(self.stamps.drain(..));
        state.save(self.index_dir)?;
        self.last = Instant::now();
        Ok(())
    }
}

/// Why a batch stopped.
enum BatchError {
    /// The writer refused operations.
    Tantivy(tantivy::TantivyError),
    /// A commit inside the batch failed.
    Depeche(Error),
}

/// A file's path, its stamp if read whole, why it is damaged if it is, and whether the index changed.
type Settled = (String, Option<u64>, Option<String>, bool);

/// Reads one batch of files in parallel and hands their documents to the writer. Returns what
/// became of each file.
fn index_batch(
    batch: &[PathBuf],
    run: &Run,
    progress: &dyn Progress,
    summary: &mut Summary,
    committer: &mut Committer,
    state: &mut State,
) -> Result<Vec<Settled>, BatchError> {
    let (sender, receiver) = mpsc::sync_channel::<Message>(CHANNEL_MESSAGES);
    let mut settled = Vec::with_capacity(batch.len());
    let mut failure = None;
    let mut commit_failure = None;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            batch.par_iter().for_each_with(sender, |sender, path| {
                read_one(path, run, progress, sender);
            });
        });
        loop {
            let message = match receiver.recv_timeout(Duration::from_millis(250)) {
                Ok(message) => message,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // A long file is still being read: commit what it handed over so far,
                    // unless a story that lost its id to an earlier copy is still to be deleted
                    // (a commit now would publish both copies, and a crash would keep them).
                    if committer.due()
                        && run
                            .displaced
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .is_empty()
                        && commit_failure.is_none()
                        && failure.is_none()
                        && let Err(error) = committer.commit(state)
                    {
                        // Stop the readers: nothing more can be committed.
                        run.stop.store(true, Ordering::SeqCst);
                        commit_failure = Some(error);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            match message {
                Message::Done(outcome) => {
                    // A file not read (unchanged, or not started before a stop) keeps its state
                    // as it is: nothing to settle.
                    if outcome.report.is_some() {
                        settled.push((
                            path_key(&outcome.path),
                            outcome.stamp,
                            outcome.damage.clone(),
                            outcome.changed,
                        ));
                    }
                    account(outcome, summary, progress);
                }
                Message::Failed(error) => {
                    failure.get_or_insert(error);
                }
            }
        }
    });
    if let Some(error) = commit_failure {
        return Err(BatchError::Depeche(error));
    }
    match failure {
        Some(error) => Err(BatchError::Tantivy(error)),
        None => Ok(settled),
    }
}

/// Adds one file's outcome to the summary.
fn account(outcome: FileOutcome, summary: &mut Summary, progress: &dyn Progress) {
    progress.file_done(
        &outcome.path,
        outcome.bytes.saturating_sub(outcome.advanced),
    );
    let counts = outcome.counts;
    summary.added += counts.added;
    summary.updated += counts.updated;
    summary.removed += counts.removed;
    summary.unchanged += counts.unchanged;
    summary.duplicates += counts.duplicates;
    summary.quotes += outcome.quotes;
    let Some(report) = outcome.report else {
        return;
    };
    if report.skip.is_none() {
        summary.bytes_read += outcome.bytes;
        summary.text_bytes += report.text_bytes;
    }
    for warning in &report.warnings {
        progress.warn(&outcome.path, warning.line, &warning.message);
        summary.warnings += 1;
    }
    if report.encoding == Encoding::Windows1252 {
        summary.windows_1252 += 1;
    }
    summary.lines_skipped += report.lines_skipped;
    summary.cut_off += usize::from(report.cut_off);
    summary.not_story += usize::from(report.not_story);
    if let Some(skip) = report.skip {
        *summary.skipped.entry(skip.label()).or_default() += 1;
        if skip != Skip::NotArticle && report.warnings.is_empty() {
            progress.warn(&outcome.path, None, &format!("skipped: {}", skip.label()));
            summary.warnings += 1;
        }
    }
}

/// Reads one file in a rayon worker, hands its operations to the writer and reports the outcome.
///
/// Each story is compared with what the index holds under the same file and id: an unchanged hash
/// costs nothing, a changed one deletes the story (with its quotes) and adds it again, and a story
/// the file no longer holds is deleted, unless the file could not be read whole, in which case the
/// index keeps what it had of it.
fn read_one(
    path: &Path,
    run: &Run,
    progress: &dyn Progress,
    sender: &mut mpsc::SyncSender<Message>,
) {
    let fields = run.fields;
    let path_text = path_key(path);
    let known_file = run.known.get(&path_text);
    let mut outcome = FileOutcome {
        path: path.to_path_buf(),
        bytes: 0,
        advanced: 0,
        report: None,
        counts: Counts::default(),
        quotes: 0,
        changed: false,
        stamp: None,
        damage: None,
    };
    if run.stop.load(Ordering::Relaxed) {
        // Not started: it keeps its stamp and its stories, and the next run reads it.
        let _ = sender.send(Message::Done(outcome));
        return;
    }
    if corpus::format_of(path).is_none() {
        outcome.report = Some(corpus::read_file(path, &mut |_| {}));
        let _ = sender.send(Message::Done(outcome));
        return;
    }
    let mut handover = Handover::new(run.writer, run.dirty);
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => {
            let skip = if error.kind() == std::io::ErrorKind::NotFound {
                Skip::Vanished
            } else {
                Skip::Unreadable
            };
            if skip == Skip::Vanished
                && let Some(known) = known_file
            {
                handover.push(UserOperation::Delete(Term::from_field_text(
                    fields.path,
                    &path_text,
                )));
                outcome.counts.removed = known.stories.len();
            } else {
                outcome.damage = Some(error.to_string());
            }
            outcome.report = Some(FileReport {
                skip: Some(skip),
                warnings: vec![Warning {
                    line: None,
                    message: error.to_string(),
                }],
                encoding: Encoding::Utf8,
                articles: 0,
                lines_skipped: 0,
                cut_off: false,
                not_story: false,
                text_bytes: 0,
                stopped: false,
            });
            outcome.changed = handover.finish(sender);
            let _ = sender.send(Message::Done(outcome));
            return;
        }
    };
    let quoted = if run.with_quotes { QUOTED } else { 0 };
    let stamp = stamp_of(&metadata) | quoted;
    outcome.bytes = metadata.len();
    // A stamp is trusted only while the index holds stories of the file: after an index was
    // emptied and not refilled (a rebuild of a damaged index stopped halfway, a crash between a
    // commit and the state's save), the file is read again rather than taken as indexed.
    if known_file.is_some()
        && run
            .stamps
            .get(&path_text)
            .is_some_and(|&old| is_unchanged(old, stamp, run.with_quotes))
    {
        outcome.counts.unchanged = known_file.map_or(0, |known| known.stories.len());
        let _ = sender.send(Message::Done(outcome));
        return;
    }
    let mut counts = Counts::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut duplicate_warnings = Vec::new();
    let mut quote_count = 0;
    progress.reading(path);
    let advanced = std::cell::Cell::new(0);
    let on_read = |bytes: u64| {
        advanced.set(advanced.get() + bytes);
        progress.advance(bytes);
    };
    let read = |sink: &mut dyn FnMut(corpus::Article) -> bool| {
        corpus::read_file_counting(path, sink, &on_read)
    };
    let mut report = read(&mut |mut article| {
        article.path.clone_from(&path_text);
        let owner = if seen.insert(article.id.clone()) {
            let in_index = known_file.is_some_and(|known| known.contains(&article.id));
            claim(run, &article.id, &path_text, in_index)
        } else {
            Some(path_text.clone())
        };
        if let Some(owner) = owner {
            counts.duplicates += 1;
            let place = if owner == path_text {
                "earlier in this file".to_owned()
            } else {
                format!("in {owner}")
            };
            duplicate_warnings.push(Warning {
                line: None,
                message: format!(
                    "duplicate id \"{}\": the story {place} keeps it, this copy is skipped",
                    article.id
                ),
            });
            return !run.stop.load(Ordering::Relaxed);
        }
        let hash = (article.hash & !QUOTED) | quoted;
        let key = story_key(&path_text, &article.id);
        match known_file.and_then(|known| known.get(&article.id)) {
            Some(old) if is_unchanged(old, hash, run.with_quotes) => {
                counts.unchanged += 1;
                return !run.stop.load(Ordering::Relaxed);
            }
            Some(_) => {
                counts.updated += 1;
                handover.push(UserOperation::Delete(Term::from_field_text(
                    fields.key, &key,
                )));
            }
            None => counts.added += 1,
        }
        let bytes = article.paragraphs.iter().map(String::len).sum::<usize>();
        handover.push(UserOperation::Add(document::article_document(
            fields, &article, &key, hash,
        )));
        if run.with_quotes {
            let quote_documents = document::quote_documents(fields, &article, &key);
            quote_count += quote_documents.len();
            for document in quote_documents {
                handover.push(UserOperation::Add(document));
            }
        }
        handover.flush_if_full(bytes, sender);
        !run.stop.load(Ordering::Relaxed)
    });
    outcome.advanced = advanced.get();
    report.warnings.append(&mut duplicate_warnings);
    // A file that could not be read whole keeps the stories the index had from it: the lines lost
    // may hold them.
    let keep_unseen = report.lost_anything() || report.stopped;
    if !keep_unseen && let Some(known) = known_file {
        let mut guard = run
            .claims
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let claims = claims_map(&mut guard, run.known);
        for id in known.ids().filter(|id| !seen.contains(*id)) {
            let key = story_key(&path_text, id);
            handover.push(UserOperation::Delete(Term::from_field_text(
                fields.key, &key,
            )));
            counts.removed += 1;
            if claims.get(id).is_some_and(|owner| owner.path == path_text) {
                claims.remove(id);
            }
        }
    }
    if keep_unseen {
        counts.unchanged += known_file.map_or(0, |known| {
            known.ids().filter(|id| !seen.contains(*id)).count()
        });
    }
    let mut damage = Vec::new();
    if report.cut_off {
        damage.push("cut off: a read error stopped reading before its end".to_owned());
    }
    if report.lines_skipped > 0 {
        damage.push(match report.lines_skipped {
            1 => "1 line skipped".to_owned(),
            many => format!("{many} lines skipped"),
        });
    }
    if counts.duplicates > 0 {
        damage.push(match counts.duplicates {
            1 => "1 duplicate id skipped".to_owned(),
            many => format!("{many} duplicate ids skipped"),
        });
    }
    match report.skip {
        Some(skip @ (Skip::Unreadable | Skip::TooLarge | Skip::Binary)) => {
            damage.push(skip.label().to_owned());
        }
        Some(_) => {}
        None if damage.is_empty() && !report.stopped => outcome.stamp = Some(stamp),
        None => {}
    }
    outcome.damage = (!damage.is_empty()).then(|| damage.join(", "));
    outcome.counts = counts;
    outcome.quotes = quote_count;
    outcome.changed = handover.finish(sender);
    outcome.report = Some(report);
    let _ = sender.send(Message::Done(outcome));
}

/// The operations of one file on their way to the writer, handed over a bundle at a time.
struct Handover<'a> {
    writer: &'a Mutex<IndexWriter>,
    dirty: &'a AtomicBool,
    pending: Vec<UserOperation<TantivyDocument>>,
    pending_bytes: usize,
    /// Whether a bundle has been handed over already.
    flushed: bool,
}

impl<'a> Handover<'a> {
    fn new(writer: &'a Mutex<IndexWriter>, dirty: &'a AtomicBool) -> Handover<'a> {
        Handover {
            writer,
            dirty,
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
        // Under the lock: a commit waits until the whole bundle is handed over, so a story's
        // delete and adds are committed together, and no other bundle is handed over meanwhile,
        // so deletes are queued in opstamp order (see `lock_writer`).
        let writer = lock_writer(self.writer);
        self.dirty.store(true, Ordering::SeqCst);
        if let Err(error) = writer.run(std::mem::take(&mut self.pending)) {
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
        let writer: IndexWriter = index.writer(50_000_000).expect("writer");
        let writer = Mutex::new(writer);
        let article = crate::corpus::Article {
            id: "gone".into(),
            path: path_key(&path),
            paragraphs: vec!["Un texte.".into()],
            ..crate::corpus::Article::default()
        };
        let key = story_key(&article.path, &article.id);
        lock_writer(&writer)
            .add_document(crate::document::article_document(
                &fields, &article, &key, 1,
            ))
            .expect("add");
        lock_writer(&writer).commit().expect("commit");
        let known = known_files(&index).expect("known files");
        assert_eq!(known[&path_key(&path)].get("gone"), Some(1));
        let stamps = FxHashMap::default();
        let claims: Claims = Mutex::new(None);
        let displaced = Mutex::new(Vec::new());
        let run = Run {
            known: &known,
            stamps: &stamps,
            claims: &claims,
            displaced: &displaced,
            fields: &fields,
            with_quotes: true,
            writer: &writer,
            dirty: &AtomicBool::new(false),
            stop: &AtomicBool::new(false),
        };
        let (sender, receiver) = mpsc::sync_channel(8);
        let mut sender = sender;
        read_one(&path, &run, &Silent, &mut sender);
        drop(sender);
        let messages: Vec<Message> = receiver.into_iter().collect();
        let [Message::Done(outcome)] = &messages[..] else {
            panic!("one outcome expected")
        };
        assert!(outcome.changed);
        assert_eq!(outcome.stamp, None);
        let report = outcome.report.as_ref().expect("a report");
        assert_eq!(report.skip, Some(Skip::Vanished));
        lock_writer(&writer).commit().expect("commit");
        let reader = index.reader().expect("reader");
        reader.reload().expect("reload");
        let articles = store::count_kind(&reader.searcher(), &fields, KIND_ARTICLE);
        assert_eq!(articles.expect("count"), 0);

        let mut summary = Summary::default();
        let Some(Message::Done(outcome)) = messages.into_iter().next() else {
            panic!("no outcome")
        };
        account(outcome, &mut summary, &Silent);
        assert_eq!(summary.removed, 1);
        assert_eq!(summary.skipped.get("vanished"), Some(&1));
    }

    #[test]
    fn path_order_goes_component_by_component_as_the_walk_does() {
        assert!(comes_before("/a/2020/x.txt", "/a/2020-old/x.txt"));
        assert!(!comes_before("/a/2020-old/x.txt", "/a/2020/x.txt"));
        assert!(comes_before("/a/b/z.txt", "/a/b0/a.txt"));
        assert!(comes_before("/a/afp/x.txt", "/a/zcopy/x.txt"));
        assert!(!comes_before("/a/afp/x.txt", "/a/afp/x.txt"));
    }

    #[test]
    fn a_changed_stamp_or_hash_is_new_work_and_the_quote_bit_counts_only_when_quotes_are_wanted() {
        assert!(is_unchanged(8 | QUOTED, 8 | QUOTED, true));
        assert!(!is_unchanged(8, 8 | QUOTED, true));
        assert!(is_unchanged(8 | QUOTED, 8, false));
        assert!(is_unchanged(8, 8, false));
        assert!(!is_unchanged(10, 8, false));
    }
}
