"""The dossier of one received melding, as it is stored (encrypted): a pydantic model."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT: Literal["veilig-dossier"] = "veilig-dossier"
VERSION = 1

Status = Literal["nieuw", "in_behandeling", "wacht_op_igj", "afgesloten"]
STATUSES: tuple[Status, ...] = ("nieuw", "in_behandeling", "wacht_op_igj", "afgesloten")
STATUS_LABELS: dict[str, str] = {
    "nieuw": "nieuw",
    "in_behandeling": "in behandeling",
    "wacht_op_igj": "wacht op IGJ-melding",
    "afgesloten": "afgesloten",
}
ItemState = Literal["open", "gedaan", "nvt"]
ITEM_LABELS: dict[str, str] = {
    "open": "open",
    "gedaan": "gedaan",
    "nvt": "niet van toepassing",
}
DutyKind = Literal["geweld", "calamiteit", "ontslag"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Who(_Strict):
    """Who did something: the holder's role (a role key) and name."""

    rol: str
    naam: str

    def __str__(self) -> str:
        return f"{self.naam} ({self.rol.replace('_', ' ')})"


class ItemRecord(_Strict):
    """The state of one checklist item, with a note, the date and by whom."""

    staat: ItemState
    notitie: str = ""
    datum: date
    door: Who


class Duty(_Strict):
    """One IGJ reporting duty: its kind and basis, when it started, when reported."""

    id: str = Field(pattern=r"^m\d+$")
    soort: DutyKind
    basis: str = ""
    vastgesteld_op: date
    """When it was established (for ontslag: the day of the announcement)."""
    gemeld_op: date | None = None
    door: Who


class Improvement(_Strict):
    """A verbeterpunt from the evaluation: no client data belongs in it."""

    id: str = Field(pattern=r"^v\d+$")
    tekst: str = Field(min_length=1)
    eigenaar: str
    """The role key that owns it."""
    status: Literal["open", "gedaan"] = "open"
    datum: date


class Handover(_Strict):
    aan: Who
    op: datetime


class Dossier(_Strict):
    """Everything the holder records about one received melding."""

    formaat: Literal["veilig-dossier"] = FORMAT
    versie: int = VERSION
    kenmerk: str
    ontvangen: datetime
    route: str | None = None
    aangemaakt: datetime
    status: Status = "nieuw"
    afgesloten_op: datetime | None = None
    betrokken: list[str] = Field(default_factory=list)
    """Role keys named as involved in the melding (never given a task)."""
    later_betrokken: list[str] = Field(default_factory=list)
    """Role keys found to be involved later (e.g. in step 4)."""
    onterecht_verdacht: list[str] = Field(default_factory=list)
    """Role keys of people who were cleared: eerherstel in step 6. They stay out of the
    tasks of this case."""
    items: dict[str, ItemRecord] = Field(default_factory=dict)
    meldplicht: list[Duty] = Field(default_factory=list)
    verbeterpunten: list[Improvement] = Field(default_factory=list)
    overgedragen: Handover | None = None
    """Set on the sender's copy once handed to another holder: it is then read-only."""

    @property
    def involved_roles(self) -> list[str]:
        """Every role that may not carry a task in this case."""
        return list(
            dict.fromkeys([*self.betrokken, *self.later_betrokken, *self.onterecht_verdacht])
        )

    @property
    def read_only(self) -> bool:
        return self.overgedragen is not None

    def state(self, item_id: str) -> ItemState:
        record = self.items.get(item_id)
        return record.staat if record else "open"
