//! ICEWS event files (Dataverse layout): a header line, then tab-separated
//! rows with Event ID, Event Date, Source Name, Source Sectors, Source
//! Country, Event Text, CAMEO Code, Intensity, Target Name, Target Sectors,
//! Target Country, Story ID, ... Columns are found by header name, so
//! extra or reordered columns read.
//!
//! ICEWS names actors and their sectors instead of coding them; entente maps
//! them to CAMEO-style codes as `docs/import-formats.md` documents: the
//! country name gives the root, the most specific sector the role.

use std::collections::HashMap;

use entente_ontology::{ActorCode, CameoCode, DateSource, Event, FuzzyDate, Provenance, actor};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::RowError;

/// Column indexes found in the header.
#[derive(Debug)]
pub struct Columns {
    id: usize,
    date: usize,
    source_name: usize,
    source_sectors: usize,
    source_country: usize,
    cameo: usize,
    intensity: usize,
    target_name: usize,
    target_sectors: usize,
    target_country: usize,
    width: usize,
}

const REQUIRED: [&str; 10] = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
];

impl Columns {
    /// Finds the columns in a header line; names the missing ones.
    pub fn from_header(header: &str) -> Result<Columns, String> {
        let names: Vec<&str> = header.split('\t').map(str::trim).collect();
        let find = |want: &str| names.iter().position(|n| n.eq_ignore_ascii_case(want));
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|w| find(w).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the header lacks {} (an ICEWS file starts with a tab-separated header: {})",
                missing.join(", "),
                REQUIRED.join(", ")
            ));
        }
        let at = |w: &str| find(w).unwrap_or(0);
        Ok(Columns {
            id: at("Event ID"),
            date: at("Event Date"),
            source_name: at("Source Name"),
            source_sectors: at("Source Sectors"),
            source_country: at("Source Country"),
            cameo: at("CAMEO Code"),
            intensity: at("Intensity"),
            target_name: at("Target Name"),
            target_sectors: at("Target Sectors"),
            target_country: at("Target Country"),
            width: names.len(),
        })
    }
}

/// ICEWS writes missing values as `NA` or leaves them empty.
fn value(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && t != "NA").then_some(t)
}

/// Parses one data row.
pub fn parse_row(
    cols: &Columns,
    line_no: u64,
    line: &str,
    file: &std::sync::Arc<str>,
) -> Result<Event, RowError> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() < cols.width {
        return Err(RowError {
            line: line_no,
            field: None,
            reason: format!(
                "{} tab-separated columns, the header has {}",
                fields.len(),
                cols.width
            ),
        });
    }
    let bad = |field: &'static str, reason: String| RowError {
        line: line_no,
        field: Some(field),
        reason,
    };
    let id = value(fields[cols.id]).ok_or_else(|| bad("Event ID", "missing".into()))?;
    let date = FuzzyDate::parse(fields[cols.date]).map_err(|e| bad("Event Date", e.to_string()))?;
    let code_text = fields[cols.cameo].trim();
    let cameo = CameoCode::parse(code_text)
        .or_else(|e| CameoCode::parse(&format!("0{code_text}")).map_err(|_| e))
        .map_err(|e| bad("CAMEO Code", e.to_string()))?;
    let intensity = match value(fields[cols.intensity]) {
        None => cameo
            .goldstein()
            .ok_or_else(|| bad("CAMEO Code", format!("{cameo} has no score")))?,
        Some(t) => t
            .parse::<f64>()
            .ok()
            .filter(|g| g.is_finite() && (-10.0..=10.0).contains(g))
            .ok_or_else(|| bad("Intensity", format!("{t:?} is not a score from -10 to 10")))?,
    };
    let source = actor_code(
        fields[cols.source_name],
        fields[cols.source_sectors],
        fields[cols.source_country],
    )
    .map_err(|r| bad("Source Country", r))?;
    let target = actor_code(
        fields[cols.target_name],
        fields[cols.target_sectors],
        fields[cols.target_country],
    )
    .map_err(|r| bad("Target Country", r))?;
    let mut event = Event::from_cameo(
        date,
        DateSource::Dataset,
        source,
        target,
        cameo,
        Provenance::Dataset {
            dataset: "icews",
            file: file.clone(),
            line: line_no,
            row_id: Some(id.to_string()),
            row_hash: xxh3_64_with_seed(line.as_bytes(), 0x6963_6577_7300),
        },
    );
    event.goldstein = Some(intensity);
    event.source_name = value(fields[cols.source_name]).map(str::to_string);
    event.target_name = value(fields[cols.target_name]).map(str::to_string);
    Ok(event)
}

