//! Faults: `depeche index` killed at random moments, a full disk, two runs at once, searches during
//! commits, damaged and foreign index folders, and huge or odd trees. Each test runs the real binary.
//!
//! Knobs (environment variables), for longer runs by hand:
//! - `DEPECHE_KILL_TRIALS` (default 8): how many times `depeche index` is killed.
//! - `DEPECHE_KILL_SEED`: the seed of the kill moments (printed by the test).
//! - `DEPECHE_KILL_COPIES` (default 6): copies of the sample stories (about 100 stories and 800
//!   quotes a copy) in the corpus of the killed runs; 30 gives 3,000 stories.
//! - `DEPECHE_MANY_FILES` (default 100000): files in the one huge folder.
//! - `DEPECHE_MEMORY_BUDGET_MB` (default 1024): the peak memory allowed to an indexing run.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{BIN, fixture, sample_corpus};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("depeche-faults-")
        .tempdir()
        .expect("creating a temporary folder")
}

/// `depeche --index INDEX ARGS...`, ready to run, with no inherited index settings.
fn depeche<S: AsRef<OsStr>>(index: &Path, args: &[S]) -> Command {
    let mut command = Command::new(BIN);
    command
        .arg("--index")
        .arg(index)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("DEPECHE_INDEX")
        .env_remove("XDG_DATA_HOME")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    command
}

/// Runs `depeche --index INDEX ARGS...` to its end.
fn run<S: AsRef<OsStr>>(index: &Path, args: &[S]) -> Output {
    depeche(index, args).output().expect("running depeche")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_code(output: &Output, code: i32, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}: expected exit {code}\n--- stdout\n{}--- stderr\n{}",
        stdout(output),
        stderr(output)
    );
}

/// An error run: exit 2, a last line `depeche: …` (after any warnings) with every one of `words`,
/// and no panic.
#[track_caller]
fn assert_clean_error(output: &Output, words: &[&str], what: &str) {
    assert_code(output, 2, what);
    let text = stderr(output);
    assert!(
        !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
        "{what}: panic:\n{text}"
    );
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("depeche: ") && !last.starts_with("depeche: warning:"),
        "{what}: no error line:\n{text}"
    );
    for word in words {
        assert!(last.contains(word), "{what}: no {word:?} in:\n{text}");
    }
}

/// Builds a corpus of `copies` copies of every sample story (the `.txt` of `sample-corpus/` and of
/// `tests/fixtures/quotes/stories/`, and the sample JSON lines), each copy under other names so that
/// ids differ.
fn build_corpus(root: &Path, copies: usize) -> PathBuf {
    let mut sources: Vec<(&str, PathBuf)> = Vec::new();
    for (label, dir) in [
        ("afp", sample_corpus().join("afp")),
        ("reuters", sample_corpus().join("reuters")),
        ("odd", sample_corpus().join("odd")),
        ("quotes", fixture("quotes/stories")),
    ] {
        for entry in fs::read_dir(&dir).expect("reading a sample folder") {
            sources.push((label, entry.expect("an entry").path()));
        }
    }
    sources.push((
        "jsonl",
        sample_corpus().join("jsonl/orangesum-sample.jsonl"),
    ));
    sources.sort();
    let corpus = root.join("corpus");
    for copy in 0..copies {
        for (label, source) in &sources {
            let folder = corpus.join(format!("c{copy:03}")).join(label);
            fs::create_dir_all(&folder).expect("creating a corpus folder");
            let name = source
                .file_name()
                .and_then(OsStr::to_str)
                .expect("a UTF-8 name");
            let (stem, extension) = name.split_once('.').expect("a name with an extension");
            // The label too: a story of `quotes/` may also be in `afp/`, and one id is one story.
            let target = folder.join(format!("{stem}_{label}{copy}.{extension}"));
            if extension == "jsonl" {
                // JSON lines carry their ids: give each copy its own.
                let text = fs::read_to_string(source).expect("reading JSON lines");
                let lines: Vec<String> = text
                    .lines()
                    .map(|line| {
                        let mut record: serde_json::Value =
                            serde_json::from_str(line).expect("a JSON line");
                        record["id"] = format!("{}_{copy}", record["id"]).into();
                        record.to_string()
                    })
                    .collect();
                fs::write(&target, lines.join("\n") + "\n").expect("writing JSON lines");
            } else {
                fs::copy(source, &target).expect("copying a story");
            }
        }
    }
    corpus
}

