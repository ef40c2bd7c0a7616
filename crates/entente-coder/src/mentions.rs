//! Actor mentions: proper names, agents with their owners ("Afghan
//! officials", "Iran's foreign minister", "the army of Mali"), people with
//! dated roles, compounds ("Iran and Russia"), appositions ("Ismail
//! Haniyeh, the political chief of Hamas") and words that refer back
//! ("it", "the group", "the two sides").
//!
//! A mention's code can depend on the date (people hold offices for a
//! time; some names denote an organisation only for a time), so mentions
//! keep what they found and resolve codes when the event's date is known.

use entente_ontology::{ActorCode, ActorKind, FuzzyDate};

use crate::dict::{AgentRole, Dictionary, NameForm, NameRef};
use crate::lexicon;
use crate::text::{Token, TokenKind};

/// What a mention refers to before dates are known.
#[derive(Clone, Debug, PartialEq)]
pub enum Referent {
    /// A fixed code.
    Code(ActorCode),
    /// A person (index into the dictionary's people); `owner` is the
    /// code to fall back on when the person held no listed role then.
    Person {
        index: usize,
        owner: Option<ActorCode>,
    },
    /// An organisation whose name is valid only between two dates.
    Dated {
        code: ActorCode,
        from: Option<FuzzyDate>,
        to: Option<FuzzyDate>,
    },
}

/// The broad kind of a mention, for resolving words that refer back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A state, by name, capital or seat of power.
    Country,
    /// A state organ, official or force ("Iranian officials").
    StateAgent,
    /// An armed group or movement.
    Group,
    /// An IGO or other organisation.
    Organisation,
    /// A person.
    Person,
}

/// One actor mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it refers to: one referent, or several for a compound.
    pub referents: Vec<Referent>,
    /// Broad kind.
    pub kind: Kind,
    /// Only an adjective ("Israeli" in "Israeli airstrikes"): it can own a
    /// nominal event but is not a subject or object by itself.
    pub adjective_only: bool,
    /// Plural ("officials", "Iranians", a compound).
    pub plural: bool,
    /// Whether its referent comes from elsewhere in the text: a word
    /// referring back, or an agent with no owner ("officials", taken as
    /// the state the document is about).
    pub anaphoric: bool,
    /// Whether it is a word referring back (pronoun, "the group", "the
    /// Islamic Republic"), resolved to an earlier actor.
    pub refers_back: bool,
}

impl Mention {
    /// A mention whose actor is known: a name's or an owner's code.
    fn of_code(start: usize, end: usize, code: ActorCode, kind: Kind, plural: bool) -> Mention {
        Mention {
            start,
            end,
            referents: vec![Referent::Code(code)],
            kind,
            adjective_only: false,
            plural,
            anaphoric: false,
            refers_back: false,
        }
    }

    /// Whether it is an agent that names no owner ("officials", "troops"),
    /// resolved against the text rather than named.
    pub fn names_no_owner(&self) -> bool {
        self.anaphoric && !self.refers_back
    }

    /// Codes on a date: one per referent that resolves.
    pub fn codes_on(&self, dict: &Dictionary, date: FuzzyDate) -> Vec<ActorCode> {
        self.codes_between(dict, date.first_day(), date.first_day())
    }

    /// Codes for an event known only to fall between two days (day
    /// numbers): one per referent that resolves, and of a name's dated
    /// codes only the first that holds then (a dictionary lists the one
    /// that should win first).
    pub fn codes_between(&self, dict: &Dictionary, first: i32, last: i32) -> Vec<ActorCode> {
        let mut dated = false;
        self.referents
            .iter()
            .filter_map(|r| {
                let code = resolve(dict, r, first, last)?;
                if matches!(r, Referent::Dated { .. }) {
                    if dated {
                        return None;
                    }
                    dated = true;
                }
                Some(code)
            })
            .collect()
    }
}

/// A referent's code for an event between two days (day numbers).
pub fn resolve(dict: &Dictionary, r: &Referent, first: i32, last: i32) -> Option<ActorCode> {
    match r {
        Referent::Code(c) => Some(before_secession(dict, c, last)),
        Referent::Person { index, owner } => {
            let p = &dict.persons[*index];
            let (code, role) = p.code_between(first, last);
            match (role, owner) {
                (Some(_), _) => Some(code.clone()),
                (None, Some(o)) => Some(o.clone()),
                (None, None) => Some(code.clone()),
            }
        }
        Referent::Dated { code, from, to } => {
            let ok = from.is_none_or(|f| f.first_day() <= last)
                && to.is_none_or(|t| first <= t.last_day());
            ok.then(|| code.clone())
        }
    }
}

/// A code of a state that seceded, on a date before its independence: the
/// same code under the state it was part of ("Juba" in 2000 is `SDN`,
/// "South Sudanese rebels" `SDNREB`).
fn before_secession(dict: &Dictionary, c: &ActorCode, last: i32) -> ActorCode {
    let root = c.root();
    match dict.country_since.get(root) {
        Some((since, before)) if last < since.first_day() => {
            ActorCode::parse(&format!("{}{}", before.as_str(), &c.as_str()[root.len()..]))
                .unwrap_or_else(|_| c.clone())
        }
        _ => c.clone(),
    }
}

