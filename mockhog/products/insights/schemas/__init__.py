"""The insights area's schemas layer: wire models: output shapes in PostHog's field order, and inputs."""
