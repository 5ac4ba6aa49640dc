"""Change organizations through the register service for a while; print each committed change.

Run with the cluster's environment; each line is `<organization id> <domicile written>`.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--organizations", type=int, default=40)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from registry.choices import HistoryAction
    from registry.models import Organization
    from registry.services.register import organization_update

    admin = get_user_model().objects.get(username="admin")
    ids = list(Organization.objects.exclude(uscc__isnull=True).order_by("pk").values_list("pk", flat=True))
    ids = ids[: arguments.organizations]
    deadline = time.monotonic() + arguments.seconds
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        for pk in ids:
            domicile = f"上海市闵行区故障演练路{round_number}号{pk}室"
            organization = Organization.objects.get(pk=pk)
            organization_update(
                organization=organization, by=admin, reason="故障演练", action=HistoryAction.CHANGED, domicile=domicile
            )
            print(pk, domicile, flush=True)
            if time.monotonic() >= deadline:
                break


if __name__ == "__main__":
    main()
