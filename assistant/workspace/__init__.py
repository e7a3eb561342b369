"""The researcher's workspace: saved conversations and drafts per user (store.py), login users
and tokens (auth.py), the bind-address check (guard.py), conversation export (export.py) and
the `users` CLI command (cli.py)."""

from .cli import register_cli

__all__ = ["register_cli"]
