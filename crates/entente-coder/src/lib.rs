//! entente's text coder: English news and analysis prose in, dated and
//! attributed CAMEO/PLOVER events out, each with the sentence, the
//! character spans of source, target and trigger, and the dictionary rule
//! that fired.
//!
//! Pipeline per document: [`text`] splits sentences and tokens; [`mentions`]
//! finds actors (names, agents with owners, people with dated roles,
//! compounds, words that refer back); [`dates`] finds date expressions;
//! [`events`] finds triggers and assembles events; this module resolves
//! references across sentences, picks each event's date and builds the
//! [`Event`] records. The coder does no I/O: dictionaries come in as a
//! [`Dictionary`], text as a [`Document`].

pub mod dates;
pub mod dict;
pub mod eval;
pub mod events;
pub mod html;
pub mod lexicon;
pub mod mentions;
pub mod petrarch;
pub mod text;
pub mod trie;

use entente_ontology::{
    ActorCode, DateSource, Event, FuzzyDate, Modality, Precision, Provenance, Span, Spans,
};

use dict::DiscardScope;
pub use dict::{DictError, Dictionary};
use events::{Group, SentenceView, find_events, find_triggers};
use mentions::{BackRef, Kind, Mention, Referent, compounds, find_backrefs, find_mentions};
use text::Sentence;

/// An actor code with the token range that names it.
type Placed = (ActorCode, usize, usize);

/// The coder's version, recorded with every event it codes.
pub const CODER_VERSION: &str = concat!("entente-coder ", env!("CARGO_PKG_VERSION"));

/// A document to code.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Identifier, carried into every event.
    pub id: String,
    /// Publication date: anchors relative dates and is the fallback date.
    pub date: FuzzyDate,
    /// Plain text (see [`html::to_text`] for HTML).
    pub text: String,
}

/// Settings one run changes without new dictionaries (a validation file
/// switches PETRARCH options between its records). `None` keeps the
/// dictionaries' setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// [`Dictionary::one_sided_events`].
    pub one_sided_events: Option<bool>,
}

/// What coding a document produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Coded {
    /// The document's sentences.
    pub sentences: Vec<Sentence>,
    /// Its events, in sentence order.
    pub events: Vec<Event>,
    /// Whether a document-level discard phrase stopped coding.
    pub discarded: bool,
}

/// The coder: dictionaries ready to use. Cheap to share between threads.
#[derive(Clone, Debug)]
pub struct Coder {
    dict: Dictionary,
    version: String,
}

/// An actor seen earlier in the document, for words that refer back.
#[derive(Clone, Debug)]
struct Seen {
    referents: Vec<Referent>,
    kind: Kind,
    plural: bool,
    /// One person: a named one, or one holder of a title ("the foreign
    /// minister"), whom "he" or "she" can refer back to.
    human: bool,
    /// Index of the sentence it was seen in.
    sentence: usize,
}

/// Whether a mention is one person: a named one, or one holder of a title
/// ("a senior British minister", "the army chief").
fn one_person(m: &Mention, toks: &[text::Token]) -> bool {
    m.kind == Kind::Person
        || (!m.plural
            && m.end > m.start
            && lexicon::is(lexicon::PERSON_TITLES, &toks[m.end - 1].norm))
}

/// The actor a word that refers back points to: the latest one that fits;
/// but a word opening its sentence (before any other actor) takes the
/// earliest fitting actor of the latest sentence that has one, since a
/// sentence's subject usually continues the previous sentence's subject
/// ("Iran has long opposed Israel. The country threatened it").
fn antecedent(
    history: &[Seen],
    opens_sentence: bool,
    fits: impl Fn(&Seen) -> bool,
) -> Option<&Seen> {
    let latest = history.iter().rev().find(|h| fits(h))?;
    if !opens_sentence {
        return Some(latest);
    }
    history
        .iter()
        .find(|h| h.sentence == latest.sentence && fits(h))
}

impl Coder {
    /// A coder with these dictionaries.
    pub fn new(dict: Dictionary) -> Coder {
        let version = format!("{CODER_VERSION} ({} dictionary files)", dict.files.len());
        Coder { dict, version }
    }

