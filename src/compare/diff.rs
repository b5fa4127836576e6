//! The comparison of an engine's output with the exact enumeration.

use super::engine::{EngineOutput, EngineRegion};
use super::vertices::{match_vertices, VertexMatch};
use crate::exact::rational_to_f64;
use crate::regions::{Complex, Region};
use std::collections::{BTreeSet, HashMap};

/// Why an engine region is not an exact region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spurious {
    /// A well-formed pattern that no region has.
    NotARegion,
    /// The pattern of an earlier engine region (its index).
    Duplicate(usize),
    /// A layer string with a character other than `0` and `1`.
    Malformed,
    /// Layers of the wrong number or length (exact widths in [`Comparison::widths`]).
    WrongLength,
}

/// One engine region that is not an exact region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpuriousRegion {
    /// Its index in the engine's list.
    pub index: usize,
    /// Its pattern as the engine wrote it.
    pub pattern: Vec<String>,
    /// Why it is not a region.
    pub reason: Spurious,
}

/// A number per region that differs between the engine and the exact enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionDifference<T> {
    /// The engine region's index in its list.
    pub index: usize,
    /// The exact region's index (as in `relupoly regions --jsonl`).
    pub exact_index: usize,
    /// The engine's value.
    pub engine: T,
    /// The exact value.
    pub exact: T,
}

/// The vertex comparison of one engine region that matched an exact region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionVertices {
    /// The engine region's index in its list.
    pub index: usize,
    /// The exact region's index.
    pub exact_index: usize,
    /// The matching of its vertices.
    pub matching: VertexMatch,
}

/// A total that differs between the engine and the exact enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountDifference {
    /// The total's key, as in the `counts` object (`regions`, `adjacencies`, ...).
    pub key: &'static str,
    /// Where the engine's value comes from: `"counts"` (given) or `"regions"` (derived from the
    /// region list).
    pub from: &'static str,
    /// The engine's value.
    pub engine: Vec<usize>,
    /// The exact value.
    pub exact: Vec<usize>,
}

/// Everything in which an engine's output differs from the exact enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The engine's name.
    pub engine: String,
    /// The tolerance vertices were checked with.
    pub tolerance: f64,
    /// The exact hidden-layer widths (the lengths of the pattern strings).
    pub widths: Vec<usize>,
    /// The exact number of regions.
    pub exact_regions: usize,
    /// The exact number of adjacent pairs.
    pub exact_adjacencies: usize,
    /// Whether the engine listed regions (otherwise only counts were compared).
    pub listed: bool,
    /// Exact regions (index as in `relupoly regions --jsonl`, pattern) that the engine does not
    /// list.
    pub missing: Vec<(usize, Vec<String>)>,
    /// Engine regions that are not regions.
    pub spurious: Vec<SpuriousRegion>,
    /// Vertex comparison of every engine region matching an exact region, when vertices are
    /// given.
    pub vertices: Vec<RegionVertices>,
    /// Engine regions whose facet count differs.
    pub facets: Vec<RegionDifference<usize>>,
    /// Engine regions whose boundedness differs.
    pub bounded: Vec<RegionDifference<bool>>,
    /// Whether the engine gave neighbours.
    pub neighbors_given: bool,
    /// The number of distinct neighbour pairs the engine gave.
    pub engine_adjacencies: usize,
    /// Engine neighbour pairs (patterns, each pair sorted) of regions sharing no facet, or
    /// involving a pattern that is not a region.
    pub spurious_adjacencies: Vec<(Vec<String>, Vec<String>)>,
    /// Exact adjacencies (patterns, smaller index first) between two regions the engine lists,
    /// which the engine does not give as neighbours.
    pub missing_adjacencies: Vec<(Vec<String>, Vec<String>)>,
    /// The engine's mean facet count, when facets are given.
    pub engine_mean_facets: Option<f64>,
    /// The exact mean facet count, rounded to f64.
    pub exact_mean_facets: f64,
    /// Totals that differ.
    pub counts: Vec<CountDifference>,
}

impl Comparison {
    /// Whether the engine agrees with the exact enumeration: no region missing or spurious,
    /// every vertex matched once within the tolerance, equal facet counts, boundedness,
    /// adjacencies and totals.
    pub fn agrees(&self) -> bool {
        self.missing.is_empty()
            && self.spurious.is_empty()
            && self.vertices.iter().all(|v| v.matching.agrees())
            && self.facets.is_empty()
            && self.bounded.is_empty()
            && self.spurious_adjacencies.is_empty()
            && self.missing_adjacencies.is_empty()
            && self.counts.is_empty()
    }
}

