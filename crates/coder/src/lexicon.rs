//! Closed-class English words the coder reasons with. They are grammar, not dictionary content:
//! rules never list them, and changing them changes how every rule behaves.

use std::sync::OnceLock;

/// Words that introduce an oblique phrase: an actor right after one is not a clause subject.
pub const PREPOSITIONS: &[&str] = &[
    "to",
    "with",
    "of",
    "from",
    "in",
    "on",
    "at",
    "by",
    "for",
    "against",
    "into",
    "between",
    "among",
    "toward",
    "towards",
    "about",
    "over",
    "under",
    "after",
    "before",
    "during",
    "via",
    "than",
    "like",
    "unlike",
    "including",
    "within",
    "without",
    "through",
    "across",
    "upon",
    "onto",
    "near",
    "behind",
    "beyond",
];

/// Forms of "be" and "get" that make a following participle passive.
pub const PASSIVE_AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "getting",
];

/// Auxiliaries and modals: a finite verb group starts with one ("has", "will", "was").
pub const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may",
    "might", "must", "shall", "should", "did", "does", "do",
];

/// Words allowed between an auxiliary and a participle ("was also reportedly hosted").
pub const ADVERBS: &[&str] = &[
    "also",
    "reportedly",
    "recently",
    "already",
    "just",
    "still",
    "then",
    "formally",
    "officially",
    "again",
    "repeatedly",
    "sharply",
    "strongly",
    "openly",
    "publicly",
    "jointly",
    "finally",
    "further",
    "first",
    "merely",
    "only",
    "even",
    "allegedly",
    "previously",
    "regularly",
    "once",
    "later",
    "now",
    "clearly",
];

/// Verbs of saying: their subject is the speaker of a following quote, and an actor after one begins
/// a reported clause ("said Israel would ...") rather than being its object.
pub const SPEECH_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "state",
    "states",
    "stated",
    "stating",
    "declare",
    "declares",
    "declared",
    "declaring",
    "announce",
    "announces",
    "announced",
    "emphasize",
    "emphasized",
    "emphasizes",
    "emphasised",
    "stress",
    "stressed",
    "stresses",
    "add",
    "added",
    "adds",
    "note",
    "noted",
    "notes",
    "tell",
    "told",
    "tells",
    "mention",
    "mentioned",
    "assert",
    "asserts",
    "asserted",
    "claim",
    "claimed",
    "claims",
    "insist",
    "insisted",
    "explain",
    "explained",
    "remark",
    "remarked",
    "affirm",
    "affirmed",
    "confirm",
    "confirmed",
    "confirms",
    "tweet",
    "tweeted",
    "write",
    "wrote",
    "argue",
    "argued",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "warn",
    "warned",
    "noting",
    "adding",
    "stressing",
    "emphasizing",
    "arguing",
    "warning",
    "claiming",
];

/// Verbs that take an event noun as their object ("launched an attack", "held talks"): the noun's
/// agent is the verb's subject.
pub const LIGHT_VERBS: &[&str] = &[
    "launch",
    "launched",
    "launches",
    "launching",
    "hold",
    "held",
    "holds",
    "holding",
    "conduct",
    "conducted",
    "conducts",
    "carry",
    "carried",
    "carries",
    "begin",
    "began",
    "begun",
    "begins",
    "start",
    "started",
    "starts",
    "stage",
    "staged",
    "stages",
    "mount",
    "mounted",
    "mounts",
    "make",
    "made",
    "makes",
    "pay",
    "paid",
    "pays",
    "undertake",
    "undertook",
    "undertaken",
    "continue",
    "continued",
    "continues",
    "resume",
    "resumed",
    "have",
    "had",
    "has",
    "lead",
    "led",
    "leads",
    "open",
    "opened",
    "announce",
    "announced",
    "announces",
    "order",
    "ordered",
    "orders",
    "declare",
    "declared",
    "declares",
    // Acts that are filed, brought, levelled or lodged ("filed charges against", "levelled
    // accusations at"), imposed ("imposed a blockade on"), issued, extended or expressed
    // ("extended condolences to"), and delivered ("delivered aid to").
    "file",
    "filed",
    "files",
    "bring",
    "brought",
    "brings",
    "level",
    "levelled",
    "leveled",
    "levels",
    "lodge",
    "lodged",
    "lodges",
    "press",
    "pressed",
    "presses",
    "impose",
    "imposed",
    "imposes",
    "issue",
    "issued",
    "issues",
    "extend",
    "extended",
    "extends",
    "express",
    "expressed",
    "expresses",
    "deliver",
    "delivered",
    "delivers",
];

