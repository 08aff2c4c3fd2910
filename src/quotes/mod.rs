//! Quotation extraction and speaker attribution for French wire stories.
//!
//! [`extract_quotes`] takes a story's body paragraphs and returns every direct quotation in them
//! (text between `"…"`, `« … »` or `“…”`) with the speaker the story gives it. It owns:
//! - pairing quotation marks, including stray, doubled and unclosed marks (`marks`);
//! - telling speech from titles, labels, intertitles and pieces under three words;
//! - finding the reporting clause (`a déclaré X`, `a-t-il ajouté`, `selon X`, `X a estimé que`)
//!   with a lexicon of reporting verbs generated from lemmas (`lexicon`);
//! - resolving the mention to the fullest name the story gives, with the role and gender a title
//!   shows (`M.`, `la ministre`) so that `il` and `elle` and bare titles find their person
//!   (`speakers`).
//!
//! It leaves out indirect speech (`il a déclaré que …` without marks), reading the story file
//! (the caller strips the date line, the dateline, the credits and the byline), and any I/O.
//! It never fails: messy input gives fewer or less well attributed quotes, not errors.
//!
//! The work is linear in the story, and most of the story is only scanned, not read word by
//! word: a byte scan finds the quotation marks (`scan`, `marks`); paragraphs with a quote are
//! tokenized around their quotes, while paragraphs without one only have their sentences that may
//! name a person (two capitalised words in a row, or a title and a name) tokenized, to feed the
//! registry of names and roles. The story's people are kept in hash maps as they are met, so no
//! quote triggers a rescan of the story. A story without a single quotation mark returns at once.

mod attribution;
mod lexicon;
mod marks;
pub mod model;
mod scan;
pub mod score;
mod speakers;
mod tokens;
pub mod train;

pub use attribution::Candidate;
pub use model::Model;

use attribution::{Pattern, RuleChoice};
use lexicon::{fold_into, introduces_title, is_adverb, is_auxiliary, is_reporting_verb};
use marks::{Shape, Span, find_spans};
use speakers::{
    Gender, Mention, MentionKind, Registry, parse_noun_phrase, parse_subject_phrase, span_text,
    starts_noun_phrase,
};
use tokens::{Kind, Tokens};

/// One direct quotation found in a story.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    /// The exact characters between the marks, marks excluded.
    pub text: String,
    /// The speaker resolved within the story: fullest name, else the description, else None.
    pub speaker: Option<String>,
    /// How the speaker is mentioned at the quote ("le ministre", "il", "M. Namaki", "Antony Blinken").
    pub mention: Option<String>,
    /// Role or title the story gives the speaker ("ministre de la Santé"), if any.
    pub role: Option<String>,
    /// The reporting verb as written ("a déclaré", "a-t-il ajouté", "selon"), if any.
    pub verb: Option<String>,
    /// Index of the paragraph (in the slice given to extract_quotes) holding the quote.
    pub paragraph: usize,
    /// Byte offset of `text` within that paragraph.
    pub offset: usize,
    /// How sure the attribution is, 0 to 1: the scorer's probability that `speaker` is right.
    pub confidence: f32,
}

/// Fewest space-separated words a quotation needs; shorter pieces are labels or scare quotes.
const MIN_WORDS: usize = 3;

/// How far, in tokens, an attribution is looked for after a quote within its sentence.
const MAX_INCISE_DISTANCE: usize = 60;

/// Finds the direct quotations of a story and attributes each to its speaker.
///
/// `paragraphs` are the story's body paragraphs in order, without the date prefix, the
/// `CITY (Agency) - ` dateline, the credits line and the byline. AFP intertitles (`- Titre -`)
/// may be included; they never yield quotes. Quotes are returned in text order.
///
/// ```
/// let quotes = depeche::quotes::extract_quotes(&[
///     "Le ministre de la Santé, Saïd Namaki, a déclaré : \"Nous sommes prêts à tout.\"",
///     "\"La situation est sous contrôle\", a-t-il ajouté.",
/// ]);
/// assert_eq!(quotes[1].speaker.as_deref(), Some("Saïd Namaki"));
/// ```
pub fn extract_quotes(paragraphs: &[&str]) -> Vec<Quote> {
    extract_quotes_with(paragraphs, Model::shipped())
}

/// [`extract_quotes`] with another attribution model than the shipped one (cross-validation).
pub fn extract_quotes_with(paragraphs: &[&str], model: &Model) -> Vec<Quote> {
    run_extractor(paragraphs, model, false).0
}

/// Runs the extractor; with `tracing`, also returns each quote's scored candidates.
fn run_extractor(
    paragraphs: &[&str],
    model: &Model,
    tracing: bool,
) -> (Vec<Quote>, Vec<Vec<Candidate>>) {
    // Most of the cost is reading names and clauses; a story without a single quotation mark
    // needs none of it. (`0xC2` and `0xE2` lead the UTF-8 encodings of `«»` and `“”„`.)
    let has_marks = paragraphs
        .iter()
        .any(|p| scan::next_mark(p.as_bytes(), 0).is_some());
    if !has_marks {
        return (Vec::new(), Vec::new());
    }
    thread_local! {
        // Indexing calls this once per story on a few threads; reusing the buffers saves the
        // allocations that would otherwise dominate short stories.
        static EXTRACTOR: std::cell::RefCell<Extractor> = std::cell::RefCell::new(Extractor::default());
    }
    let run = |extractor: &mut Extractor| {
        if extractor.model != *model {
            extractor.model = model.clone();
        }
        extractor.tracing = tracing;
        let quotes = extractor.run(paragraphs);
        let trace = if tracing {
            let trace = std::mem::take(&mut extractor.trace);
            extractor
                .quote_trace
                .iter()
                .map(|&index| trace.get(index).cloned().unwrap_or_default())
                .collect()
        } else {
            Vec::new()
        };
        (quotes, trace)
    };
    EXTRACTOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut extractor) => run(&mut extractor),
        Err(_) => run(&mut Extractor::default()),
    })
}

/// The offset of the next `", "` at or after `from`.
fn find_comma_space(bytes: &[u8], from: usize) -> Option<usize> {
    let mut index = from;
    loop {
        let comma = scan::next_byte(bytes, index, b',')?;
        if bytes.get(comma + 1) == Some(&b' ') {
            return Some(comma);
        }
        index = comma + 1;
    }
}

/// Where a quote's attribution was found.
#[derive(Debug, Clone, Copy)]
struct Cue {
    /// Token range of the reporting verb group (or `selon`).
    verb: (usize, usize),
    mention: Option<Mention>,
}

/// Reusable buffers and the story's running state.
#[derive(Default)]
struct Extractor {
    registry: Registry,
    spans: Vec<Span>,
    tokens: Tokens,
    inner: Tokens,
    sentence_of: Vec<usize>,
    sentence_end: Vec<usize>,
    scratch: String,
    /// Each paragraph's tokens and spans from the first pass, reused by the second.
    paragraph_tokens: Vec<Tokens>,
    paragraph_spans: Vec<Vec<Span>>,
    /// The person or body last quoted or last named as a subject.
    focus: Option<usize>,
    /// The next of the registry's name events to apply.
    next_event: usize,
    /// The group or body last quoted or named as a subject, for `ils`/`elles`.
    group_focus: Option<usize>,
    /// The person last quoted or named as a subject, for titles and epithets.
    person_focus: Option<usize>,
    /// The last person in focus not known to be a woman, for an `il` while a woman is in focus.
    last_not_feminine: Option<usize>,
    /// The last woman in focus, for an `elle` while a man is in focus.
    last_feminine: Option<usize>,
    /// The next of the registry's person mentions to apply, and the last person named.
    next_mention: usize,
    last_named: Option<usize>,
    /// The attribution model.
    model: Model,
    /// The speaker of the last quote attributed.
    previous_speaker: Option<usize>,
    /// Per entity: how often the story named it so far, and the paragraph where it was last
    /// named or quoted.
    mention_counts: Vec<u32>,
    seen_at: Vec<Option<usize>>,
    /// Per entity: the paragraph where it was last named as a subject.
    subject_at: Vec<Option<usize>>,
    /// Whether to keep every quote's scored candidates (training), and them: `trace` holds one
    /// list per attribution, `quote_trace` the attribution of each quote pushed.
    tracing: bool,
    trace: Vec<Vec<Candidate>>,
    quote_trace: Vec<usize>,
    /// The candidates of the quote being attributed (a buffer reused from quote to quote).
    pending: Vec<attribution::Pending>,
}

/// Whether a paragraph is an AFP intertitle (`- Diplomatie de la santé -`).
fn is_intertitle(paragraph: &str) -> bool {
    let trimmed = paragraph.trim();
    let dash = |c: char| matches!(c, '-' | '–' | '—');
    trimmed.starts_with(dash) && (trimmed.ends_with(dash) || trimmed.len() < 120)
}

/// Whether a text has at least `MIN_WORDS` space-separated words, as the guidelines count them;
/// pieces without a letter or a digit (stray marks, dashes) are not words.
fn has_min_words(text: &str) -> bool {
    text.split_whitespace()
        .filter(|word| is_word(word))
        .nth(MIN_WORDS - 1)
        .is_some()
}

/// Whether a space-separated piece counts as a word: it holds a letter or a digit.
fn is_word(piece: &str) -> bool {
    piece.bytes().any(|b| b.is_ascii_alphanumeric())
        || !piece.is_ascii() && piece.chars().any(char::is_alphanumeric)
}

