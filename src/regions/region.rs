//! One activation region and the labels of the constraints bounding it.

use super::infinity::{Recession, Truncation};
use super::source::Source;
use crate::exact::{FactoredFraction, HomPoint, Integer, Rational};
use crate::network::Pattern;
use crate::polytope::{first_pulling_simplex, FaceLattice, IndexSet, Polytope, Pulling};
use malachite::base::num::arithmetic::traits::Sign;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// An activation region as the splitting phase produces it, before its lattice, triangulation
/// and volume are computed.
#[derive(Debug, Clone)]
pub struct BareRegion {
    /// The activation pattern, as in [`Region::pattern`].
    pub pattern: Pattern,
    /// The region's vertices and facets with their sources (over R^d: truncated by the cube that
    /// stands in for infinity).
    pub polytope: Polytope<Source>,
    /// With an output layer: the network's output on the region as an exact affine map, one row
    /// `(c_0, c_1, ..., c_d)` per output unit.
    pub output_map: Option<Vec<Vec<Rational>>>,
}

/// An activation region: the closure of a maximal full-dimensional set of domain points sharing
/// one activation pattern.
#[derive(Debug, Clone)]
pub struct Region {
    /// One bit per hidden neuron, layer by layer: `true` where the pre-activation is positive on
    /// the region's interior, `false` where it is negative or identically zero.
    pub pattern: Pattern,
    /// The region as a polytope, vertices in lexicographic order. Over R^d this is the region
    /// truncated by the cube standing in for infinity: use [`Region::vertex_indices`] and
    /// [`Region::facet_indices`] for the region's own vertices and facets.
    pub polytope: Polytope<Source>,
    /// An exact point of the region's interior, computed on first use (see
    /// [`Region::interior_point`]).
    interior_point: OnceLock<HomPoint>,
    /// The f-vector `(f_0, ..., f_{d-1})` of the region, unbounded faces included (`None` without
    /// the face lattice: `Detail::NoLattice`).
    pub f_vector: Option<Vec<usize>>,
    /// For a bounded region, the number of simplices of its pulling triangulation in
    /// lexicographic vertex order (counted on the face lattice; [`Region::simplices`] lists them).
    pub simplex_count: Option<usize>,
    /// For a bounded region, its exact volume (`None` when unbounded, or when the enumeration
    /// skipped volumes: see [`crate::regions::Limits::skip_volumes`]).
    pub volume: Option<Rational>,
    /// The region's term in the exact sum of the bounded regions' volumes, computed from its
    /// boundary facets alone (`proofs/volume-total.md`): the terms of all regions add up to
    /// that sum though each differs from the region's own volume. Kept unreduced, over `d!`, its
    /// vertices' denominators and the cone apex's (d times per simplex;
    /// [`FactoredFraction::value`] is its value). `None` unless the
    /// enumeration asked for the sum without the volumes
    /// ([`Limits::volume_sum_only`](crate::regions::Limits::volume_sum_only)).
    pub volume_share: Option<FactoredFraction>,
    /// For an unbounded region, its lineality space and where its rays are read from
    /// ([`Region::rays`]); it refers to `polytope`'s vertices by index.
    pub recession: Option<Recession>,
    /// With an output layer, the network's output on the region (see [`BareRegion::output_map`]).
    pub output_map: Option<Vec<Vec<Rational>>>,
    /// The region's proper non-empty faces (over R^d only the real ones, none lying in a side
    /// of the stand-in cube), as the complex needs them.
    pub faces: Vec<RegionFace>,
    vertices: Vec<usize>,
    facets: Vec<usize>,
}

/// A proper non-empty face of a region, by vertex indices (into `polytope.vertices()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionFace {
    /// The face's dimension.
    pub dim: usize,
    /// Its vertices, increasing.
    pub vertices: Vec<usize>,
    /// For a facet, its index into `polytope.facets()`.
    pub facet: Option<usize>,
    /// The number of its own facets (faces one dimension lower) that are real.
    pub real_facets: usize,
}

/// How much of a region [`Region::new`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail<'a> {
    /// Face lattice, f-vector, faces, triangulation size and exact volume.
    Everything,
    /// All but the volume, with the region's share of the volumes' sum instead
    /// ([`Region::volume_share`]), its cones taken from `cone_apex` (the origin when `None`;
    /// [`crate::regions::Domain::cone_apex`]).
    VolumeShare {
        /// Where the cones start.
        cone_apex: Option<&'a HomPoint>,
    },
    /// All but the volume.
    NoVolume,
    /// Pattern, vertices, facets and interior point only (no face lattice).
    NoLattice,
}

