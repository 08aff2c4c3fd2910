//! What a new user tripped over (issue 13): queries, counting, exit statuses, output, provenance
//! and the JSON contract, each checked on the real binary and the sample corpus.

use crate::util::{TestEnv, hit_ids};

// See: issue 13 (`search -Macron gouvernement` failed with "unexpected argument '-M'").
#[test]
fn a_query_may_start_with_an_excluded_word() {
    let env = TestEnv::with_sample_index();
    let bare = env.run(["search", "-Macron", "gouvernement", "-n", "3"]);
    bare.assert_exit(0);
    let escaped = env.run(["search", "-n", "3", "--", "-Macron", "gouvernement"]);
    assert_eq!(bare.stdout, escaped.stdout);
    assert!(!bare.stdout.contains("**Macron**"), "{}", bare.stdout);
    let all = env.run(["search", "gouvernement", "-n", "3"]);
    assert_ne!(bare.stdout, all.stdout);
}

// See: issue 13 (`title:` gave 0 stories; `title:(Macron OR Philippe)` dropped its parentheses).
#[test]
fn empty_fields_and_groups() {
    let env = TestEnv::with_sample_index();
    let empty = env.run(["search", "Macron title:"]);
    empty.assert_exit(2);
    assert!(
        empty.stderr.contains("\"title:\" needs a value")
            && empty.stderr.contains("  Macron title:\n              ^"),
        "{}",
        empty.stderr
    );
    let grouped = env.run(["search", "title:(Macron OR Philippe)"]);
    grouped.assert_exit(0);
    assert_eq!(
        grouped.stdout,
        env.run(["search", "title:Macron OR title:Philippe"]).stdout
    );
    let nested = env.run(["search", "title:(Macron OR (Philippe))"]);
    nested.assert_exit(2);
    assert!(
        nested.stderr.contains("cannot be nested"),
        "{}",
        nested.stderr
    );
}

// See: issue 13 (`le la les` said "0 stories match").
#[test]
fn a_query_of_stop_words_says_so() {
    let env = TestEnv::with_sample_index();
    for command in ["search", "quotes"] {
        let run = env.run([command, "le", "la", "les"]);
        run.assert_exit(2);
        assert!(run.stderr.contains("only stop words"), "{}", run.stderr);
    }
}

