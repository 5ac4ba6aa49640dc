"""Writes to the register: every change goes through these functions."""
