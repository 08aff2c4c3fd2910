//! The index is exactly the archive (issue 12): nothing doubled, nothing lost, nothing stale, and
//! no input that crashes a command.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::index::story_count;
use crate::util::{TestEnv, hit_ids, sample_corpus};

/// A limit far beyond the number of stories allocates nothing for the hits that cannot exist.
#[test]
fn a_huge_limit_does_not_abort() {
    let env = TestEnv::with_sample_index();
    let huge = "4294967295";
    let run = env.run(["search", "Lavrov", "--limit", huge]);
    run.assert_exit(0);
    assert!(
        run.stdout.ends_with("1 story matches; 1 shown\n"),
        "{}",
        run.stdout
    );
    let run = env.run(["search", "Lavrov", "--sort", "date", "--limit", huge]);
    run.assert_exit(0);
    env.run(["quotes", "--by", "Macron", "-n", huge])
        .assert_exit(0);
    env.run(["speakers", "-n", huge]).assert_exit(0);
    let max = u64::MAX.to_string();
    env.run(["search", "Lavrov", "--limit", &max])
        .assert_exit(0);
}

/// `count` JSON lines of made-up stories, each with its own id and word (`motunique7`), and a
/// paragraph of the sample corpus to give them some weight; `with_ids` false leaves out `id`.
fn feed_lines(count: usize, with_ids: bool) -> Vec<String> {
    let paragraph = "Le ministre de la Santé a reconnu que le dispositif « ne fonctionne plus » dans plusieurs départements, selon un communiqué publié mardi soir.";
    (0..count)
        .map(|number| {
            let mut record = serde_json::json!({
                "date": "2021-03-04",
                "title": format!("Titre numéro {number}"),
                "lede": format!("Le mot motunique{number} ouvre cette dépêche."),
                "paragraphs": [paragraph, format!("Paragraphe {number} : {}", "texte ".repeat(number % 7 + 20))],
            });
            if with_ids {
                record["id"] = format!("s{number}").into();
            }
            record.to_string()
        })
        .collect()
}

/// Writes `count` stories with a real story's paragraphs (18 quotes) as JSON lines, so that
/// reading them takes seconds.
fn write_heavy_feed(path: &Path, count: usize) {
    let story = fs::read_to_string(sample_corpus().join("afp/006_002c3b0d7d4f74b4.txt"))
        .expect("reading a story");
    let paragraphs: Vec<&str> = story.split("\n\n").skip(1).collect();
    let lines: Vec<String> = feed_lines(count, true)
        .into_iter()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(&line).expect("JSON");
            record["paragraphs"] = paragraphs.clone().into();
            record.to_string()
        })
        .collect();
    fs::write(path, lines.join("\n") + "\n").expect("writing");
}

fn write_gz(path: &Path, lines: &[String]) {
    use std::io::Write;
    let file = fs::File::create(path).expect("creating a .gz");
    let mut encoder = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    for line in lines {
        encoder.write_all(line.as_bytes()).expect("writing");
        encoder.write_all(b"\n").expect("writing");
    }
    encoder.finish().expect("finishing the .gz");
}

#[test]
fn a_cut_off_gz_keeps_its_stories_and_is_warned_about_on_every_run_until_whole() {
    let env = TestEnv::new();
    let folder = env.dir().join("gz");
    fs::create_dir(&folder).expect("a folder");
    let feed = folder.join("feed.jsonl.gz");
    write_gz(&feed, &feed_lines(90, true));
    let whole = fs::read(&feed).expect("reading");
    let first = env.run(["index", "gz"]);
    assert_eq!(first.assert_exit(0).summary().added, 90);

    fs::write(&feed, &whole[..whole.len() / 2]).expect("cutting the file");
    let cut = env.run(["index", "gz"]);
    cut.assert_exit(3);
    let warnings = cut.warnings();
    assert_eq!(warnings.len(), 1, "{}", cut.stderr);
    assert!(
        warnings[0].contains("feed.jsonl.gz:") && warnings[0].contains("read error"),
        "{}",
        cut.stderr
    );
    let summary = cut.summary();
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (0, 0, 0, 90),
        "{}",
        cut.stderr
    );
    assert!(
        cut.err()
            .contains("depeche: not indexed: 1 file cut off; 1 file damaged")
    );
    assert_eq!(story_count(&env), 90);
    // The last story is past the cut, and still found.
    env.run(["search", "motunique89"]).assert_exit(0);

    // Not silent on the next run, even with -q: the summary says it and the exit status too.
    let again = env.run(["index", "gz"]);
    again.assert_exit(3);
    assert_eq!(again.warnings(), warnings);
    let quiet = env.run(["index", "gz", "-q"]);
    quiet.assert_exit(3);
    assert!(quiet.warnings().is_empty(), "{}", quiet.stderr);
    assert!(quiet.err().contains("1 file cut off"), "{}", quiet.stderr);
    assert_eq!(story_count(&env), 90);

    // Whole again: nothing changed, and nothing more to say.
    fs::write(&feed, &whole).expect("restoring the file");
    let mended = env.run(["index", "gz"]);
    mended.assert_exit(0);
    assert!(mended.warnings().is_empty(), "{}", mended.stderr);
    assert_eq!(mended.summary().unchanged, 90);
    let quiet = env.run(["index", "gz"]);
    quiet.assert_exit(0);
    assert!(!quiet.err().contains("not indexed"), "{}", quiet.stderr);
}

