//! Training and cross-validation of the quote attribution model, from the gold stories in
//! `tests/fixtures/quotes/`.
//!
//! - `cargo run --release --example quotes-model -- train` fits the model on all 451 gold
//!   stories and writes `src/quotes/model.txt` (rebuild to ship it).
//! - `cargo run --release --example quotes-model -- cv [--show-errors [--folds 0,1,2]]
//!   [--thresholds] [--rules]`: for each of the five folds of `folds.tsv`, trains on the four
//!   other folds, extracts the fold's stories with that model and scores them with
//!   `depeche::quotes::score` (the port of score.py). Prints each fold, the mean, the mean of
//!   folds 3 and 4 apart (their errors are never shown: they are the cleanest estimate of
//!   unseen stories), and the shipped model's score on the dev gold and the train gold.
//!   `--rules` scores the rules' order instead of trained models (the baseline); `--oracle`
//!   first says, on folds 0 to 2, how often some candidate is right and how often the model
//!   fitted on them picks a right one (the ceiling the candidates and features allow).
//! - `cv --buckets` sorts the wrong attributions of folds 0 to 2 (each fold extracted with a
//!   model trained on the four others) into buckets: the gold speaker among the candidates but
//!   scored lower, never a candidate, a description in the gold, and so on, by how the rules
//!   mention the speaker; then lists each bucket's quotes with their candidates. Folds 3 and 4
//!   are never listed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use depeche::corpus;
use depeche::quotes::score::{self, GoldQuote, Outcome, Scores, SystemQuote};
use depeche::quotes::{self, train};

fn main() {
    if let Err(message) = run() {
        eprintln!("quotes-cv: {message}");
        std::process::exit(2);
    }
}

struct Options {
    command: String,
    rules: bool,
    oracle: bool,
    buckets: bool,
    dir: PathBuf,
    show_errors: bool,
    error_folds: BTreeSet<u8>,
    thresholds: bool,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    if !matches!(command.as_str(), "cv" | "train") {
        return Err("usage: quotes-model train | cv [--show-errors [--folds 0,1,2]] [--thresholds] [--rules] [--oracle] [--buckets] [--dir FIXTURES]".into());
    }
    let mut options = Options {
        command,
        rules: false,
        oracle: false,
        buckets: false,
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes"),
        show_errors: false,
        error_folds: BTreeSet::new(),
        thresholds: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--show-errors" => options.show_errors = true,
            "--rules" => options.rules = true,
            "--oracle" => options.oracle = true,
            "--buckets" => options.buckets = true,
            "--thresholds" => options.thresholds = true,
            "--folds" => {
                let list = args.next().ok_or("--folds needs a list such as 0,1,2")?;
                for fold in list.split(',') {
                    let fold: u8 = fold
                        .trim()
                        .parse()
                        .map_err(|_| format!("--folds: not a fold number: {fold}"))?;
                    options.error_folds.insert(fold);
                }
            }
            "--dir" => options.dir = PathBuf::from(args.next().ok_or("--dir needs a folder")?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if options.error_folds.iter().any(|&fold| fold >= 3) {
        return Err(
            "errors of folds 3 and 4 are never shown: they are the held-out estimate".into(),
        );
    }
    if options.show_errors && options.error_folds.is_empty() {
        options.error_folds = [0, 1, 2].into();
    }
    Ok(options)
}

/// The gold stories, their gold quotes and folds.
struct GoldData {
    /// Story id to paragraphs.
    stories: BTreeMap<String, Vec<String>>,
    gold: Vec<GoldQuote>,
    folds: BTreeMap<u8, BTreeSet<String>>,
    dev_docs: BTreeSet<String>,
    train_docs: BTreeSet<String>,
}

impl GoldData {
    fn load(dir: &Path) -> Result<GoldData, String> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| format!("{}: {e}", dir.join(name).display()))
        };
        let lines = |text: String| -> BTreeSet<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let dev_docs = lines(read("dev-docs.txt")?);
        let train_docs = lines(read("train-docs.txt")?);
        let mut gold = Vec::new();
        for name in ["dev-gold.jsonl", "train-gold.jsonl"] {
            gold.extend(score::parse_gold(&read(name)?).map_err(|e| format!("{name}: {e}"))?);
        }
        let mut folds: BTreeMap<u8, BTreeSet<String>> = BTreeMap::new();
        for line in read("folds.tsv")?.lines().skip(1) {
            let Some((doc, fold)) = line.split_once('\t') else {
                continue;
            };
            let fold: u8 = fold
                .trim()
                .parse()
                .map_err(|_| format!("folds.tsv: bad fold in {line:?}"))?;
            folds.entry(fold).or_default().insert(doc.to_owned());
        }
        let mut stories = BTreeMap::new();
        for doc in dev_docs.iter().chain(&train_docs) {
            let path = dir.join("stories").join(format!("{doc}.txt"));
            let mut articles = Vec::new();
            let report = corpus::read_file(&path, &mut |article| articles.push(article));
            if let Some(skip) = report.skip {
                return Err(format!("{}: {}", path.display(), skip.label()));
            }
            let paragraphs = articles
                .into_iter()
                .flat_map(|article| article.paragraphs)
                .collect();
            stories.insert(doc.clone(), paragraphs);
        }
        Ok(GoldData {
            stories,
            gold,
            folds,
            dev_docs,
            train_docs,
        })
    }

    /// Trains on the given stories.
    fn train(&self, docs: &[&str]) -> quotes::Model {
        train::train(
            docs.iter().map(|&doc| {
                let paragraphs = self.stories[doc].iter().map(String::as_str).collect();
                (doc, paragraphs)
            }),
            &self.gold,
        )
    }
}

