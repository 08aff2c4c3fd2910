//! One story, one hit: a story's other versions (see [`crate::versions`] for the rule), found
//! when a hit is shown. A search compares the fingerprints of the stories it ranked (more than it
//! shows) and looks up the stories under each shown hit's headline (one term): versions among
//! them fold into the best-ranked, which lists their ids. `show ID --versions` also queries the
//! story's rarest words, which bring versions with another headline to the top of the index. Each
//! candidate's fingerprint, read from its column, confirms or rejects it. Nothing is grouped at
//! index time, so a new version joins its story as soon as it is indexed, and no group has to be
//! rewritten when one of its stories changes.

use std::collections::HashSet;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur as TantivyOccur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, Term};

use super::{Archive, column_value};
use crate::error::Result;
use crate::schema::name;
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
        let Some(column) = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .bytes(name::FINGERPRINT)?
        else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        column
            .ord_to_bytes(ord, &mut bytes)
            .map_err(tantivy::TantivyError::from)?;
        Ok(Fingerprint::from_bytes(&bytes))
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
        let mut versions = Vec::new();
        for candidate in candidates {
            if let Some(other) = self.fingerprint(searcher, candidate)?
                && fingerprint.same_story(&other)
            {
                versions.push(candidate);
            }
        }
        Ok(versions)
    }

    /// A query for the stories that share the rarest words of `text`.
    fn rare_words_query(
        &self,
        searcher: &Searcher,
        text: &str,
        french: &mut TextAnalyzer,
    ) -> Result<Option<Box<dyn Query>>> {
        let mut end = text.len().min(TEXT_READ);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut counts: HashSet<String> = HashSet::new();
        let mut stream = french.token_stream(&text[..end]);
        while let Some(token) = stream.next() {
            if counts.len() >= WORDS_WEIGHED {
                break;
            }
            counts.insert(token.text.clone());
        }
        // The rarest words that another story has too: a word of this story alone finds nothing.
        let mut rare = Vec::with_capacity(counts.len());
        for word in counts {
            let term = Term::from_field_text(self.fields.text, &word);
            let frequency = searcher.doc_freq(&term)?;
            if frequency >= 2 {
                rare.push((frequency, term));
            }
        }
        if rare.is_empty() {
            return Ok(None);
        }
        rare.sort_unstable();
        rare.truncate(QUERY_WORDS);
        // `text` is a field of articles only: no filter on the kind is needed.
        let words: Vec<(TantivyOccur, Box<dyn Query>)> = rare
            .into_iter()
            .map(|(_, term)| {
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (TantivyOccur::Should, query)
            })
            .collect();
        Ok(Some(Box::new(BooleanQuery::new(words))))
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
