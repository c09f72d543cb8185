// Package web is serve's web page: a form that runs a diagnosis through
// the remote diagnosis API (same token, bounds and allowlist), shows its
// progress from the API's event stream, and then the finished report as
// one self-contained HTML page, kept in memory for a bounded time under an
// unguessable link.
//
// The page works without scripts too: the form posts, the server runs the
// diagnosis and redirects to the kept report.
package web
