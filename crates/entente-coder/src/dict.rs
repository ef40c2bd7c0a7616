//! Dictionaries: the TOML files of `docs/dictionaries.md` read into tries
//! the coder walks. Built-in files are compiled in; a user's `--dict DIR`
//! files are read at run time and layered on top. Every problem names its
//! file and line.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use entente_ontology::{ActorCode, ActorHierarchy, CameoCode, FuzzyDate};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use toml::Spanned;

use crate::trie::{Case, Trie, phrase};

/// One problem in a dictionary file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictError {
    /// File name.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// What a proper name in the text stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum NameRef {
    /// A country, region or former state, by one of its name forms.
    Country {
        /// Its code.
        code: ActorCode,
        /// How the text names it.
        form: NameForm,
    },
    /// A named organisation.
    Actor {
        /// Its code.
        code: ActorCode,
        /// organ, igo, group, party, media, ngo, business, other.
        kind: String,
        /// Whether the name is an adjective ("Houthi fighters").
        adjective: bool,
        /// Valid from.
        from: Option<FuzzyDate>,
        /// Valid to.
        to: Option<FuzzyDate>,
    },
    /// A person (index into [`Dictionary::persons`]).
    Person(usize),
    /// A name for several actors at once ("the Baltic states"): each
    /// member acts.
    Collective(Arc<[ActorCode]>),
}

/// How a country is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameForm {
    /// Its name ("Iran", "the Islamic Republic").
    Name,
    /// An adjective ("Iranian").
    Adjective,
    /// Its people ("Iranians").
    Demonym,
    /// Its capital as a metonym ("Tehran").
    Capital,
    /// A seat of power with its own code ("the Kremlin" → RUSGOV).
    Seat,
    /// A city or region inside it, standing for the country as where
    /// something happened or what was struck ("Kandahar", "Crimea").
    Place,
}

/// A person with dated roles.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Code outside every role.
    pub default: ActorCode,
    /// Dated roles.
    pub roles: Vec<Role>,
}

/// A role held between two dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// Title.
    pub title: String,
    /// Code while held.
    pub code: ActorCode,
    /// First day.
    pub from: FuzzyDate,
    /// Last day, `None` to this day.
    pub to: Option<FuzzyDate>,
}

impl Person {
    /// The person's code on a date: the role held then (the latest-starting
    /// if several), else the default.
    pub fn code_on(&self, date: FuzzyDate) -> (&ActorCode, Option<&str>) {
        self.code_between(date.first_day(), date.first_day())
    }

    /// The person's code for an event known only to fall between two days
    /// (day numbers): the latest-starting role held at some time then, else
    /// the default.
    pub fn code_between(&self, first: i32, last: i32) -> (&ActorCode, Option<&str>) {
        self.roles
            .iter()
            .filter(|r| r.from.first_day() <= last && r.to.is_none_or(|t| first <= t.last_day()))
            .max_by_key(|r| r.from.first_day())
            .map_or((&self.default, None), |r| (&r.code, Some(r.title.as_str())))
    }
}

/// A kind of actor named by a common noun ("officials" → GOV).
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    /// Role codes joined to the owner's code.
    pub role: AgentRole,
    /// Whether the matched form was plural.
    pub plural: bool,
}

/// An agent's role codes and where they join its owner's code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentRole {
    /// Three-letter role codes ("GOV", "GOVFRM").
    pub codes: String,
    /// Whether the codes go before the owner's rather than after it, as
    /// PETRARCH's `[NGO~]` does: "MSF Arnor" is NGOARN.
    pub before_owner: bool,
}

/// A verb that carries events.
#[derive(Clone, Debug, PartialEq)]
pub struct Verb {
    /// Base form.
    pub lemma: String,
    /// Code of the verb alone.
    pub code: Option<CameoCode>,
    /// Prepositions introducing the target.
    pub target_after: Vec<String>,
    /// Subject is the target.
    pub swap: bool,
    /// The code of the paired event the verb alone implies, from target to
    /// source ("X left for Y": X visits Y (032), Y hosts X (033)).
    pub pair: Option<CameoCode>,
    /// Reporting verb.
    pub report: bool,
    /// Refining patterns, in order, with their index (shared by the verbs
    /// of a PETRARCH block, which list the same ones).
    pub patterns: Arc<PatternSet>,
    /// Where it was defined, for rule names.
    pub origin: String,
}

/// A verb's refining patterns, in order, and what finds them quickly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PatternSet {
    /// The patterns, in order (the first that fits wins).
    pub list: Vec<VerbPattern>,
    /// The patterns' phrases by the word they can start with: (pattern,
    /// phrase) indexes. A one-word phrase is also listed under its form
    /// with and without a final `s`, as [`VerbPattern`] matching allows.
    pub starts: FxHashMap<String, Vec<(u32, u32)>>,
    /// The patterns with no words after the verb (only `before`, or only
    /// `compound`), which `starts` cannot find.
    pub wordless: Vec<u32>,
}