/// The region's term in the sum of the bounded regions' volumes (`proofs/volume-total.md`),
/// each term a cone from the domain's `apex` (the origin when `None`) over one facet, signed by
/// the side of the facet's hyperplane the apex lies on (`+` when on the region's side; facets
/// whose hyperplane holds the apex span flat cones and are skipped):
/// - on a polytope domain, the signed cones over the facets lying in the domain's boundary
///   (the regions' facets inside the domain cancel in pairs, so the terms add up to the
///   domain's volume, the sum of all regions' volumes);
/// - over R^d (`whole_space`; `polytope` is truncated by the stand-in cube, whose vertices have
///   `sides`), minus the signed cones over an unbounded region's bounded facets, and 0 for a
///   bounded region (the facets shared by two unbounded regions cancel, the others bound the
///   union of the bounded regions).
fn volume_share(
    pulling: &Pulling,
    polytope: &Polytope<Source>,
    apex: Option<&HomPoint>,
    whole_space: bool,
    sides: &[Vec<usize>],
) -> FactoredFraction {
    if whole_space && sides.iter().all(Vec::is_empty) {
        return FactoredFraction::zero();
    }
    let vertex_sets = polytope.facet_vertex_sets();
    let mut cones = Vec::new();
    for (f, facet) in polytope.facets().iter().enumerate() {
        let counted = if whole_space {
            !Source::in_cube_side(&facet.sources)
                && vertex_sets[f].iter().all(|v| sides[v].is_empty())
        } else {
            facet.sources.iter().any(|s| matches!(s, Source::Domain(_)))
        };
        if !counted {
            continue;
        }
        let apex_side = match apex {
            Some(apex) => facet.inequality.side(apex),
            None => facet.inequality.coeffs()[0].sign(),
        };
        // The apex is a vertex of a polytope domain: no facet in its boundary has it outside.
        debug_assert!(whole_space || apex_side != Ordering::Less);
        if apex_side != Ordering::Equal {
            cones.push((f, (apex_side == Ordering::Greater) == whole_space));
        }
    }
    pulling.signed_cone_volumes(polytope, apex, &cones)
}

/// The facets of a polytope lying in the stand-in cube's sides (none unless it is truncated).
fn cube_sides(polytope: &Polytope<Source>) -> IndexSet {
    let mut sides = IndexSet::new(polytope.facets().len());
    for (f, facet) in polytope.facets().iter().enumerate() {
        if Source::in_cube_side(&facet.sources) {
            sides.insert(f);
        }
    }
    sides
}

/// Sorts the polytope's vertices lexicographically and returns the sides of the stand-in cube
/// each lies on ([`Truncation::sides`]; none without `truncation`), in the new order. Over R^d
/// the sides are found first (a vertex on a facet of `in_sides`, the facets in the sides, is on
/// its side) and order the coordinates lying on them ([`Truncation::lex_order`]).
fn sort_vertices_lex(
    polytope: &mut Polytope<Source>,
    truncation: Option<&Truncation>,
    in_sides: &IndexSet,
) -> Vec<Vec<usize>> {
    let Some(truncation) = truncation else {
        polytope.sort_vertices_lex();
        return vec![Vec::new(); polytope.vertices().len()];
    };
    let vertices = polytope.vertices();
    let mut sides: Vec<Vec<usize>> = vertices
        .iter()
        .map(|v| {
            // A vertex on a facet in a side is on that side.
            let known = if v.facets.intersection_len(in_sides) == 0 {
                Vec::new()
            } else {
                v.facets
                    .intersection(in_sides)
                    .iter()
                    .filter_map(|f| Source::cube_side(&polytope.facets()[f].sources))
                    .collect()
            };
            truncation.sides(&v.point, known)
        })
        .collect();
    if sides.iter().all(Vec::is_empty) {
        // A bounded region: its few vertices are sorted by comparing them.
        polytope.sort_vertices_lex();
        return sides;
    }
    let points: Vec<&HomPoint> = vertices.iter().map(|v| &v.point).collect();
    let order = Truncation::lex_order(&points, &sides);
    polytope.reorder_vertices(&order);
    order
        .iter()
        .map(|&v| std::mem::take(&mut sides[v]))
        .collect()
}

impl Region {
    /// The region `bare`, completed: vertices sorted lexicographically (the interior point is
    /// left for [`Region::interior_point`] to compute on first use). Unless
    /// `detail` is `Detail::NoLattice`: the f-vector and faces from the face lattice, and for a
    /// bounded region the size of its triangulation and (with `Detail::Everything`) its
    /// volume. With `truncation` (the domain is R^d; never with `Detail::NoLattice`) an
    /// unbounded region gets its recession instead, and faces lying in the cube's sides are left
    /// out of its f-vector.
    pub fn new(bare: BareRegion, truncation: Option<&Truncation>, detail: Detail) -> Region {
        let mut polytope = bare.polytope;
        let in_sides = cube_sides(&polytope);
        let sides = sort_vertices_lex(&mut polytope, truncation, &in_sides);
        // The faces lying in the cube's sides are not the region's, and never used.
        let lattice =
            (detail != Detail::NoLattice).then(|| FaceLattice::outside(&polytope, &in_sides));
        let vertices: Vec<usize> = (0..polytope.vertices().len())
            .filter(|&v| sides[v].is_empty())
            .collect();
        let facets: Vec<usize> = (0..polytope.facets().len())
            .filter(|&f| !in_sides.contains(f))
            .collect();
        let bounded = vertices.len() == polytope.vertices().len();
        let mut region = Region {
            pattern: bare.pattern,
            polytope,
            interior_point: OnceLock::new(),
            f_vector: None,
            simplex_count: None,
            volume: None,
            volume_share: None,
            recession: None,
            output_map: bare.output_map,
            faces: Vec::new(),
            vertices,
            facets,
        };
        if let Some(lattice) = &lattice {
            region.add_lattice_parts(lattice, truncation, &sides, bounded, detail);
        }
        region
    }

