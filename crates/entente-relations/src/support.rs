//! Why a tie holds, and what happens to it when the web changes.
//!
//! Every triangle through a tie says something about it. Under strong
//! balance a triangle is balanced when the product of its three signs is
//! positive: two friends with a shared enemy, two friends with a shared
//! friend, two enemies one of whom is friends with the third. A balanced
//! triangle *supports* the tie (the tie is what the rest of the triangle
//! predicts); an unbalanced one *strains* it (the rest of the triangle
//! pulls the other way). [`tie_support`] names the third actor of every
//! triangle and the part it plays.
//!
//! [`what_if`] applies changes (remove an actor, flip a tie, set a tie) and
//! compares: which ties lose support, ranked by the share of their support
//! that is gone; which ties end up mostly in unbalanced triangles; how the
//! frustration index and the two blocs move.

use std::collections::HashMap;

use crate::balance::{
    Frustration, FrustrationOptions, frustration_exact, frustration_heuristic, triangles_through,
};
use crate::signed::{Sign, SignedGraph, UndirectedView};

/// The part a third actor plays for a tie between `a` and `b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Friends with both.
    SharedFriend,
    /// Enemy of both.
    SharedEnemy,
    /// Friends with `a`, enemy of `b`.
    FriendOfFirst,
    /// Friends with `b`, enemy of `a`.
    FriendOfSecond,
}

impl Role {
    fn of(to_a: Sign, to_b: Sign) -> Role {
        match (to_a, to_b) {
            (Sign::Positive, Sign::Positive) => Role::SharedFriend,
            (Sign::Negative, Sign::Negative) => Role::SharedEnemy,
            (Sign::Positive, Sign::Negative) => Role::FriendOfFirst,
            (Sign::Negative, Sign::Positive) => Role::FriendOfSecond,
        }
    }

    /// Words for the role, naming the tie's two sides.
    pub fn phrase(self, third: &str, a: &str, b: &str) -> String {
        match self {
            Role::SharedFriend => format!("shared friend {third}"),
            Role::SharedEnemy => format!("shared enemy {third}"),
            Role::FriendOfFirst => format!("{third} (friend of {a}, enemy of {b})"),
            Role::FriendOfSecond => format!("{third} (friend of {b}, enemy of {a})"),
        }
    }

    /// A short key for machine-readable output.
    pub fn key(self) -> &'static str {
        match self {
            Role::SharedFriend => "shared_friend",
            Role::SharedEnemy => "shared_enemy",
            Role::FriendOfFirst => "friend_of_a",
            Role::FriendOfSecond => "friend_of_b",
        }
    }
}

/// A triangle through a tie, seen from the tie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Third {
    /// The third node.
    pub node: usize,
    /// Its part.
    pub role: Role,
    /// Whether the triangle is balanced (strong balance): it supports the tie.
    pub balanced: bool,
}

/// The triangles through one tie.
#[derive(Clone, Debug, PartialEq)]
pub struct TieSupport {
    /// One side (`a < b`).
    pub a: usize,
    /// The other side.
    pub b: usize,
    /// The tie's sign.
    pub sign: Sign,
    /// Every triangle through the tie, by third node.
    pub thirds: Vec<Third>,
}

impl TieSupport {
    /// Balanced triangles through the tie.
    pub fn support(&self) -> usize {
        self.thirds.iter().filter(|t| t.balanced).count()
    }

    /// Unbalanced triangles through the tie.
    pub fn strain(&self) -> usize {
        self.thirds.len() - self.support()
    }

    /// Whether most of its triangles strain it.
    pub fn mostly_strained(&self) -> bool {
        self.strain() > self.support()
    }
}

/// The support of every tie of the view, in the view's tie order.
pub fn tie_support(view: &UndirectedView) -> Vec<TieSupport> {
    view.ties
        .iter()
        .map(|tie| TieSupport {
            a: tie.a,
            b: tie.b,
            sign: tie.sign,
            thirds: triangles_through(view, tie.a, tie.b)
                .into_iter()
                .map(|t| Third {
                    node: t.node,
                    role: Role::of(t.sign_to_i, t.sign_to_j),
                    balanced: t.is_balanced_with(tie.sign),
                })
                .collect(),
        })
        .collect()
}

