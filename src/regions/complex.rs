//! The region complex: every cell once, adjacency through shared facets, and the linear pieces
//! of the network's function.

use super::region::{Region, RegionFace};
use super::source::Source;
use crate::exact::{HomPoint, Rational};
use crate::polytope::{IndexSet, Polytope};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Two regions sharing a facet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
///
/// In a sharded run ([`super::Share`]) it builds a shard's [`ComplexPart`] instead: the cells
/// lying in the boundary of their frontier piece, which other shards may share, are kept by
/// their vertices' coordinates for [`Complex::merge`]; the others are counted here.
#[derive(Debug, Default)]
pub struct ComplexBuilder {
    dim: usize,
    regions: usize,
    vertex_ids: VertexIds,
    cells: Cells,
    face_incidences: Vec<usize>,
    region_facets: usize,
    open_facets: FxHashMap<Box<[u32]>, (usize, Vec<Source>)>,
    adjacencies: Vec<Adjacency>,
    output_maps: FxHashMap<Vec<Vec<Rational>>, usize>,
    map_of_region: Vec<usize>,
    boundary: BoundaryCells,
}

/// The distinct cells of dimensions 0 to d-1 met so far, each identified by the sorted ids of
/// its vertices. Vertices are kept as a flag per id and edges as their two ids in one word (no
/// key on the heap); facets are only counted here, since the builder pairs them up itself and
/// knows which are new ([`ComplexBuilder::add_in_piece`]; a facet keeps a key there only while
/// it waits for its second side); cells of dimensions 2 to d-2 by their ids.
#[derive(Debug, Default)]
struct Cells {
    dim: usize,
    vertices: Vec<bool>,
    vertex_count: usize,
    edges: FxHashSet<u64>,
    facet_count: usize,
    /// At index k, the k-cells for `2 <= k <= d - 2` (the other sets stay empty: a vertex has
    /// one id, an edge two).
    others: Vec<FxHashSet<Box<[u32]>>>,
}

impl Cells {
    /// No cells yet, of a complex of dimension `dim`.
    fn new(dim: usize) -> Cells {
        Cells {
            dim,
            others: vec![FxHashSet::default(); dim],
            ..Cells::default()
        }
    }

    /// Adds the `k`-cell whose sorted vertex ids are `key`, a cell other than a facet
    /// (`k + 1 < d`); returns whether it is new.
    fn insert(&mut self, k: usize, key: &[u32]) -> bool {
        debug_assert!(k + 1 < self.dim && key.is_sorted());
        match (k, key) {
            (0, &[id]) => {
                let id = id as usize;
                if id >= self.vertices.len() {
                    self.vertices.resize(id + 1, false);
                }
                let new = !std::mem::replace(&mut self.vertices[id], true);
                self.vertex_count += usize::from(new);
                new
            }
            (1, &[a, b]) => self.edges.insert((u64::from(a) << 32) | u64::from(b)),
            _ => {
                debug_assert!(k >= 2, "a vertex has one id, an edge two");
                let cells = &mut self.others[k];
                let new = !cells.contains(key);
                if new {
                    cells.insert(key.into());
                }
                new
            }
        }
    }

    /// Counts a new facet.
    fn count_facet(&mut self) {
        self.facet_count += 1;
    }

    /// The number of distinct `k`-cells met (`k < d`).
    fn count(&self, k: usize) -> usize {
        let kept_apart = match k {
            _ if k + 1 == self.dim => self.facet_count,
            0 => self.vertex_count,
            1 => self.edges.len(),
            _ => 0,
        };
        kept_apart + self.others.get(k).map_or(0, HashSet::len)
    }
}

/// Distinct points numbered in the order they are first met.
#[derive(Debug, Default)]
pub(super) struct VertexIds(FxHashMap<HomPoint, u32>);

impl VertexIds {
    /// The number of `point`, given a new one if it is new.
    pub(super) fn id(&mut self, point: &HomPoint) -> u32 {
        if let Some(&id) = self.0.get(point) {
            return id;
        }
        let id = u32::try_from(self.0.len()).expect("fewer than 2^32 vertices");
        self.0.insert(point.clone(), id);
        id
    }

    /// The sorted numbers of `points`: the key of the cell they span.
    fn key<'p>(&mut self, points: impl Iterator<Item = &'p HomPoint>) -> Box<[u32]> {
        let mut key: Box<[u32]> = points.map(|point| self.id(point)).collect();
        key.sort_unstable();
        key
    }

    /// The points, by number.
    pub(super) fn into_points(self) -> Vec<HomPoint> {
        let mut points: Vec<(u32, HomPoint)> = self.0.into_iter().map(|(p, id)| (id, p)).collect();
        points.sort_unstable_by_key(|(id, _)| *id);
        points.into_iter().map(|(_, p)| p).collect()
    }
}

