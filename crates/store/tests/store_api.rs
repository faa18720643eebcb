//! The store end to end through its Rust API, on tiny fictional documents (Arnor, Gondor, Rohan)
//! and small synthetic GDELT and ICEWS files made here, so nothing depends on ../shared.

use entente_model::*;
use entente_store::import::{self, Dataset};
use entente_store::{
    ActorKey, AggregateFilter, Aggregates, Cell, DocRecord, EventFilter, ExportFormat, Store,
};
use std::path::{Path, PathBuf};

fn actor(code: &str, name: &str) -> Actor {
    Actor {
        id: code.to_string(),
        name: name.to_string(),
        country: CountryCode::new(&code[..3]).ok(),
        sector: (code.len() > 3).then(|| Sector::new(&code[3..6]).unwrap()),
        code: ActorCode::new(code).unwrap(),
    }
}

/// A coded document: one sentence "<source> <verb> <target>." per event spec.
struct Coded {
    doc: Document,
    sentences: Vec<Sentence>,
    events: Vec<Event>,
    relations: Vec<Relation>,
}

fn coded(id: &str, outlet: Option<&str>, specs: &[(&str, &str, &str, &str, bool)]) -> Coded {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut events = Vec::new();
    for (index, (source, target, cameo, date, negated)) in specs.iter().enumerate() {
        let start = text.len();
        text.push_str(&format!("{source} met {target} in Minas Tirith. "));
        let span = Span::new(start, text.len() - 1);
        sentences.push(Sentence {
            index,
            span,
            paragraph: 0,
        });
        let sentence = span.slice(&text).to_string();
        let code = CameoCode::new(cameo).unwrap();
        events.push(Event {
            doc: id.to_string(),
            sentence_index: index,
            sentence: sentence.as_str().into(),
            sentence_start: span.start,
            sentence_end: span.end,
            date: EventDate::parse(date).ok(),
            source: EventActor {
                text: source.to_string(),
                start,
                end: start + source.len(),
                actor: actor(&source.to_uppercase()[..3], source),
                resolution: Default::default(),
            },
            target: Some({
                let t = start + source.len() + 5;
                EventActor {
                    text: target.to_string(),
                    start: t,
                    end: t + target.len(),
                    actor: actor(&target.to_uppercase()[..3], target),
                    resolution: Default::default(),
                }
            }),
            quad_class: QuadClass::from_number(match code.root_number() {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            })
            .unwrap(),
            cameo: code,
            plover: "CONSULT".into(),
            plover_mode: None,
            goldstein: 1.0,
            negated: *negated,
            modality: Modality::Actual,
            trigger: Trigger {
                text: "met".into(),
                start: start + source.len() + 1,
                end: start + source.len() + 4,
            },
            rule: "test.meet".into(),
            source_path: None,
            target_path: None,
            confidence: 0.9,
            dictionaries: "testhash".into(),
            location: None,
        });
    }
    let relations = if specs.is_empty() {
        Vec::new()
    } else {
        let first = &events[0];
        vec![Relation {
            doc: id.to_string(),
            sentence_index: 0,
            sentence: first.sentence.to_string(),
            sentence_start: first.sentence_start,
            sentence_end: first.sentence_end,
            a: first.source.clone(),
            b: first.target.clone().unwrap(),
            relation: RelationKind::Ally,
            facet: Some(RelationFacet::Military),
            quantity: None,
            negated: false,
            date: first.date,
            trigger: first.trigger.clone(),
            rule: "test.ally".into(),
            dictionaries: "testhash".into(),
        }]
    };
    let doc = Document {
        id: id.into(),
        text,
        title: None,
        date: None,
        url: Some(format!("https://example.org/{id}")),
        source: outlet.map(str::to_string),
    };
    Coded {
        doc,
        sentences,
        events,
        relations,
    }
}

fn record(c: &Coded) -> DocRecord<'_> {
    DocRecord {
        doc: &c.doc,
        sentences: &c.sentences,
        mentions: &[],
        events: &c.events,
        relations: &c.relations,
        dictionaries: "testhash",
    }
}

fn corpus() -> Vec<Coded> {
    vec![
        coded(
            "a1",
            Some("Gondor Herald"),
            &[
                ("Arnor", "Gondor", "042", "2024-06-02", false),
                ("Gondor", "Rohan", "190", "2024-06-02", false),
            ],
        ),
        // The same Arnor→Gondor visit, reported a day later by another outlet: one event, two sources.
        coded(
            "a2",
            Some("Rohan Post"),
            &[("Arnor", "Gondor", "042", "2024-06-03", false)],
        ),
        // Same outlet again: three reports, still two sources.
        coded(
            "a3",
            Some("Rohan Post"),
            &[("Arnor", "Gondor", "042", "2024-06-02", false)],
        ),
        // Negated: stored as a report, never an event.
        coded("a4", None, &[("Rohan", "Arnor", "111", "2024-06-04", true)]),
    ]
}

