"""Work the clock and listeners hand off: delivering the outbox, intros, the digest and its
chart."""
