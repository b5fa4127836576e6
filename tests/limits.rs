//! Sizes are checked before anything of that size is allocated: each hostile request is refused
//! at once with a message naming the limit and the flag or field, never a panic or an
//! out-of-memory kill.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs relupoly, expecting exit code 1 within two seconds; returns standard error.
fn refused(args: &[&str]) -> String {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{args:?} took {:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

fn file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("relupoly-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn random_networks_are_sized_before_they_are_drawn() {
    let e = refused(&[
        "random",
        "--input-dim",
        "2",
        "--widths",
        "18446744073709551615",
    ]);
    assert!(
        e.contains("more than 2^64 parameters") && e.contains("--widths"),
        "{e}"
    );
    let e = refused(&["random", "--input-dim", "2", "--widths", "4000000000"]);
    assert!(
        e.contains("12000000000 parameters; at most 100000000"),
        "{e}"
    );
    let e = refused(&["random", "--input-dim", "0", "--widths", "3"]);
    assert!(e.contains("--input-dim must be at least 1"), "{e}");
    let e = refused(&[
        "--threads",
        "100000",
        "random",
        "--input-dim",
        "2",
        "--widths",
        "3",
    ]);
    assert!(e.contains("--threads 100000: at most 1024"), "{e}");
}

#[test]
fn high_dimensional_domains_are_refused_before_they_are_built() {
    let weights = format!("[[{}1]]", "0, ".repeat(99_999));
    let net = file(
        "wide-input.json",
        &format!(r#"{{"input_dim": 100000, "layers": [{{"weights": {weights}, "biases": [0]}}]}}"#),
    );
    for domain in [&[][..], &["--domain", "rd"][..]] {
        let mut args = vec!["regions", net.as_str(), "--quiet"];
        args.extend_from_slice(domain);
        let e = refused(&args);
        assert!(
            e.contains("dimension 100000 is above the supported maximum of 16"),
            "{e}"
        );
    }
}

#[test]
fn sweep_configurations_are_sized_before_they_run() {
    let base = r#""inits": ["he-normal"], "biases": ["zero"], "domains": ["box"], "seeds": [1]"#;
    for (config, expected) in [
        (
            format!(r#"{{"dims": [5000], "widths": [4], "depths": [1], {base}}}"#),
            "dims: input dimension 5000 is above the supported maximum of 16",
        ),
        (
            format!(r#"{{"dims": [2], "widths": [4], "depths": [1000000], {base}}}"#),
            "widths/depths: width 4 and depth 1000000",
        ),
        (
            format!(
                r#"{{"dims": [2], "budgets": [{{"neurons": 1000000, "depths": [1]}}], {base}}}"#
            ),
            "budgets, entry 0: width 1000000",
        ),
        (
            format!(
                r#"{{"dims": [3], "widths": [4], "depths": [1], {base}, "training": {{"task": "sphere", "optimizer": "adam", "rate": 0.01, "points": 100000, "steps": [0, 1]}}}}"#
            ),
            "more than 1000000 training samples",
        ),
    ] {
        let path = file("sweep.json", &config);
        let out = std::env::temp_dir().join(format!("relupoly-limits-out-{}", std::process::id()));
        let e = refused(&["check", &path, "--out", out.to_str().unwrap(), "--quiet"]);
        assert!(e.contains(expected), "{e}");
    }
}

#[test]
fn silent_acceptance_is_gone() {
    // A duplicated key would let a wrong value hide behind a right one.
    let net = file(
        "duplicate.json",
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0]], "biases": [0], "bi\u0061ses": [1]}]}"#,
    );
    let e = refused(&["regions", &net, "--quiet"]);
    assert!(
        e.contains("line 1, column 66: the key \"biases\" appears twice"),
        "{e}"
    );
    // An engine file that asserts nothing is not "in agreement".
    let good = file(
        "good.json",
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0]], "biases": [0]}]}"#,
    );
    let engine = file("engine.json", r#"{"engine": "x", "counts": {}}"#);
    let e = refused(&["compare", &good, &engine]);
    assert!(e.contains("the engine asserts nothing"), "{e}");
}

#[test]
fn messages_say_what_is_wrong() {
    let net = file(
        "line.json",
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0]], "biases": [0]}]}"#,
    );
    let e = refused(&["regions", &net, "--domain", "rd", "--draw", "x.svg"]);
    assert!(e.contains("--draw needs a bounded domain"), "{e}");
    assert!(!e.contains("input dimension"), "{e}");
    let empty_point = file("point.json", r#"{"vertices": [[]]}"#);
    let e = refused(&["polytope", &empty_point]);
    assert!(
        e.contains("vertex 0: has no entries (at least one is needed)"),
        "{e}"
    );
    // `--domain rd` next to a file called rd: said, not guessed.
    let dir = Path::new(&net).parent().unwrap().join("with-rd");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rd"), "{}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(["regions", &net, "--domain", "rd", "--quiet"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write --domain ./rd for the file"));
    // A volume beyond f64's range is still printed, never as "inf".
    let out = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(["regions", &net, "--box", "-1e300,1e300", "--quiet"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("volume    about 4.00000e600 (sum over the bounded regions; 601 digits"),
        "{text}"
    );
}

#[test]
fn an_npz_entry_declaring_a_huge_size_is_refused_before_it_is_read() {
    use std::io::Write;
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut archive = zip::ZipWriter::new(&mut bytes);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        archive.start_file("0.weight.npy", stored).unwrap();
        archive.write_all(&[0u8; 64]).unwrap();
        archive.finish().unwrap();
    }
    let mut bytes = bytes.into_inner();
    // Declare 2^31 - 1 uncompressed bytes in the local header and in the central directory.
    let huge = 0x7fff_ffffu32.to_le_bytes();
    bytes[22..26].copy_from_slice(&huge);
    let central = bytes
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&huge);
    let path = file("huge.npz", "");
    std::fs::write(&path, bytes).unwrap();
    let e = refused(&["import", &path]);
    assert!(
        e.contains("the entry declares 2147483647 bytes, more than the 268435456"),
        "{e}"
    );
}