fn ingest_all(path: &Path, docs: &[Coded]) -> entente_store::BatchSummary {
    let mut store = Store::open_read_write(path).unwrap();
    let records: Vec<DocRecord<'_>> = docs.iter().map(record).collect();
    store.ingest(&records).unwrap()
}

#[test]
fn duplicate_reports_fold_into_one_event_and_reingesting_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    let docs = corpus();
    let first = ingest_all(&path, &docs);
    assert_eq!(
        (
            first.documents_new,
            first.reports,
            first.negated_reports,
            first.events_new
        ),
        (4, 5, 1, 2)
    );
    let counts = Store::open_read_write(&path).unwrap().counts().unwrap();
    let again = ingest_all(&path, &docs);
    assert_eq!(
        (again.documents_new, again.documents_known, again.reports),
        (0, 4, 0)
    );
    assert_eq!(
        Store::open_read_write(&path).unwrap().counts().unwrap(),
        counts
    );
    assert_eq!(
        (
            counts.documents,
            counts.reports,
            counts.events,
            counts.relations
        ),
        (4, 5, 2, 4)
    );

    let store = Store::open_read_only(&path).unwrap();
    let table = store.sql("SELECT source_code, target_code, num_reports, num_sources FROM events ORDER BY event_id").unwrap();
    assert_eq!(
        table.rows,
        vec![
            vec![
                Cell::Text("ARN".into()),
                Cell::Text("GON".into()),
                Cell::Int(3),
                Cell::Int(2)
            ],
            vec![
                Cell::Text("GON".into()),
                Cell::Text("ROH".into()),
                Cell::Int(1),
                Cell::Int(1)
            ],
        ]
    );
    let negated = store
        .sql("SELECT count(*) FROM reports WHERE negated AND event_id IS NULL")
        .unwrap();
    assert_eq!(negated.rows, vec![vec![Cell::Int(1)]]);
}

#[test]
fn batches_split_anywhere_give_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let (one, split) = (
        dir.path().join("one.duckdb"),
        dir.path().join("split.duckdb"),
    );
    let docs = corpus();
    ingest_all(&one, &docs);
    for doc in &docs {
        ingest_all(&split, std::slice::from_ref(doc));
    }
    let dump = |p: &Path| {
        Store::open_read_only(p).unwrap().sql("SELECT event_id, source_code, cameo, num_reports, num_sources FROM events ORDER BY 1").unwrap()
    };
    assert_eq!(dump(&one), dump(&split));
}

#[test]
fn analytics_api_aggregates_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    ingest_all(&path, &corpus());
    let store = Store::open_read_only(&path).unwrap();
    let all = AggregateFilter::default();
    let totals = store.dyad_totals(&all).unwrap();
    assert_eq!(totals.len(), 2);
    assert_eq!(
        (
            totals[0].source.as_str(),
            totals[0].target.as_str(),
            totals[0].quad_class,
            totals[0].events
        ),
        ("ARN", "GON", 1, 1)
    );
    assert!(
        (totals[0].weight - 3f64.ln()).abs() < 1e-9,
        "ln(1 + 2 sources)"
    );
    let only_rohan = AggregateFilter {
        actors: Some(vec!["ROH".into()]),
        ..Default::default()
    };
    assert_eq!(store.dyad_totals(&only_rohan).unwrap().len(), 1);
    let later = AggregateFilter {
        since: EventDate::parse("2024-07").ok(),
        ..Default::default()
    };
    assert!(store.dyad_totals(&later).unwrap().is_empty());
    let volumes = store
        .actor_volumes(&["ARN".into(), "GON".into(), "XXX".into()], &all)
        .unwrap();
    let from_totals = |actor: &str| -> f64 {
        totals
            .iter()
            .filter(|t| t.source == actor || t.target == actor)
            .map(|t| t.weight)
            .sum()
    };
    assert!((volumes[0] - from_totals("ARN")).abs() < 1e-9 && volumes[0] > 0.0);
    assert!((volumes[1] - from_totals("GON")).abs() < 1e-9);
    assert_eq!(volumes[2], 0.0);
    let june = (
        EventDate::parse("2024-06").unwrap(),
        EventDate::parse("2024-06").unwrap(),
    );
    let july = (
        EventDate::parse("2024-07").unwrap(),
        EventDate::parse("2024-07").unwrap(),
    );
    let by_window = store.dyad_totals_by_window(&[june, july], &all).unwrap();
    assert_eq!(by_window.len(), 2);
    assert!(by_window[1].is_empty());
    assert_eq!(
        by_window[0],
        store
            .dyad_totals(&AggregateFilter {
                since: Some(june.0),
                until: Some(june.1),
                ..Default::default()
            })
            .unwrap()
    );

    let days = store.dyad_days("GON", "ARN", true, &all).unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(
        (days[0].day.to_string(), days[0].milestones.clone()),
        ("2024-06-02".to_string(), vec!["042".to_string()])
    );
    assert!(store
        .dyad_days("GON", "ARN", false, &all)
        .unwrap()
        .is_empty());

    let evidence = store.evidence("GON", "ARN", &all, 10).unwrap();
    assert_eq!(evidence.len(), 1);
    let pairs = [
        ("GON".to_string(), "ARN".to_string()),
        ("ARN".to_string(), "XXX".to_string()),
        ("ARN".to_string(), "ROH".to_string()),
    ];
    let batched = store.evidence_for_pairs(&pairs, &all, 10).unwrap();
    assert_eq!(
        batched[0], evidence,
        "a batch returns what one pair's query does"
    );
    assert!(batched[1].is_empty());
    assert_eq!(batched[2], store.evidence("ROH", "ARN", &all, 10).unwrap());
    assert_eq!(
        (
            evidence[0].num_reports,
            evidence[0].num_sources,
            evidence[0].origin.as_str()
        ),
        (3, 2, "text")
    );
    assert!(evidence[0]
        .sentence
        .as_deref()
        .unwrap()
        .contains("Arnor met Gondor"));

    let by_code = AggregateFilter {
        key: ActorKey::Code,
        ..Default::default()
    };
    // Keyed by actor code, which events find in the actor table: the same dyads here, whose codes
    // are their countries.
    assert_eq!(store.dyad_totals(&by_code).unwrap(), totals);
    let by_code_evidence = store.evidence("GON", "ARN", &by_code, 5).unwrap();
    assert_eq!(
        by_code_evidence,
        store.evidence("GON", "ARN", &all, 5).unwrap()
    );
    assert_eq!(by_code_evidence.len(), 1);
    let relations = store.relations(&by_code).unwrap();
    assert_eq!(relations.len(), 4);
    assert_eq!(
        (
            relations[0].relation.as_str(),
            relations[0].facet.as_deref()
        ),
        ("ally", Some("military"))
    );
    let range = store.date_range().unwrap().unwrap();
    assert_eq!(
        (range.0.to_string(), range.1.to_string()),
        ("2024-06-02".into(), "2024-06-02".into())
    );
}

