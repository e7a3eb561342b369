"""Every knob in one typed object, built once: defaults < TOML file < environment < CLI.

Nothing deeper in the package reads environment variables; it receives a `Settings`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "COUNCIL_ASSISTANT_"
CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG"


@dataclass(frozen=True)
class Settings:
    index_dir: Path = PROJECT_ROOT / "index"
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    # "hash" = the embedded default (no weights, see assistant/embeddings.py);
    # anything else is a sentence-transformers model: a local directory or a hub name.
    embedding_model: str = "hash"
    embedding_dim: int = 256  # for the hashing embedder only (256: ingest 90→130 pages/s, eval suites unchanged)
    allow_model_download: bool = False  # sets HF_HUB_OFFLINE=1 unless true
    k: int = 5  # passages shown / cited at most
    candidates: int = 30  # per retriever, before fusion
    rrf_k: int = 60
    # RRF weight of the dense ranking; None = 0.5 for the weight-free "hash" vectors (a noisier
    # lexical signal: measured on evals/retrieval.jsonl, recall@5 21→23 of 28), 1.0 for neural models
    dense_weight: float | None = None  # None: 0 for the hashing default (BM25 alone), 1 for a neural model
    lexical_weight: float = 1.0
    # Input limits (docs/reliability.md). Sizes in MiB (2**20 bytes), checked before a file is read.
    max_file_mib: float = 300.0  # any file
    max_text_mib: float = 16.0  # a plain-text file; and the text any document may yield (Mi characters): peak-memory budget
    max_blocks: int = 250_000  # paragraphs, lines and tables one document may have (chunking costs ~1 KiB each)
    max_chunk_chars: int = 4000  # hard cap on a passage (longer ones are split); `ask --json` strings are cut to it
    follow_outside_symlinks: bool = False  # a link in an ingested folder to something outside it is refused
    chroma_host: str | None = None  # server mode when set
    chroma_port: int = 8000
    answer_backend: str = "extractive"  # extractive | openai | ollama (docs/llm.md)
    # LLM backends (used only when answer_backend names one; docs/llm.md)
    llm_base_url: str = ""  # "" = the backend's loopback default (openai :8000/v1, ollama :11434)
    llm_model: str = ""
    # env COUNCIL_ASSISTANT_LLM_API_KEY or Streamlit secrets only — never a file or flag, never shown
    llm_api_key: str = field(default="", repr=False)
    llm_timeout_s: float = 60.0  # per request; a slower endpoint falls back to the extractive answer
    llm_max_tokens: int = 1024
    llm_temperature: float = 0.0
    llm_passages: int = 6  # retrieved passages the model sees (with stable ids [1]…[n])
    llm_history_turns: int = 3  # earlier turns the model sees
    allow_remote_llm: bool = False  # an endpoint off this machine (not loopback) must be allowed explicitly
    rules_file: Path = PROJECT_ROOT / "assistant" / "rules" / "rules.toml"
    # saved conversations and drafts (assistant/workspace); None = workspace.sqlite3 next to the index folder
    workspace_db: Path | None = None
    # login users (`python -m assistant users add`); None = users.toml next to the index folder
    users_file: Path | None = None
    allow_anonymous: bool = False  # serve a non-loopback address without login (run.sh --allow-anonymous)

    def with_overrides(self, **kw: Any) -> "Settings":
        clean = {k: v for k, v in kw.items() if v is not None}
        return replace(self, **_coerce(clean))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    types = {f.name: f.type for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, val in values.items():
        if key not in types:
            raise ValueError(f"알 수 없는 설정 / unknown setting: {key}")
        t = str(types[key])
        if isinstance(val, (dict, list)):  # a TOML table or array where a single value belongs
            raise ValueError(f"{key}: 값 하나가 필요합니다 / expected a single value")
        if "Path" in t:
            val = Path(val).expanduser()
        elif t.startswith("int"):
            val = _number(key, val, int)
        elif t.startswith("float") and val not in (None, "", "none", "None"):
            val = _number(key, val, float)
        elif t.startswith("bool"):
            val = val if isinstance(val, bool) else str(val).lower() in {"1", "true", "yes", "on"}
        out[key] = val
    return out


def _number(key: str, val: Any, kind: type) -> Any:
    try:
        return kind(val)
    except ValueError:
        raise ValueError(f"{key}: 숫자가 아닙니다 / not a number: {val!r}") from None


def load_settings(config_file: str | Path | None = None, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, an optional TOML file, COUNCIL_ASSISTANT_* env vars, then overrides."""
    env = dict(os.environ) if env is None else env
    settings = Settings()
    path = config_file or env.get(CONFIG_FILE_ENV)
    if path is None and (PROJECT_ROOT / "council-assistant.toml").exists():
        path = PROJECT_ROOT / "council-assistant.toml"
    if path:
        settings = _from_file(settings, Path(path))
    from_env = {
        f.name: env[ENV_PREFIX + f.name.upper()] for f in fields(Settings) if ENV_PREFIX + f.name.upper() in env
    }
    # COUNCIL_ASSISTANT_INDEX is the documented short name for the index folder.
    if ENV_PREFIX + "INDEX" in env:
        from_env["index_dir"] = env[ENV_PREFIX + "INDEX"]
    if ENV_PREFIX + "CORPUS" in env:
        from_env["corpus_dir"] = env[ENV_PREFIX + "CORPUS"]
    for key, val in from_env.items():
        try:
            _coerce({key: val})
        except ValueError as err:
            var = {"index_dir": ENV_PREFIX + "INDEX", "corpus_dir": ENV_PREFIX + "CORPUS"}.get(key, ENV_PREFIX + key.upper())
            raise ConfigError(f"환경 변수 {var}: {err}") from None
    settings = settings.with_overrides(**from_env)
    return settings.with_overrides(**overrides)


def _from_file(settings: Settings, path: Path) -> Settings:
    """The TOML file's values over `settings`; every failure is a ConfigError naming the file."""
    try:
        with open(path, "rb") as fh:
            from_file = tomllib.load(fh)
    except OSError as err:
        raise ConfigError(f"{path}: 설정 파일을 읽을 수 없습니다 / cannot read the settings file ({err.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: TOML 형식이 아닙니다 / not valid TOML ({err})") from None
    if "llm_api_key" in from_file:
        raise ConfigError(f"{path}: API 키는 설정 파일에 두지 마세요; 환경 변수 COUNCIL_ASSISTANT_LLM_API_KEY 또는 "
                          "Streamlit secrets를 쓰세요 / keep the API key out of settings files: use the environment "
                          "or secrets")
    try:
        return settings.with_overrides(**from_file)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{path}: {err}") from None
