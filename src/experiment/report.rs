//! The report of `relupoly check`: Markdown, JSON and SVG plots in one folder.

use super::plots::{plot_histograms, plot_lines, Series};
use super::sweep::{ConfigResult, EntryResult, SeedResult};
use crate::exact::{parse_rational, Rational};
use crate::theory::catalogue;
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

fn approx(value: &Rational) -> f64 {
    f64::rounding_from(value, RoundingMode::Nearest).0
}

/// The exact mean over seeds of each seed's exact mean facet count.
pub fn mean_facets(result: &ConfigResult) -> Option<Rational> {
    let seeds = &result.seeds;
    if seeds.is_empty() {
        return None;
    }
    let total: Rational = seeds
        .iter()
        .map(|s| parse_rational(&s.mean_facets).expect("stored exactly"))
        .sum();
    Some(total / Rational::from(seeds.len()))
}

/// An entry's verdict over a configuration's seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    /// Held on every seed where it applied (and applied somewhere).
    Holds,
    /// A theorem or consistency check failed on some seed: a bug in relupoly or in a proof.
    Violated,
    /// A published claim failed on some seed (and no theorem did): a refutation.
    Refuted,
    /// Applied on no seed.
    NotApplicable,
}

/// One entry's verdict over a configuration's seeds, as a sentence, and its status.
pub fn entry_summary(seeds: &[SeedResult], id: &str) -> (String, EntryStatus) {
    let results: Vec<(u64, &EntryResult)> = seeds
        .iter()
        .filter_map(|s| {
            s.entries
                .iter()
                .find(|e| e.entry == id)
                .map(|e| (s.seed, e))
        })
        .collect();
    let violated: Vec<&(u64, &EntryResult)> = results
        .iter()
        .filter(|(_, e)| e.verdict == "violated")
        .collect();
    let refutation = |e: &EntryResult| e.kind == "published-claim";
    if let Some((seed, e)) = violated
        .iter()
        .find(|(_, e)| !refutation(e))
        .or(violated.first())
    {
        let status = if refutation(e) {
            EntryStatus::Refuted
        } else {
            EntryStatus::Violated
        };
        let word = if status == EntryStatus::Refuted {
            "REFUTED (a published claim fails)"
        } else {
            "VIOLATED"
        };
        return (
            format!(
                "{word} on {} of {} seeds (seed {seed}, {}: {} against {}; {})",
                violated.len(),
                results.len(),
                e.kind,
                e.value,
                e.expected,
                e.note
            ),
            status,
        );
    }
    let holding: Vec<&(u64, &EntryResult)> = results
        .iter()
        .filter(|(_, e)| e.verdict == "holds")
        .collect();
    let reason = results
        .iter()
        .find(|(_, e)| e.verdict == "not applicable")
        .map(|(_, e)| e.note.clone());
    let text = match (holding.first(), reason) {
        (Some((_, e)), None) => format!(
            "holds on all {} seeds (e.g. {}; {})",
            results.len(),
            e.value,
            e.expected
        ),
        (Some((_, e)), Some(reason)) => format!(
            "holds on {} of {} seeds (e.g. {}; {}); not applicable on the others: {reason}",
            holding.len(),
            results.len(),
            e.value,
            e.expected
        ),
        (None, Some(reason)) => format!("not applicable: {reason}"),
        (None, None) => "not run".to_string(),
    };
    let status = if holding.is_empty() {
        EntryStatus::NotApplicable
    } else {
        EntryStatus::Holds
    };
    (text, status)
}

