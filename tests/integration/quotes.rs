//! `depeche quotes` and `depeche speakers`: extraction without an index, quotes by speaker, the
//! speaker list, and a quality floor against the hand-annotated gold set.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use depeche::quotes::score;

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
        assert!(
            quote["confidence"]
                .as_f64()
                .is_some_and(|c| (0.0..=1.0).contains(&c)),
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

    // Unnamed sources rarely reach the default confidence: this is about matching the name.
    let official = env.run(["quotes", "--by", "représentant", "--min-confidence", "0"]);
    official.assert_exit(0);
    golden!("quotes-by-representant", official);
    let quotes = env
        .run([
            "quotes",
            "--by",
            "representant",
            "--json",
            "--min-confidence",
            "0",
        ])
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
        .run([
            "quotes",
            "--by",
            "Veran",
            "--json",
            "-n",
            "100",
            "--min-confidence",
            "0",
        ])
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
            .any(|&(count, name)| name == "Olivier Véran" && count >= 5),
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
    let stories = dev_stories(&dir, &docs);
    assert_eq!(stories.len(), 51);
    let mut args: Vec<OsString> = vec!["quotes".into(), "extract".into()];
    args.extend(stories.into_iter().map(PathBuf::into_os_string));
    let run = TestEnv::new().run_bare(&args);
    run.assert_exit(0);
    let gold = std::fs::read_to_string(dir.join("dev-gold.jsonl")).expect("dev-gold.jsonl");
    let scores = score::score(&gold, &run.stdout, Some(&docs)).expect("JSON lines");
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

/// What `quotes --by SURNAME` must achieve over every named speaker of the 51 dev gold stories;
/// floors sit a little below today's figures, printed by this test. With `--min-confidence 0`
/// (every quote, so the figures measure attribution and name matching): recall 0.949, precision
/// 0.913. At the default threshold (0.9, chosen for precision): recall 0.520, precision 0.980.
/// These stories are part of what the shipped model was trained on, so the figures are a floor
/// against regressions, not an estimate for new stories: that is the cross-validated table of
/// `cargo run --release --example quotes-model -- cv --thresholds`.
const BY_RECALL_FLOOR: f64 = 0.93;
const BY_PRECISION_FLOOR: f64 = 0.89;
const BY_DEFAULT_RECALL_FLOOR: f64 = 0.50;
const BY_DEFAULT_PRECISION_FLOOR: f64 = 0.95;

#[test]
fn quotes_by_a_named_speaker_find_their_gold_quotes() {
    let dir = fixture("quotes");
    let env = TestEnv::new();
    // Index the 51 dev stories only: the gold below is theirs.
    let docs = std::fs::read_to_string(dir.join("dev-docs.txt")).expect("dev-docs.txt");
    let dev = env.dir().join("dev-stories");
    std::fs::create_dir_all(&dev).expect("a folder");
    for story in dev_stories(&dir, &docs) {
        std::fs::copy(&story, dev.join(story.file_name().expect("a name"))).expect("a copy");
    }
    env.run([Path::new("index"), &dev]).assert_exit(0);
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
        for (gold_file, docs_file) in [
            ("dev-gold.jsonl", "dev-docs.txt"),
            ("train-gold.jsonl", "train-docs.txt"),
        ] {
            let python = std::process::Command::new("python3")
                .arg(&script)
                .arg(dir.join(gold_file))
                .arg(&path)
                .arg("--docs")
                .arg(dir.join(docs_file))
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
            let gold = std::fs::read_to_string(dir.join(gold_file)).expect("gold");
            let docs = std::fs::read_to_string(dir.join(docs_file)).expect("docs");
            let ours = score::score(&gold, output, Some(&docs)).expect("JSON lines");
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
                    "{name} on {gold_file}: {key}: score.py {theirs}, port {mine}"
                );
            }
        }
    }
}

/// The story files of the dev gold, in name order.
fn dev_stories(dir: &Path, docs: &str) -> Vec<PathBuf> {
    let mut stories: Vec<PathBuf> = docs
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|doc| dir.join("stories").join(format!("{}.txt", doc.trim())))
        .collect();
    stories.sort();
    stories
}

/// Every attribution on the 451 gold stories, one line per system quote: story, first words,
/// speaker, confidence, the gold key it was scored against, and the outcome. A change to the
/// extractor or the model shows here what it fixed and what it broke
/// (`UPDATE_EXPECT=1 cargo test --test integration every_attribution`, then read the diff).
#[test]
fn every_attribution_on_the_gold_stories() {
    let dir = fixture("quotes");
    let mut gold = Vec::new();
    let mut docs = String::new();
    for (gold_file, docs_file) in [
        ("dev-gold.jsonl", "dev-docs.txt"),
        ("train-gold.jsonl", "train-docs.txt"),
    ] {
        let text = std::fs::read_to_string(dir.join(gold_file)).expect("gold");
        gold.extend(score::parse_gold(&text).expect("gold JSON lines"));
        docs.push_str(&std::fs::read_to_string(dir.join(docs_file)).expect("docs"));
    }
    let doc_set = score::doc_set(&gold, Some(&docs));
    assert_eq!(doc_set.len(), 451);
    let mut system = Vec::new();
    let mut confidences = Vec::new();
    for doc in &doc_set {
        let path = dir.join("stories").join(format!("{doc}.txt"));
        let mut articles = Vec::new();
        let report = depeche::corpus::read_file(&path, &mut |article| articles.push(article));
        assert!(report.skip.is_none(), "{}", path.display());
        for article in articles {
            let paragraphs: Vec<&str> = article.paragraphs.iter().map(String::as_str).collect();
            for quote in depeche::quotes::extract_quotes(&paragraphs) {
                confidences.push(quote.confidence);
                system.push(score::SystemQuote {
                    doc: doc.clone(),
                    text: quote.text,
                    speaker: quote.speaker,
                });
            }
        }
    }
    let (scores, outcomes) = score::align(&gold, &system, &doc_set);
    let mut out = format!(
        "{} stories, {} gold quotes, {} system quotes; quote F1 {:.3}, speakers right {:.3}, end to end F1 {:.3}\n",
        scores.docs,
        scores.gold_quotes,
        scores.system_quotes,
        scores.quote_f1,
        scores.attribution_accuracy,
        scores.end_to_end_f1
    );
    for ((quote, outcome), confidence) in system.iter().zip(&outcomes).zip(&confidences) {
        let (key, verdict) = match *outcome {
            score::Outcome::Right(g) => (gold[g].speaker_key.as_deref(), "right"),
            score::Outcome::Wrong(g) => (gold[g].speaker_key.as_deref(), "WRONG"),
            score::Outcome::Spurious => (None, "spurious"),
            score::Outcome::Ignored => continue,
        };
        let first: Vec<&str> = quote.text.split_whitespace().take(6).collect();
        out.push_str(&format!(
            "{} | {} | {} | {confidence:.2} | {} | {verdict}\n",
            quote.doc,
            first.join(" "),
            quote.speaker.as_deref().unwrap_or("-"),
            key.unwrap_or("-"),
        ));
    }
    expect_test::expect_file!["../golden/attributions.txt"].assert_eq(&out);
}