/// Queries whose totals are compared.
const QUERIES: &[&str] = &[
    "Ukraine",
    "\"a déclaré\"",
    "Macron OR Véran",
    "santé -covid",
    "city:Paris",
];

/// What an index answers, in a form to compare: every story (id and file, sorted), the totals of a
/// few queries, the total of quotes and the counts of every speaker.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    stories: Vec<(String, String)>,
    totals: Vec<String>,
    quotes: String,
    speakers: String,
}

/// The last line of `output` (`N stories match; M shown`).
fn last_line(output: &Output) -> String {
    stdout(output).lines().last().unwrap_or_default().to_owned()
}

/// Runs a read command that must succeed (0: found, 1: nothing found).
#[track_caller]
fn read_ok(index: &Path, args: &[&str]) -> Output {
    let output = run(index, args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "`depeche {}` failed:\n{}",
        args.join(" "),
        stderr(&output)
    );
    output
}

fn snapshot(index: &Path) -> Snapshot {
    // Only excluded words: every story matches.
    let all = read_ok(
        index,
        &[
            "search",
            "--json",
            "--all-versions",
            "--sort",
            "date",
            "--fragments",
            "0",
            "-n",
            "1000000",
            "--",
            "-zzqqxxnothing",
        ],
    );
    let mut stories: Vec<(String, String)> = stdout(&all)
        .lines()
        .map(|line| {
            let hit: serde_json::Value = serde_json::from_str(line).expect("a JSON hit");
            (
                hit["id"].as_str().expect("an id").to_owned(),
                hit["path"].as_str().expect("a path").to_owned(),
            )
        })
        .collect();
    stories.sort();
    let totals = QUERIES
        .iter()
        .map(|query| {
            format!(
                "{query}: {}",
                last_line(&read_ok(index, &["search", "-n", "1", query]))
            )
        })
        .collect();
    let quotes = last_line(&read_ok(
        index,
        &["quotes", "-n", "1", "--", "-zzqqxxnothing"],
    ));
    let speakers = stdout(&read_ok(index, &["speakers", "--json", "-n", "1000000"]));
    Snapshot {
        stories,
        totals,
        quotes,
        speakers,
    }
}

/// Checks an index left by an interrupted run: it opens, searches work, and it holds no story twice
/// and none that a clean build lacks.
#[track_caller]
fn assert_consistent_part(index: &Path, clean: &Snapshot, what: &str) {
    let probe = run(index, &["search", "Ukraine"]);
    if probe.status.code() == Some(2) && !index.join("meta.json").exists() {
        // Killed before the index was created: there is none yet, and that is what is said.
        assert_clean_error(&probe, &["no index at"], what);
        return;
    }
    let part = snapshot(index);
    let mut unique = part.stories.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        part.stories.len(),
        "{what}: a story is in the index twice"
    );
    let clean_stories: std::collections::BTreeSet<_> = clean.stories.iter().collect();
    for story in &part.stories {
        assert!(
            clean_stories.contains(story),
            "{what}: {story:?} is not in a clean build"
        );
    }
}

/// A small xorshift generator, for kill moments that a seed reproduces.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

