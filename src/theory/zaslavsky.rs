//! Zaslavsky's theorem inside an open convex set: the number of regions of a hyperplane
//! arrangement, counted from its intersection poset, independently of the enumerator.

use super::{Case, Entry, Kind, KindRule, Scope, Verdict};
use crate::exact::Rational;
use std::collections::{BTreeSet, HashMap};

fn q(n: i64) -> Rational {
    Rational::from(n)
}

/// A hyperplane b + a.x = 0 scaled so that its first non-zero a-coefficient is 1.
fn normalised(row: &[Rational]) -> Option<Vec<Rational>> {
    let lead = row[1..].iter().find(|c| **c != 0u32)?.clone();
    Some(row.iter().map(|c| c / &lead).collect())
}

/// Row-reduces `rows` in place over Q and returns the pivot columns.
fn rref(rows: &mut Vec<Vec<Rational>>) -> Vec<usize> {
    let width = rows.first().map_or(0, Vec::len);
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..width {
        let Some(p) = (r..rows.len()).find(|&i| rows[i][c] != 0u32) else {
            continue;
        };
        rows.swap(r, p);
        let lead = rows[r][c].clone();
        for x in rows[r].iter_mut() {
            *x /= &lead;
        }
        for i in 0..rows.len() {
            if i != r && rows[i][c] != 0u32 {
                let f = rows[i][c].clone();
                let pivot_row = rows[r].clone();
                for (x, p) in rows[i].iter_mut().zip(&pivot_row) {
                    *x -= p * &f;
                }
            }
        }
        pivots.push(c);
        r += 1;
    }
    rows.truncate(r);
    pivots
}

/// Rows (b, a) of a system b + a.x = 0 laid out as [a | b] for elimination.
fn system(hyperplanes: &[Vec<Rational>], members: &BTreeSet<usize>) -> Vec<Vec<Rational>> {
    members
        .iter()
        .map(|&h| {
            let mut row = hyperplanes[h][1..].to_vec();
            row.push(hyperplanes[h][0].clone());
            row
        })
        .collect()
}

/// Whether the system is consistent (some x satisfies every equation).
fn consistent(rows: &[Vec<Rational>]) -> bool {
    let mut m = rows.to_vec();
    let d = rows.first().map_or(0, |r| r.len() - 1);
    !rref(&mut m).contains(&d)
}

/// Whether the flat `{x : rows}` (rows laid out as `[a | b]`) meets the open set
/// `{x : b + a . x > 0 for every domain row (b, a)}`, by Fourier-Motzkin elimination with strict
/// inequalities on a parametrisation of the flat.
fn meets_interior(rows: &[Vec<Rational>], domain: &[Vec<Rational>], d: usize) -> bool {
    let mut m = rows.to_vec();
    let pivots = rref(&mut m);
    let free: Vec<usize> = (0..d).filter(|c| !pivots.contains(c)).collect();
    // x_pivot = -b - sum_free a_f t_f ; x_free = t_f. Each x_i as (coefficients on t, constant).
    let mut x: Vec<(Vec<Rational>, Rational)> = vec![(vec![q(0); free.len()], q(0)); d];
    for (k, &f) in free.iter().enumerate() {
        x[f].0[k] = q(1);
    }
    for (row, &p) in m.iter().zip(&pivots) {
        let coefs = free.iter().map(|&f| -row[f].clone()).collect();
        x[p] = (coefs, -row[d].clone());
    }
    // Each domain row b + a.x > 0 becomes c.t < r with c = -(a . N), r = b + a . p.
    let mut constraints: Vec<(Vec<Rational>, Rational)> = domain
        .iter()
        .map(|row| {
            let mut c = vec![q(0); free.len()];
            let mut r = row[0].clone();
            for (a, (coefs, constant)) in row[1..].iter().zip(&x) {
                for (ck, xk) in c.iter_mut().zip(coefs) {
                    *ck -= a * xk;
                }
                r += a * constant;
            }
            (c, r)
        })
        .collect();
    for k in 0..free.len() {
        let (mut pos, mut neg, mut rest) = (Vec::new(), Vec::new(), Vec::new());
        for c in constraints {
            if c.0[k] > 0u32 {
                pos.push(c);
            } else if c.0[k] < 0u32 {
                neg.push(c);
            } else {
                rest.push(c);
            }
        }
        for p in &pos {
            for n in &neg {
                let (sp, sn) = (-n.0[k].clone(), p.0[k].clone());
                let coefs =
                    p.0.iter()
                        .zip(&n.0)
                        .map(|(a, b)| a * &sp + b * &sn)
                        .collect();
                rest.push((coefs, &p.1 * &sp + &n.1 * &sn));
            }
        }
        constraints = rest;
    }
    constraints.iter().all(|(_, r)| *r > 0u32)
}

