//! SVG pictures: histograms of per-region counts, and planar regions coloured by facet count.
//! Floats appear here only as drawing coordinates; nothing is decided on them.

use crate::polytope::Polytope;
use crate::regions::{DecisionRegions, Region};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Colours for successive histogram panels and facet counts.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

fn drawing_error(path: &Path, e: impl std::fmt::Display) -> String {
    format!("{}: cannot draw: {e}", path.display())
}

/// Writes an SVG with one histogram panel per `(label, histogram)` side by side: for each count,
/// the number of regions with that count. `title` heads the picture.
pub fn plot_histograms(
    path: &Path,
    title: &str,
    panels: &[(&str, &BTreeMap<usize, usize>)],
) -> Result<(), String> {
    let bars: Vec<(&str, Vec<(usize, f64)>)> = panels
        .iter()
        .map(|(label, h)| (*label, h.iter().map(|(&k, &v)| (k, v as f64)).collect()))
        .collect();
    plot_bars(path, title, &bars, "regions")
}

/// Writes an SVG like [`plot_histograms`], each panel normalised: for each count, the fraction
/// of that panel's regions with that count (the bars of a panel sum to 1).
pub fn plot_distributions(
    path: &Path,
    title: &str,
    panels: &[(&str, &BTreeMap<usize, usize>)],
) -> Result<(), String> {
    let bars: Vec<(&str, Vec<(usize, f64)>)> = panels
        .iter()
        .map(|(label, h)| {
            let total = h.values().sum::<usize>().max(1) as f64;
            (
                *label,
                h.iter().map(|(&k, &v)| (k, v as f64 / total)).collect(),
            )
        })
        .collect();
    plot_bars(path, title, &bars, "fraction of regions")
}

/// One bar chart panel per `(label, bars)`, side by side; `y_label` names the bars' heights.
/// The same arguments give the same file, byte for byte.
fn plot_bars(
    path: &Path,
    title: &str,
    panels: &[(&str, Vec<(usize, f64)>)],
    y_label: &str,
) -> Result<(), String> {
    let width = 420 * panels.len().max(1) as u32;
    let root = SVGBackend::new(path, (width, 380)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| drawing_error(path, e))?;
    let root = root
        .titled(title, ("sans-serif", 18))
        .map_err(|e| drawing_error(path, e))?;
    let areas = root.split_evenly((1, panels.len().max(1)));
    for (index, ((label, bars), area)) in panels.iter().zip(&areas).enumerate() {
        let low = bars.first().map_or(0, |b| b.0);
        let high = bars.last().map_or(0, |b| b.0) + 1;
        let tallest = bars.iter().map(|b| b.1).fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(area)
            .margin(12)
            .caption(format!("{label} per region"), ("sans-serif", 15))
            .x_label_area_size(32)
            .y_label_area_size(48)
            .build_cartesian_2d((low..high).into_segmented(), 0.0..(tallest * 1.1).max(1e-9))
            .map_err(|e| drawing_error(path, e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(*label)
            .y_desc(y_label)
            .draw()
            .map_err(|e| drawing_error(path, e))?;
        let colour = PALETTE[index % PALETTE.len()];
        // One rectangle per bar, in count order (plotters' `Histogram` sums through a hash map,
        // whose order would change the file from run to run).
        chart
            .draw_series(bars.iter().map(|&(count, height)| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(count), 0.0),
                        (SegmentValue::Exact(count + 1), height),
                    ],
                    colour.filled(),
                );
                bar.set_margin(0, 0, 2, 2);
                bar
            }))
            .map_err(|e| drawing_error(path, e))?;
    }
    root.present().map_err(|e| drawing_error(path, e))
}

/// Writes an SVG of the regions of a planar network, each filled with a colour for its number of
/// facets (legend included) and outlined. Polygons are traced exactly through the vertex-facet
/// incidences; only the final coordinates are rounded for drawing.
pub fn draw_planar_regions(path: &Path, title: &str, regions: &[Region]) -> Result<(), String> {
    let counts: Vec<usize> = regions.iter().map(|r| r.polytope.facets().len()).collect();
    let smallest = counts.iter().min().copied().unwrap_or(0);
    let polygons: Vec<(Vec<(f64, f64)>, usize)> = regions
        .iter()
        .zip(&counts)
        .map(|(r, &c)| (outline(&r.polytope), c - smallest))
        .collect();
    let mut distinct: Vec<usize> = counts.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let legend = distinct
        .into_iter()
        .map(|facets| {
            let regions_with = counts.iter().filter(|&&c| c == facets).count();
            (
                facets - smallest,
                format!("{facets} facets: {regions_with} regions"),
            )
        })
        .collect();
    draw_polygons(path, title, &polygons, legend, &[])
}

