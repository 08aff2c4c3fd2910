//! French text analysis: how a story's text and a user's query become index terms.
//!
//! One pipeline serves indexing and querying, so that whatever a reader types meets what the story
//! says: `Serguei` meets `Sergueï`, `Etat` meets `État`, `Ukraine` meets `l’Ukraine` and `retirer`
//! meets `retiré`. Two analyzers are registered on every index:
//!
//! - [`FRENCH`] for running text (title, lede, body, quotes): words, elision, folding, French stop
//!   words removed, Snowball French stemming.
//! - [`FRENCH_NAME`] for names (authors, dateline city, agency, speakers): the same words and folding,
//!   but no stemming and no stop words, because `Jean de La Fontaine` is not an inflected verb.
//!
//! The order of the filters is fixed and held by a test: the tokenizer splits words and drops elided
//! articles, [`FoldFilter`] lower-cases and removes diacritics, then [`FrenchStemmer`] drops stop
//! words (folded too) and stems the rest, behind one memo. Folding before stemming costs the stemmer some precision on accented
//! endings, but it makes `securite` and `sécurité` stem alike, which a query typed without accents needs.
//!
//! This module does no I/O.

use rustc_hash::FxHashMap;
use tantivy::Index;
use tantivy::tokenizer::{
    RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Name of the analyzer for running French text.
pub const FRENCH: &str = "french";
/// Name of the analyzer for personal names, places and organisations.
pub const FRENCH_NAME: &str = "french_name";
/// Name of tantivy's built-in analyzer that keeps a value as one term.
pub const RAW: &str = "raw";

/// Tokens longer than this many bytes are dropped: no French word comes near, and a 1 MB "word"
/// must not become a term.
const MAX_TOKEN_BYTES: usize = 64;

/// Articles and conjunctions that French elides before a vowel (`l'État`, `qu'il`, `jusqu'à`).
const ELIDED: [&str; 13] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Registers the depeche analyzers on an index. Analyzers are not stored in the index, so this runs
/// every time an [`Index`] is created or opened.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(FRENCH, french_analyzer());
    tokenizers.register(FRENCH_NAME, name_analyzer());
}

/// The analyzer for running text: words, folding, stop words, stemming.
pub fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FoldFilter)
        .filter(FrenchStemmer::new())
        .build()
}

/// The analyzer for names: words and folding only.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FoldFilter)
        .build()
}

/// tantivy's French stop list (Snowball's), folded the way [`FoldFilter`] folds tokens, since stop
/// words are checked after folding. tantivy keeps its list private, so it is copied here as tantivy
/// 0.27 ships it (`src/tokenizer/stop_word_filter/stopwords.rs`).
fn folded_stop_words() -> Vec<String> {
    let mut words: Vec<String> = FRENCH_STOP_WORDS.iter().map(|word| fold(word)).collect();
    words.sort();
    words.dedup();
    words
}

const FRENCH_STOP_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il",
    "je", "la", "le", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos",
    "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses",
    "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "c", "d",
    "j", "l", "à", "m", "n", "s", "t", "y", "étée", "étées", "étant", "suis", "es", "êtes", "sont",
    "serai", "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez",
    "seraient", "étais", "était", "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes",
    "furent", "sois", "soit", "soyons", "soyez", "soient", "fusse", "fusses", "fussions",
    "fussiez", "fussent", "ayant", "eu", "eue", "eues", "eus", "ai", "avons", "avez", "ont",
    "aurai", "aurons", "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient",
    "avais", "avait", "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait",
    "ayons", "ayez", "aient", "eusse", "eusses", "eût", "eussions", "eussiez", "eussent", "ceci",
    "cela", "celà", "cet", "cette", "ici", "ils", "les", "leurs", "quel", "quels", "quelle",
    "quelles", "sans", "soi",
];

