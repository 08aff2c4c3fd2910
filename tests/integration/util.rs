//! The harness: a [`TestEnv`] owns a temporary folder holding the index and runs the real binary in
//! it, as fd's `tests/testenv/mod.rs` does. Output is normalized before it is compared: the temporary
//! folder and the repository become `[TMP]` and `[REPO]`, and the index summary's timing is dropped.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_depeche");

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `sample-corpus/`.
pub fn sample_corpus() -> PathBuf {
    repo_root().join("sample-corpus")
}

/// `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A temporary folder with an index in it, and the commands run against that index.
pub struct TestEnv {
    temp: tempfile::TempDir,
    index: PathBuf,
}

impl TestEnv {
    /// An empty folder; the index (`index/` in it) does not exist yet.
    pub fn new() -> TestEnv {
        let temp = tempfile::Builder::new()
            .prefix("depeche-test-")
            .tempdir()
            .expect("creating a temporary folder");
        let index = temp.path().join("index");
        TestEnv { temp, index }
    }

    /// A folder whose index holds the whole sample corpus (indexed once, here).
    pub fn with_sample_index() -> TestEnv {
        let env = TestEnv::new();
        env.run([OsStr::new("index"), sample_corpus().as_os_str()])
            .assert_exit(0);
        env
    }

    /// The temporary folder.
    pub fn dir(&self) -> &Path {
        self.temp.path()
    }

    /// The index folder.
    pub fn index_dir(&self) -> &Path {
        &self.index
    }

    /// Runs `depeche --index INDEX ARGS...`.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut all: Vec<OsString> = vec!["--index".into(), self.index.clone().into()];
        all.extend(args.into_iter().map(|arg| arg.as_ref().to_owned()));
        self.run_bare(all)
    }

    /// Runs `depeche ARGS...` with exactly these arguments.
    pub fn run_bare<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args
            .into_iter()
            .map(|arg| arg.as_ref().to_owned())
            .collect();
        let mut command = Command::new(BIN);
        command.args(&args);
        self.finish(command, &args)
    }

    /// Runs `depeche --index INDEX ARGS...` with its data segment (heap and private mappings)
    /// limited to `kilobytes`, through `sh -c 'ulimit -d …'`. Linux counts anonymous mappings in it.
    pub fn run_with_data_limit<I, S>(&self, kilobytes: u64, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut all: Vec<OsString> = vec!["--index".into(), self.index.clone().into()];
        all.extend(args.into_iter().map(|arg| arg.as_ref().to_owned()));
        let mut command = Command::new("sh");
        // Each reading thread's stack counts in the limit: keep their number that of a small machine.
        command
            .env("RAYON_NUM_THREADS", "2")
            .arg("-c")
            .arg(format!("ulimit -d {kilobytes} && exec \"$0\" \"$@\""))
            .arg(BIN)
            .args(&all);
        self.finish(command, &all)
    }

    fn finish(&self, mut command: Command, args: &[OsString]) -> Run {
        let output = command
            .current_dir(self.dir())
            .env("NO_COLOR", "1")
            .env("HOME", self.dir().join("no-home"))
            .env_remove("DEPECHE_INDEX")
            .env_remove("XDG_DATA_HOME")
            .stdin(Stdio::null())
            .output()
            .expect("running depeche");
        let code = output.status.code().unwrap_or_else(|| {
            panic!(
                "depeche was killed: {:?}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
        let mut replacements = Vec::new();
        for (path, placeholder) in [(self.dir().to_path_buf(), "[TMP]"), (repo_root(), "[REPO]")] {
            if let Ok(canonical) = fs::canonicalize(&path) {
                replacements.push((canonical.to_string_lossy().into_owned(), placeholder));
            }
            replacements.push((path.to_string_lossy().into_owned(), placeholder));
        }
        replacements.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        Run {
            args: args
                .iter()
                .map(|arg| arg.to_string_lossy().into_owned())
                .collect(),
            code,
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            replacements,
        }
    }

    /// Copies the sample corpus into `NAME/` of the temporary folder and returns that path.
    pub fn copy_sample_corpus(&self, name: &str) -> PathBuf {
        let target = self.dir().join(name);
        copy_dir(&sample_corpus(), &target);
        target
    }
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("creating a folder");
    for entry in fs::read_dir(from).expect("reading a folder") {
        let entry = entry.expect("reading a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copying a file");
        }
    }
}

/// One finished run of the binary.
pub struct Run {
    /// The arguments, as typed.
    pub args: Vec<String>,
    /// The exit code.
    pub code: i32,
    /// Standard output, as printed.
    pub stdout: String,
    /// Standard error, as printed.
    pub stderr: String,
    replacements: Vec<(String, &'static str)>,
}

impl Run {
    /// Fails, showing the whole output, unless the exit code is `code`.
    #[track_caller]
    pub fn assert_exit(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            code,
            "`depeche {}` exited with {}, expected {code}\n--- stdout\n{}--- stderr\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// `text` with the temporary folder and the repository replaced by placeholders, and the
    /// summary's timing line reduced to its timing-free part.
    pub fn normalize(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (path, placeholder) in &self.replacements {
            text = text.replace(path.as_str(), placeholder);
        }
        text.lines()
            .map(strip_timing)
            .map(|line| format!("{line}\n"))
            .collect()
    }

    /// Standard output, normalized.
    pub fn out(&self) -> String {
        self.normalize(&self.stdout)
    }

    /// Standard error, normalized.
    pub fn err(&self) -> String {
        self.normalize(&self.stderr)
    }

    /// The command, its exit code and its output, normalized: what golden files hold.
    pub fn transcript(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .skip_while(|arg| arg.as_str() != "--index")
            .skip(2)
            .map(|arg| shell_quote(arg))
            .collect();
        let args = if args.is_empty() {
            self.args.iter().map(|arg| shell_quote(arg)).collect()
        } else {
            args
        };
        let mut text = self.normalize(&format!(
            "$ depeche {}\n[exit {}]\n",
            args.join(" "),
            self.code
        ));
        text.push_str(&self.out());
        if !self.stderr.is_empty() {
            text.push_str("--- stderr\n");
            text.push_str(&self.err());
        }
        text
    }

    /// The lines of standard error that are warnings, normalized.
    pub fn warnings(&self) -> Vec<String> {
        self.err()
            .lines()
            .filter(|line| line.starts_with("depeche: warning: "))
            .map(str::to_owned)
            .collect()
    }

    /// Each line of standard output parsed as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("not a JSON line ({error}): {line}"))
            })
            .collect()
    }

    /// The summary that `depeche index` prints on standard error.
    pub fn summary(&self) -> Summary {
        Summary::parse(&self.err())
    }
}

fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:+=,[]@%".contains(c));
    if plain {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// `depeche: 0.2 MB read in 1.13 s (0.2 MB/s); 54 articles in DIR` → `depeche: [timing]; 54 articles in DIR`.
fn strip_timing(line: &str) -> String {
    if line.starts_with("depeche: ")
        && line.contains(" MB of text read")
        && let Some(at) = line.find(" MB/s); ")
    {
        return format!("depeche: [timing]; {}", &line[at + " MB/s); ".len()..]);
    }
    line.to_owned()
}

/// The counts of an index summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files_seen: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub quotes: usize,
    /// `(reason, count)` in the order printed.
    pub skipped: Vec<(String, usize)>,
    pub windows_1252: usize,
    pub articles_in_index: usize,
}

impl Summary {
    /// Reads the summary lines out of (normalized) standard error; panics when they are missing.
    pub fn parse(stderr: &str) -> Summary {
        let line = |marker: &str| {
            stderr
                .lines()
                .find(|line| line.starts_with("depeche: ") && line.contains(marker))
        };
        let counts = line(" files seen: ")
            .or_else(|| line(" file seen: "))
            .unwrap_or_else(|| panic!("no summary in:\n{stderr}"));
        let mut summary = Summary {
            files_seen: number_before_either(counts, " files seen", " file seen"),
            added: number_before_either(counts, " articles added", " article added"),
            updated: number_before(counts, " updated"),
            removed: number_before(counts, " removed"),
            unchanged: number_before(counts, " unchanged"),
            quotes: number_before_either(counts, " quotes indexed", " quote indexed"),
            ..Summary::default()
        };
        if let Some(skipped) = line("depeche: files skipped: ") {
            for part in skipped["depeche: files skipped: ".len()..].split(", ") {
                let (count, reason) = part.split_once(' ').expect("`N reason`");
                summary
                    .skipped
                    .push((reason.to_owned(), count.parse().expect("a count")));
            }
        }
        if let Some(windows) = line(" read as Windows-1252") {
            summary.windows_1252 = number_before_either(
                windows,
                " files read as Windows-1252",
                " file read as Windows-1252",
            );
        }
        let last = line(" articles in ")
            .or_else(|| line(" article in "))
            .unwrap_or_else(|| panic!("no index line in:\n{stderr}"));
        summary.articles_in_index = number_before_either(last, " articles in ", " article in ");
        summary
    }

    /// How many files were skipped for `reason`.
    pub fn skipped(&self, reason: &str) -> usize {
        self.skipped
            .iter()
            .find(|(label, _)| label == reason)
            .map_or(0, |(_, count)| *count)
    }
}

/// The number written just before the plural `many` or the singular `one` in `text`.
#[track_caller]
fn number_before_either(text: &str, many: &str, one: &str) -> usize {
    if text.contains(many) {
        number_before(text, many)
    } else {
        number_before(text, one)
    }
}

/// The number written just before `marker` in `text`.
#[track_caller]
fn number_before(text: &str, marker: &str) -> usize {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in {text:?}"));
    let digits: String = text[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number before {marker:?} in {text:?}"))
}

/// The ids of the hits of a text `search` output (`1. 2020-08 · … · ID`), in order.
pub fn hit_ids(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| {
            let (rank, header) = line.split_once(". ")?;
            (!rank.is_empty() && rank.chars().all(|c| c.is_ascii_digit())).then_some(header)
        })
        .map(|header| header.rsplit(" · ").next().unwrap_or_default().to_owned())
        .collect()
}

/// Folds text as `../shared/quotes/score.py` does (the library's port of it).
pub use depeche::quotes::score::fold;