    /// The dictionaries.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// What the coder sees in each sentence of a document: actor mentions,
    /// triggers and dates, for dictionary authors asking "why (not)?".
    pub fn explain(&self, doc: &Document) -> String {
        let mut out = String::new();
        for s in text::sentences(&doc.text) {
            let toks = &s.tokens;
            out.push_str(&format!("[{}] {}\n", s.index, s.text));
            let words = |a: usize, b: usize| {
                toks[a..b]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            for m in find_mentions(&self.dict, toks, doc.date) {
                let codes: Vec<String> = m
                    .codes_on(&self.dict, doc.date)
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                out.push_str(&format!(
                    "  actor   {:<40} {:?}{}{}\n",
                    words(m.start, m.end),
                    codes,
                    if m.adjective_only { " (adjective)" } else { "" },
                    if m.anaphoric { " (needs an owner)" } else { "" }
                ));
            }
            let mentions = find_mentions(&self.dict, toks, doc.date);
            for t in find_triggers(&self.dict, toks, &mentions) {
                let what = match t.what {
                    events::TriggerKind::Verb(v) => {
                        format!("verb {} ({:?})", self.dict.verbs[v.verb].lemma, v.form)
                    }
                    events::TriggerKind::Noun(n) => format!("noun {}", self.dict.nouns[n].lemma),
                };
                out.push_str(&format!("  trigger {:<40} {what}\n", words(t.start, t.end)));
            }
            for d in dates::find_dates(toks, doc.date, None) {
                out.push_str(&format!(
                    "  date    {:<40} {}\n",
                    words(d.start, d.end),
                    d.date
                ));
            }
        }
        out
    }

    /// Codes one document.
    pub fn code(&self, doc: &Document) -> Coded {
        self.code_with(doc, Overrides::default())
    }

    /// Codes one document with some settings changed.
    pub fn code_with(&self, doc: &Document, overrides: Overrides) -> Coded {
        let one_sided_events = overrides
            .one_sided_events
            .unwrap_or(self.dict.one_sided_events);
        let sentences = text::sentences(&doc.text);
        let discarded = sentences.iter().any(|s| {
            (0..s.tokens.len()).any(|i| {
                self.dict
                    .discards
                    .matches_at(&s.tokens, i)
                    .iter()
                    .any(|(_, scope)| **scope == DiscardScope::Document)
            })
        });
        if discarded {
            return Coded {
                sentences,
                events: Vec::new(),
                discarded: true,
            };
        }
        let mut events = Vec::new();
        let mut history: Vec<Seen> = Vec::new();
        let mut last_country: Option<ActorCode> = None;
        // Whose officials and organs the text has named so far: a state's
        // organ counts two, its name one, a place something happens in
        // nothing ("talks in Venezuela"). The latest mention breaks ties.
        let mut organ_weight: std::collections::HashMap<String, (usize, usize)> =
            std::collections::HashMap::new();
        let mut mention_order = 0usize;
        let mut context_date: Option<FuzzyDate> = None;
        let mut context_sentence: usize = 0;
        // The country the document is most about: mentioned most often.
        let topic: Option<ActorCode> = {
            let mut counts: std::collections::HashMap<String, usize> =
                std::collections::HashMap::new();
            for s in &sentences {
                for m in find_mentions(&self.dict, &s.tokens, doc.date) {
                    if let Some(Referent::Code(c)) = m.referents.first()
                        && c.is_state_side()
                        && m.kind == Kind::Country
                    {
                        // A place something happens in, or goes to, counts double.
                        let placed = m.start > 0
                            && matches!(
                                s.tokens[m.start - 1].norm.as_str(),
                                "in" | "to" | "for" | "into"
                            );
                        *counts.entry(c.root().to_string()).or_default() +=
                            if placed { 2 } else { 1 };
                    }
                }
            }
            let best = counts
                .iter()
                .max_by_key(|(c, n)| (**n, std::cmp::Reverse((*c).clone())));
            let tied = best.is_some_and(|(c, n)| counts.iter().any(|(c2, n2)| n2 == n && c2 != c));
            best.filter(|_| !tied)
                .and_then(|(c, _)| ActorCode::parse(c).ok())
        };
        for s in &sentences {
            let events_before_sentence = events.len();
            let toks = &s.tokens;
            let sentence_discard =
                (0..toks.len()).any(|i| !self.dict.discards.matches_at(toks, i).is_empty());
            let mut mentions = find_mentions(&self.dict, toks, doc.date);
            // "ethnic Albanians in Serbia", "ethnic Turks" in Bulgaria: an
            // ethnic group, not the state its name comes from; "the Doha
            // agreement", "the Minsk accords": a named text, not a state.
            mentions.retain(|m| {
                let ethnic = m.start > 0
                    && toks[m.start - 1].norm == "ethnic"
                    && matches!(m.kind, Kind::Country | Kind::StateAgent);
                let named_text = m.kind == Kind::Country
                    && !m.adjective_only
                    && toks
                        .get(m.end)
                        .is_some_and(|t| lexicon::is(lexicon::NAMED_TEXTS, &t.norm));
                // "the Sea of Japan", "the Gulf of Oman": a body of water.
                let water = m.kind == Kind::Country
                    && ((m.start >= 2
                        && toks[m.start - 1].norm == "of"
                        && toks[m.start - 2].capitalized()
                        && lexicon::is(lexicon::WATERS, &toks[m.start - 2].norm))
                        || (lexicon::is(lexicon::WATERS, &toks[m.end - 1].norm)
                            && toks.get(m.end).is_some_and(|t| t.norm == "of")));
                !(ethnic || named_text || water)
            });
            // Agents without an owner: officials, ministries and forces
            // belong to the country the text is about; rebels, protesters
            // and the like only to a country this sentence names, if it
            // names exactly one.
            let only_country = sole_state(&mentions, |m| {
                matches!(m.kind, Kind::Country | Kind::StateAgent)
            });
            // The one country named as where things happen ("in Syria").
            let only_venue = sole_state(&mentions, |m| {
                m.kind == Kind::Country
                    && m.start > 0
                    && lexicon::is(lexicon::LOCATIVES, &toks[m.start - 1].norm)
            });
            mentions.retain_mut(|m| {
                if !m.anaphoric {
                    return true;
                }
                // "The group's envoy": the people of the group referred
                // back to are the group (roles join states only).
                if m.start >= 3
                    && toks[m.start - 1].kind == text::TokenKind::Possessive
                    && lexicon::is(lexicon::GROUP_ANAPHORS, &toks[m.start - 2].norm)
                    && toks[m.start - 3].norm == "the"
                    && let Some(h) = antecedent(&history, false, |h| h.kind == Kind::Group)
                {
                    m.referents = h.referents.clone();
                    m.kind = Kind::Group;
                    return true;
                }
                // Machines are not actors without an owner: "would send helicopters".
                let words: String = toks[m.start..m.end]
                    .iter()
                    .map(|t| t.norm.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if lexicon::is(lexicon::EQUIPMENT, words.trim_end_matches('s'))
                    || lexicon::is(lexicon::EQUIPMENT, &words)
                {
                    return false;
                }
                // Nor is an agent word used as an adjective of a thing:
                // "military equipment", "government spending".
                if toks
                    .get(m.end)
                    .is_some_and(|t| lexicon::is(lexicon::AGENT_AS_ADJECTIVE_OF, &t.norm))
                {
                    return false;
                }
                let role = m.referents.first().map(|r| match r {
                    Referent::Code(c) => c.as_str().to_string(),
                    _ => String::new(),
                });
                let state_role = role.as_deref().is_some_and(lexicon::is_state_organ);
                // With anonymous agents, one whose owner the sentence does
                // not name is an actor of no country: its bare role. But one
                // agent word before a noun is no actor, only a modifier ("his
                // official foreign visit"), unless the noun is an event it
                // does ("the police crackdown") or a voice it speaks with
                // ("the official news agency", "a military spokesman").
                if self.dict.anonymous_agents {
                    // The head of the noun after it: the last of the plain
                    // words from `i` on ("news agency", "media campaign").
                    let head_noun = |i: usize| {
                        let mut h = i;
                        while h + 1 < toks.len()
                            && mentions::plain_modifier(&self.dict, toks, h + 1)
                        {
                            h += 1;
                        }
                        h
                    };
                    let modifier = !m.plural
                        && m.end < toks.len()
                        && mentions::plain_modifier(&self.dict, toks, m.end)
                        && !lexicon::is(lexicon::VOICES, &toks[head_noun(m.end)].norm);
                    if modifier {
                        return false;
                    }
                    return match role.as_deref().map(ActorCode::parse) {
                        Some(Ok(code)) => {
                            m.referents = vec![Referent::Code(code)];
                            true
                        }
                        _ => false,
                    };
                }
                let owner = if state_role {
                    // "the government": of the state the text has named
                    // officials of, else the last state named.
                    let focus = organ_weight
                        .iter()
                        .filter(|(_, (w, _))| *w > 0)
                        .max_by_key(|(_, wl)| **wl)
                        .and_then(|(c, _)| ActorCode::parse(c).ok());
                    only_country
                        .clone()
                        .or(focus)
                        .or_else(|| last_country.clone())
                } else if sponsored(toks, m.start) && role.as_deref() != Some("SEP") {
                    // "Iran-backed militias attacked U.S. forces": backed by
                    // one state, they belong to none the sentence names as
                    // an actor; only to where they are ("in Syria").
                    // Separatists belong to the state they break from.
                    only_venue.clone()
                } else if role
                    .as_deref()
                    .is_some_and(|r| lexicon::is(lexicon::ARMED_NON_STATE, r))
                {
                    // "Militias attacked U.S. forces in Iraq": armed men
                    // no one is said to back are of the one country the
                    // sentence names, else of where they fight.
                    only_country.clone().or_else(|| only_venue.clone())
                } else {
                    only_country.clone()
                };
                match (role, &owner) {
                    (Some(role), Some(country)) if !role.is_empty() => {
                        match ActorCode::parse(&format!("{}{role}", country.root())) {
                            Ok(code) => {
                                m.referents = vec![Referent::Code(code)];
                                true
                            }
                            Err(_) => false,
                        }
                    }
                    _ => false,
                }
            });
            // Words that refer back.
            let taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
            for (start, end, kind) in find_backrefs(toks, &taken) {
                // "Afghanistan said it would ...": an earlier actor of the
                // same sentence first.
                // "In a letter to the UN, Iraq said it would ...": after a
                // verb of saying, its speaker.
                let word = |k: usize| toks[k].norm.as_str();
                let saying = match start {
                    1.. if lexicon::is(lexicon::SAYING, word(start - 1)) => Some(start - 1),
                    2.. if word(start - 1) == "that"
                        && lexicon::is(lexicon::SAYING, word(start - 2)) =>
                    {
                        Some(start - 2)
                    }
                    _ => None,
                };
                let fits = |m: &&Mention| {
                    m.end <= start
                        && !m.anaphoric
                        && !m.adjective_only
                        && match kind {
                            BackRef::Person => one_person(m, toks),
                            BackRef::Thing => !m.plural && !one_person(m, toks),
                            BackRef::Group => m.kind == Kind::Group,
                            BackRef::Plural => m.plural,
                            _ => false,
                        }
                };
                let here = saying
                    .and_then(|v| mentions.iter().filter(fits).find(|m| m.end == v))
                    .or_else(|| mentions.iter().filter(fits).min_by_key(|m| m.start))
                    .map(|m| m.referents.clone());
                if let Some(referents) = here {
                    mentions.push(Mention {
                        start,
                        end,
                        referents,
                        kind: Kind::Organisation,
                        adjective_only: false,
                        plural: false,
                        anaphoric: true,
                        refers_back: true,
                    });
                    continue;
                }
                let opens = !mentions
                    .iter()
                    .any(|m| m.start < start && !m.adjective_only);
                let pick = |fits: &dyn Fn(&Seen) -> bool| {
                    antecedent(&history, opens, fits).map(|h| h.referents.clone())
                };
                let found: Option<Vec<Referent>> = match kind {
                    BackRef::Person => pick(&|h| h.human),
                    BackRef::Thing => pick(&|h| !h.plural && !h.human),
                    BackRef::Plural => {
                        pick(&|h| h.plural || matches!(h.kind, Kind::Group | Kind::Organisation))
                    }
                    BackRef::Group => pick(&|h| h.kind == Kind::Group),
                    BackRef::Country | BackRef::IslamicRepublic => {
                        let country = |h: &Seen| match h.referents.first() {
                            Some(Referent::Code(c))
                                if matches!(h.kind, Kind::Country | Kind::StateAgent)
                                    && c.is_state_side() =>
                            {
                                ActorCode::parse(c.root()).ok()
                            }
                            _ => None,
                        };
                        if kind == BackRef::IslamicRepublic {
                            let republic = |h: &Seen| {
                                country(h)
                                    .filter(|c| mentions::ISLAMIC_REPUBLICS.contains(&c.as_str()))
                            };
                            antecedent(&history, opens, |h| republic(h).is_some())
                                .and_then(republic)
                                .or_else(|| ActorCode::parse("IRN").ok())
                                .map(|c| vec![Referent::Code(c)])
                        } else {
                            match antecedent(&history, opens, |h| country(h).is_some()) {
                                Some(h) => country(h).map(|c| vec![Referent::Code(c)]),
                                None => last_country.clone().map(|c| vec![Referent::Code(c)]),
                            }
                        }
                    }
                    BackRef::Both => {
                        // Two sides, not a state and its own organ (IRN,
                        // IRNGOV).
                        let side = |r: &Referent| match r {
                            Referent::Code(c) if c.is_state_side() => c.root().to_string(),
                            other => format!("{other:?}"),
                        };
                        let mut distinct: Vec<Referent> = Vec::new();
                        for h in history.iter().rev() {
                            for r in &h.referents {
                                if !distinct.iter().any(|d| side(d) == side(r)) {
                                    distinct.push(r.clone());
                                }
                            }
                            if distinct.len() >= 2 {
                                break;
                            }
                        }
                        (distinct.len() >= 2).then(|| distinct.into_iter().take(2).collect())
                    }
                };
                if let Some(referents) = found {
                    let plural = referents.len() > 1 || kind == BackRef::Plural;
                    mentions.push(Mention {
                        start,
                        end,
                        referents,
                        kind: Kind::Organisation,
                        adjective_only: false,
                        plural,
                        anaphoric: true,
                        refers_back: true,
                    });
                }
            }
            mentions.sort_by_key(|m| m.start);
            // Remember this sentence's actors for the next ones.
            for m in mentions.iter().filter(|m| !m.refers_back) {
                if m.adjective_only && m.kind != Kind::Country {
                    continue;
                }
                history.push(Seen {
                    referents: m.referents.clone(),
                    kind: m.kind,
                    plural: m.plural,
                    human: one_person(m, toks),
                    sentence: s.index,
                });
                if (m.kind == Kind::Country || m.kind == Kind::StateAgent)
                    && let Some(Referent::Code(c)) = m.referents.first()
                    && c.is_state_side()
                {
                    last_country = ActorCode::parse(c.root()).ok();
                    let located = m.start > 0
                        && matches!(toks[m.start - 1].norm.as_str(), "in" | "at" | "to" | "from");
                    let weight = match m.kind {
                        _ if m.anaphoric || located || m.adjective_only => 0,
                        Kind::StateAgent => 2,
                        _ => 1,
                    };
                    mention_order += 1;
                    let entry = organ_weight.entry(c.root().to_string()).or_default();
                    *entry = (entry.0 + weight, mention_order);
                }
            }
            if sentence_discard {
                continue;
            }
            let triggers = find_triggers(&self.dict, toks, &mentions);
            // An adjective before a plain noun is an actor: "Western
            // participants", "Chinese counterpart" (before an event noun it
            // only owns the event: "Israeli airstrikes").
            for m in mentions
                .iter_mut()
                .filter(|m| m.adjective_only && m.kind == Kind::Country)
            {
                let Some(next) = toks.get(m.end) else {
                    continue;
                };
                let plain = next.kind == text::TokenKind::Word
                    && !next.capitalized()
                    && !triggers.iter().any(|t| t.start == m.end)
                    && !lexicon::is_function_word(&next.norm);
                if plain {
                    m.adjective_only = false;
                    m.end += 1;
                }
            }
            let trigger_starts: Vec<usize> = triggers.iter().map(|t| t.start).collect();
            let groups: Vec<Group> = compounds(toks, &mentions, &trigger_starts)
                .into_iter()
                .map(|members| Group {
                    start: mentions[members[0]].start,
                    end: mentions[*members.last().expect("non-empty")].end,
                    adjective_only: members.iter().all(|&m| mentions[m].adjective_only),
                    members,
                })
                .collect();
            // Dates: the document's last stated date anchors "the same year";
            // it fades after a few sentences.
            if s.index > context_sentence + 3 {
                context_date = None;
            }
            let dates = dates::find_dates(toks, doc.date, context_date);
            if let Some(d) = dates.iter().rev().find(|d| !d.anaphoric).or(dates.last()) {
                context_date = Some(d.date);
                context_sentence = s.index;
            }
            let date_spans: Vec<(usize, usize)> = dates.iter().map(|d| (d.start, d.end)).collect();
            let view = SentenceView {
                tokens: toks,
                mentions: &mentions,
                groups: &groups,
                triggers: &triggers,
                dates: &date_spans,
            };
            for raw in find_events(&self.dict, &view) {
                // Date: the nearest date expression in the sentence, else the
                // context, else the publication date (the day for present or
                // intended events, the month for past ones).
                let near = dates.iter().min_by_key(|d| {
                    let a = d.start as i64 - raw.trigger.start as i64;
                    a.abs()
                });
                let (date, date_source) = match near {
                    Some(d) if d.anaphoric => (d.date, DateSource::Context),
                    Some(d) => (d.date, DateSource::Text),
                    None => match context_date.filter(|_| {
                        context_sentence + 1 >= s.index
                            && context_sentence < s.index
                            && !raw.present
                    }) {
                        Some(c) => (c, DateSource::Context),
                        None if raw.present => (doc.date, DateSource::Publication),
                        None => (doc.date.truncate(Precision::Month), DateSource::Publication),
                    },
                };
                // Who a name stands for depends on the date. An event dated
                // only by the month of publication happened between the
                // month's first day and the publication day.
                let first_day = date.first_day();
                let last_day = if date_source == DateSource::Publication && date.contains(&doc.date)
                {
                    doc.date.last_day()
                } else {
                    first_day
                };
                let resolve = |g: Option<usize>| -> Vec<(ActorCode, usize, usize)> {
                    g.map(|g| {
                        groups[g]
                            .members
                            .iter()
                            .flat_map(|&mi| {
                                let m = &mentions[mi];
                                m.codes_between(&self.dict, first_day, last_day)
                                    .into_iter()
                                    .map(move |c| (c, m.start, m.end))
                            })
                            .collect()
                    })
                    .unwrap_or_default()
                };
                let sources = resolve(raw.source);
                let mut targets = resolve(raw.target);
                // Aid and pledges of aid without a named recipient go to the
                // country the document is about ("Kuwait pledged $100 million
                // to help the victims" in a report on aid to Pakistan).
                if targets.is_empty()
                    && (raw.code.root() == 7 || raw.code.as_str().starts_with("033"))
                    && let Some(topic) = &topic
                    && sources.iter().all(|s| s.0.root() != topic.root())
                {
                    targets.push((topic.clone(), raw.trigger.start, raw.trigger.end));
                }
                // Violence and protest against no named actor happen to the
                // country where they take place ("killed three people in a
                // gunbattle in southern Serbia", "a rally in Lagos").
                if targets.is_empty()
                    && matches!(raw.code.root(), 14 | 18 | 19 | 20)
                    && let Some(m) = mentions.iter().find(|m| {
                        m.kind == Kind::Country
                            && !m.adjective_only
                            && m.start > 0
                            && lexicon::is(lexicon::LOCATIVES, &toks[m.start - 1].norm)
                            && Some(m.start) != raw.source.map(|g| groups[g].start)
                    })
                {
                    targets.extend(
                        m.codes_between(&self.dict, first_day, last_day)
                            .into_iter()
                            .map(|c| (c, m.start, m.end)),
                    );
                }
                // A protest or a demand by a country's own people, parties,
                // unions or public figures with no named target is aimed at
                // their state ("Egyptian demonstrators rioted", "opposition
                // parties in Nepal organised a general strike", "the former
                // prime minister demanded early elections").
                if targets.is_empty()
                    && matches!(raw.code.root(), 10 | 14)
                    && let Some(country) = home_state(&sources, |role| {
                        role.is_some_and(|r| !lexicon::is(lexicon::STATE_ORGANS, r))
                    })
                {
                    targets.push((country, raw.trigger.start, raw.trigger.end));
                }
                // Curfews, martial law and bans that name no one else are
                // imposed on the source's own country ("the government is
                // ready to impose martial law").
                if targets.is_empty()
                    && raw.code.as_str().starts_with("172")
                    && let Some(country) = home_state(&sources, |role| {
                        role.is_none_or(|r| lexicon::is(lexicon::STATE_ORGANS, r))
                    })
                {
                    targets.push((country, raw.trigger.start, raw.trigger.end));
                }
                if sources.is_empty() {
                    continue;
                }
                // A cooperative act announced for the future is, in CAMEO, an
                // expression of intent (03x): "will visit" is 036. A hostile
                // act announced for the future, or held out as what may or
                // would happen in what a side is reported to say, is a threat
                // (13x): "will impose a curfew" is 1323, "said it may halt
                // its mediation" 135.
                let recode = self.dict.recode_intent != Some(false) && !raw.negated;
                // Not what a side may or must have done ("said Russia must
                // have attacked"): that is a guess about the past.
                let threat = (recode
                    && (raw.intended || (raw.hypothetical && raw.reported && raw.present)))
                    .then(|| threat_code(raw.code))
                    .flatten();
                let code = match threat {
                    Some(threat) => threat,
                    None if raw.intended && recode => intent_code(raw.code),
                    None => raw.code,
                };
                // Civilians, parties and unions blocking roads protest (144,
                // obstruct passage); forces or police doing so impose a
                // blockade (191).
                let role = sources
                    .first()
                    .and_then(|s| s.0.segments().nth(1))
                    .unwrap_or("");
                let civil = lexicon::is(lexicon::CIVIL_ROLES, role);
                let armed = matches!(role, "MIL" | "COP");
                let code = match code.as_str() {
                    "191" if civil => entente_ontology::CameoCode::parse("144").unwrap_or(code),
                    "144" if armed => entente_ontology::CameoCode::parse("191").unwrap_or(code),
                    _ => code,
                };
                let modality = if raw.hypothetical && !raw.present {
                    // What a side may or must have done is a guess, even
                    // when someone else makes it.
                    Modality::Hypothetical
                } else if raw.reported {
                    Modality::Reported
                } else if threat.is_some() {
                    // The threat itself is made, whatever it holds out.
                    Modality::Asserted
                } else if raw.hypothetical {
                    Modality::Hypothetical
                } else if raw.intended {
                    Modality::Intended
                } else {
                    Modality::Asserted
                };
                let span = |a: usize, b: usize| Span {
                    start: toks[a].start,
                    end: toks[b - 1].end,
                };
                let words = |a: usize, b: usize| {
                    s.text
                        .chars()
                        .skip(toks[a].start)
                        .take(toks[b - 1].end - toks[a].start)
                        .collect::<String>()
                };
                let mut pairs: Vec<(Option<&Placed>, Option<&Placed>)> = if targets.is_empty()
                    && sources.len() >= 2
                    && (raw.joint || events::is_joint(raw.code))
                {
                    // "Jordan and Britain agreed to hold exercises": a joint
                    // cooperative act is each side's towards the other.
                    sources
                        .iter()
                        .flat_map(|a| {
                            sources
                                .iter()
                                .filter(move |b| b.0 != a.0)
                                .map(move |b| (Some(a), Some(b)))
                        })
                        .collect()
                } else if targets.is_empty() {
                    // Without a recipient, only acts that need none are
                    // events: protests, shows of force, statements of
                    // responsibility. "X attacked" with no object is usually
                    // a fragment the coder failed to read.
                    if !one_sided_events && !matches!(raw.code.root(), 1 | 14 | 15) {
                        continue;
                    }
                    sources.iter().map(|s| (Some(s), None)).collect()
                } else {
                    sources
                        .iter()
                        .flat_map(|s| targets.iter().map(move |t| (Some(s), Some(t))))
                        .collect()
                };
                // Talking, by telephone or at a table, is done by both sides:
                // "X telephoned Y" is also Y's consultation with X. So is
                // cooperating with someone: "shared expertise with X".
                let with = |t: &Placed| {
                    let mut k = t.1;
                    if k > 0 && toks[k - 1].norm == "the" {
                        k -= 1;
                    }
                    k > 0 && toks[k - 1].norm == "with"
                };
                if self.dict.mutual_acts != Some(false)
                    && (matches!(code.as_str(), "040" | "041" | "046")
                        || (code.root() == 6 && pairs.iter().all(|(_, b)| b.is_some_and(&with))))
                {
                    let back: Vec<_> = pairs
                        .iter()
                        .filter_map(|(a, b)| b.map(|b| (Some(b), *a)))
                        .collect();
                    pairs.extend(back);
                }
                for (src, tgt) in pairs {
                    let src = src.expect("source");
                    // An organ does not act on itself: the same code with a
                    // role on both sides is a misreading ("the White House
                    // froze assets in the United States": USAGOV, USAGOV).
                    // A bare country can (domestic acts: "Turkey will allow
                    // Turkish refugees to return"), and so can related codes
                    // ("Croatia investigated Croatian extremists").
                    // Nobody visits, meets or hosts itself either (a visit
                    // read with its own destination as the visitor).
                    if tgt.is_some_and(|t| {
                        t.0 == src.0 && (src.0.as_str().len() > 3 || code.root() == 4)
                    }) {
                        continue;
                    }
                    // One event per source, target and code in a sentence:
                    // two mentions of one actor ("Iran's supreme leader,
                    // Ayatollah Ali Khamenei"), a verb and its noun ("dropped
                    // its bomb on X") or two phrasings are one event.
                    let tgt_code = tgt.map(|t| &t.0);
                    if events[events_before_sentence..].iter().any(|e: &Event| {
                        e.cameo == Some(code)
                            && e.source.as_ref() == Some(&src.0)
                            && e.target.as_ref() == tgt_code
                    }) {
                        continue;
                    }
                    let mut e = Event::from_cameo(
                        date,
                        date_source,
                        Some(src.0.clone()),
                        tgt.map(|t| t.0.clone()),
                        code,
                        Provenance::Text {
                            doc_id: doc.id.clone(),
                            sentence: s.index,
                            text: s.text.clone(),
                            spans: Spans {
                                source: Some(span(src.1, src.2)),
                                target: tgt.map(|t| span(t.1, t.2)),
                                trigger: Some(span(raw.trigger.start, raw.trigger.end)),
                            },
                            rule: raw.rule.clone(),
                            coder: self.version.clone(),
                        },
                    );
                    e.source_name = Some(words(src.1, src.2));
                    e.target_name = tgt.map(|t| words(t.1, t.2));
                    e.negated = raw.negated;
                    e.modality = modality;
                    events.push(e);
                }
            }
        }
        Coded {
            sentences,
            events,
            discarded: false,
        }
    }
}

/// The state all of a source's members belong to, when it is a state and
/// the first member's role (`None` for the bare state) passes `role_ok`.
fn home_state(sources: &[Placed], role_ok: impl Fn(Option<&str>) -> bool) -> Option<ActorCode> {
    let first = &sources.first()?.0;
    if !role_ok(first.segments().nth(1)) {
        return None;
    }
    let country = ActorCode::parse(first.root()).ok()?;
    (country.is_state_side() && sources.iter().all(|s| s.0.root() == first.root()))
        .then_some(country)
}

/// The threat code (root 13) for a hostile act stated as intended or
/// conditional: cutting aid, sanctions or relations → 131x, halting talks
/// or mediation → 134/135, administrative sanctions → 132x, repression →
/// 137, force → 138x. `None` for codes that are no hostile act (protests,
/// shows of force and statements are kept as they are).
pub fn threat_code(code: entente_ontology::CameoCode) -> Option<entente_ontology::CameoCode> {
    let c = code.as_str();
    let target = match c {
        "161" => "1313",
        "162" | "1621" | "1622" | "1623" => "1311",
        "163" => "1312",
        "164" => "134",
        "165" => "135",
        "166" | "1661" | "1662" | "1663" => "136",
        "172" => "132",
        "1721" => "1321",
        "1722" => "1322",
        "1723" => "1323",
        "1724" => "1324",
        "175" => "137",
        "183" | "1831" | "1832" | "1833" => "1383",
        "191" => "1381",
        "192" => "1382",
        "190" | "193" | "194" | "195" => "1384",
        "204" | "2041" | "2042" => "1385",
        _ => match code.root() {
            16 => "131",
            17 => "130",
            18..=20 => "138",
            _ => return None,
        },
    };
    entente_ontology::CameoCode::parse(target).ok()
}

/// The "express intent" code (root 03) for a cooperative act stated as
/// intended: consult → 036, diplomatic cooperation → 032, material
/// cooperation → 031x, aid → 033x, yield → 035x. Other codes are kept.
pub fn intent_code(code: entente_ontology::CameoCode) -> entente_ontology::CameoCode {
    let target = match code.as_str() {
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "081" | "0811" | "0812" | "0813" | "0814" => "0351",
        "082" => "0352",
        "0841" | "0842" | "084" => "0353",
        "085" => "0354",
        "086" | "0861" | "0862" | "0863" => "0355",
        "087" | "0871" | "0872" | "0873" | "0874" => "0356",
        c if c.starts_with("04") => "036",
        c if c.starts_with("05") => "032",
        c if c.starts_with("06") => "031",
        c if c.starts_with("07") => "033",
        c if c.starts_with("08") => "035",
        _ => return code,
    };
    entente_ontology::CameoCode::parse(target).unwrap_or(code)
}

/// The state that named mentions passing `keep` are all of, if they name
/// exactly one (its root code).
fn sole_state(mentions: &[Mention], keep: impl Fn(&Mention) -> bool) -> Option<ActorCode> {
    let roots: std::collections::BTreeSet<&str> = mentions
        .iter()
        .filter(|m| !m.anaphoric && keep(m))
        .filter_map(|m| match m.referents.first() {
            Some(Referent::Code(c)) if c.is_state_side() => Some(c.root()),
            _ => None,
        })
        .collect();
    match roots.len() {
        1 => roots.first().and_then(|r| ActorCode::parse(r).ok()),
        _ => None,
    }
}

/// Whether the word before `at` names a sponsor ("pro-Iranian", "Iran-backed").
fn sponsored(toks: &[text::Token], at: usize) -> bool {
    at > 0 && {
        let w = toks[at - 1].norm.as_str();
        w.starts_with("pro-")
            || ["-backed", "-supported", "-sponsored", "-funded", "-aligned"]
                .iter()
                .any(|s| w.ends_with(s))
    }
}
