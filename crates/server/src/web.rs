//! The front end, compiled into the binary, and the layers every response passes through:
//! body limit, security headers, JSON errors and the access log.
//!
//! Assets are served from a fixed list of names mapped to `include_bytes!`, so no request path
//! is ever joined to a directory: nothing a client sends reaches the file system.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// (URL path, content type, bytes) of every file the browser loads.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../assets/index.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "/vendor/cytoscape.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/cytoscape.min.js"),
    ),
    (
        "/vendor/echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/echarts.min.js"),
    ),
    (
        "/world/countries-110m.geojson",
        "application/geo+json",
        include_bytes!("../assets/world/countries-110m.geojson"),
    ),
];

pub(crate) fn assets() -> Router {
    ASSETS
        .iter()
        .fold(Router::new(), |router, &(path, kind, bytes)| {
            router.route(
                path,
                get(move || async move {
                    (
                        [
                            (header::CONTENT_TYPE, kind),
                            // The bytes change only with the binary; a short cache spares reloads.
                            (header::CACHE_CONTROL, "max-age=300"),
                        ],
                        bytes,
                    )
                }),
            )
        })
}

/// Scripts, styles, images and requests only from this server; no framing, no plugins. Styles
/// allow inline `style` attributes because ECharts and Cytoscape position their tooltips and
/// canvases with them; scripts allow nothing inline.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn layers(router: Router, state: Arc<AppState>) -> Router {
    let max_body = state.limits.max_body;
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    // The last layer added is the outermost: the log sees the final status, and JSON errors
    // replace the body limit's plain-text 413. No CORS layer: browsers keep other origins out.
    router
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            local_hosts_only,
        ))
        .layer(middleware::from_fn(json_errors))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(middleware::from_fn_with_state(state, access_log))
}

/// On a loopback address, refuses requests that name another host: a page elsewhere that points
/// its own domain at 127.0.0.1 (DNS rebinding) would otherwise be the same origin as the
/// workbench, and could read the store through a visitor's browser. Clients that send no Host
/// header (HTTP/1.0 tools) are let through; browsers always send one.
async fn local_hosts_only(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("").to_ascii_lowercase());
    let local = |host: &str| {
        let name = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        };
        matches!(name, "localhost" | "127.0.0.1" | "[::1]")
    };
    match host {
        Some(host) if state.loopback && !local(&host) => ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden_host",
            format!("this server answers only for localhost, 127.0.0.1 and [::1], not {host:?}"),
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

/// A handler that panicked answers 500 in the API's shape; what it said goes to the log only.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    ApiError::internal(what).into_response()
}

/// Gives every error response the API's JSON shape, whoever made it (an unknown route, a
/// rejected query string or body, the body limit), keeping its text as the message.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if status.as_u16() < 400 || is_json {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 16 << 10)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    ApiError::new(status, ApiError::code_for(status), message).into_response()
}

/// One line per request: time, client, method, path and query, status, bytes, milliseconds.
/// Headers are not logged, so the token never is.
async fn access_log(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or("-".to_string(), |c| c.0.to_string());
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.to_string());
    let response = next.run(request).await;
    let bytes = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let line = format!(
        "{} {client} \"{method} {target}\" {} {bytes} {:.1}ms\n",
        utc_now(),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1e3,
    );
    if let Ok(mut log) = state.log.lock() {
        let _ = log.write_all(line.as_bytes());
    }
    response
}

/// The current time as `2024-06-01T12:00:00Z`.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let day = entente_model::EventDate::from_days_since_epoch(seconds.div_euclid(86_400));
    let time = seconds.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time / 60 % 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_answers_500_in_the_apis_shape_without_its_message() {
        let response = panicked(Box::new("index out of bounds at src/api.rs:42"));
        assert_eq!(response.status(), 500);
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body.to_string().contains("src/api.rs"), "{body}");
    }

    #[test]
    fn the_clock_prints_as_iso_8601() {
        let now = utc_now();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[10] == b'T', "{now}");
    }
}