/// Compares `engine` with the exact `regions` (as `enumerate` returns them) and their
/// `complex`, checking vertices with `tolerance` (see [`match_vertices`]).
pub fn compare(
    regions: &[Region],
    complex: &Complex,
    engine: &EngineOutput,
    tolerance: f64,
) -> Comparison {
    let widths: Vec<usize> = regions
        .first()
        .map(|r| r.pattern.layers().iter().map(Vec::len).collect())
        .unwrap_or_default();
    let exact_facets: Vec<usize> = regions.iter().map(|r| r.facet_indices().len()).collect();
    let mut comparison = Comparison {
        engine: engine.engine.clone(),
        tolerance,
        widths,
        exact_regions: regions.len(),
        exact_adjacencies: complex.adjacencies.len(),
        listed: engine.regions.is_some(),
        missing: Vec::new(),
        spurious: Vec::new(),
        vertices: Vec::new(),
        facets: Vec::new(),
        bounded: Vec::new(),
        neighbors_given: false,
        engine_adjacencies: 0,
        spurious_adjacencies: Vec::new(),
        missing_adjacencies: Vec::new(),
        engine_mean_facets: None,
        exact_mean_facets: mean(&exact_facets),
        counts: Vec::new(),
    };
    if let Some(list) = &engine.regions {
        compare_regions(regions, complex, list, &exact_facets, &mut comparison);
    }
    compare_counts(regions, complex, engine, &mut comparison);
    comparison
}

fn compare_regions(
    regions: &[Region],
    complex: &Complex,
    list: &[EngineRegion],
    exact_facets: &[usize],
    c: &mut Comparison,
) {
    let exact_index: HashMap<Vec<String>, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.pattern_strings(), i))
        .collect();
    // The exact region of each engine region, for first occurrences of region patterns only.
    let mut matched: Vec<Option<usize>> = vec![None; list.len()];
    let mut first: HashMap<&[String], usize> = HashMap::new();
    for (k, region) in list.iter().enumerate() {
        let reason = if region
            .pattern
            .iter()
            .any(|layer| layer.chars().any(|ch| ch != '0' && ch != '1'))
        {
            Some(Spurious::Malformed)
        } else if region
            .pattern
            .iter()
            .map(String::len)
            .ne(c.widths.iter().copied())
        {
            Some(Spurious::WrongLength)
        } else if let Some(&earlier) = first.get(region.pattern.as_slice()) {
            Some(Spurious::Duplicate(earlier))
        } else {
            first.insert(&region.pattern, k);
            match exact_index.get(&region.pattern) {
                Some(&i) => {
                    matched[k] = Some(i);
                    None
                }
                None => Some(Spurious::NotARegion),
            }
        };
        if let Some(reason) = reason {
            c.spurious.push(SpuriousRegion {
                index: k,
                pattern: region.pattern.clone(),
                reason,
            });
        }
    }
    let mut listed = vec![false; regions.len()];
    for &i in matched.iter().flatten() {
        listed[i] = true;
    }
    c.missing = (0..regions.len())
        .filter(|&i| !listed[i])
        .map(|i| (i, regions[i].pattern_strings()))
        .collect();
    for (k, (region, &i)) in list.iter().zip(&matched).enumerate() {
        let Some(i) = i else { continue };
        if let Some(engine) = &region.vertices {
            c.vertices.push(RegionVertices {
                index: k,
                exact_index: i,
                matching: match_vertices(&exact_vertices(&regions[i]), engine, c.tolerance),
            });
        }
        let exact = exact_facets[i];
        if let Some(engine) = region.facets.filter(|&f| f != exact) {
            c.facets.push(RegionDifference {
                index: k,
                exact_index: i,
                engine,
                exact,
            });
        }
        let exact = regions[i].is_bounded();
        if let Some(engine) = region.bounded.filter(|&b| b != exact) {
            c.bounded.push(RegionDifference {
                index: k,
                exact_index: i,
                engine,
                exact,
            });
        }
    }
    let given: Vec<usize> = list.iter().filter_map(|r| r.facets).collect();
    if !list.is_empty() && given.len() == list.len() {
        c.engine_mean_facets = Some(mean(&given));
    }
    c.neighbors_given = list.first().is_some_and(|r| r.neighbors.is_some());
    if c.neighbors_given {
        compare_adjacencies(regions, complex, list, &matched, &listed, c);
    }
}

