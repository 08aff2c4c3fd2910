//! The query language of a search box: words, `"phrases"`, `+required`, `-excluded`, `OR`, `AND`
//! and `field:value`. Parsing gives a [`ParsedQuery`] of plain clauses; building tantivy queries from
//! it is [`super`]'s job.
//!
//! Pasted headlines must work, so punctuation that a headline holds is text, not syntax: a lone `-`
//! or `:` between spaces, a capitalised `Mot:`. Real mistakes — an unclosed `"`, an unknown
//! `field:`, a `+` with nothing after it — are errors that quote the query and point at the place.

use crate::error::Error;

/// How a clause takes part in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Ranks the stories that hold it higher; a story may lack it.
    Should,
    /// A story must hold it (`+word`, `a AND b`, a metadata filter).
    Must,
    /// A story must not hold it (`-word`).
    MustNot,
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// How it takes part.
    pub occur: Occur,
    /// The field it is restricted to, as typed (`city`), or `None` for the text fields.
    pub field: Option<String>,
    /// The words, as typed.
    pub text: String,
    /// Whether it was a `"phrase"`.
    pub phrase: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// The clauses in the order typed.
    pub clauses: Vec<Clause>,
}

/// The fields a query may name, and what they search.
pub const QUERY_FIELDS: &[&str] = &[
    "title", "body", "city", "agency", "author", "authors", "credits", "section", "tag", "tags",
    "id", "date",
];

fn error_at(query: &str, position: usize, message: &str) -> Error {
    let column = query[..position.min(query.len())].chars().count();
    Error::Query {
        query: query.to_owned(),
        marker: format!("{}^", " ".repeat(column)),
        message: message.to_owned(),
    }
}