fn run() -> Result<(), String> {
    let options = options()?;
    let data = GoldData::load(&options.dir)?;
    if options.command == "train" {
        let all: Vec<&str> = data.stories.keys().map(String::as_str).collect();
        let model = data.train(&all);
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/quotes/model.txt");
        let comment = format!(
            "Trained by `cargo run --release --example quotes-model -- train` on the {} gold\nstories of tests/fixtures/quotes/ ({} gold quotes): logistic regression, {} Newton steps,\nL2 {}. The features are documented in src/quotes/model.rs.",
            all.len(),
            data.gold.len(),
            train::STEPS,
            train::L2
        );
        std::fs::write(&path, model.to_text(&comment))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
        return Ok(());
    }
    let folds = &data.folds;
    if options.oracle {
        oracle(&data);
    }
    if options.buckets {
        buckets(&data);
        return Ok(());
    }
    println!(
        "{} stories, {} gold quotes, {} folds",
        data.stories.len(),
        data.gold.len(),
        folds.len()
    );
    let mut per_fold = Vec::new();
    let mut pooled: Vec<(f32, bool, bool, bool)> = Vec::new();
    for (fold, docs) in folds {
        let training: Vec<&str> = data
            .stories
            .keys()
            .filter(|doc| !docs.contains(*doc))
            .map(String::as_str)
            .collect();
        let model = if options.rules {
            quotes::Model::rules()
        } else {
            data.train(&training)
        };
        let (scores, details) = evaluate(&data, docs, &model);
        println!("fold {fold}: {}", line(&scores));
        if options.show_errors && options.error_folds.contains(fold) {
            for detail in details.iter().filter(|d| !d.right) {
                println!("  {}", detail.text);
            }
        }
        pooled.extend(
            details
                .iter()
                .map(|d| (d.confidence, d.matched, d.right, d.named)),
        );
        per_fold.push((*fold, scores));
    }
    let mean = |folds: &[(u8, Scores)]| mean(folds.iter().map(|(_, s)| s));
    println!("mean of 5 folds: {}", line(&mean(&per_fold)));
    println!("mean of folds 0-2: {}", line(&mean(&per_fold[..3])));
    println!(
        "mean of folds 3-4 (never looked at): {}",
        line(&mean(&per_fold[3..]))
    );
    let shipped = quotes::Model::shipped();
    for (name, docs) in [
        ("dev-gold", &data.dev_docs),
        ("train-gold", &data.train_docs),
    ] {
        let (scores, _) = evaluate(&data, docs, shipped);
        println!("shipped model on {name}: {}", line(&scores));
    }
    if options.thresholds {
        println!(
            "cross-validated attributions by confidence, pooled over the 5 held-out folds:\n\
             matched: system quotes that match a gold quote; named: system quotes with a speaker,\n\
             a spurious quote counting as wrong (what `quotes --by` would show)"
        );
        println!("threshold  matched-kept  precision  recall-of-right  named-kept  precision");
        let right_total = pooled.iter().filter(|p| p.2).count();
        for threshold in [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95] {
            let kept: Vec<_> = pooled.iter().filter(|p| p.0 >= threshold && p.1).collect();
            let right = kept.iter().filter(|p| p.2).count();
            let named: Vec<_> = pooled.iter().filter(|p| p.0 >= threshold && p.3).collect();
            let named_right = named.iter().filter(|p| p.2).count();
            println!(
                "{threshold:9.2}  {:12}  {:9.3}  {:15.3}  {:10}  {:9.3}",
                kept.len(),
                right as f64 / kept.len().max(1) as f64,
                right as f64 / right_total.max(1) as f64,
                named.len(),
                named_right as f64 / named.len().max(1) as f64
            );
        }
    }
    Ok(())
}

