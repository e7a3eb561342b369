"""One upload limit, shown and enforced the same everywhere: `settings.max_file_mib`.

Three checks meet an uploaded file, in three units:
- the browser's pre-check, from the widget's `max_upload_size` in Streamlit "MB" — which the
  browser turns into bytes with 1000² on Linux/macOS and 1024² on Windows;
- the Streamlit server's own cap, `server.maxUploadSize` in MiB, applied to the whole request
  (the file plus the multipart framing);
- ours (`ingest_uploads`): the file against `max_file_mib` MiB, refused with a bilingual message.
The widget gets the smallest whole "MB" that is never below the limit (so the browser refuses
nothing the setting accepts; a file just over it is refused by ours, with the same number), the
server cap must leave room for that, and every text the user reads says "N MiB" from the
settings. If the server cap is lower (the app started with another `server.maxUploadSize`), the
lower limit is the one shown, because it is the one that holds.
"""

from __future__ import annotations

import math

from ..limits import MiB
from ..settings import Settings

FRAMING_MIB = 1  # multipart boundary and part headers around the file in the upload request


def server_cap_mib(settings: Settings) -> int:
    """The `server.maxUploadSize` the setting needs (.streamlit/config.toml, scripts/run.sh)."""
    return widget_mb(settings.max_file_mib) + FRAMING_MIB


def widget_mb(limit_mib: float) -> int:
    """Streamlit "MB" for `file_uploader(max_upload_size=…)`: at least `limit_mib` MiB in bytes
    whichever base the browser uses (1000² or 1024²)."""
    return max(1, math.ceil(limit_mib * MiB / 1_000_000))


def effective_mib(settings: Settings, server_cap: int | None = None) -> float:
    """The largest file an upload can be: the setting, unless the running server's cap is lower."""
    if server_cap is None:
        server_cap = _server_cap()
    return min(settings.max_file_mib, max(server_cap - FRAMING_MIB, 1)) if server_cap else settings.max_file_mib


def limit_text(limit_mib: float) -> str:
    """"300 MiB", "0.5 MiB": the number the user reads (no decimals when whole)."""
    return f"{limit_mib:,.0f} MiB" if float(limit_mib).is_integer() else f"{limit_mib:,.1f} MiB"


def _server_cap() -> int | None:
    try:
        from streamlit import config

        return int(config.get_option("server.maxUploadSize"))
    except Exception:  # noqa: BLE001 — outside a Streamlit server: no second cap
        return None


if __name__ == "__main__":  # scripts/run.sh: --server.maxUploadSize "$(python -m assistant.ui.uploads)"
    import sys

    from ..errors import AssistantError
    from ..settings import load_settings

    try:
        print(server_cap_mib(load_settings()))
    except AssistantError as err:
        sys.exit(f"오류 / error: {err}")
