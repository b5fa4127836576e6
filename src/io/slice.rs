//! The slice file: `{"origin": [...], "directions": [[...], ...]}` or `{"through": [p0, p1, ...]}`
//! with an optional `"numbers"` mode (see `docs/formats.md`).

use super::{read_text, InputError, JsonReader};
use crate::network::Slice;
use std::path::Path;

/// The slice of the file at `path`.
pub fn read_slice(path: &Path) -> Result<Slice, InputError> {
    let (text, origin) = read_text(path)?;
    parse_slice(&text, &origin)
}

/// The slice of the document `text` called `origin`: exactly one of `origin` with `directions`,
/// or `through`. The checks of [`Slice::new`] and [`Slice::through`] (counts, lengths, linear
/// independence, decided exactly) are located at the key they concern.
pub fn parse_slice(text: &str, origin: &str) -> Result<Slice, InputError> {
    let mut reader = JsonReader::new(origin);
    let document = reader.parse(text)?;
    let top = reader.object(
        &document,
        "top level",
        &["origin", "directions", "through", "numbers"],
    )?;
    reader.set_mode(reader.number_mode(top)?);
    match (top.get("through"), top.get("origin"), top.get("directions")) {
        (Some(points), None, None) => {
            let points = reader.rows(points, "through", "through, point", None)?;
            Slice::through(points).map_err(|e| reader.error("through", e))
        }
        (None, Some(point), Some(directions)) => {
            let point = reader.vector(point, "origin")?;
            let directions = reader.rows(directions, "directions", "direction", None)?;
            Slice::new(point, directions).map_err(|e| reader.error("directions", e))
        }
        (Some(_), _, _) => Err(reader.error(
            "top level",
            "give either \"through\" or \"origin\" with \"directions\", not both",
        )),
        _ => Err(reader.error(
            "top level",
            "expected \"origin\" and \"directions\", or \"through\" (the points the slice passes through)",
        )),
    }
}
