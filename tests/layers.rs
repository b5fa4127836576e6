//! The layers of ARCHITECTURE.md hold in the code: every `crate::` path in a module names a
//! layer that its layer may use, every top-level module is a declared layer, and each external
//! crate (and the file system) is named only where ARCHITECTURE.md says.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The lines of the fenced block ```NAME in ARCHITECTURE.md, as `key: values` pairs in their
/// order (a key alone ends with `:`).
fn declared(name: &str) -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let block = text
        .split(&format!("```{name}\n"))
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no ```{name} block"));
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (key, values) = line
                .split_once(": ")
                .unwrap_or_else(|| (line.trim_end_matches(':'), ""));
            (
                key.trim().to_string(),
                values.split_whitespace().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// Every Rust file under `dir`, with its path relative to `src/`.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root().join("src")).unwrap();
            let code: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .map(|line| match line.find("//") {
                    Some(at) => &line[..at],
                    None => line,
                })
                .collect::<Vec<_>>()
                .join("\n");
            out.push((relative.to_string_lossy().replace('\\', "/"), code));
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    sources(&root().join("src"), &mut out);
    out.sort();
    out
}

/// The layer of a file: its top-level folder or file stem (`lib` and `main` for the roots).
fn layer_of(file: &str) -> String {
    file.split('/')
        .next()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string()
}

/// Where `prefix` starts a path in `code` (not inside a longer name or path).
fn path_starts<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(prefix)
        .map(|(at, _)| at)
        .filter(move |&at| {
            !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
        })
}

/// The top-level modules a piece of code names through `crate::`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    path_starts(code, "crate::")
        .map(|at| {
            code[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let layers: BTreeMap<String, BTreeSet<String>> = declared("layers").into_iter().collect();
    let mut broken = Vec::new();
    for (file, code) in all_sources() {
        let layer = layer_of(&file);
        if layer == "lib" || layer == "main" {
            continue;
        }
        let allowed = layers.get(&layer).unwrap_or_else(|| {
            panic!("src/{file}: layer `{layer}` is not declared in ARCHITECTURE.md")
        });
        for used in crate_paths(&code) {
            if used != layer && !allowed.contains(&used) {
                broken.push(format!("src/{file}: `{layer}` uses `{used}`"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "edges against the declared layers:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_declared_layers_are_acyclic_and_name_real_modules() {
    let layers = declared("layers");
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    // Each layer may use only layers declared on earlier lines: the order is a topological one.
    for (i, (layer, uses)) in layers.iter().enumerate() {
        assert!(
            lib.contains(&format!("pub mod {layer};")),
            "`{layer}` is not a module"
        );
        for used in uses {
            let j = layers
                .iter()
                .position(|(l, _)| l == used)
                .expect("a declared layer");
            assert!(j < i, "`{layer}` may use `{used}`, declared after it");
        }
    }
}

#[test]
fn external_crates_and_the_file_system_are_named_only_where_declared() {
    let places = declared("crates");
    let mut broken = Vec::new();
    for (file, code) in all_sources() {
        for (name, allowed) in &places {
            let named = path_starts(&code, &format!("{name}::")).next().is_some();
            let here = allowed
                .iter()
                .any(|place| file == *place || file.starts_with(&format!("{place}/")));
            if named && !here {
                broken.push(format!("src/{file} names `{name}`"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "outside their declared places:\n{}",
        broken.join("\n")
    );
}

#[test]
fn a_library_user_without_default_features_gets_no_cli_plotting_or_zip_crates() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = std::process::Command::new(cargo)
        .current_dir(root())
        .args([
            "tree",
            "--offline",
            "--no-default-features",
            "--features",
            "testing",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let crates: BTreeSet<String> = String::from_utf8(tree.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(crates.contains("malachite") && crates.contains("proptest"));
    for unwanted in ["clap", "plotters", "zip", "mimalloc"] {
        assert!(
            !crates.contains(unwanted),
            "`{unwanted}` without default features"
        );
    }
}
