//! GDELT event files: GDELT 2.0 exports (61 tab-separated columns) and
//! GDELT 1.0 daily and back files (57 or 58 columns), told apart by the
//! column count of each row, so files mixing 57- and 58-column rows read.
//!
//! Quirks handled: blank actor codes (one-actor events), actor codes with a
//! leading space, lower-case ethnic codes kept as such, an event id of 0,
//! Goldstein scores written `1` or `1.0`, GDELT's own quad classes for
//! roots 09 and 14 (entente recomputes quad classes from the root). Rows a spreadsheet has re-saved
//! (ids as `2.02E+13`, event codes that lost their leading zero) are
//! rejected with a reason that says so.

use entente_ontology::{ActorCode, CameoCode, DateSource, Event, FuzzyDate, Provenance};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::RowError;

/// Column positions shared by both versions.
const EVENT_ID: usize = 0;
const SQLDATE: usize = 1;
const ACTOR1_CODE: usize = 5;
const ACTOR1_NAME: usize = 6;
const ACTOR2_CODE: usize = 15;
const ACTOR2_NAME: usize = 16;
const EVENT_CODE: usize = 26;
const QUAD_CLASS: usize = 29;
const GOLDSTEIN: usize = 30;

/// Which GDELT layout a row has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// GDELT 1.0: 57 columns (back files) or 58 (daily files with SOURCEURL).
    V1,
    /// GDELT 2.0: 61 columns.
    V2,
}

impl Version {
    /// The layout for a column count.
    pub fn of_columns(n: usize) -> Option<Version> {
        match n {
            57 | 58 => Some(Version::V1),
            61 => Some(Version::V2),
            _ => None,
        }
    }

    /// Dataset name stored with each event.
    pub fn dataset(self) -> &'static str {
        match self {
            Version::V1 => "gdelt1",
            Version::V2 => "gdelt2",
        }
    }
}

/// Explains a wrong column count, with a hint when the row looks like a
/// spreadsheet export.
pub fn column_count_problem(line: &str, n: usize) -> String {
    let semis = line.matches(';').count();
    let commas = line.matches(',').count();
    let hint = if n == 1 && semis >= 20 {
        ": it is separated by ';', as a spreadsheet saves it; GDELT files are tab-separated"
    } else if n == 1 && commas >= 20 {
        ": it is separated by ',', as a spreadsheet saves it; GDELT files are tab-separated"
    } else {
        ""
    };
    format!("{n} tab-separated columns; GDELT 2.0 rows have 61, GDELT 1.0 rows 57 or 58{hint}")
}

