//! `depeche quotes` and `depeche speakers`: extraction without an index, quotes by speaker, the
//! speaker list, and a quality floor against the hand-annotated gold set.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::util::{TestEnv, fixture, sample_corpus};

#[test]
fn extract_prints_json_lines_per_story() {
    let env = TestEnv::new();
    let stories = [
        "reuters/000_e6aacbb205c0461c.txt",
        "afp/000_0003161f4a409bb7.txt",
        "afp/008_00459b948e252059.txt",
    ];
    let mut args: Vec<OsString> = vec!["quotes".into(), "extract".into()];
    args.extend(
        stories
            .iter()
            .map(|story| sample_corpus().join(story).into_os_string()),
    );
    let run = env.run_bare(&args);
    run.assert_exit(0);
    golden!("quotes-extract", run);
    let quotes = run.json_lines();
    assert!(quotes.len() >= 4, "{}", run.stdout);
    for quote in &quotes {
        let object = quote.as_object().expect("an object");
        for key in ["doc", "text", "speaker"] {
            assert!(object.contains_key(key), "no {key} in {quote}");
        }
        assert!(
            quote["text"].as_str().is_some_and(|text| !text.is_empty()),
            "{quote}"
        );
        assert!(
            quote["speaker"].is_string() || quote["speaker"].is_null(),
            "{quote}"
        );
    }
    let docs: Vec<&str> = quotes
        .iter()
        .map(|quote| quote["doc"].as_str().expect("doc"))
        .collect();
    // Story order, and the id is the file stem.
    let mut sorted = docs.clone();
    sorted.dedup();
    assert_eq!(sorted, ["000_e6aacbb205c0461c", "000_0003161f4a409bb7"]);
    // The Reuters story's four quotes, as the gold set has them.
    let reuters: Vec<&str> = quotes
        .iter()
        .filter(|quote| quote["doc"] == "000_e6aacbb205c0461c")
        .map(|quote| quote["text"].as_str().expect("text"))
        .collect();
    assert_eq!(reuters.len(), 4);
    assert_eq!(reuters[0], "professionnelle et assez franche");
    assert_eq!(reuters[3], "pas une réponse formelle");

    // The JSON record of id 16 repeats its lede as its first paragraph: its quote comes out once.
    let gz = env.run_bare([
        Path::new("quotes"),
        Path::new("extract"),
        &sample_corpus().join("jsonl/orangesum-sample.jsonl.gz"),
    ]);
    let rentree = gz
        .assert_exit(0)
        .json_lines()
        .into_iter()
        .filter(|quote| {
            quote["doc"] == "16"
                && quote["text"] == "La rentrée sera très dure, il faut nous y préparer"
        })
        .count();
    assert_eq!(rentree, 1);

    // A story without a quote: nothing found.
    let none = env.run_bare([
        Path::new("quotes"),
        Path::new("extract"),
        &sample_corpus().join(stories[2]),
    ]);
    none.assert_exit(1);
    assert_eq!(none.stdout, "");
}

