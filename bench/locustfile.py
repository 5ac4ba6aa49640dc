"""Load of the public search and the applicant's portal, for bench/cluster_load.py (locust)."""

import random

from locust import HttpUser, between, task

SEARCH_WORDS = ["协会", "中心", "基金会", "闵行", "松江", "青年", "志愿者", "养老", "教育", "qnzyz", "minhang"]


class PublicSearchUser(HttpUser):
    """A visitor searching the public register."""

    weight = 3
    wait_time = between(0.1, 0.5)

    @task
    def search(self):
        self.client.get(f"/organizations/?q={random.choice(SEARCH_WORDS)}", name="public search")


class PortalUser(HttpUser):
    """The demo applicant looking at their organizations and applications."""

    weight = 1
    wait_time = between(0.1, 0.5)

    def on_start(self):
        self.client.get("/accounts/login/", name="portal login")
        self.client.post(
            "/accounts/login/",
            {
                "username": "applicant",
                "password": "Demo-2026-shmz",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="portal login",
        )

    @task
    def portal(self):
        self.client.get(random.choice(["/portal/", "/portal/applications/"]), name="portal")
