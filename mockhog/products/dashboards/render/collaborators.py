"""Renders dashboard collaborators (DashboardCollaboratorSerializer)."""

from __future__ import annotations

from mockhog.products.dashboards.schemas.collaborators import CollaboratorOut
from mockhog.products.view import View
from mockhog.state.records import Collaborator


def collaborator_out(view: View, collaborator: Collaborator) -> CollaboratorOut:
    return {
        "id": collaborator.id,
        "dashboard_id": collaborator.dashboard_id,
        "user": view.user(collaborator.user_id),
        "level": collaborator.level,
        "added_at": collaborator.added_at,
        "updated_at": collaborator.updated_at,
    }
