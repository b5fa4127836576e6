//! Decision regions: every cell's class is the exact argmax at its interior point, the cells
//! partition the domain, and the topology (components, Betti numbers over GF(2), the boundary)
//! agrees with independent computations: closed forms for a network built by hand, union-find
//! over shared vertices for components, and in the plane Alexander duality (the holes of a
//! class are the bounded components of its complement) and the graph formula b_1 = E - V + b_0
//! for the boundary.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::{HomPoint, Rational};
use relupoly::network::{BiasInit, BlockKind, Layer, Network, RandomSpec, WeightInit};
use relupoly::regions::{decision_regions, DecisionRegions, Domain};
use std::collections::{HashMap, HashSet};
use std::process::Command;

fn layer(rows: &[&[i64]], biases: &[Rational]) -> Layer {
    Layer {
        weights: rows
            .iter()
            .map(|r| r.iter().map(|&v| q(v)).collect())
            .collect(),
        biases: biases.to_vec(),
    }
}

fn half(n: i64) -> Rational {
    q(n) / q(2)
}

/// With `s = |x| + |y|` (four ReLUs), the scores `y0 = s`, `y1 = 1/2`, `y2 = 2 s - 3/2` and
/// `y3 = s` (a copy of class 0): on [-2, 2]^2 class 1 wins on the diamond `s <= 1/2`, class 0 on
/// the annulus `1/2 <= s <= 3/2`, class 2 on the box minus the diamond `s < 3/2`, and class 3
/// nowhere (tied with class 0 everywhere, the lower index wins).
#[test]
fn two_nested_diamonds_have_the_betti_numbers_of_their_closed_forms() {
    let hidden = layer(
        &[&[1, 0], &[-1, 0], &[0, 1], &[0, -1]],
        &[q(0), q(0), q(0), q(0)],
    );
    let output = layer(
        &[&[1, 1, 1, 1], &[0, 0, 0, 0], &[2, 2, 2, 2], &[1, 1, 1, 1]],
        &[q(0), half(1), half(-3), q(0)],
    );
    let net = Network::new(2, vec![hidden], Some(output)).unwrap();
    let domain = Domain::cube(2, &q(-2), &q(2)).unwrap();
    let decision = decision_regions(&regions_of(&net, &domain)).unwrap();
    let summary: Vec<(usize, Rational, Vec<usize>)> = decision
        .class_topology
        .iter()
        .map(|t| (t.class, t.volume.clone(), t.betti.clone()))
        .collect();
    // Areas: the diamond of radius r has area 2 r^2.
    assert_eq!(
        summary,
        vec![
            (0, q(2) * half(3) * half(3) - half(1), vec![1, 1, 0]),
            (1, half(1), vec![1, 0, 0]),
            (2, q(16) - q(2) * half(3) * half(3), vec![1, 1, 0]),
            (3, q(0), vec![]),
        ]
    );
    // Two diamonds, each with its four corners on the axes.
    assert_eq!(decision.boundary.f_vector(), vec![8, 8]);
    assert_eq!(decision.boundary.betti, vec![2, 2]);
    for cell in decision.cells.iter().filter(|c| c.class == 0) {
        assert_eq!(cell.tied, vec![3]);
    }
    check_decision(&net, &decision, &q(16));
}

/// The scores at `x`, exactly.
fn scores(net: &Network, x: &[Rational]) -> Vec<Rational> {
    net.evaluate(x)
}

/// Checks the decision regions against the network and against independent computations.
fn check_decision(net: &Network, decision: &DecisionRegions, domain_volume: &Rational) {
    let total: Rational = decision.cells.iter().map(|c| &c.volume).sum();
    assert_eq!(&total, domain_volume, "the cells partition the domain");
    let by_class: Rational = decision.class_topology.iter().map(|t| &t.volume).sum();
    assert_eq!(&by_class, domain_volume);
    for cell in &decision.cells {
        let y = scores(net, &cell.interior_point.to_rationals());
        for (j, yj) in y.iter().enumerate() {
            if j == cell.class {
                continue;
            }
            if cell.tied.contains(&j) {
                assert_eq!(yj, &y[cell.class], "a tied class has the same score");
                assert!(j > cell.class, "the lowest tied class wins");
            } else {
                assert!(
                    y[cell.class] > *yj,
                    "class {} must beat class {j} strictly inside its cell",
                    cell.class
                );
            }
        }
    }
    for t in &decision.class_topology {
        let cells: Vec<usize> = (0..decision.cells.len())
            .filter(|&i| decision.cells[i].class == t.class)
            .collect();
        assert_eq!(t.cells, cells.len());
        if cells.is_empty() {
            assert!(t.betti.is_empty());
            continue;
        }
        assert_eq!(t.betti[0], components_through_vertices(decision, &cells));
        if decision.dim == 2 {
            assert_eq!(t.betti[1] + 1, complement_components(decision, t.class));
            assert_eq!(t.betti[2], 0, "a planar set has no 2-cycles");
        }
    }
    if decision.dim == 2 {
        check_planar_boundary(decision);
    }
}

