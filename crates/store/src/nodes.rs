//! The dyad key every event stores for each side (see `entente_queries::dyad_key`), in the form
//! migrations need: a literal they can be concatenated with.

/// `entente_queries::dyad_key_expr` over columns `code` and `country` (of `actor_store`), for
/// migrations.
pub(crate) use entente_queries::{dyad_key, dyad_key_expr};

macro_rules! dyad_key_sql {
    () => {
        "CASE WHEN substr(code, 4, 3) IN ('REB', 'SEP', 'UAF', 'INS', 'RAD', 'CRM', 'PTY', 'OPP', 'NGO',
                                         'NGM', 'BUS', 'MNC')
              THEN code ELSE coalesce(country, code) END"
    };
}
pub(crate) use dyad_key_sql;

#[cfg(test)]
mod tests {
    #[test]
    fn the_migrations_list_the_same_sectors() {
        let spaced = |sql: &str| sql.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            spaced(dyad_key_sql!()),
            spaced(&entente_queries::dyad_key_expr("code", "country"))
        );
    }
}