/// Lower-cases a word and removes its diacritics: `SERGUEÏ` → `serguei`, `Œuvre` → `oeuvre`.
/// Compatibility decomposition (NFKD) also makes a composed `é` and `e` + U+0301 the same, and
/// turns ligatures such as `ﬁ` into their letters.
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    fold_into(word, &mut folded);
    folded
}

fn fold_into(word: &str, folded: &mut String) {
    folded.clear();
    if word.is_ascii() {
        folded.push_str(word);
        folded.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        // French letters fold without the decomposition tables; anything else goes through NFKD.
        if let Some(plain) = fold_latin(c) {
            folded.push_str(plain);
            continue;
        }
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
            continue;
        }
        for c in std::iter::once(c).nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            match c {
                'œ' | 'Œ' => folded.push_str("oe"),
                'æ' | 'Æ' => folded.push_str("ae"),
                'ß' => folded.push_str("ss"),
                _ => folded.extend(c.to_lowercase()),
            }
        }
    }
}

/// The folded form of the accented letters and ligatures of French (and of the Latin-1 range),
/// the same as NFKD without combining marks and lower-cased would give.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

/// True for the characters that make up words: letters, digits and combining marks (so that a
/// decomposed `é`, e + U+0301, stays inside its word).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// True for the apostrophes French text uses: straight, typographic and the modifier letter.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´')
}

/// Splits text into words on anything that is not a letter, digit or combining mark, and drops an
/// elided article or conjunction (`l'`, `qu’`, `jusqu'`) stuck to the next word by an apostrophe.
/// Offsets point into the original text, so snippets highlight the accented words as written.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrenchTokenizer;

/// The token stream of [`FrenchTokenizer`].
pub struct FrenchTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: Token,
}

impl Tokenizer for FrenchTokenizer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        FrenchTokenStream {
            text,
            cursor: 0,
            token: Token {
                position: usize::MAX,
                ..Token::default()
            },
        }
    }
}

impl FrenchTokenStream<'_> {
    /// Finds the next word at or after the cursor, as a byte range.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = &self.text[self.cursor..];
        let start = self.cursor + rest.find(is_word_char)?;
        let end = self.text[start..]
            .find(|c: char| !is_word_char(c))
            .map_or(self.text.len(), |length| start + length);
        self.cursor = end;
        Some((start, end))
    }

    /// True when the word ending at `end` is an elided article followed by an apostrophe and a word.
    fn is_elided(&self, start: usize, end: usize) -> bool {
        let word = &self.text[start..end];
        if word.len() > 7 || !word.is_ascii() {
            return false;
        }
        let mut after = self.text[end..].chars();
        let apostrophe = after.next().is_some_and(is_apostrophe);
        let then_word = after.next().is_some_and(is_word_char);
        apostrophe
            && then_word
            && ELIDED
                .iter()
                .any(|elided| elided.eq_ignore_ascii_case(word))
    }
}

