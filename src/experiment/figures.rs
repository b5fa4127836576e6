//! The figures of a report as plain data: what to draw and under which name; `crate::io`
//! draws them.

use std::collections::BTreeMap;

/// A line of a line plot: its label and its points.
pub type Series = (String, Vec<(f64, f64)>);

/// One figure of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Histograms side by side, each normalised to fractions of its regions.
    Distributions {
        /// Where the figure goes, relative to the report's folder (`/`-separated).
        name: String,
        /// The heading.
        title: String,
        /// One panel per `(label, count -> regions)`.
        panels: Vec<(&'static str, BTreeMap<usize, usize>)>,
    },
    /// Lines with markers and an optional horizontal reference line `(label, y)`.
    Lines {
        /// Where the figure goes, relative to the report's folder (`/`-separated).
        name: String,
        /// The heading.
        title: String,
        /// The x and y axis labels.
        axes: (&'static str, &'static str),
        /// The lines.
        series: Vec<Series>,
        /// The reference line.
        reference: Option<(&'static str, f64)>,
    },
}
