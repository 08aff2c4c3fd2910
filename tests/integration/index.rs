//! `depeche index`: the summary's counts, incremental runs (unchanged, updated, removed) and
//! `--rebuild`.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::util::{Run, Summary, TestEnv, hit_ids, sample_corpus};

/// The files of the sample corpus that hold stories, for `quotes extract`.
fn article_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("reading a folder") {
            let path = entry.expect("a folder entry").path();
            let name = path.to_string_lossy().into_owned();
            if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".txt")
                || name.ends_with(".jsonl")
                || name.ends_with(".jsonl.gz")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// How many stories the index holds, as `search` counts them (every story lacks a nonsense word).
pub fn story_count(env: &TestEnv) -> usize {
    let run = env.run(["search", "--", "-qqxyzzyqq"]);
    run.assert_exit(0);
    let last = run.stdout.lines().last().expect("a count line");
    last.split(' ')
        .next()
        .expect("a number")
        .parse()
        .expect("a count")
}

#[test]
fn first_run_indexes_everything_second_run_nothing_rebuild_everything_again() {
    let env = TestEnv::new();
    let corpus = sample_corpus();

    let first = env.run([Path::new("index"), &corpus]);
    first.assert_exit(0);
    // 38 AFP stories, 1 Reuters, odd/045 (Windows-1252), 8 + 6 JSON lines.
    let summary = first.summary();
    assert_eq!(
        summary,
        Summary {
            files_seen: 44,
            added: 54,
            updated: 0,
            removed: 0,
            unchanged: 0,
            quotes: summary.quotes,
            skipped: vec![("empty".into(), 1), ("not an article file".into(), 1)],
            windows_1252: 1,
            articles_in_index: 54,
        },
        "{}",
        first.stderr
    );
    assert_eq!(
        first.warnings(),
        ["depeche: warning: [REPO]/sample-corpus/odd/empty.txt: skipped: empty"]
    );
    assert!(
        first.err().ends_with("; 54 articles in [TMP]/index\n"),
        "{}",
        first.stderr
    );
    assert!(first.stdout.is_empty());
    // Every quote that `quotes extract` finds in the stories is indexed, and nothing else.
    let mut extract: Vec<OsString> = vec!["quotes".into(), "extract".into()];
    extract.extend(
        article_files(&corpus)
            .into_iter()
            .map(PathBuf::into_os_string),
    );
    let extracted = env.run_bare(extract);
    assert!(summary.quotes > 300, "{}", first.stderr);
    assert_eq!(extracted.stdout.lines().count(), summary.quotes);
    assert_eq!(story_count(&env), 54);

    let second = env.run([Path::new("index"), &corpus]);
    second.assert_exit(0);
    assert_eq!(
        second.summary(),
        Summary {
            files_seen: 44,
            added: 0,
            updated: 0,
            removed: 0,
            unchanged: 54,
            quotes: 0,
            // The empty file holds no article, so the index does not remember it: it is read again.
            skipped: vec![("empty".into(), 1), ("not an article file".into(), 1)],
            // Nothing was read, so nothing was decoded.
            windows_1252: 0,
            articles_in_index: 54,
        },
        "{}",
        second.stderr
    );

    let rebuild = env.run([
        Path::new("index"),
        Path::new("--rebuild"),
        Path::new("--quiet"),
        &corpus,
    ]);
    rebuild.assert_exit(0);
    let rebuilt = rebuild.summary();
    assert_eq!(
        (
            rebuilt.added,
            rebuilt.updated,
            rebuilt.removed,
            rebuilt.unchanged
        ),
        (54, 0, 0, 0)
    );
    assert_eq!(rebuilt.quotes, summary.quotes);
    assert_eq!(rebuilt.articles_in_index, 54);
    assert!(
        rebuild.warnings().is_empty(),
        "--quiet prints no warnings: {}",
        rebuild.stderr
    );
    assert_eq!(story_count(&env), 54);
}

