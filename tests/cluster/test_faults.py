"""The production shape survives faults: an Elasticsearch node, an app server and the worker die mid-run.

`scripts/cluster.sh` starts HAProxy, two gunicorn app servers, a Celery worker and beat, Redis, a
two-node Elasticsearch cluster and a database of its own on the running PostgreSQL server.  While
applicants submit applications and sign up through the load balancer and register changes queue index
updates, one Elasticsearch node, one app server and the worker are killed, then started again.  Then:
every request succeeded (some after a retry), every write is in the database, the search index agrees
with the register, and every message was sent exactly once.
"""

import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "scripts" / "cluster.sh"
PYTHON = ROOT / ".venv" / "bin" / "python"
LOAD_SECONDS = 50
PASSWORD = "Fault-Drill-2026-x9"

pytestmark = pytest.mark.cluster


def _cluster_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.fail("the cluster test needs DATABASE_URL on PostgreSQL (the cluster gets a database of its own)")
    parsed = urlparse(base)
    return parsed._replace(path=parsed.path + "_cluster").geturl()


def _script_env(extra: dict | None = None) -> dict:
    """A clean environment: the test's settings must not leak into the cluster's processes."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env["CLUSTER_DATABASE_URL"] = _cluster_database_url()
    env["CLUSTER_STATE"] = str(ROOT / "var" / "cluster-test")
    for key in ("CLUSTER_PORT", "CLUSTER_REDIS_PORT", "CLUSTER_ES_PORT"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra or {})
    return env


def _cluster(*args: str, timeout: int = 900) -> str:
    result = subprocess.run(
        ["bash", str(CLUSTER), *args], env=_script_env(), capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0 and args[0] != "status":
        pytest.fail(f"scripts/cluster.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _app_env() -> dict:
    """The environment the cluster's app servers and worker run with."""
    env = dict(line.split("=", 1) for line in _cluster("env").splitlines() if "=" in line)
    return {**_script_env(), **env}


