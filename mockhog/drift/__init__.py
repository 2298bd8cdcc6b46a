"""``mockhog drift``: a request plan sent to a real PostHog and to a mockhog, and the answers compared."""
