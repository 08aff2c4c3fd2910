//! Tokens of the narrative text around quotes: words (with their folded form), punctuation, and
//! one placeholder token per quoted span, so that attribution rules can look a few tokens to
//! either side of a quote without rescanning the paragraph.

use super::lexicon::fold_into;
use super::marks::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word: letters, digits, inner hyphens and apostrophes (`a-t-il`, `aujourd'hui`).
    Word,
    /// One punctuation character.
    Punct(char),
    /// A quoted span, by its index in the paragraph's spans.
    Quote(usize),
}

/// One token, as byte offsets into its paragraph and into the shared folded buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Range of the folded word in [`Tokens::folded`]; empty for punctuation and quotes.
    folded_start: usize,
    folded_end: usize,
    /// Whether the word starts with a capital letter.
    pub(super) capitalized: bool,
    /// Whether every letter of the word is a capital (`AFP`, `OMS`).
    pub(super) all_caps: bool,
    /// Whether the word ends like a written past participle (`é`, `ée`, `és`, `ées`), which
    /// folding would confuse with a present tense (`confirmé` and `confirme`).
    pub(super) participle: bool,
}

/// The tokens of one paragraph, reused from paragraph to paragraph to avoid reallocating.
#[derive(Debug, Default)]
pub(super) struct Tokens {
    pub(super) list: Vec<Token>,
    folded: String,
    scratch: String,
}

/// Elided words that are written joined to the next word with an apostrophe (`l'AFP`, `qu'il`).
fn is_elision(folded_prefix: &str) -> bool {
    matches!(
        folded_prefix,
        "l" | "d"
            | "j"
            | "m"
            | "n"
            | "s"
            | "t"
            | "c"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quoiqu"
            | "presqu"
    )
}

/// Whether a character belongs inside a word.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin-1 letters are the common case in French; skip the slow Unicode tables for them.
    if ('\u{c0}'..='\u{ff}').contains(&c) {
        return c != '\u{d7}' && c != '\u{f7}';
    }
    c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)
}

impl Tokens {
    /// The folded form of a word token (empty for other tokens).
    pub(super) fn folded(&self, token: &Token) -> &str {
        self.folded
            .get(token.folded_start..token.folded_end)
            .unwrap_or("")
    }

    /// The folded form of the token at `index`, or "" past the end.
    pub(super) fn word(&self, index: usize) -> &str {
        self.list.get(index).map_or("", |t| self.folded(t))
    }

    /// Tokenizes `paragraph`, replacing each span (marks included) by one quote token.
    pub(super) fn fill(&mut self, paragraph: &str, spans: &[Span]) {
        self.list.clear();
        self.folded.clear();
        let mut position = 0;
        for (index, span) in spans.iter().enumerate() {
            self.push_text(paragraph, position, span.outer_start);
            self.list.push(Token {
                kind: Kind::Quote(index),
                start: span.outer_start,
                end: span.outer_end,
                folded_start: 0,
                folded_end: 0,
                capitalized: false,
                all_caps: false,
                participle: false,
            });
            position = span.outer_end.max(position);
        }
        self.push_text(paragraph, position, paragraph.len());
    }

    /// Tokenizes `text[from..]` alone, with offsets into `text`.
    pub(super) fn fill_range(&mut self, text: &str, from: usize) {
        self.list.clear();
        self.folded.clear();
        self.push_text(text, from, text.len());
    }

    /// Tokenizes the narrative text `paragraph[from..to]`.
    fn push_text(&mut self, paragraph: &str, from: usize, to: usize) {
        let Some(text) = paragraph.get(from..to) else {
            return;
        };
        let mut chars = text.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            if !is_word_char(c) {
                self.push_token(
                    Kind::Punct(c),
                    from + offset,
                    from + offset + c.len_utf8(),
                    paragraph,
                );
                continue;
            }
            // A word runs over word characters and over single inner hyphens and apostrophes.
            let mut end = offset + c.len_utf8();
            while let Some(&(next_offset, next)) = chars.peek() {
                if is_word_char(next) {
                    end = next_offset + next.len_utf8();
                    chars.next();
                    continue;
                }
                if matches!(next, '-' | '\'' | '’') {
                    let after = text[next_offset + next.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        if next != '-' {
                            fold_into(&text[offset..next_offset], &mut self.scratch);
                            if is_elision(&self.scratch) {
                                chars.next();
                                end = next_offset + next.len_utf8();
                                break;
                            }
                        }
                        chars.next();
                        end = next_offset + next.len_utf8();
                        continue;
                    }
                    if next != '-' {
                        // A final apostrophe after an elided word (`jusqu'` before a mark).
                        fold_into(&text[offset..next_offset], &mut self.scratch);
                        if is_elision(&self.scratch) {
                            chars.next();
                            end = next_offset + next.len_utf8();
                        }
                    }
                }
                break;
            }
            self.push_token(Kind::Word, from + offset, from + end, paragraph);
        }
    }

    fn push_token(&mut self, kind: Kind, start: usize, end: usize, paragraph: &str) {
        let text = &paragraph[start..end];
        let folded_start = self.folded.len();
        let participle = kind == Kind::Word && {
            let trimmed = text.trim_end_matches('s').trim_end_matches('e');
            trimmed.ends_with('é') || trimmed.ends_with('\u{301}')
        };
        let (capitalized, all_caps) = if kind == Kind::Word {
            if text.is_ascii() {
                // The common case: lower-case the bytes directly.
                self.folded
                    .extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                fold_into(text, &mut self.scratch);
                self.folded.push_str(&self.scratch);
            }
            let first_upper = text.chars().next().is_some_and(char::is_uppercase);
            let all_caps = first_upper
                && text.len() >= 2
                && !text.chars().any(char::is_lowercase)
                && text.chars().filter(|c| c.is_alphabetic()).nth(1).is_some();
            (first_upper, all_caps)
        } else {
            (false, false)
        };
        self.list.push(Token {
            kind,
            start,
            end,
            folded_start,
            folded_end: self.folded.len(),
            capitalized,
            all_caps,
            participle,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_elisions_and_keeps_inversions() {
        let mut tokens = Tokens::default();
        tokens.fill("a-t-il dit à l'AFP qu'aujourd'hui", &[]);
        let words: Vec<&str> = tokens.list.iter().map(|t| tokens.folded(t)).collect();
        assert_eq!(
            words,
            ["a-t-il", "dit", "a", "l'", "afp", "qu'", "aujourd'hui"]
        );
    }
}