impl PatternSet {
    /// The patterns with their index.
    pub fn new(list: Vec<VerbPattern>) -> PatternSet {
        let mut starts: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
        let mut wordless = Vec::new();
        for (pi, p) in list.iter().enumerate() {
            if p.words.is_empty() {
                wordless.push(pi as u32);
            }
            for (wi, phrase) in p.words.iter().enumerate() {
                for key in start_keys(phrase) {
                    let entry = starts.entry(key).or_default();
                    if !entry.contains(&(pi as u32, wi as u32)) {
                        entry.push((pi as u32, wi as u32));
                    }
                }
            }
        }
        PatternSet {
            list,
            starts,
            wordless,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The words a phrase can be found by at its start: its first word, and for
/// a one-word phrase that word with and without a final `s`, as pattern
/// matching allows a plural on a phrase's last word.
fn start_keys(phrase: &[String]) -> Vec<String> {
    let Some(first) = phrase.first() else {
        return Vec::new();
    };
    let mut keys = vec![first.clone()];
    if phrase.len() == 1 {
        keys.push(format!("{first}s"));
        if let Some(stem) = first.strip_suffix('s') {
            keys.push(stem.to_string());
        }
    }
    keys
}

/// One element of a verb pattern: phrases (normalised token sequences),
/// one of which must occur.
#[derive(Clone, Debug)]
pub struct PatternElement {
    /// The phrases.
    pub phrases: Vec<Vec<String>>,
    /// The words a phrase can start with (a one-word phrase also with and
    /// without a final `s`), to pass over other words quickly.
    firsts: FxHashSet<String>,
}

impl PartialEq for PatternElement {
    fn eq(&self, other: &Self) -> bool {
        self.phrases == other.phrases
    }
}

impl Eq for PatternElement {}

impl std::hash::Hash for PatternElement {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.phrases.hash(state);
    }
}

impl PatternElement {
    /// An element of these phrases.
    pub fn new(phrases: Vec<Vec<String>>) -> PatternElement {
        let firsts = phrases.iter().flat_map(|p| start_keys(p)).collect();
        PatternElement { phrases, firsts }
    }

    /// Whether some phrase can start with this word.
    pub fn may_start(&self, word: &str) -> bool {
        self.firsts.contains(word)
    }
}

/// A refining pattern of a verb.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VerbPattern {
    /// Phrases (normalised token sequences), one of which must follow the
    /// verb; empty when the pattern only has words before the verb.
    pub words: Vec<Vec<String>>,
    /// Further elements after `words`, in order, each a list of phrases
    /// one of which must occur (other words may come between).
    pub then: Vec<PatternElement>,
    /// Elements between the subject and the verb, in order ("did not",
    /// "inching nearer to" before "accord").
    pub before: Vec<PatternElement>,
    /// Preposition the words must follow.
    pub prep: Option<String>,
    /// Code it gives; none for a pattern that marks a use of the verb that
    /// is no event ("avert an attack", PETRARCH's `[---]`).
    pub code: Option<CameoCode>,
    /// Code of the paired event from target to source, if any.
    pub pair: Option<CameoCode>,
    /// The subject is the target, the object the source.
    pub swap: bool,
    /// The actor between the `before` words and the verb is the target,
    /// the one before those words the source ("X noted that Y regretted":
    /// X's act towards Y).
    pub target_before: bool,
    /// Only for a compound subject ("X and Y agreed"), whose members,
    /// when no other target is named, act towards each other.
    pub compound: bool,
    /// The object is the actor right after the pattern's words ("celebrated
    /// Eid at Z with X": X), after passing over `skip_actors` actors.
    pub object_follows: bool,
    /// Actors passed over before the object (with `object_follows`).
    pub skip_actors: u8,
    /// The last `before` element ends right before the verb (PETRARCH's
    /// `RECENTLY_*`), not merely among the words before it.
    pub before_joined: bool,
    /// The `words` start right after the verb (PETRARCH's `*_UPON`).
    pub words_joined: bool,
    /// The pattern's words match only as written, not also with a plural
    /// or possessive `s` (the dictionaries' `exact_pattern_words`).
    pub exact_words: bool,
}

/// A matched verb form: which verb, and what form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbRef {
    /// Index into [`Dictionary::verbs`].
    pub verb: usize,
    /// The form.
    pub form: VerbForm,
}

/// Inflection of a matched verb form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbForm {
    /// Base form ("meet").
    Base,
    /// Third person singular ("meets").
    Third,
    /// Past or past participle ("met", "condemned").
    Past,
    /// -ing form ("meeting").
    Ing,
}

/// A noun that names an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Noun {
    /// Base form.
    pub lemma: String,
    /// Code.
    pub code: CameoCode,
    /// Prepositions introducing the source.
    pub source_after: Vec<String>,
    /// Prepositions introducing the target.
    pub target_after: Vec<String>,
    /// Where it was defined.
    pub origin: String,
}

/// Where a discard phrase applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscardScope {
    /// The sentence yields no events.
    Sentence,
    /// The whole document yields no events.
    Document,
}

