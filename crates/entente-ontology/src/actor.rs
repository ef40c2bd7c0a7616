//! CAMEO-style actor codes and the hierarchy they roll up through.
//!
//! A code is a root followed by three-character segments: `IRNMIL` is Iran's
//! armed forces, `AFGREBTAL` the Taliban, `IGOWSTNAT` NATO. Segments are
//! roles (`GOV`, `MIL`, `REB`, ... from `data/roles.tsv`) or tags naming
//! one organisation; lower-case segments are CAMEO ethnic codes, as GDELT
//! writes them (`kur`).
//!
//! Two derived notions drive analysis:
//! - the *node* of a code ([`ActorCode::node`]): what it counts as at
//!   country level. State roles roll up to the country (`IRNMILIRG` → `IRN`);
//!   roles that stand apart from the state (`REB`, `INS`, `SEP`, `UAF`,
//!   `OPP`) keep the actor separate (`AFGREBTAL` stays itself: the Taliban is
//!   not Afghanistan); IGOs and other transnational actors are their own
//!   nodes.
//! - the *ancestors* of a code: every less specific code it is included in,
//!   used by filters (`--source IRN` matches `IRNMIL`). Ancestors never cross
//!   from a non-state actor to its country. [`ActorHierarchy`] adds declared
//!   `part_of` links for organisations whose code does not show their
//!   parent.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// A validated actor code. Surrounding whitespace is removed; case is kept
/// because lower-case segments are ethnic codes.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorCode(String);

/// Why a string is not an actor code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActorCodeError {
    /// Empty after trimming.
    #[error("empty actor code")]
    Empty,
    /// Length not a multiple of three, or characters other than letters and digits.
    #[error("actor code {0:?} is not 3-character segments of letters and digits")]
    Malformed(String),
}

/// What a code's root is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A state or territory (ISO 3166 alpha-3, or Kosovo's `KSV`).
    Country,
    /// A CAMEO region such as `MEA` or `WST`.
    Region,
    /// A former state such as `SUN` or `YUG`.
    Historical,
    /// An intergovernmental organisation (`IGO...`).
    Igo,
    /// A non-governmental organisation (`NGO...`).
    Ngo,
    /// An international militarised group (`IMG...`).
    Img,
    /// A multinational company (`MNC...`).
    Mnc,
    /// A non-governmental movement (`NGM...`).
    Ngm,
    /// A role without a country (`GOV`, `CVL`, `MUS`): some government, some civilians.
    RoleOnly,
    /// A CAMEO ethnic code (lower case).
    Ethnic,
    /// A root entente does not know.
    Other,
}

/// Whether a role counts for its country at country level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleRollup {
    /// Rolls up to the country (`GOV`, `MIL`, `MED`, ...).
    State,
    /// Stands apart from the state (`REB`, `INS`, `SEP`, `UAF`, `OPP`).
    Separate,
}

/// A country, region or former state from `data/countries.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// Three-letter code.
    pub code: &'static str,
    /// `state`, `observer`, `state-nonmember`, `territory`, `historical` or `region`.
    pub kind: &'static str,
    /// entente's short English name.
    pub name: &'static str,
}

/// A role code from `data/roles.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// Three-letter code.
    pub code: &'static str,
    /// Whether it rolls up to its country.
    pub rollup: RoleRollup,
    /// Short name.
    pub name: &'static str,
}

const TRANSNATIONAL: [(&str, ActorKind); 5] = [
    ("IGO", ActorKind::Igo),
    ("NGO", ActorKind::Ngo),
    ("IMG", ActorKind::Img),
    ("MNC", ActorKind::Mnc),
    ("NGM", ActorKind::Ngm),
];

