//! The API against a real store seeded from examples/articles: every route, the OpenAPI
//! document, the token, the limits, the headers, the log, and ingest while serving.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use entente_dictionaries::Dictionaries;
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::{Pipeline, RunItem};
use entente_server::{check_bind, router, Limits, LogSink, ServeOptions, ROUTES};
use entente_store::{Cell, DocRecord, EventFilter, Store};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

const TOKEN: &str = "s3cret-token";

fn articles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

/// What `entente ingest` does with these paths, in one batch.
fn plain_ingest(store: &Path, paths: &[PathBuf]) {
    let dicts = Arc::new(Dictionaries::load(None).unwrap());
    let pipeline = Pipeline::new(dicts.clone());
    let mut coded = Vec::new();
    pipeline
        .run(read_inputs(paths, InputOptions::default()), |item| {
            match item {
                RunItem::Coded(out) => coded.push(*out),
                RunItem::Unreadable(e) => panic!("{e}"),
            }
            Ok::<(), ()>(())
        })
        .unwrap();
    let records: Vec<DocRecord<'_>> = coded
        .iter()
        .map(|out| DocRecord {
            doc: &out.doc,
            sentences: &out.sentences,
            mentions: &out.mentions,
            events: &out.events,
            relations: &out.relations,
            dictionaries: dicts.hash(),
        })
        .collect();
    Store::open_read_write(store)
        .unwrap()
        .ingest(&records)
        .unwrap();
}

struct Server {
    app: Router,
    log: Arc<Mutex<Vec<u8>>>,
    store: PathBuf,
    _dir: tempfile::TempDir,
}

fn server_with(seeded: bool, token: Option<&str>, limits: Limits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("seeds.duckdb");
    if seeded {
        plain_ingest(&store, &[articles()]);
    }
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink: LogSink = log.clone();
    let app = router(&ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        store: store.clone(),
        dictionaries: None,
        token: token.map(str::to_string),
        limits,
        log: sink,
        open_browser: false,
    })
    .unwrap();
    Server {
        app,
        log,
        store,
        _dir: dir,
    }
}

fn seeded() -> Server {
    server_with(true, Some(TOKEN), Limits::default())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }

    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_string()
    }

    fn error_code_or_ok(&self) -> String {
        if self.status.is_success() {
            "ok".into()
        } else {
            self.error_code()
        }
    }
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, body: &Value, token: Option<&str>) -> Reply {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(Body::from(body.to_string())).unwrap()).await
}

