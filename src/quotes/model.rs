//! The attribution scorer: a logistic regression over the features of a (quote, candidate
//! speaker) pair, whose weights are a small versioned text file (`model.txt`) compiled into the
//! binary. (Boosted trees of depth 3 on top of it were tried: no better in cross-validation, so
//! they are not shipped.)
//!
//! The file has one `name weight` pair a line after a `depeche-quotes-model VERSION` header;
//! `#` starts a comment. Every feature of [`FEATURES`] must be there, and nothing else: a model
//! written for another feature set is refused rather than misread. `examples/quotes-model.rs`
//! (`train`) writes it from the gold in `tests/fixtures/quotes/`.

use std::fmt::Write as _;

/// The model file's format version; bump it when [`FEATURES`] changes.
pub const FORMAT: &str = "depeche-quotes-model 3";

macro_rules! features {
    ($($name:ident = $text:literal,)*) => {
        /// Indices of the features in a candidate's feature vector.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Feature { $(
            #[doc = $text]
            $name,
        )* }
        /// The feature names, in index order, as the model file writes them.
        pub const FEATURES: &[&str] = &[$($text),*];
    };
}

features! {
    Bias = "bias",
    // Where the candidate comes from.
    FromRule = "from:rule",
    FromFocus = "from:focus",
    FromPrevious = "from:previous-quote",
    FromLastNamed = "from:last-named",
    FromGenderAlternative = "from:gender-alternative",
    FromDescription = "from:description-as-written",
    FromNull = "from:null",
    FromRecent = "from:recently-named",
    FromNextNamed = "from:named-next",
    FromCircle = "from:description-of-a-circle",
    FromUnnamedSource = "from:unnamed-source-as-written",
    FromRoleAsWritten = "from:role-as-written",
    // The pattern that linked the rules' cue to the quote.
    PatternIncise = "pattern:incise-after",
    PatternColon = "pattern:subject-after-colon",
    PatternOpening = "pattern:opening-source",
    PatternBefore = "pattern:clause-before",
    PatternLaterIncise = "pattern:later-incise",
    PatternSentenceSubject = "pattern:sentence-subject",
    PatternInner = "pattern:incise-inside",
    PatternNone = "pattern:none",
    PatternSelon = "pattern:selon-or-pour",
    // How the rules' cue mentions its speaker.
    MentionName = "mention:name",
    MentionNamedDescription = "mention:description-with-name",
    MentionDescription = "mention:description",
    MentionPronoun = "mention:pronoun",
    MentionNone = "mention:none",
    MentionSingleCapital = "mention:one-capitalised-word",
    MentionSentenceInitial = "mention:opens-sentence",
    MentionOfName = "mention:description-of-someone-named",
    MentionIndefinite = "mention:indefinite",
    MentionPlural = "mention:plural",
    // What the candidate is.
    IsRuleChoice = "candidate:rules-choice",
    IsFocus = "candidate:in-focus",
    IsPrevious = "candidate:spoke-previous-quote",
    IsLastNamed = "candidate:last-named",
    IsPerson = "candidate:person",
    IsGroup = "candidate:group",
    IsSingleWord = "candidate:one-word",
    IsLowercase = "candidate:lowercase-description",
    GenderAgrees = "gender:agrees",
    GenderClashes = "gender:clashes",
    Salience = "candidate:log-mentions",
    SeenThisParagraph = "distance:same-paragraph",
    SeenLastParagraph = "distance:previous-paragraph",
    SeenLongAgo = "distance:further",
    NamedInSentence = "candidate:named-in-sentence",
    NamedInsideDescription = "candidate:named-inside-the-description",
    QuoteInLede = "quote:in-lede",
    QuoteOpensParagraph = "quote:opens-paragraph",
    ReportingVerbNear = "quote:reporting-verb-in-sentence",
    RecentFirst = "recency:last-person-named",
    RecentSecond = "recency:second-to-last",
    RecentThird = "recency:third-or-further",
    RoleMatch = "candidate:role-has-the-mention-head",
    SubjectRecently = "candidate:subject-here-or-paragraph-before",
    UnknownOneWord = "candidate:one-word-never-named-before",
    QuoteInSentenceWithName = "quote:person-named-in-sentence",
    EverSubject = "candidate:named-as-a-subject-before",
    // For every other candidate than the rules' choice: what the rules saw, so that an
    // alternative can win where the rules are weak.
    AltPatternNone = "other-than-rules:no-cue",
    AltPatternSubject = "other-than-rules:sentence-subject",
    AltPatternIncise = "other-than-rules:incise",
    AltMentionPronoun = "other-than-rules:pronoun",
    AltMentionDescription = "other-than-rules:description",
    AltMentionName = "other-than-rules:name",
    AltMentionOneCapital = "other-than-rules:one-capitalised-word",
    AltRuleIsGroup = "other-than-rules:rules-chose-a-group",
    AltRuleNeverSubject = "other-than-rules:rules-chose-someone-never-a-subject",
}

/// How many features a candidate has.
pub const N_FEATURES: usize = FEATURES.len();

