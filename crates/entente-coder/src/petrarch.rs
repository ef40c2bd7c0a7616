//! PETRARCH2/TABARI dictionaries and validation records.
//!
//! [`convert_dir`] reads a directory of PETRARCH dictionaries — verb
//! patterns with synsets, actors with date-restricted codes, agents,
//! discards — and writes them as entente TOML (`docs/dictionaries.md`).
//! entente's pattern language is simpler than PETRARCH's, so the
//! conversion keeps what it can express and reports the rest with file and
//! line: a verb pattern keeps its first object words (and its preposition)
//! after the verb; words before the verb, `$`/`+` positions and
//! sub-patterns are dropped; codes that are not CAMEO codes, or actor codes
//! that are not three-letter segments, are skipped.
//!
//! [`read_validation`] reads PETRARCH's validation records (`<Sentence>`
//! with `<EventCoding>`, `<Text>`) as gold documents for `entente eval`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use entente_ontology::{ActorCode, CameoCode, FuzzyDate};

use crate::Overrides;
use crate::dict::DictError;
use crate::eval::{GoldDocument, GoldError, GoldEvent};
use crate::lexicon;

/// entente TOML converted from PETRARCH files, with notes on what could
/// not be carried over.
#[derive(Clone, Debug, Default)]
pub struct Conversion {
    /// `[[verb]]` entries.
    pub verbs: String,
    /// `[[actor]]` entries.
    pub actors: String,
    /// `[[agent]]` entries.
    pub agents: String,
    /// `[[discard]]` entries.
    pub discards: String,
    /// What was dropped or changed, with file and line.
    pub notes: Vec<DictError>,
    /// Counts of converted entries: verbs, patterns, actors, agents, discards.
    pub counts: [usize; 5],
}

fn note(notes: &mut Vec<DictError>, file: &str, line: usize, message: String) {
    notes.push(DictError {
        file: file.to_string(),
        line,
        message,
    });
}

/// A TOML string literal.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

/// PETRARCH phrase (`MINAS_TIRITH`, `SEEM_CONFIDENT`) to words.
fn words_of(s: &str) -> String {
    s.trim()
        .trim_end_matches('_')
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words a proper name keeps in lower case after its first word ("Prince
/// of Dol Amroth", "Bank of the South").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "at", "to", "de", "del", "du", "des", "da",
];

/// Proper-name case: PETRARCH writes names in capitals; entente matches
/// capitalised words against capitalised text, and the small words inside a
/// name against small words.
fn title_case(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && lexicon::is(NAME_PARTICLES, &lower) {
                return lower;
            }
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

/// English inflections of a verb, irregular ones included (the `english`
/// crate's tables from Wiktionary): third person, past, past participle
/// when it differs, -ing. A phrasal verb inflects its first word.
pub fn inflect(lemma: &str) -> Vec<String> {
    use english::{English, Form, Number, Person, Tense};
    let (head, tail) = match lemma.split_once(' ') {
        Some((h, t)) => (h, format!(" {t}")),
        None => (lemma, String::new()),
    };
    let form = |tense: &Tense, form: &Form| {
        English::verb(head, &Person::Third, &Number::Singular, tense, form).to_lowercase()
    };
    let past = form(&Tense::Past, &Form::Finite);
    let participle = form(&Tense::Past, &Form::Participle);
    let mut out = vec![form(&Tense::Present, &Form::Finite), past.clone()];
    if participle != past {
        out.push(participle);
    }
    out.push(form(&Tense::Present, &Form::Participle));
    out.into_iter().map(|f| format!("{f}{tail}")).collect()
}

/// Reads synsets (`&NAME` followed by `+WORD` lines), expanding synsets
/// that refer to others.
fn synsets(text: &str) -> HashMap<String, Vec<String>> {
    let mut raw: HashMap<String, Vec<String>> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let l = strip_comment(line).trim();
        if l.starts_with("<!--") {
            continue;
        }
        if let Some(name) = l.strip_prefix('&') {
            let name = name
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('_')
                .to_string();
            raw.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(w), Some(c)) = (l.strip_prefix('+'), &current) {
            raw.entry(c.clone()).or_default().push(w.trim().to_string());
        } else if l.is_empty() || l.starts_with("---") {
            current = None;
        }
    }
    // Expand nested references.
    let mut out = HashMap::new();
    for name in raw.keys() {
        let mut seen = HashSet::new();
        let mut stack = vec![name.clone()];
        let mut words = Vec::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            for w in raw.get(&n).into_iter().flatten() {
                if let Some(inner) = w.strip_prefix('&') {
                    stack.push(inner.trim_end_matches('_').to_string());
                } else {
                    words.push(words_of(w).to_lowercase());
                }
            }
        }
        out.insert(name.clone(), words);
    }
    out
}

/// The codes of a PETRARCH code field: `[042:043]` → 042, paired with 043
/// for the event from target to source; `[---]` → none; `[023?]` (an
/// uncertain code) → 023.
fn codes_of(field: &str) -> Option<(String, Option<String>)> {
    let inner = field.trim().trim_start_matches('[').trim_end_matches(']');
    let mut parts = inner.split(':').map(|p| p.trim().trim_end_matches('?'));
    let first = parts.next().unwrap_or("");
    if first.is_empty() || first.starts_with('-') {
        return None;
    }
    let pair = parts
        .next()
        .filter(|p| !p.is_empty() && !p.starts_with('-'))
        .map(str::to_string);
    Some((first.to_string(), pair))
}

fn bracket(l: &str) -> Option<(usize, usize)> {
    let s = l.find('[')?;
    let e = l[s..].find(']')? + s;
    Some((s, e))
}

