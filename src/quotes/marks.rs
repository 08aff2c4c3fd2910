//! Finding quoted spans in one paragraph: pairing `"…"`, `« … »` and `“…”`, keeping nested marks
//! inside the outer quote, and reading stray or unclosed marks by their position.
//!
//! This module only finds spans of text between marks; whether a span is speech, and who said
//! it, is decided by the caller.

/// One run of text between quotation marks, as byte offsets into the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// Byte offset of the opening mark, or of the first quoted character when there is none.
    pub(super) outer_start: usize,
    /// Byte offset of the first quoted character.
    pub(super) start: usize,
    /// Byte offset just past the last quoted character.
    pub(super) end: usize,
    /// Byte offset just past the closing mark (equal to `end` when there is none).
    pub(super) outer_end: usize,
    /// How the span was delimited.
    pub(super) shape: Shape,
}

/// How a span was delimited, which tells the caller how much to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// An opening and a closing mark.
    Closed,
    /// An opening mark that is never closed in the paragraph: the span runs to its end.
    Unclosed,
    /// A closing mark with no opening mark: the span starts at the sentence start. It only
    /// counts as a quote when an attribution follows (`… rien", a poursuivi la CGT`), which is
    /// how a quote continued from the previous paragraph or a lost opening mark looks.
    Headless,
}

/// The family a mark belongs to, so that nested marks of another family stay inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Straight,
    Guillemet,
    Curly,
}

/// Whether a character can stand right before an opening mark.
fn opens_after(previous: Option<char>) -> bool {
    match previous {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '\'' | '’' | '-' | '–' | '—' | '/' | '«' | '“' | ':' | '+'
                )
        }
    }
}

/// Whether a character can stand right after a closing mark.
fn closes_before(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.'
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '…'
                        | '-'
                        | '–'
                        | '»'
                        | '”'
                        | '/'
                        | '+'
                )
        }
    }
}