def _manage(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=_app_env(), capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _kill(pidfile: Path) -> None:
    """SIGKILL a process this cluster started, and its children (a crash, not a shutdown)."""
    pid = int(pidfile.read_text().strip())
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    for child in [pid, *map(int, children)]:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Browser:
    """A person at the load balancer: cookies, CSRF tokens, and retries of a request that failed."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.retries = 0

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """Send a request; on a connection failure or 5xx send the same request again (up to 8 times)."""
        for attempt in range(8):
            body = None
            if data is not None:
                body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}).encode()
            request = urllib.request.Request(self.base + path, data=body)
            try:
                with self.opener.open(request, timeout=30) as response:
                    return response.status, response.url, response.read().decode()
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    return exc.code, exc.url, exc.read().decode()
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
                # Includes a response cut off when its server is killed mid-way (IncompleteRead): sent again.
                pass
            self.retries += 1
            time.sleep(0.5 * (attempt + 1))
        raise AssertionError(f"{path} failed after 8 tries")


def _valid_id_number(serial: int) -> str:
    """A resident ID number (GB 11643) with a correct check character."""
    body = f"310112199001{serial % 28 + 1:02d}{serial % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


@pytest.fixture(scope="module")
def cluster():
    """A fresh cluster database and a running cluster with a small seeded register and its index."""
    _cluster("stop")
    shutil.rmtree(ROOT / "var" / "cluster-test", ignore_errors=True)  # Elasticsearch data, files, logs
    url = urlparse(_cluster_database_url())
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.path.lstrip("/")}" WITH (FORCE)')
    _cluster("start")
    try:
        _manage("seed_demo", "--orgs", "120", "--seed", "7")
        _manage("search_index", "--rebuild")
        yield _app_env()
    finally:
        _cluster("stop")


def _query(sql: str, params=()) -> list[tuple]:
    with psycopg.connect(_cluster_database_url()) as connection:
        return connection.execute(sql, params).fetchall()


def test_the_cluster_loses_nothing_when_an_es_node_an_app_server_and_the_worker_die(cluster):
    env = cluster
    base = f"http://127.0.0.1:{env.get('CLUSTER_PORT', '8090')}"
    state = Path(env["CLUSTER_STATE"])
    jurisdiction = _query("SELECT id FROM registry_jurisdiction WHERE code = '310112'")[0][0]

    applicant = Browser(base)
    applicant.request("/accounts/login/")
    status, _, _ = applicant.request("/accounts/login/", {"username": "applicant", "password": "Demo-2026-shmz"})
    assert status == 200 and applicant.cookie("sessionid")
    visitor = Browser(base)
    stop = threading.Event()
    tokens: list[str] = []
    emails: list[str] = []
    failures: list[str] = []

    def submit_applications():
        applicant.request("/portal/applications/new/")
        while not stop.is_set():
            token = str(uuid.uuid4())
            status, url, _ = applicant.request(
                "/portal/applications/new/",
                {"org_type": "1", "jurisdiction": jurisdiction, "create_token": token},
            )
            if status != 200 or not url.endswith("/particulars/"):
                failures.append(f"application {token}: {status}")
            tokens.append(token)

    def sign_up():
        visitor.request("/accounts/signup/")
        serial = 0
        while not stop.is_set():
            serial += 1
            email = f"drill{serial}-{uuid.uuid4().hex[:6]}@example.cn"
            status, _, page = visitor.request(
                "/accounts/signup/",
                {
                    "email": email,
                    "real_name": "演练人",
                    "id_number": _valid_id_number(serial),
                    "password": PASSWORD,
                    "password_again": PASSWORD,
                },
            )
            if status != 200 or email not in page:
                failures.append(f"sign-up {email}: {status}")
            emails.append(email)

    writer = subprocess.Popen(
        [str(PYTHON), str(ROOT / "tests" / "cluster" / "index_writer.py"), "--seconds", str(LOAD_SECONDS)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    threads = [threading.Thread(target=submit_applications), threading.Thread(target=sign_up)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(8)
        es_state = (
            state
            if (state / "es-1").exists()
            else Path(f"/var/lib/registry-cluster-{env.get('CLUSTER_ES_PORT', '9250')}")
        )
        _kill(es_state / "es-1" / "es.pid")
        time.sleep(5)
        _kill(state / "app-1.pid")
        time.sleep(5)
        _kill(state / "worker.pid")
        time.sleep(10)
        _cluster("start")  # starts again what died
        time.sleep(max(0, LOAD_SECONDS - 35))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    written, errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, errors
    assert not failures

    # No write lost: each application token made exactly one application, each sign-up one waiting sign-up.
    counted = dict(
        _query(
            "SELECT create_token::text, count(*) FROM registry_registrationapplication"
            " WHERE create_token::text = ANY(%s) GROUP BY 1",
            [tokens],
        )
    )
    assert len(tokens) > 10 and counted == dict.fromkeys(tokens, 1)
    # A sign-up waits for the code sent to its address; the account is made when the code is entered.
    waiting = {row[0] for row in _query("SELECT email FROM registry_pendingsignup WHERE email = ANY(%s)", [emails])}
    assert len(emails) > 10 and waiting == set(emails)
    last_domicile = dict(line.split(" ", 1) for line in written.splitlines())
    in_register = dict(
        _query("SELECT id::text, domicile FROM registry_organization WHERE id::text = ANY(%s)", [list(last_domicile)])
    )
    assert last_domicile and in_register == last_domicile

    # The outboxes drain: lost and failed tasks are caught up by beat.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        queued = _query("SELECT count(*) FROM registry_indextask")[0][0]
        unsent = _query("SELECT count(*) FROM registry_outboxmessage WHERE sent_at IS NULL")[0][0]
        if queued == 0 and unsent == 0:
            break
        time.sleep(3)
    assert (queued, unsent) == (0, 0)

    # The index converges: nothing missing, stale or extra.
    check = _manage("search_index", "--check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr

    # Every message task ran once: one ledger entry and one e-mail written per outbox message (the file
    # backend appends the messages of a second and process to one file, each with its own Message-ID).
    messages = _query("SELECT id FROM registry_outboxmessage")
    runs = _query("SELECT key FROM registry_taskrun WHERE kind = 'message'")
    assert sorted(str(m[0]) for m in messages) == sorted(r[0] for r in runs)
    written_mail = "\n".join(path.read_text() for path in (state / "shared" / "mail").glob("*.log"))
    assert len(re.findall(r"^Message-ID: ", written_mail, re.M)) == len(messages)
    for email in emails:
        sent_to = len(re.findall(f"^To: {re.escape(email)}$", written_mail, re.M))
        expected = _query("SELECT count(*) FROM registry_outboxmessage WHERE email = %s", [email])[0][0]
        assert sent_to == expected >= 1, email
    print(
        f"applications {len(tokens)}, sign-ups {len(emails)}, register changes {len(written.splitlines())},"
        f" requests retried {applicant.retries + visitor.retries}"
    )
