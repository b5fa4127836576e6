//! The fuzz corpora (`fuzz/corpus/NAME/`, one folder per reader of `relupoly::testing::readers`)
//! replayed as ordinary tests: no reader panics on any file, `valid-*` files are accepted,
//! `bad-*` files are refused with an error naming the file, and every reader has a corpus.
#![cfg(feature = "testing")]

use relupoly::testing::readers::READERS;
use std::path::Path;

#[test]
fn every_reader_survives_its_corpus_and_judges_the_seeds_right() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for reader in &READERS {
        let folder = root.join(reader.name);
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        let (mut valid, mut bad) = (0, 0);
        for file in &files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(file).unwrap();
            let answer = (reader.read)(&bytes);
            if name.starts_with("valid-") {
                valid += 1;
                assert!(answer.is_ok(), "{}/{name}: {answer:?}", reader.name);
            } else if name.starts_with("bad-") {
                bad += 1;
                let message = answer.expect_err(&format!("{}/{name} is refused", reader.name));
                assert!(
                    message.contains("fuzzed"),
                    "{}/{name}: {message}",
                    reader.name
                );
            }
        }
        assert!(
            valid >= 1 && bad >= 1,
            "{}: {valid} valid, {bad} bad",
            reader.name
        );
        assert!(files.len() >= 10, "{}: {} files", reader.name, files.len());
    }
}
