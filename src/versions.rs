//! Versions of one story: the same dispatch updated through the day, or the same agency story in
//! several papers. Each story gets a fingerprint of its text — a MinHash signature over its
//! three-word shingles — that estimates how much of one story's text another holds; two stories
//! are versions of one when the shorter is mostly contained in the longer.
//!
//! The rule ([`Fingerprint::same_story`]), measured on the 36,417 stories of the benchmark corpus
//! (`../shared/corpus/orangesum.jsonl.gz`, whose 1,754 headlines on more than one story were the
//! starting point): of the pairs of stories under one headline, the share of the shorter story's
//! shingles found in the longer one is either under 0.2 (a generic headline over unrelated
//! stories, 131 pairs) or above 0.4 (2,275 pairs), with almost nothing between. So stories under
//! one headline are versions from 0.4 on. Across headlines, rewrites of one dispatch share from
//! 0.5 to 1.0 of their text, but so do different stories on one event that repeat the same
//! background paragraphs; from 0.8 on, the pairs read by hand were the same dispatch. Unrelated
//! stories never reach 0.2 (3,000 random pairs: at most 0.14).
//!
//! Finding candidates is the index's job (`search`): a query made of a story's rarest words
//! brings its versions to the top; the fingerprints then confirm or reject each.
//!
//! Everything here is pure and deterministic: the hash is written out (FNV-1a and the splitmix64
//! finaliser), never a `std` hasher whose output may change between Rust versions, since
//! fingerprints are stored in the index.

use crate::text;

/// Minima in a signature.
pub const MINIMA: usize = 64;

/// The share of the shorter story that the longer must hold, for stories with one headline.
pub const SAME_HEADLINE_CONTAINMENT: f64 = 0.4;

/// The share of the shorter story that the longer must hold, for stories with different or no
/// headlines.
pub const CONTAINMENT: f64 = 0.8;

/// Bytes of a fingerprint as stored: the minima, the shingle count and the headline's hash.
pub const BYTES: usize = MINIMA * 4 + 4 + 8;

/// What a story's text and headline look like, for comparing it with others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The least hash of the shingles that fall in each of the 64 bins (one-permutation MinHash;
    /// an empty bin borrows from the next full one).
    minima: [u32; MINIMA],
    /// Distinct shingles (hashes) of the text.
    shingles: u32,
    /// A hash of the folded headline; 0 without one.
    headline: u64,
}

impl Fingerprint {
    /// The fingerprint of a story, or `None` when its text has no three words.
    pub fn new(headline: Option<&str>, text: &str) -> Option<Fingerprint> {
        let words = word_hashes(text);
        if words.len() < 3 {
            return None;
        }
        let mut shingles: Vec<u64> = words
            .windows(3)
            .map(|three| mix(three[0] ^ mix(three[1] ^ mix(three[2]))))
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        let mut minima = [u32::MAX; MINIMA];
        let mut filled = [false; MINIMA];
        for &shingle in &shingles {
            let bin = (shingle % MINIMA as u64) as usize;
            let value = (shingle >> 32) as u32;
            if !filled[bin] || value < minima[bin] {
                minima[bin] = value;
                filled[bin] = true;
            }
        }
        // Densification: an empty bin takes the next full bin's minimum, changed by the distance,
        // so that two similar stories agree on their empty bins as they do on their full ones.
        let taken = minima;
        for bin in 0..MINIMA {
            if !filled[bin] {
                let distance = (1..MINIMA)
                    .find(|step| filled[(bin + step) % MINIMA])
                    .unwrap_or(0);
                let source = taken[(bin + distance) % MINIMA];
                minima[bin] = (mix(u64::from(source) ^ distance as u64) >> 32) as u32;
            }
        }
        let headline = headline
            .and_then(headline_key)
            .map_or(0, |key| mix(fnv1a(key.as_bytes())));
        Some(Fingerprint {
            minima,
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
            headline,
        })
    }

    /// The estimated Jaccard similarity of the two stories' shingles.
    pub fn jaccard(&self, other: &Fingerprint) -> f64 {
        let same = self
            .minima
            .iter()
            .zip(&other.minima)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / MINIMA as f64
    }

    /// The estimated share of the shorter story's shingles that the other holds: with Jaccard
    /// similarity J and sizes a and b, the intersection is J(a + b)/(1 + J).
    pub fn containment(&self, other: &Fingerprint) -> f64 {
        let jaccard = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let smaller = a.min(b).max(1.0);
        (jaccard * (a + b) / (1.0 + jaccard) / smaller).min(1.0)
    }

    /// Whether the two are versions of one story (the rule of the module documentation).
    pub fn same_story(&self, other: &Fingerprint) -> bool {
        let same_headline = self.headline != 0 && self.headline == other.headline;
        let needed = if same_headline {
            SAME_HEADLINE_CONTAINMENT
        } else {
            CONTAINMENT
        };
        self.containment(other) >= needed
    }

    /// The bytes stored in the `fingerprint` column.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(BYTES);
        for minimum in self.minima {
            bytes.extend_from_slice(&minimum.to_le_bytes());
        }
        bytes.extend_from_slice(&self.shingles.to_le_bytes());
        bytes.extend_from_slice(&self.headline.to_le_bytes());
        bytes
    }

    /// Reads what [`Fingerprint::to_bytes`] wrote; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        if bytes.len() != BYTES {
            return None;
        }
        let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default());
        let mut minima = [0; MINIMA];
        for (index, minimum) in minima.iter_mut().enumerate() {
            *minimum = word(index * 4);
        }
        let shingles = word(MINIMA * 4);
        let headline = u64::from_le_bytes(bytes[MINIMA * 4 + 4..].try_into().ok()?);
        Some(Fingerprint {
            minima,
            shingles,
            headline,
        })
    }
}