/// Every dictionary, compiled.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    /// Proper names: countries, organisations, people.
    pub names: Trie<NameRef>,
    /// People.
    pub persons: Vec<Person>,
    /// Agent nouns.
    pub agents: Trie<Agent>,
    /// Verb forms.
    pub verb_forms: Trie<VerbRef>,
    /// Verbs.
    pub verbs: Vec<Verb>,
    /// Event nouns.
    pub noun_forms: Trie<usize>,
    /// Nouns.
    pub nouns: Vec<Noun>,
    /// Discard phrases.
    pub discards: Trie<DiscardScope>,
    /// Declared `part_of` links.
    pub hierarchy: ActorHierarchy,
    /// Country names by code (for display).
    pub country_names: HashMap<String, String>,
    /// States that seceded: root code → (independence day, the state its
    /// names stood for before). "Juba" in 2000 is Sudan's.
    pub country_since: HashMap<String, (FuzzyDate, ActorCode)>,
    /// Where each file came from, for `dict lint` summaries.
    pub files: Vec<String>,
    /// Whether intended cooperative acts are recoded as intent (03x);
    /// `None` means the default, yes.
    pub recode_intent: Option<bool>,
    /// Whether agent roles are appended to every actor's code ("MSF
    /// diplomat" → NGO…GOV), as PETRARCH does; by default only to states,
    /// and an organisation's people are the organisation.
    pub roles_on_every_actor: bool,
    /// Whether an agent whose owner the sentence does not name is an
    /// actor of its own with no country (the bare role: "a senior
    /// official" is GOV, as GDELT writes it and PETRARCH's `---GOV`), rather
    /// than the official of the country the text is about, or no one.
    pub anonymous_agents: bool,
    /// Whether pattern words match only as written, as PETRARCH matches
    /// them ("EFFORT" is not "efforts"), rather than also with a plural
    /// or possessive `s`.
    pub exact_pattern_words: bool,
    /// Whether event codes may be local extensions of CAMEO codes (`1717`,
    /// `174K`: [`CameoCode::parse_extended`]); by default only codes of
    /// the CAMEO table are accepted, so that a mistyped code is an error.
    pub cameo_extensions: bool,
    /// Whether event codes may be the dictionaries' own labels outside
    /// CAMEO (PETRARCH's validation dictionaries use `901`, `345`:
    /// [`CameoCode::parse_local`]). Events with such a code carry no
    /// Goldstein score, quad class or PLOVER type. Implies
    /// `cameo_extensions`.
    pub local_codes: bool,
    /// Whether talks, calls and cooperation with someone are coded for
    /// both sides; `None` means the default, yes. PETRARCH's dictionaries
    /// pair acts only through their own `[A:B]` codes.
    pub mutual_acts: Option<bool>,
    /// Whether any act whose target the sentence does not name is an
    /// event with no target ("a senior official said on Saturday"), as
    /// PETRARCH codes with `require_dyad = false`; by default only acts
    /// that need no one on the other side are (statements, protests,
    /// shows of force).
    pub one_sided_events: bool,
    /// Whether events in a clause that dates or explains another event
    /// of the sentence are coded ("restored ties five years after crowds
    /// burned down its embassy" has two); PETRARCH folds them into the
    /// main event and codes one. `None` means the default, yes.
    pub background_events: Option<bool>,
    /// Whether the place where any act happens is its target when the
    /// sentence names no other ("renewing his licence in Michel Delving"),
    /// as PETRARCH takes an actor in the verb's prepositional phrase; by
    /// default only hostile and material acts target their place, not
    /// statements, meetings, agreements or joint acts, whose place is a
    /// venue.
    pub place_target_for_any_act: bool,
}

// ---- file schema -----------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DictFile {
    #[serde(default)]
    country: Vec<Spanned<CountryEntry>>,
    #[serde(default)]
    place: Vec<Spanned<PlaceEntry>>,
    #[serde(default)]
    actor: Vec<Spanned<ActorEntry>>,
    #[serde(default)]
    collective: Vec<Spanned<CollectiveEntry>>,
    #[serde(default)]
    person: Vec<Spanned<PersonEntry>>,
    #[serde(default)]
    agent: Vec<Spanned<AgentEntry>>,
    #[serde(default)]
    verb: Vec<Spanned<VerbEntry>>,
    #[serde(default)]
    noun: Vec<Spanned<NounEntry>>,
    #[serde(default)]
    discard: Vec<Spanned<DiscardEntry>>,
    settings: Option<Settings>,
}

