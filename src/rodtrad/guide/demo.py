"""Demo action guide: the BTI levels and steps as the source documents'
action guides describe them ("Fra magefølelse til handling"), a few routines
and tools, and the municipality's own words on how to ask for help.

Pages are found by their address (slug); a page whose text differs gets a new
version, so loading twice changes nothing and the history shows real edits.
"""

from __future__ import annotations

from dataclasses import dataclass

from rodtrad.guide.actions import do_create_guide_page, do_revise_guide_page
from rodtrad.guide.models import GuideLevel, GuidePage, PageKind
from rodtrad.organisation.models import Municipality


@dataclass(frozen=True)
class DemoPage:
    slug: str
    kind: PageKind
    title: str
    summary: str
    body: str
    checklist: str = ""
    level: int | None = None
    position: int = 0


L0, L1, L2, L3 = (level.value for level in GuideLevel)

PAGES: tuple[DemoPage, ...] = (
    DemoPage(
        "undring",
        PageKind.STEP,
        "Undre deg",
        "Legg merke til det du ser, og ta magefølelsen på alvor.",
        """Alle som jobber med barn, kan kjenne at noe ikke stemmer. Det er nok til å
begynne. Du trenger ikke være sikker.

- Hva har du sett eller hørt, og når?
- Er det en endring fra før?
- Har andre sett det samme?

Ta med deg det som er **bra** også (lysglimt): det barnet mestrer, og det som
fungerer i familien.""",
        "Skriv ned hva du så, og når\nSkriv ned lysglimt også",
        L0,
        1,
    ),
    DemoPage(
        "konkretiser",
        PageKind.STEP,
        "Gjør bekymringen konkret",
        "Beskriv det du har sett, ikke det du tror.",
        """Skriv bekymringen i stafettloggen med konkrete observasjoner: hva, når, hvor
og hvem som var til stede. Skill mellom det du har sett og hva du tolker.

Bruk gjerne et observasjonsskjema over to–tre uker.""",
        "Observasjoner med dato\nSkill mellom fakta og tolkning",
        L0,
        2,
    ),
    DemoPage(
        "del-bekymringen",
        PageKind.STEP,
        "Del med leder, barnet og foreldrene",
        "Du står ikke alene: ta det opp med lederen din, og snakk med barnet og foreldrene.",
        """1. Snakk med **lederen din**. Lederen tar stilling til veien videre, og
   beslutningen skrives ned.
2. Snakk med **barnet** på en måte som passer alderen.
3. Snakk med **foreldrene**. Fortell hva du har sett, og lytt til hvordan de ser det.
   Spør om samtykke hvis andre tjenester kan trenge å bli involvert.

> Ved mistanke om vold eller seksuelle overgrep skal du **ikke** snakke med
> foreldrene først. Kontakt barneverntjenesten eller politiet direkte.

Les også rutinen [opplysningsplikt til barneverntjenesten](../opplysningsplikt/).""",
        "Lederen er informert, og beslutningen er skrevet ned\n"
        "Barnet er hørt\nForeldrene er informert (unntatt ved mistanke om vold eller overgrep)",
        L0,
        3,
    ),
    DemoPage(
        "avklar",
        PageKind.STEP,
        "Avklar veien videre",
        "Avslutt, følg med, eller start tiltak i egen tjeneste (nivå 1).",
        """Sammen med lederen avgjør du hva som skjer nå:

- Bekymringen var ubegrunnet: skriv det ned og avslutt.
- Dere vil følge med en periode: sett en dato for ny vurdering.
- Barnet trenger tiltak: gå videre til **nivå 1**.

Bekymringen skal være avklart innen 14 dager.""",
        "Beslutning med dato\nNeste evalueringsdato hvis dere følger med",
        L0,
        4,
    ),
    DemoPage(
        "definer",
        PageKind.STEP,
        "Definer utfordringen",
        "Hva er det egentlig vi vil endre?",
        """Beskriv utfordringen så konkret at alle kan se om den blir mindre. Ta med
barnets og foreldrenes beskrivelse.""",
        "Utfordringen er beskrevet sammen med foreldrene",
        L1,
        1,
    ),
    DemoPage(
        "mote-barn-og-foreldre",
        PageKind.STEP,
        "Møt barnet og foreldrene",
        "Bli enige om mål, tiltak og en dato for evaluering.",
        """Lag en handlingsplan sammen med barnet og foreldrene: mål, tiltak, hvem som
gjør hva, og når dere skal evaluere. Alle får en kopi.

Se [tiltaksbanken](/hjelp/) for tilbud som kan passe.""",
        "Mål\nTiltak med ansvarlig\nEvalueringsdato\nAlle har fått kopi",
        L1,
        2,
    ),
    DemoPage(
        "tiltak",
        PageKind.STEP,
        "Sett i gang tiltakene",
        "Gjør det dere ble enige om, og skriv ned hvordan det går.",
        "Følg opp tiltakene og skriv korte notater i stafettloggen underveis.",
        "",
        L1,
        3,
    ),
    DemoPage(
        "evaluer",
        PageKind.STEP,
        "Evaluer med barnets stemme",
        "Hvordan gikk det? Spør barnet og foreldrene.",
        """Evaluer på datoen dere avtalte. Barnets egen opplevelse skal med, og
foreldrenes vurdering.""",
        "Barnets stemme er skrevet ned\nForeldrenes vurdering er skrevet ned",
        L1,
        4,
    ),
    DemoPage(
        "beslutt",
        PageKind.STEP,
        "Bestem veien videre",
        "Avslutt, fortsett, juster eller gå til nivå 2.",
        """Etter evalueringen bestemmer dere om tiltakene skal avsluttes, fortsette,
justeres – eller om andre tjenester trengs (**nivå 2**). Skriv ned hvorfor.""",
        "Beslutning med begrunnelse",
        L1,
        5,
    ),
    DemoPage(
        "samtykke-og-samarbeid",
        PageKind.STEP,
        "Involver andre tjenester med samtykke",
        "Én eller to andre tjenester blir med – med foreldrenes samtykke.",
        """Spør foreldrene (og ungdom over 16 år) om samtykke til å involvere andre
tjenester. Samtykket gis til en tjeneste, ikke til en person, og kan trekkes
tilbake når som helst.""",
        "Skriftlig samtykke\nHvilke tjenester og hvilke opplysninger",
        L2,
        1,
    ),
    DemoPage(
        "felles-mote",
        PageKind.STEP,
        "Felles møte og én stafettholder",
        "Møt familien sammen, og avtal hvem som holder tråden.",
        """Ett felles møte med familien og tjenestene. Møtet ender med avtaler: hvem gjør
hva, og når. Én stafettholder har ansvaret for å følge opp. Bytte av
stafettholder skal alltid fortelles til familien.""",
        "Stafettholder er valgt\nAvtaler med ansvarlig og dato\nReferat til alle",
        L2,
        2,
    ),
    DemoPage(
        "koordinator-og-ip",
        PageKind.STEP,
        "Koordinator og individuell plan",
        "Når flere tjenester trengs over tid: søk om koordinator og individuell plan.",
        """Koordinerende enhet tar imot søknaden og oppnevner en koordinator. Planen
inneholder barnets og familiens egne mål, hva hver tjeneste bidrar med og datoer
for evaluering.""",
        "Søknad til koordinerende enhet\nKoordinator oppnevnt",
        L3,
        1,
    ),
    DemoPage(
        "ansvarsgruppe",
        PageKind.STEP,
        "Ansvarsgruppe",
        "Tjenestene og familien møtes jevnlig rundt planen.",
        "Ansvarsgruppen møtes etter en fast plan. Familien er med og vurderer møtene.",
        "Møteplan\nFamiliens vurdering av møtet",
        L3,
        2,
    ),
    DemoPage(
        "opplysningsplikt",
        PageKind.ROUTINE,
        "Opplysningsplikt til barneverntjenesten",
        "Når du har grunn til å tro at et barn blir mishandlet eller alvorlig forsømt.",
        """Opplysningsplikten er personlig og går foran taushetsplikten
(barnevernsloven § 13-2). Meld fra uten ugrunnet opphold – med eller uten
samtykke. Snakk gjerne med lederen din, men vent ikke på det.

Barneverntjenesten gir deg tilbakemelding innen tre uker.""",
        "Meldingen er sendt\nLederen er orientert",
    ),
    DemoPage(
        "stafettoverlevering",
        PageKind.ROUTINE,
        "Overlevering av stafettpinnen",
        "Den gamle stafettholderen har ansvaret til den nye har tatt imot.",
        "Avtal overleveringen, fortell familien, og skriv den i stafettloggen.",
        "Ny stafettholder har bekreftet\nFamilien er informert",
    ),
    DemoPage(
        "verktoy-samtale",
        PageKind.TOOL,
        "Samtaleverktøy for samtaler med barn",
        "Øvelser og råd for den vanskelige samtalen.",
        "Bruk [Snakkesammen](https://snakkesammen.example/) for å øve på samtaler med barn.",
    ),
    DemoPage(
        "be-om-hjelp-lokalt",
        PageKind.HELP,
        "Slik ber du om hjelp hos oss",
        "",
        """### Familiesenteret har åpen dør

Familiesenteret har åpen dør hver tirsdag fra 12 til 15. Du trenger ikke avtale
eller henvisning, og det er gratis.""",
    ),
)


def load_guide_demo(municipality: Municipality) -> None:
    """Create or bring up to date the demo action guide of one municipality."""
    for spec in PAGES:
        text = {
            "title": spec.title,
            "summary": spec.summary,
            "body": spec.body,
            "checklist": spec.checklist,
        }
        page = GuidePage.objects.filter(municipality=municipality, slug=spec.slug).first()
        if page is None:
            do_create_guide_page(
                None,
                municipality=municipality,
                slug=spec.slug,
                kind=spec.kind,
                level=spec.level,
                position=spec.position,
                **text,
            )
        else:
            do_revise_guide_page(
                page,
                actor=None,
                note="Demodata",
                kind=spec.kind,
                level=spec.level,
                position=spec.position,
                **text,
            )
