//! STUB (owned by the text helper): replace with the real implementation.

/// Extracts readable text from an HTML page: scripts, styles and navigation boilerplate removed.
/// The result is what becomes `Document::text`, so all later offsets point into it.
pub fn extract(html: &str) -> String {
    html.to_string()
}
