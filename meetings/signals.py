"""Sent when a meeting joins a council's calendar: apps above meetings react without meetings
knowing them (recommendations puts the recommendations that wait for this council on the new
meeting's agenda). Sent inside the planning transaction."""

from django.dispatch import Signal

# sender=Meeting, meeting=<Meeting>, by=<User>
meeting_planned = Signal()
