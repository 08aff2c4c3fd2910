//! Writing results: the only module that formats what `search`, `show`, `quotes` and `speakers`
//! print, as text for people (colour on a terminal) or as JSON lines for programs.

use std::io::{self, Write};

use crate::quotes::Quote;
use crate::search::{
    DEFAULT_MIN_CONFIDENCE, Fragment, Hit, QuoteHit, QuoteResults, SpeakerCount, Stats, Story,
    ValueCount, Version,
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
        writeln!(out, "   {}", hit.title)?;
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

/// Writes story hits as JSON lines.
pub fn write_hits_json(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, hit)?;
        writeln!(out)?;
    }
    Ok(())
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
        ("path", Some(story.path.clone())),
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
        let story = header(&[quote.city.as_deref(), Some(quote.doc.as_str())]);
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

/// Writes found quotes as JSON lines.
pub fn write_quote_hits_json(out: &mut dyn Write, quotes: &[QuoteHit]) -> io::Result<()> {
    for quote in quotes {
        serde_json::to_writer(&mut *out, quote)?;
        writeln!(out)?;
    }
    Ok(())
}

/// One line of `quotes extract`.
#[derive(serde::Serialize)]
struct ExtractedQuote<'a> {
    doc: &'a str,
    text: &'a str,
    speaker: Option<&'a str>,
    mention: Option<&'a str>,
    role: Option<&'a str>,
    verb: Option<&'a str>,
    paragraph: usize,
    offset: usize,
    confidence: f32,
}

/// Writes the quotes extracted from one story as JSON lines.
pub fn write_extracted(out: &mut dyn Write, doc: &str, quotes: &[Quote]) -> io::Result<()> {
    for quote in quotes {
        let line = ExtractedQuote {
            doc,
            text: &quote.text,
            speaker: quote.speaker.as_deref(),
            mention: quote.mention.as_deref(),
            role: quote.role.as_deref(),
            verb: quote.verb.as_deref(),
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

/// Writes speakers with their number of quotes.
pub fn write_speakers(
    out: &mut dyn Write,
    speakers: &[SpeakerCount],
    json: bool,
) -> io::Result<()> {
    for speaker in speakers {
        if json {
            serde_json::to_writer(&mut *out, speaker)?;
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
    writeln!(out, "{} stories, {} quotes", status.stories, status.quotes)?;
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
            "  {}: {} stories, {} quotes{missing}",
            root.path, root.stories, root.quotes
        )?;
    }
    if status.stories_outside_roots > 0 {
        writeln!(
            out,
            "  (under no remembered root): {} stories",
            status.stories_outside_roots
        )?;
    }
    match &status.last_run {
        Some(run) => writeln!(
            out,
            "last run: {} UTC: {} files seen, {} added, {} updated, {} removed{}",
            format_time(run.finished),
            run.files_seen,
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
}
