//! The command line, owned by the binary: clap types, their conversion into the library's plain
//! requests, and the run of each command. Formatting goes through [`depeche::output`]; only this
//! module talks to stdout, stderr and the process.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use depeche::date::Period;
use depeche::indexing::{self, IndexConfig, Progress, Summary};
use depeche::output::{self, Marks, Table, plural};
use depeche::search::{
    Archive, DEFAULT_MIN_CONFIDENCE, Filters, QuoteRequest, SearchRequest, SimilarRequest, Sort,
    StatsRequest,
};
use depeche::{corpus, quotes};

/// Index, search and quote-mine French news archives.
#[derive(Debug, Parser)]
#[command(name = "depeche", version, about, long_about = None)]
pub struct Cli {
    /// The index folder.
    ///
    /// Defaults to $DEPECHE_INDEX, else $XDG_DATA_HOME/depeche/index, else
    /// ~/.local/share/depeche/index.
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Highlight matched words in colour: auto (on a terminal, unless NO_COLOR is set), always
    /// or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to highlight in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always (for `less -R`).
    Always,
    /// Never.
    Never,
}

/// The `--color` choice, set once by [`run`].
static COLOR: std::sync::OnceLock<ColorArg> = std::sync::OnceLock::new();

/// How matched words are marked on stdout, by `--color`.
fn marks() -> Marks {
    match COLOR.get().copied().unwrap_or(ColorArg::Auto) {
        ColorArg::Auto => Marks::for_stdout(),
        ColorArg::Always => Marks::Colour,
        ColorArg::Never => Marks::Plain,
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index folders of stories (.txt wire format, .jsonl, .jsonl.gz); only new work is done again.
    Index(IndexArgs),
    /// Search the stories.
    Search(SearchArgs),
    /// Print one whole story.
    Show(ShowArgs),
    /// List the stories closest to one (more like this), its own versions left out.
    Similar(SimilarArgs),
    /// List quotes by a speaker or about a subject, or extract quotes from files.
    Quotes(QuotesArgs),
    /// List the speakers, most quoted first.
    Speakers(SpeakersArgs),
    /// Count the stories (or quotes) that match, per period, with the most frequent cities,
    /// agencies, authors, sections and speakers.
    Stats(StatsArgs),
    /// Say what the index holds: its roots, stories and quotes per root, the last run, damaged files.
    Status(StatusArgs),
    /// Drop a folder (or file) from the index: its stories and quotes go, and it is no longer a root.
    Forget(ForgetArgs),
    /// Print a completion script for a shell (see the README for where to put it).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from this command line: `depeche man | man -l -`.
    Man,
}

/// `depeche status`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  depeche status --json")]
pub struct StatusArgs {
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `depeche forget`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  depeche forget archive/2019")]
pub struct ForgetArgs {
    /// The folder or file to drop; it may no longer exist.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Say what was dropped as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `depeche index`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  depeche index sample-corpus\n  depeche index            (walk again the folders the index remembers)"
)]
pub struct IndexArgs {
    /// Folders or files to index.
    ///
    /// Without any, the folders and files the index remembers from earlier runs (listed by
    /// `depeche status`) are walked again.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Build the index again from every file, aside: searches see the old index until the new one
    /// is complete.
    #[arg(long)]
    pub rebuild: bool,
    /// Do not extract quotes.
    #[arg(long)]
    pub no_quotes: bool,
    /// Memory for indexing buffers, in MB.
    #[arg(long, default_value_t = 200, value_name = "MB")]
    pub memory: usize,
    /// Indexing threads (default: the number of cores, at most 8).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Commit at least this often, in seconds, so a long run that is interrupted keeps its work.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub commit_every: u64,
    /// Print no warnings and no progress, only the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as one JSON object on stdout (warnings stay on stderr).
    #[arg(long)]
    pub json: bool,
    /// Index hidden files and folders too (names starting with `.`), which are skipped by default.
    #[arg(long)]
    pub hidden: bool,
}

/// Filters shared by `search` and `quotes`.
#[derive(Debug, Args, Clone)]
pub struct FilterArgs {
    /// Only stories of this period or later: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only stories of this period or earlier: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only stories with this dateline city.
    #[arg(long)]
    pub city: Option<String>,
    /// Only stories from this agency.
    #[arg(long)]
    pub agency: Option<String>,
    /// Only stories by this author.
    #[arg(long)]
    pub author: Option<String>,
    /// Only stories of this section.
    #[arg(long)]
    pub section: Option<String>,
}

/// `depeche search`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  depeche search 'Blinken \"secrétaire d’Etat\" -Lavrov' --since 2022-01\n  depeche search ukrain* --author \"Farid Farid\" --json"
)]
pub struct SearchArgs {
    /// The query: words, "phrases", +required, -excluded, OR, field:value, field:(a OR b).
    ///
    /// It may start with an excluded word (`search -Macron gouvernement`). With a filter, it may
    /// be left out: every story the filters keep, newest first.
    #[arg(value_name = "QUERY", required_unless_present_any = ["since", "until", "city", "agency", "author", "section"])]
    pub query: Vec<String>,
    /// How many stories to show; 0 prints only how many match, as --count does.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Print only the number of matching stories (`{"total": N}` with --json).
    #[arg(long)]
    pub count: bool,
    /// Order of the results (default: relevance; newest first when there is no query).
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub filters: FilterArgs,
    /// Passages shown per story.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub fragments: usize,
    /// Show every version of a story as a hit of its own (by default, the best-ranked version
    /// stands for the others, which it lists).
    #[arg(long)]
    pub all_versions: bool,
    /// One JSON object per story, each with `total`, the number of stories that match.
    #[arg(long)]
    pub json: bool,
    /// A table for spreadsheets, with a header row: csv (RFC 4180) or tsv.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "count"])]
    pub format: Option<TableArg>,
}

