"""Random spot checks (双随机一公开): which organizations are checked and by which inspectors.

The draw is a pure function of a recorded seed and the candidate and inspector lists, so anyone holding
the published seed and list can repeat it and get the same result (国务院办公厅关于推广随机抽查规范
事中事后监管的通知, 国办发〔2015〕58号: random choice of the checked and of the checkers, results public).
"""

import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass

# 社会组织抽查暂行办法 (民发〔2017〕45号): at least 2 inspectors carry out a check on site.
MIN_INSPECTORS_PER_CHECK = 2
# The same 办法: a periodic (定期) campaign covers at least this share of the organizations registered at the bureau,
# by the bureau's level; a bureau may set more, never less. National-level bureaus are held to the province share.
MIN_PERIODIC_PERCENT = {"district": 3, "city": 4, "province": 5, "national": 5}


class DrawError(ValueError):
    """The draw cannot be made with these lists (too few candidates or inspectors)."""


@dataclass(frozen=True)
class DrawnCheck:
    """One organization drawn, and the inspectors drawn to check it."""

    organization_id: int
    inspector_ids: tuple[int, ...]


def sample_count(candidates: int, *, size: int | None = None, percent: int | None = None) -> int:
    """How many of `candidates` to draw: a fixed size, or a percentage rounded up, never more than there are."""
    if (size is None) == (percent is None):
        raise ValueError("give either size or percent")
    if size is not None:
        wanted = size
    else:
        wanted = math.ceil(candidates * percent / 100)
    return max(0, min(wanted, candidates))


def periodic_percent(level: str, configured: int | None = None) -> int:
    """The share of the register a periodic campaign of a bureau at `level` must draw: the setting, at least the law."""
    floor = MIN_PERIODIC_PERCENT[level]
    return max(floor, configured or 0)


def periodic_minimum(register_size: int, *, percent: int) -> int:
    """How many organizations a periodic campaign must draw at least: `percent` of the register, rounded up."""
    return math.ceil(register_size * percent / 100)


def inspectors_refusal(per_check: int) -> str | None:
    """Why `per_check` inspectors are too few for a check on site (抽查暂行办法: at least 2), or None."""
    if per_check < MIN_INSPECTORS_PER_CHECK:
        return f"at least {MIN_INSPECTORS_PER_CHECK} inspectors per check"
    return None


def list_hash(ids: Iterable[int]) -> str:
    """SHA-256 of the sorted ids joined by commas: a fingerprint of the list the draw was made from."""
    return hashlib.sha256(",".join(str(i) for i in sorted(ids)).encode()).hexdigest()


def draw(
    *,
    seed: str,
    candidates: Iterable[int],
    inspectors: Iterable[int],
    count: int,
    per_check: int,
    conflicts: Iterable[tuple[int, int]] = (),
) -> list[DrawnCheck]:
    """Draw `count` organizations and `per_check` inspectors for each, from `seed`; the same input, the same draw.

    An inspector never checks an organization they have a conflict with ((inspector, organization) pairs);
    among those free to go, the least-loaded are taken first, ties broken at random, so the work is shared.
    """
    candidates, inspectors = sorted(set(candidates)), sorted(set(inspectors))
    conflicts = set(conflicts)
    if count > len(candidates):
        raise DrawError(f"only {len(candidates)} candidates for {count} checks")
    if inspectors_refusal(per_check):
        raise DrawError(inspectors_refusal(per_check))
    rng = random.Random(f"spot-check:{seed}")
    organizations = rng.sample(candidates, count)
    load = dict.fromkeys(inspectors, 0)
    drawn = []
    for organization_id in organizations:
        free = [i for i in inspectors if (i, organization_id) not in conflicts]
        if len(free) < per_check:
            raise DrawError(f"only {len(free)} inspectors free for organization {organization_id}")
        rng.shuffle(free)
        chosen = sorted(free, key=lambda i: load[i])[:per_check]
        for inspector_id in chosen:
            load[inspector_id] += 1
        drawn.append(DrawnCheck(organization_id, tuple(sorted(chosen))))
    return drawn