/// A PETRARCH verb pattern in entente's terms.
#[derive(Clone, Debug, Default, PartialEq)]
struct PatternOut {
    /// Elements before the verb, each a list of alternative phrases.
    before: Vec<Vec<String>>,
    /// Elements after the verb; the first is the pattern's `words`.
    after: Vec<Vec<String>>,
    /// Preposition the words after the verb follow (`(FOR) ...`).
    prep: Option<String>,
    /// `+` before the verb or `$` after it: the subject is the target.
    swap: bool,
    /// `+` after words before the verb, with no `$` after it ("NOTED +
    /// *"): the actor between those words and the verb is the target, the
    /// one before them the source.
    target_before: bool,
    /// `%` before the verb: a compound subject.
    compound: bool,
    /// `+` or `$` last after the verb: the object is the actor after the
    /// words, passing over as many actors as there are `^` before it.
    object_follows: Option<u8>,
    /// `X_*`: the words before the verb come right before it.
    before_joined: bool,
    /// `*_X`: the words after the verb come right after it.
    words_joined: bool,
}

/// Treebank splits contractions ("DID N'T"); entente's words keep them
/// whole ("didn't").
fn join_contractions(phrase: &str) -> String {
    phrase.replace(" n't", "n't").replace(" 's", "'s")
}

/// The phrases a pattern element (`WORD`, `NEW_&TIETYPES_RELATIONS`,
/// `&CURRENCY`) stands for: every combination of its words' synsets,
/// capped so that a pathological element cannot explode. An error says
/// why the element stands for nothing.
fn element_phrases(
    element: &str,
    syn: &HashMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = vec![String::new()];
    for word in element.split('_').filter(|w| !w.is_empty()) {
        let options: Vec<String> = match word.strip_prefix('&') {
            Some(name) => match syn.get(name) {
                Some(list) if !list.is_empty() => list.clone(),
                Some(_) => return Err(format!("synset &{name} is empty")),
                None => return Err(format!("synset &{name} is not defined")),
            },
            None => vec![word.to_lowercase()],
        };
        out = out
            .iter()
            .flat_map(|head| {
                options.iter().map(move |o| {
                    if head.is_empty() {
                        o.clone()
                    } else {
                        format!("{head} {o}")
                    }
                })
            })
            .take(256)
            .collect();
    }
    let phrases: Vec<String> = out
        .into_iter()
        .map(|p| join_contractions(&p))
        .filter(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
        })
        .collect();
    if phrases.is_empty() {
        return Err(format!(
            "element {element} has no phrase of letters, digits, hyphens and apostrophes"
        ));
    }
    Ok(phrases)
}

/// Parses a pattern's body (the text before its code): words before and
/// after the verb `*`, with PETRARCH's markers `$` (source), `+` (target),
/// `%` (compound) and `^` (skip an actor) read for roles and otherwise
/// passed over, `_` joining adjacent words, `{...}` grouping a phrase and
/// `(PREP ...)` introducing the words after a preposition. An error says
/// why the pattern cannot be converted.
fn parse_pattern(body: &str, syn: &HashMap<String, Vec<String>>) -> Result<PatternOut, String> {
    // The verb may be joined to its neighbours ("IN_*", "*_OUT"): nothing
    // may come between them.
    let (before_joined, words_joined) = (body.contains("_*"), body.contains("*_"));
    let body = body.replace("_*", " * ").replace("*_", " * ");
    let Some((pre, post)) = body.split_once('*') else {
        return Err("no `*`".into());
    };
    let mut out = PatternOut {
        before_joined,
        words_joined,
        ..PatternOut::default()
    };
    let roles = |side: &str, role: char| side.split_whitespace().any(|t| t.contains(role));
    out.swap = roles(pre, '+') || roles(post, '$');
    let pre_tokens: Vec<&str> = pre.split_whitespace().collect();
    // Not a prefix of the target's name ("ANTI- + *": "anti-Gondor").
    let words_before_plus = pre_tokens
        .iter()
        .position(|t| t.contains('+'))
        .is_some_and(|p| {
            p > 0
                && !pre_tokens[p - 1].ends_with('-')
                && pre_tokens[..p]
                    .iter()
                    .any(|t| t.chars().any(|c| c.is_alphanumeric() || c == '&'))
        });
    if words_before_plus && !roles(post, '$') {
        out.target_before = true;
        out.swap = false;
    }
    out.compound = roles(pre, '%');
    // Trailing markers: "WITH +", "TABASKI ^ $", "AT ^ ^ +".
    let trailing: Vec<&str> = post
        .split_whitespace()
        .rev()
        .map(|t| t.trim_matches('_'))
        .take_while(|t| !t.is_empty() && t.chars().all(|c| matches!(c, '$' | '+' | '^' | '%')))
        .collect();
    out.object_follows = trailing
        .iter()
        .any(|t| t.contains(['+', '$']))
        .then(|| trailing.iter().map(|t| t.matches('^').count() as u8).sum());
    let elements = |side: &str| -> Result<Vec<Vec<String>>, String> {
        // Braces group words into one phrase; parentheses only mark a
        // prepositional phrase.
        let mut grouped = String::new();
        let mut depth = 0;
        for c in side.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = 0.max(depth - 1),
                ' ' if depth > 0 => grouped.push('_'),
                '(' | ')' => grouped.push(' '),
                c => grouped.push(c),
            }
        }
        let mut list = Vec::new();
        for token in grouped.split_whitespace() {
            let token: String = token
                .chars()
                .filter(|c| !matches!(c, '$' | '+' | '%' | '^' | '~'))
                .collect();
            let token = token.trim_matches('_');
            if token.is_empty() {
                continue;
            }
            list.push(element_phrases(token, syn)?);
        }
        Ok(list)
    };
    out.before = elements(pre)?;
    if let Some(rest) = post.trim_start().strip_prefix('(') {
        let prep: String = rest
            .split(|c: char| c.is_whitespace() || c == ')')
            .next()
            .unwrap_or("")
            .to_lowercase();
        if !prep.is_empty() && prep.chars().all(char::is_alphabetic) {
            let tail = rest.trim_start()[prep.len()..].to_string();
            out.after = elements(&tail)?;
            if out.after.is_empty() {
                // "(TO)": the verb with a preposition only.
                out.after.push(vec![prep]);
            } else {
                out.prep = Some(prep);
            }
        }
    } else {
        out.after = elements(post)?;
    }
    if !out.compound && out.before.is_empty() && out.after.is_empty() {
        return Err("no words besides the verb and no compound marker".into());
    }
    Ok(out)
}