/// Waits for `child` at most `time`; returns its exit code, or `None` when it was killed.
fn kill_after(child: &mut Child, time: Duration) -> Option<i32> {
    let deadline = Instant::now() + time;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for depeche") {
            return Some(status.code().expect("an exit code"));
        }
        if Instant::now() >= deadline {
            child.kill().expect("killing depeche"); // SIGKILL
            child.wait().expect("reaping depeche");
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn index_killed_at_random_moments_converges_to_a_clean_build() {
    let trials = env_number("DEPECHE_KILL_TRIALS", 8);
    let seed = env_number("DEPECHE_KILL_SEED", 0x5DEE_CE66_D1CE_4E5B) | 1;
    let copies = env_number("DEPECHE_KILL_COPIES", 6) as usize;
    let temp = temp_dir();
    let corpus = build_corpus(temp.path(), copies);
    let index_args = |rebuild: bool| {
        let mut args: Vec<OsString> = vec![
            "index".into(),
            "--quiet".into(),
            "--commit-every".into(),
            "0".into(),
        ];
        if rebuild {
            args.push("--rebuild".into());
        }
        args.push(corpus.clone().into());
        args
    };

    let clean_index = temp.path().join("clean");
    let started = Instant::now();
    assert_code(&run(&clean_index, &index_args(false)), 0, "the clean build");
    let clean_time = started.elapsed();
    let clean = snapshot(&clean_index);
    assert!(
        clean.stories.len() > 90 * copies,
        "{} stories",
        clean.stories.len()
    );

    let index = temp.path().join("killed");
    let mut rng = XorShift(seed);
    let mut killed = 0;
    let mut rebuild = false;
    for trial in 0..trials {
        // Anywhere in the time of a whole build: early (creating the index), during a batch, during
        // a commit, or after the end.
        let moment = Duration::from_millis(rng.below(clean_time.as_millis() as u64 + 1));
        let what =
            format!("trial {trial} (seed {seed:#x}, kill after {moment:?}, rebuild {rebuild})");
        let mut child = depeche(&index, &index_args(rebuild))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting depeche");
        let ended = match kill_after(&mut child, moment) {
            None => {
                killed += 1;
                false
            }
            Some(code) => {
                assert_eq!(code, 0, "{what}: the run failed");
                true
            }
        };
        assert_consistent_part(&index, &clean, &what);
        // A run that ended is followed by a rebuild, which is killed in turn; a killed run is
        // resumed by the next, which is sometimes a rebuild too.
        rebuild = ended || trial % 3 == 2;
    }
    eprintln!("{killed} of {trials} runs killed (seed {seed:#x}, clean build {clean_time:?})");
    assert!(
        trials < 4 || killed * 4 >= trials,
        "only {killed} of {trials} runs were killed"
    );

    assert_code(
        &run(&index, &index_args(false)),
        0,
        "the run after the kills",
    );
    assert_eq!(
        snapshot(&index),
        clean,
        "the index does not converge to a clean build (seed {seed:#x})"
    );
    assert!(
        !index.join("depeche-writer.pid").exists(),
        "a finished run leaves no pid file"
    );
}

/// `sh -c 'trap "" XFSZ; ulimit -f BLOCKS; exec depeche …'`: writes past the limit fail with EFBIG
/// instead of killing the process.
fn run_with_file_limit(index: &Path, blocks: u64, args: &[&OsStr]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" \"$@\""
        ))
        .arg(BIN)
        .arg("--index")
        .arg(index)
        .args(args)
        .env_remove("DEPECHE_INDEX")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("running depeche under sh")
}

#[test]
fn a_failed_write_keeps_the_last_commit_and_a_rerun_converges() {
    let temp = temp_dir();
    let corpus = build_corpus(temp.path(), 2);
    let first = corpus.join("c000");
    let clean_index = temp.path().join("clean");
    assert_code(
        &run(&clean_index, &[OsStr::new("index"), corpus.as_os_str()]),
        0,
        "the clean build",
    );
    let clean = snapshot(&clean_index);

    for (blocks, commit_every) in [(40, "30"), (400, "30"), (600, "0")] {
        let what = format!("file limit {blocks} blocks, --commit-every {commit_every}");
        let index = temp.path().join(format!("full-{blocks}-{commit_every}"));
        assert_code(
            &run(&index, &[OsStr::new("index"), first.as_os_str()]),
            0,
            "the first build",
        );
        let before = snapshot(&index);
        let args = [
            OsStr::new("index"),
            OsStr::new("--commit-every"),
            OsStr::new(commit_every),
            corpus.as_os_str(),
        ];
        let failed = run_with_file_limit(&index, blocks, &args);
        if failed.status.code() == Some(0) {
            // The limit was not reached: the run is complete.
            assert_eq!(snapshot(&index), clean, "{what}");
            continue;
        }
        assert_clean_error(
            &failed,
            &[
                "writing the index at",
                "failed",
                "last commit",
                "run `depeche index` again",
            ],
            &what,
        );
        if commit_every == "30" {
            // No commit before the end: the index is exactly what it was.
            assert_eq!(snapshot(&index), before, "{what}: the index changed");
        } else {
            assert_consistent_part(&index, &clean, &what);
        }
        assert_code(
            &run(&index, &[OsStr::new("index"), corpus.as_os_str()]),
            0,
            &what,
        );
        assert_eq!(
            snapshot(&index),
            clean,
            "{what}: the rerun does not converge"
        );
    }
}