/// Words that hedge a count ("*at least* four", "*more than* 20", "*nearly* 300"): before a
/// number they belong to the object's phrase instead of ending it as a preposition would.
pub const COUNT_HEDGES: &[&[&str]] = &[
    &["at", "least"],
    &["at", "most"],
    &["more", "than"],
    &["fewer", "than"],
    &["less", "than"],
    &["up", "to"],
    &["as", "many", "as"],
    &["an", "estimated"],
    &["about"],
    &["around"],
    &["nearly"],
    &["almost"],
    &["roughly"],
    &["approximately"],
    &["some"],
    &["over"],
];

/// Possessive pronouns: "their assault" belongs to the clause subject.
pub const POSSESSIVE_PRONOUNS: &[&str] = &["its", "their", "his", "her", "our"];

/// Words that head "N of ACTOR" subjects whose real agent is the actor ("thousands of students"),
/// each with its regular plural (see [`is_part_of_head`]).
const PART_OF_HEADS: &[&str] = &[
    "thousands",
    "hundreds",
    "dozens",
    "scores",
    "millions",
    "tens",
    "some",
    "many",
    "most",
    "all",
    "several",
    "member",
    "supporter",
    "group",
    "unit",
    "leader",
    "representative",
    "delegate",
    "delegation",
    "team",
    "band",
    "contingent",
    "number",
    "handful",
    "majority",
    "rest",
    "remainder",
    "part",
    "each",
    "both",
    "none",
    "deployment",
    "batch",
    "wave",
    "convoy",
    "column",
    "detachment",
    "battalion",
    "brigade",
    "platoon",
    "squad",
    "crowd",
    "fleet",
    "flotilla",
    "spokesman",
    "spokesmen",
    "spokeswoman",
    "spokeswomen",
    "spokesperson",
    "spokespeople",
];

/// Whether a folded word heads "N of ACTOR" ("members of the group", "contingents of troops").
pub fn is_part_of_head(word: &str) -> bool {
    contains(PART_OF_HEADS, word)
        || word
            .strip_suffix('s')
            .is_some_and(|singular| contains(PART_OF_HEADS, singular))
}

/// Pronouns that stand for a speaker inside a quote.
pub const FIRST_PERSON: &[&str] = &["we", "i", "us"];

/// Pronouns whose antecedent is searched further left in the same sentence.
pub const THIRD_PERSON: &[&str] = &["it", "they", "he", "she"];

/// Singular nouns for a body of armed forces, which travels somewhere as a deployment: "the
/// *army*", "a Pakistani *contingent*" (plurals such as "troops" are bodies by their form).
pub const BODIES_OF_FORCES: &[&str] = &[
    "army",
    "navy",
    "military",
    "contingent",
    "battalion",
    "brigade",
    "force",
    "unit",
    "mission",
    "militia",
    "police",
    "guard",
    "personnel",
    "fleet",
    "squadron",
    "regiment",
];

/// Words that name a crowd by its size alone, as the subject of a protest: "*thousands*
/// protested", "*hundreds* of people marched".
pub const CROWD_SIZES: &[&str] = &["thousands", "hundreds", "dozens", "scores", "tens"];

/// Nouns for people an act of force harms, when no country is theirs: "killing three *people*".
pub const VICTIMS: &[&str] = &[
    "people",
    "persons",
    "civilians",
    "villagers",
    "residents",
    "children",
    "women",
    "passengers",
    "worshippers",
    "pilgrims",
    "shoppers",
    "bystanders",
    "commuters",
    "guests",
    "mourners",
    "students",
    "pupils",
    "workers",
    "farmers",
];

/// Nouns for a place, or a part of one, whose name a phrase gives ("the *city* of X", "the X
/// *province*", "the *outskirts* of X").
pub const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "villages",
    "province",
    "region",
    "district",
    "capital",
    "area",
    "county",
    "slum",
    "suburb",
    "suburbs",
    "neighbourhood",
    "neighborhood",
    "enclave",
    "territory",
    "strip",
    "valley",
    "port",
    "camp",
    "island",
    "centre",
    "center",
    "heart",
    "outskirts",
    "part",
    "parts",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

/// Nouns for what parties do with each other, not to one: "Greece and Turkey resumed *talks*".
pub const RECIPROCAL_NOUNS: &[&str] = &[
    "talks",
    "negotiations",
    "dialogue",
    "consultations",
    "cooperation",
    "ties",
    "relations",
    "contacts",
];

