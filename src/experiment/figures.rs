//! The figures of a report as plain data: what to draw and under which name; `crate::io`
//! draws them. Numbers here are f64 for drawing only: every verdict they illustrate was
//! decided exactly before.

use super::config::DomainKind;
use super::report::{approx, facet_means, kept, mean_sd};
use super::sweep::{ConfigResult, Configuration, EntryResult, SeedResult};
use super::training::Regularisation;
use crate::theory::{catalogue, Kind, VerdictKind, REFUTATIONS};
use std::collections::BTreeMap;

/// One figure of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Small multiples of overlaid distributions: per panel one histogram per series, each
    /// normalised to fractions of its regions.
    Distributions(Distributions),
    /// Small multiples of lines with error bars and labelled reference lines.
    Lines(Lines),
}

impl Figure {
    /// Where the figure goes, relative to the report's folder (`/`-separated).
    pub fn name(&self) -> &str {
        match self {
            Figure::Distributions(f) => &f.name,
            Figure::Lines(f) => &f.name,
        }
    }

    /// The figure's heading.
    pub fn title(&self) -> &str {
        match self {
            Figure::Distributions(f) => &f.title,
            Figure::Lines(f) => &f.title,
        }
    }
}

/// Panels of overlaid histograms, laid out row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Distributions {
    /// Where the figure goes, relative to the report's folder (`/`-separated).
    pub name: String,
    /// The heading.
    pub title: String,
    /// The series' labels, in legend order: a curve's colour and dash are its series' index.
    pub series: Vec<String>,
    /// Panels per row.
    pub columns: usize,
    /// The panels; the panels of one row share their axes.
    pub panels: Vec<DistributionPanel>,
}

/// One panel of [`Distributions`].
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionPanel {
    /// The panel's heading.
    pub title: String,
    /// What is counted, the x axis's label (e.g. `facets per region`).
    pub quantity: String,
    /// The curves: `(series index, count -> regions)`, empty histograms left out.
    pub curves: Vec<(usize, BTreeMap<usize, usize>)>,
    /// Which series have no curve here and why (e.g. `4-4-4: no kept seed`), or nothing.
    pub note: String,
}

/// Panels of lines sharing their axes, laid out row by row, with one legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// Where the figure goes, relative to the report's folder (`/`-separated).
    pub name: String,
    /// The heading.
    pub title: String,
    /// The x and y axis labels.
    pub axes: (String, String),
    /// The series' labels, in legend order: a line's colour and marker are its series' index.
    pub series: Vec<String>,
    /// Panels per row.
    pub columns: usize,
    /// The panels.
    pub panels: Vec<LinePanel>,
    /// The reference lines' legend: each `(y, status)` drawn in some panel, with its label.
    pub references: Vec<ReferenceLabel>,
    /// A sentence under the legend (e.g. what the error bars are).
    pub note: String,
}

/// One panel of [`Lines`].
#[derive(Debug, Clone, PartialEq)]
pub struct LinePanel {
    /// The panel's heading.
    pub title: String,
    /// The lines: `(series index, points in increasing x)`.
    pub lines: Vec<(usize, Vec<Point>)>,
    /// The reference lines drawn in this panel.
    pub references: Vec<Reference>,
}

/// A plotted mean with its spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The x value.
    pub x: f64,
    /// The mean over the seeds.
    pub mean: f64,
    /// The sample standard deviation over the seeds (`None` for one seed).
    pub sd: Option<f64>,
}

/// What a reference line is where it is drawn, as the catalogue's stored verdicts say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineStatus {
    /// A theorem (proved in `proofs/`) whose hypotheses hold on some network there.
    Theorem,
    /// A published claim whose hypotheses hold on some network there, not refuted by relupoly.
    Claim,
    /// A published claim whose hypotheses hold on some network there, refuted by relupoly (on
    /// this sweep or by a counterexample the catalogue lists).
    Refuted,
    /// The entry's hypotheses hold on no network there: the line is for comparison only.
    NotApplicable,
}

/// A horizontal reference line: its height, and what it is over each stretch of x.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The height.
    pub y: f64,
    /// A short label written at the line's right end (e.g. `2d`).
    pub short: String,
    /// Stretches `(from x, to x, status)`, in increasing x.
    pub stretches: Vec<(f64, f64, LineStatus)>,
}

/// The legend entry of a reference line drawn with one status.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLabel {
    /// The line's height.
    pub y: f64,
    /// Its status, which gives its style.
    pub status: LineStatus,
    /// What it is.
    pub label: String,
}

