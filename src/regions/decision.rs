//! Decision regions of a classifier: the activation regions refined by the argmax of the
//! output, each cell with its class; the decision boundary as a polyhedral complex; per class
//! its cells, volume and the Betti numbers (over GF(2)) of the closed set where it wins.
//!
//! On an activation region the outputs are affine, `y_i = c_i + w_i . x`, so the set where class
//! i wins is the region cut by the halfspaces `y_i - y_j >= 0`. Ties on a hyperplane `y_i = y_j`
//! belong to both closed cells. Two outputs equal on a whole region (identical affine maps there)
//! are tied everywhere on it: the lowest class index wins (NumPy's `argmax`) and the cell lists
//! the others in `tied`.

use super::homology::CellComplex;
use super::region::Region;
use super::source::Source;
use crate::exact::{AffineForm, HomPoint, Rational};
use crate::polytope::{CutResult, FaceLattice, Polytope, Pulling, Side};
use std::collections::HashMap;

/// What supports a facet of a decision cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DecisionSource {
    /// A facet of the activation region (a neuron or a domain side).
    Region(Source),
    /// The hyperplane `y_winner = y_other` where the cell's class stops winning against `other`.
    Tie {
        /// The cell's class.
        winner: usize,
        /// The class it ties with there.
        other: usize,
    },
}

/// One cell of the decision complex: the part of an activation region where one class wins.
#[derive(Debug, Clone)]
pub struct DecisionCell {
    /// The activation region (its index in the run) the cell lies in.
    pub region: usize,
    /// The winning class.
    pub class: usize,
    /// The higher classes whose output equals this class's on the whole region (tied everywhere;
    /// the lowest index wins).
    pub tied: Vec<usize>,
    /// The cell, vertices in lexicographic order, facets labelled with their sources.
    pub polytope: Polytope<DecisionSource>,
    /// Its exact volume.
    pub volume: Rational,
    /// An exact interior point: the barycenter of the first simplex of its pulling
    /// triangulation.
    pub interior_point: HomPoint,
}

/// What one class's closed winning set is made of, and its topology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassTopology {
    /// The class.
    pub class: usize,
    /// The number of decision cells where it wins.
    pub cells: usize,
    /// The exact volume where it wins.
    pub volume: Rational,
    /// The Betti numbers `b_0, ..., b_d` over GF(2) of the union of its closed cells (`b_0`
    /// its connected components, cells touching at a single point being connected); empty when
    /// the class wins nowhere.
    pub betti: Vec<usize>,
}

/// The decision boundary: the closed facets shared by two cells of different classes, with all
/// their faces, as a polyhedral complex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionBoundary {
    /// Its vertices, exactly, in lexicographic order.
    pub vertices: Vec<HomPoint>,
    /// Its cells of each dimension `0..d`, each as the sorted indices of its vertices, sorted.
    pub cells: Vec<Vec<Vec<usize>>>,
    /// The Betti numbers `b_0, ..., b_{d-1}` over GF(2); empty when one class wins everywhere.
    pub betti: Vec<usize>,
}

impl DecisionBoundary {
    /// The number of cells of each dimension `0..d`.
    pub fn f_vector(&self) -> Vec<usize> {
        self.cells.iter().map(Vec::len).collect()
    }
}

/// The decision regions of a classifier on a bounded domain.
#[derive(Debug, Clone)]
pub struct DecisionRegions {
    /// The dimension d.
    pub dim: usize,
    /// The number of classes (outputs).
    pub classes: usize,
    /// The number of activation regions the cells refine.
    pub regions: usize,
    /// Every cell, by region then class.
    pub cells: Vec<DecisionCell>,
    /// The number of distinct faces of each dimension `0..=d` of the complex of all cells.
    pub f_vector: Vec<usize>,
    /// Per class, in class order.
    pub class_topology: Vec<ClassTopology>,
    /// The boundary complex.
    pub boundary: DecisionBoundary,
}

