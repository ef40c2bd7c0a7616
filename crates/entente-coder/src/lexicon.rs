//! Closed-class English words the coder reasons with: determiners,
//! prepositions, pronouns, auxiliaries, modals, negations, conjunctions and
//! words that open clauses. Written for this project; small on purpose.

/// Determiners and quantifiers that start a noun phrase.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
    "your", "some", "any", "no", "every", "each", "all", "both", "several", "many", "few", "most",
    "another", "other", "such",
];

/// Prepositions.
pub const PREPOSITIONS: &[&str] = &[
    "with",
    "to",
    "against",
    "on",
    "at",
    "into",
    "toward",
    "towards",
    "from",
    "for",
    "of",
    "by",
    "in",
    "over",
    "about",
    "between",
    "among",
    "upon",
    "onto",
    "off",
    "through",
    "across",
    "after",
    "before",
    "under",
    "as",
    "during",
    "near",
    "outside",
    "inside",
    "along",
    "around",
    "amid",
    "despite",
    "without",
    "within",
    "via",
    "behind",
    "beyond",
    "since",
    "until",
    "following",
    "including",
    "like",
    "per",
];

/// Role codes of armed men outside a state's forces: rebels, insurgents,
/// militias and gunmen.
pub const ARMED_NON_STATE: &[&str] = &["REB", "INS", "UAF"];

/// Words that intensify an adjective or adverb ("very close"), never a verb.
pub const INTENSIFIERS: &[&str] = &["very", "too", "so", "quite", "rather"];

/// Personal pronouns that can stand for an actor.
pub const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "him", "them", "we", "us", "i", "you",
];

/// Forms of "be".
pub const BE: &[&str] = &[
    "be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re",
];

/// Auxiliaries of tense and aspect.
pub const AUXILIARIES: &[&str] = &["have", "has", "had", "having", "do", "does", "did"];

/// Modals that make an event hypothetical (may, might, could, would,
/// should) or intended (will, shall).
pub const MODALS_HYPOTHETICAL: &[&str] = &[
    "may", "might", "could", "would", "should", "can", "must", "ought",
];
/// Modals of the future.
pub const MODALS_INTENDED: &[&str] = &["will", "shall", "'ll", "wo"];

/// Words that negate a verb phrase.
pub const NEGATIONS: &[&str] = &[
    "not",
    "n't",
    "never",
    "no",
    "neither",
    "nor",
    "didn't",
    "doesn't",
    "don't",
    "won't",
    "wouldn't",
    "couldn't",
    "hasn't",
    "haven't",
    "hadn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "cannot",
    "can't",
    "shouldn't",
];

/// Verbs (with "to") that make what follows intended: "plans to meet".
pub const INTENT_VERBS: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "aim",
    "aims",
    "aimed",
    "hope",
    "hopes",
    "hoped",
    "expect",
    "expects",
    "expected",
    "want",
    "wants",
    "wanted",
    "seek",
    "seeks",
    "sought",
    "prepare",
    "prepares",
    "prepared",
    "set",
    "due",
    "going",
    "poised",
    "ready",
    "likely",
    "about",
    "try",
    "tries",
    "tried",
    "attempt",
    "attempts",
    "attempted",
    "decide",
    "decides",
    "decided",
    "wish",
    "wishes",
    "wished",
    "scheduled",
    "slated",
    "able",
    "expected",
    "keen",
    "eager",
    "willing",
];

/// Whether a word is a modal, of intent ("will") or of possibility and
/// obligation ("could", "must").
pub fn is_modal(w: &str) -> bool {
    is(MODALS_HYPOTHETICAL, w) || is(MODALS_INTENDED, w)
}

/// Whether a word only links others: a preposition, conjunction, form of
/// "be" or auxiliary.
pub fn is_function_word(w: &str) -> bool {
    is(PREPOSITIONS, w) || is(CONJUNCTIONS, w) || is(BE, w) || is(AUXILIARIES, w)
}

