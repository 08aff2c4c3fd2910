//! Reading archives: walking folders, reading files whatever their encoding, and parsing one file
//! into [`Article`] values.
//!
//! Two formats are read: the plain-text wire format (`.txt`, one story a file, see
//! `sample-corpus/README.md`) and JSON lines (`.jsonl`, `.jsonl.gz`, one story a line). Parsing never
//! fails: messy input gives an article and [`Warning`]s, unreadable input gives a [`Skip`] reason.
//! This module knows nothing of tantivy.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

pub use crate::date::ArticleDate;
use crate::date::parse_date;
use crate::text::{self, is_apostrophe};

/// A plain-text story larger than this is not a story: it is skipped.
pub const MAX_STORY_BYTES: u64 = 8 * 1024 * 1024;
/// An id longer than this (in bytes) is replaced by a hash of it: tantivy drops longer terms, and
/// a story that cannot be found by its id cannot be shown nor replaced.
pub const MAX_ID_BYTES: usize = 1024;
/// A JSON line longer than this is skipped (and the rest of the file is still read).
pub const MAX_JSON_LINE_BYTES: usize = 16 * 1024 * 1024;
/// How many leading bytes are looked at to tell a binary file.
const SNIFF_BYTES: usize = 8192;

/// One news story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// A stable id: the file stem, or the JSON `id`.
    pub id: String,
    /// The file it came from, as given to the walk.
    pub path: String,
    /// The publication date, with the precision the source gave.
    pub date: Option<ArticleDate>,
    /// The dateline city (`WASHINGTON` in `WASHINGTON (Reuters) - `).
    pub city: Option<String>,
    /// The agency (`Reuters`, `AFP`).
    pub agency: Option<String>,
    /// Authors from the byline and the credits, capitals fixed (`Farid FARID` → `Farid Farid`).
    pub authors: Vec<String>,
    /// The closing credits line, without its parentheses.
    pub credits: Option<Credits>,
    /// The section (JSON only).
    pub section: Option<String>,
    /// Tags (JSON only).
    pub tags: Vec<String>,
    /// The headline (JSON only: the wire format has none).
    pub title: Option<String>,
    /// The source URL (JSON only).
    pub url: Option<String>,
    /// The line of its JSON-lines file, from 1 (JSON only).
    pub line: Option<usize>,
    /// The paragraphs, lede first, dateline removed, credits and byline removed, intertitles kept.
    pub paragraphs: Vec<String>,
    /// A hash of the story's bytes as stored (the whole file for the wire format, the line for
    /// JSON lines): a story whose hash is unchanged is not indexed again.
    pub hash: u64,
}

impl Article {
    /// The first paragraph (chapô), or an empty string.
    pub fn lede(&self) -> &str {
        self.paragraphs.first().map_or("", String::as_str)
    }

    /// The paragraphs after the lede, separated by blank lines.
    pub fn body(&self) -> String {
        self.paragraphs.get(1..).unwrap_or_default().join("\n\n")
    }
}

/// The closing credits line of a wire story.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credits {
    /// The whole line without its parentheses.
    pub text: String,
    /// Who reported (`Reportage …`).
    pub reporters: Vec<String>,
    /// Who translated (`version française …`).
    pub translators: Vec<String>,
    /// Who edited (`édité par …`).
    pub editors: Vec<String>,
}

/// Something odd about the input that did not stop it from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line it is about, for JSON lines.
    pub line: Option<usize>,
    /// What is odd, lower case, no full stop.
    pub message: String,
}

/// Why a file gave no article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skip {
    /// Not a format depeche reads (by its name).
    NotArticle,
    /// Empty or only white space.
    Empty,
    /// Holds NUL bytes: not text.
    Binary,
    /// Larger than [`MAX_STORY_BYTES`].
    TooLarge,
    /// The operating system refused to read it.
    Unreadable,
    /// It vanished or changed kind between the walk and the read.
    Vanished,
}

impl Skip {
    /// A short label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            Skip::NotArticle => "not an article file",
            Skip::Empty => "empty",
            Skip::Binary => "binary",
            Skip::TooLarge => "too large",
            Skip::Unreadable => "unreadable",
            Skip::Vanished => "vanished",
        }
    }
}

/// How a text file was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8.
    Utf8,
    /// Not UTF-8, so read as Windows-1252 (a superset of Latin-1).
    Windows1252,
}

