//! `relupoly regions`: enumerate the activation regions of a network on a domain.

use super::domain::DomainArgs;
use super::emit;
use crate::exact::{Integer, Natural, Rational};
use crate::io::{
    draw_planar_regions, graph_record, parse_network, partial_path, plot_histograms, read_network,
    summary_json, write_mesh, write_view, MeshColour, MeshFormat, PartWriter, RecordFile,
    RegionColouring, ShardOptions, ShardRun,
};
use crate::network::Network;
use crate::regions::{
    Domain, DomainSpec, Limits, PatternList, Progress, RegionConsumer, RegionList, Run, RunOutcome,
    Share, SkeletonBuilder, Summary,
};
use clap::Args;
use malachite::base::num::arithmetic::traits::{FloorLogBase, Pow};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The network `relupoly regions --example` runs on (see `data/networks/README.md`).
pub const EXAMPLE_NETWORK: &str = include_str!("../../data/networks/example.json");

/// Arguments of `relupoly regions`.
#[derive(Args)]
pub struct RegionsArgs {
    /// The network file (JSON, see docs/formats.md).
    #[arg(required_unless_present = "example", conflicts_with = "example")]
    network: Option<PathBuf>,
    /// Run on the embedded example network instead of a file.
    #[arg(long)]
    example: bool,
    #[command(flatten)]
    domain: DomainArgs,
    /// Write the adjacency graph (regions and the pairs sharing a facet) to this JSON file.
    #[arg(long, value_name = "FILE")]
    graph: Option<PathBuf>,
    /// Print the summary as one JSON object instead of text.
    #[arg(long)]
    summary_json: bool,
    /// Write one JSON record per region to this file.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// With --jsonl (or --records): also write each region's pulling triangulation (simplices as
    /// vertex indices).
    #[arg(long, conflicts_with = "no_lattice")]
    simplices: bool,
    /// Draw histograms of facets, vertices and simplices per region into this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    /// Draw the regions themselves, coloured as --draw-colour says, into this SVG file (2D
    /// only).
    #[arg(long, value_name = "FILE.svg", conflicts_with_all = ["no_complex", "no_lattice"])]
    draw: Option<PathBuf>,
    /// Write the region complex's 2-skeleton (3 input dimensions, or a 3-dimensional --slice;
    /// a bounded domain) as a triangle mesh, format by extension: .obj (materials in a .mtl
    /// beside it), .ply (ASCII) or .glb (binary glTF 2.0). Each 2-cell once.
    #[arg(long, value_name = "FILE")]
    mesh: Option<PathBuf>,
    /// How --mesh and --view colour: `region` (a mesh's 2-cell in the colour of the
    /// lower-indexed region it bounds; the view's regions each in their own) or `neuron` (by
    /// the lowest neuron whose zero set supports the 2-cell; the domain's boundary left out of
    /// a mesh and faint in the view) [default: region].
    #[arg(long, value_name = "region|neuron")]
    mesh_colour: Option<MeshColour>,
    /// Write a self-contained interactive HTML view of the 3-dimensional complex (no network
    /// access): rotate by dragging, zoom by the wheel, click a region for its index, pattern
    /// and f-vector.
    #[arg(long, value_name = "FILE.html")]
    view: Option<PathBuf>,
    /// With --draw: colour the regions by number of facets (`facets`) or one colour per
    /// activation pattern (`pattern`).
    #[arg(long, value_name = "BY", default_value = "facets", requires = "draw")]
    draw_colour: RegionColouring,
    /// Do not compute exact volumes (regions keep vertices, facets, face lattices and
    /// triangulations; volumes and their sum are null): the expensive part from d = 3 on.
    #[arg(long)]
    no_volume: bool,
    /// Do not build the region complex (distinct cells, adjacency, linear pieces): memory then
    /// holds only the work in flight (the frontier and the regions of at most 8 work items per
    /// thread: about 1/256 of the regions on two cores, or for a network with at most 2^18
    /// regions by the product over layers of sum_{i <= d} C(n, i), about 1/16 of them), whatever
    /// the width of the layers.
    #[arg(long, conflicts_with = "graph")]
    no_complex: bool,
    /// Skip every region's face lattice (implies --no-complex): regions keep their pattern,
    /// vertices, facets and interior point; f-vectors, triangulations and volumes are null. For
    /// high dimensions: a region of [-1, 1]^16 has up to 3^16 faces. Needs a bounded domain.
    #[arg(long, conflicts_with = "graph")]
    no_lattice: bool,
    /// Stop with an error once the network is known to have more than N regions.
    #[arg(long, value_name = "N")]
    max_regions: Option<usize>,
    /// Compute shard K of N (0 <= K < N) of the run and write it to --out; `relupoly merge`
    /// puts the N parts together (docs/distributed.md).
    #[arg(long, value_name = "K/N", requires = "out",
          conflicts_with_all = ["graph", "summary_json", "jsonl", "plot", "draw", "slice", "mesh",
                                "view"])]
    shard: Option<Share>,
    /// With --shard: the part file to write (as PART.partial until it is complete).
    #[arg(long, value_name = "PART", requires = "shard")]
    out: Option<PathBuf>,
    /// With --shard: the number of pieces wanted in the frontier that every shard builds and
    /// splits among the shards [default: 256 per shard, at least 4096, at most 262144]. More
    /// pieces balance the shards better; every shard repeats the frontier's splitting. The
    /// same for all shards.
    #[arg(long, value_name = "PIECES", requires = "shard",
          value_parser = clap::value_parser!(u64).range(1..))]
    frontier: Option<u64>,
    /// With --shard: put each region's JSONL record in the part, so that `relupoly merge
    /// --jsonl` can write them.
    #[arg(long, requires = "shard")]
    records: bool,
    /// Print no progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Enumerates and prints what was asked for.
