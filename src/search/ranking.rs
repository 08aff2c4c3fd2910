//! Ranking beyond one BM25 score per word: what a search box needs when a user pastes a headline
//! and expects the story it belongs to first.
//!
//! Two measured changes live here. A pasted headline's quoted words (`"très limité"`) count as
//! words and, together, as a phrase ([`quoted_phrase`]); a query that is only a phrase keeps it
//! strict. Stories where the query's neighbouring words stand close together gain a proximity bonus
//! ([`Proximity`]), which is added to the best [`RESCORE_WINDOW`] stories of the BM25 ranking
//! instead of to every matching story, so that a search costs little more than before and tantivy
//! keeps pruning the word query.
//!
//! The figures quoted below are MRR@10 on `../shared/search/known-items-dev.tsv` (300 headlines,
//! queries clean / typed without accents), measured with `../shared/search/mrr.py` on the
//! 36,098-story benchmark corpus. Before this module: 0.756 / 0.756 (0.758 / 0.758 once the
//! memoized stemmer and column-read ids landed); with it: 0.784 / 0.784. The held-out set of 500
//! other headlines is the check against fitting these constants to the dev set.
//!
//! This module builds queries and re-scores candidates; collecting the hits is [`super`]'s job.

use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query,
};
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, Term};

use super::text_query;
use crate::error::Result;

/// The weight of a quoted phrase next to its words. A quoted phrase used to be the only clause of
/// its words, so a story that reports the words without the exact phrase scored nothing for them;
/// users who paste a headline do not mean the quotation marks as an operator. Counting the words
/// alone raised MRR from 0.756 to 0.766 (phrase weight 1) and 0.768 (0.5); with the proximity
/// bonus, 0.777 (1), 0.779 (0.5), 0.779 (0.25), 0.778 (0, words only). Only an optional phrase
/// among other words is softened: a query that is a phrase alone, or a required phrase (`+"…"`),
/// asks for exactly that phrase, and stories that only hold its words do not match.
pub(super) const QUOTED_PHRASE_BOOST: f32 = 0.5;

/// How far apart two neighbouring query words may stand in a story, beyond their distance in the
/// query, to earn the proximity bonus. Measured with [`PAIR_BOOST`] at 0.2: slop 0 0.768, 1 0.772,
/// 2 0.772, 3 0.773, 4 0.772, 5 0.771, 8 0.769, 16 0.765. Each word pair is one sloppy phrase, and
/// tantivy's slop measures the distance either way, so two close words also match in the other
/// order.
pub(super) const PAIR_SLOP: u32 = 3;

/// The weight of the proximity bonus of one pair against one word's BM25 score (a pair's phrase
/// score is BM25 too, with the idf of both words). Measured at slop 3, without quoted-phrase
/// changes: 0 0.756, 0.15 0.769, 0.2 0.773, 0.25 0.774, 0.3 0.774, 0.4 0.774, 0.5 0.771; with them,
/// 0.2 0.778, 0.25 0.779, 0.3 0.780. Clean and typed queries score alike throughout.
///
/// Other proximity forms measured (MRR clean, typed identical), kept out: exact adjacent pairs
/// alone, weight 0.1/0.2/0.3/0.4: 0.762/0.768/0.765/0.766; exact pairs plus slop-8 pairs: at best
/// 0.775 (0.05 + 0.2), no better than one sloppy pair at twice the cost; one sloppy phrase of all
/// the words (slop 20), weight 0.1/0.3: 0.759/0.760. A bonus for each query word a story holds
/// (coordination, a constant per word) gave 0.760 alone and nothing on top of the pairs (0.772 to
/// 0.773 for 0.2 to 1); a bonus for words in the first paragraph lowered MRR (0.774 to 0.771 at
/// 0.05, 0.769 at 0.1), as did the lede boost noted in [`super`].
pub(super) const PAIR_BOOST: f32 = 0.25;

/// How many of the best BM25 stories get the proximity bonus. Proximity reorders stories that
/// already match well: on the dev set, windows of 20, 50, 100, 200 and 1,000 give the same ranks as
/// scoring every match (0.779). Scoring every match instead cost 21% more instructions per search,
/// this window about 7% (callgrind, 100 dev queries with snippets), or 5 to 7% of a whole
/// `depeche search` process (20.2 M to 21.5 M instructions, 40 dev queries), which the median time
/// of a process does not show (8.75 ms before, 8.62 ms after, measured interleaved).
pub(super) const RESCORE_WINDOW: usize = 100;

