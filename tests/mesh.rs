//! `relupoly regions --mesh FILE` and `--view FILE.html`: the meshes parse back with the counts
//! the complex dictates (every 2-cell once: the polygons are the complex's 2-cells, their
//! triangles and vertex copies counted from the region records), the glb's layout is what the
//! glTF 2.0 spec asks, the files are the same bytes on 1 and 2 threads, and what cannot be drawn
//! is refused with the flag named.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn relupoly(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn succeed(args: &[&str]) -> String {
    let output = relupoly(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The standard error of a run that must fail.
fn failure(args: &[&str]) -> String {
    let output = relupoly(args);
    assert!(!output.status.success(), "{args:?} succeeded");
    String::from_utf8(output.stderr).unwrap()
}

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relupoly-mesh-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(name: &str) -> String {
    dir().join(name).display().to_string()
}

/// What the region records say the 2-skeleton of the example network on [-1, 1]^3 holds.
struct Expected {
    vertices: usize,
    /// The distinct 2-cells: their vertex counts, and whether they lie in the domain's boundary.
    cells: Vec<(usize, bool)>,
    complex_f_vector: Vec<usize>,
}

impl Expected {
    /// Read once from the example's records, shared by the tests.
    fn of_example() -> &'static Expected {
        static EXPECTED: OnceLock<Expected> = OnceLock::new();
        EXPECTED.get_or_init(Expected::read)
    }

    fn read() -> Expected {
        let records = path("expected.jsonl");
        let summary = succeed(&[
            "regions",
            "--example",
            "--quiet",
            "--summary-json",
            "--jsonl",
            &records,
        ]);
        let summary: Value = serde_json::from_str(&summary).unwrap();
        let complex_f_vector: Vec<usize> =
            serde_json::from_value(summary["complex"]["f_vector"].clone()).unwrap();
        let mut cells: BTreeMap<Vec<Vec<String>>, (usize, bool)> = BTreeMap::new();
        let mut vertices = BTreeSet::new();
        for line in std::fs::read_to_string(&records).unwrap().lines() {
            let record: Value = serde_json::from_str(line).unwrap();
            let points: Vec<Vec<String>> =
                serde_json::from_value(record["vertices"].clone()).unwrap();
            vertices.extend(points.iter().cloned());
            for facet in record["facets"].as_array().unwrap() {
                let mut key: Vec<Vec<String>> = facet["vertices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| points[v.as_u64().unwrap() as usize].clone())
                    .collect();
                key.sort();
                let on_boundary = facet["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s.get("domain").is_some());
                let entry = cells.entry(key).or_insert((0, false));
                entry.0 = facet["vertices"].as_array().unwrap().len();
                entry.1 |= on_boundary;
            }
        }
        Expected {
            vertices: vertices.len(),
            cells: cells.into_values().collect(),
            complex_f_vector,
        }
    }

    /// The polygons drawn (all 2-cells, or those off the domain's boundary), the sum of their
    /// vertex counts and their triangles.
    fn drawn(&self, boundary_too: bool) -> (usize, usize, usize) {
        let drawn: Vec<usize> = self
            .cells
            .iter()
            .filter(|(_, boundary)| boundary_too || !boundary)
            .map(|(n, _)| *n)
            .collect();
        let corners: usize = drawn.iter().sum();
        (drawn.len(), corners, corners - 2 * drawn.len())
    }
}

/// A PLY face: its vertex indices, colour and polygon.
type PlyFace = (Vec<usize>, [u8; 3], usize);

/// A PLY file's vertex count and faces, checked against its header.
fn parse_ply(text: &str) -> (usize, Vec<PlyFace>) {
    let (header, body) = text.split_once("end_header\n").expect("a PLY header");
    assert!(header.starts_with("ply\nformat ascii 1.0\n"), "{header}");
    let count = |element: &str| -> usize {
        header
            .lines()
            .find_map(|l| l.strip_prefix(&format!("element {element} ")))
            .unwrap()
            .parse()
            .unwrap()
    };
    let (vertices, faces) = (count("vertex"), count("face"));
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), vertices + faces);
    for line in &lines[..vertices] {
        let xyz: Vec<f32> = line.split(' ').map(|x| x.parse().unwrap()).collect();
        assert!(
            xyz.len() == 3 && xyz.iter().all(|x| x.abs() <= 1.0),
            "{line}"
        );
    }
    let faces = lines[vertices..]
        .iter()
        .map(|line| {
            let values: Vec<usize> = line.split(' ').map(|x| x.parse().unwrap()).collect();
            assert_eq!(values.len(), 8, "{line}");
            assert_eq!(values[0], 3, "triangles only");
            let corners = values[1..4].to_vec();
            assert!(corners.iter().all(|&v| v < vertices), "{line}");
            let colour = [values[4], values[5], values[6]].map(|c| u8::try_from(c).unwrap());
            (corners, colour, values[7])
        })
        .collect();
    (vertices, faces)
}