// See: issue 13 (`search --author "Farid Farid"` required a query; `quotes` had no --author).
#[test]
fn a_filter_without_words_lists_its_stories_newest_first() {
    let env = TestEnv::with_sample_index();
    let author = env.run(["search", "--author", "Farid Farid"]);
    author.assert_exit(0);
    assert_eq!(hit_ids(&author.stdout), ["001_0009d89c7b366868"]);
    let agency = env.run(["search", "--agency", "AFP", "--json", "-n", "100"]);
    let dates: Vec<String> = agency
        .assert_exit(0)
        .json_lines()
        .iter()
        .map(|hit| hit["date"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(dates.len() > 2, "{dates:?}");
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first);
    env.run(["search", "--author", "Nobody Atall"])
        .assert_exit(1);
    // With no query and no filter, search still asks for a query.
    let nothing = env.run(["search"]);
    nothing.assert_exit(2);
    assert!(nothing.stderr.contains("<QUERY>"), "{}", nothing.stderr);

    let quotes = env.run(["quotes", "--author", "Farid Farid", "--json"]);
    let quotes = quotes.assert_exit(0).json_lines();
    assert!(!quotes.is_empty());
    assert!(
        quotes
            .iter()
            .all(|quote| quote["doc"] == "001_0009d89c7b366868"),
        "{quotes:?}"
    );
    // The story filters combine with the quote's own words and with the others.
    let about = env.run(["quotes", "--author", "Farid Farid", "--json", "égyptien"]);
    assert!(about.json_lines().len() <= quotes.len());
    env.run(["quotes", "--author", "Farid Farid", "--city", "Nowhere"])
        .assert_exit(1);
    env.run(["quotes", "--section", "no-such-section"])
        .assert_exit(1);
}

// See: issue 13 (no --count, no total in JSON, and `--limit 0` meant 1, or nothing with exit 1).
#[test]
fn count_and_limit_0_print_only_the_number() {
    let env = TestEnv::with_sample_index();
    let shown = env.run(["search", "Covid", "-n", "2"]);
    assert!(
        shown.stdout.ends_with("13 stories match; 2 shown\n"),
        "{}",
        shown.stdout
    );
    for count in [
        env.run(["search", "Covid", "--count"]),
        env.run(["search", "Covid", "-n", "0"]),
        env.run(["search", "--limit", "0", "Covid"]),
    ] {
        count.assert_exit(0);
        assert_eq!(count.stdout, "13\n");
    }
    let none = env.run(["search", "zzqqxx", "--count"]);
    none.assert_exit(1);
    assert_eq!(none.stdout, "0\n");
    assert_eq!(
        env.run(["search", "Covid", "--count", "--json"]).stdout,
        "{\"total\":13}\n"
    );
    let lines = env
        .run(["search", "Covid", "--json", "-n", "2"])
        .json_lines();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|hit| hit["total"] == 13), "{lines:?}");

    let quotes = env.run(["quotes", "--by", "Macron"]);
    let summary = quotes.stdout.lines().last().unwrap_or_default().to_owned();
    assert!(
        summary.starts_with("31 quotes match; 20 shown; 38 more"),
        "{summary}"
    );
    for count in [
        env.run(["quotes", "--by", "Macron", "--count"]),
        env.run(["quotes", "--by", "Macron", "-n", "0"]),
    ] {
        count.assert_exit(0);
        assert_eq!(count.stdout, "31\n");
    }
    assert_eq!(
        env.run(["quotes", "--by", "Macron", "--count", "--json"])
            .stdout,
        "{\"total\":31,\"hidden\":38}\n"
    );
    let lines = env
        .run(["quotes", "--by", "Macron", "--json", "-n", "1"])
        .json_lines();
    assert_eq!(lines[0]["total"], 31);
    env.run(["quotes", "--by", "Nobody Atall", "-n", "0"])
        .assert_exit(1);

    let speakers = env.run(["speakers", "-n", "0"]);
    speakers.assert_exit(0);
    let number: usize = speakers.stdout.trim().parse().expect("a number");
    let all = env.run(["speakers", "-n", "1000"]);
    assert_eq!(all.stdout.lines().count(), number);
    assert_eq!(env.run(["speakers", "--count"]).stdout, speakers.stdout);
    let lines = env.run(["speakers", "--json", "-n", "1"]).json_lines();
    assert_eq!(lines[0]["total"], number);
    env.run(["speakers", "-n", "0", "zzqqxx"]).assert_exit(1);
}

// See: issue 13 (`quotes extract missing.txt` said "warning" and exited 2).
#[test]
fn extract_says_error_when_it_exits_2() {
    let env = TestEnv::new();
    let missing = env.run_bare(["quotes", "extract", "missing.txt"]);
    missing.assert_exit(2);
    assert!(
        missing.stderr.starts_with("depeche: error: missing.txt: "),
        "{}",
        missing.stderr
    );
    assert!(!missing.stderr.contains("warning"), "{}", missing.stderr);
    std::fs::write(env.dir().join("empty.txt"), "").expect("writing a file");
    let empty = env.run_bare(["quotes", "extract", "empty.txt"]);
    empty.assert_exit(2);
    assert_eq!(empty.stderr, "depeche: error: empty.txt: skipped: empty\n");
}

// See: issue 13 ("1 articles").
#[test]
fn counts_of_one_are_singular() {
    let env = TestEnv::new();
    let reuters = crate::util::sample_corpus().join("reuters");
    let index = env.run([std::path::Path::new("index"), &reuters]);
    index.assert_exit(0);
    let err = index.err();
    assert!(
        err.contains("depeche: 1 file seen: 1 article added, 0 updated, 0 removed, 0 unchanged; 4 quotes indexed\n"),
        "{err}"
    );
    assert!(err.contains("; 1 article in [TMP]/index\n"), "{err}");
    assert_eq!(index.summary().articles_in_index, 1);
    let status = env.run(["status"]);
    assert!(
        status.stdout.contains("\n1 story, 4 quotes\n"),
        "{}",
        status.stdout
    );
    let search = env.run(["search", "Blinken"]);
    assert!(
        search.stdout.ends_with("1 story matches; 1 shown\n"),
        "{}",
        search.stdout
    );
    let forget = env.run([std::path::Path::new("forget"), &reuters]);
    forget.assert_exit(0);
    assert!(
        forget
            .stderr
            .ends_with(": 1 story and 4 quotes from 1 file dropped\n"),
        "{}",
        forget.stderr
    );
}

