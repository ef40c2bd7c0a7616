//! CAMEO event codes: every code of the CAMEO 1.1b3 table (roots 01–20 and
//! their 3- and 4-digit children), with name, Goldstein score, quad class and
//! PLOVER equivalent.
//!
//! Codes are kept as their digit strings because the leading zero carries
//! meaning (`"042"` is a child of root `04`, and `"42"` is no code at all).
//! The table lives in `data/cameo.tsv` in the project's own layout.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::plover::PloverType;

/// A CAMEO event code such as `04`, `042` or `0211`: two to four digits whose
/// first two are the root (01–20). [`CameoCode::parse`] admits only codes of
/// the CAMEO table; [`CameoCode::parse_extended`] also local extensions of
/// them, which take their base code's properties; [`CameoCode::parse_local`]
/// also a dictionary's own codes outside CAMEO, which have no properties.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CameoCode {
    digits: [u8; 4],
    len: u8,
}

/// The four quad classes of CAMEO and PLOVER.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    /// 1: roots 01–05.
    VerbalCooperation = 1,
    /// 2: roots 06–08.
    MaterialCooperation = 2,
    /// 3: roots 09–13.
    VerbalConflict = 3,
    /// 4: roots 14–20.
    MaterialConflict = 4,
}

/// One row of the CAMEO table.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoEntry {
    /// The code.
    pub code: CameoCode,
    /// CAMEO's name for it.
    pub name: &'static str,
    /// Goldstein conflict–cooperation score, −10 to +10.
    pub goldstein: f64,
    /// PLOVER event type; `None` for roots 01 and 02, which PLOVER drops.
    pub plover: Option<PloverType>,
    /// PLOVER mode, where the CAMEO-to-PLOVER table gives one.
    pub mode: Option<&'static str>,
}

/// Why a string is not a CAMEO code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CameoError {
    /// Not the shape of a code: two digits, then up to two digits (or
    /// capital letters, for extensions and local codes).
    #[error(
        "event code {0:?} is malformed: two digits, then up to two more digits (or capital letters, in a dictionary's extensions and local codes)"
    )]
    Malformed(String),
    /// Well-formed, but not in the CAMEO table.
    #[error("unknown CAMEO code {0:?}")]
    Unknown(String),
}

impl CameoCode {
    /// Parses a code that must be in the CAMEO table. Surrounding whitespace
    /// is ignored.
    pub fn parse(s: &str) -> Result<CameoCode, CameoError> {
        let code = Self::parse_shape(s)?;
        if table().by_code.contains_key(&code) {
            Ok(code)
        } else {
            Err(CameoError::Unknown(s.trim().to_string()))
        }
    }

    /// Parses a CAMEO code or a local extension of one: a code of the table
    /// followed by one or two more digits or capital letters, as TABARI and
    /// PETRARCH dictionaries write them (`1717` under `171`, `174K` under
    /// `174`, `095` under `09`). An extension takes its base code's name,
    /// Goldstein score, quad class and PLOVER type ([`CameoCode::base`]).
    pub fn parse_extended(s: &str) -> Result<CameoCode, CameoError> {
        if let Ok(code) = Self::parse(s) {
            return Ok(code);
        }
        let code = Self::parse_label(s)?;
        if code.len > 2 && code.base().is_some() {
            Ok(code)
        } else {
            Err(CameoError::Unknown(s.trim().to_string()))
        }
    }

    /// Parses any code a dictionary may define: a CAMEO code, a local
    /// extension of one, or a local code outside CAMEO altogether (a
    /// dictionary's own label, such as the `901` of PETRARCH's validation
    /// dictionaries): two to four digits or capital letters, the first two
    /// digits. A local code has no row in the table, so no name, Goldstein
    /// score, quad class or PLOVER type ([`CameoCode::is_local`]).
    pub fn parse_local(s: &str) -> Result<CameoCode, CameoError> {
        Self::parse_label(s)
    }

    /// Checks the shape every code has: two to four digits or capital
    /// letters, the first two digits.
    fn parse_label(s: &str) -> Result<CameoCode, CameoError> {
        let t = s.trim();
        let bytes = t.as_bytes();
        let shape_ok = (2..=4).contains(&bytes.len())
            && bytes[..2].iter().all(u8::is_ascii_digit)
            && bytes[2..]
                .iter()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        if !shape_ok {
            return Err(CameoError::Malformed(t.to_string()));
        }
        let mut digits = [0u8; 4];
        digits[..bytes.len()].copy_from_slice(bytes);
        Ok(CameoCode {
            digits,
            len: bytes.len() as u8,
        })
    }

    /// Whether the code is a local extension of a CAMEO code rather than a
    /// code of the CAMEO table.
    pub fn is_extension(&self) -> bool {
        !table().by_code.contains_key(self) && self.base().is_some()
    }