/// `depeche similar`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  depeche similar 109 --since 2020-06 -n 5")]
pub struct SimilarArgs {
    /// The story's id (the file stem, or the JSON id).
    pub id: String,
    /// How many stories to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub filters: FilterArgs,
    /// Passages shown per story.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub fragments: usize,
    /// Show every version of a story as a hit of its own.
    #[arg(long)]
    pub all_versions: bool,
    /// One JSON object per story, as `search --json` prints them.
    #[arg(long)]
    pub json: bool,
    /// A table for spreadsheets, with a header row: csv (RFC 4180) or tsv.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<TableArg>,
}

/// A table format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableArg {
    /// Comma-separated values, quoted where needed.
    Csv,
    /// Tab-separated values.
    Tsv,
}

impl From<TableArg> for Table {
    fn from(table: TableArg) -> Table {
        match table {
            TableArg::Csv => Table::Csv,
            TableArg::Tsv => Table::Tsv,
        }
    }
}

/// Result order.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

impl From<SortArg> for Sort {
    fn from(sort: SortArg) -> Sort {
        match sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        }
    }
}

/// `depeche show`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  depeche show 000_e6aacbb205c0461c --versions")]
pub struct ShowArgs {
    /// The story id (the file stem, or the JSON id).
    pub id: String,
    /// List the story's other versions (id, date, headline) instead of printing it.
    #[arg(long)]
    pub versions: bool,
    /// Print the story as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `depeche quotes`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  depeche quotes --by Macron virus --since 2020\n  depeche quotes extract story.txt",
    args_conflicts_with_subcommands = true
)]
pub struct QuotesArgs {
    /// Extract quotes from files without an index.
    #[command(subcommand)]
    pub command: Option<QuotesCommand>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub find: FindQuotesArgs,
}

