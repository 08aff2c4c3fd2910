//! `stats`: how many stories (or quotes) match, period by period, and the most frequent cities,
//! agencies, authors, sections and speakers among them. Everything is counted from the fast
//! columns by one collector; no stored document is loaded.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, ConstScoreQuery, Occur as TantivyOccur, Query};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Archive, Filters, SpeakerCount, at_least_one_should, speakers};
use crate::analysis;
use crate::date::{Period, format_day};
use crate::error::Result;
use crate::schema::{KIND_ARTICLE, name};
use crate::text;

/// What to count.
#[derive(Debug, Clone)]
pub struct StatsRequest {
    /// A story query (or, with `quotes`, words of the quotes); empty: everything the filters let
    /// through.
    pub query: String,
    /// Metadata filters.
    pub filters: Filters,
    /// The length of the periods counted.
    pub period: Period,
    /// Count quotes instead of stories.
    pub quotes: bool,
    /// Count only the quotes of the speakers this name designates (as `quotes --by`); implies
    /// `quotes`.
    pub speaker: Option<String>,
    /// With quotes: leave out those whose attribution is less sure than this.
    pub min_confidence: f64,
    /// How many values of each field to list.
    pub top: usize,
}

/// What `stats` counted.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    /// `stories` or `quotes`.
    pub unit: &'static str,
    /// How many match in all.
    pub total: usize,
    /// The length of the periods.
    pub by: Period,
    /// Every period from the first to the last that has a match, empty ones included.
    pub periods: Vec<PeriodCount>,
    /// Matches without a date.
    pub undated: usize,
    /// The most frequent dateline cities.
    pub cities: Vec<ValueCount>,
    /// The most frequent agencies (stories only).
    pub agencies: Vec<ValueCount>,
    /// The most frequent authors (stories only).
    pub authors: Vec<ValueCount>,
    /// The most frequent sections (stories only).
    pub sections: Vec<ValueCount>,
    /// The most quoted speakers: of the quotes counted, or with stories, of the quotes that
    /// match the same words and filters.
    pub speakers: Vec<SpeakerCount>,
}

/// The count of one period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PeriodCount {
    /// `2020`, `2020-03`, `2020-W10` or `2020-03-02`.
    pub period: String,
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Matches in it.
    pub count: usize,
}

/// How often one value of a field occurs among the matches.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValueCount {
    /// The value as most matches write it (`Washington` and `WASHINGTON` are counted together).
    pub value: String,
    /// Matches that have it.
    pub count: usize,
}

/// The columns counted, in the order of [`Counts::values`].
const STORY_FACETS: [&str; 4] = [name::CITY, name::AGENCY, name::AUTHORS, name::SECTION];
const QUOTE_FACETS: [&str; 1] = [name::CITY];

impl Archive {
    /// Counts the stories (or quotes) a request matches, per period and per field value.
    pub fn stats(&self, request: &StatsRequest) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let mut french = self.analyzer(analysis::FRENCH)?;
        let mut names = self.analyzer(analysis::FRENCH_NAME)?;
        let words = request.query.trim();
        let quotes = request.quotes || request.speaker.is_some();
        let query: Option<Box<dyn Query>> = if quotes {
            self.build_quote_query(
                &searcher,
                request.speaker.as_deref(),
                (!words.is_empty()).then_some(words),
                &mut french,
                &mut names,
                &request.filters,
            )?
            .map(|query| self.above_threshold(query, request.min_confidence).0)
        } else if words.is_empty() {
            let mut clauses: Vec<(TantivyOccur, Box<dyn Query>)> = vec![(
                TantivyOccur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            )];
            self.add_filters(&mut clauses, KIND_ARTICLE, &request.filters, &mut names)?;
            Some(Box::new(at_least_one_should(clauses)))
        } else {
            let mut parsed = super::query::parse_query(words)?;
            self.expand(&searcher, &mut parsed, &mut french)?;
            self.build_story_query(&parsed, &mut french, &mut names, &request.filters)?
                .query
        };
        let facets: &[&'static str] = if quotes { &QUOTE_FACETS } else { &STORY_FACETS };
        let counts = match &query {
            Some(query) => searcher.search(
                query.as_ref(),
                &Counter {
                    period: request.period,
                    facets,
                },
            )?,
            None => Counts::default(),
        };
        let speakers = match (&query, quotes) {
            (Some(query), true) => {
                speakers::group(
                    searcher.search(query.as_ref(), &speakers::SpeakerCounter)?,
                    request.top,
                )
                .1
            }
            (None, true) => Vec::new(),
            (_, false) => {
                self.speakers(
                    (!words.is_empty()).then_some(words),
                    &request.filters,
                    request.min_confidence,
                    request.top,
                )?
                .speakers
            }
        };
        let mut values = counts.values.into_iter();
        let mut top = |present: bool| {
            if present {
                most_frequent(values.next().unwrap_or_default(), request.top)
            } else {
                Vec::new()
            }
        };
        Ok(Stats {
            unit: if quotes { "quotes" } else { "stories" },
            total: counts.total,
            by: request.period,
            periods: every_period(&counts.periods, request.period),
            undated: counts.undated,
            cities: top(true),
            agencies: top(!quotes),
            authors: top(!quotes),
            sections: top(!quotes),
            speakers,
        })
    }
}

/// The periods from the first to the last counted, with the empty ones between them.
fn every_period(counts: &BTreeMap<i64, usize>, period: Period) -> Vec<PeriodCount> {
    let (Some((&first, _)), Some((&last, _))) = (counts.first_key_value(), counts.last_key_value())
    else {
        return Vec::new();
    };
    let mut periods = Vec::new();
    let mut start = first;
    while start <= last {
        periods.push(PeriodCount {
            period: period.label(start),
            start: format_day(start),
            count: counts.get(&start).copied().unwrap_or_default(),
        });
        start = period.next(start);
    }
    periods
}