/// The configurations' axes a figure may split by besides its x axis, in the order the
/// series' axis is chosen from: block kind, architecture (the neuron budget, or the depth
/// when x is the width), bias, first-layer rank, initialisation, training.
const AXES: usize = 6;

/// A configuration's value on each of the [`AXES`], as words; `architecture` is given.
fn axis_values(c: &Configuration, architecture: String) -> [String; AXES] {
    [
        c.blocks.to_string(),
        architecture,
        format!("bias {}", c.bias),
        c.first_layer_rank
            .map_or("full rank".to_string(), |r| format!("rank {r}")),
        c.init.to_string(),
        training_words(c),
    ]
}

/// `step S` (and the penalty, for trained steps), or nothing without training.
fn training_words(c: &Configuration) -> String {
    match (c.step, &c.regularisation) {
        (None, _) => String::new(),
        (Some(step), None) => format!("step {step}"),
        (Some(step), Some(Regularisation::None)) => format!("step {step}, no penalty"),
        (Some(step), Some(penalty)) => format!("step {step}, {penalty}"),
    }
}

/// `[-1, 1]^d` or `R^d`.
fn domain_words(dim: usize, domain: DomainKind) -> String {
    match domain {
        DomainKind::UnitBox => format!("[-1, 1]^{dim}"),
        DomainKind::WholeSpace => format!("R^{dim}"),
    }
}

/// The distinct values of `items`, in order of first appearance.
fn distinct<T: PartialEq + Clone>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Panels per row for `n` panels of one axis: all in a row up to four, else rows of three.
fn wrap(n: usize) -> usize {
    if n <= 4 {
        n.max(1)
    } else {
        3
    }
}

/// Catalogue entries that bound or fix the mean number of facets per region by a number of the
/// dimension d: `(entry, short label, the number for d, drawn for comparison where it applies
/// nowhere in a figure, unless another line that applies has the same height)`.
type FacetReference = (&'static str, &'static str, fn(usize) -> Option<usize>, bool);

/// The reference lines of the mean-facet plots.
const FACET_REFERENCES: [FacetReference; 3] = [
    ("mean-facets-2d", "2d", |d| Some(2 * d), true),
    (
        "zero-bias-space",
        "2(d-1)",
        |d| (d == 3).then_some(4),
        false,
    ),
    ("planar-edges", "4", |d| (d == 2).then_some(4), false),
];

/// What an entry is on a set of networks, from their stored verdicts (all seeds, collapsed
/// runs included: a verdict is about the network, not its fit): refuted when a published claim
/// whose hypotheses hold fails on one of them or the catalogue lists a refutation in dimension
/// `dim`; else a published claim, else a theorem, where it applies on one of them.
fn line_status<'a>(
    seeds: impl Iterator<Item = &'a SeedResult>,
    entry: &str,
    dim: usize,
) -> LineStatus {
    let mut status = LineStatus::NotApplicable;
    for e in seeds.flat_map(|s| s.entries.iter().filter(|e| e.entry == entry)) {
        let this = match (e.verdict, e.kind) {
            (VerdictKind::NotApplicable, _) => LineStatus::NotApplicable,
            (VerdictKind::Violated, Kind::PublishedClaim) => LineStatus::Refuted,
            (_, Kind::PublishedClaim)
                if REFUTATIONS.iter().any(|r| r.entry == entry && r.dim == dim) =>
            {
                LineStatus::Refuted
            }
            (_, Kind::PublishedClaim) => LineStatus::Claim,
            (_, Kind::Theorem | Kind::Consistency) => LineStatus::Theorem,
        };
        status = weakest(status, this);
    }
    status
}

/// The weaker of two statuses as a bound: a refuted claim over a claim over a theorem, and
/// any of them over not applicable.
fn weakest(a: LineStatus, b: LineStatus) -> LineStatus {
    let rank = |s: LineStatus| match s {
        LineStatus::Refuted => 0,
        LineStatus::Claim => 1,
        LineStatus::Theorem => 2,
        LineStatus::NotApplicable => 3,
    };
    if rank(a) <= rank(b) {
        a
    } else {
        b
    }
}

/// A trend panel before its reference lines are drawn: its heading, its lines, and per
/// reference the status at each x.
struct RawPanel {
    title: String,
    lines: Vec<(usize, Vec<Point>)>,
    statuses: Vec<Vec<(usize, LineStatus)>>,
}