/// The cells of a shard lying in the boundary of their frontier pieces, by boundary vertex ids.
#[derive(Debug, Default)]
struct BoundaryCells {
    ids: VertexIds,
    cells: BTreeMap<(usize, Box<[u32]>), usize>,
    facets: Vec<BoundaryFacet>,
    maps: BTreeMap<usize, Vec<Vec<Rational>>>,
}

/// The sources of a facet seen from both sides, sorted, each once.
fn both_sides(mut one: Vec<Source>, other: &[Source]) -> Vec<Source> {
    one.extend(other.iter().copied());
    one.sort_unstable();
    one.dedup();
    one
}

/// The key of `face` (its vertices' ids, sorted), written into `key`.
fn face_key<'k>(key: &'k mut Vec<u32>, face: &RegionFace, ids: &[u32]) -> &'k [u32] {
    key.clear();
    key.extend(face.vertices.iter().map(|&v| ids[v]));
    key.sort_unstable();
    key
}

/// Whether the face of `polytope` with `vertices` lies in one of the facets of `facets`: whether
/// one of them contains all its vertices.
fn lies_in_one_of(facets: &IndexSet, vertices: &[usize], polytope: &Polytope<Source>) -> bool {
    !facets.is_empty()
        && (0..polytope.facets().len().div_ceil(64)).any(|w| {
            vertices.iter().fold(facets.word(w), |common, &v| {
                common & polytope.vertices()[v].facets.word(w)
            }) != 0
        })
}

impl ComplexBuilder {
    /// Adds the next region.
    pub fn add(&mut self, region: &Region) {
        self.add_in_piece(region, &[]);
    }

    /// Adds the next region of a shard, with, for each of its faces, whether it lies in the
    /// boundary of the region's frontier piece (missing flags count as `false`).
    pub fn add_in_piece(&mut self, region: &Region, on_piece_boundary: &[bool]) {
        let r = self.regions;
        self.regions += 1;
        if r == 0 {
            self.dim = region.polytope.dim();
            self.cells = Cells::new(self.dim);
            self.face_incidences = vec![0; self.dim];
        }
        let ids: Vec<u32> = region
            .polytope
            .vertices()
            .iter()
            .map(|v| self.vertex_ids.id(&v.point))
            .collect();
        let on_boundary = |f: usize| on_piece_boundary.get(f).copied().unwrap_or(false);
        let mut key = Vec::new();
        // Facets first, and the cells in pieces' boundaries. A facet is one of at most two
        // regions' (one on each side): it is new when no region before had it; when one had
        // it, every face of that facet is a face of that region too, met with it. (Whether a
        // face is real over R^d, and whether it lies in its piece's boundary, depends on its
        // vertices alone; and a facet off its piece's boundary has both its regions in that
        // piece: so the earlier region counted each such face itself, or skipped it for the
        // same reason.)
        let mut met_before = IndexSet::new(region.polytope.facets().len());
        for (f, face) in region.faces.iter().enumerate() {
            if on_boundary(f) {
                self.add_boundary_cell(region, r, face);
                continue;
            }
            let Some(facet) = self.facet_of(face) else {
                continue;
            };
            let sources = &region.polytope.facets()[facet].sources;
            let key = face_key(&mut key, face, &ids);
            match self.open_facets.remove(key) {
                Some((other, seen)) => {
                    self.adjacencies.push(Adjacency {
                        regions: (other, r),
                        sources: both_sides(seen, sources),
                    });
                    met_before.insert(facet);
                }
                None => {
                    self.open_facets.insert(key.into(), (r, sources.clone()));
                    self.cells.count_facet();
                    self.count_incidences(face);
                }
            }
        }
        for (f, face) in region.faces.iter().enumerate() {
            if on_boundary(f)
                || face.dim + 1 == self.dim
                || lies_in_one_of(&met_before, &face.vertices, &region.polytope)
            {
                continue;
            }
            if self.cells.insert(face.dim, face_key(&mut key, face, &ids)) {
                self.count_incidences(face);
            }
        }
        self.region_facets += region.facet_indices().len();
        if let Some(map) = &region.output_map {
            let id = match self.output_maps.get(map) {
                Some(&id) => id,
                None => {
                    let next = self.output_maps.len();
                    self.output_maps.insert(map.clone(), next);
                    next
                }
            };
            self.map_of_region.push(id);
        }
    }

