//! One story, one hit: versions of one story fold into the best-ranked, which lists them; a
//! generic headline over different stories does not make them versions. On the stories of
//! `tests/fixtures/versions/` (see its README for what each pair is).

use std::path::Path;

use serde_json::Value;

use crate::util::{TestEnv, fixture};

fn versions_env() -> TestEnv {
    let env = TestEnv::new();
    env.run([Path::new("index"), &fixture("versions")])
        .assert_exit(0);
    env
}

/// `(id, versions)` of each hit of `search --json` with these arguments.
fn hits(env: &TestEnv, args: &[&str]) -> Vec<(String, Vec<String>)> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    env.run(all)
        .json_lines()
        .into_iter()
        .map(|hit| {
            let versions = hit["versions"]
                .as_array()
                .expect("a list of versions")
                .iter()
                .map(|id| id.as_str().expect("an id").to_owned())
                .collect();
            (hit["id"].as_str().expect("an id").to_owned(), versions)
        })
        .collect()
}

fn listed_versions(env: &TestEnv, id: &str) -> Vec<String> {
    let run = env.run(["show", id, "--versions", "--json"]);
    run.assert_exit(0);
    run.json_lines()
        .iter()
        .map(|version: &Value| version["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[test]
fn an_updated_dispatch_is_one_hit_that_names_its_other_version() {
    let env = versions_env();
    let folded = hits(&env, &["Molières"]);
    assert_eq!(folded.len(), 1, "{folded:?}");
    let (shown, versions) = &folded[0];
    let other = if shown == "2295" { "2428" } else { "2295" };
    assert_eq!(versions, &[other.to_owned()]);
    // --all-versions shows both, and lists none.
    let all = hits(&env, &["Molières", "--all-versions"]);
    let mut ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["2295", "2428"]);
    assert!(all.iter().all(|(_, versions)| versions.is_empty()));
    // The text output says it too.
    let text = env.run(["search", "Molières"]);
    assert!(
        text.out().contains(&format!("+ 1 other version: {other}")),
        "{}",
        text.out()
    );
}

#[test]
fn the_same_text_under_another_headline_is_a_version_and_show_lists_it() {
    let env = versions_env();
    assert_eq!(listed_versions(&env, "2583"), ["10947"]);
    assert_eq!(listed_versions(&env, "10947"), ["2583"]);
    let folded = hits(&env, &["cannabis"]);
    assert_eq!(folded.len(), 1, "{folded:?}");
}

#[test]
fn a_generic_headline_over_different_stories_makes_no_versions() {
    let env = versions_env();
    let found = hits(&env, &["Osenat"]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|(_, versions)| versions.is_empty()),
        "{found:?}"
    );
    assert!(listed_versions(&env, "3581").is_empty());
    assert!(listed_versions(&env, "3624").is_empty());
    let text = env.run(["show", "3581", "--versions"]);
    assert_eq!(text.out().trim(), "3581 has no other version");
}

#[test]
fn an_archive_of_many_copies_still_shows_as_many_stories_as_asked() {
    // Six copies of each AFP story under other names: each story has five other versions, so
    // the first ranked window folds into too few hits and a larger one is ranked.
    let env = TestEnv::new();
    let archive = env.dir().join("copies");
    for copy in 0..6 {
        let folder = archive.join(format!("copy{copy}"));
        std::fs::create_dir_all(&folder).expect("a folder");
        for entry in std::fs::read_dir(crate::util::sample_corpus().join("afp")).expect("afp") {
            let path = entry.expect("an entry").path();
            let stem = path
                .file_stem()
                .expect("a stem")
                .to_string_lossy()
                .into_owned();
            std::fs::copy(&path, folder.join(format!("{stem}-{copy}.txt"))).expect("a copy");
        }
    }
    env.run([Path::new("index"), &archive]).assert_exit(0);
    // Eight stories out of 48 copies: more than the first window (8 × 3 + 10) folds into.
    let shown = hits(&env, &["France", "-n", "8"]);
    assert_eq!(shown.len(), 8, "{shown:?}");
    for (id, versions) in &shown {
        assert_eq!(versions.len(), 5, "{id}: {versions:?}");
    }
    let all = hits(&env, &["France", "-n", "48", "--all-versions"]);
    assert_eq!(all.len(), 48);
}
