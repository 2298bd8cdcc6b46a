"""The query API's runners: one module per query kind, all writing HogQL for the event engine."""
