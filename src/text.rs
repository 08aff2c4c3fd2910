//! Text rules shared by every module that reads words: how a letter folds, what makes up a word,
//! what an apostrophe is. [`crate::analysis`] (index terms), [`crate::quotes`] (speakers, verbs,
//! lexicon look-ups) and [`crate::corpus`] (bylines, credits) all fold with [`fold_into`], so
//! `Erdoğan` and `Erdogan` are one word for search and one speaker for quotes.
//!
//! Folding lower-cases a word and removes its diacritics the way a French reader would type it
//! without accents: `SERGUEÏ` → `serguei`, `Œuvre` → `oeuvre`, `Erdoğan` → `erdogan`,
//! `Wałęsa` → `walesa`, `Søren` → `soren`, `Straße` → `strasse`, `Nguyễn` → `nguyen`. The
//! typographic apostrophes fold to `'`. Combining marks are dropped, so a decomposed `é` (e +
//! U+0301) folds like a composed one without a normalisation pass.
//!
//! Speed: an ASCII word is copied and lower-cased in place; the letters U+00C0..=U+024F (Latin-1
//! and Latin Extended-A and -B, which hold nearly every accented letter of wire copy) that fold to
//! one ASCII letter are decoded by hand and looked up in a table built once; only the others
//! (ligatures, rarer scripts) go through `fold_char`'s rule and, past a few letters it names,
//! compatibility decomposition (NFKD). No call allocates beyond the caller's buffer.
//!
//! This module does no I/O and depends on no other module of the crate.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases a word and removes its diacritics (see the module documentation).
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    fold_into(word, &mut folded);
    folded
}

/// Writes the folded form of `word` into `out`, which is cleared first.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    let table = latin_folds();
    let bytes = word.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte < 0x80 {
            out.push(char::from(byte.to_ascii_lowercase()));
            index += 1;
            continue;
        }
        // A two-byte character from `À` (lead byte 0xC3) to the end of Latin Extended-B (0xC9):
        // decoded by hand and looked up, when it folds to one ASCII letter.
        if (0xC3..=0xC9).contains(&byte)
            && let Some(&next) = bytes.get(index + 1)
        {
            let code = (usize::from(byte & 0x1F) << 6) | usize::from(next & 0x3F);
            if let Some(&folded) = table.get(code - LATIN_FIRST as usize)
                && folded != 0
            {
                out.push(char::from(folded));
                index += 2;
                continue;
            }
        }
        let Some(c) = word[index..].chars().next() else {
            break;
        };
        fold_char(c, out);
        index += c.len_utf8();
    }
}

/// The first letter of the folding table (`À`).
const LATIN_FIRST: char = '\u{c0}';
/// The last letter of the folding table (the end of Latin Extended-B).
const LATIN_LAST: char = '\u{24f}';

/// The ASCII letter each character of `LATIN_FIRST..=LATIN_LAST` folds to, or 0 when it folds to
/// anything else (`æ` → `ae`, `×`): built from [`fold_char`], which stays the rule.
fn latin_folds() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut folded = String::new();
        (LATIN_FIRST..=LATIN_LAST)
            .map(|c| {
                folded.clear();
                fold_char(c, &mut folded);
                match folded.as_bytes() {
                    [byte] if byte.is_ascii() => *byte,
                    _ => 0,
                }
            })
            .collect()
    })
}

/// Appends the folded form of one character: the rule itself, which the table only caches.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    if is_apostrophe(c) {
        out.push('\'');
        return;
    }
    if let Some(plain) = undecomposable(c) {
        out.push_str(plain);
        return;
    }
    for c in std::iter::once(c).nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match undecomposable(c) {
            Some(plain) => out.push_str(plain),
            None if is_apostrophe(c) => out.push('\''),
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// Letters that NFKD leaves whole but that a French reader types as plain Latin letters.
fn undecomposable(c: char) -> Option<&'static str> {
    Some(match c {
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' | 'ẞ' => "ss",
        'ł' | 'Ł' => "l",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ı' => "i",
        'ħ' | 'Ħ' => "h",
        'þ' | 'Þ' => "th",
        'ŧ' | 'Ŧ' => "t",
        'ƒ' => "f",
        _ => return None,
    })
}

/// True for the characters that make up words: letters, digits and combining marks (so that a
/// decomposed `é`, e + U+0301, stays inside its word), but never an apostrophe, though Unicode
/// calls the modifier-letter one (`ʼ`) a letter. The analyzers and the quote tokenizer split words
/// by it.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        // The accented letters of French and its neighbours, and typographic punctuation, answered
        // without the Unicode tables (a test checks these ranges against them).
        '\u{c0}'..='\u{24f}' => c != '×' && c != '÷',
        '\u{2000}'..='\u{206f}' => false,
        _ => (c.is_alphanumeric() || is_combining_mark(c)) && !is_apostrophe(c),
    }
}