/// `depeche quotes extract`.
#[derive(Debug, Subcommand)]
pub enum QuotesCommand {
    /// Print the quotes of story files as JSON lines, without an index.
    Extract {
        /// Story files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// `depeche quotes [--by NAME] [QUERY]`.
#[derive(Debug, Args)]
pub struct FindQuotesArgs {
    /// Only quotes by this person or body (`Blinken`, `antony blinken`, `l'OMS`).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Words the quotes must be about.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// How many quotes to show; 0 prints only how many match, as --count does.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Print only the number of matching quotes (`{"total": N, "hidden": M}` with --json).
    #[arg(long)]
    pub count: bool,
    /// Order of the results (default: newest first).
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    pub sort: SortArg,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub filters: FilterArgs,
    /// Hide quotes whose attribution is less sure than this, 0 to 1 (0 shows all). Default with
    /// --by: 0.9; without --by, every quote is shown.
    #[arg(long, value_name = "X", value_parser = parse_confidence, allow_negative_numbers = true)]
    pub min_confidence: Option<f64>,
    /// One JSON object per quote, each with `total`, the number of quotes that match.
    #[arg(long)]
    pub json: bool,
    /// A table for spreadsheets, with a header row: csv (RFC 4180) or tsv.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "count"])]
    pub format: Option<TableArg>,
}

/// `depeche speakers`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  depeche speakers confinement -n 10")]
pub struct SpeakersArgs {
    /// Count only the quotes about these words.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// How many speakers to show; 0 prints only how many there are, as --count does.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Print only the number of speakers (`{"total": N}` with --json).
    #[arg(long)]
    pub count: bool,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub filters: FilterArgs,
    /// Count only quotes whose attribution is at least this sure, 0 to 1 (0 counts all).
    #[arg(long, value_name = "X", value_parser = parse_confidence, allow_negative_numbers = true, default_value_t = DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// One JSON object per speaker.
    #[arg(long)]
    pub json: bool,
}

/// `depeche stats`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  depeche stats coronavirus --by month\n  depeche stats --by-speaker \"Olivier Véran\" --by week"
)]
pub struct StatsArgs {
    /// The stories (or, with --quotes, the quotes) to count: the syntax of `search`; none counts
    /// everything the filters let through.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// The length of the periods counted.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub by: PeriodArg,
    /// Count quotes instead of stories (the query then searches the quotes' words).
    #[arg(long)]
    pub quotes: bool,
    /// Count the quotes of this person or body, as `quotes --by` finds them (implies --quotes).
    #[arg(long, value_name = "NAME")]
    pub by_speaker: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub filters: FilterArgs,
    /// Count only quotes (and speakers) whose attribution is at least this sure, 0 to 1.
    #[arg(long, value_name = "X", value_parser = parse_confidence, allow_negative_numbers = true, default_value_t = DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// How many cities, agencies, authors, sections and speakers to list.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Period lengths of `stats --by`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
    /// ISO weeks (Monday to Sunday), written 2020-W10.
    Week,
    /// Days.
    Day,
}

impl From<PeriodArg> for Period {
    fn from(period: PeriodArg) -> Period {
        match period {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
            PeriodArg::Week => Period::Week,
            PeriodArg::Day => Period::Day,
        }
    }
}

/// The commands whose free words are a query.
const QUERY_COMMANDS: &[&str] = &["search", "quotes", "speakers", "stats"];

/// The command line with a query's excluded words (`-Macron`) moved after a `--`, so that
/// `depeche search -Macron gouvernement` works as `depeche search -- -Macron gouvernement` does,
/// while options placed after the query (`search Ukraine --json`) keep working.
///
/// A word is an excluded word when it starts with a single `-` and is not one of the command's
/// short options (`-n`, `-n5`, `-h`). When there is none, the command line is left as it is.
pub fn excluded_words_as_query(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<OsString> = args.into_iter().collect();
    let mut command = Cli::command();
    command.build();
    // The option that takes a value, or the flag, that a word names, if it names one.
    let takes_value = |command: &clap::Command, word: &str| -> Option<bool> {
        let found = |arg: &clap::Arg| -> bool {
            if let Some(long) = word.strip_prefix("--") {
                let long = long.split_once('=').map_or(long, |(name, _)| name);
                arg.get_long() == Some(long)
            } else {
                let mut chars = word.chars().skip(1);
                let short = chars.next();
                short.is_some() && arg.get_short() == short
            }
        };
        command
            .get_arguments()
            .find(|arg| found(arg))
            .map(|arg| arg.get_action().takes_values() && !word.contains('='))
    };
    let mut position = 1;
    // Options before the command (`--index DIR`).
    while let Some(word) = args.get(position).and_then(|word| word.to_str()) {
        if !word.starts_with('-') {
            break;
        }
        position += 1 + usize::from(takes_value(&command, word) == Some(true));
    }
    let Some(name) = args.get(position).and_then(|word| word.to_str()) else {
        return args;
    };
    if !QUERY_COMMANDS.contains(&name) {
        return args;
    }
    let Some(subcommand) = command.find_subcommand(name) else {
        return args;
    };
    let mut options: Vec<OsString> = Vec::new();
    let mut words: Vec<OsString> = Vec::new();
    let mut excluded = false;
    let mut rest = args[position + 1..].iter();
    while let Some(arg) = rest.next() {
        let Some(word) = arg.to_str() else {
            words.push(arg.clone());
            continue;
        };
        if word == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        if words.is_empty() && name == "quotes" && word == "extract" {
            return args;
        }
        if word.starts_with("--") || (word.starts_with('-') && word.len() > 1) {
            let option = match takes_value(subcommand, word) {
                // `-n5`: the value is glued to the short option.
                Some(true) if !word.starts_with("--") && word.len() > 2 => word[2..]
                    .chars()
                    .all(|c| c.is_ascii_digit())
                    .then_some(false),
                Some(false) if !word.starts_with("--") && word.len() > 2 => None,
                other => other,
            };
            match option {
                Some(takes_value) => {
                    options.push(arg.clone());
                    if takes_value && let Some(value) = rest.next() {
                        options.push(value.clone());
                    }
                }
                None if word.starts_with("--") => options.push(arg.clone()),
                None => {
                    excluded = true;
                    words.push(arg.clone());
                }
            }
            continue;
        }
        words.push(arg.clone());
    }
    if !excluded {
        return args;
    }
    let mut rewritten = args[..=position].to_vec();
    rewritten.extend(options);
    rewritten.push("--".into());
    rewritten.extend(words);
    rewritten
}