/// Parses one GDELT row into an event. `fields` is the row split on tabs.
pub fn parse_row(
    line_no: u64,
    line: &str,
    fields: &[&str],
    file: &std::sync::Arc<str>,
) -> Result<Event, RowError> {
    let bad = |field: &'static str, reason: String| RowError {
        line: line_no,
        field: Some(field),
        reason,
    };
    let version = Version::of_columns(fields.len()).ok_or_else(|| RowError {
        line: line_no,
        field: None,
        reason: column_count_problem(line, fields.len()),
    })?;

    let id = fields[EVENT_ID].trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        let hint = if id.contains('E') || id.contains('e') {
            " (scientific notation: re-saved by a spreadsheet?)"
        } else {
            ""
        };
        return Err(bad(
            "GLOBALEVENTID",
            format!("{id:?} is not an integer{hint}"),
        ));
    }
    let date = FuzzyDate::parse(fields[SQLDATE]).map_err(|e| bad("SQLDATE", e.to_string()))?;
    let code_text = fields[EVENT_CODE].trim();
    let cameo = CameoCode::parse(code_text).map_err(|e| {
        let hint = if CameoCode::parse(&format!("0{code_text}")).is_ok() {
            " (leading zero lost: re-saved by a spreadsheet?)"
        } else {
            ""
        };
        bad("EventCode", format!("{e}{hint}"))
    })?;
    let goldstein_text = fields[GOLDSTEIN].trim();
    let goldstein: f64 = goldstein_text
        .parse()
        .ok()
        .filter(|g: &f64| g.is_finite() && (-10.0..=10.0).contains(g))
        .ok_or_else(|| {
            bad(
                "GoldsteinScale",
                format!("{goldstein_text:?} is not a score from -10 to 10"),
            )
        })?;
    let quad_text = fields[QUAD_CLASS].trim();
    // GDELT puts roots 09 and 14 in quads 2 and 3; entente derives the quad
    // class from the CAMEO root so that every source agrees, and only checks
    // that the column holds a quad class at all.
    if !matches!(quad_text.parse::<u8>(), Ok(1..=4)) {
        return Err(bad("QuadClass", format!("{quad_text:?} is not 1 to 4")));
    }
    let actor = |field: &'static str, idx: usize| -> Result<Option<ActorCode>, RowError> {
        let raw = fields[idx].trim();
        if raw.is_empty() {
            return Ok(None);
        }
        ActorCode::parse(raw)
            .map(Some)
            .map_err(|e| bad(field, e.to_string()))
    };
    let source = actor("Actor1Code", ACTOR1_CODE)?;
    let target = actor("Actor2Code", ACTOR2_CODE)?;
    let name = |idx: usize| {
        let n = fields[idx].trim();
        (!n.is_empty()).then(|| n.to_string())
    };
    let mut event = Event::from_cameo(
        date,
        DateSource::Dataset,
        source,
        target,
        cameo,
        Provenance::Dataset {
            dataset: version.dataset(),
            file: file.clone(),
            line: line_no,
            row_id: Some(id.to_string()),
            row_hash: xxh3_64_with_seed(line.as_bytes(), 0x6764_656c_7400),
        },
    );
    event.goldstein = Some(goldstein);
    event.source_name = name(ACTOR1_NAME);
    event.target_name = name(ACTOR2_NAME);
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: usize, edits: &[(usize, &str)]) -> String {
        let mut f = vec![""; n];
        f[0] = "410412347";
        f[1] = "20140218";
        f[5] = "USAGOV";
        f[6] = "UNITED STATES";
        f[15] = " IRN";
        f[26] = "043";
        f[29] = "1";
        f[30] = "2.8";
        for (i, v) in edits {
            f[*i] = v;
        }
        f.join("\t")
    }

    fn parse(line: &str) -> Result<Event, RowError> {
        let fields: Vec<&str> = line.split('\t').collect();
        parse_row(7, line, &fields, &"x.CSV".into())
    }

    #[test]
    fn reads_both_versions() {
        for n in [57, 58, 61] {
            let e = parse(&row(n, &[])).unwrap();
            assert_eq!(e.date.to_string(), "2014-02-18");
            assert_eq!(e.target.unwrap().as_str(), "IRN");
            assert_eq!(e.cameo.unwrap().as_str(), "043");
            assert_eq!(e.goldstein, Some(2.8));
        }
    }

    #[test]
    fn quirks_accepted() {
        let e = parse(&row(61, &[(0, "0"), (15, ""), (5, "srp"), (30, "1")])).unwrap();
        assert_eq!(e.target, None);
        assert_eq!(e.source.unwrap().as_str(), "srp");
        assert_eq!(e.goldstein, Some(1.0));
    }

    #[test]
    fn bad_rows_name_the_field() {
        let cases = [
            (row(61, &[(0, "2.02E+13")]), "GLOBALEVENTID", "spreadsheet"),
            (row(61, &[(1, "20141345")]), "SQLDATE", "does not exist"),
            (row(61, &[(26, "43")]), "EventCode", "leading zero"),
            (row(61, &[(26, "999")]), "EventCode", "unknown"),
            (row(61, &[(30, "high")]), "GoldsteinScale", "not a score"),
            (row(61, &[(29, "7")]), "QuadClass", "not 1 to 4"),
            (row(61, &[(5, "US GOV")]), "Actor1Code", "segments"),
        ];
        for (line, field, words) in cases {
            let err = parse(&line).unwrap_err();
            assert_eq!(err.field, Some(field), "{err}");
            assert!(err.reason.contains(words), "{err}");
            assert_eq!(err.line, 7);
        }
        let err = parse(&"a;b;c;".repeat(30)).unwrap_err();
        assert!(err.reason.contains("spreadsheet"), "{err}");
    }
}
