//! A Rust port of `../shared/quotes/score.py`: how well extracted quotes and their speakers match
//! a gold file, with the same figures to the fourth decimal.
//!
//! Quotes of fewer than 3 space-separated words are ignored on both sides. A system quote matches
//! a gold quote of the same doc when their folded word sequences overlap with an F1 of at least
//! 0.8 (one to one, best pairs first); a matched quote is attributed right when the gold
//! `speaker_key` is a word of the folded system speaker (or both are empty).
//!
//! Besides the figures, [`align`] says which gold quote each system quote matched, which the
//! cross-validation tool and the golden file of attributions use, and the trainer labels
//! candidate speakers with [`speaker_ok`].

use std::collections::{BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// The overlap F1 at which a system quote matches a gold quote.
pub const MATCH_F1: f64 = 0.8;
/// Fewest space-separated words a scored quote has.
pub const MIN_WORDS: usize = 3;

/// A gold quote: one line of a gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldQuote {
    /// The story id (file name without `.txt`).
    pub doc: String,
    /// The words between the marks.
    pub text: String,
    /// The speaker as the annotator wrote it.
    pub speaker: Option<String>,
    /// The folded word any right speaker string contains; `None` when nobody can be named.
    pub speaker_key: Option<String>,
}

/// A system quote: one line of `depeche quotes extract` (other keys are ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemQuote {
    /// The story id.
    pub doc: String,
    /// The words between the marks.
    pub text: String,
    /// The system's speaker.
    pub speaker: Option<String>,
}

/// The figures `score.py --json` prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Scored stories.
    pub docs: usize,
    /// Gold quotes of 3 words or more in the scored stories.
    pub gold_quotes: usize,
    /// System quotes of 3 words or more in the scored stories.
    pub system_quotes: usize,
    /// Matched over system quotes.
    pub quote_precision: f64,
    /// Matched over gold quotes.
    pub quote_recall: f64,
    /// F1 of the two.
    pub quote_f1: f64,
    /// Share of matched quotes with the right speaker.
    pub attribution_accuracy: f64,
    /// Right speakers over system quotes.
    pub end_to_end_precision: f64,
    /// Right speakers over gold quotes.
    pub end_to_end_recall: f64,
    /// F1 of the two.
    pub end_to_end_f1: f64,
}

/// What became of one system quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Matched the gold quote at this index (in the gold slice given) with the right speaker.
    Right(usize),
    /// Matched the gold quote at this index with a wrong speaker.
    Wrong(usize),
    /// Matched no gold quote.
    Spurious,
    /// Not scored: under 3 words, or a story outside the scored set.
    Ignored,
}

/// A gold or system file that is not what the scorer reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// score.py's `fold`: NFKD, combining marks dropped, lower case, `œ` and `æ` spelt out.
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect::<String>()
        .to_lowercase()
        .replace('œ', "oe")
        .replace('æ', "ae")
}

/// score.py's `words`: `re.findall(r"[a-z0-9]+", fold(text))`.
pub fn words(text: Option<&str>) -> Vec<String> {
    let folded = fold(text.unwrap_or(""));
    folded
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The F1 of the bag-of-words overlap of two word sequences.
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

/// Python's `len(text.split()) >= 3`: runs of Unicode white space and the four ASCII separators
/// Python adds.
pub fn long_enough(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
        .filter(|word| !word.is_empty())
        .count()
        >= MIN_WORDS
}

/// Whether a system speaker is right for a gold key: the key is one of its folded words, or both
/// are empty.
pub fn speaker_ok(system_speaker: Option<&str>, gold_key: Option<&str>) -> bool {
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

/// Reads JSON lines into objects, blank lines skipped.
fn objects(
    jsonl: &str,
) -> impl Iterator<Item = Result<(usize, serde_json::Map<String, serde_json::Value>), ParseError>> + '_
{
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let error = |message: String| ParseError {
                line: index + 1,
                message,
            };
            match serde_json::from_str::<serde_json::Value>(line.trim()) {
                Ok(serde_json::Value::Object(map)) => Ok((index + 1, map)),
                Ok(_) => Err(error("not a JSON object".to_owned())),
                Err(e) => Err(error(format!("not JSON: {e}"))),
            }
        })
}

fn string_field(map: &serde_json::Map<String, serde_json::Value>, name: &str) -> Option<String> {
    map.get(name).and_then(|v| v.as_str()).map(str::to_owned)
}

/// Reads a gold file; every line needs a `doc`.
pub fn parse_gold(jsonl: &str) -> Result<Vec<GoldQuote>, ParseError> {
    objects(jsonl)
        .map(|row| {
            let (line, map) = row?;
            let doc = string_field(&map, "doc").ok_or_else(|| ParseError {
                line,
                message: "no \"doc\"".to_owned(),
            })?;
            Ok(GoldQuote {
                doc,
                text: string_field(&map, "text").unwrap_or_default(),
                speaker: string_field(&map, "speaker"),
                speaker_key: string_field(&map, "speaker_key"),
            })
        })
        .collect()
}

/// Reads a system file; lines without a `doc` are kept with an empty one and never scored.
pub fn parse_system(jsonl: &str) -> Result<Vec<SystemQuote>, ParseError> {
    objects(jsonl)
        .map(|row| {
            let (_, map) = row?;
            Ok(SystemQuote {
                doc: string_field(&map, "doc").unwrap_or_default(),
                text: string_field(&map, "text").unwrap_or_default(),
                speaker: string_field(&map, "speaker"),
            })
        })
        .collect()
}