/// Finds the quoted spans of a paragraph in text order, appending them to `spans`.
///
/// Straight marks carry no direction, so each is read from its neighbours: a mark after a space
/// and before a letter opens, a mark after a letter and before a space or punctuation closes.
/// Doubled marks (`""`) count as one. An opening mark met inside a straight quote means the
/// earlier opening mark was stray, so the quote restarts there; this is how wire copy with a
/// lost closing mark reads (`soutenir "les revendications des "gilets jaunes" …`).
/// Guillemets and curly quotes have a direction and nest: marks of another family inside them
/// are part of the quoted text.
pub(super) fn find_spans(paragraph: &str, spans: &mut Vec<Span>) {
    let bytes = paragraph.as_bytes();
    // The open quote: its family, the opening mark's offset and the first quoted byte.
    let mut open: Option<(Family, usize, usize)> = None;
    // Where the current sentence of narrative text began, for headless spans.
    let mut sentence_start = 0usize;
    let mut position = 0;
    while position < bytes.len() {
        // Fast path: jump to the next byte that can start a mark or end a sentence
        // (`0xC2` leads `«»`, `0xE2` leads `“”„`).
        let Some(index) = super::scan::next_stop(bytes, position) else {
            break;
        };
        let Some(c) = paragraph[index..].chars().next() else {
            break;
        };
        position = index + c.len_utf8();
        let family = match c {
            '"' => Some(Family::Straight),
            '«' | '»' => Some(Family::Guillemet),
            '“' | '”' | '„' => Some(Family::Curly),
            _ => None,
        };
        let Some(family) = family else {
            if open.is_none() && matches!(c, '.' | '!' | '?') {
                // A sentence end in narrative text: a headless quote cannot start before it.
                if paragraph[position..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
                {
                    sentence_start = index + c.len_utf8();
                }
            }
            continue;
        };
        let previous = paragraph[..index].chars().next_back();
        // Swallow a doubled straight mark (`""`), a typing slip seen in wire copy.
        let mut mark_end = index + c.len_utf8();
        if c == '"' {
            while bytes.get(mark_end) == Some(&b'"') {
                mark_end += 1;
            }
            position = mark_end;
        }
        let next = paragraph[mark_end..].chars().next();
        let open_ish = opens_after(previous)
            && next.is_some_and(|n| !n.is_whitespace() && !closes_before(Some(n)));
        let close_ish = previous.is_some_and(|p| !p.is_whitespace() && !matches!(p, '(' | '['))
            && closes_before(next);
        match open {
            None => {
                let opening = match c {
                    '«' | '“' | '„' => true,
                    '»' | '”' => false,
                    // A straight mark with no clear side opens, as alternation would have it.
                    _ => open_ish || !close_ish,
                };
                if opening {
                    open = Some((family, index, mark_end));
                } else {
                    let start = skip_spaces(paragraph, sentence_start);
                    if start < index {
                        spans.push(Span {
                            outer_start: start,
                            start,
                            end: index,
                            outer_end: mark_end,
                            shape: Shape::Headless,
                        });
                    }
                    sentence_start = mark_end;
                }
            }
            Some((open_family, open_index, content_start)) => {
                let closing = match (open_family, c) {
                    (Family::Straight, '"') => {
                        if open_ish && !close_ish {
                            // The earlier opening mark was stray: restart the quote here.
                            open = Some((family, index, mark_end));
                            continue;
                        }
                        true
                    }
                    (Family::Straight, '»' | '”') => close_ish,
                    (Family::Guillemet, '»') | (Family::Curly, '”') => true,
                    // Other marks inside guillemets or curly quotes are nested quotes.
                    _ => false,
                };
                if closing {
                    // Spaces just inside the marks (`« Nous … »`) are typography, not speech.
                    let start = skip_spaces(paragraph, content_start).min(index);
                    spans.push(Span {
                        outer_start: open_index,
                        start,
                        end: trim_end_index(paragraph, start, index),
                        outer_end: mark_end,
                        shape: Shape::Closed,
                    });
                    open = None;
                    sentence_start = mark_end;
                }
            }
        }
    }
    if let Some((_, open_index, content_start)) = open {
        let content_start = skip_spaces(paragraph, content_start);
        let end = trim_end_index(paragraph, content_start, bytes.len());
        if end > content_start {
            spans.push(Span {
                outer_start: open_index,
                start: content_start,
                end,
                outer_end: bytes.len(),
                shape: Shape::Unclosed,
            });
        }
    }
}

/// The first byte at or after `from` that is not white space.
fn skip_spaces(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    from + (rest.len() - rest.trim_start().len())
}

/// The end of `text[start..end]` with trailing white space removed.
fn trim_end_index(text: &str, start: usize, end: usize) -> usize {
    start + text.get(start..end).map_or(0, |s| s.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(paragraph: &str) -> Vec<(String, Shape)> {
        let mut found = Vec::new();
        find_spans(paragraph, &mut found);
        found
            .into_iter()
            .map(|s| (paragraph[s.start..s.end].to_string(), s.shape))
            .collect()
    }

    #[test]
    fn pairs_straight_marks_by_position() {
        let found = spans(
            r#"a dit "les revendications des "gilets jaunes" dont beaucoup "n'ont pas été satisfaites", et "la justice sociale"."#,
        );
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "gilets jaunes",
                "n'ont pas été satisfaites",
                "la justice sociale"
            ]
        );
    }

    #[test]
    fn keeps_nested_marks_inside_guillemets() {
        let found = spans("« Il a dit \"non merci\" hier », a-t-il ajouté.");
        assert_eq!(
            found,
            [("Il a dit \"non merci\" hier".to_string(), Shape::Closed)]
        );
    }

    #[test]
    fn reads_stray_marks() {
        assert_eq!(
            spans("que \"l'origine ne vient pas du réseau.")[0].1,
            Shape::Unclosed
        );
        assert_eq!(
            spans("Nous ne lâcherons rien\", a dit X.")[0],
            ("Nous ne lâcherons rien".to_string(), Shape::Headless)
        );
    }
}