/// Coding conventions a dictionary set may change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Code cooperative acts announced for the future as intent (03x), as
    /// CAMEO's manual does (default true); PETRARCH's dictionaries do not.
    recode_intent: Option<bool>,
    /// Append agent roles to every actor's code, not only to states'
    /// (default false; PETRARCH's dictionaries do).
    roles_on_every_actor: Option<bool>,
    /// Agents with no owner named are anonymous actors (default false).
    anonymous_agents: Option<bool>,
    /// Pattern words match only as written (default false).
    exact_pattern_words: Option<bool>,
    /// Accept local extensions of CAMEO codes (default false).
    cameo_extensions: Option<bool>,
    /// Accept codes outside CAMEO, with no score (default false).
    local_codes: Option<bool>,
    /// Code talks, calls and cooperation with someone for both sides
    /// (default true).
    mutual_acts: Option<bool>,
    /// Code acts with no named target, whatever their kind (default false).
    one_sided_events: Option<bool>,
    /// Code events in clauses that date or explain another event
    /// (default true).
    background_events: Option<bool>,
    /// The place of any act is its target (default false).
    place_target_for_any_act: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryEntry {
    code: String,
    name: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    capital: Vec<String>,
    #[serde(default)]
    seats: HashMap<String, String>,
    /// Independence day of a state that seceded (YYYY, YYYY-MM or
    /// YYYY-MM-DD) ...
    since: Option<String>,
    /// ... and the code of the state its names stood for before.
    before: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceEntry {
    country: String,
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorEntry {
    code: String,
    kind: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    part_of: Option<String>,
    from: Option<String>,
    to: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CollectiveEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    members: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    country: String,
    default: Option<String>,
    roles: Vec<RoleEntry>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleEntry {
    title: String,
    code: String,
    from: String,
    to: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentEntry {
    noun: String,
    plural: Option<String>,
    role: String,
    #[serde(default)]
    before_owner: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbEntry {
    lemma: String,
    forms: Vec<String>,
    code: String,
    #[serde(default)]
    target_after: Vec<String>,
    #[serde(default)]
    swap: bool,
    pair: Option<String>,
    #[serde(default)]
    report: bool,
    #[serde(default)]
    patterns: Vec<PatternEntry>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternEntry {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    then: Vec<Vec<String>>,
    #[serde(default)]
    before: Vec<Vec<String>>,
    code: String,
    pair: Option<String>,
    #[serde(default)]
    swap: bool,
    #[serde(default)]
    target_before: bool,
    #[serde(default)]
    compound: bool,
    #[serde(default)]
    object_follows: bool,
    #[serde(default)]
    skip_actors: u8,
    prep: Option<String>,
    #[serde(default)]
    before_joined: bool,
    #[serde(default)]
    words_joined: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NounEntry {
    lemma: String,
    #[serde(default)]
    forms: Vec<String>,
    code: String,
    #[serde(default)]
    source_after: Vec<String>,
    #[serde(default)]
    target_after: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscardEntry {
    phrase: String,
    #[serde(default = "sentence_scope")]
    scope: String,
}

fn sentence_scope() -> String {
    "sentence".into()
}

/// A name as written, and without its leading article if it has one ("the
/// Kremlin", "The Shire"), so that text may name it either way.
fn written_forms(name: &str) -> impl Iterator<Item = &str> {
    let bare = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "));
    std::iter::once(name).chain(bare)
}

/// The built-in dictionary files, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("countries.toml", include_str!("../dict/countries.toml")),
    ("places.toml", include_str!("../dict/places.toml")),
    ("igos.toml", include_str!("../dict/igos.toml")),
    ("collectives.toml", include_str!("../dict/collectives.toml")),
    ("ngos.toml", include_str!("../dict/ngos.toml")),
    ("groups.toml", include_str!("../dict/groups.toml")),
    ("organs.toml", include_str!("../dict/organs.toml")),
    ("agents.toml", include_str!("../dict/agents.toml")),
    (
        "people-americas-europe.toml",
        include_str!("../dict/people-americas-europe.toml"),
    ),
    (
        "people-eurasia-pacific.toml",
        include_str!("../dict/people-eurasia-pacific.toml"),
    ),
    (
        "people-middle-east.toml",
        include_str!("../dict/people-middle-east.toml"),
    ),
    (
        "people-south-central-asia.toml",
        include_str!("../dict/people-south-central-asia.toml"),
    ),
    (
        "people-world.toml",
        include_str!("../dict/people-world.toml"),
    ),
    ("discards.toml", include_str!("../dict/discards.toml")),
    ("nouns.toml", include_str!("../dict/nouns.toml")),
    ("verbs-01-05.toml", include_str!("../dict/verbs-01-05.toml")),
    ("verbs-06-10.toml", include_str!("../dict/verbs-06-10.toml")),
    ("verbs-11-14.toml", include_str!("../dict/verbs-11-14.toml")),
    ("verbs-15-20.toml", include_str!("../dict/verbs-15-20.toml")),
];

/// Line numbers of byte offsets in one text, without counting from the
/// start for each (a converted dictionary has thousands of entries).
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

fn parse_date(s: &str) -> Result<FuzzyDate, String> {
    FuzzyDate::parse(s).map_err(|e| e.to_string())
}

impl Dictionary {
    /// The built-in dictionaries alone.
    pub fn builtin() -> Result<Dictionary, Vec<DictError>> {
        let mut d = Dictionary::default();
        let mut errors = Vec::new();
        for (name, text) in BUILTIN {
            d.add_file(name, text, &mut errors);
        }
        if errors.is_empty() {
            Ok(d)
        } else {
            Err(errors)
        }
    }

    /// The built-in dictionaries with every `*.toml` file in `dir` on top.
    pub fn with_user_dir(dir: &Path) -> Result<Dictionary, Vec<DictError>> {
        Dictionary::builtin()?.and_dir(dir)
    }

    /// These dictionaries with every `*.toml` file in `dir` on top.
    pub fn and_dir(mut self, dir: &Path) -> Result<Dictionary, Vec<DictError>> {
        let mut errors = Vec::new();
        self.add_dir(dir, &mut errors);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// Adds every `*.toml` file of a directory, in name order.
    pub fn add_dir(&mut self, dir: &Path, errors: &mut Vec<DictError>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(DictError {
                    file: dir.display().to_string(),
                    line: 0,
                    message: e.to_string(),
                });
                return;
            }
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            errors.push(DictError {
                file: dir.display().to_string(),
                line: 0,
                message: "no .toml dictionary files in this directory".into(),
            });
        }
        for p in paths {
            let name = p.display().to_string();
            match std::fs::read(&p) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => self.add_file(&name, &text, errors),
                    Err(e) => {
                        let offset = e.utf8_error().valid_up_to();
                        let line = e.as_bytes()[..offset]
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count()
                            + 1;
                        errors.push(DictError {
                            file: name,
                            line,
                            message: "invalid UTF-8".into(),
                        });
                    }
                },
                Err(e) => errors.push(DictError {
                    file: name,
                    line: 0,
                    message: e.to_string(),
                }),
            }
        }
    }

    /// Adds one dictionary file's entries; problems go to `errors`.
    pub fn add_file(&mut self, file: &str, text: &str, errors: &mut Vec<DictError>) {
        self.files.push(file.to_string());
        let parsed: DictFile = match toml::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                let line = e.span().map_or(0, |s| Lines::new(text).of(s.start));
                errors.push(DictError {
                    file: file.into(),
                    line,
                    message: e.message().to_string(),
                });
                return;
            }
        };
        let lines = Lines::new(text);
        // A setting a file gives overrides the one before; one it leaves
        // out stays.
        if let Some(s) = &parsed.settings {
            self.roles_on_every_actor = s.roles_on_every_actor.unwrap_or(self.roles_on_every_actor);
            self.anonymous_agents = s.anonymous_agents.unwrap_or(self.anonymous_agents);
            self.exact_pattern_words = s.exact_pattern_words.unwrap_or(self.exact_pattern_words);
            self.cameo_extensions = s.cameo_extensions.unwrap_or(self.cameo_extensions);
            self.local_codes = s.local_codes.unwrap_or(self.local_codes);
            self.recode_intent = s.recode_intent.or(self.recode_intent);
            self.mutual_acts = s.mutual_acts.or(self.mutual_acts);
            self.one_sided_events = s.one_sided_events.unwrap_or(self.one_sided_events);
            self.background_events = s.background_events.or(self.background_events);
            self.place_target_for_any_act = s
                .place_target_for_any_act
                .unwrap_or(self.place_target_for_any_act);
        }
        let (extensions, local) = (self.cameo_extensions, self.local_codes);
        let parse_code = |c: &str| {
            if local {
                CameoCode::parse_local(c)
            } else if extensions {
                CameoCode::parse_extended(c)
            } else {
                CameoCode::parse(c)
            }
        };
        let mut err = |offset: usize, message: String| {
            errors.push(DictError {
                file: file.into(),
                line: lines.of(offset),
                message,
            });
        };
        let code = |s: &str| ActorCode::parse(s).map_err(|e| e.to_string());
        for c in &parsed.country {
            let at = c.span().start;
            let c = c.get_ref();
            let Ok(cc) = code(&c.code) else {
                err(at, format!("country {:?}: bad code {:?}", c.name, c.code));
                continue;
            };
            if entente_ontology::actor::country(&c.code).is_none() {
                err(
                    at,
                    format!(
                        "country {:?}: {:?} is not a known country, region or former state code",
                        c.name, c.code
                    ),
                );
                continue;
            }
            self.country_names.insert(c.code.clone(), c.name.clone());
            match (&c.since, &c.before) {
                (Some(since), Some(before)) => match (parse_date(since), code(before)) {
                    (Ok(d), Ok(b)) => {
                        self.country_since.insert(c.code.clone(), (d, b));
                    }
                    (Err(e), _) => err(at, format!("country {:?}: since: {e}", c.name)),
                    (_, Err(e)) => err(at, format!("country {:?}: before: {e}", c.name)),
                },
                (None, None) => {}
                _ => err(
                    at,
                    format!("country {:?}: since and before go together", c.name),
                ),
            }
            let mut add = |n: &str, form: NameForm| {
                self.names.insert(
                    &phrase(n),
                    NameRef::Country {
                        code: cc.clone(),
                        form,
                    },
                );
            };
            for n in std::iter::once(&c.name).chain(&c.names) {
                // "the Netherlands" is also written without the article.
                for form in written_forms(n) {
                    add(form, NameForm::Name);
                }
            }
            for n in &c.adjectives {
                add(n, NameForm::Adjective);
            }
            for n in &c.demonyms {
                add(n, NameForm::Demonym);
            }
            for n in &c.capital {
                add(n, NameForm::Capital);
            }
            for (n, seat) in &c.seats {
                match code(seat) {
                    Ok(sc) => {
                        for form in written_forms(n) {
                            self.names.insert(
                                &phrase(form),
                                NameRef::Country {
                                    code: sc.clone(),
                                    form: NameForm::Seat,
                                },
                            );
                        }
                    }
                    Err(e) => err(at, format!("country {:?}: seat {n:?}: {e}", c.name)),
                }
            }
        }
        for p in &parsed.place {
            let at = p.span().start;
            let p = p.get_ref();
            let cc = match ActorCode::parse(&p.country) {
                Ok(cc) if entente_ontology::actor::country(&p.country).is_some() => cc,
                _ => {
                    err(
                        at,
                        format!("place: {:?} is not a known country code", p.country),
                    );
                    continue;
                }
            };
            for n in &p.names {
                if n.trim().is_empty() {
                    err(at, format!("place of {}: empty name", p.country));
                    continue;
                }
                self.names.insert(
                    &phrase(n),
                    NameRef::Country {
                        code: cc.clone(),
                        form: NameForm::Place,
                    },
                );
            }
        }
        for a in &parsed.actor {
            let at = a.span().start;
            let a = a.get_ref();
            let ac = match code(&a.code) {
                Ok(c) => c,
                Err(e) => {
                    err(at, format!("actor {:?}: {e}", a.name));
                    continue;
                }
            };
            let from = match a.from.as_deref().map(parse_date).transpose() {
                Ok(d) => d,
                Err(e) => {
                    err(at, format!("actor {:?}: from: {e}", a.name));
                    continue;
                }
            };
            let to = match a.to.as_deref().map(parse_date).transpose() {
                Ok(d) => d,
                Err(e) => {
                    err(at, format!("actor {:?}: to: {e}", a.name));
                    continue;
                }
            };
            if let Some(p) = &a.part_of {
                match code(p) {
                    Ok(pc) => {
                        if !self.hierarchy.declare(ac.clone(), pc) {
                            err(
                                at,
                                format!("actor {:?}: part_of {p:?} would make a cycle", a.name),
                            );
                        }
                    }
                    Err(e) => err(at, format!("actor {:?}: part_of: {e}", a.name)),
                }
            }
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                let value = NameRef::Actor {
                    code: ac.clone(),
                    kind: a.kind.clone(),
                    adjective: false,
                    from,
                    to,
                };
                for form in written_forms(n) {
                    self.names.insert(&phrase(form), value.clone());
                }
            }
            for n in &a.adjectives {
                self.names.insert(
                    &phrase(n),
                    NameRef::Actor {
                        code: ac.clone(),
                        kind: a.kind.clone(),
                        adjective: true,
                        from,
                        to,
                    },
                );
            }
        }
        for c in &parsed.collective {
            let at = c.span().start;
            let c = c.get_ref();
            let members: Result<Vec<ActorCode>, String> =
                c.members.iter().map(|m| code(m)).collect();
            let members = match members {
                Ok(m) if m.len() >= 2 => m,
                Ok(_) => {
                    err(
                        at,
                        format!("collective {:?}: needs two members or more", c.name),
                    );
                    continue;
                }
                Err(e) => {
                    err(at, format!("collective {:?}: member: {e}", c.name));
                    continue;
                }
            };
            let value = NameRef::Collective(members.into());
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                for form in written_forms(n) {
                    self.names.insert(&phrase(form), value.clone());
                }
            }
        }
        for p in &parsed.person {
            let at = p.span().start;
            let p = p.get_ref();
            let default = match p.default.as_deref().map(code).transpose() {
                Ok(Some(c)) => c,
                Ok(None) => match code(&format!("{}ELI", p.country)) {
                    Ok(c) => c,
                    Err(e) => {
                        err(at, format!("person {:?}: country: {e}", p.name));
                        continue;
                    }
                },
                Err(e) => {
                    err(at, format!("person {:?}: default: {e}", p.name));
                    continue;
                }
            };
            let mut roles = Vec::new();
            for r in &p.roles {
                let parsed = (|| -> Result<Role, String> {
                    Ok(Role {
                        title: r.title.clone(),
                        code: code(&r.code)?,
                        from: parse_date(&r.from)?,
                        to: r.to.as_deref().map(parse_date).transpose()?,
                    })
                })();
                match parsed {
                    Ok(role) => roles.push(role),
                    Err(e) => err(at, format!("person {:?}: role {:?}: {e}", p.name, r.title)),
                }
            }
            let index = self.persons.len();
            self.persons.push(Person {
                name: p.name.clone(),
                country: p.country.clone(),
                default,
                roles,
            });
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                self.names.insert(&phrase(n), NameRef::Person(index));
            }
        }
        for a in &parsed.agent {
            let at = a.span().start;
            let a = a.get_ref();
            if a.role.is_empty()
                || !a.role.len().is_multiple_of(3)
                || !a.role.chars().all(|c| c.is_ascii_uppercase())
            {
                err(
                    at,
                    format!(
                        "agent {:?}: role {:?} is not 3-letter role codes",
                        a.noun, a.role
                    ),
                );
                continue;
            }
            let role = AgentRole {
                codes: a.role.clone(),
                before_owner: a.before_owner,
            };
            let lower = |s: &str| {
                phrase(s)
                    .into_iter()
                    .map(|(t, _)| (t, Case::Any))
                    .collect::<Vec<_>>()
            };
            self.agents.insert(
                &lower(&a.noun),
                Agent {
                    role: role.clone(),
                    plural: false,
                },
            );
            let plural = a.plural.clone().unwrap_or_else(|| format!("{}s", a.noun));
            self.agents
                .insert(&lower(&plural), Agent { role, plural: true });
        }
        let mut shared_patterns: HashMap<Vec<VerbPattern>, _> = HashMap::new();
        for v in &parsed.verb {
            let at = v.span().start;
            let v = v.get_ref();
            let cameo = |c: &str| parse_code(c).map_err(|e| e.to_string());
            let own = if v.code.is_empty() {
                None
            } else {
                match cameo(&v.code) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        err(at, format!("verb {:?}: {e}", v.lemma));
                        continue;
                    }
                }
            };
            let pair = match v.pair.as_deref().map(cameo).transpose() {
                Ok(p) => p,
                Err(e) => {
                    err(at, format!("verb {:?}: pair: {e}", v.lemma));
                    continue;
                }
            };
            let words = |list: &[String]| -> Vec<Vec<String>> {
                list.iter()
                    .map(|w| phrase(w).into_iter().map(|x| x.0).collect::<Vec<_>>())
                    .filter(|w| !w.is_empty())
                    .collect()
            };
            let mut patterns = Vec::new();
            for p in &v.patterns {
                let code = if p.code.is_empty() {
                    Ok(None)
                } else {
                    cameo(&p.code).map(Some)
                };
                let pair = p.pair.as_deref().map(cameo).transpose();
                let pattern = VerbPattern {
                    words: words(&p.words),
                    then: p
                        .then
                        .iter()
                        .map(|e| PatternElement::new(words(e)))
                        .collect(),
                    before: p
                        .before
                        .iter()
                        .map(|e| PatternElement::new(words(e)))
                        .collect(),
                    prep: p.prep.clone(),
                    code: match code {
                        Ok(c) => c,
                        Err(e) => {
                            err(at, format!("verb {:?}: pattern: {e}", v.lemma));
                            continue;
                        }
                    },
                    pair: match pair {
                        Ok(c) => c,
                        Err(e) => {
                            err(at, format!("verb {:?}: pattern pair: {e}", v.lemma));
                            continue;
                        }
                    },
                    swap: p.swap,
                    target_before: p.target_before,
                    compound: p.compound,
                    object_follows: p.object_follows,
                    skip_actors: p.skip_actors,
                    before_joined: p.before_joined,
                    words_joined: p.words_joined,
                    exact_words: self.exact_pattern_words,
                };
                let empty = |e: &PatternElement| e.phrases.is_empty();
                if (pattern.words.is_empty() && pattern.before.is_empty() && !pattern.compound)
                    || pattern.then.iter().any(empty)
                    || pattern.before.iter().any(empty)
                    || (pattern.words.is_empty() && !pattern.then.is_empty())
                {
                    err(
                        at,
                        format!(
                            "verb {:?}: a pattern needs `words`, `before` or `compound`, `then` needs `words`, and no element may be empty",
                            v.lemma
                        ),
                    );
                    continue;
                }
                patterns.push(pattern);
            }
            if own.is_none() && patterns.is_empty() && !v.report {
                err(
                    at,
                    format!(
                        "verb {:?}: no code, no patterns and not a reporting verb",
                        v.lemma
                    ),
                );
                continue;
            }
            // Verbs listing the same patterns share one copy and index.
            let patterns = shared_patterns
                .entry(patterns)
                .or_insert_with_key(|patterns| Arc::new(PatternSet::new(patterns.clone())))
                .clone();
            let index = self.verbs.len();
            self.verbs.push(Verb {
                lemma: v.lemma.clone(),
                code: own,
                target_after: v.target_after.clone(),
                swap: v.swap,
                pair,
                report: v.report,
                patterns,
                origin: format!("{}:{}", short(file), lines.of(at)),
            });
            let lower = |s: &str| {
                phrase(s)
                    .into_iter()
                    .map(|(t, _)| (t, Case::Any))
                    .collect::<Vec<_>>()
            };
            self.verb_forms.insert(
                &lower(&v.lemma),
                VerbRef {
                    verb: index,
                    form: VerbForm::Base,
                },
            );
            for f in &v.forms {
                let form = verb_form(&v.lemma, f);
                self.verb_forms
                    .insert(&lower(f), VerbRef { verb: index, form });
            }
        }
        for n in &parsed.noun {
            let at = n.span().start;
            let n = n.get_ref();
            let c = match parse_code(&n.code) {
                Ok(c) => c,
                Err(e) => {
                    err(at, format!("noun {:?}: {e}", n.lemma));
                    continue;
                }
            };
            let index = self.nouns.len();
            self.nouns.push(Noun {
                lemma: n.lemma.clone(),
                code: c,
                source_after: if n.source_after.is_empty() {
                    vec!["by".into()]
                } else {
                    n.source_after.clone()
                },
                target_after: if n.target_after.is_empty() {
                    ["on", "against", "with", "to", "of", "between", "in"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect()
                } else {
                    n.target_after.clone()
                },
                origin: format!("{}:{}", short(file), lines.of(at)),
            });
            let lower = |s: &str| {
                phrase(s)
                    .into_iter()
                    .map(|(t, _)| (t, Case::Any))
                    .collect::<Vec<_>>()
            };
            for f in std::iter::once(&n.lemma).chain(&n.forms) {
                self.noun_forms.insert(&lower(f), index);
            }
        }
        for d in &parsed.discard {
            let at = d.span().start;
            let d = d.get_ref();
            let scope = match d.scope.as_str() {
                "sentence" => DiscardScope::Sentence,
                "document" => DiscardScope::Document,
                other => {
                    err(
                        at,
                        format!(
                            "discard {:?}: scope {other:?} is not sentence or document",
                            d.phrase
                        ),
                    );
                    continue;
                }
            };
            self.discards.insert(&phrase(&d.phrase), scope);
        }
    }
}

