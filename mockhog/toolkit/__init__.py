"""The testing toolkit: observing and steering a mock (journal, changes, faults, rate limits, tenants)."""
