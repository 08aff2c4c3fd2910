//! Tokens of the narrative text around quotes: words (with their folded form), punctuation, and
//! one placeholder token per quoted span, so that attribution rules can look a few tokens to
//! either side of a quote without rescanning the paragraph.

use super::lexicon::fold_into;
use super::marks::Span;
use crate::text::is_word_char;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word: letters, digits, inner hyphens and apostrophes (`a-t-il`, `aujourd'hui`).
    Word,
    /// One punctuation character.
    Punct(char),
    /// A quoted span, by its index in the paragraph's spans.
    Quote(u32),
}

/// One token, as byte offsets into its paragraph and into the shared folded buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Range of the folded word in [`Tokens::folded`]; empty for punctuation and quotes.
    folded_start: u32,
    folded_end: u32,
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

/// Bytes that are lower-case ASCII letters or digits.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(byte as u8, b'a'..=b'z' | b'0'..=b'9');
        byte += 1;
    }
    table
};

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

/// The offset of the first capitalised word at or after `from` that follows another
/// capitalised word (`Olivier Véran`, `d'Emmanuel Macron`), a title (`M. Namaki`) or a name
/// particle after a capitalised word (`Charles de Gaulle`).
fn next_name_pair(bytes: &[u8], from: usize) -> Option<usize> {
    let mut index = from;
    loop {
        let found = super::scan::next_capital_after_space(bytes, index)?;
        index = found + 1;
        // The word before the space.
        let previous_end = found - 1;
        let previous_start = word_start(bytes, previous_end);
        let previous = &bytes[previous_start..previous_end];
        if matches!(previous, b"M." | b"MM." | b"Dr." | b"Pr.") || starts_capitalized(previous) {
            return Some(found);
        }
        if matches!(
            previous,
            b"de"
                | b"van"
                | b"von"
                | b"al"
                | b"el"
                | b"ben"
                | b"bin"
                | b"da"
                | b"di"
                | b"del"
                | b"dos"
                | b"der"
                | b"den"
                | b"le"
        ) && previous_start >= 2
        {
            let before_end = previous_start - 1;
            if starts_capitalized(&bytes[word_start(bytes, before_end)..before_end]) {
                return Some(found);
            }
        }
    }
}

/// The start of the word ending at `end`: after the last space, bracket, quote or apostrophe.
fn word_start(bytes: &[u8], end: usize) -> usize {
    bytes[..end]
        .iter()
        .rposition(|&b| matches!(b, b' ' | b'(' | b'"' | b'\'' | b'\n' | b'\t' | 0xA0 | 0x99))
        .map_or(0, |i| i + 1)
}

/// Whether a word starts with a capital and does not end with punctuation (which would close
/// the phrase: `Paris, Olivier`).
fn starts_capitalized(word: &[u8]) -> bool {
    let capital = match word {
        [first, ..] if first.is_ascii_uppercase() => true,
        [0xC3, second, ..] => (0x80..0xA0).contains(second),
        _ => false,
    };
    capital
        && word
            .last()
            .is_some_and(|&b| !matches!(b, b',' | b'.' | b';' | b':' | b')' | b'"'))
}

