//! Input that depeche must skip, repair or report without stopping: the committed fixtures in
//! `tests/fixtures/bad-input/`, and cases made at run time (symlink loops, an unreadable file, huge
//! files, a file name that is not UTF-8).

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::util::{Run, TestEnv, fixture, hit_ids, sample_corpus};

/// Fails unless a warning line equals `line`, or starts with it when `line` ends with `…`.
#[track_caller]
fn assert_warned(run: &Run, line: &str) {
    let warnings = run.warnings();
    let found = match line.strip_suffix('…') {
        Some(prefix) => warnings.iter().any(|warning| warning.starts_with(prefix)),
        None => warnings.iter().any(|warning| warning == line),
    };
    assert!(found, "no warning {line:?} in:\n{}", warnings.join("\n"));
}

#[test]
fn bad_input_fixtures_are_reported_and_the_run_completes() {
    let env = TestEnv::new();
    let run = env.run([Path::new("index"), &fixture("bad-input")]);
    // Some input could not be indexed (the binary file, three JSON lines): exit 3, not 0.
    run.assert_exit(3);
    let at = "depeche: warning: [REPO]/tests/fixtures/bad-input";
    assert_warned(&run, &format!("{at}/empty.txt: skipped: empty"));
    assert_warned(&run, &format!("{at}/blank.txt: skipped: empty"));
    assert_warned(&run, &format!("{at}/binary.txt: skipped: binary"));
    // The last line is cut and has no final newline.
    assert_warned(
        &run,
        &format!("{at}/truncated.jsonl:3: not a JSON article (…"),
    );
    assert_warned(
        &run,
        &format!("{at}/garbage-line.jsonl:2: not a JSON article (…"),
    );
    assert_warned(
        &run,
        &format!("{at}/garbage-line.jsonl:3: not a JSON article (…"),
    );
    assert_warned(
        &run,
        &format!(
            "{at}/bad-date.txt:1: cannot read the date \"2020-13\" in the header: story kept undated"
        ),
    );
    // A story without its date header may not be a story at all.
    assert_warned(
        &run,
        &format!(
            "{at}/no-date.txt:1: no ` date ` header: this does not look like a wire story (indexed undated)"
        ),
    );
    // Nothing else: not notes.md, README.md, the Windows-1252 or nested stories.
    assert_eq!(run.warnings().len(), 8, "{}", run.stderr);

    let summary = run.summary();
    assert_eq!(summary.files_seen, 11);
    // latin1, no-date, bad-date, nested/deeper/story, and two good lines in each JSON-lines file.
    assert_eq!((summary.added, summary.articles_in_index), (8, 8));
    assert_eq!(
        summary.skipped,
        [
            ("binary".to_owned(), 1),
            ("empty".to_owned(), 2),
            ("not an article file".to_owned(), 2)
        ]
    );
    assert_eq!(summary.windows_1252, 1);

    // The Windows-1252 story is decoded: found by its accented words, typed either way.
    for query in ["œuvraient", "oeuvraient", "Résignés", "resignes"] {
        assert_eq!(
            hit_ids(&env.run(["search", query]).assert_exit(0).stdout),
            ["latin1"],
            "{query}"
        );
    }
    let latin1 = env.run(["show", "latin1"]);
    assert!(
        latin1
            .assert_exit(0)
            .stdout
            .contains("Résignés mais toujours en colère")
    );
    assert!(!latin1.stdout.contains('\u{FFFD}'));

    // notes.md is not an article: its marker word is nowhere.
    let notes = env.run(["search", "zorglubifiant"]);
    notes.assert_exit(1);
    assert_eq!(notes.stdout, "0 stories match; 0 shown\n");
    env.run(["quotes", "guillemets"]).assert_exit(1);

    // The good lines of the broken JSON-lines files, and the stories without a usable date.
    let mut ids = hit_ids(
        &env.run(["search", "-n", "20", "--", "-qqxyzzyqq"])
            .assert_exit(0)
            .stdout,
    );
    ids.sort();
    assert_eq!(
        ids,
        [
            "0", "1343", "152", "36", "bad-date", "latin1", "no-date", "story"
        ]
    );
    for undated in ["bad-date", "no-date"] {
        let show = env.run(["show", undated]);
        assert!(
            !show.assert_exit(0).stdout.contains("    date:"),
            "{}",
            show.stdout
        );
    }
    // Undated stories are left out by any date filter.
    let dated = hit_ids(
        &env.run(["search", "-n", "20", "--since", "1990", "--", "-qqxyzzyqq"])
            .stdout,
    );
    assert!(
        !dated.iter().any(|id| id == "bad-date" || id == "no-date"),
        "{dated:?}"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_reported_and_not_followed() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    let corpus = env.dir().join("corpus");
    fs::create_dir_all(corpus.join("sub")).expect("creating folders");
    fs::copy(
        sample_corpus().join("afp/000_0003161f4a409bb7.txt"),
        corpus.join("sub/story.txt"),
    )
    .expect("copying");
    symlink("..", corpus.join("sub/loop")).expect("a link to its parent");
    symlink("self.txt", corpus.join("self.txt")).expect("a link to itself");
    let run = env.run(["index", "corpus"]);
    run.assert_exit(0);
    assert_warned(
        &run,
        "depeche: warning: [TMP]/corpus/sub/loop: symbolic link loop, not followed",
    );
    assert_warned(&run, "depeche: warning: [TMP]/corpus/self.txt: …");
    let summary = run.summary();
    assert_eq!((summary.files_seen, summary.added), (1, 1));
    assert_eq!(
        hit_ids(&env.run(["search", "Marseille"]).assert_exit(0).stdout),
        ["story"]
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let corpus = env.dir().join("corpus");
    fs::create_dir(&corpus).expect("creating a folder");
    fs::copy(
        sample_corpus().join("afp/000_0003161f4a409bb7.txt"),
        corpus.join("ok.txt"),
    )
    .expect("copying");
    let locked = corpus.join("locked.txt");
    fs::copy(
        sample_corpus().join("afp/001_0009d89c7b366868.txt"),
        &locked,
    )
    .expect("copying");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let run = env.run(["index", "corpus"]);
    run.assert_exit(0);
    let summary = run.summary();
    if fs::read(&locked).is_ok() {
        // Root (as in CI) reads a file whatever its mode: nothing to skip, it is indexed.
        eprintln!(
            "chmod 000 does not stop this user from reading: unreadable-file assertions skipped"
        );
        assert_eq!(summary.added, 2);
        return;
    }
    assert_warned(&run, "depeche: warning: [TMP]/corpus/locked.txt: …");
    assert!(
        run.warnings()
            .iter()
            .any(|warning| warning.contains("ermission denied")),
        "{}",
        run.stderr
    );
    assert_eq!(summary.added, 1);
    assert_eq!(summary.skipped("unreadable"), 1);
}

#[test]
fn huge_files_are_refused_without_being_loaded() {
    let env = TestEnv::new();
    let corpus = env.dir().join("big");
    fs::create_dir(&corpus).expect("creating a folder");
    // 200 MB on one line: not a story.
    let mut huge =
        std::io::BufWriter::new(fs::File::create(corpus.join("huge.txt")).expect("creating"));
    let chunk = "mot ".repeat(256 * 1024);
    for _ in 0..200 {
        huge.write_all(chunk.as_bytes()).expect("writing");
    }
    huge.into_inner().expect("flushing").sync_all().ok();
    // A 20 MB JSON line, then a good one that must still be read.
    let mut long =
        std::io::BufWriter::new(fs::File::create(corpus.join("long.jsonl")).expect("creating"));
    long.write_all(br#"{"id": "long", "body": ""#)
        .expect("writing");
    let x = vec![b'x'; 1024 * 1024];
    for _ in 0..20 {
        long.write_all(&x).expect("writing");
    }
    long.write_all(b"\"}\n").expect("writing");
    long.write_all(r#"{"id": "after", "title": "Après", "body": "Le hippopotame qui suit la ligne trop longue."}"#.as_bytes())
        .expect("writing");
    long.write_all(b"\n").expect("writing");
    drop(long);

    let args = ["index", "--threads", "1", "--memory", "15", "big"];
    // With 150 MB of data segment, reading the 200 MB file whole would fail to allocate.
    let run = if cfg!(target_os = "linux") {
        env.run_with_data_limit(150 * 1024, args)
    } else {
        env.run(args)
    };
    run.assert_exit(3);
    assert_warned(
        &run,
        "depeche: warning: [TMP]/big/huge.txt: larger than 8 MB: not a single story",
    );
    assert_warned(
        &run,
        "depeche: warning: [TMP]/big/long.jsonl:1: line longer than 16 MB skipped",
    );
    assert_eq!(run.warnings().len(), 2, "{}", run.stderr);
    let summary = run.summary();
    assert_eq!((summary.files_seen, summary.added), (2, 1));
    assert_eq!(summary.skipped("too large"), 1);
    assert_eq!(
        hit_ids(&env.run(["search", "hippopotame"]).assert_exit(0).stdout),
        ["after"]
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_indexed_and_kept_apart() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let corpus = env.dir().join("corpus");
    fs::create_dir(&corpus).expect("creating a folder");
    // Two names that differ only in a byte that is not UTF-8: a lossy conversion makes them one.
    let e_acute = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let e_grave = std::ffi::OsStr::from_bytes(b"caf\xe8.txt");
    fs::copy(
        sample_corpus().join("afp/105_02f101f3abdf7ae5.txt"),
        corpus.join(e_acute),
    )
    .expect("copying");
    fs::copy(
        sample_corpus().join("afp/216_05d38974a8230cfc.txt"),
        corpus.join(e_grave),
    )
    .expect("copying");
    let run = env.run(["index", "corpus"]);
    run.assert_exit(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    assert_eq!(run.summary().added, 2);
    // The id is the name with the bad byte written `\xNN`, as in the path: two ids.
    let ukraine = env
        .run(["search", "Ukraine", "--json"])
        .assert_exit(0)
        .json_lines();
    let navalny = env
        .run(["search", "Navalny", "--json"])
        .assert_exit(0)
        .json_lines();
    assert_eq!((ukraine.len(), navalny.len()), (1, 1));
    assert_eq!(ukraine[0]["id"], "caf\\xE9");
    assert_eq!(navalny[0]["id"], "caf\\xE8");
    for hit in [&ukraine[0], &navalny[0]] {
        let path = hit["path"].as_str().expect("a path");
        assert!(
            path.contains("/corpus/caf") && path.ends_with(".txt"),
            "{path}"
        );
    }
    assert_ne!(ukraine[0]["path"], navalny[0]["path"]);
    let shown = env
        .run(["show", "caf\\xE9", "--json"])
        .assert_exit(0)
        .json_lines();
    assert_eq!(shown.len(), 1);
    // A second run knows both files and changes nothing.
    let again = env.run(["index", "corpus"]);
    let summary = again.assert_exit(0).summary();
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (0, 0, 0, 2)
    );
    assert_eq!(crate::index::story_count(&env), 2);
}