/// Singular words for a government as a body, not one of its people.
pub const GOVERNING_BODIES: &[&str] = &[
    "government",
    "administration",
    "cabinet",
    "ministry",
    "regime",
    "authority",
    "leadership",
    "executive",
    "presidency",
    "department",
    "office",
    "state",
    "junta",
    "council",
];

/// Third-person pronouns that stand for a person only.
pub const PERSONAL_PRONOUNS: &[&str] = &["he", "she"];

/// Speech verbs whose object is who was addressed, never the speaker ("X told *BBC News*").
pub const ADDRESSING_SPEECH_VERBS: &[&str] = &["told", "tell", "tells", "telling"];

/// Words that end the search for a subject or object: clause and sentence punctuation.
pub const BOUNDARIES: &[&str] = &[";", ".", ":", "?", "!", "(", ")", "—", "–"];

/// Joiners of a coordinated group of actors ("A, B and C", "A along with B").
pub const COORDINATORS: &[&[&str]] = &[
    &[","],
    &["and"],
    &["or"],
    &["&"],
    &[",", "and"],
    &[",", "or"],
    &["along", "with"],
    &[",", "along", "with"],
    &["as", "well", "as"],
    &[",", "as", "well", "as"],
    &["together", "with"],
    &["and", "the"],
    &[",", "the"],
    &[",", "and", "the"],
];

/// Words that say when, not who ("detained *Last* week"), besides the names of months and days.
pub const RELATIVE_TIMES: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "this",
    "next",
    "earlier",
    "later",
];

/// Determiners skipped before an actor or trigger.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "both", "all", "any", "either",
];

/// Adjectives that stand before nouns, never before verbs: "military attacks", "deadly raids".
pub const ATTRIBUTIVES: &[&str] = &[
    "military",
    "terrorist",
    "deadly",
    "new",
    "further",
    "recent",
    "possible",
    "major",
    "joint",
    "direct",
    "bilateral",
    "cross-border",
    "retaliatory",
    "violent",
    "fresh",
    "frequent",
    "such",
    "official",
    "free",
    "mutual",
    "diplomatic",
    "economic",
    "political",
    "first",
    "last",
    "final",
    "latest",
    "several",
    "many",
    "more",
    "other",
    "some",
    "any",
    "no",
    "human",
    "large",
    "massive",
    "huge",
    "big",
    "mass",
    "small",
    "widespread",
    "angry",
    "peaceful",
    "fierce",
    "heavy",
];

/// Negators in the verb group before a trigger. "not only" is not a negation.
pub const NEGATORS: &[&str] = &[
    "not", "n't", "never", "no", "without", "cannot", "neither", "nor",
];

/// Negating verbs that make the negated act a refusal (CAMEO 12x): the actor was asked or expected
/// to act and would not.
pub const REFUSING_VERBS: &[&str] = &[
    "refuse",
    "refused",
    "refuses",
    "refusing",
    "decline",
    "declined",
    "declines",
    "declining",
    "reject",
    "rejected",
    "rejects",
    "rejecting",
];

/// Modals that, negated, state a refusal: "will not lift", "won't release".
pub const REFUSING_MODALS: &[&str] = &["will", "wo", "would", "shall"];

/// Verbs that negate the act they govern ("refused to condemn", "avoided declaring").
pub const NEGATING_VERBS: &[&str] = &[
    "refuse",
    "refused",
    "refuses",
    "refusing",
    "decline",
    "declined",
    "declines",
    "declining",
    "fail",
    "failed",
    "fails",
    "failing",
    "avoid",
    "avoided",
    "avoids",
    "avoiding",
    "refrain",
    "refrained",
    "refrains",
    "refraining",
    "reject",
    "rejected",
    "rejects",
    "deny",
    "denied",
    "denies",
    "stop",
    "stops",
    "stopped",
    "stopping",
    "cease",
    "ceases",
    "ceased",
    "prevent",
    "prevented",
    "prevents",
    "preventing",
    "barred",
    "blocked",
];

