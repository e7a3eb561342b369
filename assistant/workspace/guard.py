"""No anonymous app on the office network by accident.

Bound to a loopback address the app serves one person at their own machine; bound to anything
else (or to every interface, Streamlit's default) it serves whoever can reach the port. Then it
needs login users — or an explicit `--allow-anonymous`. scripts/run.sh calls
`python -m assistant.workspace.guard` before starting the server; the app repeats the check for
each browser session (`streamlit run` started directly skips run.sh).
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
import tomllib
from pathlib import Path

from ..errors import AssistantError
from ..settings import PROJECT_ROOT, Settings, load_settings
from .auth import load_users_file, users_from_secrets, users_path

HOW_TO = (
    "로그인 없이 외부 주소({host})로 서비스할 수 없습니다. 사용자를 추가하거나"
    " (`.venv/bin/python -m assistant users add 이름`) 명시적으로 `./scripts/run.sh --allow-anonymous`로 시작하세요.\n"
    "Refusing to serve {host} without login: add a user (`python -m assistant users add NAME`, or [auth.users] in"
    " .streamlit/secrets.toml) or start with `--allow-anonymous` (env COUNCIL_ASSISTANT_ALLOW_ANONYMOUS=1)."
)


def is_loopback(host: str | None) -> bool:
    """True only for addresses reachable from this machine alone. None/"" means every interface."""
    if not host:
        return False
    host = host.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:  # a host name: every address it resolves to must be loopback
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def secrets_files(root: Path = PROJECT_ROOT) -> list[Path]:
    """Where Streamlit looks for secrets (the working directory's and the user's)."""
    return [root / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"]


def login_configured(settings: Settings, secrets_: dict | None = None) -> bool:
    """Are there login users in the users file or in Streamlit secrets?"""
    if load_users_file(users_path(settings)):
        return True
    if secrets_ is None:
        secrets_ = {}
        for path in secrets_files():
            if path.exists():
                with open(path, "rb") as fh:
                    secrets_.update(tomllib.load(fh))
    return bool(users_from_secrets(secrets_))


def refusal(host: str | None, settings: Settings, secrets_: dict | None = None) -> str | None:
    """The message to refuse with, or None when serving `host` is fine."""
    if is_loopback(host) or settings.allow_anonymous or login_configured(settings, secrets_):
        return None
    return HOW_TO.format(host=host or "0.0.0.0")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m assistant.workspace.guard", description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--allow-anonymous", action="store_true")
    p.add_argument("--config")
    args = p.parse_args(argv)
    try:
        settings = load_settings(args.config, allow_anonymous=True if args.allow_anonymous else None)
        message = refusal(args.host, settings)
    except (AssistantError, tomllib.TOMLDecodeError, OSError) as err:  # AuthError, ConfigError: name the file
        print(f"오류 / error: {err}", file=sys.stderr)
        return 2
    if message:
        print(message, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
