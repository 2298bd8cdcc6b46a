"""The identity area's api layer: endpoints."""