#[test]
fn the_summary_counts_only_the_stories_that_changed() {
    let env = TestEnv::new();
    let folder = env.dir().join("feeds");
    fs::create_dir(&folder).expect("a folder");
    let feed = folder.join("feed.jsonl");
    let mut lines = feed_lines(40, true);
    fs::write(&feed, lines.join("\n") + "\n").expect("writing");
    assert_eq!(
        env.run(["index", "feeds"]).assert_exit(0).summary().added,
        40
    );

    // Touched, not changed.
    fs::File::options()
        .write(true)
        .open(&feed)
        .expect("opening")
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .expect("touching");
    let touched = env.run(["index", "feeds"]).assert_exit(0).summary();
    assert_eq!((touched.updated, touched.unchanged), (0, 40));

    // One line edited, two deleted, one added.
    lines[5] = lines[5].replace("Titre numéro 5", "Titre numéro cinq");
    lines.remove(30);
    lines.remove(20);
    lines.push(feed_lines(41, true).pop().expect("a line"));
    fs::write(&feed, lines.join("\n") + "\n").expect("writing");
    let edited = env.run(["index", "feeds"]).assert_exit(0).summary();
    assert_eq!(
        (
            edited.added,
            edited.updated,
            edited.removed,
            edited.unchanged
        ),
        (1, 1, 2, 37)
    );
    assert_eq!(story_count(&env), 39);
    assert_eq!(
        hit_ids(&env.run(["search", "title:cinq"]).assert_exit(0).stdout),
        ["s5"]
    );
}

#[test]
fn json_lines_without_an_id_keep_their_ids_when_lines_above_them_go() {
    let env = TestEnv::new();
    let folder = env.dir().join("feeds");
    fs::create_dir(&folder).expect("a folder");
    let feed = folder.join("noid.jsonl");
    let mut lines = feed_lines(30, false);
    // One with a URL: the URL names it.
    let mut with_url: serde_json::Value = serde_json::from_str(&lines[29]).expect("JSON");
    with_url["url"] = "https://example.org/une-depeche.html".into();
    lines[29] = with_url.to_string();
    fs::write(&feed, lines.join("\n") + "\n").expect("writing");
    env.run(["index", "feeds"]).assert_exit(0);
    let id_of = |word: &str| {
        let hits = env
            .run(["search", word, "--json"])
            .assert_exit(0)
            .json_lines();
        assert_eq!(hits.len(), 1);
        hits[0]["id"].as_str().expect("an id").to_owned()
    };
    let before = id_of("motunique25");
    assert!(before.starts_with("noid:"), "{before}");
    assert_eq!(id_of("motunique29"), "https://example.org/une-depeche.html");

    lines.drain(10..20);
    fs::write(&feed, lines.join("\n") + "\n").expect("writing");
    let summary = env.run(["index", "feeds"]).assert_exit(0).summary();
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged
        ),
        (0, 0, 10, 20)
    );
    assert_eq!(id_of("motunique25"), before);
    let shown = env.run(["show", &before]);
    shown.assert_exit(0);
    assert!(shown.stdout.contains("motunique25"), "{}", shown.stdout);
}