/// Adjectives that qualify an event noun after a determiner or possessive
/// ("North Korea's consistent demand", "a fresh offer"): the word after
/// them is a noun even when it could be a verb.
pub const EVENT_MODIFIERS: &[&str] = &[
    "consistent",
    "persistent",
    "recent",
    "urgent",
    "latest",
    "new",
    "fresh",
    "previous",
    "earlier",
    "main",
    "key",
    "initial",
    "original",
    "final",
    "public",
    "formal",
    "longstanding",
    "repeated",
    "first",
    "second",
    "third",
    "last",
    "brief",
    "short",
    "lengthy",
    "private",
    "surprise",
    "secret",
    "rare",
    "working",
];

/// Past-tense verbs that news uses with an event noun as subject ("street
/// battles raged", "protests erupted"): a verb form right before them is
/// that noun.
pub const INTRANSITIVE_PAST: &[&str] = &[
    "raged",
    "erupted",
    "continued",
    "resumed",
    "intensified",
    "escalated",
    "spread",
    "flared",
    "subsided",
    "broke",
    "rocked",
    "shook",
    "ended",
    "collapsed",
    "stalled",
];

/// Words that open a subordinate or relative clause.
pub const CLAUSE_OPENERS: &[&str] = &[
    "which", "who", "whom", "whose", "where", "when", "while", "whereas", "although", "though",
    "because", "since", "if", "unless", "after", "before", "as", "until", "once",
];

/// Relative pronouns that open a clause describing the actor before them
/// ("troops who attacked the town", "Hamas, which rules Gaza").
pub const RELATIVES: &[&str] = &["who", "which"];

/// Subordinators that open a clause with a subject of its own ("after
/// crowds burned down its embassy"); not "as", "since" or "once", which
/// are as often prepositions or adverbs ("has since expelled").
pub const SUBORDINATORS: &[&str] = &[
    "after", "before", "because", "until", "when", "while", "although", "though", "whereas",
    "unless", "if",
];

/// Wrongs a side is said to be responsible for ("responsible for this
/// crime"), besides the dictionaries' conflict nouns.
pub const WRONGS: &[&str] = &[
    "crime",
    "crimes",
    "aggression",
    "consequences",
    "deaths",
    "death",
    "killing",
    "killings",
    "violence",
    "escalation",
    "bloodshed",
    "tragedy",
    "massacre",
    "atrocities",
    "atrocity",
    "blast",
    "explosion",
    "suffering",
    "chaos",
    "destruction",
    "losses",
    "casualties",
];

/// Agent nouns that name one person, whom "he" or "she" can refer back to.
pub const PERSON_TITLES: &[&str] = &[
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "diplomat",
    "ambassador",
    "envoy",
    "commander",
    "leader",
    "chief",
    "general",
    "king",
    "queen",
    "emir",
    "prince",
    "premier",
    "chancellor",
    "secretary",
    "governor",
    "mayor",
    "senator",
    "lawmaker",
    "legislator",
    "negotiator",
    "adviser",
    "advisor",
    "aide",
    "representative",
    "delegate",
    "officer",
    "judge",
    "prosecutor",
    "cleric",
    "ayatollah",
    "sheikh",
    "monarch",
    "sultan",
    "dictator",
    "strongman",
    "counterpart",
];

/// Prepositions of the place where something happens ("in Lagos", "near
/// the border", "across Syria"): a country after them is where, not who.
pub const LOCATIVES: &[&str] = &["in", "near", "inside", "outside", "across", "throughout"];

/// Bodies of water named after a country ("the Sea of Japan", "the Gulf
/// of Oman"): the name there is no actor.
pub const WATERS: &[&str] = &[
    "sea", "gulf", "bay", "strait", "straits", "channel", "lake", "ocean", "river",
];

/// Coordinating conjunctions.
pub const CONJUNCTIONS: &[&str] = &["and", "or", "but", "nor", "yet", "so"];

/// Verbs of saying after which "it", "he" or "they" is usually the speaker:
/// "Iraq said it would allow ...".
pub const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "stated",
    "states",
    "declared",
    "declares",
    "added",
    "adds",
    "warned",
    "warns",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "maintained",
    "maintains",
    "argued",
    "argues",
    "indicated",
    "indicates",
    "signalled",
    "signaled",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "hoped",
    "hopes",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "vowed",
    "vows",
    "threatened",
    "threatens",
];

