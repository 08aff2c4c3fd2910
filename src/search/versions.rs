//! One story, one hit: a story's other versions (see [`crate::versions`] for the rule), found
//! when a hit is shown. A search compares the fingerprints of the stories it ranked (more than it
//! shows) and looks up the stories under each shown hit's headline (one term): versions among
//! them fold into the best-ranked, which lists their ids. `show ID --versions` also queries the
//! story's rarest words, which bring versions with another headline to the top of the index. Each
//! candidate's fingerprint, read from its column, confirms or rejects it. Nothing is grouped at
//! index time, so a new version joins its story as soon as it is indexed, and no group has to be
//! rewritten when one of its stories changes.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur as TantivyOccur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, Term};

use super::{Archive, Filters, Hit, SearchResults, Sort, column_value};
use crate::error::Result;
use crate::schema::KIND_ARTICLE;
use crate::schema::{self, name};
use crate::versions::{Fingerprint, headline_key};

/// The words of a story its candidate versions are looked up by: its rarest ones.
const QUERY_WORDS: usize = 16;

/// Candidates checked per story.
const CANDIDATES: usize = 16;

/// Stories under one headline checked, at most: a generic headline (`Coronavirus: le point sur
/// la pandémie`) heads hundreds of different stories.
const SAME_HEADLINE: usize = 64;

/// How much of a story's text is read for its rarest words: versions share their beginning.
const TEXT_READ: usize = 600;

/// Distinct words whose document frequency is looked up, at most: each look-up reads the term
/// dictionary of every segment.
const WORDS_WEIGHED: usize = 40;

/// Words of a story that a `similar` query is made of: the most telling ones.
const TELLING_WORDS: usize = 25;

/// How much of a story's text is read for its most telling words.
const TELLING_TEXT_READ: usize = 10_000;

/// Stories closest to one (`similar`).
#[derive(Debug, Clone)]
pub struct SimilarRequest {
    /// The story's id.
    pub id: String,
    /// How many stories to show.
    pub limit: usize,
    /// Metadata filters on the stories shown.
    pub filters: Filters,
    /// Snippet fragments per hit, at most.
    pub fragments: usize,
    /// Show every version of a story as a hit of its own.
    pub all_versions: bool,
}

/// How the hits of a ranked window are shown.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shown {
    /// Hits shown, at most.
    pub limit: usize,
    /// No folding of versions.
    pub all_versions: bool,
    /// Snippet fragments per hit, at most.
    pub fragments: usize,
}

/// Another version of a story.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Version {
    /// Its id.
    pub id: String,
    /// Its date as given.
    pub date: Option<String>,
    /// Its headline or first words.
    pub title: String,
}

