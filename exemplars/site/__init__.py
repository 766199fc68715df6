"""Site output: catalog, page plan, rendering, search, media and exports."""