/// A headline's words, folded and joined by single spaces: the key under which the index finds
/// the stories with one headline. `None` when it has no word.
pub fn headline_key(headline: &str) -> Option<String> {
    let mut folded = String::new();
    let mut key = String::with_capacity(headline.len());
    for word in headline.split(|c: char| !text::is_word_char(c)) {
        if word.is_empty() {
            continue;
        }
        text::fold_into(word, &mut folded);
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&folded);
    }
    (!key.is_empty()).then_some(key)
}

/// The hash of each word of `text`, folded (case, accents, apostrophes do not count).
fn word_hashes(text: &str) -> Vec<u64> {
    let mut hashes = Vec::with_capacity(text.len() / 6);
    let mut folded = String::new();
    for word in text.split(|c: char| !text::is_word_char(c)) {
        if word.is_empty() {
            continue;
        }
        text::fold_into(word, &mut folded);
        hashes.push(mix(fnv1a(folded.as_bytes())));
    }
    hashes
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The splitmix64 finaliser: every bit of the input moves every bit of the output.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DISPATCH: &str = "Deux policiers ont été condamnés jeudi à quatre ans de prison, dont \
        deux ferme, pour avoir roué de coups un adolescent de 16 ans dans une rue de Marseille en \
        2018. Le tribunal correctionnel a suivi les réquisitions du parquet, qui avait dénoncé des \
        violences gratuites commises par des fonctionnaires chargés de protéger la population. \
        Les deux hommes, qui ont été révoqués, ont annoncé leur intention de faire appel.";

    const UPDATE: &str = "Deux policiers ont été condamnés jeudi à quatre ans de prison, dont \
        deux ferme, pour avoir roué de coups un adolescent de 16 ans dans une rue de Marseille en \
        2018. Le tribunal correctionnel a suivi les réquisitions du parquet, qui avait dénoncé des \
        violences gratuites commises par des fonctionnaires chargés de protéger la population. \
        Les deux hommes, qui ont été révoqués, ont annoncé leur intention de faire appel. \
        L'avocat de la famille a salué une décision juste. La mère de l'adolescent, présente à \
        l'audience, a dit son soulagement après deux ans de procédure.";

    const OTHER: &str = "Le gouvernement a présenté mercredi en conseil des ministres un projet \
        de loi sur la réforme des retraites, qui prévoit un système universel par points et la \
        fin des régimes spéciaux, au terme de deux années de concertation avec les syndicats et \
        le patronat, dont une partie a appelé à la grève dès la semaine prochaine.";

    #[test]
    fn an_update_is_a_version_and_another_story_is_not() {
        let first = Fingerprint::new(Some("Marseille: 2 ans ferme"), DISPATCH).expect("words");
        let update =
            Fingerprint::new(Some("Prison ferme pour des policiers"), UPDATE).expect("words");
        let other = Fingerprint::new(Some("Marseille: 2 ans ferme"), OTHER).expect("words");
        assert!(
            first.containment(&update) > 0.8,
            "{}",
            first.containment(&update)
        );
        assert!(first.same_story(&update) && update.same_story(&first));
        assert!(first.containment(&other) < 0.2);
        // One headline is not enough: the text decides.
        assert!(!first.same_story(&other));
        assert!(first.same_story(&first));
    }

    #[test]
    fn case_accents_and_apostrophes_do_not_make_another_story() {
        let plain = Fingerprint::new(None, DISPATCH).expect("words");
        let shouted = Fingerprint::new(
            None,
            &DISPATCH
                .replace('é', "E")
                .replace('\'', "\u{2019}")
                .to_uppercase(),
        )
        .expect("words");
        assert_eq!(plain, shouted);
    }

    #[test]
    fn one_headline_one_key_however_it_is_typed() {
        assert_eq!(
            headline_key("Covid-19 : l’Élysée  RÉAGIT").as_deref(),
            Some("covid 19 l elysee reagit")
        );
        assert_eq!(headline_key(" - "), None);
        let a = Fingerprint::new(Some("Covid-19 : l'Elysée réagit"), DISPATCH);
        let b = Fingerprint::new(Some("COVID-19: L’ÉLYSÉE RÉAGIT"), DISPATCH);
        assert_eq!(a, b);
    }

    #[test]
    fn bytes_round_trip_and_others_are_refused() {
        let fingerprint = Fingerprint::new(Some("Titre"), UPDATE).expect("words");
        let bytes = fingerprint.to_bytes();
        assert_eq!(bytes.len(), BYTES);
        assert_eq!(Fingerprint::from_bytes(&bytes), Some(fingerprint));
        assert_eq!(Fingerprint::from_bytes(&bytes[1..]), None);
        assert_eq!(Fingerprint::new(None, "deux mots"), None);
    }

    #[test]
    fn the_hash_is_fixed_across_builds() {
        // Stored in indexes: a change here must come with a schema version bump.
        assert_eq!(fnv1a(b"depeche"), 0xd911_4873_8e4d_54e5);
        assert_eq!(mix(0), 0xe220_a839_7b1d_cdaf);
    }
}