/// Cues that the act is only intended or announced.
pub const INTENT_CUES: &[&str] = &[
    "will", "would", "'ll", "shall", "hope", "hopes", "hoped", "hoping", "plan", "plans",
    "planned", "planning", "intend", "intends", "intended", "want", "wants", "wanted", "seek",
    "seeks", "sought", "aim", "aims", "aimed", "pledge", "pledged", "pledges", "promise",
    "promised", "promises", "vow", "vowed", "vows", "expect", "expected", "expects", "prepared",
    "ready", "willing", "going", "like", "agree", "agreed", "offer", "offered", "offers",
    "propose", "proposed", "try", "trying", "tries", "tried", "seeking",
];

/// Verbs whose infinitive complement reports the act itself ("began to repair ties").
pub const ASPECT_VERBS: &[&str] = &[
    "begin",
    "begins",
    "began",
    "begun",
    "start",
    "started",
    "starts",
    "continue",
    "continued",
    "continues",
    "managed",
    "manages",
    "moved",
    "moves",
    "went",
    "came",
    "used",
    "proceeded",
    "resumed",
    "helped",
    "helps",
    "decided",
    "decides",
    "voted",
];

/// Verbs of contact whose purpose clause says what was done in the contact ("called X on Saturday
/// *to express* support", "met Y *to discuss* trade"): the act took place, it is no mere purpose.
pub const CONTACT_VERBS: &[&str] = &[
    "called",
    "phoned",
    "telephoned",
    "rang",
    "met",
    "meets",
    "visited",
    "visits",
    "wrote",
];

/// Lemmas of the verbs in [`CONTACT_VERBS`].
pub const CONTACT_LEMMAS: &[&str] = &[
    "call",
    "phone",
    "telephone",
    "ring",
    "meet",
    "visit",
    "write",
];

/// Intent cues that commit the speaker.
pub const COMMITMENT_CUES: &[&str] = &[
    "agree", "agreed", "pledge", "pledged", "pledges", "promise", "promised", "promises", "vow",
    "vowed", "vows", "offer", "offered", "offers", "willing", "ready", "prepared",
];

/// Intent cues that state a future act rather than a hope or wish: "will allow", "plans to impose".
pub const ANNOUNCING_CUES: &[&str] = &[
    "will", "'ll", "shall", "plan", "plans", "planned", "planning", "intend", "intends",
    "intended", "going",
];

/// Cues that the act is threatened.
pub const THREAT_CUES: &[&str] = &[
    "threaten",
    "threatened",
    "threatens",
    "threatening",
    "warn",
    "warned",
    "warns",
];

/// Cues that the act is demanded of its subject.
pub const DEMAND_CUES: &[&str] = &[
    "demand",
    "demanded",
    "demands",
    "demanding",
    "urge",
    "urged",
    "urges",
    "urging",
    "call",
    "called",
    "calls",
    "calling",
    "appeal",
    "appealed",
    "appeals",
    "appealing",
    "must",
    "should",
    "pressure",
    "pressured",
    "pressures",
    "pressuring",
    "pressed",
    "press",
    "presses",
    "pressing",
    "insist",
    "insisted",
    "ask",
    "asked",
    "asks",
    "require",
    "required",
    "requires",
];

/// Nouns derived from verbs, with the verb (its base form): "Iran's *rejection* of the proposal"
/// reads the verb's rules through the noun, its object named with "of" ("the *expulsion* of
/// diplomats by Britain"). Only nouns whose form no verb form shares ("attack", "ban" are read
/// as nouns already) and that name the verb's act, not its result.
pub const NOMINALIZATIONS: &[(&str, &str)] = &[
    ("abduction", "abduct"),
    ("annexation", "annex"),
    ("assassination", "assassinate"),
    ("bombardment", "bombard"),
    ("cancellation", "cancel"),
    ("condemnation", "condemn"),
    ("denunciation", "denounce"),
    ("deployment", "deploy"),
    ("deportation", "deport"),
    ("destruction", "destroy"),
    ("detention", "detain"),
    ("endorsement", "endorse"),
    ("execution", "execute"),
    ("expulsion", "expel"),
    ("extradition", "extradite"),
    ("imprisonment", "imprison"),
    ("invasion", "invade"),
    ("liberation", "liberate"),
    ("mobilisation", "mobilize"),
    ("mobilization", "mobilize"),
    ("occupation", "occupy"),
    ("persecution", "persecute"),
    ("postponement", "postpone"),
    ("prosecution", "prosecute"),
    ("ratification", "ratify"),
    ("recognition", "recognize"),
    ("rejection", "reject"),
    ("repatriation", "repatriate"),
    ("repression", "repress"),
    ("seizure", "seize"),
    ("suppression", "suppress"),
    ("suspension", "suspend"),
];

