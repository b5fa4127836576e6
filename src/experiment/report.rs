//! The report of a sweep (`relupoly check`): its Markdown text, its data and its figures.

use super::figures::{distribution_figures, trend_figures, Figure};
use super::sweep::{ConfigResult, Configuration, EntryResult, SeedResult};
use super::training::COLLAPSE_RATIO;
use crate::exact::Rational;
use crate::theory::{catalogue, Kind, VerdictKind};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde::Serialize;
use std::fmt::Write;

/// A sweep's report: `report.md`'s text, `report.json`'s data and the figures.
#[derive(Debug, Clone)]
pub struct Report {
    /// The Markdown report.
    pub markdown: String,
    /// The data of `report.json`.
    pub data: ReportData,
    /// The figures.
    pub figures: Vec<Figure>,
    /// Whether a theorem or a consistency check whose hypotheses hold was violated.
    pub violated: bool,
}

/// The machine-readable report: the catalogue and every configuration's results.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    /// Wall-clock seconds of the sweep.
    pub seconds: f64,
    /// The catalogue's entries.
    pub catalogue: Vec<CatalogueRow>,
    /// Every configuration, in sweep order.
    pub configurations: Vec<ConfigurationRow>,
}

/// One catalogue entry as reported.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueRow {
    /// The entry's id.
    pub id: &'static str,
    /// Its kind, described.
    pub kind: &'static str,
    /// Its statement.
    pub statement: &'static str,
    /// Its published source.
    pub source: &'static str,
    /// Its proof file.
    pub proof: &'static str,
}

/// One configuration's results as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigurationRow {
    /// The configuration.
    pub configuration: Configuration,
    /// Its seeds' results.
    pub seeds: Vec<SeedResult>,
    /// Why a seed did not finish, if one did not.
    pub unfinished: Option<String>,
    /// The exact mean over the kept seeds of their mean facets per region.
    #[serde(with = "crate::exact::text")]
    pub mean_facets: Option<Rational>,
    /// That mean rounded to f64.
    pub mean_facets_approx: Option<f64>,
}

/// The nearest f64, for display.
pub(super) fn approx(value: &Rational) -> f64 {
    f64::rounding_from(value, RoundingMode::Nearest).0
}

/// The seeds whose networks count in a configuration's means: every seed but collapsed runs.
pub(super) fn kept(result: &ConfigResult) -> Vec<&SeedResult> {
    result.seeds.iter().filter(|s| !s.collapsed).collect()
}

/// The exact mean of `values` and their sample standard deviation (n - 1 in the denominator;
/// f64, for reports; `None` for fewer than two values); `None` for no values.
pub(super) fn mean_sd(values: &[Rational]) -> Option<(Rational, Option<f64>)> {
    if values.is_empty() {
        return None;
    }
    let n = Rational::from(values.len());
    let mean: Rational = values.iter().sum::<Rational>() / &n;
    let sd = (values.len() > 1).then(|| {
        let squares: Rational = values.iter().map(|v| (v - &mean) * (v - &mean)).sum();
        approx(&(squares / (n - Rational::from(1u32)))).sqrt()
    });
    Some((mean, sd))
}

/// `mean +- sd` to four decimals, `-` for no values.
fn mean_sd_text(values: &[Rational]) -> String {
    match mean_sd(values) {
        None => "-".into(),
        Some((mean, None)) => format!("{:.4}", approx(&mean)),
        Some((mean, Some(sd))) => format!("{:.4} ± {sd:.4}", approx(&mean)),
    }
}

/// The exact mean over the kept seeds (all but collapsed runs) of each seed's exact mean facet
/// count; `None` when no seed is kept.
pub fn mean_facets(result: &ConfigResult) -> Option<Rational> {
    mean_sd(&facet_means(&kept(result))).map(|(mean, _)| mean)
}

/// Each seed's exact mean facet count.
pub(super) fn facet_means(seeds: &[&SeedResult]) -> Vec<Rational> {
    seeds.iter().map(|s| s.mean_facets.clone()).collect()
}

