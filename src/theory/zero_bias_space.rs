//! Derived here: with zero biases, the regions of R^3 are cones whose mean facet count is
//! 4V / (V + 2) < 4, V the number of rays, when every ray is met by four 2-cells on average.

use super::hypotheses::pointed_zero_bias_cones;
use super::{Case, Entry, Scope, Verdict};
use crate::exact::Rational;
use crate::regions::CountStats;

fn evaluate(case: &Case) -> Verdict {
    if let Err(reason) = pointed_zero_bias_cones(case, 3) {
        return Verdict::not_applicable(reason);
    }
    let f = &case.complex.f_vector;
    let (rays, walls) = (f[1], f[2]);
    if walls != 2 * rays {
        return Verdict::not_applicable(format!(
            "the rays do not meet four 2-cells on average ({walls} 2-cells for {rays} rays; generic on the sphere: twice as many)"
        ));
    }
    let mean = CountStats::of(case.regions.iter().map(|r| r.facet_indices().len())).mean;
    let expected = Rational::from(4 * rays) / Rational::from(rays + 2);
    Verdict::compare(
        mean == expected && mean < 4u32,
        mean.to_string(),
        format!("4V/(V+2) = {expected} < 4 (V = {rays})"),
        "the mean number of facets differs".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "zero-bias-space",
    statement: "with zero biases the regions of R^3 are cones through the origin; when every region is pointed at the origin and the rays meet four 2-cells on average (E = 2V on the sphere), the mean number of facets is 4V/(V+2) < 4 = 2(d-1)",
    source: "derived here (theory.md item 5)",
    proof: "proofs/zero-bias-space.md",
    scope: Scope::PerNetwork,
    evaluate,
};
