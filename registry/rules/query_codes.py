"""Query codes (查询码) printed on a receipt: stored only as a keyed hash, so a stored code cannot be read back.

Complaints key the hash with their acknowledgement number, registration applications with their id: the
same code on two files gives two different hashes.
"""

import hashlib
import hmac


def query_code_digest(key: str, code: str) -> str:
    """What is stored of a query code: an HMAC-SHA256 of the code (spaces dropped, upper case) under `key`."""
    normalized = "".join(code.split()).upper()
    return hmac.new(key.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def query_code_matches(key: str, code: str, digest: str) -> bool:
    """Whether `code` is the query code stored as `digest` under `key` (constant-time)."""
    return bool(digest) and hmac.compare_digest(query_code_digest(key, code), digest)


def application_code_key(application_id: int) -> str:
    """The key of a registration application's query code: its id, which never changes."""
    return f"application:{application_id}"
