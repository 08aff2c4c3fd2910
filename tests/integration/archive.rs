//! The index is exactly the archive (issue 12): nothing doubled, nothing lost, nothing stale, and
//! no input that crashes a command.

use crate::util::TestEnv;

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
