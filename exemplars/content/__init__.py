"""Content: the typed model, loading files, and the checks (rules of the spec)."""