#[test]
fn event_filters_select_by_actor_dyad_code_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    ingest_all(&path, &corpus());
    let store = Store::open_read_only(&path).unwrap();
    let count = |f: EventFilter| store.events(&f).unwrap().rows.len();
    assert_eq!(count(EventFilter::default()), 2);
    assert_eq!(
        count(EventFilter {
            actor: Some("gon".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            dyad: Some(("ARN".into(), "GON".into())),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            dyad: Some(("GON".into(), "ARN".into())),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            code: Some("04".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            root: Some("19".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            quad: Some(4),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            text: Some("ROHAN minas".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            until: EventDate::parse("2024-06-01").ok(),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            limit: Some(1),
            ..Default::default()
        }),
        1
    );
    assert!(store
        .events(&EventFilter {
            quad: Some(7),
            ..Default::default()
        })
        .is_err());
}

#[test]
fn export_writes_hive_partitions_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    ingest_all(&path, &corpus());
    let store = Store::open_read_only(&path).unwrap();
    let parquet = dir.path().join("parquet");
    assert_eq!(
        store
            .export(&EventFilter::default(), ExportFormat::Parquet, &parquet)
            .unwrap(),
        2
    );
    assert!(parquet.join("period=2024-06").is_dir());
    // One file, `period` a column: what `entente serve` downloads.
    let file = dir.path().join("events.parquet");
    assert_eq!(
        store
            .export(&EventFilter::default(), ExportFormat::ParquetFile, &file)
            .unwrap(),
        2
    );
    let reader = duckdb::Connection::open_in_memory().unwrap();
    let (rows, periods): (i64, i64) = reader
        .query_row(
            &format!("SELECT count(*), count(period) FROM '{}'", file.display()),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, periods), (2, 2));
    let jsonl = dir.path().join("e.jsonl");
    assert_eq!(
        store
            .export(&EventFilter::default(), ExportFormat::Jsonl, &jsonl)
            .unwrap(),
        2
    );
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap().lines().count(), 2);
    let csv = dir.path().join("e.csv");
    assert_eq!(
        store
            .export(&EventFilter::default(), ExportFormat::Csv, &csv)
            .unwrap(),
        2
    );
    assert!(
        store
            .export(&EventFilter::default(), ExportFormat::Csv, &csv)
            .is_err(),
        "never overwrites"
    );
}