/// Sector names to roles, most specific first: the first role whose
/// sector appears in an actor's sector list wins.
const SECTOR_ROLES: &[(&str, &[&str])] = &[
    ("INS", &["Insurgents"]),
    ("REB", &["Rebels", "Rebel"]),
    ("SEP", &["Separatists", "Separatist"]),
    ("UAF", &["Unidentified Forces", "Militia", "Paramilitary"]),
    ("COP", &["Police"]),
    (
        "SPY",
        &[
            "Intelligence",
            "Military Intelligence",
            "Intelligence Ministry",
        ],
    ),
    (
        "MIL",
        &[
            "Military",
            "Army",
            "Navy",
            "Air Force",
            "Marines",
            "Military Personnel",
        ],
    ),
    ("JUD", &["Judicial", "Legal", "Justice / Law Ministry"]),
    (
        "LEG",
        &[
            "Legislative / Parliamentary",
            "Upper House",
            "Lower House",
            "Unicameral",
        ],
    ),
    (
        "GOV",
        &["Government", "Executive", "Executive Office", "Cabinet"],
    ),
    (
        "OPP",
        &[
            "Dissident",
            "Protestors / Popular Opposition / Mobs",
            "Opposition Major Party (Out Of Government)",
            "Opposition Minor Party (Out Of Government)",
        ],
    ),
    ("MED", &["Media", "News"]),
    ("BUS", &["Business"]),
    ("CRM", &["Criminals / Gangs", "Organized Crime"]),
    ("EDU", &["Education"]),
    ("HLH", &["Medical / Health"]),
    ("HRI", &["Human Rights NGOs", "Human Rights IGOs"]),
    ("REF", &["Refugees", "Displaced", "Refugees / Displaced"]),
    ("LAB", &["Labor", "Labor Unions"]),
    ("AGR", &["Agricultural"]),
    (
        "REL",
        &["Religious", "National Religious", "International Religious"],
    ),
    ("ELI", &["Elite"]),
    (
        "NGO",
        &[
            "Nongovernmental Organizations / Activists",
            "Nongovernmental Organization (International)",
        ],
    ),
    (
        "PTY",
        &[
            "Parties",
            "(National) Major Party",
            "(National) Minor Party",
        ],
    ),
    ("CVL", &["General Population / Civilian / Social", "Social"]),
];

/// Well-known IGOs by their ICEWS names.
const IGOS: &[(&str, &str)] = &[
    ("United Nations", "IGOUNO"),
    ("UN Security Council", "IGOUNO"),
    ("European Union", "IGOEUREEC"),
    ("European Commission", "IGOEUREEC"),
    ("North Atlantic Treaty Organization", "IGOWSTNAT"),
    ("NATO", "IGOWSTNAT"),
    ("African Union", "IGOAFRAFU"),
    ("Economic Community of West African States", "IGOWAFWAS"),
    ("Gulf Cooperation Council", "IGOPGSGCC"),
    ("World Bank", "IGOUNODEVWBK"),
    ("Asian Development Bank", "IGOSEADEVADB"),
];

/// Country names ICEWS writes differently from entente's short names.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("Russian Federation", "RUS"),
    ("Occupied Palestinian Territory", "PSE"),
    ("Palestinian Territory, Occupied", "PSE"),
    ("Korea, Republic of", "KOR"),
    ("Korea, Democratic People's Republic of", "PRK"),
    ("Iran, Islamic Republic of", "IRN"),
    ("Syrian Arab Republic", "SYR"),
    ("Congo, The Democratic Republic of the", "COD"),
    ("Democratic Republic of Congo", "COD"),
    ("Congo", "COG"),
    ("Republic of Congo", "COG"),
    ("Cote d'Ivoire", "CIV"),
    ("Ivory Coast", "CIV"),
    ("Macedonia", "MKD"),
    ("The former Yugoslav Republic of Macedonia", "MKD"),
    ("Moldova, Republic of", "MDA"),
    ("Tanzania, United Republic of", "TZA"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Libyan Arab Jamahiriya", "LBY"),
    ("Viet Nam", "VNM"),
    ("Brunei Darussalam", "BRN"),
    ("Swaziland", "SWZ"),
    ("Burma", "MMR"),
    ("East Timor", "TLS"),
    ("Timor-Leste", "TLS"),
    ("Holy See", "VAT"),
    ("Vatican City State", "VAT"),
    ("Venezuela, Bolivarian Republic of", "VEN"),
    ("Bolivia, Plurinational State of", "BOL"),
    ("Micronesia, Federated States of", "FSM"),
    ("Czechia", "CZE"),
    ("Turkiye", "TUR"),
    ("United States of America", "USA"),
    ("Great Britain", "GBR"),
    ("Serbia and Montenegro", "SCG"),
    ("Kosovo", "KSV"),
    ("Hong Kong", "HKG"),
    ("Taiwan, Province of China", "TWN"),
];

fn country_code(name: &str) -> Option<&'static str> {
    static INDEX: std::sync::OnceLock<HashMap<String, &'static str>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m: HashMap<String, &'static str> = HashMap::new();
        for c in actor::countries() {
            m.insert(c.name.to_lowercase(), c.code);
        }
        for (n, c) in COUNTRY_ALIASES {
            m.insert(n.to_lowercase(), c);
        }
        m
    });
    index.get(&name.trim().to_lowercase()).copied()
}