/// A confidence threshold: a number from 0 to 1.
fn parse_confidence(value: &str) -> std::result::Result<f64, String> {
    let number: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("\"{value}\" is not a number from 0 to 1"))?;
    if (0.0..=1.0).contains(&number) {
        Ok(number)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

/// What a command found, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something found, or the work done.
    Found,
    /// Nothing found.
    NothingFound,
    /// The work was done but some input could not be indexed (reported on stderr): exit 3.
    Partial,
    /// Some of the inputs asked for by name could not be read (reported on stderr).
    Failed,
    /// Stopped by SIGINT or SIGTERM; what was complete is kept (exit 130).
    Interrupted,
}

/// The default index folder.
pub fn default_index_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEPECHE_INDEX").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(data) = std::env::var_os("XDG_DATA_HOME").filter(|dir| !dir.is_empty()) {
        return Path::new(&data).join("depeche").join("index");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
        return Path::new(&home).join(".local/share/depeche/index");
    }
    PathBuf::from("depeche-index")
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let index_dir = cli.index.clone().unwrap_or_else(default_index_dir);
    // Set once, before any output.
    let _ = COLOR.set(cli.color);
    match cli.command {
        Command::Completions { shell } => {
            let mut command = Cli::command();
            print(|out| {
                clap_complete::generate(shell, &mut command, "depeche", out);
                Ok(())
            })?;
            Ok(Outcome::Found)
        }
        Command::Man => {
            let page = clap_mangen::Man::new(Cli::command());
            print(|out| page.render(out))?;
            Ok(Outcome::Found)
        }
        Command::Index(args) => run_index(&index_dir, args),
        Command::Search(args) => run_search(&index_dir, args),
        Command::Similar(args) => run_similar(&index_dir, args),
        Command::Show(args) => run_show(&index_dir, args),
        Command::Quotes(args) => match args.command {
            Some(QuotesCommand::Extract { files }) => run_extract(&files),
            None => run_quotes(&index_dir, args.find),
        },
        Command::Speakers(args) => run_speakers(&index_dir, args),
        Command::Stats(args) => run_stats(&index_dir, args),
        Command::Status(args) => run_status(&index_dir, &args),
        Command::Forget(args) => run_forget(&index_dir, &args),
    }
}

/// Prints warnings and a progress bar on stderr while an index run goes on.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    stderr: Mutex<()>,
    /// The files being read, oldest first: the bar names the one read the longest, which is the
    /// one that holds the run up (a large JSON-lines file among small stories).
    reading: Mutex<Vec<PathBuf>>,
}

impl Reporter {
    fn name_reading(&self, reading: &[PathBuf]) {
        if let Some(bar) = &self.bar {
            let name = reading
                .first()
                .and_then(|path| path.file_name())
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            bar.set_message(name);
        }
    }
}

impl Progress for Reporter {
    fn start(&self, _files: usize, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(bytes);
        }
    }

    fn reading(&self, path: &Path) {
        let mut reading = self
            .reading
            .lock()
            .unwrap_or_else(|error| error.into_inner());
        reading.push(path.to_path_buf());
        self.name_reading(&reading);
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn file_done(&self, path: &Path, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
        let mut reading = self
            .reading
            .lock()
            .unwrap_or_else(|error| error.into_inner());
        if let Some(at) = reading.iter().position(|read| read == path) {
            reading.remove(at);
            self.name_reading(&reading);
        }
    }

    fn warn(&self, path: &Path, line: Option<usize>, message: &str) {
        if self.quiet {
            return;
        }
        let place = match line {
            Some(line) => format!("{}:{line}", path.display()),
            None => path.display().to_string(),
        };
        let text = format!("depeche: warning: {place}: {message}");
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => {
                let _guard = self.stderr.lock();
                eprintln!("{text}");
            }
        }
    }
}

