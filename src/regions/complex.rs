//! The region complex: every cell once, adjacency through shared facets, and the linear pieces
//! of the network's function.

use super::region::Region;
use super::source::Source;
use crate::exact::{HomPoint, Rational};
use std::collections::{HashMap, HashSet};

/// Two regions sharing a facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacency {
    /// The two regions (indices into the region list), smaller first.
    pub regions: (usize, usize),
    /// Every source supporting the shared facet, seen from either side, sorted.
    pub sources: Vec<Source>,
}

/// The polyhedral complex formed by the regions and all their faces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complex {
    /// The number of distinct cells of each dimension 0..=d (f_d is the number of regions).
    /// Over R^d unbounded cells are included and nothing at infinity is counted.
    pub f_vector: Vec<usize>,
    /// `sum_k (-1)^k f_k`: 1 for a polytope domain, `(-1)^d` for R^d.
    pub euler_characteristic: i64,
    /// Every pair of regions sharing a facet, sorted.
    pub adjacencies: Vec<Adjacency>,
    /// For each dimension k = 1..=d (index k-1), the total over the distinct k-cells of their
    /// number of (k-1)-dimensional faces (unbounded faces included, nothing at infinity).
    pub face_incidences: Vec<usize>,
    /// With an output layer, the linear pieces of the network's function: the classes of
    /// regions joined through shared facets across which the output's affine map does not
    /// change, each listing its regions increasing, ordered by their first region.
    pub linear_pieces: Option<Vec<Vec<usize>>>,
}

impl Complex {
    /// The complex of `regions` (over R^d the regions' faces are already restricted to the real
    /// ones). Cells are identified exactly, by the set of their vertices.
    pub fn of(regions: &[Region]) -> Complex {
        let mut builder = ComplexBuilder::default();
        for region in regions {
            builder.add(region);
        }
        builder.finish()
    }
}

/// Builds a [`Complex`] one region at a time, in any order (regions are numbered in the order
/// they are added), keeping the distinct cells, the facets not yet seen from both sides, the
/// adjacencies and (with an output layer) each region's output-map class, never the regions.
#[derive(Debug, Default)]
pub struct ComplexBuilder {
    dim: usize,
    regions: usize,
    vertex_ids: HashMap<HomPoint, u32>,
    cells: Vec<HashSet<Box<[u32]>>>,
    face_incidences: Vec<usize>,
    region_facets: usize,
    open_facets: HashMap<Box<[u32]>, (usize, Vec<Source>)>,
    adjacencies: Vec<Adjacency>,
    output_maps: HashMap<Vec<Vec<Rational>>, usize>,
    map_of_region: Vec<usize>,
}

impl ComplexBuilder {
    /// Adds the next region.
    pub fn add(&mut self, region: &Region) {
        let r = self.regions;
        self.regions += 1;
        if r == 0 {
            self.dim = region.polytope.dim();
            self.cells = vec![HashSet::new(); self.dim];
            self.face_incidences = vec![0; self.dim];
        }
        let ids: Vec<u32> = region
            .polytope
            .vertices()
            .iter()
            .map(|v| match self.vertex_ids.get(&v.point) {
                Some(&id) => id,
                None => {
                    let id =
                        u32::try_from(self.vertex_ids.len()).expect("fewer than 2^32 vertices");
                    self.vertex_ids.insert(v.point.clone(), id);
                    id
                }
            })
            .collect();
        for face in &region.faces {
            let mut key: Box<[u32]> = face.vertices.iter().map(|&v| ids[v]).collect();
            key.sort_unstable();
            if face.dim + 1 == self.dim {
                let sources = &region.polytope.facets()[face.facet.unwrap_or_default()].sources;
                match self.open_facets.remove(&key) {
                    Some((other, mut both)) => {
                        both.extend(sources.iter().copied());
                        both.sort_unstable();
                        both.dedup();
                        self.adjacencies.push(Adjacency {
                            regions: (other, r),
                            sources: both,
                        });
                    }
                    None => {
                        self.open_facets.insert(key.clone(), (r, sources.clone()));
                    }
                }
            }
            if self.cells[face.dim].insert(key) && face.dim > 0 {
                self.face_incidences[face.dim - 1] += face.real_facets;
            }
        }
        self.region_facets += region.facet_indices().len();
        if let Some(map) = &region.output_map {
            let next = self.output_maps.len();
            let id = *self.output_maps.entry(map.clone()).or_insert(next);
            self.map_of_region.push(id);
        }
    }

    /// The complex of the regions added.
    pub fn finish(mut self) -> Complex {
        if self.dim > 0 {
            self.face_incidences[self.dim - 1] = self.region_facets;
        }
        let mut f_vector: Vec<usize> = self.cells.iter().map(HashSet::len).collect();
        f_vector.push(self.regions);
        let euler_characteristic = f_vector
            .iter()
            .enumerate()
            .map(|(k, &f)| if k % 2 == 0 { f as i64 } else { -(f as i64) })
            .sum();
        self.adjacencies.sort_by_key(|a| a.regions);
        let linear_pieces = (self.regions > 0 && self.map_of_region.len() == self.regions)
            .then(|| pieces(&self.adjacencies, &self.map_of_region));
        Complex {
            f_vector,
            euler_characteristic,
            adjacencies: self.adjacencies,
            face_incidences: self.face_incidences,
            linear_pieces,
        }
    }
}

/// The classes of regions joined by adjacencies between regions with the same output map.
fn pieces(adjacencies: &[Adjacency], map_of_region: &[usize]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..map_of_region.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for adjacency in adjacencies {
        let (a, b) = adjacency.regions;
        if map_of_region[a] == map_of_region[b] {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut pieces: Vec<Vec<usize>> = Vec::new();
    let mut piece_of_root: HashMap<usize, usize> = HashMap::new();
    for r in 0..map_of_region.len() {
        let root = root(&mut parent, r);
        let piece = *piece_of_root.entry(root).or_insert_with(|| {
            pieces.push(Vec::new());
            pieces.len() - 1
        });
        pieces[piece].push(r);
    }
    pieces
}
