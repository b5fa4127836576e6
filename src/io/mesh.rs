//! Meshes of the 2-skeleton of a 3-dimensional region complex (`relupoly regions --mesh FILE`):
//! Wavefront OBJ with its MTL materials, ASCII PLY with per-face colours, and binary glTF 2.0
//! (`.glb`) with per-vertex colours (layouts in docs/formats.md). Every polygon is triangulated
//! as a fan from its lexicographically lowest vertex, its vertices in cyclic order. Coordinates
//! are the exact vertices rounded (to nearest) only here, for drawing; which polygon is drawn,
//! its vertices' order and its colour were decided exactly. The same skeleton gives the same
//! bytes.

use crate::exact::{HomPoint, Rational};
use crate::regions::{Skeleton, Source};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

/// How the polygons of a mesh or a view are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeshColour {
    /// Every 2-cell once, in the colour of the lower-indexed region it bounds (a mesh), or each
    /// region's facets in its own colour (the view).
    Region,
    /// By the neuron whose zero set supports the polygon (the lowest layer and index when
    /// several do); polygons in the domain's boundary are left out of a mesh and drawn faint
    /// in the view.
    Neuron,
}

impl std::str::FromStr for MeshColour {
    type Err = String;

    /// Reads `region` or `neuron`.
    fn from_str(text: &str) -> Result<MeshColour, String> {
        match text {
            "region" => Ok(MeshColour::Region),
            "neuron" => Ok(MeshColour::Neuron),
            _ => Err(format!(
                "\"{text}\" is not a mesh colouring (region or neuron)"
            )),
        }
    }
}

impl MeshColour {
    /// The colouring's name, as it is spelled on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MeshColour::Region => "region",
            MeshColour::Neuron => "neuron",
        }
    }
}

/// A mesh file format, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeshFormat {
    /// `.obj`: Wavefront OBJ, with the materials (one per colour) in a `.mtl` file beside it.
    Obj,
    /// `.ply`: ASCII PLY, colour per face.
    Ply,
    /// `.glb`: binary glTF 2.0, one mesh with a colour per vertex (vertices repeated per
    /// polygon).
    Glb,
}

impl MeshFormat {
    /// The format of `path`, from its extension (case-insensitive); an error naming the file
    /// for any other.
    pub fn of_path(path: &Path) -> Result<MeshFormat, String> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("obj") => Ok(MeshFormat::Obj),
            Some("ply") => Ok(MeshFormat::Ply),
            Some("glb") => Ok(MeshFormat::Glb),
            _ => Err(format!(
                "{}: unknown mesh format: the file name must end in .obj, .ply or .glb",
                path.display()
            )),
        }
    }
}

/// Writes the 2-skeleton as a mesh in the format of `path`'s extension (an `.obj` gets its
/// `.mtl` beside it, same stem), coloured by `colour`; `title` goes into the file's comment.
pub fn write_mesh(
    path: &Path,
    skeleton: &Skeleton,
    colour: MeshColour,
    title: &str,
) -> Result<(), String> {
    let format = MeshFormat::of_path(path)?;
    let drawing = Drawing::new(skeleton, colour);
    if drawing.groups.is_empty() {
        return Err(format!(
            "{}: nothing to draw: no polygon of the complex lies in a neuron's zero set (--mesh-colour neuron leaves out the domain's boundary)",
            path.display()
        ));
    }
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
    };
    let comment = format!(
        "relupoly regions --mesh: {}, coloured by {}",
        title.replace(['\n', '\r'], " "),
        colour.name()
    );
    let mtl = path.with_extension("mtl");
    let mut materials = None;
    let bytes = match format {
        MeshFormat::Obj => {
            let mtl_name = mtl.file_name().unwrap_or_default().to_string_lossy();
            obj_text(&drawing, &comment, &mtl_name).map(|(obj, mtl_text)| {
                materials = Some(mtl_text);
                obj.into_bytes()
            })
        }
        MeshFormat::Ply => ply_text(&drawing, &comment).map(String::into_bytes),
        MeshFormat::Glb => glb_bytes(&drawing, &comment),
    }
    .map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(materials) = materials {
        write(&mtl, materials.as_bytes())?;
    }
    write(path, &bytes)
}

/// Why a mesh cannot be written: a coordinate beyond the file's number type.
const OUT_OF_F32: &str = "a vertex coordinate is beyond the range of f32, the file's number type";

/// Why an OBJ cannot be written: a coordinate beyond the range of f64.
const OUT_OF_F64: &str = "a vertex coordinate is beyond the range of f64";

/// Why a `.glb` cannot be written: glTF counts and lengths are 32-bit.
const TOO_LARGE: &str = "the mesh is too large for glTF's 32-bit counts and lengths";

