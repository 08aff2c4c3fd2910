//! `depeche search` and `depeche show` on the sample corpus: golden outputs, the query language,
//! filters, JSON lines, exit codes and errors.

use std::path::Path;

use crate::util::{TestEnv, fold, hit_ids, repo_root, sample_corpus};

/// An index of the Reuters story alone, for tests of errors that need an index but no hits.
fn small_index() -> TestEnv {
    let env = TestEnv::new();
    env.run([Path::new("index"), &sample_corpus().join("reuters")])
        .assert_exit(0);
    env
}

#[test]
fn names_typed_without_accents_find_them() {
    let env = TestEnv::with_sample_index();
    let run = env.run(["search", "Serguei"]);
    run.assert_exit(0);
    golden!("search-serguei", run);
    assert_eq!(run.stdout, env.run(["search", "Sergueï"]).stdout);
    assert_eq!(run.stdout, env.run(["search", "SERGUEÏ"]).stdout);
    // Every mark is on the accented word as the story wrote it.
    assert!(run.stdout.contains("**Sergueï**"));
    assert!(!run.stdout.contains("**Serguei**"));

    let veran = env.run(["search", "Veran"]);
    assert_eq!(
        hit_ids(&veran.assert_exit(0).stdout),
        ["007_0040160a5adde223"]
    );
    assert_eq!(veran.stdout, env.run(["search", "Véran"]).stdout);
    // odd/045 is Windows-1252 on disk: `Raphaël` is still found, typed without its accent.
    assert_eq!(
        hit_ids(&env.run(["search", "Raphael"]).assert_exit(0).stdout),
        ["045_013dc5e77d482a5c"]
    );
}

#[test]
fn elided_articles_and_apostrophes_do_not_matter() {
    let env = TestEnv::with_sample_index();
    let plain = env.run(["search", "Ukraine"]);
    plain.assert_exit(0);
    golden!("search-ukraine", plain);
    for query in ["l'Ukraine", "l’Ukraine", "L'UKRAINE"] {
        let run = env.run(["search", query]);
        run.assert_exit(0);
        assert_eq!(run.stdout, plain.stdout, "`{query}` and `Ukraine` differ");
    }
}

#[test]
fn phrases_signs_and_fields() {
    let env = TestEnv::with_sample_index();
    let phrase = env.run(["search", "\"secrétaire d'Etat\""]);
    phrase.assert_exit(0);
    golden!("search-phrase", phrase);
    // The words in another order are not the phrase.
    env.run(["search", "\"Etat secrétaire\""]).assert_exit(1);
    // A hyphenated word is a phrase of its parts: only the four stories that write it.
    let mut ids = hit_ids(&env.run(["search", "porte-parole"]).assert_exit(0).stdout);
    ids.sort();
    assert_eq!(
        ids,
        [
            "040_01264cb515b941c0",
            "052_015e1675df711f3d",
            "216_05d38974a8230cfc",
            "908_1d1ac7821b0351ff"
        ]
    );

    let fires = hit_ids(&env.run(["search", "incendie"]).assert_exit(0).stdout);
    assert_eq!(fires.len(), 5, "{fires:?}");
    let excluded = env.run(["search", "--", "incendie", "-Californie"]);
    excluded.assert_exit(0);
    golden!("search-minus", excluded);
    let excluded = hit_ids(&excluded.stdout);
    assert!(excluded.iter().all(|id| fires.contains(id)));
    for californian in [
        "029_00d1a1aca1884841",
        "038_011a381cd4aca192",
        "641_1431871bd98610ef",
    ] {
        assert!(fires.iter().any(|id| id == californian));
        assert!(!excluded.iter().any(|id| id == californian));
    }
    // The same query as one argument.
    assert_eq!(
        hit_ids(&env.run(["search", "incendie -Californie"]).stdout),
        excluded
    );
    let required = env.run(["search", "+incendie +Marseille"]);
    required.assert_exit(0);
    golden!("search-plus", required);
    assert_eq!(hit_ids(&required.stdout), ["000_0003161f4a409bb7"]);

    let city = env.run(["search", "city:Washington"]);
    assert_eq!(
        hit_ids(&city.assert_exit(0).stdout),
        ["000_e6aacbb205c0461c"]
    );
    assert_eq!(city.stdout, env.run(["search", "city:WASHINGTON"]).stdout);
    let author = env.run(["search", "author:\"Farid Farid\""]);
    author.assert_exit(0);
    golden!("search-field-author", author);
    assert_eq!(hit_ids(&author.stdout), ["001_0009d89c7b366868"]);
    // 109 and 16 are two versions of one dispatch: one hit, or two with --all-versions.
    let tagged = env.run(["search", "tag:économie"]);
    assert_eq!(hit_ids(&tagged.assert_exit(0).stdout).len(), 1);
    assert!(
        tagged.stdout.contains("+ 1 other version:"),
        "{}",
        tagged.stdout
    );
    let mut tagged = hit_ids(
        &env.run(["search", "tag:économie", "--all-versions"])
            .assert_exit(0)
            .stdout,
    );
    tagged.sort();
    assert_eq!(tagged, ["109", "16"]);
}

