//! The query language of a search box: words, `"phrases"`, `+required`, `-excluded`, `OR`, `AND`,
//! `field:value` and groups in parentheses (`title:(Macron OR Philippe)`, `-(a b)`). Parsing gives
//! a [`ParsedQuery`] of plain clauses; building tantivy queries from it is [`super`]'s job.
//!
//! The clauses are a flat list, so a group is spread over the words inside it: a field or a `-`
//! before it applies to each. The groups that a flat list cannot hold (nested, required with `+`,
//! next to `AND`) are errors that say so, never silently something else.
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
    /// A word that stands for others: `ukrain*`, `Zelenski~1`.
    pub expand: Expand,
    /// The index terms an expanded word stands for, filled by the search before its query is
    /// built (see `search/expand.rs`).
    pub expanded: Vec<String>,
}

/// What a word stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expand {
    /// Itself (its stem).
    #[default]
    Exact,
    /// Every word it begins (`ukrain*`).
    Prefix,
    /// Every word within this many edits (`Zelenski~1`, `~` alone is 1; at most 2).
    Fuzzy(u8),
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

/// The error of a query whose words are all stop words (`le la les`): they are not indexed, so
/// nothing could ever match, and "0 stories" would hide why.
pub fn only_stop_words(query: &str) -> Error {
    error_at(
        query,
        0,
        "only stop words: words this common (le, la, de, et…) are not indexed; add a word that says what you look for",
    )
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
    let clauses = parse_clauses(query, 0, query.len(), None)?;
    if clauses.is_empty() {
        return Err(error_at(query, 0, "the query is empty"));
    }
    Ok(ParsedQuery { clauses })
}

/// What a group in parentheses gives the clauses inside it: `title:(Macron OR Philippe)` is
/// `title:Macron OR title:Philippe`, and `-(a b)` is `-a -b`.
#[derive(Clone, Copy)]
struct Group<'a> {
    /// The field before the `(`, if any.
    field: Option<&'a str>,
    /// Whether the group was excluded with `-`.
    excluded: bool,
}

/// The end of the group whose `(` is at `open`: the position of its `)`, skipping phrases. A `(`
/// that starts a word inside is a nested group, which the flat clause list cannot hold.
fn group_end(query: &str, open: usize) -> Result<usize, Error> {
    let mut in_phrase = false;
    let mut previous = ' ';
    for (offset, c) in query[open + 1..].char_indices() {
        let at = open + 1 + offset;
        match c {
            '"' => in_phrase = !in_phrase,
            ')' if !in_phrase => return Ok(at),
            '(' if !in_phrase
                && (previous.is_whitespace() || matches!(previous, '+' | '-' | ':')) =>
            {
                return Err(error_at(
                    query,
                    at,
                    "groups in parentheses cannot be nested",
                ));
            }
            _ => {}
        }
        previous = c;
    }
    Err(error_at(query, open, "this parenthesis is never closed"))
}