/// What a trend figure puts on its x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trend {
    /// The number of hidden layers, at a fixed neuron budget.
    Depth,
    /// The common width of the hidden layers, at a fixed depth.
    Width,
}

/// One configuration plotted in a trend figure.
struct Item<'a> {
    axes: [String; AXES],
    x: usize,
    result: &'a ConfigResult,
    point: Point,
}

/// Mean facets per region against depth at each fixed neuron budget, and against width at each
/// depth, for the configurations with equal widths: one figure each per input dimension and
/// domain, one panel per combination of the axes the sweep varies besides them.
pub(super) fn trend_figures(results: &[ConfigResult]) -> Vec<Figure> {
    let mut groups: BTreeMap<(usize, &'static str), (DomainKind, Vec<&ConfigResult>)> =
        BTreeMap::new();
    let uniform = |r: &&ConfigResult| r.configuration.widths.windows(2).all(|w| w[0] == w[1]);
    for r in results.iter().filter(uniform) {
        let c = &r.configuration;
        groups
            .entry((c.dim, c.domain.name()))
            .or_insert((c.domain, Vec::new()))
            .1
            .push(r);
    }
    let mut figures = Vec::new();
    for ((dim, _), (domain, members)) in groups {
        for trend in [Trend::Depth, Trend::Width] {
            figures.extend(trend_figure(dim, domain, trend, &members));
        }
    }
    figures
}

/// One trend figure, if some line has two points.
fn trend_figure(
    dim: usize,
    domain: DomainKind,
    trend: Trend,
    members: &[&ConfigResult],
) -> Option<Figure> {
    let items: Vec<Item> = members
        .iter()
        .filter_map(|r| {
            let c = &r.configuration;
            let (depth, width) = (c.widths.len(), *c.widths.first()?);
            let (mean, sd) = mean_sd(&facet_means(&kept(r)))?;
            let (x, architecture) = match trend {
                Trend::Depth => (depth, format!("{} neurons", c.neurons())),
                Trend::Width => (width, format!("depth {depth}")),
            };
            Some(Item {
                axes: axis_values(c, architecture),
                x,
                result: r,
                point: Point {
                    x: x as f64,
                    mean: approx(&mean),
                    sd,
                },
            })
        })
        .collect();
    // A line: the items equal on every axis; kept when it has two points or more.
    let lines: Vec<Vec<&Item>> = distinct(items.iter().map(|i| &i.axes))
        .into_iter()
        .map(|axes| {
            let mut line: Vec<&Item> = items.iter().filter(|i| &i.axes == axes).collect();
            line.sort_by_key(|i| i.x);
            line
        })
        .filter(|line| line.len() >= 2)
        .collect();
    if lines.is_empty() {
        return None;
    }
    let values: Vec<Vec<&String>> = (0..AXES)
        .map(|a| distinct(lines.iter().map(|l| &l[0].axes[a])))
        .collect();
    let varying: Vec<usize> = (0..AXES).filter(|&a| values[a].len() > 1).collect();
    let fixed: Vec<&str> = (0..AXES)
        .filter(|&a| values[a].len() == 1 && !values[a][0].is_empty())
        .map(|a| values[a][0].as_str())
        .collect();
    let (series_axis, panel_axes) = match varying.split_first() {
        Some((&first, rest)) => (Some(first), rest.to_vec()),
        None => (None, Vec::new()),
    };
    let series: Vec<String> = match series_axis {
        Some(a) => values[a].iter().map(|v| v.to_string()).collect(),
        None => vec![fixed.join(", ")],
    };
    let series_of = |item: &Item| {
        series_axis.map_or(0, |a| {
            values[a]
                .iter()
                .position(|v| **v == item.axes[a])
                .unwrap_or(0)
        })
    };
    let panel_key =
        |item: &Item| -> Vec<String> { panel_axes.iter().map(|&a| item.axes[a].clone()).collect() };
    // One panel per combination of the other varying axes: with two or more, the first gives
    // the rows and the others the columns of a full grid.
    let (keys, columns): (Vec<Vec<String>>, usize) = match panel_axes.as_slice() {
        [] => (vec![Vec::new()], 1),
        [only] => {
            let keys: Vec<Vec<String>> =
                values[*only].iter().map(|v| vec![v.to_string()]).collect();
            let columns = wrap(keys.len());
            (keys, columns)
        }
        [rows, ..] => {
            let rest = distinct(lines.iter().map(|l| panel_key(l[0])[1..].to_vec()));
            let keys = values[*rows]
                .iter()
                .flat_map(|row| {
                    rest.iter().map(move |r| {
                        let mut key = vec![row.to_string()];
                        key.extend(r.iter().cloned());
                        key
                    })
                })
                .collect();
            (keys, rest.len())
        }
    };
    let references: Vec<(FacetReference, usize)> = FACET_REFERENCES
        .iter()
        .filter_map(|r| Some((*r, (r.2)(dim)?)))
        .collect();
    // Per panel: its lines and, per reference, the status at each x.
    let mut raw: Vec<RawPanel> = Vec::new();
    for key in &keys {
        let members: Vec<&Vec<&Item>> = lines.iter().filter(|l| panel_key(l[0]) == *key).collect();
        let mut xs: Vec<usize> = members.iter().flat_map(|l| l.iter().map(|i| i.x)).collect();
        xs.sort_unstable();
        xs.dedup();
        let statuses = references
            .iter()
            .map(|((entry, ..), _)| {
                xs.iter()
                    .map(|&x| {
                        let seeds = members
                            .iter()
                            .flat_map(|l| l.iter())
                            .filter(|i| i.x == x)
                            .flat_map(|i| i.result.seeds.iter());
                        (x, line_status(seeds, entry, dim))
                    })
                    .collect()
            })
            .collect();
        let panel_lines = members
            .iter()
            .map(|l| (series_of(l[0]), l.iter().map(|i| i.point).collect()))
            .collect();
        raw.push(RawPanel {
            title: key.join(", "),
            lines: panel_lines,
            statuses,
        });
    }
    let axis = match trend {
        Trend::Depth => "depth",
        Trend::Width => "width",
    };
    let mut legend = Vec::new();
    let mut drawn: Vec<Vec<Reference>> = vec![Vec::new(); raw.len()];
    // Whether reference `r` applies to some network of some panel.
    let applies_somewhere = |r: usize| {
        raw.iter().any(|p| {
            p.statuses[r]
                .iter()
                .any(|(_, st)| *st != LineStatus::NotApplicable)
        })
    };
    let all_xs = distinct(lines.iter().flatten().map(|i| i.x));
    for (index, &((entry, short, _, compare), y)) in references.iter().enumerate() {
        let applies = applies_somewhere(index);
        let shadowed = references
            .iter()
            .enumerate()
            .any(|(other, (_, at))| other != index && *at == y && applies_somewhere(other));
        if !applies && (!compare || shadowed) {
            continue;
        }
        let mut used: BTreeMap<LineStatus, Vec<usize>> = BTreeMap::new();
        for (panel, RawPanel { statuses, .. }) in raw.iter().enumerate() {
            let stretches: Vec<(f64, f64, LineStatus)> = stretches(&statuses[index])
                .into_iter()
                .filter(|s| !applies || s.2 != LineStatus::NotApplicable)
                .collect();
            for (x, status) in &statuses[index] {
                if !applies || *status != LineStatus::NotApplicable {
                    used.entry(*status).or_default().push(*x);
                }
            }
            if !stretches.is_empty() {
                drawn[panel].push(Reference {
                    y: y as f64,
                    short: short.to_string(),
                    stretches,
                });
            }
        }
        for (status, mut xs) in used {
            xs.sort_unstable();
            xs.dedup();
            let place = if xs.len() == all_xs.len() {
                String::new()
            } else {
                let xs: Vec<String> = xs.iter().map(usize::to_string).collect();
                format!(" at {axis} {}", xs.join(", "))
            };
            let fits: Vec<&String> = distinct(
                lines
                    .iter()
                    .flatten()
                    .filter(|i| line_status(i.result.seeds.iter(), entry, dim) == status)
                    .map(|i| &series[series_of(i)]),
            );
            let place = if series_axis.is_some() && fits.len() < series.len() {
                let fits: Vec<&str> = fits.iter().map(|s| s.as_str()).collect();
                format!("{place} for {}", fits.join(", "))
            } else {
                place
            };
            let seeds = lines.iter().flatten().flat_map(|i| i.result.seeds.iter());
            legend.push(ReferenceLabel {
                y: y as f64,
                status,
                label: reference_label(entry, short, y, status, &place, dim, seeds),
            });
        }
    }
    let panels = raw
        .into_iter()
        .zip(drawn)
        .map(|(RawPanel { title, lines, .. }, references)| LinePanel {
            title,
            lines,
            references,
        })
        .collect();
    let fixed = if fixed.is_empty() {
        String::new()
    } else {
        format!("; {}", fixed.join(", "))
    };
    let (file, title, x_label) = match trend {
        Trend::Depth => (
            "depth",
            "against depth at a fixed neuron budget",
            "depth (hidden layers)",
        ),
        Trend::Width => ("width", "against width", "width (neurons per hidden layer)"),
    };
    Some(Figure::Lines(Lines {
        name: format!("plots/{file}-d{dim}-{domain}.svg"),
        title: format!(
            "Mean facets per region {title}, d = {dim}, {}{fixed}",
            domain_words(dim, domain)
        ),
        axes: (x_label.to_string(), "mean facets per region".to_string()),
        series,
        columns,
        panels,
        references: legend,
        note: "Markers: the mean over the kept seeds (collapsed runs left out) of each seed's exact mean; bars: ±1 sample standard deviation; the series of one x are spread sideways."
            .to_string(),
    }))
}

/// The stretches of x over which a reference line has each status: each x from the midpoint
/// with the one before to the midpoint with the one after (the first and last open-ended),
/// neighbours of equal status merged.
fn stretches(statuses: &[(usize, LineStatus)]) -> Vec<(f64, f64, LineStatus)> {
    let mut out: Vec<(f64, f64, LineStatus)> = Vec::new();
    for (i, &(x, status)) in statuses.iter().enumerate() {
        let middle = |other: usize| (x as f64 + other as f64) / 2.0;
        let from = if i == 0 {
            f64::NEG_INFINITY
        } else {
            middle(statuses[i - 1].0)
        };
        let to = statuses.get(i + 1).map_or(f64::INFINITY, |n| middle(n.0));
        match out.last_mut() {
            Some(last) if last.2 == status => last.1 = to,
            _ => out.push((from, to, status)),
        }
    }
    out
}

/// The legend of a reference line `short = y` of `entry` drawn with `status` at `place`
/// (`at depth 1 for plain`, or nothing for everywhere), from the catalogue and the stored
/// verdicts of `seeds`.
fn reference_label<'a>(
    entry: &str,
    short: &str,
    y: usize,
    status: LineStatus,
    place: &str,
    dim: usize,
    mut seeds: impl Iterator<Item = &'a SeedResult>,
) -> String {
    let head = if short == y.to_string() {
        format!("{short}: {entry}")
    } else {
        format!("{short} = {y}: {entry}")
    };
    let Some(e) = catalogue().into_iter().find(|e| e.id == entry) else {
        return head;
    };
    // The source's first clause, without the catalogue's note that the statement is quoted.
    let source = e
        .source
        .split(';')
        .next()
        .unwrap_or(e.source)
        .replace(" (verbatim)", "");
    let results: Vec<&EntryResult> = seeds
        .by_ref()
        .flat_map(|s| s.entries.iter().filter(|r| r.entry == entry))
        .collect();
    let violated = |kind: Kind| {
        results
            .iter()
            .any(|r| r.kind == kind && r.verdict == VerdictKind::Violated)
    };
    match status {
        LineStatus::Theorem => {
            let verdict = if violated(Kind::Theorem) {
                "VIOLATED on this sweep (a bug: see the report)"
            } else {
                "holds"
            };
            format!("{head}, a theorem{place} ({}): {verdict}", e.proof)
        }
        LineStatus::Claim => {
            let elsewhere: Vec<String> = REFUTATIONS
                .iter()
                .filter(|r| r.entry == entry && r.dim != dim)
                .map(|r| {
                    format!(
                        "; refuted by relupoly in d = {} (data/reference/refutations/{}), not in d = {dim}",
                        r.dim, r.network
                    )
                })
                .collect();
            format!(
                "{head}, a published claim{place} ({source}), not proved: holds on these networks{}",
                elsewhere.concat()
            )
        }
        LineStatus::Refuted => {
            let mut by: Vec<String> = Vec::new();
            if violated(Kind::PublishedClaim) {
                by.push("on this sweep (see Refutations)".to_string());
            }
            by.extend(
                REFUTATIONS
                    .iter()
                    .filter(|r| r.entry == entry && r.dim == dim)
                    .map(|r| {
                        format!(
                            "by relupoly in d = {dim} (data/reference/refutations/{})",
                            r.network
                        )
                    }),
            );
            format!(
                "{head}, a published claim{place} ({source}), REFUTED {}",
                by.join(" and ")
            )
        }
        LineStatus::NotApplicable => {
            let reason = results
                .iter()
                .find(|r| r.verdict == VerdictKind::NotApplicable)
                .map_or("", |r| r.note.split(':').next().unwrap_or(&r.note));
            format!("{head} does not apply here ({reason}): drawn for comparison only")
        }
    }
}

