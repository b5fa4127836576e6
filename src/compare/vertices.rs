//! Matching one region's engine vertices to its exact vertices.

/// How the engine's vertices of one region compare with the exact ones.
#[derive(Debug, Clone, PartialEq)]
pub struct VertexMatch {
    /// The largest distance (max-norm) from an engine vertex to its nearest exact vertex; 0
    /// when the engine lists no vertex.
    pub max_abs_error: f64,
    /// The largest scaled error `abs / max(1, |x|_inf)`, `x` the nearest exact vertex.
    pub max_rel_error: f64,
    /// Engine vertices (indices into its list) whose scaled error exceeds the tolerance.
    pub off: Vec<usize>,
    /// Engine vertices within the tolerance of an exact vertex that a closer engine vertex
    /// already matched.
    pub duplicates: Vec<usize>,
    /// Exact vertices (indices into the list given) that no engine vertex matched.
    pub missed: Vec<usize>,
}

impl VertexMatch {
    /// Whether every vertex matched exactly once within the tolerance.
    pub fn agrees(&self) -> bool {
        self.off.is_empty() && self.duplicates.is_empty() && self.missed.is_empty()
    }
}

/// Matches each `engine` vertex to its nearest `exact` vertex (max-norm distance). An engine
/// vertex is within tolerance when `distance / max(1, |x|_inf) <= tolerance` for that nearest
/// exact vertex `x`; each exact vertex is matched by the closest engine vertex within tolerance,
/// further ones are duplicates, and exact vertices left unmatched are missed.
pub fn match_vertices(exact: &[Vec<f64>], engine: &[Vec<f64>], tolerance: f64) -> VertexMatch {
    let mut result = VertexMatch {
        max_abs_error: 0.0,
        max_rel_error: 0.0,
        off: Vec::new(),
        duplicates: Vec::new(),
        missed: Vec::new(),
    };
    // (scaled error, engine vertex) for each exact vertex's candidates.
    let mut claims: Vec<Vec<(f64, usize)>> = vec![Vec::new(); exact.len()];
    for (k, point) in engine.iter().enumerate() {
        let nearest = exact
            .iter()
            .enumerate()
            .map(|(i, x)| (distance(point, x), i))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let Some((abs, i)) = nearest else {
            result.off.push(k);
            continue;
        };
        let rel = abs / exact[i].iter().fold(1.0, |m: f64, c| m.max(c.abs()));
        result.max_abs_error = result.max_abs_error.max(abs);
        result.max_rel_error = result.max_rel_error.max(rel);
        if rel <= tolerance {
            claims[i].push((rel, k));
        } else {
            result.off.push(k);
        }
    }
    for (i, mut candidates) in claims.into_iter().enumerate() {
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        match candidates.split_first() {
            None => result.missed.push(i),
            Some((_, rest)) => result.duplicates.extend(rest.iter().map(|&(_, k)| k)),
        }
    }
    result.duplicates.sort_unstable();
    result
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}
