//! `speakers`: the quotes of a search counted per person. A collector counts quotes per speaker
//! ordinal in each segment, straight from the `speaker_exact` and `speaker_key` columns; the counts
//! are then grouped by canonical key across segments, and only the speakers shown are given their
//! most frequent written name.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::SpeakerCount;
use crate::names::SpeakerName;
use crate::schema::name;

/// Quotes per speaker as written, with each speaker's key.
type Counts = HashMap<String, (String, usize)>;

/// The speakers of one key: their quotes in all, and the quotes of each speaker as written.
type Group = (usize, Vec<(String, usize)>);

/// Counts the matching quotes of each speaker.
pub(super) struct SpeakerCounter;

pub(super) struct SegmentSpeakerCounter {
    columns: Option<(StrColumn, StrColumn)>,
    /// Quotes per `speaker_exact` ordinal.
    per_speaker: Vec<usize>,
    /// The `speaker_key` ordinal of each `speaker_exact` ordinal.
    key_of: Vec<u64>,
}

impl Collector for SpeakerCounter {
    type Fruit = Counts;
    type Child = SegmentSpeakerCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentSpeakerCounter> {
        let fast = reader.fast_fields();
        let columns = match (fast.str(name::SPEAKER_EXACT)?, fast.str(name::SPEAKER_KEY)?) {
            (Some(speakers), Some(keys)) => Some((speakers, keys)),
            _ => None,
        };
        let terms = columns
            .as_ref()
            .map_or(0, |(speakers, _)| speakers.num_terms());
        Ok(SegmentSpeakerCounter {
            columns,
            per_speaker: vec![0; terms],
            key_of: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Counts>>) -> tantivy::Result<Counts> {
        let mut merged = Counts::new();
        for fruit in fruits {
            for (speaker, (key, count)) in fruit? {
                merged.entry(speaker).or_insert((key, 0)).1 += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentSpeakerCounter {
    type Fruit = tantivy::Result<Counts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some((speakers, keys)) = &self.columns else {
            return;
        };
        if let Some(ord) = speakers.term_ords(doc).next() {
            let ord = ord as usize;
            if self.per_speaker[ord] == 0 {
                self.key_of[ord] = keys.term_ords(doc).next().unwrap_or_default();
            }
            self.per_speaker[ord] += 1;
        }
    }

    fn harvest(self) -> tantivy::Result<Counts> {
        let mut counts = Counts::new();
        let Some((speakers, keys)) = self.columns else {
            return Ok(counts);
        };
        // One pass over each dictionary: resolving ordinals one at a time costs a block read each.
        let mut wanted_keys = vec![false; keys.num_terms()];
        for (ord, &count) in self.per_speaker.iter().enumerate() {
            if count > 0 {
                wanted_keys[self.key_of[ord] as usize] = true;
            }
        }
        let key_text = resolve(&keys, &wanted_keys)?;
        let wanted_speakers: Vec<bool> = self.per_speaker.iter().map(|&count| count > 0).collect();
        for (ord, speaker) in resolve(&speakers, &wanted_speakers)? {
            let key = key_text
                .get(&self.key_of[ord as usize])
                .cloned()
                .unwrap_or_default();
            counts.insert(speaker, (key, self.per_speaker[ord as usize]));
        }
        Ok(counts)
    }
}

/// The text of the ordinals `wanted` marks, in one pass over the column's dictionary.
pub(super) fn resolve(
    column: &StrColumn,
    wanted: &[bool],
) -> tantivy::Result<HashMap<u64, String>> {
    let mut found = HashMap::new();
    let mut stream = column.dictionary().stream()?;
    let mut ord = 0_u64;
    while stream.advance() {
        if wanted.get(ord as usize).copied().unwrap_or(false) {
            found.insert(ord, String::from_utf8_lossy(stream.key()).into_owned());
        }
        ord += 1;
    }
    Ok(found)
}

/// Groups counts by key, most quoted first (then by key), and names the first `limit` of them
/// by their most frequent written name; with the number of groups in all.
pub(super) fn group(counts: Counts, limit: usize) -> (usize, Vec<SpeakerCount>) {
    let mut groups: HashMap<String, Group> = HashMap::new();
    for (speaker, (key, count)) in counts {
        let group = groups.entry(key).or_default();
        group.0 += count;
        group.1.push((speaker, count));
    }
    let mut groups: Vec<(String, Group)> = groups.into_iter().collect();
    let total = groups.len();
    groups.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    groups.truncate(limit);
    let named = groups
        .into_iter()
        .map(|(key, (quotes, speakers))| {
            let mut written: HashMap<String, usize> = HashMap::new();
            for (speaker, count) in speakers {
                *written
                    .entry(SpeakerName::new(&speaker).written)
                    .or_default() += count;
            }
            // Among names written as often, the first in byte order, so that output is stable.
            let speaker = written
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(name, _)| name)
                .unwrap_or_default();
            SpeakerCount {
                speaker,
                key,
                quotes,
            }
        })
        .collect();
    (total, named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_of_one_key_make_one_line_under_the_most_frequent() {
        let counts: Counts = [
            ("Edouard Philippe", "edouard philippe", 5),
            ("Édouard Philippe", "edouard philippe", 4),
            (
                "le Premier ministre Edouard Philippe",
                "edouard philippe",
                2,
            ),
            ("Mme Le Pen", "le pen", 3),
            ("M. Le Pen", "le pen", 1),
            ("Marine Le Pen", "marine le pen", 4),
            ("l'Elysée", "l'elysee", 1),
        ]
        .into_iter()
        .map(|(speaker, key, count)| (speaker.to_owned(), (key.to_owned(), count)))
        .collect();
        let lines: Vec<(String, usize)> = group(counts.clone(), 10)
            .1
            .into_iter()
            .map(|line| (line.speaker, line.quotes))
            .collect();
        assert_eq!(
            lines,
            [
                ("Edouard Philippe".to_owned(), 11),
                ("Le Pen".to_owned(), 4),
                ("Marine Le Pen".to_owned(), 4),
                ("l'Elysée".to_owned(), 1),
            ]
        );
        assert_eq!(group(counts.clone(), 1).1.len(), 1);
        // Limit 0 names none and still counts them all.
        assert_eq!(group(counts, 0), (4, Vec::new()));
    }
}