/// Parses a query.
///
/// ```
/// use depeche::search::query::{parse_query, Occur};
/// let parsed = parse_query(r#"+Blinken "secrétaire d'Etat" -Lavrov city:Washington"#).unwrap();
/// assert_eq!(parsed.clauses.len(), 4);
/// assert_eq!(parsed.clauses[0].occur, Occur::Must);
/// assert!(parsed.clauses[1].phrase);
/// assert_eq!(parsed.clauses[3].field.as_deref(), Some("city"));
/// assert!(parse_query(r#"Blinken "secrétaire"#).is_err());
/// ```
pub fn parse_query(query: &str) -> Result<ParsedQuery, Error> {
    let mut clauses: Vec<Clause> = Vec::new();
    // Set by `AND`: the next clause is required, and so is the previous one.
    let mut and_pending = false;
    let mut or_pending: Option<usize> = None;
    let bytes = query.as_bytes();
    let mut position = 0;
    while position < query.len() {
        let rest = &query[position..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            position += c.len_utf8();
            continue;
        }
        let start = position;
        // A word runs to the next white space, or through a quoted phrase.
        let mut occur = Occur::Should;
        let mut cursor = position;
        if let Some(sign @ (b'+' | b'-')) = bytes.get(cursor).copied() {
            let next = query[cursor + 1..].chars().next();
            match next {
                None => {
                    return Err(error_at(
                        query,
                        cursor,
                        &format!("nothing after \"{}\"", sign as char),
                    ));
                }
                Some(next) if next.is_whitespace() || next == '-' || next == '+' => {
                    // A lone dash in a pasted headline ("Covid - le point") is punctuation.
                    position = cursor + 1;
                    continue;
                }
                Some(_) => {}
            }
            occur = if sign == b'+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
            cursor += 1;
        }
        // field:value, where field is a lower-case name followed directly by ':'.
        let mut field = None;
        let name_end = cursor
            + query[cursor..]
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .unwrap_or(query.len() - cursor);
        if name_end > cursor && bytes.get(name_end) == Some(&b':') {
            let name = &query[cursor..name_end];
            let after = query[name_end + 1..].chars().next();
            if after.is_some_and(|c| !c.is_whitespace()) {
                if !QUERY_FIELDS.contains(&name) {
                    return Err(error_at(
                        query,
                        cursor,
                        &format!(
                            "unknown field \"{name}\" (fields: {})",
                            QUERY_FIELDS.join(", ")
                        ),
                    ));
                }
                field = Some(name.to_owned());
                cursor = name_end + 1;
            }
        }
        let (text, phrase, end) = if bytes.get(cursor) == Some(&b'"') {
            let Some(length) = query[cursor + 1..].find('"') else {
                return Err(error_at(
                    query,
                    cursor,
                    "this quotation mark is never closed",
                ));
            };
            let text = &query[cursor + 1..cursor + 1 + length];
            (text.to_owned(), true, cursor + 1 + length + 1)
        } else {
            let length = query[cursor..]
                .find(char::is_whitespace)
                .unwrap_or(query.len() - cursor);
            (
                query[cursor..cursor + length].to_owned(),
                false,
                cursor + length,
            )
        };
        position = end;
        if field.is_none() && !phrase && occur == Occur::Should {
            match text.as_str() {
                "OR" => {
                    if clauses.is_empty() {
                        return Err(error_at(query, start, "OR needs a word before it"));
                    }
                    or_pending = Some(start);
                    continue;
                }
                "AND" => {
                    let Some(previous) = clauses.last_mut() else {
                        return Err(error_at(query, start, "AND needs a word before it"));
                    };
                    if previous.occur == Occur::Should {
                        previous.occur = Occur::Must;
                    }
                    and_pending = true;
                    continue;
                }
                _ => {}
            }
        }
        if text.trim().is_empty() {
            if phrase {
                return Err(error_at(query, cursor, "empty phrase"));
            }
            if field.is_some() {
                return Err(error_at(query, cursor, "a field needs a value after ':'"));
            }
            continue;
        }
        if and_pending && occur == Occur::Should {
            occur = Occur::Must;
        }
        and_pending = false;
        or_pending = None;
        clauses.push(Clause {
            occur,
            field,
            text,
            phrase,
        });
    }
    if let Some(at) = or_pending {
        return Err(error_at(query, at, "OR needs a word after it"));
    }
    if and_pending {
        return Err(error_at(
            query,
            query.trim_end().len().saturating_sub(3),
            "AND needs a word after it",
        ));
    }
    if clauses.is_empty() {
        return Err(error_at(query, 0, "the query is empty"));
    }
    Ok(ParsedQuery { clauses })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(query: &str) -> Vec<(Occur, Option<String>, String, bool)> {
        parse_query(query)
            .expect("parses")
            .clauses
            .into_iter()
            .map(|c| (c.occur, c.field, c.text, c.phrase))
            .collect()
    }

    fn error(query: &str) -> String {
        parse_query(query).expect_err("fails").to_string()
    }

    #[test]
    fn words_phrases_signs_and_fields() {
        use Occur::*;
        assert_eq!(
            clauses(
                r#"Blinken +Lavrov -Poutine "porte-parole du Kremlin" city:Washington author:"Simon Lewis""#
            ),
            vec![
                (Should, None, "Blinken".into(), false),
                (Must, None, "Lavrov".into(), false),
                (MustNot, None, "Poutine".into(), false),
                (Should, None, "porte-parole du Kremlin".into(), true),
                (Should, Some("city".into()), "Washington".into(), false),
                (Should, Some("author".into()), "Simon Lewis".into(), true),
            ]
        );
    }

    #[test]
    fn or_and_and() {
        use Occur::*;
        assert_eq!(
            clauses("Macron OR Philippe"),
            vec![
                (Should, None, "Macron".into(), false),
                (Should, None, "Philippe".into(), false)
            ]
        );
        assert_eq!(
            clauses("Macron AND Philippe"),
            vec![
                (Must, None, "Macron".into(), false),
                (Must, None, "Philippe".into(), false)
            ]
        );
    }

    #[test]
    fn pasted_headlines_are_text() {
        let parsed =
            clauses("Venezuela : un véhicule de l'armée fonce - Caracas l’Ukraine Alerte:tornade");
        let words: Vec<&str> = parsed.iter().map(|c| c.2.as_str()).collect();
        assert_eq!(
            words,
            [
                "Venezuela",
                ":",
                "un",
                "véhicule",
                "de",
                "l'armée",
                "fonce",
                "Caracas",
                "l’Ukraine",
                "Alerte:tornade"
            ]
        );
    }

    #[test]
    fn errors_quote_the_query_and_point_at_the_place() {
        assert_eq!(
            error(r#"Blinken "secrétaire d'Etat"#),
            "invalid query: this quotation mark is never closed\n  Blinken \"secrétaire d'Etat\n          ^"
        );
        assert!(error("ville:Paris").starts_with("invalid query: unknown field \"ville\""));
        assert!(error("Paris +").contains("nothing after \"+\""));
        assert!(error("Paris OR").contains("OR needs a word after it"));
        assert!(error("OR Paris").contains("OR needs a word before it"));
        assert!(error("   ").contains("the query is empty"));
        assert!(error("city:\"\"").contains("empty phrase"));
    }
}
