//! Derived here: over R^d the Euler characteristics with compact supports of the bent
//! hyperplanes and of their intersections determine the f-vector of a generic complex; in
//! particular `2d f_d - 2 f_{d-1} = 2 (-1)^d sum_{j<d} (d - j) (-1)^j S_j`, which says when the
//! mean number of facets exceeds 2d.

use super::arrangement::binomial as arrangement_binomial;
use super::hypotheses::generic;
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};
use crate::regions::Source;
use std::collections::HashMap;

/// One neuron's bent hyperplane (its zero set) as a union of cells of the complex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BentHyperplane {
    /// The hidden layer, 0-based.
    pub layer: usize,
    /// The neuron within the layer, 0-based.
    pub index: usize,
    /// Its Euler characteristic with compact supports: the sum over its open cells of
    /// `(-1)^dim`.
    pub chi_c: i64,
    /// Whether every cell of it is bounded (a compact set; in R^3 then a closed surface).
    pub bounded: bool,
    /// Its connected components (cells joined through shared vertices).
    pub components: usize,
    /// The number of cells it is made of (0 when the neuron's zero set misses the domain).
    pub cells: usize,
}

impl BentHyperplane {
    /// For a compact bent hyperplane in R^3 (a closed orientable surface, components
    /// included), its total genus `(2c - chi) / 2`; `None` otherwise.
    pub fn genus(&self, dim: usize) -> Option<i64> {
        (dim == 3 && self.bounded && self.cells > 0)
            .then(|| (2 * self.components as i64 - self.chi_c) / 2)
    }
}

/// The bent hyperplanes of a case and the sums `S_j` of the Euler characteristics (compact
/// supports) of their j-fold intersections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BentHyperplanes {
    /// One per hidden neuron, in network order.
    pub hyperplanes: Vec<BentHyperplane>,
    /// `S_j` for j = 0..=d: the sum over the j-subsets of bent hyperplanes of the compact-support
    /// Euler characteristic of their intersection; `S_0` is the complex's, `sum_k (-1)^k f_k`.
    pub sums: Vec<i64>,
}

impl BentHyperplanes {
    /// The f-vector `(f_0, ..., f_d)` that the identity predicts from `S_1..S_d` and the Euler
    /// characteristic `(-1)^d` of R^d: `(-1)^k f_k = sum_j (-1)^(j-d+k) C(j, d-k) S_j`.
    pub fn predicted_f_vector(&self, d: usize) -> Vec<i64> {
        let sums = self.sums_with_space(d);
        (0..=d)
            .map(|k| {
                let m = d - k;
                let total: i64 = (m..=d)
                    .map(|j| sign(j - m) * binomial(j, m) * sums[j])
                    .sum();
                sign(k) * total
            })
            .collect()
    }

    /// `2 (-1)^d sum_{j<d} (d - j) (-1)^j S_j`, which equals `2d f_d - 2 f_{d-1}`.
    pub fn predicted_excess(&self, d: usize) -> i64 {
        let sums = self.sums_with_space(d);
        2 * sign(d)
            * (0..d)
                .map(|j| (d - j) as i64 * sign(j) * sums[j])
                .sum::<i64>()
    }

    /// The sums with `S_0` replaced by the Euler characteristic `(-1)^d` of R^d.
    fn sums_with_space(&self, d: usize) -> Vec<i64> {
        let mut sums = self.sums.clone();
        sums[0] = sign(d);
        sums
    }
}

fn sign(k: usize) -> i64 {
    if k.is_multiple_of(2) {
        1
    } else {
        -1
    }
}

/// C(n, k) as a signed count.
fn binomial(n: usize, k: usize) -> i64 {
    arrangement_binomial(n as u64, k as u64) as i64
}

