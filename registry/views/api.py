"""The read-only JSON API of the public register, for other government systems, with its OpenAPI schema."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.choices import Grade, OrgStatus, OrgType
from registry.models import Organization
from registry.ratelimit import client_address, seconds_to_wait
from registry.search.backends import CREDIT_LISTS, SORTS, search_organizations
from registry.search.params import search_query
from registry.selectors import purchase_of_service_problems_of
from registry.views.api_schema_agency import agency_components, agency_paths

API_PER_PAGE = 50


def public_record(organization: Organization) -> dict:
    """The fields anyone may see of an organization: never ID numbers, phone numbers or documents."""
    return {
        "uscc": organization.uscc,
        "name": organization.name,
        "org_type": organization.org_type,
        "org_type_label": str(organization.get_org_type_display()),
        "status": organization.status,
        "status_label": str(organization.get_status_display()),
        "registration_authority": {
            "code": organization.jurisdiction.code,
            "name": organization.jurisdiction.authority_name,
        },
        "domicile": organization.domicile,
        "legal_representative": organization.legal_rep_name,
        "business_scope": organization.business_scope,
        "competent_unit": organization.competent_unit,
        "direct_registration_category": organization.direct_category,
        "registered_funds_yuan": f"{organization.registered_funds:.2f}",
        "founded_on": organization.founded_on.isoformat() if organization.founded_on else None,
        "certificate_valid_until": (
            organization.certificate_valid_until.isoformat() if organization.certificate_valid_until else None
        ),
        # Expired is read from the date, never stored (registry/rules/certificate_services.py).
        "certificate_expired": bool(
            organization.certificate_valid_until and organization.certificate_valid_until < timezone.localdate()
        ),
        "grade": organization.grade or None,
        "grade_expires_on": organization.grade_expires_on.isoformat() if organization.grade_expires_on else None,
        "on_activity_abnormal_list": organization.on_abnormal_list,
        "on_serious_dishonest_list": organization.on_dishonest_list,
        "last_inspection_result": organization.last_inspection_result or None,
        "suspended_until": organization.suspended_until.isoformat() if organization.suspended_until else None,
        "purchase_of_service_eligible": not purchase_of_service_problems_of(organization),
        "url": settings.PUBLIC_BASE_URL + reverse("organization_detail", args=[organization.uscc]),
    }


def rate_limited(request) -> int:
    """Seconds to wait when the caller used up this minute's requests, else 0.

    Anonymous callers count per address; a signed-in account counts on its own, from any address.
    """
    if request.user.is_authenticated:
        return seconds_to_wait(
            scope="api-account",
            address=f"user-{request.user.pk}",
            limit=settings.REGISTRY["API_ACCOUNT_PER_MINUTE"],
            window_seconds=60,
        )
    return seconds_to_wait(
        scope="api", address=client_address(request), limit=settings.REGISTRY["API_ANON_PER_MINUTE"], window_seconds=60
    )


@require_safe
def organizations(request):
    """Search the register: the same query and filters as the public search page, as JSON."""
    wait = rate_limited(request)
    if wait:
        response = JsonResponse({"detail": _("请求过于频繁，请%(seconds)d秒后再试。") % {"seconds": wait}}, status=429)
        response["Retry-After"] = str(wait)
        return response
    query, _filters = search_query(request.GET, per_page=API_PER_PAGE)
    results = search_organizations(query)
    return JsonResponse(
        {
            "count": results.total,
            "page": query.page,
            "per_page": query.per_page,
            "backend": results.backend,
            "degraded": results.degraded,
            "results": [public_record(org) for org in results.organizations],
            "facets": {name: [{"value": v, "count": n} for v, n in pairs] for name, pairs in results.facets.items()},
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _enum(values, description):
    return {"type": "string", "enum": list(values), "description": description}


@require_safe
def schema(request):
    """OpenAPI 3.0 description of the API."""
    string, nullable = {"type": "string"}, {"type": "string", "nullable": True}
    record = {
        "type": "object",
        "properties": {
            "uscc": {"type": "string", "description": "统一社会信用代码 (GB 32100-2015)"},
            "name": string,
            "org_type": _enum(OrgType.values, "1 社会团体, 2 民办非企业单位, 3 基金会"),
            "org_type_label": string,
            "status": _enum(OrgStatus.values, "登记状态"),
            "status_label": string,
            "registration_authority": {
                "type": "object",
                "properties": {"code": string, "name": string},
            },
            "domicile": string,
            "legal_representative": string,
            "business_scope": string,
            "competent_unit": string,
            "direct_registration_category": string,
            "registered_funds_yuan": {"type": "string", "description": "yuan, two decimals"},
            "founded_on": {"type": "string", "format": "date", "nullable": True},
            "certificate_valid_until": {"type": "string", "format": "date", "nullable": True},
            "certificate_expired": {"type": "boolean"},
            "grade": {**nullable, "enum": [*Grade.values, None]},
            "grade_expires_on": {"type": "string", "format": "date", "nullable": True},
            "on_activity_abnormal_list": {"type": "boolean"},
            "on_serious_dishonest_list": {"type": "boolean"},
            "last_inspection_result": {**nullable, "enum": ["passed", "basic", "failed", None]},
            "suspended_until": {"type": "string", "format": "date", "nullable": True},
            "purchase_of_service_eligible": {
                "type": "boolean",
                "description": "政府购买服务资质：登记正常、未列入信用名单、未在停止活动期间、三年内无较重行政处罚",
            },
            "url": {"type": "string", "format": "uri"},
        },
    }
    parameters = [
        ("q", string, "名称片段、拼音、拼音首字母、统一社会信用代码或业务范围词语"),
        ("org_type", _enum(OrgType.values, ""), "组织类型"),
        ("status", _enum([OrgStatus.NORMAL, OrgStatus.REVOKED, OrgStatus.DEREGISTERED], ""), "登记状态"),
        ("jurisdiction", string, "登记管理机关的行政区划代码，如 310112"),
        ("grade", _enum(Grade.values, ""), "评估等级"),
        ("credit", _enum(CREDIT_LISTS, ""), "信用名单"),
        ("founded_year", {"type": "integer"}, "成立登记年份"),
        ("inspection", _enum(["passed", "basic", "failed"], ""), "最近年检结论"),
        ("sort", _enum(SORTS, ""), "排序"),
        ("page", {"type": "integer", "minimum": 1}, "页码（每页 50 条）"),
    ]
    document = {
        "openapi": "3.0.3",
        "info": {
            "title": "社会组织登记信息查询接口 / Social organization register API",
            "version": "1.0",
            "description": "Read-only. Anonymous callers are limited to "
            f"{settings.REGISTRY['API_ANON_PER_MINUTE']} requests a minute (HTTP 429 with Retry-After beyond).",
        },
        "servers": [{"url": settings.PUBLIC_BASE_URL}],
        "paths": {
            "/api/organizations/": {
                "get": {
                    "summary": "Search registered organizations",
                    "parameters": [
                        {"name": name, "in": "query", "required": False, "schema": sch, "description": text}
                        for name, sch, text in parameters
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of results",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "per_page": {"type": "integer"},
                                            "backend": _enum(["elasticsearch", "database"], "which backend answered"),
                                            "degraded": {"type": "boolean"},
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Organization"},
                                            },
                                            "facets": {"type": "object", "additionalProperties": {"type": "array"}},
                                        },
                                    }
                                }
                            },
                        },
                        "429": {"description": "Too many requests from this address; see Retry-After"},
                    },
                }
            }
        },
        "components": {"schemas": {"Organization": record}},
    }
    document["paths"].update(agency_paths())
    components = agency_components()
    document["components"]["schemas"].update(components["schemas"])
    document["components"]["securitySchemes"] = components["securitySchemes"]
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})
