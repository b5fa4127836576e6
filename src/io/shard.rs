//! The shard file of `relupoly regions --shard K/N --out PART` and its merge (`relupoly merge`),
//! documented in `docs/distributed.md`.
//!
//! A part is JSON lines: a header (the run: network, domain and options, with their fingerprint,
//! and the shard K/N), one line per region of the shard in pattern order (its JSONL record with
//! the index within the shard, or only index and pattern), the shard's outcome
//! ([`ShardOutcome`]: frontier pieces and their region counts, the summary's share, the
//! complex's part), and an end line with the number of regions and the checksum of everything
//! before it, so that a truncated or edited part is refused.

use super::store::Fnv1a64;
use crate::exact::Rational;
use crate::io::{fnv1a64, parse_network, write_network, NumberMode, RecordMaker};
use crate::network::Network;
use crate::regions::{
    merge_shards, Complex, DomainSpec, MergedRun, Region, RegionConsumer, ShardOutcome, Share,
    Summary,
};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// The format's version, in every header.
const FORMAT: u32 = 1;

/// What a shard computed and how: everything the fingerprint covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardRun {
    /// The network document (the exact network file, decimal numbers).
    pub network: String,
    /// The domain: `{"box": [lo, hi]}`, `{"inequalities": rows}` or `"rd"`.
    pub domain: DomainDocument,
    /// The options (written as keys of the run).
    #[serde(flatten)]
    pub options: ShardOptions,
}

/// A domain as written in a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DomainDocument {
    /// `[lo, hi]^d`.
    Box(#[serde(with = "crate::exact::text")] Vec<Rational>),
    /// `{x : b + a . x >= 0}`.
    Inequalities(#[serde(with = "crate::exact::text")] Vec<Vec<Rational>>),
    /// R^d.
    Rd,
}

impl ShardRun {
    /// The run of `network` on `domain` with these options.
    pub fn new(network: &Network, domain: &DomainSpec, options: ShardOptions) -> ShardRun {
        let domain = match domain {
            DomainSpec::Box { lo, hi } => DomainDocument::Box(vec![lo.clone(), hi.clone()]),
            DomainSpec::Polytope { rows, .. } => DomainDocument::Inequalities(rows.clone()),
            _ => DomainDocument::Rd,
        };
        ShardRun {
            network: write_network(network, NumberMode::Decimal, None),
            domain,
            options,
        }
    }

    /// The fingerprint: a checksum of the run's canonical JSON.
    pub fn fingerprint(&self) -> String {
        fnv1a64(
            serde_json::to_string(self)
                .expect("a run serialises")
                .as_bytes(),
        )
    }

    /// The network, read back from the part (`origin` names the part in errors).
    pub fn network(&self, origin: &str) -> Result<Network, String> {
        parse_network(&self.network, &format!("{origin}: network")).map_err(|e| e.to_string())
    }

    /// The domain as plain data (`origin` names the part).
    pub fn domain_spec(&self, origin: &str) -> DomainSpec {
        match &self.domain {
            DomainDocument::Box(bounds) => DomainSpec::Box {
                lo: bounds[0].clone(),
                hi: bounds[1].clone(),
            },
            DomainDocument::Inequalities(rows) => DomainSpec::Polytope {
                origin: format!("the domain of {origin}"),
                rows: rows.clone(),
            },
            DomainDocument::Rd => DomainSpec::WholeSpace,
        }
    }
}

/// The options of a shard run that change what it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardOptions {
    /// Compute exact volumes.
    pub volumes: bool,
    /// Compute face lattices.
    pub lattice: bool,
    /// Build the region complex.
    pub complex: bool,
    /// Write each region's JSONL record (else index and pattern only).
    pub records: bool,
    /// Records carry their triangulations.
    pub simplices: bool,
    /// The frontier's size, if not the default ([`crate::regions::Limits::work_items`]).
    pub frontier: Option<usize>,
}

/// The first line of a part.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    relupoly_shard: u32,
    fingerprint: String,
    shard: String,
    run: ShardRun,
}

/// The last line of a part.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct End {
    regions: usize,
    checksum: String,
}

/// The outcome line: `OutcomeLine<&ShardOutcome>` written, `OutcomeLine<ShardOutcome>` read.
#[derive(Serialize, Deserialize)]
struct OutcomeLine<T> {
    outcome: T,
}

#[derive(Serialize, Deserialize)]
struct EndLine {
    end: End,
}

/// The region line of a part without records (and what the merge reads of any region line).
#[derive(Serialize, Deserialize)]
struct PatternLine {
    index: usize,
    pattern: Vec<String>,
}

/// Writes a part to `out` as the shard's regions arrive (a [`RegionConsumer`]); the checksum
/// is kept as the bytes go by. [`PartWriter::finish`] writes the outcome and the end line.
pub struct PartWriter<W: Write> {
    out: W,
    hash: Fnv1a64,
    regions: usize,
    /// Makes the region records when the run writes them (else pattern lines).
    records: Option<RecordMaker>,
    name: String,
}

