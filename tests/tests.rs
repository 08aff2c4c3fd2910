//! Integration tests: the real `depeche` binary run on `sample-corpus/` and `tests/fixtures/`, with
//! each index in a temporary folder. One test binary made of modules, so it links once.
//!
//! Golden files live in `tests/golden/`; update them with
//! `UPDATE_EXPECT=1 cargo test --test integration` and read the diff before committing.

/// Compares the transcript of a [`util::Run`] (command, exit code, normalized output) with
/// `tests/golden/NAME.txt`.
macro_rules! golden {
    ($name:literal, $run:expr) => {
        expect_test::expect_file![concat!("../golden/", $name, ".txt")]
            .assert_eq(&$run.transcript())
    };
}

#[path = "integration/archive.rs"]
mod archive;
#[path = "integration/bad_input.rs"]
mod bad_input;
#[path = "integration/faults.rs"]
mod faults;
#[path = "integration/index.rs"]
mod index;
#[path = "integration/papercuts.rs"]
mod papercuts;
#[path = "integration/properties.rs"]
mod properties;
#[path = "integration/quotes.rs"]
mod quotes;
#[path = "integration/search.rs"]
mod search;
#[path = "integration/shell.rs"]
mod shell;
#[path = "integration/similar.rs"]
mod similar;
#[path = "integration/speakers.rs"]
mod speakers;
#[path = "integration/stats.rs"]
mod stats;
#[path = "integration/util.rs"]
mod util;
#[path = "integration/versions.rs"]
mod versions;
