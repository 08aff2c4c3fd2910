//! The quote extractor's own speed: `cargo run --release --example quotes-speed [ROUNDS]` reads
//! the 451 gold stories of `tests/fixtures/quotes/stories/` once, then runs
//! `depeche::quotes::extract_quotes` over all of them ROUNDS times (default 20) on one thread,
//! and prints the best round's MB/s of story text (paragraph bytes) and the quotes found.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes/stories");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(error) => {
            eprintln!("quotes-speed: {}: {error}", dir.display());
            std::process::exit(2);
        }
    };
    paths.sort();
    let mut stories: Vec<Vec<String>> = Vec::new();
    for path in &paths {
        depeche::corpus::read_file(path, &mut |article| stories.push(article.paragraphs));
    }
    let bytes: usize = stories.iter().flatten().map(String::len).sum();
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        found = 0;
        for story in &stories {
            let paragraphs: Vec<&str> = story.iter().map(String::as_str).collect();
            found += std::hint::black_box(depeche::quotes::extract_quotes(&paragraphs)).len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} stories, {:.2} MB, {found} quotes; best of {rounds} rounds: {:.1} ms, {:.1} MB/s",
        stories.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        bytes as f64 / 1e6 / best
    );
}