/// Whether a quoted text reads as a title or a label: several capitalised words and no
/// lowercase word of four letters or more (`Le Chant des Limules`), but not shouted speech.
fn looks_like_title(text: &str) -> bool {
    let mut capitalized = 0;
    let mut has_lowercase = false;
    for word in text.split_whitespace() {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let first = word.chars().find(|c| c.is_alphabetic());
        match first {
            Some(c) if c.is_uppercase() => capitalized += 1,
            Some(_) if letters >= 4 => return false,
            _ => {}
        }
        has_lowercase |= word.chars().any(char::is_lowercase);
    }
    capitalized >= 2 && has_lowercase
}

/// The pronoun of an inverted verb form (`a-t-il`, `estime-t-elle`, `dit-on`) and its verb part.
fn split_inversion(folded: &str) -> Option<(&str, &str)> {
    // Checked by suffix rather than by searching for the hyphen: this runs on most words near
    // quotes, and nearly all of them fail on the last byte.
    let pronoun = ["-il", "-elle", "-ils", "-elles", "-on"]
        .into_iter()
        .find(|suffix| folded.ends_with(suffix))?;
    let head = &folded[..folded.len() - pronoun.len()];
    let pronoun = &pronoun[1..];
    let head = head.strip_suffix("-t").unwrap_or(head);
    Some((head, pronoun))
}

/// A verb group at token `start`: auxiliaries, clitics and adverbs, then a reporting verb.
/// Returns the group's end (exclusive), the main verb's index, and whether the subject is an
/// inverted pronoun (`a-t-il ajouté`).
fn verb_group(tokens: &Tokens, start: usize, limit: usize) -> Option<(usize, usize, bool)> {
    let mut inverted = false;
    let mut index = start;
    while index < limit && index < start + 7 {
        let token = tokens.list.get(index)?;
        if token.kind != Kind::Word {
            return None;
        }
        let word = tokens.folded(token);
        if let Some((head, _)) = split_inversion(word) {
            if is_reporting_verb(head) {
                return Some((index + 1, index, true));
            }
            if is_auxiliary(head) || matches!(head, "peut" | "pouvait" | "faut") {
                inverted = true;
                index += 1;
                continue;
            }
            return None;
        }
        if is_reporting_verb(word) && !(index == start && matches!(word, "dit"))
            || is_reporting_verb(word) && index > start
        {
            return Some((index + 1, index, inverted));
        }
        if word == "dit" {
            return Some((index + 1, index, inverted));
        }
        if is_auxiliary(word)
            || index > start
                && (is_adverb(word)
                    || matches!(word, "a" | "pour" | "sa" | "part" | "de" | "son" | "cote"))
        {
            index += 1;
            continue;
        }
        return None;
    }
    None
}