    /// For a facet of a region (a face of dimension d-1), its index into the region's facets.
    fn facet_of(&self, face: &RegionFace) -> Option<usize> {
        (face.dim + 1 == self.dim).then(|| face.facet.expect("a region's facet has its index"))
    }

    /// Adds a new cell's real facets to the incidences of its dimension.
    fn count_incidences(&mut self, face: &RegionFace) {
        if face.dim > 0 {
            self.face_incidences[face.dim - 1] += face.real_facets;
        }
    }

    /// Keeps `face` of region `r`, which lies in the boundary of the region's frontier piece,
    /// by its vertices' coordinates (with the sources of a facet and the region's output map).
    fn add_boundary_cell(&mut self, region: &Region, r: usize, face: &RegionFace) {
        let points = region.polytope.vertices();
        let key = self
            .boundary
            .ids
            .key(face.vertices.iter().map(|&v| &points[v].point));
        if let Some(facet) = self.facet_of(face) {
            self.boundary.facets.push(BoundaryFacet {
                vertices: key.to_vec(),
                region: r,
                sources: region.polytope.facets()[facet].sources.clone(),
            });
            if let Some(map) = &region.output_map {
                self.boundary.maps.entry(r).or_insert_with(|| map.clone());
            }
        }
        self.boundary
            .cells
            .entry((face.dim, key))
            .or_insert(face.real_facets);
    }

    /// With an output layer, the regions joined through the facets across which the output map
    /// does not change (the adjacencies found so far).
    fn map_classes(&self) -> Option<Classes> {
        (self.regions > 0 && self.map_of_region.len() == self.regions).then(|| {
            let mut classes = Classes::new(self.regions);
            for adjacency in &self.adjacencies {
                let (a, b) = adjacency.regions;
                if self.map_of_region[a] == self.map_of_region[b] {
                    classes.join(a, b);
                }
            }
            classes
        })
    }

    /// The complex of the regions added (none of whose faces was flagged as lying in a piece's
    /// boundary).
    pub fn finish(mut self) -> Complex {
        if self.dim > 0 {
            self.face_incidences[self.dim - 1] = self.region_facets;
        }
        let mut f_vector: Vec<usize> = (0..self.dim).map(|k| self.cells.count(k)).collect();
        f_vector.push(self.regions);
        self.adjacencies.sort_by_key(|a| a.regions);
        let linear_pieces = self.map_classes().map(Classes::lists);
        Complex::new(
            f_vector,
            self.adjacencies,
            self.face_incidences,
            linear_pieces,
        )
    }

    /// A shard's part of the complex of dimension `dim` (the regions added are the shard's, in
    /// its order): what [`Complex::merge`] needs.
    pub fn into_part(self, dim: usize) -> ComplexPart {
        let classes = self
            .map_classes()
            .map(|mut classes| (0..self.regions).map(|r| classes.root(r)).collect());
        let has_maps = classes.is_some();
        let mut adjacencies = self.adjacencies;
        adjacencies.sort_by_key(|a| a.regions);
        ComplexPart {
            dim,
            regions: self.regions,
            inner_cells: (0..dim).map(|k| self.cells.count(k)).collect(),
            inner_incidences: (0..dim)
                .map(|k| self.face_incidences.get(k).copied().unwrap_or(0))
                .collect(),
            region_facets: self.region_facets,
            vertices: self.boundary.ids.into_points(),
            boundary_cells: self
                .boundary
                .cells
                .into_iter()
                .map(|((dim, vertices), real_facets)| BoundaryCell {
                    dim,
                    vertices: vertices.into_vec(),
                    real_facets,
                })
                .collect(),
            boundary_facets: self.boundary.facets,
            boundary_maps: has_maps.then(|| {
                self.boundary
                    .maps
                    .into_iter()
                    .map(|(region, map)| BoundaryMap { region, map })
                    .collect()
            }),
            classes,
            adjacencies,
        }
    }
}

/// A cell in the boundary of a frontier piece, in a [`ComplexPart`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundaryCell {
    /// Its dimension.
    pub dim: usize,
    /// Its vertices, as increasing indices into the part's `vertices`.
    pub vertices: Vec<u32>,
    /// The number of its own facets that are real (for `face_incidences`).
    pub real_facets: usize,
}

/// A region's facet in the boundary of its frontier piece, in a [`ComplexPart`]: it is shared
/// with the region on its other side, if any, which may belong to another shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundaryFacet {
    /// Its vertices, as increasing indices into the part's `vertices`.
    pub vertices: Vec<u32>,
    /// The region (its index in the shard).
    pub region: usize,
    /// The sources supporting it, seen from that region.
    pub sources: Vec<Source>,
}

