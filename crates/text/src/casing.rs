//! Headline casing: every content word capitalised ("Leader Condemns Human Rights Violations in
//! Speech"). In such a sentence a capital letter says nothing about a name, and the stages that
//! read capitals as names (the tagger, unknown-name rules) must not trust them.

/// Words a headline may leave lowercase: articles, conjunctions, prepositions, auxiliaries, and
/// the particles of names ("bin", "van").
const UNCAPITALISED_WORDS: &[&str] = &[
    "a", "about", "after", "against", "al", "amid", "an", "and", "are", "as", "at", "be", "been",
    "before", "between", "bin", "but", "by", "da", "de", "del", "der", "di", "du", "during", "el",
    "for", "from", "had", "has", "have", "ibn", "in", "into", "is", "la", "le", "near", "nor",
    "of", "off", "on", "onto", "or", "over", "than", "that", "the", "to", "under", "up", "upon",
    "van", "via", "von", "was", "were", "will", "with", "within", "without",
];

/// Whether the words of one sentence, in order, are cased like a headline: after the first word,
/// at least two content words (three letters or more, none of [`UNCAPITALISED_WORDS`]), every
/// one of them with a capital ("d’Ivoire" has one). Running text dense with names still has a
/// lowercase verb or noun ("Blair, Brown and Straw *attended*"). Punctuation and numbers are
/// ignored.
pub fn is_headline_cased<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    let mut words = words
        .into_iter()
        .filter(|w| w.starts_with(char::is_alphabetic));
    words.next();
    let mut content = 0usize;
    for word in words {
        if word.chars().nth(2).is_none()
            || UNCAPITALISED_WORDS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(word))
        {
            continue;
        }
        if !word.chars().any(char::is_uppercase) {
            return false;
        }
        content += 1;
    }
    content >= 2
}

#[cfg(test)]
mod tests {
    use super::is_headline_cased;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn headlines_capitalise_their_content_words() {
        assert!(is_headline_cased(words("Iran Talks Resume")));
        assert!(is_headline_cased(words(
            "France Leader Condemns Human Rights Violations in Speech"
        )));
        assert!(is_headline_cased(words(
            "\" Rebels in Mali Agree to Lay Down Arms"
        )));
        assert!(is_headline_cased(words(
            "Israel Leader Requests Meeting with Egypt's President"
        )));
        assert!(is_headline_cased(words(
            "Guinea and Côte d’Ivoire have Promised to Ratify a New Treaty"
        )));
    }

    #[test]
    fn running_text_and_names_alone_are_not_headlines() {
        assert!(!is_headline_cased(words(
            "Prime Minister Tony Blair said the talks would resume in London"
        )));
        assert!(!is_headline_cased(words(
            "Tony Blair, Gordon Brown and Jack Straw attended"
        )));
        assert!(!is_headline_cased(words("Blair rejects Tory terror offer")));
        assert!(!is_headline_cased(words("Iran Talks")));
    }
}
