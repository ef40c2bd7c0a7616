//! Checks the built-in CAMEO table against the public CAMEO, Goldstein and
//! CAMEO-to-PLOVER tables in `../shared/data/`. Skips (and says so) when that
//! folder is absent, as on a user's fresh clone.

use std::path::PathBuf;

use entente_ontology::PloverType;
use entente_ontology::cameo::{self, CameoCode};

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not found", dir.display());
        None
    }
}

fn rows(path: PathBuf) -> Vec<(String, String)> {
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (a, b) = l.split_once('\t').unwrap();
            (a.trim().to_string(), b.trim().to_string())
        })
        .collect()
}

#[test]
fn every_cameo_code_with_name_and_goldstein() {
    let Some(dir) = shared() else { return };
    let names = rows(dir.join("cameo/CAMEO.eventcodes.txt"));
    let scores = rows(dir.join("cameo/CAMEO.goldsteinscale.txt"));
    assert_eq!(names.len(), cameo::all().len());
    for (code, name) in &names {
        let c = CameoCode::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(c.name(), Some(name.as_str()), "{code}");
    }
    for (code, score) in &scores {
        let c = CameoCode::parse(code).unwrap();
        assert_eq!(c.goldstein(), Some(score.parse::<f64>().unwrap()), "{code}");
    }
}

#[test]
fn plover_types_follow_the_conversion_table() {
    let Some(dir) = shared() else { return };
    let text = std::fs::read_to_string(dir.join("plover/CAMEO2PLOVER-2021.txt")).unwrap();
    let mut checked = 0;
    for line in text.lines() {
        let line = line.split('#').next().unwrap().trim();
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(c) = CameoCode::parse(code) else {
            continue;
        }; // 1213/1214 are not CAMEO codes
        let expected = PloverType::parse(rest.split(',').next().unwrap()).unwrap();
        assert_eq!(c.plover(), Some(expected), "{code}");
        checked += 1;
    }
    assert!(checked > 230, "only {checked} rows checked");
    for e in cameo::all() {
        match e.code.root() {
            1 | 2 => assert_eq!(e.plover, None, "{}", e.code),
            _ => assert!(e.plover.is_some(), "{} has no PLOVER type", e.code),
        }
    }
}
