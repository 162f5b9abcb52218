import subprocess
import sys

import pytest


def run_settings(env):
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings'); django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


@pytest.mark.parametrize("debug", ["0", "false"])
def test_dev_secret_key_is_refused_when_debug_is_off(debug):
    result = run_settings({"DEBUG": debug, "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_load_with_a_real_secret_key_when_debug_is_off():
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "PATH": "/usr/bin:/bin"}
    result = run_settings(env)
    assert result.returncode == 0, result.stderr