impl<W: Write> PartWriter<W> {
    /// Starts the part of shard `share` of `run` on `out`; `name` names it in write errors.
    pub fn new(out: W, run: &ShardRun, share: Share, name: &str) -> Result<PartWriter<W>, String> {
        let mut writer = PartWriter {
            out,
            hash: Fnv1a64::default(),
            regions: 0,
            records: run
                .options
                .records
                .then(|| RecordMaker::new(run.options.simplices, None)),
            name: name.to_string(),
        };
        let header = Header {
            relupoly_shard: FORMAT,
            fingerprint: run.fingerprint(),
            shard: share.to_string(),
            run: run.clone(),
        };
        writer.line(&serde_json::to_string(&header).expect("a header serialises"))?;
        Ok(writer)
    }

    fn line(&mut self, text: &str) -> Result<(), String> {
        self.hash.add(text.as_bytes());
        self.hash.add(b"\n");
        writeln!(self.out, "{text}").map_err(|e| format!("{}: cannot write: {e}", self.name))
    }

    /// Writes the outcome and the end line; returns the writer.
    pub fn finish(mut self, outcome: &ShardOutcome) -> Result<W, String> {
        let line = serde_json::to_string(&OutcomeLine { outcome }).expect("an outcome serialises");
        self.line(&line)?;
        let end = EndLine {
            end: End {
                regions: self.regions,
                checksum: self.hash.hex(),
            },
        };
        writeln!(
            self.out,
            "{}",
            serde_json::to_string(&end).expect("an end line serialises")
        )
        .and_then(|()| self.out.flush())
        .map_err(|e| format!("{}: cannot write: {e}", self.name))?;
        Ok(self.out)
    }
}

impl<W: Write + Send> RegionConsumer for PartWriter<W> {
    fn consume(&mut self, index: usize, region: &Region) -> Result<(), String> {
        let line = if let Some(records) = &mut self.records {
            records.record(index, region)
        } else {
            serde_json::to_string(&PatternLine {
                index,
                pattern: region.pattern_strings(),
            })
            .expect("a pattern serialises")
        };
        self.regions += 1;
        self.line(&line)
    }
}

/// Somewhere a part can be read from, as many times as needed: a file or bytes in memory.
pub trait PartSource {
    /// The name used in errors (the file's path).
    fn name(&self) -> String;
    /// A fresh reader from the start.
    fn open(&self) -> Result<Box<dyn BufRead + '_>, String>;
}

impl PartSource for std::path::PathBuf {
    fn name(&self) -> String {
        self.display().to_string()
    }
    fn open(&self) -> Result<Box<dyn BufRead + '_>, String> {
        let file = std::fs::File::open(self)
            .map_err(|e| format!("{}: cannot read the part: {e}", self.display()))?;
        Ok(Box::new(std::io::BufReader::new(file)))
    }
}

/// A part held in memory, with a name for errors.
pub struct PartBytes {
    /// The name used in errors.
    pub name: String,
    /// The part's bytes.
    pub bytes: Vec<u8>,
}

impl PartSource for PartBytes {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn open(&self) -> Result<Box<dyn BufRead + '_>, String> {
        Ok(Box::new(self.bytes.as_slice()))
    }
}

/// A part checked from end to end: its run and outcome.
struct CheckedPart {
    run: ShardRun,
    outcome: ShardOutcome,
}

/// Reads the part once through: header, region lines counted, outcome, end line, checksum.
fn check_part(source: &dyn PartSource) -> Result<CheckedPart, String> {
    let name = source.name();
    let bad = |what: &str| format!("{name}: {what}");
    let mut reader = source.open()?;
    let mut hash = Fnv1a64::default();
    let mut line = String::new();
    let mut next = |line: &mut String, hash: &mut Fnv1a64, hashed: bool| -> Result<bool, String> {
        line.clear();
        let n = reader
            .read_line(line)
            .map_err(|e| bad(&format!("cannot read the part: {e}")))?;
        if hashed {
            hash.add(line.as_bytes());
        }
        Ok(n > 0 && line.ends_with('\n'))
    };
    let truncated =
        || bad("the part is truncated (it does not end with its end line): rerun the shard");
    if !next(&mut line, &mut hash, true)? {
        return Err(if line.starts_with("{\"relupoly_shard\"") {
            truncated()
        } else {
            bad("not a relupoly shard part (empty, or no complete first line)")
        });
    }
    let header: Header = serde_json::from_str(&line)
        .ok()
        .filter(|h: &Header| h.relupoly_shard == FORMAT)
        .ok_or_else(|| {
            bad(&format!(
                "not a relupoly shard part of format {FORMAT} (its first line is no part header)"
            ))
        })?;
    let share: Share = header
        .shard
        .parse()
        .map_err(|e| bad(&format!("header: {e}")))?;
    if header.fingerprint != header.run.fingerprint() {
        return Err(bad(
            "header: the fingerprint does not match the run it describes (edited?)",
        ));
    }
    let mut regions = 0;
    let outcome = loop {
        if !next(&mut line, &mut hash, true)? {
            return Err(truncated());
        }
        if line.starts_with("{\"outcome\":") {
            let parsed: OutcomeLine<ShardOutcome> = serde_json::from_str(&line)
                .map_err(|e| bad(&format!("the outcome line cannot be read: {e}")))?;
            break parsed.outcome;
        }
        regions += 1;
    };
    let before_end = hash.hex();
    if !next(&mut line, &mut hash, false)? {
        return Err(truncated());
    }
    let end: EndLine = serde_json::from_str(&line).map_err(|_| truncated())?;
    if end.end.checksum != before_end || end.end.regions != regions {
        return Err(bad(
            "the checksum or the region count does not match the part's contents (truncated or edited): rerun the shard",
        ));
    }
    if next(&mut line, &mut hash, false)? || !line.is_empty() {
        return Err(bad("text after the end line"));
    }
    if outcome.share != share || outcome.summary.regions != regions {
        return Err(bad(
            "the outcome does not match the header or the region lines",
        ));
    }
    Ok(CheckedPart {
        run: header.run,
        outcome,
    })
}