/// At most this many word pairs are scored: a headline has fewer, and a pasted paragraph must not
/// cost one phrase query per word.
const MAX_PAIRS: usize = 24;

/// A quoted phrase as its words, each counted on its own, plus the phrase at
/// [`QUOTED_PHRASE_BOOST`]: a story that quotes it exactly still ranks above one that merely has
/// its words. `None` when the phrase holds no indexed word.
pub(super) fn quoted_phrase(
    fields: &[(Field, f32)],
    terms: &[(usize, String)],
) -> Option<Box<dyn Query>> {
    if terms.len() < 2 {
        return text_query(fields, terms);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(terms.len() + 1);
    if let Some(phrase) = text_query(fields, terms) {
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(phrase, QUOTED_PHRASE_BOOST)),
        ));
    }
    for term in terms {
        if let Some(word) = text_query(fields, std::slice::from_ref(term)) {
            clauses.push((Occur::Should, word));
        }
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The proximity bonus of a query: one sloppy phrase per pair of neighbouring query words.
pub(super) struct Proximity {
    pairs: Vec<PhraseQuery>,
}

impl Proximity {
    /// No bonus, for searches that rank by something else (quotes, or a query of one word).
    pub(super) fn none() -> Proximity {
        Proximity { pairs: Vec::new() }
    }

    /// The pairs of neighbouring `terms` (analyzed query words with their positions, stop words
    /// leaving gaps) in `field`. A pair keeps the distance the query puts between its words, so
    /// `véhicule de l'armée` asks for `armée` as far after `véhicule` as in the query, give or take
    /// the slop.
    pub(super) fn new(field: Field, terms: &[(usize, String)]) -> Proximity {
        let mut pairs: Vec<PhraseQuery> = Vec::new();
        let mut seen: Vec<(&str, &str, usize)> = Vec::new();
        for pair in terms.windows(2) {
            let [(first_position, first), (second_position, second)] = pair else {
                continue;
            };
            let gap = second_position.saturating_sub(*first_position);
            let key = (first.as_str(), second.as_str(), gap);
            if first == second || gap == 0 || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let mut phrase = PhraseQuery::new_with_offset(vec![
                (0, Term::from_field_text(field, first)),
                (gap, Term::from_field_text(field, second)),
            ]);
            phrase.set_slop(PAIR_SLOP);
            pairs.push(phrase);
            if pairs.len() == MAX_PAIRS {
                break;
            }
        }
        Proximity { pairs }
    }

    /// How many candidates to collect when the caller wants `wanted` of them.
    pub(super) fn window(&self, wanted: usize) -> usize {
        if self.pairs.is_empty() {
            wanted
        } else {
            wanted.max(RESCORE_WINDOW)
        }
    }

    /// Adds the proximity bonus to `candidates` (BM25 score, address) and returns the best `keep`
    /// of them, best first. Each pair seeks only the candidates' documents, so the cost does not
    /// grow with the number of stories that match.
    pub(super) fn rescore(
        &self,
        searcher: &Searcher,
        statistics: &dyn Bm25StatisticsProvider,
        mut candidates: Vec<(Score, DocAddress)>,
        keep: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        if self.pairs.is_empty() {
            candidates.truncate(keep);
            return Ok(candidates);
        }
        // Scorers move forward only: visit the candidates segment by segment, in document order.
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by_key(|&index| candidates[index].1);
        for pair in &self.pairs {
            let weight = pair.weight(EnableScoring::enabled_from_statistics_provider(
                statistics, searcher,
            ))?;
            let mut segment: Option<(u32, PairCursor)> = None;
            for &index in &order {
                let address = candidates[index].1;
                if segment
                    .as_ref()
                    .is_none_or(|(ord, _)| *ord != address.segment_ord)
                {
                    let scorer =
                        weight.scorer(searcher.segment_reader(address.segment_ord), PAIR_BOOST)?;
                    segment = Some((address.segment_ord, PairCursor::new(scorer)));
                }
                if let Some((_, cursor)) = segment.as_mut() {
                    candidates[index].0 += cursor.score_at(address.doc_id);
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.truncate(keep);
        Ok(candidates)
    }
}

/// A scorer read at increasing documents with `seek_danger`, which tells whether one document
/// matches without scanning on to the next match, as `seek` does: for a rare phrase, that scan
/// would read the positions of every document holding both words.
struct PairCursor {
    scorer: Box<dyn tantivy::query::Scorer>,
    /// Whether the scorer stands on a document (it may not after a failed `seek_danger`).
    valid: bool,
    /// No document below this one matches, beyond the last one asked for.
    lower_bound: DocId,
}

impl PairCursor {
    fn new(scorer: Box<dyn tantivy::query::Scorer>) -> PairCursor {
        let lower_bound = scorer.doc();
        PairCursor {
            scorer,
            valid: true,
            lower_bound,
        }
    }

    /// The scorer's score at `doc`, 0 when it does not match. Calls come in increasing `doc` order.
    fn score_at(&mut self, doc: DocId) -> Score {
        if doc < self.lower_bound {
            return 0.0;
        }
        let found = if self.valid && self.scorer.doc() == doc {
            true
        } else {
            match self.scorer.seek_danger(doc) {
                SeekDangerResult::Found => true,
                SeekDangerResult::SeekLowerBound(bound) => {
                    self.valid = false;
                    self.lower_bound = bound;
                    false
                }
            }
        };
        if !found {
            return 0.0;
        }
        self.valid = true;
        self.lower_bound = doc;
        self.scorer.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    fn terms(words: &[(usize, &str)]) -> Vec<(usize, String)> {
        words
            .iter()
            .map(|&(position, word)| (position, word.to_owned()))
            .collect()
    }

    fn pair_words(proximity: &Proximity) -> Vec<Vec<String>> {
        proximity
            .pairs
            .iter()
            .map(|pair| {
                pair.phrase_terms()
                    .iter()
                    .filter_map(|term| term.value().as_str().map(str::to_owned))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn one_pair_per_distinct_neighbours() {
        let mut builder = Schema::builder();
        let field = builder.add_text_field("text", TEXT);
        // `véhicule de l'armée fonce, l'armée fonce fonce`: the stop word leaves a gap.
        let proximity = Proximity::new(
            field,
            &terms(&[
                (0, "vehicul"),
                (2, "arme"),
                (3, "fonc"),
                (4, "arme"),
                (5, "fonc"),
                (6, "fonc"),
            ]),
        );
        assert_eq!(
            pair_words(&proximity),
            [["vehicul", "arme"], ["arme", "fonc"], ["fonc", "arme"]]
        );
        assert_eq!(proximity.window(10), RESCORE_WINDOW);
        assert_eq!(proximity.window(500), 500);
        assert_eq!(Proximity::new(field, &terms(&[(0, "seul")])).window(10), 10);
        assert_eq!(Proximity::none().window(10), 10);
    }

    #[test]
    fn close_words_lift_a_story() -> tantivy::Result<()> {
        let mut builder = Schema::builder();
        let field = builder.add_text_field("text", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        let stories = [
            "la hausse du carburant pèse sur les ménages et les prix",
            "les prix sont en forte hausse",
            "rien à voir",
        ];
        for story in stories {
            let mut document = TantivyDocument::default();
            document.add_text(field, story);
            writer.add_document(document)?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        // `prix en hausse`: two positions apart in the query, three in the second story.
        let proximity = Proximity::new(field, &terms(&[(0, "prix"), (2, "hausse")]));
        let candidates = (0..3).map(|doc| (1.0, DocAddress::new(0, doc))).collect();
        let ranked = proximity
            .rescore(&searcher, &searcher, candidates, 2)
            .expect("rescores");
        let docs: Vec<DocId> = ranked.iter().map(|(_, address)| address.doc_id).collect();
        // The words stand far apart in the first story.
        assert_eq!(docs, [1, 0]);
        assert!(ranked[0].0 > 1.0);
        assert_eq!(ranked[1].0, 1.0);
        Ok(())
    }
}