#[test]
fn a_run_with_quotes_adds_the_quotes_a_no_quotes_run_left_out() {
    let env = TestEnv::new();
    let corpus = sample_corpus();
    let counts = |run: &Run| {
        let summary = run.summary();
        (
            summary.added,
            summary.updated,
            summary.unchanged,
            summary.quotes,
        )
    };
    let quoted = |env: &TestEnv| {
        let run = env.run(["speakers", "--limit", "1000", "--min-confidence", "0"]);
        let total = run
            .stdout
            .lines()
            .filter_map(|line| line.split_whitespace().next()?.parse::<usize>().ok())
            .sum::<usize>();
        // Exit status 1 says there is no speaker at all.
        run.assert_exit(if total > 0 { 0 } else { 1 });
        total
    };

    let without = env.run([Path::new("index"), Path::new("--no-quotes"), &corpus]);
    without.assert_exit(0);
    assert_eq!(counts(&without), (54, 0, 0, 0));
    assert_eq!(quoted(&env), 0);

    // The files are unchanged, but their quotes were never extracted: that is the new work.
    let with = env.run([Path::new("index"), &corpus]);
    with.assert_exit(0);
    let (added, updated, unchanged, quotes) = counts(&with);
    assert_eq!((added, updated, unchanged), (0, 54, 0), "{}", with.stderr);
    assert!(quotes > 300, "{}", with.stderr);
    // Quotes with a speaker: all but the few the stories leave unattributed.
    let attributed = quoted(&env);
    assert!(attributed > quotes * 9 / 10 && attributed <= quotes);

    // The run with quotes leaves the index a clean build would: every story, every quote. (Each
    // story's delete and adds were once handed to the writer from several threads at a time,
    // and a delete could then remove the story's new documents too; see `Handover::flush`.)
    let clean = TestEnv::new();
    let clean_build = clean.run([Path::new("index"), &corpus]);
    clean_build.assert_exit(0);
    assert_eq!(story_count(&env), 54, "{}", with.stderr);
    assert_eq!(with.summary().quotes, clean_build.summary().quotes);
    assert_eq!(quoted(&env), quoted(&clean));

    // Both kinds of run now find nothing to do, and the quotes stay.
    for args in [vec!["index"], vec!["index", "--no-quotes"]] {
        let mut args: Vec<&Path> = args.iter().map(Path::new).collect();
        args.push(&corpus);
        let again = env.run(args);
        again.assert_exit(0);
        assert_eq!(counts(&again), (0, 0, 54, 0), "{}", again.stderr);
        assert_eq!(quoted(&env), attributed);
    }
    assert_eq!(story_count(&env), 54);
}

