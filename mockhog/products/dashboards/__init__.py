"""Dashboards: tiles and text cards, templates, collaborators, sharing and share links, exports."""
