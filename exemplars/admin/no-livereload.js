// `mkdocs serve` appends its live-reload script to every HTML page. Each save in the editor
// rebuilds the site, which would reload the editor mid-work: make it a no-op. A file, not an
// inline script, so /admin/'s Content-Security-Policy needs no 'unsafe-inline'.
Object.defineProperty(window, "livereload", { value: function () {}, writable: false });