/// A raw match before composition.
#[derive(Clone, Debug)]
enum Piece {
    Name(NameRef),
    Agent { role: AgentRole, plural: bool },
}

/// The owners named right after an agent that ends at `end` (pieces from
/// `k` on): "the army of Mali", "the leader of Hamas", "soldiers from Chad",
/// "officials in Iran and Iraq". Empty when the agent has none there.
#[allow(clippy::too_many_arguments)]
fn owners_after<'p>(
    dict: &Dictionary,
    tokens: &[Token],
    pieces: &'p [(usize, usize, Piece)],
    k: usize,
    start: usize,
    end: usize,
    role: &AgentRole,
    plural: bool,
) -> Vec<(usize, usize, &'p NameRef)> {
    let mut out = Vec::new();
    let Some((a, b, Piece::Name(n))) = pieces.get(k) else {
        return out;
    };
    if !owner_preposition(tokens, start, end, &role.codes)
        || *a != end + 1
        || owner_code(dict, n)
            .and_then(|o| join_role(dict, &o, role))
            .is_none()
    {
        return out;
    }
    out.push((*a, *b, n));
    // More owners of the same agents: "officials in Iran and Iraq" are both
    // governments' ("Iraq's army" is not, nor is "Tehran" in "the army of
    // Afghanistan and Tehran").
    let mut e = *b;
    let mut k = k + 1;
    while plural
        && tokens
            .get(e)
            .is_some_and(|t| matches!(t.norm.as_str(), "and" | ","))
        && let Some((a, b, Piece::Name(n2))) = pieces.get(k)
        && *a == e + 1
        && !tokens
            .get(*b)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
        && pieces.get(k + 1).is_none_or(|p| p.0 != *b)
        && owner_code(dict, n2)
            .and_then(|o| join_role(dict, &o, role))
            .is_some()
    {
        out.push((*a, *b, n2));
        e = *b;
        k += 1;
    }
    out
}

/// Whether the word after an agent (from `start` to `end`) introduces its
/// owner: "of"; "from", but not after a movement ("the withdrawal of forces
/// from Panama": Panama is where they leave); "in" for people, who are the
/// place's own ("lawmakers in Kenya", "demonstrators in Baghdad"), not for
/// troops, who may be foreign there.
fn owner_preposition(tokens: &[Token], start: usize, end: usize, role: &str) -> bool {
    let moving = || {
        tokens[start.saturating_sub(4)..start].iter().any(|t| {
            [
                "withdr", "pull", "evacu", "remov", "retreat", "redeploy", "expel", "expul",
                "return",
            ]
            .iter()
            .any(|p| t.norm.starts_with(p))
        })
    };
    tokens.get(end).is_some_and(|t| match t.norm.as_str() {
        "of" => true,
        "from" => !moving(),
        "in" => !role.starts_with("MIL"),
        _ => false,
    })
}

/// The role of the agent that a list of adjectives ending in the pieces
/// from `k` on shares with an adjective that ends at `end`: "Iranian and
/// Afghan officials", "Russian, Chinese and Iranian diplomats".
fn listed_adjectives_agent<'p>(
    tokens: &[Token],
    pieces: &'p [(usize, usize, Piece)],
    k: usize,
    end: usize,
) -> Option<&'p AgentRole> {
    let mut j = end;
    let mut k = k;
    let mut listed = false;
    loop {
        // ", ", " and ", ", and ".
        let mut next = j;
        while tokens
            .get(next)
            .is_some_and(|t| t.norm == "," || t.norm == "and")
        {
            next += 1;
        }
        if next == j {
            break;
        }
        match pieces.get(k) {
            // Later items may be names used as adjectives ("Iranian and
            // Taliban forces").
            Some((a, b, Piece::Name(n)))
                if *a == next
                    && matches!(
                        n,
                        NameRef::Country {
                            form: NameForm::Adjective | NameForm::Name,
                            ..
                        } | NameRef::Actor { .. }
                    ) =>
            {
                j = *b;
                k += 1;
                listed = true;
            }
            _ => return None,
        }
    }
    match pieces.get(k) {
        Some((a, _, Piece::Agent { role, .. })) if listed && *a == j => Some(role),
        _ => None,
    }
}

fn join_role(dict: &Dictionary, owner: &ActorCode, role: &AgentRole) -> Option<ActorCode> {
    // Roles are appended to states only; an organisation's people are the
    // organisation (unless the dictionaries follow PETRARCH's convention).
    // A role that goes before its owner's code makes a code of its kind
    // ("MSF Arnor": NGOARN).
    if role.before_owner {
        ActorCode::parse(&format!("{}{}", role.codes, owner.as_str()))
            .ok()
            .or_else(|| Some(owner.clone()))
    } else if dict.roles_on_every_actor && !owner.as_str().ends_with(role.codes.as_str()) {
        ActorCode::parse(&format!("{}{}", owner.as_str(), role.codes))
            .ok()
            .or_else(|| Some(owner.clone()))
    } else if owner.is_state_side() && owner.as_str().len() == 3 {
        ActorCode::parse(&format!("{}{}", owner.as_str(), role.codes)).ok()
    } else {
        Some(owner.clone())
    }
}