    /// Whether the code is a local code outside CAMEO: neither in the table
    /// nor an extension of a code in it.
    pub fn is_local(&self) -> bool {
        self.base().is_none()
    }

    /// The code of the CAMEO table the code is or extends; `None` for a
    /// local code.
    pub fn base(&self) -> Option<CameoCode> {
        let mut code = *self;
        loop {
            if table().by_code.contains_key(&code) {
                return Some(code);
            }
            code = code.parent()?;
        }
    }

    /// Checks only the shape (2–4 digits), for reading the table itself.
    fn parse_shape(s: &str) -> Result<CameoCode, CameoError> {
        let t = s.trim();
        let bytes = t.as_bytes();
        if !(2..=4).contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(CameoError::Malformed(t.to_string()));
        }
        let mut digits = [0u8; 4];
        digits[..bytes.len()].copy_from_slice(bytes);
        Ok(CameoCode {
            digits,
            len: bytes.len() as u8,
        })
    }

    /// The code as written, e.g. `"042"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and capital letters are ever stored.
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// The root as a number, 1–20.
    pub fn root(&self) -> u8 {
        (self.digits[0] - b'0') * 10 + (self.digits[1] - b'0')
    }

    /// The root as its two-digit string, e.g. `"04"`.
    pub fn root_str(&self) -> &str {
        &self.as_str()[..2]
    }

    /// The parent code (`0211` → `021`, `042` → `04`); `None` for a root.
    pub fn parent(&self) -> Option<CameoCode> {
        (self.len > 2)
            .then(|| CameoCode {
                digits: self.digits,
                len: self.len - 1,
            })
            .map(|mut c| {
                c.digits[c.len as usize] = 0;
                c
            })
    }

    /// Number of digits (2, 3 or 4).
    pub fn depth(&self) -> usize {
        self.len as usize
    }

    /// Whether `self` is `ancestor` or one of its children.
    pub fn is_within(&self, ancestor: CameoCode) -> bool {
        self.as_str().starts_with(ancestor.as_str())
    }

    /// The code's table row (its base's, for an extension); `None` for a
    /// local code.
    pub fn entry(&self) -> Option<&'static CameoEntry> {
        self.base().map(|b| &table().entries[table().by_code[&b]])
    }

    /// Goldstein score of the code; `None` for a local code.
    pub fn goldstein(&self) -> Option<f64> {
        self.entry().map(|e| e.goldstein)
    }

    /// Quad class of the code's root; `None` for a local code.
    pub fn quad_class(&self) -> Option<QuadClass> {
        self.base().map(|b| QuadClass::of_root(b.root()))
    }

    /// PLOVER type of the code, if PLOVER has one.
    pub fn plover(&self) -> Option<PloverType> {
        self.entry().and_then(|e| e.plover)
    }

    /// CAMEO's name of the code (of its base, for an extension); `None` for
    /// a local code.
    pub fn name(&self) -> Option<&'static str> {
        self.entry().map(|e| e.name)
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CameoCode({})", self.as_str())
    }
}

impl FromStr for CameoCode {
    type Err = CameoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CameoCode::parse(s)
    }
}

impl QuadClass {
    /// Quad class of a CAMEO root (1–20); roots outside 1–20 count as
    /// material conflict only if above 13, which never happens for a parsed
    /// code.
    pub fn of_root(root: u8) -> QuadClass {
        match root {
            0..=5 => QuadClass::VerbalCooperation,
            6..=8 => QuadClass::MaterialCooperation,
            9..=13 => QuadClass::VerbalConflict,
            _ => QuadClass::MaterialConflict,
        }
    }

    /// 1–4.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// From 1–4.
    pub fn from_number(n: u8) -> Option<QuadClass> {
        Some(match n {
            1 => QuadClass::VerbalCooperation,
            2 => QuadClass::MaterialCooperation,
            3 => QuadClass::VerbalConflict,
            4 => QuadClass::MaterialConflict,
            _ => return None,
        })
    }

    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal cooperation",
            QuadClass::MaterialCooperation => "material cooperation",
            QuadClass::VerbalConflict => "verbal conflict",
            QuadClass::MaterialConflict => "material conflict",
        }
    }

    /// Whether the class is cooperative (1 or 2).
    pub fn is_cooperation(self) -> bool {
        matches!(
            self,
            QuadClass::VerbalCooperation | QuadClass::MaterialCooperation
        )
    }
}

struct Table {
    entries: Vec<CameoEntry>,
    by_code: HashMap<CameoCode, usize>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let rows = crate::parse_builtin_tsv("cameo.tsv", include_str!("../data/cameo.tsv"));
        let mut entries = Vec::with_capacity(rows.len());
        let mut by_code = HashMap::with_capacity(rows.len());
        for row in rows {
            let code = CameoCode::parse_shape(row[0]).expect("cameo.tsv: bad code");
            let goldstein: f64 = row[2].parse().expect("cameo.tsv: bad Goldstein score");
            let plover = (!row[3].is_empty())
                .then(|| PloverType::parse(row[3]).expect("cameo.tsv: bad PLOVER type"));
            let mode = (!row[4].is_empty()).then_some(row[4]);
            by_code.insert(code, entries.len());
            entries.push(CameoEntry {
                code,
                name: row[1],
                goldstein,
                plover,
                mode,
            });
        }
        Table { entries, by_code }
    })
}

