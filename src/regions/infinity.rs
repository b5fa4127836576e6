//! The whole space R^d seen through the cube that stands in for it: which points and faces lie
//! at infinity, and how an unbounded region recedes.

use super::region::Source;
use crate::exact::{nullspace, AffineForm, HomPoint, Integer};
use crate::polytope::{FaceLattice, Polytope};

/// The cube `[-h, h]^d` standing in for R^d.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    half_width: Integer,
}

/// How an unbounded region goes to infinity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recession {
    /// The directions of the region's unbounded edges (its extreme rays), as coprime integer
    /// vectors, sorted and without repeats.
    pub rays: Vec<Vec<Integer>>,
    /// A basis of the region's lineality space (the directions of the lines it contains), as
    /// coprime integer vectors; empty when the region contains no line.
    pub lineality: Vec<Vec<Integer>>,
}

impl Truncation {
    /// The truncation by the cube of half-width `half_width`.
    pub fn new(half_width: Integer) -> Truncation {
        Truncation { half_width }
    }

    /// Whether `point` lies on the cube's boundary: no point of a region of R^d does, so such a
    /// point is where the region was cut off.
    pub fn at_infinity(&self, point: &HomPoint) -> bool {
        let h = point.homogeneous();
        let edge = &h[0] * &self.half_width;
        h[1..].iter().any(|x| *x == edge || *x == -&edge)
    }

    /// Whether all the `points` lie on one common side of the cube: a face made only of such
    /// points is a face of the cube, not of the region.
    pub fn face_at_infinity(&self, points: &[&HomPoint]) -> bool {
        let Some(first) = points.first() else {
            return false;
        };
        let dim = first.dim();
        (1..=dim).any(|i| {
            [1i32, -1].iter().any(|&sign| {
                points.iter().all(|p| {
                    let h = p.homogeneous();
                    h[i] == &h[0] * &self.half_width * Integer::from(sign)
                })
            })
        })
    }

    /// Which faces of the truncated `polytope` (by index into `lattice`) are faces of the region
    /// of R^d it stands for: those not lying in a side of the cube.
    pub fn real_faces<S>(&self, polytope: &Polytope<S>, lattice: &FaceLattice) -> Vec<bool> {
        lattice
            .faces()
            .iter()
            .map(|face| {
                let points: Vec<&HomPoint> = face
                    .vertices
                    .iter()
                    .map(|v| &polytope.vertices()[v].point)
                    .collect();
                !self.face_at_infinity(&points)
            })
            .collect()
    }

    /// The recession of the region that the truncated `polytope` stands for: rays from its edges
    /// with exactly one end at infinity, lineality from the null space of its real facets'
    /// normals.
    pub fn recession(
        &self,
        polytope: &Polytope<Source>,
        lattice: &FaceLattice,
        real: &[bool],
    ) -> Recession {
        let vertices = polytope.vertices();
        let mut rays: Vec<Vec<Integer>> = Vec::new();
        for (face, _) in lattice
            .faces()
            .iter()
            .zip(real)
            .filter(|(f, &r)| r && f.dim == 1)
        {
            let ends: Vec<&HomPoint> = face.vertices.iter().map(|v| &vertices[v].point).collect();
            let (inner, outer) = match (self.at_infinity(ends[0]), self.at_infinity(ends[1])) {
                (false, true) => (ends[0], ends[1]),
                (true, false) => (ends[1], ends[0]),
                _ => continue,
            };
            let (a, b) = (inner.homogeneous(), outer.homogeneous());
            let mut direction = vec![Integer::from(0u32)];
            direction.extend((1..a.len()).map(|i| &b[i] * &a[0] - &a[i] * &b[0]));
            let ray = AffineForm::new(direction).primitive().coeffs()[1..].to_vec();
            if !rays.contains(&ray) {
                rays.push(ray);
            }
        }
        rays.sort();
        let normals: Vec<Vec<Integer>> = polytope
            .facets()
            .iter()
            .filter(|f| !f.sources.iter().any(|s| matches!(s, Source::Bound(_))))
            .map(|f| f.inequality.coeffs()[1..].to_vec())
            .collect();
        Recession {
            rays,
            lineality: nullspace(&normals, polytope.dim()),
        }
    }
}
