"""The Slack edge: the HTTP door, payload parsing and shapes, OAuth and the installation
store, clients and rate limits, sending, follow-ups, the request log, the per-person cache."""
