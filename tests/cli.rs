//! The `relupoly` command as a user runs it.

use relupoly::exact::{parse_rational, Rational};
use std::path::PathBuf;
use std::process::{Command, Output};

fn relupoly(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The standard error of a run that must fail with exit code 1.
fn failure(args: &[&str]) -> String {
    let output = relupoly(args);
    assert_eq!(output.status.code(), Some(1), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relupoly-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A network drawn by `relupoly random --input-dim DIM --widths WIDTHS --seed SEED` (and
/// `extra` options), written to the temporary file `name`.
fn random_network(name: &str, dim: &str, widths: &str, seed: &str, extra: &[&str]) -> PathBuf {
    let net = temp(name);
    let mut args = vec![
        "random",
        "--input-dim",
        dim,
        "--widths",
        widths,
        "--seed",
        seed,
    ];
    args.extend_from_slice(extra);
    args.extend(["-o", net.to_str().unwrap()]);
    stdout(&relupoly(&args));
    net
}

#[test]
fn the_example_runs_and_partitions_the_box() {
    let text = stdout(&relupoly(&["regions", "--example", "--quiet"]));
    assert!(
        text.contains("domain    box [-1, 1]^3 (volume 8)"),
        "{text}"
    );
    assert!(
        text.contains("volume    8 (sum over the bounded regions)"),
        "{text}"
    );
    // Pinned in data/networks/README.md.
    assert!(
        text.contains("regions   1340 activation regions, 1340 bounded\n"),
        "{text}"
    );
}

#[test]
fn summary_json_has_the_documented_fields() {
    let text = stdout(&relupoly(&[
        "regions",
        "--example",
        "--summary-json",
        "--box",
        "-1/2,1",
    ]));
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["volume_total"], "27/8");
    let regions = summary["regions"].as_u64().unwrap();
    for key in ["facets", "vertices", "simplices"] {
        let histogram = summary[key]["histogram"].as_object().unwrap();
        let counted: u64 = histogram.values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(counted, regions);
        // The exact mean is the histogram's mean, written as an integer or a reduced fraction.
        let total: u64 = histogram
            .iter()
            .map(|(count, n)| count.parse::<u64>().unwrap() * n.as_u64().unwrap())
            .sum();
        let mean = summary[key]["mean"].as_str().unwrap();
        let expected = Rational::from(total) / Rational::from(regions);
        assert_eq!(mean, expected.to_string());
        assert_eq!(parse_rational(mean).unwrap(), expected);
    }
    let f_sum: Vec<u64> = summary["f_vector_sum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(f_sum.len(), 3);
    // Every region of a 3-polytope complex satisfies V - E + F = 2, so the sums do too.
    assert_eq!(
        f_sum[0] as i64 - f_sum[1] as i64 + f_sum[2] as i64,
        2 * regions as i64
    );
}

#[test]
fn jsonl_has_one_deterministic_record_per_region() {
    let net = random_network("net.json", "2", "5,5", "3", &[]);
    let run = |name: &str| {
        let out = temp(name);
        let summary = stdout(&relupoly(&[
            "regions",
            net.to_str().unwrap(),
            "--summary-json",
            "--jsonl",
            out.to_str().unwrap(),
        ]));
        (summary, std::fs::read_to_string(out).unwrap())
    };
    let (summary, first) = run("a.jsonl");
    let (_, second) = run("b.jsonl");
    assert_eq!(first, second, "same input, same bytes");
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let records: Vec<serde_json::Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len() as u64, summary["regions"].as_u64().unwrap());
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record["index"], i);
        assert_eq!(record["pattern"].as_array().unwrap().len(), 2);
        assert_eq!(record["interior_point"].as_array().unwrap().len(), 2);
        let vertices = record["vertices"].as_array().unwrap().len();
        let facets = record["facets"].as_array().unwrap();
        assert_eq!(
            vertices,
            facets.len(),
            "a polygon has as many vertices as edges"
        );
        for facet in facets {
            assert_eq!(facet["inequality"].as_array().unwrap().len(), 3);
            assert!(!facet["sources"].as_array().unwrap().is_empty());
            assert_eq!(facet["vertices"].as_array().unwrap().len(), 2);
        }
        assert!(record["volume"].is_string());
    }
    let patterns: Vec<&serde_json::Value> = records.iter().map(|r| &r["pattern"]).collect();
    let mut sorted = patterns.clone();
    sorted.sort_by_key(|p| p.to_string());
    assert_eq!(patterns, sorted, "records come in pattern order");
}

#[test]
fn max_regions_stops_with_a_clear_message() {
    let jsonl = temp("stopped.jsonl");
    let stderr = failure(&[
        "regions",
        "--example",
        "--max-regions",
        "10",
        "--jsonl",
        jsonl.to_str().unwrap(),
    ]);
    assert!(
        stderr.starts_with("error: stopped: the network has more than 10 regions"),
        "{stderr}"
    );
    // An incomplete output never stands under its final name.
    assert!(!jsonl.exists());
    assert!(jsonl.with_file_name("stopped.jsonl.partial").exists());
}

#[test]
fn bad_input_is_named_on_stderr() {
    let net = temp("bad.json");
    std::fs::write(
        &net,
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 2], [3]], "biases": [0, 0]}]}"#,
    )
    .unwrap();
    let stderr = failure(&["regions", net.to_str().unwrap()]);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {}: layer 0 weights, row 1: has 1 entries, expected 2",
            net.display()
        )
    );
    let stderr = failure(&["regions", "--example", "--box", "1,x"]);
    assert!(
        stderr.starts_with("error: --box 1,x: malformed number"),
        "{stderr}"
    );
    let output = relupoly(&[
        "random",
        "--input-dim",
        "2",
        "--widths",
        "3",
        "--init",
        "gaussian",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn random_networks_are_the_same_on_every_machine() {
    let text = stdout(&relupoly(&[
        "random",
        "--input-dim",
        "2",
        "--widths",
        "3,2",
        "--output",
        "1",
        "--init",
        "xavier-normal",
        "--bias",
        "uniform:0.5",
        "--seed",
        "7",
    ]));
    let pinned = include_str!("data/random_d2_w3-2_o1_seed7.json");
    assert_eq!(text, pinned);
    let orthogonal = [
        "random",
        "--input-dim",
        "4",
        "--widths",
        "8",
        "--init",
        "orthogonal",
        "--seed",
        "1",
    ];
    let (again, twice) = (relupoly(&orthogonal), relupoly(&orthogonal));
    assert_eq!(stdout(&again), stdout(&twice));
}

#[test]
fn random_bits_and_integers_shape_the_numbers() {
    let first_layer = |options: &[&str]| {
        let mut args = vec!["random", "--input-dim", "3", "--widths", "4", "--seed", "5"];
        args.extend_from_slice(options);
        let net = relupoly::io::parse_network(&stdout(&relupoly(&args)), "random").unwrap();
        net.blocks()[0].layer.clone()
    };
    let layer = first_layer(&["--init", "integers:2"]);
    for v in layer.weights.iter().flatten().chain(&layer.biases) {
        assert_eq!(*v.denominator_ref(), 1u32);
        assert!(*v >= -2 && *v <= 2);
    }
    for v in first_layer(&["--bits", "4"]).weights.iter().flatten() {
        let numerator = v.numerator_ref().clone();
        assert!(numerator < 16u32, "at most 4 significant bits: {v}");
    }
}

#[test]
fn the_polytope_tool_measures_a_cut_cube() {
    let file = temp("cube.json");
    std::fs::write(
        &file,
        r#"{"inequalities": [[1,1,0,0],[1,-1,0,0],[1,0,1,0],[1,0,-1,0],[1,0,0,1],[1,0,0,-1],["1/2",-1,-1,-1],[2,1,0,0]]}"#,
    )
    .unwrap();
    let text = stdout(&relupoly(&[
        "polytope",
        file.to_str().unwrap(),
        "--json",
        "--lattice",
        "--simplices",
    ]));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["f_vector"], serde_json::json!([10, 15, 7]));
    assert_eq!(report["volume"], "131/24");
    assert_eq!(report["dimension"], 3);
    let simplices = report["triangulation"].as_array().unwrap();
    assert_eq!(
        simplices.len() as u64,
        report["simplices"].as_u64().unwrap()
    );
    // 1 polytope + 7 facets + 15 edges + 10 vertices.
    assert_eq!(report["faces"].as_array().unwrap().len(), 33);
    // The redundant row 7 (x >= -2) supports no facet; row 0 supports x >= -1.
    let facets = report["facets"].as_array().unwrap();
    assert!(facets.iter().all(|f| !f["rows"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(7))));
    let text = stdout(&relupoly(&["polytope", file.to_str().unwrap()]));
    assert!(
        text.contains("f-vector  (10, 15, 7)") && text.contains("volume    131/24"),
        "{text}"
    );
}

#[test]
fn pictures_are_written_as_svg() {
    let net = random_network("planar.json", "2", "6,6", "9", &[]);
    let (plot, draw) = (temp("plot.svg"), temp("draw.svg"));
    stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--plot",
        plot.to_str().unwrap(),
        "--draw",
        draw.to_str().unwrap(),
    ]));
    for path in [&plot, &draw] {
        let svg = std::fs::read_to_string(path).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
    // The same run draws the same bytes, on any number of threads.
    let (plot_again, draw_again) = (temp("plot-again.svg"), temp("draw-again.svg"));
    stdout(&relupoly(&[
        "--threads",
        "1",
        "regions",
        net.to_str().unwrap(),
        "--plot",
        plot_again.to_str().unwrap(),
        "--draw",
        draw_again.to_str().unwrap(),
    ]));
    for (first, again) in [(&plot, &plot_again), (&draw, &draw_again)] {
        assert_eq!(std::fs::read(first).unwrap(), std::fs::read(again).unwrap());
    }
    let regions: usize = stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--summary-json",
    ]))
    .parse::<serde_json::Value>()
    .unwrap()["regions"]
        .as_u64()
        .unwrap() as usize;
    let polygons = std::fs::read_to_string(&draw)
        .unwrap()
        .matches("<polygon")
        .count();
    assert!(polygons >= regions, "one polygon per region at least");
    // Coloured by pattern: one fill colour per region (the legend's swatches repeat some).
    let by_pattern = temp("draw-pattern.svg");
    stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--draw",
        by_pattern.to_str().unwrap(),
        "--draw-colour",
        "pattern",
    ]));
    let svg = std::fs::read_to_string(&by_pattern).unwrap();
    let fills: std::collections::BTreeSet<&str> = svg
        .split("<polygon")
        .skip(1)
        .filter_map(|p| p.split("fill=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(fills.len(), regions, "{fills:?}");
    let usage = relupoly(&["regions", "--example", "--draw-colour", "pattern"]);
    let stderr = String::from_utf8_lossy(&usage.stderr);
    assert!(
        usage.status.code() == Some(2) && stderr.contains("--draw <FILE.svg>"),
        "{stderr}"
    );
    let stderr = failure(&["regions", "--example", "--draw", draw.to_str().unwrap()]);
    assert!(stderr.contains(
        "--draw needs a network with input dimension 2 or a 2-dimensional --slice (this one has 3)"
    ));
}

#[test]
fn the_whole_space_and_its_adjacency_graph() {
    let net = temp("lines.json");
    std::fs::write(
        &net,
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1], [1, 1]], "biases": [0, 0, 0]}],
            "output": {"weights": [[1, 1, 0]], "biases": [0]}}"#,
    )
    .unwrap();
    let graph = temp("graph.json");
    let text = stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--domain",
        "rd",
        "--summary-json",
        "--graph",
        graph.to_str().unwrap(),
    ]));
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["complex"]["f_vector"], serde_json::json!([1, 6, 6]));
    assert_eq!(summary["complex"]["euler_characteristic"], 1);
    assert_eq!(summary["unbounded_regions"], 6);
    assert_eq!(summary["volume_total"], "0");
    // relu(x) + relu(y) ignores the line x + y = 0: the regions it separates merge.
    assert_eq!(summary["activation_regions"], 6);
    assert_eq!(summary["linear_pieces"], 4);
    let graph: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&graph).unwrap()).unwrap();
    assert_eq!(graph["regions"].as_array().unwrap().len(), 6);
    let edges = graph["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 6, "six rays, each shared by two sectors");
    for edge in edges {
        assert_eq!(edge["sources"].as_array().unwrap().len(), 1);
    }
    let text = stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--domain",
        "rd",
    ]));
    assert!(
        text.contains("regions   6 activation regions, 0 bounded"),
        "{text}"
    );
    assert!(text.contains("pieces    4 linear pieces"), "{text}");
    assert!(
        text.contains("complex   f-vector (1, 6, 6), Euler characteristic 1, 6 adjacent pairs"),
        "{text}"
    );
}