/// What a polygon's colour and group are decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// The region (its index).
    Region(usize),
    /// The neuron (hidden layer, index; 0-based).
    Neuron(usize, usize),
}

impl Key {
    /// The group's name in an OBJ file.
    fn name(self) -> String {
        match self {
            Key::Region(r) => format!("region_{r}"),
            Key::Neuron(layer, index) => format!("layer{layer}_neuron{index}"),
        }
    }

    /// The index of its colour in [`palette`].
    fn hue(self) -> usize {
        match self {
            Key::Region(r) => region_hue(r),
            Key::Neuron(layer, index) => neuron_hue(layer, index),
        }
    }
}

/// The number of colours.
pub(super) const HUES: usize = 64;

/// The colour number (below [`HUES`]) of the key `k`, by Fibonacci hashing: consecutive keys
/// get hues far apart.
fn hue_of(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize
}

/// The colour number of region `r`.
pub(super) fn region_hue(r: usize) -> usize {
    hue_of(r as u64)
}

/// The colour number of neuron `index` of hidden layer `layer`.
pub(super) fn neuron_hue(layer: usize, index: usize) -> usize {
    hue_of(((layer as u64) << 32) | index as u64)
}

/// Colour `hue` of the [`HUES`]: the hue `hue / HUES` of the colour wheel at saturation 0.6
/// and value 0.9, computed on integers.
pub(super) fn palette(hue: usize) -> [u8; 3] {
    let h = (hue % HUES) as u32 * 6 * 256 / HUES as u32;
    let (sector, f) = (h / 256, h % 256);
    let (v, p) = (230u32, 92u32);
    let (q, t) = (v - (v - p) * f / 256, p + (v - p) * f / 256);
    let [r, g, b] = match sector {
        0 => [v, t, p],
        1 => [q, v, p],
        2 => [p, v, t],
        3 => [p, q, v],
        4 => [t, p, v],
        _ => [v, p, q],
    };
    [r as u8, g as u8, b as u8]
}

/// The polygons a mesh draws, in groups of one key each, the groups by increasing key and the
/// polygons of a group by increasing index.
struct Drawing<'s> {
    skeleton: &'s Skeleton,
    groups: Vec<(Key, Vec<usize>)>,
}

