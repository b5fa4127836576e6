//! The sweep's study axes: bias-free networks, low-rank first layers, residual training and
//! penalties are configuration axes; bad values are refused naming their key; collapsed runs
//! are flagged and kept out of the report's means.

use relupoly::exact::rank;
use relupoly::experiment::{
    build_report, configurations, network_of, run_configuration, Regularisation,
};
use relupoly::io::{parse_sweep_config, write_report};
use relupoly::network::BlockKind;

fn sweep(extra: &str, training: &str) -> String {
    format!(
        r#"{{"dims": [3], "widths": [4], "depths": [1], "inits": ["pytorch"], "biases": ["none"],
            "domains": ["box"], "seeds": [1, 2]{extra},
            "training": {{"task": "sinusoid", "optimizer": "adam", "rate": 0.01, "points": 4,
                          "steps": [0, 30]{training}}}}}"#
    )
}

fn refusal(text: &str) -> String {
    parse_sweep_config(text, "sweep.json")
        .expect_err("a bad value is refused")
        .to_string()
}

#[test]
fn bad_values_are_refused_naming_their_key() {
    for (extra, training, key) in [
        (
            r#", "first_layer_ranks": ["low"]"#,
            "",
            "first_layer_ranks, entry 0",
        ),
        (
            r#", "first_layer_ranks": [0]"#,
            "",
            "first_layer_ranks, entry 0",
        ),
        (r#", "first_layer_ranks": [3]"#, "", "first_layer_ranks"),
        (r#", "first_layer_ranks": []"#, "", "first_layer_ranks"),
        (
            "",
            r#", "regularisation": ["l3:1"]"#,
            "training: regularisation, entry 0",
        ),
        (
            "",
            r#", "regularisation": ["l2:-1"]"#,
            "training: regularisation, entry 0",
        ),
        (
            "",
            r#", "regularisation": [1]"#,
            "training: regularisation, entry 0",
        ),
        ("", r#", "regularisation": []"#, "training: regularisation"),
        (r#", "bits": 0"#, "", "bits"),
        (r#", "bits": "16""#, "", "bits"),
        (r#", "max_regions": -5"#, "", "max_regions"),
    ] {
        let error = refusal(&sweep(extra, training));
        assert!(error.contains(key), "{key}: {error}");
    }
    let unknown_bias = sweep("", "").replace("\"none\"", "\"nothing\"");
    let error = refusal(&unknown_bias);
    assert!(
        error.contains("biases, entry 0") && error.contains("none"),
        "{error}"
    );
}

#[test]
fn every_axis_is_a_configuration_and_step_zero_is_listed_once() {
    let text = sweep(
        r#", "blocks": ["plain", "residual"], "first_layer_ranks": ["full", 2]"#,
        r#", "regularisation": ["none", "l2:0.001", "l1:0.001"]"#,
    );
    let config = parse_sweep_config(&text, "sweep.json").unwrap();
    let all = configurations(&config);
    // 2 blocks x 2 ranks x (step 0 + 3 penalties at step 30).
    assert_eq!(all.len(), 2 * 2 * 4);
    let keys: Vec<String> = all.iter().map(|c| c.key()).collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "keys are distinct");
    assert!(all
        .iter()
        .filter(|c| c.step == Some(0))
        .all(|c| c.regularisation.is_none()));
    for c in &all {
        let network = network_of(c, 1, &config).unwrap();
        let first = rank(&network.blocks()[0].layer.to_integers().weights);
        assert_eq!(first, c.first_layer_rank.unwrap_or(3), "{}", c.key());
        assert!(
            network
                .blocks()
                .iter()
                .all(|b| b.layer.biases.iter().all(|v| *v == 0u32)),
            "{}: bias none stays none",
            c.key()
        );
        assert_eq!(
            network.blocks()[0].shortcut.is_some(),
            c.blocks == "residual".parse::<BlockKind>().unwrap()
        );
    }
}

#[test]
fn collapsed_runs_are_flagged_and_left_out_of_the_means() {
    let text = sweep("", r#", "regularisation": ["none", "l2:50"]"#)
        .replace("\"none\"]", "\"pytorch\"]")
        .replace("[0, 30]", "[0, 300]");
    let config = parse_sweep_config(&text, "sweep.json").unwrap();
    let out = std::env::temp_dir().join(format!("relupoly-study-{}", std::process::id()));
    let results: Vec<_> = configurations(&config)
        .iter()
        .map(|c| run_configuration(c, &config).unwrap().0)
        .collect();
    let flags: Vec<(Option<Regularisation>, Vec<bool>)> = results
        .iter()
        .map(|r| {
            (
                r.configuration.regularisation,
                r.seeds.iter().map(|s| s.collapsed).collect(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        vec![
            (None, vec![false, false]),
            (Some("none".parse().unwrap()), vec![false, false]),
            (Some("l2:50".parse().unwrap()), vec![true, true]),
        ],
        "only the crushed runs collapse"
    );
    for seed in &results[2].seeds {
        let (last, constant) = (seed.loss.unwrap(), seed.constant_loss.unwrap());
        assert!(last >= 0.99 * constant && seed.initial_loss.is_some());
    }
    std::fs::create_dir_all(&out).unwrap();
    write_report(&out, &build_report(&results, 0.0)).unwrap();
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    let collapsed_key = results[2].configuration.key();
    let section = report
        .split("## Collapsed runs")
        .nth(1)
        .and_then(|rest| rest.split("## Verdicts").next())
        .expect("the section");
    assert_eq!(section.matches(&collapsed_key).count(), 2, "{report}");
    let row = report
        .lines()
        .find(|l| l.contains("| l2:50 |"))
        .expect("the configuration's row");
    assert!(
        row.contains("| 2 | 0 | - | - |"),
        "two seeds, none kept: {row}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}
