//! Event columns: the analysis view of the events table, kept as compact
//! fixed-width rows in blobs (`event_columns`), one blob per run of
//! consecutive event ids written by a batch.
//!
//! Analysis (timelines, networks, balance) reads every event of a period,
//! often tens of millions. Stepping SQLite through that many table rows
//! takes seconds; copying the blobs and scanning 32-byte rows in Rust takes
//! a fraction of one. The events table stays the record (provenance,
//! names, SQL access); the columns repeat only what analysis needs and are
//! written in the same transaction, so the two never disagree.

use std::collections::HashSet;

/// One event as analysis sees it. Actor fields are store actor ids; 0
/// means no actor.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EventRow {
    /// Row id in `events`.
    pub id: i64,
    /// Source actor id.
    pub src: u32,
    /// Target actor id.
    pub tgt: u32,
    /// Source node id (country level).
    pub src_node: u32,
    /// Target node id.
    pub tgt_node: u32,
    /// First day of the date (days since 1970-01-01).
    pub day: i32,
    /// Last day of the date.
    pub day_end: i32,
    /// Goldstein score.
    pub goldstein: f32,
    /// Quad class 1–4.
    pub quad: u8,
    /// CAMEO root 1–20, or 0 for PLOVER-only events.
    pub root: u8,
    /// Date precision: 0 day, 1 month, 2 year.
    pub prec: u8,
    /// Bit 0 negated; bits 1–2 modality; bits 3–4 date source.
    pub flags: u8,
}

/// Bytes per row in a blob: src, tgt, src_node, tgt_node, day (4 bytes
/// each), days covered beyond the first (2), Goldstein (f32, 4), quad and
/// precision (1), root (1), flags (1), padding (3).
pub(crate) const ROW_BYTES: usize = 32;

impl EventRow {
    /// Whether the text negates the event.
    pub fn negated(&self) -> bool {
        self.flags & 1 != 0
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.src.to_le_bytes());
        out.extend_from_slice(&self.tgt.to_le_bytes());
        out.extend_from_slice(&self.src_node.to_le_bytes());
        out.extend_from_slice(&self.tgt_node.to_le_bytes());
        out.extend_from_slice(&self.day.to_le_bytes());
        out.extend_from_slice(
            &((self.day_end - self.day).clamp(0, u16::MAX as i32) as u16).to_le_bytes(),
        );
        out.extend_from_slice(&self.goldstein.to_le_bytes());
        out.push(self.quad | (self.prec << 4));
        out.push(self.root);
        out.push(self.flags);
        out.extend_from_slice(&[0, 0, 0]);
    }

    pub(crate) fn decode(id: i64, b: &[u8]) -> EventRow {
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let day = u32_at(16) as i32;
        EventRow {
            id,
            src: u32_at(0),
            tgt: u32_at(4),
            src_node: u32_at(8),
            tgt_node: u32_at(12),
            day,
            day_end: day + u16::from_le_bytes([b[20], b[21]]) as i32,
            goldstein: f32::from_bits(u32_at(22)),
            quad: b[26] & 0x0f,
            prec: b[26] >> 4,
            root: b[27],
            flags: b[28],
        }
    }
}

/// A filter on rows, resolved to ids: actor sets are store actor ids.
#[derive(Clone, Debug, Default)]
pub struct RowFilter {
    /// Source must be one of these (None: any).
    pub src: Option<HashSet<u32>>,
    /// Target must be one of these.
    pub tgt: Option<HashSet<u32>>,
    /// Either side must be one of these.
    pub either: Option<HashSet<u32>>,
    /// First day on or after.
    pub from_day: Option<i32>,
    /// Last day on or before.
    pub to_day: Option<i32>,
    /// CAMEO root.
    pub root: Option<u8>,
    /// Quad class.
    pub quad: Option<u8>,
    /// Keep negated events.
    pub include_negated: bool,
}

impl RowFilter {
    /// Whether a row passes.
    pub fn matches(&self, r: &EventRow) -> bool {
        if !self.include_negated && r.negated() {
            return false;
        }
        if self.from_day.is_some_and(|d| r.day < d) || self.to_day.is_some_and(|d| r.day_end > d) {
            return false;
        }
        if self.root.is_some_and(|x| r.root != x) || self.quad.is_some_and(|q| r.quad != q) {
            return false;
        }
        if let Some(s) = &self.src
            && !s.contains(&r.src)
        {
            return false;
        }
        if let Some(t) = &self.tgt
            && !t.contains(&r.tgt)
        {
            return false;
        }
        if let Some(e) = &self.either
            && !e.contains(&r.src)
            && !e.contains(&r.tgt)
        {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let r = EventRow {
            id: 77,
            src: 1,
            tgt: 70_000,
            src_node: 3,
            tgt_node: 4,
            day: -5,
            day_end: 360,
            goldstein: -9.5,
            quad: 4,
            root: 19,
            prec: 2,
            flags: 0b11011,
        };
        let mut buf = Vec::new();
        r.encode(&mut buf);
        assert_eq!(buf.len(), ROW_BYTES);
        assert_eq!(EventRow::decode(77, &buf), r);
    }
}