#[test]
fn date_city_and_author_filters() {
    let env = TestEnv::with_sample_index();
    let all = hit_ids(
        &env.run(["search", "Covid", "-n", "50"])
            .assert_exit(0)
            .stdout,
    );
    assert_eq!(all.len(), 13, "{all:?}");

    let period = env.run([
        "search", "Covid", "--since", "2020-08", "--until", "2020-09",
    ]);
    period.assert_exit(0);
    golden!("search-since-until", period);
    let dates: Vec<String> = env
        .run([
            "search", "Covid", "--since", "2020-08", "--until", "2020-09", "--json",
        ])
        .assert_exit(0)
        .json_lines()
        .iter()
        .map(|hit| hit["date"].as_str().expect("a date").to_owned())
        .collect();
    assert_eq!(dates.len(), 5);
    assert!(
        dates
            .iter()
            .all(|date| date.starts_with("2020-08") || date.starts_with("2020-09")),
        "{dates:?}"
    );
    // Stories dated by month only fall in that month's bounds.
    let may = hit_ids(
        &env.run(["search", "Covid", "--until", "2020-05"])
            .assert_exit(0)
            .stdout,
    );
    assert_eq!(may.len(), 4, "{may:?}");
    let september = hit_ids(
        &env.run(["search", "Covid", "--since", "2020-09"])
            .assert_exit(0)
            .stdout,
    );
    assert_eq!(september.len(), 4, "{september:?}");
    assert_eq!(may.len() + september.len() + dates.len(), all.len());
    assert_eq!(
        env.run(["search", "Covid", "--since", "2021"])
            .assert_exit(1)
            .stdout,
        "0 stories match; 0 shown\n"
    );
    let bad = env.run(["search", "Covid", "--since", "2020-13"]);
    bad.assert_exit(2);
    assert!(bad.stderr.contains("\"2020-13\""), "{}", bad.stderr);

    let city = env.run(["search", "Russie", "--city", "washington"]);
    assert_eq!(
        hit_ids(&city.assert_exit(0).stdout),
        ["000_e6aacbb205c0461c"]
    );
    assert_eq!(
        city.stdout,
        env.run(["search", "Russie", "--city", "WASHINGTON"]).stdout
    );
    env.run(["search", "Covid", "--city", "Washington"])
        .assert_exit(1);

    let author = env.run(["search", "Covid", "--author", "farid farid"]);
    author.assert_exit(0);
    golden!("search-author-filter", author);
    assert_eq!(hit_ids(&author.stdout), ["001_0009d89c7b366868"]);
    assert_eq!(
        hit_ids(
            &env.run(["search", "Russie", "--author", "Pamuk"])
                .assert_exit(0)
                .stdout
        ),
        ["000_e6aacbb205c0461c"]
    );
}

#[test]
fn sort_by_date_puts_newest_first_and_breaks_ties_by_id() {
    let env = TestEnv::with_sample_index();
    let run = env.run(["search", "Macron", "--sort", "date"]);
    run.assert_exit(0);
    golden!("search-sort-date", run);
    let json = env.run(["search", "Macron", "--sort", "date", "--json"]);
    let hits = json.assert_exit(0).json_lines();
    assert!(hits.len() >= 5);
    let keys: Vec<(String, String)> = hits
        .iter()
        .map(|hit| {
            assert!(
                hit["score"].is_null(),
                "no score when sorted by date: {hit}"
            );
            let date = hit["date"].as_str().expect("a date");
            (
                date[..7].to_owned(),
                hit["id"].as_str().expect("an id").to_owned(),
            )
        })
        .collect();
    for pair in keys.windows(2) {
        assert!(pair[0].0 >= pair[1].0, "not newest first: {keys:?}");
    }
}

