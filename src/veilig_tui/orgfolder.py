"""The organisation folder: profile, flows, scenarios and templates, with defaults."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PROFILE = "profiel.yaml"
ROLES = "rollen.yaml"
FLOWS = "flows"
SCENARIOS = "flows/scenarios"
TEMPLATES = "templates"
PRACTICE = "oefenen"
ENV_VAR = "VEILIG_ORGANISATIE"


def default_folder() -> Path:
    """The built-in organisation folder: inside the installed package, or the source tree."""
    packaged = Path(str(resources.files("veilig_tui"))) / "organisatie"
    if (packaged / PROFILE).is_file():
        return packaged
    source = Path(__file__).resolve().parents[2]  # src/veilig_tui/.. /.. = the repository
    if (source / PROFILE).is_file():
        return source
    raise FileNotFoundError("De standaardmap van de organisatie ontbreekt in deze installatie.")


@dataclass(frozen=True)
class OrgFolder:
    """An organisation folder; a file it lacks falls back to the default of the same name."""

    root: Path
    default: Path

    @classmethod
    def select(cls, explicit: Path | None = None, env: Mapping[str, str] = os.environ) -> OrgFolder:
        """`--organisatie PAD` first, then VEILIG_ORGANISATIE, then the built-in folder."""
        default = default_folder()
        chosen = explicit or (Path(env[ENV_VAR]) if env.get(ENV_VAR) else None)
        return cls(chosen.expanduser() if chosen else default, default)

    def _pick(self, relative: str) -> Path:
        own = self.root / relative
        return own if own.exists() else self.default / relative

    @property
    def profile(self) -> Path:
        return self._pick(PROFILE)

    @property
    def roles(self) -> Path:
        return self._pick(ROLES)

    def flow(self, flow_id: str) -> Path:
        return self._pick(f"{FLOWS}/{flow_id}.yaml")

    def template(self, name: str) -> Path:
        return self._pick(f"{TEMPLATES}/{name}")

    def flows(self) -> dict[str, Path]:
        """Every flow file by id; the folder's own win over the defaults."""
        found: dict[str, Path] = {}
        for base in (self.default, self.root):
            for path in sorted((base / FLOWS).glob("*.yaml")):
                found[path.stem] = path
        return found

    def scenarios(self) -> list[Path]:
        """The folder's own scenarios if it has a scenarios folder, else the defaults."""
        own = self.root / SCENARIOS
        base = own if own.is_dir() else self.default / SCENARIOS
        return sorted(base.glob("*.yaml"))

    def cases(self) -> list[Path]:
        """The practice cases: the folder's own if it has an `oefenen` folder, else the
        defaults (as for scenarios)."""
        own = self.root / PRACTICE
        base = own if own.is_dir() else self.default / PRACTICE
        return sorted(base.glob("*.yaml"))


def create_folder(target: Path) -> list[Path]:
    """Copy the default organisation folder to `target` to edit. Never overwrites."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(
            f"De map {target} bestaat al en is niet leeg. Kies een nieuwe map; "
            "er wordt niets overschreven."
        )
    source = default_folder()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / PROFILE, target / PROFILE)
    shutil.copy2(source / ROLES, target / ROLES)
    shutil.copytree(source / FLOWS, target / FLOWS, dirs_exist_ok=True)
    shutil.copytree(source / TEMPLATES, target / TEMPLATES, dirs_exist_ok=True)
    if (source / PRACTICE).is_dir():
        shutil.copytree(source / PRACTICE, target / PRACTICE, dirs_exist_ok=True)
    return sorted(p for p in target.rglob("*") if p.is_file())
