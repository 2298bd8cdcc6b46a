"""``mockhog generate``: deterministic fixtures made with faker, events included."""