#[test]
fn a_folder_named_twice_or_with_its_parent_is_indexed_once() {
    let env = TestEnv::new();
    env.copy_sample_corpus("dev");
    let run = env.run(["index", "dev", "dev/", "dev/afp", "./dev/afp/.."]);
    run.assert_exit(0);
    let summary = run.summary();
    assert_eq!((summary.files_seen, summary.added), (44, 54));
    let hits = env.run(["search", "id:001_0009d89c7b366868"]);
    hits.assert_exit(0);
    assert_eq!(hit_ids(&hits.stdout), ["001_0009d89c7b366868"]);
}

#[test]
fn a_duplicate_id_goes_to_the_copy_walked_first_a_folder_before_one_whose_name_extends_it() {
    let env = TestEnv::new();
    let story = "007_0040160a5adde223.txt";
    let original = sample_corpus().join("afp").join(story);
    // Byte by byte, `2020-old/` sorts before `2020/` ('-' < '/'); the walk, folder by folder,
    // meets `2020` first, and so does the rule.
    for folder in ["2020-old", "2020"] {
        let dir = env.dir().join("archive").join(folder);
        fs::create_dir_all(&dir).expect("a folder");
        fs::copy(&original, dir.join(story)).expect("copying");
    }
    for _ in 0..2 {
        let run = env.run(["index", "archive"]);
        run.assert_exit(3);
        assert_eq!(
            run.warnings(),
            [format!(
                "depeche: warning: [TMP]/archive/2020-old/{story}: duplicate id \"007_0040160a5adde223\": the story in [TMP]/archive/2020/{story} keeps it, this copy is skipped"
            )]
        );
        assert!(
            only_story_path(&env, "007_0040160a5adde223")
                .ends_with("archive/2020/007_0040160a5adde223.txt")
        );
    }
}

/// The path of the one story `show ID` prints; fails unless there is exactly one.
fn only_story_path(env: &TestEnv, id: &str) -> String {
    let shown = env.run(["show", id, "--json"]).assert_exit(0).json_lines();
    assert_eq!(shown.len(), 1, "{shown:?}");
    shown[0]["path"].as_str().expect("a path").to_owned()
}

#[test]
fn a_duplicate_id_is_one_story_the_first_copy_in_path_order() {
    let env = TestEnv::new();
    let corpus = env.copy_sample_corpus("dev");
    let quotes_by_veran = |env: &TestEnv| {
        // Every quote, whatever its confidence: the count is what is checked.
        let run = env.run([
            "quotes",
            "--by",
            "Véran",
            "-n",
            "1",
            "--min-confidence",
            "0",
        ]);
        run.assert_exit(0);
        run.stdout.lines().last().expect("a total").to_owned()
    };
    env.run(["index", "dev"]).assert_exit(0);
    assert_eq!(quotes_by_veran(&env), "13 quotes match; 1 shown");

    // A copy later in path order is skipped, and said so on every run.
    let story = "007_0040160a5adde223.txt";
    fs::create_dir(corpus.join("zcopy")).expect("a folder");
    fs::copy(
        corpus.join("afp").join(story),
        corpus.join("zcopy").join(story),
    )
    .expect("copying");
    for _ in 0..2 {
        let run = env.run(["index", "dev"]);
        run.assert_exit(3);
        assert_eq!(
            run.warnings()[1..],
            [format!(
                "depeche: warning: [TMP]/dev/zcopy/{story}: duplicate id \"007_0040160a5adde223\": the story in [TMP]/dev/afp/{story} keeps it, this copy is skipped"
            )]
        );
        assert!(
            run.err().contains("1 story skipped as a duplicate id"),
            "{}",
            run.stderr
        );
    }
    assert!(
        only_story_path(&env, "007_0040160a5adde223").ends_with("afp/007_0040160a5adde223.txt")
    );
    assert_eq!(quotes_by_veran(&env), "13 quotes match; 1 shown");

    // A copy earlier in path order takes the id over, whatever the order files are read in.
    fs::create_dir(corpus.join("aaa")).expect("a folder");
    fs::write(
        corpus.join("aaa").join(story),
        fs::read_to_string(corpus.join("afp").join(story))
            .expect("reading")
            .replace("Olivier Véran", "Olivier Veran-Copie"),
    )
    .expect("writing");
    let run = env.run(["index", "dev"]);
    run.assert_exit(3);
    assert!(
        run.err().contains("2 stories skipped as duplicate ids"),
        "{}",
        run.stderr
    );
    assert!(
        only_story_path(&env, "007_0040160a5adde223").ends_with("aaa/007_0040160a5adde223.txt")
    );
    env.run(["quotes", "--by", "Veran-Copie"]).assert_exit(0);

    // JSON lines with the same id in two files: one story.
    let jsonl = corpus.join("jsonl/orangesum-sample.jsonl");
    let first_line = fs::read_to_string(&jsonl)
        .expect("reading")
        .lines()
        .nth(1)
        .expect("a line")
        .to_owned();
    fs::write(corpus.join("jsonl/more.jsonl"), first_line + "\n").expect("writing");
    env.run(["index", "dev"]).assert_exit(3);
    assert_eq!(
        env.run(["show", "5", "--json"])
            .assert_exit(0)
            .json_lines()
            .len(),
        1
    );
}

