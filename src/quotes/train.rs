//! Training the attribution scorer from gold quotes: pure and deterministic (no I/O, no
//! randomness, a fixed number of Newton steps summed in a fixed order), so that the same gold
//! gives the same model file bit for bit.
//!
//! Each story is run through the extractor with the rules' weights ([`Model::rules`]), which
//! records every quote's candidates and their features; the quotes are matched to the gold as
//! score.py matches them; a candidate is labelled right when its speaker string holds the gold
//! `speaker_key` ([`score::speaker_ok`]). A logistic regression with an L2 penalty is fitted on
//! all the labelled candidates; then the stories are run again with that model (whose choices
//! move the focus, and so the later candidates) and the regression is fitted anew ([`ROUNDS`]).

use std::collections::BTreeSet;

use super::model::{Feature, Features, Model, N_FEATURES, sigmoid};
use super::score::{self, GoldQuote, Outcome, SystemQuote};
use super::{Candidate, Quote, run_extractor};

/// Newton steps of the fit (it converges in far fewer; the count is fixed for reproducibility).
pub const STEPS: usize = 25;
/// Rounds of training: the first on the candidates the rules' choices lead to, each next one on
/// those the previous model's choices lead to (its focus moves with its choices).
pub const ROUNDS: usize = 2;
/// L2 penalty on every weight but the bias, on the summed log-loss.
pub const L2: f64 = 1.0;

/// A quote's candidates with their labels: (features, is the right speaker).
pub type Group = Vec<(Features, bool)>;

/// Runs the extractor with `model` and returns every quote with its scored candidates.
pub fn extract_candidates(paragraphs: &[&str], model: &Model) -> Vec<(Quote, Vec<Candidate>)> {
    let (quotes, trace) = run_extractor(paragraphs, model, true);
    quotes.into_iter().zip(trace).collect()
}

/// The labelled candidates of one story's quotes that match a gold quote; `gold` holds that
/// story's gold quotes (others are ignored).
pub fn story_groups(doc: &str, paragraphs: &[&str], gold: &[GoldQuote]) -> Vec<Group> {
    story_groups_with(doc, paragraphs, gold, &Model::rules())
}

/// [`story_groups`] with the candidates a given model's choices lead to.
pub fn story_groups_with(
    doc: &str,
    paragraphs: &[&str],
    gold: &[GoldQuote],
    model: &Model,
) -> Vec<Group> {
    let gold: Vec<GoldQuote> = gold.iter().filter(|g| g.doc == doc).cloned().collect();
    let extracted = extract_candidates(paragraphs, model);
    let system: Vec<SystemQuote> = extracted
        .iter()
        .map(|(quote, _)| SystemQuote {
            doc: doc.to_owned(),
            text: quote.text.clone(),
            speaker: quote.speaker.clone(),
        })
        .collect();
    let docs: BTreeSet<String> = [doc.to_owned()].into();
    let (_, outcomes) = score::align(&gold, &system, &docs);
    let mut groups = Vec::new();
    for ((_, candidates), outcome) in extracted.iter().zip(outcomes) {
        let (Outcome::Right(g) | Outcome::Wrong(g)) = outcome else {
            continue;
        };
        let key = gold[g].speaker_key.as_deref();
        groups.push(
            candidates
                .iter()
                .map(|c| (c.features, score::speaker_ok(c.speaker.as_deref(), key)))
                .collect(),
        );
    }
    groups
}

#[allow(clippy::needless_range_loop)] // Matrix code reads best with indices.
/// Fits the logistic regression on labelled candidates: Newton's method on the L2-penalised
/// log-loss, solved by Gaussian elimination, all in f64 in a fixed order.
pub fn fit(groups: &[Group]) -> Model {
    let examples: Vec<&(Features, bool)> = groups.iter().flatten().collect();
    let mut weights = [0.0f64; N_FEATURES];
    for _ in 0..STEPS {
        let mut gradient = [0.0f64; N_FEATURES];
        let mut hessian = vec![[0.0f64; N_FEATURES]; N_FEATURES];
        for (features, label) in &examples {
            let x: [f64; N_FEATURES] = features.map(f64::from);
            let logit: f64 = weights.iter().zip(&x).map(|(w, x)| w * x).sum();
            let p = 1.0 / (1.0 + (-logit).exp());
            let error = p - if *label { 1.0 } else { 0.0 };
            let curvature = (p * (1.0 - p)).max(1e-9);
            for i in 0..N_FEATURES {
                if x[i] == 0.0 {
                    continue;
                }
                gradient[i] += error * x[i];
                for j in 0..N_FEATURES {
                    hessian[i][j] += curvature * x[i] * x[j];
                }
            }
        }
        for i in 0..N_FEATURES {
            let penalty = if i == Feature::Bias as usize {
                1e-6
            } else {
                L2
            };
            gradient[i] += penalty * weights[i];
            hessian[i][i] += penalty;
        }
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        for (w, d) in weights.iter_mut().zip(step) {
            *w -= d;
        }
    }
    let mut model = Model::rules();
    for (out, w) in model.weights.iter_mut().zip(weights) {
        // Rounded so that the text file is short and reads back to the same model.
        *out = ((w * 10_000.0).round() / 10_000.0) as f32;
    }
    model
}