/// Issue 20: where events happened is stored, filtered on and exported.
#[test]
fn located_events_are_filtered_by_place_and_distance_and_exported_as_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    let mut docs = corpus();
    // "Minas Tirith" stands in for a real city: placed at Istanbul's coordinates for the test.
    let place = |e: &Event| Location {
        text: "Minas Tirith".into(),
        start: e.sentence_start + e.sentence.find("Minas").unwrap(),
        end: e.sentence_start + e.sentence.find("Minas").unwrap() + "Minas Tirith".len(),
        name: "Istanbul".into(),
        country: "TUR".into(),
        adm1: Some("TR.34".into()),
        lat: Some(41.0138),
        lon: Some(28.9497),
        geonames_id: Some(745044),
        precision: Precision::City,
        how: LocatedBy::Locative,
    };
    let first = &mut docs[0].events[0];
    first.location = Some(place(first));
    ingest_all(&path, &docs);
    let store = Store::open_read_only(&path).unwrap();
    let count = |filter: EventFilter| store.events(&filter).unwrap().rows.len();
    assert_eq!(count(EventFilter::default()), 2);
    assert_eq!(
        count(EventFilter {
            place: Some("TUR".into()),
            ..EventFilter::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            place: Some("tr.34".into()),
            ..EventFilter::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            place: Some("GRC".into()),
            ..EventFilter::default()
        }),
        0
    );
    // Istanbul is about 30 km from this point and 350 km from Ankara.
    assert_eq!(
        count(EventFilter {
            near: Some((41.2, 29.2, 40.0)),
            ..EventFilter::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            near: Some((39.93, 32.86, 100.0)),
            ..EventFilter::default()
        }),
        0
    );
    let table = store.events(&EventFilter::default()).unwrap();
    let column = table
        .columns
        .iter()
        .position(|c| c == "location_feature_id")
        .unwrap();
    assert!(table
        .rows
        .iter()
        .any(|r| matches!(&r[column], Cell::Text(id) if id == "745044")));

    let geojson = dir.path().join("e.geojson");
    assert_eq!(
        store
            .export(&EventFilter::default(), ExportFormat::GeoJson, &geojson)
            .unwrap(),
        1,
        "only located events are features"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    assert_eq!(json["type"], "FeatureCollection");
    assert_eq!(json["features"][0]["geometry"]["coordinates"][0], 28.9497);
    assert_eq!(json["features"][0]["properties"]["location_country"], "TUR");

    let parquet = dir.path().join("parquet");
    store
        .export(&EventFilter::default(), ExportFormat::Parquet, &parquet)
        .unwrap();
    let columns = store
        .sql(&format!(
            "SELECT ActionGeo_Type, ActionGeo_FullName, ActionGeo_CountryCode, ActionGeo_FeatureID
             FROM read_parquet('{}/**/*.parquet') WHERE ActionGeo_Type IS NOT NULL",
            parquet.display()
        ))
        .unwrap();
    assert_eq!(columns.rows.len(), 1);
    assert_eq!(columns.rows[0][1], Cell::Text("Istanbul".into()));
}

/// Issue 20's map: located events grouped by the point they happened at.
#[test]
fn places_group_events_by_point_named_as_most_of_them_name_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    let mut docs = vec![coded(
        "m1",
        None,
        &[
            ("Arnor", "Gondor", "042", "2024-06-01", false),
            ("Gondor", "Rohan", "190", "2024-06-02", false),
            ("Rohan", "Arnor", "111", "2024-06-03", false),
            ("Arnor", "Rohan", "036", "2024-06-04", false),
            ("Gondor", "Arnor", "057", "2024-06-05", false),
        ],
    )];
    // Three events at one point, two of them named one way; one elsewhere; one with no place.
    let at = |e: &Event, name: &str, lat: f64, lon: f64| Location {
        text: "Minas Tirith".into(),
        start: e.sentence_start + e.sentence.find("Minas").unwrap(),
        end: e.sentence_start + e.sentence.find("Minas").unwrap() + "Minas Tirith".len(),
        name: name.into(),
        country: "TUR".into(),
        adm1: None,
        lat: Some(lat),
        lon: Some(lon),
        geonames_id: None,
        precision: Precision::City,
        how: LocatedBy::Locative,
    };
    let places = [
        ("Istanbul", 41.0138, 28.9497),
        ("Constantinople", 41.0138, 28.9497),
        ("Istanbul", 41.0138, 28.9497),
        ("Ankara", 39.9199, 32.8543),
    ];
    for (event, (name, lat, lon)) in docs[0].events.iter_mut().zip(places) {
        event.location = Some(at(event, name, lat, lon));
    }
    ingest_all(&path, &docs);
    let store = Store::open_read_only(&path).unwrap();
    let summary = store.places(&EventFilter::default(), 10).unwrap();
    assert_eq!(
        (summary.events, summary.located, summary.places_total),
        (5, 4, 2)
    );
    let names: Vec<_> = summary.places.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(names, [Some("Istanbul"), Some("Ankara")]);
    let istanbul = &summary.places[0];
    assert_eq!((istanbul.lat, istanbul.lon), (41.0138, 28.9497));
    assert_eq!(istanbul.events, 3);
    // 042 verbal cooperation, 190 material conflict, 111 verbal conflict.
    assert_eq!(istanbul.counts, [1, 0, 1, 1]);
    assert_eq!(istanbul.goldstein_sum, 3.0);
    let spellings: Vec<_> = istanbul
        .names
        .iter()
        .map(|n| (n.name.as_deref(), n.events))
        .collect();
    assert_eq!(
        spellings,
        [(Some("Istanbul"), 2), (Some("Constantinople"), 1)]
    );
    // The limit keeps the busiest places and the total says how many there are.
    let busiest = store.places(&EventFilter::default(), 1).unwrap();
    assert_eq!(busiest.places, summary.places[..1]);
    assert_eq!(busiest.places_total, 2);
    // Every event filter applies; paging does not.
    let conflict = EventFilter {
        quad: Some(4),
        limit: Some(1),
        offset: Some(3),
        ..EventFilter::default()
    };
    let summary = store.places(&conflict, 10).unwrap();
    assert_eq!((summary.events, summary.located), (1, 1));
    assert_eq!(summary.places[0].counts, [0, 0, 0, 1]);
}