/// What reading one file gave, apart from its articles.
#[derive(Debug)]
pub struct FileReport {
    /// Why the file gave nothing, if it did.
    pub skip: Option<Skip>,
    /// Problems met while reading it.
    pub warnings: Vec<Warning>,
    /// How it was decoded (for JSON lines: Windows-1252 if any line was).
    pub encoding: Encoding,
    /// How many articles it gave.
    pub articles: usize,
    /// JSON lines that gave no article (not JSON, too long, binary).
    pub lines_skipped: usize,
    /// Whether reading stopped before the end of the file (a read error, a truncated `.gz`): the
    /// stories after the cut are not known.
    pub cut_off: bool,
    /// Whether a wire-format file lacks its ` date ` header, so that it may not be a story at all.
    pub not_story: bool,
    /// Bytes of text read: the file's bytes, uncompressed for `.jsonl.gz`.
    pub text_bytes: u64,
    /// Whether the caller stopped the reading before the end (see [`read_file_while`]).
    pub stopped: bool,
}

impl FileReport {
    fn skipped(skip: Skip, message: Option<String>) -> FileReport {
        FileReport {
            skip: Some(skip),
            warnings: message
                .map(|message| Warning {
                    line: None,
                    message,
                })
                .into_iter()
                .collect(),
            encoding: Encoding::Utf8,
            articles: 0,
            lines_skipped: 0,
            cut_off: false,
            not_story: false,
            text_bytes: 0,
            stopped: false,
        }
    }

    /// Whether something in the file may be missing from what it gave: it was refused whole
    /// (unreadable, binary, too large), cut off, or some of its lines were skipped.
    pub fn lost_anything(&self) -> bool {
        self.cut_off
            || self.lines_skipped > 0
            || matches!(
                self.skip,
                Some(Skip::Unreadable | Skip::Binary | Skip::TooLarge)
            )
    }
}

/// A stable 64-bit hash of `bytes` (the same on every machine and with every build), to tell a
/// changed story from an unchanged one. Eight bytes a step; not meant to resist a forger.
pub fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hash = 0x243F_6A88_85A3_08D3 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(31);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // A final mix, so that every input bit reaches every output bit.
    hash ^= hash >> 32;
    hash = hash.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    hash ^ (hash >> 32)
}

/// The formats depeche reads, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The plain-text wire format.
    Text,
    /// JSON lines.
    JsonLines,
    /// Gzipped JSON lines.
    JsonLinesGz,
}

/// The format of a file, from its name, or `None` for files depeche does not read.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".jsonl.gz") {
        Some(Format::JsonLinesGz)
    } else if name.ends_with(".jsonl") {
        Some(Format::JsonLines)
    } else if name.ends_with(".txt") {
        Some(Format::Text)
    } else {
        None
    }
}

/// Reads one file and hands each article it holds to `sink`. Never fails: problems are in the report.
pub fn read_file(path: &Path, sink: &mut dyn FnMut(Article)) -> FileReport {
    read_file_while(path, &mut |article| {
        sink(article);
        true
    })
}

/// Reads one file and hands each article it holds to `sink`, until `sink` returns false (the report
/// then says `stopped`). Never fails: problems are in the report.
pub fn read_file_while(path: &Path, sink: &mut dyn FnMut(Article) -> bool) -> FileReport {
    read_file_counting(path, sink, &|_| {})
}

/// Reads one file as [`read_file_while`] does, and tells `on_read` each time bytes of the file are
/// read from the disk (compressed bytes, for `.jsonl.gz`), so that a caller can show how far the
/// reading of a large file has gone.
pub fn read_file_counting(
    path: &Path,
    sink: &mut dyn FnMut(Article) -> bool,
    on_read: &dyn Fn(u64),
) -> FileReport {
    let Some(format) = format_of(path) else {
        return FileReport::skipped(Skip::NotArticle, None);
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return skip_for_io(error),
    };
    let file = Counted {
        inner: file,
        on_read,
    };
    match format {
        Format::Text => read_text_file(path, file, sink),
        Format::JsonLines => {
            let text = std::cell::Cell::new(0);
            let file = Counted {
                inner: file,
                on_read: &|bytes| text.set(text.get() + bytes),
            };
            let mut report = read_json_lines(path, BufReader::new(file), sink);
            report.text_bytes = text.get();
            report
        }
        Format::JsonLinesGz => {
            let text = std::cell::Cell::new(0);
            let decompressed = Counted {
                inner: flate2::read::MultiGzDecoder::new(file),
                on_read: &|bytes| text.set(text.get() + bytes),
            };
            let mut report = read_json_lines(path, BufReader::new(decompressed), sink);
            report.text_bytes = text.get();
            report
        }
    }
}

/// A reader that tells `on_read` how many bytes each read gave.
struct Counted<'a, R> {
    inner: R,
    on_read: &'a dyn Fn(u64),
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        (self.on_read)(read as u64);
        Ok(read)
    }
}

fn skip_for_io(error: std::io::Error) -> FileReport {
    let skip = match error.kind() {
        std::io::ErrorKind::NotFound => Skip::Vanished,
        _ => Skip::Unreadable,
    };
    FileReport::skipped(skip, Some(error.to_string()))
}

