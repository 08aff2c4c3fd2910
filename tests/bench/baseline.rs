//! The benchmark's Rust half, run by `tests/bench/run.sh` through
//! `cargo bench --bench baseline -- ARGS` (see `tests/bench/README.md`).
//!
//! 1. A plain-tantivy baseline: every `.txt` file of the corpus is read into memory and turned into a
//!    document of one stored text field with tantivy's default tokenizer (not timed), then indexed
//!    into a fresh index with the same threads and memory budget as depeche, commit and merges
//!    included (timed).
//! 2. In-process query latency over `queries.txt`: tantivy's `QueryParser` (OR semantics), top 10 with
//!    their stored documents, on the baseline index; `depeche::search::Archive::search` with snippets,
//!    on the depeche index.
//!
//! With `--build-only` it does step 1 alone and writes its figures: `measure.py` runs it that way
//! between depeche's builds, so that both are timed on the machine as it is at the time.
//!
//! It prints a short account on stderr and writes its figures as JSON to `--out`. Run with no
//! `--corpus` (as a bare `cargo bench` does) it says how to run it and exits successfully.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;
use depeche::search::{Archive, Filters, SearchRequest, Sort};
use serde_json::json;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, Schema, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Baseline indexing and in-process query latency for the depeche benchmark.
#[derive(Debug, Parser)]
struct Args {
    /// The corpus folder written by `to_txt.py`.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// The depeche index built from the same corpus; without it the depeche queries are skipped.
    #[arg(long)]
    depeche_index: Option<PathBuf>,
    /// The query file (`tests/bench/queries.txt` format).
    #[arg(long)]
    queries: Option<PathBuf>,
    /// Timed repetitions of each query.
    #[arg(long, default_value_t = 5)]
    reps: usize,
    /// tantivy indexing threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// tantivy indexing memory budget, in MB (depeche's default is 200).
    #[arg(long, default_value_t = 200)]
    memory_mb: usize,
    /// Folder for the baseline index (a fresh temporary folder is made inside it).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Where to write the figures as JSON.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Build the baseline index, write its figures and stop (no queries; `--queries` not needed).
    #[arg(long)]
    build_only: bool,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// One line of the query file: the query text and its filters.
#[derive(Debug, Clone)]
struct BenchQuery {
    text: String,
    options: Vec<(String, String)>,
}

impl BenchQuery {
    fn request(&self) -> Result<SearchRequest> {
        let mut filters = Filters::default();
        let mut sort = Sort::Relevance;
        for (key, value) in &self.options {
            let slot = match key.as_str() {
                "since" => &mut filters.since,
                "until" => &mut filters.until,
                "city" => &mut filters.city,
                "agency" => &mut filters.agency,
                "author" => &mut filters.author,
                "section" => &mut filters.section,
                "sort" => {
                    sort = match value.as_str() {
                        "date" => Sort::Date,
                        "relevance" => Sort::Relevance,
                        _ => bail!(
                            "sort={value} in query {:?}: want date or relevance",
                            self.text
                        ),
                    };
                    continue;
                }
                _ => bail!("unknown option {key}={value} in query {:?}", self.text),
            };
            *slot = Some(value.clone());
        }
        Ok(SearchRequest {
            query: self.text.clone(),
            limit: 10,
            sort,
            filters,
            fragments: 3,
            // The baseline counts its matches too, so both do the same work.
            count_total: true,
            all_versions: false,
        })
    }
}

/// Reads the query file: `QUERY | key=value | key=value`, `#` comments and blank lines skipped.
fn read_queries(path: &Path) -> Result<Vec<BenchQuery>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut queries = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split(" | ");
        let query = parts.next().unwrap_or_default().trim().to_owned();
        let mut options = Vec::new();
        for part in parts {
            let Some((key, value)) = part.split_once('=') else {
                bail!("option {part:?} is not key=value in line {line:?}");
            };
            options.push((key.trim().to_owned(), value.trim().to_owned()));
        }
        queries.push(BenchQuery {
            text: query,
            options,
        });
    }
    Ok(queries)
}

