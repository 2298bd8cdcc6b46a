"""The file system area's schemas layer: wire models: output shapes in PostHog's field order, and inputs."""
