"""A bad settings, rules, users, batch or history file is one bilingual line naming it — never a traceback."""

import os
import re
import subprocess
import sys

import pytest

from assistant.errors import AssistantError, ConfigError
from assistant.settings import load_settings

from .conftest import ROOT

HANGUL = re.compile(r"[가-힣]")


def run(*args, env=None):
    full = dict(os.environ, HF_HUB_OFFLINE="1")
    full.pop("COUNCIL_ASSISTANT_CONFIG", None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=300
    )


def assert_one_line_naming(out, name: str) -> None:
    assert out.returncode not in (0, None)
    err = out.stderr.strip()
    assert "Traceback" not in err, err
    assert err.count("\n") == 0, err  # one line
    assert err.startswith("오류 / error: ") and name in err, err
    assert HANGUL.search(err) and re.search(r" / [a-z]", err), err  # Korean and English


SETTINGS_FILES = {
    "api_key": ('answer_backend = "openai"\nllm_api_key = "sk-in-a-file"\n', "API 키"),
    "toml_syntax": ("k = \n", "TOML"),
    "unknown_key": ("colour = 1\n", "colour"),
    "not_a_number": ('k = "five"\n', "k: 숫자가 아닙니다"),
    "table_for_value": ("[index_dir]\nx = 1\n", "index_dir"),
    "not_utf8": (b"corpus_dir = '\xff\xfe'\n", "TOML"),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_FILES))
def test_bad_settings_file_is_one_line_naming_it(tmp_path, case):
    text, words = SETTINGS_FILES[case]
    path = tmp_path / f"{case}.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    out = run("docs", "list", "--config", str(path), "--index", str(tmp_path / "idx"))
    assert_one_line_naming(out, str(path))
    assert words in out.stderr
    assert "sk-in-a-file" not in out.stderr  # the key itself is never echoed


def test_missing_settings_file_from_the_environment(tmp_path):
    path = tmp_path / "nowhere.toml"
    out = run("docs", "list", env={"COUNCIL_ASSISTANT_CONFIG": str(path)})
    assert_one_line_naming(out, str(path))


def test_bad_environment_value_names_the_variable(tmp_path):
    out = run("docs", "list", env={"COUNCIL_ASSISTANT_MAX_FILE_MIB": "lots"})
    assert_one_line_naming(out, "COUNCIL_ASSISTANT_MAX_FILE_MIB")


def test_config_error_is_an_assistant_error_and_a_value_error(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('llm_api_key = "sk-x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    assert isinstance(info.value, AssistantError) and isinstance(info.value, ValueError)
    assert str(path) in str(info.value) and "sk-x" not in str(info.value)


def test_bad_users_file_is_one_line(tmp_path):
    users = tmp_path / "users.toml"
    users.write_text("[users.kim\n", encoding="utf-8")
    out = run("users", "list", env={"COUNCIL_ASSISTANT_USERS_FILE": str(users)})
    assert_one_line_naming(out, str(users))


def test_guard_with_a_bad_settings_file_is_one_line(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("k = \n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "assistant.workspace.guard", "--config", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert_one_line_naming(out, str(path))


@pytest.mark.parametrize("case", ["missing", "bad_json", "no_question"])
def test_bad_batch_or_history_file_is_one_line(tmp_path, case):
    path = tmp_path / "in.jsonl"
    if case == "bad_json":
        path.write_text('{"question": \n', encoding="utf-8")
    elif case == "no_question":
        path.write_text('{"q": "x"}\n', encoding="utf-8")
    for args in (["--batch", str(path)], ["질문", "--history", str(path)]):
        out = run("ask", *args, "--index", str(tmp_path / "no-index"))
        assert_one_line_naming(out, str(path))


def test_broken_rules_file_is_one_line(corpus_settings, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("[[rules]]\nid = 1\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'rules_file = "{rules}"\n', encoding="utf-8")
    out = run("ask", "종합성과평가 72점이면 재계약 가능해?", "--config", str(cfg), "--index", str(corpus_settings.index_dir))
    assert_one_line_naming(out, str(rules))
