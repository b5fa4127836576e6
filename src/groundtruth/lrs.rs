//! lrs (lrslib), run as an external program: the exact oracle the dataset is checked against.

use crate::exact::{parse_rational, Rational};
use std::io::Write;
use std::process::{Command, Stdio};

/// What lrs answers for an H-representation: vertices and rays (homogeneous rows with a
/// leading 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsVertices {
    /// The vertices' coordinates.
    pub vertices: Vec<Vec<Rational>>,
    /// The extreme rays' directions.
    pub rays: Vec<Vec<Rational>>,
}

/// Runs `lrs` on the `kind` (`H-representation` or `V-representation`) `rows`, with the
/// trailing `options` lines, and returns its standard output. `Err` when lrs cannot be run.
fn run(kind: &str, rows: &[Vec<Rational>], options: &str) -> Result<String, String> {
    let width = rows.first().map_or(0, Vec::len);
    let mut input = format!("relupoly\n{kind}\nbegin\n{} {width} rational\n", rows.len());
    for row in rows {
        let items: Vec<String> = row.iter().map(ToString::to_string).collect();
        input.push_str(&items.join(" "));
        input.push('\n');
    }
    input.push_str("end\n");
    input.push_str(options);
    let mut child = Command::new("lrs")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run lrs (Debian package lrslib): {e}"))?;
    child
        .stdin
        .take()
        .ok_or("lrs has no standard input")?
        .write_all(input.as_bytes())
        .map_err(|e| format!("cannot write to lrs: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("lrs did not finish: {e}"))?;
    String::from_utf8(output.stdout).map_err(|e| format!("lrs printed non-UTF-8 output: {e}"))
}

/// The rows lrs printed between its last `begin` and `end` (lrs restarts with wider arithmetic
/// on overflow and then prints its answer again), each with `width` entries.
fn last_block(text: &str, width: usize) -> Result<Vec<Vec<Rational>>, String> {
    let block = text
        .rsplit_once("begin")
        .and_then(|(_, rest)| rest.split_once("end"))
        .map(|(block, _)| block)
        .ok_or_else(|| format!("lrs printed no representation:\n{text}"))?;
    block
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('*'))
        .map(|line| {
            let fields = line
                .split_whitespace()
                .map(parse_rational)
                .collect::<Result<Vec<Rational>, _>>()
                .map_err(|e| format!("unexpected lrs line \"{line}\": {e}"))?;
            if fields.len() == width {
                Ok(fields)
            } else {
                Err(format!("unexpected lrs line \"{line}\""))
            }
        })
        .collect()
}

/// The vertices and rays of `{x : b + a.x >= 0 for every row (b, a)}`, computed by lrs.
pub fn vertices(rows: &[Vec<Rational>]) -> Result<LrsVertices, String> {
    let width = rows.first().map_or(0, Vec::len);
    let mut answer = LrsVertices {
        vertices: Vec::new(),
        rays: Vec::new(),
    };
    for row in last_block(&run("H-representation", rows, "")?, width)? {
        if row[0] == 0u32 {
            answer.rays.push(row[1..].to_vec());
        } else {
            answer.vertices.push(row[1..].to_vec());
        }
    }
    Ok(answer)
}

fn homogeneous(points: &[Vec<Rational>]) -> Vec<Vec<Rational>> {
    points
        .iter()
        .map(|p| {
            std::iter::once(Rational::from(1u32))
                .chain(p.iter().cloned())
                .collect()
        })
        .collect()
}

/// The facets `(b, a)` (meaning `b + a.x >= 0`) of the convex hull of `points`, computed by
/// lrs (each up to a positive factor).
pub fn facets(points: &[Vec<Rational>]) -> Result<Vec<Vec<Rational>>, String> {
    let rows = homogeneous(points);
    last_block(&run("V-representation", &rows, "")?, rows[0].len())
}

/// The volume of the convex hull of `points`, computed exactly by lrs.
pub fn volume(points: &[Vec<Rational>]) -> Result<Rational, String> {
    let text = run("V-representation", &homogeneous(points), "volume\n")?;
    let value = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("*Volume="))
        .ok_or_else(|| format!("lrs printed no volume:\n{text}"))?;
    parse_rational(value.trim()).map_err(|e| format!("lrs volume \"{value}\": {e}"))
}
