//! Who is a speaker: `speakers` counts one person once across spellings and honorifics, `quotes
//! --by` finds people and not descriptions that name them, and `--min-confidence` hides or shows
//! doubtful attributions. On the stories of `tests/fixtures/speakers/`.

use std::path::Path;

use crate::util::{Run, TestEnv, fixture};

fn speakers_env() -> TestEnv {
    let env = TestEnv::new();
    env.run([Path::new("index"), &fixture("speakers")])
        .assert_exit(0);
    env
}

/// `(speaker, quotes)` of `speakers --json` with these arguments.
fn speaker_counts(env: &TestEnv, args: &[&str]) -> Vec<(String, u64)> {
    let mut all = vec!["speakers", "--json", "-n", "100"];
    all.extend_from_slice(args);
    env.run(all)
        .json_lines()
        .into_iter()
        .map(|row| {
            (
                row["speaker"].as_str().expect("a speaker").to_owned(),
                row["quotes"].as_u64().expect("a count"),
            )
        })
        .collect()
}

fn count_of(counts: &[(String, u64)], speaker: &str) -> Option<u64> {
    counts
        .iter()
        .find(|(name, _)| name == speaker)
        .map(|&(_, count)| count)
}

/// `quotes --by Macron --json --min-confidence 0`: every quote of Macron's.
fn all_of_macron(env: &TestEnv) -> Run {
    env.run([
        "quotes",
        "--by",
        "Macron",
        "--json",
        "--min-confidence",
        "0",
    ])
}

fn texts(run: &Run) -> Vec<String> {
    run.json_lines()
        .into_iter()
        .map(|quote| quote["text"].as_str().expect("a text").to_owned())
        .collect()
}

#[test]
fn speakers_count_one_person_once_across_accents_apostrophes_and_honorifics() {
    let env = speakers_env();
    let counts = speaker_counts(&env, &["--min-confidence", "0"]);
    // `Edouard Philippe` (twice in one story) and `Édouard Philippe` are one line, under the
    // spelling written most often.
    assert_eq!(count_of(&counts, "Edouard Philippe"), Some(3), "{counts:?}");
    assert_eq!(count_of(&counts, "Édouard Philippe"), None, "{counts:?}");
    // `l'Elysée` and `l’Élysée`: one line.
    let elysee: Vec<&(String, u64)> = counts
        .iter()
        .filter(|(name, _)| name.to_lowercase().contains("lys"))
        .collect();
    assert_eq!(elysee.len(), 1, "{counts:?}");
    assert_eq!(elysee[0].1, 2);
    // `Mme Le Pen` loses her honorific but stays apart from `Marine Le Pen`: which Le Pen she is,
    // only her story could say.
    assert_eq!(count_of(&counts, "Le Pen"), Some(1), "{counts:?}");
    assert_eq!(count_of(&counts, "Marine Le Pen"), Some(1), "{counts:?}");
    assert!(counts.iter().all(|(name, _)| !name.starts_with("Mme ")));
    // The text form says the same.
    let text = env.run(["speakers", "--min-confidence", "0"]);
    text.assert_exit(0);
    assert!(
        text.stdout
            .lines()
            .any(|line| line == "     3  Edouard Philippe"),
        "{}",
        text.stdout
    );
}

