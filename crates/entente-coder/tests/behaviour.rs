//! Behaviour cases of the coder, as data: `tests/cases.toml` lists short
//! texts and the events they must (and must not) yield with the built-in
//! dictionaries (and, for a case that gives one, a small dictionary of its
//! own layered on top). Every failing case is reported, not just the first.

use entente_coder::{Coder, Dictionary, Document};
use entente_ontology::{Event, FuzzyDate, Provenance};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    date: String,
    text: String,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    only: bool,
    #[serde(default)]
    none: bool,
    /// A dictionary file (TOML text) layered over the built-in ones.
    dict: Option<String>,
}

/// One expected event: "SOURCE TARGET CODE key=value ...".
struct Expected {
    source: String,
    target: String,
    code: String,
    keys: Vec<(String, String)>,
}

fn parse_expected(line: &str) -> Expected {
    let mut parts = line.split_whitespace();
    let mut next = || {
        parts
            .next()
            .unwrap_or_else(|| panic!("case line {line:?}: needs SOURCE TARGET CODE"))
            .to_string()
    };
    let (source, target, code) = (next(), next(), next());
    for a in [&source, &target] {
        assert!(
            a == "-" || entente_ontology::ActorCode::parse(a).is_ok(),
            "case line {line:?}: {a:?} is not an actor code or - (actors have no wildcard)"
        );
    }
    assert!(
        code == "*" || ((2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())),
        "case line {line:?}: {code:?} is not a CAMEO code, a root or *"
    );
    let keys = parts
        .map(|kv| {
            let (k, v) = kv
                .split_once('=')
                .unwrap_or_else(|| panic!("case line {line:?}: {kv:?} is not key=value"));
            (k.to_string(), v.to_string())
        })
        .collect();
    Expected {
        source,
        target,
        code,
        keys,
    }
}

fn field(event: &Event, key: &str) -> String {
    match key {
        "modality" => event.modality.name().to_string(),
        "negated" => event.negated.to_string(),
        "date" => event.date.to_string(),
        "date_source" => event.date_source.name().to_string(),
        "sentence" => match &event.provenance {
            Provenance::Text { sentence, .. } => sentence.to_string(),
            Provenance::Dataset { .. } => String::new(),
        },
        other => panic!("unknown case key {other:?}"),
    }
}

fn actor(code: &Option<entente_ontology::ActorCode>) -> String {
    code.as_ref().map_or("-".to_string(), |c| c.to_string())
}

fn matches(e: &Expected, event: &Event) -> bool {
    let code = event
        .cameo
        .map(|c| c.as_str().to_string())
        .unwrap_or_default();
    let code_ok = if e.code == "*" {
        true
    } else if e.code.len() == 2 {
        code.starts_with(&e.code)
    } else {
        code == e.code
    };
    actor(&event.source) == e.source
        && actor(&event.target) == e.target
        && code_ok
        && e.keys.iter().all(|(k, v)| field(event, k) == *v)
}

fn describe(event: &Event) -> String {
    format!(
        "{} {} {} modality={} negated={} date={} date_source={} sentence={}",
        actor(&event.source),
        actor(&event.target),
        event
            .cameo
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        field(event, "modality"),
        event.negated,
        event.date,
        field(event, "date_source"),
        field(event, "sentence"),
    )
}

#[test]
fn coder_behaviour_cases() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases.toml"))
        .expect("tests/cases.toml");
    let cases: Cases = toml::from_str(&text).unwrap_or_else(|e| panic!("tests/cases.toml: {e}"));
    let coder = Coder::new(Dictionary::builtin().expect("built-in dictionaries load"));
    let mut failures = Vec::new();
    for (k, case) in cases.case.iter().enumerate() {
        let doc = Document {
            id: format!("case{k}"),
            date: FuzzyDate::parse(&case.date).expect("case date"),
            text: case.text.clone(),
        };
        let events = match &case.dict {
            Some(extra) => {
                let mut dict = Dictionary::builtin().expect("built-in dictionaries load");
                let mut errors = Vec::new();
                dict.add_file("case.toml", extra, &mut errors);
                assert!(errors.is_empty(), "case {:?}: dict: {errors:?}", case.about);
                Coder::new(dict).code(&doc).events
            }
            None => coder.code(&doc).events,
        };
        let mut problems = Vec::new();
        let expected: Vec<Expected> = case.expect.iter().map(|l| parse_expected(l)).collect();
        for (line, e) in case.expect.iter().zip(&expected) {
            if !events.iter().any(|ev| matches(e, ev)) {
                problems.push(format!("missing {line}"));
            }
        }
        for line in &case.absent {
            let e = parse_expected(line);
            if events.iter().any(|ev| matches(&e, ev)) {
                problems.push(format!("unwanted {line}"));
            }
        }
        if case.only || case.none {
            for ev in &events {
                if !expected.iter().any(|e| matches(e, ev)) {
                    problems.push(format!("extra {}", describe(ev)));
                }
            }
        }
        if !problems.is_empty() {
            let got: Vec<String> = events.iter().map(describe).collect();
            failures.push(format!(
                "case {:?}:\n    {}\n  coded:\n    {}",
                case.about,
                problems.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.case.len(),
        failures.join("\n")
    );
}
