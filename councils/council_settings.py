"""A council's settings as the director sees them: each value with its legal basis.

Quorum and majority come from the council type's rule pack (`bylaws.sittings`); the notice
period, the proxy cap and the order of the minutes validations are the council's own fields,
whose defaults follow the texts quoted here (checked word for word by the tests).

The notice period and the proxy cap are settings of the internal regulations: for the INSPE's
own councils D. 721-8 gives them that role and is cited; a CPER's defaults are borrowed from
articles that govern other councils, and the citation says so (`governing_citation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bylaws.code import cite_article
from bylaws.engine import Citation
from bylaws.sittings import (
    INTERNAL_REGULATIONS,
    Majority,
    governing_citation,
    setter_of,
    sitting_rules,
)
from councils.absences import absence_rule
from councils.models import Council

SEED_DOCUMENT = "inspe-aix-marseille-cper.fr.txt"

# Defaults borrowed from other councils' articles: shown through `governing_citation`.
NOTICE = Citation(
    source=cite_article("R. 421-25"),
    quote="Il envoie les convocations, accompagnées de l'ordre du jour et des documents "
    "préparatoires, au moins huit jours à l'avance, ce délai pouvant être réduit à un jour "
    "en cas d'urgence.",
    code_line=15886,
)
PROXIES = Citation(
    source=cite_article("R. 642-9"),
    quote="Nul ne peut détenir plus d'une procuration.",
    code_line=26823,
)
MINUTES = Citation(
    source="INSPE d'Aix-Marseille, conseils de perfectionnement, « Fonctionnement »",
    quote="Un compte rendu de chaque réunion est établi par un.e secrétaire de séance, validé "
    "par le.la président.e du CPER, le.la responsable de parcours et le.la responsable de "
    "mention.",
    document=SEED_DOCUMENT,
)
# D. 721-8: the internal regulations set the INSPE councils' convocation and representation.
INSPE_NOTICE_QUOTE = (
    "les modalités de convocation, d'établissement et d'envoi de l'ordre du jour des "
    "documents préparatoires"
)
INSPE_PROXIES_QUOTE = "les conditions de représentation de leurs membres"
CITATIONS = [NOTICE, PROXIES, MINUTES]


def _internal_rule(council_type: str, borrowed: Citation, quote: str) -> Citation:
    """The article that gives the internal regulations this role, where one does; else the
    borrowed default, said to be borrowed."""
    regulations = INTERNAL_REGULATIONS.get(council_type)
    if regulations and regulations.role:
        return Citation(
            source=f"{setter_of(council_type)}, réglage du conseil",
            quote=quote,
            code_line=regulations.role[0],
        )
    return governing_citation(borrowed, council_type)


def notice_citation(council_type: str) -> Citation:
    return _internal_rule(council_type, NOTICE, INSPE_NOTICE_QUOTE)


def proxies_citation(council_type: str) -> Citation:
    return _internal_rule(council_type, PROXIES, INSPE_PROXIES_QUOTE)


@dataclass(frozen=True)
class Setting:
    label: str
    value: str
    citation: Citation | None
    note: str = ""  # the basis said in words, where no text sets the value


def _majority(kind: Majority) -> str:
    return {
        Majority.VOTES_CAST: _("majorité des suffrages exprimés"),
        Majority.MEMBERS: _("majorité absolue des membres en exercice"),
        Majority.TWO_THIRDS: _("deux tiers des suffrages exprimés"),
    }[kind]


def council_settings(council: Council) -> list[Setting]:
    rules = sitting_rules(council.council_type)
    quorum, majority = rules.quorum, rules.majority
    # "plus de la moitié des membres", as the texts say it; other shares as fractions.
    share = (
        _("la moitié")
        if quorum.share == Fraction(1, 2)
        else f"{quorum.share.numerator}/{quorum.share.denominator}"
    )
    if quorum.more_than:
        quorum_text = _("plus de %(share)s des membres en exercice") % {"share": share}
    else:
        quorum_text = _("au moins %(share)s des membres en exercice") % {"share": share}
    if quorum.count_remote:
        quorum_text += _(", membres à distance compris")
    if not quorum.count_proxies:
        quorum_text += _(", procurations non comptées")
    majority_text = _majority(majority.kind)
    if majority.casting_vote:
        majority_text += _(" ; voix prépondérante de la présidence en cas de partage")
    return [
        Setting(
            _("Délai de convocation"),
            ngettext("%(n)d jour", "%(n)d jours", council.notice_days) % {"n": council.notice_days},
            notice_citation(council.council_type),
        ),
        Setting(
            _("Procurations détenues au plus par un membre"),
            str(council.max_proxies),
            proxies_citation(council.council_type),
        ),
        Setting(_("Quorum"), quorum_text, quorum.citation),
        Setting(_("Majorité"), majority_text, majority.citation),
        _minutes(council),
        _absences(council),
    ]


def _minutes(council: Council) -> Setting:
    if council.under_cpers_page:
        order = str(council.get_minutes_validation_order_display())
        return Setting(_("Validation des comptes rendus"), order, MINUTES)
    return Setting(
        _("Validation des comptes rendus"),
        _("par la présidence du conseil"),
        None,
        _(
            "Aucun texte qui régit ce conseil ne fixe la validation de ses comptes rendus : "
            "sa présidence les valide."
        ),
    )


def _absences(council: Council) -> Setting:
    rule = absence_rule(council)
    return Setting(
        _("Absences signalées à la présidence et à la direction"),
        rule.describe(),
        rule.citation,
        "" if rule.by_law else rule.basis(),
    )