fn run_index(index_dir: &Path, args: IndexArgs) -> Result<Outcome> {
    let mut config = IndexConfig::new(index_dir, args.paths);
    config.rebuild = args.rebuild;
    config.quotes = !args.no_quotes;
    config.memory_budget = args.memory.max(1) * 1024 * 1024;
    if let Some(threads) = args.threads {
        config.threads = threads.max(1);
    }
    config.commit_interval = Duration::from_secs(args.commit_every);
    config.hidden = args.hidden;
    // Ctrl-C or SIGTERM: the readers stop, what is complete is committed, and the run says so. A
    // second signal ends the process at once; the index keeps its last commit either way.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    let quiet = args.quiet;
    let handler = ctrlc::set_handler(move || {
        if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        if !quiet {
            eprintln!(
                "depeche: stopping: committing what is complete (a second Ctrl-C stops at once)"
            );
        }
    });
    if handler.is_ok() {
        config.stop = Some(stop);
    }
    let bar = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes}  {elapsed} (eta {eta})  {wide_msg}",
            )
            .expect("the template is valid"),
        );
        bar
    });
    let reporter = Reporter {
        bar,
        quiet: args.quiet,
        stderr: Mutex::new(()),
        reading: Mutex::new(Vec::new()),
    };
    let summary = indexing::index(&config, &reporter)
        .with_context(|| format!("indexing into {}", index_dir.display()))?;
    if let Some(bar) = &reporter.bar {
        bar.finish_and_clear();
    }
    if summary.rebuild_abandoned {
        eprintln!(
            "depeche: rebuild interrupted: nothing of it was committed, and the index is as it was before; run the rebuild again"
        );
        return Ok(Outcome::Interrupted);
    }
    if args.json {
        print(|out| {
            serde_json::to_writer(&mut *out, &summary)?;
            writeln!(out)
        })?;
    } else {
        eprint!("{}", summary_text(&summary, index_dir));
    }
    if summary.interrupted {
        eprintln!(
            "depeche: interrupted: the work above is committed and kept; run the same command again to continue"
        );
        return Ok(Outcome::Interrupted);
    }
    Ok(if summary.lost_anything() {
        Outcome::Partial
    } else {
        Outcome::Found
    })
}

fn summary_text(summary: &Summary, index_dir: &Path) -> String {
    let mut text = format!(
        "depeche: {} seen: {} added, {} updated, {} removed, {} unchanged; {} indexed\n",
        plural(summary.files_seen, "file", "files"),
        plural(summary.added, "article", "articles"),
        summary.updated,
        summary.removed,
        summary.unchanged,
        plural(summary.quotes, "quote", "quotes"),
    );
    if !summary.skipped.is_empty() {
        let skipped: Vec<String> = summary
            .skipped
            .iter()
            .map(|(reason, count)| format!("{count} {reason}"))
            .collect();
        text.push_str(&format!("depeche: files skipped: {}\n", skipped.join(", ")));
    }
    let mut lost = Vec::new();
    let mut count = |number: usize, one: &str, many: &str| {
        if number > 0 {
            lost.push(format!("{number} {}", if number == 1 { one } else { many }));
        }
    };
    count(summary.cut_off, "file cut off", "files cut off");
    count(
        summary.lines_skipped,
        "JSON line skipped",
        "JSON lines skipped",
    );
    count(
        summary.duplicates,
        "story skipped as a duplicate id",
        "stories skipped as duplicate ids",
    );
    count(
        summary.unwalked,
        "folder not readable",
        "folders not readable",
    );
    if summary.damaged > 0 || !lost.is_empty() {
        let mut parts = lost;
        if summary.damaged > 0 {
            parts.push(format!(
                "{} damaged (the index keeps what it had of them, and every run reads them again until they read whole)",
                plural(summary.damaged, "file", "files")
            ));
        }
        text.push_str(&format!("depeche: not indexed: {}\n", parts.join("; ")));
    }
    if summary.not_story > 0 {
        text.push_str(&format!(
            "depeche: {} without a ` date ` header (indexed undated; are they stories?)\n",
            plural(summary.not_story, "file", "files"),
        ));
    }
    if summary.windows_1252 > 0 {
        text.push_str(&format!(
            "depeche: {} as Windows-1252 (not UTF-8)\n",
            plural(summary.windows_1252, "file read", "files read"),
        ));
    }
    // What was read is the text, uncompressed; the bytes on the disk are said beside it when
    // they differ (a .jsonl.gz), since "39.4 MB read" of compressed bytes undersells the work.
    let text_megabytes = format!("{:.1}", summary.text_bytes as f64 / 1e6);
    let disk_megabytes = format!("{:.1}", summary.bytes_read as f64 / 1e6);
    let on_disk = if disk_megabytes == text_megabytes {
        String::new()
    } else {
        format!(" ({disk_megabytes} MB on disk)")
    };
    let seconds = summary.elapsed.as_secs_f64();
    text.push_str(&format!(
        "depeche: {text_megabytes} MB of text read{on_disk} in {seconds:.2} s ({:.1} MB/s); {} in {}\n",
        summary.text_bytes as f64 / 1e6 / seconds.max(1e-9),
        plural(summary.articles_in_index, "article", "articles"),
        index_dir.display()
    ));
    text
}

