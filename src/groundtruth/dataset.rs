//! The ground-truth dataset of `data/groundtruth/`: which networks it holds, and how each one's
//! exact results are written (schema in `data/groundtruth/README.md`).

use super::corpus::corpus_records;
use super::verify::{verify_with_lrs, Verification};
use crate::exact::Rational;
use crate::experiment::{train, Optimizer, Task, Training};
use crate::io::{
    fnv1a64, graph_record, summary_json, write_network, Metadata, NumberMode, RecordMaker,
};
use crate::network::{BiasInit, Network, RandomSpec, WeightInit};
use crate::regions::{enumerate, Complex, Domain, Limits, Region, Summary};
use serde::Serialize;
use std::path::Path;

/// One network of the dataset: a seeded random network, possibly trained.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetEntry {
    /// The folder name, unique in the dataset.
    pub id: &'static str,
    /// `generic`, `degenerate` (`integers:K`), `zero-bias`, `trained`, `residual` or `leaky`.
    pub family: &'static str,
    /// Input dimension.
    pub input_dim: usize,
    /// Hidden widths.
    pub widths: &'static [usize],
    /// Block kind, as `relupoly random --blocks` takes it.
    pub blocks: &'static str,
    /// Weight initialisation (written as `relupoly random --init` takes it).
    #[serde(with = "crate::exact::text::shown")]
    pub init: WeightInit,
    /// Bias initialisation (written as `relupoly random --bias` takes it).
    #[serde(with = "crate::exact::text::shown")]
    pub bias: BiasInit,
    /// Significant bits of the drawn weights, if rounded.
    pub bits: Option<u32>,
    /// The seed.
    pub seed: u64,
    /// Adam steps on the sphere task (learning rate 0.01, a 12^d grid), with a one-unit output
    /// layer; `None` for an untrained network.
    pub training_steps: Option<usize>,
    /// Domains: `box` ([-1, 1]^d) and/or `rd`.
    pub domains: &'static [&'static str],
}

/// A plain, untrained He-normal network with PyTorch-default biases and 12-bit weights.
const fn entry(
    id: &'static str,
    family: &'static str,
    input_dim: usize,
    widths: &'static [usize],
    seed: u64,
    domains: &'static [&'static str],
) -> DatasetEntry {
    DatasetEntry {
        id,
        family,
        input_dim,
        widths,
        blocks: "plain",
        init: WeightInit::HeNormal,
        bias: BiasInit::Pytorch,
        bits: Some(12),
        seed,
        training_steps: None,
        domains,
    }
}

const BOTH: &[&str] = &["box", "rd"];
const BOX: &[&str] = &["box"];

/// The dataset: six families over d = 2..5.
pub const DATASET: &[DatasetEntry] = &[
    entry("generic-d2", "generic", 2, &[8, 8], 1, BOTH),
    entry("generic-d3", "generic", 3, &[6, 6], 2, BOTH),
    entry("generic-d4", "generic", 4, &[5, 4], 3, BOX),
    entry("generic-d5", "generic", 5, &[4, 3], 4, BOX),
    DatasetEntry {
        init: WeightInit::Integers(2),
        bias: BiasInit::Integers(2),
        bits: None,
        ..entry("degenerate-d2", "degenerate", 2, &[6, 6], 5, BOTH)
    },
    DatasetEntry {
        init: WeightInit::Integers(1),
        bias: BiasInit::Integers(1),
        bits: None,
        ..entry("degenerate-d3", "degenerate", 3, &[5, 5], 6, BOTH)
    },
    DatasetEntry {
        init: WeightInit::Integers(1),
        bias: BiasInit::Integers(1),
        bits: None,
        ..entry("degenerate-d4", "degenerate", 4, &[4, 4], 7, BOX)
    },
    DatasetEntry {
        init: WeightInit::Integers(1),
        bias: BiasInit::Integers(1),
        bits: None,
        ..entry("degenerate-d5", "degenerate", 5, &[4, 3], 8, BOX)
    },
    DatasetEntry {
        bias: BiasInit::Zero,
        ..entry("zero-bias-d2", "zero-bias", 2, &[8, 8], 9, BOTH)
    },
    DatasetEntry {
        bias: BiasInit::Zero,
        ..entry("zero-bias-d3", "zero-bias", 3, &[6, 6], 10, BOTH)
    },
    DatasetEntry {
        bits: None,
        training_steps: Some(200),
        ..entry("trained-d2", "trained", 2, &[8, 8], 11, BOTH)
    },
    DatasetEntry {
        bits: None,
        training_steps: Some(100),
        ..entry("trained-d3", "trained", 3, &[5, 5], 12, BOX)
    },
    DatasetEntry {
        blocks: "residual",
        ..entry("residual-d2", "residual", 2, &[6, 6], 13, BOTH)
    },
    DatasetEntry {
        blocks: "residual",
        ..entry("residual-d3", "residual", 3, &[5, 5], 14, BOX)
    },
    DatasetEntry {
        blocks: "leaky:1/10",
        ..entry("leaky-d2", "leaky", 2, &[6, 6], 15, BOTH)
    },
];

impl DatasetEntry {
    /// The entry's network (drawn, then trained if the entry says so).
    pub fn network(&self) -> Result<Network, String> {
        let network = RandomSpec {
            input_dim: self.input_dim,
            widths: self.widths.to_vec(),
            output: self.training_steps.map(|_| 1),
            init: self.init,
            bias: self.bias,
            seed: self.seed,
            bits: self.bits,
            blocks: self.blocks.parse()?,
            first_layer_rank: None,
        }
        .generate()?;
        match self.training_steps {
            None => Ok(network),
            Some(steps) => {
                let training = Training {
                    task: Task::Sphere,
                    optimizer: Optimizer::Adam,
                    rate: 0.01,
                    points: 12,
                };
                train(&network, &training, steps)
            }
        }
    }
}