fn read_text_file(
    path: &Path,
    file: Counted<'_, File>,
    sink: &mut dyn FnMut(Article) -> bool,
) -> FileReport {
    // Sized from the file, so that the read does not grow the buffer step by step; one byte more
    // lets it see the end of the file without another allocation.
    let size = file.inner.metadata().map_or(0, |metadata| metadata.len());
    let mut bytes = Vec::with_capacity(size.min(MAX_STORY_BYTES) as usize + 1);
    // Read one byte past the limit, to tell a file at the limit from a larger one.
    if let Err(error) = file.take(MAX_STORY_BYTES + 1).read_to_end(&mut bytes) {
        return skip_for_io(error);
    }
    if bytes.len() as u64 > MAX_STORY_BYTES {
        return FileReport::skipped(
            Skip::TooLarge,
            Some(format!(
                "larger than {} MB: not a single story",
                MAX_STORY_BYTES / 1024 / 1024
            )),
        );
    }
    if is_binary(&bytes) {
        return FileReport::skipped(Skip::Binary, None);
    }
    let hash = content_hash(&bytes);
    let text_bytes = bytes.len() as u64;
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return FileReport::skipped(Skip::Empty, None);
    }
    let mut warnings = Vec::new();
    let not_story = !text.trim_start_matches([' ', '\t']).starts_with("date ");
    if not_story {
        warnings.push(Warning {
            line: Some(1),
            message: "no ` date ` header: this does not look like a wire story (indexed undated)"
                .to_owned(),
        });
    }
    let mut article = parse_text(&file_stem(path), &text, &mut warnings);
    article.path = path.to_string_lossy().into_owned();
    article.hash = hash;
    let stopped = !sink(article);
    FileReport {
        skip: None,
        warnings,
        encoding,
        articles: 1,
        lines_skipped: 0,
        cut_off: false,
        not_story,
        text_bytes,
        stopped,
    }
}

/// The file stem, with each byte that is not UTF-8 written `\xNN` (see [`os_text`]), so that two
/// names that differ only there give two ids.
fn file_stem(path: &Path) -> String {
    path.file_stem().map(os_text).unwrap_or_default()
}

/// The text of a name or path: itself when it is UTF-8, else its bytes with each invalid one written
/// `\xNN`, so that two names differing only in invalid bytes stay two (a lossy conversion would
/// make them one).
pub fn os_text(text: &std::ffi::OsStr) -> String {
    if let Some(text) = text.to_str() {
        return text.to_owned();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut key = String::new();
        for chunk in text.as_bytes().utf8_chunks() {
            key.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(key, "\\x{byte:02X}");
            }
        }
        key
    }
    #[cfg(not(unix))]
    {
        text.to_string_lossy().into_owned()
    }
}

/// True when the first bytes hold a NUL: text files never do.
fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0)
}