/// True for the apostrophes French text uses: straight, typographic and the modifier letter.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letters of the languages whose names appear in French wire copy, each with the ASCII a
    /// French reader types for it.
    const LETTERS: &[(&str, &str)] = &[
        // French itself.
        ("àâäéèêëîïôöùûüÿç", "aaaeeeeiioouuuyc"),
        ("ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ", "aaaeeeeiioouuuyc"),
        ("œŒæÆ", "oeoeaeae"),
        // Turkish.
        ("ğĞıİşŞçÇöÖüÜ", "ggiissccoouu"),
        // Polish.
        ("łŁąĄęĘśŚźŹżŻńŃóÓćĆ", "llaaeesszzzznnoocc"),
        // Czech and Slovak.
        ("šŠčČřŘžŽýÝůŮěĚťŤďĎňŇ", "ssccrrzzyyuueettddnn"),
        // Nordic and German.
        ("øØåÅæÆäÄöÖ", "ooaaaeaeaaoo"),
        ("ßẞüÜ", "ssssuu"),
        ("ðÐþÞ", "ddthth"),
        // Vietnamese.
        ("ưƯơƠạẠếẾễỄđĐăĂ", "uuooaaeeeeddaa"),
        ("ằẳẵặấầẩẫậ", "aaaaaaaaa"),
        ("ịọộờởữựỳỹ", "ioooouuyy"),
        // Romanian.
        ("șȘțȚşŞţŢâÂîÎ", "ssttssttaaii"),
        // Hungarian, Croatian, Latvian, Lithuanian, Spanish, Portuguese.
        ("őŐűŰđćā", "oouudca"),
        ("ņķļģėįųū", "nklgeiuu"),
        ("ñÑãõáíú", "nnaoaiu"),
    ];

    #[test]
    fn the_letters_of_wire_copy_fold_to_what_a_french_reader_types() {
        for (letters, expected) in LETTERS {
            let folded = fold(letters);
            assert_eq!(&folded, expected, "{letters}");
            // One letter at a time, too: the table and the rule agree.
            for c in letters.chars() {
                let mut one = String::new();
                fold_char(c, &mut one);
                assert_eq!(fold(&c.to_string()), one, "{c}");
            }
        }
    }

    #[test]
    fn names_fold_alike_however_they_are_written() {
        for (written, plain) in [
            ("Erdoğan", "erdogan"),
            ("Wałęsa", "walesa"),
            ("Søren Kierkegaard", "soren kierkegaard"),
            ("Straße", "strasse"),
            ("Nguyễn Phú Trọng", "nguyen phu trong"),
            ("Ceaușescu", "ceausescu"),
            ("İstanbul", "istanbul"),
            ("SERGUEÏ", "serguei"),
            ("L’ŒUVRE", "l'oeuvre"),
            ("de\u{301}clare\u{301}", "declare"),
            ("ﬁnance", "finance"),
            ("ŉ", "'n"),
            ("Ρώμη", "ρωμη"),
        ] {
            assert_eq!(fold(written), plain, "{written}");
        }
    }

    #[test]
    fn every_table_letter_folds_like_the_rule() {
        let table = latin_folds();
        assert_eq!(table.len(), (LATIN_FIRST..=LATIN_LAST).count());
        for c in LATIN_FIRST..=LATIN_LAST {
            let mut slow = String::new();
            fold_char(c, &mut slow);
            assert_eq!(fold(&c.to_string()), slow, "{c}");
            assert!(!slow.chars().any(is_combining_mark), "{c}");
            // Every letter that folds to one ASCII letter is one table look-up.
            let cached = table[c as usize - LATIN_FIRST as usize];
            match slow.as_bytes() {
                [byte] if byte.is_ascii() => assert_eq!(cached, *byte, "{c}"),
                _ => assert_eq!(cached, 0, "{c}"),
            }
        }
    }

    #[test]
    fn the_word_character_shortcuts_agree_with_unicode() {
        for c in ('\0'..='\u{3000}').chain(['\u{fb01}', '\u{ff21}']) {
            let slow = (c.is_alphanumeric() || is_combining_mark(c)) && !is_apostrophe(c);
            assert_eq!(is_word_char(c), slow, "{c:?}");
        }
    }
}