/// Writes `report.md`, `report.json` and `plots/` into `out`; returns whether a theorem or a
/// consistency check was violated anywhere (refuted published claims are reported, not
/// failures).
pub fn write_report(out: &Path, results: &[ConfigResult], seconds: f64) -> Result<bool, String> {
    let entries = catalogue();
    let mut violated_anywhere = false;
    let mut refutations = String::new();
    let networks: usize = results.iter().map(|r| r.seeds.len()).sum();
    let mut md = String::new();
    let _ = writeln!(md, "# relupoly check\n");
    let _ = writeln!(
        md,
        "{} configurations, {networks} networks, every region enumerated exactly; {seconds:.1} s.\n",
        results.len()
    );
    let _ = writeln!(
        md,
        "## Catalogue\n\nKinds: a *theorem* is proved in `proofs/` (a violation would be a bug in relupoly or in the\nproof); a *published-claim* is cited as published (a violation is a refutation, and the network is\nkept in `refutations/`); a *consistency* check tests relupoly's own computation.\n\n| entry | kind | statement | source | proof |\n|---|---|---|---|---|"
    );
    for e in &entries {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | `{}` |",
            e.id,
            e.kind.describe(),
            e.statement,
            e.source,
            e.proof
        );
    }
    let _ = writeln!(
        md,
        "\n## Configurations\n\nMeans are over seeds; each seed's mean is exact (see report.json). Simplices count the\npulling triangulation of bounded regions only (\"-\": no bounded region).\n\n| d | widths | blocks | init | bias | domain | step | seeds | regions (mean) | mean facets | max facets | mean simplices | entries holding / violated / refuted / not applicable |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    let mut details = String::new();
    for result in results {
        let c = &result.configuration;
        let widths: Vec<String> = c.widths.iter().map(usize::to_string).collect();
        let seeds = &result.seeds;
        let regions =
            seeds.iter().map(|s| s.regions as f64).sum::<f64>() / seeds.len().max(1) as f64;
        let facets = mean_facets(result).map_or("-".into(), |m| format!("{:.4}", approx(&m)));
        let max_facets = seeds.iter().map(|s| s.max_facets).max().unwrap_or(0);
        let with_bounded: Vec<&SeedResult> = seeds
            .iter()
            .filter(|s| !s.simplex_histogram.is_empty())
            .collect();
        let simplices = if with_bounded.is_empty() {
            "-".to_string()
        } else {
            let total: Rational = with_bounded
                .iter()
                .map(|s| parse_rational(&s.mean_simplices).expect("exact"))
                .sum();
            format!(
                "{:.4}",
                approx(&(total / Rational::from(with_bounded.len())))
            )
        };
        let mut counts = [0usize; 4];
        let _ = writeln!(details, "\n### {}\n", c.key());
        let losses: Vec<String> = seeds
            .iter()
            .filter_map(|s| s.loss)
            .map(|l| format!("{l:.4}"))
            .collect();
        if !losses.is_empty() {
            let _ = writeln!(
                details,
                "- training loss (mean squared error) per seed: {}",
                losses.join(", ")
            );
        }
        if let Some(why) = &result.unfinished {
            let _ = writeln!(details, "- not finished: {why}");
        }
        for e in &entries {
            let (text, status) = entry_summary(seeds, e.id);
            violated_anywhere |= status == EntryStatus::Violated;
            if status == EntryStatus::Refuted {
                let _ = writeln!(refutations, "- `{}` on `{}`: {text}", e.id, c.key());
            }
            counts[status as usize] += 1;
            let _ = writeln!(details, "- `{}`: {text}", e.id);
        }
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {regions:.1} | {facets} | {max_facets} | {simplices} | {} / {} / {} / {} |",
            c.dim,
            widths.join("-"),
            c.blocks,
            c.init,
            c.bias,
            c.domain,
            c.step.map_or("-".to_string(), |s| s.to_string()),
            seeds.len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        );
        let title = format!("{}: {} seeds", c.key(), seeds.len());
        let merge = |pick: fn(&SeedResult) -> &BTreeMap<usize, usize>| {
            let mut merged = BTreeMap::new();
            for s in seeds {
                for (&k, &v) in pick(s) {
                    *merged.entry(k).or_insert(0) += v;
                }
            }
            merged
        };
        let (facet_histogram, simplex_histogram) = (
            merge(|s| &s.facet_histogram),
            merge(|s| &s.simplex_histogram),
        );
        let histograms = out.join("plots").join("histograms");
        std::fs::create_dir_all(&histograms)
            .map_err(|e| format!("{}: {e}", histograms.display()))?;
        plot_histograms(
            &histograms.join(format!("{}.svg", c.key())),
            &title,
            &[
                ("facets", &facet_histogram),
                ("simplices", &simplex_histogram),
            ],
        )?;
    }
    if !refutations.is_empty() {
        let _ = writeln!(
            md,
            "\n## Refutations\n\nPublished claims that fail on networks satisfying their hypotheses (exact numbers; the networks are in\n`refutations/`):\n\n{refutations}"
        );
    }
    let _ = writeln!(md, "\n## Verdicts per configuration\n{details}");
    let _ = writeln!(
        md,
        "\n## Plots\n\n- `plots/depth-*.svg`: mean facets against depth at a fixed neuron budget, with the 2d line.\n- `plots/width-*.svg`: mean facets against width, per depth.\n- `plots/histograms/*.svg`: facets and simplices per region, per configuration."
    );
    trend_plots(out, results)?;
    std::fs::write(out.join("report.md"), md).map_err(|e| format!("{}: {e}", out.display()))?;
    let json = serde_json::json!({
        "seconds": seconds,
        "catalogue": entries.iter().map(|e| serde_json::json!({
            "id": e.id, "kind": e.kind.describe(), "statement": e.statement, "source": e.source,
            "proof": e.proof
        })).collect::<Vec<_>>(),
        "configurations": results.iter().map(|r| {
            let mean = mean_facets(r);
            serde_json::json!({
                "configuration": r.configuration,
                "seeds": r.seeds,
                "unfinished": r.unfinished,
                "mean_facets": mean.as_ref().map(ToString::to_string),
                "mean_facets_approx": mean.as_ref().map(approx),
            })
        }).collect::<Vec<_>>(),
    });
    std::fs::write(out.join("report.json"), format!("{json}\n"))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(violated_anywhere)
}