/// Every CAMEO code in table order (each root followed by its children).
pub fn all() -> &'static [CameoEntry] {
    &table().entries
}

/// The row of a code given as a string, if it is a CAMEO code.
pub fn lookup(code: &str) -> Option<&'static CameoEntry> {
    CameoCode::parse(code).ok().and_then(|c| c.entry())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_root_and_children() {
        assert_eq!(all().len(), 311);
        for root in 1..=20u8 {
            let code = CameoCode::parse(&format!("{root:02}")).unwrap();
            assert_eq!(code.root(), root);
            assert_eq!(code.depth(), 2);
        }
    }

    #[test]
    fn parse_and_properties() {
        let c = CameoCode::parse("0211").unwrap();
        assert_eq!(c.as_str(), "0211");
        assert_eq!(c.root(), 2);
        assert_eq!(c.root_str(), "02");
        assert_eq!(c.parent().unwrap().as_str(), "021");
        assert_eq!(c.parent().unwrap().parent().unwrap().as_str(), "02");
        assert!(c.parent().unwrap().parent().unwrap().parent().is_none());
        assert!(c.is_within(CameoCode::parse("02").unwrap()));
        assert_eq!(c.plover(), None);
        let hit = CameoCode::parse("190").unwrap();
        assert_eq!(hit.quad_class(), Some(QuadClass::MaterialConflict));
        assert_eq!(hit.goldstein(), Some(-10.0));
        assert_eq!(hit.plover(), Some(PloverType::Assault));
        assert_eq!(CameoCode::parse(" 042 ").unwrap().as_str(), "042");
    }

    #[test]
    fn extensions_take_their_base() {
        for (code, base) in [
            ("1717", "171"),
            ("174K", "174"),
            ("095", "09"),
            ("1010", "101"),
        ] {
            assert!(
                CameoCode::parse(code).is_err(),
                "{code} is not in the table"
            );
            let c = CameoCode::parse_extended(code).unwrap();
            assert!(c.is_extension());
            assert_eq!(c.as_str(), code);
            assert!(!c.is_local());
            assert_eq!(c.base().unwrap().as_str(), base);
            assert_eq!(c.goldstein(), CameoCode::parse(base).unwrap().goldstein());
            assert_eq!(c.quad_class(), CameoCode::parse(base).unwrap().quad_class());
        }
        let table_code = CameoCode::parse_extended("042").unwrap();
        assert!(!table_code.is_extension());
        for bad in ["345", "901", "42", "0a1", "04211", "21A", "", "---"] {
            assert!(CameoCode::parse_extended(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn local_codes_have_no_properties() {
        for code in ["345", "901", "212", "21", "98A"] {
            assert!(CameoCode::parse_extended(code).is_err(), "{code}");
            let c = CameoCode::parse_local(code).unwrap();
            assert_eq!(c.as_str(), code);
            assert!(c.is_local() && !c.is_extension());
            assert_eq!(c.base(), None);
            assert_eq!(c.entry(), None);
            assert_eq!(c.goldstein(), None);
            assert_eq!(c.quad_class(), None);
            assert_eq!(c.plover(), None);
            assert_eq!(c.name(), None);
        }
        // Codes of the table and their extensions keep their properties.
        let ext = CameoCode::parse_local("1717").unwrap();
        assert!(ext.is_extension() && !ext.is_local());
        assert_eq!(
            ext.goldstein(),
            CameoCode::parse("171").unwrap().goldstein()
        );
        assert!(!CameoCode::parse_local("190").unwrap().is_local());
        for bad in ["0a1", "A12", "04211", "9", "", "---", "90a"] {
            assert!(CameoCode::parse_local(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_bad_codes() {
        assert!(matches!(
            CameoCode::parse("42"),
            Err(CameoError::Unknown(_))
        ));
        assert!(matches!(
            CameoCode::parse("21"),
            Err(CameoError::Unknown(_))
        ));
        assert!(matches!(
            CameoCode::parse("0a1"),
            Err(CameoError::Malformed(_))
        ));
        assert!(matches!(
            CameoCode::parse("04211"),
            Err(CameoError::Malformed(_))
        ));
        assert!(matches!(
            CameoCode::parse(""),
            Err(CameoError::Malformed(_))
        ));
    }

    #[test]
    fn quad_classes_follow_roots() {
        for e in all() {
            let expected = match e.code.root() {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            };
            assert_eq!(
                e.code.quad_class().map(QuadClass::number),
                Some(expected),
                "{}",
                e.code
            );
        }
    }
}
