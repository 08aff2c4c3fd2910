//! Snippets: the passages of a story where the query's words stand, with those words marked in the
//! original text (accents, capitals and apostrophes as the story wrote them).
//!
//! tantivy's own snippet generator gives one fragment; a story whose matches are spread over several
//! paragraphs deserves several, so the fragments are chosen here, from the offsets the French
//! analyzer gives.

use std::collections::HashSet;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// A passage of a story with its matched words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fragment {
    /// The passage, as written.
    pub text: String,
    /// The matched words, as `[start, end)` character offsets into `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// How long a fragment is, at most, in bytes (about 25 words).
const FRAGMENT_BYTES: usize = 180;
/// How much text comes before the first match of a fragment.
const LEAD_BYTES: usize = 50;
/// How much text, from its first match on, makes a fragment a repeat of one already shown.
const REPEAT_BYTES: usize = 80;

/// Picks up to `max_fragments` passages of `text` that hold the most distinct query terms, in text
/// order. With no match, the opening of the text is the one fragment.
pub fn fragments(
    analyzer: &mut TextAnalyzer,
    text: &str,
    terms: &HashSet<String>,
    max_fragments: usize,
) -> Vec<Fragment> {
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    let mut term_ids: Vec<&String> = terms.iter().collect();
    term_ids.sort();
    {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            if let Ok(term) = term_ids.binary_search(&&token.text) {
                matches.push((token.offset_from, token.offset_to, term));
            }
        }
    }
    if matches.is_empty() {
        let end = cut_forward(text, FRAGMENT_BYTES);
        let mut opening = text[..end].to_owned();
        if end < text.len() {
            opening.push('…');
        }
        return vec![Fragment {
            text: opening,
            highlights: Vec::new(),
        }];
    }
    // Score a window starting at each match by the distinct terms it holds, then its match count.
    let mut windows: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut seen_terms = Vec::new();
    for (index, &(start, _, _)) in matches.iter().enumerate() {
        seen_terms.clear();
        let mut count = 0;
        for &(_, end, term) in matches[index..].iter() {
            if end > start + FRAGMENT_BYTES - LEAD_BYTES {
                break;
            }
            count += 1;
            if !seen_terms.contains(&term) {
                seen_terms.push(term);
            }
        }
        windows.push((seen_terms.len(), count, index, start));
    }
    windows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.3.cmp(&b.3)));
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    for &(_, _, _, start) in &windows {
        if chosen.len() == max_fragments {
            break;
        }
        let from = cut_backward(text, start.saturating_sub(LEAD_BYTES), start);
        let to = cut_forward(text, (from + FRAGMENT_BYTES).min(text.len()));
        if chosen.iter().any(|&(a, b)| from < b && a < to) {
            continue;
        }
        // A story that repeats a paragraph (a lede copied further down) would show the same
        // passage twice: a window whose opening words, from its first match on, are already in a
        // shown fragment is not shown again. A dozen words: a name said twice is not a passage.
        let core_end = cut_forward(text, (start + REPEAT_BYTES).min(text.len()));
        if core_end - start >= REPEAT_BYTES / 2 {
            let core = comparable(&text[start..core_end]);
            if chosen
                .iter()
                .any(|&(a, b)| comparable(&text[a..b]).contains(&core))
            {
                continue;
            }
        }
        chosen.push((from, to));
    }
    chosen.sort();
    chosen
        .into_iter()
        .map(|(from, to)| {
            let mut fragment_text = String::new();
            if from > 0 {
                fragment_text.push('…');
            }
            let prefix_chars = fragment_text.chars().count();
            fragment_text.push_str(&text[from..to]);
            let highlights = matches
                .iter()
                .filter(|&&(start, end, _)| start >= from && end <= to)
                .map(|&(start, end, _)| {
                    let start_chars = prefix_chars + text[from..start].chars().count();
                    (start_chars, start_chars + text[start..end].chars().count())
                })
                .collect();
            if to < text.len() {
                fragment_text.push('…');
            }
            Fragment {
                text: fragment_text.replace('\n', " "),
                highlights,
            }
        })
        .collect()
}