/// Decodes bytes as UTF-8 (without BOM), else as Windows-1252, and normalizes to NFC.
pub fn decode(bytes: Vec<u8>) -> (String, Encoding) {
    let (text, encoding) = match String::from_utf8(bytes) {
        Ok(text) => (text, Encoding::Utf8),
        Err(error) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(error.as_bytes());
            (text.into_owned(), Encoding::Windows1252)
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    (nfc(text), encoding)
}

fn nfc(text: String) -> String {
    if is_nfc(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// Whether `text` is in NFC already, by the quick check of UAX #15 run only where it can fail.
///
/// Every character below U+0300 is in NFC and has combining class 0, so the check starts afresh
/// after it; in UTF-8 these are the characters whose first byte is below 0xCC. Only the runs of
/// other characters (`’`, `«`, combining accents) are handed to the quick check, which spares
/// French text, mostly ASCII and Latin-1, a table lookup per character.
fn is_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = next_byte_from_0xcc(bytes, from) {
        let end = bytes[start..]
            .iter()
            .position(|&b| b < 0x80 || (0xC0..0xCC).contains(&b))
            .map_or(bytes.len(), |length| start + length);
        if is_nfc_quick(text[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        from = end;
    }
    true
}

/// The offset of the first byte at or after `from` that is 0xCC or above; eight ASCII bytes at a
/// time, since most of a French text is ASCII.
fn next_byte_from_0xcc(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 != 0
            && let Some(offset) = chunk.iter().position(|&b| b >= 0xCC)
        {
            return Some(from + offset);
        }
        from += 8;
    }
    bytes[from..]
        .iter()
        .position(|&b| b >= 0xCC)
        .map(|offset| from + offset)
}

/// Parses a story in the plain-text wire format.
///
/// ```
/// let mut warnings = Vec::new();
/// let text = " date 2022-02 WASHINGTON (Reuters) - Antony Blinken a déclaré mardi...\n\npar Simon Lewis et Humeyra PAMUK\n";
/// let article = depeche::corpus::parse_text("000_e6aacbb205c0461c", text, &mut warnings);
/// assert_eq!(article.city.as_deref(), Some("WASHINGTON"));
/// assert_eq!(article.authors, ["Simon Lewis", "Humeyra Pamuk"]);
/// assert_eq!(article.date.unwrap().text, "2022-02");
/// ```
pub fn parse_text(id: &str, text: &str, warnings: &mut Vec<Warning>) -> Article {
    let text: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let mut article = Article {
        id: id.to_owned(),
        ..Article::default()
    };
    let (header_date, rest) = split_header(&text, warnings);
    article.date = header_date;
    let mut paragraphs = split_paragraphs(rest);
    if let Some(first) = paragraphs.first_mut()
        && let Some((city, agency, rest)) = split_dateline(first)
    {
        article.city = Some(city);
        article.agency = Some(agency);
        *first = rest;
    }
    // The byline comes last, the credits line just before it; either may be missing.
    if let Some(last) = paragraphs.last()
        && let Some(names) = parse_byline(last)
    {
        article.authors = names;
        paragraphs.pop();
    }
    if let Some(last) = paragraphs.last()
        && let Some(credits) = parse_credits(last)
    {
        for reporter in &credits.reporters {
            push_author(&mut article.authors, reporter);
        }
        article.credits = Some(credits);
        paragraphs.pop();
    }
    paragraphs.retain(|paragraph| !paragraph.is_empty());
    article.paragraphs = paragraphs;
    article
}

/// Splits the ` date YYYY-MM ` header from the rest of the text.
fn split_header<'t>(text: &'t str, warnings: &mut Vec<Warning>) -> (Option<ArticleDate>, &'t str) {
    let trimmed = text.trim_start_matches([' ', '\t']);
    let Some(after) = trimmed.strip_prefix("date ") else {
        return (None, text);
    };
    let after = after.trim_start();
    let end = after.find(char::is_whitespace).unwrap_or(after.len());
    let value = &after[..end];
    let date = parse_date(value);
    if date.is_none() {
        warnings.push(Warning {
            line: Some(1),
            message: format!("cannot read the date \"{value}\" in the header: story kept undated"),
        });
    }
    (date, &after[end..])
}

fn split_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Splits `CITY (Agency) - rest` into its parts, when the paragraph opens with a dateline.
fn split_dateline(paragraph: &str) -> Option<(String, String, String)> {
    let open = paragraph.find(" (")?;
    let city = &paragraph[..open];
    let is_city = !city.is_empty()
        && city.len() <= 60
        && city.chars().any(char::is_alphabetic)
        && city.chars().all(|c| {
            (c.is_alphabetic() && !c.is_lowercase())
                || matches!(c, ' ' | '-' | '.' | ',' | '/')
                || is_apostrophe(c)
        });
    if !is_city {
        return None;
    }
    let after_open = &paragraph[open + 2..];
    let close = after_open.find(')')?;
    let agency = after_open[..close].trim();
    if agency.is_empty() || agency.len() > 40 {
        return None;
    }
    let rest = after_open[close + 1..].trim_start();
    let rest = ["- ", "– ", "— "]
        .iter()
        .find_map(|dash| rest.strip_prefix(dash))?;
    Some((city.trim().to_owned(), agency.to_owned(), rest.to_owned()))
}

/// Reads a byline (`par Simon Lewis et Humeyra Pamuk`) into names.
fn parse_byline(paragraph: &str) -> Option<Vec<String>> {
    let names = paragraph
        .strip_prefix("par ")
        .or_else(|| paragraph.strip_prefix("Par "))?;
    if names.len() > 200 || names.ends_with('.') {
        return None;
    }
    let names = split_names(names);
    (!names.is_empty()).then_some(names)
}

/// Splits a list of names on `,`, `;` and ` et `, and fixes names written in capitals.
fn split_names(names: &str) -> Vec<String> {
    let mut result = Vec::new();
    for part in names.split([',', ';']) {
        for name in part.split(" et ") {
            let name = name.trim();
            if !name.is_empty() {
                push_author(&mut result, &fix_capitals(name));
            }
        }
    }
    result
}

/// Adds a name unless the list already holds it (compared without case and accents).
fn push_author(authors: &mut Vec<String>, name: &str) {
    let key = text::fold(name);
    if !authors.iter().any(|author| text::fold(author) == key) {
        authors.push(name.to_owned());
    }
}

/// `Farid FARID` → `Farid Farid`, `JEAN-PIERRE DURAND` → `Jean-Pierre Durand`: a word in capitals
/// in a name is a surname written the AFP way, not an acronym.
pub fn fix_capitals(name: &str) -> String {
    let mut fixed = String::with_capacity(name.len());
    let mut at_word_start = true;
    let is_caps_word = |word: &str| {
        word.chars().filter(|c| c.is_alphabetic()).count() > 1
            && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    };
    for word in name.split(' ') {
        if !fixed.is_empty() {
            fixed.push(' ');
        }
        if !is_caps_word(word) {
            fixed.push_str(word);
            continue;
        }
        for c in word.chars() {
            if at_word_start {
                fixed.push(c);
            } else {
                fixed.extend(c.to_lowercase());
            }
            at_word_start = !c.is_alphabetic();
        }
        at_word_start = true;
    }
    fixed
}

/// Reads a credits line: `(Reportage A et B; version française C, édité par D)`.
fn parse_credits(paragraph: &str) -> Option<Credits> {
    let inner = paragraph.strip_prefix('(')?.strip_suffix(')')?;
    let folded = text::fold(inner);
    let is_credits = ["reportage", "version francaise", "edite par", "redige par"]
        .iter()
        .any(|keyword| folded.contains(keyword));
    if !is_credits || inner.len() > 400 {
        return None;
    }
    let mut credits = Credits {
        text: inner.to_owned(),
        ..Credits::default()
    };
    for part in inner.split([';', ',']) {
        let part = part.trim();
        let folded = text::fold(part);
        let (list, prefix_len) = if folded.starts_with("reportage") {
            (&mut credits.reporters, "reportage".len())
        } else if folded.starts_with("version francaise") {
            (&mut credits.translators, "version francaise".len())
        } else if folded.starts_with("edite par") || folded.starts_with("redige par") {
            (&mut credits.editors, "edite par".len())
        } else {
            continue;
        };
        // The keyword is ASCII once folded but may hold accents in `part`: skip it by characters.
        let skip_chars = prefix_len;
        let names: String = part.chars().skip(skip_chars).collect();
        for name in split_names(names.trim()) {
            list.push(name);
        }
    }
    Some(credits)
}

/// One line of a JSON-lines file, with the fields of the OrangeSum records.
#[derive(Debug, Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    url: Option<String>,
    date: Option<String>,
    title: Option<String>,
    lede: Option<String>,
    paragraphs: Option<Vec<String>>,
    body: Option<String>,
    text: Option<String>,
    authors: Option<Authors>,
    agency: Option<String>,
    section: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Authors {
    One(String),
    Many(Vec<String>),
}

fn read_json_lines(
    path: &Path,
    mut reader: impl BufRead,
    sink: &mut dyn FnMut(Article) -> bool,
) -> FileReport {
    let stem = file_stem(path);
    let stem = stem.strip_suffix(".jsonl").unwrap_or(&stem).to_owned();
    let mut report = FileReport {
        skip: None,
        warnings: Vec::new(),
        encoding: Encoding::Utf8,
        articles: 0,
        lines_skipped: 0,
        cut_off: false,
        not_story: false,
        text_bytes: 0,
        stopped: false,
    };
    let mut line = Vec::new();
    let mut line_number = 0;
    let mut seen_text = false;
    loop {
        line_number += 1;
        line.clear();
        let (complete, too_long) = match read_line_bounded(&mut reader, &mut line) {
            Ok(outcome) => outcome,
            Err(error) => {
                report.warnings.push(Warning {
                    line: Some(line_number),
                    message: format!(
                        "read error, rest of the file skipped (the index keeps the stories it had from it): {error}"
                    ),
                });
                report.cut_off = true;
                break;
            }
        };
        if !complete && line.is_empty() && !too_long {
            break;
        }
        if too_long {
            report.warnings.push(Warning {
                line: Some(line_number),
                message: format!(
                    "line longer than {} MB skipped",
                    MAX_JSON_LINE_BYTES / 1024 / 1024
                ),
            });
            report.lines_skipped += 1;
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            if !complete {
                break;
            }
            continue;
        }
        seen_text = true;
        if is_binary(&line) {
            report.warnings.push(Warning {
                line: Some(line_number),
                message: "binary data, line skipped".to_owned(),
            });
            report.lines_skipped += 1;
            continue;
        }
        let hash = content_hash(&line);
        let (text, encoding) = decode(std::mem::take(&mut line));
        if encoding == Encoding::Windows1252 {
            report.encoding = Encoding::Windows1252;
        }
        match serde_json::from_str::<JsonArticle>(&text) {
            Ok(record) => {
                let mut article = json_article(record, line_number, &mut report.warnings);
                if article.id.is_empty() {
                    article.id = format!("{stem}:{hash:016x}");
                } else if article.id.len() > MAX_ID_BYTES {
                    let short = format!("{stem}:{:016x}", content_hash(article.id.as_bytes()));
                    report.warnings.push(Warning {
                        line: Some(line_number),
                        message: format!(
                            "an id longer than {MAX_ID_BYTES} bytes: the story is named {short}"
                        ),
                    });
                    article.id = short;
                }
                article.path = path.to_string_lossy().into_owned();
                article.line = Some(line_number);
                article.hash = hash;
                report.articles += 1;
                if !sink(article) {
                    report.stopped = true;
                    break;
                }
            }
            Err(error) => {
                report.warnings.push(Warning {
                    line: Some(line_number),
                    message: format!("not a JSON article ({error}), line skipped"),
                });
                report.lines_skipped += 1;
            }
        }
        if !complete {
            break;
        }
    }
    if !seen_text {
        report.skip = Some(Skip::Empty);
    }
    report
}

/// Reads one line into `line`, up to [`MAX_JSON_LINE_BYTES`]. Returns whether a newline ended it
/// and whether it was too long (then the rest of the line was read past and dropped).
fn read_line_bounded(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
) -> std::io::Result<(bool, bool)> {
    let mut too_long = false;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok((false, too_long));
        }
        let (chunk, found) = match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => (&buffer[..end], true),
            None => (buffer, false),
        };
        if !too_long {
            if line.len() + chunk.len() > MAX_JSON_LINE_BYTES {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(found);
        reader.consume(used);
        if found {
            return Ok((true, too_long));
        }
    }
}

fn json_article(record: JsonArticle, line: usize, warnings: &mut Vec<Warning>) -> Article {
    // Without an `id`, the URL names the story; without either, the caller names it by a hash of
    // its line. Never by its line number, which shifts when lines above it are added or deleted.
    let id = match (record.id, &record.url) {
        (Some(serde_json::Value::String(id)), _) if !id.trim().is_empty() => id,
        (Some(serde_json::Value::Number(id)), _) => id.to_string(),
        (_, Some(url)) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => String::new(),
    };
    let date = record.date.as_deref().and_then(|value| {
        let date = parse_date(value);
        if date.is_none() {
            warnings.push(Warning {
                line: Some(line),
                message: format!("cannot read the date \"{value}\": story kept undated"),
            });
        }
        date
    });
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(lede) = record
        .lede
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        paragraphs.push(lede.to_owned());
    }
    match (record.paragraphs, record.body.or(record.text)) {
        (Some(list), _) if !list.is_empty() => paragraphs.extend(
            list.iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
        ),
        (_, Some(body)) => paragraphs.extend(split_paragraphs(&body)),
        _ => {}
    }
    // Many records repeat the lede as their first paragraph: keep it once, or its words would count
    // twice in ranking and its quotes twice.
    if paragraphs.len() > 1 && paragraphs[0] == paragraphs[1] {
        paragraphs.remove(1);
    }
    let mut article = Article {
        id,
        date,
        // A headline is one line: some records end theirs with a newline, or break it in two.
        title: trimmed(record.title).map(|title| title.replace(['\r', '\n'], " ")),
        url: trimmed(record.url),
        agency: trimmed(record.agency),
        section: trimmed(record.section),
        tags: record
            .tags
            .unwrap_or_default()
            .into_iter()
            .filter_map(|tag| trimmed(Some(tag)))
            .collect(),
        ..Article::default()
    };
    if let Some(first) = paragraphs.first_mut()
        && let Some((city, agency, rest)) = split_dateline(first)
    {
        article.city = Some(city);
        article.agency.get_or_insert(agency);
        *first = rest;
    }
    article.authors = match record.authors {
        Some(Authors::One(names)) => split_names(&names),
        Some(Authors::Many(names)) => {
            let mut authors = Vec::new();
            for name in names {
                push_author(&mut authors, &fix_capitals(name.trim()));
            }
            authors
        }
        None => Vec::new(),
    };
    article.paragraphs = paragraphs;
    article
}

