"""Property-based fuzzing of mockhog with schemathesis: its own OpenAPI document and PostHog's."""