/// The bent hyperplanes of `case` and the sums `S_j`, from the cells of the complex and the
/// neurons vanishing on each (decided exactly from the network's forms).
pub fn bent_hyperplanes(case: &Case) -> BentHyperplanes {
    let d = case.dim();
    let structure = case.cells();
    let mut index_of: HashMap<Source, usize> = HashMap::new();
    let mut hyperplanes = Vec::new();
    for (layer, width) in case.network.widths().into_iter().enumerate() {
        for index in 0..width {
            index_of.insert(Source::Neuron { layer, index }, hyperplanes.len());
            hyperplanes.push(BentHyperplane {
                layer,
                index,
                chi_c: 0,
                bounded: true,
                components: 0,
                cells: 0,
            });
        }
    }
    let mut sums = vec![0i64; d + 1];
    sums[0] = sign(d) * case.complex.f_vector[d] as i64;
    let mut cells_of: Vec<Vec<usize>> = vec![Vec::new(); hyperplanes.len()];
    for (c, cell) in structure.cells.iter().enumerate() {
        let neurons: Vec<usize> = cell.neurons().map(|s| index_of[s]).collect();
        for (j, sum) in sums.iter_mut().enumerate() {
            if j <= neurons.len() {
                *sum += sign(cell.dim) * binomial(neurons.len(), j);
            }
        }
        for &h in &neurons {
            let hyperplane = &mut hyperplanes[h];
            hyperplane.chi_c += sign(cell.dim);
            hyperplane.bounded &= cell.bounded;
            hyperplane.cells += 1;
            cells_of[h].push(c);
        }
    }
    for (hyperplane, cells) in hyperplanes.iter_mut().zip(&cells_of) {
        hyperplane.components = components(cells.iter().map(|&c| &structure.cells[c].vertices));
    }
    BentHyperplanes { hyperplanes, sums }
}

/// The number of classes of the vertex lists joined through shared vertices.
fn components<'a>(cells: impl Iterator<Item = &'a Box<[u32]>>) -> usize {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    fn root(parent: &mut HashMap<u32, u32>, v: u32) -> u32 {
        let mut r = v;
        while let Some(&p) = parent.get(&r).filter(|&&p| p != r) {
            r = p;
        }
        parent.insert(v, r);
        r
    }
    for vertices in cells {
        let first = root(&mut parent, vertices[0]);
        for &v in &vertices[1..] {
            let other = root(&mut parent, v);
            if other != first {
                parent.insert(other, first);
            }
        }
    }
    let keys: Vec<u32> = parent.keys().copied().collect();
    let mut roots: Vec<u32> = keys.into_iter().map(|v| root(&mut parent, v)).collect();
    roots.sort_unstable();
    roots.dedup();
    roots.len()
}

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the identity uses the Euler characteristic (-1)^d of the whole space",
        );
    }
    if let Err(reason) = generic(case) {
        return Verdict::not_applicable(reason);
    }
    let d = case.dim();
    let bent = bent_hyperplanes(case);
    let f = &case.complex.f_vector;
    let excess = 2 * d as i64 * f[d] as i64 - 2 * f[d - 1] as i64;
    let measured: Vec<i64> = f.iter().map(|&x| x as i64).collect();
    let predicted = bent.predicted_f_vector(d);
    let expected_excess = bent.predicted_excess(d);
    let sums: Vec<String> = (1..=d)
        .map(|j| format!("S_{j} = {}", bent.sums[j]))
        .collect();
    Verdict::compare(
        excess == expected_excess && measured == predicted,
        format!("2d f_d - 2 f_(d-1) = {excess}; f-vector {measured:?}"),
        format!(
            "2 (-1)^d sum_(j<d) (d-j) (-1)^j S_j = {expected_excess}; f-vector {predicted:?} from {}",
            sums.join(", ")
        ),
        "the complex's counts differ from those its bent hyperplanes' Euler characteristics force"
            .into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "euler-bent-hyperplanes",
    kind: KindRule::Always(Kind::Theorem),
    statement: "over R^d, for a generic complex, with S_j the sum of the compact-support Euler characteristics of the j-fold intersections of bent hyperplanes: (-1)^k f_k = sum_j (-1)^(j-d+k) C(j, d-k) S_j (S_0 = (-1)^d); in particular 2d f_d - 2 f_(d-1) = 2 (-1)^d sum_(j<d) (d-j) (-1)^j S_j (d = 2: 4 f_2 - 2 f_1 = 4 - 2 S_1; d = 3: 6 f_3 - 2 f_2 = 6 + 4 S_1 - 2 S_2)",
    source: "derived here (theory.md item 2, identities behind the refutation)",
    proof: "proofs/euler-bent-hyperplanes.md",
    scope: Scope::PerNetwork,
    evaluate,
};