fn short(file: &str) -> &str {
    Path::new(file)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(file)
}

/// Which inflection a listed form is: `-ing`, third person `-s`, the base,
/// else past (or past participle).
pub fn verb_form(lemma: &str, form: &str) -> VerbForm {
    let head = form.split(' ').next().unwrap_or(form);
    let lemma_head = lemma.split(' ').next().unwrap_or(lemma);
    if head == lemma_head {
        VerbForm::Base
    } else if head.ends_with("ing") && !lemma_head.ends_with("ing") {
        VerbForm::Ing
    } else if head.ends_with('s')
        && (head == format!("{lemma_head}s")
            || head == format!("{lemma_head}es")
            || head.ends_with("ies")
            || (lemma_head == "have" && head == "has"))
    {
        VerbForm::Third
    } else {
        VerbForm::Past
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_load_without_problems() {
        let d = Dictionary::builtin().unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(d.persons.len() > 1000, "{}", d.persons.len());
        assert!(d.names.len() > 2000);
    }

    #[test]
    fn problems_name_file_and_line() {
        let mut d = Dictionary::default();
        let mut errors = Vec::new();
        d.add_file("bad.toml", "[[actor]]\ncode = \"IRNMIL\"\nkind = \"organ\"\nname = \"X\"\n\n[[actor]]\ncode = \"IR N\"\nkind = \"organ\"\nname = \"Y\"\n", &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 6);
        assert!(
            errors[0].to_string().starts_with("bad.toml:6: actor \"Y\""),
            "{}",
            errors[0]
        );
        let mut errors = Vec::new();
        d.add_file(
            "syntax.toml",
            "[[verb]]\nlemma = \"x\"\nforms = [\n",
            &mut errors,
        );
        assert_eq!(errors[0].file, "syntax.toml");
        assert!(errors[0].line >= 3, "{:?}", errors[0]);
        let mut errors = Vec::new();
        d.add_file(
            "unknown.toml",
            "[[verb]]\nlemma = \"meet\"\nforms = []\ncode = \"040\"\ncolour = \"red\"\n",
            &mut errors,
        );
        assert!(errors[0].message.contains("colour"), "{errors:?}");
        // A code outside the CAMEO table is an error unless the dictionaries
        // allow local extensions.
        let verb = "[[verb]]\nlemma = \"sever\"\nforms = []\ncode = \"1617\"\n";
        let mut errors = Vec::new();
        d.add_file("strict.toml", verb, &mut errors);
        assert!(
            errors.len() == 1 && errors[0].to_string().contains("1617"),
            "{errors:?}"
        );
        let mut errors = Vec::new();
        d.add_file(
            "extended.toml",
            &format!("[settings]\ncameo_extensions = true\n\n{verb}"),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        // A label outside CAMEO needs `local_codes`.
        let label = "[[verb]]\nlemma = \"ponder\"\nforms = []\ncode = \"901\"\n";
        let mut errors = Vec::new();
        d.add_file("extended2.toml", label, &mut errors);
        assert!(
            errors.len() == 1 && errors[0].to_string().contains("901"),
            "{errors:?}"
        );
        let mut errors = Vec::new();
        d.add_file(
            "local.toml",
            &format!("[settings]\nlocal_codes = true\n\n{label}"),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn person_codes_follow_dates() {
        let mut d = Dictionary::default();
        let mut errors = Vec::new();
        d.add_file(
            "p.toml",
            "[[person]]\nname = \"Hassan Rouhani\"\naliases = [\"Rouhani\"]\ncountry = \"IRN\"\nroles = [{ title = \"President\", code = \"IRNGOV\", from = \"2013-08-03\", to = \"2021-08-03\" }]\n",
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let p = &d.persons[0];
        assert_eq!(
            p.code_on(FuzzyDate::parse("2015-01-01").unwrap())
                .0
                .as_str(),
            "IRNGOV"
        );
        assert_eq!(
            p.code_on(FuzzyDate::parse("2022-01-01").unwrap())
                .0
                .as_str(),
            "IRNELI"
        );
    }

    #[test]
    fn verb_forms() {
        assert_eq!(verb_form("meet", "met"), VerbForm::Past);
        assert_eq!(verb_form("meet", "meets"), VerbForm::Third);
        assert_eq!(verb_form("meet", "meeting"), VerbForm::Ing);
        assert_eq!(verb_form("hit out at", "hitting out at"), VerbForm::Ing);
        assert_eq!(verb_form("hit out at", "hit out at"), VerbForm::Base);
        assert_eq!(verb_form("accuse", "accuses"), VerbForm::Third);
        assert_eq!(verb_form("press", "pressed"), VerbForm::Past);
    }
}
