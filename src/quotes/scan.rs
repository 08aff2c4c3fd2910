//! Byte scans over whole paragraphs: finding the next byte of a small set eight bytes at a time.
//!
//! Most of a story is plain text that no rule looks at, so the extractor skips it with these
//! word-at-a-time (SWAR) tests instead of branching on every byte.

/// `0x01` in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// A word whose high bits are set where `word` has a zero byte (exactly: set for some byte if
/// and only if one byte is zero).
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// Whether the eight bytes of `word` hold `byte`.
fn holds(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ ONES.wrapping_mul(u64::from(byte)))
}

/// The offset of the first byte at or after `from` for which `is_wanted` holds, skipping whole
/// words for which `word_may_hold` is false. `word_may_hold` must be true for every word
/// holding a wanted byte.
fn find(
    bytes: &[u8],
    from: usize,
    word_may_hold: impl Fn(u64) -> bool,
    is_wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut index = from;
    while let Some(chunk) = bytes.get(index..index + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if word_may_hold(u64::from_le_bytes(word)) {
            break;
        }
        index += 8;
    }
    let rest = bytes.get(index..)?;
    rest.iter()
        .position(|&b| is_wanted(b))
        .map(|skip| index + skip)
}

/// The next byte at or after `from` that may start a quotation mark or end a sentence: `"`,
/// `.`, `!`, `?`, and the lead bytes `0xC2` (`«»`) and `0xE2` (`“”„…`).
pub(super) fn next_stop(bytes: &[u8], from: usize) -> Option<usize> {
    find(
        bytes,
        from,
        |word| {
            holds(word, b'"')
                | holds(word, b'.')
                | holds(word, b'!')
                | holds(word, b'?')
                | holds(word, 0xC2)
                | holds(word, 0xE2)
                != 0
        },
        |byte| matches!(byte, b'"' | b'.' | b'!' | b'?' | 0xC2 | 0xE2),
    )
}

/// The next byte at or after `from` that may start a quotation mark: `"`, `0xC2`, `0xE2`.
pub(super) fn next_mark(bytes: &[u8], from: usize) -> Option<usize> {
    find(
        bytes,
        from,
        |word| holds(word, b'"') | holds(word, 0xC2) | holds(word, 0xE2) != 0,
        |byte| matches!(byte, b'"' | 0xC2 | 0xE2),
    )
}

/// The next byte `byte` at or after `from`.
pub(super) fn next_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    find(bytes, from, |word| holds(word, byte) != 0, |b| b == byte)
}

/// The next capital letter at or after `from` that follows a space: an ASCII capital, or a
/// Latin-1 capital (`0xC3` then `0x80..=0x9F`; `é` is `0xC3 0xA9`, `É` is `0xC3 0x89`).
/// Returns the offset of the capital's first byte.
pub(super) fn next_capital_after_space(bytes: &[u8], from: usize) -> Option<usize> {
    let mut index = from.max(1);
    // Words overlap by two bytes so that a space, a capital and its second byte are always
    // seen together in one word.
    while let Some(chunk) = bytes.get(index - 1..index + 7) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let low = word & !HIGHS;
        let ascii = !word & HIGHS;
        let upper = low.wrapping_add(ONES.wrapping_mul(0x3F))
            & !low.wrapping_add(ONES.wrapping_mul(0x25))
            & ascii;
        // `0x80..=0x9F`: bit 7 set, bits 6 and 5 clear.
        let second = word & HIGHS & !(word << 1) & !(word << 2);
        let latin = holds(word, 0xC3) & (second >> 8);
        let spaces = holds(word, b' ');
        if (upper | latin) & (spaces << 8) != 0 {
            break;
        }
        index += 6;
    }
    (index..bytes.len()).find(|&i| {
        bytes[i - 1] == b' '
            && (bytes[i].is_ascii_uppercase()
                || bytes[i] == 0xC3 && bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
    })
}

/// How many of the eight bytes of `word` (little-endian: the first byte lowest), from the
/// first, are lower-case ASCII letters or digits before any other byte.
pub(super) fn plain_run(word: u64) -> usize {
    let high = word | HIGHS;
    // With the high bit forced on, subtracting a byte value below 0x80 never borrows across
    // bytes: each difference keeps its high bit exactly when the byte is at least that value.
    let at_least = |value: u8| high.wrapping_sub(ONES.wrapping_mul(u64::from(value)));
    let lower = at_least(b'a') & !at_least(b'z' + 1);
    let digit = at_least(b'0') & !at_least(b'9' + 1);
    let plain = (lower | digit) & !word & HIGHS;
    ((!plain & HIGHS).trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_run_matches_a_byte_scan() {
        let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        for value in 0..=255u8 {
            for position in 0..8 {
                for fill in [b'a', b'z', b'0', b'9', b'm'] {
                    let mut bytes = [fill; 8];
                    bytes[position] = value;
                    let expected = bytes.iter().position(|&b| !plain(b)).unwrap_or(8);
                    assert_eq!(
                        plain_run(u64::from_le_bytes(bytes)),
                        expected,
                        "{value:#x} at {position}"
                    );
                }
            }
        }
    }

    #[test]
    fn finds_the_same_bytes_as_a_plain_scan() {
        let text = "Le ministre «\u{a0}Nous» a dit. ÉTAT, \"é\" à l'Est? Zut ! fin,ok, Apr";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let plain =
                |f: &dyn Fn(u8) -> bool| bytes[from..].iter().position(|&b| f(b)).map(|i| i + from);
            assert_eq!(
                next_stop(bytes, from),
                plain(&|b| matches!(b, b'"' | b'.' | b'!' | b'?' | 0xC2 | 0xE2))
            );
            assert_eq!(
                next_mark(bytes, from),
                plain(&|b| matches!(b, b'"' | 0xC2 | 0xE2))
            );
            assert_eq!(next_byte(bytes, from, b','), plain(&|b| b == b','));
            let capital = (from.max(1)..bytes.len()).find(|&i| {
                bytes[i - 1] == b' '
                    && (bytes[i].is_ascii_uppercase()
                        || bytes[i] == 0xC3
                            && bytes.get(i + 1).is_some_and(|b| (0x80..0xA0).contains(b)))
            });
            assert_eq!(next_capital_after_space(bytes, from), capital);
        }
        // Every byte pair, at every position of a word.
        for value in 0..=255u8 {
            for second in [0x41, 0x80, 0x89, 0x9F, 0xA0, 0xA9, 0xBF] {
                for position in 1..12 {
                    let mut text = [b'a'; 16];
                    text[position - 1] = b' ';
                    text[position] = value;
                    text[position + 1] = second;
                    let wanted = value.is_ascii_uppercase()
                        || value == 0xC3 && (0x80..0xA0).contains(&second);
                    assert_eq!(
                        next_capital_after_space(&text, 0) == Some(position),
                        wanted,
                        "{value:#x} {second:#x} at {position}"
                    );
                }
            }
        }
    }
}
