//! Hostile input: property tests over the article readers, the French analyzers, the quote
//! extractor and the query parser (arbitrary bytes and Unicode never panic, and what they return is
//! consistent with their input), and pathological inputs read whole. How their cost grows with their
//! size is timed in `benches/hot_paths.rs` (`scaling`), never asserted here: a shared machine makes
//! timing ratios flaky.
//!
//! Cases per property: `PROPTEST_CASES` (default 64, so CI stays fast).

use std::io::Write;

use depeche::analysis::{self, french_analyzer, name_analyzer};
use depeche::corpus::{self, Encoding};
use depeche::names::{NameQuery, SpeakerName, indexed_speaker};
use depeche::quotes::extract_quotes;
use depeche::search::query::parse_query;
use proptest::prelude::*;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use unicode_normalization::{UnicodeNormalization, is_nfc};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(64)
}

/// Pieces of text that exercise the code: quotation marks of every kind, apostrophes, reporting
/// verbs, the wire format's header, dateline, credits and byline, query syntax, combining marks,
/// direction marks, odd letters, control characters.
const PIECES: &[&str] = &[
    "\"",
    "«",
    "»",
    "« ",
    " »",
    "“",
    "”",
    "„",
    "‹",
    "›",
    "'",
    "’",
    "‘",
    "`",
    "\u{a0}",
    "\u{202f}",
    " a déclaré ",
    ", a-t-il ajouté.",
    " selon ",
    "M. ",
    "Mme ",
    "le ministre",
    " dit-elle",
    ": ",
    "Emmanuel Macron",
    "l'OMS",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " date 2021-03 ",
    " date 20x1-13 ",
    "PARIS (AFP) - ",
    "WASHINGTON (Reuters) - ",
    "par ",
    "Par Jean DUPONT et Anne-Sophie LECLERC",
    "(Reportage ",
    "version française ",
    "édité par ",
    ")",
    "(",
    "- Intertitre -",
    "+",
    "-",
    ":",
    "title:",
    "city:",
    "id:",
    "OR",
    "AND",
    "e\u{301}",
    "\u{301}",
    "\u{308}\u{308}\u{308}",
    "\u{200f}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "\u{1f600}",
    "ﬁ",
    "İ",
    "ß",
    "Œ",
    "œ",
    "ǅ",
    "ㅤ",
    "\u{fffd}",
    " ",
    "mot",
    "État",
    "ÉTAT",
    "Sergueï",
    "aujourd'hui",
    "porte-parole",
    ".",
    "…",
    "?!",
];

/// Text made of arbitrary characters and of [`PIECES`].
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => "[a-zA-Zàéèêëïôûç]{1,12}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Words speakers are made of: determiners, honorifics, particles, roles, names, acronyms, odd
/// characters.
const SPEAKER_WORDS: &[&str] = &[
    "le",
    "la",
    "Le",
    "La",
    "les",
    "l'",
    "L’",
    "d'",
    "de",
    "du",
    "des",
    "un",
    "une",
    "son",
    "ses",
    "M.",
    "Mme",
    "Me",
    "Dr",
    "proche",
    "entourage",
    "épouse",
    "avocat",
    "ministre",
    "président",
    "présidente",
    "porte-parole",
    "Santé",
    "Etat",
    "Paris",
    "RN",
    "OMS",
    "Marine",
    "Pen",
    "Maréchal-Le",
    "Édouard",
    "Philippe",
    "Île-de-France",
    "Valérie",
    "famille",
    "comme",
    "-",
    "’",
    ",",
    " ",
    "\u{301}",
    "ß",
];

/// A speaker as the extractor may write one.
fn speaker() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => proptest::sample::select(SPEAKER_WORDS).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    proptest::collection::vec(word, 0..8).prop_map(|words| words.join(" "))
}

/// Bytes: arbitrary, or text in UTF-8 or Latin-1, with stray invalid bytes.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        text().prop_map(String::into_bytes),
        (text(), proptest::collection::vec(any::<u8>(), 0..4)).prop_map(|(text, noise)| {
            let mut bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
            bytes.extend(noise);
            bytes
        }),
    ]
}

