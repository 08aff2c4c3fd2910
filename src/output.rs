//! Writing results: the only module that formats what `search`, `show`, `quotes` and `speakers`
//! print, as text for people (colour on a terminal) or as JSON lines for programs.

use std::io::{self, Write};

use crate::quotes::Quote;
use crate::search::{
    DEFAULT_MIN_CONFIDENCE, Fragment, Hit, QuoteResults, SpeakerResults, Stats, Story, ValueCount,
    Version,
};

/// How matched words are marked in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// Bold red, for a terminal.
    Colour,
    /// `**word**`, for pipes, files and `NO_COLOR`.
    Plain,
}

impl Marks {
    /// Colour on a terminal unless `NO_COLOR` is set (see no-color.org).
    pub fn for_stdout() -> Marks {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        if io::stdout().is_terminal() && !no_color {
            Marks::Colour
        } else {
            Marks::Plain
        }
    }

    fn open(self) -> &'static str {
        match self {
            Marks::Colour => "\x1b[1;31m",
            Marks::Plain => "**",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Marks::Colour => "\x1b[0m",
            Marks::Plain => "**",
        }
    }

    fn dim(self, text: &str) -> String {
        match self {
            Marks::Colour => format!("\x1b[2m{text}\x1b[0m"),
            Marks::Plain => text.to_owned(),
        }
    }
}

/// A number with its noun, singular for 1 (and 0 plural, as in French and English alike for
/// "0 stories"): `1 article`, `2 articles`. Every count printed for people goes through it.
pub fn plural(number: impl TryInto<u64>, one: &str, many: &str) -> String {
    let number: u64 = number.try_into().unwrap_or(u64::MAX);
    format!("{number} {}", if number == 1 { one } else { many })
}

/// A fragment with its matched words marked.
pub fn marked(fragment: &Fragment, marks: Marks) -> String {
    let chars: Vec<char> = fragment.text.chars().collect();
    let mut out = String::with_capacity(fragment.text.len() + 16);
    let mut last = 0;
    for &(start, end) in &fragment.highlights {
        if start < last || end > chars.len() {
            continue;
        }
        out.extend(&chars[last..start]);
        out.push_str(marks.open());
        out.extend(&chars[start..end]);
        out.push_str(marks.close());
        last = end;
    }
    out.extend(&chars[last..]);
    out
}

fn header(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Writes story hits as text.
pub fn write_hits(
    out: &mut dyn Write,
    hits: &[Hit],
    total: Option<usize>,
    marks: Marks,
) -> io::Result<()> {
    for hit in hits {
        let rank = format!("{}.", hit.rank);
        let line = header(&[
            hit.date.as_deref(),
            hit.city.as_deref(),
            hit.agency.as_deref(),
            Some(hit.id.as_str()),
        ]);
        writeln!(out, "{rank} {}", marks.dim(&line))?;
        // A story without a headline is headed by its first words: when its first passage is
        // that opening, the heading would print the same words twice.
        let heading = hit.headline.trim_end_matches('…');
        let repeated = hit
            .fragments
            .first()
            .is_some_and(|fragment| fragment.text.starts_with(heading));
        if !repeated {
            writeln!(out, "   {}", hit.headline)?;
        }
        for fragment in &hit.fragments {
            writeln!(out, "   {}", marked(fragment, marks))?;
        }
        if !hit.versions.is_empty() {
            let noun = if hit.versions.len() == 1 {
                "other version"
            } else {
                "other versions"
            };
            let line = format!(
                "+ {} {noun}: {}",
                hit.versions.len(),
                hit.versions.join(", ")
            );
            writeln!(out, "   {}", marks.dim(&line))?;
        }
        writeln!(out)?;
    }
    match total {
        Some(total) => {
            let noun = if total == 1 {
                "story matches"
            } else {
                "stories match"
            };
            writeln!(out, "{total} {noun}; {} shown", hits.len())
        }
        None => Ok(()),
    }
}

/// A JSON line with the total of its search beside the item's own keys.
#[derive(serde::Serialize)]
struct WithTotal<'a, T: serde::Serialize> {
    #[serde(flatten)]
    item: &'a T,
    total: usize,
}