impl Extractor {
    fn run(&mut self, paragraphs: &[&str]) -> Vec<Quote> {
        self.registry.clear();
        self.focus = None;
        self.group_focus = None;
        self.person_focus = None;
        self.last_not_feminine = None;
        self.last_feminine = None;
        self.next_mention = 0;
        self.last_named = None;
        self.next_event = 0;
        self.previous_speaker = None;
        self.mention_counts.clear();
        self.seen_at.clear();
        self.subject_at.clear();
        self.trace.clear();
        self.quote_trace.clear();
        // First pass: the names and roles the story gives, so that a title used before the
        // name (or a surname used before the full name) resolves to the fullest name. The
        // spans and tokens are kept for the second pass, in buffers reused from story to story.
        while self.paragraph_tokens.len() < paragraphs.len() {
            self.paragraph_tokens.push(Tokens::default());
            self.paragraph_spans.push(Vec::new());
        }
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let spans = &mut self.paragraph_spans[index];
            spans.clear();
            find_spans(paragraph, spans);
            let tokens = &mut self.paragraph_tokens[index];
            if spans.is_empty() {
                tokens.fill_names(paragraph);
            } else {
                tokens.fill(paragraph, spans);
            }
            self.registry.learn_paragraph(paragraph, tokens, index);
        }
        self.registry.finish_learning();
        let mut quotes = Vec::new();
        // Nothing after the last quoted span can change an attribution.
        let last_quoted = self.paragraph_spans[..paragraphs.len()]
            .iter()
            .rposition(|spans| !spans.is_empty());
        let Some(last_quoted) = last_quoted else {
            return quotes;
        };
        for (index, paragraph) in paragraphs.iter().enumerate().take(last_quoted + 1) {
            if is_intertitle(paragraph) {
                continue;
            }
            std::mem::swap(&mut self.tokens, &mut self.paragraph_tokens[index]);
            std::mem::swap(&mut self.spans, &mut self.paragraph_spans[index]);
            self.paragraph(paragraph, index, &mut quotes);
            std::mem::swap(&mut self.tokens, &mut self.paragraph_tokens[index]);
            std::mem::swap(&mut self.spans, &mut self.paragraph_spans[index]);
        }
        // Very long stories should not pin their buffers in the thread's extractor forever.
        if self.paragraph_tokens.len() > 4096 {
            self.paragraph_tokens.truncate(256);
            self.paragraph_spans.truncate(256);
        }
        quotes
    }

    /// Splits the tokens into sentences: `sentence_of[token]` is the sentence's first token and
    /// `sentence_end[token]` its end (exclusive).
    fn split_sentences(&mut self) {
        let list = &self.tokens.list;
        self.sentence_of.clear();
        self.sentence_end.clear();
        let mut start = 0;
        for (index, token) in list.iter().enumerate() {
            self.sentence_of.push(start);
            let ends = matches!(token.kind, Kind::Punct('.' | '!' | '?' | '…'))
                && list.get(index + 1).is_none_or(|next| {
                    next.capitalized || matches!(next.kind, Kind::Quote(_) | Kind::Punct('-' | '('))
                })
                && !(token.kind == Kind::Punct('.')
                    && index > 0
                    && list[index - 1].kind == Kind::Word
                    && list[index - 1].capitalized
                    && list[index - 1].end - list[index - 1].start <= 3);
            if ends {
                start = index + 1;
            }
        }
        // Fill the ends backwards.
        self.sentence_end.resize(list.len(), list.len());
        let mut end = list.len();
        for index in (0..list.len()).rev() {
            self.sentence_end[index] = end;
            if self.sentence_of[index] == index {
                end = index;
            }
        }
    }

    fn paragraph(&mut self, paragraph: &str, paragraph_index: usize, quotes: &mut Vec<Quote>) {
        self.split_sentences();
        let mut pending_without_cue = Vec::new();
        let mut quotes_at_sentence_start = quotes.len();
        for token_index in 0..self.tokens.list.len() {
            // A person named as a possible subject comes into focus.
            while let Some(&(event_paragraph, event_token, entity)) =
                self.registry.name_events.get(self.next_event)
            {
                if (event_paragraph, event_token) > (paragraph_index, token_index) {
                    break;
                }
                self.set_focus(entity);
                self.next_event += 1;
                if self.subject_at.len() <= entity {
                    self.subject_at.resize(entity + 1, None);
                }
                self.subject_at[entity] = Some(paragraph_index);
            }
            while let Some(&(mention_paragraph, mention_token, entity)) =
                self.registry.person_mentions.get(self.next_mention)
            {
                if (mention_paragraph, mention_token) > (paragraph_index, token_index) {
                    break;
                }
                self.last_named = Some(entity);
                self.next_mention += 1;
                if self.mention_counts.len() <= entity {
                    self.mention_counts.resize(entity + 1, 0);
                    self.seen_at.resize(entity + 1, None);
                    self.subject_at.resize(entity + 1, None);
                }
                self.mention_counts[entity] += 1;
                self.seen_at[entity] = Some(paragraph_index);
            }
            if self.sentence_of[token_index] == token_index {
                quotes_at_sentence_start = quotes.len();
            }
            if let Kind::Quote(span_index) = self.tokens.list[token_index].kind {
                let span = self.spans[span_index as usize];
                let before = quotes.len();
                let had_cue = self.quote(paragraph, paragraph_index, token_index, span, quotes);
                if !had_cue && quotes.len() > before {
                    pending_without_cue.push(before);
                }
            }
            // A reporting clause that gave no quote brings its subject into focus
            // (`a rapporté un haut représentant du département d'Etat`).
            if token_index + 1 == self.sentence_end[token_index]
                && quotes.len() == quotes_at_sentence_start
            {
                self.clause_focus(paragraph, paragraph_index, self.sentence_of[token_index]);
            }
        }
        // A quote with no attribution and nobody in focus takes the next attribution of the
        // paragraph (`"Q1." "Q2", a-t-il dit.` at the start of a story).
        for &index in pending_without_cue.iter().rev() {
            if quotes[index].speaker.is_none()
                && let Some(next) = quotes[index + 1..]
                    .iter()
                    .find(|q| q.speaker.is_some())
                    .cloned()
            {
                let quote = &mut quotes[index];
                quote.speaker = next.speaker;
                quote.role = next.role;
                quote.confidence = next.confidence;
            }
        }
    }

    /// Brings the subject of a sentence's reporting clause into focus, when the sentence gave no
    /// quote: a person's name (`a confié Barack Obama`), a description holding a name, or a
    /// definite body (`a indiqué le parquet`). An indefinite description (`un journaliste`) is
    /// left out: it introduces someone the story names later. A plural one (`ont indiqué les
    /// pompiers du comté`) only becomes the group that a later `ils` refers to.
    fn clause_focus(&mut self, paragraph: &str, paragraph_index: usize, sentence_start: usize) {
        let end = self.sentence_end[sentence_start];
        let Some(Cue {
            mention: Some(mention),
            ..
        }) = self.cue_before(sentence_start, end)
        else {
            return;
        };
        let plural = match mention.kind {
            MentionKind::Name {
                name_start,
                name_end,
            } => {
                if name_end <= name_start + 1 && name_start == mention.start {
                    return;
                }
                false
            }
            MentionKind::Description { det, head, name } => {
                let det = self.tokens.word(det);
                let head = self.tokens.word(head);
                let definite_body =
                    matches!(det, "le" | "la" | "l'") && lexicon::is_organisation_noun(head);
                if name.is_some() || definite_body {
                    false
                } else if det == "les" && !self.tokens.list[mention.start + 1].capitalized {
                    true
                } else {
                    return;
                }
            }
            MentionKind::Pronoun => return,
        };
        let (focus, person_focus) = (self.focus, self.person_focus);
        self.resolve(paragraph, false, mention, paragraph_index);
        if plural {
            self.focus = focus;
            self.person_focus = person_focus;
        }
    }

    /// Handles one quoted span; returns whether an attribution cue was found for it.
    fn quote(
        &mut self,
        paragraph: &str,
        paragraph_index: usize,
        token_index: usize,
        span: Span,
        quotes: &mut Vec<Quote>,
    ) -> bool {
        let text = &paragraph[span.start..span.end];
        if span.shape == Shape::Closed && self.introduced_as_title(token_index) {
            return false;
        }
        if span.shape == Shape::Closed && looks_like_title(text) {
            return false;
        }
        // An incise inside the marks splits the quote (`"Q1, a-t-il dit. Q2"`) or, for an
        // unclosed mark, ends it (`"Q1, a affirmé X au Daily Telegraph.`).
        if let Some(handled) = self.inner_incise(paragraph, paragraph_index, span, quotes) {
            return handled;
        }
        let sentence_start = self.sentence_of[token_index];
        let sentence_end = self.sentence_end[token_index];
        let direct = self.incise_after(token_index, sentence_end, true);
        if span.shape == Shape::Headless && direct.is_none() {
            return false;
        }
        if !has_min_words(text) {
            return false;
        }
        // Speech relayed by a source (`X a appelé à "…", selon l'agence Chine nouvelle`) belongs
        // to the speaker of the reporting clause, not to the source that relays it.
        let direct = match direct {
            Some(cue) if self.is_source_cue(cue) => self
                .cue_before(sentence_start, token_index)
                .filter(|before| {
                    !self.is_source_cue(*before)
                        && before.mention.is_some_and(|m| match m.kind {
                            MentionKind::Description { det, .. } => {
                                matches!(self.tokens.word(det), "le" | "la" | "l'" | "les")
                            }
                            _ => true,
                        })
                })
                .map(|cue| (cue, Pattern::Before))
                .or(Some((cue, Pattern::Incise))),
            _ => direct.map(|cue| (cue, Pattern::Incise)),
        };
        // Stage 1: the rules' cascade of cues, first found wins.
        let found = direct
            .or_else(|| {
                self.subject_after_colon(token_index, sentence_end)
                    .map(|cue| (cue, Pattern::Colon))
            })
            .or_else(|| {
                self.opening_source(sentence_start, token_index)
                    .map(|cue| (cue, Pattern::Opening))
            })
            .or_else(|| {
                self.cue_before(sentence_start, token_index)
                    .map(|cue| (cue, Pattern::Before))
            })
            .or_else(|| {
                self.incise_after(token_index, sentence_end, false)
                    .map(|cue| (cue, Pattern::LaterIncise))
            })
            .or_else(|| {
                self.sentence_subject(sentence_start, token_index)
                    .map(|cue| (cue, Pattern::SentenceSubject))
            });
        let before = self.before();
        let (entity, mention, verb) = match found {
            Some((cue, _)) => self.attribute(paragraph, paragraph_index, cue),
            None => (self.focus, None, None),
        };
        // Stages 2 and 3: candidates, features, the scorer.
        let rule = RuleChoice {
            pattern: found.map_or(Pattern::None, |(_, pattern)| pattern),
            source_cue: found.is_some_and(|(cue, _)| self.is_source_cue(cue)),
            mention: found.and_then(|(cue, _)| cue.mention),
            entity,
            inner: false,
            sentence: (sentence_start, sentence_end),
            paragraph_index,
            token_index,
        };
        let choice = self.choose(paragraph, rule, before);
        self.push_quote(
            quotes,
            Quote {
                text: text.to_string(),
                speaker: choice.name,
                mention,
                role: choice.role,
                verb,
                paragraph: paragraph_index,
                offset: span.start,
                confidence: choice.confidence,
            },
        );
        found.is_some()
    }

    /// Adds a quote, and in tracing mode ties it to the last attribution's candidates.
    fn push_quote(&mut self, quotes: &mut Vec<Quote>, quote: Quote) {
        if self.tracing {
            self.quote_trace.push(self.trace.len().saturating_sub(1));
        }
        quotes.push(quote);
    }

    /// Whether a cue names a source rather than a speaker: `selon X`, `d'après X`.
    /// `selon les mots de X`, `selon les termes de X` give X's own words.
    fn is_source_cue(&self, cue: Cue) -> bool {
        matches!(self.tokens.word(cue.verb.0), "selon" | "d'" | "pour")
            && !cue.mention.is_some_and(|m| match m.kind {
                MentionKind::Description { head, .. } => {
                    matches!(self.tokens.word(head), "mots" | "termes" | "propos")
                }
                _ => false,
            })
    }

    /// Resolves a mention in the paragraph's tokens (or, with `inner`, in a quote's inner
    /// tokens) and moves the focus to the speaker. `ils`/`elles` go to the group in focus.
    fn resolve(
        &mut self,
        text: &str,
        inner: bool,
        mention: Mention,
        paragraph_index: usize,
    ) -> speakers::Speaker {
        let tokens = if inner { &self.inner } else { &self.tokens };
        let mut focus = self.focus;
        if (mention.kind == MentionKind::Pronoun
            && matches!(tokens.word(mention.start), "ils" | "elles")
            || tokens.word(mention.start).ends_with("-ils")
            || tokens.word(mention.start).ends_with("-elles"))
            && focus
                .is_none_or(|id| self.registry.entities[id].kind == speakers::EntityKind::Person)
        {
            focus = self.group_focus.or(focus);
        }
        if mention.kind == MentionKind::Pronoun {
            let pronoun = tokens.word(mention.start);
            let singular = matches!(pronoun.rsplit('-').next(), Some("il" | "elle"));
            if focus.is_none() && singular {
                focus = self.last_named;
            }
            focus = self.gendered_focus(pronoun, focus);
        }
        let focus = speakers::Focus {
            any: focus,
            person: self.person_focus,
        };
        let speaker = self
            .registry
            .resolve(text, tokens, mention, focus, paragraph_index);
        if let Some(id) = speaker.entity {
            self.set_focus(id);
        }
        speaker
    }

    /// Moves the focus to an entity.
    fn set_focus(&mut self, id: usize) {
        self.focus = Some(id);
        if self.registry.entities[id].kind == speakers::EntityKind::Group {
            self.group_focus = Some(id);
        } else {
            self.person_focus = Some(id);
            let gender = self.registry.entities[id].gender;
            if gender != Some(Gender::Feminine) {
                self.last_not_feminine = Some(id);
            }
            if gender == Some(Gender::Feminine) {
                self.last_feminine = Some(id);
            }
        }
    }

    /// The referent of `il` or `elle` when the person in focus has the other gender: the last
    /// person in focus who may have the pronoun's gender.
    fn gendered_focus(&self, pronoun: &str, focus: Option<usize>) -> Option<usize> {
        let id = focus?;
        let entity = &self.registry.entities[id];
        if entity.kind != speakers::EntityKind::Person {
            return focus;
        }
        let pronoun = pronoun.rsplit('-').next().unwrap_or(pronoun);
        match (pronoun, entity.gender) {
            ("il", Some(Gender::Feminine)) => self.last_not_feminine.or(focus),
            ("elle", Some(Gender::Masculine)) => self.last_feminine.or(focus),
            _ => focus,
        }
    }

    /// Resolves a cue's mention and moves the focus to the speaker: the entity, the mention
    /// as written and the verb.
    fn attribute(
        &mut self,
        paragraph: &str,
        paragraph_index: usize,
        cue: Cue,
    ) -> (Option<usize>, Option<String>, Option<String>) {
        let verb = span_text(paragraph, &self.tokens, cue.verb.0, cue.verb.1);
        let verb = (!verb.is_empty()).then(|| verb.to_string());
        let Some(mention) = cue.mention else {
            return (None, None, verb);
        };
        let speaker = self.resolve(paragraph, false, mention, paragraph_index);
        let mention_text = mention_text(paragraph, &self.tokens, mention);
        (speaker.entity, mention_text, verb)
    }

    /// Whether the word before a quote introduces a title (`l'opération "…"`, `baptisé "…"`).
    fn introduced_as_title(&mut self, token_index: usize) -> bool {
        let mut index = token_index;
        for _ in 0..3 {
            if index == 0 {
                return false;
            }
            index -= 1;
            let token = self.tokens.list[index];
            if token.kind != Kind::Word {
                return false;
            }
            let word = self.tokens.folded(&token);
            if introduces_title(word) {
                return true;
            }
            if !matches!(
                word,
                "l'" | "le"
                    | "la"
                    | "les"
                    | "son"
                    | "sa"
                    | "ses"
                    | "leur"
                    | "un"
                    | "une"
                    | "du"
                    | "de"
                    | "d'"
                    | "des"
                    | "nouveau"
                    | "nouvelle"
                    | "dernier"
                    | "derniere"
            ) {
                return false;
            }
        }
        false
    }

    /// An attribution right after the quote (`"…", a-t-il ajouté`), or, when `direct` is false,
    /// anywhere later in the sentence after a comma or another quote (`"Q1", et "Q2", a dit X`).
    fn incise_after(&self, token_index: usize, sentence_end: usize, direct: bool) -> Option<Cue> {
        let list = &self.tokens.list;
        let limit = sentence_end.min(token_index + MAX_INCISE_DISTANCE);
        let mut index = token_index;
        while index < limit {
            let token = list[index];
            let opens = matches!(
                token.kind,
                Kind::Quote(_) | Kind::Punct(',' | ')' | '-' | '–')
            ) || index == token_index;
            if opens {
                let mut start = index + 1;
                while start < limit && matches!(list[start].kind, Kind::Punct(',' | '-' | '–')) {
                    start += 1;
                }
                if let Some(cue) = self.incise_at(start, sentence_end) {
                    return Some(cue);
                }
            }
            if direct && index > token_index {
                return None;
            }
            index += 1;
        }
        None
    }

    /// A reporting clause starting at token `start`: `a déclaré X`, `a-t-il ajouté`,
    /// `estime-t-elle`, `selon X`, `il a ajouté`, `X a dit`.
    fn incise_at(&self, start: usize, limit: usize) -> Option<Cue> {
        let tokens = &self.tokens;
        let word = tokens.word(start);
        if word == "selon" || word == "d'" && tokens.word(start + 1) == "apres" {
            let np_start = if word == "selon" {
                start + 1
            } else {
                start + 2
            };
            let mention = parse_noun_phrase(tokens, np_start, limit)?;
            return Some(Cue {
                verb: (start, np_start),
                mention: Some(mention),
            });
        }
        // `…, comme l'a dit X` and `…, comme le souligne X`.
        if word == "comme" {
            let mut verb_start = start + 1;
            if matches!(tokens.word(verb_start), "l'" | "le") {
                verb_start += 1;
            }
            if let Some((end, _, inverted)) = verb_group(tokens, verb_start, limit) {
                let mention = if inverted {
                    Some(pronoun_mention(tokens, verb_start, end))
                } else {
                    self.subject_after(end, limit)
                };
                return Some(Cue {
                    verb: (start, end),
                    mention,
                });
            }
            return None;
        }
        if let Some((end, _verb, inverted)) = verb_group(tokens, start, limit) {
            if inverted {
                let pronoun = pronoun_mention(tokens, start, end);
                // `lit-on dans le décret du président`, `peut-on lire dans un communiqué`: the
                // text read is the speaker.
                if tokens.word(pronoun.start).ends_with("-on") {
                    let mut index = end;
                    if lexicon::is_infinitive(tokens.word(index)) {
                        index += 1;
                    }
                    if matches!(tokens.word(index), "dans" | "sur")
                        && let Some(mention) = parse_noun_phrase(tokens, index + 1, limit)
                        && matches!(mention.kind, MentionKind::Description { head, .. }
                            if lexicon::is_document_noun(tokens.word(head)))
                    {
                        return Some(Cue {
                            verb: (start, end),
                            mention: Some(mention),
                        });
                    }
                }
                return Some(Cue {
                    verb: (start, end),
                    mention: Some(pronoun),
                });
            }
            let mention = self.subject_after(end, limit);
            return Some(Cue {
                verb: (start, end),
                mention,
            });
        }
        // A subject before the verb: `"…", il a ajouté`, `"…", Olivier Véran a-t-il dit`.
        if starts_noun_phrase(tokens, start) {
            let mention = parse_noun_phrase(tokens, start, limit)?;
            let (end, _, _) = verb_group(tokens, mention.end, limit)?;
            return Some(Cue {
                verb: (mention.end, end),
                mention: Some(mention),
            });
        }
        None
    }

    /// The subject written after a reporting verb, past adverbs and complements
    /// (`a indiqué à l'AFP le préfet de région Pierre Dartout`).
    fn subject_after(&self, start: usize, limit: usize) -> Option<Mention> {
        let tokens = &self.tokens;
        let list = &tokens.list;
        let mut index = start;
        let mut commas = 0;
        while index < limit && index < start + 20 {
            let token = list[index];
            match token.kind {
                Kind::Punct(',') if commas < 3 => {
                    commas += 1;
                    index += 1;
                    continue;
                }
                Kind::Word => {}
                _ => return None,
            }
            let word = tokens.folded(&token);
            if is_adverb(word) && !token.capitalized && !lexicon::is_preposition(word) {
                index += 1;
                continue;
            }
            // A date after the verb (`le 29 mai`) is not the subject.
            if matches!(word, "le" | "l'")
                && tokens
                    .word(index + 1)
                    .starts_with(|c: char| c.is_ascii_digit())
            {
                index += 2;
                if lexicon::is_month(tokens.word(index)) {
                    index += 1;
                }
                continue;
            }
            if lexicon::is_preposition(word) && !token.capitalized {
                // Skip the complement: preposition, determiner, noun or name, `de` chains.
                index += 1;
                if lexicon::is_determiner(tokens.word(index)) {
                    index += 1;
                }
                index = self.skip_nominal(index, limit);
                while matches!(tokens.word(index), "de" | "du" | "des" | "d'") {
                    index += 1;
                    if lexicon::is_determiner(tokens.word(index)) {
                        index += 1;
                    }
                    index = self.skip_nominal(index, limit);
                }
                // Adjectives and participles after the complement (`un communiqué publié`).
                while index < limit && list[index].kind == Kind::Word && !list[index].capitalized {
                    let next = tokens.word(index);
                    if starts_noun_phrase(tokens, index)
                        || lexicon::is_preposition(next)
                        || is_adverb(next)
                    {
                        break;
                    }
                    index += 1;
                }
                continue;
            }
            return parse_noun_phrase(tokens, index, limit);
        }
        None
    }

    /// Skips one noun or capitalised name.
    fn skip_nominal(&self, index: usize, limit: usize) -> usize {
        let list = &self.tokens.list;
        match list.get(index) {
            Some(token) if index < limit && token.kind == Kind::Word => {
                // An acronym is one complement on its own (`à l'AFP Jérôme Lecou`).
                if token.capitalized && !token.all_caps {
                    let mut end = index + 1;
                    while end < limit && list[end].kind == Kind::Word && list[end].capitalized {
                        end += 1;
                    }
                    // `sur CNews Philippe Juvin`: the complement is one word, a name follows.
                    if end >= index + 3 && speakers::looks_like_person(&self.tokens, end - 2, end) {
                        end -= 2;
                    }
                    end
                } else {
                    index + 1
                }
            }
            _ => index,
        }
    }

    /// The nearest attribution before a quote in its sentence: a reporting verb and its subject
    /// (`Olivier Véran a estimé que … "…"`), `selon X, "…"` or a clause-initial `pour X, "…"`.
    fn cue_before(&self, sentence_start: usize, token_index: usize) -> Option<Cue> {
        let tokens = &self.tokens;
        let list = &tokens.list;
        let mut index = token_index;
        while index > sentence_start {
            index -= 1;
            let token = list[index];
            if token.kind != Kind::Word {
                continue;
            }
            let word = tokens.folded(&token);
            if matches!(word, "selon" | "pour")
                || word == "apres" && tokens.word(index.wrapping_sub(1)) == "d'"
            {
                let next = tokens.word(index + 1);
                if matches!(next, "lequel" | "laquelle" | "lesquels" | "lesquelles") {
                    continue;
                }
                if word == "pour" {
                    let clause_start = index == sentence_start
                        || matches!(list[index - 1].kind, Kind::Punct(',') | Kind::Quote(_));
                    if !clause_start {
                        continue;
                    }
                }
                if let Some(mention) = parse_noun_phrase(tokens, index + 1, token_index) {
                    let followed_by_comma = list.get(mention.end).is_some_and(|t| {
                        matches!(t.kind, Kind::Punct(',') | Kind::Quote(_) | Kind::Punct(':'))
                    });
                    if word != "pour" || followed_by_comma {
                        return Some(Cue {
                            verb: (index, index + 1),
                            mention: Some(mention),
                        });
                    }
                }
                continue;
            }
            let inversion = split_inversion(word);
            let verb_word = inversion.map_or(word, |(head, _)| head);
            if !is_reporting_verb(verb_word)
                || lexicon::is_infinitive(verb_word) && !matches!(verb_word, "dire" | "ecrire")
            {
                continue;
            }
            // A determiner before makes it a noun (`la demande`, `une note`).
            if index > 0
                && lexicon::is_determiner(tokens.word(index - 1))
                && !matches!(tokens.word(index - 1), "le" | "l'" | "leur")
            {
                continue;
            }
            if inversion.is_some() {
                return Some(Cue {
                    verb: (index, index + 1),
                    mention: Some(pronoun_mention(tokens, index, index + 1)),
                });
            }
            // The group starts at the first auxiliary before the verb.
            let mut group_start = index;
            while group_start > sentence_start {
                let previous = tokens.word(group_start - 1);
                if let Some((head, _)) = split_inversion(previous)
                    && is_auxiliary(head)
                {
                    return Some(Cue {
                        verb: (group_start - 1, index + 1),
                        mention: Some(pronoun_mention(tokens, group_start - 1, group_start)),
                    });
                }
                if (is_auxiliary(previous) || is_adverb(previous))
                    && list[group_start - 1].kind == Kind::Word
                    && !list[group_start - 1].capitalized
                {
                    group_start -= 1;
                } else {
                    break;
                }
            }
            // A past participle right after a noun, with no auxiliary, is an adjective
            // (`un cas confirmé`), not a reporting clause.
            if group_start == index && list[index].participle {
                continue;
            }
            // Adverbs before the first auxiliary belong to the clause, not to the verb group
            // (and `gouvernement` is no adverb for all its `-ment`).
            while group_start < index && !is_auxiliary(tokens.word(group_start)) {
                group_start += 1;
            }
            // A present participle (`ajoutant que`) takes the phrase it is attached to, else the
            // subject of the main clause found further back.
            if word.ends_with("ant") {
                if let Some(mention) = self.subject_before(group_start, sentence_start)
                    && mention.kind != MentionKind::Pronoun
                {
                    return Some(Cue {
                        verb: (group_start, index + 1),
                        mention: Some(mention),
                    });
                }
                continue;
            }
            // After a comma or a quote the clause is an incise with its subject after the verb
            // (`…, avait indiqué le ministre`); `Comme l'a expliqué le ministre, "…"` too.
            let incise = group_start == sentence_start
                || matches!(
                    list[group_start - 1].kind,
                    Kind::Punct(',' | '(') | Kind::Quote(_)
                )
                || matches!(tokens.word(group_start - 1), "comme" | "l'");
            if incise && let Some(mention) = self.subject_after(index + 1, token_index) {
                return Some(Cue {
                    verb: (group_start, index + 1),
                    mention: Some(mention),
                });
            }
            if let Some(mention) = self.subject_before(group_start, sentence_start) {
                if self.plural_pronoun(mention) {
                    continue;
                }
                return Some(Cue {
                    verb: (group_start, index + 1),
                    mention: Some(mention),
                });
            }
            if let Some(mention) = self.subject_after(index + 1, token_index) {
                return Some(Cue {
                    verb: (group_start, index + 1),
                    mention: Some(mention),
                });
            }
        }
        None
    }

    /// The subject of the clause after a quote and a colon, the way leads open
    /// (`"Ils ont couru les risques…": les avocats des parties civiles ont commencé à plaider`).
    fn subject_after_colon(&self, token_index: usize, sentence_end: usize) -> Option<Cue> {
        let tokens = &self.tokens;
        if !matches!(tokens.list.get(token_index + 1)?.kind, Kind::Punct(':')) {
            return None;
        }
        let start = token_index + 2;
        if !starts_noun_phrase(tokens, start) {
            return None;
        }
        let mention = parse_subject_phrase(tokens, start, sentence_end)?;
        let next = tokens.list.get(mention.end)?;
        if next.kind != Kind::Word
            || !(is_auxiliary(tokens.folded(next)) || is_reporting_verb(tokens.folded(next)))
        {
            return None;
        }
        Some(Cue {
            verb: (mention.end, mention.end + 1),
            mention: Some(mention),
        })
    }

    /// A source named at the opening of the sentence, which covers all its quotes:
    /// `Selon un communiqué du ministère, … "…"`, `Pour le chef des urgences, "…"`.
    fn opening_source(&self, sentence_start: usize, token_index: usize) -> Option<Cue> {
        let tokens = &self.tokens;
        let word = tokens.word(sentence_start);
        let np_start = match word {
            "selon" | "pour" => sentence_start + 1,
            "d'" if tokens.word(sentence_start + 1) == "apres" => sentence_start + 2,
            _ => return None,
        };
        // `Pour l'heure`, `pour l'instant`: time adverbials, not sources.
        if matches!(
            tokens.word(np_start + 1),
            "heure" | "instant" | "moment" | "essentiel" | "part" | "ailleurs"
        ) {
            return None;
        }
        let mention = parse_noun_phrase(tokens, np_start, token_index)?;
        let closer = tokens.list.get(mention.end)?;
        if !matches!(closer.kind, Kind::Punct(',' | ':') | Kind::Quote(_)) {
            return None;
        }
        Some(Cue {
            verb: (sentence_start, np_start),
            mention: Some(mention),
        })
    }

    /// Whether a mention is `ils`/`elles` while the focus is a single person, in which case the
    /// pronoun is about someone else (`soulignant qu'ils réclament "…"`).
    fn plural_pronoun(&self, mention: Mention) -> bool {
        mention.kind == MentionKind::Pronoun
            && matches!(self.tokens.word(mention.start), "ils" | "elles")
            && self
                .focus
                .is_none_or(|id| self.registry.entities[id].kind == speakers::EntityKind::Person)
            && self.group_focus.is_none()
    }

    /// The subject opening the sentence of a quote that has no reporting verb
    /// (`Rahma a mis un masque par précaution: "…"`), past a leading complement and comma.
    fn sentence_subject(&self, sentence_start: usize, token_index: usize) -> Option<Cue> {
        let tokens = &self.tokens;
        let list = &tokens.list;
        let mut start = sentence_start;
        let mut apposed = false;
        if matches!(list.get(start).map(|t| t.kind), Some(Kind::Quote(_)))
            && matches!(list.get(start + 1).map(|t| t.kind), Some(Kind::Punct(':')))
        {
            start += 2;
        }
        while matches!(
            tokens.word(start),
            "mais" | "et" | "alors" | "puis" | "ainsi" | "or" | "pourtant"
        ) {
            start += 1;
        }
        // A leading complement (`Boulevard Jean-Jaurès, concerné,`): the subject follows the
        // last comma among the first tokens.
        // A sentence opening with a complement (`En ce qui concerne …, les sénateurs`) has its
        // subject after the complement's comma.
        if !starts_noun_phrase(tokens, start) || lexicon::is_preposition(tokens.word(start)) {
            let scan_end = token_index.min(start + 30);
            if let Some(comma) = (start..scan_end).find(|&i| list[i].kind == Kind::Punct(',')) {
                start = comma + 1;
            }
        } else {
            // A name right after an opening apposition (`Avocate de 110 d'entre elles, Me
            // Catherine Szwarc est`).
            // `Un spécialiste français, le Pr Gilbert Deray, voit`: the first such comma.
            let scan_end = token_index.min(start + 14);
            if let Some(comma) = (start..scan_end).find(|&i| {
                list[i].kind == Kind::Punct(',')
                    && parse_noun_phrase(tokens, i + 1, token_index).is_some_and(|m| {
                        matches!(
                            m.kind,
                            MentionKind::Name { .. }
                                | MentionKind::Description { name: Some(_), .. }
                        )
                    })
            }) {
                start = comma + 1;
                apposed = true;
            }
        }
        if start >= token_index || !starts_noun_phrase(tokens, start) {
            return None;
        }
        let mention = parse_noun_phrase(tokens, start, token_index)?;
        // The phrase must be followed by its verb (or close its apposition), not be the whole
        // clause. An apposition or a relative between commas may sit before the verb
        // (`ByteDance, qui comprend des investisseurs américains, a qualifié`).
        let next = list.get(mention.end)?;
        let named = match mention.kind {
            MentionKind::Name { .. } => true,
            MentionKind::Description { head, .. } => list[head].capitalized,
            MentionKind::Pronoun => false,
        };
        let verb_after_apposition = named
            && next.kind == Kind::Punct(',')
            && (mention.end + 1..token_index.min(mention.end + 14))
                .find(|&i| list[i].kind == Kind::Punct(','))
                .and_then(|comma| list.get(comma + 1))
                .is_some_and(|t| t.kind == Kind::Word && !t.capitalized);
        if next.kind != Kind::Word
            && !(apposed && next.kind == Kind::Punct(','))
            && !verb_after_apposition
        {
            return None;
        }
        Some(Cue {
            verb: (mention.end, mention.end),
            mention: Some(mention),
        })
    }

    /// The subject ending right before a verb group at `group_start`, looking back no further
    /// than the sentence start. Skips one apposition between commas and a relative `qui`.
    fn subject_before(&self, group_start: usize, sentence_start: usize) -> Option<Mention> {
        let tokens = &self.tokens;
        let list = &tokens.list;
        if group_start <= sentence_start {
            return None;
        }
        let mut end = group_start;
        if tokens.word(end - 1) == "qui" {
            end -= 1;
            if end > sentence_start && list[end - 1].kind == Kind::Punct(',') {
                end -= 1;
            }
        }
        // `Le SIAAP (Syndicat …), affirme`: skip a parenthesis closing right before the verb.
        if end > sentence_start + 1
            && list[end - 1].kind == Kind::Punct(',')
            && list[end - 2].kind == Kind::Punct(')')
        {
            let mut open = end - 2;
            while open > sentence_start && list[open].kind != Kind::Punct('(') && end - open < 30 {
                open -= 1;
            }
            if list[open].kind == Kind::Punct('(') {
                end = open;
            }
        }
        if end > sentence_start && list[end - 1].kind == Kind::Punct(',') {
            // `X, premier adjoint à la maire de Paris, a estimé`: the segment between commas is
            // either the subject itself or an apposition to the phrase before it.
            let segment_end = end - 1;
            let floor = segment_end.saturating_sub(16).max(sentence_start);
            let mut comma = segment_end;
            while comma > floor && list[comma - 1].kind != Kind::Punct(',') {
                comma -= 1;
            }
            let segment_start = comma;
            if let Some(mention) = self.noun_phrase_ending_at(segment_end, segment_start)
                && mention.start == segment_start
                && !matches!(mention.kind, MentionKind::Description { name: None, .. })
            {
                return Some(mention);
            }
            if comma > floor
                && comma > sentence_start
                && let Some(mention) = self.noun_phrase_ending_at(comma - 1, sentence_start)
            {
                return Some(mention);
            }
            return self.noun_phrase_ending_at(segment_end, segment_start);
        }
        let mention = self.noun_phrase_ending_at(end, sentence_start)?;
        // `l'homme politique, qui fut le premier maire noir de Charlotte, a affirmé`: the phrase
        // after `qui` and its verb is an attribute; the subject comes before the relative.
        let relative = (mention.start.saturating_sub(2)..mention.start)
            .find(|&i| i > sentence_start && self.tokens.word(i) == "qui");
        if let Some(relative) = relative
            && list[relative - 1].kind == Kind::Punct(',')
            && let Some(subject) = self.noun_phrase_ending_at(relative - 1, sentence_start)
        {
            return Some(subject);
        }
        Some(mention)
    }

    /// A noun phrase ending at token `end` (exclusive), not starting before `floor`.
    fn noun_phrase_ending_at(&self, end: usize, floor: usize) -> Option<Mention> {
        let tokens = &self.tokens;
        let list = &tokens.list;
        let mut start = end;
        while start > floor && end - start < 14 {
            let token = list[start - 1];
            if token.kind != Kind::Word {
                break;
            }
            let word = tokens.folded(&token);
            if matches!(
                word,
                "que"
                    | "qu'"
                    | "qui"
                    | "et"
                    | "mais"
                    | "car"
                    | "si"
                    | "lorsque"
                    | "lorsqu'"
                    | "quand"
                    | "dont"
                    | "ou"
                    | "ne"
                    | "n'"
            ) {
                break;
            }
            if is_reporting_verb(word) && !token.capitalized {
                break;
            }
            start -= 1;
        }
        for index in start..end {
            if starts_noun_phrase(tokens, index)
                && let Some(mention) = parse_subject_phrase(tokens, index, end)
                && mention.end + 3 >= end
            {
                return Some(mention);
            }
        }
        None
    }

    /// Looks for an incise inside a quote's text. Returns `Some(had_cue)` when it handled the
    /// span (pushing its pieces), `None` when there is no inner incise.
    fn inner_incise(
        &mut self,
        paragraph: &str,
        paragraph_index: usize,
        span: Span,
        quotes: &mut Vec<Quote>,
    ) -> Option<bool> {
        let text = &paragraph[span.start..span.end];
        let mut search = 0;
        while let Some(comma) = find_comma_space(text.as_bytes(), search) {
            search = comma + 2;
            // Only a comma followed by a verb or auxiliary can open an incise.
            let rest = &text[comma + 2..];
            let word_end = rest.find([' ', ',', '.']).unwrap_or(rest.len());
            fold_into(&rest[..word_end], &mut self.scratch);
            let candidate = is_auxiliary(&self.scratch)
                || is_reporting_verb(&self.scratch)
                || split_inversion(&self.scratch)
                    .is_some_and(|(head, _)| is_reporting_verb(head) || is_auxiliary(head));
            if !candidate
                || matches!(
                    self.scratch.as_str(),
                    "l'" | "le"
                        | "en"
                        | "y"
                        | "se"
                        | "s'"
                        | "ne"
                        | "n'"
                        | "lui"
                        | "leur"
                        | "nous"
                        | "vous"
                        | "pas"
                        | "du"
                        | "dit"
                ) && !self.scratch.contains('-')
            {
                continue;
            }
            // Tokenize a bounded window after the comma and read the incise there.
            let window_end = text[comma..]
                .char_indices()
                .nth(160)
                .map_or(text.len(), |(i, _)| comma + i);
            let window = &text[..window_end];
            self.inner.fill_range(window, comma + 2);
            let Some((end, _verb, inverted)) = verb_group(&self.inner, 0, self.inner.list.len())
            else {
                continue;
            };
            let (mention, after) = if inverted {
                (Some(pronoun_mention(&self.inner, 0, end)), end)
            } else {
                let Some(mention) = subject_after_in(&self.inner, end) else {
                    continue;
                };
                (Some(mention), mention.end)
            };
            // The incise ends at a period (a new sentence of the quote follows) or a comma.
            let closer = self.inner.list.get(after).map(|t| t.kind);
            let closes_sentence = matches!(closer, Some(Kind::Punct('.' | '!' | '?')));
            let closes_clause = matches!(closer, Some(Kind::Punct(',' | ';')));
            let at_end = closer.is_none() && window_end == text.len();
            if !(closes_sentence
                || at_end
                || closes_clause && (inverted || span.shape == Shape::Unclosed))
            {
                continue;
            }
            // Resolve the speaker in the inner tokens, then score the candidates.
            let mention = mention?;
            let before = self.before();
            let speaker = self.resolve(window, true, mention, paragraph_index);
            let rule = RuleChoice {
                pattern: Pattern::Inner,
                source_cue: false,
                mention: Some(mention),
                entity: speaker.entity,
                inner: true,
                sentence: (0, self.inner.list.len()),
                paragraph_index,
                token_index: 1,
            };
            let choice = self.choose(window, rule, before);
            let mention_text = mention_text(window, &self.inner, mention);
            let verb = span_text(window, &self.inner, 0, end).to_string();
            let first = text[..comma].trim_end();
            let rest_start = self.inner.list.get(after).map_or(text.len(), |t| t.end);
            let second_offset =
                rest_start + (text[rest_start..].len() - text[rest_start..].trim_start().len());
            let second = if span.shape == Shape::Unclosed && !closes_sentence {
                ""
            } else {
                text[second_offset..].trim_end()
            };
            let make = |piece: &str, offset: usize| Quote {
                text: piece.to_string(),
                speaker: choice.name.clone(),
                mention: mention_text.clone(),
                role: choice.role.clone(),
                verb: Some(verb.clone()),
                paragraph: paragraph_index,
                offset: span.start + offset,
                confidence: choice.confidence,
            };
            if has_min_words(first) {
                self.push_quote(quotes, make(first, 0));
            }
            if has_min_words(second) {
                self.push_quote(quotes, make(second, second_offset));
            }
            return Some(true);
        }
        None
    }
}