const GDELT2_ROW: &str = "881990834\t20181024\t201810\t2018\t2018.8055\tIGOEUREEC\tTHE EU\tEUR\tEEC\t\t\t\tIGO\t\t\tBLR\tBELARUS\tBLR\t\t\t\t\t\t\t\t0\t057\t057\t05\t1\t8.0\t7\t1\t7\t0.63\t0\t\t\t\t\t\t\t\t4\tMinsk\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t4\tMinsk\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t20191024143000\thttps://example.org/eu";

fn gdelt_file(dir: &Path) -> PathBuf {
    let hist: Vec<String> = GDELT2_ROW
        .split('\t')
        .take(35)
        .map(str::to_string)
        .collect();
    let mut v1 = hist.clone();
    v1[0] = "1552829".into();
    v1.extend(std::iter::repeat_n(String::new(), 21));
    v1.push("20130203".into());
    let mut daily = v1.clone();
    daily[0] = "564111644".into();
    daily.push("http://example.org/daily".into());
    let lines = [
        GDELT2_ROW.to_string(),
        v1.join("\t"),
        daily.join("\t"),
        "1\t2\t3".to_string(),                         // wrong column count
        GDELT2_ROW.replacen("881990834", "88199x", 1), // bad id
        GDELT2_ROW.to_string(),                        // repeated id
    ];
    let path = dir.join("mixed.export.CSV");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn icews_file(dir: &Path) -> PathBuf {
    let text = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\n\
        32889836\t2018-06-01\tForeign Affairs (Bangladesh)\tExecutive,Government\tBangladesh\tConsult\t040\t1\tMilitary (Vietnam)\tMilitary\tVietnam\t47400351\t2\tVNA\n\
        32889837\t2018-06-01\tCitizen (Japan)\tNA\tJapan\tProtest\t140\t-6.5\tNA\tNA\tNA\t47400357\t5\tNA\n\
        32889838\t2018-13-01\tX\tNA\tJapan\tConsult\t040\t1\tNA\tNA\tNA\t1\t1\tNA\n";
    let path = dir.join("events.tab");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn gdelt_import_reads_mixed_layouts_reports_bad_lines_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("s.duckdb");
    let file = gdelt_file(dir.path());
    let prepared = import::prepare(Dataset::Gdelt, std::slice::from_ref(&file)).unwrap();
    assert_eq!((prepared.rows, prepared.duplicates), (3, 1));
    let reasons: Vec<String> = prepared.malformed.iter().map(|m| m.to_string()).collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].ends_with("mixed.export.CSV:4: expected 57, 58 or 61 tab-separated columns (GDELT 1.0 or 2.0), found 3"), "{reasons:?}");
    assert!(reasons[1].contains(":5: GLOBALEVENTID"), "{reasons:?}");
    let mut store = Store::open_read_write(&store_path).unwrap();
    assert_eq!(store.load(&prepared).unwrap().inserted, 3);
    let again = import::prepare(Dataset::Gdelt, &[file]).unwrap();
    let summary = store.load(&again).unwrap();
    assert_eq!((summary.inserted, summary.already_known), (0, 3));
    let matching = |actor: Option<&str>, dyad: Option<(&str, &str)>| {
        let filter = EventFilter {
            actor: actor.map(str::to_string),
            dyad: dyad.map(|(a, b)| (a.to_string(), b.to_string())),
            ..Default::default()
        };
        store.events(&filter).unwrap().rows.len()
    };
    // The EU's row: code IGOEUREEC, country EUR (not an ISO code); target Belarus.
    assert_eq!(matching(Some("IGO"), None), 3, "a code prefix");
    assert_eq!(
        matching(Some("EUR"), None),
        3,
        "a key that is not an ISO country"
    );
    assert_eq!(matching(None, Some(("IGOEU", "BLR"))), 3);
    assert_eq!(matching(None, Some(("BLR", "IGO"))), 0, "direction matters");
    assert_eq!(matching(None, Some(("IGOEUREECX", "BLR"))), 0);
    let table = store.sql("SELECT origin, external_id, source_country, url, num_sources FROM events ORDER BY event_id LIMIT 1").unwrap();
    assert_eq!(
        table.rows[0],
        vec![
            Cell::Text("gdelt".into()),
            Cell::Text("881990834".into()),
            Cell::Text("EUR".into()),
            Cell::Text("https://example.org/eu".into()),
            Cell::Int(1)
        ]
    );
}

