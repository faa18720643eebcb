//! Tab-separated tables in the layout of Entente's data files (`cameo.tsv`, the gazetteer, the
//! location gold): `#` comment lines and blank lines anywhere, one header line, then data lines.

/// Why a table cannot be read: the 1-based line (0 for a table without any line) and what is
/// wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableHeaderError {
    pub line: usize,
    pub message: String,
}

/// The data lines of `text` with their 1-based line numbers, once its header line has been checked
/// against `header` (cells compared without surrounding spaces; a trailing `\r` is dropped).
pub fn table_lines<'t>(
    text: &'t str,
    header: &str,
) -> Result<impl Iterator<Item = (usize, &'t str)> + 't, TableHeaderError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty());
    let Some((number, first)) = lines.next() else {
        return Err(TableHeaderError {
            line: 0,
            message: "no header line".into(),
        });
    };
    if !first.split('\t').map(str::trim).eq(header.split('\t')) {
        return Err(TableHeaderError {
            line: number,
            message: format!("expected the header line `{}`", header.replace('\t', "\\t")),
        });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_around_the_header() {
        let text = "# a table\n\na\tb\r\n1\t2\n# note\n\n3\t4\n";
        let lines: Vec<_> = table_lines(text, "a\tb").unwrap().collect();
        assert_eq!(lines, [(4, "1\t2"), (7, "3\t4")]);
    }

    #[test]
    fn a_wrong_or_missing_header_names_its_line() {
        let wrong = table_lines("# x\nb\ta\n", "a\tb").err().unwrap();
        assert_eq!(wrong.line, 2);
        assert_eq!(wrong.message, "expected the header line `a\\tb`");
        assert_eq!(table_lines("# only\n", "a").err().unwrap().line, 0);
    }
}