struct VerbOut {
    lemma: String,
    forms: Vec<String>,
    code: String,
    pair: Option<String>,
    patterns: Vec<(PatternOut, String, Option<String>)>,
}

fn convert_verbs(file: &str, text: &str, out: &mut Conversion) {
    let syn = synsets(text);
    let mut verbs: Vec<VerbOut> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut block_code: (String, Option<String>) = Default::default();
    let mut block: Vec<usize> = Vec::new();
    let mut in_synset = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let l = strip_comment(line).trim();
        if l.is_empty() || l.starts_with("<!--") {
            in_synset = false;
            continue;
        }
        if l.starts_with('&') {
            in_synset = true;
            continue;
        }
        if l.starts_with("---") {
            in_synset = false;
            block.clear();
            block_code = bracket(l)
                .and_then(|(s, e)| codes_of(&l[s..=e]))
                .unwrap_or_default();
            continue;
        }
        if in_synset && l.starts_with('+') {
            continue;
        }
        if let Some(pat) = l.strip_prefix('-') {
            let Some((s, e)) = bracket(pat) else {
                note(
                    &mut out.notes,
                    file,
                    n,
                    "pattern without a code: dropped".into(),
                );
                continue;
            };
            // `[---]`: the pattern marks a use of the verb that is no event
            // ("avert an attack"); it converts to a pattern with no code.
            let (code, pair) = codes_of(&pat[s..=e]).unwrap_or_default();
            if let Some(bad) = std::iter::once(&code)
                .chain(pair.as_ref())
                .filter(|c| !c.is_empty())
                .find(|c| CameoCode::parse_local(c).is_err())
            {
                note(
                    &mut out.notes,
                    file,
                    n,
                    format!("pattern code {bad} is not an event code: dropped"),
                );
                continue;
            }
            let body = &pat[..s];
            match parse_pattern(body, &syn) {
                Ok(pattern) => {
                    for &v in &block {
                        verbs[v]
                            .patterns
                            .push((pattern.clone(), code.clone(), pair.clone()));
                    }
                    out.counts[1] += 1;
                }
                Err(why) => note(
                    &mut out.notes,
                    file,
                    n,
                    format!("pattern {}: {why}: dropped", body.trim()),
                ),
            }
            continue;
        }
        // A verb line: WORD [code] {FORMS} or +MULTI_WORD ...
        let (head, code_field) = match bracket(l) {
            Some((s, e)) => (format!("{} {}", &l[..s], &l[e + 1..]), Some(&l[s..=e])),
            None => (l.to_string(), None),
        };
        let (word_part, forms_part) = match head.find('{') {
            Some(b) => (
                head[..b].to_string(),
                head[b + 1..].split('}').next().unwrap_or("").to_string(),
            ),
            None => (head.clone(), String::new()),
        };
        // `+` marks the verb inside a multi-word entry ("WIRE_+TAP").
        let lemma = words_of(&word_part.replace('+', "")).to_lowercase();
        if lemma.is_empty()
            || !lemma
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
        {
            note(
                &mut out.notes,
                file,
                n,
                format!("unreadable verb line {l:?}: dropped"),
            );
            continue;
        }
        let (code, pair) = code_field
            .and_then(codes_of)
            .unwrap_or_else(|| block_code.clone());
        let cameo = |c: &String| CameoCode::parse_local(c).is_ok();
        let (code, pair) = if cameo(&code) && pair.as_ref().is_none_or(cameo) {
            (code, pair)
        } else {
            (String::new(), None)
        };
        // A verb listed again: PETRARCH starts the block's entry afresh when
        // the verb heads a new block, so the later block wins; as another
        // block's synonym it only points to that block's entry, and the
        // first entry stands.
        let again = if seen.insert(lemma.clone()) {
            None
        } else if block.is_empty() {
            note(
                &mut out.notes,
                file,
                n,
                format!(
                    "verb {lemma:?} heads a block again: this block replaces the earlier entry"
                ),
            );
            verbs.iter().position(|v| v.lemma == lemma)
        } else {
            note(
                &mut out.notes,
                file,
                n,
                format!("verb {lemma:?} appears again: the first entry is kept"),
            );
            continue;
        };
        let mut forms: Vec<String> = forms_part
            .split_whitespace()
            .map(|f| words_of(&f.replace('+', "")).to_lowercase())
            .filter(|f| !f.is_empty())
            .collect();
        if forms.is_empty() {
            forms = inflect(&lemma);
        }
        forms.retain(|f| f != &lemma);
        forms.dedup();
        let entry = VerbOut {
            lemma,
            forms,
            code,
            pair,
            patterns: Vec::new(),
        };
        match again {
            Some(i) => {
                verbs[i] = entry;
                block.push(i);
            }
            None => {
                block.push(verbs.len());
                verbs.push(entry);
            }
        }
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Converted from {file} by `entente dict import-petrarch`.\n"
    );
    for v in verbs.iter_mut() {
        // The more words a pattern needs, the more specific it is: try it
        // first (the sort is stable, so dictionary order breaks ties).
        v.patterns.sort_by_key(|(p, _, _)| {
            let words = |e: &Vec<Vec<String>>| {
                e.iter()
                    .map(|alts| alts.iter().map(|a| a.split(' ').count()).min().unwrap_or(0))
                    .sum::<usize>()
            };
            std::cmp::Reverse(words(&p.before) + words(&p.after) + p.prep.is_some() as usize)
        });
    }
    for v in &verbs {
        if v.code.is_empty() && v.patterns.iter().all(|(_, code, _)| code.is_empty()) {
            continue;
        }
        out.counts[0] += 1;
        let _ = writeln!(
            s,
            "[[verb]]\nlemma = {}\nforms = {}\ncode = {}",
            q(&v.lemma),
            list(&v.forms),
            q(&v.code)
        );
        if let Some(pair) = &v.pair {
            let _ = writeln!(s, "pair = {}", q(pair));
        }
        if !v.patterns.is_empty() {
            let _ = writeln!(s, "patterns = [");
            for (p, code, pair) in &v.patterns {
                let mut fields = Vec::new();
                if let Some((first, then)) = p.after.split_first() {
                    fields.push(format!("words = {}", list(first)));
                    if !then.is_empty() {
                        let then: Vec<String> = then.iter().map(|e| list(e)).collect();
                        fields.push(format!("then = [{}]", then.join(", ")));
                    }
                }
                if !p.before.is_empty() {
                    let before: Vec<String> = p.before.iter().map(|e| list(e)).collect();
                    fields.push(format!("before = [{}]", before.join(", ")));
                }
                fields.push(format!("code = {}", q(code)));
                if let Some(pair) = pair {
                    fields.push(format!("pair = {}", q(pair)));
                }
                if let Some(prep) = &p.prep {
                    fields.push(format!("prep = {}", q(prep)));
                }
                if p.swap {
                    fields.push("swap = true".into());
                }
                if p.target_before {
                    fields.push("target_before = true".into());
                }
                if p.compound {
                    fields.push("compound = true".into());
                }
                if p.before_joined && !p.before.is_empty() {
                    fields.push("before_joined = true".into());
                }
                if p.words_joined && !p.after.is_empty() {
                    fields.push("words_joined = true".into());
                }
                if let Some(skip) = p.object_follows {
                    fields.push("object_follows = true".into());
                    if skip > 0 {
                        fields.push(format!("skip_actors = {skip}"));
                    }
                }
                let _ = writeln!(s, "  {{ {} }},", fields.join(", "));
            }
            let _ = writeln!(s, "]");
        }
        s.push('\n');
    }
    out.verbs.push_str(&s);
}

