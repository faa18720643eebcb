//! The OpenAPI 3 document served at `/api/v1/openapi.json`. A test checks that its paths and
//! methods are exactly the router's ([`crate::ROUTES`]).

use serde_json::{json, Map, Value};

fn param(name: &str, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": {"type": kind}, "description": description})
}

fn required(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": true, "schema": {"type": "string"}, "description": description})
}

/// The filters of `entente events`, without paging.
fn event_selection() -> Vec<Value> {
    vec![
        param(
            "actor",
            "string",
            "Source or target is this country (AZE) or has this actor-code prefix (AZEGOV).",
        ),
        param("dyad", "string", "Directed dyad SOURCE:TARGET (AZE:ISR)."),
        param(
            "since",
            "string",
            "First date, YYYY, YYYY-MM or YYYY-MM-DD, inclusive.",
        ),
        param(
            "until",
            "string",
            "Last date, inclusive of the whole period given.",
        ),
        param("code", "string", "CAMEO code prefix (04, 042)."),
        param("root", "string", "CAMEO root, 1-20."),
        param("quad", "integer", "Quad class 1-4."),
        param("plover", "string", "PLOVER event category."),
        param("origin", "string", "text, gdelt or icews."),
        param(
            "text",
            "string",
            "Words that must all occur in an evidence sentence.",
        ),
        param(
            "in",
            "string",
            "Located in this country (TUR) or first-level division (TR.34).",
        ),
        param(
            "near",
            "string",
            "Located within KM kilometres of a point: LAT,LON,KM (41.01,28.95,50).",
        ),
        param(
            "modality",
            "string",
            "actual (default), intended, threatened, demanded, hypothetical or all.",
        ),
    ]
}

fn event_filters() -> Vec<Value> {
    let mut filters = event_selection();
    filters.extend([
        param("limit", "integer", "Events at most (a page)."),
        param("offset", "integer", "Events skipped first."),
        param("order", "string", "oldest (default) or newest first."),
    ]);
    filters
}

fn window() -> Vec<Value> {
    vec![
        param("at", "string", "The year, month or day this date names."),
        param("since", "string", "First date, inclusive."),
        param("until", "string", "Last date, inclusive."),
        param(
            "all",
            "boolean",
            "The whole store [default: the latest 12 months].",
        ),
        param(
            "neutral_band",
            "number",
            "Edges with |coop ratio| at most this are neutral.",
        ),
        param(
            "min_evidence",
            "integer",
            "Edges with fewer events + relations are left out.",
        ),
        param(
            "relation_weight",
            "number",
            "Weight of one stated relation.",
        ),
    ]
}

fn scope() -> Vec<Value> {
    vec![
        param("group", "string", "country (default), code or state."),
        param("origin", "string", "text, gdelt or icews."),
        param(
            "modality",
            "string",
            "Which readings count (default actual).",
        ),
    ]
}

fn text_body() -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {
    "type": "object", "required": ["text"],
    "properties": {
        "text": {"type": "string"}, "date": {"type": "string"}, "id": {"type": "string"},
        "title": {"type": "string"}, "url": {"type": "string"}, "source": {"type": "string"}
    }}}}})
}

