"""`veilig web`: check what is needed, print the address with its token once, serve."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from veilig_tui.web.server import LOOPBACK

NO_KEYS = (
    "veilig web start niet: in het profiel heeft niemand een sleutel. Via de browser gaat "
    "een melding meteen versleuteld naar het meldpunt. Dat kan alleen met een sleutel.\n"
    "Wat nu? Laat het meldpunt 'veilig sleutel-maken' doen en zet de openbare sleutel "
    "(begint met age1) bij 'sleutel:' in profiel.yaml. Controleer daarna met: veilig controleer"
)
NO_PACKAGE = (
    "veilig web heeft het pakket textual-serve nodig. Installeer het zo: "
    "pip install 'veilig-tui[web]'"
)
NOT_LOOPBACK = (
    "Let op: veilig is nu ook vanaf andere computers te bereiken. Zet er een reverse proxy "
    "van je organisatie voor, met TLS (https) en inloggen. Zie docs/web.md."
)


class WebRefusal(Exception):
    """`veilig web` cannot start; str() is Dutch."""


def read_token(path: Path | None) -> str:
    """The token from --token-bestand (made there when the file does not exist yet)."""
    from veilig_tui.web.server import new_token

    if path is None:
        return new_token()
    if not path.exists():
        token = new_token()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(token + "\n")
        return token
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise WebRefusal(f"Het tokenbestand {path} kan niet worden gelezen: {exc}") from exc
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise WebRefusal(
            f"Het tokenbestand {path} is ook voor anderen te lezen. Maak het alleen voor "
            f"jezelf leesbaar: chmod 600 {path}"
        )
    if len(token) < 20 or any(c.isspace() for c in token):
        raise WebRefusal(
            f"Het token in {path} is te kort (minstens 20 tekens, zonder spaties). "
            "Verwijder het bestand; veilig web maakt dan een nieuw token."
        )
    return token


def server_folder(explicit: Path | None) -> Path:
    """The server's own folder (sessions, default inbox): --data, else a folder of its
    own beside the medewerker's data. Not inside that data folder: a terminal veilig on
    the same account would then find a folder that is not only its own."""
    if explicit is not None:
        return explicit.expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_data_dir("veilig-web", appauthor=False))


def serve(args: argparse.Namespace) -> int:
    """Run `veilig web` until Ctrl+C or SIGTERM; then every app process is ended."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(NO_PACKAGE, file=sys.stderr)
        return 2
    from aiohttp import web

    from veilig_tui.commands import folder_of
    from veilig_tui.org import load_profile
    from veilig_tui.web.server import Config, VeiligServer

    folder = folder_of(args)
    profile = load_profile(folder.profile)
    if not any(person.sleutel.strip() for person in profile.model.rollen.values()):
        print(NO_KEYS, file=sys.stderr)
        return 2
    try:
        token = read_token(args.token_bestand)
    except WebRefusal as exc:
        print(exc, file=sys.stderr)
        return 2
    data = server_folder(getattr(args, "data", None))
    inbox = (args.inbox or data / "inbox").expanduser().absolute()
    try:
        inbox.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        print(f"De map voor de meldingen (--inbox) kan niet worden gemaakt: {exc}", file=sys.stderr)
        return 2
    config = Config(
        token=token,
        inbox=inbox,
        sessions=data / "sessies",
        host=args.host,
        port=args.port,
        public_url=args.publieke_url,
        max_sessions=args.max_sessies,
        concept_hours=profile.model.web.concept_uren,
        organisation=folder.root if folder.root != folder.default else None,
    )
    if args.host not in LOOPBACK:
        print(NOT_LOOPBACK)
    print(f"Meldingen komen in: {inbox}")
    print("Open veilig in de browser met dit adres (deel het alleen met medewerkers):")
    print(f"{config.base_url}/?token={token}", flush=True)
    print("Stoppen: Ctrl+C", flush=True)
    server = VeiligServer(config)
    web.run_app(server.app(), host=args.host, port=args.port, print=None, access_log=None)
    return 0