impl ActorCode {
    /// Parses a code: trims whitespace, then requires one or more
    /// three-character segments of ASCII letters and digits.
    pub fn parse(s: &str) -> Result<ActorCode, ActorCodeError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(ActorCodeError::Empty);
        }
        if !t.len().is_multiple_of(3) || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ActorCodeError::Malformed(t.to_string()));
        }
        Ok(ActorCode(t.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three-character segments, root first.
    pub fn segments(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.0.len() / 3).map(move |i| &self.0[i * 3..i * 3 + 3])
    }

    /// The root segment.
    pub fn root(&self) -> &str {
        &self.0[..3]
    }

    /// What the root is.
    pub fn kind(&self) -> ActorKind {
        root_kind(self.root())
    }

    /// The country of a code whose root is a country, region or former state.
    pub fn country(&self) -> Option<&'static Country> {
        country(self.root())
    }

    /// Role segments after the root, in order (`IRNGOVMIL` → `GOV`, `MIL`).
    pub fn roles(&self) -> Vec<&str> {
        self.segments()
            .skip(1)
            .filter(|s| role(s).is_some())
            .collect()
    }

    /// Segments after the root that are neither roles nor ethnic codes:
    /// tags naming one organisation (`AFGREBTAL` → `TAL`).
    pub fn tags(&self) -> Vec<&str> {
        self.segments()
            .skip(1)
            .filter(|s| role(s).is_none() && !is_ethnic(s))
            .collect()
    }

    /// Length in bytes of the country-level node (see the module doc).
    fn node_len(&self) -> usize {
        let segs: Vec<&str> = self.segments().collect();
        match self.kind() {
            ActorKind::Country | ActorKind::Region | ActorKind::Historical => {
                match segs
                    .iter()
                    .position(|s| role_rollup(s) == Some(RoleRollup::Separate))
                {
                    None => 3,
                    Some(i) => {
                        // The separate role and the tags that name the group after it.
                        let mut end = i + 1;
                        while end < segs.len() && role(segs[end]).is_none() && !is_ethnic(segs[end])
                        {
                            end += 1;
                        }
                        end * 3
                    }
                }
            }
            _ => {
                // Up to the last segment that is not a role: the organisation itself.
                let last = segs.iter().rposition(|s| role(s).is_none()).unwrap_or(0);
                (last + 1) * 3
            }
        }
    }

    /// The code's node at country level, by structure alone
    /// (`IRNMILIRG` → `IRN`, `AFGREBTAL` → `AFGREBTAL`, `IGOUNODEVWBK` →
    /// itself, `MNCUSAMED` → `MNCUSA`).
    pub fn node(&self) -> ActorCode {
        ActorCode(self.0[..self.node_len()].to_string())
    }

    /// Whether the node is a state (its code is a bare country).
    pub fn is_state_side(&self) -> bool {
        matches!(
            self.kind(),
            ActorKind::Country | ActorKind::Region | ActorKind::Historical
        ) && self.node_len() == 3
    }

    /// Less specific codes this one is included in by structure, nearest
    /// first, not including itself: `IRNGOVFOR` → `IRNGOV`, `IRN`;
    /// `AFGREBTAL` → `AFGREB` (not `AFG`); `IGOUNODEVWBK` → `IGOUNODEV`,
    /// `IGOUNO`, `IGO`.
    pub fn structural_ancestors(&self) -> Vec<ActorCode> {
        let floor = match self.kind() {
            ActorKind::Country | ActorKind::Region | ActorKind::Historical => {
                let segs: Vec<&str> = self.segments().collect();
                match segs
                    .iter()
                    .position(|s| role_rollup(s) == Some(RoleRollup::Separate))
                {
                    None => 3,
                    Some(i) => (i + 1) * 3,
                }
            }
            _ => 3,
        };
        let mut out = Vec::new();
        let mut len = self.0.len();
        while len > floor {
            len -= 3;
            out.push(ActorCode(self.0[..len].to_string()));
        }
        out
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorCode({})", self.0)
    }
}

impl std::str::FromStr for ActorCode {
    type Err = ActorCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActorCode::parse(s)
    }
}

fn is_ethnic(seg: &str) -> bool {
    seg.bytes().all(|b| b.is_ascii_lowercase())
}

fn root_kind(root: &str) -> ActorKind {
    if let Some(c) = country(root) {
        return match c.kind {
            "region" => ActorKind::Region,
            "historical" => ActorKind::Historical,
            _ => ActorKind::Country,
        };
    }
    if let Some((_, k)) = TRANSNATIONAL.iter().find(|(r, _)| *r == root) {
        return *k;
    }
    if role(root).is_some() {
        return ActorKind::RoleOnly;
    }
    if is_ethnic(root) {
        return ActorKind::Ethnic;
    }
    ActorKind::Other
}