/// A candidate's feature vector.
pub type Features = [f32; N_FEATURES];

/// The scorer's weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// One weight per feature of [`FEATURES`], in order.
    pub weights: [f32; N_FEATURES],
}

impl Default for Model {
    fn default() -> Model {
        Model::rules()
    }
}

/// A model file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("quote model line {line}: {message}")]
pub struct ModelError {
    /// 1-based line, 0 for the file as a whole.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Model {
    /// The model compiled into the binary (`src/quotes/model.txt`).
    pub fn shipped() -> &'static Model {
        static SHIPPED: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| {
            // Checked by a unit test; a broken file falls back to the rules' order.
            Model::parse(include_str!("model.txt")).unwrap_or_else(|_| Model::rules())
        })
    }

    /// Weights that reproduce the hand-written rules: the rules' choice wins, and its
    /// confidence comes from the pattern that found it.
    pub fn rules() -> Model {
        let mut weights = [0.0; N_FEATURES];
        weights[Feature::Bias as usize] = -1.0;
        weights[Feature::FromRule as usize] = 3.0;
        weights[Feature::FromNull as usize] = -2.0;
        weights[Feature::PatternNone as usize] = -2.5;
        weights[Feature::MentionPronoun as usize] = -0.5;
        weights[Feature::MentionName as usize] = 0.5;
        Model { weights }
    }

    /// The score of a feature vector (a log-odds).
    pub fn logit(&self, features: &Features) -> f32 {
        // Eight independent f32 lanes summed in a fixed order: deterministic, and cheap enough
        // to run for every candidate of every quote.
        let mut lanes = [0.0f32; 8];
        for (weights, xs) in self.weights.chunks(8).zip(features.chunks(8)) {
            for ((lane, &w), &x) in lanes.iter_mut().zip(weights).zip(xs) {
                *lane += w * x;
            }
        }
        let sum = lanes.iter().map(|&l| f64::from(l)).sum::<f64>();
        sum as f32
    }

    /// The probability that the candidate is the speaker.
    pub fn probability(&self, features: &Features) -> f32 {
        sigmoid(self.logit(features))
    }

    /// Reads a model file.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.split('#').next().unwrap_or("").trim()))
            .filter(|(_, line)| !line.is_empty());
        match lines.next() {
            Some((_, header)) if header == FORMAT => {}
            Some((line, header)) => {
                return Err(ModelError {
                    line,
                    message: format!("expected the header `{FORMAT}`, found `{header}`"),
                });
            }
            None => {
                return Err(ModelError {
                    line: 0,
                    message: "empty model".into(),
                });
            }
        }
        let mut weights = [f32::NAN; N_FEATURES];
        for (line, content) in lines {
            let error = |message: String| ModelError { line, message };
            let (name, value) = content
                .split_once(char::is_whitespace)
                .ok_or_else(|| error("expected `name weight`".into()))?;
            let index = FEATURES
                .iter()
                .position(|&f| f == name)
                .ok_or_else(|| error(format!("unknown feature `{name}`")))?;
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| error(format!("not a number: `{}`", value.trim())))?;
            if !value.is_finite() {
                return Err(error(format!("not a finite weight: {value}")));
            }
            if !weights[index].is_nan() {
                return Err(error(format!("`{name}` given twice")));
            }
            weights[index] = value;
        }
        if let Some(missing) = weights.iter().position(|w| w.is_nan()) {
            return Err(ModelError {
                line: 0,
                message: format!("no weight for `{}`", FEATURES[missing]),
            });
        }
        Ok(Model { weights })
    }

    /// Writes the model file, with `comment` lines after the header.
    pub fn to_text(&self, comment: &str) -> String {
        let mut out = format!("{FORMAT}\n");
        for line in comment.lines() {
            let _ = writeln!(out, "# {line}");
        }
        for (name, weight) in FEATURES.iter().zip(&self.weights) {
            let _ = writeln!(out, "{name} {weight}");
        }
        out
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    let x = f64::from(x);
    (1.0 / (1.0 + (-x).exp())) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses_and_round_trips() {
        let text = include_str!("model.txt");
        let model = Model::parse(text).expect("model.txt parses");
        assert_eq!(Model::parse(&model.to_text("again")), Ok(model));
    }

    #[test]
    fn bad_files_are_refused_with_their_line() {
        assert_eq!(Model::parse("").unwrap_err().line, 0);
        assert_eq!(Model::parse("other 1\n").unwrap_err().line, 1);
        let rules = Model::rules().to_text("");
        let unknown = format!("{rules}nonsense 1\n");
        assert!(
            Model::parse(&unknown)
                .unwrap_err()
                .message
                .contains("nonsense")
        );
        let missing: String = rules
            .lines()
            .filter(|l| !l.starts_with("bias"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(Model::parse(&missing).unwrap_err().message.contains("bias"));
        let twice = format!("{rules}bias 2\n");
        assert!(Model::parse(&twice).unwrap_err().message.contains("twice"));
        let bad = rules.replace("bias -1", "bias x");
        assert!(Model::parse(&bad).unwrap_err().message.contains("number"));
    }
}