impl<'s> Drawing<'s> {
    fn new(skeleton: &'s Skeleton, colour: MeshColour) -> Drawing<'s> {
        let mut keyed: Vec<(Key, usize)> = skeleton
            .polygons
            .iter()
            .enumerate()
            .filter_map(|(p, polygon)| {
                let key = match colour {
                    MeshColour::Region => Key::Region(polygon.regions[0]),
                    MeshColour::Neuron => {
                        let (layer, index) = supporting_neuron(&polygon.sources)?;
                        Key::Neuron(layer, index)
                    }
                };
                Some((key, p))
            })
            .collect();
        keyed.sort_unstable();
        let mut groups: Vec<(Key, Vec<usize>)> = Vec::new();
        for (key, p) in keyed {
            match groups.last_mut() {
                Some((last, polygons)) if *last == key => polygons.push(p),
                _ => groups.push((key, vec![p])),
            }
        }
        Drawing { skeleton, groups }
    }

    /// The cycles of the polygons drawn, with their keys, in order.
    fn polygons(&self) -> impl Iterator<Item = (Key, &'s [u32])> + '_ {
        self.groups.iter().flat_map(move |(key, polygons)| {
            polygons
                .iter()
                .map(move |&p| (*key, &self.skeleton.polygons[p].cycle[..]))
        })
    }

    /// The vertices the polygons use, numbered in the order they are first met: for each
    /// skeleton vertex its number (or `u32::MAX`), and the used vertices in order.
    fn used_vertices(&self) -> (Vec<u32>, Vec<u32>) {
        let mut number = vec![u32::MAX; self.skeleton.vertices.len()];
        let mut used = Vec::new();
        for (_, cycle) in self.polygons() {
            for &v in cycle {
                if number[v as usize] == u32::MAX {
                    number[v as usize] = used.len() as u32;
                    used.push(v);
                }
            }
        }
        (number, used)
    }

    /// The number of triangles.
    fn triangles(&self) -> usize {
        self.polygons().map(|(_, cycle)| cycle.len() - 2).sum()
    }
}

/// The neuron (hidden layer, index) a polygon with these sorted `sources` is coloured by: the
/// lowest one, unless the polygon lies in the domain's boundary (or has no neuron).
pub(super) fn supporting_neuron(sources: &[Source]) -> Option<(usize, usize)> {
    if sources.iter().any(|s| matches!(s, Source::Domain(_))) {
        return None;
    }
    sources.iter().find_map(|s| match *s {
        Source::Neuron { layer, index } => Some((layer, index)),
        _ => None,
    })
}

/// The fan from a cycle's first vertex: `(c0, c_i, c_{i+1})`.
fn fan(cycle: &[u32]) -> impl Iterator<Item = [u32; 3]> + '_ {
    (1..cycle.len() - 1).map(move |i| [cycle[0], cycle[i], cycle[i + 1]])
}

/// The nearest f64 coordinates of a point; `None` beyond the f64 range.
fn f64_coordinates(point: &HomPoint) -> Option<[f64; 3]> {
    let round = |v: Rational| f64::rounding_from(&v, RoundingMode::Nearest).0;
    let c = [
        round(point.coordinate(0)),
        round(point.coordinate(1)),
        round(point.coordinate(2)),
    ];
    c.iter().all(|x| x.is_finite()).then_some(c)
}

/// The nearest f32 coordinates of a point (rounded once, from the exact value); `None` beyond
/// the f32 range.
pub(super) fn f32_coordinates(point: &HomPoint) -> Option<[f32; 3]> {
    let round = |v: Rational| f32::rounding_from(&v, RoundingMode::Nearest).0 + 0.0;
    let c = [
        round(point.coordinate(0)),
        round(point.coordinate(1)),
        round(point.coordinate(2)),
    ];
    c.iter().all(|x| x.is_finite()).then_some(c)
}

/// The OBJ text and its MTL text (`mtl_name` is the MTL file's name, beside the OBJ): the used
/// vertices, then per key a group (`g`) with its material (`usemtl`, one material per colour
/// used) and its triangles.
fn obj_text(
    drawing: &Drawing,
    comment: &str,
    mtl_name: &str,
) -> Result<(String, String), &'static str> {
    let (number, used) = drawing.used_vertices();
    let mut obj = String::new();
    let _ = writeln!(obj, "# {comment}");
    let _ = writeln!(
        obj,
        "# {} vertices, {} polygons in {} triangles",
        used.len(),
        drawing.polygons().count(),
        drawing.triangles()
    );
    let _ = writeln!(obj, "mtllib {mtl_name}");
    for &v in &used {
        let [x, y, z] =
            f64_coordinates(&drawing.skeleton.vertices[v as usize]).ok_or(OUT_OF_F64)?;
        let _ = writeln!(obj, "v {x} {y} {z}");
    }
    let mut hues = [false; HUES];
    for (key, polygons) in &drawing.groups {
        hues[key.hue()] = true;
        let _ = writeln!(obj, "g {}\nusemtl hue{:02}", key.name(), key.hue());
        for &p in polygons {
            for [a, b, c] in fan(&drawing.skeleton.polygons[p].cycle) {
                let [a, b, c] = [a, b, c].map(|v| number[v as usize] + 1);
                let _ = writeln!(obj, "f {a} {b} {c}");
            }
        }
    }
    let mut mtl = format!("# {comment}\n");
    for hue in (0..HUES).filter(|&h| hues[h]) {
        let [r, g, b] = palette(hue).map(|c| f64::from(c) / 255.0);
        let _ = writeln!(
            mtl,
            "newmtl hue{hue:02}\nKa 0 0 0\nKd {r:.4} {g:.4} {b:.4}\nKs 0 0 0\nd 1\nillum 1"
        );
    }
    Ok((obj, mtl))
}

/// The ASCII PLY text: the used vertices (`float`), then one face per triangle with its colour
/// and the index of the polygon (2-cell) it triangulates.
fn ply_text(drawing: &Drawing, comment: &str) -> Result<String, &'static str> {
    let (number, used) = drawing.used_vertices();
    let mut ply = String::new();
    let _ = write!(
        ply,
        "ply\nformat ascii 1.0\ncomment {comment}\n\
         comment each face is a triangle of the polygon (2-cell) numbered by its property polygon\n\
         element vertex {}\nproperty float x\nproperty float y\nproperty float z\n\
         element face {}\nproperty list uchar int vertex_indices\n\
         property uchar red\nproperty uchar green\nproperty uchar blue\nproperty int polygon\n\
         end_header\n",
        used.len(),
        drawing.triangles()
    );
    for &v in &used {
        let [x, y, z] =
            f32_coordinates(&drawing.skeleton.vertices[v as usize]).ok_or(OUT_OF_F32)?;
        let _ = writeln!(ply, "{x} {y} {z}");
    }
    for (polygon, (key, cycle)) in drawing.polygons().enumerate() {
        let [r, g, b] = palette(key.hue());
        for [a, b2, c] in fan(cycle) {
            let [a, b2, c] = [a, b2, c].map(|v| number[v as usize]);
            let _ = writeln!(ply, "3 {a} {b2} {c} {r} {g} {b} {polygon}");
        }
    }
    Ok(ply)
}