#[test]
fn check_writes_a_report_and_resumes() {
    let config = temp("sweep.json");
    std::fs::write(
        &config,
        r#"{"dims": [2], "widths": [3], "depths": [1, 2], "budgets": [{"neurons": 4, "depths": [1, 2]}],
            "inits": ["he-normal"], "biases": ["pytorch"], "domains": ["box", "rd"], "seeds": [1, 2],
            "bits": 12}"#,
    )
    .unwrap();
    let out = temp("report");
    let _ = std::fs::remove_dir_all(&out);
    let args = [
        "check",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    let first = stdout(&relupoly(&args));
    assert!(
        first.contains("(8 configurations, 16 networks, 0 configurations reused"),
        "{first}"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("| 2 | 3-3 | plain | he-normal | pytorch | rd | full | - | - | 2 | 2 |"),
        "{report}"
    );
    assert!(report.contains("`mean-facets-2d`: not applicable: the domain is not R^d"));
    assert!(report.contains("`one-layer-arrangement`: holds on all 2 seeds"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["configurations"].as_array().unwrap().len(), 8);
    let plots = [
        "plots/depth-d2-rd.svg",
        "plots/width-d2-box.svg",
        "plots/distributions/d2-n4-he-normal-bias-pytorch-rd.svg",
    ];
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for plot in plots {
        let svg = std::fs::read_to_string(out.join(plot)).unwrap();
        assert!(html.contains(&svg), "{plot} is inlined in report.html");
        assert!(
            report.contains(&format!("]({plot})")),
            "{plot} is linked in report.md"
        );
    }
    assert!(html.contains("<th>entry</th><th>kind</th>") && html.contains("<h2 id=\"plots\">"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"));
    // A second run reuses every configuration and writes the same report.
    let second = stdout(&relupoly(&args));
    assert!(second.contains("8 configurations reused"), "{second}");
    let again = std::fs::read_to_string(out.join("report.md")).unwrap();
    let body = |r: &str| r.lines().skip(3).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&report), body(&again));
    // A stored result edited by hand is not trusted: it is computed again.
    let stored = std::fs::read_dir(out.join("configs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let text = std::fs::read_to_string(&stored).unwrap();
    let edited = text.replacen("\"regions\":", "\"regions\":1", 1);
    assert_ne!(text, edited);
    std::fs::write(&stored, edited).unwrap();
    let third = stdout(&relupoly(&args));
    assert!(third.contains("7 configurations reused"), "{third}");
    assert_eq!(
        body(&report),
        body(&std::fs::read_to_string(out.join("report.md")).unwrap())
    );
    // A bad configuration is named.
    std::fs::write(&config, r#"{"dims": [2], "widths": [3], "depths": [1], "inits": ["gauss"], "biases": ["zero"], "domains": ["box"], "seeds": [1]}"#).unwrap();
    let stderr = failure(&[
        "check",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("inits, entry 0: unknown initialisation \"gauss\""),
        "{stderr}"
    );
}

#[test]
fn random_blocks_and_the_block_axis_of_sweeps() {
    let net = random_network(
        "residual.json",
        "2",
        "3,3",
        "4",
        &["--blocks", "residual-leaky:1/10"],
    );
    let parsed = relupoly::io::read_network(&net).unwrap();
    assert!(parsed.blocks().iter().all(|b| b.shortcut.is_some()
        && *b.activation.negative_slope() == relupoly::exact::Rational::from_signeds(1, 10)));
    let summary = stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--summary-json",
    ]));
    assert!(summary.contains("\"activation_regions\""), "{summary}");
    let refused = relupoly(&[
        "random",
        "--input-dim",
        "2",
        "--widths",
        "3",
        "--blocks",
        "leaky:x",
    ]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a bad value is a usage error"
    );
    let error = String::from_utf8(refused.stderr).unwrap();
    assert!(error.contains("block kind \"leaky:x\""), "{error}");
    let config = temp("blocks.json");
    let out = temp("blocks-report");
    std::fs::write(
        &config,
        r#"{"dims": [2], "widths": [3], "depths": [2], "blocks": ["plain", "residual"],
            "inits": ["he-normal"], "biases": ["pytorch"], "domains": ["rd"], "seeds": [1]}"#,
    )
    .unwrap();
    let args = [
        "check",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    assert!(stdout(&relupoly(&args)).contains("(2 configurations, 2 networks"));
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("| 2 | 3-3 | residual | he-normal | pytorch | rd |"),
        "{report}"
    );
    assert!(report.contains("not a plain ReLU layer"), "{report}");
    std::fs::write(
        &config,
        r#"{"dims": [2], "widths": [3], "depths": [1], "blocks": ["residual"], "inits": ["he-normal"],
            "biases": ["zero"], "domains": ["box"], "seeds": [1],
            "training": {"task": "sphere", "optimizer": "adam", "rate": 0.01, "steps": [0, 5]}}"#,
    )
    .unwrap();
    let trained = temp("blocks-trained-report");
    let args = [
        "check",
        config.to_str().unwrap(),
        "--out",
        trained.to_str().unwrap(),
        "--quiet",
    ];
    assert!(
        stdout(&relupoly(&args)).contains("(2 configurations, 2 networks"),
        "residual networks are trained too"
    );
}