fn kind_of_name(n: &NameRef) -> Kind {
    match n {
        NameRef::Country {
            form: NameForm::Seat,
            ..
        } => Kind::StateAgent,
        NameRef::Country { .. } => Kind::Country,
        NameRef::Actor { kind, .. } => match kind.as_str() {
            "group" => Kind::Group,
            "organ" | "media" => Kind::StateAgent,
            _ => Kind::Organisation,
        },
        NameRef::Person(_) => Kind::Person,
        NameRef::Collective(_) => Kind::Country,
    }
}

/// What a name refers to: one referent, or each member of a collective.
fn name_referents(n: &NameRef) -> Vec<Referent> {
    match n {
        NameRef::Country { code, .. } => vec![Referent::Code(code.clone())],
        NameRef::Actor { code, from, to, .. } => {
            if from.is_some() || to.is_some() {
                vec![Referent::Dated {
                    code: code.clone(),
                    from: *from,
                    to: *to,
                }]
            } else {
                vec![Referent::Code(code.clone())]
            }
        }
        NameRef::Person(i) => vec![Referent::Person {
            index: *i,
            owner: None,
        }],
        NameRef::Collective(members) => members.iter().cloned().map(Referent::Code).collect(),
    }
}

/// The code an owner lends to an agent ("Iran's" → IRN), on no date in
/// particular: people lend their country.
fn owner_code(dict: &Dictionary, n: &NameRef) -> Option<ActorCode> {
    match n {
        NameRef::Country {
            code,
            form: NameForm::Seat,
        } => ActorCode::parse(&code.as_str()[..3]).ok(),
        NameRef::Country { code, .. } => Some(code.clone()),
        NameRef::Actor { code, .. } => Some(code.clone()),
        NameRef::Person(i) => ActorCode::parse(&dict.persons[*i].country).ok(),
        // "the Baltic states' leaders" would be three owners.
        NameRef::Collective(_) => None,
    }
}

/// Picks one of several values a phrase maps to: the first that is valid
/// on the date, preferring a name to an adjective ("the Taliban attacked"
/// names the group; "Taliban fighters" composes either way).
fn best_name<'a>(values: &[&'a NameRef], date: FuzzyDate) -> &'a NameRef {
    let day = date.first_day();
    let not_adjective = |n: &&NameRef| {
        !matches!(
            n,
            NameRef::Actor {
                adjective: true,
                ..
            } | NameRef::Country {
                form: NameForm::Adjective,
                ..
            }
        )
    };
    let mut ordered: Vec<&NameRef> = values.iter().copied().filter(not_adjective).collect();
    ordered.extend(values.iter().copied().filter(|n| !not_adjective(n)));
    // A dated entry that holds on the day is more specific than an undated
    // one for the same name (PETRARCH's "default" code).
    let dated = |n: &&NameRef| matches!(n, NameRef::Actor { from, to, .. } if from.is_some() || to.is_some());
    let dated_then = |n: &&NameRef| match n {
        NameRef::Actor { from, to, .. } => {
            dated(n)
                && from.is_none_or(|f| f.first_day() <= day)
                && to.is_none_or(|t| day <= t.last_day())
        }
        _ => false,
    };
    ordered
        .iter()
        .copied()
        .find(dated_then)
        .or_else(|| ordered.iter().copied().find(|n| !dated(n)))
        .unwrap_or(values[0])
}

