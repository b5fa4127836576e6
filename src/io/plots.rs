//! SVG pictures: the report's figures (small multiples of lines with error bars and labelled
//! reference lines; overlaid distributions), histograms of per-region counts, and planar
//! regions or decision cells drawn with equal axes. Floats appear here only as drawing
//! coordinates and display statistics; nothing is decided on them. Every picture is rendered
//! into a string first: the same arguments give the same bytes.

use crate::experiment::{Distributions, Figure, LineStatus, Lines};
use crate::polytope::Polytope;
use crate::regions::{DecisionRegions, Region};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The Okabe-Ito palette without black (colour-blind safe), yellow last: series, classes.
const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(240, 228, 66),
];

/// Three more colours of Paul Tol's colour-blind-safe "muted" scheme (indigo, wine, olive), for
/// the eighth to tenth class.
const TOL_EXTRA: [RGBColor; 3] = [
    RGBColor(51, 34, 136),
    RGBColor(136, 34, 85),
    RGBColor(153, 153, 51),
];

/// Nine stops of the viridis scale (perceptually uniform, colour-blind safe), for facet counts.
const VIRIDIS: [RGBColor; 9] = [
    RGBColor(68, 1, 84),
    RGBColor(71, 45, 123),
    RGBColor(59, 82, 139),
    RGBColor(44, 114, 142),
    RGBColor(33, 145, 140),
    RGBColor(40, 174, 128),
    RGBColor(94, 201, 98),
    RGBColor(173, 220, 48),
    RGBColor(253, 231, 37),
];

/// Light grey for grids and comparison-only lines' kin.
const GRID: RGBColor = RGBColor(225, 225, 225);
/// Mid grey for notes and comparison-only lines.
const GREY: RGBColor = RGBColor(120, 120, 120);

/// The drawing area of an SVG rendered into a string.
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn fail(e: impl fmt::Display) -> String {
    format!("cannot draw: {e}")
}

/// Writes `svg` to `path`, naming the path in an error.
fn write_svg(path: &Path, svg: &str) -> Result<(), String> {
    std::fs::write(path, svg).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The colour of series (or class) `index`: Okabe-Ito, then Tol's three, then again.
fn series_colour(index: usize) -> RGBColor {
    let all = OKABE_ITO.len() + TOL_EXTRA.len();
    match index % all {
        i if i < OKABE_ITO.len() => OKABE_ITO[i],
        i => TOL_EXTRA[i - OKABE_ITO.len()],
    }
}

/// The marker of series `index`, so that colour and marker together differ for the first 49
/// series.
fn series_marker(index: usize) -> usize {
    (index + index / MARKERS) % MARKERS
}

/// How many marker shapes there are.
const MARKERS: usize = 7;

/// Marker `shape` (see [`MARKERS`]) at the backend point `(x, y)`: circle, square, triangle
/// up, diamond, triangle down, cross, plus.
fn draw_marker(
    area: &Area,
    shape: usize,
    (x, y): (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    let r = 4;
    let filled = colour.filled();
    let stroke = colour.stroke_width(2);
    match shape % MARKERS {
        0 => area.draw(&Circle::new((x, y), r, filled)),
        1 => area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], filled)),
        2 => area.draw(&Polygon::new(
            vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            filled,
        )),
        3 => area.draw(&Polygon::new(
            vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            filled,
        )),
        4 => area.draw(&Polygon::new(
            vec![(x, y + r + 1), (x + r + 1, y - r), (x - r - 1, y - r)],
            filled,
        )),
        5 => area
            .draw(&PathElement::new(
                vec![(x - r, y - r), (x + r, y + r)],
                stroke,
            ))
            .and_then(|_| {
                area.draw(&PathElement::new(
                    vec![(x - r, y + r), (x + r, y - r)],
                    stroke,
                ))
            }),
        _ => area
            .draw(&PathElement::new(
                vec![(x - r - 1, y), (x + r + 1, y)],
                stroke,
            ))
            .and_then(|_| {
                area.draw(&PathElement::new(
                    vec![(x, y - r - 1), (x, y + r + 1)],
                    stroke,
                ))
            }),
    }
    .map_err(fail)
}

/// A dash pattern in pixels (on, off, on, off, ...); empty for a solid line.
type Dash = &'static [i32];

/// The dash patterns of overlaid distributions' series, in turn.
const SERIES_DASHES: [Dash; 4] = [&[], &[7, 4], &[2, 3], &[9, 3, 2, 3]];

/// A reference line's colour, width and dash pattern for its status.
fn reference_style(status: LineStatus) -> (RGBColor, u32, Dash) {
    match status {
        LineStatus::Theorem => (BLACK, 2, &[]),
        LineStatus::Claim => (BLACK, 2, &[8, 5]),
        LineStatus::Refuted => (BLACK, 2, &[10, 4, 2, 4]),
        LineStatus::NotApplicable => (GREY, 1, &[2, 4]),
    }
}

/// The word written on a reference line drawn with `status`.
fn status_word(status: LineStatus) -> &'static str {
    match status {
        LineStatus::Theorem => "theorem",
        LineStatus::Claim => "published claim",
        LineStatus::Refuted => "refuted claim",
        LineStatus::NotApplicable => "does not apply",
    }
}