/// The byte range `start..end` of the sentence a report was read from.
fn slice<'a>(report: &'a Value, start: &str, end: &str) -> &'a str {
    let sentence = report["sentence"].as_str().unwrap();
    let base = report["sentence_start"].as_i64().unwrap();
    let at = |key: &str| (report[key].as_i64().unwrap() - base) as usize;
    &sentence[at(start)..at(end)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_from_the_seeded_store() {
    let s = seeded();
    let counts = Store::open_read_only(&s.store).unwrap().counts().unwrap();
    let mut answered = Vec::new();

    let health = get(&s.app, "/api/v1/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["store"]["events"], json!(counts.events));
    // The events the views count (asserted acts, primary readings) are those the listing shows.
    let listing = get(&s.app, "/api/v1/events?limit=10000").await.json();
    assert_eq!(
        health.json()["store"]["counted_events"],
        json!(listing["events"].as_array().unwrap().len())
    );
    assert!(counts.counted_events < counts.events, "{counts:?}");
    assert_eq!(health.json()["writes"], json!(true));
    answered.push("/api/v1/health");

    let first = get(&s.app, "/api/v1/events?dyad=AZE:ISR&limit=2")
        .await
        .json();
    assert_eq!(first["events"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_offset"], json!(2));
    let second = get(&s.app, "/api/v1/events?dyad=AZE:ISR&limit=2&offset=2")
        .await
        .json();
    assert_ne!(
        first["events"][0]["event_id"],
        second["events"][0]["event_id"]
    );
    let all = get(&s.app, "/api/v1/events?dyad=AZE:ISR").await.json();
    let listed = all["events"].as_array().unwrap();
    assert!(listed
        .iter()
        .all(|e| e["source_country"] == "AZE" && e["target_country"] == "ISR"));
    // The CLI's field names.
    for field in [
        "event_id",
        "date",
        "source_code",
        "target_code",
        "cameo",
        "goldstein",
        "sentence",
    ] {
        assert!(listed[0].get(field).is_some(), "{field}");
    }
    answered.push("/api/v1/events");

    let csv = get(&s.app, "/api/v1/export?dyad=AZE:ISR&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("events.csv"));
    let text = String::from_utf8(csv.body).unwrap();
    assert!(text.starts_with("event_id,origin"));
    assert_eq!(text.lines().count(), listed.len() + 1);
    let jsonl = get(&s.app, "/api/v1/export?actor=TUR").await;
    let lines = String::from_utf8(jsonl.body).unwrap();
    assert!(lines
        .lines()
        .all(|l| serde_json::from_str::<Value>(l).is_ok()));
    answered.push("/api/v1/export");

    let evidence = get(
        &s.app,
        "/api/v1/evidence?a=AZE&b=ISR&since=2023-03&until=2023-03",
    )
    .await;
    let reports = evidence.json()["reports"].as_array().unwrap().clone();
    let embassy = reports
        .iter()
        .find(|r| {
            r["sentence"]
                .as_str()
                .unwrap()
                .contains("opened its embassy in Tel Aviv")
        })
        .expect("the embassy sentence is evidence");
    assert_eq!(
        slice(embassy, "trigger_start", "trigger_end"),
        "opened its embassy in"
    );
    assert_eq!(slice(embassy, "source_start", "source_end"), "Azerbaijan");
    assert_eq!(slice(embassy, "target_start", "target_end"), "Tel Aviv");
    answered.push("/api/v1/evidence");

    let places = get(&s.app, "/api/v1/places").await.json();
    assert!(places["places"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Istanbul"));
    answered.push("/api/v1/places");

    let dyad = get(&s.app, "/api/v1/dyad?a=aze&b=isr&by=year").await.json();
    assert_eq!(
        (dyad["a"].as_str(), dyad["by"].as_str()),
        (Some("AZE"), Some("year"))
    );
    assert!(dyad["periods"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["period"] == "2023"));
    assert!(!dyad["relations"].as_array().unwrap().is_empty());
    answered.push("/api/v1/dyad");

    let network = get(&s.app, "/api/v1/network").await.json();
    let nodes: Vec<&str> = network["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    for actor in ["AZE", "ISR", "TUR", "IRN"] {
        assert!(nodes.contains(&actor), "{actor} in {nodes:?}");
    }
    assert!(network["window"]
        .as_str()
        .unwrap()
        .contains("latest 12 months"));
    answered.push("/api/v1/network");

    let balance = get(&s.app, "/api/v1/balance?focus=AZE").await.json();
    let triads = balance["unbalanced_triads"].as_array().unwrap();
    assert!(triads
        .iter()
        .any(|t| t["actors"] == json!(["AZE", "ISR", "TUR"]) && t["pivot"] == "AZE"));
    answered.push("/api/v1/balance");

    let actor = get(&s.app, "/api/v1/actor?actor=AZE").await.json();
    assert!(actor["partners"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["b"] == "ISR" || e["a"] == "ISR"));
    assert!(actor["rivals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["b"] == "IRN" || e["a"] == "IRN"));
    assert!(actor["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["actor_name"] == "Hikmet Hajiyev"));
    assert!(!actor["recent_events"].as_array().unwrap().is_empty());
    answered.push("/api/v1/actor");

    let alerts = get(&s.app, "/api/v1/alerts?by=quarter&since=2023-07")
        .await
        .json();
    assert!(alerts
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["a"] == "ISR" && a["b"] == "TUR" && a["kind"] == "sign_flip"));
    answered.push("/api/v1/alerts");

    let sql = post(
        &s.app,
        "/api/v1/sql",
        &json!({"query": "SELECT count(*) AS n FROM events"}),
        None,
    )
    .await;
    let listed = Store::open_read_only(&s.store)
        .unwrap()
        .events(&EventFilter::default())
        .unwrap()
        .rows
        .len();
    assert_eq!(sql.json()["rows"][0]["n"], json!(listed));
    answered.push("/api/v1/sql");

    let text = "Azerbaijan opened its embassy in Tel Aviv.";
    let coded = post(
        &s.app,
        "/api/v1/code",
        &json!({"text": text, "date": "2023-03-29"}),
        None,
    )
    .await
    .json();
    let event = &coded["events"][0];
    assert_eq!(event["cameo"], "050");
    let (start, end) = (
        event["trigger"]["start"].as_u64().unwrap(),
        event["trigger"]["end"].as_u64().unwrap(),
    );
    assert_eq!(&text[start as usize..end as usize], "opened its embassy in");
    assert!(!coded["mentions"].as_array().unwrap().is_empty());
    answered.push("/api/v1/code");

    let explained = post(&s.app, "/api/v1/explain", &json!({"text": text}), None)
        .await
        .json();
    assert_eq!(explained[0]["sentence"], text);
    assert!(explained[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["rule"] == "diplomatic.embassy"));
    answered.push("/api/v1/explain");
    // Coding stores nothing.
    assert_eq!(
        Store::open_read_only(&s.store)
            .unwrap()
            .counts()
            .unwrap()
            .documents,
        counts.documents
    );

    let doc =
        json!({"id": "api-1", "date": "2025-03-03", "text": "Iran condemned Israel on Monday."});
    let stored = post(&s.app, "/api/v1/ingest", &doc, Some(TOKEN)).await;
    assert_eq!(
        stored.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&stored.body)
    );
    assert_eq!(stored.json()["documents_new"], json!(1));
    assert_eq!(
        stored.json()["store"]["documents"],
        json!(counts.documents + 1)
    );
    answered.push("/api/v1/ingest");

    let openapi = get(&s.app, "/api/v1/openapi.json").await;
    assert_eq!(openapi.json()["openapi"], "3.0.3");
    answered.push("/api/v1/openapi.json");

    let routes: Vec<&str> = ROUTES.iter().map(|(_, path)| *path).collect();
    assert_eq!(answered, routes, "every route is exercised here");
}

/// The place of `name` in a `/places` answer.
fn place<'a>(places: &'a Value, name: &str) -> &'a Value {
    places["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {places}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_places_the_seeds_events_and_counts_those_without_a_place() {
    let s = seeded();
    let store = Store::open_read_only(&s.store).unwrap();
    let listed = store.events(&EventFilter::default()).unwrap();
    let column = |name: &str| listed.columns.iter().position(|c| c == name).unwrap();
    let located = listed
        .rows
        .iter()
        .filter(|row| !matches!(row[column("location_lat")], Cell::Null))
        .count();
    drop(store);

    let places = get(&s.app, "/api/v1/places").await.json();
    // Every selected event is either on the map or counted as having no place.
    assert_eq!(places["events"], json!(listed.rows.len()));
    assert_eq!(places["located"], json!(located));
    assert_eq!(places["unlocated"], json!(listed.rows.len() - located));
    assert!(located > 0 && located < listed.rows.len(), "{places}");
    let points = places["places"].as_array().unwrap();
    assert_eq!(places["places_total"], json!(points.len()));
    assert_eq!(places["truncated"], json!(false));
    let at_points: u64 = points.iter().map(|p| p["events"].as_u64().unwrap()).sum();
    assert_eq!(at_points, located as u64);
    // The busiest first.
    assert!(points
        .windows(2)
        .all(|w| w[0]["events"].as_u64() >= w[1]["events"].as_u64()));

    // The seeds: the SOCAR attack in Istanbul, the meetings in Tel Aviv, the press conference in Cairo.
    let istanbul = place(&places, "Istanbul");
    assert_eq!(
        (&istanbul["country"], &istanbul["precision"]),
        (&json!("TUR"), &json!("city"))
    );
    assert!((istanbul["lat"].as_f64().unwrap() - 41.01).abs() < 0.05);
    assert!((istanbul["lon"].as_f64().unwrap() - 28.95).abs() < 0.05);
    assert!(istanbul["counts"]["material_conflict"].as_u64().unwrap() > 0);
    assert!(istanbul["goldstein_mean"].as_f64().unwrap() < 0.0);
    assert_eq!(istanbul["names"][0]["name"], "Istanbul");
    assert_eq!(istanbul["names"][0]["events"], istanbul["events"]);
    let counts: u64 = [
        "verbal_coop",
        "material_coop",
        "verbal_conflict",
        "material_conflict",
    ]
    .iter()
    .map(|q| istanbul["counts"][q].as_u64().unwrap())
    .sum();
    assert_eq!(counts, istanbul["events"].as_u64().unwrap());
    assert_eq!(place(&places, "Tel Aviv")["country"], "ISR");
    assert_eq!(place(&places, "Cairo")["country"], "EGY");
    // COP29 is to be held in Baku; a text about Azerbaijan is placed at its capital, so the point is
    // Baku's, and says it is also Azerbaijan's.
    let baku = place(&places, "Baku");
    assert_eq!(
        (&baku["country"], &baku["precision"]),
        (&json!("AZE"), &json!("city"))
    );
    assert!(baku["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["name"] == "Azerbaijan" && n["precision"] == "country"));

    // The events filter narrows the map, and a point's events are those `near` it at 0 km.
    let turkey = get(&s.app, "/api/v1/places?in=TUR").await.json();
    let names: Vec<&Value> = turkey["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["name"])
        .collect();
    assert_eq!(names, [&json!("Istanbul")]);
    let near = format!("{},{},0", istanbul["lat"], istanbul["lon"]);
    let at_istanbul = get(&s.app, &format!("/api/v1/events?near={near}"))
        .await
        .json();
    let events = at_istanbul["events"].as_array().unwrap();
    assert_eq!(json!(events.len()), istanbul["events"]);
    assert!(events.iter().all(|e| e["location_name"] == "Istanbul"));
    let none_there = get(&s.app, "/api/v1/places?dyad=ISR:AZE&in=TUR")
        .await
        .json();
    assert_eq!(none_there["places"], json!([]));

    // Clicking the point: the reports of its events, with the place's words in the sentence.
    let ids: Vec<String> = events.iter().map(|e| e["event_id"].to_string()).collect();
    let evidence = get(
        &s.app,
        &format!("/api/v1/evidence?events={}", ids.join(",")),
    )
    .await
    .json();
    let reports = evidence["reports"].as_array().unwrap();
    let socar = reports
        .iter()
        .find(|r| r["sentence"].as_str().unwrap().contains("SOCAR"))
        .expect("the SOCAR attack is evidence for Istanbul");
    assert_eq!(slice(socar, "location_start", "location_end"), "Istanbul");
    assert_eq!(socar["location_text"], "Istanbul");
    assert!(reports
        .iter()
        .all(|r| ids.contains(&r["event_id"].to_string())));

    // Bounded: the busiest place only, and the answer says more exist.
    let busiest = get(&s.app, "/api/v1/places?limit=1").await.json();
    assert_eq!(busiest["places"].as_array().unwrap().len(), 1);
    assert_eq!(busiest["places"][0], points[0]);
    assert_eq!(busiest["truncated"], json!(true));
    // The same URL again is answered from the cache.
    let again = get(&s.app, "/api/v1/places?limit=1").await;
    assert_eq!(again.headers["x-entente-cache"], "hit");

    // The outline the map draws is served by the binary: small, and GeoJSON.
    let world = get(&s.app, "/world/countries-110m.geojson").await;
    assert_eq!(world.status, StatusCode::OK);
    assert_eq!(world.headers[header::CONTENT_TYPE], "application/geo+json");
    assert!(world.body.len() < 1 << 20, "{} bytes", world.body.len());
    let outline = world.json();
    assert_eq!(outline["type"], "FeatureCollection");
    assert!(outline["features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["properties"]["name"] == "Turkey"));
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routers_routes() {
    let s = server_with(false, None, Limits::default());
    let document = get(&s.app, "/api/v1/openapi.json").await.json();
    let mut documented: Vec<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, methods)| {
            methods
                .as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let mut routed: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);
    // And the router answers each with that method (no 404 or 405), even on an empty store.
    for (method, path) in &routed {
        let request = Request::builder()
            .method(method.as_str())
            .uri(path.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let reply = send(&s.app, request).await;
        assert!(
            reply.status != StatusCode::NOT_FOUND || reply.error_code() == "store_empty",
            "{method} {path}: {}",
            reply.status
        );
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn an_export_streams_page_by_page_the_rows_of_one_listing() {
    let limits = Limits {
        export_page: 4,
        ..Limits::default()
    };
    let s = server_with(true, None, limits);
    let listed = Store::open_read_only(&s.store)
        .unwrap()
        .events(&EventFilter::default())
        .unwrap();
    assert!(listed.rows.len() > 12, "several pages");
    let mut expected = Vec::new();
    listed.write_csv(&mut expected).unwrap();
    let csv = get(&s.app, "/api/v1/export?format=csv").await;
    assert_eq!(
        String::from_utf8(csv.body).unwrap(),
        String::from_utf8(expected).unwrap()
    );
    let newest = get(&s.app, "/api/v1/export?order=newest&limit=10").await;
    let ids: Vec<i64> = String::from_utf8(newest.body)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["event_id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    let newest_listed = Store::open_read_only(&s.store)
        .unwrap()
        .events(&EventFilter {
            newest_first: true,
            limit: Some(10),
            ..EventFilter::default()
        })
        .unwrap();
    let id_column = newest_listed
        .columns
        .iter()
        .position(|c| c == "event_id")
        .unwrap();
    let expected_ids: Vec<i64> = newest_listed
        .rows
        .iter()
        .map(|r| match &r[id_column] {
            entente_store::Cell::Int(id) => *id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, expected_ids);
}

#[tokio::test]
async fn writes_are_refused_without_the_right_token() {
    let doc = json!({"id": "x", "text": "Iran condemned Israel."});
    let s = seeded();
    let missing = post(&s.app, "/api/v1/ingest", &doc, None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.error_code(), "unauthorized");
    assert_eq!(missing.headers[header::WWW_AUTHENTICATE], "Bearer");
    let wrong = post(&s.app, "/api/v1/ingest", &doc, Some("s3cret-tokem")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let prefix = post(&s.app, "/api/v1/ingest", &doc, Some("s3cret")).await;
    assert_eq!(prefix.status, StatusCode::UNAUTHORIZED);
    let before = Store::open_read_only(&s.store).unwrap().counts().unwrap();
    assert_eq!(before.documents, 2, "nothing was written");
    // A server started without a token takes no writes at all.
    let read_only = server_with(true, None, Limits::default());
    let refused = post(&read_only.app, "/api/v1/ingest", &doc, Some(TOKEN)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.error_code(), "writes_disabled");
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let limits = Limits {
        max_body: 1024,
        ..Limits::default()
    };
    let s = server_with(true, Some(TOKEN), limits);
    let big = json!({"id": "big", "text": "Iran condemned Israel. ".repeat(100)});
    for path in ["/api/v1/ingest", "/api/v1/code"] {
        let reply = post(&s.app, path, &big, Some(TOKEN)).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert_eq!(reply.error_code(), "body_too_large");
    }
    // Without a Content-Length the limit still holds while the body streams in.
    let chunks = futures_chunks(big.to_string());
    let request = Request::post("/api/v1/code")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(chunks))
        .unwrap();
    assert_eq!(
        send(&s.app, request).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let small = post(
        &s.app,
        "/api/v1/code",
        &json!({"text": "Iran condemned Israel."}),
        None,
    )
    .await;
    assert_eq!(small.status, StatusCode::OK);
}

/// A body that arrives in pieces, with no Content-Length.
fn futures_chunks(
    text: String,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text
        .as_bytes()
        .chunks(100)
        .map(|c| Ok(c.to_vec()))
        .collect();
    futures_util::stream::iter(chunks)
}

#[tokio::test]
async fn errors_are_json_with_stable_codes_and_no_internals() {
    let s = seeded();
    let cases = [
        ("/api/v1/nowhere", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/v1/events?quad=9",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/events?quad=x",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/events?since=2024-13",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/events?limit=1000000",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/dyad?a=AZR&b=ISR",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/dyad?a=AZE",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/network?at=2024&all=true",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/places?near=41,29",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/places?in=T%C3%9CR",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/places?limit=0",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/events?near=91,0,10",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/evidence?a=AZE",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/evidence?events=1;DROP",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/api/v1/evidence?events=1,2,3&limit=2",
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ];
    for (uri, status, code) in cases {
        let reply = get(&s.app, uri).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (status, code),
            "{uri}"
        );
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            !message.contains("panicked") && !message.contains("src/"),
            "{uri}: {message}"
        );
    }
    let unknown = get(&s.app, "/api/v1/dyad?a=AZR&b=ISR").await.json();
    assert!(unknown["error"]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean AZE"));
    let wrong_method = get(&s.app, "/api/v1/ingest").await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.error_code(), "method_not_allowed");
    let bad_json = send(
        &s.app,
        Request::post("/api/v1/code")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{not json"))
            .unwrap(),
    )
    .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.error_code(), "invalid_request");
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_and_no_cors() {
    let s = seeded();
    let request = Request::get("/api/v1/health")
        .header(header::ORIGIN, "http://elsewhere.example")
        .body(Body::empty())
        .unwrap();
    let reply = send(&s.app, request).await;
    assert!(reply
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let page = get(&s.app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains('*'), "{csp}");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    let html = String::from_utf8(page.body).unwrap();
    // Every script is a file of this server: nothing from a CDN, nothing inline.
    for src in [
        "/vendor/cytoscape.min.js",
        "/vendor/echarts.min.js",
        "/app.js",
    ] {
        assert!(html.contains(&format!("src=\"{src}\"")), "{src}");
        assert_eq!(get(&s.app, src).await.status, StatusCode::OK, "{src}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script>"));
    // No request path reaches the file system.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/vendor/../app.js",
        "/assets/app.js",
        "/etc/passwd",
    ] {
        let reply = get(&s.app, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_loopback_server_answers_only_for_local_host_names() {
    let s = seeded();
    let with_host = |host: &str| {
        Request::get("/api/v1/health")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    for host in [
        "127.0.0.1:8080",
        "localhost:8080",
        "localhost",
        "[::1]:8080",
    ] {
        assert_eq!(
            send(&s.app, with_host(host)).await.status,
            StatusCode::OK,
            "{host}"
        );
    }
    for host in [
        "rebind.example:8080",
        "127.0.0.1.rebind.example",
        "evil.localhost",
    ] {
        let reply = send(&s.app, with_host(host)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{host}");
        assert_eq!(reply.error_code(), "forbidden_host");
    }
}

#[tokio::test]
async fn every_request_gets_one_access_log_line() {
    let s = seeded();
    get(&s.app, "/api/v1/events?actor=TUR&limit=1").await;
    post(
        &s.app,
        "/api/v1/ingest",
        &json!({"text": "x"}),
        Some("wrong"),
    )
    .await;
    let log = String::from_utf8(s.log.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("\"GET /api/v1/events?actor=TUR&limit=1\" 200"),
        "{log}"
    );
    assert!(lines[1].contains("\"POST /api/v1/ingest\" 401"), "{log}");
    assert!(!log.contains("wrong"), "the token is never logged");
}

#[tokio::test]
async fn queries_are_bounded_in_rows_and_time_and_confined() {
    let limits = Limits {
        max_rows: 3,
        timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let s = server_with(true, None, limits);
    let many = post(
        &s.app,
        "/api/v1/sql",
        &json!({"query": "SELECT * FROM events"}),
        None,
    )
    .await
    .json();
    assert_eq!(many["rows"].as_array().unwrap().len(), 3);
    assert_eq!(many["truncated"], json!(true));
    let page = get(&s.app, "/api/v1/events?limit=4").await;
    assert_eq!(
        page.status,
        StatusCode::BAD_REQUEST,
        "a page beyond max_rows"
    );
    let slow = post(
        &s.app,
        "/api/v1/sql",
        &json!({"query": "SELECT count(*) FROM range(1000000000000) a, range(1000) b"}),
        None,
    )
    .await;
    assert_eq!(slow.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(slow.error_code(), "timeout");
    for escape in [
        "COPY (SELECT 1) TO '/tmp/entente-escape.csv'",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT 1; DROP TABLE event_store",
    ] {
        let reply = post(&s.app, "/api/v1/sql", &json!({"query": escape}), None).await;
        assert_eq!(reply.error_code(), "query_refused", "{escape}");
    }
    assert!(!Path::new("/tmp/entente-escape.csv").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn heavy_requests_beyond_the_limit_are_refused_with_503() {
    let limits = Limits {
        max_concurrent: 1,
        queue_wait: Duration::ZERO,
        ..Limits::default()
    };
    let s = server_with(true, None, limits);
    // Coding a long actor-dense text holds the one slot for a while.
    let long =
        "Azerbaijan and Israel signed an agreement while Turkey condemned Iran. ".repeat(4000);
    let app = s.app.clone();
    let busy =
        tokio::spawn(async move { post(&app, "/api/v1/code", &json!({"text": long}), None).await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let refused = get(&s.app, "/api/v1/network").await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.error_code(), "busy");
    assert_eq!(busy.await.unwrap().status, StatusCode::OK);
    assert_eq!(get(&s.app, "/api/v1/network").await.status, StatusCode::OK);
}

#[test]
fn a_non_loopback_bind_needs_a_token() {
    let lan = "0.0.0.0:8080".parse().unwrap();
    let err = check_bind(&lan, None).unwrap_err().to_string();
    assert!(
        err.contains("refusing to listen on 0.0.0.0:8080 without a token"),
        "{err}"
    );
    assert!(check_bind(&lan, Some("")).is_err());
    assert!(check_bind(&lan, Some(TOKEN)).is_ok());
    assert!(check_bind(&"127.0.0.1:8080".parse().unwrap(), None).is_ok());
    assert!(check_bind(&"[::1]:8080".parse().unwrap(), None).is_ok());
}

/// The example articles as JSON lines, with the ids, dates and outlets their `.meta.json` give.
fn articles_as_jsonl() -> String {
    let mut lines = String::new();
    let mut texts: Vec<PathBuf> = std::fs::read_dir(articles())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    for path in texts {
        let mut doc: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("meta.json")).unwrap(),
        )
        .unwrap();
        doc["text"] = json!(std::fs::read_to_string(&path).unwrap());
        lines += &(doc.to_string() + "\n");
    }
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_ingest_while_serving_leaves_the_counts_of_a_plain_ingest() {
    let plain_dir = tempfile::tempdir().unwrap();
    let plain = plain_dir.path().join("plain.duckdb");
    plain_ingest(&plain, &[articles()]);

    let s = server_with(false, Some(TOKEN), Limits::default());
    // Readers keep asking while the ingest runs; none may fail but for the store not existing yet.
    let app = s.app.clone();
    let readers = tokio::spawn(async move {
        let mut statuses = Vec::new();
        for _ in 0..40 {
            let reply = get(&app, "/api/v1/events?limit=5").await;
            statuses.push((reply.status, reply.error_code_or_ok()));
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        statuses
    });
    let request = Request::post("/api/v1/ingest")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(articles_as_jsonl()))
        .unwrap();
    let reply = send(&s.app, request).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json()["documents_new"], json!(2));
    for (status, code) in readers.await.unwrap() {
        assert!(
            status == StatusCode::OK || code == "store_empty",
            "{status} {code}"
        );
    }

    let served = Store::open_read_only(&s.store).unwrap();
    let expected = Store::open_read_only(&plain).unwrap();
    let (a, b) = (served.counts().unwrap(), expected.counts().unwrap());
    assert_eq!(
        (a.documents, a.events, a.reports, a.relations),
        (b.documents, b.events, b.reports, b.relations)
    );
    assert_eq!(
        served.events(&EventFilter::default()).unwrap(),
        expected.events(&EventFilter::default()).unwrap(),
        "the same events, field for field"
    );
    drop(served);

    // Posting the same documents again adds nothing, as a re-run of `entente ingest` would not.
    let again = Request::post("/api/v1/ingest")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(articles_as_jsonl()))
        .unwrap();
    let again = send(&s.app, again).await.json();
    assert_eq!(
        (
            again["documents_new"].clone(),
            again["documents_known"].clone()
        ),
        (json!(0), json!(2))
    );

    // A writer in another process: tests/serve_cli.rs (DuckDB's file lock is per process, so a
    // writer in this one would not show it).
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_kept_until_the_store_changes() {
    let s = seeded();
    let cached = |reply: &Reply| {
        let header = reply.headers.get("x-entente-cache");
        header.map_or("none".to_string(), |h| h.to_str().unwrap().to_string())
    };
    let first = get(&s.app, "/api/v1/health").await;
    let again = get(&s.app, "/api/v1/health").await;
    assert_eq!(
        (cached(&first), cached(&again)),
        ("miss".into(), "hit".into())
    );
    assert_eq!(first.body, again.body);
    let events = |reply: &Reply| reply.json()["store"]["events"].as_i64().unwrap();
    let dyad = get(&s.app, "/api/v1/dyad?a=AZE&b=ISR&by=month").await;
    assert_eq!(cached(&dyad), "miss", "each URL is its own answer");
    assert_eq!(
        cached(&get(&s.app, "/api/v1/dyad?a=AZE&b=ISR&by=month").await),
        "hit"
    );
    // Errors are not kept.
    let bad = get(&s.app, "/api/v1/dyad?a=AZE").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_ne!(cached(&get(&s.app, "/api/v1/dyad?a=AZE").await), "hit");

    // Another process writes: once the server's idle instance has closed, the file changes.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let extra = tempfile::tempdir().unwrap();
    let doc = extra.path().join("extra.txt");
    std::fs::write(&doc, "Iran condemned Israel on 3 January 2024.\n").unwrap();
    plain_ingest(&s.store, &[doc]);
    let after_write = get(&s.app, "/api/v1/health").await;
    assert_eq!(cached(&after_write), "miss");
    assert!(
        events(&after_write) > events(&first),
        "{}",
        after_write.json()
    );

    // This server writes.
    let posted = json!({"id": "posted", "text": "Russia threatened Ukraine on 4 January 2024."});
    assert_eq!(
        post(&s.app, "/api/v1/ingest", &posted, Some(TOKEN))
            .await
            .status,
        StatusCode::OK
    );
    let after_ingest = get(&s.app, "/api/v1/health").await;
    assert_eq!(cached(&after_ingest), "miss");
    assert!(
        events(&after_ingest) > events(&after_write),
        "{}",
        after_ingest.json()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_of_one_url_compute_it_once() {
    let s = seeded();
    let replies = futures_util::future::join_all(
        (0..8).map(|_| get(&s.app, "/api/v1/network?since=2020-01&until=2024-12")),
    )
    .await;
    let misses = replies
        .iter()
        .filter(|r| r.headers["x-entente-cache"] == "miss")
        .count();
    assert_eq!(misses, 1);
    assert!(replies.iter().all(|r| r.body == replies[0].body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parquet_download_is_one_file_and_lets_go_of_the_store() {
    let s = seeded();
    let parquet = get(&s.app, "/api/v1/export?dyad=AZE:ISR&format=parquet").await;
    assert_eq!(parquet.status, StatusCode::OK);
    assert_eq!(
        parquet.headers[header::CONTENT_TYPE],
        "application/vnd.apache.parquet"
    );
    assert!(parquet.body.starts_with(b"PAR1") && parquet.body.ends_with(b"PAR1"));
    // The rows themselves are checked where the file is written (the store's export tests).
    assert!(parquet.body.len() > 1000, "{} bytes", parquet.body.len());
    // Reads go on after the export let go of the store.
    assert_eq!(get(&s.app, "/api/v1/health").await.status, StatusCode::OK);
    let unknown = get(&s.app, "/api/v1/export?actor=ZZZ&format=parquet").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.error_code(), "invalid_request");
}
