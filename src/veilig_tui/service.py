"""What a medewerker can do with a melding, in one place for every front end.

The terminal app (`tui/`), plain mode (`plain.py`) and the commands (`commands.py`) call
these use cases and hold no decisions of their own: start or continue a melding, preview
it, finish it, make the file to give, note the hand-over, add to it, list, clean up. Each
use case says what happened in Dutch, or raises `ServiceError` with a Dutch message that
says what to do; a front end only shows it. Nothing here imports Textual, and the core is
imported here, not in the front ends, so that `veilig` can paint its first frame before it
loads (see `tui/app.py`).

The organisation's profile and flow are loaded when a use case first needs them: listing
or cleaning up drafts works with a broken profile, which is then reported where it matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from veilig_tui.flow.check import Flow, load_flow
from veilig_tui.flow.engine import Dialogue, State
from veilig_tui.handoff import (
    CHOSEN_PLAIN,
    EVERYONE_INVOLVED,
    NOT_SEALED,
    HandoffError,
    HandoffFile,
    addition_file,
    addition_file_name,
    handoff_file,
    is_private,
    is_sealed,
    kept_file,
    kept_sealed,
    melding_secret,
    plain_file,
    recipients,
    sealed_file,
    secret_for,
)
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report import content_context, render, write_private_file
from veilig_tui.session import Session
from veilig_tui.store import (
    Addition,
    CleanupReport,
    DraftSummary,
    Melding,
    MeldingSummary,
    StartupReport,
    Store,
    StoreError,
    data_dir,
    local_now,
)
from veilig_tui.store.archive import AdditionSealer, Sealer

DEFAULT_FLOW = "melden"
PREVIEW_REFERENCE = "(nog geen kenmerk)"

GONE_DRAFT = (
    "Deze onafgemaakte melding is er niet meer. Misschien is hij in een ander venster "
    "afgerond of verwijderd. Kies een andere, of begin opnieuw."
)
PRIVATE = (
    "Deze melding is alleen voor jou: je bent zelf de zorgaanbieder. Je geeft hem aan "
    "niemand; gebruik hem voor je eigen melding bij de Inspectie."
)
NOBODY_WITH_KEY = (
    "Niemand die deze melding mag krijgen, heeft een sleutel in het profiel. Er is geen "
    "versleuteld bestand gemaakt. Geef de melding persoonlijk aan de persoon die de app "
    "noemt, of kies bewust een gewoon bestand."
)

SEALED_ONLY = (
    "Deze melding staat op deze computer alleen versleuteld. Een gewoon bestand kan daarom "
    "niet meer. Maak het versleutelde bestand: dat kunnen alleen de juiste mensen openen."
)

PLAIN_FORMATS = {"html": "Webpagina", "txt": "Tekst", "md": "Markdown", "json": "JSON"}
"""Plain (not encrypted) file formats, with a Dutch name."""


class ServiceError(Exception):
    """What was asked did not happen; str() is a Dutch message that says what to do."""


@dataclass(frozen=True)
class Resumed:
    """A draft continued: the session, a note when replay stopped early, half-typed text."""

    session: Session
    message: str
    typed: str | None


@dataclass(frozen=True)
class Finished:
    """The result of finishing: the stored melding (None: not stored) and what to say."""

    melding: Melding | None
    message: str
    notices: tuple[str, ...] = ()
    """Problems around it, e.g. stored but the audit line is missing."""

    @property
    def text(self) -> str:
        return " ".join((self.message, *self.notices))


@dataclass(frozen=True)
class Made:
    """A file made to give to someone, and the Dutch receipt to show."""

    path: Path | None
    file: HandoffFile
    receipt: str


@dataclass
class Service:
    """The use cases for one organisation folder and one data folder."""

    folder: OrgFolder
    store: Store
    flow_id: str = DEFAULT_FLOW
    today: Callable[[], dt.date] = dt.date.today
    now: Callable[[], dt.datetime] = local_now
    startup: StartupReport | None = None
    _profile: Profile | None = field(default=None, repr=False)
    _flows: dict[str, Flow] = field(default_factory=dict, repr=False)

    @classmethod
    def open(
        cls,
        folder: OrgFolder,
        data: Path | None,
        env: Mapping[str, str],
        flow_id: str = DEFAULT_FLOW,
        **kw: Any,
    ) -> Service:
        """Open the data folder (StoreError: a Dutch message) for this organisation."""
        store, startup = Store.open(data_dir(data, env))
        return cls(folder, store, flow_id, startup=startup, **kw)

    @classmethod
    def around(cls, session: Session, folder: OrgFolder | None = None) -> Service:
        """The use cases for a session made elsewhere, with its flow and profile."""
        dialogue = session.dialogue
        return cls(
            folder or OrgFolder.select(None, {}),
            session.store,
            dialogue.flow.id,
            today=dialogue.today,
            _profile=dialogue.profile,
            _flows={dialogue.flow.id: dialogue.flow},
        )

    # -- the organisation's files, loaded when first needed ------------------------------
    @property
    def profile(self) -> Profile:
        """The profile (ProblemsError with file:line when it is broken)."""
        if self._profile is None:
            self._profile = load_profile(self.folder.profile)
        return self._profile

    def flow(self, flow_id: str | None = None) -> Flow:
        """A flow of the folder (FileNotFoundError or ProblemsError, both Dutch)."""
        flow_id = flow_id or self.flow_id
        if flow_id not in self._flows:
            path = self.folder.flows().get(flow_id)
            if path is None:
                raise FileNotFoundError(
                    f"Er is geen vragenlijst '{flow_id}' in {self.folder.root}."
                )
            self._flows[flow_id] = load_flow(path)
        return self._flows[flow_id]

    def flow_of(self, melding: Melding) -> Flow:
        """The flow a melding was made with."""
        return self.flow(str(melding.content.get("flow_id") or DEFAULT_FLOW))

    def dialogue(self) -> Dialogue:
        return Dialogue(self.flow(), self.profile, today=self.today)

    def _store(self, action: Callable[[], Any]) -> Any:
        """Run a store call; a storage problem becomes a ServiceError with its message."""
        try:
            return action()
        except StoreError as exc:
            raise ServiceError(str(exc)) from exc

    # -- drafts: a melding being made ------------------------------------------------------
    def new_session(self) -> Session:
        return Session(self.dialogue(), self.store)

    def drafts(self) -> list[DraftSummary]:
        """The unfinished meldingen on this computer (no content)."""
        drafts: list[DraftSummary] = self._store(self.store.list_drafts)
        return drafts

    def drafts_notice(self, how: str | None = None) -> str:
        """'Je hebt 1 onafgemaakte melding' and how to see it, or '' (a storage problem is
        the notice). `how` replaces the app's 'Druk op c…'."""
        try:
            drafts = self.drafts()
        except ServiceError as exc:
            return str(exc)
        if not drafts:
            return ""
        word, it = ("melding", "hem") if len(drafts) == 1 else ("meldingen", "ze")
        return f"Je hebt {len(drafts)} onafgemaakte {word}. {how or f'Druk op c om {it} te zien.'}"

    def resume(self, draft_id: str) -> Resumed:
        """Continue a draft where it stopped."""
        draft = self._store(lambda: self.store.load_draft(draft_id))
        if draft is None:
            raise ServiceError(GONE_DRAFT)
        try:
            dialogue, message = Dialogue.restore(
                self.flow(), self.profile, State.from_dict(draft.state), today=self.today
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # cannot replay
            raise ServiceError(
                f"Veilig kan het concept '{draft_id}' niet meer openen. Er is niets "
                "weggegooid: het concept blijft bewaard. Begin een nieuwe melding. Vraag je "
                "ICT-afdeling om hulp als je dat concept nodig hebt."
            ) from exc
        typing = draft.typing
        typed = typing.text if typing and typing.node_id == dialogue.current.id else None
        session = Session(dialogue, self.store, draft_id, saved=True)
        if typed is not None:
            session.typing = (dialogue.current.id, typed)
        return Resumed(session, message or "", typed)

    def delete_draft(self, draft_id: str) -> bool:
        """Delete a draft; False when it was already gone."""
        deleted: bool = self._store(lambda: self.store.delete_draft(draft_id))
        return deleted

    # -- the melding -----------------------------------------------------------------------
    def preview(self, session: Session, melding: Melding | None = None) -> str:
        """The melding as the receiver will read it, from the dialogue on screen: before
        it is finished ('nog geen kenmerk'), or just after with its reference (a melding
        kept sealed cannot be read back from the disk)."""
        if melding is None:
            head: dict[str, Any] = {
                "reference": PREVIEW_REFERENCE,
                "created": self.now(),
                "finished": None,
                "status": "nog niet afgerond",
            }
        else:
            head = {
                "reference": melding.reference,
                "created": melding.created,
                "finished": melding.finished,
                "status": melding.status,
            }
        content = melding_content(session.dialogue)
        context = content_context(content, session.dialogue.flow, self.profile, **head)
        return render("txt", context, self.folder)

    def finish(self, session: Session) -> Finished:
        """Store the melding of a finished dialogue; say its reference and where it goes."""
        try:
            seal = self._sealer(session)
        except ServiceError as exc:  # the local secret is damaged: say so, store nothing
            return Finished(None, "Je melding is NIET bewaard.", (str(exc),))
        melding = session.finish(seal)
        notices, session.notices = tuple(session.notices), []
        if melding is None:
            return Finished(None, "Je melding is NIET bewaard.", notices)
        return Finished(melding, self.saved_text(melding), notices)

    def _sealer(self, session: Session) -> Sealer | None:
        """Once receivers have keys, a finished melding is kept on this computer only as
        its encrypted file (see Store.finish): nobody needs to read it back here."""
        dialogue = session.dialogue
        if not dialogue.current.handoff or not recipients(self.profile, dialogue.suspect_roles):
            return None
        local = self._local_secret()  # read before the store takes its lock
        flow, profile, folder = dialogue.flow, self.profile, self.folder

        def seal(melding: Melding) -> dict[str, Any]:
            secret = melding_secret(local, melding.reference)
            file = sealed_file(melding, flow, profile, folder, secret=secret)
            if file is None:  # cannot happen: receivers with keys were found above
                raise HandoffError(NOBODY_WITH_KEY)
            return kept_sealed(melding, file)

        return seal

    def _local_secret(self) -> bytes:
        from veilig_tui.store.secret import local_secret

        try:
            return local_secret(self.store.data_dir)
        except StoreError as exc:
            raise ServiceError(str(exc)) from exc

    def get(self, reference: str) -> Melding:
        melding: Melding | None = self._store(lambda: self.store.get(reference))
        if melding is None:
            raise ServiceError(
                f"Er is geen melding met kenmerk {reference} op deze computer. "
                "Kijk met: veilig lijst"
            )
        return melding

    def hand_to(self, melding: Melding) -> str:
        """Whom to give the melding to: never a person named as involved (or plainly
        nobody). The one place that says it."""
        if is_sealed(melding):  # decided when it was sealed
            return str(melding.content.get("geef_aan") or "")
        return self.profile.report_contact(melding.content.get("suspect_roles", [])).hand_to

    def is_private(self, melding: Melding) -> bool:
        """A zzp'er's own record: for nobody else."""
        return is_private(melding, self.flow_of(melding))

    def saved_text(self, melding: Melding) -> str:
        """What the user reads once the melding is stored: its reference and where it goes."""
        if self.is_private(melding):
            return f"Je melding is bewaard. Kenmerk: {melding.reference}. {PRIVATE}"
        return (
            f"Je melding is bewaard. Kenmerk: {melding.reference}. "
            f"Maak een bestand en geef het aan {self.hand_to(melding)}."
        )

    def file_formats(self, melding: Melding) -> dict[str, str]:
        """The file formats to offer, the recommended one first, with a Dutch label."""
        plain = {fmt: f"{name} (niet versleuteld)" for fmt, name in PLAIN_FORMATS.items()}
        if self.is_private(melding):
            return {"html": "Webpagina (alleen voor jou)", "txt": "Tekst (alleen voor jou)"}
        if is_sealed(melding):
            return {"veilig": "Versleuteld"}
        if not recipients(self.profile, melding.content.get("suspect_roles", [])):
            return plain
        return {"veilig": "Versleuteld (aanbevolen)", **plain}

    def file_hint(self, melding: Melding) -> str:
        """Said before choosing a file when it cannot be encrypted: why not, and what to do."""
        if self.is_private(melding) or "veilig" in self.file_formats(melding):
            return ""
        return EVERYONE_INVOLVED if self._has_keys() else NOT_SEALED

    def suggested_path(self, melding: Melding, folder: Path | None = None) -> Path:
        """The file for the recommended format (see file_formats)."""
        return self.default_path(melding, next(iter(self.file_formats(melding))), folder)

    def default_path(self, melding: Melding, fmt: str | None, folder: Path | None = None) -> Path:
        """Where the file goes unless the user says otherwise: the documents folder, named
        by the reference only (the name says nothing about the content)."""
        import platformdirs

        folder = folder or Path(platformdirs.user_documents_dir())
        suffix = ".veilig" if fmt in (None, "veilig") else f".{fmt}"
        return folder / f"{melding.reference}{suffix}"

    def make_file(self, melding: Melding, fmt: str | None = None) -> HandoffFile:
        """The file to give. fmt None: the one decision (encrypted for the computed
        receivers when they have keys, see handoff_file); 'veilig': encrypted or refused;
        a plain format only when asked for by name."""
        if is_sealed(melding):
            if fmt not in (None, "veilig"):
                raise ServiceError(SEALED_ONLY)
            return kept_file(melding)
        flow = self.flow_of(melding)
        secret = self.secret(melding)
        if fmt is None:
            try:
                return handoff_file(melding, flow, self.profile, self.folder, secret=secret)
            except HandoffError as exc:
                raise ServiceError(
                    f"{exc} Wil je toch een gewoon (niet versleuteld) bestand? Kies dat dan "
                    "zelf, bijvoorbeeld met: veilig export --formaat html"
                ) from exc
        if fmt == "veilig":
            if is_private(melding, flow):
                raise ServiceError(
                    f"{PRIVATE} Er is geen versleuteld bestand gemaakt. Een gewoon bestand "
                    "voor jezelf kan wel."
                )
            try:
                sealed = sealed_file(melding, flow, self.profile, self.folder, secret=secret)
            except HandoffError as exc:
                raise ServiceError(str(exc)) from exc
            if sealed is None:
                raise ServiceError(NOBODY_WITH_KEY)
            return sealed
        if fmt not in PLAIN_FORMATS:
            raise ServiceError(
                f"Onbekend formaat: {fmt}. Kies uit: veilig, {', '.join(PLAIN_FORMATS)}."
            )
        file = plain_file(fmt, melding, flow, self.profile, self.folder)
        if not self._has_keys() and file.warning:  # say why it is not encrypted
            file = replace(file, warning=file.warning.replace(CHOSEN_PLAIN, NOT_SEALED))
        return file

    def _has_keys(self) -> bool:
        return any(p.sleutel.strip() for p in self.profile.model.rollen.values())

    def secret(self, melding: Melding) -> str:
        """The melding's secret: additions signed with it can be checked by the receiver."""
        try:
            return secret_for(self.store.data_dir, melding.reference)
        except StoreError as exc:
            raise ServiceError(str(exc)) from exc

    def write_addition(self, melding: Melding, target: Path) -> Made:
        """The newest addition of a melding as its own encrypted file (in `target`, or
        named after the reference in that folder), signed with the melding's secret."""
        flow = self.flow_of(melding)
        newest = melding.additions[-1]
        try:
            if newest.sealed:
                file = replace(kept_file(melding), text=newest.sealed)
            else:
                file = addition_file(melding, newest, self.secret(melding), self.profile, flow)
        except HandoffError as exc:
            raise ServiceError(str(exc)) from exc
        if target.is_dir():
            target = target / addition_file_name(melding.reference, len(melding.additions))
        self._write(target, file.text)
        receipt = self.receipt(melding, file, target)
        return Made(target, file, self._log(melding, "aanvulling", receipt))

    def _write(self, path: Path, text: str) -> None:
        try:
            write_private_file(path, text)
        except OSError as exc:  # FileExistsError too: the message is Dutch
            raise ServiceError(str(exc)) from exc

    def _log(self, melding: Melding, what: str, receipt: str) -> str:
        """Note in the audit log that a file was made; the receipt says when that failed."""
        try:
            self.store.log_export(melding.reference, what)
        except StoreError as exc:
            return f"{receipt} Let op: dat het bestand is gemaakt, kon niet worden genoteerd. {exc}"
        return receipt

    def write_file(self, melding: Melding, path: Path | None, fmt: str | None = None) -> Made:
        """Make the file and write it (None: not written, the caller prints it); note it in
        the audit log. The receipt says for whom it opens and whom to give it to."""
        file = self.make_file(melding, fmt)
        if path is not None:
            self._write(path, file.text)
        receipt = self.receipt(melding, file, path)
        return Made(
            path, file, self._log(melding, "veilig" if file.sealed else fmt or "html", receipt)
        )

    def receipt(self, melding: Melding, file: HandoffFile, path: Path | None) -> str:
        """What to tell after a file was made."""
        made = f"Gemaakt: {path}. " if path is not None else ""
        if self.is_private(melding):
            return f"{made}Dit bestand is alleen voor jou. Geef het aan niemand.".strip()
        to = self.hand_to(melding)
        later = (
            f"Wil je later iets toevoegen? Neem contact op met {to} en noem je kenmerk "
            f"{melding.reference}."
        )
        if file.sealed:
            readers = "; ".join(str(r) for r in file.to)
            return (
                f"{made}Kenmerk: {melding.reference}. Het bestand is versleuteld. Alleen deze "
                f"mensen kunnen het bestand openen: {readers}. Geef het aan {to}. {later}"
            )
        return (
            f"{made}Kenmerk: {melding.reference}. Geef het bestand aan {to} en "
            f"verwijder het daarna van deze computer. {later}"
        )

    def hand_over(self, reference: str, whom: str) -> Melding:
        """Note that the melding was given to someone."""
        melding = self.get(reference)
        if self.is_private(melding):
            raise ServiceError(PRIVATE)
        if not whom.strip():
            raise ServiceError("Zeg aan wie je de melding hebt gegeven. Er is niets genoteerd.")
        try:
            handed: Melding = self.store.mark_handed_over(reference, whom.strip())
        except StoreError as exc:
            raise ServiceError(
                f"Dat je de melding hebt overgedragen, is niet genoteerd. {exc}"
            ) from exc
        return handed

    def remove(self, reference: str) -> None:
        """Delete a finished melding from this computer."""
        try:
            self.store.delete(reference)
        except StoreError as exc:
            raise ServiceError(f"De melding is niet verwijderd. {exc}") from exc

    def add(self, reference: str, text: str) -> Melding:
        """Add an 'aanvulling' to a finished melding; to one kept sealed, only as its
        encrypted file (signed with the melding's secret)."""
        if not text.strip():
            raise ServiceError("Er is niets getypt. Er is niets toegevoegd.")
        melding = self.get(reference)
        seal: AdditionSealer | None = None
        if is_sealed(melding):
            local = self._local_secret()  # read before the store takes its lock
            profile, flow = self.profile, self.flow_of(melding)

            def seal(kept: Melding, addition: Addition) -> str:
                secret = melding_secret(local, kept.reference)
                return addition_file(kept, addition, secret, profile, flow).text

        added: Melding = self._store(lambda: self.store.add_addition(reference, text.strip(), seal))
        return added

    # -- what is on this computer ----------------------------------------------------------
    def meldingen(self) -> list[MeldingSummary]:
        """The finished meldingen on this computer (no content)."""
        found: list[MeldingSummary] = self._store(self.store.list_meldingen)
        return found

    def waiting(self) -> list[MeldingSummary]:
        """Finished meldingen that were not handed over yet (a zzp'er's own record is not
        waiting for anyone)."""
        try:
            nodes = self.flow().model.nodes
        except Exception:  # a broken flow: better listed than hidden
            nodes = []
        private = {n.outcome for n in nodes if n.outcome and not n.handoff}
        return [
            m for m in self.meldingen() if m.status != "overgedragen" and m.outcome not in private
        ]

    def waiting_notice(self) -> str:
        """'1 melding is nog niet overgedragen. Druk op m…', or ''."""
        try:
            count = len(self.waiting())
        except ServiceError as exc:
            return str(exc)
        if not count:
            return ""
        if count == 1:
            return "1 melding is nog niet overgedragen. Druk op m om hem te zien."
        return f"{count} meldingen zijn nog niet overgedragen. Druk op m om ze te zien."

    def clean_up(self, dry_run: bool) -> CleanupReport:
        """Remove drafts and handed-over meldingen past the profile's retention times."""
        keep = self.profile.model.bewaren
        report: CleanupReport = self._store(
            lambda: self.store.cleanup(keep.concept_dagen, keep.na_overdracht_dagen, dry_run)
        )
        return report


__all__ = [
    "EVERYONE_INVOLVED",
    "Finished",
    "Made",
    "Resumed",
    "Service",
    "ServiceError",
]