/// Each seed's exact mean simplex count, for seeds with a bounded region.
fn simplex_means(seeds: &[&SeedResult]) -> Vec<Rational> {
    seeds
        .iter()
        .filter(|s| !s.simplex_histogram.is_empty())
        .map(|s| s.mean_simplices.clone())
        .collect()
}

/// The mean of `values`, four decimals, `-` for none.
fn mean_text(values: impl Iterator<Item = f64>) -> String {
    let values: Vec<f64> = values.collect();
    if values.is_empty() {
        "-".into()
    } else {
        format!("{:.4}", values.iter().sum::<f64>() / values.len() as f64)
    }
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
        .filter(|(_, e)| e.verdict == VerdictKind::Violated)
        .collect();
    let refutation = |e: &EntryResult| e.kind == Kind::PublishedClaim;
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
        .filter(|(_, e)| e.verdict == VerdictKind::Holds)
        .collect();
    let reason = results
        .iter()
        .find(|(_, e)| e.verdict == VerdictKind::NotApplicable)
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

/// The report of a sweep that took `seconds`: `report.md`'s text, `report.json`'s data, the
/// figures, and whether a theorem or a consistency check was violated anywhere (refuted
/// published claims are reported, not failures).
pub fn build_report(results: &[ConfigResult], seconds: f64) -> Report {
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
            e.statement.replace('|', "\\|"),
            e.source.replace('|', "\\|"),
            e.proof
        );
    }
    let trained = results
        .iter()
        .any(|r| r.seeds.iter().any(|s| s.loss.is_some()));
    let _ = writeln!(
        md,
        "\n## Configurations\n\nMeans are over seeds, as mean ± sample standard deviation; each seed's mean is exact (see\nreport.json). Simplices count the pulling triangulation of bounded regions only (\"-\": no bounded\nregion). Rank: the first layer's rank when drawn low-rank (\"full\" otherwise)."
    );
    if trained {
        let _ = writeln!(
            md,
            "\nTraining: losses are mean squared errors averaged over every seed (initial -> final; the\nconstant predictor's loss, the variance of the targets, in brackets). A trained snapshot (step > 0)\nis **collapsed** when its final loss is at least {COLLAPSE_RATIO} times the constant predictor's (it\nlearned less than 1% of the variance); collapsed snapshots are listed under \"Collapsed runs\" and\nleft out of every mean, histogram and plot (the \"kept\" column counts the others)."
        );
    }
    let _ = writeln!(
        md,
        "\n| d | widths | blocks | init | bias | domain | rank | step | regularisation | seeds | kept | regions (mean) | mean facets | max facets | mean simplices | loss | entries holding / violated / refuted / not applicable |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    let mut details = String::new();
    let mut collapsed_rows = String::new();
    for result in results {
        let c = &result.configuration;
        let widths: Vec<String> = c.widths.iter().map(usize::to_string).collect();
        let seeds = &result.seeds;
        let kept = kept(result);
        let regions = if kept.is_empty() {
            "-".to_string()
        } else {
            let total: usize = kept.iter().map(|s| s.regions).sum();
            format!("{:.1}", total as f64 / kept.len() as f64)
        };
        let facets = mean_sd_text(&facet_means(&kept));
        let simplices = mean_sd_text(&simplex_means(&kept));
        let max_facets = kept.iter().map(|s| s.max_facets).max().unwrap_or(0);
        let loss = if seeds.iter().any(|s| s.loss.is_some()) {
            format!(
                "{} -> {} ({})",
                mean_text(seeds.iter().filter_map(|s| s.initial_loss)),
                mean_text(seeds.iter().filter_map(|s| s.loss)),
                mean_text(seeds.iter().filter_map(|s| s.constant_loss)),
            )
        } else {
            "-".into()
        };
        for s in seeds.iter().filter(|s| s.collapsed) {
            let _ = writeln!(
                collapsed_rows,
                "| `{}` | {} | {:.4} | {:.4} | {:.4} | {} | {:.4} |",
                c.key(),
                s.seed,
                s.initial_loss.unwrap_or(f64::NAN),
                s.loss.unwrap_or(f64::NAN),
                s.constant_loss.unwrap_or(f64::NAN),
                s.regions,
                approx(&s.mean_facets),
            );
        }
        let mut counts = [0usize; 4];
        let _ = writeln!(details, "\n### {}\n", c.key());
        let losses: Vec<String> = seeds
            .iter()
            .filter_map(|s| {
                let flag = if s.collapsed { " (collapsed)" } else { "" };
                s.loss.map(|l| format!("seed {}: {l:.4}{flag}", s.seed))
            })
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
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {regions} | {facets} | {max_facets} | {simplices} | {loss} | {} / {} / {} / {} |",
            c.dim,
            widths.join("-"),
            c.blocks,
            c.init,
            c.bias,
            c.domain,
            c.first_layer_rank.map_or("full".to_string(), |r| r.to_string()),
            c.step.map_or("-".to_string(), |s| s.to_string()),
            c.regularisation.map_or("-".to_string(), |r| r.to_string()),
            seeds.len(),
            kept.len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        );
    }
    if !refutations.is_empty() {
        let _ = writeln!(
            md,
            "\n## Refutations\n\nPublished claims that fail on networks satisfying their hypotheses (exact numbers; the networks are in\n`refutations/`):\n\n{refutations}"
        );
    }
    if trained {
        let _ = writeln!(
            md,
            "\n## Collapsed runs\n\nTrained snapshots whose final loss is at least {COLLAPSE_RATIO} times the constant predictor's; not averaged above."
        );
        if collapsed_rows.is_empty() {
            let _ = writeln!(md, "\nNone.");
        } else {
            let _ = writeln!(
                md,
                "\n| configuration | seed | initial loss | final loss | constant loss | regions | mean facets |\n|---|---|---|---|---|---|---|\n{collapsed_rows}"
            );
        }
    }
    let mut figures = trend_figures(results);
    figures.extend(distribution_figures(results));
    let _ = writeln!(
        md,
        "\n## Plots\n\n`plots/depth-*.svg` and `plots/width-*.svg`: mean facets per region against depth at a fixed\nneuron budget and against width, one figure per dimension and domain, one panel per value of the\nother axes the sweep varies (shared axes); markers are means over the kept seeds, bars ±1 sample\nstandard deviation. Horizontal lines are catalogue entries, styled by what the stored verdicts say\nthey are there: solid, a theorem whose hypotheses hold; dashed, a published claim; dash-dotted, a\npublished claim refuted by relupoly; dotted grey, an entry that does not apply, drawn for\ncomparison. `plots/distributions/*.svg`: facets and simplices per region, the architectures of\none neuron budget overlaid, one column per training step (fractions of the kept seeds' regions;\nsimplices count bounded regions only).\n"
    );
    for figure in &figures {
        let _ = writeln!(md, "![{}]({})\n", figure.title(), figure.name());
    }
    let _ = writeln!(md, "\n## Verdicts per configuration\n{details}");
    Report {
        markdown: md,
        data: ReportData {
            seconds,
            catalogue: entries
                .iter()
                .map(|e| CatalogueRow {
                    id: e.id,
                    kind: e.kind.describe(),
                    statement: e.statement,
                    source: e.source,
                    proof: e.proof,
                })
                .collect(),
            configurations: results
                .iter()
                .map(|r| {
                    let mean = mean_facets(r);
                    ConfigurationRow {
                        configuration: r.configuration.clone(),
                        seeds: r.seeds.clone(),
                        unfinished: r.unfinished.clone(),
                        mean_facets_approx: mean.as_ref().map(approx),
                        mean_facets: mean,
                    }
                })
                .collect(),
        },
        figures,
        violated: violated_anywhere,
    }
}