/// The binary glTF 2.0 file: one mesh of one triangle primitive, each polygon with its own
/// copies of its vertices (POSITION, f32, glTF's +Y up: `(x1, x3, -x2)`) and their colour
/// (COLOR_0, normalised RGBA bytes), `u32` indices; a double-sided white material, so the
/// colours show as they are. Chunks padded to 4 bytes (JSON with spaces, BIN with zeros).
fn glb_bytes(drawing: &Drawing, comment: &str) -> Result<Vec<u8>, &'static str> {
    let mut positions: Vec<u8> = Vec::new();
    let mut colours: Vec<u8> = Vec::new();
    let mut indices: Vec<u8> = Vec::new();
    let (mut min, mut max) = ([f32::INFINITY; 3], [f32::NEG_INFINITY; 3]);
    let mut count: u32 = 0;
    for (key, cycle) in drawing.polygons() {
        let [r, g, b] = palette(key.hue());
        for &v in cycle {
            let [x, y, z] =
                f32_coordinates(&drawing.skeleton.vertices[v as usize]).ok_or(OUT_OF_F32)?;
            let position = [x, z, -y + 0.0];
            for k in 0..3 {
                min[k] = min[k].min(position[k]);
                max[k] = max[k].max(position[k]);
                positions.extend_from_slice(&position[k].to_le_bytes());
            }
            colours.extend_from_slice(&[r, g, b, 255]);
        }
        for i in 1..cycle.len() as u32 - 1 {
            for index in [count, count + i, count + i + 1] {
                indices.extend_from_slice(&index.to_le_bytes());
            }
        }
        count = u32::try_from(cycle.len())
            .ok()
            .and_then(|n| n.checked_add(count))
            .ok_or(TOO_LARGE)?;
    }
    let (p, c, i) = (positions.len(), colours.len(), indices.len());
    let widen = |v: [f32; 3]| v.map(f64::from);
    let document = json!({
        "asset": {"version": "2.0", "generator": "relupoly", "extras": {"title": comment}},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "relupoly 2-skeleton"}],
        "meshes": [{"name": "relupoly 2-skeleton", "primitives": [{
            "attributes": {"POSITION": 0, "COLOR_0": 1},
            "indices": 2,
            "material": 0,
            "mode": 4
        }]}],
        "materials": [{
            "name": "vertex colours",
            "pbrMetallicRoughness": {
                "baseColorFactor": [1.0, 1.0, 1.0, 1.0],
                "metallicFactor": 0.0,
                "roughnessFactor": 1.0
            },
            "doubleSided": true
        }],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": count, "type": "VEC3",
             "min": widen(min), "max": widen(max)},
            {"bufferView": 1, "componentType": 5121, "normalized": true, "count": count,
             "type": "VEC4"},
            {"bufferView": 2, "componentType": 5125, "count": i / 4, "type": "SCALAR"}
        ],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": p, "target": 34962},
            {"buffer": 0, "byteOffset": p, "byteLength": c, "target": 34962},
            {"buffer": 0, "byteOffset": p + c, "byteLength": i, "target": 34963}
        ],
        "buffers": [{"byteLength": p + c + i}]
    });
    let mut json = serde_json::to_vec(&document).expect("a glTF document serialises");
    json.resize(json.len().next_multiple_of(4), b' ');
    let mut bin = positions;
    bin.append(&mut colours);
    bin.append(&mut indices);
    bin.resize(bin.len().next_multiple_of(4), 0);
    let total = 12 + 8 + json.len() + 8 + bin.len();
    let mut glb = Vec::with_capacity(total);
    glb.extend_from_slice(b"glTF");
    glb.extend_from_slice(&2u32.to_le_bytes());
    glb.extend_from_slice(&u32::try_from(total).map_err(|_| TOO_LARGE)?.to_le_bytes());
    for (chunk, kind) in [(json, b"JSON"), (bin, b"BIN\0")] {
        glb.extend_from_slice(&(chunk.len() as u32).to_le_bytes());
        glb.extend_from_slice(kind);
        glb.extend_from_slice(&chunk);
    }
    Ok(glb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_spreads_consecutive_keys_and_stays_in_range() {
        let hues: Vec<usize> = (0..8).map(hue_of).collect();
        let mut distinct = hues.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 8, "{hues:?}");
        for hue in 0..HUES {
            let [r, g, b] = palette(hue);
            assert!(r.max(g).max(b) == 230 && r.min(g).min(b) == 92, "{hue}");
        }
    }
}