#[test]
fn json_lines_carry_ids_paths_scores_and_highlights() {
    let env = TestEnv::with_sample_index();
    let run = env.run(["search", "Serguei", "--json"]);
    run.assert_exit(0);
    golden!("search-serguei-json", run);
    for (query, expected) in [
        ("Serguei", "serguei"),
        ("Macron", "macron"),
        ("l'Ukraine", "ukraine"),
    ] {
        let hits = env
            .run(["search", query, "--json", "-n", "20"])
            .assert_exit(0)
            .json_lines();
        assert!(!hits.is_empty());
        for (number, hit) in hits.iter().enumerate() {
            let object = hit.as_object().expect("an object");
            for key in ["id", "path", "date", "score", "fragments"] {
                assert!(object.contains_key(key), "no {key} in {hit}");
            }
            assert_eq!(hit["rank"], number + 1);
            assert!(hit["id"].is_string());
            assert!(hit["score"].as_f64().expect("a score") > 0.0);
            let path = Path::new(hit["path"].as_str().expect("a path"));
            assert!(path.is_absolute() && path.is_file(), "{path:?}");
            assert!(path.starts_with(std::fs::canonicalize(repo_root()).expect("canonical")));
            let fragments = hit["fragments"].as_array().expect("fragments");
            assert!(!fragments.is_empty());
            let mut marks = 0;
            for fragment in fragments {
                let chars: Vec<char> = fragment["text"].as_str().expect("text").chars().collect();
                for pair in fragment["highlights"].as_array().expect("highlights") {
                    let start = pair[0].as_u64().expect("start") as usize;
                    let end = pair[1].as_u64().expect("end") as usize;
                    assert!(
                        start < end && end <= chars.len(),
                        "{pair} out of {fragment}"
                    );
                    let word: String = chars[start..end].iter().collect();
                    assert_eq!(fold(&word), expected, "highlight {pair} in {fragment}");
                    marks += 1;
                }
            }
            assert!(marks > 0, "no highlight in {hit}");
        }
    }
}

