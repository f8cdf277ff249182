"""The six steps of the Leidraad as checklists, and the IGJ reporting duties.

Every text here comes from the Leidraad of the default organisation (Leidraad Anka, line
numbers of the text version used to build veilig) or from the national A4 summary
('A4 Leidraad'); see docs/leidraad.md. Nothing here is a legal fact of its own.
Item ids are stable: the audit trail records them, never texts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One sub-action of a step: done, not applicable or open, with a note."""

    id: str
    text: str
    roles: tuple[str, ...]
    """Role keys that carry it (see `rollen.yaml`); the first is the main one."""
    source: str
    topics: tuple[str, ...] = ()
    """What to talk about, from the Leidraad (shown under the item)."""
    decision: bool = False
    """An explicit decision: 'gedaan' means 'decided', the note says what and why."""


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    roles: tuple[str, ...]
    items: tuple[Item, ...]


CASE = ("casusverantwoordelijke",)
CASE_MT = ("casusverantwoordelijke", "mt")
NURSE = ("wijkverpleegkundige",)

STEPS: tuple[Step, ...] = (
    Step(
        1,
        "Signaleren van grensoverschrijdend gedrag en mishandeling",
        CASE,
        (
            Item("s1.signalen", "Signalen herkend", CASE, "A4 Leidraad; Leidraad Anka, r. 59"),
            Item(
                "s1.aanspreken",
                "De pleger direct aangesproken (als dat kon)",
                CASE,
                "A4 Leidraad; Leidraad Anka, r. 59–60",
            ),
        ),
    ),
    Step(
        2,
        "Bespreken en melden in de organisatie",
        CASE,
        (
            Item(
                "s2.bespreken",
                "Besproken met een van de aangewezen functionarissen",
                CASE,
                "A4 Leidraad; Leidraad Anka, r. 66",
            ),
            Item("s2.melden", "Intern gemeld", CASE, "A4 Leidraad"),
        ),
    ),
    Step(
        3,
        "Bespreken met de cliënt",
        CASE,
        (
            Item(
                "s3.overleg",
                "Overleg gepland met de cliënt en de vertegenwoordiger",
                CASE,
                "Leidraad Anka, r. 72–76",
            ),
            Item(
                "s3.betrekken",
                "Besproken met de cliënt of vertegenwoordiger, en hen betrokken",
                CASE,
                "A4 Leidraad",
            ),
            Item(
                "s3.vertrouwenspersoon",
                "De cliënt een vertrouwenspersoon aangeboden. De cliënt kiest zelf wie",
                CASE,
                "Leidraad Anka, r. 79–80",
            ),
        ),
    ),
    Step(
        4,
        "Bespreken met de (vermoedelijke) pleger en nader onderzoek",
        CASE_MT,
        (
            Item(
                "s4.gesprek",
                "De situatie besproken met de (vermoedelijke) pleger",
                CASE_MT,
                "A4 Leidraad",
            ),
            Item(
                "s4.steun",
                "Steun aangeboden aan de (vermoedelijke) pleger",
                CASE_MT,
                "Leidraad Anka, r. 89",
            ),
            Item(
                "s4.vertrouwenspersoon",
                "De (vermoedelijke) pleger een eigen vertrouwenspersoon aangeboden. "
                "De pleger kiest zelf wie",
                CASE_MT,
                "Leidraad Anka, r. 89–91",
            ),
            Item(
                "s4.politie",
                "Besluit: is het gedrag mogelijk strafbaar? Dan doet de politie het onderzoek, "
                "niet de organisatie",
                CASE_MT,
                "Leidraad Anka, r. 92–94",
                decision=True,
            ),
            Item(
                "s4.onderzoek",
                "Nader onderzoek gedaan (als dat nodig is)",
                CASE_MT,
                "Leidraad Anka, r. 91–92",
            ),
            Item("s4.beoordelen", "Het gedrag beoordeeld", CASE_MT, "Leidraad Anka, r. 92"),
        ),
    ),
    Step(
        5,
        "Stoppen, extern melden, maatregelen treffen",
        CASE_MT,
        (
            Item(
                "s5.stoppen",
                "Het grensoverschrijdend gedrag is gestopt",
                CASE_MT,
                "Leidraad Anka, r. 103",
            ),
            Item(
                "s5.maatregelen",
                "Sancties en maatregelen getroffen",
                CASE_MT,
                "Leidraad Anka, r. 105–106",
            ),
            Item(
                "s5.politie",
                "Besluit: melden of aangifte doen bij de politie?",
                CASE_MT,
                "Leidraad Anka, r. 104–105",
                decision=True,
            ),
            Item(
                "s5.igj",
                "Besluit: melden bij de Inspectie (IGJ)? Schrijf de reden op",
                (*CASE_MT, "igj_melder"),
                "Leidraad Anka, r. 103–104 en 146–176",
                decision=True,
            ),
            Item(
                "s5.calamiteit",
                "Besluit: is dit ook een calamiteit?",
                CASE_MT,
                "Leidraad Anka, r. 162–164",
                decision=True,
            ),
            Item(
                "s5.ontslag",
                "Bij ontslag wegens disfunctioneren: melden bij de IGJ (vanaf de mededeling), "
                "en het Waarschuwingsregister — als uw organisatie daaraan deelneemt",
                (*CASE_MT, "igj_melder"),
                "Leidraad Anka, r. 170–176; Achtergrond (Waarschuwingsregister)",
            ),
        ),
    ),
    Step(
        6,
        "Zorgvuldig communiceren, nazorg verlenen en evalueren",
        CASE_MT,
        (
            Item(
                "s6.nazorg_client",
                "Opvang en nazorg voor de cliënt en naasten (gesprekken)",
                NURSE,
                "Leidraad Anka, r. 184–198",
                topics=(
                    "Wat heeft de cliënt nodig om de schade te herstellen of het leed te "
                    "verzachten?",
                    "Is deskundige hulp nodig, zoals slachtofferhulp of een geestelijk verzorger?",
                    "Wil de cliënt een gesprek met de pleger?",
                    "Wat kan de organisatie doen om het vertrouwen in de zorg te herstellen?",
                    "Zijn er problemen op de lange termijn om rekening mee te houden?",
                    "Welke afspraken maken we om het samen af te ronden?",
                ),
            ),
            Item(
                "s6.nazorg_client_uitkomst",
                "Uitkomst van de gesprekken met de cliënt gedeeld. Zo nodig een samenvatting "
                "in het cliëntendossier",
                ("nazorg_client_rapporteert", "nazorg_client_ontvangt"),
                "Leidraad Anka, r. 200–202",
            ),
            Item(
                "s6.nazorg_medewerkers",
                "Opvang en nazorg voor medewerkers (bijeenkomst of gesprekken; zo nodig "
                "een bedrijfsarts)",
                NURSE,
                "Leidraad Anka, r. 210–228",
                topics=(
                    "Welke gevoelens roept het op dat een collega als pleger is aangewezen?",
                    "Wat betekent het vertrek van de collega voor henzelf en het team?",
                    "Wat doet het met het eigen werk en het vertrouwen in zichzelf?",
                    "Wat is nodig om het vertrouwen in zichzelf en de organisatie te herstellen?",
                ),
            ),
            Item(
                "s6.nazorg_medewerkers_uitkomst",
                "Uitkomst van de nazorg voor medewerkers zo nodig gedeeld met de directie",
                ("nazorg_medewerkers_rapporteert",),
                "Leidraad Anka, r. 232",
            ),
            Item(
                "s6.nazorg_pleger",
                "Nazorg voor de pleger: zo nodig deskundige steun, zoals een bedrijfsarts. "
                "Niet als er een strafbaar feit is gepleegd en de pleger meteen is ontslagen",
                NURSE,
                "Leidraad Anka, r. 236–242",
            ),
            Item(
                "s6.nazorg_onterecht",
                "Opvang en nazorg voor wie onterecht verdacht is, met eerherstel "
                "(zorgvuldig communiceren in de organisatie)",
                NURSE,
                "Leidraad Anka, r. 254–264",
                topics=(
                    "Wat is nodig om de situatie te verwerken?",
                    "Wat is nodig om goed te blijven werken in de organisatie?",
                    "Is deskundige steun nodig, zoals een bedrijfsarts?",
                ),
            ),
            Item(
                "s6.communicatie",
                "Kort plan voor de communicatie, met de directie. In algemene zin, zonder "
                "persoonlijke gegevens. Geen informatie aan de media: mediavragen gaan naar "
                "de wijkverpleegkundige",
                (*NURSE, "directie"),
                "Leidraad Anka, r. 270–282",
            ),
            Item(
                "s6.evaluatie",
                "Evaluatie van de hele situatie: communicatie, nazorg, uitvoering van het "
                "stappenplan. Verbeterpunten in het verbeterregister",
                ("zorgmanager",),
                "Leidraad Anka, r. 288–292",
            ),
        ),
    ),
)