// See: issue 13 (`show` dropped the URL and, for JSON lines, the file and line).
#[test]
fn show_and_search_json_say_where_a_story_comes_from() {
    let env = TestEnv::with_sample_index();
    let gz = "[REPO]/sample-corpus/jsonl/orangesum-sample.jsonl.gz";
    let shown = env.run(["show", "36"]);
    shown.assert_exit(0);
    let out = shown.out();
    assert!(
        out.contains("\n     url: https://auto.orange.fr/news/maserati-presente-son-nouveau-v6-biturbo-CNT000001rio2S.html\n"),
        "{out}"
    );
    assert!(out.contains(&format!("\n    path: {gz}:4\n")), "{out}");
    let json = env.run(["show", "36", "--json"]).json_lines();
    assert_eq!(json[0]["line"], 4);
    assert!(
        json[0]["url"]
            .as_str()
            .is_some_and(|url| url.starts_with("https://auto.orange.fr/"))
    );
    let hits = env
        .run(["search", "id:36", "--json"])
        .assert_exit(0)
        .json_lines();
    assert_eq!(hits[0]["line"], 4);
    assert_eq!(hits[0]["url"], json[0]["url"]);
    // A wire story is a whole file: no line, no URL.
    let wire = env
        .run(["search", "id:000_e6aacbb205c0461c", "--json"])
        .json_lines();
    assert_eq!(wire[0]["line"], serde_json::Value::Null);
    assert_eq!(wire[0]["url"], serde_json::Value::Null);
}

// See: issue 13 (quotes were shown without their story's title, and a short quote without who
// said it).
#[test]
fn quotes_show_their_story_and_the_sentence_around_a_short_one() {
    let env = TestEnv::with_sample_index();
    let run = env.run(["quotes", "--by", "olivier veran", "-n", "2"]);
    run.assert_exit(0);
    let headline =
        "La \"priorisation\" des tests de dépistage du coronavirus \"ne fonctionne plus\" face…";
    assert!(
        run.stdout.starts_with(
            "2020-09 Olivier Véran (a toutefois estimé)\n   « des dispositions efficaces »\n   in: Olivier Véran a toutefois estimé que les mesures"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("   007_0040160a5adde223 · {headline}\n")),
        "{}",
        run.stdout
    );
    let lines = env
        .run(["quotes", "--by", "olivier veran", "-n", "2", "--json"])
        .json_lines();
    // A wire story has no title: `title` is null, `headline` is what is shown.
    assert_eq!(lines[0]["title"], serde_json::Value::Null);
    assert_eq!(lines[0]["headline"], headline);
    assert!(
        lines[0]["context"]
            .as_str()
            .is_some_and(|context| context.contains("\"des dispositions efficaces\"")),
        "{:?}",
        lines[0]
    );
    // The second quote is eleven words long: it speaks for itself.
    assert_eq!(lines[1]["context"], serde_json::Value::Null);
    // A JSON record's quote carries its story's title.
    let json = env.run([
        "quotes",
        "id:16",
        "--min-confidence",
        "0",
        "--json",
        "rentrée",
    ]);
    let lines = json.assert_exit(0).json_lines();
    assert_eq!(
        lines[0]["title"],
        "Macron dévoile ses priorités avant une rentrée \"très dure\""
    );
    assert_eq!(lines[0]["title"], lines[0]["headline"]);
}

