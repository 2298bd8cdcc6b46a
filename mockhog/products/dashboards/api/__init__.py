"""The dashboards area's api layer: endpoints."""