/// Mean facets against depth at each fixed neuron budget, and against width at each depth, one
/// picture per input dimension and domain.
fn trend_plots(out: &Path, results: &[ConfigResult]) -> Result<(), String> {
    let uniform = |r: &&ConfigResult| r.configuration.widths.windows(2).all(|w| w[0] == w[1]);
    let mut groups: BTreeMap<(usize, String), Vec<&ConfigResult>> = BTreeMap::new();
    for r in results.iter().filter(uniform) {
        groups
            .entry((r.configuration.dim, r.configuration.domain.clone()))
            .or_default()
            .push(r);
    }
    for ((dim, domain), members) in groups {
        let mut by_depth: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        let mut by_width: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for r in &members {
            let Some(mean) = mean_facets(r) else { continue };
            let c = &r.configuration;
            let (depth, width) = (c.widths.len(), c.widths[0]);
            let step = c.step.map_or(String::new(), |s| format!(", step {s}"));
            let family = format!("{} {}, bias {}{step}", c.blocks, c.init, c.bias);
            by_depth
                .entry(format!("{family}, {} neurons", c.neurons()))
                .or_default()
                .push((depth as f64, approx(&mean)));
            by_width
                .entry(format!("{family}, depth {depth}"))
                .or_default()
                .push((width as f64, approx(&mean)));
        }
        let keep = |map: BTreeMap<String, Vec<(f64, f64)>>| -> Vec<Series> {
            map.into_iter()
                .filter(|(_, p)| p.len() >= 2)
                .map(|(label, mut p)| {
                    p.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (label, p)
                })
                .collect()
        };
        let reference = Some(("2d", 2.0 * dim as f64));
        let depth_series = keep(by_depth);
        if !depth_series.is_empty() {
            plot_lines(
                &out.join("plots").join(format!("depth-d{dim}-{domain}.svg")),
                &format!("mean facets against depth at a fixed neuron budget, d = {dim}, {domain}"),
                ("depth", "mean facets per region"),
                &depth_series,
                reference,
            )?;
        }
        let width_series = keep(by_width);
        if !width_series.is_empty() {
            plot_lines(
                &out.join("plots").join(format!("width-d{dim}-{domain}.svg")),
                &format!("mean facets against width, d = {dim}, {domain}"),
                ("width", "mean facets per region"),
                &width_series,
                reference,
            )?;
        }
    }
    Ok(())
}