/// One domain's results in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct DomainRecord {
    /// `box` or `rd`.
    pub domain: &'static str,
    /// Activation regions.
    pub regions: usize,
    /// Bounded regions.
    pub bounded_regions: usize,
    /// The complex's f-vector (dimensions 0..=d).
    pub complex_f_vector: Vec<usize>,
    /// Pairs of regions sharing a facet.
    pub adjacencies: usize,
    /// Exact mean facets per region.
    #[serde(with = "crate::exact::text")]
    pub mean_facets: Rational,
    /// The sum of the bounded regions' volumes, exact.
    #[serde(with = "crate::exact::text")]
    pub volume_total: Option<Rational>,
    /// Polytopes of the corpus taken from this domain's regions.
    pub corpus_polytopes: usize,
    /// The external cross-check made when the files were generated.
    pub verified: Option<Verification>,
    /// The files written, with their sizes and FNV-1a 64 checksums.
    pub files: Vec<FileRecord>,
}

/// A file of the dataset.
#[derive(Debug, Clone, Serialize)]
pub struct FileRecord {
    /// The path relative to the dataset folder.
    pub path: String,
    /// Bytes.
    pub bytes: usize,
    /// FNV-1a 64 of the bytes, in hex.
    pub fnv1a64: String,
}

/// One network's record in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct EntryRecord {
    /// How the network was made.
    pub entry: DatasetEntry,
    /// The network file, relative to the dataset folder.
    pub network: FileRecord,
    /// Results per domain.
    pub results: Vec<DomainRecord>,
}

/// Writes `text` to `folder/path` and returns its record.
fn write_file(folder: &Path, path: String, text: &str) -> Result<FileRecord, String> {
    let full = folder.join(&path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&full, text).map_err(|e| format!("{}: {e}", full.display()))?;
    Ok(FileRecord {
        path,
        bytes: text.len(),
        fnv1a64: fnv1a64(text.as_bytes()),
    })
}

/// Generates `entry` into `folder/<id>/`: `network.json`, and per domain `regions.jsonl` (one
/// record per region with its triangulation), `summary.json`, `graph.json` and, on the box,
/// `polytopes.jsonl` (the corpus). With `verify`, every region is cross-checked with lrs first
/// and nothing is written if lrs disagrees.
pub fn generate_entry(
    entry: &DatasetEntry,
    folder: &Path,
    verify: bool,
) -> Result<EntryRecord, String> {
    let fail = |e: String| format!("{}: {e}", entry.id);
    let network = entry.network().map_err(fail)?;
    let metadata = Metadata::of(entry).map_err(fail)?;
    let network_file = write_file(
        folder,
        format!("{}/network.json", entry.id),
        &write_network(&network, NumberMode::Binary64, Some(&metadata)),
    )?;
    let mut results = Vec::new();
    for &domain_name in entry.domains {
        let domain = if domain_name == "rd" {
            Domain::whole_space(&network)
        } else {
            let one = crate::exact::Rational::from(1u32);
            Domain::cube(entry.input_dim, &-one.clone(), &one)
        }
        .map_err(|e| fail(e.to_string()))?;
        let regions = enumerate(&network, &domain, Limits::default(), &mut |_| {})
            .map_err(|e| fail(e.to_string()))?;
        let verified = if verify {
            Some(
                verify_with_lrs(&network, &domain, &regions)
                    .map_err(|e| fail(format!("{domain_name}: {e}")))?,
            )
        } else {
            None
        };
        results.push(write_domain(
            folder,
            entry,
            domain_name,
            &regions,
            verified,
        )?);
    }
    Ok(EntryRecord {
        entry: entry.clone(),
        network: network_file,
        results,
    })
}

fn write_domain(
    folder: &Path,
    entry: &DatasetEntry,
    domain_name: &'static str,
    regions: &[Region],
    verified: Option<Verification>,
) -> Result<DomainRecord, String> {
    let complex = Complex::of(regions);
    let summary = Summary::of(regions, &complex);
    let base = format!("{}/{domain_name}", entry.id);
    let mut lines = String::new();
    let mut records = RecordMaker::new(true, None);
    for (i, region) in regions.iter().enumerate() {
        lines.push_str(&records.record(i, region));
        lines.push('\n');
    }
    let mut files = vec![
        write_file(folder, format!("{base}/regions.jsonl"), &lines)?,
        write_file(
            folder,
            format!("{base}/summary.json"),
            &format!("{}\n", summary_json(&summary, true)),
        )?,
        write_file(
            folder,
            format!("{base}/graph.json"),
            &graph_record(
                &regions
                    .iter()
                    .map(Region::pattern_strings)
                    .collect::<Vec<_>>(),
                &complex,
            ),
        )?,
    ];
    let corpus = if domain_name == "box" {
        corpus_records(entry.id, regions)
    } else {
        Vec::new()
    };
    if !corpus.is_empty() {
        files.push(write_file(
            folder,
            format!("{base}/polytopes.jsonl"),
            &(corpus.join("\n") + "\n"),
        )?);
    }
    Ok(DomainRecord {
        domain: domain_name,
        regions: summary.regions,
        bounded_regions: summary.bounded_regions,
        complex_f_vector: complex.f_vector.clone(),
        adjacencies: complex.adjacencies.len(),
        mean_facets: summary.facets.mean.clone(),
        volume_total: summary.volume_total.clone(),
        corpus_polytopes: corpus.len(),
        verified,
        files,
    })
}