    /// The parts of the region read off its face lattice `lattice`; the pulling triangulation
    /// on it only where a volume, a share of the volumes' sum or a simplex count is wanted.
    fn add_lattice_parts(
        &mut self,
        lattice: &FaceLattice,
        truncation: Option<&Truncation>,
        sides: &[Vec<usize>],
        bounded: bool,
        detail: Detail,
    ) {
        let polytope = &self.polytope;
        let pulling = OnceCell::new();
        let pulling = || pulling.get_or_init(|| Pulling::in_vertex_order(lattice));
        let real = match truncation {
            Some(_) => Truncation::real_faces(lattice, sides),
            None => vec![true; lattice.faces().len()],
        };
        let mut f_vector = vec![0; polytope.dim()];
        let facet_count = polytope.facets().len();
        self.faces = lattice
            .faces()
            .iter()
            .enumerate()
            .skip(1)
            .filter(|&(index, _)| real[index])
            .map(|(index, face)| {
                f_vector[face.dim] += 1;
                RegionFace {
                    dim: face.dim,
                    vertices: face.vertices.to_vec(),
                    facet: (index <= facet_count).then(|| index - 1),
                    real_facets: face.covers.iter().filter(|&&c| real[c]).count(),
                }
            })
            .collect();
        self.f_vector = Some(f_vector);
        if let Detail::VolumeShare { cone_apex } = detail {
            self.volume_share = Some(volume_share(
                pulling(),
                polytope,
                cone_apex,
                truncation.is_some(),
                sides,
            ));
        }
        match truncation {
            Some(t) if !bounded => self.recession = Some(t.recession(polytope, lattice, &real)),
            _ => {
                self.simplex_count = Some(pulling().simplex_count());
                self.volume = (detail == Detail::Everything).then(|| pulling().volume(polytope));
            }
        }
    }

    /// An exact point of the region's interior: the barycenter of the first simplex of the
    /// (truncated) polytope's pulling triangulation, a full-dimensional simplex inside the
    /// region. Computed from `polytope` on first use (a run showing only its summary never needs
    /// it) and kept.
    pub fn interior_point(&self) -> &HomPoint {
        self.interior_point.get_or_init(|| {
            let first: Vec<&HomPoint> = first_pulling_simplex(&self.polytope)
                .iter()
                .map(|&v| &self.polytope.vertices()[v].point)
                .collect();
            HomPoint::centroid(&first)
        })
    }

    /// Indices (into `polytope.vertices()`) of the region's own vertices: all of them, except
    /// over R^d the points where the cube cut the region off.
    pub fn vertex_indices(&self) -> &[usize] {
        &self.vertices
    }

    /// Indices (into `polytope.facets()`) of the region's own facets: all of them, except over
    /// R^d the cube's sides.
    pub fn facet_indices(&self) -> &[usize] {
        &self.facets
    }

    /// For a bounded region, its pulling triangulation in lexicographic vertex order, each simplex
    /// as `d + 1` indices into the polytope's vertices, listed on demand (a region of
    /// [-1, 1]^d can have d! of them).
    pub fn simplices(&self) -> Option<Vec<Vec<usize>>> {
        self.is_bounded().then(|| {
            let lattice = FaceLattice::of(&self.polytope);
            Pulling::in_vertex_order(&lattice).simplices()
        })
    }

    /// For an unbounded region, the directions of its unbounded edges modulo its lineality
    /// space (its extreme rays; the lineality space is [`Recession::lineality`]), as coprime
    /// integer vectors, sorted and without repeats; `None` for a bounded region. Computed on
    /// first use and kept.
    pub fn rays(&self) -> Option<&[Vec<Integer>]> {
        self.recession.as_ref().map(|r| r.rays(&self.polytope))
    }

    /// Whether the region is bounded (always, on a polytope domain).
    pub fn is_bounded(&self) -> bool {
        self.recession.is_none()
    }

    /// The pattern as one bit string per hidden layer, character i = neuron i, `'1'` active.
    pub fn pattern_strings(&self) -> Vec<String> {
        self.pattern.to_strings()
    }
}