/// A passage with its white space made single spaces, to compare passages as they print.
fn comparable(passage: &str) -> String {
    passage.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The start of the word at or after `at` (never past `limit`), so a fragment does not open mid-word.
fn cut_backward(text: &str, at: usize, limit: usize) -> usize {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    if at == 0 {
        return 0;
    }
    match text[at..limit]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
    {
        Some((space, c)) => at + space + c.len_utf8(),
        None => limit,
    }
}

/// The end of the last whole word before `at`.
fn cut_forward(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    match text[..at].rfind(char::is_whitespace) {
        Some(space) if space > 0 => space,
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    fn marked(text: &str, query_words: &[&str], max: usize) -> Vec<String> {
        let mut analyzer = analysis::french_analyzer();
        let terms: HashSet<String> = query_words
            .iter()
            .flat_map(|word| analysis::terms(&mut analyzer, word))
            .collect();
        fragments(&mut analyzer, text, &terms, max)
            .into_iter()
            .map(|fragment| {
                let chars: Vec<char> = fragment.text.chars().collect();
                let mut out = String::new();
                let mut last = 0;
                for (start, end) in fragment.highlights {
                    out.extend(&chars[last..start]);
                    out.push('[');
                    out.extend(&chars[start..end]);
                    out.push(']');
                    last = end;
                }
                out.extend(&chars[last..]);
                out
            })
            .collect()
    }

    #[test]
    fn highlights_the_accented_words_as_written() {
        assert_eq!(
            marked("Sergueï Lavrov a parlé à l’État.", &["serguei", "etat"], 3),
            ["[Sergueï] Lavrov a parlé à l’[État]."]
        );
    }

    #[test]
    fn spread_matches_give_several_fragments_in_order() {
        let filler = "mot ".repeat(80);
        let text = format!("Le Kremlin a parlé. {filler} Puis Blinken a répondu. {filler} Fin.");
        let fragments = marked(&text, &["Kremlin", "Blinken"], 3);
        assert_eq!(fragments.len(), 2, "{fragments:?}");
        assert!(fragments[0].contains("[Kremlin]"));
        assert!(fragments[1].contains("[Blinken]"));
        assert!(fragments[1].starts_with('…') && fragments[1].ends_with('…'));
    }

    #[test]
    fn cuts_fall_on_character_boundaries_after_wide_spaces() {
        let text = format!(
            "{}\u{a0}Blinken\u{202f}a dit.\u{a0}{}",
            "é\u{a0}".repeat(40),
            "ï\u{a0}".repeat(120)
        );
        let fragments = marked(&text, &["Blinken"], 3);
        assert_eq!(fragments.len(), 1);
        assert!(fragments[0].contains("[Blinken]"));
    }

    // See: issue 13 (one passage printed twice in the same hit).
    #[test]
    fn a_repeated_passage_is_shown_once() {
        let filler = "mot ".repeat(80);
        let lede = "Le Kremlin a répondu à Washington mardi.";
        let text = format!("{lede}\n\n{filler}\n\n{lede}\n\n{filler} Puis le Kremlin a ajouté.");
        let fragments = marked(&text, &["Kremlin", "Washington"], 3);
        assert_eq!(fragments.len(), 2, "{fragments:?}");
        assert!(fragments[0].starts_with("Le [Kremlin] a répondu à [Washington]"));
        assert!(
            fragments[1].contains("le [Kremlin] a ajouté"),
            "{fragments:?}"
        );
    }

    #[test]
    fn no_match_gives_the_opening() {
        let text = "Un texte sans le mot cherché.";
        assert_eq!(marked(text, &["Blinken"], 3), [text]);
    }
}
