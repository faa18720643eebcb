//! No silent emptiness: an actor code or name that matches nothing in the store is an error that
//! names the closest stored actor ("no actor AZR; did you mean AZE (Azerbaijan)?"), not an empty
//! result.

use crate::nodes::{dyad_key, dyad_key_expr};
use crate::{QueryError, Reader, SqlBuilder};
use std::collections::BTreeMap;

/// Checks that `pattern` names an actor the store holds, as `--actor`, `--dyad` and the analytics
/// commands match one (its dyad key or its actor code starts with it, whatever the case);
/// otherwise fails with the closest stored actor by name or by spelling.
pub(crate) fn check_actor<R: Reader + ?Sized>(reader: &R, pattern: &str) -> Result<(), R::Error> {
    let wanted = pattern.trim().to_uppercase();
    // The usual case, a known actor, is one small query; the whole list is read only to name the
    // closest actor to an unknown one (the server checks on every request).
    if !wanted.is_empty() {
        let mut sql = SqlBuilder::default();
        sql.push(&format!(
            "SELECT EXISTS (SELECT 1 FROM actor_store WHERE starts_with(coalesce(code, ''), ?)
               OR starts_with({}, ?))",
            dyad_key_expr("coalesce(code, '')", "nullif(country, '')")
        ))
        .bind_str(&wanted)
        .bind_str(&wanted);
        if reader.read(&sql, |row| row.boolean(0))? == [true] {
            return Ok(());
        }
    }
    let mut sql = SqlBuilder::default();
    sql.push(
        "SELECT coalesce(code, ''), coalesce(country, ''), coalesce(name, '') FROM actor_store",
    );
    let actors = reader.read(&sql, |row| Ok((row.text(0)?, row.text(1)?, row.text(2)?)))?;
    // Each key once, named after the actor whose code is the key itself when there is one
    // (AZE: "Azerbaijan", not its president).
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for (code, country, name) in &actors {
        let key = dyad_key(code, country);
        if !key.is_empty() && (code == key || !names.contains_key(key)) {
            names.insert(key, name);
        }
    }
    let lower = pattern.trim().to_lowercase();
    let by_name = actors
        .iter()
        .filter(|(_, _, name)| !lower.is_empty() && name.to_lowercase().starts_with(&lower))
        .map(|(code, country, _)| dyad_key(code, country))
        .min();
    // "TRK": its letters in order in a name that starts with the first of them ("Türkiye").
    let by_skeleton = || {
        names
            .iter()
            .filter(|(_, name)| is_skeleton_of(&lower, &name.to_lowercase()))
            .min_by_key(|(key, name)| (name.chars().count(), **key))
            .map(|(key, _)| *key)
    };
    let by_spelling = || {
        names
            .keys()
            .map(|key| (edit_distance(&wanted, key), *key))
            .filter(|&(distance, key)| distance <= 1 + key.len() / 4 && distance < key.len())
            .min()
            .map(|(_, key)| key)
    };
    let hint = by_name
        .or_else(by_skeleton)
        .or_else(by_spelling)
        .map(|key| match names.get(key) {
            Some(name) if !name.is_empty() => format!("; did you mean {key} ({name})?"),
            _ => format!("; did you mean {key}?"),
        })
        .unwrap_or_default();
    Err(QueryError::Invalid(format!("no actor {}{hint}", pattern.trim())).into())
}

/// Whether `short`'s letters occur in order in `name`, the first one first ("trk" in "türkiye").
fn is_skeleton_of(short: &str, name: &str) -> bool {
    let mut letters = short.chars();
    let Some(first) = letters.next() else {
        return false;
    };
    let mut rest = name.chars();
    if rest.next() != Some(first) {
        return false;
    }
    letters.all(|letter| rest.any(|c| c == letter))
}

/// Levenshtein distance between two short codes.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abbreviation_is_read_in_the_name() {
        assert!(is_skeleton_of("trk", "türkiye"));
        assert!(is_skeleton_of("azr", "azerbaijan"));
        assert!(!is_skeleton_of("rtk", "türkiye"));
        assert!(!is_skeleton_of("", "türkiye"));
    }

    #[test]
    fn edit_distance_counts_single_changes() {
        assert_eq!(edit_distance("AZR", "AZE"), 1);
        assert_eq!(edit_distance("TRK", "TUR"), 2);
        assert_eq!(edit_distance("AZE", "AZE"), 0);
        assert_eq!(edit_distance("", "ISR"), 3);
    }
}