fn operation(summary: &str, parameters: Vec<Value>, body: Option<Value>, content: &str) -> Value {
    let mut op = json!({
        "summary": summary,
        "parameters": parameters,
        "responses": {
            "200": {"description": "OK", "content": {content: {}}},
            "default": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
    });
    if let Some(body) = body {
        op["requestBody"] = body;
    }
    op
}

/// The document, built once per request (it is small).
pub fn document() -> Value {
    let json = "application/json";
    let concat = |a: Vec<Value>, b: Vec<Value>| a.into_iter().chain(b).collect::<Vec<_>>();
    let ops: Vec<(&str, &str, Value)> = vec![
        ("/api/v1/health", "get", operation("Server status and store counts.", vec![], None, json)),
        ("/api/v1/events", "get", operation(
            "Stored events, as `entente events` lists them, one page at a time (format=jsonl or csv downloads the selection).",
            concat(event_filters(), vec![param("format", "string", "json (default), jsonl, csv or parquet.")]), None, json)),
        ("/api/v1/export", "get", operation(
            "The selection as one JSONL or CSV file, with `entente export`'s columns: for notebooks while the server holds the store.",
            concat(event_filters(), vec![param("format", "string", "jsonl (default), csv or parquet (one file).")]), None, "application/x-ndjson")),
        ("/api/v1/evidence", "get", operation(
            "The reports behind a dyad's newest events, or behind events named by id, with the byte spans of source, target, trigger and place.",
            vec![param("a", "string", "First actor (with b)."), param("b", "string", "Second actor (with a)."),
                 param("events", "string", "Instead of a dyad: event ids, 1,2,3."), param("since", "string", "First date."),
                 param("until", "string", "Last date."), param("directed", "boolean", "Only A to B."),
                 param("modality", "string", "Which readings."), param("limit", "integer", "Events at most (default 50).")], None, json)),
        ("/api/v1/places", "get", operation(
            "The selection's events by place, for a map: per point its name (and every name its events give it), country, coordinates, events by quad class and mean Goldstein score; and how many events have no place.",
            concat(event_selection(), vec![param("limit", "integer", "Places at most, the busiest first (default 1000).")]), None, json)),
        ("/api/v1/dyad", "get", operation(
            "A dyad's timeline per period, as `entente dyad --format json`.",
            concat(vec![required("a", "First actor."), required("b", "Second actor."),
                 param("by", "string", "week, month (default), quarter or year."), param("since", "string", "First date."),
                 param("until", "string", "Last date."), param("directed", "boolean", "Only A to B."),
                 param("alpha", "number", "Smoothing factor in (0, 1].")], scope()), None, json)),
        ("/api/v1/network", "get", operation(
            "The signed network of a window, as `entente network --format json`.", concat(window(), scope()), None, json)),
        ("/api/v1/balance", "get", operation(
            "Structural balance, as `entente balance --format json`.",
            concat(concat(vec![param("focus", "string", "Only triangles this actor is in."),
                 param("limit", "integer", "Unbalanced triangles listed at most."),
                 param("evidence", "integer", "Events per edge of a listed triangle."),
                 param("exact_limit", "integer", "Components partitioned exactly up to this size.")], window()), scope()), None, json)),
        ("/api/v1/actor", "get", operation(
            "One actor's partners and rivals, cross-pressure, unbalanced triangles, newest events and the names that resolved to it.",
            concat(concat(vec![required("actor", "Country or actor code."), param("recent", "integer", "Newest events listed.")], window()), scope()), None, json)),
        ("/api/v1/alerts", "get", operation(
            "Sign flips and breaks, as `entente alerts --format json`.",
            concat(vec![param("since", "string", "Report periods from the one containing this date."),
                 param("by", "string", "week, month (default), quarter or year."), param("baseline", "integer", "Baseline periods."),
                 param("min_baseline", "integer", "Baseline periods with events at least."),
                 param("threshold", "number", "Change of the coop ratio that is a break."),
                 param("neutral_band", "number", "Neutral band."), param("min_events", "integer", "Events in the period at least."),
                 param("evidence", "integer", "Events per alert.")], scope()), None, json)),
        ("/api/v1/sql", "post", operation(
            "One read-only query, confined as `entente sql` is (row limit, time limit, no file but the store).", vec![],
            Some(json!({"required": true, "content": {json: {"schema": {"type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}}}}})), json)),
        ("/api/v1/code", "post", operation(
            "Codes a text without storing it: events (as `entente code`), mentions and relations.", vec![], Some(text_body()), json)),
        ("/api/v1/explain", "post", operation(
            "How each sentence was coded, as `entente explain --format json`.", vec![], Some(text_body()), json)),
        ("/api/v1/ingest", "post", operation(
            "Codes and stores documents (a JSON object, an array, or JSON lines as application/x-ndjson), as `entente ingest` would; needs the bearer token.",
            vec![], Some(json!({"required": true, "content": {json: {"schema": {"type": "object"}}, "application/x-ndjson": {"schema": {"type": "string"}}}})), json)),
        ("/api/v1/openapi.json", "get", operation("This document.", vec![], None, json)),
    ];
    let mut paths = Map::new();
    for (path, method, mut op) in ops {
        if path == "/api/v1/ingest" {
            op["security"] = json!([{"bearer": []}]);
        }
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Entente",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Coded international-relations events and their analysis. Field names are those of the entente command line."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}
        }
    })
}
