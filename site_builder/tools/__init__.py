"""Staff's tools: the publishing pipeline, the report, new records, the local server with its
fast rebuilds, and the built site's link check."""
