//! The report's figures and page: the same sweep gives the same bytes on one and two threads,
//! and reference lines say what the catalogue's stored verdicts say they are.
#![cfg(feature = "plots")]

use relupoly::experiment::{build_report, Figure, LineStatus, NoStore, Report, Sweep};
use relupoly::io::{parse_sweep_config, render_report, RenderedReport};

/// Depth 1 and 2 at four neurons over R^3 and [-1, 1]^3, plain and residual, two seeds.
const SWEEP: &str = r#"{"dims": [3], "budgets": [{"neurons": 4, "depths": [1, 2]}],
    "blocks": ["plain", "residual"], "inits": ["pytorch"], "biases": ["pytorch"],
    "domains": ["box", "rd"], "seeds": [1, 2], "bits": 12}"#;

fn report_on(threads: usize) -> Report {
    let config = parse_sweep_config(SWEEP, "test sweep").unwrap();
    let outcome = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| Sweep::new(&config).run(&NoStore, &|_| {}))
        .unwrap();
    // The wall-clock time is the one thing that changes from run to run: fixed here.
    build_report(&outcome.results, 0.0)
}

#[test]
fn figures_and_page_are_the_same_bytes_on_one_and_two_threads() {
    let one = report_on(1);
    let rendered: RenderedReport = render_report(&one).unwrap();
    assert_eq!(rendered, render_report(&one).unwrap(), "rendered twice");
    assert_eq!(
        rendered,
        render_report(&report_on(2)).unwrap(),
        "1 and 2 threads"
    );
    let names: Vec<&str> = rendered.figures.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "plots/depth-d3-box.svg",
            "plots/depth-d3-rd.svg",
            "plots/distributions/d3-n4-pytorch-bias-pytorch-box.svg",
            "plots/distributions/d3-n4-pytorch-bias-pytorch-box-residual.svg",
            "plots/distributions/d3-n4-pytorch-bias-pytorch-rd.svg",
            "plots/distributions/d3-n4-pytorch-bias-pytorch-rd-residual.svg",
        ]
    );
    for (name, svg) in &rendered.figures {
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{name}"
        );
        assert!(rendered.html.contains(svg.as_str()), "{name} inlined");
    }
}

#[test]
fn reference_lines_are_labelled_by_the_stored_verdicts() {
    let report = report_on(2);
    let lines = |name: &str| {
        report
            .figures
            .iter()
            .find_map(|f| match f {
                Figure::Lines(lines) if lines.name == name => Some(lines.clone()),
                _ => None,
            })
            .unwrap()
    };
    // Over R^3 the 2d line is a theorem for one hidden layer of plain ReLUs and a published
    // claim beyond, refuted in d = 3 by the genus grid; residual networks are outside it.
    let rd = lines("plots/depth-d3-rd.svg");
    assert_eq!(rd.series, ["plain", "residual"]);
    assert_eq!(rd.panels.len(), 1);
    let statuses: Vec<(LineStatus, &str)> = rd
        .references
        .iter()
        .map(|r| (r.status, r.label.as_str()))
        .collect();
    assert_eq!(statuses.len(), 2, "{statuses:?}");
    assert_eq!(statuses[0].0, LineStatus::Theorem);
    assert!(
        statuses[0]
            .1
            .starts_with("2d = 6: mean-facets-2d, a theorem at depth 1 for plain"),
        "{statuses:?}"
    );
    assert_eq!(statuses[1].0, LineStatus::Refuted);
    assert!(
        statuses[1].1.contains("at depth 2 for plain")
            && statuses[1].1.contains(
                "REFUTED by relupoly in d = 3 (data/reference/refutations/genus-grid-k6.json)"
            ),
        "{statuses:?}"
    );
    let stretches = &rd.panels[0].references[0].stretches;
    assert_eq!(
        stretches,
        &[
            (f64::NEG_INFINITY, 1.5, LineStatus::Theorem),
            (1.5, f64::INFINITY, LineStatus::Refuted)
        ]
    );
    // Inside the box it does not apply: drawn for comparison, and said so.
    let cube = lines("plots/depth-d3-box.svg");
    assert_eq!(cube.references.len(), 1);
    assert_eq!(cube.references[0].status, LineStatus::NotApplicable);
    assert!(
        cube.references[0]
            .label
            .contains("does not apply here (the domain is not R^d): drawn for comparison only"),
        "{:?}",
        cube.references
    );
}
