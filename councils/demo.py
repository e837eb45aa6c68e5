"""Demo data: the INSPE d'Aix-Marseille, its 21 CPERs, its conseil d'institut and its COSP,
with fictional people.

Built through the same actions as the UI, so the demo already has its audit trail.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from councils import actions
from councils.models import Component, Council, Institution, Programme, Site, SubCouncil, Track

DEMO_PASSWORD = "demo-Conseils-2026"  # noqa: S105 - printed on purpose: demo accounts only
DOMAIN = "demo.conseils.test"

# The 21 councils, exactly as the seed page (001_*) names them, with their programme.
COUNCILS = [
    ("Premier degré", "MEEF premier degré"),
    ("Second degré lettres", "MEEF second degré"),
    ("Second degré langues romanes", "MEEF second degré"),
    ("Second degré langues anglais, allemand, arabe, chinois", "MEEF second degré"),
    ("Second degré histoire-géographie", "MEEF second degré"),
    ("Second degré arts", "MEEF second degré"),
    ("Second degré mathématiques", "MEEF second degré"),
    ("Second degré sciences physiques et chimiques", "MEEF second degré"),
    ("Second degré sciences de la vie et de la Terre", "MEEF second degré"),
    ("Second degré enseignements généraux de l’enseignement professionnel", "MEEF second degré"),
    ("Second degré en SES et philosophie", "MEEF second degré"),
    ("Second degré documentation", "MEEF second degré"),
    ("Second degré EPS", "MEEF second degré"),
    ("Second degré sciences biotechnologiques et médicosociales", "MEEF second degré"),
    ("Second degré d’économie-gestion", "MEEF second degré"),
    ("Recherche en éducation", "MEEF pratiques et ingénierie de la formation"),
    ("Second degré sciences et technologie de l’industrie", "MEEF second degré"),
    ("Second degré conseillers principaux d’éducation", "MEEF encadrement éducatif"),
    (
        "Second degré adaptation scolaire aux situations de handicap",
        "MEEF pratiques et ingénierie de la formation",
    ),
    (
        "Responsables de formation et ingénierie pédagogique",
        "MEEF pratiques et ingénierie de la formation",
    ),
    ("Rédacteurs professionnels", "Rédaction professionnelle"),
]
MULTI_SITE = "Premier degré"
WITH_AU = {"Premier degré", "Second degré lettres", "Second degré histoire-géographie"}
# Left one student short on purpose, so that a newcomer has a council to put right.
ILLEGAL = "Rédacteurs professionnels"
SITES = ["Aix-en-Provence", "Avignon", "Digne-les-Bains", "La Seyne-sur-Mer", "Marseille"]

# Each first name with the sex of the fictional people who bear it, fixed here so that every
# page agrees with them ("désignée", "présente"): nothing is guessed from a name at runtime.
FIRST = [
    ("Camille", "F"), ("Louis", "M"), ("Inès", "F"), ("Hugo", "M"), ("Chloé", "F"),
    ("Mathis", "M"), ("Léa", "F"), ("Nathan", "M"), ("Manon", "F"), ("Théo", "M"),
    ("Sarah", "F"), ("Lucas", "M"), ("Jade", "F"), ("Enzo", "M"), ("Lina", "F"),
    ("Jules", "M"), ("Zoé", "F"), ("Rayan", "M"), ("Alice", "F"), ("Noah", "M"),
    ("Emma", "F"), ("Adam", "M"), ("Louise", "F"), ("Gabriel", "M"), ("Rose", "F"),
    ("Arthur", "M"), ("Anna", "F"), ("Yanis", "M"), ("Mila", "F"), ("Paul", "M"),
]  # fmt: skip
LAST = [
    "Martin", "Bernard", "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin",
    "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin",
    "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    first_name: str
    last_name: str
    sex: str


ACCOUNTS = [
    DemoAccount("directrice de l’Inspé", f"directrice@{DOMAIN}", "Hélène", "Marchand", "F"),
    DemoAccount(
        "responsable de mention (MEEF second degré)", f"mention@{DOMAIN}", "Karim", "Benali", "M"
    ),
    DemoAccount(
        "responsable de parcours (mathématiques)", f"parcours@{DOMAIN}", "Sophie", "Lemoine", "F"
    ),
    DemoAccount("président (CPER mathématiques)", f"president@{DOMAIN}", "Olivier", "Fabre", "M"),
    DemoAccount("membre (CPER mathématiques)", f"membre@{DOMAIN}", "Claire", "Aubert", "F"),
    DemoAccount(
        "représentante des étudiants (mathématiques)", f"etudiante@{DOMAIN}", "Lou", "Barbier", "F"
    ),
    DemoAccount(
        "répond pour le COSP aux préconisations, propose la composition des CPER",
        f"cosp@{DOMAIN}",
        "Nadia",
        "Chevalier",
        "F",
    ),
    DemoAccount(
        "observatoire des formations (indicateurs et bilans)",
        f"observatoire@{DOMAIN}",
        "Inès",
        "Morel",
        "F",
    ),
    DemoAccount("personne sans rôle", f"visiteur@{DOMAIN}", "Marc", "Renaud", "M"),
    DemoAccount("administration technique", f"admin@{DOMAIN}", "Ada", "Admin", "F"),
]


class _Names:
    """Deterministic fictional people, never twice the same."""

    def __init__(self) -> None:
        self._pairs = itertools.product(LAST, FIRST)
        self._n = 0

    def person(self) -> User:
        last, (first, sex) = next(self._pairs)
        self._n += 1
        email = f"{first}.{last}.{self._n}@{DOMAIN}".lower()
        email = email.replace("é", "e").replace("è", "e").replace("ç", "c").replace("ï", "i")
        return User.objects.create_user(email, first_name=first, last_name=last, sex=sex)


def is_loaded() -> bool:
    return Institution.objects.filter(short_name="Inspé AMU").exists()


def _account(email: str) -> User:
    acc = next(a for a in ACCOUNTS if a.email == email)
    user, _created = User.objects.get_or_create(
        email=acc.email, defaults={"first_name": acc.first_name, "last_name": acc.last_name}
    )
    user.sex = acc.sex  # also completes an account loaded before the demo knew it
    user.set_password(DEMO_PASSWORD)
    if acc.email.startswith("admin@"):
        user.is_staff = user.is_superuser = True
    user.save()
    return user


@transaction.atomic
def load() -> bool:
    """Create the demo's institution, people and councils; returns False when it is already
    there (idempotent). The rest of the demo builds on them: see home.demo."""
    if is_loaded():
        inst = Institution.objects.get(short_name="Inspé AMU")
        if inst.director is not None:
            load_institute_councils(inst, inst.director, academic_year_start())
        return False
    users = {a.email.split("@")[0]: _account(a.email) for a in ACCOUNTS}
    director = users["directrice"]
    inst = Institution.objects.create(
        name="Institut national supérieur du professorat et de l’éducation d’Aix-Marseille",
        short_name="Inspé AMU",
        director=director,
        director_title="Directrice de l’Inspé",
    )
    components = {
        code: Component.objects.create(institution=inst, code=code, name=name)
        for code, name in [
            ("INSPE", "Inspé d’Aix-Marseille"),
            ("AMU", "Aix-Marseille Université"),
            ("AU", "Avignon Université"),
        ]
    }
    sites = {name: Site.objects.create(institution=inst, name=name) for name in SITES}
    names = _Names()
    programmes: dict[str, Programme] = {}
    for _name, programme in COUNCILS:
        if programme not in programmes:
            head = users["mention"] if programme == "MEEF second degré" else names.person()
            programmes[programme] = Programme.objects.create(
                institution=inst, name=programme, head=head
            )
    start = academic_year_start()
    for council_name, programme_name in COUNCILS:
        _council(
            inst, council_name, programmes[programme_name], components, sites, names, users, start
        )
    load_institute_councils(inst, director, start)
    return True


# The conseil d'institut (D. 721-1): 14 elected, 2 representatives of AMU and 8 externals out
# of 24 (33 %), 12 women and 12 men, presided over by a person appointed by the rector (D. 721-2).
INSTITUTE_COUNCIL = "Conseil de l’institut de l’Inspé d’Aix-Marseille"
INSTITUTE_SEATS: list[tuple[str, str, str, str | None]] = [
    ("professor", "Isabelle", "Moreau", None),
    ("professor", "Thierry", "Lacroix", None),
    ("lecturer", "Nathalie", "Ferrand", None),
    ("lecturer", "Julien", "Castel", None),
    ("other_teacher", "Sandrine", "Pellegrin", None),
    ("other_teacher", "Frédéric", "Olivier", None),
    ("school_staff", "Valérie", "Arnaud", None),
    ("school_staff", "Stéphane", "Giraud", None),
    ("other_staff", "Karine", "Meunier", None),
    ("other_staff", "Laurent", "Brun", None),
    ("user", "Élise", "Carpentier", None),
    ("user", "Maxime", "Durand", None),
    ("user", "Yasmine", "Haddad", None),
    ("user", "Antoine", "Royer", None),
    ("establishment_representative", "Catherine", "Vidal", None),
    ("establishment_representative", "Philippe", "Sauvage", None),
    ("local_authority_representative", "Martine", "Roche", None),
    ("rector_appointee", "Anne", "Lemaire", None),  # elected president
    ("rector_appointee", "Bruno", "Carré", None),
    ("rector_appointee", "Sylvie", "Marchetti", None),
    ("rector_appointee", "Patrick", "Baudin", None),
    ("rector_appointee", "Jean-Marc", "Tessier", None),
    ("partner_appointee", "Christophe", "Jourdan", "AU"),
    ("coopted_personality", "Corinne", "Pons", None),  # restores parity (D. 721-4)
]
INSTITUTE_PRESIDENT = ("Anne", "Lemaire")

# The COSP (D. 721-3): half ex officio, as many for AMU as for its partner AU; the externals
# half designated by the rector, half by the conseil d'institut; 4 women and 4 men.
COSP = "Conseil d’orientation scientifique et pédagogique de l’Inspé d’Aix-Marseille"
COSP_SEATS: list[tuple[str, str, str, str | None]] = [
    ("ex_officio", "Delphine", "Aubry", "AMU"),
    ("ex_officio", "Gilles", "Mallet", "AMU"),
    ("ex_officio", "Florence", "Bertin", "AU"),
    ("ex_officio", "Didier", "Langlois", "AU"),
    ("rector_appointee", "Agnès", "Renard", None),  # elected president
    ("rector_appointee", "Serge", "Collin", None),
    ("institute_council_appointee", "Hélène", "Picard", None),
    ("institute_council_appointee", "Vincent", "Barre", None),
]
COSP_PRESIDENT = ("Agnès", "Renard")
WOMEN = {
    "Isabelle", "Nathalie", "Sandrine", "Valérie", "Karine", "Élise", "Yasmine", "Catherine",
    "Martine", "Anne", "Sylvie", "Corinne", "Delphine", "Florence", "Agnès", "Hélène",
}  # fmt: skip


def load_institute_councils(inst: Institution, director: User, start: dt.date) -> list[Council]:
    """The conseil d'institut and the COSP, both legal; skips a council already there, so it
    also completes a demo loaded before they existed."""
    amu, au = (inst.components.get(code=code) for code in ("AMU", "AU"))
    built = []
    for council_type, name, seats, president in [
        ("inspe_institute_council", INSTITUTE_COUNCIL, INSTITUTE_SEATS, INSTITUTE_PRESIDENT),
        ("inspe_cosp", COSP, COSP_SEATS, COSP_PRESIDENT),
    ]:
        if inst.councils.filter(name=name).exists():
            continue
        council = Council.objects.create(
            institution=inst, council_type=council_type, name=name, establishment=amu
        )
        council.components.add(amu, au)
        for category, first, last, component in seats:
            membership = actions.add_membership(
                council,
                _named_person(first, last),
                actions.Seat(
                    category=category,
                    component=inst.components.get(code=component) if component else None,
                    start_date=start,
                ),
                by=director,
                confirm=True,  # built seat by seat: incomplete until the last one
            )
            if (first, last) == president:
                actions.set_president(council, membership, by=director, on=start)
        built.append(council)
    return built


def _named_person(first: str, last: str) -> User:
    email = f"{first}.{last}@{DOMAIN}".lower().replace(" ", "-")
    for accented, plain in [("é", "e"), ("è", "e"), ("ç", "c"), ("ï", "i"), ("É", "e")]:
        email = email.replace(accented.lower(), plain)
    sex = User.Sex.FEMALE if first in WOMEN else User.Sex.MALE
    existing = User.objects.filter(email=email).first()
    return existing or User.objects.create_user(email, first_name=first, last_name=last, sex=sex)


def academic_year_start() -> dt.date:
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year, 9, 1)


def _council(
    inst: Institution,
    name: str,
    programme: Programme,
    components: dict[str, Component],
    sites: dict[str, Site],
    names: _Names,
    users: dict[str, User],
    start: dt.date,
) -> Council:
    is_maths = name == "Second degré mathématiques"
    track_head = users["parcours"] if is_maths else names.person()
    track = Track.objects.create(programme=programme, name=name, head=track_head)
    council = Council.objects.create(
        institution=inst, council_type="cper", name=name, programme=programme
    )
    council.tracks.add(track)
    engaged = ["INSPE", "AMU", "AU"] if name in WITH_AU else ["INSPE", "AMU"]
    council.components.add(*(components[c] for c in engaged))
    council_sites = SITES if name == MULTI_SITE else ["Marseille"]
    council.sites.add(*(sites[s] for s in council_sites))
    if name == MULTI_SITE:
        for site in council_sites:
            SubCouncil.objects.create(
                council=council, site=sites[site], name=f"Sous-conseil {name} — {site}"
            )
    teachers = [*engaged, "AMU"] if len(engaged) == 2 else engaged
    seats: list[tuple[User, str, str | None]] = [
        (programme.head or names.person(), "head_of_mention", "INSPE"),
        (track_head, "head_of_track", "INSPE"),
        *(
            (users["membre"] if is_maths and i == 0 else names.person(), "teacher", code)
            for i, code in enumerate(teachers)
        ),
        (users["president"] if is_maths else names.person(), "academy_representative", None),
        (names.person(), "profession_representative", None),
        (users["etudiante"] if is_maths else names.person(), "student_representative", "INSPE"),
        *([] if name == ILLEGAL else [(names.person(), "student_representative", "AMU")]),
        (names.person(), "guest", None),
    ]
    director = users["directrice"]
    president = None
    for person, category, component in seats:
        # In the maths CPER, the AMU student's term ends in ten days (a one-semester exchange):
        # the forecast, the reminder and the renewal page have something to show.
        leaving = is_maths and category == "student_representative" and component == "AMU"
        term_end = timezone.localdate() + dt.timedelta(days=10) if leaving else None
        membership = actions.add_membership(
            council,
            person,
            actions.Seat(
                category=category,
                component=components[component] if component else None,
                start_date=start,
                term_end=term_end,
                end_date=term_end,
            ),
            by=director,
            confirm=True,  # the council is built seat by seat, so it is incomplete until the end
        )
        if category == "academy_representative":
            president = membership
    assert president is not None
    actions.set_president(council, president, by=director, on=start)
    return council