#[test]
fn no_hits_exit_1_and_errors_exit_2() {
    let env = small_index();
    let none = env.run(["search", "zorglubifiant"]);
    none.assert_exit(1);
    assert_eq!(none.stdout, "0 stories match; 0 shown\n");
    assert!(none.stderr.is_empty());
    let none = env.run(["search", "zorglubifiant", "--json"]);
    none.assert_exit(1);
    assert_eq!(none.stdout, "");

    let unclosed = env.run(["search", "\"unclosed"]);
    unclosed.assert_exit(2);
    golden!("search-error-unclosed", unclosed);
    let field = env.run(["search", "ville:Paris"]);
    field.assert_exit(2);
    golden!("search-error-field", field);
    for (query, message) in [
        ("Blinken \"secrétaire d'Etat", "never closed"),
        ("Paris +", "nothing after \"+\""),
        ("Paris OR", "OR needs a word after it"),
        ("city:\"\"", "empty phrase"),
    ] {
        let run = env.run(["search", query]);
        run.assert_exit(2);
        assert!(run.stderr.contains(message), "{query}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("\n  {query}\n")),
            "the query is not quoted: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn searching_without_an_index_names_the_folder() {
    let env = TestEnv::new();
    let run = env.run(["search", "Ukraine"]);
    run.assert_exit(2);
    let err = run.err();
    assert!(err.contains("no index at [TMP]/index"), "{err}");
    assert!(err.contains("depeche index"), "{err}");
    assert!(run.stdout.is_empty());
    // An empty folder is no index either.
    std::fs::create_dir(env.index_dir()).expect("creating the folder");
    run_fails_with(&env, "no index at [TMP]/index");
}

fn run_fails_with(env: &TestEnv, message: &str) {
    for args in [
        &["search", "x"][..],
        &["show", "x"],
        &["quotes", "--by", "x"],
        &["speakers"],
    ] {
        let run = env.run(args);
        run.assert_exit(2);
        assert!(run.err().contains(message), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn show_prints_one_story() {
    let env = TestEnv::with_sample_index();
    let reuters = env.run(["show", "000_e6aacbb205c0461c"]);
    reuters.assert_exit(0);
    golden!("show-reuters", reuters);
    // The JSON record of id 36 repeats its lede as its first paragraph (as 1466 of the first 2000
    // OrangeSum records do): it is printed once.
    let json_story = env.run(["show", "36"]);
    json_story.assert_exit(0);
    golden!("show-json-line", json_story);
    let as_json = env
        .run(["show", "000_e6aacbb205c0461c", "--json"])
        .assert_exit(0)
        .json_lines();
    assert_eq!(as_json.len(), 1);
    assert_eq!(as_json[0]["id"], "000_e6aacbb205c0461c");
    assert_eq!(
        as_json[0]["authors"],
        serde_json::json!(["Simon Lewis", "Humeyra Pamuk"])
    );
    assert!(
        as_json[0]["lede"]
            .as_str()
            .expect("lede")
            .starts_with("Le secrétaire d'Etat américain")
    );

    // See: issue 13 (an unknown id exited 2, like a damaged index).
    let unknown = env.run(["show", "999_nope"]);
    unknown.assert_exit(1);
    assert_eq!(
        unknown.stderr,
        "depeche: no story with id \"999_nope\" in the index\n"
    );
    assert!(unknown.stdout.is_empty());
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let one = TestEnv::new();
    let three = TestEnv::new();
    for (env, threads) in [(&one, "1"), (&three, "3")] {
        env.run([
            Path::new("index"),
            Path::new("--threads"),
            Path::new(threads),
            &sample_corpus(),
        ])
        .assert_exit(0);
    }
    for args in [
        &["search", "Covid", "-n", "50", "--json"][..],
        &["search", "Macron", "--sort", "date", "-n", "50"],
        &["search", "-n", "100", "--", "-qqxyzzyqq"],
        &["quotes", "--by", "Macron", "-n", "100", "--json"],
        &["quotes", "la", "-n", "500", "--sort", "relevance"],
        &["speakers", "-n", "500"],
    ] {
        assert_eq!(one.run(args).out(), three.run(args).out(), "{args:?}");
    }
}

#[test]
fn prefixes_fuzzy_words_and_names_in_another_transliteration() {
    let env = TestEnv::with_sample_index();
    // `ukrai*`: l'Ukraine, ukrainien… in the two stories on Ukraine, and nothing else.
    let mut prefix = hit_ids(&env.run(["search", "ukrai*"]).assert_exit(0).stdout);
    prefix.sort();
    assert_eq!(prefix, ["000_e6aacbb205c0461c", "105_02f101f3abdf7ae5"]);
    // Without the star, `ukrai` is a word no story holds.
    env.run(["search", "ukrai"]).assert_exit(1);
    // `Zelenskiy~2` reaches `Zelensky`, highlighted as written.
    let fuzzy = env.run(["search", "Zelenskiy~2"]);
    assert_eq!(
        hit_ids(&fuzzy.assert_exit(0).stdout),
        ["105_02f101f3abdf7ae5"]
    );
    assert!(fuzzy.stdout.contains("**Zelensky**"), "{}", fuzzy.stdout);
    // A name the index lacks is looked up fuzzily on its own: `Sergei` finds the `Sergueï`s.
    let name = env.run(["search", "Sergei"]);
    assert_eq!(
        hit_ids(&name.assert_exit(0).stdout),
        hit_ids(&env.run(["search", "Serguei"]).stdout)
    );
    assert!(name.stdout.contains("**Sergueï**"), "{}", name.stdout);
    // A lower-case word the index lacks stays a word the index lacks.
    env.run(["search", "zzqxwords"]).assert_exit(1);
    let wrong = env.run(["search", "Zelenski~3"]);
    wrong.assert_exit(2);
    assert!(wrong.err().contains("~1 or ~2"), "{}", wrong.err());
}