fn filters(args: &FilterArgs) -> Filters {
    Filters {
        since: args.since.clone(),
        until: args.until.clone(),
        city: args.city.clone(),
        agency: args.agency.clone(),
        author: args.author.clone(),
        section: args.section.clone(),
    }
}

/// Writes through `write`, treating a closed pipe (`depeche search … | head`) as success.
fn print(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = write(&mut out).and_then(|()| out.flush());
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other.context("writing to stdout"),
    }
}

fn run_search(index_dir: &Path, args: SearchArgs) -> Result<Outcome> {
    let archive = Archive::open(index_dir)?;
    let query = args.query.join(" ");
    // Without words, relevance means nothing: the filters' stories come newest first.
    let sort = args.sort.unwrap_or(if query.trim().is_empty() {
        SortArg::Date
    } else {
        SortArg::Relevance
    });
    let count_only = args.count || args.limit == 0;
    let request = SearchRequest {
        query,
        limit: if count_only { 0 } else { args.limit },
        sort: sort.into(),
        filters: filters(&args.filters),
        fragments: args.fragments,
        count_total: true,
        all_versions: args.all_versions,
    };
    let results = archive.search(&request)?;
    let total = results.total.unwrap_or(results.hits.len());
    if results.hits.is_empty() && archive.story_count()? == 0 {
        eprintln!(
            "depeche: the index at {} holds no stories yet: build it with `depeche index FOLDER...` (an interrupted first run keeps only what it committed)",
            index_dir.display()
        );
    }
    print(|out| {
        if count_only {
            output::write_count(out, total, None, args.json)
        } else if let Some(table) = args.format {
            output::write_hits_table(out, &results.hits, table.into())
        } else if args.json {
            output::write_hits_json(out, &results.hits, total)
        } else {
            output::write_hits(out, &results.hits, results.total, marks())
        }
    })?;
    Ok(found(total > 0))
}

fn run_similar(index_dir: &Path, args: SimilarArgs) -> Result<Outcome> {
    let archive = Archive::open(index_dir)?;
    let request = SimilarRequest {
        id: args.id,
        limit: args.limit,
        filters: filters(&args.filters),
        fragments: args.fragments,
        all_versions: args.all_versions,
    };
    let results = match archive.similar(&request) {
        // Not found, as a search with no hit: exit 1, not an error of the index.
        Err(error @ depeche::Error::UnknownId { .. }) => {
            eprintln!("depeche: {error}");
            return Ok(Outcome::NothingFound);
        }
        other => other?,
    };
    let shown = results.hits.len();
    print(|out| {
        if let Some(table) = args.format {
            output::write_hits_table(out, &results.hits, table.into())
        } else if args.json {
            output::write_hits_json(out, &results.hits, shown)
        } else {
            output::write_hits(out, &results.hits, None, marks())
        }
    })?;
    Ok(found(shown > 0))
}

fn found(any: bool) -> Outcome {
    if any {
        Outcome::Found
    } else {
        Outcome::NothingFound
    }
}

fn run_show(index_dir: &Path, args: ShowArgs) -> Result<Outcome> {
    let archive = Archive::open(index_dir)?;
    // Not found, as a search with no hit: exit 1, not an error of the index.
    let not_found = |error: &depeche::Error| {
        let unknown = matches!(error, depeche::Error::UnknownId { .. });
        if unknown {
            eprintln!("depeche: {error}");
        }
        unknown
    };
    if args.versions {
        let versions = match archive.versions(&args.id) {
            Err(error) if not_found(&error) => return Ok(Outcome::NothingFound),
            other => other?,
        };
        print(|out| output::write_versions(out, &args.id, &versions, args.json))?;
        return Ok(Outcome::Found);
    }
    let stories = match archive.show(&args.id) {
        Err(error) if not_found(&error) => return Ok(Outcome::NothingFound),
        other => other?,
    };
    print(|out| {
        for (number, story) in stories.iter().enumerate() {
            if args.json {
                serde_json::to_writer(&mut *out, story)?;
                writeln!(out)?;
            } else {
                if number > 0 {
                    writeln!(out, "\n----\n")?;
                }
                output::write_story(out, story)?;
            }
        }
        Ok(())
    })?;
    Ok(Outcome::Found)
}