/// The distributions of facets and of simplices per region, like Fan et al.'s figures: one
/// figure per input dimension, domain, neuron budget, block kind, initialisation, bias and rank,
/// the architectures of the budget overlaid (one series per depth), one column per training
/// step and penalty, a row for facets and one for simplices; every histogram merges the kept
/// seeds' regions and is drawn as fractions of them.
pub(super) fn distribution_figures(results: &[ConfigResult]) -> Vec<Figure> {
    let mut groups: BTreeMap<String, Vec<&ConfigResult>> = BTreeMap::new();
    for r in results {
        groups
            .entry(r.configuration.budget_key())
            .or_default()
            .push(r);
    }
    let mut figures = Vec::new();
    for (key, members) in groups {
        let c = &members[0].configuration;
        let mut architectures = distinct(members.iter().map(|r| &r.configuration.widths));
        architectures.sort_by_key(|w| w.len());
        let steps = distinct(members.iter().map(|r| training_words(&r.configuration)));
        let series = architectures
            .iter()
            .map(|w| {
                let widths: Vec<String> = w.iter().map(usize::to_string).collect();
                format!("{} (depth {})", widths.join("-"), w.len())
            })
            .collect();
        let rows: [(&str, &str, Pick, &str); 2] = [
            (
                "Facets",
                "facets per region",
                |s| &s.facet_histogram,
                "no region",
            ),
            (
                "simplices",
                "simplices per bounded region",
                |s| &s.simplex_histogram,
                "no bounded region",
            ),
        ];
        let mut panels = Vec::new();
        let mut shown = Vec::new();
        let mut left_out = Vec::new();
        for (name, quantity, pick, none) in rows {
            let row: Vec<DistributionPanel> = steps
                .iter()
                .map(|step| {
                    let (mut curves, mut missing) = (Vec::new(), Vec::new());
                    for (index, widths) in architectures.iter().enumerate() {
                        let Some(r) = members.iter().find(|r| {
                            &r.configuration.widths == *widths
                                && training_words(&r.configuration) == *step
                        }) else {
                            continue;
                        };
                        let seeds = kept(r);
                        let histogram = merged(&seeds, pick);
                        if !histogram.is_empty() {
                            curves.push((index, histogram));
                        } else {
                            let widths: Vec<String> = widths.iter().map(usize::to_string).collect();
                            let why = if seeds.is_empty() {
                                "no kept seed"
                            } else {
                                none
                            };
                            missing.push(format!("{}: {why}", widths.join("-")));
                        }
                    }
                    DistributionPanel {
                        title: step.clone(),
                        quantity: quantity.to_string(),
                        curves,
                        note: missing.join("; "),
                    }
                })
                .collect();
            if row.iter().all(|p| p.curves.is_empty()) {
                left_out.push(format!("no {name}: {none} in any configuration"));
            } else {
                shown.push(name);
                panels.extend(row);
            }
        }
        if panels.is_empty() {
            continue;
        }
        let left_out = if left_out.is_empty() {
            String::new()
        } else {
            format!("; {}", left_out.join("; "))
        };
        let rank = c
            .first_layer_rank
            .map_or(String::new(), |r| format!(", rank {r}"));
        figures.push(Figure::Distributions(Distributions {
            name: format!("plots/distributions/{key}.svg"),
            title: format!(
                "{} per region, {} neurons at each depth, d = {}, {}; {} {}, bias {}{rank} (fractions of the kept seeds' regions{left_out})",
                shown.join(" and "),
                c.neurons(),
                c.dim,
                domain_words(c.dim, c.domain),
                c.blocks,
                c.init,
                c.bias
            ),
            series,
            columns: steps.len(),
            panels,
        }));
    }
    figures
}

/// Which histogram of a seed a row of a distribution figure shows.
type Pick = fn(&SeedResult) -> &BTreeMap<usize, usize>;

/// The histograms `pick` of `seeds`, added.
fn merged(seeds: &[&SeedResult], pick: Pick) -> BTreeMap<usize, usize> {
    let mut merged = BTreeMap::new();
    for s in seeds {
        for (&k, &v) in pick(s) {
            *merged.entry(k).or_insert(0) += v;
        }
    }
    merged
}
