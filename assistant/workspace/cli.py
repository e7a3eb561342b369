"""`python -m assistant users add|list|remove|hash` — login users for a shared deployment."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("비밀번호 / password: ")
    if getpass.getpass("한 번 더 / again: ") != first:
        raise SystemExit("비밀번호가 서로 다릅니다 / the passwords differ")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    from ..cli import _settings
    from .auth import AuthError, add_user, hash_password, load_users_file, remove_user, users_path

    path = users_path(_settings(args))
    try:
        if args.action == "list":
            users = load_users_file(path)
            for u in sorted(users.values(), key=lambda u: u.name):
                print(f"{u.name}\t{u.display_name}")
            print(f"— 사용자 {len(users)}명 / {len(users)} user(s) in {path}", file=sys.stderr)
            return 0
        if args.action == "hash":  # for [auth.users] in .streamlit/secrets.toml
            print(hash_password(_password(args)))
            return 0
        if not args.name:
            print("사용자 이름을 주세요 / give a user name", file=sys.stderr)
            return 2
        if args.action == "add":
            user = add_user(path, args.name, _password(args), args.display_name or "")
            print(f"사용자를 추가했습니다 / user saved: {user.name} → {path}")
            return 0
        if remove_user(path, args.name):
            print(f"사용자를 지웠습니다 / user removed: {args.name}")
            return 0
        print(f"없는 사용자입니다 / no such user: {args.name}", file=sys.stderr)
        return 1
    except AuthError as err:
        print(f"오류 / error: {err}", file=sys.stderr)
        return 2


def register_cli(subparsers: Any, common: argparse.ArgumentParser) -> None:
    s = subparsers.add_parser(
        "users", parents=[common], help="로그인 사용자 / login users (users.toml next to the index)",
        description="로그인 사용자 관리. 비밀번호는 scrypt 해시로만 저장합니다 / passwords are stored as scrypt hashes only.",
    )
    s.add_argument("action", choices=["add", "list", "remove", "hash"],
                   help="add NAME | list | remove NAME | hash (secrets.toml에 넣을 해시 출력)")
    s.add_argument("name", nargs="?")
    s.add_argument("--display-name", help="화면에 보일 이름 / name shown in the app")
    s.add_argument("--password-stdin", action="store_true", help="비밀번호를 표준 입력 첫 줄에서 읽기 (스크립트용)")
    s.set_defaults(func=cmd_users)
