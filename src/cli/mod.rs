//! The command line, owned by the binary: clap types, their conversion into the library's plain
//! requests, and the run of each command. Formatting goes through [`depeche::output`]; only this
//! module talks to stdout, stderr and the process.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use depeche::indexing::{self, IndexConfig, Progress, Summary};
use depeche::output::{self, Marks};
use depeche::search::{
    Archive, DEFAULT_MIN_CONFIDENCE, Filters, QuoteRequest, SearchRequest, Sort,
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

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
    /// List quotes by a speaker or about a subject, or extract quotes from files.
    Quotes(QuotesArgs),
    /// List the speakers, most quoted first.
    Speakers(SpeakersArgs),
    /// Say what the index holds: its roots, stories and quotes per root, the last run, damaged files.
    Status(StatusArgs),
    /// Drop a folder (or file) from the index: its stories and quotes go, and it is no longer a root.
    Forget(ForgetArgs),
}

/// `depeche status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `depeche forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The folder or file to drop; it may no longer exist.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}

/// `depeche index`.
#[derive(Debug, Args)]
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
}

/// `depeche search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", +required, -excluded, OR, field:value.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// How many stories to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Order of the results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened")]
    pub filters: FilterArgs,
    /// Only stories from this agency.
    #[arg(long)]
    pub agency: Option<String>,
    /// Only stories by this author.
    #[arg(long)]
    pub author: Option<String>,
    /// Only stories of this section.
    #[arg(long)]
    pub section: Option<String>,
    /// Passages shown per story.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub fragments: usize,
    /// One JSON object per story.
    #[arg(long)]
    pub json: bool,
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
pub struct ShowArgs {
    /// The story id (the file stem, or the JSON id).
    pub id: String,
    /// Print the story as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `depeche quotes`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
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
    /// How many quotes to show.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
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
    /// One JSON object per quote.
    #[arg(long)]
    pub json: bool,
}

/// `depeche speakers`.
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// Count only the quotes about these words.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// How many speakers to show.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
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
    match cli.command {
        Command::Index(args) => run_index(&index_dir, args),
        Command::Search(args) => run_search(&index_dir, args),
        Command::Show(args) => run_show(&index_dir, args),
        Command::Quotes(args) => match args.command {
            Some(QuotesCommand::Extract { files }) => run_extract(&files),
            None => run_quotes(&index_dir, args.find),
        },
        Command::Speakers(args) => run_speakers(&index_dir, args),
        Command::Status(args) => run_status(&index_dir, &args),
        Command::Forget(args) => run_forget(&index_dir, &args),
    }
}

/// Prints warnings and a progress bar on stderr while an index run goes on.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    stderr: Mutex<()>,
}

impl Progress for Reporter {
    fn start(&self, files: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(files as u64);
        }
    }

    fn file_done(&self, _bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
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
                "{bar:40} {pos}/{len} files  {elapsed} (eta {eta})",
            )
            .expect("the template is valid"),
        );
        bar
    });
    let reporter = Reporter {
        bar,
        quiet: args.quiet,
        stderr: Mutex::new(()),
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
    eprint!("{}", summary_text(&summary, index_dir));
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
        "depeche: {} files seen: {} articles added, {} updated, {} removed, {} unchanged; {} quotes indexed\n",
        summary.files_seen,
        summary.added,
        summary.updated,
        summary.removed,
        summary.unchanged,
        summary.quotes
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
            "depeche: {} files read as Windows-1252 (not UTF-8)\n",
            summary.windows_1252
        ));
    }
    text.push_str(&format!(
        "depeche: {:.1} MB read in {:.2} s ({:.1} MB/s); {} articles in {}\n",
        summary.bytes_read as f64 / 1e6,
        summary.elapsed.as_secs_f64(),
        summary.megabytes_per_second(),
        summary.articles_in_index,
        index_dir.display()
    ));
    text
}

/// `1 file`, `2 files`.
fn plural(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

fn filters(args: &FilterArgs) -> Filters {
    Filters {
        since: args.since.clone(),
        until: args.until.clone(),
        city: args.city.clone(),
        ..Filters::default()
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
    let mut filters = filters(&args.filters);
    filters.agency = args.agency;
    filters.author = args.author;
    filters.section = args.section;
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit,
        sort: args.sort.into(),
        filters,
        fragments: args.fragments,
        // JSON lines carry no total, and counting every match costs time.
        count_total: !args.json,
    };
    let results = archive.search(&request)?;
    if results.hits.is_empty() && archive.story_count()? == 0 {
        eprintln!(
            "depeche: the index at {} holds no stories yet: build it with `depeche index FOLDER...` (an interrupted first run keeps only what it committed)",
            index_dir.display()
        );
    }
    print(|out| {
        if args.json {
            output::write_hits_json(out, &results.hits)
        } else {
            output::write_hits(out, &results.hits, results.total, Marks::for_stdout())
        }
    })?;
    Ok(found(!results.hits.is_empty()))
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
    let stories = archive.show(&args.id)?;
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
    if args.by.is_none() && query.is_none() {
        anyhow::bail!(
            "say whose quotes (--by NAME) or what about (QUERY), or use `depeche quotes extract FILE...`"
        );
    }
    let archive = Archive::open(index_dir)?;
    let request = QuoteRequest {
        by: args.by,
        query,
        limit: args.limit,
        sort: args.sort.into(),
        filters: filters(&args.filters),
        min_confidence: args.min_confidence,
    };
    let results = archive.quotes(&request)?;
    print(|out| {
        if args.json {
            output::write_quote_hits_json(out, &results.hits)
        } else {
            output::write_quote_hits(out, &results, Marks::for_stdout())
        }
    })?;
    Ok(found(!results.hits.is_empty()))
}

fn run_speakers(index_dir: &Path, args: SpeakersArgs) -> Result<Outcome> {
    let archive = Archive::open(index_dir)?;
    let query = (!args.query.is_empty()).then(|| args.query.join(" "));
    let speakers = archive.speakers(
        query.as_deref(),
        &filters(&args.filters),
        args.min_confidence,
        args.limit,
    )?;
    print(|out| output::write_speakers(out, &speakers, args.json))?;
    Ok(found(!speakers.is_empty()))
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
    if forgotten.files == 0 && !forgotten.was_root {
        eprintln!(
            "depeche: the index holds nothing from {}: nothing to forget (see `depeche status`)",
            args.path.display()
        );
        return Ok(Outcome::NothingFound);
    }
    eprintln!(
        "depeche: forgot {}: {} stories and {} quotes from {} dropped",
        args.path.display(),
        forgotten.stories,
        forgotten.quotes,
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
        for warning in &report.warnings {
            eprintln!("depeche: warning: {}: {}", path.display(), warning.message);
        }
        if let Some(skip) = report.skip {
            if report.warnings.is_empty() {
                eprintln!("depeche: {}: skipped: {}", path.display(), skip.label());
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
    use clap::CommandFactory;

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
