//! What fits the shell: completion scripts and a manual page generated from the command line, and
//! `--color`.

use crate::util::TestEnv;

const COMMANDS: &[&str] = &[
    "index", "search", "show", "similar", "quotes", "speakers", "stats", "status", "forget",
];

#[test]
fn completion_scripts_name_every_command_for_each_shell() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish"] {
        let run = env.run(["completions", shell]);
        run.assert_exit(0);
        for command in COMMANDS {
            assert!(run.out().contains(command), "{shell}: no {command}");
        }
        assert!(run.out().contains("min-confidence"), "{shell}");
    }
    let unknown = env.run(["completions", "tcsh"]);
    unknown.assert_exit(2);
    assert!(unknown.err().contains("tcsh"), "{}", unknown.err());
}

#[test]
fn the_manual_page_is_roff_and_lists_the_commands() {
    let env = TestEnv::new();
    let run = env.run(["man"]);
    run.assert_exit(0);
    let page = run.out();
    assert!(page.contains(".TH depeche 1"), "{page}");
    for command in COMMANDS {
        assert!(page.contains(command), "no {command}");
    }
}

#[test]
fn color_always_marks_with_escapes_and_never_with_stars() {
    let env = TestEnv::with_sample_index();
    let always = env.run(["--color", "always", "search", "Macron", "-n", "1"]);
    assert!(
        always.stdout.contains("\u{1b}[1;31mMacron\u{1b}[0m"),
        "{}",
        always.stdout
    );
    let never = env.run(["search", "Macron", "-n", "1", "--color", "never"]);
    assert!(never.stdout.contains("**Macron**"), "{}", never.stdout);
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
fn every_command_s_help_shows_an_example_of_itself() {
    let env = TestEnv::new();
    for command in COMMANDS {
        let run = env.run([command, "--help"]);
        run.assert_exit(0);
        let help = run.out();
        let example = help
            .lines()
            .skip_while(|line| !line.starts_with("Example"))
            .nth(1)
            .unwrap_or_default();
        assert!(
            example
                .trim_start()
                .starts_with(&format!("depeche {command}")),
            "{command}: {help}"
        );
    }
}

#[test]
fn index_and_forget_say_what_they_did_in_json_too() {
    let env = TestEnv::new();
    let run = env.run(["index", "--json", "-q"]);
    // No path and no remembered root: an error, and no JSON.
    run.assert_exit(2);
    let sample = crate::util::sample_corpus();
    let run = env.run([
        std::ffi::OsStr::new("index"),
        std::ffi::OsStr::new("--json"),
        sample.as_os_str(),
    ]);
    run.assert_exit(0);
    let summary = &run.json_lines()[0];
    let stories = env.run(["status", "--json"]).json_lines()[0]["stories"].clone();
    assert_eq!(summary["added"], stories);
    assert_eq!(summary["articles_in_index"], stories);
    assert!(summary["elapsed"].as_f64().is_some(), "{summary}");
    assert!(summary["quotes"].as_u64().unwrap_or(0) > 0, "{summary}");
    let forgot = env.run([
        std::ffi::OsStr::new("forget"),
        std::ffi::OsStr::new("--json"),
        sample.as_os_str(),
    ]);
    forgot.assert_exit(0);
    let dropped = &forgot.json_lines()[0];
    assert_eq!(dropped["stories"], stories);
    assert_eq!(dropped["was_root"], true);
}