/// The vertices of cell `i` as exact points.
fn points(decision: &DecisionRegions, i: usize) -> Vec<HomPoint> {
    decision.cells[i]
        .polytope
        .vertices()
        .iter()
        .map(|v| v.point.clone())
        .collect()
}

/// The edges of planar cell `i`, each as its two endpoints, sorted.
fn edges(decision: &DecisionRegions, i: usize) -> Vec<(HomPoint, HomPoint)> {
    let vertices = points(decision, i);
    decision.cells[i]
        .polytope
        .facet_vertex_sets()
        .iter()
        .map(|set| {
            let mut ends: Vec<HomPoint> = set.iter().map(|v| vertices[v].clone()).collect();
            ends.sort_by(|a, b| a.cmp_lex(b));
            (ends[0].clone(), ends[1].clone())
        })
        .collect()
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, i: usize) -> usize {
        let parent = self.0[i];
        if parent == i {
            return i;
        }
        let root = self.find(parent);
        self.0[i] = root;
        root
    }
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.0[a] = b;
    }
    fn count(&mut self, members: impl Iterator<Item = usize>) -> usize {
        members.map(|i| self.find(i)).collect::<HashSet<_>>().len()
    }
}

/// Components of the union of the closed `cells`: cells sharing a vertex are joined (two closed
/// cells of a polyhedral complex meet in a common face, which has a vertex).
fn components_through_vertices(decision: &DecisionRegions, cells: &[usize]) -> usize {
    let mut sets = UnionFind::new(cells.len());
    let mut first_with: HashMap<HomPoint, usize> = HashMap::new();
    for (k, &i) in cells.iter().enumerate() {
        for p in points(decision, i) {
            match first_with.get(&p) {
                Some(&other) => sets.join(k, other),
                None => {
                    first_with.insert(p, k);
                }
            }
        }
    }
    sets.count(0..cells.len())
}

/// In the plane, the components of the complement of class `class`'s closed set: the open cells
/// of other classes, joined through shared edges and vertices that no cell of `class` contains,
/// and the outside of the domain, joined to every other-class cell with an edge on the domain's
/// boundary (an edge of one cell only) or a vertex there outside the class's set.
fn complement_components(decision: &DecisionRegions, class: usize) -> usize {
    let n = decision.cells.len();
    let outside = n;
    let mut sets = UnionFind::new(n + 1);
    let mut in_class_points = HashSet::new();
    let mut in_class_edges = HashSet::new();
    let mut edge_count: HashMap<(HomPoint, HomPoint), usize> = HashMap::new();
    for i in 0..n {
        for e in edges(decision, i) {
            *edge_count.entry(e.clone()).or_default() += 1;
            if decision.cells[i].class == class {
                in_class_edges.insert(e);
            }
        }
        if decision.cells[i].class == class {
            in_class_points.extend(points(decision, i));
        }
    }
    let mut by_edge: HashMap<(HomPoint, HomPoint), usize> = HashMap::new();
    let mut by_point: HashMap<HomPoint, usize> = HashMap::new();
    let mut boundary_points = HashSet::new();
    for (e, &count) in &edge_count {
        if count == 1 {
            boundary_points.insert(e.0.clone());
            boundary_points.insert(e.1.clone());
        }
    }
    for i in (0..n).filter(|&i| decision.cells[i].class != class) {
        for e in edges(decision, i) {
            if in_class_edges.contains(&e) {
                continue;
            }
            if edge_count[&e] == 1 {
                sets.join(i, outside);
            }
            match by_edge.get(&e) {
                Some(&j) => sets.join(i, j),
                None => {
                    by_edge.insert(e, i);
                }
            }
        }
        for p in points(decision, i) {
            if in_class_points.contains(&p) {
                continue;
            }
            if boundary_points.contains(&p) {
                sets.join(i, outside);
            }
            match by_point.get(&p) {
                Some(&j) => sets.join(i, j),
                None => {
                    by_point.insert(p, i);
                }
            }
        }
    }
    let others = (0..n).filter(|&i| decision.cells[i].class != class);
    sets.count(others.chain([outside]))
}

/// In the plane the boundary is a graph: its edges are those of two cells of different classes;
/// b_0 by union-find over its vertices and b_1 = E - V + b_0.
fn check_planar_boundary(decision: &DecisionRegions) {
    let mut classes_of: HashMap<(HomPoint, HomPoint), Vec<usize>> = HashMap::new();
    for i in 0..decision.cells.len() {
        for e in edges(decision, i) {
            classes_of
                .entry(e)
                .or_default()
                .push(decision.cells[i].class);
        }
    }
    let boundary: Vec<&(HomPoint, HomPoint)> = classes_of
        .iter()
        .filter(|(_, c)| c.len() == 2 && c[0] != c[1])
        .map(|(e, _)| e)
        .collect();
    let mut ids: HashMap<&HomPoint, usize> = HashMap::new();
    for (a, b) in &boundary {
        let next = ids.len();
        ids.entry(a).or_insert(next);
        let next = ids.len();
        ids.entry(b).or_insert(next);
    }
    let mut sets = UnionFind::new(ids.len());
    for (a, b) in &boundary {
        sets.join(ids[a], ids[b]);
    }
    let (v, e) = (ids.len(), boundary.len());
    assert_eq!(decision.boundary.f_vector(), vec![v, e]);
    if e == 0 {
        assert!(decision.boundary.betti.is_empty());
        return;
    }
    let b0 = sets.count(0..v);
    assert_eq!(decision.boundary.betti, vec![b0, e + b0 - v]);
}

