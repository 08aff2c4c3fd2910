//! `stats`: counts per period and per field value, checked against what `search` and `quotes`
//! find by other means (a date-range query, a field filter, a speaker look-up) on `sample-corpus/`.

use serde_json::Value;

use crate::util::TestEnv;

/// `stats --json` with these arguments, as one JSON object.
fn stats(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["stats", "--json"];
    all.extend_from_slice(args);
    let run = env.run(all);
    run.assert_exit(0);
    run.json_lines()
        .into_iter()
        .next()
        .expect("one JSON object")
}

/// How many stories `search --json` lists with these arguments (the limit is above the corpus).
fn stories_found(env: &TestEnv, args: &[&str]) -> usize {
    let mut all = vec!["search", "--json", "--all-versions", "-n", "1000"];
    all.extend_from_slice(args);
    env.run(all).json_lines().len()
}

#[test]
fn each_month_counts_what_a_search_of_that_month_finds() {
    let env = TestEnv::with_sample_index();
    let all = stats(&env, &["--by", "month"]);
    let periods = all["periods"].as_array().expect("periods");
    assert!(periods.len() > 3, "{all}");
    let mut dated = 0;
    for period in periods {
        let month = period["period"].as_str().expect("a label");
        let count = period["count"].as_u64().expect("a count") as usize;
        dated += count;
        if count > 0 {
            // The search names the month as a period filter; stats buckets the date column.
            let found = stories_found(
                &env,
                &["--since", month, "--until", month, "--sort", "date", "a"],
            );
            let every = stats(&env, &["--since", month, "--until", month])["total"].as_u64();
            assert_eq!(every, Some(count as u64), "{month}");
            assert!(
                found <= count,
                "{month}: {found} found by a word, {count} in all"
            );
        }
    }
    assert_eq!(
        all["total"].as_u64(),
        Some((dated + all["undated"].as_u64().expect("undated") as usize) as u64)
    );
    let stories = env.run(["status", "--json"]).json_lines()[0]["stories"].as_u64();
    assert_eq!(all["total"].as_u64(), stories);
    // Months with no story between the first and the last are listed with zero.
    assert!(periods.iter().any(|period| period["count"] == 0), "{all}");
}

#[test]
fn a_query_counts_the_stories_search_finds_and_lists_their_fields() {
    let env = TestEnv::with_sample_index();
    let found = stories_found(&env, &["coronavirus"]);
    let counted = stats(&env, &["coronavirus"]);
    assert!(found > 0);
    assert_eq!(counted["total"].as_u64(), Some(found as u64));
    assert_eq!(counted["unit"], "stories");
    // Each agency listed (counted from its column) is what a filter on it (the inverted index)
    // finds, once the other agencies that contain its words are added.
    let every = stats(&env, &["--top", "50"]);
    let agencies = every["agencies"].as_array().expect("agencies");
    assert!(agencies.len() > 2, "{every}");
    let words = |name: &str| -> Vec<String> {
        name.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for agency in agencies {
        let name = agency["value"].as_str().expect("a name");
        let wanted = words(name);
        let containing: u64 = agencies
            .iter()
            .filter(|other| {
                let theirs = words(other["value"].as_str().expect("a name"));
                theirs
                    .windows(wanted.len())
                    .any(|window| window == wanted.as_slice())
            })
            .map(|other| other["count"].as_u64().expect("a count"))
            .sum();
        let filtered = stats(&env, &["--agency", name])["total"].as_u64();
        assert_eq!(filtered, Some(containing), "{name}");
    }
}

#[test]
fn quotes_of_a_speaker_are_counted_as_quotes_by_lists_them() {
    let env = TestEnv::with_sample_index();
    let listed = env
        .run(["quotes", "--by", "Macron", "--json", "-n", "1000"])
        .json_lines();
    assert!(listed.len() > 2);
    let counted = stats(&env, &["--by-speaker", "Macron", "--by", "year"]);
    assert_eq!(counted["unit"], "quotes");
    assert_eq!(counted["total"].as_u64(), Some(listed.len() as u64));
    let years: u64 = counted["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|period| period["count"].as_u64().expect("a count"))
        .sum();
    assert_eq!(
        years + counted["undated"].as_u64().expect("undated"),
        listed.len() as u64
    );
    let speakers = counted["speakers"].as_array().expect("speakers");
    assert_eq!(speakers.len(), 1, "{counted}");
    assert_eq!(speakers[0]["quotes"].as_u64(), Some(listed.len() as u64));
    // Stories carry agencies and authors, quotes do not: the lists stay empty rather than wrong.
    assert!(counted["agencies"].as_array().expect("agencies").is_empty());
}

#[test]
fn text_output_draws_a_bar_per_period_and_nothing_found_exits_1() {
    let env = TestEnv::with_sample_index();
    let run = env.run(["stats", "coronavirus", "--by", "year"]);
    run.assert_exit(0);
    let out = run.out();
    let first = out.lines().next().expect("a headline");
    assert!(first.ends_with(", by year"), "{out}");
    let bars = out.lines().filter(|line| line.contains('█')).count();
    assert!(bars >= 1, "{out}");
    let none = env.run(["stats", "zzzqqqxx"]);
    none.assert_exit(1);
    assert!(none.out().starts_with("0 stories"), "{}", none.out());
}
