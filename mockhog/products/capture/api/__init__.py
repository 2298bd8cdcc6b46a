"""The capture area's api layer: endpoints."""