impl TokenStream for FrenchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, end)) = self.next_word() else {
                return false;
            };
            if self.is_elided(start, end) {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(&self.text[start..end]);
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.token.position.wrapping_add(1);
            self.token.position_length = 1;
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Lower-cases tokens and removes their diacritics (see [`fold`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldFilter;

/// The tokenizer that [`FoldFilter`] wraps around another.
#[derive(Clone)]
pub struct FoldTokenizer<T> {
    inner: T,
}

impl TokenFilter for FoldFilter {
    type Tokenizer<T: Tokenizer> = FoldTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldTokenizer<T> {
        FoldTokenizer { inner: tokenizer }
    }
}

impl<T: Tokenizer> Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldTokenStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

/// The token stream of [`FoldFilter`].
pub struct FoldTokenStream<T> {
    tail: T,
    buffer: String,
}

impl<T: TokenStream> TokenStream for FoldTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            fold_into(&token.text, &mut self.buffer);
            std::mem::swap(&mut token.text, &mut self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// French stop words, then Snowball's French stemmer (the one tantivy's `Stemmer` runs), behind one
/// memo. Words repeat (a Zipf law): stemming was a third of indexing time before the memo, and the
/// memo also answers "is this a stop word?" (a stop word maps to `None`), so each token costs one
/// hash lookup. Each clone of the analyzer (one per indexing thread) keeps its own memo, so no lock
/// is taken. Stop words are checked on folded words, before stemming: the order the tests pin.
#[derive(Clone)]
pub struct FrenchStemmer {
    memo: FxHashMap<String, Option<String>>,
}

/// The memo is reset when it holds this many words, which bounds its memory to a few MB.
const STEM_MEMO_WORDS: usize = 100_000;

impl FrenchStemmer {
    /// A stemmer whose memo knows the stop words.
    pub fn new() -> FrenchStemmer {
        let mut memo = FxHashMap::default();
        reset_memo(&mut memo);
        FrenchStemmer { memo }
    }
}

impl Default for FrenchStemmer {
    fn default() -> FrenchStemmer {
        FrenchStemmer::new()
    }
}

/// Empties a memo but for the stop words (tantivy's French list, folded: see [`FRENCH_STOP_WORDS`]).
fn reset_memo(memo: &mut FxHashMap<String, Option<String>>) {
    memo.clear();
    for word in folded_stop_words() {
        memo.insert(word, None);
    }
}

impl TokenFilter for FrenchStemmer {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<T> {
        StemTokenizer {
            inner: tokenizer,
            memo: self.memo,
        }
    }
}

/// The tokenizer that [`FrenchStemmer`] wraps around another.
#[derive(Clone)]
pub struct StemTokenizer<T> {
    inner: T,
    memo: FxHashMap<String, Option<String>>,
}

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() >= STEM_MEMO_WORDS {
            reset_memo(&mut self.memo);
        }
        StemTokenStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::French),
        }
    }
}