struct Tables {
    countries: Vec<Country>,
    country_index: HashMap<&'static str, usize>,
    country_names: HashMap<String, usize>,
    roles: Vec<Role>,
    role_index: HashMap<&'static str, usize>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let countries: Vec<Country> =
            crate::parse_builtin_tsv("countries.tsv", include_str!("../data/countries.tsv"))
                .into_iter()
                .map(|r| Country {
                    code: r[0],
                    kind: r[1],
                    name: r[2],
                })
                .collect();
        let country_index = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code, i))
            .collect();
        let country_names = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.to_lowercase(), i))
            .collect();
        let roles: Vec<Role> =
            crate::parse_builtin_tsv("roles.tsv", include_str!("../data/roles.tsv"))
                .into_iter()
                .map(|r| Role {
                    code: r[0],
                    rollup: match r[1] {
                        "separate" => RoleRollup::Separate,
                        "state" => RoleRollup::State,
                        other => panic!("roles.tsv: bad rollup {other:?}"),
                    },
                    name: r[2],
                })
                .collect();
        let role_index = roles.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
        Tables {
            countries,
            country_index,
            country_names,
            roles,
            role_index,
        }
    })
}

/// Every country, region and former state entente knows, by code.
pub fn countries() -> &'static [Country] {
    &tables().countries
}

/// The country, region or former state with this code.
pub fn country(code: &str) -> Option<&'static Country> {
    let t = tables();
    t.country_index.get(code).map(|&i| &t.countries[i])
}

/// The country whose short name is `name`, ignoring case.
pub fn country_by_name(name: &str) -> Option<&'static Country> {
    let t = tables();
    t.country_names
        .get(&name.trim().to_lowercase())
        .map(|&i| &t.countries[i])
}

/// Every role code.
pub fn roles() -> &'static [Role] {
    &tables().roles
}

/// The role with this code.
pub fn role(code: &str) -> Option<&'static Role> {
    let t = tables();
    t.role_index.get(code).map(|&i| &t.roles[i])
}

fn role_rollup(code: &str) -> Option<RoleRollup> {
    role(code).map(|r| r.rollup)
}

/// Declared `part_of` links between actors, on top of what their codes show
/// (a dictionary may code a guard corps `IRG` and declare it part of
/// `IRNMIL`).
#[derive(Clone, Debug, Default)]
pub struct ActorHierarchy {
    parents: HashMap<ActorCode, ActorCode>,
}

impl ActorHierarchy {
    /// An empty hierarchy: structure only.
    pub fn new() -> ActorHierarchy {
        ActorHierarchy::default()
    }

    /// Declares `child` part of `parent`. A link that would make a cycle is
    /// refused and reported as `false`.
    pub fn declare(&mut self, child: ActorCode, parent: ActorCode) -> bool {
        if child == parent || self.ancestors(&parent).contains(&child) {
            return false;
        }
        self.parents.insert(child, parent);
        true
    }

    /// The declared links, child to parent.
    pub fn links(&self) -> impl Iterator<Item = (&ActorCode, &ActorCode)> {
        self.parents.iter()
    }

    /// Every code `code` is included in, nearest first, without itself:
    /// structural ancestors, then declared parents of itself and of each
    /// ancestor, transitively. No duplicates.
    pub fn ancestors(&self, code: &ActorCode) -> Vec<ActorCode> {
        let mut out: Vec<ActorCode> = Vec::new();
        let mut queue = vec![code.clone()];
        while let Some(c) = queue.pop() {
            let mut next = Vec::new();
            if let Some(p) = self.parents.get(&c) {
                next.push(p.clone());
            }
            next.extend(c.structural_ancestors());
            for a in next {
                if a != *code && !out.contains(&a) {
                    out.push(a.clone());
                    queue.push(a);
                }
            }
            // Guard against runaway growth from odd declarations.
            if out.len() > 64 {
                break;
            }
        }
        out
    }

    /// Whether `code` is `ancestor` or included in it.
    pub fn is_within(&self, code: &ActorCode, ancestor: &ActorCode) -> bool {
        code == ancestor || self.ancestors(code).contains(ancestor)
    }

