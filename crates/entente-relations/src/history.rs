//! Dyad histories: the events between two actors bucketed by period, and
//! the relationship's state over time.
//!
//! State rule (documented in docs/relations.md): each event contributes its
//! Goldstein score, decayed exponentially with the time since it happened
//! (weight 2^(−Δdays / half-life)). At a date, the decayed score sum W and
//! the decayed event count E give the relationship's tone M = W / E
//! (−10 … +10). The state is `ally` (M ≥ 4), `friendly` (1 ≤ M < 4),
//! `neutral` (−1 < M < 1), `hostile` (−4 < M ≤ −1) or `enemy` (M ≤ −4);
//! its confidence is E / (E + 3): three recent events give one half. A turn
//! is a period where the state moves between the cooperative side (ally,
//! friendly) and the conflictual side (hostile, enemy), with confidence at
//! least 0.4 (two decayed events' worth) on both sides; the events of the
//! period that pushed the tone the new way most are its drivers.

use entente_ontology::{Period, QuadClass};

/// One event between two actors, as analysis needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    /// Acting side (a node or actor code, depending on the level).
    pub source: String,
    /// Receiving side.
    pub target: String,
    /// First day (days since 1970-01-01).
    pub day: i32,
    /// Goldstein score.
    pub goldstein: f64,
    /// Quad class.
    pub quad: QuadClass,
    /// Store row id, to show the event behind a figure.
    pub event: i64,
}

/// One period of a dyad's history.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRow {
    /// Period label (`2016-05`).
    pub label: String,
    /// First day.
    pub start: i32,
    /// Events per quad class 1–4.
    pub counts: [u64; 4],
    /// Goldstein sum.
    pub goldstein_sum: f64,
    /// Store ids of the events.
    pub events: Vec<i64>,
}

impl PeriodRow {
    /// Events in all.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Mean Goldstein score, if any events.
    pub fn goldstein_mean(&self) -> Option<f64> {
        let n = self.total();
        (n > 0).then(|| self.goldstein_sum / n as f64)
    }

    /// Share of cooperative events (quad classes 1 and 2).
    pub fn cooperation_share(&self) -> Option<f64> {
        let n = self.total();
        (n > 0).then(|| (self.counts[0] + self.counts[1]) as f64 / n as f64)
    }
}

/// Buckets a dyad's events by period, from the first to the last event's
/// period (empty periods included, so that a plot's x axis is time).
pub fn timeline(events: &[Interaction], period: Period) -> Vec<PeriodRow> {
    let (Some(first), Some(last)) = (
        events.iter().map(|e| e.day).min(),
        events.iter().map(|e| e.day).max(),
    ) else {
        return Vec::new();
    };
    let mut rows: Vec<PeriodRow> = period
        .buckets(period.bucket_of_day(first).start, last)
        .into_iter()
        .map(|b| PeriodRow {
            label: b.label,
            start: b.start,
            counts: [0; 4],
            goldstein_sum: 0.0,
            events: Vec::new(),
        })
        .collect();
    for e in events {
        let start = period.bucket_of_day(e.day).start;
        if let Ok(i) = rows.binary_search_by_key(&start, |r| r.start) {
            let r = &mut rows[i];
            r.counts[e.quad.number() as usize - 1] += 1;
            r.goldstein_sum += e.goldstein;
            r.events.push(e.event);
        }
    }
    rows
}

/// A relationship's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Tone ≤ −4.
    Enemy,
    /// −4 < tone ≤ −1.
    Hostile,
    /// −1 < tone < 1.
    Neutral,
    /// 1 ≤ tone < 4.
    Friendly,
    /// Tone ≥ 4.
    Ally,
}

impl State {
    /// The state of a tone.
    pub fn of_tone(m: f64) -> State {
        if m >= 4.0 {
            State::Ally
        } else if m >= 1.0 {
            State::Friendly
        } else if m > -1.0 {
            State::Neutral
        } else if m > -4.0 {
            State::Hostile
        } else {
            State::Enemy
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            State::Enemy => "enemy",
            State::Hostile => "hostile",
            State::Neutral => "neutral",
            State::Friendly => "friendly",
            State::Ally => "ally",
        }
    }

