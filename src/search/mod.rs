//! Searching an index: stories ranked by BM25 with highlighted snippets, one story by id, quotes by
//! speaker or by text, and speakers by number of quotes. Returns values and prints nothing.

mod expand;
pub mod query;
mod ranking;
pub mod snippet;
mod speakers;
mod stats;
mod versions;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::path::Path;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur as TantivyOccur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DateTime, DocAddress, Index, IndexReader, Searcher, Term};

use crate::analysis;
use crate::date;
use crate::document;
use crate::error::{Error, Result};
use crate::names::{NameQuery, SpeakerName};
use crate::schema::{self, Fields, KIND_ARTICLE, KIND_QUOTE, name};
use crate::store;
use query::{Occur, ParsedQuery, parse_query};
use ranking::Proximity;
pub use snippet::Fragment;
pub use stats::{PeriodCount, Stats, StatsRequest, ValueCount};
use versions::Shown;
pub use versions::{SimilarRequest, Version};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// Filters on the metadata fields, shared by story and quote searches.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Stories of this period or later (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Stories of this period or earlier.
    pub until: Option<String>,
    /// Dateline city.
    pub city: Option<String>,
    /// Agency.
    pub agency: Option<String>,
    /// One of the authors.
    pub author: Option<String>,
    /// Section.
    pub section: Option<String>,
}

impl Filters {
    /// Whether any filter is set: a search with no words then lists what the filters keep.
    pub fn any(&self) -> bool {
        [
            &self.since,
            &self.until,
            &self.city,
            &self.agency,
            &self.author,
            &self.section,
        ]
        .iter()
        .any(|value| value.is_some())
    }

    /// Whether a filter is on a field that only a story carries, not its quotes.
    fn on_story_only(&self) -> bool {
        self.agency.is_some() || self.author.is_some() || self.section.is_some()
    }
}

/// A story search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, in the syntax of [`query`]; it may be empty when a filter is set (every story
    /// the filters keep).
    pub query: String,
    /// How many hits to return; 0 counts the matching stories and returns none.
    pub limit: usize,
    /// The order of hits.
    pub sort: Sort,
    /// Metadata filters.
    pub filters: Filters,
    /// Snippet fragments per hit, at most.
    pub fragments: usize,
    /// Count every matching story (slower: it defeats tantivy's pruning).
    pub count_total: bool,
    /// Show every version of a story as a hit of its own, instead of the best-ranked one with
    /// the others' ids.
    pub all_versions: bool,
}

/// One story found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// 1 for the best.
    pub rank: usize,
    /// The article id.
    pub id: String,
    /// The file it came from.
    pub path: String,
    /// The line of that file, for JSON lines (from 1).
    pub line: Option<u64>,
    /// The source URL, for JSON records that give one.
    pub url: Option<String>,
    /// The date as the source gave it.
    pub date: Option<String>,
    /// BM25 score, rounded; `None` when sorted by date.
    pub score: Option<f32>,
    /// Dateline city.
    pub city: Option<String>,
    /// Agency.
    pub agency: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// The headline, if the story has one (the wire format has none).
    pub title: Option<String>,
    /// What heads the story when shown: its headline, or the first words of its lede.
    pub headline: String,
    /// Passages with the matched words.
    pub fragments: Vec<Fragment>,
    /// The ids of the story's other versions (none with `all_versions`).
    pub versions: Vec<String>,
}

/// What a story search found.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// How many stories match, in all, when it was asked for.
    pub total: Option<usize>,
    /// The best of them.
    pub hits: Vec<Hit>,
}

/// One whole story, for `show`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Story {
    /// The article id.
    pub id: String,
    /// The file.
    pub path: String,
    /// The line of that file, for JSON lines (from 1).
    pub line: Option<u64>,
    /// The source URL, for JSON records that give one.
    pub url: Option<String>,
    /// Date as given.
    pub date: Option<String>,
    /// Dateline city.
    pub city: Option<String>,
    /// Agency.
    pub agency: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Credits line.
    pub credits: Option<String>,
    /// Section.
    pub section: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Headline, if the story has one (the wire format has none).
    pub title: Option<String>,
    /// What heads the story when shown: its headline, or the first words of its lede.
    pub headline: String,
    /// First paragraph.
    pub lede: String,
    /// The rest.
    pub body: String,
}

/// The confidence under which `quotes --by` and `speakers` leave a quote out unless told
/// otherwise (`--min-confidence`). Chosen for precision, since a quote put in the wrong mouth is
/// worse than one not shown: it is the lowest threshold at which attributions reach 0.95
/// precision in cross-validation (`cargo run --release --example quotes-model -- cv
/// --thresholds`: pooled over the five held-out folds of the 451 gold stories, 0.954 of the
/// attributions kept at 0.9 are right, and they are 0.492 of all right ones; at 0.5 it would be
/// 0.822 and 0.925).
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.9;

/// A quote search.
#[derive(Debug, Clone)]
pub struct QuoteRequest {
    /// Only quotes by the speakers this name designates ([`crate::names`]: its words, consecutive
    /// in the speaker's name; for a description, beginning in its head).
    pub by: Option<String>,
    /// Words the quote must be about.
    pub query: Option<String>,
    /// How many quotes; 0 counts them and returns none.
    pub limit: usize,
    /// Order.
    pub sort: Sort,
    /// Metadata filters.
    pub filters: Filters,
    /// Leave out quotes whose confidence is under this; `None`: [`DEFAULT_MIN_CONFIDENCE`] with
    /// `by`, every quote without.
    pub min_confidence: Option<f64>,
}

impl QuoteRequest {
    /// The confidence threshold this request applies (0 when none).
    pub fn threshold(&self) -> f64 {
        self.min_confidence.unwrap_or(if self.by.is_some() {
            DEFAULT_MIN_CONFIDENCE
        } else {
            0.0
        })
    }
}

/// What a quote search found.
#[derive(Debug, Clone)]
pub struct QuoteResults {
    /// How many quotes match at or above the threshold.
    pub total: usize,
    /// How many more match under it.
    pub hidden: usize,
    /// The threshold applied.
    pub min_confidence: f64,
    /// The quotes shown.
    pub hits: Vec<QuoteHit>,
}