/// Draws the polyline `points` (backend pixels) with the dash pattern `dash`.
fn draw_dashed(
    area: &Area,
    points: &[(i32, i32)],
    dash: Dash,
    style: ShapeStyle,
) -> Result<(), String> {
    if dash.is_empty() {
        return area
            .draw(&PathElement::new(points.to_vec(), style))
            .map_err(fail);
    }
    let (mut phase, mut left, mut on) = (0, f64::from(dash[0]), true);
    let mut current: Vec<(i32, i32)> = Vec::new();
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let length = f64::from((x1 - x0).pow(2) + (y1 - y0).pow(2)).sqrt();
        let at = |t: f64| {
            let f = if length > 0.0 { t / length } else { 0.0 };
            (
                x0 + (f64::from(x1 - x0) * f).round() as i32,
                y0 + (f64::from(y1 - y0) * f).round() as i32,
            )
        };
        let mut done = 0.0;
        while done < length {
            let step = left.min(length - done);
            if on {
                if current.is_empty() {
                    current.push(at(done));
                }
                current.push(at(done + step));
            }
            done += step;
            left -= step;
            if left <= 1e-9 {
                if on && current.len() > 1 {
                    area.draw(&PathElement::new(std::mem::take(&mut current), style))
                        .map_err(fail)?;
                }
                current.clear();
                phase = (phase + 1) % dash.len();
                left = f64::from(dash[phase]);
                on = phase % 2 == 0;
            }
        }
    }
    if current.len() > 1 {
        area.draw(&PathElement::new(current, style)).map_err(fail)?;
    }
    Ok(())
}