/// The output layer's affine map on a region with a facet on its piece's boundary, in a
/// [`ComplexPart`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundaryMap {
    /// The region (its index in the shard).
    pub region: usize,
    /// The map, one row per output: the constant, then the coefficients.
    #[serde(with = "crate::exact::text")]
    pub map: Vec<Vec<Rational>>,
}

/// One shard's part of the region complex (plain data): the cells inside its frontier pieces
/// counted, the cells on the pieces' boundaries listed by their exact vertices, the adjacencies
/// inside pieces, and, with an output layer, the classes of regions joined inside pieces
/// through facets with equal output maps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplexPart {
    /// The dimension.
    pub dim: usize,
    /// The shard's regions.
    pub regions: usize,
    /// For k = 0..dim, the distinct k-cells inside the shard's pieces (no other shard has them).
    pub inner_cells: Vec<usize>,
    /// For k = 1..dim (index k-1), the sum over those inner k-cells of their real facets.
    pub inner_incidences: Vec<usize>,
    /// The sum over the shard's regions of their facets.
    pub region_facets: usize,
    /// The vertices of the cells on the pieces' boundaries, exactly.
    #[serde(with = "crate::exact::text")]
    pub vertices: Vec<HomPoint>,
    /// The distinct cells on the pieces' boundaries, each once.
    pub boundary_cells: Vec<BoundaryCell>,
    /// Every facet of a region on its piece's boundary, with that region.
    pub boundary_facets: Vec<BoundaryFacet>,
    /// With an output layer, the output maps of the regions with a facet on their piece's
    /// boundary, by increasing region.
    pub boundary_maps: Option<Vec<BoundaryMap>>,
    /// With an output layer, for each region the first region of its class inside the shard.
    pub classes: Option<Vec<usize>>,
    /// The adjacent pairs inside pieces (shard indices), sorted.
    pub adjacencies: Vec<Adjacency>,
}

/// Why shards' parts cannot be merged into one complex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError(pub String);

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MergeError {}

impl Complex {
    fn new(
        f_vector: Vec<usize>,
        adjacencies: Vec<Adjacency>,
        face_incidences: Vec<usize>,
        linear_pieces: Option<Vec<Vec<usize>>>,
    ) -> Complex {
        let euler_characteristic = f_vector
            .iter()
            .enumerate()
            .map(|(k, &f)| if k % 2 == 0 { f as i64 } else { -(f as i64) })
            .sum();
        Complex {
            f_vector,
            euler_characteristic,
            adjacencies,
            face_incidences,
            linear_pieces,
        }
    }

