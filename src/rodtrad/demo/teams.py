"""The demo's interdisciplinary teams, waiting for the Team model.

Teams are not modelled yet (a later issue). When they are, `rodtrad demo`
creates these: each entry names the team, its kind, its municipality, its
leader and members (demo usernames from ``data.EMPLOYEES``) and, for an
ansvarsgruppe, the child it is for. The names follow the source documents
(/work/shared/seeds/): Melhus' local interdisciplinary teams and
drøftingsteam, Skaun's hjelpeteam and koordinerende team, Ørland's
tiltaksteam, innsatsteam and KFT, Bærum's tidlig innsatsteam.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rodtrad.demo.data import ELVDAL, FJELLVIK


class DemoTeamKind(enum.StrEnum):
    """Suggested values for Team.kind (DESIGN.md, glossary)."""

    LOCAL_INTERDISCIPLINARY = "local_interdisciplinary"  # lokalt tverrfaglig team
    DISCUSSION = "discussion"  # drøftingsteam, anonymous or with consent
    HELP = "help"  # hjelpeteam
    COORDINATING = "coordinating"  # koordinerende team
    MEASURES = "measures"  # tiltaksteam
    INTERVENTION = "intervention"  # innsatsteam
    EARLY_INTERVENTION = "early_intervention"  # tidlig innsatsteam
    PREVENTION = "prevention"  # kommunalt forebyggende team (KFT), system level
    RESPONSIBILITY_GROUP = "responsibility_group"  # ansvarsgruppe around one child


@dataclass(frozen=True)
class DemoTeam:
    name: str
    kind: DemoTeamKind
    municipality: str
    leader: str
    members: tuple[str, ...]
    purpose: str
    modelled_on: str  # which source document the team comes from
    child: str | None = None  # "Given Family" for an ansvarsgruppe


TEAMS: tuple[DemoTeam, ...] = (
    DemoTeam(
        "Lokalt tverrfaglig team Solsikken barnehage",
        DemoTeamKind.LOCAL_INTERDISCIPLINARY,
        ELVDAL,
        leader="berit",
        members=("kari", "hanne", "per", "fatima"),
        purpose="Den viktigste arenaen for barn som trenger tidlig innsats; foresatte deltar (S1).",
        modelled_on="Melhus 2022: lokale tverrfaglige team",
    ),
    DemoTeam(
        "Lokalt tverrfaglig team Bakkeli barneskole",
        DemoTeamKind.LOCAL_INTERDISCIPLINARY,
        ELVDAL,
        leader="erik",
        members=("tone", "hanne", "per"),
        purpose="Tverrfaglig samarbeid rundt elever som trenger tidlig innsats (S5, S7).",
        modelled_on="Melhus 2022: lokale tverrfaglige team",
    ),
    DemoTeam(
        "Drøftingsteam for barn og unge",
        DemoTeamKind.DISCUSSION,
        ELVDAL,
        leader="fatima",
        members=("hanne", "per", "ingrid", "bjorn", "sindre"),
        purpose="Drøfter saker anonymt eller med samtykke når lokale team trenger hjelp (S6).",
        modelled_on="Melhus 2022: drøftingsteam for barn og unge",
    ),
    DemoTeam(
        "Hjelpeteam",
        DemoTeamKind.HELP,
        ELVDAL,
        leader="fatima",
        members=("hanne", "per", "nils"),
        purpose="Lavterskel hjelp til familier fra Familiesenteret (S10).",
        modelled_on="Skaun 2013: hjelpeteam",
    ),
    DemoTeam(
        "Koordinerende team",
        DemoTeamKind.COORDINATING,
        ELVDAL,
        leader="siri",
        members=("ola", "marte", "hanne", "per", "nils"),
        purpose="Behandler søknader om individuell plan og koordinator (S2).",
        modelled_on="Skaun 2013: koordinerende team",
    ),
    DemoTeam(
        "Tiltaksteam Elvdal ungdomsskole",
        DemoTeamKind.MEASURES,
        ELVDAL,
        leader="hanne",
        members=("ingrid", "per"),
        purpose="Ansvar for tiltak for elever på ungdomsskolen (S6).",
        modelled_on="Ørland 2022: tiltaksteam",
    ),
    DemoTeam(
        "Innsatsteam barn og unge",
        DemoTeamKind.INTERVENTION,
        ELVDAL,
        leader="siri",
        members=("ingrid", "fatima", "bjorn", "per"),
        purpose="Veileder tjenestene og finner fram til riktige tiltak i sammensatte saker (S10).",
        modelled_on="Ørland 2022: innsatsteam",
    ),
    DemoTeam(
        "Kommunalt forebyggende team (KFT)",
        DemoTeamKind.PREVENTION,
        ELVDAL,
        leader="anne",
        members=("lise", "siri", "berit", "erik", "sindre"),
        purpose="Overordnet team på systemnivå: styringsdata og kommunens handlingsplan (S8).",
        modelled_on="Ørland 2022: kommunalt forebyggende team",
    ),
    DemoTeam(
        "Tidlig innsatsteam Fjellvik",
        DemoTeamKind.EARLY_INTERVENTION,
        FJELLVIK,
        leader="frida",
        members=("per", "bjorn"),
        purpose="Tidlig innsats med foreldrene til stede, i nabokommunen (S3).",
        modelled_on="Bærum 2015: tidlig innsatsteam",
    ),
    DemoTeam(
        "Ansvarsgruppe for Sara",
        DemoTeamKind.RESPONSIBILITY_GROUP,
        ELVDAL,
        leader="ola",
        members=("marte", "hanne", "tone", "per"),
        purpose="Sara og foreldrene med tjenestene i den individuelle planen (S2).",
        modelled_on="Selbu 2021: ansvarsgruppe og koordinator",
        child="Sara Bakke",
    ),
)
