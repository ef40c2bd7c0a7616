//! The event record: who did what to whom, when, and where it came from.
//!
//! Every event carries its provenance: the sentence, character spans and
//! dictionary rule that produced it when coded from text, or the dataset
//! file and row when imported. Nothing in entente makes an event without
//! saying where it came from.

use crate::actor::ActorCode;
use crate::cameo::{CameoCode, QuadClass};
use crate::date::FuzzyDate;
use crate::plover::PloverType;

/// Where an event's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// Stated in the event's own sentence.
    Text,
    /// Carried from earlier in the document ("the same year").
    Context,
    /// The document's publication date, for lack of anything better.
    Publication,
    /// Given by the dataset the event was imported from.
    Dataset,
}

/// How the text presents the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Stated as having happened.
    Asserted,
    /// Planned, promised or intended ("plans to", "will").
    Intended,
    /// Possible or conditional ("may", "would", "could").
    Hypothetical,
    /// Attributed to a speaker ("X said that Y attacked Z").
    Reported,
}

/// A character range `[start, end)` in a sentence, counted in Unicode
/// scalar values from the sentence's first character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Where the source, target and trigger of a coded event are in its sentence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Spans {
    /// The words naming the source actor.
    pub source: Option<Span>,
    /// The words naming the target actor.
    pub target: Option<Span>,
    /// The words carrying the event (verb or noun).
    pub trigger: Option<Span>,
}

/// Where an event came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// Coded from text by entente's coder.
    Text {
        /// The document's identifier.
        doc_id: String,
        /// Index of the sentence in the document, from 0.
        sentence: usize,
        /// The sentence.
        text: String,
        /// Character spans in the sentence.
        spans: Spans,
        /// The dictionary entry or rule that fired.
        rule: String,
        /// Version of the coder and its dictionaries.
        coder: String,
    },
    /// Imported from an existing event dataset.
    Dataset {
        /// `gdelt2`, `gdelt1`, `icews`, `plover`, `csv` or `jsonl`.
        dataset: &'static str,
        /// The file it was read from (shared by all events of the file).
        file: std::sync::Arc<str>,
        /// Line number in that file, from 1.
        line: u64,
        /// The dataset's own event identifier, when it has one.
        row_id: Option<String>,
        /// Hash of the row's content: the same row imported twice has the
        /// same hash, and is stored once.
        row_hash: u64,
    },
}

/// One coded or imported event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When it happened, as precisely as known.
    pub date: FuzzyDate,
    /// Where the date came from.
    pub date_source: DateSource,
    /// Who acted; `None` when the source does not say.
    pub source: Option<ActorCode>,
    /// The words naming the source, or the dataset's name for it.
    pub source_name: Option<String>,
    /// To whom; `None` for events without a recipient.
    pub target: Option<ActorCode>,
    /// The words naming the target.
    pub target_name: Option<String>,
    /// CAMEO code; `None` for records coded in PLOVER only.
    pub cameo: Option<CameoCode>,
    /// PLOVER type, when the CAMEO code has one or the record gives it.
    pub plover: Option<PloverType>,
    /// PLOVER mode, when known.
    pub mode: Option<String>,
    /// Conflict–cooperation score, −10 to +10; `None` only for a
    /// dictionary's local code outside CAMEO, which has no score.
    pub goldstein: Option<f64>,
    /// Quad class; `None` only for a local code.
    pub quad_class: Option<QuadClass>,
    /// Whether the text negates it ("did not meet"). Negated events are kept
    /// for inspection but left out of analysis.
    pub negated: bool,
    /// How the text presents it.
    pub modality: Modality,
    /// Where it came from.
    pub provenance: Provenance,
}

impl Event {
    /// An event with everything a CAMEO code implies (Goldstein score, quad
    /// class, PLOVER type and mode) filled from the CAMEO table, none of
    /// them for a local code; asserted, not negated.
    pub fn from_cameo(
        date: FuzzyDate,
        date_source: DateSource,
        source: Option<ActorCode>,
        target: Option<ActorCode>,
        cameo: CameoCode,
        provenance: Provenance,
    ) -> Event {
        let entry = cameo.entry();
        Event {
            date,
            date_source,
            source,
            source_name: None,
            target,
            target_name: None,
            cameo: Some(cameo),
            plover: entry.and_then(|e| e.plover),
            mode: entry.and_then(|e| e.mode).map(str::to_string),
            goldstein: entry.map(|e| e.goldstein),
            quad_class: cameo.quad_class(),
            negated: false,
            modality: Modality::Asserted,
            provenance,
        }
    }

    /// An event known only by its PLOVER type (PLOVER/POLECAT records): the
    /// score is PLOVER's score for the type, the quad class PLOVER's.
    pub fn from_plover(
        date: FuzzyDate,
        date_source: DateSource,
        source: Option<ActorCode>,
        target: Option<ActorCode>,
        plover: PloverType,
        provenance: Provenance,
    ) -> Event {
        Event {
            date,
            date_source,
            source,
            source_name: None,
            target,
            target_name: None,
            cameo: None,
            plover: Some(plover),
            mode: None,
            goldstein: Some(plover.score()),
            quad_class: Some(plover.quad_class()),
            negated: false,
            modality: Modality::Asserted,
            provenance,
        }
    }
}

impl DateSource {
    /// Lower-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            DateSource::Text => "text",
            DateSource::Context => "context",
            DateSource::Publication => "publication",
            DateSource::Dataset => "dataset",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<DateSource> {
        Some(match s {
            "text" => DateSource::Text,
            "context" => DateSource::Context,
            "publication" => DateSource::Publication,
            "dataset" => DateSource::Dataset,
            _ => return None,
        })
    }
}

impl Modality {
    /// Lower-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Intended => "intended",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "intended" => Modality::Intended,
            "hypothetical" => Modality::Hypothetical,
            "reported" => Modality::Reported,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_cameo_fills_the_table_facts() {
        let e = Event::from_cameo(
            FuzzyDate::parse("2019-03").unwrap(),
            DateSource::Text,
            Some(ActorCode::parse("RUS").unwrap()),
            Some(ActorCode::parse("VEN").unwrap()),
            CameoCode::parse("0332").unwrap(),
            Provenance::Dataset {
                dataset: "csv",
                file: "x.csv".into(),
                line: 2,
                row_id: None,
                row_hash: 1,
            },
        );
        assert_eq!(e.quad_class, Some(QuadClass::VerbalCooperation));
        assert_eq!(e.plover, Some(PloverType::Agree));
        assert_eq!(e.mode, None);
        assert_eq!(e.goldstein, Some(5.2));
    }

    #[test]
    fn names_round_trip() {
        for m in [
            Modality::Asserted,
            Modality::Intended,
            Modality::Hypothetical,
            Modality::Reported,
        ] {
            assert_eq!(Modality::parse(m.name()), Some(m));
        }
        for d in [
            DateSource::Text,
            DateSource::Context,
            DateSource::Publication,
            DateSource::Dataset,
        ] {
            assert_eq!(DateSource::parse(d.name()), Some(d));
        }
    }
}
