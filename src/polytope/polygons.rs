//! The facets of a 3-dimensional polytope as polygons: vertices in cyclic order, oriented.

use super::Polytope;
use crate::exact::determinant;

impl<S> Polytope<S> {
    /// For a 3-dimensional polytope, each facet's vertices (indices into
    /// [`Polytope::vertices`]) in cyclic order around the facet, starting from its vertex of
    /// lowest index (the lexicographically lowest once the vertices are sorted, as a region's
    /// are) and running counterclockwise seen from outside the polytope (the right-hand normal
    /// of the cycle points out). `None` in any other dimension.
    ///
    /// The cycle is found by walking the facet's edges, the intersections with other facets
    /// that hold two vertices (in 3D two facets meet in an edge, a vertex or nothing); the
    /// orientation is the sign of an exact integer determinant. Nothing is rounded.
    pub fn facet_polygons(&self) -> Option<Vec<Vec<usize>>> {
        if self.dim() != 3 {
            return None;
        }
        let sets = self.facet_vertex_sets();
        Some(
            (0..sets.len())
                .map(|f| {
                    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); self.vertices().len()];
                    for (g, other) in sets.iter().enumerate() {
                        let edge = sets[f].intersection(other);
                        if g != f && edge.len() == 2 {
                            let ends: Vec<usize> = edge.iter().collect();
                            neighbours[ends[0]].push(ends[1]);
                            neighbours[ends[1]].push(ends[0]);
                        }
                    }
                    let cycle = walk(sets[f].iter().next(), sets[f].len(), &neighbours);
                    self.counterclockwise_from_outside(f, cycle)
                })
                .collect(),
        )
    }

    /// `cycle` (around facet `f`, at least three vertices, none three on a line) as it is or
    /// reversed after its first vertex, so that it runs counterclockwise seen from outside.
    fn counterclockwise_from_outside(&self, f: usize, mut cycle: Vec<usize>) -> Vec<usize> {
        let point = |i: usize| &self.vertices()[cycle[i]].point;
        // (p1 - p0) x (p2 - p0) . c < 0, c the inward normal of `c_0 + c . x >= 0`: the
        // cycle's right-hand normal points out. The differences are positive multiples.
        let inward = self.facets()[f].inequality.coeffs()[1..].to_vec();
        let rows = [
            point(1).scaled_difference(point(0)),
            point(2).scaled_difference(point(0)),
            inward,
        ];
        if determinant(&rows) > 0u32 {
            cycle[1..].reverse();
        }
        cycle
    }
}

/// The cycle through `count` vertices from `start`, each vertex having two `neighbours`.
fn walk(start: Option<usize>, count: usize, neighbours: &[Vec<usize>]) -> Vec<usize> {
    let mut cycle: Vec<usize> = start.into_iter().collect();
    let mut previous = usize::MAX;
    while cycle.len() < count {
        let current = cycle[cycle.len() - 1];
        let Some(&next) = neighbours[current].iter().find(|&&n| n != previous) else {
            break;
        };
        previous = current;
        cycle.push(next);
    }
    cycle
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{HomPoint, Rational};

    fn point(x: [i64; 3]) -> HomPoint {
        HomPoint::from_rationals(&x.map(Rational::from))
    }

    /// Every facet's cycle holds its vertices once, steps along edges (two facets in common)
    /// and turns counterclockwise seen from outside: its normal points away from the centroid.
    fn check(polytope: &Polytope<usize>) {
        let cycles = polytope.facet_polygons().unwrap();
        let sets = polytope.facet_vertex_sets();
        let coordinates: Vec<[f64; 3]> = polytope
            .vertices()
            .iter()
            .map(|v| {
                let c = v.point.to_rationals();
                [0, 1, 2].map(|i| crate::exact::rational_to_f64(&c[i]).unwrap())
            })
            .collect();
        let n = coordinates.len() as f64;
        let centre = [0, 1, 2].map(|i| coordinates.iter().map(|c| c[i]).sum::<f64>() / n);
        for (f, cycle) in cycles.iter().enumerate() {
            let mut sorted = cycle.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, sets[f].iter().collect::<Vec<_>>());
            assert_eq!(cycle[0], sorted[0], "starts from the lowest vertex");
            for (i, &v) in cycle.iter().enumerate() {
                let w = cycle[(i + 1) % cycle.len()];
                let shared = polytope.vertices()[v]
                    .facets
                    .intersection_len(&polytope.vertices()[w].facets);
                assert!(shared >= 2, "{v} and {w} span an edge");
            }
            let [a, b, c] = [0, 1, 2].map(|i| coordinates[cycle[i]]);
            let (u, v) = (
                [0, 1, 2].map(|i| b[i] - a[i]),
                [0, 1, 2].map(|i| c[i] - a[i]),
            );
            let normal = [
                u[1] * v[2] - u[2] * v[1],
                u[2] * v[0] - u[0] * v[2],
                u[0] * v[1] - u[1] * v[0],
            ];
            let outward: f64 = (0..3).map(|i| normal[i] * (a[i] - centre[i])).sum();
            assert!(outward > 0.0, "facet {f}: {cycle:?}");
        }
    }

    #[test]
    fn the_facets_of_a_cube_and_a_hull_are_walked_counterclockwise_from_outside() {
        let cube: Polytope<usize> =
            Polytope::cube(3, &Rational::from(-1), &Rational::from(2), |k| k);
        check(&cube);
        assert!(cube.facet_polygons().unwrap().iter().all(|c| c.len() == 4));
        let points: Vec<HomPoint> = [
            [0, 0, 0],
            [5, 1, 0],
            [1, 4, 1],
            [0, 1, 6],
            [3, 3, 3],
            [-2, 2, 1],
            [2, -3, 2],
        ]
        .map(point)
        .to_vec();
        check(&Polytope::convex_hull(3, &points).unwrap());
        let square: Polytope<usize> =
            Polytope::cube(2, &Rational::from(0), &Rational::from(1), |k| k);
        assert!(square.facet_polygons().is_none());
    }
}
