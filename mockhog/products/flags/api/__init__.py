"""The flags area's api layer: endpoints."""