// See: issue 13 (`search` said `id`, `quotes --json` `doc`, and `title` was a cut lede in `search`
// but null in `show` for the same story).
#[test]
fn one_json_vocabulary() {
    let env = TestEnv::with_sample_index();
    let wire = "000_e6aacbb205c0461c";
    let hit = &env
        .run(["search", &format!("id:{wire}"), "--json"])
        .json_lines()[0];
    let story = &env.run(["show", wire, "--json"]).json_lines()[0];
    assert_eq!(hit["id"], wire);
    assert_eq!(story["id"], wire);
    // The wire format has no headline: `title` is null in both, and `headline` is the same.
    assert_eq!(hit["title"], serde_json::Value::Null);
    assert_eq!(story["title"], serde_json::Value::Null);
    assert_eq!(hit["headline"], story["headline"]);
    assert!(
        hit["headline"]
            .as_str()
            .is_some_and(|headline| headline.starts_with("Le secrétaire d'Etat américain")),
        "{hit}"
    );
    let json_hit = &env.run(["search", "id:36", "--json"]).json_lines()[0];
    assert_eq!(
        json_hit["title"],
        "Maserati présente son nouveau V6 biturbo"
    );
    assert_eq!(json_hit["title"], json_hit["headline"]);

    let quote = &env
        .run([
            "quotes",
            "--by",
            "représentant",
            "--json",
            "--min-confidence",
            "0",
        ])
        .json_lines()[0];
    assert_eq!(quote["id"], wire);
    assert_eq!(quote["doc"], quote["id"]);
    let extracted = env.run_bare([
        std::path::Path::new("quotes"),
        std::path::Path::new("extract"),
        &crate::util::sample_corpus().join(format!("reuters/{wire}.txt")),
    ]);
    let extracted = extracted.assert_exit(0).json_lines();
    for (rank, line) in extracted.iter().enumerate() {
        assert_eq!(line["id"], wire);
        assert_eq!(line["doc"], wire);
        assert_eq!(line["position"], rank);
    }
    // A quote's position is the same from the index and from `quotes extract`.
    let same = extracted
        .iter()
        .find(|line| line["text"] == quote["text"])
        .expect("the quote is extracted");
    assert_eq!(same["position"], quote["position"]);
}

/// The rows of a CSV text (RFC 4180), read by hand so that the test checks the format, not a
/// library's leniency.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

// See: issue 13 (`--format csv|tsv` for fact-check spreadsheets).
#[test]
fn csv_and_tsv_keep_awkward_fields_whole() {
    let env = TestEnv::new();
    let folder = env.dir().join("feed");
    std::fs::create_dir(&folder).expect("a folder");
    let awkward_url = "https://exemple.fr/a,\"b\"\nc";
    let record = serde_json::json!({
        "id": "v1",
        "url": awkward_url,
        "title": "Paris, \"la\" ville lumière",
        "date": "2021-03-04",
        "lede": "Le maire Jean Dupont a parlé mardi. « Nous allons nettoyer la ville », a déclaré mardi Jean Dupont, maire de Paris.",
        "authors": ["Anne Un", "Paul Deux"],
    });
    std::fs::write(folder.join("feed.jsonl"), format!("{record}\n")).expect("writing");
    env.run(["index", "feed"]).assert_exit(0);
    let csv = env.run(["search", "maire", "--format", "csv"]);
    csv.assert_exit(0);
    assert!(csv.stdout.ends_with("\r\n"));
    let rows = csv_rows(&csv.stdout);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].len(), rows[1].len());
    let column = |name: &str| {
        let at = rows[0]
            .iter()
            .position(|header| header == name)
            .expect(name);
        rows[1][at].clone()
    };
    assert_eq!(column("title"), "Paris, \"la\" ville lumière");
    assert_eq!(column("url"), awkward_url);
    assert_eq!(column("authors"), "Anne Un; Paul Deux");
    assert_eq!(column("line"), "1");

    let tsv = env.run(["search", "maire", "--format", "tsv"]);
    let lines: Vec<&str> = tsv.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].split('\t').count(), lines[1].split('\t').count());
    assert!(
        lines[1].contains("\thttps://exemple.fr/a,\"b\" c\t"),
        "{}",
        lines[1]
    );

    let quotes = env.run(["quotes", "--author", "Anne Un", "--format", "csv"]);
    quotes.assert_exit(0);
    let rows = csv_rows(&quotes.stdout);
    assert_eq!(rows[0][..3], ["date", "speaker", "text"]);
    assert_eq!(
        rows[1][..3],
        ["2021-03-04", "Jean Dupont", "Nous allons nettoyer la ville"]
    );
    // The sentence around the quote holds commas: it is quoted, and read back whole.
    assert_eq!(
        rows[1][3],
        "« Nous allons nettoyer la ville », a déclaré mardi Jean Dupont, maire de Paris."
    );
    assert_eq!(rows[1][10], "Paris, \"la\" ville lumière");
    // A table is not JSON, nor a count.
    env.run(["search", "maire", "--format", "csv", "--json"])
        .assert_exit(2);
}

