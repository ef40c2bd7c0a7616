//! Events from one sentence: verb and noun triggers, their subjects and
//! objects, voice, negation, modality and reported speech.
//!
//! The analysis is shallow on purpose (no parser): a subject is the nearest
//! actor to the left of the verb within its clause, skipping relative
//! clauses and appositions; an object is the first actor to its right,
//! directly or after a preposition the verb names. That is fast and, with
//! the dictionaries' patterns, accurate for the sentences news and analysis
//! prose are made of.

use entente_ontology::CameoCode;

use crate::dict::{Dictionary, PatternElement, VerbForm, VerbRef};
use crate::lexicon::{self, is};
use crate::mentions::{Kind, Mention};
use crate::text::{Token, TokenKind};

/// A word or phrase that carries an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Verb or noun.
    pub what: TriggerKind,
}

/// The dictionary entry behind a trigger.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TriggerKind {
    /// A verb form.
    Verb(VerbRef),
    /// A noun (index into the dictionary's nouns).
    Noun(usize),
}

/// An event found in a sentence, with token positions; codes of actors are
/// resolved by the caller once the date is known.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEvent {
    /// Index of the source mention group (into the sentence's groups).
    pub source: Option<usize>,
    /// Index of the target mention group.
    pub target: Option<usize>,
    /// The trigger.
    pub trigger: Trigger,
    /// The CAMEO code.
    pub code: CameoCode,
    /// The rule that fired.
    pub rule: String,
    /// Negated.
    pub negated: bool,
    /// Intended (future, plans, promises).
    pub intended: bool,
    /// Hypothetical (may, would, could).
    pub hypothetical: bool,
    /// Reported by another speaker.
    pub reported: bool,
    /// The verb is present tense or future: the event is as of the
    /// publication date rather than some time before it.
    pub present: bool,
    /// A joint act: with no target, each member of a compound source acts
    /// towards the others (besides the acts [`is_joint`] names).
    pub joint: bool,
}

/// A group of mentions acting together (a compound, or one mention).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Indexes into the sentence's mentions.
    pub members: Vec<usize>,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Whether every member is only an adjective.
    pub adjective_only: bool,
}

/// Whether a mention is armed forces named without an owner ("troops",
/// "soldiers").
fn owner_less_forces(m: &Mention) -> bool {
    m.names_no_owner()
        && m.referents.iter().all(|r| match r {
            crate::mentions::Referent::Code(c) => c.segments().nth(1) == Some("MIL"),
            _ => false,
        })
}

fn norm(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map_or("", |t| t.norm.as_str())
}

fn is_barrier(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && matches!(t.text.as_str(), ";" | ":" | "." | "?" | "!" | "\u{2014}")
}

/// Whether an act done by several actors together is each one's act
/// towards the others ("Jordan and Britain agreed to hold exercises",
/// "Israel and Lebanon renewed negotiations"): agreeing, consulting and
/// negotiating, diplomatic cooperation and recognition, signing
/// agreements, cooperating materially. Visiting, hosting,
/// mediating, praising or supporting together is not ("Iran and Iraq
/// welcomed the talks" says nothing of Iran towards Iraq).
pub fn is_joint(code: CameoCode) -> bool {
    let c = code.as_str();
    match code.root() {
        3 | 6 => true,
        4 => !matches!(&c[..c.len().min(3)], "042" | "043" | "045"),
        5 => matches!(&c[..c.len().min(3)], "050" | "054" | "057"),
        _ => false,
    }
}

/// CAMEO 100, "make a demand, not specified below": what a speaker says
/// another side must do.
fn demand() -> CameoCode {
    CameoCode::parse("100").expect("100 is in the CAMEO table")
}

/// CAMEO 112, "accuse": what a speaker says another side is to blame for.
fn accusation() -> CameoCode {
    CameoCode::parse("112").expect("112 is in the CAMEO table")
}

/// Whether "must", "should" or "ought" governs the verb at `at` ("must
/// not", "should immediately", "must be ready to" pass).
fn obliged_before(tokens: &[Token], at: usize) -> bool {
    let mut k = at;
    while k > 0 {
        k -= 1;
        let w = tokens[k].norm.as_str();
        if matches!(w, "must" | "should" | "ought") {
            return true;
        }
        if !(is_adverb(w)
            || is(lexicon::BE, w)
            || is(lexicon::NEGATIONS, w)
            || w == "to"
            || is(lexicon::INTENT_VERBS, w))
        {
            return false;
        }
    }
    false
}

fn is_adverb(w: &str) -> bool {
    (w.ends_with("ly") && w.len() > 4)
        || matches!(
            w,
            "also"
                | "again"
                | "still"
                | "already"
                | "just"
                | "now"
                | "then"
                | "reportedly"
                | "allegedly"
                | "jointly"
                | "soon"
                | "once"
                | "later"
                | "earlier"
                | "first"
                | "ever"
                | "next"
                | "even"
                | "further"
                | "formally"
                | "officially"
        )
}

/// Where the words that lead up to a verb start: the auxiliaries, forms of
/// "be" and adverbs right before it ("had already been"), and modals too
/// when `modals` ("would not have").
fn verb_group_start(tokens: &[Token], verb: usize, modals: bool) -> usize {
    let mut k = verb;
    while k > 0 && {
        let w = norm(tokens, k - 1);
        is_adverb(w)
            || is(lexicon::AUXILIARIES, w)
            || is(lexicon::BE, w)
            || (modals && lexicon::is_modal(w))
    } {
        k -= 1;
    }
    k
}

