//! The interactive HTML view of a 3-dimensional region complex (`relupoly regions --view
//! FILE.html`): one self-contained file, no network access. The regions' facets and their
//! data are an inline JSON document; a small script (`view.js`, canvas 2D, its own orthographic
//! projection and painter's algorithm) draws each region as its own closed surface, rotates by
//! dragging, zooms by the wheel, pulls the regions apart, cuts them along an axis and shows the
//! region under a click. Coordinates are rounded to f32 here, for drawing only.

use super::mesh::{
    f32_coordinates, neuron_hue, palette, region_hue, supporting_neuron, MeshColour, HUES,
};
use crate::exact::Rational;
use crate::regions::Skeleton;
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde::Serialize;
use std::path::Path;

/// The page around the data and the script.
const PAGE: &str = include_str!("view.html");
/// The script drawing the view.
const SCRIPT: &str = include_str!("view.js");

/// The inline document the script reads (keys in this order).
#[derive(Serialize)]
struct ViewData<'a> {
    title: &'a str,
    colour: &'static str,
    palette: Vec<String>,
    /// x, y, z of every vertex, flat.
    vertices: Vec<f32>,
    /// Each polygon's vertex cycle, counterclockwise seen from outside its first region.
    polygons: Vec<&'a [u32]>,
    /// Each polygon's first region.
    first: Vec<usize>,
    /// Each polygon's colour by neuron (its lowest neuron's hue), or -1 in the domain's
    /// boundary.
    neuron: Vec<i64>,
    regions: RegionColumns,
}

/// The regions' data, one column per key.
#[derive(Serialize)]
struct RegionColumns {
    pattern: Vec<String>,
    f_vector: Vec<Option<Vec<usize>>>,
    volume: Vec<Option<String>>,
    colour: Vec<usize>,
    facets: Vec<Vec<usize>>,
}

/// Writes the interactive view of `skeleton` to `path`, first coloured by `colour`, headed by
/// `title`.
pub fn write_view(
    path: &Path,
    skeleton: &Skeleton,
    colour: MeshColour,
    title: &str,
) -> Result<(), String> {
    let html = view_html(skeleton, colour, title).ok_or_else(|| {
        format!(
            "{}: a vertex coordinate is beyond the range of f32, the view's number type",
            path.display()
        )
    })?;
    std::fs::write(path, html).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The page; `None` when a coordinate is beyond f32.
fn view_html(skeleton: &Skeleton, colour: MeshColour, title: &str) -> Option<String> {
    let mut vertices = Vec::with_capacity(3 * skeleton.vertices.len());
    for point in &skeleton.vertices {
        vertices.extend(f32_coordinates(point)?);
    }
    let regions = &skeleton.regions;
    let data = ViewData {
        title,
        colour: colour.name(),
        palette: (0..HUES)
            .map(|hue| {
                let [r, g, b] = palette(hue);
                format!("#{r:02x}{g:02x}{b:02x}")
            })
            .collect(),
        vertices,
        polygons: skeleton.polygons.iter().map(|p| &p.cycle[..]).collect(),
        first: skeleton.polygons.iter().map(|p| p.regions[0]).collect(),
        neuron: skeleton
            .polygons
            .iter()
            .map(|p| {
                supporting_neuron(&p.sources)
                    .map_or(-1, |(layer, index)| neuron_hue(layer, index) as i64)
            })
            .collect(),
        regions: RegionColumns {
            pattern: regions.iter().map(|r| r.pattern.join(" ")).collect(),
            f_vector: regions.iter().map(|r| r.f_vector.clone()).collect(),
            volume: regions
                .iter()
                .map(|r| r.volume.as_ref().map(volume_text))
                .collect(),
            colour: (0..regions.len()).map(region_hue).collect(),
            facets: regions.iter().map(|r| r.facets.clone()).collect(),
        },
    };
    // `<` only occurs inside JSON strings, where `\u003c` means the same: the document cannot
    // close its script element.
    let json = serde_json::to_string(&data)
        .expect("the view's data serialises")
        .replace('<', "\\u003c");
    let (head, rest) = PAGE
        .split_once("/*DATA*/")
        .expect("the page has a data slot");
    let (middle, tail) = rest
        .split_once("/*SCRIPT*/")
        .expect("the page has a script slot");
    Some([head, &json, middle, SCRIPT, tail].concat())
}

/// A volume as shown: exact when short, else its nearest f64 in scientific notation.
fn volume_text(volume: &Rational) -> String {
    let exact = volume.to_string();
    if exact.len() <= 32 {
        exact
    } else {
        let approximation = f64::rounding_from(volume, RoundingMode::Nearest).0;
        format!("about {approximation:.6e}")
    }
}