#[test]
fn by_finds_people_not_descriptions_that_name_them() {
    let env = speakers_env();
    let macron = all_of_macron(&env);
    macron.assert_exit(0);
    let said = texts(&macron);
    assert_eq!(
        said,
        [
            "Nous tiendrons nos engagements envers l'hôpital",
            "Vous avez tenu la première ligne pendant des mois et la nation vous doit beaucoup.",
        ],
        "the quotes of `un proche d'Emmanuel Macron` and `l'entourage d'Emmanuel Macron` are not his"
    );
    assert!(
        macron
            .json_lines()
            .iter()
            .all(|quote| quote["speaker"] == "Emmanuel Macron")
    );
    // The circle is a speaker of its own, found by its own words.
    let proche = env.run([
        "quotes",
        "--by",
        "proche d'Emmanuel Macron",
        "--json",
        "--min-confidence",
        "0",
    ]);
    assert_eq!(
        texts(&proche),
        ["Le Premier ministre a choisi le passage en force"]
    );

    // Le Pen: Mme Le Pen, Marine Le Pen and Marion Maréchal-Le Pen (a compound surname holds both
    // names), never `le parti de Marine Le Pen`.
    let le_pen = env.run([
        "quotes",
        "--by",
        "Le Pen",
        "--json",
        "--min-confidence",
        "0",
    ]);
    let mut speakers: Vec<String> = le_pen
        .json_lines()
        .iter()
        .map(|quote| quote["speaker"].as_str().expect("a speaker").to_owned())
        .collect();
    speakers.sort();
    assert_eq!(
        speakers,
        ["Le Pen", "Marine Le Pen", "Marion Maréchal-Le Pen"]
    );
    let parti = env.run([
        "quotes",
        "--by",
        "parti de Marine Le Pen",
        "--json",
        "--min-confidence",
        "0",
    ]);
    assert_eq!(texts(&parti), ["Le parti ne soutiendra pas ce plan"]);

    // Bodies by their acronym or name, people however they are typed.
    let oms = env.run(["quotes", "--by", "OMS", "--json", "--min-confidence", "0"]);
    assert_eq!(oms.json_lines().len(), 1);
    assert_eq!(oms.json_lines()[0]["speaker"], "l'OMS");
    let veran = env
        .run([
            "quotes",
            "--by",
            "Olivier Véran",
            "--json",
            "--min-confidence",
            "0",
        ])
        .stdout;
    assert_eq!(veran.lines().count(), 1);
    for name in ["olivier veran", "VÉRAN", "Veran"] {
        assert_eq!(
            env.run(["quotes", "--by", name, "--json", "--min-confidence", "0"])
                .stdout,
            veran,
            "{name}"
        );
    }
    // A word that is only in a complement designates nobody.
    env.run(["quotes", "--by", "Santé", "--min-confidence", "0"])
        .assert_exit(1);
}

#[test]
fn the_threshold_hides_doubtful_quotes_and_min_confidence_0_shows_them() {
    let env = speakers_env();
    // The quote with neither reporting verb nor speaker mention gets its speaker from the person
    // in focus: its confidence is under the default threshold, so `--by` hides it and says so.
    let shown = env.run(["quotes", "--by", "Macron"]);
    shown.assert_exit(0);
    assert_eq!(
        shown.stdout.lines().last(),
        Some(
            "1 quote matches; 1 shown; 1 more under confidence 0.9 hidden (--min-confidence 0 shows them)"
        ),
        "{}",
        shown.stdout
    );
    let all = env.run(["quotes", "--by", "Macron", "--min-confidence", "0"]);
    assert_eq!(
        all.stdout.lines().last(),
        Some("2 quotes match; 2 shown"),
        "{}",
        all.stdout
    );
    // Shown, a doubtful attribution says how doubtful.
    assert!(all.stdout.contains("(confidence 0."), "{}", all.stdout);
    // JSON carries each quote's confidence, from 0 to 1; the default keeps those at 0.9 or more.
    for quote in all_of_macron(&env).json_lines() {
        let confidence = quote["confidence"].as_f64().expect("a confidence");
        assert!((0.0..=1.0).contains(&confidence), "{quote}");
    }
    for quote in env.run(["quotes", "--by", "Macron", "--json"]).json_lines() {
        assert!(quote["confidence"].as_f64().expect("a confidence") >= 0.9);
    }
    // A search by subject, without --by, shows every quote unless told otherwise.
    let about = env.run(["quotes", "première ligne", "--json"]);
    assert_eq!(about.json_lines().len(), 1);
    // Its confidence is far from sure (0.51 with the model of issue 9's second round): it is
    // gone at 0.6.
    env.run(["quotes", "première ligne", "--min-confidence", "0.6"])
        .assert_exit(1);
    // `speakers` counts at the same threshold.
    let counts = speaker_counts(&env, &[]);
    assert_eq!(count_of(&counts, "Emmanuel Macron"), Some(1), "{counts:?}");
    let counts = speaker_counts(&env, &["--min-confidence", "0"]);
    assert_eq!(count_of(&counts, "Emmanuel Macron"), Some(2), "{counts:?}");
    // A threshold outside 0..1 is refused with a message.
    for bad in ["1.5", "-0.1", "demain"] {
        let run = env.run(["quotes", "--by", "Macron", "--min-confidence", bad]);
        run.assert_exit(2);
        assert!(run.stderr.contains("--min-confidence"), "{}", run.stderr);
    }
}
