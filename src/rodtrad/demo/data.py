"""The demo municipalities: Elvdal and its neighbour Fjellvik (fictional).

Everything here is invented. Municipality numbers 99xx are not used by any
real municipality, identity numbers are made synthetic when loaded (see
``synthetic.py``), email addresses use the reserved ``.example`` domain and
nobody has a phone number.

The people are chosen so a user can walk the stories S1–S10 in
/work/shared/design/SCENARIOS.md (``stories`` on each entry says which).
Children's ages are kept fixed relative to the day the demo is loaded (see
``DemoChild``); adults have fixed birth dates because their age matters to no
story.

Teams are not modelled yet: their names and members are in ``teams.py``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from rodtrad.demo.schooling import Stage
from rodtrad.organisation.models import ConfidentialityLaw, Role, UnitKind
from rodtrad.people.models import Relation

ELVDAL = "9901"
FJELLVIK = "9902"
MUNICIPALITIES = {ELVDAL: "Elvdal", FJELLVIK: "Fjellvik"}

DEMO_PASSWORD = "rodtrad-demo"  # noqa: S105 - printed for everyone; demo only

# The administrative unit of each municipality: every other unit hangs under it.
ELVDAL_ADMINISTRATION = "Elvdal kommune"
FJELLVIK_ADMINISTRATION = "Fjellvik kommune"


@dataclass(frozen=True)
class DemoUnit:
    municipality: str  # owner's municipality number
    name: str  # unique across the demo, so units are looked up by name alone
    kind: UnitKind
    law: ConfidentialityLaw = ConfidentialityLaw.ADMINISTRATION
    parent: str | None = None
    # Municipalities served, the owner included, for intermunicipal units only.
    serves: tuple[str, ...] = ()


def _elvdal(
    name: str,
    kind: UnitKind,
    law: ConfidentialityLaw = ConfidentialityLaw.ADMINISTRATION,
    *,
    serves: tuple[str, ...] = (),
    parent: str | None = ELVDAL_ADMINISTRATION,
) -> DemoUnit:
    return DemoUnit(ELVDAL, name, kind, law, parent, serves)


def _fjellvik(
    name: str,
    kind: UnitKind,
    law: ConfidentialityLaw = ConfidentialityLaw.ADMINISTRATION,
    *,
    parent: str | None = FJELLVIK_ADMINISTRATION,
) -> DemoUnit:
    return DemoUnit(FJELLVIK, name, kind, law, parent)


BOTH = (ELVDAL, FJELLVIK)
Law = ConfidentialityLaw
Kind = UnitKind

# Unit names used again below.
SOLSIKKEN = "Solsikken barnehage"
TYTTEBAERET = "Tyttebæret barnehage"
BAKKELI = "Bakkeli barneskole"
ELVDAL_LOWER_SECONDARY = "Elvdal ungdomsskole"
ELVDAL_UPPER_SECONDARY = "Elvdal videregående skole"
HEALTH_STATION = "Elvdal helsestasjon og skolehelsetjeneste"
PPT = "PP-tjenesten for Elvdal og Fjellvik"
CHILD_WELFARE = "Barneverntjenesten for Elvdal og Fjellvik"
FAMILY_CENTRE = "Familiesenteret Elvdal"
MENTAL_HEALTH = "Psykisk helse og rus"
COORDINATING = "Koordinerende enhet"
NAV_ELVDAL = "NAV Elvdal"
POLICE = "Politiet – SLT-kontakt Elvdal og Fjellvik"
FJELLVIK_KINDERGARTEN = "Fjellvik barnehage"
FJELLVIK_SCHOOL = "Fjellvik skole"

# Parents come before their children.
UNITS: tuple[DemoUnit, ...] = (
    _elvdal(ELVDAL_ADMINISTRATION, Kind.OTHER, parent=None),
    _elvdal(SOLSIKKEN, Kind.KINDERGARTEN, Law.KINDERGARTEN),
    _elvdal(TYTTEBAERET, Kind.KINDERGARTEN, Law.KINDERGARTEN),
    _elvdal(BAKKELI, Kind.SCHOOL, Law.EDUCATION),
    _elvdal(ELVDAL_LOWER_SECONDARY, Kind.SCHOOL, Law.EDUCATION),
    _elvdal(HEALTH_STATION, Kind.HEALTH_STATION, Law.HEALTH_PERSONNEL),
    _elvdal(PPT, Kind.PPT, serves=BOTH),
    _elvdal(CHILD_WELFARE, Kind.CHILD_WELFARE, Law.CHILD_WELFARE, serves=BOTH),
    _elvdal(FAMILY_CENTRE, Kind.FAMILY_SERVICE),
    _elvdal(MENTAL_HEALTH, Kind.MENTAL_HEALTH, Law.HEALTH_PERSONNEL),
    _elvdal(COORDINATING, Kind.COORDINATING),
    _elvdal("Fysio- og ergoterapitjenesten", Kind.THERAPY, Law.HEALTH_PERSONNEL),
    _elvdal("Flyktningtjenesten", Kind.REFUGEE_SERVICE),
    _elvdal(NAV_ELVDAL, Kind.NAV, Law.NAV, parent=None),
    _elvdal("Kultur og fritid – Elvdal ungdomsklubb", Kind.CULTURE_LEISURE),
    _elvdal("Elvdal legesenter", Kind.GP, Law.HEALTH_PERSONNEL),
    _elvdal(POLICE, Kind.POLICE, Law.POLICE, serves=BOTH, parent=None),
    _elvdal(ELVDAL_UPPER_SECONDARY, Kind.UPPER_SECONDARY, Law.EDUCATION, serves=BOTH, parent=None),
    _elvdal(
        "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
        Kind.SPECIALIST_HEALTH,
        Law.HEALTH_PERSONNEL,
        serves=BOTH,
        parent=None,
    ),
    _fjellvik(FJELLVIK_ADMINISTRATION, Kind.OTHER, parent=None),
    _fjellvik(FJELLVIK_KINDERGARTEN, Kind.KINDERGARTEN, Law.KINDERGARTEN),
    _fjellvik(FJELLVIK_SCHOOL, Kind.SCHOOL, Law.EDUCATION),
    _fjellvik(
        "Fjellvik helsestasjon og skolehelsetjeneste", Kind.HEALTH_STATION, Law.HEALTH_PERSONNEL
    ),
    _fjellvik("NAV Fjellvik", Kind.NAV, Law.NAV),
)

# Where children of each municipality go, stage by stage (Fjellvik skole has
# grades 1–10; Fjellvik's youth go to upper secondary school in Elvdal).
PLACES: dict[str, dict[Stage, str]] = {
    ELVDAL: {
        Stage.KINDERGARTEN: SOLSIKKEN,
        Stage.PRIMARY: BAKKELI,
        Stage.LOWER_SECONDARY: ELVDAL_LOWER_SECONDARY,
        Stage.UPPER_SECONDARY: ELVDAL_UPPER_SECONDARY,
    },
    FJELLVIK: {
        Stage.KINDERGARTEN: FJELLVIK_KINDERGARTEN,
        Stage.PRIMARY: FJELLVIK_SCHOOL,
        Stage.LOWER_SECONDARY: FJELLVIK_SCHOOL,
        Stage.UPPER_SECONDARY: ELVDAL_UPPER_SECONDARY,
    },
}


@dataclass(frozen=True)
class DemoEmployee:
    username: str
    first_name: str
    last_name: str
    title: str  # shown in the list of logins only; users have no title field yet
    memberships: tuple[tuple[str, Role], ...]  # (unit name, role)
    stories: str

    @property
    def email(self) -> str:
        municipality = "fjellvik" if self.memberships[0][0].startswith("Fjellvik") else "elvdal"
        return f"{self.username}@{municipality}.kommune.example"


E, L, A = Role.EMPLOYEE, Role.LEADER, Role.ADMINISTRATOR


def _employee(
    username: str, name: str, title: str, unit: str, role: Role, stories: str
) -> DemoEmployee:
    first_name, last_name = name.split(" ", 1)
    return DemoEmployee(username, first_name, last_name, title, ((unit, role),), stories)


EMPLOYEES: tuple[DemoEmployee, ...] = (
    _employee("admin", "Aud Alvestad", "systemforvalter", ELVDAL_ADMINISTRATION, A,
              "oppsett: enheter, ansatte, barn"),
    _employee("kari", "Kari Lien", "barnehagelærer", SOLSIKKEN, E, "S1, S4, S5, S9"),
    _employee("berit", "Berit Haugland", "styrer", SOLSIKKEN, L, "S1 (lederforankring), S5"),
    _employee("hanne", "Hanne Moen", "helsesykepleier", HEALTH_STATION, E, "S1, S6, S10"),
    _employee("per", "Per Dahl", "PP-rådgiver", PPT, E, "S1, S4"),
    _employee("fatima", "Fatima Rahman", "familieveileder", FAMILY_CENTRE, E,
              "S1, S6, S10 (familiekoordinator)"),
    _employee("tone", "Tone Berg", "kontaktlærer", BAKKELI, E, "S3, S5, S7"),
    _employee("erik", "Erik Sand", "rektor", BAKKELI, L, "S3, S5, S7"),
    _employee("bjorn", "Bjørn Aasen", "saksbehandler", CHILD_WELFARE, E, "S3"),
    _employee("lise", "Lise Strand", "barnevernleder", CHILD_WELFARE, L, "S3, S8"),
    _employee("siri", "Siri Aune", "leder koordinerende enhet", COORDINATING, L,
              "S2 (oppnevner koordinator)"),
    _employee("ola", "Ola Vik", "koordinator", COORDINATING, E, "S2 (koordinatoren som slutter)"),
    _employee("marte", "Marte Solberg", "koordinator", COORDINATING, E, "S2 (ny koordinator)"),
    _employee("ingrid", "Ingrid Foss", "psykolog", MENTAL_HEALTH, E, "S6 (drøftingsteamet), S10"),
    _employee("anne", "Anne Kvam", "kommunalsjef oppvekst", ELVDAL_ADMINISTRATION, L, "S8"),
    _employee("nils", "Nils Brekke", "veileder", NAV_ELVDAL, E, "S10"),
    _employee("sindre", "Sindre Holm", "politiets SLT-kontakt", POLICE, E, "S6"),
    _employee("frida", "Frida Nes", "lærer", FJELLVIK_SCHOOL, E, "S3 fra nabokommunen"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoAdult:
    key: str
    given_name: str
    family_name: str
    born: datetime.date
    municipality: str
    address: str
    note: str = ""

    @property
    def email(self) -> str:
        local = f"{self.given_name}.{self.family_name}".lower()
        for norwegian, ascii_ in (("æ", "ae"), ("ø", "o"), ("å", "a"), (" ", ".")):
            local = local.replace(norwegian, ascii_)
        return f"{local}@epost.example"


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


ADULTS: tuple[DemoAdult, ...] = (
    DemoAdult("ingvild", "Ingvild", "Solheim", _d(1991, 5, 17), ELVDAL, "Elvegata 12, Elvdal"),
    DemoAdult("anders", "Anders", "Lunde", _d(1989, 9, 3), ELVDAL, "Bjørkeveien 4, Elvdal"),
    DemoAdult("samira", "Samira", "Rahimi", _d(1993, 2, 8), ELVDAL, "Elvegata 20, Elvdal"),
    DemoAdult("reza", "Reza", "Rahimi", _d(1988, 11, 23), ELVDAL, "Elvegata 20, Elvdal"),
    DemoAdult("kjersti", "Kjersti", "Bakke", _d(1982, 4, 1), ELVDAL, "Lia 7, Elvdal"),
    DemoAdult("morten", "Morten", "Bakke", _d(1980, 7, 30), ELVDAL, "Lia 7, Elvdal"),
    DemoAdult("camilla", "Camilla", "Eriksen", _d(1987, 1, 15), ELVDAL, "Stasjonsveien 3, Elvdal"),
    DemoAdult("rune", "Rune", "Pettersen", _d(1985, 6, 9), ELVDAL, "Stasjonsveien 3, Elvdal"),
    DemoAdult("kristian", "Kristian", "Eriksen", _d(1986, 3, 7), FJELLVIK, "Fjellveien 4"),
    DemoAdult("hilde", "Hilde", "Lie", _d(1979, 10, 12), ELVDAL, "Granlia 2, Elvdal"),
    DemoAdult("geir", "Geir", "Lie", _d(1977, 12, 5), ELVDAL, "Granlia 2, Elvdal"),
    DemoAdult("tonje", "Tonje", "Karlsen", _d(1984, 8, 19), ELVDAL, "Nedre Elvdal 9, Elvdal",
              note="får hjelp fra Psykisk helse og rus (S10)"),
    DemoAdult("marius", "Marius", "Haugen", _d(1983, 2, 2), ELVDAL, "Bakkeli 15, Elvdal"),
    DemoAdult("lene", "Lene", "Haugen", _d(1985, 5, 25), ELVDAL, "Bakkeli 15, Elvdal"),
    DemoAdult("linh", "Linh", "Nguyen", _d(1988, 9, 14), ELVDAL, "Bakkeli 22, Elvdal"),
    DemoAdult("minh", "Minh", "Nguyen", _d(1986, 1, 30), ELVDAL, "Bakkeli 22, Elvdal"),
    DemoAdult("trine", "Trine", "Myhre", _d(1987, 7, 7), FJELLVIK, "Sætra 1, Fjellvik"),
    DemoAdult("jorgen", "Jørgen", "Myhre", _d(1985, 3, 3), FJELLVIK, "Sætra 1, Fjellvik"),
    DemoAdult("mona", "Mona", "Sæther", _d(1990, 12, 24), ELVDAL, "Elvegata 3, Elvdal"),
    DemoAdult("arne", "Arne", "Fosse", _d(1970, 6, 18), FJELLVIK, "Fossegrenda 8, Fjellvik",
              note="fosterforelder"),
    DemoAdult("gunn", "Gunn", "Fosse", _d(1972, 8, 28), FJELLVIK, "Fossegrenda 8, Fjellvik",
              note="fosterforelder"),
    DemoAdult("siv", "Siv", "Vold", _d(1981, 11, 11), ELVDAL, "Torget 5, Elvdal"),
    DemoAdult("tor", "Tor", "Vold", _d(1978, 4, 20), FJELLVIK, "Fjellveien 2, Fjellvik"),
    DemoAdult("julie", "Julie", "Hagen", _d(1994, 3, 21), ELVDAL, "Solbakken 6, Elvdal"),
    DemoAdult("kine", "Kine", "Hagen", _d(1992, 10, 2), ELVDAL, "Solbakken 6, Elvdal"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoGuardian:
    adult: str  # DemoAdult.key
    relation: Relation
    parental_responsibility: bool = True
    lives_with_child: bool = True


@dataclass(frozen=True)
class DemoChild:
    """A child whose age stays `age` whenever the demo is loaded.

    The birth date is `age` years and `days_since_birthday` days before the
    day of loading. A later run keeps the stored birth date (and so the
    identity number) as long as it still gives the same age, and moves it
    only when the child would otherwise have grown out of its story.
    """

    given_name: str
    family_name: str
    municipality: str
    age: int
    days_since_birthday: int
    guardians: tuple[DemoGuardian, ...]
    household: str  # DemoFamily.name
    stories: str
    note: str = ""
    # Where the child goes instead of the municipality's usual place.
    places: dict[Stage, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoFamily:
    """A household: the adults living in it; the children name their household."""

    name: str
    municipality: str
    adults: tuple[str, ...]


M, F = Relation.MOTHER, Relation.FATHER

CHILDREN: tuple[DemoChild, ...] = (
    DemoChild("Emil", "Solheim", ELVDAL, 4, 150,
              (DemoGuardian("ingvild", M), DemoGuardian("anders", F, lives_with_child=False)),
              "Familien Solheim", "S1, S4, S5, S9",
              note="Tilbaketrukket og ofte sulten (S1). Foreldrene bor hver for seg, "
              "begge har foreldreansvar; far trekker samtykket til PPT (S4). "
              "«Emil vil leke med Ali» (S9)."),
    DemoChild("Ali", "Rahimi", ELVDAL, 4, 40,
              (DemoGuardian("samira", M), DemoGuardian("reza", F)),
              "Familien Rahimi", "S9", note="Emils venn i Solsikken barnehage."),
    DemoChild("Sara", "Bakke", ELVDAL, 12, 200,
              (DemoGuardian("kjersti", M), DemoGuardian("morten", F)),
              "Familien Bakke", "S2",
              note="Diabetes type 1 og ADHD. Individuell plan og ansvarsgruppe; koordinator "
              "Ola Vik slutter og Marte Solberg tar over (S2)."),
    DemoChild("Jonas", "Eriksen", ELVDAL, 9, 100,
              (DemoGuardian("camilla", M),
               DemoGuardian("rune", Relation.STEP_PARENT, parental_responsibility=False),
               DemoGuardian("kristian", F, lives_with_child=False)),
              "Familien Eriksen Pettersen", "S3, S7",
              note="Læreren ser blåmerker og melder til barneverntjenesten uten samtykke (S3). "
              "Bor med mor og stefar; far bor i Fjellvik."),
    DemoChild("Nora", "Lie", ELVDAL, 15, 60,
              (DemoGuardian("hilde", M), DemoGuardian("geir", F)),
              "Familien Lie", "S6",
              note="Drøftes først anonymt i drøftingsteamet, senere med samtykke (S6)."),
    DemoChild("Mia", "Karlsen", ELVDAL, 14, 250, (DemoGuardian("tonje", M),),
              "Familien Karlsen", "S10", note="Eldst av tre søsken; mor er alene om omsorgen."),
    DemoChild("Lucas", "Karlsen", ELVDAL, 8, 20, (DemoGuardian("tonje", M),),
              "Familien Karlsen", "S10"),
    DemoChild("Ella", "Karlsen", ELVDAL, 2, 300, (DemoGuardian("tonje", M),),
              "Familien Karlsen", "S10", places={Stage.KINDERGARTEN: TYTTEBAERET}),
    DemoChild("Aksel", "Haugen", ELVDAL, 10, 180,
              (DemoGuardian("marius", F), DemoGuardian("lene", M)),
              "Familien Haugen", "S7", note="Høyt fravær siste måned (S7)."),
    DemoChild("Sofie", "Nguyen", ELVDAL, 9, 30,
              (DemoGuardian("linh", M), DemoGuardian("minh", F)),
              "Familien Nguyen", "S7", note="Går i samme klasse som Jonas."),
    DemoChild("Maja", "Hagen", ELVDAL, 0, 120,
              (DemoGuardian("julie", M), DemoGuardian("kine", Relation.CO_MOTHER)),
              "Familien Hagen", "—", note="Følges opp av helsestasjonen."),
    DemoChild("Emma", "Vold", ELVDAL, 17, 90,
              (DemoGuardian("siv", M), DemoGuardian("tor", F, lives_with_child=False)),
              "Familien Vold", "—",
              note="Ungdom over 16 som samtykker selv; går på videregående skole."),
    DemoChild("Oskar", "Myhre", FJELLVIK, 6, 200,
              (DemoGuardian("trine", M), DemoGuardian("jorgen", F)),
              "Familien Myhre", "—", note="Nettopp begynt på Fjellvik skole."),
    DemoChild("Ida", "Myhre", FJELLVIK, 11, 45,
              (DemoGuardian("trine", M), DemoGuardian("jorgen", F)),
              "Familien Myhre", "—"),
    DemoChild("Henrik", "Sæther", FJELLVIK, 11, 310,
              (DemoGuardian("arne", Relation.FOSTER_PARENT, parental_responsibility=False),
               DemoGuardian("gunn", Relation.FOSTER_PARENT, parental_responsibility=False),
               DemoGuardian("mona", M, lives_with_child=False)),
              "Fosterhjemmet Fosse", "—",
              note="Bor i fosterhjem i Fjellvik; mor har foreldreansvaret. Følges av "
              "Barneverntjenesten for Elvdal og Fjellvik."),
)  # fmt: skip

FAMILIES: tuple[DemoFamily, ...] = (
    DemoFamily("Familien Solheim", ELVDAL, ("ingvild",)),
    DemoFamily("Familien Rahimi", ELVDAL, ("samira", "reza")),
    DemoFamily("Familien Bakke", ELVDAL, ("kjersti", "morten")),
    DemoFamily("Familien Eriksen Pettersen", ELVDAL, ("camilla", "rune")),
    DemoFamily("Familien Lie", ELVDAL, ("hilde", "geir")),
    DemoFamily("Familien Karlsen", ELVDAL, ("tonje",)),
    DemoFamily("Familien Haugen", ELVDAL, ("marius", "lene")),
    DemoFamily("Familien Nguyen", ELVDAL, ("linh", "minh")),
    DemoFamily("Familien Hagen", ELVDAL, ("julie", "kine")),
    DemoFamily("Familien Vold", ELVDAL, ("siv",)),
    DemoFamily("Familien Myhre", FJELLVIK, ("trine", "jorgen")),
    DemoFamily("Fosterhjemmet Fosse", FJELLVIK, ("arne", "gunn")),
)

# For the citizen portal (S9) once it lands: guardians who log in with ID-porten.
CITIZEN_LOGINS: tuple[tuple[str, str], ...] = (
    ("ingvild", "S9 – Emils mor"),
    ("anders", "S4 – Emils far"),
)