/// The `.txt` files under `corpus`, in a fixed order, read into memory.
fn read_corpus(corpus: &Path) -> Result<Vec<String>> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(corpus).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "txt") {
            paths.push(entry.into_path());
        }
    }
    paths
        .iter()
        .map(|path| fs::read_to_string(path).with_context(|| format!("reading {}", path.display())))
        .collect()
}

/// The process's peak resident set since the last [`reset_peak_rss`], in kB (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak resident set to the current one (Linux ≥ 4.0; does nothing elsewhere).
fn reset_peak_rss() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn folder_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| entry.metadata().ok())
        .map(|metadata| metadata.len())
        .sum()
}

/// Median and 90th percentile (nearest rank) of the values.
fn median_p90(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |quantile: f64| {
        let rank = (quantile * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    };
    let middle = sorted.len() / 2;
    let median = if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    };
    (median, at(0.9))
}

/// Runs `run` on each of `count` queries once to warm up, then `reps` rounds over them all; returns
/// each query's median in ms and the hit count it reported.
fn time_queries(
    count: usize,
    reps: usize,
    mut run: impl FnMut(usize) -> Result<usize>,
) -> Result<Vec<(f64, usize)>> {
    for number in 0..count {
        run(number)?;
    }
    let mut samples = vec![Vec::with_capacity(reps); count];
    let mut hits = vec![0; count];
    for _ in 0..reps.max(1) {
        for number in 0..count {
            let start = Instant::now();
            hits[number] = run(number)?;
            samples[number].push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(samples
        .iter()
        .zip(hits)
        .map(|(samples, hits)| (median_p90(samples).0, hits))
        .collect())
}

struct Baseline {
    index: Index,
    _dir: tempfile::TempDir,
    figures: serde_json::Value,
}

fn build_baseline(texts: Vec<String>, args: &Args) -> Result<Baseline> {
    let bytes: u64 = texts.iter().map(|text| text.len() as u64).sum();
    let documents_count = texts.len();
    let mut schema = Schema::builder();
    let text_field = schema.add_text_field("text", TEXT | STORED);
    let schema = schema.build();
    let documents: Vec<TantivyDocument> = texts
        .into_iter()
        .map(|text| {
            let mut document = TantivyDocument::new();
            document.add_text(text_field, text);
            document
        })
        .collect();
    let dir = match &args.work_dir {
        Some(work) => tempfile::Builder::new()
            .prefix("baseline-index.")
            .tempdir_in(work)?,
        None => tempfile::Builder::new()
            .prefix("baseline-index.")
            .tempdir()?,
    };
    let rss_before = peak_rss_kb();
    reset_peak_rss();
    let start = Instant::now();
    let index = Index::create_in_dir(dir.path(), schema)?;
    let budget = (args.memory_mb * 1024 * 1024).max(args.threads * 15_000_000);
    let mut writer: IndexWriter = index.writer_with_num_threads(args.threads, budget)?;
    for document in documents {
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_rss_kb();
    let index_bytes = folder_size(dir.path());
    let segments = index.searchable_segment_ids()?.len();
    let figures = json!({
        "documents": documents_count,
        "bytes": bytes,
        "seconds": seconds,
        "mb_per_s": bytes as f64 / 1e6 / seconds,
        "index_bytes": index_bytes,
        "segments": segments,
        "threads": args.threads,
        "memory_budget_bytes": budget,
        "peak_rss_kb": peak,
        "rss_before_kb": rss_before,
    });
    eprintln!(
        "baseline: {documents_count} documents, {:.1} MB indexed in {seconds:.2} s ({:.1} MB/s), index {:.1} MB in {segments} segments, peak RSS {} kB",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds,
        index_bytes as f64 / 1e6,
        peak.map_or("?".to_owned(), |kb| kb.to_string()),
    );
    Ok(Baseline {
        index,
        _dir: dir,
        figures,
    })
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.build_only {
        let Some(corpus) = &args.corpus else {
            bail!("--build-only needs --corpus DIR");
        };
        let texts = read_corpus(corpus)?;
        if texts.is_empty() {
            bail!("no .txt files under {}", corpus.display());
        }
        let baseline = build_baseline(texts, &args)?;
        return write_figures(&args, &json!({ "baseline_index": baseline.figures }));
    }
    let (Some(corpus), Some(queries_path)) = (&args.corpus, &args.queries) else {
        eprintln!(
            "baseline: nothing to do without --corpus DIR and --queries FILE; run tests/bench/run.sh for the whole benchmark"
        );
        return Ok(());
    };
    let queries = read_queries(queries_path)?;
    let requests: Vec<SearchRequest> = queries
        .iter()
        .map(BenchQuery::request)
        .collect::<Result<_>>()?;

    let read_start = Instant::now();
    let texts = read_corpus(corpus)?;
    eprintln!(
        "baseline: read {} files into memory in {:.2} s (not timed)",
        texts.len(),
        read_start.elapsed().as_secs_f64()
    );
    if texts.is_empty() {
        bail!("no .txt files under {}", corpus.display());
    }
    let baseline = build_baseline(texts, &args)?;

    // Baseline queries: the query text alone (the baseline has no metadata to filter on).
    let reader = baseline.index.reader()?;
    let searcher = reader.searcher();
    let text_field = baseline.index.schema().get_field("text")?;
    let parser = QueryParser::for_index(&baseline.index, vec![text_field]);
    let baseline_times = time_queries(queries.len(), args.reps, |number| {
        let (parsed, _errors) = parser.parse_query_lenient(&queries[number].text);
        let (total, top) =
            searcher.search(&parsed, &(Count, TopDocs::with_limit(10).order_by_score()))?;
        for (_score, address) in top {
            let _document: TantivyDocument = searcher.doc(address)?;
        }
        Ok(total)
    })?;

    let mut depeche = json!(null);
    let mut depeche_times = Vec::new();
    if let Some(index_dir) = &args.depeche_index {
        let open_start = Instant::now();
        let archive = Archive::open(index_dir)?;
        let open_ms = open_start.elapsed().as_secs_f64() * 1000.0;
        depeche_times = time_queries(requests.len(), args.reps, |number| {
            Ok(archive.search(&requests[number])?.total.unwrap_or_default())
        })?;
        let (median, p90) =
            median_p90(&depeche_times.iter().map(|(ms, _)| *ms).collect::<Vec<_>>());
        depeche = json!({"open_ms": open_ms, "median_ms": median, "p90_ms": p90});
        eprintln!(
            "depeche in process: opened in {open_ms:.1} ms; query median {median:.2} ms, p90 {p90:.2} ms"
        );
    }

    let (median, p90) = median_p90(&baseline_times.iter().map(|(ms, _)| *ms).collect::<Vec<_>>());
    eprintln!("baseline in process: query median {median:.3} ms, p90 {p90:.3} ms");
    let per_query: Vec<serde_json::Value> = queries
        .iter()
        .enumerate()
        .map(|(number, query)| {
            json!({
                "query": query.text,
                "options": query.options,
                "baseline_ms": baseline_times[number].0,
                "baseline_total": baseline_times[number].1,
                "depeche_ms": depeche_times.get(number).map(|(ms, _)| *ms),
                "depeche_total": depeche_times.get(number).map(|(_, total)| *total),
            })
        })
        .collect();
    let figures = json!({
        "baseline_index": baseline.figures,
        "baseline_query": {"median_ms": median, "p90_ms": p90},
        "depeche_query": depeche,
        "reps": args.reps,
        "queries": per_query,
    });
    write_figures(&args, &figures)
}

/// Writes the figures to `--out`, or to stdout without it.
fn write_figures(args: &Args, figures: &serde_json::Value) -> Result<()> {
    if let Some(out) = &args.out {
        fs::write(out, serde_json::to_string_pretty(figures)?)
            .with_context(|| format!("writing {}", out.display()))?;
    } else {
        println!("{}", serde_json::to_string_pretty(figures)?);
    }
    Ok(())
}