/// Parses `YYMMDD` or `YYYYMMDD` (two-digit years below 30 are 20xx).
fn petrarch_date(s: &str) -> Option<FuzzyDate> {
    let s = s.trim();
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    FuzzyDate::day(y, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// `[CODE]`, `[CODE >date]`, `[CODE <date]`, `[CODE d1-d2]`.
fn dated_code(field: &str) -> Option<(String, Option<FuzzyDate>, Option<FuzzyDate>)> {
    let inner = field
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let mut parts = inner.splitn(2, char::is_whitespace);
    let code = parts.next()?.to_string();
    let rest = parts.next().unwrap_or("").replace(' ', "");
    let (from, to) = if let Some(d) = rest.strip_prefix('>') {
        (petrarch_date(d), None)
    } else if let Some(d) = rest.strip_prefix('<') {
        (
            None,
            petrarch_date(d).and_then(|x| FuzzyDate::from_day_number(x.first_day() - 1)),
        )
    } else if let Some((a, b)) = rest.split_once('-') {
        (petrarch_date(a), petrarch_date(b))
    } else {
        (None, None)
    };
    Some((code, from, to))
}

fn convert_actors(file: &str, text: &str, out: &mut Conversion) {
    struct Entry {
        names: Vec<String>,
        codes: Vec<(String, Option<FuzzyDate>, Option<FuzzyDate>)>,
        line: usize,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let raw = strip_comment(line);
        let l = raw.trim();
        if l.is_empty() || l.starts_with("<!--") || l.starts_with("-->") {
            continue;
        }
        if l.starts_with('[') {
            if let (Some(e), Some(c)) = (entries.last_mut(), dated_code(l)) {
                e.codes.push(c);
            }
            continue;
        }
        if let Some(syn) = l.strip_prefix('+') {
            if let Some(e) = entries.last_mut() {
                let name = match bracket(syn) {
                    Some((s, _)) => &syn[..s],
                    None => syn,
                };
                e.names.push(title_case(&words_of(name)));
            }
            continue;
        }
        let (name, code) = match bracket(l) {
            Some((s, e)) => (&l[..s], dated_code(&l[s..=e])),
            None => (l, None),
        };
        entries.push(Entry {
            names: vec![title_case(&words_of(name))],
            codes: code.into_iter().collect(),
            line: n,
        });
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Converted from {file} by `entente dict import-petrarch`.\n"
    );
    for e in &entries {
        let names: Vec<String> = e.names.iter().filter(|n| !n.is_empty()).cloned().collect();
        if names.is_empty() {
            continue;
        }
        if e.codes.is_empty() {
            note(
                &mut out.notes,
                file,
                e.line,
                format!("actor {:?} has no code: dropped", names[0]),
            );
        }
        for (code, from, to) in &e.codes {
            if code.starts_with('-') || code.starts_with('+') || code.starts_with('#') {
                continue;
            }
            // `[FRO/BIL/SAM]`: a name for several actors at once.
            let members: Vec<&str> = code.split('/').map(str::trim).collect();
            if members.len() > 1
                && from.is_none()
                && to.is_none()
                && members.iter().all(|m| ActorCode::parse(m).is_ok())
            {
                out.counts[2] += 1;
                let members: Vec<String> = members.iter().map(|m| m.to_string()).collect();
                let _ = writeln!(
                    s,
                    "[[collective]]\nname = {}\nmembers = {}",
                    q(&names[0]),
                    list(&members)
                );
                if names.len() > 1 {
                    let _ = writeln!(s, "aliases = {}", list(&names[1..]));
                }
                s.push('\n');
                continue;
            }
            if ActorCode::parse(code).is_err() {
                note(
                    &mut out.notes,
                    file,
                    e.line,
                    format!(
                        "actor {:?}: code {code:?} is not three-letter segments: dropped",
                        names[0]
                    ),
                );
                continue;
            }
            out.counts[2] += 1;
            let _ = writeln!(
                s,
                "[[actor]]\ncode = {}\nkind = \"other\"\nname = {}",
                q(code),
                q(&names[0])
            );
            if names.len() > 1 {
                let _ = writeln!(s, "aliases = {}", list(&names[1..]));
            }
            if let Some(f) = from {
                let _ = writeln!(s, "from = {}", q(&f.to_string()));
            }
            if let Some(t) = to {
                let _ = writeln!(s, "to = {}", q(&t.to_string()));
            }
            s.push('\n');
        }
    }
    out.actors.push_str(&s);
}

fn convert_agents(file: &str, text: &str, out: &mut Conversion) {
    let mut macros: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Converted from {file} by `entente dict import-petrarch`.\n"
    );
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let l = strip_comment(line).trim();
        if l.is_empty() || l.starts_with("<!--") {
            continue;
        }
        if l.starts_with('!') && l.contains('=') {
            let (name, vals) = l.split_once('=').unwrap_or(("", ""));
            macros.insert(
                name.trim().to_string(),
                vals.split(',').map(|v| v.trim().to_string()).collect(),
            );
            continue;
        }
        let Some((bs, be)) = bracket(l) else {
            note(
                &mut out.notes,
                file,
                n,
                format!("agent line without a code: {l:?}"),
            );
            continue;
        };
        // `[~GOV]`: the role follows the owner's code; `[NGO~]`: it goes
        // before it ("MSF Arnor" is NGOARN).
        let spec = l[bs + 1..be].trim();
        let before_owner = spec.ends_with('~') && !spec.starts_with('~');
        let role = spec.trim_matches('~').to_string();
        if role.is_empty()
            || !role.len().is_multiple_of(3)
            || !role.chars().all(|c| c.is_ascii_uppercase())
        {
            note(
                &mut out.notes,
                file,
                n,
                format!("agent role {role:?} is not three-letter role codes: dropped"),
            );
            continue;
        }
        let head = &l[..bs];
        let (phrase, plural) = match head.find('{') {
            Some(b) => (
                &head[..b],
                Some(
                    head[b + 1..]
                        .split('}')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                ),
            ),
            None => (head, None),
        };
        // Expand !MACRO! substitutions.
        let mut phrases = vec![phrase.trim().to_string()];
        for (name, vals) in &macros {
            if phrases.iter().any(|p| p.contains(name.as_str())) {
                phrases = phrases
                    .iter()
                    .flat_map(|p| vals.iter().map(move |v| p.replace(name.as_str(), v)))
                    .collect();
            }
        }
        for p in phrases {
            let noun = words_of(&p).to_lowercase();
            if noun.is_empty() || noun.contains('!') || !seen.insert(noun.clone()) {
                continue;
            }
            out.counts[3] += 1;
            let _ = write!(s, "[[agent]]\nnoun = {}\nrole = {}\n", q(&noun), q(&role));
            if before_owner {
                s.push_str("before_owner = true\n");
            }
            match &plural {
                Some(pl) if pl.is_empty() => {
                    let _ = writeln!(s, "plural = {}", q(&noun));
                }
                Some(pl) => {
                    let _ = writeln!(
                        s,
                        "plural = {}",
                        q(&words_of(pl.split_whitespace().next().unwrap_or(pl)).to_lowercase())
                    );
                }
                None => {}
            }
            s.push('\n');
        }
    }
    out.agents.push_str(&s);
}

