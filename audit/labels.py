"""What each audit action means, as a page says it (issue 10 §2: never an internal code on a
page). The codes stay in the chain, which hashes them; pages show these labels. Each label is a
noun phrase, so that it needs no agreement with whoever acted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

LABELS: dict[str, StrOrPromise] = {
    # structure and people (setup pages: "<model>.<verb>", see councils.setup_actions)
    "institution.created": _("Création de l’établissement"),
    "structure.imported": _("Import de la structure"),
    "structure.xlsx": _("Export de la structure"),
    "people.imported": _("Import de l’annuaire"),
    "person.created": _("Ajout d’une personne à l’annuaire"),
    "person.changed": _("Modification d’une fiche de l’annuaire"),
    "person.pseudonymised": _("Pseudonymisation d’une personne"),
    "body.saved": _("Enregistrement d’une instance destinataire"),
    "legal.wording_saved": _("Modification des informations légales"),
    "observatory.added": _("Ajout d’un compte de l’observatoire"),
    "observatory.removed": _("Retrait d’un compte de l’observatoire"),
    # added with the calendar act, the COSP's proposals, elections, guests, absences, the room
    "calendar.set": _("Calendrier de l’année arrêté"),
    "composition.proposed": _("Proposition de composition du COSP"),
    "composition.decided": _("Décision sur une proposition de composition"),
    "election.lists_opened": _("Ouverture du dépôt des listes"),
    "election.list_added": _("Dépôt d’une liste"),
    "election.candidate_added": _("Ajout d’un candidat"),
    "election.elector_added": _("Inscription d’un électeur"),
    "election.electors_imported": _("Import de la liste électorale"),
    "election.results_entered": _("Saisie des résultats d’une élection"),
    "election.proclaimed": _("Proclamation des élus"),
    "election.next_in_line_designated": _("Désignation du suivant de liste"),
    "election.opened": _("Ouverture d’un scrutin en séance"),
    "election.round_opened": _("Ouverture d’un nouveau tour de scrutin"),
    "election.ballot_cast": _("Dépôt d’un bulletin"),
    "election.candidate_withdrawn": _("Retrait d’un candidat"),
    "election.closed": _("Clôture d’un scrutin"),
    "meeting.guest_invited": _("Invitation ponctuelle à une séance"),
    "membership.absences_flagged": _("Signalement d’absences répétées"),
    "membership.ended_for_absences": _("Fin d’un mandat pour absences"),
    "sitting.checked_in": _("Présence signalée par le membre"),
    "sitting.current_item": _("Point affiché au projecteur"),
    # composition
    "membership.added": _("Ajout d’un membre"),
    "membership.changed": _("Modification d’un mandat"),
    "membership.ended": _("Fin d’un mandat"),
    "membership.imported": _("Import des membres"),
    "membership.successor_designated": _("Désignation d’un successeur"),
    "mandates.renewed": _("Renouvellement des mandats"),
    "council.president_chosen": _("Désignation de la présidence"),
    "subcouncil.members_set": _("Composition d’un sous-conseil"),
    # meetings and agenda
    "meeting.planned": _("Séance planifiée"),
    "meeting.moved": _("Déplacement d’une séance"),
    "meeting.cancelled": _("Annulation d’une séance"),
    "meeting.answered": _("Réponse à une convocation"),
    "meeting.substitutes_convoked": _("Convocation des suppléants"),
    "agenda.item_added": _("Ajout d’un point à l’ordre du jour"),
    "agenda.item_added_automatically": _("Ajout automatique d’un point à l’ordre du jour"),
    "agenda.item_changed": _("Modification d’un point de l’ordre du jour"),
    "agenda.item_moved": _("Déplacement d’un point de l’ordre du jour"),
    "agenda.item_removed": _("Retrait d’un point de l’ordre du jour"),
    "agenda.attachment_added": _("Ajout d’une pièce jointe"),
    "agenda.attachment_removed": _("Retrait d’une pièce jointe"),
    "agenda.submitted": _("Proposition de l’ordre du jour"),
    "agenda.set": _("Ordre du jour arrêté"),
    "agenda.reopened": _("Réouverture de l’ordre du jour"),
    "invitation.ics": _("Téléchargement d’une invitation"),
    "seances.ics": _("Téléchargement du calendrier des séances"),
    "calendar_feed.created": _("Création d’un lien d’agenda"),
    "calendar_feed.revoked": _("Révocation d’un lien d’agenda"),
    # convocations
    "convocation.signed": _("Signature de la convocation"),
    "convocation.send_requested": _("Envoi de la convocation"),
    "convocation.resend_requested": _("Nouvel envoi de la convocation"),
    "convocation.delivery_failed": _("Échec de remise d’une convocation"),
    "convocation.opened": _("Réception d’une convocation confirmée"),
    # sittings
    "sitting.prepared": _("Préparation de la séance"),
    "sitting.opened": _("Ouverture de la séance"),
    "sitting.closed": _("Clôture de la séance"),
    "sitting.reconvened": _("Nouvelle convocation faute de quorum"),
    "sitting.presence": _("Relevé d’une présence"),
    "sitting.arrived": _("Arrivée d’un membre en séance"),
    "sitting.left": _("Départ d’un membre en séance"),
    "sitting.notes_saved": _("Notes de séance enregistrées"),
    "vote.opened": _("Ouverture d’un vote"),
    "vote.named": _("Vote nominatif enregistré"),
    "vote.counted": _("Décompte d’un vote"),
    "vote.closed": _("Clôture d’un vote"),
    "vote.ballot_cast": _("Bulletin déposé"),
    # minutes
    "minutes.started": _("Ouverture du compte rendu"),
    "minutes.saved": _("Enregistrement du compte rendu"),
    "minutes.submitted": _("Compte rendu soumis à validation"),
    "minutes.approved": _("Approbation du compte rendu"),
    "minutes.sent_back": _("Compte rendu renvoyé au secrétaire de séance"),
    "minutes.frozen": _("Compte rendu validé et figé"),
    "minutes.published": _("Publication du compte rendu"),
    "minutes.redacted": _("Occultation d’un passage du compte rendu"),
    "minutes.correction_started": _("Ouverture d’un rectificatif"),
    # recommendations and evaluation
    "recommendation.adopted": _("Adoption d’une préconisation"),
    "recommendation.routed": _("Transmission d’une préconisation"),
    "recommendation.answered": _("Réponse à une préconisation"),
    "preconisations.csv": _("Export des préconisations"),
    "indicator.set": _("Saisie d’un indicateur"),
    "indicators.imported": _("Import d’indicateurs"),
    # accounts
    "api_token.created": _("Création d’un jeton d’API"),
    "api_token.revoked": _("Révocation d’un jeton d’API"),
}

# The setup pages write "<model>.<verb>" for every piece of structure they edit.
VERBS: dict[str, StrOrPromise] = {
    "created": _("Création dans la structure"),
    "changed": _("Modification de la structure"),
    "retired": _("Retrait de la structure"),
    "reinstated": _("Rétablissement dans la structure"),
}

UNKNOWN = _("Opération enregistrée")


def label(action: str) -> str:
    """The sentence a page shows for an action code (a generic one for a code not listed)."""
    if action in LABELS:
        return str(LABELS[action])
    verb = action.rpartition(".")[2]
    return str(VERBS.get(verb, UNKNOWN))
