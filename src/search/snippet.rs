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

/// How many words a quote may have, at most, to be shown in the sentence around it.
pub const SHORT_QUOTE_WORDS: usize = 8;
/// How long a sentence around a quote is shown, at most, in bytes, on each side of the quote.
const CONTEXT_SIDE_BYTES: usize = 200;

/// The sentence of `text` around the first place that holds `quote` (white space compared as
/// single spaces), when the quote is short (at most [`SHORT_QUOTE_WORDS`] words) and the sentence
/// says more than it: `des dispositions efficaces` alone does not say who judged what. A
/// sentence ends at `.`, `!` or `?` before white space (not after an initial such as `M.`), or at
/// a paragraph break; a long one is cut, with an ellipsis.
///
/// ```
/// use depeche::search::snippet::sentence_around;
/// let story = "Le ministre a parlé. M. Véran a estimé que le gouvernement avait pris « des dispositions efficaces ». Fin.";
/// assert_eq!(
///     sentence_around(story, "des dispositions efficaces").as_deref(),
///     Some("M. Véran a estimé que le gouvernement avait pris « des dispositions efficaces ».")
/// );
/// ```
pub fn sentence_around(text: &str, quote: &str) -> Option<String> {
    let quote = comparable(quote);
    if quote.is_empty() || quote.split(' ').count() > SHORT_QUOTE_WORDS {
        return None;
    }
    let flat = comparable(text);
    let start = flat.find(&quote)?;
    let end = start + quote.len();
    let bytes = flat.as_bytes();
    // The end of the sentence before the quote, if any: a stop and a space, not after an initial.
    let mut from = 0;
    for (at, c) in flat[..start].char_indices().rev() {
        if matches!(c, '.' | '!' | '?') && bytes.get(at + 1) == Some(&b' ') {
            let before: Vec<char> = flat[..at].chars().rev().take(2).collect();
            let initial = before.first().is_some_and(|c| c.is_uppercase())
                && before.get(1).is_none_or(|c| c.is_whitespace());
            if !initial {
                from = at + 2;
                break;
            }
        }
    }
    let mut to = flat.len();
    for (offset, c) in flat[end..].char_indices() {
        let at = end + offset;
        if matches!(c, '.' | '!' | '?') {
            let next = flat[at + 1..].chars().next();
            // A closing mark right after the stop belongs to the sentence.
            if next.is_none_or(char::is_whitespace) {
                to = at + 1;
                break;
            }
            if matches!(next, Some('»' | '"')) {
                to = at + 1 + next.map_or(0, char::len_utf8);
                break;
            }
        }
    }
    // Paragraph breaks were made spaces; a sentence never crosses one in the story itself.
    let paragraph_start = text_paragraph_start(text, &flat, start);
    let from = from.max(paragraph_start);
    let mut sentence = String::new();
    let cut_from = if start - from > CONTEXT_SIDE_BYTES {
        sentence.push('…');
        cut_backward(&flat, start - CONTEXT_SIDE_BYTES, start)
    } else {
        from
    };
    let cut_to = if to - end > CONTEXT_SIDE_BYTES {
        cut_forward(&flat, end + CONTEXT_SIDE_BYTES).max(end)
    } else {
        to
    };
    sentence.push_str(flat[cut_from..cut_to].trim());
    if cut_to < to {
        sentence.push('…');
    }
    (comparable(&sentence) != quote).then_some(sentence)
}

/// Where, in `flat` (the story with its white space made single spaces), the paragraph that holds
/// `at` starts: the story's blank lines are gone from `flat`, so they are counted in `text`.
fn text_paragraph_start(text: &str, flat: &str, at: usize) -> usize {
    let mut flat_start = 0;
    for paragraph in text.split("\n\n") {
        let length = comparable(paragraph).len();
        if length == 0 {
            continue;
        }
        if flat_start + length >= at {
            return flat_start;
        }
        flat_start += length + 1;
        if flat_start > flat.len() {
            break;
        }
    }
    flat_start.min(at)
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

    // See: issue 13 (a short quote shown alone does not say who said it).
    #[test]
    fn a_short_quote_comes_with_its_sentence() {
        let story = "Titre de la dépêche\n\nLe ministre a \"jugé\" que les mesures étaient « des dispositions efficaces ». Puis il est parti.\n\nM. Dupont a dit « non ».";
        assert_eq!(
            sentence_around(story, "des dispositions efficaces").as_deref(),
            Some("Le ministre a \"jugé\" que les mesures étaient « des dispositions efficaces ».")
        );
        // `M.` is an initial, not the end of a sentence; the paragraph before is not part of it.
        assert_eq!(
            sentence_around(story, "non").as_deref(),
            Some("M. Dupont a dit « non ».")
        );
        // A long quote, or one missing from the story, has no sentence shown.
        assert_eq!(
            sentence_around(story, "un deux trois quatre cinq six sept huit neuf"),
            None
        );
        assert_eq!(sentence_around(story, "absent"), None);
        // A quote that is its whole sentence adds nothing.
        assert_eq!(sentence_around("Bonjour.", "Bonjour."), None);
        let long = format!("{} « oui » {}.", "mot ".repeat(100), "fin ".repeat(100));
        let sentence = sentence_around(&long, "oui").expect("a sentence");
        assert!(
            sentence.starts_with('…') && sentence.ends_with('…'),
            "{sentence}"
        );
        assert!(sentence.len() < 2 * CONTEXT_SIDE_BYTES + 20, "{sentence}");
    }

    #[test]
    fn no_match_gives_the_opening() {
        let text = "Un texte sans le mot cherché.";
        assert_eq!(marked(text, &["Blinken"], 3), [text]);
    }
}
