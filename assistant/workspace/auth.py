"""Who is asking, on a shared office server: users with scrypt-hashed passwords, kept in a TOML
file (`python -m assistant users add|list|remove`) or in Streamlit secrets, and signed login
tokens so a reload keeps the user logged in.

users.toml:
    [users."kim"]
    display_name = "김연구"
    password = "scrypt$16384$8$1$<salt>$<hash>"

.streamlit/secrets.toml (same entries under [auth.users]):
    [auth.users."kim"]
    password = "scrypt$…"       # `python -m assistant users hash` prints one

Passwords are never stored: scrypt (n=2^14, r=8, p=1, 16-byte salt) or PBKDF2-SHA256 hashes,
compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AssistantError
from ..settings import Settings

NAME = re.compile(r"^[\w.@-]{1,64}$")  # letters (Hangul too), digits, . @ - _
MIN_PASSWORD = 8
SCRYPT = (2**14, 8, 1)
PBKDF2_ITERATIONS = 600_000
TOKEN_DAYS = 14


class AuthError(AssistantError):
    pass


@dataclass
class User:
    name: str
    password_hash: str
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.name


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"비밀번호는 {MIN_PASSWORD}자 이상이어야 합니다 / the password needs at least {MIN_PASSWORD} characters")
    n, r, p = SCRYPT
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Check against a `scrypt$n$r$p$salt$hash` or `pbkdf2_sha256$iterations$salt$hash` string."""
    try:
        kind, *parts = stored.split("$")
        if kind == "scrypt":
            n, r, p, salt, digest = parts
            want = _unb64(digest)
            got = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=len(want))
        elif kind == "pbkdf2_sha256":
            iterations, salt, digest = parts
            want = _unb64(digest)
            got = hashlib.pbkdf2_hmac("sha256", password.encode(), _unb64(salt), int(iterations), dklen=len(want))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def users_path(settings: Settings) -> Path:
    return Path(settings.users_file) if settings.users_file else Path(settings.index_dir).parent / "users.toml"


def _parse_users(table: Mapping[str, Any], where: str) -> dict[str, User]:
    users = {}
    for name, entry in (table or {}).items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("password"), str):
            raise AuthError(f"{where}: 사용자 {name}에 password가 없습니다 / user {name} has no password hash")
        if not entry["password"].startswith(("scrypt$", "pbkdf2_sha256$")):
            raise AuthError(
                f"{where}: 사용자 {name}의 password는 해시여야 합니다(`python -m assistant users hash`) / "
                f"user {name}: password must be a hash, not the password itself"
            )
        users[str(name)] = User(str(name), entry["password"], str(entry.get("display_name", "")))
    return users


def load_users_file(path: Path) -> dict[str, User]:
    if not path.exists():
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise AuthError(f"{path}: 사용자 파일을 읽을 수 없습니다 / cannot read the users file ({err.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise AuthError(f"{path}: TOML 형식이 아닙니다 / not valid TOML ({err})") from None
    return _parse_users(data.get("users", {}), str(path))


def users_from_secrets(secrets_: Mapping[str, Any] | None) -> dict[str, User]:
    auth = (secrets_ or {}).get("auth") or {}
    return _parse_users(auth.get("users") or {}, "secrets [auth.users]") if isinstance(auth, Mapping) else {}


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def save_users_file(path: Path, users: dict[str, User]) -> None:
    lines = ["# 의정 리서치 어시스턴트 로그인 사용자 — `python -m assistant users add|list|remove`", ""]
    for u in sorted(users.values(), key=lambda u: u.name):
        lines += [f"[users.{_toml_str(u.name)}]"]
        if u.display_name:
            lines.append(f"display_name = {_toml_str(u.display_name)}")
        lines += [f"password = {_toml_str(u.password_hash)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".users-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        os.chmod(tmp, 0o600)  # hashes only, but still nobody else's business
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_name(name: str) -> str:
    if not NAME.match(name or ""):
        raise AuthError(
            "사용자 이름은 1–64자의 글자·숫자·._@-만 쓸 수 있습니다 / "
            "a user name is 1–64 letters, digits or . _ @ -"
        )
    return name


def add_user(path: Path, name: str, password: str, display_name: str = "") -> User:
    users = load_users_file(path)
    user = User(check_name(name), hash_password(password), display_name)
    users[name] = user
    save_users_file(path, users)
    return user


def remove_user(path: Path, name: str) -> bool:
    users = load_users_file(path)
    if users.pop(name, None) is None:
        return False
    save_users_file(path, users)
    return True


def authenticate(users: Mapping[str, User], name: str, password: str) -> User | None:
    user = users.get(name.strip())
    if user is None:
        verify_password(password, hash_password_dummy())  # same work whether or not the name exists
        return None
    return user if verify_password(password, user.password_hash) else None


_DUMMY: list[str] = []


def hash_password_dummy() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_hex(16)))
    return _DUMMY[0]


# ---- login tokens: "stay logged in" across reloads ----------------------------------------
def _fingerprint(user: User) -> str:
    """Changes when the password changes, so a new password ends old logins."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_token(key: bytes, user: User, epoch: int, now: float | None = None, days: int = TOKEN_DAYS) -> str:
    expires = int((time.time() if now is None else now) + days * 86400)
    body = f"{_b64(user.name.encode())}.{expires}.{epoch}.{_fingerprint(user)}"
    sig = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(sig)}"


def read_token(key: bytes, token: str, users: Mapping[str, User], epoch_of, now: float | None = None) -> User | None:
    """The user a token names if its signature, expiry, session epoch and password all still hold."""
    try:
        name_b64, expires, epoch, fingerprint, sig = token.split(".")
        body = f"{name_b64}.{expires}.{epoch}.{fingerprint}"
        if not hmac.compare_digest(_unb64(sig), hmac.new(key, body.encode(), hashlib.sha256).digest()):
            return None
        name = _unb64(name_b64).decode()
        user = users.get(name)
        if user is None or int(expires) < (time.time() if now is None else now) or int(epoch) != epoch_of(name):
            return None
        return user if hmac.compare_digest(fingerprint, _fingerprint(user)) else None
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