/// Finds the actor mentions of a sentence. `date` (the publication date)
/// chooses among names that denote different actors at different times.
pub fn find_mentions(dict: &Dictionary, tokens: &[Token], date: FuzzyDate) -> Vec<Mention> {
    // 1. Raw pieces: the longest name or agent phrase at each position.
    let mut pieces: Vec<(usize, usize, Piece)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind == TokenKind::Punct || tokens[i].kind == TokenKind::Possessive {
            i += 1;
            continue;
        }
        let name = dict.names.longest_at(tokens, i);
        let agent = dict.agents.longest_at(tokens, i);
        let (nlen, alen) = (
            name.as_ref().map_or(0, |n| n.0),
            agent.as_ref().map_or(0, |a| a.0),
        );
        if nlen > 0 && nlen >= alen {
            let values = name.map(|n| n.1).unwrap_or_default();
            let chosen = best_name(&values, date).clone();
            pieces.push((i, i + nlen, Piece::Name(chosen)));
            i += nlen;
        } else if alen > 0 {
            let a = agent.map(|a| a.1[0].clone()).expect("agent matched");
            pieces.push((
                i,
                i + alen,
                Piece::Agent {
                    role: a.role,
                    plural: a.plural,
                },
            ));
            i += alen;
        } else {
            // X-led: "Saudi-led coalition" is led by, and counted as, Saudi
            // Arabia; an X-flagged or X-owned ship or firm is X's ("Iran
            // seized a British-flagged tanker"). Not X-backed: those are
            // others, backed by X.
            let stem = ["-led", "-flagged", "-owned", "-registered", "-operated"]
                .iter()
                .find_map(|suffix| tokens[i].text.strip_suffix(suffix));
            if let Some(stem) = stem {
                let sub = crate::text::tokenize(stem);
                if let Some((_, vals)) = dict
                    .names
                    .longest_at(&sub, 0)
                    .filter(|(l, _)| *l == sub.len())
                {
                    let name = match best_name(&vals, date).clone() {
                        // Not only an adjective of the noun after it.
                        NameRef::Country {
                            code,
                            form: NameForm::Adjective,
                        } => NameRef::Country {
                            code,
                            form: NameForm::Name,
                        },
                        other => other,
                    };
                    pieces.push((i, i + 1, Piece::Name(name)));
                }
            }
            i += 1;
        }
    }

    // Former officials are elites (CAMEO's ELI), whatever organ they
    // served: "former security officials", "Arnor former officials",
    // "Pakistan's former foreign minister", "former Gondor prosecutors".
    for k in 0..pieces.len() {
        let (a, _, Piece::Agent { role, .. }) = &pieces[k] else {
            continue;
        };
        if !lexicon::is_state_organ(&role.codes) {
            continue;
        }
        let before = match k.checked_sub(1).map(|j| &pieces[j]) {
            Some((s, e, Piece::Name(_))) if e == a => *s,
            _ => *a,
        };
        let former = |i: usize| lexicon::is(lexicon::FORMER, &tokens[i].norm);
        let is_former = (before > 0 && former(before - 1)) || (before < *a && former(*a - 1));
        if is_former && let Piece::Agent { role, .. } = &mut pieces[k].2 {
            role.codes = "ELI".into();
        }
    }

    // 2. Compose pieces into mentions.
    let mut out: Vec<Mention> = Vec::new();
    let mut k = 0;
    while k < pieces.len() {
        let (start, mut end, ref p) = pieces[k];
        k += 1;
        match p {
            Piece::Name(n) => {
                let mut referents = name_referents(n);
                let mut kind = kind_of_name(n);
                let mut plural = matches!(
                    n,
                    NameRef::Country {
                        form: NameForm::Demonym,
                        ..
                    } | NameRef::Collective(_)
                );
                let is_adj = matches!(
                    n,
                    NameRef::Country {
                        form: NameForm::Adjective,
                        ..
                    } | NameRef::Actor {
                        adjective: true,
                        ..
                    }
                );
                let mut adjective_only = is_adj;
                // Owner + ('s) + agents (+ person): "Iran's foreign minister Javad Zarif".
                let mut j = end;
                let possessive = tokens
                    .get(j)
                    .is_some_and(|t| t.kind == TokenKind::Possessive);
                if possessive {
                    j += 1;
                }
                // Modifiers before the agent: "Iran's hardline foreign
                // minister", "Iranian state-run media", and after a name
                // used as a noun, "Taliban senior commanders" (no list
                // there: "Iran and senior officials" are two).
                if let Some(&(a, _, Piece::Agent { .. })) = pieces.get(k)
                    && a > j
                    && a - j <= 4
                    && plain_modifier(dict, tokens, j)
                    && plain_modifier(dict, tokens, a - 1)
                    && (j..a).all(|x| {
                        plain_modifier(dict, tokens, x)
                            || ((possessive || is_adj)
                                && matches!(tokens[x].norm.as_str(), "and" | ","))
                    })
                {
                    j = a;
                }
                let mut role: Option<AgentRole> = None;
                let mut composed = false;
                while k < pieces.len() && pieces[k].0 == j {
                    match &pieces[k].2 {
                        Piece::Agent {
                            role: r,
                            plural: pl,
                        } => {
                            composed = true;
                            role.get_or_insert_with(|| r.clone());
                            plural = *pl;
                            j = pieces[k].1;
                            end = j;
                            k += 1;
                        }
                        Piece::Name(n2 @ NameRef::Person(_)) if role.is_some() => {
                            let owner = owner_code(dict, n)
                                .and_then(|o| role.as_ref().and_then(|r| join_role(dict, &o, r)));
                            if let NameRef::Person(idx) = n2 {
                                referents = vec![Referent::Person { index: *idx, owner }];
                            }
                            kind = Kind::Person;
                            plural = false;
                            composed = true;
                            end = pieces[k].1;
                            k += 1;
                            role = None;
                            break;
                        }
                        // A one-word name right after one person's title
                        // is that person's name, whatever else it names:
                        // "Iran's foreign minister Jordan".
                        Piece::Name(
                            NameRef::Country {
                                form: NameForm::Name,
                                ..
                            }
                            | NameRef::Actor {
                                adjective: false, ..
                            },
                        ) if role.is_some()
                            && !plural
                            && pieces[k].1 == j + 1
                            && lexicon::is(lexicon::PERSON_TITLES, &tokens[j - 1].norm)
                            && !tokens
                                .get(j + 1)
                                .is_some_and(|t| t.kind == TokenKind::Possessive) =>
                        {
                            end = pieces[k].1;
                            k += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                // Agents sharing the owner: "Iranian media and officials".
                let mut shared: Vec<(usize, usize, ActorCode, bool)> = Vec::new();
                if let Some(r) = role {
                    let owner = owner_code(dict, n);
                    if let Some(o) = owner.as_ref().and_then(|o| join_role(dict, o, &r)) {
                        referents = vec![Referent::Code(o)];
                    }
                    if kind == Kind::Country {
                        kind = Kind::StateAgent;
                    }
                    adjective_only = false;
                    while let Some(o) = &owner
                        && tokens.get(j).is_some_and(|t| t.norm == "and")
                        && let Some(&(a, b, Piece::Agent { role: ref r2, plural: p2 })) = pieces.get(k)
                        && a == j + 1
                        // Not "Iranian officials and diplomats of Iraq".
                        && !tokens.get(b).is_some_and(|t| matches!(t.norm.as_str(), "of" | "from"))
                        && let Some(code) = join_role(dict, o, r2)
                    {
                        shared.push((a, b, code, p2));
                        j = b;
                        k += 1;
                    }
                } else if composed {
                    // "Houthi spokesman Mohammed Abdulsalam": a person.
                    adjective_only = false;
                } else if is_adj {
                    // A bare adjective before another noun only owns it;
                    // but adjectives listed before one agent all own it:
                    // "Iranian and Afghan officials", "Russian, Chinese and
                    // Iranian diplomats".
                    adjective_only = true;
                    if let Some(role) = listed_adjectives_agent(tokens, &pieces, k, end)
                        && let Some(code) =
                            owner_code(dict, n).and_then(|o| join_role(dict, &o, role))
                    {
                        referents = vec![Referent::Code(code)];
                        kind = Kind::StateAgent;
                        plural = true;
                        adjective_only = false;
                    }
                }
                if let NameRef::Country {
                    form: NameForm::Demonym,
                    code,
                } = n
                {
                    referents = vec![Referent::Code(code.clone())];
                }
                out.push(Mention {
                    start,
                    end,
                    referents,
                    kind,
                    adjective_only,
                    plural,
                    anaphoric: false,
                    refers_back: false,
                });
                for (a, b, code, plural) in shared {
                    out.push(Mention::of_code(a, b, code, kind, plural));
                }
            }
            Piece::Agent { role, plural } => {
                // Agent (+ person): "Foreign Minister Shah Mehmood Qureshi".
                if k < pieces.len()
                    && pieces[k].0 == end
                    && let Piece::Name(NameRef::Person(idx)) = &pieces[k].2
                {
                    let e = pieces[k].1;
                    k += 1;
                    out.push(Mention {
                        start,
                        end: e,
                        referents: vec![Referent::Person {
                            index: *idx,
                            owner: None,
                        }],
                        kind: Kind::Person,
                        adjective_only: false,
                        plural: false,
                        anaphoric: false,
                        refers_back: false,
                    });
                    continue;
                }
                // A role that goes before its owner's code names the owner
                // right after it: "MSF Arnor" (NGOARN); an agent after them
                // is theirs ("an MSF Arnor diplomat": NGOARNGOV).
                if role.before_owner
                    && let Some((a, b, Piece::Name(n))) = pieces.get(k)
                    && *a == end
                    && let Some(code) = owner_code(dict, n).and_then(|o| join_role(dict, &o, role))
                {
                    let (mut code, mut e, mut many) = (code, *b, *plural);
                    k += 1;
                    if let Some((
                        a2,
                        b2,
                        Piece::Agent {
                            role: r2,
                            plural: p2,
                        },
                    )) = pieces.get(k)
                        && *a2 == e
                        && let Some(c2) = join_role(dict, &code, r2)
                    {
                        (code, e, many) = (c2, *b2, *p2);
                        k += 1;
                    }
                    out.push(Mention::of_code(start, e, code, Kind::Organisation, many));
                    continue;
                }
                // A title right before a name that stands for its country,
                // as TABARI-style dictionaries list people under their
                // country ("Prime Minister Telemar", Telemar a name of
                // Dagolath): that country's agent.
                if !*plural
                    && !role.before_owner
                    && let Some((a, b, Piece::Name(n))) = pieces.get(k)
                    && *a == end
                    && matches!(
                        n,
                        NameRef::Country {
                            form: NameForm::Name,
                            ..
                        } | NameRef::Actor {
                            adjective: false,
                            ..
                        }
                    )
                    && !tokens.get(*b).is_some_and(|t| t.kind == TokenKind::Possessive)
                    && let Some(owner) = owner_code(dict, n)
                    && owner.as_str().len() == 3
                    // A state, or a root entente does not know (a user
                    // dictionary's own country).
                    && (owner.is_state_side() || owner.kind() == ActorKind::Other)
                    && let Some(code) = join_role(dict, &owner, role)
                {
                    k += 1;
                    out.push(Mention::of_code(start, *b, code, Kind::StateAgent, false));
                    continue;
                }
                // Agent of/from/in Owner: "the army of Mali", "the leader of
                // Hamas", "soldiers from Chad"; with more owners, "officials
                // in Iran and Iraq".
                let owners = owners_after(dict, tokens, &pieces, k, start, end, role, *plural);
                if let Some(&(_, _, first)) = owners.first() {
                    let kind = match kind_of_name(first) {
                        Kind::Country => Kind::StateAgent,
                        other => other,
                    };
                    for (i, &(a, b, n)) in owners.iter().enumerate() {
                        if let Some(code) =
                            owner_code(dict, n).and_then(|o| join_role(dict, &o, role))
                        {
                            let from = if i == 0 { start } else { a };
                            out.push(Mention::of_code(from, b, code, kind, *plural));
                        }
                    }
                    k += owners.len();
                    continue;
                }
                // Agents joined by "and" before their owners share them:
                // "lawmakers and officials in Kenya".
                if tokens.get(end).is_some_and(|t| t.norm == "and")
                    && let Some((
                        a,
                        b,
                        Piece::Agent {
                            role: r2,
                            plural: p2,
                        },
                    )) = pieces.get(k)
                    && *a == end + 1
                {
                    // The owners must fit this agent's role too: not
                    // "soldiers and officials in Iraq".
                    let fits = owner_preposition(tokens, start, *b, &role.codes);
                    let owners = owners_after(dict, tokens, &pieces, k + 1, *a, *b, r2, *p2);
                    let codes: Vec<Referent> = owners
                        .iter()
                        .filter(|_| fits)
                        .filter_map(|&(_, _, n)| owner_code(dict, n))
                        .filter_map(|o| join_role(dict, &o, role))
                        .map(Referent::Code)
                        .collect();
                    if !codes.is_empty() {
                        out.push(Mention {
                            start,
                            end,
                            referents: codes,
                            kind: Kind::StateAgent,
                            adjective_only: false,
                            plural: *plural,
                            anaphoric: false,
                            refers_back: false,
                        });
                        continue;
                    }
                }
                // Agent at an organ: "charge d'affaires at the Syrian
                // embassy", "officials at the Iranian foreign ministry".
                let organ_at = if tokens.get(end).is_some_and(|t| t.norm == "at") {
                    Some(end + 1 + tokens.get(end + 1).is_some_and(|t| t.norm == "the") as usize)
                } else {
                    None
                };
                if let Some(at) = organ_at
                    && let Some((a, b, Piece::Name(n))) = pieces.get(k)
                    && *a == at
                    && let Some(&(a2, e, Piece::Agent { .. })) = pieces.get(k + 1)
                    && a2 == *b
                    && let Some(code) = owner_code(dict, n).and_then(|o| join_role(dict, &o, role))
                {
                    k += 2;
                    out.push(Mention::of_code(start, e, code, Kind::StateAgent, *plural));
                    continue;
                }
                // An agent without an owner: resolved later against the
                // document (the country it is about), if at all.
                out.push(Mention {
                    start,
                    end,
                    referents: vec![Referent::Code(
                        ActorCode::parse(&role.codes[..3])
                            .unwrap_or_else(|_| ActorCode::parse("UNK").expect("valid")),
                    )],
                    kind: Kind::StateAgent,
                    adjective_only: false,
                    plural: *plural,
                    anaphoric: true,
                    refers_back: false,
                });
            }
        }
    }
    out
}

/// Words that refer back to an actor: pronouns and definite descriptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackRef {
    /// he, she, him, her, his
    Person,
    /// it, its
    Thing,
    /// they, them, their
    Plural,
    /// "the group", "the militants"
    Group,
    /// "the country", "the Islamic Republic" (when not in the dictionary)
    Country,
    /// "the two sides", "both sides", "the two countries"
    Both,
    /// "the Islamic Republic": the latest of the Islamic republics named
    /// (Iran, Afghanistan until 2021, Pakistan, Mauritania), else Iran, as
    /// the phrase alone means in news.
    IslamicRepublic,
}

/// Countries that "the Islamic Republic" can refer back to.
pub const ISLAMIC_REPUBLICS: &[&str] = &["IRN", "AFG", "PAK", "MRT"];

/// Finds words that refer back, with their token positions.
pub fn find_backrefs(tokens: &[Token], taken: &[(usize, usize)]) -> Vec<(usize, usize, BackRef)> {
    let free = |i: usize| !taken.iter().any(|(s, e)| *s <= i && i < *e);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !free(i) {
            continue;
        }
        let w = t.norm.as_str();
        let prev = if i > 0 {
            tokens[i - 1].norm.as_str()
        } else {
            ""
        };
        let prev2 = if i > 1 {
            tokens[i - 2].norm.as_str()
        } else {
            ""
        };
        let r = match w {
            "he" | "she" => Some((i, i + 1, BackRef::Person)),
            "it" => Some((i, i + 1, BackRef::Thing)),
            "they" => Some((i, i + 1, BackRef::Plural)),
            "sides" | "countries" | "governments" | "nations"
                if (prev == "two" && prev2 == "the") || prev == "both" =>
            {
                Some((i - if prev == "both" { 1 } else { 2 }, i + 1, BackRef::Both))
            }
            "republic" if prev == "islamic" && prev2 == "the" && free(i - 1) => {
                Some((i - 2, i + 1, BackRef::IslamicRepublic))
            }
            _ if prev == "the" && lexicon::is(lexicon::GROUP_ANAPHORS, w) && !t.capitalized() => {
                Some((i - 1, i + 1, BackRef::Group))
            }
            _ if prev == "the"
                && lexicon::is(&["country", "nation", "kingdom", "republic"], w)
                && !t.capitalized() =>
            {
                Some((i - 1, i + 1, BackRef::Country))
            }
            _ => None,
        };
        if let Some(r) = r {
            out.push(r);
        }
    }
    out
}