#[test]
fn index_without_a_path_walks_again_the_roots_the_index_remembers() {
    let env = TestEnv::new();
    let archive = env.dir().join("archive");
    let add = |folder: &str, story: &str| {
        fs::create_dir_all(archive.join(folder)).expect("a folder");
        let name = format!("{story}.txt");
        fs::copy(
            sample_corpus().join("afp").join(&name),
            archive.join(folder).join(&name),
        )
        .expect("copying");
    };
    // No folder named, none remembered: a plain error, and no index is made.
    let run = env.run(["index"]);
    run.assert_exit(2);
    assert!(run.err().contains("no folder to index"), "{}", run.stderr);
    assert!(!env.index_dir().exists());

    add("a", "000_0003161f4a409bb7");
    add("b", "005_0020aa71232aa05c");
    add("other", "007_0040160a5adde223");
    env.run(["index", "archive/a", "archive/b"]).assert_exit(0);

    // A story added to a, one deleted from b: the run without a path sees both, and leaves alone
    // the folder that was never indexed.
    add("a", "001_0009d89c7b366868");
    fs::remove_file(archive.join("b/005_0020aa71232aa05c.txt")).expect("removing");
    add("b", "006_002c3b0d7d4f74b4");
    let run = env.run(["index"]);
    run.assert_exit(0);
    let summary = run.summary();
    assert_eq!(
        (
            summary.files_seen,
            summary.added,
            summary.removed,
            summary.unchanged
        ),
        (3, 2, 1, 1),
        "{}",
        run.stderr
    );
    assert_eq!(story_count(&env), 3);

    // A remembered folder that is gone is warned about, and keeps its stories; the others are walked.
    fs::rename(archive.join("b"), env.dir().join("away")).expect("moving b away");
    add("a", "008_00459b948e252059");
    let run = env.run(["index"]);
    run.assert_exit(0);
    assert_eq!(
        run.warnings(),
        [
            "depeche: warning: [TMP]/archive/b: this indexed folder no longer exists; the index keeps its stories until `depeche forget [TMP]/archive/b`"
        ]
    );
    assert_eq!((run.summary().files_seen, run.summary().added), (3, 1));
    assert_eq!(story_count(&env), 4);
}