#[test]
fn changed_touched_and_deleted_files_are_updated_and_removed() {
    let env = TestEnv::new();
    let corpus = env.copy_sample_corpus("corpus");
    // A relative path (the runs start in the temporary folder) and the absolute path later are the
    // same files to the index. One thread keeps the index to one segment per run.
    let first = env.run(["index", "--threads", "1", "corpus"]);
    first.assert_exit(0);
    assert_eq!(first.summary().added, 54);

    // Rewrite one story with different content.
    let story = corpus.join("afp/000_0003161f4a409bb7.txt");
    let text = fs::read_to_string(&story).expect("reading the story");
    assert!(text.contains("Marseille"));
    fs::write(
        &story,
        format!("{text}\nLe xylophoniste de Marseille a été évacué.\n"),
    )
    .expect("rewriting");
    let changed = env.run([
        Path::new("index"),
        Path::new("--threads"),
        Path::new("1"),
        &corpus,
    ]);
    changed.assert_exit(0);
    let summary = changed.summary();
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (0, 1, 0, 53),
        "{}",
        changed.stderr
    );
    assert_eq!(
        hit_ids(&env.run(["search", "xylophoniste"]).assert_exit(0).stdout),
        ["000_0003161f4a409bb7"]
    );
    // The old version is gone: one hit per story still.
    assert_eq!(
        hit_ids(&env.run(["search", "Marseille"]).assert_exit(0).stdout),
        ["000_0003161f4a409bb7", "258_073c292db0e4f12c"]
    );
    assert_eq!(story_count(&env), 54);
    // The summary counts live stories, not the deleted versions of updated ones.
    assert_eq!(summary.articles_in_index, 54);

    // Touch another story: same content, new modification time.
    let touched = corpus.join("afp/001_0009d89c7b366868.txt");
    fs::File::options()
        .write(true)
        .open(&touched)
        .expect("opening")
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .expect("setting the modification time");
    let after_touch = env.run(["index", "corpus"]);
    after_touch.assert_exit(0);
    let summary = after_touch.summary();
    // The file is read again (its stamp changed), but its story is the same: nothing changed.
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (0, 0, 0, 54)
    );
    assert_eq!(story_count(&env), 54);

    // Delete one story.
    fs::remove_file(corpus.join("afp/105_02f101f3abdf7ae5.txt")).expect("deleting");
    let after_delete = env.run(["index", "corpus"]);
    after_delete.assert_exit(0);
    let summary = after_delete.summary();
    assert_eq!(
        (
            summary.files_seen,
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (43, 0, 0, 1, 53)
    );
    assert_eq!(
        hit_ids(&env.run(["search", "Ukraine"]).assert_exit(0).stdout),
        ["000_e6aacbb205c0461c"]
    );
    assert_eq!(story_count(&env), 53);

    // Delete a JSON-lines file: its 8 stories go.
    fs::remove_file(corpus.join("jsonl/orangesum-sample.jsonl")).expect("deleting");
    let after_jsonl = env.run(["index", "corpus"]);
    after_jsonl.assert_exit(0);
    let summary = after_jsonl.summary();
    assert_eq!(
        (summary.added, summary.removed, summary.unchanged),
        (0, 8, 45)
    );
    assert_eq!(story_count(&env), 45);

    // Indexing a sub-folder alone removes nothing outside it.
    let part = env.run(["index", "corpus/afp"]);
    part.assert_exit(0);
    let summary = part.summary();
    assert_eq!(
        (
            summary.files_seen,
            summary.added,
            summary.removed,
            summary.unchanged
        ),
        (37, 0, 0, 37)
    );
    assert_eq!(story_count(&env), 45);

    // --rebuild reads every file again and counts right.
    let rebuild = env.run(["index", "--rebuild", "corpus"]);
    rebuild.assert_exit(0);
    let summary = rebuild.summary();
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (45, 0, 0, 0)
    );
    assert_eq!(summary.articles_in_index, 45);
    assert_eq!(story_count(&env), 45);
}

#[test]
fn indexing_a_missing_path_fails_and_names_it() {
    let env = TestEnv::new();
    let run = env.run(["index", "no-such-folder"]);
    run.assert_exit(2);
    // Said once, plainly: not the operating system's "No such file or directory".
    assert_eq!(
        run.err(),
        "depeche: indexing into [TMP]/index: no-such-folder does not exist\n"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_folder_that_is_not_an_index_is_left_alone() {
    let env = TestEnv::new();
    let folder = env.dir().join("my-notes");
    fs::create_dir(&folder).expect("creating a folder");
    fs::write(folder.join("notes.txt"), "mes notes\n").expect("writing");
    let story = sample_corpus().join("reuters");
    let run = env.run_bare([Path::new("--index"), &folder, Path::new("index"), &story]);
    run.assert_exit(2);
    assert!(
        run.err().contains("[TMP]/my-notes is not a depeche index"),
        "{}",
        run.stderr
    );
    let entries: Vec<_> = fs::read_dir(&folder)
        .expect("reading")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(
        entries,
        ["notes.txt"],
        "depeche wrote into a folder that is not its index"
    );
}