fn convert_discards(file: &str, text: &str, out: &mut Conversion) {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Converted from {file} by `entente dict import-petrarch`.\n"
    );
    for line in text.lines() {
        let l = strip_comment(line).trim();
        if l.is_empty() || l.starts_with("<!--") {
            continue;
        }
        let (scope, phrase) = match l.strip_prefix('+') {
            Some(p) => ("document", p),
            None => ("sentence", l),
        };
        let phrase = words_of(phrase);
        if phrase.is_empty() {
            continue;
        }
        out.counts[4] += 1;
        let _ = write!(
            s,
            "[[discard]]\nphrase = {}\nscope = {}\n\n",
            q(&phrase.to_lowercase()),
            q(scope)
        );
    }
    out.discards.push_str(&s);
}

/// Which kind of PETRARCH dictionary a file is, by its name.
fn kind_of(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    if !n.ends_with(".txt") {
        return None;
    }
    if n.contains("verb") || n.starts_with("cameo") {
        Some("verbs")
    } else if n.contains("agent") {
        Some("agents")
    } else if n.contains("discard") {
        Some("discards")
    } else if n.contains("actor") {
        Some("actors")
    } else {
        None
    }
}

/// Converts the named PETRARCH files of a directory (or, with `only`
/// empty, every verbs/actors/agents/discards file in it).
pub fn convert_dir(dir: &Path, only: &[&str]) -> Result<Conversion, Vec<DictError>> {
    let mut out = Conversion::default();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![DictError {
            file: dir.display().to_string(),
            line: 0,
            message: e.to_string(),
        }]
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut any = false;
    for name in names {
        if !only.is_empty() && !only.contains(&name.as_str()) {
            continue;
        }
        let Some(kind) = kind_of(&name) else { continue };
        let path = dir.join(&name);
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![DictError {
                file: path.display().to_string(),
                line: 0,
                message: e.to_string(),
            }]
        })?;
        // PETRARCH files are mostly ASCII; read others as Latin-1 rather than fail.
        let text = String::from_utf8(bytes.clone())
            .unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect());
        let file = path.display().to_string();
        any = true;
        match kind {
            "verbs" => convert_verbs(&file, &text, &mut out),
            "actors" => convert_actors(&file, &text, &mut out),
            "agents" => convert_agents(&file, &text, &mut out),
            _ => convert_discards(&file, &text, &mut out),
        }
    }
    if !out.verbs.is_empty() {
        // PETRARCH codes future and intended acts with the act's own code,
        // and pairs acts only through its own `[A:B]` codes.
        out.verbs.insert_str(
            0,
            "[settings]\nrecode_intent = false\nlocal_codes = true\nmutual_acts = false\nexact_pattern_words = true\nbackground_events = false\nplace_target_for_any_act = true\n\n",
        );
    }
    if !out.agents.is_empty() {
        // PETRARCH appends an agent's role to any actor's code.
        out.agents.insert_str(
            0,
            "[settings]\nroles_on_every_actor = true\nanonymous_agents = true\n\n",
        );
    }
    if !any {
        return Err(vec![DictError { file: dir.display().to_string(), line: 0, message: "no PETRARCH dictionary files (*verbs*.txt, CAMEO*.txt, *actors*.txt, *agents*.txt, *discards*.txt)".into() }]);
    }
    Ok(out)
}

