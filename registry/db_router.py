"""Send the public pages' reads to a read replica when one is configured (DATABASE_REPLICA_URL)."""

from contextvars import ContextVar

# Set by the middleware for the length of a request that may read from the replica.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)

# Public, read-only pages: search, an organization's record, notices, the JSON API, open data.
PUBLIC_READ_PREFIXES = ("/organizations/", "/api/", "/notices/", "/open-data/", "/en/organizations/", "/en/api/")


class PublicReadReplicaRouter:
    """Reads of anonymous GET requests to public pages go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return "replica" if _replica_allowed.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def replica_reads_allowed(request) -> bool:
    """Whether this request only reads public data, so a replica a moment behind may answer it."""
    return (
        request.method in {"GET", "HEAD"}
        and request.path.startswith(PUBLIC_READ_PREFIXES)
        and not request.COOKIES.get("sessionid")
    )


class ReplicaReadMiddleware:
    """Let the router use the replica for the length of a public read-only request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_allowed.set(replica_reads_allowed(request))
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)