    /// −1 for hostile and enemy, +1 for friendly and ally, 0 for neutral.
    pub fn side(self) -> i8 {
        match self {
            State::Enemy | State::Hostile => -1,
            State::Neutral => 0,
            State::Friendly | State::Ally => 1,
        }
    }
}

/// Decayed evidence about a relationship at a date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tone {
    /// Decayed Goldstein sum.
    pub weight: f64,
    /// Decayed event count.
    pub evidence: f64,
}

impl Tone {
    /// Mean tone W / E, or 0 without evidence.
    pub fn mean(&self) -> f64 {
        if self.evidence > 0.0 {
            self.weight / self.evidence
        } else {
            0.0
        }
    }

    /// Confidence E / (E + 3).
    pub fn confidence(&self) -> f64 {
        self.evidence / (self.evidence + 3.0)
    }

    /// The state.
    pub fn state(&self) -> State {
        State::of_tone(self.mean())
    }
}

/// The decay factor of an event `age` days old.
pub fn decay(age: i32, half_life: f64) -> f64 {
    if age < 0 {
        0.0
    } else {
        (-(age as f64) * std::f64::consts::LN_2 / half_life.max(1e-9)).exp()
    }
}

/// Tone at `day` from events on or before it.
pub fn tone_at(events: &[Interaction], day: i32, half_life: f64) -> Tone {
    let mut t = Tone {
        weight: 0.0,
        evidence: 0.0,
    };
    for e in events.iter().filter(|e| e.day <= day) {
        let w = decay(day - e.day, half_life);
        t.weight += w * e.goldstein;
        t.evidence += w;
    }
    t
}

/// The state at the end of each period.
#[derive(Clone, Debug, PartialEq)]
pub struct StateRow {
    /// Period label.
    pub label: String,
    /// Last day of the period.
    pub end: i32,
    /// Tone at the end.
    pub tone: Tone,
    /// State at the end.
    pub state: State,
}

/// A turn in a relationship.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// Period in which it turned.
    pub label: String,
    /// State before.
    pub from: State,
    /// State after.
    pub to: State,
    /// The events of the period that pushed the tone the new way most
    /// (store ids, strongest first, at most five).
    pub drivers: Vec<i64>,
}

/// Confidence a state needs on both sides of a turn: 0.4, two decayed
/// events' worth of evidence.
pub const TURN_CONFIDENCE: f64 = 0.4;