#[test]
fn no_complex_leaves_the_complex_out_and_keeps_the_rest() {
    let with = stdout(&relupoly(&["regions", "--example", "--summary-json"]));
    let without = stdout(&relupoly(&[
        "regions",
        "--example",
        "--summary-json",
        "--no-complex",
    ]));
    let mut with: serde_json::Value = serde_json::from_str(&with).unwrap();
    let without: serde_json::Value = serde_json::from_str(&without).unwrap();
    assert!(with["complex"].is_object());
    assert!(without["complex"].is_null());
    with["complex"] = serde_json::Value::Null;
    assert_eq!(with, without, "everything but the complex is the same");
    let text = stdout(&relupoly(&["regions", "--example", "--no-complex"]));
    assert!(
        text.contains("complex   not computed (--no-complex)"),
        "{text}"
    );
}

#[test]
fn no_volume_leaves_volumes_out_and_keeps_the_rest() {
    let net = random_network("no-volume.json", "3", "6,6", "2", &[]);
    let (full, fast) = (temp("full.jsonl"), temp("fast.jsonl"));
    let run = |jsonl: &PathBuf, extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "regions",
            net.to_str().unwrap(),
            "--summary-json",
            "--jsonl",
        ];
        args.push(jsonl.to_str().unwrap());
        args.extend_from_slice(extra);
        serde_json::from_str(&stdout(&relupoly(&args))).unwrap()
    };
    let mut with = run(&full, &[]);
    let without = run(&fast, &["--no-volume"]);
    assert_eq!(with["volume_total"], "8");
    assert!(without["volume_total"].is_null());
    with["volume_total"] = serde_json::Value::Null;
    assert_eq!(with, without, "everything but the volume is the same");
    let records = |path: &PathBuf| -> Vec<serde_json::Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    for (mut a, b) in records(&full).into_iter().zip(records(&fast)) {
        assert!(a["volume"].is_string() && b["volume"].is_null());
        a["volume"] = serde_json::Value::Null;
        assert_eq!(a, b, "the records differ only in the volume");
    }
    let text = stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--no-volume",
    ]));
    assert!(
        text.contains("volume    not computed (--no-volume)"),
        "{text}"
    );
}