/// The verb whose act `noun` (folded, singular or plural) names, if it is a [`NOMINALIZATIONS`]
/// noun.
pub fn verb_of_nominalization(noun: &str) -> Option<&'static str> {
    // Every such noun ends so, in the singular or the plural: most words are ruled out here.
    let noun_ending = ["ion", "ions", "ment", "ments", "ure", "ures"];
    if !noun_ending.iter().any(|e| noun.ends_with(e)) {
        return None;
    }
    let find = |n: &str| {
        NOMINALIZATIONS
            .binary_search_by(|(x, _)| (*x).cmp(n))
            .ok()
            .map(|i| NOMINALIZATIONS[i].1)
    };
    find(noun).or_else(|| noun.strip_suffix('s').and_then(find))
}

/// Verbs of sending someone out of a state, by lemma: the state they were sent from did it.
pub const EXPULSION_LEMMAS: &[&str] = &["expel", "deport", "evict", "banish", "exile", "extradite"];

/// Verbs whose giver imposes the infinitive's restriction on their object ("ordered the paper to
/// close"), by lemma.
pub const ORDERING_VERBS: &[&str] = &["order", "force", "compel", "oblige"];

/// Verbs whose object does the act of the infinitive after it ("urged *Iran* to release", "asked
/// *France* to mediate"), by lemma; the parser often hangs that infinitive as a purpose clause.
pub const OBJECT_CONTROL_VERBS: &[&str] = &[
    "urge",
    "ask",
    "press",
    "pressure",
    "encourage",
    "persuade",
    "invite",
    "order",
    "tell",
    "request",
    "implore",
    "exhort",
    "instruct",
    "direct",
    "advise",
    "force",
    "compel",
    "oblige",
    "allow",
    "permit",
    "authorize",
    "authorise",
    "challenge",
    "lobby",
];

/// Cues that the act is only supposed.
pub const HYPOTHETICAL_CUES: &[&str] = &[
    "if", "could", "might", "may", "unless", "whether", "can", "possibly", "perhaps", "capable",
    "able",
];

/// Objects that make "giving" or "sending" an act of speech or of leave, not aid: "sent a
/// *message* to", "gave *evidence* to", "gave X *time* to consider".
/// What one calls in the sense of convening it: "called an emergency *meeting*", "calls
/// *elections*". Sorted.
pub const CONVENED_EVENTS: &[&str] = &[
    "conference",
    "congress",
    "election",
    "elections",
    "meeting",
    "meetings",
    "referendum",
    "session",
    "sessions",
    "strike",
    "strikes",
    "summit",
    "vote",
];

/// Lemmas of going or sending someone somewhere, whose destination a purpose clause's act happens
/// at ("sent a team *to Iran* to investigate").
pub const SENDING_VERBS: &[&str] = &[
    "deploy", "dispatch", "fly", "go", "head", "return", "rush", "send", "travel", "venture",
];

/// People sent to speak for a party: sending them somewhere is a visit by proxy, not aid.
pub const DELEGATES: &[&str] = &[
    "delegation",
    "delegations",
    "envoy",
    "envoys",
    "emissary",
    "emissaries",
];

pub const SPOKEN_OBJECTS: &[&str] = &[
    "message",
    "messages",
    "letter",
    "letters",
    "note",
    "notes",
    "evidence",
    "testimony",
    "figure",
    "figures",
    "detail",
    "details",
    "assessment",
    "assessments",
    "account",
    "list",
    "speech",
    "address",
    "statement",
    "statements",
    "interview",
    "interviews",
    "briefing",
    "warning",
    "warnings",
    "signal",
    "signals",
    "explanation",
    "answer",
    "answers",
    "reply",
    "lecture",
    "opposition",
    "chance",
    "opportunity",
    "time",
    "impression",
    "indication",
    "hint",
    "reminder",
];

