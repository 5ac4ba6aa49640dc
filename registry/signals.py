"""Signals the register sends, so a process can follow a change without the register knowing of processes."""

from django.dispatch import Signal

# Sent inside the transaction that files a penalty case (argument: case); the penalty process starts on it.
penalty_case_opened = Signal()