/// A change to try.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Take an actor and all its ties out.
    Remove(String),
    /// Reverse the sign of an existing tie.
    Flip(String, String),
    /// Give a pair a tie of this sign (adding it if absent).
    Set(String, String, Sign),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Remove(x) => write!(f, "remove {x}"),
            Change::Flip(a, b) => write!(f, "flip {a}–{b}"),
            Change::Set(a, b, s) => write!(f, "set {a}–{b} {s}"),
        }
    }
}

/// Why a change cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// The actor is not a node of the network.
    #[error("{change}: {actor} is not in the network")]
    UnknownActor { change: String, actor: String },
    /// A flip names a pair without a tie.
    #[error("{change}: there is no tie between {a} and {b} to flip")]
    NoTie {
        change: String,
        a: String,
        b: String,
    },
    /// A change names the same actor twice.
    #[error("{change}: a tie needs two different actors")]
    SelfTie { change: String },
    /// The graph is directed.
    #[error("what-if works on undirected networks")]
    Directed,
}

/// The network after the changes, with the same node numbering (a removed
/// actor stays as a node without ties, so that results line up).
pub fn apply(graph: &SignedGraph, changes: &[Change]) -> Result<SignedGraph, ChangeError> {
    if graph.is_directed() {
        return Err(ChangeError::Directed);
    }
    let node = |change: &Change, name: &str| {
        graph.node(name).ok_or_else(|| ChangeError::UnknownActor {
            change: change.to_string(),
            actor: name.to_string(),
        })
    };
    let mut signs: HashMap<(usize, usize), (Sign, f64)> = graph
        .edges()
        .iter()
        .map(|e| {
            (
                (e.source.min(e.target), e.source.max(e.target)),
                (e.sign, e.weight),
            )
        })
        .collect();
    // The pair a flip or set names, checked.
    let pair = |change: &Change, x: &str, y: &str| {
        let (a, b) = (node(change, x)?, node(change, y)?);
        if a == b {
            return Err(ChangeError::SelfTie {
                change: change.to_string(),
            });
        }
        Ok((a.min(b), a.max(b)))
    };
    for change in changes {
        match change {
            Change::Remove(x) => {
                let v = node(change, x)?;
                signs.retain(|&(a, b), _| a != v && b != v);
            }
            Change::Flip(x, y) => {
                let tie = signs.get_mut(&pair(change, x, y)?);
                let tie = tie.ok_or_else(|| ChangeError::NoTie {
                    change: change.to_string(),
                    a: x.clone(),
                    b: y.clone(),
                })?;
                tie.0 = tie.0.flipped();
            }
            Change::Set(x, y, sign) => {
                let key = pair(change, x, y)?;
                let weight = signs.get(&key).map_or(1.0, |s| s.1);
                signs.insert(key, (*sign, weight));
            }
        }
    }
    let mut out = SignedGraph::new(false);
    for name in graph.names() {
        out.add_node(name);
    }
    let mut pairs: Vec<_> = signs.into_iter().collect();
    pairs.sort_by_key(|p| p.0);
    for ((a, b), (sign, weight)) in pairs {
        // Existing nodes, distinct pairs of distinct nodes, weights taken
        // from a valid graph or 1: adding cannot fail.
        let _ = out.add_weighted_edge(a, b, sign, weight);
    }
    Ok(out)
}

/// How one tie's support changed.
#[derive(Clone, Debug, PartialEq)]
pub struct SupportChange {
    /// One side (`a < b`).
    pub a: usize,
    /// The other side.
    pub b: usize,
    /// Sign before.
    pub sign_before: Sign,
    /// Sign after.
    pub sign_after: Sign,
    /// Balanced triangles before and after.
    pub support_before: usize,
    pub support_after: usize,
    /// Unbalanced triangles before and after.
    pub strain_before: usize,
    pub strain_after: usize,
    /// Third actors whose support is gone, with their former role.
    pub lost: Vec<(usize, Role)>,
    /// Third actors newly straining the tie.
    pub new_strain: Vec<(usize, Role)>,
}

impl SupportChange {
    /// Share of the former support that is gone (0 to 1).
    pub fn share_lost(&self) -> f64 {
        if self.support_before == 0 {
            0.0
        } else {
            self.support_before.saturating_sub(self.support_after) as f64
                / self.support_before as f64
        }
    }
}

