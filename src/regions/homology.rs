//! Betti numbers over GF(2) of a polyhedral complex, from the ranks of its boundary matrices.
//!
//! A polyhedral complex is a regular CW complex, whose cellular chain complex over GF(2) has the
//! boundary of a k-cell equal to the sum of its (k-1)-faces: every incidence number is +-1, and
//! mod 2 the signs vanish (`d∂ = 0` because every (k-2)-face of a k-polytope lies in exactly two
//! of its facets, the diamond property). So `b_k = n_k - rank ∂_k - rank ∂_{k+1}` with ranks
//! over GF(2), computed exactly by column reduction (`proofs/decision-homology.md`).

use std::collections::HashMap;

/// A finite polyhedral complex given by its cells: for each cell its dimension and the indices
/// of its facets (its faces of one dimension less, which must be cells of the complex too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellComplex {
    /// `(dimension, facets)` of each cell; a vertex has no facets.
    pub cells: Vec<(usize, Vec<usize>)>,
}

impl CellComplex {
    /// The number of cells of each dimension `0..=top` (`top` the largest dimension present).
    pub fn f_vector(&self) -> Vec<usize> {
        let top = self.cells.iter().map(|c| c.0).max();
        let mut f = vec![0; top.map_or(0, |t| t + 1)];
        for (dim, _) in &self.cells {
            f[*dim] += 1;
        }
        f
    }

    /// The Betti numbers `b_0, ..., b_top` over GF(2) (empty for the empty complex).
    ///
    /// Panics if a cell's facet has the wrong dimension (a caller's bug, not an input error).
    pub fn betti_numbers_gf2(&self) -> Vec<usize> {
        let f = self.f_vector();
        // Each cell's position among the cells of its dimension: the row index in ∂.
        let mut position = vec![0u32; self.cells.len()];
        let mut seen = vec![0u32; f.len()];
        for (i, (dim, _)) in self.cells.iter().enumerate() {
            position[i] = seen[*dim];
            seen[*dim] += 1;
        }
        // ranks[k] = rank of ∂_k : C_k -> C_{k-1} (ranks[0] = 0).
        let mut columns: Vec<Vec<Vec<u32>>> = vec![Vec::new(); f.len()];
        for (dim, facets) in &self.cells {
            let column = facets
                .iter()
                .map(|&g| {
                    assert_eq!(self.cells[g].0 + 1, *dim, "a facet has one dimension less");
                    position[g]
                })
                .collect();
            columns[*dim].push(column);
        }
        let ranks: Vec<usize> = columns
            .into_iter()
            .enumerate()
            .map(|(k, c)| if k == 0 { 0 } else { rank_gf2(c) })
            .collect();
        (0..f.len())
            .map(|k| f[k] - ranks[k] - ranks.get(k + 1).copied().unwrap_or(0))
            .collect()
    }
}

/// The rank over GF(2) of the matrix with these columns (each the row indices of its ones, a
/// row index listed twice cancelling), by reducing every column against the earlier columns'
/// lowest ones until its lowest one is new or it vanishes.
pub fn rank_gf2(columns: Vec<Vec<u32>>) -> usize {
    let mut by_lowest: HashMap<u32, Vec<u32>> = HashMap::new();
    for column in columns {
        let mut column = mod2(column);
        while let Some(&lowest) = column.last() {
            match by_lowest.get(&lowest) {
                Some(reducer) => column = symmetric_difference(&column, reducer),
                None => {
                    by_lowest.insert(lowest, column);
                    break;
                }
            }
        }
    }
    by_lowest.len()
}

/// The sorted set of indices occurring an odd number of times.
fn mod2(mut column: Vec<u32>) -> Vec<u32> {
    column.sort_unstable();
    let mut out: Vec<u32> = Vec::with_capacity(column.len());
    for x in column {
        if out.last() == Some(&x) {
            out.pop();
        } else {
            out.push(x);
        }
    }
    out
}

/// The symmetric difference of two sorted sets.
fn symmetric_difference(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => unreachable!("the loop runs while one side is left"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The boundary of a square (four vertices, four edges): a circle, b = (1, 1); filled in,
    /// a disc, b = (1, 0, 0).
    #[test]
    fn a_circle_and_a_disc() {
        let mut square = CellComplex {
            cells: (0..4).map(|_| (0, vec![])).collect(),
        };
        for i in 0..4 {
            square.cells.push((1, vec![i, (i + 1) % 4]));
        }
        assert_eq!(square.betti_numbers_gf2(), vec![1, 1]);
        square.cells.push((2, vec![4, 5, 6, 7]));
        assert_eq!(square.betti_numbers_gf2(), vec![1, 0, 0]);
        assert_eq!(square.f_vector(), vec![4, 4, 1]);
    }

    /// The boundary of a tetrahedron is a sphere: b = (1, 0, 1); two disjoint points: b_0 = 2.
    #[test]
    fn a_sphere_and_two_points() {
        let mut cells: Vec<(usize, Vec<usize>)> = (0..4).map(|_| (0, vec![])).collect();
        let edges = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
        for (a, b) in edges {
            cells.push((1, vec![a, b]));
        }
        let edge = |a, b| 4 + edges.iter().position(|&e| e == (a, b)).unwrap();
        for [a, b, c] in [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]] {
            cells.push((2, vec![edge(a, b), edge(a, c), edge(b, c)]));
        }
        assert_eq!(CellComplex { cells }.betti_numbers_gf2(), vec![1, 0, 1]);
        let points = CellComplex {
            cells: vec![(0, vec![]), (0, vec![])],
        };
        assert_eq!(points.betti_numbers_gf2(), vec![2]);
        assert!(CellComplex::default().betti_numbers_gf2().is_empty());
    }

    #[test]
    fn ranks_over_gf2_cancel_pairs() {
        // Over Q the columns (1,1,0), (0,1,1), (1,0,1) have rank 3; over GF(2) rank 2.
        assert_eq!(rank_gf2(vec![vec![0, 1], vec![1, 2], vec![0, 2]]), 2);
        assert_eq!(rank_gf2(vec![vec![3, 3], vec![]]), 0);
    }
}