/// One system quote's fate, for error lists and the threshold table.
struct Detail {
    confidence: f32,
    /// A system quote with a speaker (not a missed gold quote, not `null`).
    named: bool,
    matched: bool,
    right: bool,
    text: String,
}

fn evaluate(
    data: &GoldData,
    docs: &BTreeSet<String>,
    model: &quotes::Model,
) -> (Scores, Vec<Detail>) {
    let mut system = Vec::new();
    let mut confidences = Vec::new();
    for doc in docs {
        let Some(paragraphs) = data.stories.get(doc) else {
            continue;
        };
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        for quote in quotes::extract_quotes_with(&refs, model) {
            confidences.push(quote.confidence);
            system.push(SystemQuote {
                doc: doc.clone(),
                text: quote.text,
                speaker: quote.speaker,
            });
        }
    }
    let gold: Vec<GoldQuote> = data
        .gold
        .iter()
        .filter(|g| docs.contains(&g.doc))
        .cloned()
        .collect();
    let (scores, outcomes) = score::align(&gold, &system, docs);
    let details = outcomes
        .iter()
        .zip(&system)
        .zip(&confidences)
        .filter(|((outcome, _), _)| **outcome != Outcome::Ignored)
        .map(|((outcome, quote), &confidence)| {
            let (matched, right, gold_speaker) = match *outcome {
                Outcome::Right(g) => (true, true, gold[g].speaker.clone()),
                Outcome::Wrong(g) => (true, false, gold[g].speaker.clone()),
                _ => (false, false, None),
            };
            let kind = match outcome {
                Outcome::Wrong(_) => "wrong speaker",
                Outcome::Spurious => "spurious",
                _ => "right",
            };
            let text: String = quote.text.chars().take(80).collect();
            Detail {
                confidence,
                named: quote.speaker.is_some(),
                matched,
                right: right && quote.speaker.is_some(),
                text: format!(
                    "{kind:13} {}: {text:?} gold={:?} system={:?} confidence={confidence:.2}",
                    quote.doc, gold_speaker, quote.speaker
                ),
            }
        })
        .collect::<Vec<_>>();
    // Missed gold quotes are listed too.
    let mut details = details;
    let found: BTreeSet<usize> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Right(g) | Outcome::Wrong(g) => Some(*g),
            _ => None,
        })
        .collect();
    for (index, g) in gold.iter().enumerate() {
        if !found.contains(&index) && score::long_enough(&g.text) {
            let text: String = g.text.chars().take(80).collect();
            details.push(Detail {
                confidence: 0.0,
                named: false,
                matched: false,
                right: false,
                text: format!("{:13} {}: {text:?} gold={:?}", "missed", g.doc, g.speaker),
            });
        }
    }
    (scores, details)
}

