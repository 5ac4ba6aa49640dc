"""The public notices page: paged, narrowed by kind, bureau, date and name or code, listed as cards."""

import datetime
import re

import pytest
from django.utils import timezone

from registry.choices import OrgStatus

pytestmark = pytest.mark.django_db


def names_on(body: str) -> list[str]:
    return re.findall(r'<h2 class="notice-title"><a [^>]*>([^<]+)</a>', body)


@pytest.fixture
def notices(make_org, songjiang):
    """25 establishments in Minhang over the past weeks, one in Songjiang, a deregistration and an old one."""
    today = timezone.localdate()
    established = [
        make_org(name=f"上海市闵行区第{n + 1}号社区服务协会", founded_on=today - datetime.timedelta(days=n))
        for n in range(25)
    ]
    make_org(name="上海市松江区新设读书协会", jurisdiction=songjiang, founded_on=today - datetime.timedelta(days=3))
    make_org(
        name="上海市闵行区注销围棋协会",
        status=OrgStatus.DEREGISTERED,
        status_changed_on=today - datetime.timedelta(days=40),
    )
    make_org(name="上海市闵行区早年成立协会", founded_on=today - datetime.timedelta(days=800))
    return established


def test_notices_are_paged_newest_first(client, notices):
    first = client.get("/notices/").content.decode()
    assert "共 27 条" in first
    assert len(names_on(first)) == 20 and names_on(first)[0] == "上海市闵行区第1号社区服务协会"
    second = client.get("/notices/", {"page": 2}).content.decode()
    assert len(names_on(second)) == 7 and "上海市闵行区注销围棋协会" in names_on(second)
    assert "上海市闵行区早年成立协会" not in first + second  # older than a year unless dates are chosen
    assert "<table" not in first  # cards, never a table squeezed to a character per line on a phone


def test_notices_filter_by_kind_bureau_date_and_name(client, notices, songjiang):
    today = timezone.localdate()
    deregistered = client.get("/notices/", {"kind": "deregistration"}).content.decode()
    assert names_on(deregistered) == ["上海市闵行区注销围棋协会"] and "注销登记公告" in deregistered
    in_songjiang = client.get("/notices/", {"jurisdiction": songjiang.pk}).content.decode()
    assert names_on(in_songjiang) == ["上海市松江区新设读书协会"]
    week = {"since": (today - datetime.timedelta(days=2)).isoformat(), "until": today.isoformat()}
    assert len(names_on(client.get("/notices/", week).content.decode())) == 3
    older = {"since": (today - datetime.timedelta(days=900)).isoformat(), "kind": "establishment", "q": "早年"}
    assert names_on(client.get("/notices/", older).content.decode()) == ["上海市闵行区早年成立协会"]
    by_code = client.get("/notices/", {"q": notices[4].uscc}).content.decode()
    assert names_on(by_code) == [notices[4].name]
    # The chosen conditions stay in the page links.
    page_two = client.get("/notices/", {"kind": "establishment", "page": 2}).content.decode()
    assert "kind=establishment" in page_two and len(names_on(page_two)) == 6


def test_bad_notice_conditions_are_explained_and_change_nothing(client, notices):
    body = client.get("/notices/", {"since": "2026-13-40", "until": "x"}).content.decode()
    assert "有效的日期" in body
    assert "共 27 条" in body  # the default listing, not an error page
    reversed_dates = client.get("/notices/", {"since": "2026-05-01", "until": "2026-04-01"}).content.decode()
    assert "截止日期不能早于起始日期。" in reversed_dates