/// Tokens inside relative clauses and appositions set off by commas: the
/// range after ", which|who|whom|whose" or ", the|a|an" up to the next
/// comma or barrier. Verbs outside such a range do not look inside it for
/// their subject or object.
pub fn parentheticals(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Brackets: "the Israel Defense Forces (IDF)".
    let mut depth_start: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct("(") {
            depth_start = Some(i);
        } else if t.is_punct(")")
            && let Some(s) = depth_start.take()
        {
            out.push((s, i + 1));
        }
    }
    let mut i = 0;
    while i + 1 < tokens.len() {
        if tokens[i].is_punct(",") && (i + 1 < tokens.len()) {
            let w = tokens[i + 1].norm.as_str();
            let opens = matches!(w, "which" | "who" | "whom" | "whose")
                || (matches!(
                    w,
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "his"
                        | "her"
                        | "their"
                        | "with"
                        | "despite"
                        | "amid"
                ) && i > 0)
                // ", backed by Iran,": a participle with its agent.
                || (i > 0 && crate::text::participle_with_agent(tokens, i + 1));
            if opens {
                let mut j = i + 1;
                while j < tokens.len() && !tokens[j].is_punct(",") && !is_barrier(&tokens[j]) {
                    j += 1;
                }
                // An apposition must be closed by a comma to count
                // ("X, the leader of Y, said"); a relative clause may run to
                // the end of the sentence.
                let relative = matches!(w, "which" | "who" | "whom" | "whose");
                // "Chile, the Baltic States, Peru and Bolivia": a list item
                // that is a name with its article, followed by another name.
                let list_item = w == "the"
                    && j > i + 2
                    && tokens[i + 2..j]
                        .iter()
                        .all(|t| t.kind == TokenKind::Word && t.capitalized())
                    && tokens
                        .get(j + 1)
                        .is_some_and(|t| t.kind == TokenKind::Word && t.capitalized());
                if list_item {
                    i = j;
                    continue;
                }
                if relative || tokens.get(j).is_some_and(|t| t.is_punct(",")) {
                    out.push((i + 1, j));
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn inside(ranges: &[(usize, usize)], i: usize) -> Option<(usize, usize)> {
    ranges.iter().copied().find(|(s, e)| *s <= i && i < *e)
}

/// The entry of the dictionary loaded last among those listing the same
/// form: a user's dictionary overrides the built-in one.
fn latest<'v, V>(vals: &[&'v V]) -> &'v V {
    vals.last().expect("a trie match has a value")
}

/// Finds the triggers of a sentence, deciding for words that can be verb
/// or noun which they are here.
pub fn find_triggers(dict: &Dictionary, tokens: &[Token], mentions: &[Mention]) -> Vec<Trigger> {
    // Per token: inside an actor's name; right after an adjective of one
    // ("Israeli airstrikes"); right after a name that follows "a" or "an"
    // ("a U.S. drone strike": no name takes "a").
    let mut inside_name = vec![false; tokens.len()];
    let mut after_adjective_at = vec![false; tokens.len() + 1];
    let mut after_indefinite_at = vec![false; tokens.len() + 1];
    for m in mentions {
        if !m.adjective_only {
            inside_name[m.start..m.end]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        after_adjective_at[m.end] |= m.adjective_only;
        after_indefinite_at[m.end] |=
            m.start > 0 && matches!(tokens[m.start - 1].norm.as_str(), "a" | "an");
    }
    let covered = |i: usize| inside_name[i];
    let first_word = crate::text::first_word(tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if covered(i) || tokens[i].kind != TokenKind::Word {
            i += 1;
            continue;
        }
        let mut verb = dict.verb_forms.longest_at(tokens, i);
        // An adverb inside a phrasal verb: "called again for", "pushing
        // hard for", "cracked down hard on"; right after the first word, or
        // right after the words of a verb form.
        let verb_end = verb.as_ref().map(|(len, _)| i + len);
        for gap in [i + 1, i + 2] {
            let after_verb_words = verb_end.map_or(gap == i + 1, |e| e == gap);
            if gap + 1 >= tokens.len()
                || !after_verb_words
                || !(is_adverb(&tokens[gap].norm) || tokens[gap].norm == "hard")
            {
                continue;
            }
            let without: Vec<Token> = tokens[i..gap]
                .iter()
                .chain(&tokens[gap + 1..(gap + 5).min(tokens.len())])
                .cloned()
                .collect();
            if let Some((len, vals)) = dict.verb_forms.longest_at(&without, 0)
                && i + len > gap
            {
                verb = Some((len + 1, vals));
                break;
            }
        }
        let noun = dict.noun_forms.longest_at(tokens, i);
        if verb.is_none() && noun.is_none() {
            i += 1;
            continue;
        }
        let prev_at = (0..i).rev().find(|&k| !is_adverb(&tokens[k].norm));
        let prev = prev_at.map(|k| &tokens[k]);
        let prev_w = prev.map_or("", |t| t.norm.as_str());
        let after_adjective = after_adjective_at[i];
        // A word that can be a noun after "a" and a name is that noun ("a
        // French minister threatened" keeps its verb, which is no noun).
        let after_indefinite = after_indefinite_at[i];
        // A determiner or possessive a few modifiers back: "his four-nation visit".
        let determiner_back = (i.saturating_sub(3)..i).rev().any(|k| {
            let t = &tokens[k];
            ((is(lexicon::DETERMINERS, &t.norm) && t.norm != "that")
                || t.kind == TokenKind::Possessive
                // "killed in ethnic riots", "during violent protests".
                || (is(lexicon::PREPOSITIONS, &t.norm) && t.norm != "to" && k + 1 < i))
                && tokens[k + 1..i].iter().all(is_event_modifier)
        });
        // "as street battles raged": a plural noun is the subject of the
        // past-tense verb right after it.
        let subject_noun = verb.as_ref().is_some_and(|(len, vals)| {
            vals[0].form == VerbForm::Third && is(lexicon::INTRANSITIVE_PAST, norm(tokens, i + len))
        });
        // A sentence opens with its subject, not a verb: "Clashes between
        // X and Y broke out". But a participle with its agent opens a
        // phrase ("Backed by Iran, the Houthis ...").
        let opening = first_word == Some(i)
            && !verb.as_ref().is_some_and(|(len, vals)| {
                latest(vals).form == VerbForm::Past && norm(tokens, i + len) == "by"
            });
        let noun_context = opening
            || (is(lexicon::DETERMINERS, prev_w) && prev_w != "that")
            || determiner_back
            || subject_noun
            || prev.is_some_and(|t| t.kind == TokenKind::Possessive || t.kind == TokenKind::Number)
            || (is(lexicon::PREPOSITIONS, prev_w) && prev_w != "to")
            || after_adjective
            || prev_w.ends_with("-led")
            || prev_w.ends_with("-backed");
        // "'s" after a noun is a possessive ("last week's massacre"); after
        // a pronoun it is "is" ("it's expected to").
        let possessive_s = prev_at.is_some_and(|k| {
            tokens[k].kind == TokenKind::Possessive
                && !(k > 0 && is(lexicon::CONTRACTING_PRONOUNS, &tokens[k - 1].norm))
        });
        let verb_context = (is(lexicon::BE, prev_w) && !possessive_s)
            || is(lexicon::AUXILIARIES, prev_w)
            || lexicon::is_modal(prev_w)
            || is(lexicon::NEGATIONS, prev_w)
            || prev_w == "to";
        // A verb form right after a verb trigger is that verb's object
        // ("lift embargoes", "impose sanctions"), not a second verb.
        // An auxiliary that a dictionary lists as a verb ("has", "have")
        // still only helps the verb after it ("has delayed").
        let after_verb = !verb_context
            && out
                .last()
                .is_some_and(|t: &Trigger| t.end == i && matches!(t.what, TriggerKind::Verb(_)));
        let pick_noun = match (&verb, &noun) {
            (Some(_), _) if after_verb => {
                if noun.is_none() {
                    i += verb.as_ref().map_or(1, |v| v.0);
                    continue;
                }
                true
            }
            (Some(_), Some(_)) => (noun_context || after_indefinite) && !verb_context,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (None, None) => {
                i += 1;
                continue;
            }
        };
        if pick_noun {
            let (len, vals) = noun.expect("noun matched");
            out.push(Trigger {
                start: i,
                end: i + len,
                what: TriggerKind::Noun(*latest(&vals)),
            });
            i += len;
        } else {
            let (len, vals) = verb.expect("verb matched");
            // A verb form right after a determiner is a noun use ("the
            // meeting", "a call") with no noun entry: not a trigger; but a
            // gerund after a preposition is a verb ("the step of expelling
            // X", "by launching Y").
            let vref = *latest(&vals);
            let gerund = vref.form == VerbForm::Ing
                && is(lexicon::PREPOSITIONS, prev_w)
                && !dict.verbs[vref.verb].report;
            // "marched very close to the border": a plain form after an
            // intensifier is an adjective or adverb.
            let intensified = vref.form == VerbForm::Base && is(lexicon::INTENSIFIERS, prev_w);
            if (noun_context && !verb_context && prev_w != "and" && !gerund) || intensified {
                i += len;
                continue;
            }
            out.push(Trigger {
                start: i,
                end: i + len,
                what: TriggerKind::Verb(vref),
            });
            i += len;
        }
    }
    out
}

/// Whether a phrase (normalised tokens) occurs at `at`, allowing a plural
/// or possessive `s` on its last word unless `exact`.
fn phrase_at(tokens: &[Token], at: usize, phrase: &[String], exact: bool) -> bool {
    if at + phrase.len() > tokens.len() || phrase.is_empty() {
        return false;
    }
    phrase.iter().enumerate().all(|(k, w)| {
        let t = tokens[at + k].norm.as_str();
        t == w
            || (!exact
                && k + 1 == phrase.len()
                && (t.strip_suffix('s') == Some(w.as_str()) || w.strip_suffix('s') == Some(t)))
    })
}

/// The clause window after a trigger: up to `max` tokens, stopping at a
/// barrier, at a comma before a clause opener or conjunction, or at "and"
/// followed by a new verb.
fn window_end(tokens: &[Token], from: usize, max: usize, triggers: &[Trigger]) -> usize {
    let mut j = from;
    while j < tokens.len() && j < from + max {
        let t = &tokens[j];
        if is_barrier(t) {
            break;
        }
        if t.is_punct(",") {
            let next = norm(tokens, j + 1);
            // ", and" ends the clause when a verb follows soon ("..., and
            // Syria condemned it"), not in a list ("artillery, mortar, and
            // rocket fire against X"); without the triggers to tell, it ends.
            let and_clause = next == "and"
                && (triggers.is_empty()
                    || triggers.iter().any(|tr| {
                        matches!(tr.what, TriggerKind::Verb(_))
                            && tr.start > j + 1
                            && tr.start <= j + 6
                    }));
            if is(lexicon::CLAUSE_OPENERS, next)
                || (is(lexicon::CONJUNCTIONS, next) && next != "and")
                || and_clause
            {
                break;
            }
            // ", the cabinet said", ", relief officials in Nairobi said":
            // a reporting tail.
            if j + 1 < tokens.len()
                && triggers.iter().any(|tr| {
                    matches!(tr.what, TriggerKind::Verb(_)) && tr.start > j && tr.start <= j + 6
                })
            {
                break;
            }
        }
        // "and killed", not "and rocket fire": a coordinated verb. An -ing
        // form right after "and" is a noun of the list ("weapons and
        // training to X").
        if matches!(t.norm.as_str(), "and" | "but" | "while" | "whereas")
            && triggers.iter().any(|tr| match tr.what {
                TriggerKind::Verb(v) => {
                    tr.start > j
                        && tr.start <= j + 2
                        && !(t.norm == "and" && tr.start == j + 1 && v.form == VerbForm::Ing)
                }
                TriggerKind::Noun(_) => false,
            })
        {
            break;
        }
        if matches!(
            t.norm.as_str(),
            "which"
                | "who"
                | "that"
                | "after"
                | "before"
                | "because"
                | "as"
                | "when"
                | "while"
                | "although"
                | "if"
                | "according"
        ) && j > from
        {
            break;
        }
        j += 1;
    }
    j
}

/// The code a verb gives in its clause, and what the pattern that gave it
/// says about the event.
struct VerbCode {
    code: CameoCode,
    /// Code of the paired event from target to source.
    pair: Option<CameoCode>,
    /// The subject is the target.
    swap: bool,
    /// The subject is the target and the source comes before the
    /// pattern's words before the verb.
    target_before: bool,
    rule: String,
    /// Tokens matched before the verb: a negation among them is part of
    /// the pattern, not of the event.
    before: Option<(usize, usize)>,
    /// A joint act of a compound subject.
    joint: bool,
    /// The object is the actor after this token, passing over this many
    /// actors first.
    object_after: Option<(usize, u8)>,
    /// The tokens of the pattern's first words after the verb: the verb's
    /// object, no verb of its own ("called for tougher sanctions on").
    words: Option<(usize, usize)>,
}

impl VerbCode {
    /// A code with nothing a pattern adds.
    fn plain(code: CameoCode, pair: Option<CameoCode>, rule: String) -> VerbCode {
        VerbCode {
            code,
            pair,
            swap: false,
            target_before: false,
            rule,
            before: None,
            joint: false,
            object_after: None,
            words: None,
        }
    }
}

/// The length of the element's phrase that occurs at `k` and ends by
/// `limit`, if one does.
fn element_phrase_at(
    tokens: &[Token],
    k: usize,
    limit: usize,
    element: &PatternElement,
    exact: bool,
) -> Option<usize> {
    if !element.may_start(&tokens[k].norm) {
        return None;
    }
    element
        .phrases
        .iter()
        .find(|p| k + p.len() <= limit && phrase_at(tokens, k, p, exact))
        .map(Vec::len)
}

/// The first position at or after `from` (and before `end`) where one of
/// the element's phrases occurs, with its length.
fn element_at_or_after(
    tokens: &[Token],
    from: usize,
    end: usize,
    element: &PatternElement,
    exact: bool,
) -> Option<(usize, usize)> {
    (from..end.min(tokens.len()))
        .find_map(|k| element_phrase_at(tokens, k, end, element, exact).map(|len| (k, len)))
}

/// Where the elements before a verb start, if they all occur, in order,
/// among the few words before it in its clause.
fn elements_before(
    tokens: &[Token],
    verb: usize,
    elements: &[PatternElement],
    exact: bool,
) -> Option<usize> {
    let mut floor = verb.saturating_sub(8);
    if let Some(b) = (floor..verb)
        .rev()
        .find(|&k| is_barrier(&tokens[k]) || tokens[k].is_punct(","))
    {
        floor = b + 1;
    }
    // Match from the verb backwards: the last element ends nearest it.
    let mut limit = verb;
    for element in elements.iter().rev() {
        limit = (floor..limit)
            .rev()
            .find(|&k| element_phrase_at(tokens, k, limit, element, exact).is_some())?;
    }
    Some(limit)
}

/// A word that can stand between a determiner and an event noun ("a brief
/// private visit", "its four-nation tour", "repeated attacks").
fn is_event_modifier(t: &Token) -> bool {
    t.kind == TokenKind::Word
        && !t.capitalized()
        && (t.norm.contains('-')
            || t.norm.ends_with("al")
            || t.norm.ends_with("ic")
            || t.norm.ends_with("ed")
            || is(lexicon::EVENT_MODIFIERS, &t.norm))
        && !is(lexicon::BE, &t.norm)
}

/// The code a verb gives, with the pattern that fired, looking at the words
/// of its clause: `after..end` follow it, `start` is where it begins;
/// `compound_subject` tells, when a pattern asks, whether its subject is a
/// compound.
fn verb_code(
    dict: &Dictionary,
    v: VerbRef,
    tokens: &[Token],
    start: usize,
    after: usize,
    end: usize,
    compound_subject: &dyn Fn() -> bool,
) -> Option<VerbCode> {
    let verb = &dict.verbs[v.verb];
    // The first pattern (in dictionary order) whose elements all occur
    // wins; a pattern with a preposition only counts phrases after the
    // preposition's first occurrence. First phrases are looked up by the
    // word at each position rather than tried one by one.
    let end = end.min(tokens.len());
    // (pattern, where its words before the verb start, where its words
    // after the verb end, the span of its first words)
    type Match = (usize, Option<usize>, usize, Option<(usize, usize)>);
    let mut best: Option<Match> = None;
    let fits = |pi: usize, k: Option<(usize, usize)>| -> Option<(Option<usize>, usize)> {
        let p = &verb.patterns.list[pi];
        if p.compound && !compound_subject() {
            return None;
        }
        let mut from = after;
        if let Some((k, len)) = k {
            if p.words_joined && k != after {
                return None;
            }
            if let Some(prep) = &p.prep {
                match (after..end).find(|&j| tokens[j].norm == *prep) {
                    Some(j) if k > j => {}
                    _ => return None,
                }
            }
            from = k + len;
            for element in &p.then {
                let (at, len) = element_at_or_after(tokens, from, end, element, p.exact_words)?;
                from = at + len;
            }
        }
        if p.before.is_empty() {
            Some((None, from))
        } else if p.before_joined
            && !p.before.last().is_some_and(|last| {
                (start.saturating_sub(8)..start).any(|k| {
                    element_phrase_at(tokens, k, start, last, p.exact_words) == Some(start - k)
                })
            })
        {
            None
        } else {
            elements_before(tokens, start, &p.before, p.exact_words).map(|b| (Some(b), from))
        }
    };
    if !verb.patterns.is_empty() {
        for k in after..end {
            let Some(cands) = verb.patterns.starts.get(tokens[k].norm.as_str()) else {
                continue;
            };
            for &(pi, wi) in cands {
                let (pi, wi) = (pi as usize, wi as usize);
                if best.is_some_and(|(b, ..)| pi >= b) {
                    continue;
                }
                let phrase = &verb.patterns.list[pi].words[wi];
                if phrase_at(tokens, k, phrase, verb.patterns.list[pi].exact_words)
                    && let Some((before, end)) = fits(pi, Some((k, phrase.len())))
                {
                    best = Some((pi, before, end, Some((k, k + phrase.len()))));
                }
            }
        }
        for &pi in verb.patterns.wordless.iter() {
            let pi = pi as usize;
            if best.is_some_and(|(b, ..)| pi >= b) {
                break;
            }
            if let Some((before, end)) = fits(pi, None) {
                best = Some((pi, before, end, None));
            }
        }
    }
    if let Some((pi, before, matched_end, words)) = best {
        let p = &verb.patterns.list[pi];
        // A pattern without a code marks a use of the verb that is no event.
        return Some(VerbCode {
            code: p.code?,
            pair: p.pair,
            swap: p.swap,
            target_before: p.target_before,
            rule: format!("{} {} pattern {}", verb.origin, verb.lemma, pi + 1),
            before: before.map(|b| (b, start)),
            joint: p.compound,
            object_after: p.object_follows.then_some((matched_end, p.skip_actors)),
            words,
        });
    }
    verb.code
        .map(|code| VerbCode::plain(code, verb.pair, format!("{} {}", verb.origin, verb.lemma)))
}

/// Everything the event finder needs about a sentence.
pub struct SentenceView<'a> {
    /// Tokens.
    pub tokens: &'a [Token],
    /// Actor mentions (resolved backrefs included), sorted by position.
    pub mentions: &'a [Mention],
    /// Groups of mentions (compounds).
    pub groups: &'a [Group],
    /// Triggers.
    pub triggers: &'a [Trigger],
    /// Token ranges of date expressions: passed over when looking for
    /// objects ("condemned on Friday the airstrikes").
    pub dates: &'a [(usize, usize)],
}

impl SentenceView<'_> {
    fn group_at_left(
        &self,
        from: usize,
        floor: usize,
        skip: &[(usize, usize)],
        own: Option<(usize, usize)>,
    ) -> Option<usize> {
        // The nearest group ending before `from`, not inside a parenthetical
        // (unless it is the verb's own), not beyond a barrier.
        let mut k = from;
        let mut comma = false;
        while k > floor {
            k -= 1;
            let t = &self.tokens[k];
            if is_barrier(t) {
                return None;
            }
            comma |= t.is_punct(",");
            // "after crowds burned down its embassy": the clause a
            // subordinator opens has its own subject, named or not. Past a
            // comma it is an aside ("Iran, after long talks, signed"); right
            // before the verb it is an adverb ("had never before met").
            if !comma && k + 1 < from && is(lexicon::SUBORDINATORS, &t.norm) {
                return None;
            }
            // ", but officials cautioned": a new clause with a subject of
            // its own, known or not.
            if k > 0
                && self.tokens[k - 1].is_punct(",")
                && matches!(
                    t.norm.as_str(),
                    "but" | "while" | "whereas" | "although" | "though"
                )
            {
                return None;
            }
            if let Some(r) = inside(skip, k)
                && Some(r) != own
            {
                k = r.0;
                continue;
            }
            if let Some(g) = self
                .groups
                .iter()
                .position(|g| g.end == k + 1 && !g.adjective_only)
            {
                // A place after "in" or "at" is where, not who ("Nigerians
                // ... converged for a rally in Lagos to protest").
                // "in the United States": past the article.
                let mut before = self.groups[g].start;
                if before > 0 && self.tokens[before - 1].norm == "the" {
                    before -= 1;
                }
                // Nor is a place one goes "into" or is "at".
                let place = before > 0 && {
                    let w = self.tokens[before - 1].norm.as_str();
                    is(lexicon::LOCATIVES, w) || matches!(w, "at" | "into")
                };
                if !place {
                    return Some(g);
                }
                k = self.groups[g].start;
                continue;
            }
        }
        None
    }

    /// The group that starts the clause after the first comma at or after
    /// `from` (past an article): the main clause's subject after an
    /// opening phrase.
    fn group_after_comma(&self, from: usize) -> Option<usize> {
        let c = (from..self.tokens.len()).find(|&k| self.tokens[k].is_punct(","))?;
        let k = c + 1 + usize::from(self.tokens.get(c + 1).is_some_and(|t| t.norm == "the"));
        self.group_starting(k)
    }

    fn group_starting(&self, k: usize) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.start == k && !g.adjective_only)
    }

    /// The first group in `[from, to)`: directly (after determiners and
    /// modifiers) when `preps` is empty, else after one of `preps`.
    fn group_at_right(
        &self,
        from: usize,
        to: usize,
        preps: &[&str],
        direct: bool,
    ) -> Option<(usize, Option<String>)> {
        let mut k = from;
        let mut after_prep: Option<String> = None;
        // A direct object comes before any prepositional phrase: in "signed
        // the accord at a summit in Moscow" Moscow is no object.
        let mut direct = direct;
        // "offered its troops to Lebanon": the subject's own people are what
        // it offers; the actor after the preposition, if any, is the target.
        let mut own_object: Option<usize> = None;
        while k < to {
            if let Some(&(_, e)) = self.dates.iter().find(|(s, e)| *s <= k && k < *e) {
                k = e;
                continue;
            }
            if k + 1 < to
                && self.tokens[k].norm == "on"
                && self.dates.iter().any(|(s, _)| *s == k + 1)
            {
                k += 1;
                continue;
            }
            if let Some(g) = self.group_starting(k) {
                let owned = direct
                    && after_prep.is_none()
                    && own_object.is_none()
                    && k > 0
                    && matches!(
                        self.tokens[k - 1].norm.as_str(),
                        "its" | "their" | "his" | "her"
                    );
                if owned {
                    own_object = Some(g);
                } else if after_prep.is_some() || direct {
                    return Some((g, after_prep));
                }
                k = self.groups[g].end;
                continue;
            }
            // "opposed to French mediation": right after the preposition,
            // the owner of what it introduces.
            if let Some(p) = &after_prep
                && {
                    // Past modifiers: "against recent U.S. airstrikes".
                    let mut b = k;
                    while b > 0 && k - b < 2 && is_event_modifier(&self.tokens[b - 1]) {
                        b -= 1;
                    }
                    b > 0 && self.tokens[b - 1].norm == *p
                }
                && let Some(g) = self
                    .groups
                    .iter()
                    .position(|g| g.start == k && g.adjective_only)
                && self.tokens.get(self.groups[g].end).is_some_and(|t| {
                    t.kind == TokenKind::Word
                        && !t.capitalized()
                        && self.group_starting(self.groups[g].end).is_none()
                })
            {
                return Some((g, after_prep));
            }
            let w = self.tokens[k].norm.as_str();
            // "to" before a verb is an infinitive, not a preposition; nor is
            // "about" before a number ("killing about 20 people").
            let infinitive = w == "to" && self.triggers.iter().any(|t| t.start == k + 1);
            let approximately = w == "about"
                && self
                    .tokens
                    .get(k + 1)
                    .is_some_and(|t| t.kind == TokenKind::Number);
            if is(lexicon::PREPOSITIONS, w) && !infinitive && !approximately {
                if preps.contains(&w) {
                    after_prep = Some(w.to_string());
                } else if after_prep.is_some() && matches!(w, "of" | "for") {
                    // "on a base for African Union troops", "on the headquarters of X".
                } else if after_prep.is_none() && direct && !matches!(w, "of") {
                    // A preposition not introducing targets ends the direct object.
                    return own_object
                        .filter(|&g| !self.owner_less(g))
                        .map(|g| (g, None));
                } else {
                    if after_prep.is_some() {
                        direct = false;
                    }
                    after_prep = None;
                }
            }
            k += 1;
        }
        // An agent that names no owner ("their embassies") is resolved
        // against the text, not the subject: no target then.
        own_object
            .filter(|&g| !self.owner_less(g))
            .map(|g| (g, None))
    }

    /// Whether a group is only agents that name no owner.
    fn owner_less(&self, g: usize) -> bool {
        self.groups[g]
            .members
            .iter()
            .all(|&m| self.mentions[m].names_no_owner())
    }
}