#[test]
fn quotes_by_speaker_ignore_case_and_accents() {
    let env = TestEnv::with_sample_index();
    // The gold set gives all four quotes of the Reuters story to the unnamed State Department
    // official, none to Blinken (the third one is the official relaying Blinken's words), and so
    // does the extractor: `--by Blinken` finds nothing, however the name is written.
    let blinken = env.run(["quotes", "--by", "Blinken"]);
    blinken.assert_exit(1);
    assert_eq!(blinken.stdout, "0 quotes match; 0 shown\n");
    assert_eq!(
        blinken.stdout,
        env.run(["quotes", "--by", "antony BLINKEN"])
            .assert_exit(1)
            .stdout
    );

    let official = env.run(["quotes", "--by", "représentant"]);
    official.assert_exit(0);
    golden!("quotes-by-representant", official);
    let quotes = env
        .run(["quotes", "--by", "representant", "--json"])
        .assert_exit(0)
        .json_lines();
    assert_eq!(quotes.len(), 4);
    for quote in &quotes {
        assert_eq!(quote["doc"], "000_e6aacbb205c0461c");
        assert_eq!(
            quote["speaker"],
            "un haut représentant du département d'Etat américain"
        );
        assert_eq!(quote["date"], "2022-02");
        assert_eq!(quote["city"], "WASHINGTON");
    }
    let mut texts: Vec<&str> = quotes
        .iter()
        .map(|quote| quote["text"].as_str().expect("text"))
        .collect();
    texts.sort();
    assert_eq!(
        texts[0],
        "Nous continuons d'entendre des garanties que la Russie ne prévoit pas d'envahir, mais chaque action que nous constatons dit l'inverse, avec le déploiement continu de soldats, d'armes lourdes, les mouvements vers la frontière"
    );

    let veran = env.run(["quotes", "--by", "Veran"]);
    veran.assert_exit(0);
    golden!("quotes-by-veran", veran);
    for name in ["Véran", "olivier VÉRAN", "Olivier Veran"] {
        assert_eq!(
            env.run(["quotes", "--by", name]).stdout,
            veran.stdout,
            "--by {name}"
        );
    }
    let veran = env
        .run(["quotes", "--by", "Veran", "--json", "-n", "100"])
        .assert_exit(0)
        .json_lines();
    assert!(veran.len() >= 10);
    assert!(
        veran
            .iter()
            .all(|quote| quote["speaker"] == "Olivier Véran"
                && quote["doc"] == "007_0040160a5adde223")
    );

    // Speaker and subject together.
    let about = env.run(["quotes", "--by", "Macron", "rentrée"]);
    about.assert_exit(0);
    for quote in env
        .run(["quotes", "--by", "Macron", "rentrée", "--json"])
        .json_lines()
    {
        assert_eq!(quote["speaker"], "Emmanuel Macron");
        assert!(
            ["16", "109"].contains(&quote["doc"].as_str().expect("doc")),
            "{quote}"
        );
    }

    let neither = env.run(["quotes"]);
    neither.assert_exit(2);
    assert!(neither.stderr.contains("--by NAME"), "{}", neither.stderr);
}

