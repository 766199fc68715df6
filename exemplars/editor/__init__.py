"""Editor tools: scaffolding, import, JSON Schema and the web editor config."""