/// Writes story hits as JSON lines, each with `total`, the number of stories that match.
pub fn write_hits_json(out: &mut dyn Write, hits: &[Hit], total: usize) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, &WithTotal { item: hit, total })?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes only a count (`--count`, `--limit 0`): the number alone, or `{"total": N}` in JSON,
/// with `hidden` for quotes that the confidence threshold left out.
pub fn write_count(
    out: &mut dyn Write,
    total: usize,
    hidden: Option<usize>,
    json: bool,
) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Count {
        total: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        hidden: Option<usize>,
    }
    if json {
        serde_json::to_writer(&mut *out, &Count { total, hidden })?;
        writeln!(out)
    } else {
        writeln!(out, "{total}")
    }
}

/// Writes the other versions of story `id`: one line each (date, id, headline), or JSON lines.
pub fn write_versions(
    out: &mut dyn Write,
    id: &str,
    versions: &[Version],
    json: bool,
) -> io::Result<()> {
    if json {
        for version in versions {
            serde_json::to_writer(&mut *out, version)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    if versions.is_empty() {
        return writeln!(out, "{id} has no other version");
    }
    for version in versions {
        let date = version.date.as_deref().unwrap_or("undated");
        writeln!(out, "{date} · {} · {}", version.id, version.title)?;
    }
    Ok(())
}

/// Writes a whole story.
pub fn write_story(out: &mut dyn Write, story: &Story) -> io::Result<()> {
    if let Some(title) = &story.title {
        writeln!(out, "{title}")?;
    }
    let fields = [
        ("id", Some(story.id.clone())),
        ("date", story.date.clone()),
        ("city", story.city.clone()),
        ("agency", story.agency.clone()),
        (
            "authors",
            (!story.authors.is_empty()).then(|| story.authors.join(", ")),
        ),
        ("credits", story.credits.clone()),
        ("section", story.section.clone()),
        (
            "tags",
            (!story.tags.is_empty()).then(|| story.tags.join(", ")),
        ),
        ("url", story.url.clone()),
        // Where it came from, as warnings name a place: `FILE:LINE` for a JSON line.
        (
            "path",
            Some(match story.line {
                Some(line) => format!("{}:{line}", story.path),
                None => story.path.clone(),
            }),
        ),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            writeln!(out, "{name:>8}: {value}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", story.lede)?;
    if !story.body.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", story.body)?;
    }
    Ok(())
}

/// Writes found quotes as text, with how many matched and how many the threshold hid.
pub fn write_quote_hits(
    out: &mut dyn Write,
    results: &QuoteResults,
    marks: Marks,
) -> io::Result<()> {
    for quote in &results.hits {
        let speaker = quote.speaker.as_deref().unwrap_or("(unknown speaker)");
        let mut said = Vec::new();
        if let Some(mention) = quote
            .mention
            .as_deref()
            .filter(|mention| *mention != speaker)
        {
            said.push(mention.to_owned());
        }
        if let Some(verb) = &quote.verb {
            said.push(verb.clone());
        }
        // A doubtful attribution says so where it is shown (with --min-confidence under the
        // default, or without --by).
        if let Some(confidence) = quote
            .confidence
            .filter(|&confidence| confidence < DEFAULT_MIN_CONFIDENCE)
        {
            said.push(format!("confidence {confidence}"));
        }
        let said = if said.is_empty() {
            String::new()
        } else {
            format!(" ({})", said.join(", "))
        };
        writeln!(
            out,
            "{} {}{said}",
            quote.date.as_deref().unwrap_or("undated"),
            speaker
        )?;
        writeln!(out, "   « {} »", quote.text)?;
        if let Some(context) = &quote.context {
            writeln!(out, "   in: {context}")?;
        }
        let story = header(&[
            quote.city.as_deref(),
            Some(quote.doc.as_str()),
            (!quote.headline.is_empty()).then_some(quote.headline.as_str()),
        ]);
        writeln!(out, "   {}", marks.dim(&story))?;
        writeln!(out)?;
    }
    let total = results.total;
    let noun = if total == 1 {
        "quote matches"
    } else {
        "quotes match"
    };
    write!(out, "{total} {noun}; {} shown", results.hits.len())?;
    if results.hidden > 0 {
        write!(
            out,
            "; {} more under confidence {} hidden (--min-confidence 0 shows them)",
            results.hidden, results.min_confidence
        )?;
    }
    writeln!(out)
}

/// Writes found quotes as JSON lines, each with `total`, the number of quotes that match at or
/// above the threshold.
pub fn write_quote_hits_json(out: &mut dyn Write, results: &QuoteResults) -> io::Result<()> {
    for quote in &results.hits {
        let line = WithTotal {
            item: quote,
            total: results.total,
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A table format for spreadsheets: one header row, then one row per story or quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Comma-separated (RFC 4180): a field holding a comma, a double quote or a line break is
    /// put in double quotes, its double quotes doubled.
    Csv,
    /// Tab-separated: tabs and line breaks inside a field become spaces, since the format has no
    /// way to quote them.
    Tsv,
}

impl Table {
    fn write_row(self, out: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
        for (number, field) in fields.iter().enumerate() {
            if number > 0 {
                out.write_all(match self {
                    Table::Csv => b",",
                    Table::Tsv => b"\t",
                })?;
            }
            match self {
                Table::Csv if field.contains([',', '"', '\n', '\r']) => {
                    write!(out, "\"{}\"", field.replace('"', "\"\""))?;
                }
                Table::Csv => out.write_all(field.as_bytes())?,
                Table::Tsv => out.write_all(field.replace(['\t', '\r', '\n'], " ").as_bytes())?,
            }
        }
        // CRLF, as RFC 4180 and spreadsheets expect; a tab-separated file ends lines in LF.
        out.write_all(match self {
            Table::Csv => b"\r\n",
            Table::Tsv => b"\n",
        })
    }
}

/// Writes story hits as a table: a header row, then `rank`, `id`, `date`, `city`, `agency`,
/// `authors` (joined by `; `), `title`, `headline`, `url`, `path`, `line`, `score` and
/// `passages` (the fragments, joined by a space) for each.
pub fn write_hits_table(out: &mut dyn Write, hits: &[Hit], table: Table) -> io::Result<()> {
    table.write_row(
        out,
        &[
            "rank", "id", "date", "city", "agency", "authors", "title", "headline", "url", "path",
            "line", "score", "passages",
        ],
    )?;
    for hit in hits {
        let passages: Vec<&str> = hit
            .fragments
            .iter()
            .map(|fragment| fragment.text.as_str())
            .collect();
        table.write_row(
            out,
            &[
                &hit.rank.to_string(),
                &hit.id,
                hit.date.as_deref().unwrap_or_default(),
                hit.city.as_deref().unwrap_or_default(),
                hit.agency.as_deref().unwrap_or_default(),
                &hit.authors.join("; "),
                hit.title.as_deref().unwrap_or_default(),
                &hit.headline,
                hit.url.as_deref().unwrap_or_default(),
                &hit.path,
                &hit.line.map(|line| line.to_string()).unwrap_or_default(),
                &hit.score.map(|score| score.to_string()).unwrap_or_default(),
                &passages.join(" "),
            ],
        )?;
    }
    Ok(())
}

/// Writes found quotes as a table: a header row, then `date`, `speaker`, `text`, `context`,
/// `mention`, `role`, `verb`, `confidence`, `city`, `id`, `title`, `headline`, `path`, `position`
/// and `score` for each.
pub fn write_quote_hits_table(
    out: &mut dyn Write,
    results: &QuoteResults,
    table: Table,
) -> io::Result<()> {
    table.write_row(
        out,
        &[
            "date",
            "speaker",
            "text",
            "context",
            "mention",
            "role",
            "verb",
            "confidence",
            "city",
            "id",
            "title",
            "headline",
            "path",
            "position",
            "score",
        ],
    )?;
    for quote in &results.hits {
        table.write_row(
            out,
            &[
                quote.date.as_deref().unwrap_or_default(),
                quote.speaker.as_deref().unwrap_or_default(),
                &quote.text,
                quote.context.as_deref().unwrap_or_default(),
                quote.mention.as_deref().unwrap_or_default(),
                quote.role.as_deref().unwrap_or_default(),
                quote.verb.as_deref().unwrap_or_default(),
                &quote
                    .confidence
                    .map(|confidence| confidence.to_string())
                    .unwrap_or_default(),
                quote.city.as_deref().unwrap_or_default(),
                &quote.id,
                quote.title.as_deref().unwrap_or_default(),
                &quote.headline,
                &quote.path,
                &quote.position.to_string(),
                &quote
                    .score
                    .map(|score| score.to_string())
                    .unwrap_or_default(),
            ],
        )?;
    }
    Ok(())
}

/// One line of `quotes extract`: `doc`, `text` and `speaker` are what `score.py` reads; `id` and
/// `position` are the names `search` and `quotes --json` use.
#[derive(serde::Serialize)]
struct ExtractedQuote<'a> {
    id: &'a str,
    doc: &'a str,
    text: &'a str,
    speaker: Option<&'a str>,
    mention: Option<&'a str>,
    role: Option<&'a str>,
    verb: Option<&'a str>,
    position: usize,
    paragraph: usize,
    offset: usize,
    confidence: f32,
}

/// Writes the quotes extracted from one story as JSON lines.
pub fn write_extracted(out: &mut dyn Write, doc: &str, quotes: &[Quote]) -> io::Result<()> {
    for (position, quote) in quotes.iter().enumerate() {
        let line = ExtractedQuote {
            id: doc,
            doc,
            text: &quote.text,
            speaker: quote.speaker.as_deref(),
            mention: quote.mention.as_deref(),
            role: quote.role.as_deref(),
            verb: quote.verb.as_deref(),
            position,
            paragraph: quote.paragraph,
            offset: quote.offset,
            // Two decimals: the model's precision, and a stable golden output.
            confidence: (quote.confidence * 100.0).round() / 100.0,
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes speakers with their number of quotes; in JSON, each with `total`, the number of
/// speakers in all.
pub fn write_speakers(out: &mut dyn Write, results: &SpeakerResults, json: bool) -> io::Result<()> {
    for speaker in &results.speakers {
        if json {
            let line = WithTotal {
                item: speaker,
                total: results.total,
            };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{:>6}  {}", speaker.quotes, speaker.speaker)?;
        }
    }
    Ok(())
}

/// The width of the longest bar of `stats`, in columns.
const BAR_WIDTH: usize = 40;

/// Writes what `depeche stats` counted: a bar per period, then the most frequent values.
pub fn write_stats(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    let span = match (stats.periods.first(), stats.periods.last()) {
        (Some(first), Some(last)) if first.period != last.period => {
            format!(", {} to {}", first.period, last.period)
        }
        (Some(only), _) => format!(", {}", only.period),
        _ => String::new(),
    };
    let unit = match (stats.unit, stats.total) {
        ("quotes", 1) => "quote",
        ("stories", 1) => "story",
        (unit, _) => unit,
    };
    let by = serde_json::to_value(stats.by)
        .ok()
        .and_then(|by| by.as_str().map(str::to_owned))
        .unwrap_or_default();
    writeln!(out, "{} {unit}{span}, by {by}", stats.total)?;
    let most = stats
        .periods
        .iter()
        .map(|period| period.count)
        .max()
        .unwrap_or(0);
    let label_width = stats
        .periods
        .iter()
        .map(|period| period.period.len())
        .max()
        .unwrap_or(0);
    let count_width = most.to_string().len();
    for period in &stats.periods {
        writeln!(
            out,
            "{:<label_width$}  {:>count_width$} {}",
            period.period,
            period.count,
            bar(period.count, most)
        )?;
    }
    if stats.undated > 0 {
        writeln!(out, "undated: {}", stats.undated)?;
    }
    let lists: [(&str, &[ValueCount]); 4] = [
        ("cities", &stats.cities),
        ("agencies", &stats.agencies),
        ("authors", &stats.authors),
        ("sections", &stats.sections),
    ];
    for (title, values) in lists {
        if values.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for value in values {
            writeln!(out, "{:>7}  {}", value.count, value.value)?;
        }
    }
    if !stats.speakers.is_empty() {
        writeln!(out, "\nmost quoted:")?;
        for speaker in &stats.speakers {
            writeln!(out, "{:>7}  {}", speaker.quotes, speaker.speaker)?;
        }
    }
    Ok(())
}

/// A bar of `count` against the longest, `most`, in eighths of a column; a count above zero
/// always shows.
fn bar(count: usize, most: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if count == 0 || most == 0 {
        return String::new();
    }
    let eighths = (count * BAR_WIDTH * 8).div_ceil(most).max(1);
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8]);
    }
    bar
}

/// Writes what `depeche status` tells, for people.
pub fn write_status(out: &mut dyn Write, status: &crate::state::Status) -> io::Result<()> {
    writeln!(out, "index: {}", status.index.display())?;
    writeln!(
        out,
        "{}, {}",
        plural(status.stories, "story", "stories"),
        plural(status.quotes, "quote", "quotes")
    )?;
    if status.roots.is_empty() {
        writeln!(out, "roots: none remembered")?;
    } else {
        writeln!(out, "roots:")?;
    }
    for root in &status.roots {
        let missing = if root.exists {
            ""
        } else {
            " (missing: `depeche forget` it to drop its stories)"
        };
        writeln!(
            out,
            "  {}: {}, {}{missing}",
            root.path,
            plural(root.stories, "story", "stories"),
            plural(root.quotes, "quote", "quotes")
        )?;
    }
    if status.stories_outside_roots > 0 {
        writeln!(
            out,
            "  (under no remembered root): {}",
            plural(status.stories_outside_roots, "story", "stories")
        )?;
    }
    match &status.last_run {
        Some(run) => writeln!(
            out,
            "last run: {} UTC: {} seen, {} added, {} updated, {} removed{}",
            format_time(run.finished),
            plural(run.files_seen, "file", "files"),
            run.added,
            run.updated,
            run.removed,
            if run.interrupted {
                " (interrupted: run it again to continue)"
            } else {
                ""
            }
        )?,
        None => writeln!(out, "last run: unknown")?,
    }
    if status.damaged.is_empty() {
        writeln!(out, "damaged files: none")?;
    } else {
        writeln!(
            out,
            "damaged files ({}, read again on every run until they read whole):",
            status.damaged.len()
        )?;
        for file in &status.damaged {
            writeln!(out, "  {}: {}", file.path, file.why)?;
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM:SS` of seconds since the epoch, in UTC.
fn format_time(seconds: u64) -> String {
    let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02}",
        crate::date::format_day(seconds),
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_and_never_hide_a_count() {
        assert_eq!(bar(10, 10).chars().count(), BAR_WIDTH);
        assert_eq!(bar(5, 10), "█".repeat(BAR_WIDTH / 2));
        assert_eq!(bar(1, 1000), "▏");
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(0, 0), "");
    }

    fn row(table: Table, fields: &[&str]) -> String {
        let mut out = Vec::new();
        table
            .write_row(&mut out, fields)
            .expect("writing to a vector");
        String::from_utf8(out).expect("UTF-8")
    }

    // See: issue 13 (`--format csv|tsv` for fact-check spreadsheets).
    #[test]
    fn table_fields_with_commas_quotes_and_line_breaks_stay_one_field() {
        let awkward = "Paris, \"la\" ville\nlumière";
        assert_eq!(
            row(Table::Csv, &["1", awkward, "", "plain"]),
            "1,\"Paris, \"\"la\"\" ville\nlumière\",,plain\r\n"
        );
        assert_eq!(
            row(Table::Tsv, &["1", "a\tb\r\nc", awkward]),
            "1\ta b  c\tParis, \"la\" ville lumière\n"
        );
    }
}