#[test]
fn the_index_remembers_its_roots_and_forgets_one_on_demand() {
    let env = TestEnv::new();
    let archive = env.dir().join("archive");
    for (folder, stories) in [
        ("a", ["000_0003161f4a409bb7", "001_0009d89c7b366868"]),
        ("b", ["005_0020aa71232aa05c", "006_002c3b0d7d4f74b4"]),
        ("c", ["007_0040160a5adde223", "008_00459b948e252059"]),
    ] {
        fs::create_dir_all(archive.join(folder)).expect("a folder");
        for story in stories {
            let name = format!("{story}.txt");
            fs::copy(
                sample_corpus().join("afp").join(&name),
                archive.join(folder).join(&name),
            )
            .expect("copying");
        }
    }
    env.run(["index", "archive/a", "archive/b", "archive/c"])
        .assert_exit(0);
    fs::rename(archive.join("c"), env.dir().join("away")).expect("moving c away");

    // A root that is gone: a plain message that says what to do.
    let run = env.run(["index", "archive/c"]);
    run.assert_exit(2);
    assert_eq!(
        run.err(),
        "depeche: indexing into [TMP]/index: archive/c does not exist: the index still holds the stories indexed from it; to drop them, run `depeche forget archive/c`\n"
    );
    // Indexing the others warns that it is gone.
    let run = env.run(["index", "archive/a", "archive/b"]);
    run.assert_exit(0);
    assert_eq!(
        run.warnings(),
        [
            "depeche: warning: [TMP]/archive/c: this indexed folder no longer exists; the index keeps its stories until `depeche forget [TMP]/archive/c`"
        ]
    );

    let status = env.run(["status", "--json"]);
    status.assert_exit(0);
    let status = &status.json_lines()[0];
    let roots: Vec<(String, bool, u64)> = status["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .map(|root| {
            let path = root["path"].as_str().expect("a path");
            (
                path.rsplit('/').next().expect("a name").to_owned(),
                root["exists"].as_bool().expect("exists"),
                root["stories"].as_u64().expect("stories"),
            )
        })
        .collect();
    assert_eq!(
        roots,
        [
            ("a".into(), true, 2),
            ("b".into(), true, 2),
            ("c".into(), false, 2)
        ]
    );
    assert_eq!(status["stories"], 6);
    assert!(status["quotes"].as_u64().expect("quotes") > 0);
    assert_eq!(status["last_run"]["files_seen"], 4);
    let text = env.run(["status"]);
    text.assert_exit(0);
    assert!(
        text.out().contains("  [TMP]/archive/c: 2 stories, "),
        "{}",
        text.stdout
    );

    let forget = env.run(["forget", "archive/c"]);
    forget.assert_exit(0);
    assert!(
        forget
            .err()
            .starts_with("depeche: forgot archive/c: 2 stories and "),
        "{}",
        forget.stderr
    );
    assert_eq!(story_count(&env), 4);
    env.run(["search", "Véran"]).assert_exit(1);
    let status = env.run(["status", "--json"]).json_lines();
    assert_eq!(status[0]["roots"].as_array().expect("roots").len(), 2);
    env.run(["forget", "archive/c"]).assert_exit(1);
}

#[cfg(unix)]
#[test]
fn a_story_whose_file_or_link_target_is_gone_leaves_the_index() {
    let env = TestEnv::new();
    let corpus = env.dir().join("corpus");
    let elsewhere = env.dir().join("elsewhere");
    fs::create_dir_all(&corpus).expect("a folder");
    fs::create_dir_all(&elsewhere).expect("a folder");
    let target = elsewhere.join("007_0040160a5adde223.txt");
    fs::copy(
        sample_corpus().join("afp/007_0040160a5adde223.txt"),
        &target,
    )
    .expect("copying");
    fs::copy(
        sample_corpus().join("afp/000_0003161f4a409bb7.txt"),
        corpus.join("000_0003161f4a409bb7.txt"),
    )
    .expect("copying");
    std::os::unix::fs::symlink(&target, corpus.join("linked.txt")).expect("a link");
    env.run(["index", "corpus"]).assert_exit(0);
    env.run(["search", "Véran"]).assert_exit(0);

    fs::remove_file(&target).expect("removing the target");
    let run = env.run(["index", "corpus"]);
    run.assert_exit(0);
    assert_eq!(
        run.warnings(),
        [
            "depeche: warning: [TMP]/corpus/linked.txt: dangling symbolic link (its target is gone): skipped, and what the index had from it is removed"
        ]
    );
    assert_eq!(run.summary().removed, 1);
    env.run(["search", "Véran"]).assert_exit(1);
    assert_eq!(story_count(&env), 1);
}

#[test]
fn hidden_files_and_folders_are_skipped_unless_asked_for() {
    let env = TestEnv::new();
    let corpus = env.dir().join("corpus");
    fs::create_dir_all(corpus.join(".trash")).expect("a folder");
    let story = |name: &str| sample_corpus().join("afp").join(name);
    fs::copy(
        story("000_0003161f4a409bb7.txt"),
        corpus.join("000_0003161f4a409bb7.txt"),
    )
    .expect("copying");
    fs::copy(
        story("007_0040160a5adde223.txt"),
        corpus.join("007_0040160a5adde223.txt"),
    )
    .expect("copying");
    fs::copy(
        story("105_02f101f3abdf7ae5.txt"),
        corpus.join(".hidden.txt"),
    )
    .expect("copying");
    fs::write(
        corpus.join("notes.txt"),
        "Penser à relire la dépêche sur Véran.\n",
    )
    .expect("writing");
    let run = env.run(["index", "corpus"]);
    run.assert_exit(0);
    assert_eq!(run.summary().files_seen, 3);
    assert_eq!(
        run.warnings(),
        [
            "depeche: warning: [TMP]/corpus/notes.txt:1: no ` date ` header: this does not look like a wire story (indexed undated)"
        ]
    );
    assert!(
        run.err()
            .contains("depeche: 1 file without a ` date ` header"),
        "{}",
        run.stderr
    );
    env.run(["search", "Ukraine"]).assert_exit(1);

    // A story "deleted" into a hidden folder leaves the index.
    fs::rename(
        corpus.join("007_0040160a5adde223.txt"),
        corpus.join(".trash/007_0040160a5adde223.txt"),
    )
    .expect("moving");
    let run = env.run(["index", "corpus"]);
    assert_eq!(run.assert_exit(0).summary().removed, 1);
    env.run(["quotes", "--by", "Véran"]).assert_exit(1);
    assert_eq!(story_count(&env), 2);

    let run = env.run(["index", "corpus", "--hidden"]);
    assert_eq!(run.assert_exit(0).summary().added, 2);
    env.run(["search", "Ukraine"]).assert_exit(0);
}