/// Maps an ICEWS actor (name, sectors, country) to a code.
fn actor_code(name: &str, sectors: &str, country: &str) -> Result<Option<ActorCode>, String> {
    let name = value(name);
    let sectors: Vec<&str> = value(sectors)
        .map(|s| s.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let has = |s: &str| sectors.iter().any(|x| x.eq_ignore_ascii_case(s));
    if name.is_some_and(|n| n.eq_ignore_ascii_case("Unspecified Actor"))
        || (name.is_none() && sectors.is_empty())
    {
        return Ok(None);
    }
    let root: String = match value(country) {
        Some(c) => match country_code(c) {
            Some(code) => code.to_string(),
            None => return Err(format!("unknown country {c:?}")),
        },
        None => {
            if let Some(code) = name.and_then(country_code) {
                // A bare country named as the actor ("Romania").
                return Ok(ActorCode::parse(code).ok());
            }
            let igo = sectors
                .iter()
                .any(|s| s.contains("IGO") || s.contains("International Government Organization"));
            if igo {
                let known = name.and_then(|n| IGOS.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)));
                return Ok(ActorCode::parse(known.map_or("IGO", |(_, c)| c)).ok());
            }
            if sectors.iter().any(|s| {
                s.starts_with("International")
                    && (s.contains("Insurgent") || s.contains("Radical") || s.contains("Dissident"))
            }) {
                return Ok(ActorCode::parse("IMG").ok());
            }
            if sectors
                .iter()
                .any(|s| s.contains("Nongovernmental") || s.contains("NGO"))
            {
                return Ok(ActorCode::parse("NGO").ok());
            }
            return Err(format!(
                "no country for actor {:?} and no sector that names its kind",
                name.unwrap_or("")
            ));
        }
    };
    let role = SECTOR_ROLES
        .iter()
        .find(|(_, names)| names.iter().any(|n| has(n)))
        .map(|(r, _)| *r);
    let role = role.or_else(|| {
        sectors
            .iter()
            .any(|s| s.ends_with("Ministry"))
            .then_some("GOV")
    });
    Ok(ActorCode::parse(&format!("{root}{}", role.unwrap_or(""))).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID";

    fn parse(line: &str) -> Result<Event, RowError> {
        let cols = Columns::from_header(HEADER).unwrap();
        parse_row(&cols, 2, line, &"i.tab".into())
    }

    #[test]
    fn maps_sectors_and_countries() {
        let e = parse("1\t2018-06-01\tForeign Affairs (Bangladesh)\tExecutive,Foreign Ministry,Government\tBangladesh\tConsult\t040\t1\tHigh Ranking Military Personnel (Vietnam)\tMilitary,Government\tVietnam\t9").unwrap();
        assert_eq!(e.source.unwrap().as_str(), "BGDGOV");
        assert_eq!(e.target.unwrap().as_str(), "VNMMIL");
        assert_eq!(
            e.source_name.as_deref(),
            Some("Foreign Affairs (Bangladesh)")
        );
        let e = parse("2\t2018-06-02\tRomania\tNA\tNA\tx\t111\t-2\tCriminal (Al Qaeda)\tInternational Religious,Sunni,International Radicals / Extremists / Fundamentalists\tNA\t9").unwrap();
        assert_eq!(e.source.unwrap().as_str(), "ROU");
        assert_eq!(e.target.unwrap().as_str(), "IMG");
        let e = parse("3\t2018-06-02\tCitizen (India)\tGeneral Population / Civilian / Social,Social\tIndia\tx\t20\t3\tUnspecified Actor\tUnspecified\tNA\t9").unwrap();
        assert_eq!(e.source.unwrap().as_str(), "INDCVL");
        assert_eq!(e.target, None);
        let e = parse("4\t2018-06-02\tEuropean Union\tInternational Government Organization,Regional\tNA\tx\t0311\t3\tVladimir Putin\tGovernment,Executive\tRussian Federation\t9").unwrap();
        assert_eq!(e.source.unwrap().as_str(), "IGOEUREEC");
        assert_eq!(e.target.unwrap().as_str(), "RUSGOV");
    }

    #[test]
    fn bad_rows() {
        let err =
            parse("1\t2018-06-01\tX\tGovernment\tAtlantis\tx\t040\t1\tY\tGovernment\tIndia\t9")
                .unwrap_err();
        assert!(err.reason.contains("Atlantis"), "{err}");
        let err = parse("1\t2018-13-01\tX\tGovernment\tIndia\tx\t040\t1\tY\tGovernment\tIndia\t9")
            .unwrap_err();
        assert_eq!(err.field, Some("Event Date"));
        let err =
            parse("1\t2018-12-01\tX\tGovernment\tIndia\tx\t040\tbig\tY\tGovernment\tIndia\t9")
                .unwrap_err();
        assert_eq!(err.field, Some("Intensity"));
        let err = parse("1\t2018-12-01").unwrap_err();
        assert!(err.reason.contains("columns"));
        assert!(
            Columns::from_header("a\tb")
                .unwrap_err()
                .contains("Event ID")
        );
    }
}