/// Whether the period at `index` follows a short capitalised abbreviation (`M.`, `Dr.`, `J.`),
/// which does not end a sentence.
fn after_abbreviation(bytes: &[u8], index: usize) -> bool {
    let word_start = bytes[..index]
        .iter()
        .rposition(|&b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    index - word_start <= 3 && bytes.get(word_start).is_some_and(u8::is_ascii_uppercase)
}

/// Whether a sentence ends at `index`: `.`, `!` or `?` before white space or the end.
fn ends_sentence(bytes: &[u8], index: usize) -> bool {
    matches!(bytes[index], b'.' | b'!' | b'?')
        && bytes
            .get(index + 1)
            .is_none_or(|&b| matches!(b, b' ' | b'\n' | b'\t' | 0xC2))
        && !(bytes[index] == b'.' && after_abbreviation(bytes, index))
}

/// The start of the sentence holding byte `at`, not before `floor`.
fn sentence_start(bytes: &[u8], floor: usize, at: usize) -> usize {
    (floor..at)
        .rev()
        .find(|&i| ends_sentence(bytes, i))
        .map_or(floor, |i| i + 1)
}

/// The end (exclusive, after its final mark) of the sentence holding byte `at`.
fn sentence_end(bytes: &[u8], at: usize) -> usize {
    (at..bytes.len())
        .find(|&i| ends_sentence(bytes, i))
        .map_or(bytes.len(), |i| i + 1)
}

impl Tokens {
    /// The folded form of a word token (empty for other tokens).
    pub(super) fn folded(&self, token: &Token) -> &str {
        self.folded
            .get(token.folded_start as usize..token.folded_end as usize)
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
        // Lower-case ASCII words are their own folded form: they point into this copy.
        self.folded.push_str(paragraph);
        let mut position = 0;
        for (index, span) in spans.iter().enumerate() {
            self.push_text(paragraph, position, span.outer_start);
            self.list.push(Token {
                kind: Kind::Quote(index as u32),
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

    /// Tokenizes only the sentences of a paragraph without quotes that may name a person: those
    /// with two capitalised words in a row (`Olivier Véran`, `le préfet Pierre Dartout`) or a
    /// title before a capitalised word (`M. Namaki`).
    ///
    /// A paragraph without quotes only feeds the registry of names and the focus, and both need
    /// a person's name: other sentences cannot change an attribution, so they are skipped with
    /// a byte scan instead of being tokenized and folded word by word.
    pub(super) fn fill_names(&mut self, paragraph: &str) {
        self.list.clear();
        self.folded.clear();
        let bytes = paragraph.as_bytes();
        let mut done = 0;
        while let Some(at) = next_name_pair(bytes, done) {
            // Lower-case ASCII words point into this copy, made only once a sentence is kept.
            if done == 0 && self.folded.is_empty() {
                self.folded.push_str(paragraph);
            }
            let start = sentence_start(bytes, done, at);
            let end = sentence_end(bytes, at);
            self.push_text(paragraph, start, end);
            done = end.max(at + 1);
        }
    }

    /// Tokenizes `text[from..]` alone, with offsets into `text`.
    pub(super) fn fill_range(&mut self, text: &str, from: usize) {
        self.list.clear();
        self.folded.clear();
        self.folded.push_str(text);
        self.push_text(text, from, text.len());
    }

    /// Tokenizes the narrative text `paragraph[from..to]`.
    ///
    /// This runs over most of every story, so it works on bytes: ASCII letters, digits, spaces
    /// and punctuation are classified without decoding, and only non-ASCII characters are
    /// decoded.
    fn push_text(&mut self, paragraph: &str, from: usize, to: usize) {
        let Some(text) = paragraph.get(from..to) else {
            return;
        };
        let bytes = text.as_bytes();
        let mut offset = 0;
        while offset < bytes.len() {
            let byte = bytes[offset];
            if byte < 0x80 {
                if byte.is_ascii_alphanumeric() {
                    offset = self.push_word(paragraph, text, from, offset);
                    continue;
                }
                if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                    self.push_punct(char::from(byte), from + offset, from + offset + 1);
                }
                offset += 1;
                continue;
            }
            let Some(c) = text[offset..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                offset += c.len_utf8();
            } else if is_word_char(c) {
                offset = self.push_word(paragraph, text, from, offset);
            } else {
                self.push_punct(c, from + offset, from + offset + c.len_utf8());
                offset += c.len_utf8();
            }
        }
    }

    /// Pushes the word starting at `text[offset..]` and returns the offset just past it.
    /// A word runs over word characters and over single inner hyphens and apostrophes; an
    /// elided word (`l'`, `qu'`) ends at its apostrophe.
    fn push_word(&mut self, paragraph: &str, text: &str, from: usize, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let mut end = offset;
        // Whether the word has an upper-case ASCII letter or a non-ASCII character, which are
        // the only words whose folded form differs from the text.
        let mut upper = false;
        let mut non_ascii = false;
        loop {
            // Runs of lower-case letters and digits, the bulk of every word, eight bytes at a
            // time, then byte by byte near the end of the text.
            while let Some(chunk) = bytes.get(end..end + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let run = super::scan::plain_run(u64::from_le_bytes(word));
                end += run;
                if run < 8 {
                    break;
                }
            }
            while bytes.get(end).is_some_and(|&b| PLAIN[usize::from(b)]) {
                end += 1;
            }
            let Some(&byte) = bytes.get(end) else {
                break;
            };
            if byte.is_ascii_uppercase() {
                upper = true;
                end += 1;
                continue;
            }
            let (c, width) = if byte < 0x80 {
                (char::from(byte), 1)
            } else {
                match text[end..].chars().next() {
                    Some(c) => (c, c.len_utf8()),
                    None => break,
                }
            };
            if byte >= 0x80 && is_word_char(c) {
                non_ascii = true;
                end += width;
                continue;
            }
            if !matches!(c, '-' | '\'' | '’' | 'ʼ') {
                break;
            }
            let after = text[end + width..].chars().next();
            if after.is_some_and(is_word_char) {
                non_ascii |= width > 1;
                if c != '-' && self.elided(&text[offset..end]) {
                    end += width;
                    break;
                }
                end += width;
                continue;
            }
            // A final apostrophe after an elided word (`jusqu'` before a mark).
            if c != '-' && self.elided(&text[offset..end]) {
                non_ascii |= width > 1;
                end += width;
            }
            break;
        }
        let start = from + offset;
        let end_in_paragraph = from + end;
        if non_ascii {
            self.push_folded_word(start, end_in_paragraph, paragraph);
        } else {
            self.push_ascii_word(start, end_in_paragraph, paragraph, upper);
        }
        end
    }

    /// Whether a word written before an apostrophe is an elided one.
    fn elided(&mut self, word: &str) -> bool {
        if word.len() > 8 {
            return false;
        }
        if word.is_ascii() {
            let mut lower = [0u8; 8];
            let lower = &mut lower[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower).is_ok_and(is_elision);
        }
        fold_into(word, &mut self.scratch);
        is_elision(&self.scratch)
    }

    fn push_punct(&mut self, c: char, start: usize, end: usize) {
        let folded = self.folded.len() as u32;
        self.list.push(Token {
            kind: Kind::Punct(c),
            start,
            end,
            folded_start: folded,
            folded_end: folded,
            capitalized: false,
            all_caps: false,
            participle: false,
        });
    }

    /// Pushes an ASCII word; only a word with capitals needs a folded copy.
    fn push_ascii_word(&mut self, start: usize, end: usize, paragraph: &str, upper: bool) {
        let bytes = &paragraph.as_bytes()[start..end];
        let (folded_start, folded_end, capitalized, all_caps) = if upper {
            let folded_start = self.folded.len();
            self.folded.push_str(&paragraph[start..end]);
            if let Some(added) = self.folded.get_mut(folded_start..) {
                added.make_ascii_lowercase();
            }
            let first_upper = bytes.first().is_some_and(u8::is_ascii_uppercase);
            let all_caps = first_upper
                && bytes.len() >= 2
                && !bytes.iter().any(u8::is_ascii_lowercase)
                && bytes
                    .iter()
                    .filter(|b| b.is_ascii_alphabetic())
                    .nth(1)
                    .is_some();
            (folded_start, self.folded.len(), first_upper, all_caps)
        } else {
            (start, end, false, false)
        };
        self.list.push(Token {
            kind: Kind::Word,
            start,
            end,
            folded_start: folded_start as u32,
            folded_end: folded_end as u32,
            capitalized,
            all_caps,
            participle: false,
        });
    }

    /// Pushes a word with non-ASCII characters, folding it into the shared buffer.
    fn push_folded_word(&mut self, start: usize, end: usize, paragraph: &str) {
        let text = &paragraph[start..end];
        let trimmed = text.trim_end_matches('s').trim_end_matches('e');
        let participle = trimmed.ends_with('é') || trimmed.ends_with('\u{301}');
        fold_into(text, &mut self.scratch);
        let folded_start = self.folded.len();
        self.folded.push_str(&self.scratch);
        let first_upper = text.chars().next().is_some_and(char::is_uppercase);
        let all_caps = first_upper
            && text.len() >= 2
            && !text.chars().any(char::is_lowercase)
            && text.chars().filter(|c| c.is_alphabetic()).nth(1).is_some();
        self.list.push(Token {
            kind: Kind::Word,
            start,
            end,
            folded_start: folded_start as u32,
            folded_end: self.folded.len() as u32,
            capitalized: first_upper,
            all_caps,
            participle,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modifier_letter_apostrophe_is_an_apostrophe() {
        let mut straight = Tokens::default();
        straight.fill("qu'il dit à l'AFP", &[]);
        let mut modifier = Tokens::default();
        modifier.fill("quʼil dit à lʼAFP", &[]);
        let words = |tokens: &Tokens| -> Vec<String> {
            tokens
                .list
                .iter()
                .map(|t| tokens.folded(t).to_owned())
                .collect()
        };
        assert_eq!(words(&modifier), words(&straight));
    }

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