/// `text` cut into lines of at most `width` pixels at `size` pixels (words kept whole; an
/// average glyph taken as 0.56 of the size).
fn wrap_text(text: &str, width: u32, size: u32) -> Vec<String> {
    let per_line = ((f64::from(width) / (f64::from(size) * 0.56)) as usize).max(8);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes `text` at the backend point `(x, y)` (its top edge, anchored as `h` says).
fn draw_text(
    area: &Area,
    text: &str,
    (x, y): (i32, i32),
    size: u32,
    colour: RGBColor,
    h: HPos,
) -> Result<(), String> {
    let style = ("sans-serif", size)
        .into_font()
        .color(&colour)
        .pos(Pos::new(h, VPos::Top));
    area.draw(&Text::new(text.to_string(), (x, y), style))
        .map_err(fail)
}

/// The key drawn before a legend entry.
enum Key {
    /// A filled square.
    Swatch(RGBColor),
    /// A line sample with a marker.
    Series(usize),
    /// A line sample with a dash pattern.
    Line(RGBColor, u32, Dash),
    /// None (a note).
    None,
}

/// The width of a legend column.
const LEGEND_WIDTH: u32 = 330;
/// The size of legend text.
const LEGEND_TEXT: u32 = 12;

/// The height the legend `entries` take in a column of [`LEGEND_WIDTH`].
fn legend_height(entries: &[(Key, String)]) -> u32 {
    entries
        .iter()
        .map(|(key, text)| legend_lines(key, text).len() as u32 * (LEGEND_TEXT + 3) + 6)
        .sum::<u32>()
        + 12
}

/// An entry's text in lines.
fn legend_lines(key: &Key, text: &str) -> Vec<String> {
    let indent = if matches!(key, Key::None) { 0 } else { 34 };
    wrap_text(text, LEGEND_WIDTH - 16 - indent, LEGEND_TEXT)
}

/// Draws the legend `entries` in a column starting at backend point `(x, y)`.
fn draw_legend(area: &Area, (x, y): (i32, i32), entries: &[(Key, String)]) -> Result<(), String> {
    let mut top = y + 6;
    for (key, text) in entries {
        let lines = legend_lines(key, text);
        let middle = top + LEGEND_TEXT as i32 / 2 + 1;
        let mut left = x + 34;
        let colour = match key {
            Key::Swatch(colour) => {
                area.draw(&Rectangle::new(
                    [(x + 6, middle - 6), (x + 24, middle + 6)],
                    colour.filled(),
                ))
                .map_err(fail)?;
                area.draw(&Rectangle::new(
                    [(x + 6, middle - 6), (x + 24, middle + 6)],
                    BLACK.mix(0.5).stroke_width(1),
                ))
                .map_err(fail)?;
                BLACK
            }
            Key::Series(index) => {
                let colour = series_colour(*index);
                area.draw(&PathElement::new(
                    vec![(x + 2, middle), (x + 28, middle)],
                    colour.stroke_width(2),
                ))
                .map_err(fail)?;
                draw_marker(area, series_marker(*index), (x + 15, middle), colour)?;
                BLACK
            }
            Key::Line(colour, width, dash) => {
                draw_dashed(
                    area,
                    &[(x + 2, middle), (x + 30, middle)],
                    dash,
                    colour.stroke_width(*width),
                )?;
                BLACK
            }
            Key::None => {
                left = x + 2;
                GREY
            }
        };
        for line in &lines {
            draw_text(area, line, (left, top), LEGEND_TEXT, colour, HPos::Left)?;
            top += LEGEND_TEXT as i32 + 3;
        }
        top += 6;
    }
    Ok(())
}

/// Draws `title` wrapped over `width` pixels from the top of `area`; returns the height used.
fn draw_title(area: &Area, title: &str, width: u32) -> Result<u32, String> {
    let size = 16;
    let lines = wrap_text(title, width.saturating_sub(24), size);
    for (i, line) in lines.iter().enumerate() {
        let y = 10 + i as i32 * (size as i32 + 4);
        draw_text(
            area,
            line,
            ((width / 2) as i32, y),
            size,
            BLACK,
            HPos::Center,
        )?;
    }
    Ok(16 + lines.len() as u32 * (size + 4))
}

/// The SVG of a report figure.
pub fn render_figure(figure: &Figure) -> Result<String, String> {
    match figure {
        Figure::Lines(lines) => render_lines(lines),
        Figure::Distributions(distributions) => render_distributions(distributions),
    }
}

/// The size of one panel of a report figure.
const PANEL: (u32, u32) = (300, 250);

/// Lays out `panels` panels in rows of `columns` beside a legend of `legend` pixels' height
/// under a title: the canvas size and the title's height (measured by a first pass).
fn grid_size(title: &str, panels: usize, columns: usize, legend: u32) -> (u32, u32, u32) {
    let columns = columns.max(1);
    let rows = panels.div_ceil(columns).max(1);
    let width = columns as u32 * PANEL.0 + LEGEND_WIDTH;
    let title_height = 16 + wrap_text(title, width.saturating_sub(24), 16).len() as u32 * 20;
    let height = title_height + (rows as u32 * PANEL.1).max(legend);
    (width, height, title_height)
}

/// The backend rectangle `(x, y, w, h)` of panel `index` in rows of `columns` under a title of
/// `top` pixels.
fn panel_cell(index: usize, columns: usize, top: u32) -> (i32, i32) {
    let columns = columns.max(1);
    (
        ((index % columns) as u32 * PANEL.0) as i32,
        (top + (index / columns) as u32 * PANEL.1) as i32,
    )
}

fn render_lines(figure: &Lines) -> Result<String, String> {
    let mut entries: Vec<(Key, String)> = figure
        .series
        .iter()
        .enumerate()
        .map(|(i, label)| (Key::Series(i), label.clone()))
        .collect();
    for r in &figure.references {
        let (colour, width, dash) = reference_style(r.status);
        entries.push((Key::Line(colour, width, dash), r.label.clone()));
    }
    entries.push((Key::None, figure.note.clone()));
    let (width, height, top) = grid_size(
        &figure.title,
        figure.panels.len(),
        figure.columns,
        legend_height(&entries),
    );
    // Shared axes: every point with its bar, every reference line.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for panel in &figure.panels {
        for p in panel.lines.iter().flat_map(|(_, points)| points) {
            let sd = p.sd.unwrap_or(0.0);
            (x0, x1) = (x0.min(p.x), x1.max(p.x));
            (y0, y1) = (y0.min(p.mean - sd), y1.max(p.mean + sd));
        }
        for r in &panel.references {
            (y0, y1) = (y0.min(r.y), y1.max(r.y));
        }
    }
    if x0 > x1 {
        (x0, x1) = (0.0, 1.0);
    }
    if y0 > y1 {
        (y0, y1) = (0.0, 1.0);
    }
    let gaps: Vec<f64> = {
        let mut xs: Vec<f64> = figure
            .panels
            .iter()
            .flat_map(|p| {
                p.lines
                    .iter()
                    .flat_map(|(_, points)| points.iter().map(|p| p.x))
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        xs.windows(2).map(|w| w[1] - w[0]).collect()
    };
    let gap = gaps.iter().copied().fold(f64::MAX, f64::min);
    let gap = if gap == f64::MAX { 1.0 } else { gap };
    // Room for the series spread sideways at the ends.
    let pad = ((x1 - x0) * 0.08).max(gap * 0.4);
    let (x0, x1) = (x0 - pad, x1 + pad);
    let y_pad = if y1 > y0 { (y1 - y0) * 0.08 } else { 0.5 };
    let (y0, y1) = (y0 - y_pad, y1 + y_pad);
    let n = figure.series.len().max(1);
    let dodge = |series: usize| {
        if n == 1 {
            0.0
        } else {
            (series as f64 / (n - 1) as f64 - 0.5) * gap * 0.24
        }
    };
    let rows = figure.panels.len().div_ceil(figure.columns.max(1));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw_title(&root, &figure.title, width)?;
        for (index, panel) in figure.panels.iter().enumerate() {
            let (px, py) = panel_cell(index, figure.columns, top);
            let cell = root.clone().shrink((px, py), PANEL);
            let bottom = index / figure.columns.max(1) + 1 == rows
                || index + figure.columns >= figure.panels.len();
            let left = index % figure.columns.max(1) == 0;
            let mut chart = ChartBuilder::on(&cell)
                .margin(8)
                .caption(&panel.title, ("sans-serif", 13))
                .x_label_area_size(38)
                .y_label_area_size(52)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(fail)?;
            // Depths and widths are whole numbers: ticks between them stay unlabelled.
            let x_formatter = |x: &f64| {
                if (x - x.round()).abs() < 1e-9 {
                    format!("{}", x.round())
                } else {
                    String::new()
                }
            };
            let mut mesh = chart.configure_mesh();
            mesh.disable_x_mesh()
                .bold_line_style(GRID)
                .max_light_lines(0)
                .x_labels((((x1 - x0) / gap).ceil() as usize + 1).min(12))
                .x_label_formatter(&x_formatter)
                .label_style(("sans-serif", 11));
            if bottom {
                mesh.x_desc(figure.axes.0.as_str());
            }
            if left {
                mesh.y_desc(figure.axes.1.as_str());
            }
            mesh.draw().map_err(fail)?;
            for reference in &panel.references {
                let y = reference.y;
                for &(from, to, status) in &reference.stretches {
                    let (a, b) = (from.max(x0), to.min(x1));
                    let (colour, stroke, dash) = reference_style(status);
                    let (pa, pb) = (chart.backend_coord(&(a, y)), chart.backend_coord(&(b, y)));
                    draw_dashed(&root, &[pa, pb], dash, colour.stroke_width(stroke))?;
                    let word = format!("{}: {}", reference.short, status_word(status));
                    if pb.0 - pa.0 > 60 {
                        draw_text(&root, &word, (pb.0 - 3, pa.1 - 14), 10, colour, HPos::Right)?;
                    }
                }
            }
            for (series, points) in &panel.lines {
                let colour = series_colour(*series);
                let shift = dodge(*series);
                let at =
                    |p: &crate::experiment::Point, y: f64| chart.backend_coord(&(p.x + shift, y));
                let path: Vec<(i32, i32)> = points.iter().map(|p| at(p, p.mean)).collect();
                root.draw(&PathElement::new(path.clone(), colour.stroke_width(2)))
                    .map_err(fail)?;
                for p in points {
                    if let Some(sd) = p.sd {
                        let (low, high) = (at(p, p.mean - sd), at(p, p.mean + sd));
                        let style = colour.stroke_width(1);
                        root.draw(&PathElement::new(vec![low, high], style))
                            .map_err(fail)?;
                        for end in [low, high] {
                            root.draw(&PathElement::new(
                                vec![(end.0 - 4, end.1), (end.0 + 4, end.1)],
                                style,
                            ))
                            .map_err(fail)?;
                        }
                    }
                }
                for point in &path {
                    draw_marker(&root, series_marker(*series), *point, colour)?;
                }
            }
            if panel.lines.is_empty() {
                let (cx, cy) = chart.backend_coord(&((x0 + x1) / 2.0, (y0 + y1) / 2.0));
                draw_text(&root, "no data", (cx, cy), 12, GREY, HPos::Center)?;
            }
        }
        let legend_x = (figure.columns.max(1) as u32 * PANEL.0) as i32 + 8;
        draw_legend(&root, (legend_x, top as i32), &entries)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// The most bins a distribution panel shows: wider count ranges are binned.
const MAX_BINS: usize = 24;

/// A distribution as drawn: its bins' first counts (every `width` counts from the row's
/// first) with the fraction of the regions in each, and its mean.
struct Binned {
    series: usize,
    fractions: Vec<(usize, f64)>,
    mean: f64,
}

/// `histogram` binned every `width` counts from `first`, as fractions of its regions.
fn binned(series: usize, histogram: &BTreeMap<usize, usize>, first: usize, width: usize) -> Binned {
    let total = histogram.values().sum::<usize>().max(1) as f64;
    let mut bins: BTreeMap<usize, usize> = BTreeMap::new();
    for (&count, &regions) in histogram {
        *bins
            .entry(first + (count - first) / width * width)
            .or_insert(0) += regions;
    }
    Binned {
        series,
        fractions: bins
            .into_iter()
            .map(|(k, v)| (k, v as f64 / total))
            .collect(),
        mean: histogram
            .iter()
            .map(|(&k, &v)| k as f64 * v as f64)
            .sum::<f64>()
            / total,
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, ... giving at most [`MAX_BINS`] bins over `span`
/// counts.
fn bin_width(span: usize) -> usize {
    let mut scale: usize = 1;
    loop {
        for width in [1, 2, 5].map(|m| m * scale) {
            if span.div_ceil(width) <= MAX_BINS {
                return width;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

fn render_distributions(figure: &Distributions) -> Result<String, String> {
    let mut entries: Vec<(Key, String)> = figure
        .series
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let dash = SERIES_DASHES[i % SERIES_DASHES.len()];
            (Key::Line(series_colour(i), 2, dash), label.clone())
        })
        .collect();
    entries.push((
        Key::None,
        "Each curve: the fraction of the kept seeds' regions with each count (or in each bin of counts; one curve's bars sum to 1). The triangle under the axis marks the curve's mean."
            .to_string(),
    ));
    let (width, height, top) = grid_size(
        &figure.title,
        figure.panels.len(),
        figure.columns,
        legend_height(&entries),
    );
    let columns = figure.columns.max(1);
    // Shared axes per row: the counts' range, binned alike, and the tallest fraction.
    let mut rows: Vec<(usize, usize, usize, f64)> = Vec::new();
    let mut curves: Vec<Vec<Binned>> = Vec::new();
    for row in figure.panels.chunks(columns) {
        let histograms = || row.iter().flat_map(|p| p.curves.iter().map(|(_, h)| h));
        let lo = histograms().filter_map(|h| h.keys().next()).min().copied();
        let hi = histograms()
            .filter_map(|h| h.keys().next_back())
            .max()
            .copied();
        let (lo, hi) = lo.zip(hi).unwrap_or((0, 0));
        let bin = bin_width(hi - lo + 1);
        let row_curves: Vec<Vec<Binned>> = row
            .iter()
            .map(|p| {
                p.curves
                    .iter()
                    .map(|(s, h)| binned(*s, h, lo, bin))
                    .collect()
            })
            .collect();
        let tallest = row_curves
            .iter()
            .flatten()
            .flat_map(|c| c.fractions.iter().map(|f| f.1))
            .fold(0.0, f64::max);
        rows.push((
            lo,
            hi - (hi - lo) % bin + bin,
            bin,
            if tallest > 0.0 { tallest } else { 1.0 },
        ));
        curves.extend(row_curves);
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw_title(&root, &figure.title, width)?;
        for (index, (panel, panel_curves)) in figure.panels.iter().zip(&curves).enumerate() {
            let (lo, end, bin, tallest) = rows[index / columns];
            let (px, py) = panel_cell(index, columns, top);
            let cell = root.clone().shrink((px, py), PANEL);
            let (x0, x1) = (lo as f64 - 0.5, end as f64 - 0.5);
            let mut chart = ChartBuilder::on(&cell)
                .margin(8)
                .caption(&panel.title, ("sans-serif", 13))
                .x_label_area_size(38)
                .y_label_area_size(52)
                .build_cartesian_2d(x0..x1, 0.0..tallest * 1.12)
                .map_err(fail)?;
            let count_formatter = |x: &f64| format!("{x:.0}");
            let quantity = if bin > 1 {
                format!("{} (bins of {bin})", panel.quantity)
            } else {
                panel.quantity.clone()
            };
            chart
                .configure_mesh()
                .disable_x_mesh()
                .bold_line_style(GRID)
                .max_light_lines(0)
                .x_labels(((end - lo) / bin).min(12) + 1)
                .x_label_formatter(&count_formatter)
                .label_style(("sans-serif", 11))
                .x_desc(quantity)
                .y_desc(if index % columns == 0 {
                    "fraction of regions"
                } else {
                    ""
                })
                .draw()
                .map_err(fail)?;
            let bin_pixels =
                chart.backend_coord(&(x0 + bin as f64, 0.0)).0 - chart.backend_coord(&(x0, 0.0)).0;
            for curve in panel_curves {
                let colour = series_colour(curve.series);
                let dash = SERIES_DASHES[curve.series % SERIES_DASHES.len()];
                let (Some(&(first, _)), Some(&(last, _))) =
                    (curve.fractions.first(), curve.fractions.last())
                else {
                    continue;
                };
                let mut outline = vec![(first as f64 - 0.5, 0.0)];
                let mut fractions = curve.fractions.iter().peekable();
                for start in (first..=last).step_by(bin) {
                    let f = match fractions.peek() {
                        Some(&&(k, f)) if k == start => {
                            fractions.next();
                            f
                        }
                        _ => 0.0,
                    };
                    outline.push((start as f64 - 0.5, f));
                    outline.push(((start + bin) as f64 - 0.5, f));
                }
                outline.push(((last + bin) as f64 - 0.5, 0.0));
                // Curves of equal height are shifted sideways by a few pixels (at most an
                // eighth of a bin), so that each stays visible.
                let offset = 2 * curve.series as i32 - figure.series.len() as i32 + 1;
                let shift = offset * 3.min(bin_pixels / 8) / 2;
                let pixels: Vec<(i32, i32)> = outline
                    .iter()
                    .map(|p| {
                        let (x, y) = chart.backend_coord(p);
                        (x + shift, y)
                    })
                    .collect();
                draw_dashed(&root, &pixels, dash, colour.stroke_width(2))?;
                let (mx, my) = chart.backend_coord(&(curve.mean, 0.0));
                root.draw(&Polygon::new(
                    vec![(mx, my + 2), (mx + 5, my + 10), (mx - 5, my + 10)],
                    colour.filled(),
                ))
                .map_err(fail)?;
            }
            // The series without a curve: in the middle of an empty panel, else in its corner.
            let ((x, y), anchor) = if panel.curves.is_empty() {
                (
                    chart.backend_coord(&((x0 + x1) / 2.0, tallest * 0.6)),
                    HPos::Center,
                )
            } else {
                let (x, y) = chart.backend_coord(&(x1, tallest * 1.1));
                ((x - 4, y), HPos::Right)
            };
            for (i, line) in wrap_text(&panel.note, PANEL.0 - 90, 10).iter().enumerate() {
                draw_text(&root, line, (x, y + i as i32 * 13), 10, GREY, anchor)?;
            }
        }
        let legend_x = (columns as u32 * PANEL.0) as i32 + 8;
        draw_legend(&root, (legend_x, top as i32), &entries)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// Writes an SVG with one histogram panel per `(label, histogram)` side by side: for each count,
/// the number of regions with that count. `title` heads the picture.
pub fn plot_histograms(
    path: &Path,
    title: &str,
    panels: &[(&str, &BTreeMap<usize, usize>)],
) -> Result<(), String> {
    let svg = render_histograms(title, panels).map_err(|e| format!("{}: {e}", path.display()))?;
    write_svg(path, &svg)
}

/// The SVG of [`plot_histograms`]. The bars are drawn one rectangle per count, in count order
/// (plotters' `Histogram` sums through a hash map, whose order would change the bytes).
fn render_histograms(
    title: &str,
    panels: &[(&str, &BTreeMap<usize, usize>)],
) -> Result<String, String> {
    let width = 420 * panels.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let used = draw_title(&root, title, width)?;
        let (_, body) = root.split_vertically(used);
        let areas = body.split_evenly((1, panels.len().max(1)));
        for (index, ((label, bars), area)) in panels.iter().zip(&areas).enumerate() {
            let low = bars.keys().next().copied().unwrap_or(0);
            let high = bars.keys().next_back().copied().unwrap_or(0) + 1;
            let tallest = bars.values().copied().max().unwrap_or(0) as f64;
            let mut chart = ChartBuilder::on(area)
                .margin(12)
                .caption(format!("{label} per region"), ("sans-serif", 14))
                .x_label_area_size(32)
                .y_label_area_size(52)
                .build_cartesian_2d((low..high).into_segmented(), 0.0..(tallest * 1.1).max(1.0))
                .map_err(fail)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .bold_line_style(GRID)
                .x_desc(*label)
                .y_desc("regions")
                .draw()
                .map_err(fail)?;
            let colour = series_colour(index);
            chart
                .draw_series(bars.iter().map(|(&count, &height)| {
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(count), 0.0),
                            (SegmentValue::Exact(count + 1), height as f64),
                        ],
                        colour.filled(),
                    );
                    bar.set_margin(0, 0, 2, 2);
                    bar
                }))
                .map_err(fail)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// How the regions of a planar drawing are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionColouring {
    /// By number of facets (edges), on the viridis scale.
    #[default]
    Facets,
    /// One distinct colour per activation pattern.
    Pattern,
}

impl FromStr for RegionColouring {
    type Err = String;
    fn from_str(text: &str) -> Result<RegionColouring, String> {
        match text {
            "facets" => Ok(RegionColouring::Facets),
            "pattern" => Ok(RegionColouring::Pattern),
            _ => Err(format!(
                "unknown colouring \"{text}\" (expected \"facets\" or \"pattern\")"
            )),
        }
    }
}

/// Writes an SVG of the regions of a planar network, outlined and filled by `colouring`, with a
/// legend beside the drawing. Polygons are traced exactly through the vertex-facet incidences;
/// only the final coordinates are rounded for drawing.
pub fn draw_planar_regions(
    path: &Path,
    title: &str,
    regions: &[Region],
    colouring: RegionColouring,
) -> Result<(), String> {
    let svg = render_planar_regions(title, regions, colouring)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    write_svg(path, &svg)
}

/// The SVG of [`draw_planar_regions`].
fn render_planar_regions(
    title: &str,
    regions: &[Region],
    colouring: RegionColouring,
) -> Result<String, String> {
    let (fills, legend) = match colouring {
        RegionColouring::Facets => facet_colours(regions),
        RegionColouring::Pattern => pattern_colours(regions),
    };
    let polygons: Vec<(Vec<(f64, f64)>, RGBColor)> = regions
        .iter()
        .zip(fills)
        .map(|(r, fill)| (outline(&r.polytope), fill))
        .collect();
    render_polygons(title, &polygons, &legend, &[])
}

/// Each region's colour by its number of facets (viridis from the fewest to the most), and a
/// legend entry per count.
fn facet_colours(regions: &[Region]) -> (Vec<RGBColor>, Vec<(Key, String)>) {
    let counts: Vec<usize> = regions.iter().map(|r| r.polytope.facets().len()).collect();
    let mut histogram: BTreeMap<usize, usize> = BTreeMap::new();
    for &c in &counts {
        *histogram.entry(c).or_insert(0) += 1;
    }
    let low = histogram.keys().next().copied().unwrap_or(0);
    let high = histogram.keys().next_back().copied().unwrap_or(0);
    let colour = |count: usize| {
        let t = if high > low {
            (count - low) as f64 / (high - low) as f64
        } else {
            0.5
        };
        viridis(t)
    };
    let legend = histogram
        .iter()
        .map(|(&facets, &n)| {
            let noun = if n == 1 { "region" } else { "regions" };
            (
                Key::Swatch(colour(facets)),
                format!("{facets} facets: {n} {noun}"),
            )
        })
        .collect();
    (counts.into_iter().map(colour).collect(), legend)
}

/// The viridis colour at `t` in [0, 1], interpolated between its stops.
fn viridis(t: f64) -> RGBColor {
    let scaled = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (scaled.floor() as usize).min(VIRIDIS.len() - 2);
    let f = scaled - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// How many patterns a legend lists one by one.
const LISTED_PATTERNS: usize = 16;

/// Each region's colour by its activation pattern: regions come in pattern order with distinct
/// patterns, and region i gets [`distinct_colour`]`(i)`, so distinct patterns get distinct
/// colours (up to 2^18 regions); the legend lists the first patterns.
fn pattern_colours(regions: &[Region]) -> (Vec<RGBColor>, Vec<(Key, String)>) {
    let colours: Vec<RGBColor> = (0..regions.len()).map(distinct_colour).collect();
    let mut legend: Vec<(Key, String)> = regions
        .iter()
        .zip(&colours)
        .take(LISTED_PATTERNS)
        .map(|(r, &c)| (Key::Swatch(c), r.pattern.to_strings().join(" | ")))
        .collect();
    let more = regions.len().saturating_sub(LISTED_PATTERNS);
    let note = if more > 0 {
        format!(
            "and {more} more: one colour per activation pattern ({} patterns; bits of each hidden layer, neuron 1 first)",
            regions.len()
        )
    } else {
        "one colour per activation pattern (bits of each hidden layer, neuron 1 first)".to_string()
    };
    legend.push((Key::None, note));
    (colours, legend)
}

/// The i-th of 2^18 distinct colours: i scrambled by a bijection of 18 bits (an odd multiplier,
/// then an xor-shift), six bits per channel spread over 64..=240, so neighbours in pattern order
/// look different.
fn distinct_colour(i: usize) -> RGBColor {
    const MASK: u64 = (1 << 18) - 1;
    let mut v = (i as u64).wrapping_mul(0x2C_9277) & MASK;
    v ^= v >> 9;
    let channel = |shift: u32| (64 + ((v >> shift) & 63) * 176 / 63) as u8;
    RGBColor(channel(0), channel(6), channel(12))
}

/// Draws the decision regions of a planar classifier into an SVG: each cell filled with its
/// class's colour, cell outlines thin, the decision boundary's edges thick, one legend entry per
/// class that wins somewhere (its cells and connected components).
pub fn draw_decision_regions(
    path: &Path,
    title: &str,
    decision: &DecisionRegions,
) -> Result<(), String> {
    let svg =
        render_decision_regions(title, decision).map_err(|e| format!("{}: {e}", path.display()))?;
    write_svg(path, &svg)
}

/// The SVG of [`draw_decision_regions`].
fn render_decision_regions(title: &str, decision: &DecisionRegions) -> Result<String, String> {
    let polygons: Vec<(Vec<(f64, f64)>, RGBColor)> = decision
        .cells
        .iter()
        .map(|c| (outline(&c.polytope), series_colour(c.class)))
        .collect();
    let mut legend: Vec<(Key, String)> = decision
        .class_topology
        .iter()
        .filter(|t| t.cells > 0)
        .map(|t| {
            (
                Key::Swatch(series_colour(t.class)),
                format!(
                    "class {}: {} cells, components {}",
                    t.class, t.cells, t.betti[0]
                ),
            )
        })
        .collect();
    legend.push((Key::Line(BLACK, 3, &[]), "decision boundary".to_string()));
    let boundary = &decision.boundary;
    let point = |v: usize| {
        let p = boundary.vertices[v].to_rationals();
        (float(&p[0]), float(&p[1]))
    };
    let segments: Vec<Segment> = boundary
        .cells
        .get(1)
        .map(|edges| edges.iter().map(|e| (point(e[0]), point(e[1]))).collect())
        .unwrap_or_default();
    render_polygons(title, &polygons, &legend, &segments)
}

/// A segment between two drawing points.
type Segment = ((f64, f64), (f64, f64));

/// The longest side of a planar drawing's data area, in pixels.
const DRAWING: u32 = 640;

/// Draws filled polygons, thick black segments and, beside the drawing, a legend, with equal
/// scales on both axes (a square is drawn square; a side shorter than a quarter of the other is
/// widened around its middle).
fn render_polygons(
    title: &str,
    polygons: &[(Vec<(f64, f64)>, RGBColor)],
    legend: &[(Key, String)],
    segments: &[Segment],
) -> Result<String, String> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in polygons.iter().flat_map(|(p, _)| p) {
        (x0, x1) = (x0.min(x), x1.max(x));
        (y0, y1) = (y0.min(y), y1.max(y));
    }
    if x0 > x1 {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let widen = |lo: f64, hi: f64, other: f64| {
        let least = other / 4.0;
        if hi - lo >= least && hi > lo {
            (lo, hi)
        } else {
            let middle = (lo + hi) / 2.0;
            let half = least.max(f64::MIN_POSITIVE) / 2.0;
            (middle - half, middle + half)
        }
    };
    let (x0, x1) = widen(x0, x1, y1 - y0);
    let (y0, y1) = widen(y0, y1, x1 - x0);
    let scale = f64::from(DRAWING) / (x1 - x0).max(y1 - y0);
    let (plot_w, plot_h) = (
        ((x1 - x0) * scale).round().max(1.0) as u32,
        ((y1 - y0) * scale).round().max(1.0) as u32,
    );
    let (margin, y_labels, x_labels) = (16u32, 56u32, 34u32);
    let chart_w = plot_w + 2 * margin + y_labels;
    let chart_h = plot_h + 2 * margin + x_labels;
    let width = chart_w + LEGEND_WIDTH;
    let title_height = 16 + wrap_text(title, width.saturating_sub(24), 16).len() as u32 * 20;
    let height = title_height + chart_h.max(legend_height(legend));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw_title(&root, title, width)?;
        let area = root.clone().shrink((0, title_height), (chart_w, chart_h));
        let mut chart = ChartBuilder::on(&area)
            .margin(margin)
            .x_label_area_size(x_labels)
            .y_label_area_size(y_labels)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(fail)?;
        let decimals = (2.0 - (x1 - x0).max(y1 - y0).log10().floor()).max(0.0) as usize;
        let tick = |v: &f64| {
            let text = format!("{v:.decimals$}");
            let text = if text.contains('.') {
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                text
            };
            if text == "-0" {
                "0".to_string()
            } else {
                text
            }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .label_style(("sans-serif", 11))
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()
            .map_err(fail)?;
        for (points, fill) in polygons {
            chart
                .draw_series(std::iter::once(Polygon::new(points.clone(), fill.filled())))
                .map_err(fail)?;
            let mut closed = points.clone();
            closed.extend(points.first());
            chart
                .draw_series(std::iter::once(PathElement::new(
                    closed,
                    BLACK.mix(0.45).stroke_width(1),
                )))
                .map_err(fail)?;
        }
        for &(a, b) in segments {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![a, b],
                    BLACK.stroke_width(3),
                )))
                .map_err(fail)?;
        }
        draw_legend(&root, (chart_w as i32 + 4, title_height as i32), legend)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// A drawing coordinate: the nearest f64.
fn float(v: &crate::exact::Rational) -> f64 {
    f64::rounding_from(v, RoundingMode::Nearest).0
}

/// The polygon's vertices in cyclic order, found by walking from vertex to vertex along the
/// facets (edges) each lies on.
fn outline<S>(polytope: &Polytope<S>) -> Vec<(f64, f64)> {
    let edges = polytope.facet_vertex_sets();
    let mut order = vec![0];
    let mut previous_edge = usize::MAX;
    while order.len() < polytope.vertices().len() {
        let current = *order.last().expect("non-empty");
        let (edge, set) = edges
            .iter()
            .enumerate()
            .find(|(e, set)| *e != previous_edge && set.contains(current))
            .expect("every vertex of a polygon lies on two edges");
        let next = set
            .iter()
            .find(|&v| v != current)
            .expect("an edge has two vertices");
        previous_edge = edge;
        order.push(next);
    }
    order
        .into_iter()
        .map(|v| {
            let p = polytope.vertices()[v].point.to_rationals();
            (float(&p[0]), float(&p[1]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_histograms_give_the_same_bytes() {
        let facets: BTreeMap<usize, usize> = (3..15).map(|k| (k, k * k % 7 + 1)).collect();
        let simplices: BTreeMap<usize, usize> = (1..30).map(|k| (k, k % 5 + 1)).collect();
        let panels = [("facets", &facets), ("simplices", &simplices)];
        let files: Vec<String> = (0..4)
            .map(|_| render_histograms("title", &panels).unwrap())
            .collect();
        assert!(files.windows(2).all(|w| w[0] == w[1]));
        let bars = files[0].matches("fill=\"#0072B2\"").count();
        assert_eq!(bars, facets.len(), "one bar per facet count");
    }

    #[test]
    fn wide_count_ranges_are_binned() {
        assert_eq!(
            [1, 24, 25, 48, 49, 120, 121, 1000].map(bin_width),
            [1, 1, 2, 2, 5, 5, 10, 50]
        );
        let histogram: BTreeMap<usize, usize> = [(3, 1), (4, 1), (7, 2)].into();
        let b = binned(0, &histogram, 3, 2);
        assert_eq!(b.fractions, [(3, 0.5), (7, 0.5)]);
        assert_eq!(b.mean, 5.25);
    }

    /// The pixel extent `(x0, x1, y0, y1)` of the first `<polygon>` of `svg`.
    fn first_polygon(svg: &str) -> (f64, f64, f64, f64) {
        let points = svg
            .split("<polygon")
            .nth(1)
            .and_then(|p| p.split("points=\"").nth(1))
            .and_then(|p| p.split('"').next())
            .unwrap();
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for point in points.split_whitespace() {
            let (x, y) = point.split_once(',').unwrap();
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
        }
        (x0, x1, y0, y1)
    }

    #[test]
    fn planar_drawings_have_equal_scales_and_the_legend_outside() {
        for (w, h) in [(2.0, 2.0), (2.0, 1.0), (1.0, 3.0)] {
            let rectangle = vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
            let legend = [(Key::Swatch(BLACK), "the legend".to_string())];
            let svg = render_polygons("title", &[(rectangle, WHITE)], &legend, &[]).unwrap();
            let (x0, x1, y0, y1) = first_polygon(&svg);
            let ratio = (x1 - x0) / (y1 - y0);
            assert!(
                (ratio - w / h).abs() * (y1 - y0) <= 2.0,
                "{w} x {h}: {ratio}"
            );
            assert!(x1 - x0 >= 100.0 && y1 - y0 >= 100.0);
            let legend_x: f64 = svg
                .split("the legend")
                .next()
                .and_then(|before| before.rsplit("<text x=\"").next())
                .and_then(|t| t.split('"').next())
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                legend_x > x1,
                "the legend ({legend_x}) is right of the drawing ({x1})"
            );
            assert_eq!(
                svg,
                render_polygons(
                    "title",
                    &[(vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)], WHITE)],
                    &legend,
                    &[]
                )
                .unwrap()
            );
        }
    }

    #[test]
    fn distinct_indices_get_distinct_colours() {
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..(1 << 18) {
            let RGBColor(r, g, b) = distinct_colour(i);
            assert!(seen.insert((r, g, b)), "index {i}");
        }
    }

    #[test]
    fn dashes_alternate_on_and_off() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 10)).into_drawing_area();
            draw_dashed(&root, &[(0, 5), (100, 5)], &[10, 5], BLACK.stroke_width(1)).unwrap();
            root.present().unwrap();
        }
        // 100 pixels of 10 on, 5 off: dashes start at 0, 15, ..., 90.
        assert_eq!(svg.matches("<polyline").count(), 7, "{svg}");
    }
}
