"""Domain and database work. Services take a session and plain values, flush but never
commit, and never import Slack."""