/// XML character data as text: the predefined entities (`&amp;`, `&lt;`,
/// `&gt;`, `&quot;`, `&apos;`) and character references (`&#38;`,
/// `&#x26;`) replaced; anything else after `&` is kept as written.
fn xml_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|e| {
            let c = match &rest[1..e] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                r => {
                    let n = match r.strip_prefix("#x").or_else(|| r.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => r.strip_prefix('#')?.parse().ok()?,
                    };
                    char::from_u32(n)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The dictionaries a validation file names, and its records as gold
/// documents.
pub fn read_validation(
    file: &str,
    text: &str,
) -> Result<(Vec<String>, Vec<GoldDocument>), GoldError> {
    let err = |reason: String| GoldError {
        file: file.to_string(),
        reason,
    };
    // Dictionary files named in <Environment>.
    let mut files = Vec::new();
    for tag in ["Verbfile", "Actorfile", "Agentfile", "Discardfile"] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        if let Some(s) = text.find(&open)
            && let Some(e) = text[s..].find(&close)
        {
            files.push(text[s + open.len()..s + e].trim().to_string());
        }
    }
    let lines = crate::dict::Lines::new(text);
    let line_of = |offset: usize| lines.of(offset);
    // name = "value", with or without spaces around the equals sign.
    let attr = |tag: &str, name: &str| -> Option<String> {
        let mut from = 0;
        while let Some(i) = tag[from..].find(name) {
            let at = from + i;
            from = at + name.len();
            let boundary = at == 0 || !tag.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = tag[from..].trim_start();
            if let (true, Some(rest)) = (boundary, rest.strip_prefix('=')) {
                let rest = rest.trim_start().strip_prefix('"')?;
                return Some(rest.split('"').next()?.to_string());
            }
        }
        None
    };
    // The file's comments, found once; an unclosed one runs to the end.
    let mut comments: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(c) = text[from..].find("<!--") {
        let c = from + c;
        let end = text[c + 4..]
            .find("-->")
            .map_or(text.len(), |e| c + 4 + e + 3);
        comments.push((c, end));
        from = end;
    }
    // Whether a position is inside a comment.
    let commented = |at: usize| {
        let i = comments.partition_point(|&(c, _)| c <= at);
        i > 0 && at < comments[i - 1].1
    };
    let mut docs = Vec::new();
    let mut pos = 0;
    // `<Config option="require_dyad" value="false">` between records
    // holds for the records after it; the file's other options (comma
    // clause lengths, new actor lengths) tune PETRARCH's parse-tree
    // pruning, which entente does not do.
    let mut overrides = Overrides::default();
    while let Some(start) = text[pos..].find("<Sentence ") {
        let start = pos + start;
        let mut c = pos;
        while let Some(at) = text[c..start].find("<Config") {
            let at = c + at;
            let tag_end = text[at..start].find('>').map_or(start, |e| at + e);
            c = tag_end;
            if commented(at) {
                continue;
            }
            let tag = &text[at..tag_end];
            if attr(tag, "option").as_deref() == Some("require_dyad") {
                let value = attr(tag, "value").unwrap_or_default().to_ascii_lowercase();
                overrides.one_sided_events = match value.as_str() {
                    "true" => Some(false),
                    "false" => Some(true),
                    _ => {
                        return Err(err(format!(
                            "line {}: <Config option=\"require_dyad\">: value {value:?} is not true or false",
                            line_of(at)
                        )));
                    }
                };
            }
        }
        let Some(end) = text[start..].find("</Sentence>") else {
            return Err(err(format!(
                "line {}: <Sentence> without </Sentence>",
                line_of(start)
            )));
        };
        let end = start + end;
        pos = end + 11;
        // Skip commented-out records.
        if commented(start) {
            continue;
        }
        let body = &text[start..end];
        let tag_end = body.find('>').unwrap_or(body.len());
        let tag = &body[..tag_end];
        let id = attr(tag, "id").unwrap_or_else(|| format!("line {}", line_of(start)));
        let date = attr(tag, "date")
            .and_then(|d| FuzzyDate::parse(&d).ok())
            .ok_or_else(|| {
                err(format!(
                    "line {}: record {id}: missing or bad date",
                    line_of(start)
                ))
            })?;
        let text_start = body
            .find("<Text>")
            .ok_or_else(|| err(format!("line {}: record {id}: no <Text>", line_of(start))))?
            + 6;
        let text_end = body[text_start..]
            .find("</Text>")
            .map(|e| text_start + e)
            .ok_or_else(|| err(format!("line {}: record {id}: no </Text>", line_of(start))))?;
        let sentence = xml_text(&body[text_start..text_end])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut events = Vec::new();
        let mut k = 0;
        while let Some(c) = body[k..].find("<EventCoding") {
            let c = k + c;
            let ce = body[c..].find('>').map_or(body.len(), |e| c + e);
            let t = &body[c..ce];
            k = ce;
            if attr(t, "noevents").is_some() {
                continue;
            }
            let (Some(s), Some(g), Some(code)) = (
                attr(t, "sourcecode"),
                attr(t, "targetcode"),
                attr(t, "eventcode"),
            ) else {
                continue;
            };
            // PETRARCH writes an actor of no known country as `---GOV`;
            // entente, as GDELT does, as the bare role.
            let parse = |x: &str| {
                ActorCode::parse(x.trim_start_matches("---"))
                    .ok()
                    .into_iter()
                    .collect::<Vec<_>>()
            };
            let cameo = CameoCode::parse_local(&code).ok();
            events.push(GoldEvent {
                source: parse(&s),
                target: parse(&g),
                roots: cameo.map(|c| vec![c.root()]).unwrap_or_default(),
                plover: cameo.and_then(|c| c.plover()),
                cameo,
                symmetric: false,
                core: true,
                evidence: format!("{s} {g} {code}"),
            });
        }
        docs.push(GoldDocument {
            id,
            date,
            text: sentence,
            overrides,
            events,
        });
    }
    if docs.is_empty() {
        return Err(err("no <Sentence> records".into()));
    }
    Ok((files, docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_regular_and_irregular() {
        assert_eq!(inflect("attack"), ["attacks", "attacked", "attacking"]);
        assert_eq!(inflect("agree"), ["agrees", "agreed", "agreeing"]);
        assert_eq!(inflect("rely"), ["relies", "relied", "relying"]);
        assert_eq!(inflect("stop"), ["stops", "stopped", "stopping"]);
        assert_eq!(inflect("release"), ["releases", "released", "releasing"]);
        assert_eq!(inflect("begin"), ["begins", "began", "begun", "beginning"]);
        assert_eq!(inflect("meet"), ["meets", "met", "meeting"]);
        assert_eq!(
            inflect("shoot down"),
            ["shoots down", "shot down", "shooting down"]
        );
        assert_eq!(
            inflect("crack down"),
            ["cracks down", "cracked down", "cracking down"]
        );
        // Whatever a dictionary file holds, inflecting it does not panic.
        for odd in ["", " ", "ü", "ǅ", "ß", "İstanbul", "12", "_", "a-b", "x y"] {
            let _ = inflect(odd);
        }
    }

    #[test]
    fn names_keep_small_words_small() {
        assert_eq!(title_case("PRINCE OF DOL AMROTH"), "Prince of Dol Amroth");
        assert_eq!(title_case("THE SHIRE"), "The Shire");
        assert_eq!(title_case("BANK FOR THE SOUTH"), "Bank for the South");
    }

    /// Whether the conversion noted something containing `text` at `line`.
    fn has_note(out: &Conversion, line: usize, text: &str) -> bool {
        out.notes
            .iter()
            .any(|n| n.line == line && n.message.contains(text))
    }

    #[test]
    fn converts_each_kind() {
        let mut out = Conversion::default();
        convert_verbs(
            "v.txt",
            "&CURRENCY\n+DOLLARS\n+EUROS\n\n--- ADD [---] ---\nADD\n- * SANCTIONS [163]\n- * INSULT [---]\n- * (TO LIST) [1722]\n- * &CURRENCY [071]\n- $ SAID * [999]\n- * QUIBBLE [9X9]\n\n--- MEET [040] ---\nMEET {MEETS MET MEETING}\n",
            &mut out,
        );
        assert!(out.verbs.contains("lemma = \"add\""), "{}", out.verbs);
        assert!(
            out.verbs
                .contains("{ words = [\"sanctions\"], code = \"163\" }"),
            "{}",
            out.verbs
        );
        assert!(out.verbs.contains("prep = \"to\""), "{}", out.verbs);
        // `[---]`: a use of the verb that is no event.
        assert!(
            out.verbs.contains("{ words = [\"insult\"], code = \"\" }"),
            "{}",
            out.verbs
        );
        assert!(
            out.verbs.contains("[\"dollars\", \"euros\"]"),
            "{}",
            out.verbs
        );
        assert!(
            out.verbs
                .contains("forms = [\"meets\", \"met\", \"meeting\"]"),
            "{}",
            out.verbs
        );
        assert!(has_note(&out, 12, "not an event code"), "{:?}", out.notes);
        // A code outside CAMEO is the dictionary's own label, kept.
        assert!(out.verbs.contains("code = \"999\""), "{}", out.verbs);

        // Words before the verb, later elements, synsets inside a phrase,
        // roles, paired codes and multi-word verbs.
        let mut out = Conversion::default();
        convert_verbs(
            "w.txt",
            "&NEGAUX\n+DID N'T\n+WILL NOT\n&TIES\n+MILITARY\n+ECONOMIC\n\n--- CLASH [111] ---\nCLASH\n- &NEGAUX * OVER EFFORTS [036]\n- RECENTLY_* [025]\n- *_UPON [097]\n- * NEW_&TIES_RELATIONS [064]\n- + WAS * DEAD IN $ [183]\n- * EID AT ^ WITH + [043]\n- * IFTAR AT ^ ^ + [044]\n- NOTED + * [115]\n- ANTI- + * [112]\n\n--- LEAVE [032:033] ---\nLEAVE\nWIRE_+TAP {WIRE_+TAPPED}\n\n--- BREAK [1717] ---\nBREAK\n- * OFF [09X]\n\n--- SAYS [023?] ---\nSAYS {SAID}\n",
            &mut out,
        );
        for expected in [
            "{ words = [\"over\"], then = [[\"efforts\"]], before = [[\"didn't\", \"will not\"]], code = \"036\" }",
            "{ before = [[\"recently\"]], code = \"025\", before_joined = true }",
            "{ words = [\"upon\"], code = \"097\", words_joined = true }",
            "{ words = [\"new military relations\", \"new economic relations\"], code = \"064\" }",
            "{ words = [\"dead\"], then = [[\"in\"]], before = [[\"was\"]], code = \"183\", swap = true, object_follows = true }",
            "{ words = [\"eid\"], then = [[\"at\"], [\"with\"]], code = \"043\", object_follows = true }",
            "{ words = [\"iftar\"], then = [[\"at\"]], code = \"044\", object_follows = true, skip_actors = 2 }",
            "{ before = [[\"noted\"]], code = \"115\", target_before = true }",
            "{ before = [[\"anti-\"]], code = \"112\", swap = true }",
            "lemma = \"leave\"\nforms = [\"leaves\", \"leaved\", \"leaving\"]\ncode = \"032\"\npair = \"033\"",
            "lemma = \"wire tap\"\nforms = [\"wire tapped\"]",
            "code = \"1717\"\npatterns = [\n  { words = [\"off\"], code = \"09X\" },",
            "lemma = \"says\"\nforms = [\"said\"]\ncode = \"023\"",
        ] {
            assert!(
                out.verbs.contains(expected),
                "{expected}\nnot in\n{}",
                out.verbs
            );
        }
        // A dropped pattern's note says why.
        let mut out = Conversion::default();
        convert_verbs(
            "x.txt",
            "&EMPTY\n\n--- HALT [192] ---\nHALT\n- * &NOSUCH TALKS [193]\n- * &EMPTY [194]\n- * ~ [195]\n- * ?! [196]\n",
            &mut out,
        );
        for (line, why) in [
            (5, "synset &NOSUCH is not defined"),
            (6, "synset &EMPTY is empty"),
            (7, "no words besides the verb and no compound marker"),
            (8, "element ?! has no phrase of letters"),
        ] {
            assert!(
                has_note(&out, line, why),
                "line {line}: {why}\n{:?}",
                out.notes
            );
        }

        // A verb that heads a block again: the later block replaces the
        // earlier entry, as PETRARCH reads it; as a synonym, the first stays.
        let mut out = Conversion::default();
        convert_verbs(
            "y.txt",
            "--- SHOT [---] ---\nSHOT\n- *_AND_WOUND [223]\n\n--- SHOT [223] ---\nSHOT\n- + WAS * DEAD IN $ [224]\n\n--- FIRE [190] ---\nFIRE\nSHOT\n",
            &mut out,
        );
        assert_eq!(
            out.verbs.matches("lemma = \"shot\"").count(),
            1,
            "{}",
            out.verbs
        );
        assert!(out.verbs.contains("lemma = \"shot\"\nforms = [\"shots\", \"shotted\", \"shotting\"]\ncode = \"223\"\npatterns = [\n  { words = [\"dead\"]"), "{}", out.verbs);
        assert!(!out.verbs.contains("wound"), "{}", out.verbs);
        assert!(has_note(&out, 6, "replaces"), "{:?}", out.notes);
        assert!(has_note(&out, 11, "first entry is kept"), "{:?}", out.notes);

        // `convert_dir` puts the settings the conversion needs first.
        let mut d = crate::Dictionary::default();
        let mut errors = Vec::new();
        let verbs = format!("[settings]\nlocal_codes = true\n\n{}", out.verbs);
        d.add_file("converted.toml", &verbs, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");

        let mut out = Conversion::default();
        convert_actors(
            "a.txt",
            "GOLLUM  # x\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\nARNOR_  [ARN]\nITHILEN TELEVISION  [ITHTV]\nTHE_SHIRE  [FRO/BIL/SAM]\n",
            &mut out,
        );
        assert!(
            out.actors
                .contains("name = \"Gollum\"\naliases = [\"Smeagol\"]\nto = \"1995-05-31\""),
            "{}",
            out.actors
        );
        assert!(
            out.actors.contains(
                "[[collective]]\nname = \"The Shire\"\nmembers = [\"FRO\", \"BIL\", \"SAM\"]"
            ),
            "{}",
            out.actors
        );
        assert!(
            out.actors
                .contains("from = \"1995-06-01\"\nto = \"1999-08-15\""),
            "{}",
            out.actors
        );
        assert!(out.notes.iter().any(|n| n.message.contains("ITHTV")));
        convert_agents(
            "g.txt",
            "!MINST! = MINISTER, MINISTRY\nFOREIGN_MINISTER [~GOVFRM]\n!MINST!_OF_SILLY_WALKS [~GOV]\nMEDIA {} [~MED]\nMSF {} [NGO~]\n",
            &mut out,
        );
        assert!(
            out.agents.contains("noun = \"ministry of silly walks\""),
            "{}",
            out.agents
        );
        assert!(
            out.agents
                .contains("noun = \"media\"\nrole = \"MED\"\nplural = \"media\""),
            "{}",
            out.agents
        );
        // `[NGO~]`: the role goes before the owner's code.
        assert!(
            out.agents
                .contains("noun = \"msf\"\nrole = \"NGO\"\nbefore_owner = true\n"),
            "{}",
            out.agents
        );
        assert!(
            !out.agents
                .contains("noun = \"media\"\nrole = \"MED\"\nbefore_owner")
        );
        convert_discards(
            "d.txt",
            "# c\n+World Golf Championships\nBASEBALL\n",
            &mut out,
        );
        assert!(out.discards.contains("scope = \"document\""));
        // The converted text loads as entente dictionaries.
        let mut d = crate::Dictionary::default();
        let mut errors = Vec::new();
        for t in [&out.verbs, &out.actors, &out.agents, &out.discards] {
            d.add_file("converted.toml", t, &mut errors);
        }
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn validation_records() {
        let xml = "<Environment><Verbfile>V.txt</Verbfile><Actorfile>A.txt</Actorfile></Environment>\n<!-- <Sentence date=\"19950101\" id=\"X\"><Text>no</Text></Sentence> -->\n<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor is about to restore ties\nwith Gondor.\n</Text>\n</Sentence>\n<Sentence date=\"19950102\" id=\"N-1\"><EventCoding noevents=\"True\"></EventCoding><Text>Nothing.</Text></Sentence>";
        let (files, docs) = read_validation("t.xml", xml).unwrap();
        assert_eq!(files, ["V.txt", "A.txt"]);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "Arnor is about to restore ties with Gondor.");
        assert_eq!(docs[0].events[0].cameo.unwrap().as_str(), "064");
        assert!(docs[1].events.is_empty());
    }

    #[test]
    fn xml_text_decodes_entities() {
        assert_eq!(
            xml_text("full &amp;TIETYPE ties &lt;b&gt; &#38; &#x26; &quot;q&apos; &bogus; & done;"),
            "full &TIETYPE ties <b> & & \"q' &bogus; & done;"
        );
        assert_eq!(
            xml_text("&#xD800; &#99999999999; &"),
            "&#xD800; &#99999999999; &"
        );
    }

    #[test]
    fn validation_config_between_records() {
        let rec = |id: &str| {
            format!("<Sentence date=\"19950101\" id=\"{id}\"><Text>T.</Text></Sentence>\n")
        };
        let xml = format!(
            "{}<Config option=\"require_dyad\" value=\"False\"></Config>\n<!-- <Config option=\"require_dyad\" value=\"true\"></Config> -->\n<Config option=\"comma_max\" value=\"0\"></Config>\n{}{}<Config option=\"require_dyad\" value=\"TRUE\"></Config>\n{}",
            rec("A"),
            rec("B"),
            rec("C"),
            rec("D")
        );
        let (_, docs) = read_validation("t.xml", &xml).unwrap();
        let one_sided: Vec<_> = docs.iter().map(|d| d.overrides.one_sided_events).collect();
        assert_eq!(one_sided, [None, Some(true), Some(true), Some(false)]);
        let bad = format!(
            "<Config option=\"require_dyad\" value=\"maybe\"></Config>\n{}",
            rec("A")
        );
        let e = read_validation("t.xml", &bad).unwrap_err();
        assert!(
            e.reason.contains("line 1") && e.reason.contains("maybe"),
            "{e}"
        );
    }
}
