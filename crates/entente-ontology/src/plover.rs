//! PLOVER event types (PLOVER manual draft 0.8): sixteen types in four quad
//! classes. CAMEO codes map onto them through the table in `data/cameo.tsv`.

use std::fmt;

use crate::cameo::QuadClass;

/// One of PLOVER's sixteen event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PloverType {
    /// Agree to, or express intent to, cooperate.
    Agree,
    /// Meet, visit, talk.
    Consult,
    /// Verbal, diplomatic support.
    Support,
    /// Verbal concession.
    Concede,
    /// Material cooperation.
    Cooperate,
    /// Provide aid.
    Aid,
    /// Material concession: release, withdraw, ceasefire.
    Retreat,
    /// Ask or demand.
    Request,
    /// Criticise, accuse, investigate.
    Accuse,
    /// Reject, refuse, veto.
    Reject,
    /// Threaten.
    Threaten,
    /// Protest, demonstrate, strike.
    Protest,
    /// Reduce relations, halt aid or talks, expel.
    Sanction,
    /// Mobilise or raise the alert of forces.
    Mobilize,
    /// Coerce: arrest, seize, restrict, blockade, embargo.
    Coerce,
    /// Use violence.
    Assault,
}

impl PloverType {
    /// All sixteen types in the manual's order.
    pub const ALL: [PloverType; 16] = [
        PloverType::Agree,
        PloverType::Consult,
        PloverType::Support,
        PloverType::Concede,
        PloverType::Cooperate,
        PloverType::Aid,
        PloverType::Retreat,
        PloverType::Request,
        PloverType::Accuse,
        PloverType::Reject,
        PloverType::Threaten,
        PloverType::Protest,
        PloverType::Sanction,
        PloverType::Mobilize,
        PloverType::Coerce,
        PloverType::Assault,
    ];

    /// Upper-case name as PLOVER writes it.
    pub fn name(self) -> &'static str {
        match self {
            PloverType::Agree => "AGREE",
            PloverType::Consult => "CONSULT",
            PloverType::Support => "SUPPORT",
            PloverType::Concede => "CONCEDE",
            PloverType::Cooperate => "COOPERATE",
            PloverType::Aid => "AID",
            PloverType::Retreat => "RETREAT",
            PloverType::Request => "REQUEST",
            PloverType::Accuse => "ACCUSE",
            PloverType::Reject => "REJECT",
            PloverType::Threaten => "THREATEN",
            PloverType::Protest => "PROTEST",
            PloverType::Sanction => "SANCTION",
            PloverType::Mobilize => "MOBILIZE",
            PloverType::Coerce => "COERCE",
            PloverType::Assault => "ASSAULT",
        }
    }

    /// The quad class PLOVER assigns the type (manual, "Quad categories in
    /// PLOVER"): note SANCTION is verbal conflict there, unlike CAMEO's
    /// root 16.
    pub fn quad_class(self) -> QuadClass {
        use PloverType::*;
        match self {
            Agree | Consult | Support | Concede => QuadClass::VerbalCooperation,
            Cooperate | Aid | Retreat => QuadClass::MaterialCooperation,
            Request | Accuse | Reject | Sanction | Threaten => QuadClass::VerbalConflict,
            Protest | Mobilize | Coerce | Assault => QuadClass::MaterialConflict,
        }
    }

    /// PLOVER's conflict–cooperation score of the type as a whole (manual,
    /// "PLOVER conflict–cooperation scores"), on the Goldstein scale. The
    /// manual prints ACCUSE as 3 while all its modes score −2 to −3.5; entente
    /// reads that as a lost minus sign and uses −3.
    pub fn score(self) -> f64 {
        match self {
            PloverType::Agree => 2.5,
            PloverType::Consult => 2.5,
            PloverType::Support => 5.0,
            PloverType::Concede => 4.5,
            PloverType::Cooperate => 9.5,
            PloverType::Aid => 10.0,
            PloverType::Retreat => 6.5,
            PloverType::Request => 0.0,
            PloverType::Accuse => -3.0,
            PloverType::Reject => -2.0,
            PloverType::Threaten => -3.5,
            PloverType::Protest => -5.0,
            PloverType::Sanction => -6.0,
            PloverType::Mobilize => -5.5,
            PloverType::Coerce => -7.0,
            PloverType::Assault => -9.0,
        }
    }

    /// Parses a current type name, case-insensitively, and the legacy 0.5
    /// names used by older gold records: DEMAND → REQUEST, DISAPPROVE and
    /// INVESTIGATE → ACCUSE, FIGHT → ASSAULT.
    pub fn parse(s: &str) -> Option<PloverType> {
        let upper = s.trim().to_ascii_uppercase();
        if let Some(t) = PloverType::ALL.iter().find(|t| t.name() == upper) {
            return Some(*t);
        }
        Some(match upper.as_str() {
            "DEMAND" => PloverType::Request,
            "DISAPPROVE" | "INVESTIGATE" => PloverType::Accuse,
            "FIGHT" => PloverType::Assault,
            "MOBILISE" => PloverType::Mobilize,
            _ => return None,
        })
    }
}

impl fmt::Display for PloverType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in PloverType::ALL {
            assert_eq!(PloverType::parse(t.name()), Some(t));
            assert_eq!(PloverType::parse(&t.name().to_lowercase()), Some(t));
        }
        assert_eq!(PloverType::parse("DEMAND"), Some(PloverType::Request));
        assert_eq!(PloverType::parse("investigate"), Some(PloverType::Accuse));
        assert_eq!(PloverType::parse("FIGHT"), Some(PloverType::Assault));
        assert_eq!(PloverType::parse("NOPE"), None);
    }

    #[test]
    fn four_per_quad_roughly() {
        let count = |q| {
            PloverType::ALL
                .iter()
                .filter(|t| t.quad_class() == q)
                .count()
        };
        assert_eq!(count(QuadClass::VerbalCooperation), 4);
        assert_eq!(count(QuadClass::MaterialCooperation), 3);
        assert_eq!(count(QuadClass::VerbalConflict), 5);
        assert_eq!(count(QuadClass::MaterialConflict), 4);
    }
}
