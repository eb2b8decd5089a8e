"""Refuse to open the app to other computers without passcodes or a login (make share,
the container). Reads the secrets Streamlit will read: $STREAMLIT_SECRETS_FILES (comma
separated) or .streamlit/secrets.toml. Exit status 1, with what to set, when unprotected."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapping.meeting.passcodes import sharing_problem  # noqa: E402


def main() -> int:
    files = os.environ.get("STREAMLIT_SECRETS_FILES", "")
    paths = [Path(f) for f in files.split(",") if f] or [ROOT / ".streamlit" / "secrets.toml"]
    secrets: dict[str, object] = {}
    for path in paths:
        if path.exists():
            try:
                secrets.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except tomllib.TOMLDecodeError as exc:
                print(f"{path}: not valid TOML ({exc}); fix the line it names.", file=sys.stderr)
                return 1
    problem = sharing_problem(secrets)
    if problem:
        print(f"Not starting: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
