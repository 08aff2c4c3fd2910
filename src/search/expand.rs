//! Words that stand for others: a prefix (`ukrain*`) or a fuzzy word (`Zelenski~1`) becomes the
//! index terms it stands for, read from the term dictionary of the field it searches, so that
//! they rank (BM25) and are highlighted like the words typed. A capitalised word of five letters
//! or more that the index does not hold at all — a name typed in another transliteration,
//! `Sergei` for `Sergueï`, `Zelenski` for `Zelensky` — is looked up fuzzily on its own.
//!
//! A fuzzy word keeps its first letter (as people misspell names) and is compared with the
//! index's terms, which are folded stems, by Levenshtein distance; an expansion keeps its
//! [`MAX_TERMS`] most frequent terms.

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Searcher, Term};

use super::Archive;
use super::query::{Expand, Occur, ParsedQuery};
use crate::error::Result;
use crate::text;

/// Terms an expanded word stands for, at most (the most frequent).
pub(super) const MAX_TERMS: usize = 64;

/// Terms read from one segment's dictionary for one word, at most.
const SCANNED: usize = 20_000;

/// A capitalised word at least this long that the index lacks is looked up fuzzily.
const NAME_LETTERS: usize = 5;

impl Archive {
    /// Fills `expanded` on the clauses with a `*` or `~`, and on the names the index lacks.
    pub(super) fn expand(
        &self,
        searcher: &Searcher,
        parsed: &mut ParsedQuery,
        french: &mut TextAnalyzer,
    ) -> Result<()> {
        for clause in &mut parsed.clauses {
            if clause.phrase {
                continue;
            }
            let field = match clause.field.as_deref() {
                None | Some("body") => self.fields.text,
                Some("title") => self.fields.title,
                _ => continue,
            };
            let stem = stem_of(french, &clause.text);
            let expand = match clause.expand {
                Expand::Exact => {
                    let letters = clause.text.chars().count();
                    let name = clause.occur != Occur::MustNot
                        && letters >= NAME_LETTERS
                        && clause.text.chars().next().is_some_and(char::is_uppercase)
                        && clause.text.chars().all(text::is_word_char);
                    let Some(stem) = stem.as_deref().filter(|_| name) else {
                        continue;
                    };
                    if searcher.doc_freq(&Term::from_field_text(field, stem))? > 0 {
                        continue;
                    }
                    Expand::Fuzzy(if letters >= 7 { 2 } else { 1 })
                }
                other => other,
            };
            let folded = text::fold(&clause.text);
            let mut found: HashMap<String, u64> = HashMap::new();
            match expand {
                Expand::Exact => {}
                Expand::Prefix => {
                    scan(searcher, field, folded.as_bytes(), &mut found, |term| {
                        term.starts_with(folded.as_bytes())
                    })?;
                    // A whole word typed as a prefix may be longer than its own stem
                    // (`présidente*`, whose stem is `president`).
                    if let Some(stem) = &stem {
                        let frequency = searcher.doc_freq(&Term::from_field_text(field, stem))?;
                        if frequency > 0 {
                            found.insert(stem.clone(), frequency);
                        }
                    }
                }
                Expand::Fuzzy(distance) => {
                    let word = stem.unwrap_or(folded);
                    let Some(&first) = word.as_bytes().first() else {
                        continue;
                    };
                    scan(searcher, field, &[first], &mut found, |term| {
                        term.first() == Some(&first)
                            && within(word.as_bytes(), term, usize::from(distance))
                    })?;
                }
            }
            if found.is_empty() && clause.expand == Expand::Exact {
                // A name no story holds, close to none either: it stays the word typed.
                continue;
            }
            let mut terms: Vec<(String, u64)> = found.into_iter().collect();
            terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            terms.truncate(MAX_TERMS);
            clause.expand = expand;
            clause.expanded = terms.into_iter().map(|(term, _)| term).collect();
        }
        Ok(())
    }
}

/// The stem the French analyzer makes of a word, `None` for a stop word.
fn stem_of(french: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = french.token_stream(word);
    stream.next().map(|token| token.text.clone())
}

/// Adds to `found`, with their document frequencies, the terms of `field` from `start` on that
/// `keep` accepts, in every segment, stopping at the first term past `start`'s prefix.
fn scan(
    searcher: &Searcher,
    field: Field,
    start: &[u8],
    found: &mut HashMap<String, u64>,
    keep: impl Fn(&[u8]) -> bool,
) -> Result<()> {
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index
            .terms()
            .range()
            .ge(start)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        let mut scanned = 0;
        while stream.advance() && scanned < SCANNED {
            let term = stream.key();
            if !term.starts_with(start) {
                break;
            }
            scanned += 1;
            if keep(term) {
                *found
                    .entry(String::from_utf8_lossy(term).into_owned())
                    .or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(())
}

/// Whether `a` and `b` are within `max` edits (Levenshtein), computed on bytes, giving up early.
fn within(a: &[u8], b: &[u8], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut best = current[0];
        for (j, &y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            best = best.min(current[j + 1]);
        }
        if best > max {
            return false;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn edits_are_counted_as_levenshtein_does() {
        assert!(within(b"zelenski", b"zelensky", 1));
        assert!(within(b"sergei", b"serguei", 1));
        assert!(!within(b"sergei", b"sergueie", 1));
        assert!(within(b"sergei", b"sergueie", 2));
        assert!(within(b"kiev", b"kiev", 0));
        assert!(!within(b"kiev", b"kyiv", 1));
        assert!(within(b"kiev", b"kyiv", 2));
        assert!(!within(b"macron", b"ma", 2));
        assert!(within(b"", b"ab", 2));
    }
}
