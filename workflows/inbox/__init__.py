"""The officers' workspace: the task inbox across flows and the ID-number disclosure log."""
