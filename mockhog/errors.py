"""The errors behaviour code raises; http/errors.py renders them in PostHog's shapes."""

from __future__ import annotations

import math
from typing import Any


class ApiError(Exception):
    """A DRF-style exception, rendered by exceptions-hog as {"type", "code", "detail", "attr"}."""

    status = 400
    type = "validation_error"
    default_code = "invalid_input"
    default_detail = "Invalid input."

    def __init__(
        self, detail: str | None = None, *, code: str | None = None, attr: str | None = None
    ) -> None:
        self.detail = detail if detail is not None else self.default_detail
        self.code = code or self.default_code
        self.attr = attr
        super().__init__(self.detail)

    def body(self) -> dict[str, Any]:
        return {"type": self.type, "code": self.code, "detail": self.detail, "attr": self.attr}


class ValidationError(ApiError):
    pass


class ParseError(ApiError):
    type = "invalid_request"
    default_code = "parse_error"
    default_detail = "Malformed request."


class NotAuthenticated(ApiError):
    status = 401
    type = "authentication_error"
    default_code = "not_authenticated"
    default_detail = "Authentication credentials were not provided."


class AuthenticationFailed(ApiError):
    status = 401
    type = "authentication_error"
    default_code = "authentication_failed"
    default_detail = "Incorrect authentication credentials."


class PermissionDenied(ApiError):
    status = 403
    type = "authentication_error"
    default_code = "permission_denied"
    default_detail = "You do not have permission to perform this action."


class NotFound(ApiError):
    status = 404
    type = "invalid_request"
    default_code = "not_found"
    default_detail = "Not found."


class MethodNotAllowed(ApiError):
    status = 405
    type = "invalid_request"
    default_code = "method_not_allowed"

    def __init__(self, method: str) -> None:
        super().__init__(f'Method "{method}" not allowed.')


class UnsupportedMediaType(ApiError):
    status = 415
    type = "invalid_request"
    default_code = "unsupported_media_type"

    def __init__(self, media_type: str) -> None:
        super().__init__(f'Unsupported media type "{media_type}" in request.')


class RequestTooLarge(ApiError):
    # Divergence: Django raises RequestDataTooBig with this message, which PostHog answers with a 500 (it is
    # no APIException) unless a proxy in front answers 413 first; bad input never gets a 500 from mockhog
    status = 413
    type = "invalid_request"
    default_code = "request_too_large"
    default_detail = "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."


class Conflict(ApiError):
    status = 409
    type = "invalid_request"
    default_code = "conflict"


class Throttled(ApiError):
    """429 from a throttle; ``wait`` (seconds, rounded up) goes into the detail and the Retry-After header."""

    # PostHog: rest_framework/exceptions.py Throttled, rendered by exceptions-hog as throttled_error
    status = 429
    type = "throttled_error"
    default_code = "throttled"
    default_detail = "Request was throttled."

    def __init__(self, wait: float | None = None) -> None:
        self.wait = math.ceil(wait) if wait is not None else None
        detail = self.default_detail
        if self.wait is not None:
            detail += f" Expected available in {self.wait} second{'' if self.wait == 1 else 's'}."
        super().__init__(detail)


class PlainError(Exception):
    """An error PostHog returns as a hand-built body (e.g. {"error": ...}) instead of raising.

    PostHog: views that ``return Response({...}, status=...)`` bypass the exceptions-hog handler.
    """

    def __init__(self, status: int, body: dict[str, Any] | list[Any] | None) -> None:
        self.status = status
        self.body = body
        super().__init__(f"{status}: {body}")