#[test]
fn quote_json_lines_parse() {
    let env = TestEnv::with_sample_index();
    let quotes = env
        .run(["quotes", "masque", "--json", "-n", "50"])
        .assert_exit(0)
        .json_lines();
    assert!(!quotes.is_empty());
    for quote in &quotes {
        for key in [
            "doc", "text", "speaker", "mention", "verb", "date", "city", "path", "position",
        ] {
            assert!(
                quote.as_object().expect("object").contains_key(key),
                "no {key} in {quote}"
            );
        }
        assert!(
            Path::new(quote["path"].as_str().expect("path")).is_file(),
            "{quote}"
        );
        assert!(quote["text"].as_str().is_some_and(|text| !text.is_empty()));
    }
    // Sorted by date, newest first (the default).
    let dates: Vec<&str> = quotes
        .iter()
        .map(|quote| quote["date"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b[..7.min(b.len())].cmp(&a[..7.min(a.len())]));
    assert_eq!(dates, sorted);
}

#[test]
fn speakers_are_listed_most_quoted_first() {
    let env = TestEnv::with_sample_index();
    let top = env.run(["speakers", "-n", "10"]);
    top.assert_exit(0);
    golden!("speakers-top", top);
    let speakers = env
        .run(["speakers", "-n", "1000", "--json"])
        .assert_exit(0)
        .json_lines();
    assert!(speakers.len() > 50);
    let counts: Vec<(u64, &str)> = speakers
        .iter()
        .map(|row| {
            (
                row["quotes"].as_u64().expect("a count"),
                row["speaker"].as_str().expect("a speaker"),
            )
        })
        .collect();
    // Most quoted first, then by key (the name folded): one line per key.
    let keys: Vec<(u64, &str)> = speakers
        .iter()
        .map(|row| {
            (
                row["quotes"].as_u64().expect("a count"),
                row["key"].as_str().expect("a key"),
            )
        })
        .collect();
    for pair in keys.windows(2) {
        assert!(
            pair[0].0 > pair[1].0 || (pair[0].0 == pair[1].0 && pair[0].1 < pair[1].1),
            "{pair:?}"
        );
    }
    // The text and JSON forms agree.
    let first = top.stdout.lines().next().expect("a line");
    assert_eq!(
        first.split_whitespace().next(),
        Some(counts[0].0.to_string().as_str())
    );
    assert!(first.ends_with(counts[0].1));
    // Véran's quotes are counted under one name.
    assert!(
        counts
            .iter()
            .any(|&(count, name)| name == "Olivier Véran" && count >= 10),
        "{counts:?}"
    );

    let ukraine = env.run(["speakers", "Ukraine"]);
    ukraine.assert_exit(0);
    golden!("speakers-ukraine", ukraine);
    env.run(["speakers", "zorglubifiant"]).assert_exit(1);
}

// ----- Quality floor against the gold set -----

/// Floors a little (0.02) below what the extractor measures on the 51 gold stories today (quote
/// F1 0.972, attribution 0.903, end-to-end F1 0.877): a regression fails, noise does not.
const QUOTE_F1_FLOOR: f64 = 0.952;
const ATTRIBUTION_FLOOR: f64 = 0.88;
const END_TO_END_F1_FLOOR: f64 = 0.857;

#[test]
fn quote_extraction_stays_above_its_floor_on_the_gold_set() {
    let dir = fixture("quotes");
    let docs = std::fs::read_to_string(dir.join("dev-docs.txt")).expect("dev-docs.txt");
    let mut stories: Vec<PathBuf> = std::fs::read_dir(dir.join("stories"))
        .expect("stories/")
        .map(|entry| entry.expect("entry").path())
        .collect();
    stories.sort();
    assert_eq!(stories.len(), 51);
    let mut args: Vec<OsString> = vec!["quotes".into(), "extract".into()];
    args.extend(stories.into_iter().map(PathBuf::into_os_string));
    let run = TestEnv::new().run_bare(&args);
    run.assert_exit(0);
    let gold = std::fs::read_to_string(dir.join("dev-gold.jsonl")).expect("dev-gold.jsonl");
    let scores = score::score(&gold, &run.stdout, Some(&docs));
    eprintln!(
        "quotes on the gold set: {} docs, {} gold, {} system; quote P {:.4} R {:.4} F1 {:.4}; attribution {:.4}; end to end P {:.4} R {:.4} F1 {:.4}",
        scores.docs,
        scores.gold_quotes,
        scores.system_quotes,
        scores.quote_precision,
        scores.quote_recall,
        scores.quote_f1,
        scores.attribution_accuracy,
        scores.end_to_end_precision,
        scores.end_to_end_recall,
        scores.end_to_end_f1
    );
    assert_eq!((scores.docs, scores.gold_quotes), (51, 349));
    assert!(
        scores.quote_f1 >= QUOTE_F1_FLOOR,
        "quote F1 {:.4} < {QUOTE_F1_FLOOR}",
        scores.quote_f1
    );
    assert!(
        scores.attribution_accuracy >= ATTRIBUTION_FLOOR,
        "attribution {:.4} < {ATTRIBUTION_FLOOR}",
        scores.attribution_accuracy
    );
    assert!(
        scores.end_to_end_f1 >= END_TO_END_F1_FLOOR,
        "end-to-end F1 {:.4} < {END_TO_END_F1_FLOOR}",
        scores.end_to_end_f1
    );
}

/// What `quotes --by SURNAME` must achieve over every named speaker of the gold set (the issue asks
/// for 90% of a person's gold quotes found, and 90% of what is returned being theirs); floors sit a
/// little below today's figures, printed by this test. With `--min-confidence 0` (every quote, so
/// the figures measure attribution and name matching): recall 0.949, precision 0.913. At the
/// default threshold, which hides the quotes whose speaker is only the person in focus: recall
/// 0.881, precision 0.914 (on these 51 stories the quotes it hides are mostly right; on the 400
/// stories of `../shared/quotes/train-gold.jsonl` it trades recall 0.738 → 0.659 for precision
/// 0.700 → 0.727).
const BY_RECALL_FLOOR: f64 = 0.93;
const BY_PRECISION_FLOOR: f64 = 0.89;
const BY_DEFAULT_RECALL_FLOOR: f64 = 0.86;
const BY_DEFAULT_PRECISION_FLOOR: f64 = 0.89;

#[test]
fn quotes_by_a_named_speaker_find_their_gold_quotes() {
    let dir = fixture("quotes");
    let env = TestEnv::new();
    env.run([Path::new("index"), &dir.join("stories")])
        .assert_exit(0);
    let gold: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("dev-gold.jsonl"))
        .expect("dev-gold.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("gold JSON"))
        .collect();
    // Named speakers: the gold gives a capitalised name (people, and bodies such as The Lancet).
    let mut by_key: std::collections::BTreeMap<String, Vec<&serde_json::Value>> =
        std::collections::BTreeMap::new();
    for quote in &gold {
        let (Some(speaker), Some(key)) = (quote["speaker"].as_str(), quote["speaker_key"].as_str())
        else {
            continue;
        };
        if speaker.chars().next().is_some_and(char::is_uppercase) {
            by_key.entry(key.to_owned()).or_default().push(quote);
        }
    }
    let same = |a: &serde_json::Value, b: &serde_json::Value| {
        a["doc"] == b["doc"]
            && score::overlap_f1(
                &score::words(a["text"].as_str()),
                &score::words(b["text"].as_str()),
            ) >= 0.8
    };
    for (threshold, recall_floor, precision_floor) in [
        (Some("0"), BY_RECALL_FLOOR, BY_PRECISION_FLOOR),
        (None, BY_DEFAULT_RECALL_FLOOR, BY_DEFAULT_PRECISION_FLOOR),
    ] {
        let (mut gold_count, mut found, mut returned, mut right) = (0, 0, 0, 0);
        for quotes in by_key.values() {
            // Asked as a user would: by the surname as the story writes it.
            let speaker = quotes[0]["speaker"].as_str().expect("a speaker");
            let surname = speaker.split_whitespace().last().expect("a word");
            let mut args = vec!["quotes", "--by", surname, "--json", "--limit", "1000"];
            if let Some(threshold) = threshold {
                args.extend(["--min-confidence", threshold]);
            }
            let hits = env.run(args).json_lines();
            gold_count += quotes.len();
            found += quotes
                .iter()
                .filter(|g| hits.iter().any(|hit| same(hit, g)))
                .count();
            returned += hits.len();
            right += hits
                .iter()
                .filter(|hit| quotes.iter().any(|g| same(hit, g)))
                .count();
        }
        let recall = found as f64 / gold_count as f64;
        let precision = right as f64 / returned.max(1) as f64;
        eprintln!(
            "quotes --by (--min-confidence {}) over {} named speakers: {found}/{gold_count} gold quotes found (recall {recall:.3}), {right}/{returned} returned right (precision {precision:.3})",
            threshold.unwrap_or("default"),
            by_key.len()
        );
        assert!(
            recall >= recall_floor,
            "recall {recall:.3} < {recall_floor}"
        );
        assert!(
            precision >= precision_floor,
            "precision {precision:.3} < {precision_floor}"
        );
    }
}

/// The port is checked against `../shared/quotes/score.py` when python3 and that script are at
/// hand (a developer's machine, CI's copy of shared/); elsewhere this test prints `skipped: …` on
/// stderr and passes, unless `DEPECHE_REQUIRE_SHARED=1` asks for the check, when it fails.
#[test]
fn the_scorer_port_agrees_with_score_py() {
    let script = crate::util::repo_root().join("../shared/quotes/score.py");
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if !script.is_file() || !python.is_ok_and(|output| output.status.success()) {
        let reason = format!("no python3 or no {}", script.display());
        assert!(
            std::env::var_os("DEPECHE_REQUIRE_SHARED").is_none_or(|value| value != "1"),
            "DEPECHE_REQUIRE_SHARED=1 but {reason}"
        );
        eprintln!("skipped: the_scorer_port_agrees_with_score_py: {reason}");
        return;
    }
    let dir = fixture("quotes");
    // A system output with misses, extra quotes, wrong and empty speakers and accents.
    let system = concat!(
        r#"{"doc": "000_e6aacbb205c0461c", "text": "professionnelle et assez franche", "speaker": "le Représentant"}"#,
        "\n",
        r#"{"doc": "000_e6aacbb205c0461c", "text": "pas une réponse formelle du tout", "speaker": "Antony Blinken"}"#,
        "\n",
        r#"{"doc": "000_e6aacbb205c0461c", "text": "deux mots", "speaker": null}"#,
        "\n\n",
        r#"{"doc": "029_00d1a1aca1884841", "text": "une citation que personne n'a dite ici", "speaker": null}"#,
        "\n",
        // Overlap F1 0.75 and 0.857 with two gold quotes: only the second matches.
        r#"{"doc": "007_0040160a5adde223", "text": "ne fonctionne plus du tout", "speaker": "M. VÉRAN"}"#,
        "\n",
        r#"{"doc": "007_0040160a5adde223", "text": "un nombre conséquent oui", "speaker": "les Véran"}"#,
        "\n",
        r#"{"doc": "not_a_doc", "text": "une citation hors du jeu de test", "speaker": "X"}"#,
        "\n",
    );
    // And the extractor's output on all the gold stories.
    let extracted = {
        let mut args: Vec<OsString> = vec!["quotes".into(), "extract".into()];
        for entry in std::fs::read_dir(dir.join("stories")).expect("stories/") {
            args.push(entry.expect("entry").path().into_os_string());
        }
        TestEnv::new().run_bare(&args).stdout
    };
    let temp = TestEnv::new();
    for (name, output) in [
        ("hand.jsonl", system),
        ("extracted.jsonl", extracted.as_str()),
    ] {
        let path = temp.dir().join(name);
        std::fs::write(&path, output).expect("writing the system output");
        let python = std::process::Command::new("python3")
            .arg(&script)
            .arg(dir.join("dev-gold.jsonl"))
            .arg(&path)
            .arg("--docs")
            .arg(dir.join("dev-docs.txt"))
            .arg("--json")
            .output()
            .expect("running score.py");
        assert!(
            python.status.success(),
            "{}",
            String::from_utf8_lossy(&python.stderr)
        );
        let expected: serde_json::Value =
            serde_json::from_slice(&python.stdout).expect("score.py prints JSON");
        let gold = std::fs::read_to_string(dir.join("dev-gold.jsonl")).expect("gold");
        let docs = std::fs::read_to_string(dir.join("dev-docs.txt")).expect("docs");
        let ours = score::score(&gold, output, Some(&docs));
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        let actual = serde_json::json!({
            "docs": ours.docs, "gold_quotes": ours.gold_quotes, "system_quotes": ours.system_quotes,
            "quote_precision": round(ours.quote_precision), "quote_recall": round(ours.quote_recall),
            "quote_f1": round(ours.quote_f1), "attribution_accuracy": round(ours.attribution_accuracy),
            "end_to_end_precision": round(ours.end_to_end_precision),
            "end_to_end_recall": round(ours.end_to_end_recall), "end_to_end_f1": round(ours.end_to_end_f1),
        });
        for (key, value) in expected.as_object().expect("an object") {
            let theirs = value.as_f64().expect("a number");
            let mine = actual[key].as_f64().expect("a number");
            assert!(
                (theirs - mine).abs() < 1e-9,
                "{name}: {key}: score.py {theirs}, port {mine}"
            );
        }
    }
}

/// A Rust port of `../shared/quotes/score.py` (see its docstring): quotes of fewer than 3 words are
/// ignored; a system quote matches a gold quote of the same doc when their folded word sequences
/// overlap with an F1 of at least 0.8 (one to one, best pairs first); a matched quote is attributed
/// right when the gold `speaker_key` is a word of the folded system speaker (or both are empty).
mod score {
    use std::collections::{BTreeSet, HashMap};

    use crate::util::fold;

    const MATCH_F1: f64 = 0.8;
    const MIN_WORDS: usize = 3;

    /// The figures score.py prints.
    #[derive(Debug, Clone, Default)]
    pub struct Scores {
        pub docs: usize,
        pub gold_quotes: usize,
        pub system_quotes: usize,
        pub quote_precision: f64,
        pub quote_recall: f64,
        pub quote_f1: f64,
        pub attribution_accuracy: f64,
        pub end_to_end_precision: f64,
        pub end_to_end_recall: f64,
        pub end_to_end_f1: f64,
    }

    /// `re.findall(r"[a-z0-9]+", fold(text))`.
    pub fn words(text: Option<&str>) -> Vec<String> {
        let folded = fold(text.unwrap_or(""));
        folded
            .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn overlap_f1(a: &[String], b: &[String]) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for word in a {
            counts.entry(word).or_default().0 += 1;
        }
        for word in b {
            counts.entry(word).or_default().1 += 1;
        }
        let common: usize = counts.values().map(|&(x, y)| x.min(y)).sum();
        if common == 0 {
            return 0.0;
        }
        let p = common as f64 / a.len() as f64;
        let r = common as f64 / b.len() as f64;
        2.0 * p * r / (p + r)
    }

    /// Python's `str.split()` with no argument: runs of white space, Unicode's and the four ASCII
    /// separators Python adds.
    fn long_enough(text: Option<&str>) -> bool {
        text.unwrap_or("")
            .split(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
            .filter(|word| !word.is_empty())
            .count()
            >= MIN_WORDS
    }

    fn speaker_ok(system_speaker: Option<&str>, gold_key: Option<&str>) -> bool {
        match gold_key.filter(|key| !key.is_empty()) {
            None => words(system_speaker).is_empty(),
            Some(key) => words(system_speaker).contains(&fold(key)),
        }
    }

    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 { 0.0 } else { a as f64 / b as f64 }
    }

    fn f1(p: f64, r: f64) -> f64 {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    struct Row {
        doc: Option<String>,
        text: Option<String>,
        speaker: Option<String>,
        speaker_key: Option<String>,
    }

    fn load(jsonl: &str) -> Vec<Row> {
        jsonl
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("not JSON ({error}): {line}"));
                let field =
                    |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_owned);
                Row {
                    doc: field("doc"),
                    text: field("text"),
                    speaker: field("speaker"),
                    speaker_key: field("speaker_key"),
                }
            })
            .collect()
    }

    /// Scores `system` (JSON lines) against `gold` (JSON lines), over the gold docs and `docs`.
    pub fn score(gold: &str, system: &str, docs: Option<&str>) -> Scores {
        let gold = load(gold);
        let system = load(system);
        let mut doc_set: BTreeSet<String> = gold.iter().filter_map(|g| g.doc.clone()).collect();
        if let Some(docs) = docs {
            doc_set.extend(
                docs.lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned),
            );
        }
        let mut gold_by_doc: HashMap<&str, Vec<&Row>> = HashMap::new();
        let mut system_by_doc: HashMap<&str, Vec<&Row>> = HashMap::new();
        for g in &gold {
            if long_enough(g.text.as_deref()) {
                gold_by_doc
                    .entry(g.doc.as_deref().expect("a gold doc"))
                    .or_default()
                    .push(g);
            }
        }
        for s in &system {
            if let Some(doc) = s.doc.as_deref()
                && doc_set.contains(doc)
                && long_enough(s.text.as_deref())
            {
                system_by_doc.entry(doc).or_default().push(s);
            }
        }
        let (mut matched, mut attributed) = (0, 0);
        let (mut n_gold, mut n_system) = (0, 0);
        for doc in &doc_set {
            let gs = gold_by_doc.get(doc.as_str()).map_or(&[][..], Vec::as_slice);
            let ss = system_by_doc
                .get(doc.as_str())
                .map_or(&[][..], Vec::as_slice);
            n_gold += gs.len();
            n_system += ss.len();
            let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
            for (i, g) in gs.iter().enumerate() {
                let gw = words(g.text.as_deref());
                for (j, s) in ss.iter().enumerate() {
                    let score = overlap_f1(&gw, &words(s.text.as_deref()));
                    if score >= MATCH_F1 {
                        pairs.push((score, i, j));
                    }
                }
            }
            // Python's `pairs.sort(reverse=True)` on (score, i, j) tuples.
            pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
            let mut used_g = vec![false; gs.len()];
            let mut used_s = vec![false; ss.len()];
            for (_, i, j) in pairs {
                if used_g[i] || used_s[j] {
                    continue;
                }
                used_g[i] = true;
                used_s[j] = true;
                matched += 1;
                if speaker_ok(ss[j].speaker.as_deref(), gs[i].speaker_key.as_deref()) {
                    attributed += 1;
                }
            }
        }
        let (p, r) = (ratio(matched, n_system), ratio(matched, n_gold));
        let (ep, er) = (ratio(attributed, n_system), ratio(attributed, n_gold));
        Scores {
            docs: doc_set.len(),
            gold_quotes: n_gold,
            system_quotes: n_system,
            quote_precision: p,
            quote_recall: r,
            quote_f1: f1(p, r),
            attribution_accuracy: ratio(attributed, matched),
            end_to_end_precision: ep,
            end_to_end_recall: er,
            end_to_end_f1: f1(ep, er),
        }
    }

    #[test]
    fn words_fold_like_score_py() {
        // NFKD turns the no-break space into a space.
        assert_eq!(
            words(Some("L'État, c'est « moi » : Sergueï\u{a0}Œuvre 2022")),
            ["l", "etat", "c", "est", "moi", "serguei", "oeuvre", "2022"]
        );
        assert!(speaker_ok(
            Some("le haut Représentant"),
            Some("representant")
        ));
        assert!(!speaker_ok(Some("les représentants"), Some("representant")));
        assert!(speaker_ok(None, None));
        assert!(!speaker_ok(Some("Blinken"), None));
        assert!(!long_enough(Some("deux\u{a0}mots")));
        assert!(long_enough(Some("trois mots ici")));
    }
}
