"""HOST and PORT for `scripts/dev.sh serve` (issue #10 item 12): 127.0.0.1:8000 unless told otherwise."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxnavi.ops import devserver
from dxnavi.ops.devserver import ServeError, plan

REPO = Path(__file__).resolve().parents[2]


def no_lan():
    raise AssertionError("LAN addresses are only looked up for 0.0.0.0 / ::")


def test_devserver_plan_defaults_to_loopback_8000():
    result = plan({}, lan_addresses=no_lan)

    assert result.address == "127.0.0.1:8000"
    assert result.allowed_hosts == ["127.0.0.1", "localhost", "testserver"]
    assert result.site_url == "http://127.0.0.1:8000"
    assert result.urls == ["http://127.0.0.1:8000/"]
    assert result.local_only is True
    assert result.notes == []


def test_devserver_plan_port_only_keeps_loopback():
    result = plan({"PORT": "8123"}, lan_addresses=no_lan)

    assert result.address == "127.0.0.1:8123"
    assert result.site_url == "http://127.0.0.1:8123"
    assert result.allowed_hosts == ["127.0.0.1", "localhost", "testserver"]


def test_devserver_plan_all_interfaces_allows_the_lan_addresses_and_warns():
    result = plan({"HOST": "0.0.0.0", "PORT": "8080"}, lan_addresses=lambda: ["192.168.1.23", "10.0.0.5"])

    assert result.address == "0.0.0.0:8080"
    assert result.allowed_hosts == ["127.0.0.1", "localhost", "testserver", "192.168.1.23", "10.0.0.5"]
    assert result.urls == ["http://192.168.1.23:8080/", "http://10.0.0.5:8080/"]
    assert result.site_url == "http://192.168.1.23:8080"  # links in the (console) e-mails open on the phone too
    assert result.local_only is False
    assert len(result.notes) == 2
    assert "DXNAVI_ALLOWED_HOSTS に 192.168.1.23, 10.0.0.5 を加えました" in result.notes[0]
    assert "信頼できるネットワークだけ" in result.notes[1]


def test_devserver_plan_lan_address_host_is_allowed_and_configured_hosts_kept():
    environ = {"HOST": "192.168.1.23", "DXNAVI_ALLOWED_HOSTS": "dxnavi.example.jp", "DXNAVI_SITE_URL": "http://mypc.local:8000"}

    result = plan(environ, lan_addresses=no_lan)

    assert result.address == "192.168.1.23:8000"
    assert result.allowed_hosts == ["dxnavi.example.jp", "192.168.1.23"]
    assert result.site_url == "http://mypc.local:8000"  # an explicit site URL wins


def test_devserver_plan_host_name_and_ipv6():
    assert plan({"HOST": "MyPC.local"}, lan_addresses=no_lan).allowed_hosts[-1] == "mypc.local"
    ipv6 = plan({"HOST": "::", "PORT": "9000"}, lan_addresses=lambda: ["192.168.1.23"])
    assert ipv6.address == "[::]:9000"
    loopback6 = plan({"HOST": "::1"}, lan_addresses=no_lan)
    assert (loopback6.address, loopback6.local_only, loopback6.urls) == ("[::1]:8000", True, ["http://[::1]:8000/"])


def test_devserver_plan_no_lan_address_found_says_what_to_do():
    result = plan({"HOST": "0.0.0.0"}, lan_addresses=lambda: [])

    assert result.allowed_hosts == ["127.0.0.1", "localhost", "testserver"]
    assert result.urls == []
    assert result.site_url == "http://127.0.0.1:8000"
    assert "アドレスが分かりませんでした" in result.notes[0]


@pytest.mark.parametrize(
    "environ, variable",
    [
        ({"PORT": "80a"}, "PORT='80a'"),
        ({"PORT": "0"}, "PORT='0'"),
        ({"PORT": "65536"}, "PORT='65536'"),
        ({"HOST": "http://192.168.1.2"}, "HOST='http://192.168.1.2'"),
        ({"HOST": "192.168.1.2:8000"}, "HOST='192.168.1.2:8000'"),
        ({"HOST": "my pc"}, "HOST='my pc'"),
    ],
)
def test_devserver_plan_bad_value_names_the_variable(environ, variable):
    with pytest.raises(ServeError) as error:
        plan(environ, lan_addresses=no_lan)
    assert str(error.value).startswith(variable)


def test_devserver_detect_lan_addresses_returns_only_usable_ipv4():
    addresses = devserver.detect_lan_addresses()

    assert all(not a.startswith("127.") and a != "0.0.0.0" for a in addresses)
    assert len(addresses) == len(set(addresses))


def test_devserver_main_prints_plan_notes_and_refuses_bad_input():
    out, err = io.StringIO(), io.StringIO()
    assert devserver.main([], {"PORT": "8001"}, out, err) == 0
    assert out.getvalue().splitlines() == ["127.0.0.1:8001", "127.0.0.1,localhost,testserver", "http://127.0.0.1:8001"]

    out = io.StringIO()
    assert devserver.main(["--notes"], {"HOST": "192.168.1.23"}, out, err) == 0
    assert out.getvalue().splitlines()[0] == "  open http://192.168.1.23:8000/"

    out, err = io.StringIO(), io.StringIO()
    assert devserver.main([], {"PORT": "eighty"}, out, err) == 2
    assert out.getvalue() == ""
    assert err.getvalue().startswith("scripts/dev.sh serve: PORT='eighty'")


def test_devserver_module_runs_as_dev_sh_calls_it():
    """The exact call of scripts/dev.sh (a fresh interpreter, no Django settings), and the script parses."""
    env = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "DXNAVI_ALLOWED_HOSTS", "DXNAVI_SITE_URL")}
    run = subprocess.run(
        [sys.executable, "-m", "dxnavi.ops.devserver"], cwd=REPO, env={**env, "PORT": "8002"}, capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stdout.splitlines()) == (0, ["127.0.0.1:8002", "127.0.0.1,localhost,testserver", "http://127.0.0.1:8002"])
    bad = subprocess.run(
        [sys.executable, "-m", "dxnavi.ops.devserver"], cwd=REPO, env={**env, "HOST": "a b"}, capture_output=True, text=True, check=False
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    syntax = subprocess.run(["bash", "-n", str(REPO / "scripts" / "dev.sh")], capture_output=True, text=True, check=False)
    assert (syntax.returncode, syntax.stderr) == (0, "")

