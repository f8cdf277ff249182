"""One app process of `veilig web`: the dialogue for one browser session.

The server starts it with this session's own data folder on the command line (not in a
shared environment); textual-serve's web driver is chosen by the environment it sets.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="veilig-web-sessie", add_help=False)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--inbox", type=Path, required=True)
    parser.add_argument("--einde", required=True)
    parser.add_argument("--organisatie", type=Path, default=None)
    args = parser.parse_args(argv)

    from veilig_tui.orgfolder import OrgFolder
    from veilig_tui.tui.app import VeiligApp
    from veilig_tui.web.mode import WebMode

    folder = OrgFolder.select(args.organisatie)
    app = VeiligApp(folder=folder, data=args.data, web=WebMode(args.inbox, args.einde))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover - run by the server
    sys.exit(main())