#[test]
fn theory_prints_every_entry_with_its_kind_as_json() {
    let lines = temp("parallel-lines.json");
    std::fs::write(
        &lines,
        r#"{"input_dim":2,"layers":[{"weights":[[1,0],[1,0]],"biases":[0,-1]}]}"#,
    )
    .unwrap();
    let text = stdout(&relupoly(&[
        "theory",
        lines.to_str().unwrap(),
        "--domain",
        "rd",
        "--json",
        "--quiet",
    ]));
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["generic"], false);
    assert!(document["genericity"]["first_layer"]
        .as_str()
        .unwrap()
        .contains("linearly dependent"));
    assert_eq!(document["regions"], 3);
    let entries = document["entries"].as_array().unwrap();
    assert_eq!(entries.len(), relupoly::theory::catalogue().len());
    for entry in entries {
        assert!(["theorem", "published-claim", "consistency"]
            .contains(&entry["kind"].as_str().unwrap()));
        assert!(
            ["holds", "violated", "not-applicable"].contains(&entry["verdict"].as_str().unwrap())
        );
        assert_ne!(entry["verdict"], "violated", "{entry}");
    }
    let min_facets = entries.iter().find(|e| e["id"] == "min-facets").unwrap();
    assert_eq!(min_facets["verdict"], "not-applicable");
    assert!(min_facets["reason"].as_str().unwrap().contains("rank 1"));
    let hyperplanes = document["bent_hyperplanes"].as_array().unwrap();
    assert!(hyperplanes
        .iter()
        .all(|h| h["chi_c"] == -1 && h["bounded"] == false));
    let on_a_box = stdout(&relupoly(&["theory", lines.to_str().unwrap(), "--quiet"]));
    assert!(on_a_box.contains("min-facets [theorem]: not applicable: the domain is not R^d"));
    let missing = failure(&["theory", "no-such-network.json"]);
    assert!(missing.contains("no-such-network.json"), "{missing}");
}

