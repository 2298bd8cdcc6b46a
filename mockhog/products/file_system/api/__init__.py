"""The file system area's api layer: endpoints."""