fn run_quotes(index_dir: &Path, args: FindQuotesArgs) -> Result<Outcome> {
    let query = (!args.query.is_empty()).then(|| args.query.join(" "));
    let request_filters = filters(&args.filters);
    if args.by.is_none() && query.is_none() && !request_filters.any() {
        anyhow::bail!(
            "say whose quotes (--by NAME), what about (QUERY) or from which stories (--author, --agency, --section, --city, --since, --until), or use `depeche quotes extract FILE...`"
        );
    }
    let archive = Archive::open(index_dir)?;
    let count_only = args.count || args.limit == 0;
    let request = QuoteRequest {
        by: args.by,
        query,
        limit: if count_only { 0 } else { args.limit },
        sort: args.sort.into(),
        filters: request_filters,
        min_confidence: args.min_confidence,
    };
    let results = archive.quotes(&request)?;
    print(|out| {
        if count_only {
            output::write_count(out, results.total, Some(results.hidden), args.json)
        } else if let Some(table) = args.format {
            output::write_quote_hits_table(out, &results, table.into())
        } else if args.json {
            output::write_quote_hits_json(out, &results)
        } else {
            output::write_quote_hits(out, &results, marks())
        }
    })?;
    Ok(found(results.total > 0))
}

fn run_speakers(index_dir: &Path, args: SpeakersArgs) -> Result<Outcome> {
    let archive = Archive::open(index_dir)?;
    let query = (!args.query.is_empty()).then(|| args.query.join(" "));
    let count_only = args.count || args.limit == 0;
    let results = archive.speakers(
        query.as_deref(),
        &filters(&args.filters),
        args.min_confidence,
        if count_only { 0 } else { args.limit },
    )?;
    print(|out| {
        if count_only {
            output::write_count(out, results.total, None, args.json)
        } else {
            output::write_speakers(out, &results, args.json)
        }
    })?;
    Ok(found(results.total > 0))
}

fn run_stats(index_dir: &Path, args: StatsArgs) -> Result<Outcome> {
    let archive = Archive::open(index_dir)?;
    let request = StatsRequest {
        query: args.query.join(" "),
        filters: filters(&args.filters),
        period: args.by.into(),
        quotes: args.quotes,
        speaker: args.by_speaker,
        min_confidence: args.min_confidence,
        top: args.top,
    };
    let stats = archive.stats(&request)?;
    print(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &stats)?;
            writeln!(out)
        } else {
            output::write_stats(out, &stats)
        }
    })?;
    Ok(found(stats.total > 0))
}

fn run_status(index_dir: &Path, args: &StatusArgs) -> Result<Outcome> {
    let status = indexing::status(index_dir)?;
    print(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &status)?;
            writeln!(out)
        } else {
            output::write_status(out, &status)
        }
    })?;
    Ok(Outcome::Found)
}

fn run_forget(index_dir: &Path, args: &ForgetArgs) -> Result<Outcome> {
    let forgotten = indexing::forget(index_dir, &args.path)
        .with_context(|| format!("forgetting {}", args.path.display()))?;
    if args.json {
        print(|out| {
            serde_json::to_writer(&mut *out, &forgotten)?;
            writeln!(out)
        })?;
    }
    if forgotten.files == 0 && !forgotten.was_root {
        eprintln!(
            "depeche: the index holds nothing from {}: nothing to forget (see `depeche status`)",
            args.path.display()
        );
        return Ok(Outcome::NothingFound);
    }
    eprintln!(
        "depeche: forgot {}: {} and {} from {} dropped",
        args.path.display(),
        plural(forgotten.stories, "story", "stories"),
        plural(forgotten.quotes, "quote", "quotes"),
        plural(forgotten.files, "file", "files"),
    );
    Ok(Outcome::Found)
}