#[test]
fn random_draws_bias_free_and_low_rank_networks() {
    let text = stdout(&relupoly(&[
        "random",
        "--input-dim",
        "3",
        "--widths",
        "4,2",
        "--bias",
        "none",
        "--first-layer-rank",
        "1",
        "--bits",
        "8",
    ]));
    let network = relupoly::io::parse_network(&text, "random.json").unwrap();
    assert!(network
        .blocks()
        .iter()
        .all(|b| b.layer.biases.iter().all(|v| *v == 0u32)));
    let first = network.blocks()[0].layer.to_integers().weights;
    assert_eq!(relupoly::exact::rank(&first), 1);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["metadata"]["bias"], "none");
    assert_eq!(json["metadata"]["first_layer_rank"], 1);
    let error = failure(&[
        "random",
        "--input-dim",
        "3",
        "--widths",
        "4",
        "--first-layer-rank",
        "3",
    ]);
    assert!(error.contains("first-layer rank of 3"), "{error}");
}

/// The summary shown in docs/formats.md is what `relupoly regions --summary-json` prints for the
/// network it names, byte for byte (up to the folding of the line), keys in the documented order.
#[test]
fn the_documented_summary_is_the_printed_one() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/formats.md")).unwrap();
    let section = docs.split("## Summary").nth(1).unwrap();
    let block = section
        .split("```json")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let documented: String = block.lines().map(str::trim).collect();
    let net = random_network("documented-summary.json", "2", "8,8", "1", &[]);
    let printed = stdout(&relupoly(&[
        "regions",
        net.to_str().unwrap(),
        "--summary-json",
        "--quiet",
    ]));
    assert_eq!(printed.trim(), documented);
}

