//! The README's Use section runs as written: every command line of its shell block, in order,
//! from a folder laid out like the repository's root (outputs land there), exits 0. Lines
//! marked "slow" are left out; the first line (the build) is what the test itself stands on.

use std::path::Path;
use std::process::Command;

#[test]
fn every_line_of_the_use_section_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("## Use").expect("a Use section")..];
    let block = &section[section.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let work = std::env::temp_dir().join(format!("relupoly-readme-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    for folder in ["data", "examples", "tests"] {
        let link = work.join(folder);
        if !link.exists() {
            std::os::unix::fs::symlink(root.join(folder), link).unwrap();
        }
    }
    let mut ran = 0;
    for line in block.lines().skip(1) {
        let command = line.split("   #").next().unwrap().trim();
        if line.contains("(slow") || command.is_empty() {
            continue;
        }
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words[0], "relupoly", "{line}");
        let out = Command::new(env!("CARGO_BIN_EXE_relupoly"))
            .args(&words[1..])
            .current_dir(&work)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 20, "{ran} lines ran");
    std::fs::remove_dir_all(&work).unwrap();
}