/// A field without the white space around it (`"AFP-Services "`, a title ending in a newline), or
/// `None` when nothing is left.
fn trimmed(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(value)
    } else {
        Some(trimmed.to_owned())
    }
}

/// Something met while walking that was not a file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// The entry.
    pub path: PathBuf,
    /// What is wrong, lower case.
    pub message: String,
    /// Whether what lies at `path` may still hold stories that could not be seen (a folder that
    /// could not be read): the index then keeps what it has from there. A dangling symbolic link
    /// or a link loop hides nothing.
    pub hides_files: bool,
}

/// Walks the given roots (files or folders) and returns every file found in them, in a stable order,
/// with a problem per entry that could not be walked (permission denied, symlink loop, dangling
/// link). Folders in `excluded` (the index itself) are not entered; hidden files and folders (a
/// name starting with `.`) are left out unless `hidden`, as ripgrep and fd do. A root is walked
/// even when its own name is hidden.
pub fn walk(
    roots: &[PathBuf],
    excluded: &[PathBuf],
    hidden: bool,
) -> (Vec<PathBuf>, Vec<WalkProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            // Siblings share their folder's path, so whole paths sort as their names do, without
            // taking each path apart for its name at every comparison (`sort_by_file_name`).
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|entry| {
                !excluded.iter().any(|dir| entry.path() == dir)
                    && (hidden || entry.depth() == 0 || !is_hidden(entry.file_name()))
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
                Ok(_) => {}
                Err(error) => {
                    let path = error.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    // A link that leads nowhere (its target gone, or a link to itself) hides no
                    // story.
                    let broken_link = path.symlink_metadata().is_ok_and(|meta| meta.is_symlink())
                        && std::fs::metadata(&path).is_err();
                    let not_found = error
                        .io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                    let (message, hides_files) = if error.loop_ancestor().is_some() {
                        ("symbolic link loop, not followed".to_owned(), false)
                    } else if broken_link && not_found {
                        (
                            "dangling symbolic link (its target is gone): skipped, and what the index had from it is removed".to_owned(),
                            false,
                        )
                    } else if broken_link {
                        let message = error
                            .io_error()
                            .map_or_else(|| error.to_string(), ToString::to_string);
                        (format!("{message}: link skipped"), false)
                    } else {
                        let message = error
                            .io_error()
                            .map_or_else(|| error.to_string(), ToString::to_string);
                        (message, true)
                    };
                    problems.push(WalkProblem {
                        path,
                        message,
                        hides_files,
                    });
                }
            }
        }
    }
    (files, problems)
}

