//! The cells of an enumerated complex with the constraints vanishing on each, decided exactly
//! from the network's own affine forms (not from the enumerator's facet labels): the ground on
//! which genericity is decided and the bent hyperplanes' Euler characteristics are computed.

use super::Case;
use crate::exact::{AffineForm, HomPoint};
use crate::network::FormsOnRegions;
use crate::regions::Source;
use std::collections::HashMap;

/// One proper cell (dimension below d) of the region complex.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Its dimension.
    pub dim: usize,
    /// Its (over R^d: truncated) vertices, as indices into [`CellStructure::points`],
    /// increasing.
    pub vertices: Box<[u32]>,
    /// Every constraint vanishing on it, sorted: domain sides (`Source::Domain`) and neurons
    /// (`Source::Neuron`) whose pre-activation is zero on the whole cell.
    pub constraints: Vec<Source>,
    /// Whether the cell is bounded (none of its vertices lies on the cube standing in for R^d).
    pub bounded: bool,
    /// For each region having the cell as a face, its bits on the cell's neuron constraints
    /// (bit j = the pattern's bit of the j-th neuron constraint).
    pub sides: Vec<u32>,
}

impl Cell {
    /// The neurons vanishing on the cell, in order.
    pub fn neurons(&self) -> impl Iterator<Item = &Source> {
        self.constraints
            .iter()
            .filter(|s| matches!(s, Source::Neuron { .. }))
    }

    /// Whether the cell is where its constraints cross transversally: exactly `d - dim` of them
    /// vanish on it, and it is a face of exactly `2^m` regions (m the neuron constraints) whose
    /// bits on those neurons are pairwise distinct, so every sign combination occurs once, as
    /// for `d - dim` hyperplanes in general position. `Err` says what fails.
    pub fn transversal(&self, d: usize) -> Result<(), String> {
        if self.constraints.len() != d - self.dim {
            return Err(format!(
                "{} constraints vanish on a {}-cell (generic: exactly {})",
                self.constraints.len(),
                self.dim,
                d - self.dim
            ));
        }
        let m = self.neurons().count();
        let mut sides = self.sides.clone();
        sides.sort_unstable();
        sides.dedup();
        if self.sides.len() != 1 << m || sides.len() != self.sides.len() {
            return Err(format!(
                "a {}-cell on {m} bent hyperplanes is a face of {} regions with {} sign combinations on them (transversal: {} and {})",
                self.dim,
                self.sides.len(),
                sides.len(),
                1 << m,
                1 << m
            ));
        }
        Ok(())
    }
}

/// Every proper cell of an enumerated complex with its vanishing constraints and the regions
/// around it.
#[derive(Debug, Clone)]
pub struct CellStructure {
    /// Every vertex of the (over R^d: truncated) regions, in the order first met.
    pub points: Vec<HomPoint>,
    /// The distinct proper cells, in the order first met (regions in order, faces in lattice
    /// order).
    pub cells: Vec<Cell>,
    /// The first (region, layer, neuron) whose pre-activation is identically zero on a region.
    pub identically_zero: Option<(usize, usize, usize)>,
}

impl CellStructure {
    /// Computes the structure of `case`. The value of a neuron's pre-activation at a vertex
    /// does not depend on the region it is computed from (it is continuous), so each vertex's
    /// vanishing constraints are computed once, from the first region containing it; a cell's
    /// are those vanishing at all its vertices.
    pub fn of(case: &Case) -> CellStructure {
        let d = case.dim();
        let domain_forms = case.domain_sides();
        let mut vertex_ids: HashMap<&HomPoint, u32> = HashMap::new();
        let mut vanishing: Vec<Vec<Source>> = Vec::new();
        let mut points: Vec<HomPoint> = Vec::new();
        let mut index_of_cell: HashMap<Box<[u32]>, usize> = HashMap::new();
        let mut cells: Vec<Cell> = Vec::new();
        let mut identically_zero = None;
        let mut forms_on_regions = FormsOnRegions::new(case.network);
        let mut neuron_forms: Vec<(Source, AffineForm)> = Vec::new();
        for (r, region) in case.regions.iter().enumerate() {
            let changed = forms_on_regions.update(&region.pattern);
            let forms = forms_on_regions.forms();
            if identically_zero.is_none() {
                identically_zero = forms.iter().enumerate().find_map(|(l, layer)| {
                    layer
                        .iter()
                        .position(|form| form.iter().all(|c| *c == 0u32))
                        .map(|i| (r, l, i))
                });
            }
            // Only the blocks whose forms changed are converted again.
            let unchanged: usize = forms[..changed].iter().map(Vec::len).sum();
            neuron_forms.truncate(unchanged);
            for (layer, neurons) in forms.iter().enumerate().skip(changed) {
                for (index, form) in neurons.iter().enumerate() {
                    neuron_forms.push((
                        Source::Neuron { layer, index },
                        AffineForm::from_rationals(form),
                    ));
                }
            }
            let polytope = &region.polytope;
            let mut real = vec![false; polytope.vertices().len()];
            for &v in region.vertex_indices() {
                real[v] = true;
            }
            let ids: Vec<u32> = polytope
                .vertices()
                .iter()
                .map(|vertex| {
                    *vertex_ids.entry(&vertex.point).or_insert_with(|| {
                        let mut zero: Vec<Source> = domain_forms
                            .iter()
                            .copied()
                            .chain(neuron_forms.iter().map(|(s, f)| (*s, f)))
                            .filter(|(_, form)| form.side(&vertex.point).is_eq())
                            .map(|(source, _)| source)
                            .collect();
                        zero.sort_unstable();
                        vanishing.push(zero);
                        points.push(vertex.point.clone());
                        u32::try_from(vanishing.len() - 1).expect("fewer than 2^32 vertices")
                    })
                })
                .collect();
            for face in region.faces.iter().filter(|f| f.dim < d) {
                let mut key: Box<[u32]> = face.vertices.iter().map(|&v| ids[v]).collect();
                key.sort_unstable();
                let c = *index_of_cell.entry(key.clone()).or_insert_with(|| {
                    cells.push(Cell {
                        dim: face.dim,
                        constraints: common(key.iter().map(|&v| &vanishing[v as usize])),
                        bounded: face.vertices.iter().all(|&v| real[v]),
                        vertices: key,
                        sides: Vec::new(),
                    });
                    cells.len() - 1
                });
                // More than 32 neurons on one cell fail the count of `transversal` anyway.
                let side =
                    cells[c]
                        .neurons()
                        .take(32)
                        .enumerate()
                        .fold(0u32, |bits, (j, source)| match source {
                            Source::Neuron { layer, index }
                                if region.pattern.bit(*layer, *index) =>
                            {
                                bits | (1 << j)
                            }
                            _ => bits,
                        });
                cells[c].sides.push(side);
            }
        }
        CellStructure {
            points,
            cells,
            identically_zero,
        }
    }
}

/// The sources common to every list (each sorted).
fn common<'a>(mut lists: impl Iterator<Item = &'a Vec<Source>>) -> Vec<Source> {
    let Some(first) = lists.next() else {
        return Vec::new();
    };
    let mut shared = first.clone();
    for list in lists {
        shared.retain(|s| list.binary_search(s).is_ok());
    }
    shared
}