fn run_extract(files: &[PathBuf]) -> Result<Outcome> {
    let mut any_error = false;
    let mut any_quote = false;
    for path in files {
        let mut articles = Vec::new();
        let report = corpus::read_file(path, &mut |article| articles.push(article));
        // A file that gives nothing makes the run exit 2: what it says is an error, not a warning.
        let kind = if report.skip.is_some() {
            "error"
        } else {
            "warning"
        };
        for warning in &report.warnings {
            eprintln!("depeche: {kind}: {}: {}", path.display(), warning.message);
        }
        if let Some(skip) = report.skip {
            if report.warnings.is_empty() {
                eprintln!(
                    "depeche: error: {}: skipped: {}",
                    path.display(),
                    skip.label()
                );
            }
            any_error = true;
            continue;
        }
        for article in articles {
            let paragraphs: Vec<&str> = article.paragraphs.iter().map(String::as_str).collect();
            let found = quotes::extract_quotes(&paragraphs);
            any_quote |= !found.is_empty();
            print(|out| output::write_extracted(out, &article.id, &found))?;
        }
    }
    Ok(if any_error {
        Outcome::Failed
    } else {
        found(any_quote)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(line: &str) -> String {
        let args = line.split(' ').map(OsString::from);
        excluded_words_as_query(args)
            .iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    // See: issue 13 (`search -Macron gouvernement` failed with "unexpected argument '-M'").
    #[test]
    fn excluded_words_go_after_a_double_dash_and_options_stay_options() {
        assert_eq!(
            rewritten("depeche search -Macron gouvernement"),
            "depeche search -- -Macron gouvernement"
        );
        assert_eq!(
            rewritten(
                "depeche --index dir search -n 5 -Macron gouvernement --json -n5 --since=2020"
            ),
            "depeche --index dir search -n 5 --json -n5 --since=2020 -- -Macron gouvernement"
        );
        assert_eq!(
            rewritten("depeche search --author -Farid -nucléaire x -- -y"),
            "depeche search --author -Farid -- -nucléaire x -y"
        );
        assert_eq!(
            rewritten("depeche quotes -vaccin --by Macron"),
            "depeche quotes --by Macron -- -vaccin"
        );
        // Nothing to move: the line is untouched, errors and all.
        for line in [
            "depeche search Ukraine --json -n 3",
            "depeche search -- -Macron",
            "depeche index -q corpus",
            "depeche quotes extract -a.txt",
            "depeche search Ukraine --bogus",
        ] {
            assert_eq!(rewritten(line), line);
        }
        let cli = Cli::try_parse_from(excluded_words_as_query(
            ["depeche", "search", "-Macron", "gouvernement", "-n", "3"].map(OsString::from),
        ))
        .expect("parses");
        let Command::Search(args) = cli.command else {
            panic!("not search")
        };
        assert_eq!(args.query, ["-Macron", "gouvernement"]);
        assert_eq!(args.limit, 3);
    }

    // See: issue 13 ("39.4 MB read" counted compressed bytes; "1 articles").
    #[test]
    fn the_summary_says_what_was_read() {
        let summary = Summary {
            files_seen: 1,
            added: 1,
            quotes: 1,
            windows_1252: 1,
            text_bytes: 65_400_000,
            bytes_read: 39_400_000,
            elapsed: Duration::from_secs(10),
            articles_in_index: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_text(&summary, Path::new("idx")),
            "depeche: 1 file seen: 1 article added, 0 updated, 0 removed, 0 unchanged; 1 quote indexed\n\
             depeche: 1 file read as Windows-1252 (not UTF-8)\n\
             depeche: 65.4 MB of text read (39.4 MB on disk) in 10.00 s (6.5 MB/s); 1 article in idx\n"
        );
        let plain = Summary {
            bytes_read: 65_400_000,
            ..summary
        };
        assert!(
            summary_text(&plain, Path::new("idx")).ends_with(
                "depeche: 65.4 MB of text read in 10.00 s (6.5 MB/s); 1 article in idx\n"
            )
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn quotes_extract_and_quotes_by_parse() {
        let cli = Cli::try_parse_from(["depeche", "quotes", "extract", "a.txt", "b.txt"])
            .expect("parses");
        assert!(matches!(
            cli.command,
            Command::Quotes(QuotesArgs { command: Some(QuotesCommand::Extract { ref files }), .. }) if files.len() == 2
        ));
        let cli = Cli::try_parse_from(["depeche", "quotes", "--by", "Blinken", "Ukraine"])
            .expect("parses");
        let Command::Quotes(args) = cli.command else {
            panic!("not quotes")
        };
        assert_eq!(args.find.by.as_deref(), Some("Blinken"));
        assert_eq!(args.find.query, ["Ukraine"]);
    }
}