/// The decision regions of the network whose activation regions (all of them, in run order, on
/// a bounded domain, with their output maps) are `regions`. Errors when the network has no
/// output layer or a single output, or a region is unbounded.
pub fn decision_regions(regions: &[Region]) -> Result<DecisionRegions, String> {
    let dim = regions.first().map_or(0, |r| r.polytope.dim());
    let mut classes = 0;
    let (mut cells, mut lattices) = (Vec::new(), Vec::new());
    for (index, region) in regions.iter().enumerate() {
        let maps = region
            .output_map
            .as_ref()
            .ok_or("decision regions need a network with an output layer (the class scores)")?;
        if maps.len() < 2 {
            return Err(format!(
                "decision regions need at least 2 outputs (classes); the output layer has {}",
                maps.len()
            ));
        }
        if !region.is_bounded() {
            return Err("decision regions need a bounded domain (a box, a polytope file or a slice), not the whole space".into());
        }
        classes = maps.len();
        for (cell, lattice) in cells_of_region(index, region, maps) {
            cells.push(cell);
            lattices.push(lattice);
        }
    }
    let complex = FaceIndex::of(&cells, &lattices)?;
    let class_topology = (0..classes)
        .map(|class| ClassTopology {
            class,
            cells: cells.iter().filter(|c| c.class == class).count(),
            volume: cells
                .iter()
                .filter(|c| c.class == class)
                .map(|c| &c.volume)
                .sum(),
            betti: complex
                .closure(|_, face| face.classes.contains(&class))
                .betti_numbers_gf2(),
        })
        .collect();
    let boundary = complex.boundary(dim);
    Ok(DecisionRegions {
        dim,
        classes,
        regions: regions.len(),
        f_vector: complex.f_vector(dim),
        cells,
        class_topology,
        boundary,
    })
}

/// The cells of one region: for each class (the lowest of those with identical maps), the
/// region cut by `y_class - y_j >= 0` for every other distinct map, kept if full-dimensional;
/// each with its face lattice.
fn cells_of_region(
    index: usize,
    region: &Region,
    maps: &[Vec<Rational>],
) -> Vec<(DecisionCell, FaceLattice)> {
    let mut cells = Vec::new();
    for class in 0..maps.len() {
        if maps[..class].contains(&maps[class]) {
            continue;
        }
        let tied: Vec<usize> = (class + 1..maps.len())
            .filter(|&j| maps[j] == maps[class])
            .collect();
        let mut cell = Some(
            region
                .polytope
                .clone()
                .map_sources(|s| Some(DecisionSource::Region(s))),
        );
        for (other, map) in maps.iter().enumerate() {
            let Some(polytope) = cell.take() else { break };
            if *map == maps[class] {
                cell = Some(polytope);
                continue;
            }
            let difference: Vec<Rational> =
                maps[class].iter().zip(map).map(|(a, b)| a - b).collect();
            let source = DecisionSource::Tie {
                winner: class,
                other,
            };
            cell = match polytope.cut(&AffineForm::from_rationals(&difference), source) {
                CutResult::Whole(p, Side::Positive) => Some(p),
                CutResult::Whole(_, _) => None,
                CutResult::Split { positive, .. } => Some(positive),
            };
        }
        if let Some(mut polytope) = cell {
            polytope.sort_vertices_lex();
            let lattice = FaceLattice::of(&polytope);
            let pulling = Pulling::new(&polytope, &lattice);
            let first: Vec<&HomPoint> = pulling
                .first_simplex()
                .iter()
                .map(|&v| &polytope.vertices()[v].point)
                .collect();
            let interior_point = HomPoint::centroid(&first);
            let volume = pulling.volume(&polytope);
            cells.push((
                DecisionCell {
                    region: index,
                    class,
                    tied,
                    interior_point,
                    volume,
                    polytope,
                },
                lattice,
            ));
        }
    }
    cells
}

/// A face of the decision complex: its dimension, its facets and the classes of the cells it is
/// a face of.
struct Face {
    dim: usize,
    facets: Vec<usize>,
    classes: Vec<usize>,
    /// The classes of the full-dimensional cells it is a facet of (one entry per cell).
    cofacet_classes: Vec<usize>,
    /// Whether it is a facet lying in a side of the domain.
    on_domain: bool,
}