/// One speaker of `speakers`: a person (or a body, or a description) counted once across stories.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpeakerCount {
    /// The most frequent way the stories write the name (honorific and role left out).
    pub speaker: String,
    /// The canonical key every written form of this speaker shares ([`crate::names`]).
    pub key: String,
    /// Quotes at or above the threshold.
    pub quotes: usize,
}

/// What `speakers` found.
#[derive(Debug, Clone)]
pub struct SpeakerResults {
    /// How many speakers (canonical keys) have a quote that counts.
    pub total: usize,
    /// The most quoted of them.
    pub speakers: Vec<SpeakerCount>,
}

/// One quote found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuoteHit {
    /// The id of the story, as `search` and `show` name it.
    pub id: String,
    /// The same id, under the name `quotes extract` gives it (and `score.py` reads).
    pub doc: String,
    /// The quote, marks excluded.
    pub text: String,
    /// The sentence of the story around a short quote (at most
    /// [`snippet::SHORT_QUOTE_WORDS`] words), so that who said it shows at a glance; `None` for a
    /// longer one.
    pub context: Option<String>,
    /// The speaker, resolved within the story.
    pub speaker: Option<String>,
    /// How the story names the speaker at the quote.
    pub mention: Option<String>,
    /// The speaker's role, when given.
    pub role: Option<String>,
    /// The reporting verb.
    pub verb: Option<String>,
    /// Date of the story.
    pub date: Option<String>,
    /// Dateline city.
    pub city: Option<String>,
    /// The story's headline, if it has one.
    pub title: Option<String>,
    /// What heads the story when shown: its headline, or the first words of its lede.
    pub headline: String,
    /// The story's file.
    pub path: String,
    /// Rank of the quote in its story.
    pub position: u64,
    /// How sure the attribution is, 0 to 1 (two decimals).
    pub confidence: Option<f64>,
    /// BM25 score when sorted by relevance.
    pub score: Option<f32>,
}

/// An open index, ready to answer.
pub struct Archive {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl Archive {
    /// Opens the index in `index_dir` for reading.
    ///
    /// Errors say what is wrong and what to do: [`Error::NoIndex`], [`Error::NotDepecheIndex`],
    /// [`Error::SchemaVersion`], [`Error::SchemaMismatch`], [`Error::Damaged`].
    pub fn open(index_dir: &Path) -> Result<Archive> {
        let (index, reader) = store::open_for_reading(index_dir)?;
        let fields = Fields::new(&index.schema())?;
        Ok(Archive {
            index,
            reader,
            fields,
        })
    }

