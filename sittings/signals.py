"""Sent when the room closes a vote: apps above sittings react without sittings knowing them
(recommendations answers a routed recommendation with the vote; minutes adds the result of
an election to the draft).

Both are sent inside the closing transaction, after the row is saved: a receiver that fails
undoes the closing.
"""

from django.dispatch import Signal

# sender=Vote, vote=<Vote>, by=<User>
vote_closed = Signal()
# sender=Election, election=<Election>, by=<User>
election_closed = Signal()
