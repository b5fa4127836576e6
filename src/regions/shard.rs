//! A run cut into shards: what one shard reports, and the merge of all of them into what the
//! unsharded run reports.

use super::complex::{Complex, ComplexPart, MergeError};
use super::splitting::Share;
use super::summary::{Summary, SummaryBuilder, SummaryPart};
use crate::exact::Rational;
use serde::{Deserialize, Serialize};

/// How many regions the subtree below one frontier piece holds, and their volumes' sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceRegions {
    /// The piece's index in the frontier (pattern order).
    pub piece: usize,
    /// Its regions, at least 1.
    pub regions: usize,
    /// The exact sum of its bounded regions' volumes (the piece's volume on a bounded domain),
    /// `None` when volumes were skipped. The merge adds these in pattern order: a shard's
    /// pieces are scattered, and the sum of their volumes alone can have hundreds of thousands
    /// of digits. Written in hexadecimal (`exact::text::hex`).
    #[serde(with = "crate::exact::text::hex")]
    pub volume: Option<Rational>,
}

/// What one shard of a run produced besides what its consumers kept (plain data): its frontier
/// pieces with their region counts (increasing), the summary's share and the complex's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardOutcome {
    /// Which shard.
    pub share: Share,
    /// The number of pieces in the frontier, the same for every shard of the run.
    pub frontier: usize,
    /// This shard's pieces and their regions, in pattern order.
    pub pieces: Vec<PieceRegions>,
    /// The summary's share.
    pub summary: SummaryPart,
    /// The complex's part, if the run builds the complex.
    pub complex: Option<ComplexPart>,
}

/// A run put together from its shards.
#[derive(Debug, Clone)]
pub struct MergedRun {
    /// The regions in pattern order as runs from the shards: `(shard, regions)` means the next
    /// `regions` regions are that shard's next ones.
    pub order: Vec<(usize, usize)>,
    /// The summary, equal to the unsharded run's.
    pub summary: Summary,
    /// The complex, equal to the unsharded run's, if the shards built it.
    pub complex: Option<Complex>,
}

/// Puts the outcomes of every shard of one run together (given in any order; `outcomes[i]` is
/// part `i`, called `labels[i]` in messages, and [`MergedRun::order`] names parts by index).
/// Refuses a set of shards that is not exactly `0..N` of one run: a shard missing or given
/// twice, different shard counts or frontiers, a frontier piece missing or claimed twice,
/// complexes in some parts only.
pub fn merge_shards(
    outcomes: Vec<ShardOutcome>,
    labels: &[String],
) -> Result<MergedRun, MergeError> {
    let Some(first) = outcomes.first() else {
        return Err(MergeError("no shards to merge".into()));
    };
    let label = |i: usize| {
        labels
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("part {i}"))
    };
    let (count, frontier) = (first.share.count, first.frontier);
    let mut part_of_shard: Vec<Option<usize>> = vec![None; count];
    for (i, outcome) in outcomes.iter().enumerate() {
        if outcome.share.count != count {
            return Err(MergeError(format!(
                "{} is shard {} but {} is shard {}: the parts come from runs cut into different numbers of shards",
                label(i),
                outcome.share,
                label(0),
                first.share
            )));
        }
        if outcome.frontier != frontier {
            return Err(MergeError(format!(
                "{} has a frontier of {} pieces but {} one of {frontier}: the parts come from different runs",
                label(i),
                outcome.frontier,
                label(0)
            )));
        }
        let slot = part_of_shard
            .get_mut(outcome.share.index)
            .ok_or_else(|| MergeError(format!("{} is shard {}", label(i), outcome.share)))?;
        if let Some(earlier) = slot {
            return Err(MergeError(format!(
                "shard {} is given twice ({} and {})",
                outcome.share,
                label(*earlier),
                label(i)
            )));
        }
        *slot = Some(i);
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| part_of_shard[k].is_none())
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(MergeError(format!(
            "shard{} {} missing: rerun {} with --shard",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            if missing.len() > 1 { "them" } else { "it" }
        )));
    }
    if outcomes.iter().any(|o| o.complex.is_some()) && outcomes.iter().any(|o| o.complex.is_none())
    {
        return Err(MergeError(
            "some parts have the region complex and some do not (--no-complex in some shards)"
                .into(),
        ));
    }
    let mut owner: Vec<Option<(usize, &PieceRegions)>> = vec![None; frontier];
    for (i, outcome) in outcomes.iter().enumerate() {
        for p in &outcome.pieces {
            match owner.get_mut(p.piece) {
                Some(slot @ None) if p.regions > 0 => *slot = Some((i, p)),
                _ => {
                    return Err(MergeError(format!(
                        "frontier piece {} of shard {} is out of range, empty or claimed twice",
                        p.piece, outcome.share
                    )))
                }
            }
        }
    }
    if let Some(piece) = owner.iter().position(Option::is_none) {
        return Err(MergeError(format!(
            "frontier piece {piece} is in no part: the parts are not all of one run"
        )));
    }
    let mut order: Vec<(usize, usize)> = Vec::new();
    let mut global: Vec<Vec<usize>> = outcomes
        .iter()
        .map(|o| Vec::with_capacity(o.summary.regions))
        .collect();
    let mut next = 0;
    let mut summary = SummaryBuilder::default();
    for (part, piece) in owner.into_iter().flatten() {
        let regions = piece.regions;
        if let Some(volume) = &piece.volume {
            summary.add_volume(volume.clone());
        }
        global[part].extend(next..next + regions);
        next += regions;
        match order.last_mut() {
            Some((last, run)) if *last == part => *run += regions,
            _ => order.push((part, regions)),
        }
    }
    if let Some(i) = (0..outcomes.len()).find(|&i| global[i].len() != outcomes[i].summary.regions) {
        return Err(MergeError(format!(
            "shard {} lists {} regions in its pieces but {} in its summary",
            outcomes[i].share,
            global[i].len(),
            outcomes[i].summary.regions
        )));
    }
    let mut complexes = Vec::new();
    for outcome in outcomes {
        summary.absorb(outcome.summary);
        complexes.extend(outcome.complex);
    }
    let complex = if complexes.is_empty() {
        None
    } else {
        Some(Complex::merge(complexes, &global)?)
    };
    Ok(MergedRun {
        order,
        summary: summary.finish(complex.as_ref()),
        complex,
    })
}