    /// The node of `code` at country level: its structural node, except that
    /// an organisation declared part of a state organ counts for that state
    /// (`IRG` part of `IRNMIL` → `IRN`). Groups declared part of other
    /// groups keep their own node: an affiliate is still its own actor.
    pub fn node(&self, code: &ActorCode) -> ActorCode {
        let own = code.node();
        if own.is_state_side() {
            return own;
        }
        for a in self.ancestors(code) {
            if a.is_state_side() && !code.structural_ancestors().contains(&a) {
                return a.node();
            }
        }
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> ActorCode {
        ActorCode::parse(s).unwrap()
    }

    #[test]
    fn parse_trims_and_validates() {
        assert_eq!(c(" UIS").as_str(), "UIS");
        assert_eq!(c("srp").as_str(), "srp");
        assert_eq!(ActorCode::parse(""), Err(ActorCodeError::Empty));
        assert!(matches!(
            ActorCode::parse("IRNG"),
            Err(ActorCodeError::Malformed(_))
        ));
        assert!(matches!(
            ActorCode::parse("2.02E+13"),
            Err(ActorCodeError::Malformed(_))
        ));
        assert!(matches!(
            ActorCode::parse("IR N"),
            Err(ActorCodeError::Malformed(_))
        ));
    }

    #[test]
    fn kinds_of_roots() {
        assert_eq!(c("IRNMIL").kind(), ActorKind::Country);
        assert_eq!(c("MEA").kind(), ActorKind::Region);
        assert_eq!(c("SUN").kind(), ActorKind::Historical);
        assert_eq!(c("IGOWSTNAT").kind(), ActorKind::Igo);
        assert_eq!(c("GOV").kind(), ActorKind::RoleOnly);
        assert_eq!(c("kur").kind(), ActorKind::Ethnic);
        assert_eq!(c("XQZ").kind(), ActorKind::Other);
        assert_eq!(c("IRNMIL").country().unwrap().name, "Iran");
    }

    #[test]
    fn roles_and_tags() {
        let t = c("AFGREBTAL");
        assert_eq!(t.roles(), vec!["REB"]);
        assert_eq!(t.tags(), vec!["TAL"]);
        assert_eq!(c("IRNGOVMIL").roles(), vec!["GOV", "MIL"]);
    }

    #[test]
    fn nodes_at_country_level() {
        assert_eq!(c("IRNMIL").node(), c("IRN"));
        assert_eq!(c("IRNMILIRGQDS").node(), c("IRN"));
        assert_eq!(c("AFGREBTAL").node(), c("AFGREBTAL"));
        assert_eq!(c("AFGREB").node(), c("AFGREB"));
        assert_eq!(c("PAKINSTTPGOV").node(), c("PAKINSTTP"));
        assert_eq!(c("IGOWSTNAT").node(), c("IGOWSTNAT"));
        assert_eq!(c("IGOUNODEVWBK").node(), c("IGOUNODEVWBK"));
        assert_eq!(c("MNCUSAMED").node(), c("MNCUSA"));
        assert_eq!(c("GOV").node(), c("GOV"));
        assert_eq!(c("baqGOV").node(), c("baq"));
        assert!(c("USAGOV").is_state_side());
        assert!(!c("AFGREBTAL").is_state_side());
    }

    #[test]
    fn structural_ancestors_stop_at_non_state() {
        assert_eq!(
            c("IRNGOVFOR").structural_ancestors(),
            vec![c("IRNGOV"), c("IRN")]
        );
        assert_eq!(c("AFGREBTAL").structural_ancestors(), vec![c("AFGREB")]);
        assert!(c("AFGREB").structural_ancestors().is_empty());
        assert_eq!(
            c("IGOUNODEVWBK").structural_ancestors(),
            vec![c("IGOUNODEV"), c("IGOUNO"), c("IGO")]
        );
    }

    #[test]
    fn declared_links() {
        let mut h = ActorHierarchy::new();
        assert!(h.declare(c("IRG"), c("IRNMIL")));
        assert!(h.declare(c("SOMINSSHB"), c("IMGMUSAQD")));
        assert!(!h.declare(c("IRNMIL"), c("IRG")), "cycle refused");
        assert!(h.is_within(&c("IRG"), &c("IRN")));
        assert!(h.is_within(&c("SOMINSSHB"), &c("IMGMUSAQD")));
        assert!(h.is_within(&c("SOMINSSHB"), &c("IMG")));
        assert!(!h.is_within(&c("SOMINSSHB"), &c("SOM")));
        assert_eq!(h.node(&c("IRG")), c("IRN"));
        assert_eq!(h.node(&c("SOMINSSHB")), c("SOMINSSHB"));
        assert_eq!(h.node(&c("IRNMIL")), c("IRN"));
    }

    #[test]
    fn every_un_member_is_known() {
        let states = countries().iter().filter(|c| c.kind == "state").count();
        assert_eq!(states, 193);
        assert_eq!(country_by_name("iran").unwrap().code, "IRN");
        assert!(role("GOV").is_some());
        assert_eq!(role("REB").unwrap().rollup, RoleRollup::Separate);
    }
}
