//! Which actors are nodes of their own: the dyad key every event stores for each side.
//!
//! A state's organs (government, military, police, ministers) are the state: their key is their
//! country, so AZEGOV and AZEMIL are both AZE. Non-state actors are not the state they sit in:
//! armed groups, parties and the opposition, NGOs, IGOs and companies keep their own actor code as
//! their key, so Hamas (PSEREBHMS) is not Palestine (PSE) and Azerbaijan condemning Hamas is no
//! conflict with Palestine. Analytics can still fold them into their country on request
//! (`ActorKey::State`). Actors without a country (IGOs, transnational groups) are keyed by code.

/// CAMEO sector codes (the three letters after the country) of non-state actors.
pub const NON_STATE_SECTORS: [&str; 12] = [
    "REB", "SEP", "UAF", "INS", "RAD", "CRM", "PTY", "OPP", "NGO", "NGM", "BUS", "MNC",
];

/// The dyad key of an actor with this `code` and `country` (either may be empty): its country
/// for a state actor, its code for a non-state actor or one without a country.
pub fn dyad_key<'a>(code: &'a str, country: &'a str) -> &'a str {
    if country.is_empty() || is_non_state(code) {
        code
    } else {
        country
    }
}

/// Whether an actor code names a non-state actor by its sector.
pub fn is_non_state(code: &str) -> bool {
    code.get(3..6)
        .is_some_and(|sector| NON_STATE_SECTORS.contains(&sector))
}

/// The SQL form of [`dyad_key`] over the columns named `code` and `country`.
pub fn dyad_key_expr(code: &str, country: &str) -> String {
    let sectors = NON_STATE_SECTORS.map(|s| format!("'{s}'")).join(", ");
    format!("CASE WHEN substr({code}, 4, 3) IN ({sectors}) THEN {code} ELSE coalesce({country}, {code}) END")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_inside_a_state_are_nodes_of_their_own() {
        assert_eq!(dyad_key("PSEREBHMS", "PSE"), "PSEREBHMS");
        assert_eq!(dyad_key("AZEBUS", "AZE"), "AZEBUS");
        assert_eq!(dyad_key("AZEGOV", "AZE"), "AZE");
        assert_eq!(dyad_key("ISRMIL", "ISR"), "ISR");
        assert_eq!(dyad_key("PSE", "PSE"), "PSE");
        assert_eq!(dyad_key("IGOUNO", ""), "IGOUNO");
        assert_eq!(dyad_key("", "USA"), "USA");
    }
}