ITEMS: dict[str, Item] = {item.id: item for step in STEPS for item in step.items}
STEP_OF: dict[str, int] = {item.id: step.number for step in STEPS for item in step.items}

WHEN_TO_REPORT: tuple[str, ...] = (
    "Iedere vorm van geweld of seksueel grensoverschrijdend gedrag van een zorgverlener, of "
    "van een ander van de organisatie, tegen een cliënt. Ook als die in opdracht werkt. Waar "
    "het gebeurde, maakt niet uit.",
    "Een calamiteit: een niet-bedoelde of onverwachte gebeurtenis over de kwaliteit van zorg, "
    "die leidde tot de dood of ernstige schade voor een cliënt.",
    "Ontslag wegens disfunctioneren: de organisatie stopt met een zorgverlener omdat die "
    "ernstig tekortschoot. De soort overeenkomst maakt niet uit. De meldplicht begint bij de "
    "mededeling.",
)
"""When to report to the IGJ (Leidraad Anka, r. 146–176), in short B1 sentences."""
WHEN_SOURCE = "Leidraad Anka, r. 146–176"

DUTY_KINDS: dict[str, str] = {
    "geweld": "geweld in de zorgrelatie",
    "calamiteit": "calamiteit",
    "ontslag": "ontslag wegens disfunctioneren",
}
"""The kinds of IGJ reporting duty (Leidraad Anka, r. 146–176)."""
DUTY_START: dict[str, str] = {
    "geweld": "vastgesteld op",
    "calamiteit": "vastgesteld op",
    "ontslag": "mededeling op",
}
"""What the start date of the term is, per kind (for ontslag: the announcement, r. 174)."""