    /// Runs a story search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut parsed = if request.query.trim().is_empty() && request.filters.any() {
            ParsedQuery::default()
        } else {
            parse_query(&request.query)?
        };
        let searcher = self.reader.searcher();
        let mut french = self.analyzer(analysis::FRENCH)?;
        self.expand(&searcher, &mut parsed, &mut french)?;
        let mut names = self.analyzer(analysis::FRENCH_NAME)?;
        let built = self.build_story_query(&parsed, &mut french, &mut names, &request.filters)?;
        if built.only_stop_words {
            return Err(query::only_stop_words(&request.query));
        }
        let Some(query) = built.query else {
            return Ok(SearchResults {
                total: Some(0),
                hits: Vec::new(),
            });
        };
        if request.limit == 0 {
            return Ok(SearchResults {
                total: Some(searcher.search(query.as_ref(), &Count)?),
                hits: Vec::new(),
            });
        }
        let statistics = KindStatistics::new(&searcher, &self.fields, KIND_ARTICLE)?;
        // Versions of a story shown fold into it, so more candidates are ranked than shown; when
        // the window folds into fewer hits than asked for (an archive holding many copies of its
        // stories), a window four times larger is ranked, up to a bound.
        let mut fetch = if request.all_versions {
            request.limit
        } else {
            request
                .limit
                .saturating_mul(3)
                .saturating_add(VERSION_MARGIN)
        };
        loop {
            let ranked = self.collect(
                &searcher,
                &statistics,
                query.as_ref(),
                &built.proximity,
                (fetch, request.sort, request.count_total),
            )?;
            let window_full = ranked.documents.len() >= fetch;
            let hits = self.shown_hits(
                &searcher,
                &ranked.documents,
                Shown {
                    limit: request.limit,
                    all_versions: request.all_versions,
                    fragments: request.fragments,
                },
                &mut french,
                &built.highlight_terms,
            )?;
            if hits.len() >= request.limit || !window_full || fetch >= MAX_WINDOW {
                return Ok(SearchResults {
                    total: ranked.total,
                    hits,
                });
            }
            fetch = fetch.saturating_mul(4).min(MAX_WINDOW);
        }
    }

    /// The stories with this id (usually one).
    pub fn show(&self, id: &str) -> Result<Vec<Story>> {
        let searcher = self.reader.searcher();
        let fields = &self.fields;
        self.story_addresses(&searcher, id)?
            .into_iter()
            .map(|address| {
                let document: TantivyDocument = searcher.doc(address)?;
                Ok(Story {
                    id: column_value(&searcher, address, name::ID)?,
                    path: column_value(&searcher, address, name::PATH)?,
                    line: u64_of(&document, fields.line),
                    url: text_of(&document, fields.url),
                    date: text_of(&document, fields.date_text),
                    city: text_of(&document, fields.city),
                    agency: text_of(&document, fields.agency),
                    authors: all_text(&document, fields.authors),
                    credits: text_of(&document, fields.credits),
                    section: text_of(&document, fields.section),
                    tags: all_text(&document, fields.tags),
                    title: text_of(&document, fields.title),
                    headline: headline(&document, fields),
                    lede: text_of(&document, fields.lede).unwrap_or_default(),
                    body: text_of(&document, fields.body).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The addresses of the stories with this id, in index order; [`Error::UnknownId`] when there
    /// are none.
    fn story_addresses(&self, searcher: &Searcher, id: &str) -> Result<Vec<DocAddress>> {
        let query = BooleanQuery::new(vec![
            (TantivyOccur::Must, term_query(self.fields.id, id)),
            (
                TantivyOccur::Must,
                term_query(self.fields.kind, KIND_ARTICLE),
            ),
        ]);
        let mut addresses: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        if addresses.is_empty() {
            return Err(Error::UnknownId { id: id.to_owned() });
        }
        Ok(addresses)
    }

    /// A story's headline, lede and body, as one text.
    fn story_text(&self, document: &TantivyDocument) -> String {
        let fields = &self.fields;
        [fields.title, fields.lede, fields.body]
            .into_iter()
            .filter_map(|field| text_of(document, field))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// A story's headline, or the first words of its lede.
    fn headline(&self, document: &TantivyDocument) -> String {
        text_of(document, self.fields.title).unwrap_or_else(|| {
            first_words(&text_of(document, self.fields.lede).unwrap_or_default(), 12)
        })
    }

    /// Finds quotes by speaker and/or text, leaving out those under the request's threshold.
    pub fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults> {
        let searcher = self.reader.searcher();
        let mut french = self.analyzer(analysis::FRENCH)?;
        let mut names = self.analyzer(analysis::FRENCH_NAME)?;
        let min_confidence = request.threshold();
        let nothing = QuoteResults {
            total: 0,
            hidden: 0,
            min_confidence,
            hits: Vec::new(),
        };
        let Some(query) = self.build_quote_query(
            &searcher,
            request.by.as_deref(),
            request.query.as_deref(),
            &mut french,
            &mut names,
            &request.filters,
        )?
        else {
            return Ok(nothing);
        };
        let (query, all) = self.above_threshold(query, min_confidence);
        let statistics = KindStatistics::new(&searcher, &self.fields, KIND_QUOTE)?;
        let ranked = if request.limit == 0 {
            Ranked {
                total: Some(searcher.search(query.as_ref(), &Count)?),
                documents: Vec::new(),
            }
        } else {
            self.collect(
                &searcher,
                &statistics,
                query.as_ref(),
                &Proximity::none(),
                (request.limit, request.sort, true),
            )?
        };
        let total = ranked.total.unwrap_or_default();
        let hidden = match all {
            Some(all) => searcher.search(all.as_ref(), &Count)?.saturating_sub(total),
            None => 0,
        };
        let fields = &self.fields;
        let mut hits = Vec::new();
        for (score, address) in ranked.documents {
            let document: TantivyDocument = searcher.doc(address)?;
            let speaker = column_value(&searcher, address, name::SPEAKER_EXACT)?;
            let position = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64(name::POSITION)?
                .first(address.doc_id);
            let confidence = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .f64(name::CONFIDENCE)?
                .first(address.doc_id);
            let id = column_value(&searcher, address, name::ID)?;
            let path = column_value(&searcher, address, name::PATH)?;
            let text = text_of(&document, fields.quote).unwrap_or_default();
            let story = self.story_of(&searcher, &path, &id)?;
            let (title, headline, context) = match &story {
                Some(story) => (
                    text_of(story, fields.title),
                    headline(story, fields),
                    snippet::sentence_around(&story_text(story, fields), &text),
                ),
                None => (None, String::new(), None),
            };
            hits.push(QuoteHit {
                doc: id.clone(),
                id,
                text,
                context,
                speaker: (!speaker.is_empty()).then_some(speaker),
                mention: text_of(&document, fields.mention),
                role: text_of(&document, fields.role),
                verb: text_of(&document, fields.verb),
                date: text_of(&document, fields.date_text),
                city: text_of(&document, fields.city),
                title,
                headline,
                path,
                position: position.unwrap_or_default(),
                confidence,
                score,
            });
        }
        Ok(QuoteResults {
            total,
            hidden,
            min_confidence,
            hits,
        })
    }

    /// The query restricted to quotes at or above `min_confidence`, and the unrestricted query
    /// to count what that hides; the query alone when the threshold is 0.
    fn above_threshold(
        &self,
        query: Box<dyn Query>,
        min_confidence: f64,
    ) -> (Box<dyn Query>, Option<Box<dyn Query>>) {
        if min_confidence <= 0.0 {
            return (query, None);
        }
        let range = RangeQuery::new(
            Bound::Included(Term::from_field_f64(self.fields.confidence, min_confidence)),
            Bound::Unbounded,
        );
        let restricted = BooleanQuery::new(vec![
            (TantivyOccur::Must, query.box_clone()),
            (
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ),
        ]);
        (Box::new(restricted), Some(query))
    }

    /// The keys of every speaker `name` designates: each distinct speaker as written, in every
    /// segment, is tested by the rule of [`crate::names`].
    fn speaker_keys(&self, searcher: &Searcher, name: &NameQuery) -> Result<BTreeSet<String>> {
        let mut keys = BTreeSet::new();
        // The same speaker is in many segments' dictionaries: each is tested once.
        let mut seen: HashSet<String> = HashSet::new();
        for segment in searcher.segment_readers() {
            let Some(column) = segment.fast_fields().str(name::SPEAKER_EXACT)? else {
                continue;
            };
            let mut stream = column
                .dictionary()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                let speaker = String::from_utf8_lossy(stream.key());
                if seen.contains(speaker.as_ref()) {
                    continue;
                }
                if name.matches(&speaker) {
                    keys.insert(SpeakerName::new(&speaker).key);
                }
                seen.insert(speaker.into_owned());
            }
        }
        Ok(keys)
    }

    /// The speakers of the quotes matching `query` (all quotes without one) at or above
    /// `min_confidence`, most quoted first (then by key); one line per canonical key, under its
    /// most frequent written name. The first `limit` of them are named (none for 0), and all are
    /// counted.
    pub fn speakers(
        &self,
        query: Option<&str>,
        filters: &Filters,
        min_confidence: f64,
        limit: usize,
    ) -> Result<SpeakerResults> {
        let searcher = self.reader.searcher();
        let mut french = self.analyzer(analysis::FRENCH)?;
        let mut names = self.analyzer(analysis::FRENCH_NAME)?;
        let Some(query) =
            self.build_quote_query(&searcher, None, query, &mut french, &mut names, filters)?
        else {
            return Ok(SpeakerResults {
                total: 0,
                speakers: Vec::new(),
            });
        };
        let (query, _) = self.above_threshold(query, min_confidence);
        let counts = searcher.search(query.as_ref(), &speakers::SpeakerCounter)?;
        let (total, speakers) = speakers::group(counts, limit);
        Ok(SpeakerResults { total, speakers })
    }

    /// The number of stories in the index.
    pub fn story_count(&self) -> Result<u64> {
        store::count_kind(&self.reader.searcher(), &self.fields, KIND_ARTICLE)
    }

    fn analyzer(&self, name: &str) -> Result<TextAnalyzer> {
        self.index.tokenizers().get(name).ok_or_else(|| {
            Error::Tantivy(tantivy::TantivyError::SchemaError(format!(
                "analyzer {name} is not registered"
            )))
        })
    }

    fn build_story_query(
        &self,
        parsed: &ParsedQuery,
        french: &mut TextAnalyzer,
        names: &mut TextAnalyzer,
        filters: &Filters,
    ) -> Result<BuiltQuery> {
        let fields = &self.fields;
        // The title weighs double; the lede is part of `text` and gets no extra weight: measured
        // on the known-item set, a lede boost lowered MRR (0.756 without, 0.751 at 0.2).
        let text_fields = [(fields.title, TITLE_BOOST), (fields.text, 1.0)];
        let mut clauses: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
        let mut highlight_terms = HashSet::new();
        // The words of the text clauses in the order typed, for the proximity bonus.
        let mut proximity_text: Vec<&str> = Vec::new();
        // A phrase alone is what the user asks for; among other words, it is one part of the query.
        let text_clauses = parsed
            .clauses
            .iter()
            .filter(|clause| clause.field.is_none() && clause.occur != Occur::MustNot)
            .count();
        let mut positive = false;
        let mut empty_positive = false;
        for clause in &parsed.clauses {
            let occur = match clause.occur {
                Occur::Should => TantivyOccur::Should,
                Occur::Must => TantivyOccur::Must,
                Occur::MustNot => TantivyOccur::MustNot,
            };
            let subquery: Option<Box<dyn Query>> = match clause.field.as_deref() {
                None if clause.expand != query::Expand::Exact => {
                    if clause.occur != Occur::MustNot {
                        highlight_terms.extend(clause.expanded.iter().cloned());
                    }
                    any_term(&text_fields, &clause.expanded)
                }
                Some("title" | "body") if clause.expand != query::Expand::Exact => {
                    let field = if clause.field.as_deref() == Some("title") {
                        fields.title
                    } else {
                        fields.text
                    };
                    if clause.occur != Occur::MustNot {
                        highlight_terms.extend(clause.expanded.iter().cloned());
                    }
                    any_term(&[(field, 1.0)], &clause.expanded)
                }
                None => {
                    let terms = positioned_terms(french, &clause.text);
                    if clause.occur != Occur::MustNot {
                        highlight_terms.extend(terms.iter().map(|(_, term)| term.clone()));
                        proximity_text.push(&clause.text);
                    }
                    if clause.phrase && clause.occur == Occur::Should && text_clauses > 1 {
                        ranking::quoted_phrase(&text_fields, &terms)
                    } else {
                        text_query(&text_fields, &terms)
                    }
                }
                Some(name @ ("title" | "body")) => {
                    let field = match name {
                        "title" => fields.title,
                        _ => fields.text,
                    };
                    let terms = positioned_terms(french, &clause.text);
                    if clause.occur != Occur::MustNot {
                        highlight_terms.extend(terms.iter().map(|(_, term)| term.clone()));
                    }
                    text_query(&[(field, 1.0)], &terms)
                }
                Some(name) => {
                    let filter = self.field_filter(name, &clause.text, names)?;
                    // A metadata field restricts the results: it is a filter, not a ranking hint.
                    let occur = if occur == TantivyOccur::Should {
                        TantivyOccur::Must
                    } else {
                        occur
                    };
                    if let Some(filter) = filter {
                        if occur == TantivyOccur::Must {
                            positive = true;
                        }
                        clauses.push((occur, Box::new(ConstScoreQuery::new(filter, 0.0))));
                    } else if occur == TantivyOccur::Must {
                        empty_positive = true;
                    }
                    continue;
                }
            };
            match subquery {
                Some(subquery) => {
                    if occur != TantivyOccur::MustNot {
                        positive = true;
                    }
                    clauses.push((occur, subquery));
                }
                None if occur == TantivyOccur::Must => empty_positive = true,
                None => {}
            }
        }
        if empty_positive {
            // A required clause made only of stop words, or a filter on nothing: nothing matches.
            return Ok(BuiltQuery {
                query: None,
                highlight_terms,
                proximity: Proximity::none(),
                only_stop_words: false,
            });
        }
        if !positive {
            if parsed
                .clauses
                .iter()
                .any(|clause| clause.occur != Occur::MustNot)
            {
                // Only stop words were asked for.
                return Ok(BuiltQuery {
                    query: None,
                    highlight_terms,
                    proximity: Proximity::none(),
                    only_stop_words: true,
                });
            }
            clauses.push((
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            ));
        }
        self.add_filters(&mut clauses, KIND_ARTICLE, filters, names)?;
        // Analyzed together, the words keep the gaps that stop words leave between them.
        let proximity_terms = positioned_terms(french, &proximity_text.join(" "));
        Ok(BuiltQuery {
            query: Some(Box::new(at_least_one_should(clauses))),
            highlight_terms,
            proximity: Proximity::new(fields.text, &proximity_terms),
            only_stop_words: false,
        })
    }

    fn build_quote_query(
        &self,
        searcher: &Searcher,
        by: Option<&str>,
        query: Option<&str>,
        french: &mut TextAnalyzer,
        names: &mut TextAnalyzer,
        filters: &Filters,
    ) -> Result<Option<Box<dyn Query>>> {
        let fields = &self.fields;
        let mut clauses: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
        if let Some(by) = by {
            let Some(name) = NameQuery::new(by) else {
                return Ok(None);
            };
            let keys = self.speaker_keys(searcher, &name)?;
            if keys.is_empty() {
                return Ok(None);
            }
            let filter = TermSetQuery::new(
                keys.iter()
                    .map(|key| Term::from_field_text(fields.speaker_key, key)),
            );
            clauses.push((
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ));
        }
        if let Some(query) = query {
            let parsed = parse_query(query)?;
            let mut any = false;
            for clause in &parsed.clauses {
                let occur = match clause.occur {
                    Occur::Should => TantivyOccur::Should,
                    Occur::Must => TantivyOccur::Must,
                    Occur::MustNot => TantivyOccur::MustNot,
                };
                let subquery = match clause.field.as_deref() {
                    None => text_query(
                        &[(fields.quote, 1.0)],
                        &positioned_terms(french, &clause.text),
                    ),
                    Some(name) => self.field_filter(name, &clause.text, names)?,
                };
                if let Some(subquery) = subquery {
                    any |= occur != TantivyOccur::MustNot;
                    clauses.push((occur, subquery));
                } else if occur == TantivyOccur::Must {
                    return Ok(None);
                }
            }
            if !any && by.is_none() {
                if parsed
                    .clauses
                    .iter()
                    .any(|clause| clause.occur != Occur::MustNot)
                {
                    return Err(query::only_stop_words(query));
                }
                return Ok(None);
            }
            if clauses
                .iter()
                .all(|(occur, _)| *occur == TantivyOccur::Should)
                && by.is_some()
            {
                // With a speaker, the words narrow the speaker's quotes down.
                let words = std::mem::take(&mut clauses);
                clauses.push((TantivyOccur::Must, Box::new(BooleanQuery::new(words))));
            }
        }
        if clauses
            .iter()
            .all(|(occur, _)| *occur == TantivyOccur::MustNot)
        {
            clauses.push((
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            ));
        }
        self.add_filters(&mut clauses, KIND_QUOTE, filters, names)?;
        Ok(Some(Box::new(at_least_one_should(clauses))))
    }

    /// A filter on a field the query names (`city:Paris`), or `None` when the value has no words.
    /// The names are the query language's ([`query::QUERY_FIELDS`]), not the schema's.
    fn field_filter(
        &self,
        name: &str,
        value: &str,
        names: &mut TextAnalyzer,
    ) -> Result<Option<Box<dyn Query>>> {
        let fields = &self.fields;
        let field = match name {
            "city" => fields.city,
            "agency" => fields.agency,
            "author" | "authors" => fields.authors,
            "credits" => fields.credits,
            "section" => fields.section,
            "tag" | "tags" => fields.tags,
            "id" => return Ok(Some(term_query(fields.id, value))),
            "date" => {
                let (from, to) = date_bounds(Some(value), Some(value))?;
                return Ok(Some(date_range(fields.date, from, to)));
            }
            other => unreachable!("the query parser lets through only known fields, not {other}"),
        };
        Ok(name_filter(field, value, names))
    }

    fn add_filters(
        &self,
        clauses: &mut Vec<(TantivyOccur, Box<dyn Query>)>,
        kind: &str,
        filters: &Filters,
        names: &mut TextAnalyzer,
    ) -> Result<()> {
        let mut filter = |query: Box<dyn Query>| {
            clauses.push((
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(query, 0.0)),
            ));
        };
        filter(term_query(self.fields.kind, kind));
        if filters.since.is_some() || filters.until.is_some() {
            let (from, to) = date_bounds(filters.since.as_deref(), filters.until.as_deref())?;
            filter(date_range(self.fields.date, from, to));
        }
        if kind == KIND_QUOTE && filters.on_story_only() {
            // A quote does not carry its story's agency, authors or section: it is kept when its
            // story is.
            let stories = self.story_keys(filters, names)?;
            filter(Box::new(TermSetQuery::new(
                stories
                    .iter()
                    .map(|key| Term::from_field_text(self.fields.key, key)),
            )));
            let Some(city) = &filters.city else {
                return Ok(());
            };
            match name_filter(self.fields.city, city, names) {
                Some(query) => filter(query),
                None => filter(Box::new(tantivy::query::EmptyQuery)),
            }
            return Ok(());
        }
        let named = [
            (self.fields.city, &filters.city),
            (self.fields.agency, &filters.agency),
            (self.fields.authors, &filters.author),
            (self.fields.section, &filters.section),
        ];
        for (field, value) in named {
            if let Some(value) = value {
                match name_filter(field, value, names) {
                    Some(query) => filter(query),
                    // A filter value with no words matches nothing.
                    None => filter(Box::new(tantivy::query::EmptyQuery)),
                }
            }
        }
        Ok(())
    }

    /// The stored fields of the story `id` of the file `path`, found by its key.
    fn story_of(
        &self,
        searcher: &Searcher,
        path: &str,
        id: &str,
    ) -> Result<Option<TantivyDocument>> {
        let query = BooleanQuery::new(vec![
            (
                TantivyOccur::Must,
                term_query(self.fields.key, &document::story_key(path, id)),
            ),
            (
                TantivyOccur::Must,
                term_query(self.fields.kind, KIND_ARTICLE),
            ),
        ]);
        let addresses = searcher.search(&query, &DocSetCollector)?;
        match addresses.into_iter().min() {
            Some(address) => Ok(Some(searcher.doc(address)?)),
            None => Ok(None),
        }
    }

    /// The keys ([`document::story_key`]) of the stories that the agency, author and section
    /// filters keep.
    fn story_keys(&self, filters: &Filters, names: &mut TextAnalyzer) -> Result<Vec<String>> {
        let story_filters = Filters {
            agency: filters.agency.clone(),
            author: filters.author.clone(),
            section: filters.section.clone(),
            ..Filters::default()
        };
        let mut clauses = Vec::new();
        self.add_filters(&mut clauses, KIND_ARTICLE, &story_filters, names)?;
        let searcher = self.reader.searcher();
        let addresses = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
        addresses
            .into_iter()
            .map(|address| {
                Ok(document::story_key(
                    &column_value(&searcher, address, name::PATH)?,
                    &column_value(&searcher, address, name::ID)?,
                ))
            })
            .collect()
    }

    fn collect(
        &self,
        searcher: &Searcher,
        statistics: &KindStatistics,
        query: &dyn Query,
        proximity: &Proximity,
        request: (usize, Sort, bool),
    ) -> Result<Ranked> {
        let (limit, sort, count) = request;
        // No more hits can exist than documents: a huge --limit allocates nothing for them.
        let documents = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = limit.clamp(1, documents.max(1));
        match sort {
            Sort::Relevance => {
                // A few extra hits let ties at the cut be broken by id, so output is stable.
                // With a proximity bonus, more candidates are collected, then re-scored.
                let top_docs =
                    TopDocs::with_limit(proximity.window(limit + TIE_MARGIN)).order_by_score();
                // Counting every match defeats tantivy's pruning of low-scoring documents, so it
                // is done only when the total is shown.
                let (top, total) = if count {
                    let (top, total) = searcher.search_with_statistics_provider(
                        query,
                        &(top_docs, Count),
                        statistics,
                    )?;
                    (top, Some(total))
                } else {
                    (
                        searcher.search_with_statistics_provider(query, &top_docs, statistics)?,
                        None,
                    )
                };
                let top = proximity.rescore(searcher, statistics, top, limit + TIE_MARGIN)?;
                let has_ties = top.windows(2).any(|pair| pair[0].0 == pair[1].0);
                // Ids are read only to order equal scores, all in one pass per segment.
                let ids = if has_ties {
                    let addresses: Vec<DocAddress> =
                        top.iter().map(|&(_, address)| address).collect();
                    self.ids_of(searcher, &addresses)?
                } else {
                    vec![String::new(); top.len()]
                };
                let mut keyed: Vec<(f32, String, DocAddress)> = top
                    .into_iter()
                    .zip(ids)
                    .map(|((score, address), id)| (score, id, address))
                    .collect();
                keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                keyed.truncate(limit);
                Ok(Ranked {
                    total,
                    documents: keyed
                        .into_iter()
                        .map(|(score, _, address)| {
                            (Some((score * 1000.0).round() / 1000.0), address)
                        })
                        .collect(),
                })
            }
            Sort::Date => {
                let addresses = searcher.search(query, &DocSetCollector)?;
                let total = addresses.len();
                let mut dated: Vec<(i64, u64, DocAddress)> = Vec::with_capacity(total);
                let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
                for address in &addresses {
                    by_segment
                        .entry(address.segment_ord)
                        .or_default()
                        .push(address.doc_id);
                }
                for (segment_ord, docs) in by_segment {
                    let fast = searcher.segment_reader(segment_ord).fast_fields();
                    let dates = fast.date(name::DATE)?;
                    let positions = fast.u64(name::POSITION)?;
                    for doc in docs {
                        let date = dates
                            .first(doc)
                            .map_or(i64::MIN, |date| date.into_timestamp_secs());
                        let position = positions.first(doc).unwrap_or_default();
                        dated.push((date, position, DocAddress::new(segment_ord, doc)));
                    }
                }
                dated.sort_by_key(|entry| std::cmp::Reverse(entry.0));
                // Dates often tie (a month is all the wire format gives): order the stories that
                // share the last date shown by id, then position, reading ids only for those.
                let cut = dated.get(limit - 1).map_or(i64::MIN, |last| last.0);
                let candidates = dated.partition_point(|entry| entry.0 >= cut);
                let addresses: Vec<DocAddress> = dated[..candidates]
                    .iter()
                    .map(|&(_, _, address)| address)
                    .collect();
                let mut keyed: Vec<(i64, String, u64, DocAddress)> = dated[..candidates]
                    .iter()
                    .zip(self.ids_of(searcher, &addresses)?)
                    .map(|(&(date, position, address), id)| (date, id, position, address))
                    .collect();
                keyed.sort_by(|a, b| {
                    b.0.cmp(&a.0)
                        .then_with(|| a.1.cmp(&b.1))
                        .then(a.2.cmp(&b.2))
                });
                keyed.truncate(limit);
                Ok(Ranked {
                    total: Some(total),
                    documents: keyed
                        .into_iter()
                        .map(|(_, _, _, address)| (None, address))
                        .collect(),
                })
            }
        }
    }

    /// The ids of many documents, in their order: each segment's column is opened once (opening
    /// one decodes its block index) and its dictionary read in one pass.
    fn ids_of(&self, searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<String>> {
        column_values(searcher, addresses, name::ID)
    }

    #[allow(clippy::too_many_arguments, reason = "one hit's inputs")]
    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        document: &TantivyDocument,
        rank: usize,
        score: Option<f32>,
        french: &mut TextAnalyzer,
        terms: &HashSet<String>,
        max_fragments: usize,
    ) -> Result<Hit> {
        let fields = &self.fields;
        let story = story_text(document, fields);
        Ok(Hit {
            rank,
            id: column_value(searcher, address, name::ID)?,
            path: column_value(searcher, address, name::PATH)?,
            line: u64_of(document, fields.line),
            url: text_of(document, fields.url),
            date: text_of(document, fields.date_text),
            score,
            city: text_of(document, fields.city),
            agency: text_of(document, fields.agency),
            authors: all_text(document, fields.authors),
            title: text_of(document, fields.title),
            headline: headline(document, fields),
            fragments: snippet::fragments(french, &story, terms, max_fragments),
            versions: Vec::new(),
        })
    }
}

/// Candidates ranked beyond three per hit shown, for the versions that fold into a hit.
const VERSION_MARGIN: usize = 10;

/// The largest window of ranked candidates a search folds versions in.
const MAX_WINDOW: usize = 5_000;

/// How many hits past the limit are fetched, so that equal scores at the cut are ordered by id.
const TIE_MARGIN: usize = 8;

/// The weight of a match in the headline against one in the story text.
const TITLE_BOOST: f32 = 2.0;

struct BuiltQuery {
    query: Option<Box<dyn Query>>,
    highlight_terms: HashSet<String>,
    /// The bonus for query words that stand close together, added to the best BM25 hits.
    proximity: Proximity,
    /// The query asked for words, and every one of them is a stop word.
    only_stop_words: bool,
}

struct Ranked {
    total: Option<usize>,
    documents: Vec<(Option<f32>, DocAddress)>,
}

/// BM25 statistics of one kind of document. Articles and quotes share an index, so tantivy's own
/// statistics would count quotes among the documents of a body search and skew its length norm.
struct KindStatistics<'a> {
    searcher: &'a Searcher,
    documents: u64,
}

impl<'a> KindStatistics<'a> {
    fn new(searcher: &'a Searcher, fields: &Fields, kind: &str) -> Result<KindStatistics<'a>> {
        Ok(KindStatistics {
            searcher,
            documents: store::count_kind(searcher, fields, kind)?.max(1),
        })
    }
}

impl tantivy::query::Bm25StatisticsProvider for KindStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.documents)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

/// A boolean query in which, beside its required clauses, a story must match at least one optional
/// clause when there are any: tantivy would otherwise treat them as mere ranking hints next to a
/// required filter, and every story of the right kind would match.
/// A query for any of `terms` in any of `fields` (weighted), each ranked by BM25; with no term,
/// a query that matches nothing (a prefix of no word is not a stop word).
fn any_term(fields: &[(Field, f32)], terms: &[String]) -> Option<Box<dyn Query>> {
    if terms.is_empty() {
        return Some(Box::new(tantivy::query::EmptyQuery));
    }
    let clauses: Vec<(TantivyOccur, Box<dyn Query>)> = terms
        .iter()
        .flat_map(|term| {
            fields.iter().map(move |&(field, boost)| {
                let query: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    )),
                    boost,
                ));
                (TantivyOccur::Should, query)
            })
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

fn at_least_one_should(clauses: Vec<(TantivyOccur, Box<dyn Query>)>) -> BooleanQuery {
    let any_should = clauses
        .iter()
        .any(|(occur, _)| *occur == TantivyOccur::Should);
    let mut query = BooleanQuery::new(clauses);
    if any_should {
        query.set_minimum_number_should_match(1);
    }
    query
}

/// A filter on a name field (city, agency, authors…): the value's words, as a phrase when several.
fn name_filter(field: Field, value: &str, names: &mut TextAnalyzer) -> Option<Box<dyn Query>> {
    let terms = positioned_terms(names, value);
    text_query(&[(field, 1.0)], &terms)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// Analyzes a clause's text into terms with their positions (for phrases).
fn positioned_terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push((token.position, token.text.clone()));
    }
    terms
}