#[test]
fn icews_import_maps_country_names_to_iso() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("s.duckdb");
    let prepared = import::prepare(Dataset::Icews, &[icews_file(dir.path())]).unwrap();
    assert_eq!(prepared.rows, 2);
    assert_eq!(prepared.malformed.len(), 1);
    assert!(prepared.malformed[0]
        .to_string()
        .contains("events.tab:4: Event Date"));
    let mut store = Store::open_read_write(&store_path).unwrap();
    assert_eq!(store.load(&prepared).unwrap().inserted, 2);
    let table = store.sql("SELECT source_code, target_code, quad_class, goldstein, outlet FROM events ORDER BY event_id").unwrap();
    assert_eq!(
        table.rows[0],
        vec![
            Cell::Text("BGDGOV".into()),
            Cell::Text("VNMMIL".into()),
            Cell::Int(1),
            Cell::Float(1.0),
            Cell::Text("VNA".into())
        ]
    );
    assert_eq!(table.rows[1][1], Cell::Null);
    let totals = store
        .dyad_totals(&AggregateFilter {
            origin: Some("icews".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (
            totals.len(),
            totals[0].source.as_str(),
            totals[0].target.as_str()
        ),
        (1, "BGD", "VNM")
    );
}

/// Imported rows keep their own place (issue 20): GDELT's `ActionGeo_*` columns, its FIPS country
/// code as ISO-3, and ICEWS's finest of City, Province and Country. Importing again adds no second
/// place, and a coordinate out of range is a malformed row.
#[test]
fn imported_rows_keep_their_own_location() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_read_write(&dir.path().join("s.duckdb")).unwrap();
    let gdelt = gdelt_file(dir.path());
    for _ in 0..2 {
        let prepared = import::prepare(Dataset::Gdelt, std::slice::from_ref(&gdelt)).unwrap();
        store.load(&prepared).unwrap();
    }
    let icews = dir.path().join("located.tab");
    std::fs::write(
        &icews,
        "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\n\
         1\t2018-06-01\tX\tNA\tVietnam\t040\t1\tNA\tNA\tNA\tHanoi\tNA\tThanh Pho Ha Noi\tVietnam\t21.0245\t105.841\n\
         2\t2018-06-01\tX\tNA\tJapan\t040\t1\tNA\tNA\tNA\tNA\tNA\tNA\tJapan\t35.6\t139.6\n\
         3\t2018-06-01\tX\tNA\tJapan\t040\t1\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\n\
         4\t2018-06-01\tX\tNA\tJapan\t040\t1\tNA\tNA\tNA\tOsaka\tNA\tOsaka-fu\tJapan\t134.6\t135.5\n",
    )
    .unwrap();
    let prepared = import::prepare(Dataset::Icews, &[icews]).unwrap();
    let reasons: Vec<String> = prepared.malformed.iter().map(|m| m.to_string()).collect();
    assert!(
        reasons.len() == 1
            && reasons[0].ends_with("located.tab:5: Latitude \"134.6\" is not a coordinate"),
        "{reasons:?}"
    );
    store.load(&prepared).unwrap();
    let table = store
        .sql(
            "SELECT origin, external_id, location_name, location_country, location_adm1, location_lat,
                    location_lon, location_feature_id, location_precision
             FROM events ORDER BY origin, external_id",
        )
        .unwrap();
    let text = |s: &str| Cell::Text(s.into());
    let unlocated = |origin: &str, id: &str| {
        let mut row = vec![text(origin), text(id)];
        row.extend(std::iter::repeat_n(Cell::Null, 7));
        row
    };
    assert_eq!(
        table.rows,
        vec![
            unlocated("gdelt", "1552829"),
            unlocated("gdelt", "564111644"),
            vec![
                text("gdelt"),
                text("881990834"),
                text("Minsk"),
                text("BLR"),
                text("BO00"),
                Cell::Float(53.9),
                Cell::Float(27.5667),
                text("-1946324"),
                text("city"),
            ],
            vec![
                text("icews"),
                text("1"),
                text("Hanoi"),
                text("VNM"),
                text("Thanh Pho Ha Noi"),
                Cell::Float(21.0245),
                Cell::Float(105.841),
                Cell::Null,
                text("city"),
            ],
            vec![
                text("icews"),
                text("2"),
                text("Japan"),
                text("JPN"),
                Cell::Null,
                Cell::Float(35.6),
                Cell::Float(139.6),
                Cell::Null,
                text("country"),
            ],
            unlocated("icews", "3"),
        ]
    );
    let places = store.sql("SELECT count(*) FROM location_store").unwrap();
    assert_eq!(places.rows, vec![vec![Cell::Int(3)]]);
    let in_belarus = store
        .events(&EventFilter {
            place: Some("BLR".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(in_belarus.rows.len(), 1);
}

/// The real samples in ../shared import to their documented row counts (skipped without them).
#[test]
fn shared_samples_import_exactly() {
    let corpora = Path::new("../../../shared/corpora");
    if !corpora.is_dir() {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("s.duckdb");
    for (dataset, file, expected) in [
        (
            Dataset::Gdelt,
            "gdelt2_export_sample/20191024143000.export.CSV",
            2_111,
        ),
        (Dataset::Gdelt, "gdelt1_events_sample/events.csv", 710),
        (
            Dataset::Icews,
            "icews_sample_2018/events.2018.sample.tab",
            3_705,
        ),
    ] {
        let prepared = import::prepare(dataset, &[corpora.join(file)]).unwrap();
        assert!(
            prepared.malformed.is_empty(),
            "{file}: {:?}",
            prepared.malformed.first()
        );
        let mut store = Store::open_read_write(&store_path).unwrap();
        assert_eq!(store.load(&prepared).unwrap().inserted, expected, "{file}");
        assert_eq!(store.load(&prepared).unwrap().inserted, 0, "{file} twice");
    }
    let store = Store::open_read_only(&store_path).unwrap();
    assert_eq!(store.counts().unwrap().events, 2_111 + 710 + 3_705);
    // Every row whose file names where it happened keeps that place.
    let located = store
        .sql("SELECT origin, count(location_precision) FROM events GROUP BY origin ORDER BY origin")
        .unwrap();
    assert_eq!(
        located.rows,
        vec![
            vec![Cell::Text("gdelt".into()), Cell::Int(2_765)],
            vec![Cell::Text("icews".into()), Cell::Int(3_703)],
        ]
    );
}

#[test]
fn actor_volumes_kept_by_writers_match_a_scan_of_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.duckdb");
    // One document per batch, so later batches recount events stored by earlier ones.
    for doc in &corpus() {
        ingest_all(&path, std::slice::from_ref(doc));
    }
    for (dataset, file) in [
        (Dataset::Gdelt, gdelt_file(dir.path())),
        (Dataset::Icews, icews_file(dir.path())),
    ] {
        let prepared = import::prepare(dataset, &[file]).unwrap();
        Store::open_read_write(&path)
            .unwrap()
            .load(&prepared)
            .unwrap();
    }
    let store = Store::open_read_only(&path).unwrap();
    let keys: Vec<String> = store
        .sql("SELECT key FROM dyad_key_store ORDER BY key")
        .unwrap()
        .rows
        .into_iter()
        .map(|row| row[0].to_plain())
        .collect();
    assert!(keys.len() >= 5, "{keys:?}");
    let scanned = |actor: &str, condition: &str| -> f64 {
        let sql = format!(
            "SELECT coalesce(sum(ln(1 + num_sources)) FILTER (WHERE source_key = '{actor}'), 0)
                  + coalesce(sum(ln(1 + num_sources)) FILTER (WHERE target_key = '{actor}' AND source_key <> '{actor}'), 0)
             FROM (SELECT e.*, s.key AS source_key, t.key AS target_key FROM event_store e
                   LEFT JOIN dyad_key_store s ON s.key_id = e.source_key_id
                   LEFT JOIN dyad_key_store t ON t.key_id = e.target_key_id)
             WHERE modality = 'actual' AND source_key IS NOT NULL AND target_key IS NOT NULL AND {condition}"
        );
        match &store.sql(&sql).unwrap().rows[0][0] {
            Cell::Float(f) => *f,
            Cell::Int(i) => *i as f64,
            other => panic!("{other:?}"),
        }
    };
    let june_2024 = AggregateFilter {
        since: Some(EventDate::parse("2024-06-01").unwrap()),
        until: Some(EventDate::parse("2024-06-30").unwrap()),
        ..AggregateFilter::default()
    };
    let text_only = AggregateFilter {
        origin: Some("text".into()),
        ..AggregateFilter::default()
    };
    for (filter, condition) in [
        (AggregateFilter::default(), "TRUE"),
        (
            june_2024,
            "date BETWEEN DATE '2024-06-01' AND DATE '2024-06-30'",
        ),
        (text_only, "origin = 'text'"),
    ] {
        let kept = store.actor_volumes(&keys, &filter).unwrap();
        for (actor, volume) in keys.iter().zip(kept) {
            let expected = scanned(actor, condition);
            assert!(
                (volume - expected).abs() < 1e-9,
                "{actor} {condition}: {volume} vs {expected}"
            );
        }
    }
    // Arnor's visit to Gondor, recounted to two sources by a later batch: ln 3 each, not ln 2 + ln 3.
    let arnor = store
        .actor_volumes(&["ARN".to_string()], &AggregateFilter::default())
        .unwrap();
    assert!((arnor[0] - 3f64.ln()).abs() < 1e-9, "{arnor:?}");
}

#[test]
fn an_icews_file_without_its_header_is_reported_once_at_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no_header.tab");
    std::fs::write(
        &file,
        "\n32889836\t2018-06-01\tx\n32889837\t2018-06-01\ty\n",
    )
    .unwrap();
    let prepared = import::prepare(Dataset::Icews, &[file]).unwrap();
    assert_eq!(prepared.rows, 0);
    assert_eq!(prepared.malformed.len(), 1);
    let reported = prepared.malformed[0].to_string();
    assert!(
        reported.contains("no_header.tab:2: not an ICEWS header"),
        "{reported}"
    );
}

#[test]
fn imported_rows_are_stored_sorted_by_dyad_and_date_with_ids_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let dyads = [
        ("USA", "CHN"),
        ("AZE", "ISR"),
        ("CHN", "USA"),
        ("AZE", "ARM"),
    ];
    let lines: Vec<String> = (0..40)
        .map(|i| {
            let mut fields: Vec<String> = GDELT2_ROW.split('\t').map(str::to_string).collect();
            let (source, target) = dyads[i % dyads.len()];
            fields[0] = (1000 + i).to_string();
            fields[1] = format!("201901{:02}", 28 - (i * 7) % 27);
            fields[7] = source.into();
            fields[17] = target.into();
            fields.join("\t")
        })
        .collect();
    let file = dir.path().join("scrambled.export.CSV");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let path = dir.path().join("s.duckdb");
    let prepared = import::prepare(Dataset::Gdelt, &[file]).unwrap();
    let mut store = Store::open_read_write(&path).unwrap();
    assert_eq!(store.load(&prepared).unwrap().inserted, 40);
    let stored = store
        .sql(
            "SELECT s.key, t.key, e.date, e.event_id, e.external_id FROM event_store e
             LEFT JOIN dyad_key_store s ON s.key_id = e.source_key_id
             LEFT JOIN dyad_key_store t ON t.key_id = e.target_key_id
             ORDER BY e.rowid",
        )
        .unwrap()
        .rows;
    let keys: Vec<(String, String, String)> = stored
        .iter()
        .map(|r| (r[0].to_plain(), r[1].to_plain(), r[2].to_plain()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "storage order is dyad, then date");
    // Event ids number the rows in input order, whatever order they are stored in.
    for row in &stored {
        let (Cell::Int(event_id), Cell::Int(external)) = (&row[3], &row[4]) else {
            panic!("{row:?}");
        };
        assert_eq!(*event_id + 999, *external);
    }
}

/// Loading hands DuckDB the rows in stripes on every core, and a thread's unfinished stripe can be
/// taken over by another: every row must arrive exactly once, with its own values.
#[test]
fn a_load_larger_than_several_row_groups_stores_every_row_once_with_its_values() {
    const ROWS: usize = 300_000; // about two and a half of DuckDB's row groups
    let dir = tempfile::tempdir().unwrap();
    let template: Vec<&str> = GDELT2_ROW.split('\t').collect();
    let countries = ["USA", "CHN", "RUS", "AZE", "ISR", "TUR", "IRN"];
    let mut text = String::with_capacity(ROWS * 400);
    for i in 0..ROWS {
        let mut fields = template.clone();
        let (id, day, mentions) = (
            (5_000_000 + i).to_string(),
            format!("2019{:02}{:02}", 1 + i % 12, 1 + i % 28),
            (i % 1000).to_string(),
        );
        fields[0] = &id;
        fields[1] = &day;
        fields[7] = countries[i % countries.len()];
        fields[17] = countries[(i / 7) % countries.len()];
        fields[31] = &mentions;
        text.push_str(&fields.join("\t"));
        text.push('\n');
    }
    let file = dir.path().join("large.export.CSV");
    std::fs::write(&file, text).unwrap();
    let prepared = import::prepare(Dataset::Gdelt, &[file]).unwrap();
    let mut store = Store::open_read_write(&dir.path().join("s.duckdb")).unwrap();
    assert_eq!(store.load(&prepared).unwrap().inserted, ROWS as u64);
    let check = store
        .sql(
            "SELECT count(*), count(DISTINCT event_id), min(event_id), max(event_id),
                    count(*) FILTER (WHERE CAST(external_id AS BIGINT) <> 4999999 + event_id),
                    count(*) FILTER (WHERE num_mentions <> (event_id - 1) % 1000),
                    count(*) FILTER (WHERE url <> 'https://example.org/eu' OR cameo <> '057'
                                     OR goldstein <> 8.0 OR avg_tone <> 0.63 OR source_country IS NULL)
             FROM events",
        )
        .unwrap();
    let n = ROWS as i64;
    assert_eq!(
        check.rows[0],
        [n, n, 1, n, 0, 0, 0].map(Cell::Int).to_vec(),
        "rows, distinct ids, id range, then rows whose values are not their own"
    );
    // Each row group DuckDB wrote holds one stretch of the sort: no two overlap in source key, so
    // zone maps skip every row group of other dyads.
    let layout = store
        .sql(
            "WITH groups AS (
                 SELECT row_group_id, min(CAST(stats['min'] AS INTEGER)) AS lo,
                        max(CAST(stats['max'] AS INTEGER)) AS hi
                 FROM pragma_storage_info('event_store')
                 WHERE column_name = 'source_key_id' AND stats['min'] IS NOT NULL
                 GROUP BY row_group_id)
             SELECT count(*), count(*) FILTER (WHERE lo < previous_hi)
             FROM (SELECT lo, lag(hi) OVER (ORDER BY lo, hi) AS previous_hi FROM groups)",
        )
        .unwrap();
    let [Cell::Int(groups), Cell::Int(overlapping)] = layout.rows[0][..] else {
        panic!("{layout:?}");
    };
    assert!(groups >= 3, "{groups} row groups");
    assert_eq!(overlapping, 0, "row groups overlapping the one before");
}
