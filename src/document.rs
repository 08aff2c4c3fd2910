//! Documents: the one place that turns an [`Article`] or a [`Quote`] into a tantivy document,
//! through the field handles of [`crate::schema::Fields`]. Articles and their quotes share one
//! index; the `kind` field tells them apart, and a quote carries its story's id, path, date and
//! city so that filters apply to both alike.

use tantivy::DateTime;
use tantivy::schema::TantivyDocument;

use crate::corpus::Article;
use crate::names;
use crate::quotes::{self, Quote};
use crate::schema::{Fields, KIND_ARTICLE, KIND_QUOTE};
use crate::versions::{self, Fingerprint};

/// The term that names one story of one file, with its quotes (ids are short enough to make it a
/// term: see [`crate::corpus::MAX_ID_BYTES`]): indexing replaces a story by it, and a quote search
/// reaches its story's title and filters on its story's agency, authors and section by it.
pub fn story_key(path: &str, id: &str) -> String {
    format!("{path}\u{1f}{id}")
}

fn add_common(document: &mut TantivyDocument, fields: &Fields, article: &Article, key: &str) {
    document.add_text(fields.id, &article.id);
    document.add_text(fields.path, &article.path);
    document.add_text(fields.key, key);
    if let Some(date) = &article.date {
        document.add_date(fields.date, DateTime::from_timestamp_secs(date.seconds));
        document.add_text(fields.date_text, &date.text);
    }
    if let Some(city) = &article.city {
        document.add_text(fields.city, city);
    }
}

/// The document of an article, under its `key` (its file and id, see `indexing`) and with its
/// `hash`.
pub fn article_document(
    fields: &Fields,
    article: &Article,
    key: &str,
    hash: u64,
) -> TantivyDocument {
    let mut document = TantivyDocument::new();
    document.add_text(fields.kind, KIND_ARTICLE);
    add_common(&mut document, fields, article, key);
    document.add_u64(fields.hash, hash);
    let optional = [
        (fields.agency, &article.agency),
        (fields.section, &article.section),
        (fields.title, &article.title),
        (fields.url, &article.url),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            document.add_text(field, value);
        }
    }
    if let Some(line) = article.line {
        document.add_u64(fields.line, line as u64);
    }
    for author in &article.authors {
        document.add_text(fields.authors, author);
    }
    for tag in &article.tags {
        document.add_text(fields.tags, tag);
    }
    if let Some(credits) = &article.credits {
        document.add_text(fields.credits, &credits.text);
    }
    let body = article.body();
    // A story's versions are found by its text, lede and body; the headline only lowers the bar.
    let whole = format!("{}\n\n{body}", article.lede());
    if let Some(fingerprint) = Fingerprint::new(article.title.as_deref(), &whole) {
        document.add_bytes(fields.fingerprint, &fingerprint.to_bytes());
    }
    if let Some(key) = article.title.as_deref().and_then(versions::headline_key) {
        document.add_text(fields.headline_key, &key);
    }
    document.add_text(fields.text, article.lede());
    document.add_text(fields.text, &body);
    document.add_text(fields.lede, article.lede());
    document.add_text(fields.body, body);
    document
}

/// The documents of an article's quotes, under the article's `key`.
pub fn quote_documents(fields: &Fields, article: &Article, key: &str) -> Vec<TantivyDocument> {
    let paragraphs: Vec<&str> = article.paragraphs.iter().map(String::as_str).collect();
    quotes::extract_quotes(&paragraphs)
        .into_iter()
        .enumerate()
        .map(|(position, quote)| quote_document(fields, article, key, position, &quote))
        .collect()
}

/// The document of one quote of an article, `position` its rank in the story.
pub fn quote_document(
    fields: &Fields,
    article: &Article,
    key: &str,
    position: usize,
    quote: &Quote,
) -> TantivyDocument {
    let mut document = TantivyDocument::new();
    document.add_text(fields.kind, KIND_QUOTE);
    add_common(&mut document, fields, article, key);
    document.add_text(fields.quote, &quote.text);
    if let Some(speaker) = &quote.speaker {
        document.add_text(fields.speaker_key, names::speaker_key(speaker));
        document.add_text(fields.speaker_exact, speaker);
    }
    let optional = [
        (fields.mention, &quote.mention),
        (fields.role, &quote.role),
        (fields.verb, &quote.verb),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            document.add_text(field, value);
        }
    }
    document.add_u64(fields.position, position as u64);
    // Two decimals, as shown: `--min-confidence 0.7` then keeps a quote of confidence 0.7, which
    // as an f32 widened to f64 would be 0.699999988.
    let confidence = (f64::from(quote.confidence) * 100.0).round() / 100.0;
    document.add_f64(fields.confidence, confidence);
    document
}

#[cfg(test)]
mod tests {
    use tantivy::schema::Value;

    use super::*;
    use crate::schema::{SchemaSpec, build_schema};

    fn text(document: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
        document
            .get_all(field)
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn a_quote_carries_its_story_its_speaker_its_key_and_its_confidence() {
        let fields = Fields::new(&build_schema(&SchemaSpec::shipped())).expect("fields");
        let article = Article {
            id: "story".into(),
            path: "/corpus/story.txt".into(),
            city: Some("Paris".into()),
            ..Article::default()
        };
        let quote = Quote {
            text: "Nous irons jusqu'au bout".into(),
            speaker: Some("le secrétaire d'Etat Antony Blinken".into()),
            mention: Some("le secrétaire d'Etat".into()),
            role: None,
            verb: Some("a déclaré".into()),
            paragraph: 0,
            offset: 1,
            confidence: 0.75,
        };
        let document = quote_document(&fields, &article, "k", 3, &quote);
        assert_eq!(text(&document, fields.kind), [KIND_QUOTE]);
        assert_eq!(text(&document, fields.id), ["story"]);
        assert_eq!(text(&document, fields.city), ["Paris"]);
        assert_eq!(text(&document, fields.speaker_key), ["antony blinken"]);
        assert_eq!(
            text(&document, fields.speaker_exact),
            ["le secrétaire d'Etat Antony Blinken"]
        );
        assert_eq!(
            document
                .get_first(fields.confidence)
                .and_then(|value| value.as_f64()),
            Some(0.75)
        );
        assert!(text(&document, fields.role).is_empty());
        assert_eq!(
            document
                .get_first(fields.position)
                .and_then(|value| value.as_u64()),
            Some(3)
        );
        let document = article_document(&fields, &article, "k", 7);
        assert_eq!(text(&document, fields.kind), [KIND_ARTICLE]);
        assert!(text(&document, fields.speaker_key).is_empty());
    }
}
