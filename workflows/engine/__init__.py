"""Shared workflow machinery: the flow base, officers' task nodes, access checks, step views."""