/// A [`depeche::indexing::Progress`] that remembers what it was told.
#[derive(Default)]
struct Recorder {
    total: std::sync::atomic::AtomicU64,
    counted: std::sync::atomic::AtomicU64,
    advanced: std::sync::atomic::AtomicU64,
    read: std::sync::Mutex<Vec<String>>,
}

impl depeche::indexing::Progress for Recorder {
    fn start(&self, _files: usize, bytes: u64) {
        self.total.store(bytes, std::sync::atomic::Ordering::SeqCst);
    }

    fn reading(&self, path: &std::path::Path) {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        self.read
            .lock()
            .expect("not poisoned")
            .push(name.unwrap_or_default());
    }

    fn advance(&self, bytes: u64) {
        self.counted
            .fetch_add(bytes, std::sync::atomic::Ordering::SeqCst);
        self.advanced
            .fetch_add(bytes, std::sync::atomic::Ordering::SeqCst);
    }

    fn file_done(&self, _path: &std::path::Path, bytes: u64) {
        self.counted
            .fetch_add(bytes, std::sync::atomic::Ordering::SeqCst);
    }
}

// See: issue 13 (the bar counted files, sat still during the one big file, and "MB read" counted
// compressed bytes).
#[test]
fn progress_counts_bytes_as_they_are_read_and_names_the_files() {
    use std::sync::atomic::Ordering::SeqCst;
    let env = TestEnv::new();
    let jsonl = crate::util::sample_corpus().join("jsonl");
    let config = depeche::indexing::IndexConfig::new(env.index_dir(), vec![jsonl.clone()]);
    let recorder = Recorder::default();
    let summary = depeche::indexing::index(&config, &recorder).expect("indexing");
    let on_disk: u64 = ["orangesum-sample.jsonl", "orangesum-sample.jsonl.gz"]
        .iter()
        .map(|name| std::fs::metadata(jsonl.join(name)).expect("a file").len())
        .sum();
    assert_eq!(recorder.total.load(SeqCst), on_disk);
    // Every byte is counted once, and the reading of the files moved the count as it went.
    assert_eq!(recorder.counted.load(SeqCst), on_disk);
    assert_eq!(recorder.advanced.load(SeqCst), on_disk);
    let mut read = recorder.read.lock().expect("not poisoned").clone();
    read.sort();
    assert_eq!(
        read,
        ["orangesum-sample.jsonl", "orangesum-sample.jsonl.gz"]
    );
    // The text is the uncompressed bytes.
    let plain = std::fs::metadata(jsonl.join("orangesum-sample.jsonl"))
        .expect("a file")
        .len();
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::MultiGzDecoder::new(
            std::fs::File::open(jsonl.join("orangesum-sample.jsonl.gz")).expect("a file"),
        ),
        &mut unzipped,
    )
    .expect("gzip");
    let text = plain + unzipped.len() as u64;
    assert!(text > on_disk);
    assert_eq!(summary.bytes_read, on_disk);
    assert_eq!(summary.text_bytes, text);

    // A run with nothing to read credits the unchanged files whole, without reading them.
    let again = Recorder::default();
    depeche::indexing::index(&config, &again).expect("indexing");
    assert_eq!(again.counted.load(SeqCst), on_disk);
    assert_eq!(again.advanced.load(SeqCst), 0);
}