/// One line of a JSON-lines file: a record with arbitrary values, or broken JSON, lone surrogates in
/// escapes, deep nesting.
fn json_line() -> impl Strategy<Value = String> {
    let record = (text(), text(), proptest::collection::vec(text(), 0..4), text()).prop_map(|(id, lede, paragraphs, date)| {
        serde_json::json!({"id": id, "lede": lede, "paragraphs": paragraphs, "date": date, "authors": [id]}).to_string()
    });
    prop_oneof![
        3 => record,
        1 => text(),
        1 => Just(r#"{"id":"x","lede":"\ud800 seul","body":"\udc00\ud800"}"#.to_owned()),
        1 => Just(r#"{"id":"\u0000","title":"\uDBFF\uDFFF","text":"\u00e9t\u00e9"}"#.to_owned()),
        1 => (1usize..300).prop_map(|depth| format!(r#"{{"id":{}1{}}}"#, "[".repeat(depth), "]".repeat(depth))),
        1 => Just(r#"{"id": 12, "authors": "Une Seule", "tags": [1, 2]}"#.to_owned()),
    ]
}

fn check_tokens(analyzer: &mut TextAnalyzer, text: &str) {
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        assert!(
            token.offset_from <= token.offset_to && token.offset_to <= text.len(),
            "{token:?} in {text:?}"
        );
        assert!(
            text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to),
            "{token:?} not on char boundaries of {text:?}"
        );
    }
}

fn check_quotes(paragraphs: &[String]) {
    let slices: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    for quote in extract_quotes(&slices) {
        let paragraph = slices
            .get(quote.paragraph)
            .unwrap_or_else(|| panic!("{quote:?}: no such paragraph"));
        assert_eq!(
            paragraph.get(quote.offset..quote.offset + quote.text.len()),
            Some(quote.text.as_str()),
            "{quote:?} is not where it says in {paragraph:?}"
        );
    }
}

fn temp_file(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join(name), bytes).expect("writing");
    dir
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any speaker has a key (its name part folded), is designated by its own name part, and a
    /// quote is indexed under its speaker or its mention, nothing else.
    #[test]
    fn a_speaker_is_designated_by_its_own_name(speaker in speaker(), mention in speaker()) {
        let name = SpeakerName::new(&speaker);
        prop_assert_eq!(&name.key, &depeche::text::fold(&name.written));
        if let Some(query) = NameQuery::new(&name.written) {
            prop_assert!(query.matches(&speaker), "{:?} does not designate {:?}", name.written, speaker);
        }
        let indexed = indexed_speaker(&speaker, Some(&mention));
        prop_assert!(indexed == speaker || indexed == mention);
    }

    #[test]
    fn parse_text_never_panics(id in "[a-z0-9_]{0,12}", text in text()) {
        let mut warnings = Vec::new();
        let article = corpus::parse_text(&id, &text, &mut warnings);
        prop_assert_eq!(article.id, id);
        prop_assert!(article.paragraphs.iter().all(|paragraph| !paragraph.is_empty()));
    }

    #[test]
    fn decode_gives_nfc_text(bytes in bytes()) {
        let (text, encoding) = corpus::decode(bytes.clone());
        prop_assert!(is_nfc(&text));
        if let Ok(original) = String::from_utf8(bytes) {
            prop_assert_eq!(encoding, Encoding::Utf8);
            let original = original.strip_prefix('\u{feff}').unwrap_or(&original);
            prop_assert_eq!(text, original.nfc().collect::<String>());
        }
    }

    #[test]
    fn read_file_never_panics_on_text_files(bytes in bytes()) {
        let dir = temp_file("story.txt", &bytes);
        let mut articles = Vec::new();
        let report = corpus::read_file(&dir.path().join("story.txt"), &mut |article| articles.push(article));
        prop_assert_eq!(report.articles, articles.len());
        prop_assert!(report.skip.is_none() || articles.is_empty());
    }

    #[test]
    fn read_file_never_panics_on_json_lines(lines in proptest::collection::vec(json_line(), 0..8), noise in bytes(), gzip in any::<bool>(), compress in any::<bool>()) {
        let mut bytes = lines.join("\n").into_bytes();
        bytes.extend(noise);
        let name = if gzip { "stories.jsonl.gz" } else { "stories.jsonl" };
        if gzip && compress {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&bytes).expect("compressing");
            bytes = encoder.finish().expect("compressing");
        }
        let dir = temp_file(name, &bytes);
        let mut articles = Vec::new();
        let report = corpus::read_file(&dir.path().join(name), &mut |article| articles.push(article));
        prop_assert_eq!(report.articles, articles.len());
        for article in &articles {
            prop_assert!(article.paragraphs.iter().all(|paragraph| !paragraph.is_empty()));
        }
    }

    #[test]
    fn analyzer_tokens_point_into_the_text(text in text()) {
        check_tokens(&mut french_analyzer(), &text);
        check_tokens(&mut name_analyzer(), &text);
        let _ = analysis::terms(&mut french_analyzer(), &text);
        let _ = depeche::text::fold(&text);
    }

    #[test]
    fn quotes_are_where_they_say(paragraphs in proptest::collection::vec(text(), 0..6)) {
        check_quotes(&paragraphs);
    }

    #[test]
    fn parse_query_never_panics(query in text()) {
        match parse_query(&query) {
            Ok(_) => {}
            Err(depeche::Error::Query { query: quoted, marker, .. }) => {
                prop_assert_eq!(quoted, query);
                prop_assert!(marker.ends_with('^'));
            }
            Err(other) => prop_assert!(false, "not a query error: {other}"),
        }
    }
}

fn quotes_of(text: &str) {
    check_quotes(&[text.to_owned()]);
}

fn parse_of(text: &str) {
    let mut warnings = Vec::new();
    let _ = corpus::parse_text("doc", text, &mut warnings);
}

fn query_of(text: &str) {
    let _ = parse_query(text);
}

fn tokens_of(text: &str) {
    check_tokens(&mut french_analyzer(), text);
    check_tokens(&mut name_analyzer(), text);
}

fn decode_of(text: &str) {
    let _ = corpus::decode(text.as_bytes().to_vec());
}

fn json_of(text: &str) {
    let dir = temp_file("big.jsonl", text.as_bytes());
    let _ = corpus::read_file(&dir.path().join("big.jsonl"), &mut |_| {});
}

/// Pathological inputs (the ones `benches/hot_paths.rs` times at two sizes) are read whole without a
/// panic, and what the quote extractor and the analyzers return points into the input.
#[test]
fn pathological_input_is_read_whole() {
    type Case = (&'static str, usize, fn(usize) -> String, fn(&str));
    let cases: &[Case] = &[
        (
            "quotes: straight marks",
            50_000,
            |n| "\"".repeat(n),
            quotes_of,
        ),
        (
            "quotes: unclosed guillemets",
            10_000,
            |n| "« mot ".repeat(n),
            quotes_of,
        ),
        (
            "quotes: nested guillemets",
            8000,
            |n| format!("{}{}", "« a ".repeat(n), "» ".repeat(n)),
            quotes_of,
        ),
        (
            "quotes: marks and verbs",
            1500,
            |n| "\"Oui, non, peut-être\", a-t-il dit. ".repeat(n),
            quotes_of,
        ),
        ("quotes: long word", 150_000, |n| "é".repeat(n), quotes_of),
        (
            "quotes: combining marks",
            10_000,
            |n| "e\u{301}\u{200f}".repeat(n),
            quotes_of,
        ),
        (
            "parse_text: blank lines",
            20_000,
            |n| format!(" date 2021-03 PARIS (AFP) - {}", "a\n\n".repeat(n)),
            parse_of,
        ),
        (
            "parse_text: parentheses",
            300_000,
            |n| "(".repeat(n),
            parse_of,
        ),
        (
            "parse_text: bylines",
            12_000,
            |n| format!("texte\n\npar {}", "A et ".repeat(n)),
            parse_of,
        ),
        (
            "query: quote marks",
            15_000,
            |n| "\"a\" ".repeat(n),
            query_of,
        ),
        (
            "query: unclosed quote",
            30_000,
            |n| format!("\"{}", "a ".repeat(n)),
            query_of,
        ),
        ("query: signs", 30_000, |n| "+-".repeat(n), query_of),
        ("query: fields", 8000, |n| "title:a ".repeat(n), query_of),
        ("query: long word", 100_000, |n| "é".repeat(n), query_of),
        ("analyzer: long word", 30_000, |n| "é".repeat(n), tokens_of),
        (
            "analyzer: apostrophes",
            30_000,
            |n| "l'".repeat(n),
            tokens_of,
        ),
        (
            "analyzer: combining marks",
            12_000,
            |n| "a\u{301}\u{308}".repeat(n),
            tokens_of,
        ),
        (
            "decode: combining marks",
            20_000,
            |n| "\u{301}e".repeat(n),
            decode_of,
        ),
        ("json lines: nesting", 60_000, |n| "[".repeat(n), json_of),
        (
            "json lines: one long line",
            200_000,
            |n| format!("{{\"id\":\"x\",\"lede\":\"{}\"}}", "\\ud800".repeat(n / 6)),
            json_of,
        ),
    ];
    for (name, n, make, work) in cases {
        let text = make(8 * n);
        let outcome = std::panic::catch_unwind(|| work(&text));
        assert!(outcome.is_ok(), "{name}: panicked on {} bytes", text.len());
    }
}

#[test]
fn a_megabyte_word_and_a_million_quote_marks_do_not_panic() {
    let word = "é".repeat(500_000);
    let marks = "\"".repeat(1_000_000);
    let guillemets = "«".repeat(300_000);
    for text in [&word, &marks, &guillemets] {
        check_quotes(std::slice::from_ref(text));
        tokens_of(text);
        query_of(text);
        parse_of(text);
    }
}
