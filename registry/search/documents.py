"""The organization document in Elasticsearch.

The test distribution of Elasticsearch has only the core analyzers.  The
standard tokenizer splits Han text into single characters, so names are
searched with `match_phrase`, which keeps the characters in order; pinyin is
computed in Python at index time (see `registry.search.pinyin`).
"""

from elasticsearch_dsl import Boolean, Completion, Date, Document, Keyword, Text

from registry.models import Organization
from registry.search.pinyin import pinyin_keys


class OrganizationDocument(Document):
    """What the search index knows about one organization (public fields plus officer-only ones)."""

    name = Text(analyzer="standard", fields={"raw": Keyword()})
    pinyin = Keyword()
    uscc = Keyword()
    org_type = Keyword(eager_global_ordinals=True)  # a facet: ordinals built at refresh, not per query
    status = Keyword(eager_global_ordinals=True)  # a facet: ordinals built at refresh, not per query
    jurisdiction = Keyword(eager_global_ordinals=True)  # a facet: ordinals built at refresh, not per query
    jurisdiction_name = Keyword()
    domicile = Text(analyzer="standard")
    business_scope = Text(analyzer="standard")
    legal_rep_name = Keyword()  # searchable by officers only
    grade = Keyword(eager_global_ordinals=True)  # a facet: ordinals built at refresh, not per query
    on_abnormal_list = Boolean()
    on_dishonest_list = Boolean()
    founded_on = Date()
    founded_year = Keyword(eager_global_ordinals=True)  # a facet: ordinals built at refresh, not per query
    suggest = Completion(analyzer="simple", preserve_separators=False)
    last_inspection_result = Keyword(eager_global_ordinals=True)
    updated_at = Date()  # the register row's last change, to find stale documents

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def document_source(organization: Organization) -> dict:
    """Build the search document of one organization as the plain JSON object the bulk API takes.

    Built directly rather than through `OrganizationDocument(...).to_dict()`, which costs a quarter of the
    time of a full reindex; empty values are left out, as `to_dict()` leaves them out.
    """
    area_free, area_name = organization.name, ""
    jurisdiction = organization.jurisdiction
    for area in jurisdiction.name_context().area_names:
        if area_free.startswith(area):
            area_free, area_name = area_free[len(area) :], area
            break
    founded_on = organization.founded_on
    source = {
        "name": organization.name,
        "pinyin": pinyin_keys(organization.name, area=area_name),
        "uscc": organization.uscc,
        "org_type": organization.org_type,
        "status": organization.status,
        "jurisdiction": jurisdiction.code,
        "jurisdiction_name": jurisdiction.name,
        "domicile": organization.domicile,
        "business_scope": organization.business_scope,
        "legal_rep_name": organization.legal_rep_name,
        "grade": organization.grade or None,
        "on_abnormal_list": organization.on_abnormal_list,
        "on_dishonest_list": organization.on_dishonest_list,
        "founded_on": founded_on,
        "founded_year": str(founded_on.year) if founded_on else None,
        "suggest": {"input": sorted({organization.name, area_free})},
        "last_inspection_result": organization.last_inspection_result or None,
        "updated_at": organization.updated_at,
    }
    return {key: value for key, value in source.items() if value not in (None, [], {})}


def document_for(organization: Organization) -> OrganizationDocument:
    """Build the search document of one organization."""
    return OrganizationDocument(meta={"id": organization.pk}, **document_source(organization))
