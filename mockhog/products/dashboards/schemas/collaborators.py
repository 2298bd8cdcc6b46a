"""Wire models of dashboard collaborators (DashboardCollaboratorSerializer)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypedDict

from pydantic import BaseModel, ConfigDict, PlainValidator

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.wire.fields import Uuid, drf_choice


class CollaboratorOut(TypedDict):
    id: str
    dashboard_id: int
    user: UserBasic | None
    level: int
    added_at: datetime | None
    updated_at: datetime | None


class CollaboratorIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    # PostHog: DashboardCollaboratorSerializer validates level (model field) before user_uuid
    level: Annotated[int, PlainValidator(drf_choice((21, 37)))]
    user_uuid: Uuid
