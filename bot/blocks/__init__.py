"""Pure functions that return Block Kit dicts: no database, no clock, no I/O."""