fn mean<'a>(scores: impl Iterator<Item = &'a Scores>) -> Scores {
    let all: Vec<&Scores> = scores.collect();
    let n = all.len().max(1) as f64;
    let avg = |f: fn(&Scores) -> f64| all.iter().map(|s| f(s)).sum::<f64>() / n;
    Scores {
        docs: all.iter().map(|s| s.docs).sum(),
        gold_quotes: all.iter().map(|s| s.gold_quotes).sum(),
        system_quotes: all.iter().map(|s| s.system_quotes).sum(),
        quote_precision: avg(|s| s.quote_precision),
        quote_recall: avg(|s| s.quote_recall),
        quote_f1: avg(|s| s.quote_f1),
        attribution_accuracy: avg(|s| s.attribution_accuracy),
        end_to_end_precision: avg(|s| s.end_to_end_precision),
        end_to_end_recall: avg(|s| s.end_to_end_recall),
        end_to_end_f1: avg(|s| s.end_to_end_f1),
    }
}

fn line(s: &Scores) -> String {
    format!(
        "{} docs, {} gold, {} system; quotes P {:.3} R {:.3} F1 {:.3}; speakers right {:.3}; end to end P {:.3} R {:.3} F1 {:.3}",
        s.docs,
        s.gold_quotes,
        s.system_quotes,
        s.quote_precision,
        s.quote_recall,
        s.quote_f1,
        s.attribution_accuracy,
        s.end_to_end_precision,
        s.end_to_end_recall,
        s.end_to_end_f1
    )
}

/// How often some candidate is right, and which sources are, on folds 0 to 2 only: the ceiling
/// the scorer can reach with today's candidates.
fn oracle(data: &GoldData) {
    let mut groups = Vec::new();
    for fold in 0..3u8 {
        for doc in data.folds.get(&fold).into_iter().flatten() {
            let paragraphs: Vec<&str> = data.stories[doc].iter().map(String::as_str).collect();
            groups.extend(train::story_groups(doc, &paragraphs, &data.gold));
        }
    }
    let any = groups.iter().filter(|g| g.iter().any(|c| c.1)).count();
    println!(
        "oracle on folds 0-2: {any} of {} matched quotes have a right candidate ({:.3})",
        groups.len(),
        any as f64 / groups.len().max(1) as f64
    );
    for (name, model) in [
        ("rules", quotes::Model::rules()),
        ("logistic regression", train::fit(&groups)),
    ] {
        let picked_right = groups
            .iter()
            .filter(|g| {
                let best = g
                    .iter()
                    .enumerate()
                    .max_by(|a, b| {
                        model
                            .logit(&a.1.0)
                            .total_cmp(&model.logit(&b.1.0))
                            .then(b.0.cmp(&a.0))
                    })
                    .map(|(i, _)| i);
                best.is_some_and(|i| g[i].1)
            })
            .count();
        println!(
            "  in-sample choice by {name}: {:.3}",
            picked_right as f64 / groups.len().max(1) as f64
        );
    }
    for (index, name) in quotes::model::FEATURES.iter().enumerate() {
        if !name.starts_with("from:") {
            continue;
        }
        let offered = groups.iter().flatten().filter(|c| c.0[index] > 0.0).count();
        let right = groups
            .iter()
            .flatten()
            .filter(|c| c.0[index] > 0.0 && c.1)
            .count();
        let only = groups
            .iter()
            .filter(|g| {
                g.iter().any(|c| c.0[index] > 0.0 && c.1) && !g.iter().any(|c| c.0[1] > 0.0 && c.1)
            })
            .count();
        println!(
            "  {name}: offered {offered}, right {right}, right where the rules are wrong {only}"
        );
    }
}