/// The outcome of a what-if.
#[derive(Clone, Debug)]
pub struct WhatIf {
    /// The network after the changes.
    pub after: SignedGraph,
    /// Ties (present before and after) whose balanced support shrank,
    /// the largest share lost first.
    pub ties_losing_support: Vec<SupportChange>,
    /// Ties that were not mostly in unbalanced triangles before and are now.
    pub ties_strained: Vec<SupportChange>,
    pub frustration_before: Frustration,
    pub frustration_after: Frustration,
    /// Nodes (with ties after the change) whose bloc changed, after lining
    /// the two splits up so that as few nodes as possible move.
    pub moved: Vec<usize>,
}

/// Applies the changes and compares support, strain, frustration and blocs.
pub fn what_if(
    graph: &SignedGraph,
    changes: &[Change],
    exact: bool,
    options: &FrustrationOptions,
) -> Result<WhatIf, ChangeError> {
    let after = apply(graph, changes)?;
    let (view_before, view_after) = (graph.undirected_view(), after.undirected_view());
    let before_support = tie_support(&view_before);
    let after_support: HashMap<(usize, usize), TieSupport> = tie_support(&view_after)
        .into_iter()
        .map(|t| ((t.a, t.b), t))
        .collect();
    let mut losing = Vec::new();
    let mut strained = Vec::new();
    for before in &before_support {
        let Some(now) = after_support.get(&(before.a, before.b)) else {
            continue;
        };
        let role_after: HashMap<usize, &Third> = now.thirds.iter().map(|t| (t.node, t)).collect();
        let lost: Vec<(usize, Role)> = before
            .thirds
            .iter()
            .filter(|t| t.balanced && !role_after.get(&t.node).is_some_and(|n| n.balanced))
            .map(|t| (t.node, t.role))
            .collect();
        let strained_before: Vec<usize> = before
            .thirds
            .iter()
            .filter(|t| !t.balanced)
            .map(|t| t.node)
            .collect();
        let new_strain: Vec<(usize, Role)> = now
            .thirds
            .iter()
            .filter(|t| !t.balanced && !strained_before.contains(&t.node))
            .map(|t| (t.node, t.role))
            .collect();
        let change = SupportChange {
            a: before.a,
            b: before.b,
            sign_before: before.sign,
            sign_after: now.sign,
            support_before: before.support(),
            support_after: now.support(),
            strain_before: before.strain(),
            strain_after: now.strain(),
            lost,
            new_strain,
        };
        if change.support_after < change.support_before {
            losing.push(change.clone());
        }
        if now.mostly_strained() && !(before.mostly_strained() && before.sign == now.sign) {
            strained.push(change);
        }
    }
    losing.sort_by(|x, y| {
        y.share_lost()
            .total_cmp(&x.share_lost())
            .then((y.support_before - y.support_after).cmp(&(x.support_before - x.support_after)))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    strained.sort_by(|x, y| {
        (y.strain_after as i64 - y.support_after as i64)
            .cmp(&(x.strain_after as i64 - x.support_after as i64))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let solve = |view: &UndirectedView| {
        if exact {
            frustration_exact(view, options)
        } else {
            frustration_heuristic(view, options)
        }
    };
    let frustration_before = solve(&view_before);
    let frustration_after = solve(&view_after);
    let moved = moved_nodes(
        &frustration_before.partition,
        &frustration_after.partition,
        &view_after,
    );
    Ok(WhatIf {
        after,
        ties_losing_support: losing,
        ties_strained: strained,
        frustration_before,
        frustration_after,
        moved,
    })
}

/// Nodes with ties whose side differs, with the second split flipped if
/// that makes fewer differ (a split's two sides have no names).
fn moved_nodes(before: &[bool], after: &[bool], view: &UndirectedView) -> Vec<usize> {
    let live: Vec<usize> = (0..view.node_count.min(before.len()).min(after.len()))
        .filter(|&v| view.degree(v) > 0)
        .collect();
    let differ: Vec<usize> = live
        .iter()
        .copied()
        .filter(|&v| before[v] != after[v])
        .collect();
    if differ.len() * 2 > live.len() {
        live.into_iter()
            .filter(|&v| before[v] == after[v])
            .collect()
    } else {
        differ
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str, i8)]) -> SignedGraph {
        let mut g = SignedGraph::new(false);
        for &(a, b, s) in edges {
            let sign = if s > 0 {
                Sign::Positive
            } else {
                Sign::Negative
            };
            g.add_named_edge(a, b, sign, 1.0).unwrap();
        }
        g
    }

    #[test]
    fn a_friendship_against_a_shared_enemy_is_supported_by_it() {
        let g = graph(&[("IRN", "TAL", 1), ("IRN", "USA", -1), ("TAL", "USA", -1)]);
        let view = g.undirected_view();
        let support = tie_support(&view);
        let irn_tal = support
            .iter()
            .find(|t| g.name(t.a) == "IRN" && g.name(t.b) == "TAL")
            .unwrap();
        assert_eq!(irn_tal.support(), 1);
        assert_eq!(irn_tal.strain(), 0);
        assert_eq!(irn_tal.thirds[0].role, Role::SharedEnemy);
        assert_eq!(
            irn_tal.thirds[0].role.phrase("USA", "IRN", "TAL"),
            "shared enemy USA"
        );
    }

    #[test]
    fn removing_the_shared_enemy_takes_the_support_away() {
        // IRN and TAL are friends only against USA; IRN and RUS are
        // friends against USA and also share a friend, SYR.
        let g = graph(&[
            ("IRN", "TAL", 1),
            ("IRN", "USA", -1),
            ("TAL", "USA", -1),
            ("IRN", "RUS", 1),
            ("RUS", "USA", -1),
            ("IRN", "SYR", 1),
            ("RUS", "SYR", 1),
        ]);
        let w = what_if(
            &g,
            &[Change::Remove("USA".into())],
            true,
            &FrustrationOptions::default(),
        )
        .unwrap();
        let names: Vec<(String, String, f64)> = w
            .ties_losing_support
            .iter()
            .map(|c| {
                (
                    w.after.name(c.a).to_string(),
                    w.after.name(c.b).to_string(),
                    c.share_lost(),
                )
            })
            .collect();
        // IRN–TAL lost all its support, IRN–RUS half: ranked in that order.
        assert_eq!(names[0], ("IRN".into(), "TAL".into(), 1.0));
        assert_eq!(names[1], ("IRN".into(), "RUS".into(), 0.5));
        assert_eq!(
            w.ties_losing_support[0].lost,
            vec![(g.node("USA").unwrap(), Role::SharedEnemy)]
        );
        assert_eq!(w.frustration_before.index, 0.0);
        assert_eq!(w.frustration_after.index, 0.0);
    }

    #[test]
    fn flipping_a_tie_strains_its_neighbours() {
        let g = graph(&[("A", "B", 1), ("B", "C", 1), ("A", "C", 1)]);
        let w = what_if(
            &g,
            &[Change::Flip("A".into(), "B".into())],
            true,
            &FrustrationOptions::default(),
        )
        .unwrap();
        assert_eq!(w.frustration_before.index, 0.0);
        assert_eq!(w.frustration_after.index, 1.0);
        // Every tie now sits only in the one unbalanced triangle.
        assert_eq!(w.ties_strained.len(), 3);
        assert_eq!(w.ties_losing_support.len(), 3);
    }

    #[test]
    fn bad_changes_name_the_actor_or_pair() {
        let g = graph(&[("A", "B", 1), ("B", "C", -1)]);
        let err = apply(&g, &[Change::Remove("ZZZ".into())]).unwrap_err();
        assert_eq!(err.to_string(), "remove ZZZ: ZZZ is not in the network");
        let err = apply(&g, &[Change::Flip("A".into(), "C".into())]).unwrap_err();
        assert!(err.to_string().contains("no tie between A and C"));
        let err = apply(&g, &[Change::Set("A".into(), "A".into(), Sign::Negative)]).unwrap_err();
        assert!(err.to_string().contains("two different actors"));
        let set = apply(&g, &[Change::Set("A".into(), "C".into(), Sign::Negative)]).unwrap();
        assert_eq!(set.edge_count(), 3);
    }
}
