"""Demo catalogue: the interventions the source documents name (Selbu's
tiltaksbank, Melhus' "Mestringstilbud", Ørland's must/should list by pyramid
level), offered by a municipality's own units where it has them.

Everything is invented: providers are the demo units or made-up partners, the
e-mail addresses and web addresses use the reserved `.example` domain, and no
entry has a phone number or names a person. Loading twice changes nothing:
providers are found by name, entries by an id derived from the municipality
and a fixed key, and only what differs is written.

The demo command calls `load_catalogue_demo(municipality)` for each demo
municipality; it loads the action guide as well (rodtrad.guide.demo).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from rodtrad.catalogue.models import (
    Access,
    Audience,
    Intervention,
    Language,
    Level,
    Need,
    Provider,
    Status,
)
from rodtrad.organisation.models import Municipality, Unit, UnitKind

DEMO_NAMESPACE = uuid.UUID("0b7d3c51-93a1-4d0c-8f3e-7d2b1f6a9c42")

A = Audience
N = Need
K = UnitKind


@dataclass(frozen=True)
class DemoProvider:
    kind: UnitKind  # the unit kind that provides it, when the municipality has one
    fallback: str  # the provider's name otherwise ("{m}" is the municipality's name)
    description: str = ""


PROVIDERS = {
    "health": DemoProvider(K.HEALTH_STATION, "Helsestasjonen i {m}"),
    "family": DemoProvider(
        K.FAMILY_SERVICE,
        "Familiesenteret i {m}",
        "Lavterskeltilbud for barn, unge og foreldre: familieveiledere, foreldregrupper og "
        "samtaler.",
    ),
    "ppt": DemoProvider(K.PPT, "PP-tjenesten"),
    "child_welfare": DemoProvider(K.CHILD_WELFARE, "Barneverntjenesten"),
    "mental_health": DemoProvider(K.MENTAL_HEALTH, "Psykisk helse og rus i {m}"),
    "police": DemoProvider(K.POLICE, "Politiet – SLT-kontakt"),
    "leisure": DemoProvider(K.CULTURE_LEISURE, "Ungdomsklubben i {m}"),
    "coordinating": DemoProvider(K.COORDINATING, "Koordinerende enhet i {m}"),
    "nav": DemoProvider(K.NAV, "NAV {m}"),
    "volunteers": DemoProvider(
        K.OTHER,
        "Frivilligsentralen i {m}",
        "Frivillige som driver leksehjelp, turgrupper og aktiviteter for familier.",
    ),
}


@dataclass(frozen=True)
class DemoEntry:
    key: str
    name: str
    provider: str
    level: Level
    access: Access
    description: str
    ages: tuple[int | None, int | None] = (None, None)
    audiences: tuple[Audience, ...] = ()
    needs: tuple[Need, ...] = ()
    alternate_name: str = ""
    target_group: str = ""
    how_to_get: str = ""
    contact_role: str = ""
    opening_hours: str = ""
    languages: tuple[Language, ...] = (Language.NB,)
    evidence_base: str = ""
    must: tuple[UnitKind, ...] = ()
    should: tuple[UnitKind, ...] = ()
    public: bool = True
    fees: str = "Gratis"


ENTRIES: tuple[DemoEntry, ...] = (
    DemoEntry(
        "barselgrupper",
        "Barselgrupper og 4-månedersgruppe",
        "health",
        Level.GREEN,
        Access.OPEN,
        "Helsestasjonen inviterer alle nybakte foreldre til grupper der dere møter andre "
        "foreldre, får råd om søvn, mat og samspill, og kan spørre om alt som er nytt.",
        (0, 1),
        (A.PARENTS,),
        (N.PARENTING, N.HEALTH),
        target_group="Alle foreldre med barn under ett år.",
        how_to_get="Du får invitasjon fra helsestasjonen etter fødselen. Du kan også ta "
        "kontakt selv.",
        contact_role="Helsesykepleier",
        opening_hours="Mandag–fredag 08.00–15.30",
        languages=(Language.NB, Language.EN),
        must=(K.HEALTH_STATION,),
    ),
    DemoEntry(
        "icdp",
        "ICDP – foreldreveiledning i grupper",
        "family",
        Level.GREEN,
        Access.OPEN,
        "Et kurs for foreldre om samspill, omsorg og å forstå barnet sitt. Dere møtes i små "
        "grupper åtte ganger og deler erfaringer. Kurset gis også på andre språk med tolk.",
        (0, 18),
        (A.PARENTS,),
        (N.PARENTING, N.NEW_IN_NORWAY),
        alternate_name="ICDP",
        target_group="Alle foreldre, og særlig foreldre til toåringer og foreldre som er "
        "nye i Norge.",
        how_to_get="Meld deg på hos Familiesenteret, eller spør på helsestasjonen eller i "
        "barnehagen.",
        contact_role="Familieveileder",
        languages=(Language.NB, Language.AR, Language.TI, Language.UK),
        evidence_base="International Child Development Programme (ICDP), et program for "
        "foreldreveiledning som brukes i mange norske kommuner.",
        must=(K.HEALTH_STATION, K.REFUGEE_SERVICE),
        should=(K.KINDERGARTEN,),
    ),
    DemoEntry(
        "duaa-foreldre",
        "De utrolige årene – foreldregruppe",
        "family",
        Level.YELLOW,
        Access.OPEN,
        "Foreldregruppe for foreldre som synes hverdagen er krevende: sinne, trass, "
        "utfordrende atferd og mye konflikt. Dere lærer lek, ros, grensesetting og "
        "problemløsning, og prøver det ut hjemme mellom samlingene.",
        (3, 8),
        (A.PARENTS,),
        (N.PARENTING, N.BEHAVIOUR),
        alternate_name="DUÅ",
        target_group="Foreldre til barn mellom 3 og 8 år med mye trass, sinne eller "
        "utfordrende atferd.",
        how_to_get="Ta kontakt med Familiesenteret. Du trenger ikke henvisning.",
        contact_role="Familieveileder",
        opening_hours="Gruppene går på kveldstid høst og vår",
        evidence_base="De utrolige årene (Incredible Years), forskningsbasert program "
        "utviklet av Carolyn Webster-Stratton.",
    ),
    DemoEntry(
        "duaa-barnehage-skole",
        "De utrolige årene i barnehage og skole",
        "ppt",
        Level.GREEN,
        Access.OPEN,
        "Program for ansatte i barnehage og skole om sosial kompetanse, klasseledelse og "
        "regulering av atferd. Barna får et trygt og forutsigbart miljø.",
        (3, 8),
        (A.CHILDREN, A.EMPLOYEES),
        (N.BEHAVIOUR, N.LEARNING),
        alternate_name="Webster-Stratton",
        target_group="Barn i barnehage og på småtrinnet, gjennom de ansatte.",
        how_to_get="Barnehagen eller skolen tar kontakt med PP-tjenesten.",
        contact_role="Rådgiver i PP-tjenesten",
        evidence_base="Webster-Stratton-programmet for lærere og barnehageansatte "
        "(Incredible Years Teacher Classroom Management).",
        should=(K.KINDERGARTEN, K.SCHOOL),
    ),
    DemoEntry(
        "pmto",
        "PMTO – foreldreveiledning ved atferdsvansker",
        "family",
        Level.YELLOW,
        Access.REFERRAL,
        "Individuell veiledning for foreldre når barnet har alvorlige atferdsvansker. "
        "Terapeuten møter foreldrene jevnlig over flere måneder.",
        (3, 12),
        (A.PARENTS,),
        (N.PARENTING, N.BEHAVIOUR),
        alternate_name="PMTO",
        target_group="Foreldre til barn mellom 3 og 12 år med alvorlige atferdsvansker.",
        how_to_get="Henvisning fra helsestasjon, fastlege, PP-tjenesten eller "
        "barneverntjenesten. Snakk med en av dem først.",
        contact_role="PMTO-terapeut",
        evidence_base="Parent Management Training – Oregon-modellen (PMTO), "
        "evidensbasert foreldreveiledning.",
    ),
    DemoEntry(
        "familieveiledere",
        "Familieveiledere",
        "family",
        Level.YELLOW,
        Access.OPEN,
        "Samtaler og veiledning for familier som står i en vanskelig periode: "
        "søskenkrangel, samlivsbrudd, mye bekymring eller travle dager som ikke går opp.",
        (0, 18),
        (A.PARENTS, A.FAMILIES),
        (N.PARENTING, N.FAMILY_CONFLICT),
        target_group="Alle familier med barn og unge under 18 år.",
        how_to_get="Ring eller send e-post til Familiesenteret. Du trenger ikke henvisning.",
        contact_role="Familieveileder",
        opening_hours="Mandag–fredag 08.00–15.30, kveldstimer etter avtale",
        languages=(Language.NB, Language.EN),
        must=(K.FAMILY_SERVICE,),
    ),
    DemoEntry(
        "ungdomslos",
        "Barne- og ungdomslos",
        "family",
        Level.YELLOW,
        Access.OPEN,
        "En los er en voksen som følger deg opp når skolen eller livet er vanskelig, "
        "hjelper deg å finne ut hva du trenger og går sammen med deg til andre tjenester.",
        (10, 19),
        (A.YOUTH,),
        (N.LEARNING, N.MENTAL_HEALTH),
        alternate_name="Ungdomslos",
        target_group="Elever på mellomtrinnet, ungdomsskolen og videregående skole som "
        "står i fare for å falle ut.",
        how_to_get="Snakk med kontaktlæreren eller helsesykepleier, eller ta kontakt med "
        "losen selv.",
        contact_role="Ungdomslos",
    ),
    DemoEntry(
        "familierad",
        "Familieråd",
        "family",
        Level.RED,
        Access.OPEN,
        "Familien og nettverket samles for å lage sin egen plan. En koordinator hjelper "
        "med forberedelsene, og tjenestene forteller hva de kan bidra med.",
        (0, 18),
        (A.FAMILIES,),
        (N.FAMILY_CONFLICT, N.COORDINATION),
        target_group="Familier som får hjelp fra flere tjenester og vil ta styringen selv.",
        how_to_get="Familien ber selv om familieråd hos Familiesenteret, ofte etter et "
        "forslag fra en tjeneste.",
        contact_role="Familierådskoordinator",
    ),
    DemoEntry(
        "familiekoordinator",
        "Familiekoordinator",
        "family",
        Level.RED,
        Access.REFERRAL,
        "En fast person som holder den røde tråden for familier som har kontakt med mange "
        "tjenester, så dere slipper å fortelle historien deres på nytt.",
        (0, 18),
        (A.FAMILIES,),
        (N.COORDINATION,),
        how_to_get="Tjenestene dere har kontakt med melder behovet, med deres samtykke.",
        contact_role="Familiekoordinator",
    ),
    DemoEntry(
        "pis",
        "PIS-grupper for barn som opplever samlivsbrudd",
        "health",
        Level.YELLOW,
        Access.OPEN,
        "Samtalegrupper der barn som har opplevd at foreldrene har flyttet fra hverandre, "
        "møter andre i samme situasjon og får snakke om det som er vanskelig.",
        (6, 15),
        (A.CHILDREN,),
        (N.FAMILY_CONFLICT, N.MENTAL_HEALTH),
        alternate_name="PIS",
        how_to_get="Foreldre eller barnet selv kan ta kontakt med helsesykepleier.",
        contact_role="Helsesykepleier",
    ),
    DemoEntry(
        "helsestasjon-for-ungdom",
        "Helsestasjon for ungdom",
        "health",
        Level.GREEN,
        Access.OPEN,
        "Gratis og åpent for ungdom. Snakk om kropp, prevensjon, følelser, rus eller "
        "hva som helst. Du trenger ikke time, og foreldrene dine får ikke vite at du har "
        "vært her.",
        (13, 24),
        (A.YOUTH,),
        (N.HEALTH, N.MENTAL_HEALTH),
        alternate_name="HFU",
        how_to_get="Bare kom innom i åpningstiden.",
        contact_role="Helsesykepleier eller lege",
        opening_hours="Onsdager 14.00–17.00",
        languages=(Language.NB, Language.EN),
        must=(K.HEALTH_STATION,),
    ),
    DemoEntry(
        "kjaerlighet-og-grenser",
        "Kjærlighet og grenser",
        "health",
        Level.GREEN,
        Access.OPEN,
        "Rusforebyggende program for elever på 7. trinn og foreldrene deres. Elever og "
        "foreldre møtes hver for seg og sammen, og snakker om følelser, grenser og rus.",
        (11, 13),
        (A.YOUTH, A.PARENTS),
        (N.SUBSTANCES, N.PARENTING),
        target_group="Elever på 7. trinn og foreldrene deres.",
        how_to_get="Skolen inviterer. Spør kontaktlæreren om datoene.",
        contact_role="Helsesykepleier",
        evidence_base="Norsk versjon av Strengthening Families Program 10–14.",
        should=(K.SCHOOL,),
    ),
    DemoEntry(
        "kid",
        "Kurs i depresjonsmestring for ungdom",
        "mental_health",
        Level.YELLOW,
        Access.OPEN,
        "Et kurs i små grupper om å forstå og håndtere tunge tanker og nedstemthet.",
        (14, 18),
        (A.YOUTH,),
        (N.MENTAL_HEALTH,),
        alternate_name="KID",
        how_to_get="Ta kontakt selv, eller få hjelp av helsesykepleier.",
        contact_role="Psykolog",
    ),
    DemoEntry(
        "slt",
        "SLT – samordning av lokale rus- og kriminalitetsforebyggende tiltak",
        "police",
        Level.GREEN,
        Access.OPEN,
        "Kommunen og politiet samarbeider om å forebygge rus og kriminalitet blant barn og "
        "unge: ungdomsforeldremøter, informasjon om politiets nettpatrulje og tett "
        "oppfølging når noe skjer.",
        (10, 24),
        (A.YOUTH, A.PARENTS, A.EMPLOYEES),
        (N.SUBSTANCES,),
        alternate_name="SLT",
        how_to_get="Skoler, foreldre og tjenester kan ta kontakt med SLT-koordinator.",
        contact_role="SLT-koordinator",
        must=(K.POLICE,),
    ),
    DemoEntry(
        "bekymringssamtale",
        "Politiets bekymringssamtale",
        "police",
        Level.RED,
        Access.REFERRAL,
        "Når politiet er bekymret for en ung person, inviteres ungdommen og foreldrene til "
        "en samtale om hva som har skjedd og hva som kan hjelpe.",
        (12, 18),
        (A.YOUTH, A.PARENTS),
        (N.SUBSTANCES,),
        how_to_get="Politiet tar kontakt med ungdommen og foreldrene.",
        contact_role="Politikontakt",
    ),
    DemoEntry(
        "ruskontrakt",
        "Ruskontrakt",
        "mental_health",
        Level.RED,
        Access.DECISION,
        "Rustesting og samtaler for ungdom mellom 15 og 18 år som alternativ til bot. "
        "Kontrakten varer i 6, 9 eller 12 måneder.",
        (15, 18),
        (A.YOUTH,),
        (N.SUBSTANCES,),
        how_to_get="Avtales i forbindelse med en straffesak, gjennom konfliktrådet.",
        contact_role="Rådgiver rus",
    ),
    DemoEntry(
        "ungdomsklubb-ilag",
        "Ungdomsklubben og iLAG",
        "leisure",
        Level.GREEN,
        Access.OPEN,
        "Gratis møteplass med aktiviteter og mat. iLAG er for 5.–7. trinn på "
        "ettermiddagstid; ungdomsklubben er åpen for ungdomsskolen om kveldene.",
        (10, 16),
        (A.CHILDREN, A.YOUTH),
        (N.LEISURE,),
        how_to_get="Bare kom.",
        contact_role="Leder for ungdomsklubben",
        opening_hours="Tirsdag og torsdag 14.00–21.00",
    ),
    DemoEntry(
        "leksehjelp",
        "Leksehjelp og turgrupper",
        "volunteers",
        Level.GREEN,
        Access.OPEN,
        "Frivillige hjelper med lekser hver uke, og familier kan bli med på turer i helgene.",
        (6, 16),
        (A.CHILDREN, A.FAMILIES),
        (N.LEARNING, N.LEISURE, N.NEW_IN_NORWAY),
        how_to_get="Bare kom, eller send e-post til frivilligsentralen.",
        opening_hours="Mandager 16.00–18.00",
        languages=(Language.NB, Language.EN, Language.AR),
    ),
    DemoEntry(
        "spesialpedagogisk-hjelp",
        "Spesialpedagogisk hjelp og sakkyndig vurdering",
        "ppt",
        Level.RED,
        Access.REFERRAL,
        "PP-tjenesten vurderer om et barn trenger spesialpedagogisk hjelp i barnehagen "
        "eller spesialundervisning på skolen, og hjelper barnehagen og skolen med "
        "tilretteleggingen.",
        (0, 19),
        (A.CHILDREN, A.YOUTH),
        (N.LEARNING,),
        how_to_get="Barnehagen eller skolen henviser med samtykke fra foreldrene. "
        "Foreldre kan også be om en vurdering selv.",
        contact_role="Rådgiver i PP-tjenesten",
    ),
    DemoEntry(
        "barnevern-rad",
        "Råd og veiledning fra barneverntjenesten",
        "child_welfare",
        Level.RED,
        Access.OPEN,
        "Barneverntjenesten gir råd og hjelp til familier som strever, og undersøker når "
        "noen er bekymret for et barn. Alle kan ta kontakt, også anonymt.",
        (0, 23),
        (A.CHILDREN, A.YOUTH, A.PARENTS, A.FAMILIES),
        (N.PARENTING, N.VIOLENCE),
        how_to_get="Ring eller send e-post. Er det akutt utenom kontortid, ring "
        "barnevernsvakten gjennom politiet på 112.",
        contact_role="Barnevernspedagog på vakt",
        opening_hours="Mandag–fredag 08.00–15.30",
    ),
    DemoEntry(
        "ip-koordinator",
        "Individuell plan og koordinator",
        "coordinating",
        Level.RED,
        Access.DECISION,
        "Når et barn trenger langvarige tjenester fra flere steder, kan familien få en "
        "koordinator og en individuell plan med barnets og familiens egne mål.",
        (0, 24),
        (A.FAMILIES,),
        (N.COORDINATION,),
        alternate_name="IP",
        how_to_get="Søk til koordinerende enhet, gjerne sammen med en tjeneste dere kjenner.",
        contact_role="Koordinerende enhet",
    ),
    DemoEntry(
        "innsatsteam",
        "Tverrfaglig innsatsteam for barn og unge",
        "family",
        Level.RED,
        Access.REFERRAL,
        "Et team fra flere tjenester møter familien og finner sammen ut hva som skal "
        "til. Foreldrene er med i møtet, og alle går derfra med avtaler om hvem som gjør "
        "hva og når.",
        (0, 18),
        (A.FAMILIES,),
        (N.COORDINATION,),
        how_to_get="Barnehagen, skolen eller helsestasjonen melder inn saken med "
        "foreldrenes samtykke.",
        contact_role="Leder for innsatsteamet",
    ),
    DemoEntry(
        "okonomisk-radgivning",
        "Økonomisk rådgivning for familier",
        "nav",
        Level.YELLOW,
        Access.OPEN,
        "Hjelp til å få oversikt over økonomien, gjeld og rettigheter, og til å søke om "
        "støtte til bolig og fritidsaktiviteter for barna.",
        (0, 24),
        (A.PARENTS, A.FAMILIES),
        (N.MONEY_AND_WORK,),
        how_to_get="Ring NAV eller send melding på nav.no. Du trenger ikke henvisning.",
        contact_role="Økonomirådgiver",
    ),
    DemoEntry(
        "drofting",
        "Drøftingsteam – anonym drøfting av bekymring",
        "family",
        Level.YELLOW,
        Access.OPEN,
        "Ansatte som undrer seg over et barn, kan drøfte saken anonymt med et tverrfaglig "
        "team før noe mer gjøres. Uten samtykke drøftes saken uten navn.",
        (0, 18),
        (A.EMPLOYEES,),
        (N.COORDINATION,),
        how_to_get="Meld inn til drøftingsteamet innen fredag uka før møtet.",
        contact_role="Leder for drøftingsteamet",
        public=False,
    ),
    DemoEntry(
        "snakkesammen",
        "Snakkesammen – samtaleverktøy",
        "health",
        Level.GREEN,
        Access.OPEN,
        "Digitalt verktøy som gir ansatte øvelse i å snakke med barn om vanskelige ting.",
        (0, 18),
        (A.EMPLOYEES,),
        (N.VIOLENCE, N.MENTAL_HEALTH),
        how_to_get="Bruk verktøyet på nett; leder sørger for opplæring.",
        must=(K.KINDERGARTEN, K.SCHOOL, K.HEALTH_STATION),
        public=False,
        fees="",
    ),
)


def demo_hsds_id(municipality: Municipality, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{municipality.number}/{key}")


def _provider(municipality: Municipality, spec: DemoProvider) -> Provider:
    unit = (
        Unit.objects.serving(municipality).filter(kind=spec.kind).order_by("name").first()
        if spec.kind != K.OTHER
        else None
    )
    name = unit.name if unit else spec.fallback.format(m=municipality.name)
    domain = f"{slugify(municipality.name)}.kommune.example"
    values = {
        "unit": unit,
        "description": spec.description,
        "email": f"post@{domain}",
        "website": f"https://{domain}/{slugify(name)}",
    }
    provider = Provider.objects.filter(municipality=municipality, name=name).first()
    if provider is None:
        provider = Provider(
            municipality=municipality,
            name=name,
            hsds_id=uuid.uuid5(DEMO_NAMESPACE, f"{municipality.number}/provider/{name}"),
            **values,
        )
        provider.full_clean()
        provider.save()
        return provider
    changed = [k for k, v in values.items() if getattr(provider, k) != v]
    for key in changed:
        setattr(provider, key, values[key])
    if changed:
        provider.full_clean()
        provider.save(update_fields=[*changed, "updated_at"])
    return provider


def _values(municipality: Municipality, entry: DemoEntry, provider: Provider) -> dict[str, object]:
    domain = f"{slugify(municipality.name)}.kommune.example"
    return {
        "name": entry.name,
        "alternate_name": entry.alternate_name,
        "description": entry.description,
        "provider": provider,
        "level": entry.level.value,
        "minimum_age": entry.ages[0],
        "maximum_age": entry.ages[1],
        "target_group": entry.target_group,
        "audiences": [a.value for a in entry.audiences],
        "needs": [n.value for n in entry.needs],
        "access": entry.access.value,
        "how_to_get": entry.how_to_get,
        "contact_role": entry.contact_role,
        "phone": "",
        "email": f"{entry.key}@{domain}",
        "website": f"https://{domain}/tilbud/{entry.key}",
        "opening_hours": entry.opening_hours,
        "languages": [language.value for language in entry.languages],
        "fees": entry.fees,
        "evidence_base": entry.evidence_base,
        "must_unit_kinds": [kind.value for kind in entry.must],
        "should_unit_kinds": [kind.value for kind in entry.should],
        "is_public": entry.public,
        "status": Status.ACTIVE.value,
    }


def load_catalogue_demo(municipality: Municipality) -> int:
    """Create or bring up to date the demo catalogue and action guide of one
    municipality. Returns the number of catalogue entries."""
    from rodtrad.guide.demo import load_guide_demo

    with transaction.atomic():
        providers = {key: _provider(municipality, spec) for key, spec in PROVIDERS.items()}
        for entry in ENTRIES:
            values = _values(municipality, entry, providers[entry.provider])
            hsds_id = demo_hsds_id(municipality, entry.key)
            intervention = Intervention.objects.filter(
                municipality=municipality, hsds_id=hsds_id
            ).first()
            if intervention is None:
                intervention = Intervention(municipality=municipality, hsds_id=hsds_id, **values)
                intervention.full_clean()
                intervention.save()
                continue
            changed = [k for k, v in values.items() if getattr(intervention, k) != v]
            for key in changed:
                setattr(intervention, key, values[key])
            if changed:
                intervention.full_clean()
                intervention.save(update_fields=[*changed, "updated_at"])
        load_guide_demo(municipality)
    return len(ENTRIES)