    /// The complex of a run from its shards' parts, `global[s][r]` being the index in the whole
    /// run of region `r` of part `s`: cells shared across shards are identified by their exact
    /// vertices and counted once, facets on piece boundaries are matched into adjacencies, and
    /// linear pieces joined across them. Equal to the unsharded run's complex.
    pub fn merge(parts: Vec<ComplexPart>, global: &[Vec<usize>]) -> Result<Complex, MergeError> {
        let dim = parts.first().map_or(0, |p| p.dim);
        if parts.iter().any(|p| p.dim != dim) {
            return Err(MergeError("the parts have different dimensions".into()));
        }
        let regions: usize = parts.iter().map(|p| p.regions).sum();
        let mut f_vector = vec![0; dim + 1];
        let mut face_incidences = vec![0; dim];
        let mut vertex_ids: HashMap<&HomPoint, u32> = HashMap::new();
        let mut cells: HashSet<(usize, Box<[u32]>)> = HashSet::new();
        let mut open: HashMap<Box<[u32]>, (usize, usize, &BoundaryFacet)> = HashMap::new();
        let mut adjacencies = Vec::new();
        let mut joins = Vec::new();
        for (s, part) in parts.iter().enumerate() {
            for k in 0..dim {
                f_vector[k] += part.inner_cells[k];
                face_incidences[k] += part.inner_incidences[k];
            }
            let ids: Vec<u32> = part
                .vertices
                .iter()
                .map(|point| {
                    let next = u32::try_from(vertex_ids.len()).expect("fewer than 2^32 vertices");
                    *vertex_ids.entry(point).or_insert(next)
                })
                .collect();
            let key = |vertices: &[u32]| -> Box<[u32]> {
                let mut key: Box<[u32]> = vertices.iter().map(|&v| ids[v as usize]).collect();
                key.sort_unstable();
                key
            };
            for cell in &part.boundary_cells {
                if cells.insert((cell.dim, key(&cell.vertices))) {
                    f_vector[cell.dim] += 1;
                    if cell.dim > 0 {
                        face_incidences[cell.dim - 1] += cell.real_facets;
                    }
                }
            }
            for facet in &part.boundary_facets {
                match open.remove(&key(&facet.vertices)) {
                    Some((other_part, other, other_facet)) => {
                        let both = both_sides(other_facet.sources.clone(), &facet.sources);
                        let (a, b) = (global[other_part][other], global[s][facet.region]);
                        adjacencies.push(Adjacency {
                            regions: (a.min(b), a.max(b)),
                            sources: both,
                        });
                        let map = |part: usize, region: usize| {
                            parts[part].boundary_maps.as_ref().and_then(|maps| {
                                maps.binary_search_by_key(&region, |m| m.region)
                                    .ok()
                                    .map(|i| &maps[i].map)
                            })
                        };
                        if map(other_part, other).is_some()
                            && map(other_part, other) == map(s, facet.region)
                        {
                            joins.push((a, b));
                        }
                    }
                    None => {
                        open.insert(key(&facet.vertices), (s, facet.region, facet));
                    }
                }
            }
        }
        drop((vertex_ids, cells, open));
        f_vector[dim] = regions;
        if dim > 0 {
            face_incidences[dim - 1] = parts.iter().map(|p| p.region_facets).sum();
        }
        let linear_pieces = (regions > 0
            && parts.iter().all(|p| p.regions == 0 || p.classes.is_some()))
        .then(|| {
            let mut classes = Classes::new(regions);
            for (s, part) in parts.iter().enumerate() {
                for (r, &first) in part.classes.iter().flatten().enumerate() {
                    classes.join(global[s][r], global[s][first]);
                }
            }
            for (a, b) in joins {
                classes.join(a, b);
            }
            classes.lists()
        });
        // The adjacencies inside pieces are moved out of the parts, renumbered.
        for (s, part) in parts.into_iter().enumerate() {
            adjacencies.extend(part.adjacencies.into_iter().map(|a| Adjacency {
                regions: (global[s][a.regions.0], global[s][a.regions.1]),
                sources: a.sources,
            }));
        }
        adjacencies.sort_by_key(|a| a.regions);
        Ok(Complex::new(
            f_vector,
            adjacencies,
            face_incidences,
            linear_pieces,
        ))
    }
}

/// Classes of regions under joins (union-find, the first region of a class as its root).
struct Classes {
    parent: Vec<usize>,
}

impl Classes {
    fn new(regions: usize) -> Classes {
        Classes {
            parent: (0..regions).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        self.parent[ra.max(rb)] = ra.min(rb);
    }

    /// The classes, each listing its regions increasing, ordered by their first region.
    fn lists(mut self) -> Vec<Vec<usize>> {
        let mut lists: Vec<Vec<usize>> = Vec::new();
        let mut list_of_root: HashMap<usize, usize> = HashMap::new();
        for r in 0..self.parent.len() {
            let root = self.root(r);
            let list = *list_of_root.entry(root).or_insert_with(|| {
                lists.push(Vec::new());
                lists.len() - 1
            });
            lists[list].push(r);
        }
        lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::test_entry;
    use std::collections::BTreeSet;

    /// Cells of every dimension below the facets, each met about four times, are reported new
    /// only the first time and counted once, as a set of their keys says; facets are counted as
    /// they are reported.
    #[test]
    fn cells_count_each_key_once() {
        for dim in 2..=5usize {
            let mut cells = Cells::new(dim);
            let mut model: Vec<BTreeSet<Vec<u32>>> = vec![BTreeSet::new(); dim - 1];
            for case in 0..400u64 {
                // 97 cells (k, key), each met for every case of its residue.
                let cell = case % 97;
                let k = test_entry(cell, 0, 0, 4).unsigned_abs() as usize % (dim - 1);
                let extra = if k >= 2 {
                    test_entry(cell, 1, 0, 2).unsigned_abs() as usize
                } else {
                    0
                };
                // Distinct ids (entry j is j modulo 8), sorted.
                let mut key: Vec<u32> = (0..k + 1 + extra)
                    .map(|j| test_entry(cell, 2, j, 6).unsigned_abs() as u32 * 8 + j as u32)
                    .collect();
                key.sort_unstable();
                assert_eq!(
                    cells.insert(k, &key),
                    model[k].insert(key.clone()),
                    "d = {dim}, case {case}, key {key:?}"
                );
            }
            for _ in 0..dim {
                cells.count_facet();
            }
            assert_eq!(cells.count(dim - 1), dim, "d = {dim}");
            for (k, set) in model.iter().enumerate() {
                assert_eq!(cells.count(k), set.len(), "d = {dim}, k = {k}");
            }
        }
    }
}