/// A term or phrase over one or several fields, each with its weight.
fn text_query(fields: &[(Field, f32)], terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    if terms.is_empty() {
        return None;
    }
    let mut per_field: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
    for &(field, boost) in fields {
        let query: Box<dyn Query> = if terms.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &terms[0].1),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            let first = terms[0].0;
            Box::new(PhraseQuery::new_with_offset(
                terms
                    .iter()
                    .map(|(position, term)| (position - first, Term::from_field_text(field, term)))
                    .collect(),
            ))
        };
        let query: Box<dyn Query> = if (boost - 1.0).abs() > f32::EPSILON {
            Box::new(BoostQuery::new(query, boost))
        } else {
            query
        };
        per_field.push((TantivyOccur::Should, query));
    }
    if per_field.len() == 1 {
        per_field.pop().map(|(_, query)| query)
    } else {
        Some(Box::new(BooleanQuery::new(per_field)))
    }
}

/// The bounds, in seconds, of `since`'s period start to `until`'s period end.
pub fn date_bounds(since: Option<&str>, until: Option<&str>) -> Result<(Option<i64>, Option<i64>)> {
    let bad = |value: &str| Error::BadDate {
        value: value.to_owned(),
    };
    let from = since
        .map(|value| {
            date::parse_date(value)
                .map(|date| date.seconds)
                .ok_or_else(|| bad(value))
        })
        .transpose()?;
    let to = until
        .map(|value| date::end_of_period(value).ok_or_else(|| bad(value)))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && from >= to
    {
        return Err(Error::DateRange {
            since: since.unwrap_or_default().to_owned(),
            until: until.unwrap_or_default().to_owned(),
        });
    }
    Ok((from, to))
}

