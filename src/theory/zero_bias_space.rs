//! Derived here: with zero biases and genericity away from the origin, the regions of R^3 are
//! pointed cones whose mean facet count is 4V / (V + 2) < 4, V the number of rays.

use super::hypotheses::{no_neuron_identically_zero, pointed_zero_bias_cones};
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};
use crate::exact::Rational;
use crate::regions::CountStats;

/// Genericity away from the origin: every cell but the origin is transversal (see
/// [`super::Cell::transversal`]) and no neuron is identically zero on a region.
fn generic_away_from_origin(case: &Case) -> Result<(), String> {
    let structure = case.cells();
    no_neuron_identically_zero(structure)?;
    let checked = structure
        .cells
        .iter()
        .filter(|c| c.dim > 0)
        .try_for_each(|cell| cell.transversal(case.dim()));
    checked.map_err(|why| format!("not generic away from the origin: {why}"))
}

fn evaluate(case: &Case) -> Verdict {
    if let Err(reason) =
        pointed_zero_bias_cones(case, 3).and_then(|()| generic_away_from_origin(case))
    {
        return Verdict::not_applicable(reason);
    }
    let f = &case.complex.f_vector;
    let (rays, walls) = (f[1], f[2]);
    let mean = CountStats::of(case.regions.iter().map(|r| r.facet_indices().len())).mean;
    let expected = Rational::from(4 * rays) / Rational::from(rays + 2);
    Verdict::compare(
        walls == 2 * rays && mean == expected && mean < 4u32,
        format!("mean {mean}; {walls} 2-cells for {rays} rays"),
        format!(
            "4V/(V+2) = {expected} < 4 and E = 2V = {} (V = {rays})",
            2 * rays
        ),
        "the mean number of facets or the number of 2-cells differs".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "zero-bias-space",
    kind: KindRule::Always(Kind::Theorem),
    statement: "with zero biases the regions of R^3 are cones through the origin; when every region is pointed at the origin and the complex is generic away from the origin, every ray meets four 2-cells (E = 2V) and the mean number of facets is 4V/(V+2) < 4 = 2(d-1)",
    source: "derived here (theory.md item 5)",
    proof: "proofs/zero-bias-space.md",
    scope: Scope::PerNetwork,
    evaluate,
};