#[allow(clippy::needless_range_loop)]
/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
fn solve(mut a: Vec<[f64; N_FEATURES]>, mut b: [f64; N_FEATURES]) -> Option<[f64; N_FEATURES]> {
    for column in 0..N_FEATURES {
        let pivot = (column..N_FEATURES)
            .max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))?;
        if a[pivot][column].abs() < 1e-12 {
            return None;
        }
        a.swap(column, pivot);
        b.swap(column, pivot);
        for row in column + 1..N_FEATURES {
            let factor = a[row][column] / a[column][column];
            if factor == 0.0 {
                continue;
            }
            for k in column..N_FEATURES {
                a[row][k] -= factor * a[column][k];
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = [0.0; N_FEATURES];
    for row in (0..N_FEATURES).rev() {
        let tail: f64 = (row + 1..N_FEATURES).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
}

/// Trains a model on stories `(doc, paragraphs)` and their gold quotes.
pub fn train<'a>(
    stories: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    gold: &[GoldQuote],
) -> Model {
    let stories: Vec<(&str, Vec<&str>)> = stories.into_iter().collect();
    let mut model = Model::rules();
    for _ in 0..ROUNDS {
        let groups: Vec<Group> = stories
            .iter()
            .flat_map(|(doc, paragraphs)| story_groups_with(doc, paragraphs, gold, &model))
            .collect();
        model = fit(&groups);
    }
    model
}

/// The log-loss of a model on labelled candidates (mean per candidate), for reports.
pub fn log_loss(model: &Model, groups: &[Group]) -> f64 {
    let examples: Vec<&(Features, bool)> = groups.iter().flatten().collect();
    let total: f64 = examples
        .iter()
        .map(|(features, label)| {
            let p = f64::from(sigmoid(model.logit(features))).clamp(1e-9, 1.0 - 1e-9);
            if *label { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum();
    total / examples.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(on: &[Feature]) -> Features {
        let mut features = [0.0; N_FEATURES];
        features[Feature::Bias as usize] = 1.0;
        for &f in on {
            features[f as usize] = 1.0;
        }
        features
    }

    #[test]
    fn the_fit_learns_which_source_is_right_and_is_reproducible() {
        // The rules' choice is right three times in four, the focus once.
        let mut groups = Vec::new();
        for i in 0..40 {
            let rule_right = i % 4 != 0;
            groups.push(vec![
                (vector(&[Feature::FromRule]), rule_right),
                (vector(&[Feature::FromFocus]), !rule_right),
                (vector(&[Feature::FromNull]), false),
            ]);
        }
        let model = fit(&groups);
        let rule = model.probability(&vector(&[Feature::FromRule]));
        let focus = model.probability(&vector(&[Feature::FromFocus]));
        let null = model.probability(&vector(&[Feature::FromNull]));
        assert!(rule > focus && focus > null, "{rule} {focus} {null}");
        assert!((rule - 0.75).abs() < 0.1, "{rule}");
        assert_eq!(fit(&groups), model);
        assert!(log_loss(&model, &groups) < log_loss(&Model::rules(), &groups));
    }

    #[test]
    fn candidates_carry_the_rules_choice_and_nobody() {
        let found = extract_candidates(
            &[
                "Le ministre de la Santé, Saïd Namaki, a visité l'hôpital.",
                "\"Nous avons besoin de plus de lits\", a déclaré le ministre.",
            ],
            &Model::rules(),
        );
        assert_eq!(found.len(), 1);
        let (quote, candidates) = &found[0];
        assert_eq!(quote.speaker.as_deref(), Some("Saïd Namaki"));
        let speakers: Vec<Option<&str>> = candidates.iter().map(|c| c.speaker.as_deref()).collect();
        assert_eq!(speakers[0], Some("Saïd Namaki"));
        assert!(speakers.contains(&None), "{speakers:?}");
        assert_eq!(candidates[0].features[Feature::FromRule as usize], 1.0);
    }
}