/// Zaslavsky's count of the regions that the hyperplanes `rows` (each `(b, a)`: `b + a . x = 0`;
/// rows with `a = 0` are ignored, repeated hyperplanes count once) cut the open convex set
/// `{x : b + a . x > 0 for every row of domain}` into: the sum of |mu(X)| over the flats X of the
/// intersection poset that meet the set. Exact, for every arrangement (degenerate ones
/// included); the flats are enumerated explicitly, so keep n and d small.
pub fn zaslavsky_count(rows: &[Vec<Rational>], domain: &[Vec<Rational>]) -> usize {
    let d = rows.first().map_or(0, |r| r.len() - 1);
    let mut hyperplanes: Vec<Vec<Rational>> = Vec::new();
    for row in rows {
        if let Some(h) = normalised(row) {
            if !hyperplanes.contains(&h) {
                hyperplanes.push(h);
            }
        }
    }
    let contains = |flat_rows: &[Vec<Rational>], h: usize| {
        let mut with = flat_rows.to_vec();
        let mut row = hyperplanes[h][1..].to_vec();
        row.push(hyperplanes[h][0].clone());
        with.push(row);
        let mut a = flat_rows.to_vec();
        rref(&mut a).len() == rref(&mut with).len()
    };
    // Flats keyed by the set of hyperplanes containing them, generated level by level.
    let mut levels: Vec<Vec<BTreeSet<usize>>> = vec![vec![BTreeSet::new()]];
    let mut all: Vec<BTreeSet<usize>> = vec![BTreeSet::new()];
    loop {
        let mut next: Vec<BTreeSet<usize>> = Vec::new();
        for flat in levels.last().unwrap() {
            for h in 0..hyperplanes.len() {
                if flat.contains(&h) {
                    continue;
                }
                let mut members = flat.clone();
                members.insert(h);
                let rows_now = system(&hyperplanes, &members);
                if !consistent(&rows_now) {
                    continue;
                }
                let closed: BTreeSet<usize> = (0..hyperplanes.len())
                    .filter(|&g| contains(&rows_now, g))
                    .collect();
                if !next.contains(&closed) && !all.contains(&closed) {
                    next.push(closed);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        all.extend(next.iter().cloned());
        levels.push(next);
    }
    // Moebius function from the top (R^d), in order of generation (by codimension).
    let mut mu: HashMap<BTreeSet<usize>, i64> = HashMap::new();
    for flat in &all {
        let value = if flat.is_empty() {
            1
        } else {
            -all.iter()
                .filter(|y| y.len() < flat.len() && y.is_subset(flat))
                .map(|y| mu[y])
                .sum::<i64>()
        };
        mu.insert(flat.clone(), value);
    }
    all.iter()
        .filter(|flat| flat.is_empty() || meets_interior(&system(&hyperplanes, flat), domain, d))
        .map(|flat| mu[flat].unsigned_abs() as usize)
        .sum()
}

fn evaluate(case: &Case) -> Verdict {
    let blocks = case.network.blocks();
    if blocks.len() != 1 {
        return Verdict::not_applicable(format!(
            "the network has {} hidden layers; the count is for one (an arrangement)",
            blocks.len()
        ));
    }
    if blocks[0].layer.width() > 12 || case.dim() > 4 {
        return Verdict::not_applicable(
            "more than 12 neurons or 4 dimensions: the intersection poset is enumerated explicitly and would be too large",
        );
    }
    let rows = blocks[0].layer.hyperplanes();
    let domain: Vec<Vec<Rational>> = case
        .domain_sides()
        .into_iter()
        .map(|(_, side)| side.to_rationals())
        .collect();
    let expected = zaslavsky_count(&rows, &domain);
    Verdict::compare(
        case.regions.len() == expected,
        format!("{} regions", case.regions.len()),
        format!("{expected} (sum of |mu(X)| over the flats meeting the open domain)"),
        "the region count differs from Zaslavsky's".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "zaslavsky-count",
    kind: KindRule::Always(Kind::Theorem),
    statement: "one hidden layer, any arrangement (degenerate included), inside an open convex domain K: regions = sum of |mu(X)| over the flats X of the intersection poset meeting K",
    source: "Zaslavsky 1975 (theory.md item 1)",
    proof: "proofs/zaslavsky-count.md",
    scope: Scope::PerNetwork,
    evaluate,
};
