"""The per-application process of a purchase call."""


def conclude_application(application):
    """Complete the application's step that waits for the call's result (AWARDED or NOT_AWARDED)."""
    return None
