"""Settings of the social-organization registry, read from the environment.

Every variable read here is listed in `.env.example`.  Without any variable
the product runs as a local demo: SQLite, debug off, Elasticsearch on
127.0.0.1:9200 with the database search as fallback.  `DJANGO_PRODUCTION=1`
turns on the hardened mode that passes `manage.py check --deploy`.
"""

import datetime
import hashlib
import ipaddress
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REGISTRY_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("DJANGO_PRODUCTION", False)
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_PRODUCTION=1")
    # A demo-only key: it never protects real data because production refuses to start without one.
    SECRET_KEY = "demo-only-insecure-key-" + "x" * 40

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "registry.admin_site.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "viewflow",
    "viewflow.workflow",
    "registry",
    "workflows",
]

MIDDLEWARE = [
    # First: the request id is known to every log line, and the time measured covers the whole stack.
    "registry.logs.RequestIdMiddleware",
    "registry.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app servers (compressed, cached), so no web server is needed for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the body; after the messages, so an over-size upload returns to its form with the error.
    "registry.middleware.RequestSizeLimitMiddleware",
    "registry.middleware.StaffSessionMiddleware",
    "registry.middleware.PasswordChangeRequiredMiddleware",
    "registry.middleware.PrivatePageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "workflows.engine.middleware.ProcessScopeMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL"), sqlite_path=str(VAR_DIR / "registry.sqlite3")),
}
# A read replica for the public pages (search, an organization's record, notices, the API): their reads go
# there when it is set; every write, and every read by a signed-in person, stays on the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL, sqlite_path="")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["registry.db_router.PublicReadReplicaRouter"]
    MIDDLEWARE.insert(1, "registry.db_router.ReplicaReadMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Shared cache (rate limits, login lockout counters of the web servers): Redis when REDIS_URL is set,
# otherwise memory of this one process (the demo; several workers would each count on their own).
REDIS_URL = env_str("REDIS_URL", "")
if PRODUCTION and not REDIS_URL:
    # Each worker would keep its own rate limits and lockout notices: three workers would allow three times
    # every limit.
    raise ImproperlyConfigured("REDIS_URL (a cache shared by every worker) must be set when DJANGO_PRODUCTION=1")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions in Redis with the database behind it: any app server answers any request, and a Redis
    # restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (Celery).  Without a broker every task runs at once in the process that queues it: the
# demo and the tests need no worker.  With one, a worker runs the tasks and beat schedules the sweeps.
CELERY_BROKER_URL = env_str("REGISTRY_CELERY_BROKER_URL", "") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("REGISTRY_CELERY_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, so a worker killed mid-task leaves it to another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("REGISTRY_CELERY_VISIBILITY_SECONDS", 3600)}
CELERY_TASK_DEFAULT_QUEUE = "registry"
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# What was cron: the outbox sweeps every few seconds or minutes, the daily sweeps at night (Asia/Shanghai).
CELERY_BEAT_SCHEDULE = {
    "drain-index-queue": {"task": "registry.drain_index_queue", "schedule": 15.0},
    "send-unsent-messages": {"task": "registry.send_unsent_messages", "schedule": 30.0},
    "render-pending-certificates": {"task": "registry.render_certificates", "schedule": 300.0},
    "deliver-webhooks": {"task": "registry.deliver_webhooks", "schedule": 10.0},
    # The day's audit anchor: every hash chain's head, signed, written outside the database.
    "audit-anchor": {"task": "registry.run_sweep", "args": ["audit_anchor"], "schedule": crontab(hour=0, minute=30)},
    **{
        f"sweep-{command}": {
            "task": "registry.run_sweep",
            "args": [command],
            "schedule": crontab(hour=hour, minute=0),
        }
        for hour, command in enumerate(
            [
                "credit_sweep",
                "sweep_dormant",
                "annual_inspection_reminders",
                "annual_inspection_overdue",
                "evaluation_notices_close",
                "evaluation_grades_lapse",
                "export_open_data",
                "changes_purge",
            ],
            start=1,
        )
    },
}

# Behind a load balancer the client's address is in a header it sets: name it here (e.g.
# HTTP_X_FORWARDED_FOR) with the number of trusted proxies in front of the application. Without it,
# REMOTE_ADDR is the client: a header a client sends itself is never trusted.
TRUSTED_PROXY_HEADER = env_str("REGISTRY_TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("REGISTRY_TRUSTED_PROXY_COUNT", 1)

# Login throttling (django-axes): after 5 failures a login name is locked for 30 minutes from the address
# that failed (the combination), so nobody can lock an owner out of their account from elsewhere; failures
# during a lockout do not extend it; the owner is told (registry.services.accounts) and an administrator
# may unlock from the admin's user list.
AXES_FAILURE_LIMIT = env_int("REGISTRY_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("REGISTRY_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "registry.ratelimit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Staff (officers and administrators) log in with a second factor, a TOTP code (django-otp), and are
# logged out after this many idle minutes.
STAFF_OTP_REQUIRED = env_bool("REGISTRY_STAFF_OTP_REQUIRED", True)
STAFF_IDLE_MINUTES = env_int("REGISTRY_STAFF_IDLE_MINUTES", 30)
OTP_TOTP_ISSUER = "社会组织登记管理系统"

# Content-Security-Policy: scripts only from this site, never inline; no plug-ins, no framing.
# Inline style attributes stay allowed (Viewflow's pages use them); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# A request body larger than this is refused before it is read (uploads are checked again per file).
REQUEST_MAX_MB = env_int("REGISTRY_REQUEST_MAX_MB", 25)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Simplified Chinese by default, English on request.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads and certificates live under REGISTRY_VAR_DIR: with several app servers that is a shared volume.
MEDIA_ROOT = VAR_DIR / "uploads"  # outside the web root; files are served by views that check permission
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Outside production static files come from the apps' folders directly (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION  # and are looked up per request, so no collected folder is expected
WHITENOISE_MAX_AGE = 3600
CERTIFICATE_ROOT = Path(env_str("REGISTRY_CERTIFICATE_ROOT", str(VAR_DIR / "certificates")))
# The public register as open data files (CSV, XLSX, JSON Lines), regenerated nightly.
OPEN_DATA_ROOT = Path(env_str("REGISTRY_OPEN_DATA_ROOT", str(VAR_DIR / "opendata")))
# Absolute address printed in certificate QR codes; the verification page lives under it.
PUBLIC_BASE_URL = env_str("REGISTRY_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Electronic seals (电子签章): every certificate and written decision is signed (PAdES) with the issuing bureau's
# key. Backends: pkcs11 (an HSM; SoftHSM2 in the demo and the tests, set up by `manage.py signing_setup`), pkcs12
# (one file per bureau, for development) or none (documents say they are not signed). docs/SECURITY.md.
SIGNING_DIR = Path(env_str("REGISTRY_SIGNING_DIR", str(VAR_DIR / "signing")))
SIGNING = {
    "BACKEND": env_str("REGISTRY_SIGNING_BACKEND", "pkcs11"),
    # The bureaus' signing certificates (<division code>.pem) and the CA that issued them (the trust root).
    "CERT_DIR": SIGNING_DIR / "certs",
    "CA_CERT": Path(env_str("REGISTRY_SIGNING_CA_CERT", str(SIGNING_DIR / "ca.pem"))),
    "PKCS11_LIBRARY": env_str("REGISTRY_SIGNING_PKCS11_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so"),
    "PKCS11_TOKEN_LABEL": env_str("REGISTRY_SIGNING_TOKEN_LABEL", "registry-signing"),
    # The demo token's user PIN; production has no default: without REGISTRY_SIGNING_PIN the token refuses the
    # login and documents wait as 签章待生成 (counted in the metrics) until it is set.
    "PKCS11_PIN": env_str("REGISTRY_SIGNING_PIN", "" if PRODUCTION else "demo-signing-pin"),
    "PKCS12_DIR": Path(env_str("REGISTRY_SIGNING_PKCS12_DIR", str(SIGNING_DIR / "pkcs12"))),
    "PKCS12_PASSWORD": env_str("REGISTRY_SIGNING_PKCS12_PASSWORD", "" if PRODUCTION else "demo-signing-password"),
    # A timestamp authority (RFC 3161) makes the signatures PAdES B-T; empty: B-B, and the documents say so.
    "TSA_URL": env_str("REGISTRY_SIGNING_TSA_URL", ""),
}
if SIGNING["BACKEND"] not in {"pkcs11", "pkcs12", "none"}:
    raise ImproperlyConfigured("REGISTRY_SIGNING_BACKEND must be pkcs11, pkcs12 or none")

# The demo writes e-mails as files under var/mail; production points SMTP at the bureau's mail server.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "registry@localhost")

# Text messages (for accounts with a mobile number only): a provider class; the demo writes files under var/sms.
SMS_BACKEND = env_str("REGISTRY_SMS_BACKEND", "registry.sms.FileSmsBackend")
SMS_FILE_PATH = env_str("REGISTRY_SMS_FILE_PATH", str(VAR_DIR / "sms"))

# Search: "auto" uses Elasticsearch when its cluster answers and the database otherwise.
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "auto")
if SEARCH_BACKEND not in {"auto", "elasticsearch", "database"}:
    raise ImproperlyConfigured("SEARCH_BACKEND must be auto, elasticsearch or database")
# One or more nodes of the cluster, comma-separated; the client spreads requests and skips dead nodes.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)  # copies of each shard on other nodes
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "registry")
ELASTICSEARCH_TIMEOUT = env_int("ELASTICSEARCH_TIMEOUT", 5)

# Domain settings; defaults follow DOMAIN.md, each a local policy a bureau may change.
REGISTRY = {
    # Shanghai bureaus promise 20 working days for the whole registration (statute: 60 days).
    "REGISTRATION_WORKING_DAYS": env_int("REGISTRY_REGISTRATION_WORKING_DAYS", 20),
    # Social associations: activity funds >= 30,000 yuan locally (100,000 nationally).
    "ASSOCIATION_MIN_FUNDS_YUAN": env_int("REGISTRY_ASSOCIATION_MIN_FUNDS_YUAN", 30_000),
    # Foundations: original fund minimum for non-public-fundraising foundations.
    "FOUNDATION_MIN_FUND_YUAN": env_int("REGISTRY_FOUNDATION_MIN_FUND_YUAN", 2_000_000),
    # 行政许可法 第三十二条: accept, or tell every missing item at once, within 5 (working) days.
    "ACCEPTANCE_WORKING_DAYS": env_int("REGISTRY_ACCEPTANCE_WORKING_DAYS", 5),
    # 社会团体登记管理条例 (2016 revision, 国务院令第666号) has no preparation (筹备) approval: an association
    # registers in one step.  A bureau may keep preparation as a local stage; the months are its window.
    "ASSOCIATION_PREPARATION": env_bool("REGISTRY_ASSOCIATION_PREPARATION", False),
    "PREPARATION_MONTHS": env_int("REGISTRY_PREPARATION_MONTHS", 6),
    # 社会团体登记管理条例 第十八条: apply for change registration within 30 days of the competent unit's consent
    # (directly registered: of the decision); foundations have no time limit.
    "CHANGE_WITHIN_DAYS": env_int("REGISTRY_CHANGE_WITHIN_DAYS", 30),
    # 社会团体登记管理条例 第十条: 50 individual or 30 unit members; 50 in all when mixed.
    "ASSOCIATION_MIN_INDIVIDUAL_MEMBERS": env_int("REGISTRY_ASSOCIATION_MIN_INDIVIDUAL_MEMBERS", 50),
    "ASSOCIATION_MIN_UNIT_MEMBERS": env_int("REGISTRY_ASSOCIATION_MIN_UNIT_MEMBERS", 30),
    "ASSOCIATION_MIN_MIXED_MEMBERS": env_int("REGISTRY_ASSOCIATION_MIN_MIXED_MEMBERS", 50),
    # Start-up funds of a private non-enterprise unit must match its business; a bureau may set a floor.
    "SERVICE_AGENCY_MIN_FUNDS_YUAN": env_int("REGISTRY_SERVICE_AGENCY_MIN_FUNDS_YUAN", 0),
    "UPLOAD_MAX_MB": env_int("REGISTRY_UPLOAD_MAX_MB", 10),
    # An uploaded JPEG or PNG is refused above this many pixels: a small file can decode to gigabytes in
    # memory. 50 million pixels holds a phone photo or an A4 page scanned at 600 dpi (about 35 million).
    "UPLOAD_MAX_PIXELS": env_int("REGISTRY_UPLOAD_MAX_PIXELS", 50_000_000),
    # GB 32100: the organization code (credit-code positions 9-17) is unique nationwide, so each bureau assigns
    # from the block allotted to it, e.g. "310112:MJ100000,310117:MK000000"; others share the default block.
    "ORG_CODE_BLOCKS": env_str("REGISTRY_ORG_CODE_BLOCKS", ""),
    "ORG_CODE_DEFAULT_BLOCK": env_str("REGISTRY_ORG_CODE_DEFAULT_BLOCK", "MJ000000"),
    # 社会组织信用信息管理办法 (2018): abnormal for 2 years -> dishonest list; an abnormal entry with nothing
    # to correct leaves after 6 months; the dishonest list has no fixed term: removal on application after
    # 2 years with no new ground.
    "ABNORMAL_PROMOTION_YEARS": env_int("REGISTRY_ABNORMAL_PROMOTION_YEARS", 2),
    "ABNORMAL_NO_CORRECTION_MONTHS": env_int("REGISTRY_ABNORMAL_NO_CORRECTION_MONTHS", 6),
    "DISHONEST_REMOVAL_YEARS": env_int("REGISTRY_DISHONEST_REMOVAL_YEARS", 2),
    # Dormancy cleanup: public notice of 60 days; unreachable for a year makes a candidate.
    # Annual inspection: reports of associations and 民非 due at the bureau by 31 May (foundations: 31 March, by
    # statute); rectification within 30 days; review within 20 working days.
    "REPORT_DEADLINE_MONTH": env_int("REGISTRY_REPORT_DEADLINE_MONTH", 5),
    "REPORT_DEADLINE_DAY": env_int("REGISTRY_REPORT_DEADLINE_DAY", 31),
    # Organizations registered after this day of a year (default 30 June) first report on the following year.
    "NEW_ORGANIZATION_CUTOFF_MONTH": env_int("REGISTRY_NEW_ORGANIZATION_CUTOFF_MONTH", 6),
    "NEW_ORGANIZATION_CUTOFF_DAY": env_int("REGISTRY_NEW_ORGANIZATION_CUTOFF_DAY", 30),
    "RECTIFICATION_DAYS": env_int("REGISTRY_RECTIFICATION_DAYS", 30),
    "INSPECTION_REVIEW_WORKING_DAYS": env_int("REGISTRY_INSPECTION_REVIEW_WORKING_DAYS", 20),
    "SIMPLIFIED_INSPECTION": env_bool("REGISTRY_SIMPLIFIED_INSPECTION", True),
    # The competent unit's preliminary review (初审) of associations' and 民非's reports: "upload" (the organization
    # uploads the signed opinion) or "unit" (the unit's officer signs in the system); per bureau as
    # "310112:unit,310117:upload".
    "PRELIMINARY_REVIEW": env_str("REGISTRY_PRELIMINARY_REVIEW", "upload"),
    "PRELIMINARY_REVIEW_BY_BUREAU": env_str("REGISTRY_PRELIMINARY_REVIEW_BY_BUREAU", ""),
    # Notice to an organization that cannot be reached is by publication: 60 days.
    "DORMANCY_NOTICE_DAYS": env_int("REGISTRY_DORMANCY_NOTICE_DAYS", 60),
    # 行政处罚法 第四十四条、第六十四条、第八十五条: a case is stated and a hearing asked for within 5 working days
    # of the advance notice's service.
    "PENALTY_STATEMENT_DAYS": env_int("REGISTRY_PENALTY_STATEMENT_DAYS", 5),
    # 行政处罚法 第六十条: decide within 90 days of filing; a complex case may be extended (local rules: 30 days).
    "PENALTY_DECISION_DAYS": env_int("REGISTRY_PENALTY_DECISION_DAYS", 90),
    "PENALTY_EXTENSION_DAYS": env_int("REGISTRY_PENALTY_EXTENSION_DAYS", 30),
    # 行政处罚法 第六十三条: a fine or confiscation of a large amount (较大数额, set locally) gives a hearing right.
    "PENALTY_HEARING_AMOUNT_YUAN": env_int("REGISTRY_PENALTY_HEARING_AMOUNT_YUAN", 50000),
    # 行政处罚法 第五十七条第二款: serious cases go to the heads' collective discussion: revocation, suspension,
    # and fines with confiscations from this amount (local rule); the discussion has at least this many heads.
    "PENALTY_COLLECTIVE_AMOUNT_YUAN": env_int("REGISTRY_PENALTY_COLLECTIVE_AMOUNT_YUAN", 50000),
    "PENALTY_COLLECTIVE_MIN_PARTICIPANTS": env_int("REGISTRY_PENALTY_COLLECTIVE_MIN_PARTICIPANTS", 3),
    # 民事诉讼法 (2023) 第九十五条: a document published is served after 30 days (never fewer).
    "PENALTY_PUBLICATION_DAYS": env_int("REGISTRY_PENALTY_PUBLICATION_DAYS", 30),
    "DORMANCY_UNREACHABLE_DAYS": env_int("REGISTRY_DORMANCY_UNREACHABLE_DAYS", 365),
    # The public JSON API: requests a minute per address for anonymous callers, per account for signed-in ones.
    "API_ANON_PER_MINUTE": env_int("REGISTRY_API_ANON_PER_MINUTE", 60),
    "API_ACCOUNT_PER_MINUTE": env_int("REGISTRY_API_ACCOUNT_PER_MINUTE", 120),
    # The change stream (docs/adr/0021-change-stream.md): events kept this many days (older timepoints answer
    # 416); a reader with nothing new waits up to this many seconds, asking the database every poll interval;
    # at most this many events per answer.
    "CHANGES_RETENTION_DAYS": env_int("REGISTRY_CHANGES_RETENTION_DAYS", 365),
    "CHANGES_WAIT_SECONDS": env_int("REGISTRY_CHANGES_WAIT_SECONDS", 25),
    "CHANGES_POLL_MS": env_int("REGISTRY_CHANGES_POLL_MS", 1000),
    "CHANGES_MAX_LIMIT": env_int("REGISTRY_CHANGES_MAX_LIMIT", 1000),
    # Webhooks: seconds before an endpoint counts as failed; first retry delay (doubling each time); failures in a
    # row that pause a subscription; whether private and loopback addresses may receive (tests only: SSRF).
    "WEBHOOK_TIMEOUT_SECONDS": env_int("REGISTRY_WEBHOOK_TIMEOUT_SECONDS", 10),
    "WEBHOOK_BACKOFF_SECONDS": env_int("REGISTRY_WEBHOOK_BACKOFF_SECONDS", 30),
    "WEBHOOK_PAUSE_AFTER_FAILURES": env_int("REGISTRY_WEBHOOK_PAUSE_AFTER_FAILURES", 8),
    "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": env_bool("REGISTRY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False),
    # Accounts: sign-ups and password-reset requests a day from one address; sign-up and reset messages a day to
    # one mobile number or e-mail address; how long a sign-up or reset code stays valid; code entries an hour
    # from one address.
    "SIGNUPS_PER_ADDRESS_PER_DAY": env_int("REGISTRY_SIGNUPS_PER_ADDRESS_PER_DAY", 10),
    "PASSWORD_RESETS_PER_ADDRESS_PER_DAY": env_int("REGISTRY_PASSWORD_RESETS_PER_ADDRESS_PER_DAY", 10),
    "ACCOUNT_MESSAGES_PER_CONTACT_PER_DAY": env_int("REGISTRY_ACCOUNT_MESSAGES_PER_CONTACT_PER_DAY", 3),
    "ACCOUNT_CODE_MINUTES": env_int("REGISTRY_ACCOUNT_CODE_MINUTES", 15),
    "ACCOUNT_CODE_ENTRIES_PER_HOUR": env_int("REGISTRY_ACCOUNT_CODE_ENTRIES_PER_HOUR", 30),
    # Complaints and reports (信访工作条例 第三十一条、第三十二条): decide whether to accept within 15 (working)
    # days, finish within 60 days of acceptance; the public form takes this many a day from one address.
    "COMPLAINT_ACCEPT_WORKING_DAYS": env_int("REGISTRY_COMPLAINT_ACCEPT_WORKING_DAYS", 15),
    "COMPLAINT_FINISH_DAYS": env_int("REGISTRY_COMPLAINT_FINISH_DAYS", 60),
    "COMPLAINTS_PER_DAY": env_int("REGISTRY_COMPLAINTS_PER_DAY", 5),
    # 社会组织抽查暂行办法 (民发〔2017〕45号): a periodic spot-check campaign draws at least 3% (county/district),
    # 4% (city), 5% (province) of the bureau's register; a bureau may set more, never less (the rule enforces it).
    "SPOT_CHECK_PERIODIC_PERCENT": {
        "district": env_int("REGISTRY_SPOT_CHECK_PERCENT_DISTRICT", 3),
        "city": env_int("REGISTRY_SPOT_CHECK_PERCENT_CITY", 4),
        "province": env_int("REGISTRY_SPOT_CHECK_PERCENT_PROVINCE", 5),
        "national": env_int("REGISTRY_SPOT_CHECK_PERCENT_NATIONAL", 5),
    },
    "CERTIFICATE_VALIDITY_YEARS": env_int("REGISTRY_CERTIFICATE_VALIDITY_YEARS", 5),
    # 行政许可法 第四十四条: certificates are issued within 10 working days of approval.
    "CERTIFICATE_ISSUE_WORKING_DAYS": env_int("REGISTRY_CERTIFICATE_ISSUE_WORKING_DAYS", 10),
    "GRADE_VALIDITY_YEARS": env_int("REGISTRY_GRADE_VALIDITY_YEARS", 5),
    # 社会组织评估管理办法: registered for 2 full years; 5A >= 900 ... 1A >= 500 of 1000 points;
    # public notice of 7 working days; evaluation teams of at least 3 experts in practice (2 here).
    "EVALUATION_MIN_YEARS": env_int("REGISTRY_EVALUATION_MIN_YEARS", 2),
    "EVALUATION_THRESHOLDS": {
        "5A": env_int("REGISTRY_EVALUATION_5A", 900),
        "4A": env_int("REGISTRY_EVALUATION_4A", 800),
        "3A": env_int("REGISTRY_EVALUATION_3A", 700),
        "2A": env_int("REGISTRY_EVALUATION_2A", 600),
        "1A": env_int("REGISTRY_EVALUATION_1A", 500),
    },
    "EVALUATION_NOTICE_WORKING_DAYS": env_int("REGISTRY_EVALUATION_NOTICE_WORKING_DAYS", 7),
    # Years a failed purchased-service project (结项评估不合格) keeps its organization out of calls.
    "PURCHASE_BAR_YEARS": env_int("REGISTRY_PURCHASE_BAR_YEARS", 2),
    "EVALUATION_TEAM_MIN": env_int("REGISTRY_EVALUATION_TEAM_MIN", 2),
    "EVALUATION_STEP_WORKING_DAYS": env_int("REGISTRY_EVALUATION_STEP_WORKING_DAYS", 10),
    "EVALUATION_EXCLUDE_ABNORMAL": env_bool("REGISTRY_EVALUATION_EXCLUDE_ABNORMAL", True),
    "EVALUATION_EXCLUDE_FAILED_INSPECTION": env_bool("REGISTRY_EVALUATION_EXCLUDE_FAILED_INSPECTION", True),
    # Objections on a public notice: filings an hour per address.
    "OBJECTIONS_PER_HOUR": env_int("REGISTRY_OBJECTIONS_PER_HOUR", 5),
    # Purchase of services: the public notice of a call's results in working days (local practice: 5), and the
    # panel score under which no project is awarded (local practice: 60 of 100).
    "PURCHASE_NOTICE_DAYS": env_int("REGISTRY_PURCHASE_NOTICE_DAYS", 5),
    "PURCHASE_PASS_MARK": env_int("REGISTRY_PURCHASE_PASS_MARK", 60),
    # Public progress lookups (申请编号 + 查询码) an hour per address: enough for people, not for guessing codes.
    "PROGRESS_LOOKUPS_PER_HOUR": env_int("REGISTRY_PROGRESS_LOOKUPS_PER_HOUR", 30),
    # Certificate renewal (换证): "application" (the organization applies within the window before the validity
    # ends) or "inspection" (passing the annual inspection of the expiring year renews it); per bureau as
    # "310112:inspection,310117:application". Renewal and replacement are issued within 10 working days
    # (行政许可法 第四十四条).
    "CERTIFICATE_RENEWAL": env_str("REGISTRY_CERTIFICATE_RENEWAL", "application"),
    "CERTIFICATE_RENEWAL_BY_BUREAU": env_str("REGISTRY_CERTIFICATE_RENEWAL_BY_BUREAU", ""),
    "CERTIFICATE_RENEWAL_WINDOW_DAYS": env_int("REGISTRY_CERTIFICATE_RENEWAL_WINDOW_DAYS", 90),
    "CERTIFICATE_SERVICE_WORKING_DAYS": env_int("REGISTRY_CERTIFICATE_SERVICE_WORKING_DAYS", 10),
    # Archive requests (登记档案查询): decided within 20 working days; a granted file downloads for 7 days.
    "ARCHIVE_WORKING_DAYS": env_int("REGISTRY_ARCHIVE_WORKING_DAYS", 20),
    "ARCHIVE_DOWNLOAD_DAYS": env_int("REGISTRY_ARCHIVE_DOWNLOAD_DAYS", 7),
    # The public archive request form takes this many a day from one address.
    "ARCHIVE_REQUESTS_PER_DAY": env_int("REGISTRY_ARCHIVE_REQUESTS_PER_DAY", 5),
    # 换届: when the pre-election audit is required besides foundations ("all" or "legal_rep_change", the
    # Ministry's practice); the working days the window takes to file an election or officers (local promise);
    # the working days to decide an extension (行政许可法 第四十二条); the days after a reminder before an
    # officer may order rectification.
    "ELECTION_AUDIT_POLICY": env_str("REGISTRY_ELECTION_AUDIT_POLICY", "legal_rep_change"),
    "ELECTION_FILING_WORKING_DAYS": env_int("REGISTRY_ELECTION_FILING_WORKING_DAYS", 10),
    "TERM_EXTENSION_WORKING_DAYS": env_int("REGISTRY_TERM_EXTENSION_WORKING_DAYS", 20),
    "ELECTION_REMINDER_GRACE_DAYS": env_int("REGISTRY_ELECTION_REMINDER_GRACE_DAYS", 30),
    # 民政部关于大力培育发展社区社会组织的意见 (民发〔2017〕191号): community groups below the registration
    # thresholds file with their street office or town. The minimum of members and the working days the street
    # takes to file or return a filing are local practice.
    "COMMUNITY_MIN_MEMBERS": env_int("REGISTRY_COMMUNITY_MIN_MEMBERS", 10),
    "COMMUNITY_FILING_DAYS": env_int("REGISTRY_COMMUNITY_FILING_DAYS", 10),
}

# Logs: one JSON object a line in production (for a log collector), plain text otherwise; each line names
# the request (X-Request-ID) it belongs to, also in the background tasks that request queued.
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "registry.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "registry.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pypdf": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off when DJANGO_PRODUCTION=1")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# The audit trail's anchors (docs/SECURITY.md): a directory on another disk or host than the database, and
# the key that signs them, kept off the database host; by default a key derived from DJANGO_SECRET_KEY.
AUDIT_ANCHOR_DIR = Path(env_str("REGISTRY_AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")))
AUDIT_ANCHOR_KEY = (
    env_str("REGISTRY_AUDIT_ANCHOR_KEY", "") or hashlib.sha256(f"audit-anchor:{SECRET_KEY}".encode()).hexdigest()
)

# Prometheus metrics (`/metrics`): served to these networks, or to anyone with the bearer token.
METRICS_NETWORKS = env_list("REGISTRY_METRICS_NETWORKS", ["127.0.0.0/8", "::1/128"])
try:
    METRICS_NETWORKS = [str(ipaddress.ip_network(network, strict=False)) for network in METRICS_NETWORKS]
except ValueError as error:
    raise ImproperlyConfigured(f"REGISTRY_METRICS_NETWORKS: {error}") from error
METRICS_TOKEN = env_str("REGISTRY_METRICS_TOKEN", "")
# The Celery worker serves its task counts on this port (0: not served) and address.
CELERY_METRICS_PORT = env_int("REGISTRY_CELERY_METRICS_PORT", 0)
CELERY_METRICS_ADDRESS = env_str("REGISTRY_CELERY_METRICS_ADDRESS", "127.0.0.1")

SITE_TITLE = _("社会组织登记管理系统")

# The security log (logins, permission changes, exports) is kept at least six months (网络安全法 第二十一条第（三）项,
# 等保 2.0); a lower value stops the system at startup (registry/rules/floors.py). Purged nightly after that.
REGISTRY["SECURITY_LOG_RETENTION_DAYS"] = env_int("REGISTRY_SECURITY_LOG_RETENTION_DAYS", 180)
CELERY_BEAT_SCHEDULE["purge-security-logs"] = {
    "task": "registry.run_sweep",
    "args": ["purge_security_logs"],
    "schedule": crontab(hour=0, minute=15),
}