/// Buckets the wrong attributions of folds 0 to 2 (each fold scored by a model trained on the
/// four others): what kind of error each is, so that work goes to the largest bucket.
fn buckets(data: &GoldData) {
    use quotes::model::Feature;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut matched = 0;
    for fold in 0..3u8 {
        let docs = &data.folds[&fold];
        let training: Vec<&str> = data
            .stories
            .keys()
            .filter(|doc| !docs.contains(*doc))
            .map(String::as_str)
            .collect();
        let model = data.train(&training);
        for doc in docs {
            let paragraphs: Vec<&str> = data.stories[doc].iter().map(String::as_str).collect();
            let gold: Vec<GoldQuote> = data
                .gold
                .iter()
                .filter(|g| &g.doc == doc)
                .cloned()
                .collect();
            let extracted = train::extract_candidates(&paragraphs, &model);
            let system: Vec<SystemQuote> = extracted
                .iter()
                .map(|(q, _)| SystemQuote {
                    doc: doc.clone(),
                    text: q.text.clone(),
                    speaker: q.speaker.clone(),
                })
                .collect();
            let one: BTreeSet<String> = [doc.clone()].into();
            let (_, outcomes) = score::align(&gold, &system, &one);
            for ((quote, candidates), outcome) in extracted.iter().zip(outcomes) {
                let g = match outcome {
                    Outcome::Right(_) => {
                        matched += 1;
                        continue;
                    }
                    Outcome::Wrong(g) => g,
                    _ => continue,
                };
                matched += 1;
                let key = gold[g].speaker_key.as_deref();
                let gold_speaker = gold[g].speaker.clone().unwrap_or_default();
                let rules = candidates
                    .iter()
                    .find(|c| c.features[Feature::FromRule as usize] > 0.0);
                let mention = rules.map_or("?", |c| {
                    let f = |x: Feature| c.features[x as usize] > 0.0;
                    if f(Feature::MentionPronoun) {
                        "pronoun"
                    } else if f(Feature::MentionDescription) {
                        "description"
                    } else if f(Feature::MentionNamedDescription) {
                        "named-description"
                    } else if f(Feature::MentionName) {
                        "name"
                    } else {
                        "none"
                    }
                });
                let rules_right =
                    rules.is_some_and(|c| score::speaker_ok(c.speaker.as_deref(), key));
                let right = candidates
                    .iter()
                    .find(|c| score::speaker_ok(c.speaker.as_deref(), key));
                let bucket = if key.is_none() {
                    "gold-null, system names someone".to_string()
                } else if quote.speaker.is_none() {
                    format!(
                        "system null, gold named (right candidate there: {})",
                        right.is_some()
                    )
                } else if rules_right {
                    "rules right, scorer overrode".to_string()
                } else if let Some(right) = right {
                    let chosen = model.logit(
                        &candidates
                            .iter()
                            .find(|c| c.speaker == quote.speaker)
                            .map_or([0.0; quotes::model::N_FEATURES], |c| c.features),
                    );
                    if model.logit(&right.features) > chosen {
                        format!("right candidate there, not eligible (rules mention {mention})")
                    } else {
                        format!("right candidate there, scored lower (rules mention {mention})")
                    }
                } else if gold_speaker.starts_with(char::is_lowercase) {
                    format!("no right candidate, gold is a description (rules mention {mention})")
                } else {
                    format!("no right candidate (rules mention {mention})")
                };
                *counts.entry(bucket.clone()).or_default() += 1;
                let text: String = quote.text.chars().take(60).collect();
                let names: Vec<String> = candidates
                    .iter()
                    .map(|c| format!("{:?}", c.speaker.as_deref().unwrap_or("-")))
                    .collect();
                examples.entry(bucket).or_default().push(format!(
                    "{doc}: {text:?} gold={gold_speaker:?} system={:?} mention={:?} candidates=[{}]",
                    quote.speaker, quote.mention, names.join(", ")
                ));
            }
        }
    }
    println!("wrong attributions of folds 0-2 among {matched} matched quotes:");
    for (bucket, count) in &counts {
        println!("{count:5}  {bucket}");
    }
    for (bucket, lines) in &examples {
        println!("\n## {bucket}");
        for line in lines {
            println!("  {line}");
        }
    }
}