/// Which events sit in a clause that dates or explains an earlier event
/// of the sentence ("restored ties five years after crowds burned down
/// its embassy": a subordinator opens the clause after the earlier
/// event's trigger) or describes an actor ("a woman who shot at US
/// officers was extradited": a relative "who" or "which"), with only
/// words between the opener and the event's own trigger (no comma,
/// "that" or other trigger).
fn in_background_clause(s: &SentenceView<'_>, events: &[RawEvent]) -> Vec<bool> {
    let tokens = s.tokens;
    events
        .iter()
        .map(|e| {
            let mut k = e.trigger.start;
            while k > 0 {
                k -= 1;
                let t = &tokens[k];
                if t.kind == TokenKind::Punct
                    || t.norm == "that"
                    || s.triggers.iter().any(|x| x.start <= k && k < x.end)
                {
                    return false;
                }
                if lexicon::is(lexicon::SUBORDINATORS, &t.norm) {
                    return events.iter().any(|f| f.trigger.end <= k);
                }
                if lexicon::is(lexicon::RELATIVES, &t.norm) {
                    return true;
                }
            }
            false
        })
        .collect()
}

/// Finds the events of a sentence.
pub fn find_events(dict: &Dictionary, s: &SentenceView<'_>) -> Vec<RawEvent> {
    let tokens = s.tokens;
    let first_word = crate::text::first_word(tokens);
    let skip = parentheticals(tokens);
    let mut out: Vec<RawEvent> = Vec::new();
    // Subject of each verb trigger, to pass on to coordinated verbs.
    let mut subjects: Vec<Option<usize>> = vec![None; s.triggers.len()];
    let report_positions: Vec<usize> = s
        .triggers
        .iter()
        .filter(|t| matches!(t.what, TriggerKind::Verb(v) if dict.verbs[v.verb].report))
        .map(|t| t.start)
        .collect();
    // Verbs that introduce speech: reporting verbs, and verbs of saying
    // followed by "that" ("declared Tuesday that ...", "warned that ...").
    let speech: Vec<&Trigger> = s
        .triggers
        .iter()
        .filter(|t| match t.what {
            TriggerKind::Verb(v) => {
                dict.verbs[v.verb].report
                    || (is(lexicon::SAYING, &tokens[t.start].norm)
                        && ((t.end..(t.end + 4).min(tokens.len()))
                            .any(|k| tokens[k].norm == "that")
                            // "warned it could retaliate": "that" left out.
                            || (matches!(norm(tokens, t.end), "it" | "they" | "he" | "she" | "we")
                                && lexicon::is_modal(norm(tokens, t.end + 1)))))
            }
            TriggerKind::Noun(_) => false,
        })
        .collect();
    // Denials with what they deny after them: where "deny" ends and where
    // its "that" is.
    let denials: Vec<(usize, usize)> = s
        .triggers
        .iter()
        .filter(|t| matches!(t.what, TriggerKind::Verb(v) if dict.verbs[v.verb].lemma == "deny"))
        .filter_map(|t| {
            let that =
                (t.end..(t.end + 4).min(tokens.len())).find(|&k| tokens[k].norm == "that")?;
            Some((t.end, that))
        })
        .collect();
    // Objects windows of verbs, so that nouns there are not coded twice.
    let mut object_windows: Vec<(usize, usize)> = Vec::new();
    // Clauses of appeals and demands: "demanded the parties to allow aid"
    // asks for the act; it has not happened.
    let mut request_windows: Vec<(usize, usize)> = Vec::new();
    // Words an earlier verb's pattern matched: no verbs of their own.
    let mut pattern_words: Vec<(usize, usize)> = Vec::new();

    for (ti, trig) in s.triggers.iter().enumerate() {
        let TriggerKind::Verb(v) = trig.what else {
            continue;
        };
        // Unless a modal, "to" or a subject makes it a verb again ("warned
        // it could retaliate").
        if inside(&pattern_words, trig.start).is_some() && trig.start > 0 && {
            let w = norm(tokens, trig.start - 1);
            !(lexicon::is_modal(w)
                || w == "to"
                || is(lexicon::AUXILIARIES, w)
                || is(lexicon::PRONOUNS, w))
        } {
            continue;
        }
        // A modal a dictionary lists as a verb ("should") only helps the
        // verb after it: "should have acted" is no act of "should".
        if lexicon::is_modal(&tokens[trig.start].norm) && {
            let mut k = trig.end;
            while k < tokens.len()
                && (is_adverb(norm(tokens, k)) || is(lexicon::NEGATIONS, norm(tokens, k)))
            {
                k += 1;
            }
            k < tokens.len()
                && (is(lexicon::AUXILIARIES, norm(tokens, k))
                    || is(lexicon::BE, norm(tokens, k))
                    || s.triggers
                        .iter()
                        .any(|t| t.start == k && matches!(t.what, TriggerKind::Verb(_))))
        } {
            continue;
        }
        let verb = &dict.verbs[v.verb];
        let own = inside(&skip, trig.start);
        // Complement verbs: "agreed to provide", "threatened to retaliate by
        // launching": the governing verb codes the event.
        let before = trig
            .start
            .checked_sub(1)
            .map(|k| norm(tokens, k))
            .unwrap_or("");
        // "to help defend": the purpose of the verb before.
        let help = before == "help" && trig.start >= 2 && norm(tokens, trig.start - 2) == "to";
        // Dates between do not count ("agreed on Saturday to provide").
        let gap = |a: usize, b: usize| {
            (a..b)
                .filter(|&k| !s.dates.iter().any(|(ds, de)| *ds <= k && k < *de))
                .count()
        };
        let governed = (before == "to"
            || before == "by"
            || help
            || (v.form == VerbForm::Ing && matches!(before, "by" | "after" | "of")))
            && s.triggers[..ti].iter().any(|t| {
                matches!(t.what, TriggerKind::Verb(_))
                    && t.end <= trig.start
                    && gap(t.end, trig.start) <= 4
                    // "announced that it is prepared to impose": "that"
                    // opens a clause of its own.
                    && !(t.end..trig.start).any(|k| tokens[k].norm == "that")
            });
        // "rejected North Korea's demand to sever ties": the infinitive is
        // the content of the object, not an event of its own.
        let embedded = before == "to"
            && object_windows
                .iter()
                .any(|(a, b)| *a < trig.start && trig.start < *b)
            && trig.start >= 2
            && {
                // The word before "to" is a plain noun ("demand", "request"),
                // not an actor ("prompting the government to blame").
                let w = &tokens[trig.start - 2];
                w.kind == TokenKind::Word
                    && !w.capitalized()
                    // "is prepared to impose": a stance, not a noun.
                    && !is(lexicon::INTENT_VERBS, &w.norm)
                    && !s
                        .mentions
                        .iter()
                        .any(|m| m.start <= trig.start - 2 && trig.start - 2 < m.end)
                    && !s.triggers.iter().any(|t| {
                        t.end == trig.start - 1 && matches!(t.what, TriggerKind::Verb(_))
                    })
            };
        let intent_before = before == "to"
            && trig.start >= 2
            && is(lexicon::INTENT_VERBS, norm(tokens, trig.start - 2));
        let mut w_end = window_end(tokens, trig.end, 10, &s.triggers[ti + 1..]);
        // "donated and delivered goods to X": a verb with nothing of its own
        // before "and" shares the next verb's object.
        if w_end == trig.end
            && matches!(norm(tokens, trig.end), "and" | "or")
            && let Some(nv) = s.triggers[ti + 1..].iter().find(|t| {
                matches!(t.what, TriggerKind::Verb(_))
                    && t.start > trig.end
                    && (trig.end + 1..t.start).all(|k| is_adverb(norm(tokens, k)))
            })
        {
            w_end = window_end(tokens, nv.end, 10, &s.triggers[ti + 2..]);
        }
        // A complement verb ("agreed to provide aid for X", "threatened to
        // retaliate by launching an attack on Y") extends the governing
        // verb's clause: its words refine the code, its object is the target.
        let mut next = ti + 1;
        while let Some(c) = s.triggers.get(next) {
            let lead = c
                .start
                .checked_sub(1)
                .map(|k| norm(tokens, k))
                .unwrap_or("");
            let complement = matches!(c.what, TriggerKind::Verb(_))
                && matches!(lead, "to" | "by")
                && c.start <= w_end + 1
                && c.start > trig.end;
            if !complement {
                break;
            }
            w_end = w_end.max(window_end(tokens, c.end, 10, &s.triggers[next + 1..]));
            next += 1;
        }
        object_windows.push((trig.end, w_end));
        // A complement stands on its own when the verb governing it codes
        // nothing ("took the dramatic step of expelling X").
        let governor_codes = governed
            && s.triggers[..ti]
                .iter()
                .rev()
                .find(|t| matches!(t.what, TriggerKind::Verb(_)) && t.end <= trig.start)
                .is_some_and(|t| {
                    let TriggerKind::Verb(gv) = t.what else {
                        return false;
                    };
                    let gverb = &dict.verbs[gv.verb];
                    gverb.report
                        || verb_code(
                            dict,
                            gv,
                            tokens,
                            t.start,
                            t.end,
                            window_end(tokens, t.end, 10, &[]),
                            &|| false,
                        )
                        .is_some()
                });
        let requested = before == "to"
            && request_windows
                .iter()
                .any(|(a, b)| *a < trig.start && trig.start < *b);
        if verb.report || governor_codes || embedded || requested {
            continue;
        }
        // Subject: a coordinated verb ("attacked X and killed Y") shares the
        // first verb's subject.
        // The last verb before this one that found a subject.
        let previous_subject = (0..ti).rev().find_map(|k| {
            matches!(s.triggers[k].what, TriggerKind::Verb(_))
                .then_some(())
                .and(subjects[k].map(|g| (k, g)))
        });
        // "attacked X and killed Y" and ", killing ten people": the earlier
        // verb's subject.
        // "..., after accusing Pakistan of air strikes": an adverbial
        // participle clause shares the main clause's subject too.
        let coordinated = (matches!(before, "and" | "then")
            || (v.form == VerbForm::Ing
                && matches!(
                    before,
                    "," | "after" | "before" | "while" | "since" | "without"
                )))
            && previous_subject.is_some_and(|(k, _)| s.triggers[k].end + 15 >= trig.start);
        // The subject is only looked for when the verb codes, or when one
        // of its patterns asks whether the subject is a compound: most verb
        // forms of a large dictionary code nothing.
        let subject_cell = std::cell::OnceCell::new();
        let find_subject = || -> Option<usize> {
            let subject = if let Some((ps, _)) = own
                .filter(|(ps, _)| matches!(norm(tokens, *ps), "which" | "who" | "whom" | "whose"))
            {
                // Inside a relative clause: its antecedent.
                s.group_at_left(ps.saturating_sub(1), 0, &skip, None)
            } else if coordinated {
                previous_subject.map(|(_, g)| g)
            } else if trig.start > 0
                && matches!(norm(tokens, trig.start - 1), "that" | "which" | "who")
                && !s.groups.iter().any(|g| g.end == trig.start - 1)
            {
                // "... were among the countries that sent ...": the relative
                // clause's antecedent is not an actor; its sentence subject is.
                // But "a group that conducted", "a senator who acted" bring in
                // someone new, who is no one the dictionaries know.
                let rel = trig.start - 1;
                let indefinite = (rel.saturating_sub(4)..rel).any(|k| {
                    matches!(norm(tokens, k), "a" | "an")
                        && tokens[k + 1..rel].iter().all(|t| {
                            t.kind == TokenKind::Word && !is(lexicon::PREPOSITIONS, &t.norm)
                        })
                });
                if indefinite {
                    None
                } else {
                    s.group_at_left(rel, 0, &skip, own)
                }
            } else if let Some(k) = verb_group_start(tokens, trig.start, true).checked_sub(1)
                && matches!(norm(tokens, k), "he" | "she")
                && !s.groups.iter().any(|g| g.start <= k && k < g.end)
            {
                // "..., he said": "he" is the subject; the actor before it
                // can be who "he" is ("the president said he would"), but
                // not a country or organisation ("Gondor's health centres,
                // he said").
                s.group_at_left(k, 0, &skip, own).filter(|&g| {
                    s.groups[g]
                        .members
                        .iter()
                        .all(|&m| matches!(s.mentions[m].kind, Kind::Person | Kind::StateAgent))
                })
            } else {
                let g = s.group_at_left(trig.start, 0, &skip, own);
                // "Troops who attacked Colombia were praised": the object of
                // a relative clause's verb is not the subject after it; the
                // clause's antecedent is.
                g.and_then(|g| {
                    let start = s.groups[g].start;
                    let r = (start.saturating_sub(8)..start)
                        .rev()
                        .find(|&k| is(lexicon::RELATIVES, norm(tokens, k)))?;
                    let verb_between = s.triggers.iter().any(|t| {
                        t.start > r && t.end <= start && matches!(t.what, TriggerKind::Verb(_))
                    });
                    let before = if r > 0 && tokens[r - 1].is_punct(",") {
                        r - 1
                    } else {
                        r
                    };
                    verb_between
                        .then(|| s.groups.iter().position(|h| h.end == before))
                        .flatten()
                })
                .or(g)
            };
            // "Saudi airstrikes killed dozens": an event noun right before
            // the verb is its subject, and the noun's owner the actor.
            let subject = subject.or_else(|| {
                let k = verb_group_start(tokens, trig.start, false);
                let noun = s
                    .triggers
                    .iter()
                    .find(|t| t.end == k && matches!(t.what, TriggerKind::Noun(_)))?;
                // Past modifiers: "Russian missile strikes".
                s.groups.iter().position(|g| {
                    g.adjective_only
                        && g.end <= noun.start
                        && noun.start - g.end <= 2
                        && tokens[g.end..noun.start]
                            .iter()
                            .all(|t| t.kind == TokenKind::Word && !t.capitalized())
                })
            });
            // "Kenzo Oshima, the United Nations relief coordinator, demanded":
            // with no known actor before it, the apposition right before the
            // verb names the subject.
            let subject = subject.or_else(|| {
                let k = verb_group_start(tokens, trig.start, true).checked_sub(1)?;
                let (a, b) = skip.iter().copied().find(|&(a, b)| {
                    b == k
                        && tokens[k].is_punct(",")
                        && matches!(
                            norm(tokens, a),
                            "the" | "a" | "an" | "its" | "his" | "her" | "their"
                        )
                })?;
                // The actor heads the apposition ("the UN envoy"); one further
                // in ("a body linked to the OAU") is someone else.
                s.groups.iter().rposition(|g| {
                    g.start > a && g.start <= a + 2 && g.end <= b && !g.adjective_only
                })
            });
            // "..., a human rights group protested": the verb's own subject is
            // the unknown noun after the comma, not an actor before it.
            subject.filter(|&g| {
                let Some(c) = (s.groups[g].end..trig.start)
                    .rev()
                    .find(|&k| tokens[k].is_punct(","))
                else {
                    return true;
                };
                let between = &tokens[c + 1..trig.start];
                !(between.len() >= 2
                    && matches!(between[0].norm.as_str(), "a" | "an" | "the")
                    && between[1..].iter().all(|t| {
                        t.kind == TokenKind::Word
                            && !t.capitalized()
                            && !is(lexicon::PREPOSITIONS, &t.norm)
                            && !matches!(t.norm.as_str(), "that" | "which" | "who" | "whom")
                            && !s.mentions.iter().any(|m| m.start <= c + 1 && c + 1 < m.end)
                    }))
            })
        };
        let subject_of = || *subject_cell.get_or_init(find_subject);
        // A verb that codes nothing alone still carries a demand when a
        // speaker says someone must do it ("said Iran must halt enrichment").
        let obliged = obliged_before(tokens, trig.start);
        let (vc, demand_only) =
            match verb_code(dict, v, tokens, trig.start, trig.end, w_end, &|| {
                subject_of().is_some_and(|g| s.groups[g].members.len() > 1)
            }) {
                Some(vc) => (vc, false),
                None if obliged && !speech.is_empty() => (
                    VerbCode::plain(demand(), None, format!("{} {}", verb.origin, verb.lemma)),
                    true,
                ),
                None => continue,
            };
        let subject = subject_of();
        pattern_words.extend(vc.words);
        let (code, rule) = (vc.code, vc.rule.clone());
        if matches!(code.root(), 2 | 10) {
            request_windows.push((trig.end, w_end));
        }

        // Whether a token is among the words a pattern matched before the
        // verb.
        let in_pattern_words = |k: usize| vc.before.is_some_and(|(a, b)| a <= k && k < b);

        // Voice: "was attacked by X".
        let mut k = trig.start;
        let mut negated = false;
        let mut intended = intent_before;
        let mut hypothetical = false;
        let mut passive = false;
        let mut present = matches!(v.form, VerbForm::Third | VerbForm::Base);
        // "is opposed to X" describes the subject's stance: active.
        // So is "were engaged in ethnic cleansing": a phrasal verb in "in"
        // takes no passive.
        let stance = (tokens[trig.start].norm == "opposed"
            && tokens.get(trig.end).is_some_and(|t| t.norm == "to"))
            || verb.lemma.ends_with(" in");
        while k > 0 {
            k -= 1;
            let w = norm(tokens, k);
            if is_adverb(w) {
                continue;
            }
            // "did not clash" or "would act" matched by a pattern that
            // names the negation or the modal is what the pattern codes.
            let in_pattern = in_pattern_words(k);
            if is(lexicon::NEGATIONS, w) || w.ends_with("n't") {
                negated |= !in_pattern;
            } else if in_pattern && lexicon::is_modal(w) {
                continue;
            } else if is(lexicon::BE, w) {
                if v.form == VerbForm::Past && !stance {
                    passive = true;
                }
                if matches!(w, "is" | "are" | "am") {
                    present = true;
                }
            } else if is(lexicon::MODALS_INTENDED, w)
                || (w == "to" && k > 0 && is(lexicon::INTENT_VERBS, norm(tokens, k - 1)))
            {
                intended = true;
            } else if w == "would" && !report_positions.is_empty() {
                // "said it would send": the future of reported speech.
                intended = true;
            } else if is(lexicon::MODALS_HYPOTHETICAL, w) {
                hypothetical = true;
            } else if is(lexicon::AUXILIARIES, w) {
                if matches!(w, "has" | "have") {
                    present = false;
                }
            } else if w == "to" || w == "going" {
                continue;
            } else if norm(tokens, k + 1) == "to" && is(lexicon::INTENT_VERBS, w) {
                // "must be ready to mediate": on to the modal.
                intended = true;
                continue;
            } else {
                break;
            }
        }
        // "If Turkey attacks Syria, ...": a condition, not an act.
        hypothetical |= (trig.start.saturating_sub(10)..trig.start)
            .rev()
            .take_while(|&k| !tokens[k].is_punct(",") && !is_barrier(&tokens[k]))
            .any(|k| matches!(norm(tokens, k), "if" | "unless"));
        // "Yemen's government, backed by Saudi Arabia,": a participle after
        // a comma with its agent is passive; so is one that opens the
        // sentence ("Backed by Iran, the Houthis attacked"), whose target
        // is the main clause's subject.
        let opening_participle = first_word == Some(trig.start);
        if v.form == VerbForm::Past
            && (opening_participle || (trig.start > 0 && tokens[trig.start - 1].is_punct(",")))
            && norm(tokens, trig.end) == "by"
        {
            passive = true;
        }
        if v.form == VerbForm::Past {
            present = false;
        }
        if intended {
            present = true;
        }
        // Words a pattern matched before the verb come after its subject
        // ("X will be hosting Y to celebrate": X).
        let subject = match vc.before {
            Some((b, _)) if !coordinated => s.group_at_left(b, 0, &skip, own).or(subject),
            _ => subject,
        };
        subjects[ti] = subject;
        // The actor a pattern names after its words.
        let object_after = vc.object_after.and_then(|(pos, pass)| {
            s.groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.start >= pos && !g.adjective_only)
                .nth(pass as usize)
                .map(|(i, _)| i)
        });
        let defaults = [
            "to", "with", "against", "on", "at", "into", "toward", "towards", "from", "for",
            "around", "near", "between",
        ];
        let preps: Vec<&str> = if verb.target_after.is_empty() {
            defaults.to_vec()
        } else {
            verb.target_after.iter().map(String::as_str).collect()
        };
        let (mut source, mut target);
        if passive {
            // The grammatical subject suffered the act; the agent follows "by"
            // or is the owner of an event noun ("killed in a U.S. drone strike").
            target = subject
                .or_else(|| {
                    opening_participle
                        .then(|| s.group_after_comma(trig.end))
                        .flatten()
                })
                .or_else(|| {
                    // "Israeli strikes were condemned", "Iran's tests were
                    // condemned": the owner of the subject noun.
                    let noun = verb_group_start(tokens, trig.start, false).checked_sub(1)?;
                    if tokens[noun].kind != TokenKind::Word || tokens[noun].capitalized() {
                        return None;
                    }
                    s.groups.iter().position(|g| {
                        (g.end == noun && g.adjective_only)
                            || (g.end + 1 == noun && tokens[g.end].kind == TokenKind::Possessive)
                    })
                });
            source = s
                .group_at_right(trig.end, w_end, &["by"], false)
                .map(|x| x.0)
                .or(object_after);
            if source.is_none() {
                for nt in s.triggers.iter().filter(|t| {
                    matches!(t.what, TriggerKind::Noun(_))
                        && t.start >= trig.end
                        && t.start < w_end
                        && (trig.end..t.start)
                            .any(|k| matches!(norm(tokens, k), "in" | "by" | "during" | "from"))
                }) {
                    if let Some(g) = s.groups.iter().position(|g| {
                        g.end == nt.start
                            || (g.end < nt.start && nt.start - g.end <= 2 && g.adjective_only)
                    }) {
                        source = Some(g);
                        break;
                    }
                }
            }
            if source.is_none() {
                continue; // agentless passives are not coded
            }
        } else {
            source = subject;
            target = if object_after.is_some() {
                object_after
            } else if verb.target_after.is_empty() {
                s.group_at_right(trig.end, w_end, &preps, true)
                    .or_else(|| s.group_at_right(trig.end, w_end, &preps, false))
                    .map(|x| x.0)
            } else {
                s.group_at_right(trig.end, w_end, &preps, false)
                    .or_else(|| s.group_at_right(trig.end, w_end, &[], true))
                    .map(|x| x.0)
            };
            // "Russia sent troops to Syria", "massed troops near Ukraine":
            // forces a side sends, deploys or pulls back with no owner named
            // are its own, not the target; the place they go to may be.
            if matches!(code.root(), 7 | 8 | 15)
                && let Some(g) = target
                && s.groups[g].start >= trig.end
                && s.groups[g]
                    .members
                    .iter()
                    .all(|&m| owner_less_forces(&s.mentions[m]))
            {
                target = s
                    .group_at_right(s.groups[g].end, w_end, &preps, false)
                    .map(|x| x.0);
            }
            // "condemned the Israeli airstrikes", "denounced Serbia's
            // suppression": the owner of the object.
            if target.is_none() {
                target = s.groups.iter().position(|g| {
                    g.start >= trig.end
                        && g.start < w_end
                        && g.end < tokens.len()
                        && ((g.adjective_only
                            && tokens[g.end].kind == TokenKind::Word
                            && !s.groups.iter().any(|h| h.start == g.end))
                            || tokens[g.end].kind == TokenKind::Possessive)
                });
            }
            // "clashed over the efforts of X", "protested about Iran's
            // treatment of its diplomats": whose deeds the quarrel is about,
            // unless the sides quarrel with each other.
            if target.is_none() && !is_joint(code) && !vc.joint {
                target = s
                    .group_at_right(trig.end, w_end, &["over", "about"], false)
                    .map(|x| x.0);
            }
            // "rejected calls by Kofi Annan", "condemned an attack by X in Y":
            // the author of the object, before where it happened.
            if target.is_none() {
                target = (trig.end..w_end.saturating_sub(1))
                    .find(|&k| tokens[k].norm == "by" && k > trig.end)
                    .and_then(|k| s.group_starting(k + 1));
            }
            // Last resort: where it happened ("declared a state of siege in
            // Haiti", "eased measures in Montenegro"); but where people meet
            // or agree, or clash with each other, is only the venue ("agreed
            // to meet again in Istanbul", "India and China clashed in the
            // Galwan valley").
            // Nor is where a statement of support or intent is about ("back
            // its plan to tackle poverty in Africa").
            // An act that implies another back, a visit its hosting, has
            // its other side where it takes place ("arrived in Kabul"); an
            // exchange (the same act back) has none there ("exchanged
            // prisoners in Turkey").
            // Dictionaries that take the place of any act as its target
            // (PETRARCH's: "renewing his licence in Michel Delving") do so.
            let hosted = vc.pair.is_some_and(|p| p != code);
            let exchange = vc.pair == Some(code);
            if target.is_none()
                && !exchange
                && (hosted
                    || dict.place_target_for_any_act
                    || (!is_joint(code) && !vc.joint && !matches!(code.root(), 1..=5)))
            {
                target = s
                    .group_at_right(trig.end, w_end, lexicon::LOCATIVES, false)
                    .map(|x| x.0);
            }
            // "demanded (on Friday) that the United States ...", and after
            // the words a pattern matched, "expressed hopes that X ...".
            let mut after = vc.words.map_or(trig.end, |(_, e)| e.max(trig.end));
            while let Some(&(_, e)) = s
                .dates
                .iter()
                .find(|(d, _)| *d == after || (*d == after + 1 && norm(tokens, after) == "on"))
            {
                after = e;
            }
            if target.is_none() && matches!(norm(tokens, after), "that") {
                let end = (w_end.max(after + 5)).min(tokens.len());
                target = s.group_at_right(after + 1, end, &[], true).map(|x| x.0);
            }
            if let (true, Some((b, _))) = (vc.target_before, vc.before) {
                // "Falastur noted that Cirith Ungol regretted ...": the actor
                // between the pattern's words and the verb is the target; the
                // source is the subject before the words.
                target = s.group_at_left(trig.start, b, &skip, own);
            } else if verb.swap || vc.swap {
                std::mem::swap(&mut source, &mut target);
            }
        }
        if source.is_none() {
            continue;
        }
        let src_start = source.map_or(trig.start, |g| s.groups[g].start);
        let reporter = speech
            .iter()
            .copied()
            .filter(|t| t.start != trig.start)
            .filter(|t| t.start < src_start || (t.start > trig.end && w_end <= t.start))
            .min_by_key(|t| {
                if t.start < src_start {
                    src_start - t.start
                } else {
                    t.start - trig.end + tokens.len()
                }
            });
        let reported = reporter.is_some();
        // "Egypt denied that it had attacked Libya": what a side denies
        // is no act.
        negated |= denials.iter().any(|&(deny_end, that)| {
            that < trig.start && (deny_end..trig.start).all(|k| !is_barrier(&tokens[k]))
        });
        // "Neither Iran nor Russia attended", "criticized neither Israel
        // nor Egypt": a side that "neither" opens acts or is acted on not
        // at all, unless a pattern names "neither" and codes what it means.
        let neither = |g: Option<usize>| {
            g.is_some_and(|g| {
                let mut k = s.groups[g].start;
                while k > 0 && is(lexicon::DETERMINERS, norm(tokens, k - 1)) {
                    k -= 1;
                }
                k > 0 && norm(tokens, k - 1) == "neither" && !in_pattern_words(k - 1)
            })
        };
        negated |= neither(source) || neither(target);
        // "China warned it could retaliate": "it" is the speaker again,
        // the subject of what it says, not the one it warns.
        if let (Some(src), Some(tgt)) = (source, target)
            && s.groups[tgt].members.iter().all(|&m| {
                s.mentions[m].refers_back
                    && s.groups[src]
                        .members
                        .iter()
                        .any(|&sm| s.mentions[sm].referents == s.mentions[m].referents)
            })
        {
            target = None;
        }
        // "Britain said Libya must hand over the suspects": what one side
        // says another must do is its demand on that side (10), not an act
        // of the other side.
        if obliged
            && !negated
            && !passive
            && let Some(rt) = reporter
            && let Some(speaker) = s.group_at_left(rt.start, 0, &skip, inside(&skip, rt.start))
            && speaker != source.unwrap_or(usize::MAX)
        {
            out.push(RawEvent {
                source: Some(speaker),
                target: source,
                trigger: rt.clone(),
                code: demand(),
                rule: format!("{rule}, after \"must\" in reported speech: a demand"),
                negated: false,
                intended: false,
                hypothetical: false,
                reported: false,
                present,
                joint: false,
            });
            continue;
        }
        if demand_only {
            continue;
        }
        out.push(RawEvent {
            source,
            target,
            trigger: trig.clone(),
            code,
            rule: rule.clone(),
            negated,
            intended,
            hypothetical,
            reported,
            present,
            joint: vc.joint,
        });
        // A paired code: the other side's part in the same act ("X left
        // for Y": Y receives X's visit).
        if let (Some(pair), Some(_)) = (vc.pair, target) {
            out.push(RawEvent {
                source: target,
                target: source,
                trigger: trig.clone(),
                code: pair,
                rule: format!("{rule}, paired event"),
                negated,
                intended,
                hypothetical,
                reported,
                present,
                joint: vc.joint,
            });
        }
    }

    // Blame in reported speech: "Kanaani emphasized that the Israeli
    // government is fully responsible for this crime" is the speaker's
    // accusation of that side (112).
    for rt in speech.iter().copied() {
        let Some(speaker) = s.group_at_left(rt.start, 0, &skip, inside(&skip, rt.start)) else {
            continue;
        };
        // Past a date or an addressee before "that" ("said on Monday that").
        let mut k = (rt.end..(rt.end + 5).min(tokens.len()))
            .find(|&k| tokens[k].norm == "that")
            .map_or(rt.end, |k| k + 1);
        let end = window_end(tokens, k, 12, &[]);
        while k < end && (is_adverb(norm(tokens, k)) || is(lexicon::DETERMINERS, norm(tokens, k))) {
            k += 1;
        }
        let Some(blamed) = s.group_starting(k).filter(|&g| g != speaker) else {
            continue;
        };
        // "is (fully) responsible", "was to blame", "bears (full)
        // responsibility".
        let mut j = s.groups[blamed].end;
        let bears = matches!(norm(tokens, j), "bears" | "bear" | "bore");
        if !(j < end && (bears || is(lexicon::BE, norm(tokens, j)))) {
            continue;
        }
        j += 1;
        while j < end
            && (is_adverb(norm(tokens, j))
                || (bears && matches!(norm(tokens, j), "full" | "sole" | "the" | "entire")))
        {
            j += 1;
        }
        // Responsible for a wrong, not for a duty ("responsible for
        // security in the capital").
        let for_a_wrong = || {
            norm(tokens, j + 1) != "for"
                || (j + 2..(j + 6).min(tokens.len())).any(|k| {
                    is(lexicon::WRONGS, norm(tokens, k))
                        || s.triggers.iter().any(|t| {
                            t.start == k
                                && matches!(t.what, TriggerKind::Noun(n)
                                    if dict.nouns[n].code.quad_class().is_some_and(|q| q.number() >= 3))
                        })
                })
        };
        let blame = if bears {
            norm(tokens, j) == "responsibility" && for_a_wrong()
        } else {
            (norm(tokens, j) == "responsible" && for_a_wrong())
                || (norm(tokens, j) == "to" && norm(tokens, j + 1) == "blame")
        };
        if j < end && blame {
            out.push(RawEvent {
                source: Some(speaker),
                target: Some(blamed),
                trigger: Trigger {
                    start: j,
                    end: j + 1,
                    what: rt.what,
                },
                code: accusation(),
                rule: "said to be responsible or to blame: the speaker's accusation".to_string(),
                negated: false,
                intended: false,
                hypothetical: false,
                reported: false,
                present: false,
                joint: false,
            });
        }
    }

    // Nominal events.
    for trig in s.triggers.iter() {
        let TriggerKind::Noun(n) = trig.what else {
            continue;
        };
        // The word before the noun phrase: "during" in "during a brief
        // private visit".
        let mut np_start = trig.start;
        while np_start > 0
            && trig.start - np_start < 4
            && (is(lexicon::DETERMINERS, norm(tokens, np_start - 1))
                || is_event_modifier(&tokens[np_start - 1]))
        {
            np_start -= 1;
        }
        let lead = if np_start > 0 {
            norm(tokens, np_start - 1)
        } else {
            ""
        };
        // A noun in a verb's object is part of that verb's event, unless a
        // time phrase brings it in ("met X during a visit to Y").
        if !matches!(lead, "during" | "after" | "following")
            && object_windows
                .iter()
                .any(|(a, b)| *a <= trig.start && trig.start < *b)
        {
            continue;
        }
        let noun = &dict.nouns[n];
        // Owner: an adjective or possessive right before ("Israeli
        // airstrikes", "Russia's annexation"), or after a source preposition.
        let owner = s.groups.iter().position(|g| {
            g.end <= trig.start && trig.start - g.end <= 3 && {
                let between = &tokens[g.end..trig.start];
                between.iter().all(|t| {
                    t.kind == TokenKind::Possessive
                        || (t.kind == TokenKind::Word && !lexicon::is_function_word(&t.norm))
                })
            }
        });
        let w_end = window_end(tokens, trig.end, 8, &[]);
        let source_preps: Vec<&str> = noun.source_after.iter().map(String::as_str).collect();
        let target_preps: Vec<&str> = noun
            .target_after
            .iter()
            .filter(|p| !source_preps.contains(&p.as_str()))
            .map(String::as_str)
            .collect();
        let mut source = owner.or_else(|| {
            s.group_at_right(trig.end, w_end, &source_preps, false)
                .map(|x| x.0)
        });
        let target_hit = s.group_at_right(trig.end, w_end, &target_preps, false);
        let mut target = target_hit.as_ref().map(|x| x.0);
        // "clashes between Iranian forces and the Taliban": with no other
        // source, the sides named after "between" act on each other.
        let mut joint = false;
        if source.is_none()
            && let Some((g, Some(p))) = &target_hit
            && p == "between"
            && s.groups[*g].members.len() >= 2
        {
            source = Some(*g);
            target = None;
            joint = true;
        }
        // "The Houthis, with the backing of Iran, attacked", "With the
        // support of X, Y launched": the backer is after "of", and the one
        // backed is the clause's subject.
        if lead == "with"
            && noun.code.root() == 5
            && let Some((backer, _)) = s.group_at_right(trig.end, w_end, &["of"], false)
        {
            let with_at = np_start - 1;
            let backed = if with_at > 0 && tokens[with_at - 1].is_punct(",") {
                s.group_at_left(with_at - 1, 0, &[], None)
            } else if first_word == Some(with_at) {
                s.group_after_comma(trig.end)
            } else {
                None
            };
            if let Some(backed) = backed.filter(|&b| b != backer) {
                source = Some(backer);
                target = Some(backed);
            }
        }
        if source.is_none()
            && target.is_some()
            // Visits and talks are the subject's own, and so is a protest
            // the subject is in ("gathered in a mass protest against X");
            // "following the killing of X" names no killer.
            && ((matches!(lead, "after" | "following" | "during" | "on") && noun.code.root() == 4)
                || (lead == "in" && noun.code.root() == 14))
        {
            // "He arrived after visits to X": the clause's subject.
            source = s
                .groups
                .iter()
                .position(|g| g.end <= trig.start && !g.adjective_only);
        }
        // "Israel and Lebanon renewed negotiations": a verb the dictionary
        // does not code carries the noun; its subject is the source.
        let mut light = false;
        if source.is_none() {
            let mut k = trig.start;
            while k > 0
                && (is(lexicon::DETERMINERS, norm(tokens, k - 1))
                    || is_adverb(norm(tokens, k - 1))
                    || tokens[k - 1].norm.contains('-'))
            {
                k -= 1;
            }
            if k > 0 {
                let w = norm(tokens, k - 1);
                let verbish = tokens[k - 1].kind == TokenKind::Word
                    && !tokens[k - 1].capitalized()
                    && (w.ends_with("ed")
                        || matches!(
                            w,
                            "held"
                                | "began"
                                | "made"
                                | "gave"
                                | "paid"
                                | "took"
                                | "won"
                                | "struck"
                                | "sought"
                                | "hold"
                                | "holds"
                                | "make"
                                | "makes"
                        ))
                    && !s.triggers.iter().any(|t| t.start < k && k - 1 < t.end);
                if verbish {
                    source = s.group_at_left(k - 1, 0, &skip, None);
                    light = source.is_some();
                }
            }
        }
        if source.is_none() || source == target || (target.is_none() && !light && !joint) {
            continue;
        }
        out.push(RawEvent {
            source,
            target,
            trigger: trig.clone(),
            code: noun.code,
            rule: format!("{} {} (noun)", noun.origin, noun.lemma),
            negated: false,
            intended: false,
            hypothetical: false,
            reported: !report_positions.is_empty(),
            present: false,
            joint,
        });
    }
    // PETRARCH's convention: one event per verb phrase.
    if dict.background_events == Some(false) {
        let background = in_background_clause(s, &out);
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !background[i - 1]
        });
    }
    out
}
