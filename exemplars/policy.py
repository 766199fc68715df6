"""Content-Security-Policy: what a page of the site may load and run, declared once.

Every page carries it in a `<meta http-equiv>` (works on any static host); `docs/deploy.md`
gives the same policy as an nginx header, plus what only a header can say. Scripts come from
the site alone: Material's two inline scripts are replaced by files (`overrides/partials/
javascripts/`), and JSON-LD and Material's config are data blocks, which CSP does not run.
"""

from __future__ import annotations

# Pagefind compiles its WebAssembly index reader: 'wasm-unsafe-eval' allows that and
# nothing else (no eval of JavaScript). Styles may be inline: the sanitizer lets only
# `text-align` through from content, and a style cannot run script.
SITE: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: https:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "frame-src": "'none'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
# Directives browsers ignore (and complain about) in a <meta>: only the server can send them.
HEADER_ONLY: dict[str, str] = {"frame-ancestors": "'none'"}
# The web editor (/admin/, only in `make edit` or a configured backend) runs Decap CMS, which
# needs eval ('unsafe-eval'), inline styles and blob: previews, and talks to its backend.
ADMIN: dict[str, str] = {
    **SITE,
    "script-src": "'self' 'unsafe-eval'",
    "img-src": "'self' data: blob: https:",
    "connect-src": "'self' https:",
    "frame-src": "'self' blob:",
}


def policy(directives: dict[str, str], serve: bool = False) -> str:
    """The policy as one header value. `serve`: `mkdocs serve` injects an inline live-reload
    script into every page, so the local preview alone also allows inline scripts."""
    parts = dict(directives)
    if serve:
        parts["script-src"] += " 'unsafe-inline'"
    return "; ".join(f"{name} {value}" for name, value in parts.items())


def site_policy(serve: bool = False) -> str:
    return policy(SITE, serve)


def header_policy() -> str:
    """For a server's Content-Security-Policy header (docs/deploy.md)."""
    return policy({**SITE, **HEADER_ONLY})


def admin_policy(serve: bool = False) -> str:
    return policy(ADMIN, serve)