/// The number of distinct polygons of a PLY file's faces, checked to be numbered 0, 1, ... in
/// order.
fn ply_polygons(faces: &[PlyFace]) -> usize {
    let mut next = 0;
    for (_, _, polygon) in faces {
        assert!(
            *polygon == next || *polygon + 1 == next,
            "polygons in order"
        );
        next = polygon + 1;
    }
    next
}

#[test]
fn the_ply_mesh_has_one_polygon_per_2_cell_with_its_triangles() {
    let expected = Expected::of_example();
    let (all, _, triangles) = expected.drawn(true);
    assert_eq!(
        all, expected.complex_f_vector[2],
        "the 2-cells are the complex's"
    );
    let file = path("region.ply");
    succeed(&["regions", "--example", "--quiet", "--mesh", &file]);
    let (vertices, faces) = parse_ply(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(vertices, expected.vertices);
    assert_eq!(vertices, expected.complex_f_vector[0]);
    assert_eq!(faces.len(), triangles);
    assert_eq!(ply_polygons(&faces), expected.complex_f_vector[2]);

    let (inner, _, inner_triangles) = expected.drawn(false);
    let file = path("neuron.ply");
    succeed(&[
        "regions",
        "--example",
        "--quiet",
        "--mesh",
        &file,
        "--mesh-colour",
        "neuron",
    ]);
    let (_, faces) = parse_ply(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(faces.len(), inner_triangles);
    assert_eq!(
        ply_polygons(&faces),
        inner,
        "the domain's boundary is left out"
    );
    let colours: BTreeSet<[u8; 3]> = faces.iter().map(|f| f.1).collect();
    assert!(colours.len() > 1, "neurons get different colours");
}

#[test]
fn the_obj_mesh_and_its_materials_parse_back() {
    let expected = Expected::of_example();
    let (_, _, triangles) = expected.drawn(true);
    let file = path("region.obj");
    succeed(&["regions", "--example", "--quiet", "--mesh", &file]);
    let obj = std::fs::read_to_string(&file).unwrap();
    let mtl_name = obj
        .lines()
        .find_map(|l| l.strip_prefix("mtllib "))
        .expect("an mtllib line");
    assert_eq!(mtl_name, "region.mtl");
    let mtl = std::fs::read_to_string(dir().join(mtl_name)).unwrap();
    let materials: BTreeSet<&str> = mtl
        .lines()
        .filter_map(|l| l.strip_prefix("newmtl "))
        .collect();
    assert!(mtl.lines().filter(|l| l.starts_with("Kd ")).count() == materials.len());
    let vertices = obj.lines().filter(|l| l.starts_with("v ")).count();
    assert_eq!(vertices, expected.vertices);
    let mut faces = 0;
    let mut groups = 0;
    for line in obj.lines() {
        if let Some(name) = line.strip_prefix("usemtl ") {
            assert!(materials.contains(name), "{name} is defined");
        } else if line.starts_with("g region_") {
            groups += 1;
        } else if let Some(corners) = line.strip_prefix("f ") {
            let corners: Vec<usize> = corners.split(' ').map(|v| v.parse().unwrap()).collect();
            assert_eq!(corners.len(), 3);
            assert!(corners.iter().all(|&v| (1..=vertices).contains(&v)));
            faces += 1;
        } else if let Some(xyz) = line.strip_prefix("v ") {
            let xyz: Vec<f64> = xyz.split(' ').map(|x| x.parse().unwrap()).collect();
            assert!(xyz.len() == 3 && xyz.iter().all(|x| x.abs() <= 1.0));
        }
    }
    assert_eq!(faces, triangles);
    assert!(groups > 1 && groups <= expected.complex_f_vector[3]);
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize
}

#[test]
fn the_glb_mesh_is_laid_out_as_gltf_asks() {
    let expected = Expected::of_example();
    let (_, corners, triangles) = expected.drawn(true);
    let file = path("region.glb");
    succeed(&["regions", "--example", "--quiet", "--mesh", &file]);
    let glb = std::fs::read(&file).unwrap();
    assert_eq!(&glb[0..4], b"glTF");
    assert_eq!(u32_at(&glb, 4), 2);
    assert_eq!(u32_at(&glb, 8), glb.len());
    let json_length = u32_at(&glb, 12);
    assert_eq!(&glb[16..20], b"JSON");
    assert_eq!(json_length % 4, 0);
    let json = &glb[20..20 + json_length];
    let text = std::str::from_utf8(json).unwrap();
    let end = text.rfind('}').unwrap() + 1;
    assert!(text[end..].bytes().all(|b| b == b' '), "padded with spaces");
    let document: Value = serde_json::from_str(text).unwrap();
    let bin_start = 20 + json_length;
    let bin_length = u32_at(&glb, bin_start);
    assert_eq!(&glb[bin_start + 4..bin_start + 8], b"BIN\0");
    assert_eq!(bin_length % 4, 0);
    assert_eq!(bin_start + 8 + bin_length, glb.len());
    let bin = &glb[bin_start + 8..];
    assert_eq!(document["asset"]["version"], "2.0");
    let buffer_length = document["buffers"][0]["byteLength"].as_u64().unwrap() as usize;
    assert!(buffer_length <= bin_length && bin_length - buffer_length < 4);
    assert!(
        bin[buffer_length..].iter().all(|&b| b == 0),
        "padded with zeros"
    );

    let primitive = &document["meshes"][0]["primitives"][0];
    assert_eq!(document["meshes"].as_array().unwrap().len(), 1);
    assert_eq!(primitive["mode"], 4);
    let accessor = |name: &str| {
        let index = match name {
            "indices" => primitive["indices"].as_u64(),
            _ => primitive["attributes"][name].as_u64(),
        };
        &document["accessors"][index.unwrap() as usize]
    };
    let view = |accessor: &Value| -> (usize, usize) {
        let view = &document["bufferViews"][accessor["bufferView"].as_u64().unwrap() as usize];
        let offset = view["byteOffset"].as_u64().unwrap() as usize;
        let length = view["byteLength"].as_u64().unwrap() as usize;
        assert_eq!(offset % 4, 0, "aligned to 4 bytes");
        assert!(offset + length <= buffer_length);
        (offset, length)
    };
    let position = accessor("POSITION");
    assert_eq!(position["componentType"], 5126);
    assert_eq!(position["type"], "VEC3");
    let count = position["count"].as_u64().unwrap() as usize;
    assert_eq!(count, corners, "each polygon its own vertex copies");
    let (offset, length) = view(position);
    assert_eq!(length, 12 * count);
    let floats: Vec<f32> = bin[offset..offset + length]
        .chunks(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    for k in 0..3 {
        let values = floats.iter().skip(k).step_by(3);
        let low = values.clone().copied().fold(f32::INFINITY, f32::min);
        let high = values.copied().fold(f32::NEG_INFINITY, f32::max);
        assert_eq!(position["min"][k].as_f64().unwrap(), f64::from(low));
        assert_eq!(position["max"][k].as_f64().unwrap(), f64::from(high));
    }
    let colour = accessor("COLOR_0");
    assert_eq!(colour["count"].as_u64().unwrap() as usize, count);
    assert_eq!(
        (colour["componentType"].clone(), colour["type"].clone()),
        (5121.into(), "VEC4".into())
    );
    assert_eq!(colour["normalized"], true);
    assert_eq!(view(colour).1, 4 * count);
    let indices = accessor("indices");
    assert_eq!(indices["componentType"], 5125);
    assert_eq!(indices["count"].as_u64().unwrap() as usize, 3 * triangles);
    let (offset, length) = view(indices);
    assert_eq!(length, 12 * triangles);
    assert!(bin[offset..offset + length]
        .chunks(4)
        .all(|b| (u32::from_le_bytes(b.try_into().unwrap()) as usize) < count));
}

/// The bytes of every file a run writes into `folder`.
fn files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn meshes_and_views_are_the_same_bytes_on_one_and_two_threads() {
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let folder = dir().join(format!("threads-{threads}"));
        std::fs::create_dir_all(&folder).unwrap();
        for (name, colour) in [
            ("m.obj", "region"),
            ("m.ply", "region"),
            ("m.glb", "region"),
            ("n.glb", "neuron"),
        ] {
            let file = folder.join(name).display().to_string();
            succeed(&[
                "regions",
                "--example",
                "--quiet",
                "--threads",
                threads,
                "--mesh",
                &file,
                "--mesh-colour",
                colour,
            ]);
        }
        let view = folder.join("view.html").display().to_string();
        succeed(&[
            "regions",
            "--example",
            "--quiet",
            "--threads",
            threads,
            "--view",
            &view,
        ]);
        outputs.push(files(&folder));
    }
    assert_eq!(
        outputs[0].keys().collect::<Vec<_>>(),
        ["m.glb", "m.mtl", "m.obj", "m.ply", "n.glb", "view.html"]
    );
    assert!(outputs[0] == outputs[1], "the same bytes");
}

#[test]
fn the_view_is_one_self_contained_page_with_every_region() {
    let expected = Expected::of_example();
    let file = path("view.html");
    succeed(&["regions", "--example", "--quiet", "--view", &file]);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="));
    let start = html
        .find(r#"<script type="application/json" id="data">"#)
        .unwrap();
    let data = &html[start..];
    let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
    let data: Value = serde_json::from_str(data).unwrap();
    let regions = expected.complex_f_vector[3];
    assert_eq!(data["regions"]["facets"].as_array().unwrap().len(), regions);
    assert_eq!(
        data["regions"]["pattern"].as_array().unwrap().len(),
        regions
    );
    assert_eq!(
        data["polygons"].as_array().unwrap().len(),
        expected.complex_f_vector[2]
    );
    assert_eq!(
        data["vertices"].as_array().unwrap().len(),
        3 * expected.complex_f_vector[0]
    );
    assert_eq!(data["colour"], "region");
}

#[test]
fn a_3_dimensional_slice_is_drawn_in_slice_coordinates() {
    let network = path("five.json");
    succeed(&[
        "random",
        "--input-dim",
        "5",
        "--widths",
        "6,6",
        "--seed",
        "4",
        "-o",
        &network,
    ]);
    let slice = path("slice3.json");
    std::fs::write(
        &slice,
        r#"{"origin": [0, 0, 0, 0, "1/2"], "directions": [[1, 0, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 0, 1, 0]]}"#,
    )
    .unwrap();
    let file = path("slice.ply");
    let summary = succeed(&[
        "regions",
        &network,
        "--slice",
        &slice,
        "--quiet",
        "--summary-json",
        "--mesh",
        &file,
    ]);
    let summary: Value = serde_json::from_str(&summary).unwrap();
    let (vertices, faces) = parse_ply(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(vertices as u64, summary["complex"]["f_vector"][0]);
    assert_eq!(
        ply_polygons(&faces) as u64,
        summary["complex"]["f_vector"][2]
    );
}

#[test]
fn what_cannot_be_drawn_is_refused_naming_the_flag() {
    let network = path("planar.json");
    succeed(&[
        "random",
        "--input-dim",
        "2",
        "--widths",
        "4",
        "--seed",
        "1",
        "-o",
        &network,
    ]);
    let mesh = path("refused.obj");
    let error = failure(&["regions", &network, "--mesh", &mesh]);
    assert!(
        error.contains("--mesh needs a network with input dimension 3") && error.contains("has 2"),
        "{error}"
    );
    let view = path("refused.html");
    let error = failure(&["regions", &network, "--view", &view]);
    assert!(
        error.contains("--view needs a network with input dimension 3"),
        "{error}"
    );
    let error = failure(&["regions", "--example", "--domain", "rd", "--mesh", &mesh]);
    assert!(
        error.contains("--mesh needs a bounded domain") && error.contains("rd"),
        "{error}"
    );
    let stl = path("refused.stl");
    let error = failure(&["regions", "--example", "--mesh", &stl]);
    assert!(
        error.contains("refused.stl") && error.contains(".obj, .ply or .glb"),
        "{error}"
    );
    let error = failure(&["regions", "--example", "--mesh-colour", "neuron"]);
    assert!(error.contains("--mesh-colour needs --mesh"), "{error}");
    let error = failure(&[
        "regions",
        "--example",
        "--mesh",
        &mesh,
        "--mesh-colour",
        "layer",
    ]);
    assert!(error.contains("region or neuron"), "{error}");
    let error = failure(&[
        "regions",
        "--example",
        "--shard",
        "0/2",
        "--out",
        &mesh,
        "--mesh",
        &mesh,
    ]);
    assert!(error.contains("--mesh"), "{error}");
    assert!(!Path::new(&mesh).exists() && !Path::new(&view).exists());
}
