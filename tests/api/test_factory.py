"""The app factory: configuration from the environment, blueprints, readiness."""

from __future__ import annotations

import pytest

from service import create_app
from service.app import BLUEPRINTS
from service.config import Config


def test_defaults_come_from_the_documented_values(app):
    cfg = app.config["QINGXI"]
    assert (cfg.port, cfg.max_bytes, cfg.timeout, cfg.api_keys) == (8000, 2 * 1024 * 1024, 10.0, ())
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert not app.testing


def test_settings_are_read_like_the_environment(monkeypatch):
    monkeypatch.setenv("QINGXI_MAX_BYTES", "4096")
    monkeypatch.setenv("QINGXI_TIMEOUT", "2.5")
    app = create_app({"QINGXI_API_KEYS": "key-one,key-two"})
    cfg = app.config["QINGXI"]
    assert (cfg.max_bytes, cfg.timeout, cfg.api_keys) == (4096, 2.5, ("key-one", "key-two"))
    assert app.config["MAX_CONTENT_LENGTH"] == 4096
    assert "key-" not in repr(cfg) and "<2 keys>" in repr(cfg)


@pytest.mark.parametrize("name,value", [
    ("QINGXI_MAX_BYTES", "0"), ("QINGXI_MAX_BYTES", "2MB"), ("QINGXI_TIMEOUT", "-1"),
    ("QINGXI_TIMEOUT", "inf"), ("QINGXI_LOG_LEVEL", "LOUD"), ("QINGXI_WORKERS", "x"),
    ("QINGXI_MAX_REQUESTS", "-1"), ("QINGXI_MAX_REQUESTS", "many"),
])
def test_a_bad_setting_stops_start_up_naming_the_variable(name, value):
    with pytest.raises(ValueError, match=name):
        create_app({name: value})


def test_gunicorn_recycles_workers_as_configured(monkeypatch, tmp_path):
    """``QINGXI_MAX_REQUESTS`` reaches gunicorn with 10 % jitter; 0 (the soak's setting) turns
    recycling off."""
    import importlib.util
    from pathlib import Path

    conf = Path(__file__).resolve().parents[2] / "service" / "gunicorn_conf.py"

    def load(env: dict) -> object:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        spec = importlib.util.spec_from_file_location("qingxi_gunicorn_conf_test", conf)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # no directory made for the test
    monkeypatch.delenv("QINGXI_MAX_REQUESTS", raising=False)
    default = load({})
    assert (default.max_requests, default.max_requests_jitter) == (10_000, 1_000)
    off = load({"QINGXI_MAX_REQUESTS": "0"})
    assert (off.max_requests, off.max_requests_jitter) == (0, 0)


def test_every_listed_blueprint_is_registered(app):
    names = {module.rsplit(".", 1)[1] for module in BLUEPRINTS}
    assert names <= set(app.blueprints)
    rules = {r.rule for r in app.url_map.iter_rules()}
    for path in ("/v1/clean", "/v1/normalize", "/v1/rules", "/healthz", "/readyz", "/metrics",
                 "/openapi.yaml", "/openapi.json", "/docs"):
        assert path in rules


def test_the_factory_warms_the_pipeline_up(client):
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.get_json()["status"] == "ready"


def test_config_repr_never_shows_keys():
    assert "secret" not in repr(Config.from_env({"QINGXI_API_KEYS": "secret"}))