/// Words of sports reporting: a story dense with them is a match report, whose teams are named
/// by their countries ("Wales have won two of their last three visits to Paris") and whose
/// "attacks", "visits" and "defeats" are no relations between states ([`is_sports_report`]).
pub const SPORT_WORDS: &[&str] = &[
    "striker",
    "strikers",
    "midfielder",
    "midfielders",
    "defender",
    "goalkeeper",
    "keeper",
    "batsman",
    "batsmen",
    "bowler",
    "bowlers",
    "pitcher",
    "quarterback",
    "jockey",
    "umpire",
    "referee",
    "referees",
    "innings",
    "wicket",
    "wickets",
    "premiership",
    "scorer",
    "doping",
    "sprinter",
    "hurdles",
    "golfer",
    "boxer",
    "tennis",
    "rugby",
    "cricket",
    "football",
    "soccer",
    "basketball",
    "baseball",
    "hockey",
    "golf",
    "boxing",
    "athletics",
    "olympic",
    "olympics",
    "medal",
    "medals",
    "medallist",
    "semi-final",
    "quarter-final",
    "semi-finals",
    "quarter-finals",
    "semifinal",
    "quarterfinal",
    "touchdown",
    "half-time",
    "free-kick",
    "tournament",
    "championship",
    "championships",
    "seeded",
    "champion",
    "champions",
    "goal",
    "goals",
    "scored",
    "match",
    "matches",
    "squad",
    "coach",
    "club",
    "clubs",
    "player",
    "players",
    "stadium",
    "season",
];

/// Whether a story reads as a sports report: a story of some length (a sentence or a headline on
/// its own is judged by its events) with at least three different [`SPORT_WORDS`], making up at
/// least one word in a hundred. A political story that mentions a match or the Olympics has far
/// fewer ("boycott the Olympics over human rights").
pub fn is_sports_report(text: &str) -> bool {
    const MIN_REPORT_WORDS: usize = 80;
    let sport = sport_words();
    let (mut words, mut hits) = (0usize, 0usize);
    let mut distinct: Vec<&str> = Vec::new();
    let mut folded = [0u8; SportWords::LONGEST];
    for word in words_of(text) {
        words += 1;
        // Most words are ruled out by their length and first letter, before any folding.
        if !sport.may_hold(word) {
            continue;
        }
        let folded = &mut folded[..word.len()];
        for (f, b) in folded.iter_mut().zip(word.bytes()) {
            *f = b.to_ascii_lowercase();
        }
        let folded = std::str::from_utf8(folded).unwrap_or_default();
        if let Some(&known) = sport.words.get(folded) {
            hits += 1;
            if !distinct.contains(&known) {
                distinct.push(known);
            }
        }
    }
    words >= MIN_REPORT_WORDS && distinct.len() >= 3 && hits * 100 >= words
}

/// The words of `text`: runs of letters, digits and hyphens.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // An ASCII byte is read as it is; a multi-byte character is decoded.
        let char_at = |i: usize| -> (bool, usize) {
            match bytes[i] {
                b if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'-', 1),
                _ => text[i..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
            }
        };
        while i < bytes.len() {
            let (in_word, len) = char_at(i);
            if in_word {
                break;
            }
            i += len;
        }
        let start = i;
        while i < bytes.len() {
            let (in_word, len) = char_at(i);
            if !in_word {
                break;
            }
            i += len;
        }
        (start < i).then(|| &text[start..i])
    })
}

/// [`SPORT_WORDS`] for lookup, with the first letters each length of them starts with.
struct SportWords {
    words: std::collections::HashSet<&'static str>,
    /// Per byte length, a bit per lowercase first letter.
    initials: [u32; SportWords::LONGEST + 1],
}

impl SportWords {
    const LONGEST: usize = 15;

    fn may_hold(&self, word: &str) -> bool {
        let first = word.as_bytes()[0].to_ascii_lowercase();
        word.len() <= Self::LONGEST
            && first.is_ascii_lowercase()
            && self.initials[word.len()] & (1 << (first - b'a')) != 0
    }
}

fn sport_words() -> &'static SportWords {
    static WORDS: std::sync::OnceLock<SportWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut initials = [0u32; SportWords::LONGEST + 1];
        for word in SPORT_WORDS {
            initials[word.len()] |= 1 << (word.as_bytes()[0] - b'a');
        }
        SportWords {
            words: SPORT_WORDS.iter().copied().collect(),
            initials,
        }
    })
}

/// Weapons and armed acts that stand for a perpetrator the text does not name when they are the
/// subject or agent of an act of force ("a roadside *bomb* killed three soldiers", "were killed
/// by an *explosion*", "*airstrikes* hit the town").
pub const INSTRUMENTS_OF_FORCE: &[&str] = &[
    "bomb",
    "bombs",
    "blast",
    "blasts",
    "explosive",
    "explosives",
    "device",
    "devices",
    "ied",
    "ieds",
    "landmine",
    "landmines",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "shell",
    "shells",
    "mortar",
    "mortars",
    "grenade",
    "grenades",
    "airstrike",
    "airstrikes",
    "strike",
    "strikes",
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "shelling",
    "gunfire",
    "ambush",
    "raid",
    "raids",
    "drone",
    "drones",
    "bullet",
    "bullets",
];