/// State per period (from the first event's period to `until`, or the
/// last event's) and the turns between cooperation and conflict.
pub fn states(
    events: &[Interaction],
    period: Period,
    half_life: f64,
    until: Option<i32>,
) -> (Vec<StateRow>, Vec<Turn>) {
    let (Some(first), Some(last)) = (
        events.iter().map(|e| e.day).min(),
        events.iter().map(|e| e.day).max(),
    ) else {
        return (Vec::new(), Vec::new());
    };
    let end = until.unwrap_or(last).max(first);
    let mut rows = Vec::new();
    for b in period.buckets(period.bucket_of_day(first).start, end) {
        let tone = tone_at(events, b.end, half_life);
        rows.push(StateRow {
            label: b.label,
            end: b.end,
            tone,
            state: tone.state(),
        });
    }
    let mut turns = Vec::new();
    // The last confident side, and where it was.
    let mut last_side: Option<(i8, State)> = None;
    for (i, r) in rows.iter().enumerate() {
        if r.tone.confidence() < TURN_CONFIDENCE || r.state.side() == 0 {
            continue;
        }
        if let Some((side, from)) = last_side
            && side != r.state.side()
        {
            let start = if i == 0 {
                i32::MIN
            } else {
                rows[i - 1].end + 1
            };
            let mut drivers: Vec<(f64, i64)> = events
                .iter()
                .filter(|e| {
                    e.day >= start && e.day <= r.end && (e.goldstein > 0.0) == (r.state.side() > 0)
                })
                .map(|e| (e.goldstein.abs() * decay(r.end - e.day, half_life), e.event))
                .collect();
            drivers.sort_by(|a, b| b.0.total_cmp(&a.0));
            turns.push(Turn {
                label: r.label.clone(),
                from,
                to: r.state,
                drivers: drivers.into_iter().take(5).map(|d| d.1).collect(),
            });
        }
        last_side = Some((r.state.side(), r.state));
    }
    (rows, turns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_ontology::FuzzyDate;

    fn ev(day: &str, g: f64, id: i64) -> Interaction {
        let cameo_quad = if g >= 0.0 {
            QuadClass::VerbalCooperation
        } else {
            QuadClass::MaterialConflict
        };
        Interaction {
            source: "IRN".into(),
            target: "AFGREBTAL".into(),
            day: FuzzyDate::parse(day).unwrap().first_day(),
            goldstein: g,
            quad: cameo_quad,
            event: id,
        }
    }

    #[test]
    fn timeline_buckets_and_figures() {
        let events = [
            ev("2018-01-05", -10.0, 1),
            ev("2018-01-20", 2.0, 2),
            ev("2018-03-02", 4.0, 3),
        ];
        let rows = timeline(&events, Period::Month);
        assert_eq!(
            rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
            ["2018-01", "2018-02", "2018-03"]
        );
        assert_eq!(rows[0].total(), 2);
        assert_eq!(rows[0].goldstein_mean(), Some(-4.0));
        assert_eq!(rows[0].cooperation_share(), Some(0.5));
        assert_eq!(rows[1].total(), 0);
        assert_eq!(rows[2].events, [3]);
    }

    #[test]
    fn decay_halves_per_half_life() {
        assert!((decay(90, 90.0) - 0.5).abs() < 1e-12);
        assert_eq!(decay(-1, 90.0), 0.0);
        let t = tone_at(
            &[ev("2018-01-01", -8.0, 1), ev("2018-04-01", 4.0, 2)],
            FuzzyDate::parse("2018-04-01").unwrap().first_day(),
            90.0,
        );
        // −8 at half weight, +4 at full: W = 0, E = 1.5.
        assert!(t.weight.abs() < 0.1, "{t:?}");
    }

    #[test]
    fn a_constructed_turn_is_found_with_its_drivers() {
        // Two years of hostility, then a string of meetings and agreements.
        let mut events = Vec::new();
        let mut id = 0;
        for m in 1..=12 {
            for y in [2016, 2017] {
                id += 1;
                events.push(ev(&format!("{y}-{m:02}-10"), -7.0, id));
            }
        }
        for (k, d) in [
            "2018-06-01",
            "2018-06-10",
            "2018-06-20",
            "2018-07-01",
            "2018-07-15",
            "2018-08-01",
            "2018-08-20",
            "2018-09-01",
        ]
        .iter()
        .enumerate()
        {
            events.push(ev(d, 5.0, 1000 + k as i64));
        }
        let (rows, turns) = states(&events, Period::Month, 60.0, None);
        assert_eq!(rows.first().unwrap().state, State::Enemy);
        assert!(
            matches!(rows.last().unwrap().state, State::Ally | State::Friendly),
            "{:?}",
            rows.last()
        );
        assert_eq!(turns.len(), 1, "{turns:?}");
        assert!(turns[0].label.starts_with("2018-0"), "{turns:?}");
        assert!(turns[0].from.side() < 0 && turns[0].to.side() > 0);
        assert!(turns[0].drivers.iter().all(|d| *d >= 1000), "{turns:?}");
    }

    #[test]
    fn sparse_evidence_is_not_a_turn() {
        let events = [
            ev("2016-01-01", -9.0, 1),
            ev("2016-01-02", -9.0, 2),
            ev("2016-01-03", -9.0, 3),
            ev("2016-01-04", -9.0, 4),
            ev("2019-01-01", 8.0, 5),
        ];
        let (_, turns) = states(&events, Period::Month, 30.0, None);
        assert!(
            turns.is_empty(),
            "one friendly event long after is too little evidence: {turns:?}"
        );
    }
}