/// The scored stories: those of the gold and those listed in `docs` (one name a line).
pub fn doc_set(gold: &[GoldQuote], docs: Option<&str>) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = gold.iter().map(|g| g.doc.clone()).collect();
    if let Some(docs) = docs {
        set.extend(
            docs.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned),
        );
    }
    set
}

/// Scores system quotes against gold quotes over the stories of `docs`, and says what became of
/// each system quote (in the order given).
pub fn align(
    gold: &[GoldQuote],
    system: &[SystemQuote],
    docs: &BTreeSet<String>,
) -> (Scores, Vec<Outcome>) {
    let mut gold_by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut system_by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, g) in gold.iter().enumerate() {
        if long_enough(&g.text) {
            gold_by_doc.entry(&g.doc).or_default().push(index);
        }
    }
    let mut outcomes = vec![Outcome::Ignored; system.len()];
    for (index, s) in system.iter().enumerate() {
        if docs.contains(&s.doc) && long_enough(&s.text) {
            system_by_doc.entry(&s.doc).or_default().push(index);
            outcomes[index] = Outcome::Spurious;
        }
    }
    let (mut matched, mut attributed) = (0, 0);
    let (mut n_gold, mut n_system) = (0, 0);
    for doc in docs {
        let gs = gold_by_doc.get(doc.as_str()).map_or(&[][..], Vec::as_slice);
        let ss = system_by_doc
            .get(doc.as_str())
            .map_or(&[][..], Vec::as_slice);
        n_gold += gs.len();
        n_system += ss.len();
        let system_words: Vec<Vec<String>> =
            ss.iter().map(|&j| words(Some(&system[j].text))).collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, &g) in gs.iter().enumerate() {
            let gw = words(Some(&gold[g].text));
            for (j, sw) in system_words.iter().enumerate() {
                let score = overlap_f1(&gw, sw);
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
            let (g, s) = (gs[i], ss[j]);
            outcomes[s] =
                if speaker_ok(system[s].speaker.as_deref(), gold[g].speaker_key.as_deref()) {
                    attributed += 1;
                    Outcome::Right(g)
                } else {
                    Outcome::Wrong(g)
                };
        }
    }
    let (p, r) = (ratio(matched, n_system), ratio(matched, n_gold));
    let (ep, er) = (ratio(attributed, n_system), ratio(attributed, n_gold));
    let scores = Scores {
        docs: docs.len(),
        gold_quotes: n_gold,
        system_quotes: n_system,
        quote_precision: p,
        quote_recall: r,
        quote_f1: f1(p, r),
        attribution_accuracy: ratio(attributed, matched),
        end_to_end_precision: ep,
        end_to_end_recall: er,
        end_to_end_f1: f1(ep, er),
    };
    (scores, outcomes)
}

/// Scores `system` (JSON lines) against `gold` (JSON lines), over the gold docs and `docs`, as
/// `score.py GOLD SYSTEM --docs DOCS` does.
pub fn score(gold: &str, system: &str, docs: Option<&str>) -> Result<Scores, ParseError> {
    let gold = parse_gold(gold)?;
    let system = parse_system(system)?;
    let docs = doc_set(&gold, docs);
    Ok(align(&gold, &system, &docs).0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!long_enough("deux\u{a0}mots"));
        assert!(long_enough("trois mots ici"));
    }

    #[test]
    fn alignment_says_right_wrong_spurious_and_ignored() {
        let gold = parse_gold(concat!(
            r#"{"doc": "a", "text": "un deux trois quatre", "speaker": "Jean Dupont", "speaker_key": "dupont"}"#,
            "\n",
            r#"{"doc": "a", "text": "cinq six sept huit", "speaker": null, "speaker_key": null}"#,
            "\n",
        ))
        .expect("gold");
        let system = parse_system(concat!(
            r#"{"doc": "a", "text": "cinq six sept huit", "speaker": "Dupont"}"#,
            "\n",
            r#"{"doc": "a", "text": "un deux trois quatre", "speaker": "M. Dupont"}"#,
            "\n",
            r#"{"doc": "a", "text": "neuf dix onze", "speaker": null}"#,
            "\n",
            r#"{"doc": "a", "text": "deux mots", "speaker": null}"#,
            "\n",
            r#"{"doc": "b", "text": "hors du jeu", "speaker": null}"#,
        ))
        .expect("system");
        let docs = doc_set(&gold, None);
        let (scores, outcomes) = align(&gold, &system, &docs);
        assert_eq!(
            outcomes,
            [
                Outcome::Wrong(1),
                Outcome::Right(0),
                Outcome::Spurious,
                Outcome::Ignored,
                Outcome::Ignored
            ]
        );
        assert_eq!((scores.gold_quotes, scores.system_quotes), (2, 3));
        assert!((scores.attribution_accuracy - 0.5).abs() < 1e-12);
        assert!((scores.end_to_end_precision - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn bad_lines_are_errors_not_panics() {
        assert_eq!(
            parse_gold("{\"doc\": \"a\"}\n\nnot json\n")
                .expect_err("line 3")
                .line,
            3
        );
        assert!(parse_gold("[1, 2]").is_err());
        assert!(parse_gold("{\"text\": \"sans doc ici\"}").is_err());
        assert!(score("", "{}", None).is_ok());
    }
}