fn date_range(field: Field, from: Option<i64>, to: Option<i64>) -> Box<dyn Query> {
    let bound = |seconds: i64| Term::from_field_date(field, DateTime::from_timestamp_secs(seconds));
    let lower = from.map_or(Bound::Unbounded, |seconds| Bound::Included(bound(seconds)));
    let upper = to.map_or(Bound::Unbounded, |seconds| Bound::Excluded(bound(seconds)));
    Box::new(RangeQuery::new(lower, upper))
}

/// The value of a document in a fast text column (`id`, `path`): they are kept as columns only,
/// since a column stores each distinct value once, where the document store would repeat a story's
/// path in every one of its quotes.
fn column_value(searcher: &Searcher, address: DocAddress, column: &str) -> Result<String> {
    let segment = searcher.segment_reader(address.segment_ord);
    let mut value = String::new();
    if let Some(values) = segment.fast_fields().str(column)? {
        schema::read_column_str(&values, address.doc_id, &mut value)?;
    }
    Ok(value)
}

/// The values of a fast text column for many documents, in their order ("" for none).
fn column_values(
    searcher: &Searcher,
    addresses: &[DocAddress],
    column: &str,
) -> Result<Vec<String>> {
    Ok(
        schema::column_values_of(searcher, addresses, column, schema::ColumnKind::Str)?
            .into_iter()
            .map(|value| String::from_utf8_lossy(&value.unwrap_or_default()).into_owned())
            .collect(),
    )
}