/// Draws the decision regions of a planar classifier into an SVG: each cell filled with its
/// class's colour, cell outlines thin, the decision boundary's edges thick, one legend entry per
/// class that wins somewhere (its cells and connected components).
pub fn draw_decision_regions(
    path: &Path,
    title: &str,
    decision: &DecisionRegions,
) -> Result<(), String> {
    let polygons: Vec<(Vec<(f64, f64)>, usize)> = decision
        .cells
        .iter()
        .map(|c| (outline(&c.polytope), c.class))
        .collect();
    let legend = decision
        .class_topology
        .iter()
        .filter(|t| t.cells > 0)
        .map(|t| {
            (
                t.class,
                format!(
                    "class {}: {} cells, components {}",
                    t.class, t.cells, t.betti[0]
                ),
            )
        })
        .collect();
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
    draw_polygons(path, title, &polygons, legend, &segments)
}

/// A segment between two drawing points.
type Segment = ((f64, f64), (f64, f64));

/// Draws filled polygons (each with a colour index), a legend `(colour index, label)` and thick
/// black segments into an SVG.
fn draw_polygons(
    path: &Path,
    title: &str,
    polygons: &[(Vec<(f64, f64)>, usize)],
    legend: Vec<(usize, String)>,
    segments: &[Segment],
) -> Result<(), String> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in polygons.iter().flat_map(|(p, _)| p) {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let root = SVGBackend::new(path, (760, 680)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| drawing_error(path, e))?;
    let mut chart = ChartBuilder::on(&root)
        .margin(16)
        .caption(title, ("sans-serif", 18))
        .x_label_area_size(30)
        .y_label_area_size(40)
        .right_y_label_area_size(0)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| drawing_error(path, e))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .draw()
        .map_err(|e| drawing_error(path, e))?;
    let colour_of = |key: usize| PALETTE[key % PALETTE.len()];
    for (points, key) in polygons {
        chart
            .draw_series(std::iter::once(Polygon::new(
                points.clone(),
                colour_of(*key).mix(0.55).filled(),
            )))
            .map_err(|e| drawing_error(path, e))?;
        let mut closed = points.clone();
        closed.push(points[0]);
        chart
            .draw_series(std::iter::once(PathElement::new(
                closed,
                BLACK.mix(0.4).stroke_width(1),
            )))
            .map_err(|e| drawing_error(path, e))?;
    }
    for &(a, b) in segments {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![a, b],
                BLACK.stroke_width(3),
            )))
            .map_err(|e| drawing_error(path, e))?;
    }
    for (key, label) in legend {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0, y0)],
                colour_of(key).filled(),
            )))
            .map_err(|e| drawing_error(path, e))?
            .label(label)
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour_of(key).filled())
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| drawing_error(path, e))?;
    root.present().map_err(|e| drawing_error(path, e))
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

/// One line of a line plot: its label and its points.
pub type Series = (String, Vec<(f64, f64)>);

/// Writes an SVG line plot of `series` (each drawn with markers), with an optional horizontal
/// reference line `(label, y)`.
pub fn plot_lines(
    path: &Path,
    title: &str,
    axes: (&str, &str),
    series: &[Series],
    reference: Option<(&str, f64)>,
) -> Result<(), String> {
    let points = series.iter().flat_map(|(_, p)| p.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if let Some((_, y)) = reference {
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if x0 > x1 {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let (xpad, ypad) = (((x1 - x0) * 0.05).max(0.5), ((y1 - y0) * 0.1).max(0.1));
    let root = SVGBackend::new(path, (760, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| drawing_error(path, e))?;
    let mut chart = ChartBuilder::on(&root)
        .margin(16)
        .caption(title, ("sans-serif", 17))
        .x_label_area_size(36)
        .y_label_area_size(50)
        .build_cartesian_2d((x0 - xpad)..(x1 + xpad), (y0 - ypad)..(y1 + ypad))
        .map_err(|e| drawing_error(path, e))?;
    chart
        .configure_mesh()
        .x_desc(axes.0)
        .y_desc(axes.1)
        .draw()
        .map_err(|e| drawing_error(path, e))?;
    if let Some((label, y)) = reference {
        chart
            .draw_series(LineSeries::new(
                vec![(x0 - xpad, y), (x1 + xpad, y)],
                BLACK.stroke_width(2),
            ))
            .map_err(|e| drawing_error(path, e))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], BLACK.stroke_width(2))
            });
    }
    for (index, (label, points)) in series.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .map_err(|e| drawing_error(path, e))?
            .label(label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))
            .map_err(|e| drawing_error(path, e))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(|e| drawing_error(path, e))?;
    root.present().map_err(|e| drawing_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_histograms_give_the_same_bytes() {
        let facets: BTreeMap<usize, usize> = (3..15).map(|k| (k, k * k % 7 + 1)).collect();
        let simplices: BTreeMap<usize, usize> = (1..30).map(|k| (k, k % 5 + 1)).collect();
        let dir = std::env::temp_dir().join(format!("relupoly-plots-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let files: Vec<Vec<u8>> = (0..4)
            .map(|i| {
                let path = dir.join(format!("h{i}.svg"));
                let panels = [("facets", &facets), ("simplices", &simplices)];
                plot_distributions(&path, "title", &panels).unwrap();
                std::fs::read(&path).unwrap()
            })
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(files.windows(2).all(|w| w[0] == w[1]));
        let text = String::from_utf8(files[0].clone()).unwrap();
        let bars = text.matches("fill=\"#1F77B4\"").count();
        assert_eq!(bars, facets.len(), "one bar per facet count");
    }
}