/// Modifiers that make a blast an accident ("a *gas* blast", "a *coal mine* blast"). ("Explosion"
/// alone is no instrument at all: mines, boilers and factories explode far more often than bombs
/// are called explosions.)
pub const ACCIDENT_MODIFIERS: &[&str] = &[
    "gas",
    "methane",
    "boiler",
    "coal",
    "mine",
    "fireworks",
    "factory",
    "pipeline",
    "tanker",
];

/// Disasters and accidents whose deaths and damage are no party's act ("the *quake* killed 40",
/// "a school bus *crash* kills seven").
pub const DISASTER_NOUNS: &[&str] = &[
    "accident",
    "accidents",
    "crash",
    "crashes",
    "collision",
    "collisions",
    "derailment",
    "stampede",
    "stampedes",
    "earthquake",
    "earthquakes",
    "quake",
    "quakes",
    "tremor",
    "tremors",
    "tsunami",
    "tsunamis",
    "flood",
    "floods",
    "flooding",
    "storm",
    "storms",
    "hurricane",
    "hurricanes",
    "typhoon",
    "typhoons",
    "cyclone",
    "cyclones",
    "tornado",
    "tornadoes",
    "landslide",
    "landslides",
    "mudslide",
    "mudslides",
    "avalanche",
    "avalanches",
    "drought",
    "famine",
    "heatwave",
    "wildfire",
    "wildfires",
    "fire",
    "fires",
    "blaze",
];

/// Verbs of an accident, whose clause's deaths are no party's act ("a bus *collided* with a
/// truck, killing seven").
pub const ACCIDENT_VERBS: &[&str] = &["crash", "collide", "derail", "capsize", "overturn"];

/// Markets and money that companies and traders "attack" or "assault": no party.
pub const MARKET_NOUNS: &[&str] = &[
    "market", "markets", "economy", "currency", "dollar", "euro", "yen", "pound", "sales",
    "exports", "imports", "shares", "stocks", "prices",
];

/// Words that make an "attack" an illness ("heart attack", "panic attack").
pub const ILLNESS_MODIFIERS: &[&str] = &["heart", "panic", "asthma", "anxiety"];

/// Problems a government "fights", "combats" or "tackles": no party, so no use of force. ("Fire"
/// is left out: forces "open fire".)
pub const PROBLEM_NOUNS: &[&str] = &[
    "epidemic",
    "epidemics",
    "pandemic",
    "disease",
    "diseases",
    "virus",
    "outbreak",
    "outbreaks",
    "infection",
    "infections",
    "malaria",
    "ebola",
    "aids",
    "hiv",
    "cancer",
    "poverty",
    "hunger",
    "famine",
    "corruption",
    "crime",
    "crimes",
    "inflation",
    "unemployment",
    "wildfire",
    "wildfires",
    "flood",
    "floods",
    "drought",
    "pollution",
    "smuggling",
    "trafficking",
    "piracy",
    "fraud",
    "illiteracy",
    "obesity",
    "addiction",
    "extremism",
    "racism",
    "discrimination",
    "deforestation",
    "warming",
];

/// Words that title a storm's name ("Hurricane Ivan", "Tropical Storm Jeanne", "Cyclone Nargis").
pub const STORM_TITLES: &[&str] = &[
    "hurricane",
    "typhoon",
    "cyclone",
    "storm",
    "tornado",
    "supertyphoon",
];

/// Participles that relate a noun to a topic rather than act on anyone: "a probe *based* on",
/// "charges *related* to", "groups *linked* to".
pub const RELATING_PARTICIPLES: &[&str] = &[
    "based",
    "related",
    "relating",
    "linked",
    "tied",
    "connected",
    "pertaining",
    "regarding",
    "concerning",
];

/// Abstract nouns an actor may modify ("help Israel-Türkiye relations"): the actor before one is no
/// object of the verb.
pub const RELATION_NOUNS: &[&str] = &[
    "relations",
    "relationship",
    "ties",
    "rapprochement",
    "reconciliation",
];