fn text_of(document: &TantivyDocument, field: Field) -> Option<String> {
    document
        .get_first(field)
        .and_then(|value| value.as_str().map(str::to_owned))
}

fn u64_of(document: &TantivyDocument, field: Field) -> Option<u64> {
    document.get_first(field).and_then(|value| value.as_u64())
}

fn all_text(document: &TantivyDocument, field: Field) -> Vec<String> {
    document
        .get_all(field)
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect()
}

/// What heads a story when shown: its headline, or the first words of its lede.
fn headline(document: &TantivyDocument, fields: &Fields) -> String {
    text_of(document, fields.title)
        .unwrap_or_else(|| first_words(&text_of(document, fields.lede).unwrap_or_default(), 12))
}

/// A story's lede and body, a blank line between them.
fn story_text(document: &TantivyDocument, fields: &Fields) -> String {
    let lede = text_of(document, fields.lede).unwrap_or_default();
    let body = text_of(document, fields.body).unwrap_or_default();
    if body.is_empty() {
        lede
    } else {
        format!("{lede}\n\n{body}")
    }
}

/// The first `count` words of a text, with an ellipsis when cut.
fn first_words(text: &str, count: usize) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(count).collect();
    let mut title = head.join(" ");
    if words.next().is_some() {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;
    use crate::document;

    #[test]
    fn date_bounds_run_from_the_start_of_one_period_to_the_end_of_another() {
        let day = |seconds: Option<i64>| seconds.map(date::format_day);
        let (from, to) = date_bounds(Some("2022-02"), Some("2022")).expect("good dates");
        assert_eq!(day(from).as_deref(), Some("2022-02-01"));
        assert_eq!(day(to).as_deref(), Some("2023-01-01"));
        assert_eq!(date_bounds(None, None).expect("no dates"), (None, None));
        assert!(matches!(
            date_bounds(Some("2022-13"), None),
            Err(Error::BadDate { value }) if value == "2022-13"
        ));
        assert!(matches!(
            date_bounds(Some("2022-03"), Some("2022-02")),
            Err(Error::DateRange { .. })
        ));
        // One day is a period of its own: since and until the same day is that day.
        let (from, to) = date_bounds(Some("2022-02-28"), Some("2022-02-28")).expect("one day");
        assert_eq!(to.zip(from).map(|(to, from)| to - from), Some(86_400));
    }

    #[test]
    fn first_words_cut_with_an_ellipsis_only_when_there_is_more() {
        assert_eq!(first_words("Un  deux\ntrois quatre", 3), "Un deux trois…");
        assert_eq!(first_words("Un deux", 3), "Un deux");
        assert_eq!(first_words("", 3), "");
    }

    #[test]
    fn query_terms_keep_the_gaps_of_dropped_words() {
        let terms = positioned_terms(&mut analysis::french_analyzer(), "l'État de droit");
        // `l'` is elided and takes no position; `de`, a stop word, keeps its place.
        assert_eq!(terms, [(0, "etat".to_owned()), (2, "droit".to_owned())]);
        let fields =
            Fields::new(&schema::build_schema(&schema::SchemaSpec::shipped())).expect("fields");
        assert!(text_query(&[(fields.body, 1.0)], &[]).is_none());
        let phrase = text_query(&[(fields.body, 1.0)], &terms).expect("a phrase");
        let described = format!("{phrase:?}");
        assert!(described.contains("PhraseQuery"), "{described}");
        let two_fields =
            text_query(&[(fields.title, 2.0), (fields.body, 1.0)], &terms[..1]).expect("a term");
        let described = format!("{two_fields:?}");
        assert!(
            described.contains("BooleanQuery") && described.contains("Boost"),
            "{described}"
        );
    }

    /// An index of three stories, written through `store` and `document` as `depeche index` does.
    fn archive(dir: &Path) -> Archive {
        let index = store::open_for_writing(dir, false).expect("index");
        let fields = Fields::new(&index.schema()).expect("fields");
        let (mut writer, _pid) = store::open_writer(&index, dir, 1, 50_000_000).expect("writer");
        for (id, date, city, paragraphs) in [
            (
                "a",
                "2022-02-01",
                "KIEV",
                [
                    "L'Ukraine demande des armes.",
                    "Kiev attend une réponse de l'Ukraine.",
                ],
            ),
            (
                "b",
                "2022-03-15",
                "PARIS",
                [
                    "Le gouvernement parle de l'Ukraine.",
                    "Paris soutient Kiev.",
                ],
            ),
            (
                "c",
                "2021-06-01",
                "PARIS",
                ["La météo de juin.", "Il fera beau à Paris."],
            ),
        ] {
            let article = Article {
                id: id.into(),
                path: format!("/corpus/{id}.txt"),
                date: date::parse_date(date),
                city: Some(city.into()),
                paragraphs: paragraphs.map(str::to_owned).to_vec(),
                ..Article::default()
            };
            writer
                .add_document(document::article_document(&fields, &article, id, 1))
                .expect("add");
        }
        writer.commit().expect("commit");
        Archive::open(dir).expect("open")
    }

    fn ids(archive: &Archive, query: &str, sort: Sort, filters: Filters) -> Vec<String> {
        let request = SearchRequest {
            query: query.to_owned(),
            limit: 10,
            sort,
            filters,
            fragments: 1,
            count_total: true,
            all_versions: false,
        };
        let results = archive.search(&request).expect("search");
        assert_eq!(results.total, Some(results.hits.len()));
        results.hits.into_iter().map(|hit| hit.id).collect()
    }

    #[test]
    fn search_ranks_sorts_and_filters_a_small_index() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let archive = archive(dir.path());
        // `a` says Ukraine twice in fewer words: it ranks first.
        assert_eq!(
            ids(&archive, "ukraine", Sort::Relevance, Filters::default()),
            ["a", "b"]
        );
        assert_eq!(
            ids(&archive, "ukraine", Sort::Date, Filters::default()),
            ["b", "a"]
        );
        let paris = Filters {
            city: Some("Paris".into()),
            ..Filters::default()
        };
        assert_eq!(ids(&archive, "ukraine", Sort::Relevance, paris), ["b"]);
        let in_2021 = Filters {
            until: Some("2021".into()),
            ..Filters::default()
        };
        assert_eq!(ids(&archive, "paris", Sort::Relevance, in_2021), ["c"]);
        assert!(
            ids(
                &archive,
                "ukraine -kiev",
                Sort::Relevance,
                Filters::default()
            )
            .is_empty()
        );
        assert_eq!(
            ids(
                &archive,
                "\"paris soutient\"",
                Sort::Date,
                Filters::default()
            ),
            ["b"]
        );
    }
}
