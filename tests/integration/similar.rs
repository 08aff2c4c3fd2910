//! `similar ID`: the stories closest to one, the story and its own versions left out. On
//! `sample-corpus/`, where `109` and `16` are two versions of one dispatch.

use crate::util::{TestEnv, hit_ids};

fn similar_ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["similar", "--json"];
    all.extend_from_slice(args);
    env.run(all)
        .json_lines()
        .into_iter()
        .map(|hit| hit["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[test]
fn the_story_and_its_versions_are_left_out() {
    let env = TestEnv::with_sample_index();
    let ids = similar_ids(&env, &["109", "-n", "100"]);
    assert!(ids.len() > 5, "{ids:?}");
    assert!(!ids.iter().any(|id| id == "109" || id == "16"), "{ids:?}");
    // The same holds from the other version.
    let ids = similar_ids(&env, &["16", "-n", "100"]);
    assert!(!ids.iter().any(|id| id == "109" || id == "16"), "{ids:?}");
}

#[test]
fn stories_on_the_same_subject_come_first() {
    let env = TestEnv::with_sample_index();
    // Blinken and Lavrov on Ukraine: the two other stories on Russia and Ukraine lead.
    let mut first_two = similar_ids(&env, &["000_e6aacbb205c0461c", "-n", "2"]);
    first_two.sort();
    assert_eq!(first_two, ["105_02f101f3abdf7ae5", "216_05d38974a8230cfc"]);
    // Text output: the same stories, with the words that made them close highlighted.
    let text = env.run(["similar", "000_e6aacbb205c0461c", "-n", "2"]);
    text.assert_exit(0);
    let mut shown = hit_ids(&text.stdout);
    shown.sort();
    assert_eq!(shown, first_two);
    assert!(text.stdout.contains("**Ukraine**"), "{}", text.stdout);
}

#[test]
fn an_unknown_id_is_not_found() {
    let env = TestEnv::with_sample_index();
    let run = env.run(["similar", "nope"]);
    run.assert_exit(1);
    assert!(
        run.err().contains("no story with id \"nope\""),
        "{}",
        run.err()
    );
}