/// The `top` most frequent values, the forms of one value (same letters once folded) counted
/// together under the form written most often; ties by value, so that output is stable.
fn most_frequent(written: HashMap<String, usize>, top: usize) -> Vec<ValueCount> {
    let mut groups: HashMap<String, (usize, Vec<(String, usize)>)> = HashMap::new();
    for (value, count) in written {
        let key = text::fold(&value)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if key.is_empty() {
            continue;
        }
        let group = groups.entry(key).or_default();
        group.0 += count;
        group.1.push((value, count));
    }
    let mut lines: Vec<ValueCount> = groups
        .into_values()
        .map(|(count, forms)| ValueCount {
            value: forms
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(form, _)| form.trim().to_owned())
                .unwrap_or_default(),
            count,
        })
        .collect();
    lines.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    lines.truncate(top);
    lines
}

/// What the collector counts.
#[derive(Debug, Default)]
struct Counts {
    total: usize,
    undated: usize,
    /// Matches per period, by the period's first second.
    periods: BTreeMap<i64, usize>,
    /// Per counted column, matches per value as written.
    values: Vec<HashMap<String, usize>>,
}

/// Counts matches per period and per value of some text columns.
struct Counter {
    period: Period,
    facets: &'static [&'static str],
}

struct SegmentCounter {
    period: Period,
    dates: Option<Column<DateTime>>,
    /// Per column: the column and matches per term ordinal.
    facets: Vec<Option<(StrColumn, Vec<u32>)>>,
    total: usize,
    undated: usize,
    /// Matches per day; turned into periods at harvest, so that the hot loop does no calendar
    /// arithmetic.
    days: HashMap<i64, usize>,
}

impl Collector for Counter {
    type Fruit = Counts;
    type Child = SegmentCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounter> {
        let fast = reader.fast_fields();
        let dates = fast.date(name::DATE).ok();
        let facets = self
            .facets
            .iter()
            .map(|facet| {
                Ok(fast.str(facet)?.map(|column| {
                    let terms = column.num_terms();
                    (column, vec![0; terms])
                }))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentCounter {
            period: self.period,
            dates,
            facets,
            total: 0,
            undated: 0,
            days: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Counts>>) -> tantivy::Result<Counts> {
        let mut merged = Counts {
            values: vec![HashMap::new(); self.facets.len()],
            ..Counts::default()
        };
        for fruit in fruits {
            let fruit = fruit?;
            merged.total += fruit.total;
            merged.undated += fruit.undated;
            for (start, count) in fruit.periods {
                *merged.periods.entry(start).or_default() += count;
            }
            for (into, from) in merged.values.iter_mut().zip(fruit.values) {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = tantivy::Result<Counts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        match self.dates.as_ref().and_then(|dates| dates.first(doc)) {
            Some(date) => {
                *self
                    .days
                    .entry(date.into_timestamp_secs().div_euclid(86_400))
                    .or_default() += 1;
            }
            None => self.undated += 1,
        }
        for (column, counts) in self.facets.iter_mut().flatten() {
            for ord in column.term_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> tantivy::Result<Counts> {
        let mut periods = BTreeMap::new();
        for (day, count) in self.days {
            *periods.entry(self.period.start(day * 86_400)).or_default() += count;
        }
        let mut values = Vec::with_capacity(self.facets.len());
        for facet in self.facets {
            let mut written = HashMap::new();
            if let Some((column, counts)) = facet {
                let wanted: Vec<bool> = counts.iter().map(|&count| count > 0).collect();
                for (ord, value) in speakers::resolve(&column, &wanted)? {
                    written.insert(value, counts[ord as usize] as usize);
                }
            }
            values.push(written);
        }
        Ok(Counts {
            total: self.total,
            undated: self.undated,
            periods,
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_value_count_together_under_the_most_frequent() {
        let written: HashMap<String, usize> = [
            ("WASHINGTON", 5),
            ("Washington", 2),
            ("Paris", 6),
            ("PARIS ", 1),
            ("Genève", 3),
            ("GENEVE", 4),
            ("  ", 9),
        ]
        .into_iter()
        .map(|(value, count)| (value.to_owned(), count))
        .collect();
        let lines: Vec<(String, usize)> = most_frequent(written.clone(), 10)
            .into_iter()
            .map(|line| (line.value, line.count))
            .collect();
        assert_eq!(
            lines,
            [
                ("GENEVE".to_owned(), 7),
                ("Paris".to_owned(), 7),
                ("WASHINGTON".to_owned(), 7),
            ]
        );
        assert_eq!(most_frequent(written, 1).len(), 1);
    }

    #[test]
    fn periods_run_without_gaps_from_first_to_last() {
        let at = |day: &str| crate::date::parse_date(day).expect("a date").seconds;
        let counts: BTreeMap<i64, usize> = [(at("2020-01-01"), 3), (at("2020-04-01"), 1)]
            .into_iter()
            .collect();
        let periods = every_period(&counts, Period::Month);
        let seen: Vec<(&str, usize)> = periods
            .iter()
            .map(|period| (period.period.as_str(), period.count))
            .collect();
        assert_eq!(
            seen,
            [
                ("2020-01", 3),
                ("2020-02", 0),
                ("2020-03", 0),
                ("2020-04", 1)
            ]
        );
        assert_eq!(periods[1].start, "2020-02-01");
        assert!(every_period(&BTreeMap::new(), Period::Day).is_empty());
    }
}