/// What the merge writes besides the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeOutputs {
    /// The region records (needs parts written with records).
    pub records: bool,
    /// The regions' patterns, for the adjacency graph (needs parts with the complex).
    pub patterns: bool,
}

/// The merge of a run's parts: the run, the summary, the complex, and what was asked for of
/// the regions.
pub struct Merged {
    /// The run the parts come from.
    pub run: ShardRun,
    /// The summary, equal to the unsharded run's.
    pub summary: Summary,
    /// The complex, if the parts have it.
    pub complex: Option<Complex>,
    /// The regions' patterns in order, if asked for.
    pub patterns: Vec<Vec<String>>,
}

/// Merges the parts of one run: checks every part through (refusing, before anything is
/// written, parts of different runs, a shard missing or given twice, a truncated or edited
/// part), puts the outcomes together, then hands `records` each region's record (renumbered
/// to its place in the whole run) in pattern order by a k-way merge of the parts.
pub fn merge_parts(
    sources: &[&dyn PartSource],
    outputs: MergeOutputs,
    records: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<Merged, String> {
    let checked: Vec<CheckedPart> = sources
        .iter()
        .map(|source| check_part(*source))
        .collect::<Result<_, _>>()?;
    let Some(first) = checked.first() else {
        return Err("no parts to merge".into());
    };
    for (part, source) in checked.iter().zip(sources).skip(1) {
        if part.run != first.run {
            return Err(format!(
                "{} and {} are shards of different runs: {} differ",
                sources[0].name(),
                source.name(),
                differences(&first.run, &part.run)
            ));
        }
    }
    let run = first.run.clone();
    if outputs.records && !run.options.records {
        return Err(
            "the parts have no region records: run the shards with --records to merge them into --jsonl"
                .into(),
        );
    }
    if outputs.patterns && !run.options.complex {
        return Err(
            "the parts have no region complex (shards run with --no-complex or --no-lattice): no adjacency graph can be merged"
                .into(),
        );
    }
    let names: Vec<String> = sources.iter().map(|s| s.name()).collect();
    let merged: MergedRun = merge_shards(checked.into_iter().map(|p| p.outcome).collect(), &names)
        .map_err(|e| e.to_string())?;
    let mut patterns = Vec::new();
    if outputs.records || outputs.patterns {
        let mut readers: Vec<Box<dyn BufRead + '_>> = Vec::with_capacity(sources.len());
        for source in sources {
            let mut reader = source.open()?;
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .map_err(|e| format!("{}: cannot read the part: {e}", source.name()))?;
            readers.push(reader);
        }
        let mut line = String::new();
        let mut index = 0;
        for &(part, regions) in &merged.order {
            for _ in 0..regions {
                line.clear();
                readers[part]
                    .read_line(&mut line)
                    .map_err(|e| format!("{}: cannot read the part: {e}", names[part]))?;
                let text = line.trim_end_matches('\n');
                if outputs.patterns {
                    let parsed: PatternLine = serde_json::from_str(text).map_err(|e| {
                        format!("{}: a region line cannot be read: {e}", names[part])
                    })?;
                    patterns.push(parsed.pattern);
                }
                if outputs.records {
                    records(&renumbered(text, index).ok_or_else(|| {
                        format!(
                            "{}: a region line does not start with its index",
                            names[part]
                        )
                    })?)?;
                }
                index += 1;
            }
        }
    }
    Ok(Merged {
        run,
        summary: merged.summary,
        complex: merged.complex,
        patterns,
    })
}

/// A region line `{"index":LOCAL,...}` with the index replaced by `index`.
fn renumbered(line: &str, index: usize) -> Option<String> {
    let rest = line.strip_prefix("{\"index\":")?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .filter(|&n| n > 0)?;
    Some(format!("{{\"index\":{index}{}", &rest[digits..]))
}

/// What differs between two runs, for the refusal.
fn differences(a: &ShardRun, b: &ShardRun) -> String {
    let mut what = Vec::new();
    if a.network != b.network {
        what.push("the networks");
    }
    if a.domain != b.domain {
        what.push("the domains");
    }
    if a.options != b.options {
        what.push(
            "the options (--no-volume, --no-lattice, --no-complex, --records, --simplices, --frontier)",
        );
    }
    what.join(" and ")
}
