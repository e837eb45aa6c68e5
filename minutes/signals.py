"""Sent when the director publishes minutes: other apps react without minutes knowing them."""

from django.dispatch import Signal

# sender=Minutes, minutes=<Minutes>, by=<User>
minutes_published = Signal()