/// The peak resident memory of a running process so far, in kB (Linux), or `None`.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_second_writer_is_refused_and_searches_during_commits_never_fail() {
    let temp = temp_dir();
    let corpus = build_corpus(temp.path(), 4);
    let index = temp.path().join("index");
    // A first small build, so that searches have an index from the start.
    assert_code(
        &run(
            &index,
            &[OsStr::new("index"), corpus.join("c000").as_os_str()],
        ),
        0,
        "the first build",
    );
    let pid_file = index.join("depeche-writer.pid");

    let mut writer = depeche(
        &index,
        &[
            OsStr::new("index"),
            OsStr::new("--commit-every"),
            OsStr::new("0"),
            corpus.as_os_str(),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("starting depeche");
    let writer_pid = writer.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while fs::read_to_string(&pid_file).ok().as_deref() != Some(&writer_pid.to_string()) {
        assert!(
            Instant::now() < deadline,
            "the writer never wrote its pid file"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    // A second writer, with or without --rebuild, is refused and names the first.
    for rebuild in [false, true] {
        let bad_input = fixture("bad-input");
        let mut args = vec![OsStr::new("index"), bad_input.as_os_str()];
        if rebuild {
            args.insert(1, OsStr::new("--rebuild"));
        }
        let second = run(&index, &args);
        if writer.try_wait().expect("waiting").is_none() {
            assert_clean_error(
                &second,
                &["is busy", &format!("(process {writer_pid})")],
                "a second writer",
            );
        }
    }

    // Searches while the writer commits see an old or a new state, never an error.
    let mut searches = 0;
    let mut totals = Vec::new();
    let mut peak_kb = 0;
    while writer.try_wait().expect("waiting").is_none() {
        peak_kb = peak_kb.max(peak_rss_kb(writer_pid).unwrap_or(0));
        let output = run(&index, &["search", "-n", "1", "--", "-zzqqxxnothing"]);
        assert_code(&output, 0, "a search during a run");
        totals.push(last_line(&output));
        let speakers = run(&index, &["speakers", "-n", "1"]);
        assert!(
            matches!(speakers.status.code(), Some(0 | 1)),
            "speakers during a run:\n{}",
            stderr(&speakers)
        );
        searches += 1;
    }
    let status = writer.wait_with_output().expect("the writer's output");
    assert_code(&status, 0, "the writer");
    let counts: Vec<usize> = totals
        .iter()
        .map(|line| {
            line.split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("`N stories match`")
        })
        .collect();
    assert!(
        counts.windows(2).all(|pair| pair[0] <= pair[1]),
        "a search went back in time: {counts:?}"
    );
    eprintln!(
        "{searches} searches during the run, totals {:?}…{:?}; writer peak RSS {peak_kb} kB",
        counts.first(),
        counts.last()
    );
    let budget_kb = env_number("DEPECHE_MEMORY_BUDGET_MB", 1024) * 1024;
    assert!(peak_kb < budget_kb, "the writer peaked at {peak_kb} kB");
    assert!(!pid_file.exists(), "a finished run leaves no pid file");
}

#[test]
fn a_stale_pid_file_after_kill_does_not_mislead() {
    let temp = temp_dir();
    let corpus = build_corpus(temp.path(), 2);
    let index = temp.path().join("index");
    let pid_file = index.join("depeche-writer.pid");
    let args = [
        OsStr::new("index"),
        OsStr::new("--commit-every"),
        OsStr::new("0"),
        corpus.as_os_str(),
    ];
    let start_writer = || {
        let mut child = depeche(&index, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting depeche");
        let deadline = Instant::now() + Duration::from_secs(60);
        while fs::read_to_string(&pid_file).ok().as_deref() != Some(&child.id().to_string()) {
            if child.try_wait().expect("waiting").is_some() || Instant::now() > deadline {
                panic!("the writer ended or never wrote its pid file");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child
    };
    let mut first = start_writer();
    let first_pid = first.id();
    first.kill().expect("killing");
    first.wait().expect("reaping");
    // kill -9 leaves the pid file, but not the lock (an OS file lock, released at death).
    assert_eq!(
        fs::read_to_string(&pid_file).ok(),
        Some(first_pid.to_string())
    );
    let mut second = start_writer();
    let busy = run(&index, &args);
    if second.try_wait().expect("waiting").is_none() {
        assert_clean_error(
            &busy,
            &["is busy", &format!("(process {})", second.id())],
            "while the second writer runs",
        );
    }
    assert_code(
        &second.wait_with_output().expect("waiting"),
        0,
        "the second writer",
    );
    assert!(!pid_file.exists());
}

/// What is done to a built index before the commands run on it.
enum Damage {
    Missing,
    Empty,
    TruncatedMeta,
    CorruptedMeta,
    DeletedMeta,
    DeletedSegmentFile,
    Foreign,
    ForeignTantivy,
    OtherSchemaVersion,
    GarbageMarker,
}

/// Copies `from` (a folder of files) to `to`.
fn copy_files(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("creating a folder");
    for entry in fs::read_dir(from).expect("listing") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copying");
    }
}

/// Every file of a folder and its bytes.
fn contents(dir: &Path) -> BTreeMap<OsString, Vec<u8>> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|entry| {
                let entry = entry.expect("entry");
                (
                    entry.file_name(),
                    fs::read(entry.path()).unwrap_or_default(),
                )
            })
            .collect(),
        Err(_) => BTreeMap::new(),
    }
}

#[test]
fn damaged_and_foreign_indexes_get_a_clear_message_and_rebuild_works() {
    let temp = temp_dir();
    let corpus = sample_corpus();
    let good = temp.path().join("good");
    assert_code(
        &run(&good, &[OsStr::new("index"), corpus.as_os_str()]),
        0,
        "the good build",
    );
    let clean = snapshot(&good);
    let segment_file = fs::read_dir(&good)
        .expect("listing")
        .map(|entry| entry.expect("entry").path())
        .find(|path| path.extension() == Some(OsStr::new("store")))
        .expect("a segment file");

    use Damage::*;
    let cases = [
        (Missing, vec!["no index at", "depeche index"]),
        (Empty, vec!["no index at", "depeche index"]),
        (TruncatedMeta, vec!["is damaged", "meta.json", "--rebuild"]),
        (CorruptedMeta, vec!["is damaged", "meta.json", "--rebuild"]),
        (
            DeletedMeta,
            vec!["is damaged", "meta.json is missing", "--rebuild"],
        ),
        (
            DeletedSegmentFile,
            vec!["is damaged", "is missing", "--rebuild"],
        ),
        (
            Foreign,
            vec!["is not a depeche index", "another --index folder"],
        ),
        (
            ForeignTantivy,
            vec!["is not a depeche index", "another --index folder"],
        ),
        (OtherSchemaVersion, vec!["schema version 999", "--rebuild"]),
        (
            GarbageMarker,
            vec!["is damaged", "depeche.json", "--rebuild"],
        ),
    ];
    for (number, (damage, words)) in cases.iter().enumerate() {
        let dir = temp.path().join(format!("case-{number}"));
        match damage {
            Missing => {}
            Empty => fs::create_dir(&dir).expect("mkdir"),
            Foreign => {
                fs::create_dir(&dir).expect("mkdir");
                fs::write(dir.join("thesis.txt"), "mine, not depeche's").expect("writing");
            }
            _ => copy_files(&good, &dir),
        }
        match damage {
            TruncatedMeta => {
                let meta = fs::read(dir.join("meta.json")).expect("meta.json");
                fs::write(dir.join("meta.json"), &meta[..meta.len() / 2]).expect("truncating");
            }
            CorruptedMeta => {
                fs::write(dir.join("meta.json"), r#"{"segments":[{"x":1}],"opstamp":"#)
                    .expect("writing")
            }
            DeletedMeta => fs::remove_file(dir.join("meta.json")).expect("removing"),
            DeletedSegmentFile => {
                fs::remove_file(dir.join(segment_file.file_name().expect("a name")))
                    .expect("removing")
            }
            ForeignTantivy => fs::remove_file(dir.join("depeche.json")).expect("removing"),
            OtherSchemaVersion => {
                let marker = fs::read_to_string(dir.join("depeche.json")).expect("marker");
                let marker: serde_json::Value = serde_json::from_str(&marker).expect("JSON");
                let mut marker = marker.as_object().expect("an object").clone();
                marker.insert("schema_version".into(), 999.into());
                fs::write(
                    dir.join("depeche.json"),
                    serde_json::to_string(&marker).expect("JSON"),
                )
                .expect("writing");
            }
            GarbageMarker => fs::write(dir.join("depeche.json"), "\u{feff}<?xml").expect("writing"),
            _ => {}
        }
        let what = |command: &str| format!("case {number} ({}), {command}", words[0]);
        for command in [
            &["search", "Ukraine"][..],
            &["show", "000_0003161f4a409bb7"],
            &["quotes", "--by", "Macron"],
            &["speakers"],
        ] {
            assert_clean_error(&run(&dir, command), words, &what(command[0]));
        }
        if matches!(damage, Missing | Empty) {
            // Nothing to protect: index creates the index.
            assert_code(
                &run(&dir, &[OsStr::new("index"), corpus.as_os_str()]),
                0,
                &what("index"),
            );
            assert_eq!(snapshot(&dir), clean, "{}", what("index"));
            continue;
        }
        let before = contents(&dir);
        assert_clean_error(
            &run(&dir, &[OsStr::new("index"), corpus.as_os_str()]),
            words,
            &what("index"),
        );
        assert_eq!(
            contents(&dir),
            before,
            "{}: the index folder was touched",
            what("index")
        );
        let rebuild = run(
            &dir,
            &[
                OsStr::new("index"),
                OsStr::new("--rebuild"),
                corpus.as_os_str(),
            ],
        );
        if matches!(damage, Foreign | ForeignTantivy) {
            assert_clean_error(&rebuild, words, &what("index --rebuild"));
            assert_eq!(
                contents(&dir),
                before,
                "{}: a foreign folder was touched",
                what("index --rebuild")
            );
        } else {
            assert_code(&rebuild, 0, &what("index --rebuild"));
            assert_eq!(snapshot(&dir), clean, "{}", what("index --rebuild"));
        }
    }
}

#[test]
fn a_hundred_thousand_files_in_one_folder() {
    let files = env_number("DEPECHE_MANY_FILES", 100_000) as usize;
    let temp = temp_dir();
    let folder = temp.path().join("many");
    fs::create_dir(&folder).expect("mkdir");
    // Mostly empty files (skipped as empty), one in 50 a tiny story: the walk and the pipeline see
    // every file, and the run stays short in a debug build.
    let mut stories = 0;
    for number in 0..files {
        let text = if number % 50 == 0 {
            stories += 1;
            format!(" date 2021-03 PARIS (AFP) - Histoire numéro {number}, selon la préfecture.\n")
        } else {
            String::new()
        };
        fs::write(folder.join(format!("s{number:06}.txt")), text).expect("writing a file");
    }
    let index = temp.path().join("index");
    let started = Instant::now();
    let output = run(
        &index,
        &[
            OsStr::new("index"),
            OsStr::new("--quiet"),
            folder.as_os_str(),
        ],
    );
    assert_code(&output, 0, "indexing the huge folder");
    eprintln!("{files} files indexed in {:?}", started.elapsed());
    let text = stderr(&output);
    assert!(
        text.contains(&format!("{files} files seen: {stories} articles added")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{} empty", files - stories)),
        "{text}"
    );
    let again = run(
        &index,
        &[
            OsStr::new("index"),
            OsStr::new("--quiet"),
            folder.as_os_str(),
        ],
    );
    assert!(
        stderr(&again).contains(&format!(
            "0 articles added, 0 updated, 0 removed, {stories} unchanged"
        )),
        "{}",
        stderr(&again)
    );
}

#[test]
fn odd_trees_are_indexed_and_problems_reported() {
    use std::os::unix::ffi::OsStringExt;
    let temp = temp_dir();
    let root = temp.path().join("odd");
    let story = |city: &str| {
        format!(
            " date 2021-03 {city} (AFP) - Le maire a déclaré : \"Nous sommes prêts à tout faire.\"\n"
        )
    };
    // Two names that differ only in bytes that are not UTF-8, in a folder whose name is not UTF-8.
    let latin = root.join(OsString::from_vec(b"r\xe9gion".to_vec()));
    fs::create_dir_all(&latin).expect("mkdir");
    fs::write(
        latin.join(OsString::from_vec(b"caf\xe9.txt".to_vec())),
        story("LYON"),
    )
    .expect("writing");
    fs::write(
        latin.join(OsString::from_vec(b"caf\xe8.txt".to_vec())),
        story("NANTES"),
    )
    .expect("writing");
    // 200 nested folders.
    let mut deep = root.join("deep");
    for level in 0..200 {
        deep.push(format!("n{}", level % 10));
    }
    fs::create_dir_all(&deep).expect("mkdir");
    fs::write(deep.join("bottom.txt"), story("BREST")).expect("writing");
    let index = temp.path().join("index");

    let first = run(&index, &[OsStr::new("index"), root.as_os_str()]);
    assert_code(&first, 0, "indexing odd trees");
    assert!(
        stderr(&first).contains("3 files seen: 3 articles added"),
        "{}",
        stderr(&first)
    );
    for city in ["Lyon", "Nantes", "Brest"] {
        let found = run(&index, &["search", &format!("city:{city}")]);
        assert_code(&found, 0, city);
    }
    // The two non-UTF-8 names stay two files: nothing is lost or read again on the next runs.
    for _ in 0..2 {
        let again = run(&index, &[OsStr::new("index"), root.as_os_str()]);
        assert!(
            stderr(&again).contains("0 articles added, 0 updated, 0 removed, 3 unchanged"),
            "{}",
            stderr(&again)
        );
    }
    fs::remove_file(latin.join(OsString::from_vec(b"caf\xe8.txt".to_vec()))).expect("removing");
    let removed = run(&index, &[OsStr::new("index"), root.as_os_str()]);
    assert!(
        stderr(&removed).contains("0 updated, 1 removed, 2 unchanged"),
        "{}",
        stderr(&removed)
    );
    assert_code(
        &run(&index, &["search", "city:Lyon"]),
        0,
        "the other file is kept",
    );

    // A folder that cannot be read is reported and skipped, and its stories are kept. Root reads
    // every folder whatever its mode, so this part needs another user.
    let locked = root.join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("secret.txt"), story("METZ")).expect("writing");
    assert_code(
        &run(&index, &[OsStr::new("index"), root.as_os_str()]),
        0,
        "indexing the folder",
    );
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read_dir(&locked).is_ok() {
        eprintln!("running as root: the permission-denied case is skipped");
    } else {
        let output = run(&index, &[OsStr::new("index"), root.as_os_str()]);
        assert_code(&output, 0, "a run with an unreadable folder");
        assert!(
            stderr(&output).contains("locked") && stderr(&output).contains("ermission denied"),
            "{}",
            stderr(&output)
        );
        assert_code(
            &run(&index, &["search", "city:Metz"]),
            0,
            "the unreadable folder's story is kept",
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn a_vanished_file_is_skipped_by_the_reader() {
    let temp = temp_dir();
    let mut articles = 0;
    let report = depeche::corpus::read_file(&temp.path().join("gone.txt"), &mut |_| articles += 1);
    assert_eq!(report.skip, Some(depeche::corpus::Skip::Vanished));
    assert_eq!(articles, 0);
}