/// The subject after a verb in a quote's inner tokens: a pronoun-free noun phrase, past
/// adverbs and a few complements (`a twitté le ministre de la Santé Olivier Véran`).
fn subject_after_in(tokens: &Tokens, start: usize) -> Option<Mention> {
    let mut index = start;
    let limit = tokens.list.len();
    while index < limit && index < start + 8 {
        let word = tokens.word(index);
        if is_adverb(word) {
            index += 1;
            continue;
        }
        if matches!(word, "a" | "au" | "aux" | "sur" | "dans") {
            index += 1;
            if lexicon::is_determiner(tokens.word(index)) {
                index += 1;
            }
            index += 1;
            continue;
        }
        return parse_noun_phrase(tokens, index, limit);
    }
    None
}

/// The mention of an inverted pronoun: the token holding it.
fn pronoun_mention(tokens: &Tokens, start: usize, end: usize) -> Mention {
    let index = (start..end)
        .find(|&i| split_inversion(tokens.word(i)).is_some())
        .unwrap_or(start);
    Mention {
        start: index,
        end: index + 1,
        kind: MentionKind::Pronoun,
    }
}

/// The text of a mention; for an inverted pronoun, just the pronoun (`il` in `a-t-il`).
fn mention_text(paragraph: &str, tokens: &Tokens, mention: Mention) -> Option<String> {
    let text = span_text(paragraph, tokens, mention.start, mention.end);
    if mention.kind == MentionKind::Pronoun
        && let Some((_, pronoun)) = text.rsplit_once('-')
    {
        return Some(pronoun.to_string());
    }
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    /// Runs the extractor on paragraphs separated by blank lines and lists
    /// `text | speaker | mention | verb` per quote.
    fn check(input: &str, expected: Expect) {
        let paragraphs: Vec<&str> = input.split("\n\n").collect();
        let found = extract_quotes(&paragraphs);
        let mut out = String::new();
        for quote in found {
            out.push_str(&format!(
                "{} | {} | {} | {}\n",
                quote.text,
                quote.speaker.as_deref().unwrap_or("-"),
                quote.mention.as_deref().unwrap_or("-"),
                quote.verb.as_deref().unwrap_or("-"),
            ));
        }
        expected.assert_eq(&out);
    }

    #[test]
    fn colon_after_verb() {
        check(
            r#"Le président Joe Biden a déclaré : "Nous ne reculerons pas devant eux.""#,
            expect![[r#"
                Nous ne reculerons pas devant eux. | Joe Biden | Le président Joe Biden | a déclaré
            "#]],
        );
    }

    #[test]
    fn pronoun_incise_after_quote() {
        check(
            r#"Le préfet de région Pierre Dartout s'est rendu sur place.

"Le feu ne menace pas les installations industrielles", a-t-il ajouté."#,
            expect![[r#"
                Le feu ne menace pas les installations industrielles | Pierre Dartout | il | a-t-il ajouté
            "#]],
        );
    }

    #[test]
    fn incise_splits_a_quote_in_two() {
        check(
            r#""La situation est grave", a estimé Antony Blinken, "mais nous restons prêts à discuter"."#,
            expect![[r#"
                La situation est grave | Antony Blinken | Antony Blinken | a estimé
                mais nous restons prêts à discuter | Antony Blinken | Antony Blinken | a estimé
            "#]],
        );
    }

    #[test]
    fn title_resolves_to_earlier_name() {
        check(
            r#"Le ministre de la Santé, Saïd Namaki, a visité l'hôpital mardi.

"Nous avons besoin de plus de lits", a déclaré le ministre."#,
            expect![[r#"
                Nous avons besoin de plus de lits | Saïd Namaki | le ministre | a déclaré
            "#]],
        );
    }

    #[test]
    fn surname_resolves_to_full_name() {
        check(
            r#"Antony Blinken a rencontré son homologue.

"La conversation a été franche et directe", a dit M. Blinken."#,
            expect![[r#"
                La conversation a été franche et directe | Antony Blinken | M. Blinken | a dit
            "#]],
        );
    }

    #[test]
    fn pronoun_goes_to_last_named_subject() {
        check(
            r#"Olivier Véran a présenté jeudi son plan au Sénat.

Il a affirmé que ce délai n'était "pas responsable de la reprise épidémique"."#,
            expect![[r#"
                pas responsable de la reprise épidémique | Olivier Véran | Il | a affirmé
            "#]],
        );
    }

    #[test]
    fn selon_names_the_source() {
        check(
            r#""Les résultats sont encourageants", selon Jean Castex."#,
            expect![[r#"
            Les résultats sont encourageants | Jean Castex | Jean Castex | selon
        "#]],
        );
    }

    #[test]
    fn organisation_speaks() {
        check(
            r#""Nous ne laisserons pas faire une telle provocation", a prévenu le Kremlin."#,
            expect![[r#"
            Nous ne laisserons pas faire une telle provocation | le Kremlin | le Kremlin | a prévenu
        "#]],
        );
    }

    #[test]
    fn unnamed_source_keeps_its_description() {
        check(
            r#""Nous continuons d'entendre des garanties", a dit un haut représentant du département d'Etat américain."#,
            expect![[r#"
                Nous continuons d'entendre des garanties | un haut représentant du département d'Etat américain | un haut représentant du département d'Etat américain | a dit
            "#]],
        );
    }

    #[test]
    fn guillemets_with_no_break_spaces() {
        check(
            "«\u{a0}Nous sommes prêts à tout\u{a0}», a déclaré Emmanuel Macron.",
            expect![[r#"
            Nous sommes prêts à tout | Emmanuel Macron | Emmanuel Macron | a déclaré
        "#]],
        );
    }

    #[test]
    fn curly_quotes() {
        check(
            "“Nous sommes prêts à tout”, estime-t-elle.",
            expect![[r#"
            Nous sommes prêts à tout | - | elle | estime-t-elle
        "#]],
        );
    }

    #[test]
    fn scare_quote_is_left_out() {
        check(
            r#"La Chine étend son "soft power" en Afrique, selon les experts."#,
            expect![[""]],
        );
    }

    #[test]
    fn operation_title_is_left_out() {
        check(
            r#"L'armée a lancé l'opération "Barkhane au Sahel central" en 2014."#,
            expect![[""]],
        );
    }

    #[test]
    fn intertitle_is_left_out() {
        check(r#"- "Diplomatie de la santé active" -"#, expect![[""]]);
    }

    #[test]
    fn pieces_under_three_words_are_left_out() {
        check(
            r#"Il a jugé la situation "très préoccupante", a rapporté Le Monde."#,
            expect![[""]],
        );
    }

    #[test]
    fn nested_quotes_stay_inside() {
        check(
            r#""Ma mère m'a dit: +écoute, je ne parle pas comme ça+", a-t-il raconté."#,
            expect![[r#"
            Ma mère m'a dit: +écoute, je ne parle pas comme ça+ | - | il | a-t-il raconté
        "#]],
        );
    }

    #[test]
    fn unclosed_mark_ends_with_the_paragraph() {
        check(
            r#"Le SIAAP affirme que "l'origine des odeurs ne vient pas du système d'assainissement."#,
            expect![[r#"
                l'origine des odeurs ne vient pas du système d'assainissement. | Le SIAAP | Le SIAAP | affirme
            "#]],
        );
    }

    #[test]
    fn relayed_speech_belongs_to_the_speaker_not_the_source() {
        check(
            r#"Le président chinois Xi Jinping a appelé jeudi à "ne rien laisser au hasard", selon l'agence Chine nouvelle."#,
            expect![[r#"
                ne rien laisser au hasard | Xi Jinping | Le président chinois Xi Jinping | a appelé
            "#]],
        );
    }

    #[test]
    fn text_read_with_on_belongs_to_its_issuer() {
        check(
            r#"Le président américain Donald Trump a signé un décret jeudi.

"Cette collecte de données menace la sécurité nationale", lit-on dans le décret du président américain."#,
            expect![[r#"
                Cette collecte de données menace la sécurité nationale | Donald Trump | le décret du président américain | lit-on
            "#]],
        );
    }

    #[test]
    fn il_skips_a_woman_in_focus() {
        check(
            r#"Jean Castex a reçu mardi les syndicats.

La ministre du Travail, Elisabeth Borne, a salué la rencontre.

"Nous avons avancé sur les salaires", a-t-il dit."#,
            expect![[r#"
                Nous avons avancé sur les salaires | Jean Castex | il | a-t-il dit
            "#]],
        );
    }

    #[test]
    fn pronoun_with_nobody_in_focus_takes_the_last_person_named() {
        check(
            r#"Lorsqu'il ne dessine pas, Hank Cheng, 51 ans, construit des maquettes.

"Je fais tout à la main", a-t-il raconté."#,
            expect![[r#"
                Je fais tout à la main | Hank Cheng | il | a-t-il raconté
            "#]],
        );
    }

    #[test]
    fn name_in_an_opening_apposition_is_the_subject() {
        check(
            r#"Un spécialiste français, le Pr Gilbert Deray, voit dans ces avertissements le signe que les études sont "en voie de rétraction"."#,
            expect![[r#"
                en voie de rétraction | Gilbert Deray | le Pr Gilbert Deray | -
            "#]],
        );
    }

    #[test]
    fn subject_comes_before_a_relative_clause() {
        check(
            r#"Harvey Gantt a perdu l'élection de 1990.

Interrogé par un site, l'homme politique, qui fut le premier maire noir de la ville, a affirmé qu'il "n'en voulait pas du tout"."#,
            expect![[r#"
                n'en voulait pas du tout | Harvey Gantt | l'homme politique | a affirmé
            "#]],
        );
    }

    #[test]
    fn title_with_a_complement_matches_its_holder() {
        check(
            r#"Le ministre de l'Intérieur Gérald Darmanin a rencontré le Premier ministre Jean Castex.

Jean Castex a ensuite visité une caserne.

"La sécurité est notre priorité absolue", a déclaré le ministre de l'Intérieur."#,
            expect![[r#"
                La sécurité est notre priorité absolue | Gérald Darmanin | le ministre de l'Intérieur | a déclaré
            "#]],
        );
    }

    #[test]
    fn clause_without_a_kept_quote_brings_its_subject_into_focus() {
        check(
            r#"Michael Jordan a parlé.

Dans le documentaire, Barack Obama a confié avoir été déçu par "MJ". "Je voulais le voir y aller plus fort.""#,
            expect![[r#"
                Je voulais le voir y aller plus fort. | Barack Obama | - | -
            "#]],
        );
    }

    #[test]
    fn title_of_the_other_gender_is_not_the_person_in_focus() {
        // `la procureure` is not the lawyer in focus: nobody named holds the title, so the
        // description speaks.
        check(
            r#"Me Olivier Pardo a plaidé la relaxe de son client mardi.

"Les infractions sont parfaitement caractérisées", a estimé la procureure."#,
            expect![[r#"
                Les infractions sont parfaitement caractérisées | la procureure | la procureure | a estimé
            "#]],
        );
    }

    #[test]
    fn masculine_determiner_outweighs_a_feminine_ending() {
        // `démocrate` ends like a feminine noun, but `le démocrate` is Joe Biden.
        check(
            r#"Joe Biden a tenu un meeting à Wilmington mardi.

"Nous allons gagner cette élection", a lancé le démocrate."#,
            expect![[r#"
                Nous allons gagner cette élection | Joe Biden | le démocrate | a lancé
            "#]],
        );
    }

    #[test]
    fn indefinite_description_does_not_take_the_focus() {
        check(
            r#"Valentin Gendrot a publié un livre.

Selon un journaliste du Monde, le livre a été bien reçu.

"J'ai vu des choses terribles dans ce commissariat", a-t-il raconté."#,
            expect![[r#"
                J'ai vu des choses terribles dans ce commissariat | Valentin Gendrot | il | a-t-il raconté
            "#]],
        );
    }

    #[test]
    fn definite_description_refers_back_to_an_unnamed_source() {
        check(
            r#"Le ministre des Affaires étrangères Jean Durand a appelé lundi son homologue allemand Karl Weber, a indiqué une haute responsable du ministère.

S'exprimant devant la presse, la responsable a précisé que l'échange avait été "cordial et très constructif"."#,
            expect![[r#"
                cordial et très constructif | une haute responsable du ministère | la responsable | a précisé
            "#]],
        );
    }

    #[test]
    fn person_named_after_an_indefinite_description_keeps_the_focus() {
        check(
            r#"Dans un livre paru jeudi, un journaliste raconte son infiltration dans la police.

Spécialiste des enquêtes, Valentin Gendrot a passé deux ans dans un commissariat.

"J'ai vu des choses terribles", affirme le journaliste."#,
            expect![[r#"
                J'ai vu des choses terribles | Valentin Gendrot | le journaliste | affirme
            "#]],
        );
    }

    #[test]
    fn document_speaks_for_the_body_after_du() {
        check(
            r#"Jacob Blake a été blessé par la police dimanche.

Selon un communiqué du ministère de la Justice du Wisconsin, les agents ont "tenté de l'arrêter sans succès"."#,
            expect![[r#"
                tenté de l'arrêter sans succès | ministère de la Justice du Wisconsin | un communiqué du ministère de la Justice du Wisconsin | Selon
            "#]],
        );
    }

    #[test]
    fn place_closing_an_apposition_is_not_a_subject() {
        check(
            r#"Les autorités veulent "unir notre peuple", souligne Sileshi Degefa, directeur du Jardin botanique Gullele d'Addis Abeba.

"Nous planterons les bonnes espèces aux bons endroits", dit-il."#,
            expect![[r#"
                unir notre peuple | Sileshi Degefa | Sileshi Degefa | souligne
                Nous planterons les bonnes espèces aux bons endroits | Sileshi Degefa | il | dit-il
            "#]],
        );
    }

    #[test]
    fn subject_before_an_apposition_and_its_verb() {
        check(
            r#"Donald Trump veut interdire TikTok.

ByteDance, qui comprend des investisseurs américains, a qualifié ces informations "de rumeurs erronées"."#,
            expect![[r#"
                de rumeurs erronées | ByteDance | ByteDance | -
            "#]],
        );
    }

    #[test]
    fn titled_name_inside_a_description() {
        check(
            r#"Le chef du Bloc québécois, Yves-François Blanchet, a critiqué le discours. Erin O'Toole a aussi réagi.

"Notre pays est plus divisé que jamais", a renchéri le conservateur M. O'Toole."#,
            expect![[r#"
                Notre pays est plus divisé que jamais | Erin O'Toole | le conservateur M. O'Toole | a renchéri
            "#]],
        );
    }

    #[test]
    fn long_garbage_yields_one_quote_per_unit_however_long() {
        // About 200k marks (seven per unit, two paragraphs) mixed with words, capitals, incises
        // and sentence ends: every unit is read, none is dropped by a scan limit, and a long text
        // gives what the same unit gives in a short one. How the time grows is timed in
        // benches/hot_paths.rs (`scaling`).
        let unit = "\" M. Ab Cd, a-t-il dit. « Elle » \"\" l'Ef Gh \" , selon X Y. ";
        let short = unit.repeat(100);
        let short_quotes = extract_quotes(&[short.as_str(), short.as_str()]);
        assert_eq!(short_quotes.len(), 2 * 100);
        let long = unit.repeat(15_000);
        let quotes = extract_quotes(&[long.as_str(), long.as_str()]);
        assert_eq!(quotes.len(), 2 * 15_000);
        let texts = |quotes: &[Quote]| {
            let mut texts: Vec<String> = quotes.iter().map(|quote| quote.text.clone()).collect();
            texts.sort();
            texts.dedup();
            texts
        };
        assert_eq!(texts(&quotes), texts(&short_quotes));
        let marks_only = "\"".repeat(200_000);
        assert!(extract_quotes(&[marks_only.as_str()]).is_empty());
    }

    #[test]
    fn garbage_does_not_panic() {
        let long = "\"".repeat(10_000);
        let mixed = "«»“”„\"\u{301}é-t-il, a-t-il\u{0}\u{feff} ' ’ M. . , : \"a\" «".repeat(200);
        for input in [
            long.as_str(),
            mixed.as_str(),
            "",
            "\"",
            "«",
            "a-t-il",
            "M.",
            "\"x\", selon",
        ] {
            let _ = extract_quotes(&[input, input]);
        }
        check("\"\"\"\" « « » » “ ” ”", expect![""]);
    }

    /// Speakers of `check`-style input, one per quote (`-` for none).
    fn speakers(input: &str) -> Vec<String> {
        let paragraphs: Vec<&str> = input.split("\n\n").collect();
        extract_quotes(&paragraphs)
            .into_iter()
            .map(|q| q.speaker.unwrap_or_else(|| "-".into()))
            .collect()
    }

    #[test]
    fn a_description_that_contains_a_name_is_not_that_person() {
        let story = |subject: &str| {
            format!(
                "Marine Le Pen a tenu un meeting samedi à Perpignan.\n\n\"Nous n'avons jamais envisagé cette alliance\", a déclaré {subject}."
            )
        };
        for (subject, key) in [
            ("l'entourage de Marine Le Pen", "entourage"),
            ("un proche de Marine Le Pen", "proche"),
            ("une source proche de Marine Le Pen", "source"),
            ("le camp de Marine Le Pen", "camp"),
            ("le bureau de Marine Le Pen", "bureau"),
            ("un porte-parole de Marine Le Pen", "porte-parole"),
            ("les avocats de Marine Le Pen", "avocats"),
            ("un proche du président", "proche"),
        ] {
            let found = speakers(&story(subject));
            assert_eq!(found.len(), 1, "{subject}");
            assert!(
                found[0].contains(key) && found[0] != "Marine Le Pen",
                "{subject}: {found:?}"
            );
        }
    }

    // See: issue 9 (names with an accent inside were read as participles).
    #[test]
    fn a_name_with_an_accent_inside_is_a_name() {
        check(
            r#""Je suis très stressée depuis deux jours", explique Françoise."#,
            expect![[r#"
                Je suis très stressée depuis deux jours | Françoise | Françoise | explique
            "#]],
        );
        check(
            r#"Jérôme Salomon a présenté le bilan lundi soir.

"La circulation du virus s'accélère", a-t-il dit."#,
            expect![[r#"
                La circulation du virus s'accélère | Jérôme Salomon | il | a-t-il dit
            "#]],
        );
    }

    // See: issue 9 (vox pops name people by their first name and age).
    #[test]
    fn a_first_name_with_an_age_is_a_person() {
        check(
            r#"Mme Lefèvre a ouvert le centre en mars.

Mustafa, 54 ans, y travaille depuis l'été. "Je me sens utile à la société", dit-il."#,
            expect![[r#"
                Je me sens utile à la société | Mustafa | il | dit-il
            "#]],
        );
        // A lone capitalised word with no age is not registered as a person.
        check(
            r#"Jean Dupont a ouvert le centre en mars.

Lundi, la salle était pleine. "Je me sens utile à la société", dit-il."#,
            expect![[r#"
                Je me sens utile à la société | Jean Dupont | il | dit-il
            "#]],
        );
    }

    // See: issue 9 (`elle` went to a man in focus when no title told the woman's gender).
    #[test]
    fn a_first_name_tells_the_gender_a_pronoun_needs() {
        check(
            r#"Françoise Nyssen a présenté le projet lundi avec Pierre Lescure.

Pierre Lescure a salué le travail accompli. "Nous ne lâcherons rien", a-t-elle assuré."#,
            expect![[r#"
                Nous ne lâcherons rien | Françoise Nyssen | elle | a-t-elle assuré
            "#]],
        );
    }

    // See: issue 9 (the circle guard moved from indexing into the candidates).
    #[test]
    fn a_circle_resolved_to_its_person_speaks_as_the_circle() {
        let found = speakers(
            "Emmanuel Macron a reçu les syndicats lundi.\n\n\"Il ne cédera pas sur l'essentiel\", a confié son entourage.",
        );
        assert_eq!(found, ["son entourage"]);
        let found = speakers(
            "Carlos Ghosn a fui le Japon en décembre.\n\n\"Il n'avait pas d'autre choix\", a déclaré l'avocat de M. Ghosn.",
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0] != "Carlos Ghosn" && found[0].contains("avocat"),
            "{found:?}"
        );
        // A description with a name of its own is that person.
        let found = speakers(
            "Charlie Hebdo republie les caricatures.\n\n\"Nous ne renoncerons jamais\", a déclaré l'avocat du journal, Me Richard Malka.",
        );
        assert_eq!(found, ["Richard Malka"]);
    }

    #[test]
    fn sentence_initial_words_and_places_are_never_speakers() {
        for opener in ["Car", "Mais", "Ne", "Ou", "Sept"] {
            let found = speakers(&format!(
                "Le gouvernement a publié un rapport.\n\n{opener} \"la situation reste très préoccupante dans le pays\"."
            ));
            assert!(found.iter().all(|s| s != opener), "{opener}: {found:?}");
        }
        let found = speakers(
            "Le maire de Lyon s'est exprimé.\n\n\"Nous allons rouvrir les écoles lundi\", a-t-il dit à Lyon.",
        );
        assert!(found.iter().all(|s| s != "Lyon"), "{found:?}");
    }

    #[test]
    fn no_cue_and_nobody_named_near_gives_a_low_confidence() {
        let quotes = extract_quotes(&[
            "Emmanuel Macron a visité une usine lundi.",
            "Dans la cour, des ouvriers attendaient depuis le matin sous la pluie.",
            "\"On ne nous écoute jamais ici\".",
        ]);
        assert_eq!(quotes.len(), 1);
        let named = quotes[0].speaker.as_deref() == Some("Emmanuel Macron");
        assert!(
            !named || quotes[0].confidence < 0.5,
            "{:?} at {}",
            quotes[0].speaker,
            quotes[0].confidence
        );
    }

    #[test]
    fn speaker_strings_carry_no_honorific_and_no_role() {
        let found = speakers(
            "Le ministre de l'Economie Bruno Le Maire a présenté son plan.\n\n\"Nous soutiendrons toutes les entreprises\", a déclaré M. Le Maire.\n\n\"Personne ne sera laissé de côté\", a ajouté le ministre de l'Economie Bruno Le Maire.",
        );
        assert_eq!(found, ["Bruno Le Maire", "Bruno Le Maire"]);
        let found = speakers("\"Le virus circule encore beaucoup\", a estimé le Dr Anne Martin.");
        assert_eq!(found, ["Anne Martin"]);
    }

    #[test]
    fn a_titled_surname_resolves_to_the_full_name() {
        let found = speakers(
            "Marine Le Pen a présenté son programme jeudi.\n\n\"Nous voulons un référendum sur l'immigration\", a affirmé Mme Le Pen.",
        );
        assert_eq!(found, ["Marine Le Pen"]);
    }

    #[test]
    fn confidence_is_a_probability() {
        let quotes = extract_quotes(&[
            "\"Nous sommes prêts à tout\", a déclaré Emmanuel Macron.",
            "\"Rien ne sera plus comme avant\", a-t-il ajouté.",
        ]);
        assert_eq!(quotes.len(), 2);
        for quote in &quotes {
            assert!((0.0..=1.0).contains(&quote.confidence), "{quote:?}");
        }
        assert!(quotes[0].confidence > 0.5, "{:?}", quotes[0]);
    }
}