/// Parses the clauses of `query[start..end]`, inside `group` when there is one. Positions stay
/// those of the whole query, so that errors point at the right place.
fn parse_clauses(
    query: &str,
    start: usize,
    end: usize,
    group: Option<Group<'_>>,
) -> Result<Vec<Clause>, Error> {
    let mut clauses: Vec<Clause> = Vec::new();
    // Set by `AND`: the next clause is required, and so is the previous one.
    let mut and_pending = false;
    let mut or_pending: Option<usize> = None;
    // Whether the last clauses came from a group: an `AND` after it would bind its last word only.
    let mut after_group = false;
    let bytes = query.as_bytes();
    let mut position = start;
    while position < end {
        let rest = &query[position..end];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            position += c.len_utf8();
            continue;
        }
        let token_start = position;
        // A word runs to the next white space, or through a quoted phrase.
        let mut occur = Occur::Should;
        let mut cursor = position;
        if let Some(sign @ (b'+' | b'-')) = bytes.get(cursor).copied().filter(|_| cursor < end) {
            let next = query[cursor + 1..end].chars().next();
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
            if group.is_some_and(|group| group.excluded) {
                return Err(error_at(
                    query,
                    cursor,
                    "no + or - inside an excluded group: write the words plainly",
                ));
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
            + query[cursor..end]
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .unwrap_or(end - cursor);
        if name_end > cursor && name_end < end && bytes.get(name_end) == Some(&b':') {
            let name = &query[cursor..name_end];
            let after = query[name_end + 1..end].chars().next();
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
                if group.is_some_and(|group| group.field.is_some()) {
                    return Err(error_at(
                        query,
                        cursor,
                        "a field inside a field's group: the group's field applies to every word in it",
                    ));
                }
                field = Some(name.to_owned());
                cursor = name_end + 1;
            } else if QUERY_FIELDS.contains(&name) {
                // `title:` at the end or before a space: a field with nothing to search for.
                return Err(error_at(
                    query,
                    name_end,
                    &format!("\"{name}:\" needs a value right after the ':' (e.g. {name}:Paris)"),
                ));
            }
        }
        if bytes.get(cursor) == Some(&b'(') && cursor < end {
            if group.is_some() {
                return Err(error_at(
                    query,
                    cursor,
                    "groups in parentheses cannot be nested",
                ));
            }
            if occur == Occur::Must {
                return Err(error_at(
                    query,
                    token_start,
                    "a group cannot be required with +: put + on each word that must be there",
                ));
            }
            if and_pending {
                return Err(error_at(
                    query,
                    cursor,
                    "AND before a group is not supported: use + on the words that must be there",
                ));
            }
            let close = group_end(query, cursor)?;
            if close > end {
                return Err(error_at(query, cursor, "this parenthesis is never closed"));
            }
            let inner = Group {
                field: field.as_deref(),
                excluded: occur == Occur::MustNot,
            };
            if inner.excluded
                && query[cursor + 1..close]
                    .split_whitespace()
                    .any(|word| word == "AND")
            {
                return Err(error_at(
                    query,
                    cursor,
                    "AND inside an excluded group is not supported",
                ));
            }
            let mut grouped = parse_clauses(query, cursor + 1, close, Some(inner))?;
            if grouped.is_empty() {
                return Err(error_at(query, cursor, "empty group"));
            }
            for clause in &mut grouped {
                if clause.field.is_none() {
                    clause.field.clone_from(&field);
                }
                if inner.excluded {
                    clause.occur = Occur::MustNot;
                }
            }
            clauses.extend(grouped);
            or_pending = None;
            after_group = true;
            position = close + 1;
            continue;
        }
        let (text, phrase, token_end) = if bytes.get(cursor) == Some(&b'"') && cursor < end {
            let Some(length) = query[cursor + 1..end].find('"') else {
                return Err(error_at(
                    query,
                    cursor,
                    "this quotation mark is never closed",
                ));
            };
            let text = &query[cursor + 1..cursor + 1 + length];
            (text.to_owned(), true, cursor + 1 + length + 1)
        } else {
            let length = query[cursor..end]
                .find(char::is_whitespace)
                .unwrap_or(end - cursor);
            (
                query[cursor..cursor + length].to_owned(),
                false,
                cursor + length,
            )
        };
        position = token_end;
        if field.is_none() && !phrase && occur == Occur::Should {
            match text.as_str() {
                "OR" => {
                    if clauses.is_empty() {
                        return Err(error_at(query, token_start, "OR needs a word before it"));
                    }
                    or_pending = Some(token_start);
                    continue;
                }
                "AND" => {
                    if after_group {
                        return Err(error_at(
                            query,
                            token_start,
                            "AND after a group is not supported: use + on the words that must be there",
                        ));
                    }
                    let Some(previous) = clauses.last_mut() else {
                        return Err(error_at(query, token_start, "AND needs a word before it"));
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
        after_group = false;
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
        let (text, expand) = if phrase {
            (text, Expand::Exact)
        } else {
            expansion(query, cursor, text)?
        };
        if expand != Expand::Exact && !matches!(field.as_deref(), None | Some("title" | "body")) {
            return Err(error_at(
                query,
                cursor,
                "* and ~ work on the words of the story and its title, not on this field",
            ));
        }
        clauses.push(Clause {
            occur,
            field,
            text,
            phrase,
            expand,
            expanded: Vec::new(),
        });
    }
    if let Some(at) = or_pending {
        return Err(error_at(query, at, "OR needs a word after it"));
    }
    if and_pending {
        return Err(error_at(
            query,
            query[..end].trim_end().len().saturating_sub(3),
            "AND needs a word after it",
        ));
    }
    Ok(clauses)
}

/// A word's `*` or `~N` suffix, taken off: what it stands for. `word` starts at `at` in `query`.
/// A `*` or `~` inside a word, or after something that is not one word, is an error.
fn expansion(query: &str, at: usize, word: String) -> Result<(String, Expand), Error> {
    let (stem, expand) = if let Some(stem) = word.strip_suffix('*') {
        (stem, Expand::Prefix)
    } else if let Some((stem, distance)) = word.rsplit_once('~') {
        let distance = match distance {
            "" => 1,
            "0" | "1" | "2" => distance.parse().unwrap_or(1),
            _ => {
                return Err(error_at(
                    query,
                    at + stem.len(),
                    "a fuzzy word takes ~1 or ~2 (the edits allowed)",
                ));
            }
        };
        (stem, Expand::Fuzzy(distance))
    } else {
        return Ok((word, Expand::Exact));
    };
    let letters = stem
        .chars()
        .filter(|&c| crate::text::is_word_char(c))
        .count();
    if letters == 0 && stem.is_empty() {
        // A lone `*` or `~` in pasted text is punctuation.
        return Ok((word, Expand::Exact));
    }
    if !stem.chars().all(crate::text::is_word_char) || letters < 2 {
        return Err(error_at(
            query,
            at,
            "a * or ~ goes at the end of one word of two letters or more (ukrain*, Zelenski~1)",
        ));
    }
    Ok((stem.to_owned(), expand))
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

    // See: issue 13 (`title:` returned 0 stories, parentheses were silently dropped).
    #[test]
    fn a_star_or_a_tilde_ends_a_word_that_stands_for_others() {
        let expands = |query: &str| -> Vec<(String, Expand)> {
            parse_query(query)
                .expect("parses")
                .clauses
                .into_iter()
                .map(|clause| (clause.text, clause.expand))
                .collect()
        };
        assert_eq!(
            expands("ukrain* Zelenski~1 Sergei~ Kiev~2 title:Macr*"),
            [
                ("ukrain".to_owned(), Expand::Prefix),
                ("Zelenski".to_owned(), Expand::Fuzzy(1)),
                ("Sergei".to_owned(), Expand::Fuzzy(1)),
                ("Kiev".to_owned(), Expand::Fuzzy(2)),
                ("Macr".to_owned(), Expand::Prefix),
            ]
        );
        // In a phrase, and alone, they are text.
        assert_eq!(
            expands("\"ukrain*\" *"),
            [
                ("ukrain*".to_owned(), Expand::Exact),
                ("*".to_owned(), Expand::Exact)
            ]
        );
        assert!(error("Zelenski~3").contains("~1 or ~2"));
        assert!(error("a* b").contains("two letters"));
        assert!(error("jean-luc*").contains("one word"));
        assert!(error("uk*raine~").contains("one word"));
        assert!(error("city:Wash*").contains("not on this field"));
    }

    #[test]
    fn an_empty_field_is_an_error_at_its_colon() {
        assert_eq!(
            error("Macron title:"),
            "invalid query: \"title:\" needs a value right after the ':' (e.g. title:Paris)\n  Macron title:\n              ^"
        );
        assert!(error("title: Macron").contains("\"title:\" needs a value"));
        // An unknown lower-case word before a colon stays text, as in a pasted headline.
        assert_eq!(clauses("attention: danger").len(), 2);
    }

    #[test]
    fn a_group_spreads_its_field_and_its_sign_over_its_words() {
        use Occur::*;
        assert_eq!(
            clauses("title:(Macron OR Philippe)"),
            clauses("title:Macron OR title:Philippe")
        );
        assert_eq!(
            clauses(r#"Covid -(masque "couvre-feu")"#),
            vec![
                (Should, None, "Covid".into(), false),
                (MustNot, None, "masque".into(), false),
                (MustNot, None, "couvre-feu".into(), true),
            ]
        );
        assert_eq!(
            clauses("-city:(Paris Lyon) vaccin"),
            vec![
                (MustNot, Some("city".into()), "Paris".into(), false),
                (MustNot, Some("city".into()), "Lyon".into(), false),
                (Should, None, "vaccin".into(), false),
            ]
        );
        // A pasted headline's parentheses are harmless.
        assert_eq!(
            clauses("Macron (LREM) répond"),
            clauses("Macron LREM répond")
        );
        assert_eq!(clauses("title:(Macron AND +Philippe)").len(), 2);
    }

    #[test]
    fn groups_a_flat_list_cannot_hold_are_errors_that_point_at_them() {
        assert_eq!(
            error("title:(Macron OR Philippe"),
            "invalid query: this parenthesis is never closed\n  title:(Macron OR Philippe\n        ^"
        );
        assert!(error("(a (b c))").contains("cannot be nested"));
        assert!(error("+(a OR b)").contains("cannot be required with +"));
        assert!(error("x AND (a OR b)").contains("AND before a group"));
        assert!(error("(a OR b) AND x").contains("AND after a group"));
        assert!(error("-(a AND b)").contains("AND inside an excluded group"));
        assert!(error("-(a -b)").contains("inside an excluded group"));
        assert!(error("title:(city:Paris)").contains("a field inside a field's group"));
        assert!(error("a ()").contains("empty group"));
    }
}
