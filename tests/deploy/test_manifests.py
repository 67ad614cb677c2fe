"""deploy/: the compose file and the Kubernetes manifests parse and hang together."""

from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
K8S = DEPLOY / "k8s"


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


@pytest.fixture(scope="module")
def objects() -> dict[str, dict]:
    objs = {}
    for name in yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"]:
        for doc in _docs(K8S / name):
            assert {"apiVersion", "kind", "metadata"} <= set(doc), name
            objs[doc["kind"]] = doc
    return objs


def _container(objects) -> dict:
    (c,) = objects["Deployment"]["spec"]["template"]["spec"]["containers"]
    return c


def test_every_manifest_is_listed_in_the_kustomization():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_kinds(objects):
    assert set(objects) == {"Deployment", "Service", "HorizontalPodAutoscaler",
                            "PodDisruptionBudget"}
    assert objects["HorizontalPodAutoscaler"]["apiVersion"] == "autoscaling/v2"


def test_probes_hit_health_and_readiness_on_the_served_port(objects):
    c = _container(objects)
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["startupProbe"]["httpGet"]["path"] == "/readyz"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert c[probe]["httpGet"]["port"] in ports
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert int(env["QINGXI_PORT"]) == ports["http"]
    # a liveness probe that gives up before a busy worker answers would restart a healthy pod
    live = c["livenessProbe"]
    assert live["periodSeconds"] * live["failureThreshold"] >= 30


def test_resources_requests_and_limits(objects):
    res = _container(objects)["resources"]
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(res[kind])
    assert _cpu(res["requests"]["cpu"]) <= _cpu(res["limits"]["cpu"])
    assert _mem(res["requests"]["memory"]) <= _mem(res["limits"]["memory"])
    # workers are sized to the CPU limit (a container sees the node's cores): one per CPU
    env = {e["name"]: e.get("value") for e in _container(objects)["env"]}
    assert int(env["QINGXI_WORKERS"]) == max(2, _cpu(res["limits"]["cpu"]))


def test_hpa_scales_the_deployment_on_cpu(objects):
    hpa = objects["HorizontalPodAutoscaler"]["spec"]
    target = hpa["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment",
                                                objects["Deployment"]["metadata"]["name"])
    assert 1 <= hpa["minReplicas"] < hpa["maxReplicas"]
    (metric,) = hpa["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert 0 < metric["resource"]["target"]["averageUtilization"] <= 100


def test_service_and_pdb_select_the_pods(objects):
    labels = objects["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert objects["Deployment"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert objects["Service"]["spec"]["selector"].items() <= labels.items()
    assert objects["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() \
        <= labels.items()
    (port,) = objects["Service"]["spec"]["ports"]
    assert port["targetPort"] in {p["name"] for p in _container(objects)["ports"]}


def test_pod_runs_unprivileged_with_a_writable_tmp(objects):
    pod = objects["Deployment"]["spec"]["template"]["spec"]
    c = _container(objects)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"]
    assert pod["terminationGracePeriodSeconds"] > 5  # longer than the preStop pause


def test_compose_builds_the_repo_image_and_checks_readiness():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    svc = compose["services"]["qingxi"]
    root = (DEPLOY / svc["build"]["context"]).resolve()
    assert root == DEPLOY.parent
    assert svc["ports"] == ["8000:8000"]
    assert svc["environment"]["QINGXI_PORT"] == "8000"
    assert "/readyz" in " ".join(svc["healthcheck"]["test"])
    assert svc["read_only"] is True and "/tmp" in svc["tmpfs"]


def test_settings_are_the_services_variables(objects):
    """Every QINGXI_* variable set in a manifest is one the service reads (a typo would be
    silently ignored by the container)."""
    from service.config import VARIABLES

    known = set(VARIABLES)
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    names = set(compose["services"]["qingxi"]["environment"])
    names |= {e["name"] for e in _container(objects)["env"]}
    assert names <= known


def _cpu(v) -> float:
    v = str(v)
    return float(v[:-1]) / 1000 if v.endswith("m") else float(v)


def _mem(v) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    v = str(v)
    return int(v[:-2]) * units[v[-2:]] if v[-2:] in units else int(v)