impl Archive {
    /// The fingerprint of the story at `address`, if its text has one.
    pub(super) fn fingerprint(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Option<Fingerprint>> {
        Ok(self.fingerprints(searcher, &[address])?.pop().flatten())
    }

    /// The fingerprints of the stories at `addresses`, in their order, read in one pass per
    /// segment ([`schema::column_values_of`]).
    pub(super) fn fingerprints(
        &self,
        searcher: &Searcher,
        addresses: &[DocAddress],
    ) -> Result<Vec<Option<Fingerprint>>> {
        Ok(schema::column_values_of(
            searcher,
            addresses,
            name::FINGERPRINT,
            schema::ColumnKind::Bytes,
        )?
        .into_iter()
        .map(|bytes| bytes.as_deref().and_then(Fingerprint::from_bytes))
        .collect())
    }

    /// The hits of a ranked window, best first: each story's versions within the window fold into
    /// the best-ranked one, which lists them with those under its headline (unless
    /// `all_versions`).
    pub(super) fn shown_hits(
        &self,
        searcher: &Searcher,
        window: &[(Option<f32>, DocAddress)],
        shown: Shown,
        french: &mut TextAnalyzer,
        highlight_terms: &HashSet<String>,
    ) -> Result<Vec<Hit>> {
        // Each candidate's fingerprint, so that versions within the window fold into the
        // best-ranked one without another query.
        let prints: Vec<Option<Fingerprint>> = if shown.all_versions {
            vec![None; window.len()]
        } else {
            let addresses: Vec<DocAddress> = window.iter().map(|&(_, address)| address).collect();
            self.fingerprints(searcher, &addresses)?
        };
        let mut hits = Vec::with_capacity(shown.limit.min(window.len()));
        let mut folded: HashSet<DocAddress> = HashSet::new();
        for (&(score, address), print) in window.iter().zip(&prints) {
            if hits.len() >= shown.limit {
                break;
            }
            if folded.contains(&address) {
                continue;
            }
            let document: TantivyDocument = searcher.doc(address)?;
            let mut hit = self.hit(
                searcher,
                address,
                &document,
                hits.len() + 1,
                score,
                french,
                highlight_terms,
                shown.fragments,
            )?;
            if let Some(print) = print {
                let mut versions: Vec<DocAddress> = window
                    .iter()
                    .zip(&prints)
                    .filter(|((_, other), other_print)| {
                        *other != address
                            && other_print
                                .as_ref()
                                .is_some_and(|other_print| print.same_story(other_print))
                    })
                    .map(|(&(_, other), _)| other)
                    .collect();
                let others: Vec<DocAddress> = self
                    .same_headline(searcher, address, &document)?
                    .into_iter()
                    .filter(|other| !versions.contains(other))
                    .collect();
                for (other, other_print) in others.iter().zip(self.fingerprints(searcher, &others)?)
                {
                    if other_print.is_some_and(|other_print| print.same_story(&other_print)) {
                        versions.push(*other);
                    }
                }
                hit.versions = self.ids_of(searcher, &versions)?;
                folded.extend(versions);
            }
            hits.push(hit);
        }
        Ok(hits)
    }

    /// The stories closest to one: a query made of its most telling words (by tf·idf), ranked by
    /// BM25, the story itself and its own versions left out.
    pub fn similar(&self, request: &SimilarRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let mut french = self.analyzer(crate::analysis::FRENCH)?;
        let mut names = self.analyzer(crate::analysis::FRENCH_NAME)?;
        let stories = self.story_addresses(&searcher, &request.id)?;
        let mut left_out: HashSet<DocAddress> = stories.iter().copied().collect();
        let mut words: Vec<Term> = Vec::new();
        for &story in &stories {
            let document: TantivyDocument = searcher.doc(story)?;
            left_out.extend(self.versions_of(&searcher, story, &document, &mut french)?);
            if words.is_empty() {
                words = self.telling_words(&searcher, &self.story_text(&document), &mut french)?;
            }
        }
        let nothing = SearchResults {
            total: None,
            hits: Vec::new(),
        };
        if words.is_empty() || request.limit == 0 {
            return Ok(nothing);
        }
        let highlight_terms: HashSet<String> = words
            .iter()
            .filter_map(|term| term.value().as_str().map(str::to_owned))
            .collect();
        let mut clauses: Vec<(TantivyOccur, Box<dyn Query>)> =
            vec![(TantivyOccur::Must, Box::new(any_of(words)))];
        self.add_filters(&mut clauses, KIND_ARTICLE, &request.filters, &mut names)?;
        let query = BooleanQuery::new(clauses);
        let statistics = super::KindStatistics::new(&searcher, &self.fields, KIND_ARTICLE)?;
        let fetch = request
            .limit
            .saturating_mul(3)
            .saturating_add(super::VERSION_MARGIN + left_out.len());
        let ranked = self.collect(
            &searcher,
            &statistics,
            &query,
            &super::ranking::Proximity::none(),
            (fetch, Sort::Relevance, false),
        )?;
        let window: Vec<(Option<f32>, DocAddress)> = ranked
            .documents
            .into_iter()
            .filter(|(_, address)| !left_out.contains(address))
            .collect();
        let hits = self.shown_hits(
            &searcher,
            &window,
            Shown {
                limit: request.limit,
                all_versions: request.all_versions,
                fragments: request.fragments,
            },
            &mut french,
            &highlight_terms,
        )?;
        Ok(SearchResults { total: None, hits })
    }

    /// The most telling words of `text`: those that weigh most by their count in it times their
    /// rarity in the index (tf·idf); a word of this story alone, or of most stories, tells nothing.
    fn telling_words(
        &self,
        searcher: &Searcher,
        text: &str,
        french: &mut TextAnalyzer,
    ) -> Result<Vec<Term>> {
        let documents =
            super::KindStatistics::new(searcher, &self.fields, KIND_ARTICLE)?.documents as f64;
        let mut weighted: Vec<(f64, Term)> = self
            .shared_words(searcher, text, TELLING_TEXT_READ, usize::MAX, french)?
            .into_iter()
            .filter(|&(_, _, frequency)| frequency as f64 <= documents / 10.0)
            .map(|(term, count, frequency)| {
                let idf = (documents / frequency as f64).ln();
                (f64::from(count) * idf, term)
            })
            .collect();
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        weighted.truncate(TELLING_WORDS);
        Ok(weighted.into_iter().map(|(_, term)| term).collect())
    }

    /// The distinct words of the first `read` bytes of `text` (the first `distinct` of them), each
    /// with its count there and its document frequency in the index; the words of this story alone
    /// are left out, since they find no other story.
    fn shared_words(
        &self,
        searcher: &Searcher,
        text: &str,
        read: usize,
        distinct: usize,
        french: &mut TextAnalyzer,
    ) -> Result<Vec<(Term, u32, u64)>> {
        let mut end = text.len().min(read);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut stream = french.token_stream(&text[..end]);
        while let Some(token) = stream.next() {
            if let Some(count) = counts.get_mut(&token.text) {
                *count += 1;
            } else if counts.len() < distinct {
                counts.insert(token.text.clone(), 1);
            } else {
                break;
            }
        }
        let mut words = Vec::with_capacity(counts.len());
        for (word, count) in counts {
            let term = Term::from_field_text(self.fields.text, &word);
            let frequency = searcher.doc_freq(&term)?;
            if frequency >= 2 {
                words.push((term, count, frequency));
            }
        }
        Ok(words)
    }

    /// The stories other than the one at `address` under its headline (at most
    /// [`SAME_HEADLINE`]): its likeliest versions, one term away.
    pub(super) fn same_headline(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        document: &TantivyDocument,
    ) -> Result<Vec<DocAddress>> {
        let Some(key) = super::text_of(document, self.fields.title)
            .as_deref()
            .and_then(headline_key)
        else {
            return Ok(Vec::new());
        };
        let query = TermQuery::new(
            Term::from_field_text(self.fields.headline_key, &key),
            IndexRecordOption::Basic,
        );
        let mut found: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .filter(|&other| other != address)
            .collect();
        found.sort();
        found.truncate(SAME_HEADLINE);
        Ok(found)
    }

    /// Every other version of the story at `address` the index can find: those under its
    /// headline, and those among the stories that share its rarest words.
    fn versions_of(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        document: &TantivyDocument,
        french: &mut TextAnalyzer,
    ) -> Result<Vec<DocAddress>> {
        let Some(fingerprint) = self.fingerprint(searcher, address)? else {
            return Ok(Vec::new());
        };
        let mut candidates = self.same_headline(searcher, address, document)?;
        if let Some(query) = self.rare_words_query(searcher, &self.story_text(document), french)? {
            for (_, candidate) in searcher.search(
                query.as_ref(),
                &TopDocs::with_limit(CANDIDATES).order_by_score(),
            )? {
                if candidate != address && !candidates.contains(&candidate) {
                    candidates.push(candidate);
                }
            }
        }
        let prints = self.fingerprints(searcher, &candidates)?;
        Ok(candidates
            .into_iter()
            .zip(prints)
            .filter(|(_, other)| {
                other
                    .as_ref()
                    .is_some_and(|other| fingerprint.same_story(other))
            })
            .map(|(candidate, _)| candidate)
            .collect())
    }

    /// A query for the stories that share the rarest words of `text`.
    fn rare_words_query(
        &self,
        searcher: &Searcher,
        text: &str,
        french: &mut TextAnalyzer,
    ) -> Result<Option<Box<dyn Query>>> {
        // The rarest words that another story has too.
        let mut rare: Vec<(u64, Term)> = self
            .shared_words(searcher, text, TEXT_READ, WORDS_WEIGHED, french)?
            .into_iter()
            .map(|(term, _, frequency)| (frequency, term))
            .collect();
        if rare.is_empty() {
            return Ok(None);
        }
        rare.sort_unstable();
        rare.truncate(QUERY_WORDS);
        // `text` is a field of articles only: no filter on the kind is needed.
        Ok(Some(Box::new(any_of(
            rare.into_iter().map(|(_, term)| term).collect(),
        ))))
    }

    /// The other versions of the stories with this id, for `show --versions`.
    pub fn versions(&self, id: &str) -> Result<Vec<Version>> {
        let searcher = self.reader.searcher();
        let mut french = self.analyzer(crate::analysis::FRENCH)?;
        let mut found: Vec<DocAddress> = Vec::new();
        for story in self.story_addresses(&searcher, id)? {
            let document: TantivyDocument = searcher.doc(story)?;
            for version in self.versions_of(&searcher, story, &document, &mut french)? {
                if !found.contains(&version) && column_value(&searcher, version, name::ID)? != id {
                    found.push(version);
                }
            }
        }
        found
            .into_iter()
            .map(|address| {
                let document: TantivyDocument = searcher.doc(address)?;
                Ok(Version {
                    id: column_value(&searcher, address, name::ID)?,
                    date: super::text_of(&document, self.fields.date_text),
                    title: self.headline(&document),
                })
            })
            .collect()
    }
}

/// A query for any of `terms`, each ranked by BM25.
fn any_of(terms: Vec<Term>) -> BooleanQuery {
    BooleanQuery::new(
        terms
            .into_iter()
            .map(|term| {
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (TantivyOccur::Should, query)
            })
            .collect(),
    )
}
