//! Buck 1943 / Zaslavsky 1975: one hidden layer in general position over R^d.

use super::hypotheses::{first_layer_in_general_position, generic};
use super::{Case, Entry, Kind, KindRule, Scope, Verdict};

/// The binomial coefficient C(n, k) (0 when k > n).
pub(super) fn binomial(n: u64, k: u64) -> u128 {
    if k > n {
        return 0;
    }
    (0..k).fold(1u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1))
}

/// Decides the hypotheses shared by the one-layer formulas: depth 1, R^d, generic, first layer in
/// general position. On success returns (d, n).
pub(super) fn one_layer_hypotheses(case: &Case) -> Result<(u64, u64), String> {
    if case.network.blocks().len() != 1 {
        return Err(format!(
            "the network has {} hidden layers; the formula is for one",
            case.network.blocks().len()
        ));
    }
    if !case.whole_space() {
        return Err("the domain is not R^d; the formula counts the whole space".into());
    }
    generic(case)?;
    first_layer_in_general_position(case.network)?;
    Ok((case.dim() as u64, case.network.widths()[0] as u64))
}

fn evaluate(case: &Case) -> Verdict {
    let (d, n) = match one_layer_hypotheses(case) {
        Ok(dn) => dn,
        Err(reason) => return Verdict::not_applicable(reason),
    };
    let regions: u128 = (0..=d).map(|i| binomial(n, i)).sum();
    let bounded = binomial(n.saturating_sub(1), d);
    let f: Vec<u128> = (0..=d)
        .map(|k| {
            (d - k..=d)
                .map(|i| binomial(n, i) * binomial(i, d - k))
                .sum()
        })
        .collect();
    let measured_bounded = case.regions.iter().filter(|r| r.is_bounded()).count();
    let measured_f: Vec<u128> = case.complex.f_vector.iter().map(|&x| x as u128).collect();
    let value = format!(
        "regions {}, bounded {measured_bounded}, complex f-vector {:?}",
        case.regions.len(),
        measured_f
    );
    let expected = format!("regions {regions}, bounded {bounded}, complex f-vector {f:?}");
    Verdict::compare(
        case.regions.len() as u128 == regions
            && measured_bounded as u128 == bounded
            && measured_f == f,
        value,
        expected,
        "the counts differ from the arrangement formulas".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "one-layer-arrangement",
    kind: KindRule::Always(Kind::Theorem),
    statement: "n hyperplanes in general position in R^d make sum_{i<=d} C(n,i) regions, C(n-1,d) of them bounded, and f_k = sum_{i=d-k..d} C(n,i) C(i,d-k) faces of dimension k",
    source: "Buck 1943; Zaslavsky 1975 (theory.md item 1)",
    proof: "proofs/one-layer-arrangement.md",
    scope: Scope::PerNetwork,
    evaluate,
};