/// SIGINT or SIGTERM while a large JSON-lines file is read: what was committed inside the file is
/// kept, the run says so and exits 130, and the next run finishes without adding a story twice.
#[cfg(unix)]
#[test]
fn a_signal_during_a_large_file_keeps_its_committed_stories_and_a_rerun_continues() {
    let env = TestEnv::new();
    let folder = env.dir().join("big");
    fs::create_dir(&folder).expect("a folder");
    let total = 3000;
    write_heavy_feed(&folder.join("feed.jsonl"), total);
    for signal in ["-INT", "-TERM"] {
        let index = env.index_dir();
        let _ = fs::remove_dir_all(index);
        let child = std::process::Command::new(crate::util::BIN)
            .args(["--index".as_ref(), index.as_os_str(), "index".as_ref()])
            .args(["--commit-every", "1", "--threads", "1"])
            .arg(&folder)
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("running depeche");
        // Wait for a commit inside the file (the state is saved with each), then signal.
        let state = index.join("depeche-state.json");
        let started = std::time::Instant::now();
        while !state.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no commit within a minute"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::process::Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .expect("sending a signal");
        let output = child.wait_with_output().expect("waiting for depeche");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted: the work above is committed and kept; run the same command again to continue"),
            "{stderr}"
        );
        let kept = story_count(&env);
        assert!(
            kept > 0 && kept < total,
            "{signal}: {kept} stories kept\n{stderr}"
        );

        let rerun = env.run(["index", "big"]);
        rerun.assert_exit(0);
        let summary = rerun.summary();
        assert_eq!(summary.added + summary.unchanged, total, "{}", rerun.stderr);
        assert_eq!(summary.unchanged, kept, "{}", rerun.stderr);
        assert_eq!(story_count(&env), total);
        assert_eq!(
            hit_ids(&env.run(["search", "motunique0"]).assert_exit(0).stdout),
            ["s0"]
        );
    }
}

/// A rebuild is built aside: searches during it see the whole old index, then the whole new one,
/// never a part; and an interrupted rebuild leaves the old index as it was.
#[cfg(unix)]
#[test]
fn searches_during_a_rebuild_never_see_it_half_built() {
    let env = TestEnv::new();
    let folder = env.dir().join("big");
    fs::create_dir(&folder).expect("a folder");
    let total = 1500;
    write_heavy_feed(&folder.join("feed.jsonl"), total);
    env.run(["index", "big"]).assert_exit(0);
    let spawn_rebuild = || {
        std::process::Command::new(crate::util::BIN)
            .args(["--index".as_ref(), env.index_dir().as_os_str()])
            .args([
                "index",
                "--rebuild",
                "--commit-every",
                "0",
                "--threads",
                "1",
            ])
            .arg(&folder)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("running depeche")
    };
    let mut child = spawn_rebuild();
    let mut counts = Vec::new();
    while child.try_wait().expect("polling").is_none() {
        counts.push(story_count(&env));
    }
    assert!(child.wait().expect("waiting").success());
    assert!(
        counts.len() > 3,
        "the rebuild ended too soon to be watched: {counts:?}"
    );
    assert!(counts.iter().all(|&count| count == total), "{counts:?}");
    assert_eq!(story_count(&env), total);

    // Interrupted, a rebuild publishes nothing.
    let child = spawn_rebuild();
    std::thread::sleep(Duration::from_millis(1500));
    std::process::Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .expect("sending a signal");
    let output = child.wait_with_output().expect("waiting");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("rebuild interrupted: nothing of it was committed"),
        "{stderr}"
    );
    assert_eq!(story_count(&env), total);
    let again = env.run(["index", "big"]);
    assert_eq!(again.assert_exit(0).summary().unchanged, total);
}

