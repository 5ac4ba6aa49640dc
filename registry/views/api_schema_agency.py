"""The OpenAPI description of the agencies' API (change stream, record on a day), merged into /api/schema/."""

from django.conf import settings

from registry.models import ChangeKind

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def _error(description: str) -> dict:
    return {"description": description, "content": ERROR}


COMMON_ERRORS = {
    "400": _error("A parameter is not valid"),
    "401": _error("The bearer key is unknown, malformed or revoked (WWW-Authenticate: Bearer)"),
    "429": _error("Too many requests from this key or address; see Retry-After"),
}


def agency_paths() -> dict:
    """The paths of the agencies' API."""
    limits = settings.REGISTRY
    security = [{}, {"agencyKey": []}]  # anonymous (public fields) or an agency's key
    return {
        "/api/changes/": {
            "get": {
                "summary": "The change stream: events after a timepoint, as JSON lines",
                "description": (
                    "Events in timepoint order, one JSON object a line. When fewer than `limit` are waiting the "
                    f"connection stays open up to `wait` seconds (at most {limits['CHANGES_WAIT_SECONDS']}) and "
                    "sends new events as they commit. Reconnect with the last timepoint received: nothing is "
                    "missed and nothing repeated. Events are kept "
                    f"{limits['CHANGES_RETENTION_DAYS']} days; an older timepoint answers 416."
                ),
                "security": security,
                "parameters": [
                    {
                        "name": "timepoint",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 0, "default": 0},
                        "description": "The last timepoint received (0: from the oldest kept)",
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": limits["CHANGES_MAX_LIMIT"]},
                        "description": "Most events in this answer",
                    },
                    {
                        "name": "wait",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 0, "maximum": limits["CHANGES_WAIT_SECONDS"]},
                        "description": "Seconds to wait for new events (0: answer with what is there)",
                    },
                    {
                        "name": "kind",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string", "enum": ChangeKind.values}},
                        "style": "form",
                        "explode": True,
                        "description": "Only these kinds of event (repeat the parameter)",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Events, one JSON object a line (each a ChangeEvent)",
                        "content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/ChangeEvent"}}},
                    },
                    "416": {
                        "description": "The timepoint is older than the retention window",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "detail": {"type": "string"},
                                        "oldest_timepoint": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    **COMMON_ERRORS,
                },
            }
        },
        "/api/organizations/{code}/": {
            "get": {
                "summary": "One organization, now or as the register held it at the end of a day",
                "security": security,
                "parameters": [
                    {
                        "name": "code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "统一社会信用代码",
                    },
                    {
                        "name": "as_of",
                        "in": "query",
                        "schema": {"type": "string", "format": "date"},
                        "description": "A past day (YYYY-MM-DD): the record rebuilt from the organization's history",
                    },
                ],
                "responses": {
                    "200": {
                        "description": (
                            "The record; with as_of, `as_of` is set and purchase_of_service_eligible is null. "
                            "A key whose agreement allows it also gets legal_rep_id_number (each disclosure logged)."
                        ),
                        "content": {
                            "application/json": {
                                "schema": {
                                    "allOf": [
                                        {"$ref": "#/components/schemas/Organization"},
                                        {
                                            "type": "object",
                                            "properties": {
                                                "as_of": {"type": "string", "format": "date"},
                                                "legal_rep_id_number": {"type": "string"},
                                            },
                                        },
                                    ]
                                }
                            }
                        },
                    },
                    "404": _error("No organization with this code, or not yet in the register on that day"),
                    **COMMON_ERRORS,
                },
            }
        },
    }


def agency_components() -> dict:
    """The schemas and the bearer security scheme of the agencies' API."""
    value = {"nullable": True, "description": "a string, number, boolean or null"}
    return {
        "schemas": {
            "Error": {"type": "object", "properties": {"detail": {"type": "string"}}},
            "ChangeEvent": {
                "type": "object",
                "properties": {
                    "timepoint": {"type": "integer", "description": "Increases with every event, in commit order"},
                    "kind": {"type": "string", "enum": ChangeKind.values},
                    "code": {"type": "string", "nullable": True, "description": "统一社会信用代码"},
                    "name": {"type": "string"},
                    "occurred_at": {"type": "string", "format": "date-time"},
                    "fields": {
                        "type": "object",
                        "description": "For registered and changed: field → old and new value (public fields, "
                        "plus the agency fields the key allows)",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {"old": value, "new": value},
                        },
                    },
                    "detail": {
                        "type": "object",
                        "description": "credit_listed/credit_removed: list, reason_code, year, listed_on, "
                        "removed_on, authority; penalty: decision_number, penalties, served_on; filing: "
                        "filing_kind, filed_on",
                    },
                },
            },
        },
        "securitySchemes": {
            "agencyKey": {
                "type": "http",
                "scheme": "bearer",
                "description": "An agency's API key (rk_...), issued in the admin; its own rate limit and scopes",
            }
        },
    }