/// The token stream of [`FrenchStemmer`].
pub struct StemTokenStream<'a, T> {
    tail: T,
    memo: &'a mut FxHashMap<String, Option<String>>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for StemTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        loop {
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token_mut();
            match self.memo.get(&token.text) {
                // A stop word: skipped, its position left as a gap for phrases.
                Some(None) => continue,
                Some(Some(stem)) => {
                    token.text.clear();
                    token.text.push_str(stem);
                }
                None => {
                    let stem = self
                        .stemmer
                        .stem(feminine_to_masculine(&token.text))
                        .into_owned();
                    let word = std::mem::replace(&mut token.text, stem.clone());
                    self.memo.insert(word, Some(stem));
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Folding turns a feminine participle's `ée`/`ées` into `ee`/`ees`, which Snowball, written for
/// accented text, no longer recognises: `retirée` would stem to `retire` but `retiré` to `retir`.
/// Cutting the feminine ending first gives both the masculine's stem.
fn feminine_to_masculine(word: &str) -> &str {
    if let Some(stem) = word.strip_suffix("ees") {
        &word[..stem.len() + 1]
    } else if let Some(stem) = word.strip_suffix("ee") {
        &word[..stem.len() + 1]
    } else {
        word
    }
}

/// Runs an analyzer over a text and returns its terms, for queries and tests.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french(text: &str) -> Vec<String> {
        terms(&mut french_analyzer(), text)
    }

    fn name(text: &str) -> Vec<String> {
        terms(&mut name_analyzer(), text)
    }

    /// Each pair must give the same terms: what a reader types must meet what the story wrote.
    #[test]
    fn what_a_reader_types_meets_what_the_story_wrote() {
        let same = [
            ("Serguei", "Sergueï"),
            ("SERGUEÏ", "Sergueï"),
            ("Etat", "État"),
            ("ETAT", "état"),
            ("Ukraine", "l'Ukraine"),
            ("Ukraine", "l’Ukraine"),
            ("Ukraine", "L’UKRAINE"),
            ("retirer", "retiré"),
            ("retirer", "retirée"),
            ("retirer", "retirées"),
            ("retirer", "retirés"),
            ("blessé", "blessées"),
            ("coeur", "cœur"),
            ("COEUR", "Cœur"),
            ("Etat", "E\u{0301}tat"),
            ("sécurité", "securite"),
            ("il", "qu'il"),
            ("armée", "jusqu’à l'armée"),
            ("« porte-parole »", "porte\u{00a0}parole"),
        ];
        for (typed, written) in same {
            assert_eq!(french(typed), french(written), "{typed} / {written}");
            assert!(
                !french(written).is_empty() || typed == "il",
                "{written} gives no term"
            );
        }
    }

    #[test]
    fn names_are_folded_but_not_stemmed() {
        assert_eq!(name("Sergueï LAVROV"), ["serguei", "lavrov"]);
        assert_eq!(
            name("Jean de La Fontaine"),
            ["jean", "de", "la", "fontaine"]
        );
        assert_eq!(name("Antony Blinken"), name("antony blinken"));
        // Stemming would make "Marines" (a name) and "marine" one term.
        assert_eq!(name("Marines"), ["marines"]);
    }

    #[test]
    fn porte_parole_is_two_terms_in_a_row() {
        let mut analyzer = french_analyzer();
        let mut stream = analyzer.token_stream("le porte-parole du Kremlin");
        let mut tokens = Vec::new();
        while stream.advance() {
            let token = stream.token();
            tokens.push((token.text.clone(), token.position));
        }
        // Stop words leave gaps in positions, so "porte-parole du Kremlin" as a phrase still
        // needs the words in that order.
        assert_eq!(
            tokens,
            [
                ("port".into(), 1),
                ("parol".into(), 2),
                ("kremlin".into(), 4)
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "À l’État, Sergueï a dit";
        let mut analyzer = french_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut spans = Vec::new();
        while stream.advance() {
            let token = stream.token();
            spans.push(&text[token.offset_from..token.offset_to]);
        }
        assert_eq!(spans, ["État", "Sergueï", "dit"]);
    }

    /// The order of the filters is part of the index format: this pins it.
    /// Folding comes before stop words (tantivy's list holds `été`, `même`: folded here so
    /// `ete` and `meme` are removed too) and before stemming (so `securite` and `sécurité` agree).
    #[test]
    fn filter_order_is_fold_then_stop_words_then_stem() {
        assert_eq!(french("MÊME Ces"), Vec::<String>::new());
        assert_eq!(french("Les élections"), ["elect"]);
        assert_eq!(french("SÉCURITÉ"), french("securite"));
        // Elision drops the article only when an apostrophe and a word follow.
        assert_eq!(
            name("l'Ukraine d' aujourd'hui"),
            ["ukraine", "d", "aujourd", "hui"]
        );
    }

    #[test]
    fn the_latin_fast_path_folds_as_nfkd_does() {
        for c in ('\u{c0}'..='\u{17f}').chain(['œ', 'Œ', 'æ', 'Æ', 'ß']) {
            let Some(fast) = fold_latin(c) else { continue };
            let slow: String = std::iter::once(c)
                .nfkd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            let slow = match slow.as_str() {
                "œ" => "oe".to_owned(),
                "æ" => "ae".to_owned(),
                "ß" => "ss".to_owned(),
                _ => slow,
            };
            assert_eq!(fast, slow, "{c}");
        }
    }

    #[test]
    fn overlong_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(french(&format!("début {long} fin")), ["debut", "fin"]);
    }

    #[test]
    fn memo_gives_the_same_stems_as_the_stemmer() {
        let mut analyzer = french_analyzer();
        let first = terms(&mut analyzer, "retirer retiré retirées élections");
        let again = terms(&mut analyzer, "retirer retiré retirées élections");
        assert_eq!(first, again);
        assert_eq!(first, ["retir", "retir", "retir", "elect"]);
    }
}