/// A plain lower-case word that can modify the noun after it: no function
/// word, determiner or pronoun, and no verb or event noun of the
/// dictionaries ("hardline", "long-serving", "evil").
pub(crate) fn plain_modifier(dict: &Dictionary, tokens: &[Token], i: usize) -> bool {
    plain_word(&tokens[i])
        && dict.verb_forms.longest_at(tokens, i).is_none()
        && dict.noun_forms.longest_at(tokens, i).is_none()
}

/// A lower-case word that is no function word, determiner or pronoun.
fn plain_word(t: &Token) -> bool {
    t.kind == TokenKind::Word
        && !t.capitalized()
        && !lexicon::is_function_word(&t.norm)
        && !lexicon::is(lexicon::DETERMINERS, &t.norm)
        && !lexicon::is(lexicon::PRONOUNS, &t.norm)
}

/// Whether the words between two mentions join the things each owns into
/// one list: "Chile's neighbours and partners of Peru", "Ithilen's sheep
/// and goats of Gondor" (a possessive, one to three plain words, "and",
/// one to three plain words, "of").
fn owned_things_list(tokens: &[Token], from: usize, to: usize, trigger_starts: &[usize]) -> bool {
    let words = &tokens[from..to];
    let Some(and) = words.iter().position(|t| t.norm == "and") else {
        return false;
    };
    let plain = |range: std::ops::Range<usize>| {
        (1..=3).contains(&range.len())
            && range
                .clone()
                .all(|i| plain_word(&words[i]) && !trigger_starts.contains(&(from + i)))
    };
    words.len() >= 5
        && words[0].kind == TokenKind::Possessive
        && words[words.len() - 1].norm == "of"
        && plain(1..and)
        && plain(and + 1..words.len() - 1)
}