fn compare_adjacencies(
    regions: &[Region],
    complex: &Complex,
    list: &[EngineRegion],
    matched: &[Option<usize>],
    listed: &[bool],
    c: &mut Comparison,
) {
    let exact: BTreeSet<(usize, usize)> = complex.adjacencies.iter().map(|a| a.regions).collect();
    let mut engine_pairs: BTreeSet<(Vec<String>, Vec<String>)> = BTreeSet::new();
    let mut engine_exact: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (k, region) in list.iter().enumerate() {
        for &n in region.neighbors.iter().flatten() {
            let (a, b) = (&region.pattern, &list[n].pattern);
            if a == b {
                continue;
            }
            let pair = if a < b { (a, b) } else { (b, a) };
            if !engine_pairs.insert((pair.0.clone(), pair.1.clone())) {
                continue;
            }
            let exact_pair = first_match(list, matched, k).zip(first_match(list, matched, n));
            match exact_pair {
                Some((i, j)) if exact.contains(&(i.min(j), i.max(j))) => {
                    engine_exact.insert((i.min(j), i.max(j)));
                }
                _ => c
                    .spurious_adjacencies
                    .push((pair.0.clone(), pair.1.clone())),
            }
        }
    }
    c.engine_adjacencies = engine_pairs.len();
    c.missing_adjacencies = exact
        .iter()
        .filter(|&&(i, j)| listed[i] && listed[j] && !engine_exact.contains(&(i, j)))
        .map(|&(i, j)| (regions[i].pattern_strings(), regions[j].pattern_strings()))
        .collect();
}

/// The exact region of engine region `k`, through the first engine region with its pattern.
fn first_match(list: &[EngineRegion], matched: &[Option<usize>], k: usize) -> Option<usize> {
    matched[k].or_else(|| {
        list.iter()
            .position(|r| r.pattern == list[k].pattern)
            .and_then(|first| matched[first])
    })
}

fn compare_counts(
    regions: &[Region],
    complex: &Complex,
    engine: &EngineOutput,
    c: &mut Comparison,
) {
    let bounded = regions.iter().filter(|r| r.is_bounded()).count();
    let exact: [(&'static str, Vec<usize>); 5] = [
        ("regions", vec![regions.len()]),
        ("bounded_regions", vec![bounded]),
        ("unbounded_regions", vec![regions.len() - bounded]),
        ("adjacencies", vec![complex.adjacencies.len()]),
        ("f_vector", complex.f_vector.clone()),
    ];
    let given = &engine.counts;
    let from_counts: [Option<Vec<usize>>; 5] = [
        given.regions.map(|n| vec![n]),
        given.bounded_regions.map(|n| vec![n]),
        given.unbounded_regions.map(|n| vec![n]),
        given.adjacencies.map(|n| vec![n]),
        given.f_vector.clone(),
    ];
    let list = engine.regions.as_deref();
    let from_regions: [Option<Vec<usize>>; 5] = [
        list.map(|l| vec![l.len()]),
        None,
        None,
        c.neighbors_given.then(|| vec![c.engine_adjacencies]),
        None,
    ];
    for ((key, exact), (counted, derived)) in exact
        .into_iter()
        .zip(from_counts.into_iter().zip(from_regions))
    {
        for (from, value) in [("counts", counted), ("regions", derived)] {
            if let Some(engine) = value.filter(|v| *v != exact) {
                c.counts.push(CountDifference {
                    key,
                    from,
                    engine,
                    exact: exact.clone(),
                });
            }
        }
    }
}

/// The region's own (finite) vertices, rounded to f64.
fn exact_vertices(region: &Region) -> Vec<Vec<f64>> {
    region
        .vertex_indices()
        .iter()
        .map(|&v| {
            region.polytope.vertices()[v]
                .point
                .to_rationals()
                .iter()
                .map(|x| rational_to_f64(x).unwrap_or(f64::INFINITY))
                .collect()
        })
        .collect()
}

fn mean(counts: &[usize]) -> f64 {
    if counts.is_empty() {
        0.0
    } else {
        counts.iter().sum::<usize>() as f64 / counts.len() as f64
    }
}