#[test]
fn a_search_of_an_empty_index_says_that_it_is_empty() {
    let env = TestEnv::new();
    fs::create_dir(env.dir().join("nothing")).expect("a folder");
    env.run(["index", "nothing"]).assert_exit(0);
    let run = env.run(["search", "Macron"]);
    run.assert_exit(1);
    assert!(
        run.err()
            .starts_with("depeche: the index at [TMP]/index holds no stories yet"),
        "{}",
        run.stderr
    );
}

/// An id too long to be a tantivy term (over 65,530 bytes) is replaced by a hash of it, with a
/// warning: the story can be shown, and an edit replaces it instead of adding a second.
#[test]
fn a_story_with_a_huge_id_is_replaced_not_doubled() {
    let env = TestEnv::new();
    let folder = env.dir().join("feeds");
    fs::create_dir(&folder).expect("a folder");
    let feed = folder.join("feed.jsonl");
    let mut record: serde_json::Value =
        serde_json::from_str(&feed_lines(1, true)[0]).expect("JSON");
    record["id"] = "x".repeat(70_000).into();
    fs::write(&feed, record.to_string() + "\n").expect("writing");
    env.run(["index", "feeds"]).assert_exit(0);
    record["title"] = "Titre changé".into();
    fs::write(&feed, record.to_string() + "\n").expect("writing");
    let run = env.run(["index", "feeds"]);
    let summary = run.assert_exit(0).summary();
    assert_eq!((summary.added, summary.updated), (0, 1));
    assert_eq!(story_count(&env), 1);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let id = warnings[0]
        .rsplit("the story is named ")
        .next()
        .expect("a name");
    assert!(id.starts_with("feed:"), "{id}");
    env.run(["show", id]).assert_exit(0);
}

/// Two stories of the sample corpus copied into `DIR/archive`.
fn small_archive(env: &TestEnv) -> std::path::PathBuf {
    let archive = env.dir().join("archive");
    fs::create_dir_all(&archive).expect("a folder");
    for story in ["000_0003161f4a409bb7", "001_0009d89c7b366868"] {
        let name = format!("{story}.txt");
        fs::copy(sample_corpus().join("afp").join(&name), archive.join(&name)).expect("copying");
    }
    archive
}

/// An index that lost its stories while its state file still says their files were read (a
/// rebuild of a damaged index stopped halfway, a crash between a commit and the state's save)
/// reads those files again instead of taking them as indexed.
#[test]
fn a_stamp_without_stories_in_the_index_is_not_trusted() {
    let env = TestEnv::new();
    small_archive(&env);
    env.run(["index", "archive"]).assert_exit(0);
    assert_eq!(story_count(&env), 2);
    let state = env.index_dir().join("depeche-state.json");
    let stamped = fs::read(&state).expect("the state file");
    // Empty the index, then put back the state of when it was full.
    env.run(["forget", "archive"]).assert_exit(0);
    env.run(["search", "--", "-qqxyzzyqq"]).assert_exit(1);
    fs::write(&state, stamped).expect("restoring the state");
    let run = env.run(["index", "archive"]);
    run.assert_exit(0);
    assert_eq!(run.summary().added, 2, "{}", run.stderr);
    assert_eq!(story_count(&env), 2);
}

/// A story file that turns binary (NUL bytes: a failed copy, a disk error) is damaged input: the
/// index keeps its story, and the run says so with exit 3, like any other file it cannot read.
#[test]
fn a_file_turned_binary_keeps_its_story() {
    let env = TestEnv::new();
    let archive = small_archive(&env);
    env.run(["index", "archive"]).assert_exit(0);
    let file = archive.join("001_0009d89c7b366868.txt");
    let mut bytes = fs::read(&file).expect("a story");
    bytes.splice(10..10, [0u8; 64]);
    fs::write(&file, bytes).expect("damaging the story");
    env.run(["index", "archive"]).assert_exit(3);
    assert_eq!(story_count(&env), 2);
    let search = env.run(["search", "id:001_0009d89c7b366868"]);
    search.assert_exit(0);
}