/// Whether the words between two mentions join them as items of a list
/// with modifiers before the second: ", the awful", "and the newly
/// elected", ", and good": a comma or conjunction, "the", then at most
/// three plain lower-case words (no verb that carries an event, no
/// preposition, pronoun or auxiliary).
fn modified_list_item(tokens: &[Token], from: usize, to: usize, trigger_starts: &[usize]) -> bool {
    let words = &tokens[from..to];
    let mut k = 0;
    let norm = |k: usize| words.get(k).map_or("", |t: &Token| t.norm.as_str());
    if norm(k) == "," {
        k += 1;
    }
    if matches!(norm(k), "and" | "or") {
        k += 1;
    }
    if k == 0 {
        return false;
    }
    if norm(k) == "the" {
        k += 1;
    }
    let modifiers = &words[k..];
    !modifiers.is_empty()
        && modifiers.len() <= 3
        && modifiers
            .iter()
            .enumerate()
            .all(|(i, t)| plain_word(t) && !trigger_starts.contains(&(from + k + i)))
}

/// Joins mentions linked by "and", ",", "or", "nor", "as well as", "along with" into
/// compounds: returns groups of mention indexes.
///
/// `trigger_starts` are the token positions where event words start: a verb
/// never joins two actors ("Hamas, visited Iran" is no list).
pub fn compounds(
    tokens: &[Token],
    mentions: &[Mention],
    trigger_starts: &[usize],
) -> Vec<Vec<usize>> {
    // "With the backing of Saudi Arabia, Yemen's government launched",
    // "Armed by Iran, Hezbollah fired": the first comma closes an opening
    // phrase, not a list item. (Where the sentence's first word is, and
    // that comma.)
    let opening = crate::text::first_word(tokens)
        .filter(|&f| {
            let w = tokens[f].norm.as_str();
            lexicon::is(lexicon::PREPOSITIONS, w)
                || w == "according"
                || crate::text::participle_with_agent(tokens, f)
        })
        .and_then(|f| Some((f, (f..tokens.len()).find(|&k| tokens[k].is_punct(","))?)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let mut group = vec![i];
        let mut j = i;
        while j + 1 < mentions.len() {
            let (a, b) = (&mentions[j], &mentions[j + 1]);
            // A word referring back names an actor already there ("Iran,
            // the Islamic Republic, condemned"): no second list item.
            if a.adjective_only || b.adjective_only || b.refers_back {
                break;
            }
            // "If Turkey attacks Syria, Russia will respond": after a bare
            // comma, a name followed by a modal opens a new clause.
            if tokens[a.end..b.start].iter().all(|t| t.is_punct(","))
                && tokens
                    .get(b.end)
                    .is_some_and(|t| lexicon::is_modal(&t.norm))
            {
                break;
            }
            let between: Vec<&str> = tokens[a.end..b.start]
                .iter()
                .map(|t| t.norm.as_str())
                .collect();
            let opening_phrase = between.as_slice() == [","]
                && opening.is_some_and(|(first, comma)| first < a.start && a.end == comma);
            let joined = !opening_phrase
                && (matches!(
                    between.as_slice(),
                    ["and"]
                        | [","]
                        | [",", "and"]
                        | ["as", "well", "as"]
                        | ["along", "with"]
                        | ["and", "the"]
                        | ["or"]
                        | ["nor"]
                ) || (
                    // A list of countries: "Belgium, the Czech Republic, France";
                    // of any actors when the list goes on after the item ("Hamas,
                    // the Houthis and Hezbollah").
                    between.as_slice() == [",", "the"]
                        && ((a.kind == Kind::Country && b.kind == Kind::Country)
                            || mentions.get(j + 2).is_some_and(|c| {
                                let next: Vec<&str> = tokens[b.end..c.start]
                                    .iter()
                                    .map(|t| t.norm.as_str())
                                    .collect();
                                matches!(next.as_slice(), [","] | ["and"] | [",", "and"])
                            }))
                ) || (
                    // "and quake-prone Turkey", "and impoverished Afghanistan".
                    matches!(between.first(), Some(&"and") | Some(&","))
                        && between.len() == 2
                        && tokens[b.start - 1].kind == TokenKind::Word
                        && !tokens[b.start - 1].capitalized()
                        && (tokens[b.start - 1].norm.contains('-')
                            || tokens[b.start - 1].norm.ends_with("ed"))
                        && !trigger_starts.contains(&(b.start - 1))
                        && b.kind == Kind::Country
                ) || modified_list_item(tokens, a.end, b.start, trigger_starts)
                    || owned_things_list(tokens, a.end, b.start, trigger_starts));
            if !joined {
                break;
            }
            group.push(j + 1);
            j += 1;
        }
        i = j + 1;
        groups.push(group);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn dict() -> Dictionary {
        let mut d = Dictionary::default();
        let mut errors = Vec::new();
        d.add_file(
            "t.toml",
            r#"
[[country]]
code = "IRN"
name = "Iran"
adjectives = ["Iranian"]
capital = ["Tehran"]
[[country]]
code = "AFG"
name = "Afghanistan"
adjectives = ["Afghan"]
[[country]]
code = "RUS"
name = "Russia"
seats = { "the Kremlin" = "RUSGOV" }
[[country]]
code = "PAK"
name = "Pakistan"
adjectives = ["Pakistani"]
[[actor]]
code = "PSEREBHMS"
kind = "group"
name = "Hamas"
[[actor]]
code = "YEMREBHTI"
kind = "group"
name = "Houthis"
adjectives = ["Houthi"]
[[agent]]
noun = "official"
role = "GOV"
[[agent]]
noun = "foreign minister"
role = "GOV"
[[agent]]
noun = "spokesman"
plural = "spokesmen"
role = "GOV"
[[agent]]
noun = "army"
plural = "armies"
role = "MIL"
[[person]]
name = "Shah Mehmood Qureshi"
aliases = ["Qureshi"]
country = "PAK"
roles = [{ title = "Foreign Minister", code = "PAKGOV", from = "2018-08-20", to = "2022-04-10" }]
[[person]]
name = "Mohammed Abdulsalam"
country = "YEM"
default = "YEMREBHTI"
roles = [{ title = "Houthi spokesman", code = "YEMREBHTI", from = "2015" }]
"#,
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        d
    }

    fn codes(s: &str, date: &str) -> Vec<Vec<String>> {
        let d = dict();
        let date = FuzzyDate::parse(date).unwrap();
        find_mentions(&d, &tokenize(s), date)
            .iter()
            .filter(|m| !m.adjective_only)
            .map(|m| m.codes_on(&d, date).iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn owners_and_agents() {
        assert_eq!(
            codes("Afghan officials met Iran's foreign minister", "2020-01-01"),
            [["AFGGOV"], ["IRNGOV"]]
        );
        assert_eq!(
            codes("the army of Afghanistan and Tehran", "2020-01-01"),
            [["AFGMIL"], ["IRN"]]
        );
        assert_eq!(
            codes("officials in Afghanistan and Pakistan", "2020-01-01"),
            [["AFGGOV"], ["PAKGOV"]]
        );
        assert_eq!(codes("the Kremlin said", "2020-01-01"), [["RUSGOV"]]);
        assert_eq!(
            codes("Houthi spokesman Mohammed Abdulsalam said", "2020-01-01"),
            [["YEMREBHTI"]]
        );
        assert_eq!(codes("the Hamas spokesman", "2020-01-01"), [["PSEREBHMS"]]);
    }

    #[test]
    fn people_by_date() {
        assert_eq!(
            codes("Foreign Minister Shah Mehmood Qureshi met", "2019-01-01"),
            [["PAKGOV"]]
        );
        assert_eq!(codes("Qureshi met", "2024-01-01"), [["PAKELI"]]);
        assert_eq!(
            codes("Pakistani Foreign Minister Qureshi", "2024-01-01"),
            [["PAKGOV"]],
            "owner when out of office"
        );
    }

    #[test]
    fn adjectives_only_own() {
        let d = dict();
        let date = FuzzyDate::parse("2020-01-01").unwrap();
        let m = find_mentions(&d, &tokenize("the Iranian airstrikes"), date);
        assert_eq!(m.len(), 1);
        assert!(m[0].adjective_only);
        let m = find_mentions(&d, &tokenize("pro-Iranian militias"), date);
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn compound_groups() {
        let d = dict();
        let date = FuzzyDate::parse("2020-01-01").unwrap();
        let toks = tokenize("Iran, Russia and Afghanistan met Hamas");
        let m = find_mentions(&d, &toks, date);
        assert_eq!(compounds(&toks, &m, &[]), vec![vec![0, 1, 2], vec![3]]);
        let toks = tokenize("Iran and impoverished Afghanistan met Hamas");
        let m = find_mentions(&d, &toks, date);
        assert_eq!(compounds(&toks, &m, &[]), vec![vec![0, 1], vec![2]]);
        // "visited" is the verb (a trigger at 2), not a modifier.
        let toks = tokenize("Russia, visited Iran");
        let m = find_mentions(&d, &toks, date);
        assert_eq!(compounds(&toks, &m, &[2]), vec![vec![0], vec![1]]);
    }
}