/// A hidden name: one that starts with a dot.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stories of JSON lines given as text.
    fn json_articles(input: &str) -> Vec<Article> {
        let mut articles = Vec::new();
        read_json_lines(
            Path::new("feed.jsonl"),
            std::io::Cursor::new(input.as_bytes()),
            &mut |article| {
                articles.push(article);
                true
            },
        );
        articles
    }
    use proptest::prelude::*;

    proptest::proptest! {
        #[test]
        fn the_nfc_shortcut_agrees_with_the_full_quick_check(
            pieces in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(vec![
                        "e", "é", "e\u{301}", "\u{301}", "\u{327}\u{301}", "\u{301}\u{327}",
                        "’", "«\u{a0}", "\u{202f}", "Å", "\u{212b}", "\u{340}", "ǅ", "ˆ", "\u{2fe}",
                        "가", "\u{1100}\u{1161}", "\u{fb01}", " ",
                    ]).prop_map(str::to_owned),
                    any::<String>(),
                ],
                0..12,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                is_nfc(&text),
                is_nfc_quick(text.chars()) == IsNormalized::Yes,
                "{:?}", text
            );
        }
    }

    fn parse(text: &str) -> (Article, Vec<Warning>) {
        let mut warnings = Vec::new();
        let article = parse_text("doc", text, &mut warnings);
        (article, warnings)
    }

    #[test]
    fn reads_the_reuters_header_dateline_credits_and_byline() {
        let (article, warnings) = parse(
            " date 2022-02 WASHINGTON (Reuters) - Le secrétaire d'Etat a déclaré.\n\nDeuxième paragraphe.\n\n(Reportage Simon Lewis et Humeyra Pamuk; version française Jean Terzian, édité par Sophie Louet)\n\npar Simon Lewis et Humeyra Pamuk\n",
        );
        assert!(warnings.is_empty());
        assert_eq!(
            article.date.as_ref().map(|d| d.text.as_str()),
            Some("2022-02")
        );
        assert_eq!(article.city.as_deref(), Some("WASHINGTON"));
        assert_eq!(article.agency.as_deref(), Some("Reuters"));
        assert_eq!(
            article.paragraphs,
            ["Le secrétaire d'Etat a déclaré.", "Deuxième paragraphe."]
        );
        assert_eq!(article.authors, ["Simon Lewis", "Humeyra Pamuk"]);
        let credits = article.credits.expect("credits");
        assert_eq!(credits.reporters, ["Simon Lewis", "Humeyra Pamuk"]);
        assert_eq!(credits.translators, ["Jean Terzian"]);
        assert_eq!(credits.editors, ["Sophie Louet"]);
    }

    #[test]
    fn afp_byline_in_capitals_is_one_person() {
        let (article, _) = parse(" date 2020-05 Texte.\n\npar Farid FARID\n");
        assert_eq!(article.authors, ["Farid Farid"]);
        assert_eq!(fix_capitals("JEAN-PIERRE DURAND"), "Jean-Pierre Durand");
        assert_eq!(
            fix_capitals("Anne-Sophie LECLERC et al"),
            "Anne-Sophie Leclerc et al"
        );
    }

    #[test]
    fn story_without_dateline_or_date_keeps_its_text() {
        let (article, warnings) = parse(
            " Plusieurs incendies faisaient rage (selon la préfecture) - encore.\n\n- Un intertitre -\n\nFin.",
        );
        assert!(warnings.is_empty());
        assert_eq!(article.date, None);
        assert_eq!(article.city, None);
        assert_eq!(article.paragraphs.len(), 3);
        assert_eq!(article.paragraphs[1], "- Un intertitre -");
    }

    #[test]
    fn bad_date_is_a_warning_not_an_error() {
        let (article, warnings) = parse(" date 2020-13 Texte.");
        assert_eq!(article.date, None);
        assert_eq!(article.paragraphs, ["Texte."]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("2020-13"), "{warnings:?}");
    }

    #[test]
    fn windows_1252_is_decoded_and_nfd_is_composed() {
        let (text, encoding) = decode(b"Le c\x9cur de l'\xc9tat".to_vec());
        assert_eq!(encoding, Encoding::Windows1252);
        assert_eq!(text, "Le cœur de l'État");
        let (text, encoding) = decode("Sergue\u{0069}\u{0308}".as_bytes().to_vec());
        assert_eq!(encoding, Encoding::Utf8);
        assert_eq!(text, "Sergueï");
    }

    #[test]
    fn json_lines_with_bad_lines_keep_the_good_ones() {
        let input = concat!(
            r#"{"id": 7, "date": "2020-07-02T20:48:00+02:00", "title": "Titre", "lede": "Chapô.", "paragraphs": ["Un.", "Deux."], "authors": "Farid FARID", "agency": "AFP", "tags": ["a"]}"#,
            "\n{not json\n[1, 2]\n\n",
            r#"{"body": "Premier.\n\nSecond.", "authors": ["A B", "C D"]}"#,
            "\n",
            r#"{"id": "x", "title": "cut"#,
        );
        let mut articles = Vec::new();
        let report = read_json_lines(
            Path::new("dir/feed.jsonl"),
            std::io::Cursor::new(input.as_bytes()),
            &mut |article| {
                articles.push(article);
                true
            },
        );
        assert_eq!(report.articles, 2);
        let lines: Vec<_> = report.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(6)]);
        assert_eq!(articles[0].id, "7");
        assert_eq!(articles[0].paragraphs, ["Chapô.", "Un.", "Deux."]);
        assert_eq!(articles[0].authors, ["Farid Farid"]);
        // No id and no URL: named by a hash of the line, not by its number.
        assert_eq!(
            articles[1].id,
            format!(
                "feed:{:016x}",
                content_hash(input.lines().nth(4).unwrap().as_bytes())
            )
        );
        assert_eq!(articles[1].paragraphs, ["Premier.", "Second."]);
        assert_eq!(articles[1].authors, ["A B", "C D"]);
    }

    // See: issue 13 (a title kept its trailing newline, `AFP-Services ` its trailing space).
    #[test]
    fn json_fields_are_trimmed() {
        let input = r#"{"id": " 9 ", "url": " https://x.fr/a \n", "title": "Le titre\n", "agency": "AFP-Services ", "section": "  ", "tags": [" a ", " "], "lede": "Texte."}"#;
        let articles = json_articles(input);
        let article = &articles[0];
        assert_eq!(article.title.as_deref(), Some("Le titre"));
        assert_eq!(article.agency.as_deref(), Some("AFP-Services"));
        assert_eq!(article.url.as_deref(), Some("https://x.fr/a"));
        assert_eq!(article.section, None);
        assert_eq!(article.tags, ["a"]);
        let broken = r#"{"id": 1, "title": " Un titre\r\nen deux ", "lede": "Texte."}"#;
        assert_eq!(
            json_articles(broken)[0].title.as_deref(),
            Some("Un titre  en deux")
        );
    }

    #[test]
    fn a_lede_repeated_as_first_paragraph_is_kept_once() {
        let input = r#"{"id": 1, "lede": "Le chapô.", "paragraphs": ["Le chapô.", "La suite."]}"#;
        let articles = json_articles(input);
        assert_eq!(articles[0].paragraphs, ["Le chapô.", "La suite."]);
    }

    #[test]
    fn bounded_line_reader_skips_a_huge_line() {
        let mut input = vec![b'x'; MAX_JSON_LINE_BYTES + 10];
        input.extend_from_slice(b"\n{}\n");
        let mut reader = std::io::Cursor::new(input);
        let mut line = Vec::new();
        assert_eq!(
            read_line_bounded(&mut reader, &mut line).unwrap(),
            (true, true)
        );
        line.clear();
        assert_eq!(
            read_line_bounded(&mut reader, &mut line).unwrap(),
            (true, false)
        );
        assert_eq!(line, b"{}");
    }
}
