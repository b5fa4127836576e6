//! The region complex: every cell once, adjacency through shared facets, and the linear pieces
//! of the network's function.

use super::infinity::Truncation;
use super::region::{Region, Source};
use crate::exact::HomPoint;
use crate::polytope::FaceLattice;
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
}

impl Complex {
    /// The complex of `regions` (over R^d, `truncation` is the cube standing in for infinity).
    /// Cells are identified exactly, by the set of their (truncated) vertices.
    pub fn of(regions: &[Region], truncation: Option<&Truncation>) -> Complex {
        let dim = regions.first().map_or(0, |r| r.polytope.dim());
        let mut vertex_ids: HashMap<HomPoint, usize> = HashMap::new();
        let mut cells: Vec<HashSet<Vec<usize>>> = vec![HashSet::new(); dim];
        let mut face_incidences = vec![0; dim];
        let mut facet_owners: HashMap<Vec<usize>, Vec<(usize, usize)>> = HashMap::new();
        for (r, region) in regions.iter().enumerate() {
            let polytope = &region.polytope;
            let ids: Vec<usize> = polytope
                .vertices()
                .iter()
                .map(|v| {
                    let next = vertex_ids.len();
                    *vertex_ids.entry(v.point.clone()).or_insert(next)
                })
                .collect();
            let lattice = FaceLattice::of(polytope);
            let real = match truncation {
                Some(t) => t.real_faces(polytope, &lattice),
                None => vec![true; lattice.faces().len()],
            };
            // Faces 1..=F of the lattice are the polytope's facets, in order.
            for (index, face) in lattice.faces().iter().enumerate().skip(1) {
                if !real[index] {
                    continue;
                }
                let mut key: Vec<usize> = face.vertices.iter().map(|v| ids[v]).collect();
                key.sort_unstable();
                if face.dim + 1 == dim {
                    facet_owners
                        .entry(key.clone())
                        .or_default()
                        .push((r, index - 1));
                }
                let real_facets = face.covers.iter().filter(|&&c| real[c]).count();
                if cells[face.dim].insert(key) && face.dim > 0 {
                    face_incidences[face.dim - 1] += real_facets;
                }
            }
        }
        if dim > 0 {
            face_incidences[dim - 1] = regions.iter().map(|r| r.facet_indices().len()).sum();
        }
        let mut f_vector: Vec<usize> = cells.iter().map(HashSet::len).collect();
        f_vector.push(regions.len());
        let euler_characteristic = f_vector
            .iter()
            .enumerate()
            .map(|(k, &f)| if k % 2 == 0 { f as i64 } else { -(f as i64) })
            .sum();
        let mut adjacencies: Vec<Adjacency> = facet_owners
            .values()
            .filter(|owners| owners.len() == 2)
            .map(|owners| {
                let (a, fa) = owners[0];
                let (b, fb) = owners[1];
                let mut sources: Vec<Source> = regions[a].polytope.facets()[fa]
                    .sources
                    .iter()
                    .chain(&regions[b].polytope.facets()[fb].sources)
                    .copied()
                    .collect();
                sources.sort_unstable();
                sources.dedup();
                Adjacency {
                    regions: (a.min(b), a.max(b)),
                    sources,
                }
            })
            .collect();
        adjacencies.sort_by_key(|a| a.regions);
        Complex {
            f_vector,
            euler_characteristic,
            adjacencies,
            face_incidences,
        }
    }

    /// The linear pieces of the network's function: the classes of regions joined through
    /// shared facets across which the output's affine map does not change. Each piece lists its
    /// regions in increasing order; pieces are ordered by their first region. `None` without an
    /// output layer.
    pub fn linear_pieces(&self, regions: &[Region]) -> Option<Vec<Vec<usize>>> {
        regions.first()?.output_map.as_ref()?;
        let mut parent: Vec<usize> = (0..regions.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for adjacency in &self.adjacencies {
            let (a, b) = adjacency.regions;
            if regions[a].output_map == regions[b].output_map {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut pieces: Vec<Vec<usize>> = Vec::new();
        let mut piece_of_root: HashMap<usize, usize> = HashMap::new();
        for r in 0..regions.len() {
            let root = root(&mut parent, r);
            let piece = *piece_of_root.entry(root).or_insert_with(|| {
                pieces.push(Vec::new());
                pieces.len() - 1
            });
            pieces[piece].push(r);
        }
        Some(pieces)
    }
}
