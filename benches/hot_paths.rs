//! Micro-benchmarks of the hot paths, with divan: the French analyzers, the crate's folding, and
//! the quote extractor, over the 51 fixture stories of `tests/fixtures/quotes/stories/` (no
//! `../shared` needed), plus `scaling`: pathological inputs at a size and at eight times that size,
//! whose times should grow eightfold (linear), not sixty-four-fold.
//!
//! ```sh
//! cargo bench --bench hot_paths
//! ```
//!
//! Throughput is in bytes of story text (the paragraphs, as the indexer hands them over). Figures
//! and how they were taken: `tests/bench/README.md`.

use std::path::Path;
use std::sync::LazyLock;

use depeche::analysis::{self, french_analyzer, name_analyzer};
use depeche::quotes::extract_quotes;
use depeche::{corpus, names};
use divan::Bencher;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// The fixture stories, each as its paragraphs.
static STORIES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes/stories");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/fixtures/quotes/stories")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    paths.sort();
    let mut stories = Vec::new();
    for path in paths {
        let report = corpus::read_file(&path, &mut |article| stories.push(article.paragraphs));
        assert!(report.skip.is_none(), "{}", path.display());
    }
    assert!(!stories.is_empty());
    stories
});

/// All the story text in one string, paragraphs apart by blank lines.
static TEXT: LazyLock<String> = LazyLock::new(|| {
    STORIES
        .iter()
        .map(|paragraphs| paragraphs.join("\n\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
});

/// Every word of the stories, cut at each character that is not a letter or a digit.
static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    TEXT.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
});

fn text_bytes() -> BytesCount {
    BytesCount::of_str(TEXT.as_str())
}

/// French text through the running-text analyzer: words, elision, folding, stop words, stemming.
#[divan::bench]
fn french_analyzer_on_stories(bencher: Bencher) {
    let mut analyzer = french_analyzer();
    bencher
        .counter(text_bytes())
        .bench_local(|| analysis::terms(&mut analyzer, divan::black_box(TEXT.as_str())).len());
}

/// The same text through the name analyzer: words and folding only.
#[divan::bench]
fn name_analyzer_on_stories(bencher: Bencher) {
    let mut analyzer = name_analyzer();
    bencher
        .counter(text_bytes())
        .bench_local(|| analysis::terms(&mut analyzer, divan::black_box(TEXT.as_str())).len());
}

/// Every word of the stories folded by `depeche::text::fold_into` into one buffer.
#[divan::bench]
fn fold_words(bencher: Bencher) {
    let bytes: usize = WORDS.iter().map(String::len).sum();
    let mut folded = String::new();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        let mut total = 0;
        for word in WORDS.iter() {
            depeche::text::fold_into(divan::black_box(word), &mut folded);
            total += folded.len();
        }
        total
    });
}

/// The quote extractor over every story, as indexing runs it.
#[divan::bench]
fn extract_quotes_on_stories(bencher: Bencher) {
    let stories: Vec<Vec<&str>> = STORIES
        .iter()
        .map(|paragraphs| paragraphs.iter().map(String::as_str).collect())
        .collect();
    let bytes: usize = STORIES.iter().flatten().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        stories
            .iter()
            .map(|paragraphs| extract_quotes(divan::black_box(paragraphs)).len())
            .sum::<usize>()
    });
}

/// The speakers and mentions of every fixture quote.
static SPEAKERS: LazyLock<Vec<(String, Option<String>)>> = LazyLock::new(|| {
    STORIES
        .iter()
        .flat_map(|paragraphs| {
            let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            extract_quotes(&paragraphs)
        })
        .filter_map(|quote| Some((quote.speaker?, quote.mention)))
        .collect()
});

/// What indexing adds per quote for `speakers` and `--by`: the speaker a quote is indexed under
/// and its canonical key (`names::indexed_speaker`, `names::speaker_key`), per quote.
#[divan::bench]
fn speaker_keys_per_quote(bencher: Bencher) {
    bencher
        .counter(divan::counter::ItemsCount::new(SPEAKERS.len()))
        .bench_local(|| {
            SPEAKERS
                .iter()
                .map(|(speaker, mention)| {
                    let speaker = names::indexed_speaker(speaker, mention.as_deref());
                    names::speaker_key(divan::black_box(speaker)).len()
                })
                .sum::<usize>()
        });
}

/// `--by` tests every distinct speaker of the index against the name asked for: per speaker.
#[divan::bench]
fn name_query_per_speaker(bencher: Bencher) {
    let query = names::NameQuery::new("Le Pen").expect("a name");
    bencher
        .counter(divan::counter::ItemsCount::new(SPEAKERS.len()))
        .bench_local(|| {
            SPEAKERS
                .iter()
                .filter(|(speaker, _)| query.matches(divan::black_box(speaker)))
                .count()
        });
}

/// Pathological inputs at 1 and 8 times a base size (the `size` argument): linear code takes about
/// 8 times longer at 8, quadratic code 64 times. `tests/integration/properties.rs` checks that
/// these inputs are read whole; the growth is read here.
mod scaling {
    use super::*;

    const SIZES: [usize; 2] = [1, 8];

    #[divan::bench(args = SIZES)]
    fn quotes_unclosed_guillemets(bencher: Bencher, size: usize) {
        let text = "« mot ".repeat(10_000 * size);
        bencher
            .counter(BytesCount::of_str(&text))
            .bench_local(|| extract_quotes(&[divan::black_box(text.as_str())]).len());
    }

    #[divan::bench(args = SIZES)]
    fn quotes_marks_and_verbs(bencher: Bencher, size: usize) {
        let text = "\"Oui, non, peut-être\", a-t-il dit. ".repeat(1500 * size);
        bencher
            .counter(BytesCount::of_str(&text))
            .bench_local(|| extract_quotes(&[divan::black_box(text.as_str())]).len());
    }

    #[divan::bench(args = SIZES)]
    fn quotes_long_garbage(bencher: Bencher, size: usize) {
        let unit = "\" M. Ab Cd, a-t-il dit. « Elle » \"\" l'Ef Gh \" , selon X Y. ";
        let text = unit.repeat(2000 * size);
        bencher
            .counter(BytesCount::of_str(&text))
            .bench_local(|| extract_quotes(&[divan::black_box(text.as_str())]).len());
    }

    #[divan::bench(args = SIZES)]
    fn analyzer_combining_marks(bencher: Bencher, size: usize) {
        let text = "a\u{301}\u{308}".repeat(12_000 * size);
        let mut analyzer = french_analyzer();
        bencher
            .counter(BytesCount::of_str(&text))
            .bench_local(|| analysis::terms(&mut analyzer, divan::black_box(&text)).len());
    }

    #[divan::bench(args = SIZES)]
    fn parse_text_blank_lines(bencher: Bencher, size: usize) {
        let text = format!(
            " date 2021-03 PARIS (AFP) - {}",
            "a\n\n".repeat(20_000 * size)
        );
        bencher.counter(BytesCount::of_str(&text)).bench_local(|| {
            let mut warnings = Vec::new();
            corpus::parse_text("doc", divan::black_box(&text), &mut warnings)
                .paragraphs
                .len()
        });
    }

    #[divan::bench(args = SIZES)]
    fn query_quote_marks(bencher: Bencher, size: usize) {
        let text = "\"a\" ".repeat(15_000 * size);
        bencher
            .counter(BytesCount::of_str(&text))
            .bench_local(|| depeche::search::query::parse_query(divan::black_box(&text)).is_ok());
    }
}
