"""One package per Viewflow process, each named for the procedure it carries out."""