/// What one "meets" that is no party: a response, a condition or an end ("met a cool
/// *reception*", "met the *deadline*", "met stiff *resistance*", "met his *death*").
pub const MET_CONDITIONS: &[&str] = &[
    "reception",
    "response",
    "resistance",
    "opposition",
    "criticism",
    "objections",
    "approval",
    "deadline",
    "deadlines",
    "demand",
    "demands",
    "request",
    "requests",
    "requirement",
    "requirements",
    "target",
    "targets",
    "goal",
    "goals",
    "conditions",
    "criteria",
    "standard",
    "standards",
    "expectations",
    "obligations",
    "needs",
    "fate",
    "death",
    "end",
    "challenge",
    "challenges",
    "costs",
    "cost",
];

/// Nouns of an agreement between parties: an infinitive on one names the party it is with.
pub const AGREEMENT_NOUNS: &[&str] = &[
    "agreement",
    "agreements",
    "deal",
    "deals",
    "accord",
    "accords",
    "pact",
    "pacts",
    "treaty",
    "treaties",
    "contract",
    "contracts",
    "memorandum",
    "memoranda",
    "memorandums",
    "protocol",
];

/// Determiners that open a noun phrase: after "that" or a speech verb, one starts a clause subject.
pub const NOUN_PHRASE_OPENERS: &[&str] = &["the", "a", "an", "this", "these", "those", "such"];

/// The [`SPEECH_VERBS`] of one length, and which first bytes they have (a bit per byte value).
#[derive(Clone, Default)]
struct SpeechVerbsOfLength {
    verbs: Vec<&'static str>,
    first_bytes: [u64; 4],
}

/// Whether `word` is one of [`SPEECH_VERBS`], looked up among the verbs of its length (grouped once):
/// the coder asks it of every token to find each sentence's speaker, and a scan of the whole list
/// (or hashing the word) cost more than the rest of that search. Most words are told apart by
/// their first byte alone, before any verb is compared.
pub fn is_speech_verb(word: &str) -> bool {
    static BY_LENGTH: OnceLock<Vec<SpeechVerbsOfLength>> = OnceLock::new();
    let by_length = BY_LENGTH.get_or_init(|| {
        let mut by_length: Vec<SpeechVerbsOfLength> = Vec::new();
        for verb in SPEECH_VERBS {
            if by_length.len() <= verb.len() {
                by_length.resize(verb.len() + 1, SpeechVerbsOfLength::default());
            }
            let group = &mut by_length[verb.len()];
            group.verbs.push(*verb);
            if let Some(&first) = verb.as_bytes().first() {
                group.first_bytes[usize::from(first / 64)] |= 1 << (first % 64);
            }
        }
        by_length
    });
    let Some(group) = by_length.get(word.len()) else {
        return false;
    };
    let first_byte_known = word
        .as_bytes()
        .first()
        .is_none_or(|&b| group.first_bytes[usize::from(b / 64)] & (1 << (b % 64)) != 0);
    // `contains` compares first bytes before calling memcmp: all the verbs here have the word's length.
    first_byte_known && contains(&group.verbs, word)
}

/// Whether `word` is one of `list` (a lexicon list, or the forms of a rule word).
pub fn contains<S: AsRef<str>>(list: &[S], word: &str) -> bool {
    // Length and first byte rule out almost every entry before a full comparison; the coder asks
    // this for nearly every token.
    let bytes = word.as_bytes();
    list.iter().any(|w| {
        let w = w.as_ref().as_bytes();
        w.len() == bytes.len() && w.first() == bytes.first() && w == bytes
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_runs_of_letters_digits_and_hyphens_in_any_script() {
        let words: Vec<&str> =
            super::words_of("Don’t stop—the match-winner won 3-1 in Zürich.").collect();
        assert_eq!(
            words,
            [
                "Don",
                "t",
                "stop",
                "the",
                "match-winner",
                "won",
                "3-1",
                "in",
                "Zürich"
            ]
        );
    }

    #[test]
    fn nominalizations_are_sorted_and_find_their_verb_in_the_plural_too() {
        assert!(super::NOMINALIZATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(super::verb_of_nominalization("expulsions"), Some("expel"));
        assert_eq!(super::verb_of_nominalization("rejection"), Some("reject"));
        assert_eq!(super::verb_of_nominalization("attack"), None);
    }

    use super::*;

    #[test]
    fn speech_verb_lookup_agrees_with_the_list() {
        for word in SPEECH_VERBS {
            assert!(is_speech_verb(word), "{word}");
        }
        for word in ["", "sai", "saidx", "Said", "the", "announcements"] {
            assert_eq!(is_speech_verb(word), SPEECH_VERBS.contains(&word), "{word}");
        }
    }
}
