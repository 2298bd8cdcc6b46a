"""The insights area's api layer: endpoints."""
