//! Errors as the API reports them: `{"error": {"code": "...", "message": "..."}}`, with a stable
//! code a client can branch on and a message for people. Never a backtrace or a panic message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use entente_store::StoreError;

#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// Something this server got wrong; the detail goes to the log, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("entente serve: internal error: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to answer; its log says why",
        )
    }

    /// The stable code of a status that reached the client without one of ours (a rejected
    /// extractor, an unknown route, the body limit).
    pub fn code_for(status: StatusCode) -> &'static str {
        match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "invalid_request",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::SERVICE_UNAVAILABLE => "busy",
            StatusCode::GATEWAY_TIMEOUT => "timeout",
            _ => "internal",
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::Invalid(_) => Self::invalid(message),
            StoreError::QueryRefused(_) => {
                Self::new(StatusCode::BAD_REQUEST, "query_refused", message)
            }
            StoreError::QueryTimeout { .. } => {
                Self::new(StatusCode::GATEWAY_TIMEOUT, "timeout", message)
            }
            StoreError::Empty { .. } => Self::new(StatusCode::NOT_FOUND, "store_empty", message),
            StoreError::Locked { .. } | StoreError::Busy { .. } => {
                Self::new(StatusCode::CONFLICT, "store_busy", message)
            }
            // A user's own SQL failing (unknown column) is theirs to fix, and says so in DuckDB's words.
            StoreError::Sql(_) => Self::new(StatusCode::BAD_REQUEST, "query_failed", message),
            _ => Self::internal(message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