fn classifier(d: usize, widths: &[usize], classes: usize, integers: bool, seed: u64) -> Network {
    let (init, bias) = if integers {
        (WeightInit::Integers(2), BiasInit::Integers(2))
    } else {
        (WeightInit::HeNormal, BiasInit::Pytorch)
    };
    RandomSpec {
        input_dim: d,
        widths: widths.to_vec(),
        output: Some(classes),
        init,
        bias,
        seed,
        bits: Some(12),
        blocks: BlockKind::plain(),
        first_layer_rank: None,
    }
    .generate()
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn planar_decision_regions_agree_with_the_forward_pass_and_duality(
        seed in 0u64..1_000_000,
        classes in 2usize..=5,
        integers in any::<bool>(),
        widths in proptest::collection::vec(2usize..=6, 1..=2),
    ) {
        let net = classifier(2, &widths, classes, integers, seed);
        let decision = decision_regions(&regions_of(&net, &unit_box(2))).unwrap();
        check_decision(&net, &decision, &q(4));
    }

    #[test]
    fn solid_decision_regions_partition_the_cube(
        seed in 0u64..1_000_000,
        classes in 2usize..=4,
        integers in any::<bool>(),
    ) {
        let net = classifier(3, &[4, 3], classes, integers, seed);
        let decision = decision_regions(&regions_of(&net, &unit_box(3))).unwrap();
        check_decision(&net, &decision, &q(8));
        // A proper closed subset of the cube has no 3-cycles.
        for t in &decision.class_topology {
            prop_assert!(t.betti.is_empty() || t.betti[3] == 0);
        }
    }
}

#[test]
fn networks_that_do_not_classify_are_refused() {
    let no_output = network(2, &[3], WeightInit::HeNormal, 1);
    let message = decision_regions(&regions_of(&no_output, &unit_box(2))).unwrap_err();
    assert!(
        message.contains("need a network with an output layer"),
        "{message}"
    );
    let one_output = classifier(2, &[3], 1, false, 1);
    let message = decision_regions(&regions_of(&one_output, &unit_box(2))).unwrap_err();
    assert!(message.contains("at least 2 outputs"), "{message}");
}

/// The digits classifier of `data/digits/` (scikit-learn's MLPClassifier on the bundled 8x8
/// digits, 64 inputs) on the triangle through three test digits of classes 0, 1 and 7: each
/// digit is a corner of the triangle and lies in a cell of its own class (the model classifies
/// them correctly), the cells partition the triangle, and the counts are those recorded when
/// the fixture was made (`data/digits/README.md`).
#[test]
fn the_digits_classifier_on_the_plane_through_three_digits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/digits");
    let out = Command::new(env!("CARGO_BIN_EXE_relupoly"))
        .args(["decision", "--quiet", "--json", "--slice"])
        .arg(root.join("slice.json"))
        .arg(root.join("mlp.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let net = relupoly::io::read_network(&root.join("mlp.json")).unwrap();
    let slice = relupoly::io::read_slice(&root.join("slice.json")).unwrap();
    let restricted = net.on_slice(&slice).unwrap();
    let triangle = Domain::from_inequalities("t", 2, &slice.simplex_rows().unwrap()).unwrap();
    let decision = decision_regions(&regions_of(&restricted, &triangle)).unwrap();
    check_decision(&restricted, &decision, &half(1));
    let corners = [
        (vec![q(0), q(0)], 0),
        (vec![q(1), q(0)], 1),
        (vec![q(0), q(1)], 7),
    ];
    for (t, label) in corners {
        let y = net.evaluate(&slice.lift(&t));
        let best = (0..y.len())
            .max_by(|&a, &b| y[a].cmp(&y[b]).then(b.cmp(&a)))
            .unwrap();
        assert_eq!(best, label);
        let corner = HomPoint::from_rationals(&t);
        assert!(decision
            .cells
            .iter()
            .any(|c| c.class == label && c.polytope.vertices().iter().any(|v| v.point == corner)));
    }
    assert_eq!(summary["regions"], 24);
    assert_eq!(summary["cells"], 37);
    assert_eq!(decision.cells.len(), 37);
    let winners: Vec<(u64, u64)> = summary["per_class"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cells"].as_u64() != Some(0))
        .map(|c| (c["class"].as_u64().unwrap(), c["cells"].as_u64().unwrap()))
        .collect();
    assert_eq!(winners, vec![(0, 17), (1, 5), (7, 6), (8, 3), (9, 6)]);
    assert_eq!(summary["boundary"]["f_vector"], serde_json::json!([17, 16]));
    assert_eq!(summary["boundary"]["betti"], serde_json::json!([1, 0]));
}
