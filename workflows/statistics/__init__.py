"""The sector statistics page for a bureau's head and officers, and for a city bureau across its districts."""