pub fn run(args: RegionsArgs) -> Result<(), String> {
    let (network, name) = match &args.network {
        Some(path) => (
            read_network(path).map_err(|e| e.to_string())?,
            path.display().to_string(),
        ),
        None => (
            parse_network(EXAMPLE_NETWORK, "example network").map_err(|e| e.to_string())?,
            "example network".to_string(),
        ),
    };
    let studied = args.domain.study(network)?;
    let network = studied.network;
    let dim = network.input_dim();
    if args.draw.is_some() && dim != 2 {
        return Err(format!(
            "--draw needs a network with input dimension 2 or a 2-dimensional --slice (this one has {dim})"
        ));
    }
    if args.draw.is_some() && args.domain.is_whole_space() {
        return Err(
            "--draw needs a bounded domain (a box or a polytope file), not --domain rd".into(),
        );
    }
    let skeleton_flag = match (&args.mesh, &args.view) {
        (Some(_), _) => Some("--mesh"),
        (None, Some(_)) => Some("--view"),
        (None, None) => None,
    };
    if let Some(flag) = skeleton_flag {
        if dim != 3 {
            return Err(format!(
                "{flag} needs a network with input dimension 3 or a 3-dimensional --slice (this one has {dim})"
            ));
        }
        if args.domain.is_whole_space() {
            return Err(format!(
                "{flag} needs a bounded domain (a box or a polytope file), not --domain rd: the regions of R^3 are unbounded"
            ));
        }
    } else if args.mesh_colour.is_some() {
        return Err("--mesh-colour needs --mesh FILE or --view FILE.html".into());
    }
    if let Some(path) = &args.mesh {
        MeshFormat::of_path(path).map_err(|e| format!("--mesh {e}"))?;
    }
    if args.simplices && args.jsonl.is_none() && !args.records {
        return Err("--simplices needs --jsonl FILE (or --records with --shard)".into());
    }
    let spec = studied.spec;
    let domain = spec.build(&network).map_err(|e| e.to_string())?;
    if let (Some(share), Some(out)) = (args.shard, &args.out) {
        return run_shard(&args, &network, &spec, domain, share, out);
    }
    let started = Instant::now();
    let mut reporter = ProgressReporter::new(args.quiet);
    let run = Run::new(&network, domain)
        .with_limits(Limits {
            max_regions: args.max_regions,
            skip_volumes: args.no_volume,
            // Only the records and the 3D outputs show each region's volume; the summary needs
            // just their sum.
            volume_sum_only: args.jsonl.is_none() && skeleton_flag.is_none(),
            skip_lattice: args.no_lattice,
            ..Limits::default()
        })
        .with_complex(!args.no_complex);
    let mut records = args
        .jsonl
        .as_ref()
        .map(|path| RecordFile::create(path, args.simplices, studied.slice.clone()))
        .transpose()?;
    let mut patterns = PatternList::default();
    let mut drawn = RegionList::default();
    let mut skeleton = SkeletonBuilder::default();
    let mut consumers: Vec<&mut dyn RegionConsumer> = Vec::new();
    if let Some(records) = &mut records {
        consumers.push(records);
    }
    if args.graph.is_some() {
        consumers.push(&mut patterns);
    }
    if args.draw.is_some() {
        consumers.push(&mut drawn);
    }
    if skeleton_flag.is_some() {
        consumers.push(&mut skeleton);
    }
    let RunOutcome { summary, complex } = run
        .fold(&mut |p| reporter.report(p), &mut consumers)
        .map_err(|e| e.to_string())?;
    if let Some(records) = records {
        records.finish()?;
    }
    if let (Some(path), Some(complex)) = (&args.graph, &complex) {
        std::fs::write(path, graph_record(&patterns.0, complex))
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    let domain = run.domain();
    let elapsed = started.elapsed();
    let title = format!(
        "{name} on {}{}: {} regions",
        studied.prefix,
        domain.description(),
        summary.regions
    );
    if let Some(path) = &args.plot {
        plot_histograms(
            path,
            &title,
            &[
                ("facets", &summary.facets.histogram),
                ("vertices", &summary.vertices.histogram),
                ("simplices", &summary.simplices.histogram),
            ],
        )?;
    }
    if let Some(path) = &args.draw {
        draw_planar_regions(path, &title, &drawn.0, args.draw_colour)?;
    }
    if skeleton_flag.is_some() {
        let skeleton = skeleton.finish();
        let colour = args.mesh_colour.unwrap_or(MeshColour::Region);
        if let Some(path) = &args.mesh {
            write_mesh(path, &skeleton, colour, &title)?;
        }
        if let Some(path) = &args.view {
            write_view(path, &skeleton, colour, &title)?;
        }
    }
    let text = if args.summary_json {
        format!("{}\n", summary_json(&summary, false))
    } else {
        summary_text(
            &name,
            &network,
            (&studied.prefix, domain),
            &summary,
            elapsed,
            args.no_lattice,
        )
    };
    emit(&text)
}

/// `relupoly regions --shard K/N --out PART`: one shard of the run, written to `PART.partial`
/// and renamed to `PART` once complete.
fn run_shard(
    args: &RegionsArgs,
    network: &Network,
    spec: &DomainSpec,
    domain: Domain,
    share: Share,
    out: &Path,
) -> Result<(), String> {
    let started = Instant::now();
    let mut reporter = ProgressReporter::new(args.quiet);
    let options = ShardOptions {
        volumes: !args.no_volume,
        lattice: !args.no_lattice,
        complex: !args.no_complex && !args.no_lattice,
        records: args.records,
        simplices: args.simplices,
        frontier: args.frontier.map(|n| n as usize),
    };
    let run = Run::new(network, domain)
        .with_limits(Limits {
            max_regions: args.max_regions,
            skip_volumes: args.no_volume,
            skip_lattice: args.no_lattice,
            work_items: options.frontier,
            ..Limits::default()
        })
        .with_complex(options.complex);
    let partial = partial_path(out);
    let file = std::fs::File::create(&partial)
        .map_err(|e| format!("{}: cannot create the file: {e}", partial.display()))?;
    let name = partial.display().to_string();
    let mut writer = PartWriter::new(
        BufWriter::new(file),
        &ShardRun::new(network, spec, options),
        share,
        &name,
    )?;
    let outcome = run
        .fold_shard(share, &mut |p| reporter.report(p), &mut [&mut writer])
        .map_err(|e| e.to_string())?;
    writer.finish(&outcome)?;
    std::fs::rename(&partial, out).map_err(|e| {
        format!(
            "{}: cannot rename to {}: {e}",
            partial.display(),
            out.display()
        )
    })?;
    if !args.quiet {
        eprintln!(
            "relupoly: shard {share}: {} regions below {} of the {} frontier pieces, written to {} in {:.3} s",
            outcome.summary.regions,
            outcome.pieces.len(),
            outcome.frontier,
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The text summary of a run (also of a merged one).
pub(super) fn summary_text(
    name: &str,
    network: &Network,
    (slice, domain): (&str, &Domain),
    summary: &Summary,
    elapsed: Duration,
    no_lattice: bool,
) -> String {
    let skipped_by = |flag: &'static str| if no_lattice { "--no-lattice" } else { flag };
    let mut out = String::new();
    let widths: Vec<String> = network.widths().iter().map(usize::to_string).collect();
    say!(
        out,
        "network   {name}: input dimension {}, hidden widths {}{}",
        network.input_dim(),
        widths.join("-"),
        if network.output().is_some() {
            ", with output layer"
        } else {
            ""
        }
    );
    match domain.volume() {
        Some(volume) => say!(
            out,
            "domain    {slice}{} (volume {volume})",
            domain.description()
        ),
        None => say!(out, "domain    {slice}{}", domain.description()),
    }
    say!(
        out,
        "regions   {} activation regions, {} bounded",
        summary.regions,
        summary.bounded_regions
    );
    if let Some(pieces) = summary.linear_pieces {
        say!(
            out,
            "pieces    {pieces} linear pieces of the network's function (unions of adjacent activation regions with one affine map)"
        );
    }
    match &summary.volume_total {
        None => say!(out, "volume    not computed ({})", skipped_by("--no-volume")),
        Some(total) if exact_length(total) <= 60 => {
            say!(out, "volume    {total} (sum over the bounded regions)")
        }
        Some(total) => say!(
            out,
            "volume    about {} (sum over the bounded regions; {} digits exactly, see --summary-json)",
            scientific(total),
            exact_length(total)
        ),
    }
    for (label, stats) in [
        ("facets", &summary.facets),
        ("vertices", &summary.vertices),
        ("simplices", &summary.simplices),
    ] {
        let histogram: Vec<String> = stats
            .histogram
            .iter()
            .map(|(count, regions)| format!("{count}:{regions}"))
            .collect();
        say!(
            out,
            "{label:<9} mean {} = {:.4} per region; histogram (count:regions) {}",
            stats.mean,
            stats.mean_f64(),
            histogram.join(" ")
        );
    }
    match &summary.f_vector_sum {
        Some(sum) => {
            let f: Vec<String> = sum.iter().map(usize::to_string).collect();
            say!(out, "f-vectors summed over regions ({})", f.join(", "));
        }
        None => say!(out, "f-vectors not computed (--no-lattice)"),
    }
    match &summary.complex {
        Some((cells, euler, adjacencies)) => {
            let cells: Vec<String> = cells.iter().map(usize::to_string).collect();
            say!(
                out,
                "complex   f-vector ({}), Euler characteristic {euler}, {adjacencies} adjacent pairs",
                cells.join(", ")
            );
        }
        None => say!(
            out,
            "complex   not computed ({})",
            skipped_by("--no-complex")
        ),
    }
    say!(out, "time      {:.3} s", elapsed.as_secs_f64());
    out
}

/// The number of decimal digits of `x` (1 for 0), from its logarithm: the same as the length of
/// `x.to_string()`, without converting thousands of digits.
fn decimal_digits(x: &Natural) -> u64 {
    if *x == 0u32 {
        1
    } else {
        x.floor_log_base(&Natural::from(10u32)) + 1
    }
}

/// The length of `value`'s exact form `[-]numerator[/denominator]` as it prints.
fn exact_length(value: &Rational) -> u64 {
    let sign = u64::from(*value < 0u32);
    let denominator = value.denominator_ref();
    let fraction = if *denominator == 1u32 {
        0
    } else {
        1 + decimal_digits(denominator)
    };
    sign + decimal_digits(value.numerator_ref()) + fraction
}

/// A non-negative rational as `d.ddddde±x` with six significant digits (truncated), however
/// large or small: an f64 would print `inf` or `0` beyond its range.
pub(super) fn scientific(value: &Rational) -> String {
    if *value == 0u32 {
        return "0".into();
    }
    let shift = 6
        - (decimal_digits(value.numerator_ref()) as i64
            - decimal_digits(value.denominator_ref()) as i64);
    let scaled = value * Rational::from(10u32).pow(shift);
    let whole = Integer::rounding_from(&scaled, RoundingMode::Floor)
        .0
        .to_string();
    let exponent = whole.len() as i64 - 1 - shift;
    format!("{}.{}e{exponent}", &whole[..1], &whole[1..6])
}

/// Progress lines on stderr, at most one a second.
pub(super) struct ProgressReporter {
    quiet: bool,
    started: Instant,
    last: Instant,
}

impl ProgressReporter {
    pub(super) fn new(quiet: bool) -> ProgressReporter {
        let now = Instant::now();
        ProgressReporter {
            quiet,
            started: now,
            last: now,
        }
    }

    pub(super) fn report(&mut self, p: Progress) {
        let now = Instant::now();
        if self.quiet || now.duration_since(self.last) < Duration::from_secs(1) {
            return;
        }
        self.last = now;
        let seconds = now.duration_since(self.started).as_secs_f64();
        if p.work_items == 0 {
            eprintln!(
                "relupoly: {seconds:.0} s, splitting breadth first: {} pieces, at least {} regions",
                p.frontier_pieces, p.regions_so_far
            );
        } else {
            eprintln!(
                "relupoly: {seconds:.0} s, {}/{} runs of subtrees below {} pieces done, at least {} regions",
                p.work_items_done, p.work_items, p.frontier_pieces, p.regions_so_far
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_from_logarithms_are_the_printed_lengths() {
        let ten = Natural::from(10u32);
        let mut values = vec![Rational::from(0u32), Rational::from(-7)];
        for k in [1u64, 2, 19, 20, 64, 300] {
            let power = Rational::from((&ten).pow(k));
            for v in [&power - Rational::from(1u32), power.clone()] {
                values.push(v.clone());
                values.push(-&v / Rational::from(3u32));
                values.push(Rational::from(1u32) / (&v + Rational::from(1u32)));
            }
        }
        for v in values {
            assert_eq!(exact_length(&v), v.to_string().len() as u64, "{v}");
        }
        let third = Rational::from_signeds(1, 3);
        assert_eq!(scientific(&third), "3.33333e-1");
        assert_eq!(scientific(&Rational::from((&ten).pow(70u64))), "1.00000e70");
    }
}