/// Whether `w` (normalised) is in `list`.
pub fn is(list: &[&str], w: &str) -> bool {
    // Length and first byte first: most words differ there, and the full
    // comparison is a call to memcmp.
    let b = w.as_bytes();
    list.iter()
        .any(|x| x.len() == b.len() && x.as_bytes().first() == b.first() && *x == w)
}

/// Words that refer back to a group actor.
pub const GROUP_ANAPHORS: &[&str] = &[
    "group",
    "movement",
    "militants",
    "militia",
    "militias",
    "militiamen",
    "organisation",
    "organization",
    "rebels",
    "insurgents",
    "faction",
    "guerrillas",
    "guerrilla",
    "fighters",
    "jihadists",
    "extremists",
    "separatists",
];
/// Words that refer back to a country.
pub const COUNTRY_ANAPHORS: &[&str] = &[
    "country",
    "nation",
    "state",
    "kingdom",
    "republic",
    "government",
    "regime",
    "administration",
];

/// Pronouns that contract with "is" ("it's", "that's"): after them "'s" is
/// a verb, not a possessive.
pub const CONTRACTING_PRONOUNS: &[&str] = &[
    "it", "he", "she", "that", "there", "what", "who", "here", "where",
];

/// Nouns for the voices a body speaks with: an agent word before one (as
/// the head of its noun phrase) names whose voice it is ("the official
/// news agency", "a government spokesman"), not a quality of a thing.
pub const VOICES: &[&str] = &[
    "agency",
    "newspaper",
    "daily",
    "media",
    "radio",
    "television",
    "broadcaster",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "sources",
];

/// Words that make a state's official a former one, an elite (ELI).
pub const FORMER: &[&str] = &["former", "ex"];

/// Roles of the state's own organs: government, armed forces, police,
/// intelligence, judiciary, legislature.
pub const STATE_ORGANS: &[&str] = &["GOV", "MIL", "COP", "SPY", "JUD", "LEG"];

/// Whether role codes ("GOV", "MILSPY") start with a state organ's role.
pub fn is_state_organ(role: &str) -> bool {
    is(STATE_ORGANS, role.get(..3).unwrap_or(role))
}

/// Roles of a country's society rather than its state or armed groups:
/// civilians, opposition, labour, education, religion, rights groups,
/// parties, refugees, business, media.
pub const CIVIL_ROLES: &[&str] = &[
    "CVL", "OPP", "LAB", "EDU", "REL", "HRI", "PTY", "REF", "BUS", "MED",
];

/// Nouns after which a place name names a text or a process, not the
/// state: "the Doha agreement", "the Minsk accords", "the Astana format".
pub const NAMED_TEXTS: &[&str] = &[
    "agreement",
    "agreements",
    "accord",
    "accords",
    "protocol",
    "protocols",
    "format",
    "declaration",
    "communique",
    "process",
    "formula",
    "framework",
    "memorandum",
    "pact",
];

/// Nouns after which an agent word ("military", "government", "police")
/// is an adjective of a thing, not an actor: "military equipment",
/// "government spending", "police vehicles".
pub const AGENT_AS_ADJECTIVE_OF: &[&str] = &[
    "equipment",
    "hardware",
    "vehicle",
    "vehicles",
    "spending",
    "budget",
    "budgets",
    "base",
    "bases",
    "installation",
    "installations",
    "facility",
    "facilities",
    "exercise",
    "exercises",
    "drill",
    "drills",
    "supplies",
    "assets",
    "technology",
    "buildings",
    "building",
    "headquarters",
    "uniform",
    "uniforms",
    "sources",
    "source",
    "documents",
    "records",
    "data",
    "policy",
    "policies",
    "plan",
    "plans",
    "expenditure",
    "contracts",
    "contract",
    "procurement",
];

/// Equipment nouns agents may name ("Russian warplanes bombed"): actors only
/// with an owner.
pub const EQUIPMENT: &[&str] = &[
    "helicopter",
    "warplane",
    "jet",
    "fighter jet",
    "drone",
    "tank",
    "aircraft",
    "ship",
    "vessel",
    "missile",
    "warship",
    "gunboat",
    "submarine",
    "bomber",
    "plane",
];
