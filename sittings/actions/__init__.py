"""Workflow steps of the sitting: the room (attendance, opening, closing, notes) and votes."""