/// Without records the summary's exact volume sum comes from the regions' boundary facets
/// (`proofs/volume-total.md`), with records from each region's own volume: the same bytes.
#[test]
fn the_volume_sum_is_the_same_with_and_without_records() {
    let net = random_network("sum-net.json", "3", "6,6", "5", &[]);
    for domain in [["--box", "-1,2"], ["--domain", "rd"]] {
        let summary = |records: Option<&str>| {
            let mut args = vec![
                "regions",
                net.to_str().unwrap(),
                "--summary-json",
                "--quiet",
            ];
            args.extend(domain);
            let path = records.map(temp);
            if let Some(path) = &path {
                args.extend(["--jsonl", path.to_str().unwrap()]);
            }
            stdout(&relupoly(&args))
        };
        let from_shares = summary(None);
        assert!(from_shares.contains("\"volume_total\":\""), "{from_shares}");
        assert_eq!(from_shares, summary(Some("sum.jsonl")), "{domain:?}");
    }
}

/// Records written to a pipe go into it: the file written and renamed into place elsewhere
/// would replace the pipe itself (and `--jsonl /dev/null` would replace the device).
#[cfg(unix)]
#[test]
fn jsonl_into_a_pipe_keeps_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let fifo = temp("records.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("the pipe is read"))
    };
    let output = relupoly(&[
        "regions",
        "--example",
        "--quiet",
        "--jsonl",
        fifo.to_str().unwrap(),
    ]);
    stdout(&output);
    let records = reader.join().expect("the reader finishes");
    assert!(
        records.lines().count() > 1,
        "the records went through the pipe"
    );
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe is still a pipe");
    std::fs::remove_file(&fifo).unwrap();
}