/// Every face of every cell once, identified by its sorted global vertex ids.
struct FaceIndex {
    points: Vec<HomPoint>,
    keys: Vec<Box<[u32]>>,
    faces: Vec<Face>,
}

impl FaceIndex {
    /// The faces of `cells`, given each cell's face lattice.
    fn of(cells: &[DecisionCell], lattices: &[FaceLattice]) -> Result<FaceIndex, String> {
        let mut ids: HashMap<HomPoint, u32> = HashMap::new();
        let mut points = Vec::new();
        let mut index: HashMap<Box<[u32]>, usize> = HashMap::new();
        let mut keys = Vec::new();
        let mut faces: Vec<Face> = Vec::new();
        for (cell, lattice) in cells.iter().zip(lattices) {
            let polytope = &cell.polytope;
            let global: Vec<u32> = polytope
                .vertices()
                .iter()
                .map(|v| {
                    *ids.entry(v.point.clone()).or_insert_with(|| {
                        points.push(v.point.clone());
                        (points.len() - 1) as u32
                    })
                })
                .collect();
            let mut local = Vec::with_capacity(lattice.faces().len());
            for face in lattice.faces() {
                let mut key: Vec<u32> = face.vertices.iter().map(|v| global[v]).collect();
                key.sort_unstable();
                let key: Box<[u32]> = key.into();
                let id = *index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    faces.push(Face {
                        dim: face.dim,
                        facets: Vec::new(),
                        classes: Vec::new(),
                        cofacet_classes: Vec::new(),
                        on_domain: false,
                    });
                    faces.len() - 1
                });
                if !faces[id].classes.contains(&cell.class) {
                    faces[id].classes.push(cell.class);
                }
                local.push(id);
            }
            // Faces are listed top down, so a face's facets are numbered after it: fill in the
            // facets once every face of this cell has its id.
            for (face, &id) in lattice.faces().iter().zip(&local) {
                if faces[id].facets.is_empty() && face.dim > 0 {
                    faces[id].facets = face.covers.iter().map(|&c| local[c]).collect();
                }
            }
            // The lattice lists the polytope's facets right after the polytope, in facet order.
            for (facet, &id) in polytope.facets().iter().zip(&local[1..]) {
                faces[id].cofacet_classes.push(cell.class);
                faces[id].on_domain |= facet
                    .sources
                    .iter()
                    .any(|s| matches!(s, DecisionSource::Region(Source::Domain(_))));
            }
        }
        let index = FaceIndex {
            points,
            keys,
            faces,
        };
        index.check_face_to_face()?;
        Ok(index)
    }

    /// Checks that the cells meet face to face, which the identification of faces by vertex
    /// sets and the Betti numbers rest on (`proofs/decision-homology.md`): every facet of a cell
    /// is a facet of exactly one other cell, or lies in a side of the domain and in no other
    /// cell.
    fn check_face_to_face(&self) -> Result<(), String> {
        match self.faces.iter().find(|f| {
            let sides = f.cofacet_classes.len();
            sides > 0 && !(sides == 2 || (sides == 1 && f.on_domain))
        }) {
            Some(face) => {
                Err(format!(
                "internal error: a facet of the decision cells lies in {} cell(s){}, so the cells \
                 do not meet face to face; please report this network",
                face.cofacet_classes.len(),
                if face.on_domain { " and on the domain's boundary" } else { "" }
            ))
            }
            None => Ok(()),
        }
    }

    /// The number of faces of each dimension `0..=dim`.
    fn f_vector(&self, dim: usize) -> Vec<usize> {
        let mut f = vec![0; dim + 1];
        for face in &self.faces {
            f[face.dim] += 1;
        }
        f
    }

    /// The subcomplex of the faces `keep` accepts (given their index), renumbered; `keep` must
    /// accept every face of a face it accepts.
    fn closure(&self, keep: impl Fn(usize, &Face) -> bool) -> CellComplex {
        let mut renumber = vec![usize::MAX; self.faces.len()];
        let mut kept = Vec::new();
        for (i, face) in self.faces.iter().enumerate() {
            if keep(i, face) {
                renumber[i] = kept.len();
                kept.push(i);
            }
        }
        CellComplex {
            cells: kept
                .iter()
                .map(|&i| {
                    let face = &self.faces[i];
                    (face.dim, face.facets.iter().map(|&g| renumber[g]).collect())
                })
                .collect(),
        }
    }

    /// The boundary: the facets between cells of different classes, and all their faces.
    fn boundary(&self, dim: usize) -> DecisionBoundary {
        let mut on = vec![false; self.faces.len()];
        let mut stack: Vec<usize> = (0..self.faces.len())
            .filter(|&i| {
                let classes = &self.faces[i].cofacet_classes;
                self.faces[i].dim + 1 == dim && classes.len() == 2 && classes[0] != classes[1]
            })
            .collect();
        while let Some(i) = stack.pop() {
            if !on[i] {
                on[i] = true;
                stack.extend(&self.faces[i].facets);
            }
        }
        let mut order: Vec<u32> = on
            .iter()
            .enumerate()
            .filter(|(i, &b)| b && self.faces[*i].dim == 0)
            .map(|(i, _)| self.keys[i][0])
            .collect();
        order.sort_by(|&a, &b| self.points[a as usize].cmp_lex(&self.points[b as usize]));
        let rank: HashMap<u32, usize> = order.iter().enumerate().map(|(r, &v)| (v, r)).collect();
        let mut cells = vec![Vec::new(); dim];
        for (i, face) in self.faces.iter().enumerate() {
            if on[i] {
                let mut vertices: Vec<usize> = self.keys[i].iter().map(|v| rank[v]).collect();
                vertices.sort_unstable();
                cells[face.dim].push(vertices);
            }
        }
        for level in &mut cells {
            level.sort();
        }
        let betti = self.closure(|i, _| on[i]).betti_numbers_gf2();
        DecisionBoundary {
            vertices: order
                .iter()
                .map(|&v| self.points[v as usize].clone())
                .collect(),
            cells,
            betti,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Integer;

    /// The cell `lo <= x <= hi`, `0 <= y <= 1` of class `class`, its sides on the domain where
    /// `on_domain` says so (left, right, bottom, top).
    fn rectangle(lo: i64, hi: i64, class: usize, on_domain: [bool; 4]) -> DecisionCell {
        let form = |c: [i64; 3]| AffineForm::new(c.iter().map(|&v| Integer::from(v)).collect());
        let sides = [[-lo, 1, 0], [hi, -1, 0], [0, 0, 1], [1, 0, -1]];
        let rows = sides
            .iter()
            .zip(on_domain)
            .enumerate()
            .map(|(i, (&c, domain))| {
                let source = if domain {
                    Source::Domain(i)
                } else {
                    Source::Neuron { layer: 0, index: i }
                };
                (form(c), DecisionSource::Region(source))
            })
            .collect();
        let polytope = Polytope::from_inequalities(2, rows).unwrap();
        DecisionCell {
            region: 0,
            class,
            tied: vec![],
            interior_point: polytope.vertices()[0].point.clone(),
            volume: Rational::from(hi - lo),
            polytope,
        }
    }

    #[test]
    fn cells_that_do_not_meet_face_to_face_are_refused() {
        // [0, 2] x [0, 1] beside [2, 3] x [0, 1]: they share the edge x = 2.
        let left = rectangle(0, 2, 0, [true, false, true, true]);
        let right = rectangle(2, 3, 1, [false, true, true, true]);
        let lattice = |c: &DecisionCell| FaceLattice::of(&c.polytope);
        let pair = [left.clone(), right];
        assert!(FaceIndex::of(&pair, &pair.each_ref().map(lattice)).is_ok());
        // Without its neighbour, the left cell's inner edge lies in one cell and not on the
        // domain: the check must refuse it.
        let message = FaceIndex::of(std::slice::from_ref(&left), &[lattice(&left)])
            .err()
            .unwrap();
        assert!(message.contains("do not meet face to face"), "{message}");
    }
}
