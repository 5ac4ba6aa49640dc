"""One Viewflow process per module, each named for the procedure it carries out."""
