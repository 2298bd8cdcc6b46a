"""The browser inspector at /_mockhog/ui/: the live state, journal, faults and clock, as server HTML."""
