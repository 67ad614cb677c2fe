# qingxi: the cleaning service under gunicorn.
#   docker build -t qingxi .
#   docker run --rm -p 8000:8000 --read-only --tmpfs /tmp qingxi
# Stage 1 builds the project and its dependencies into a virtualenv from pyproject.toml; stage 2
# copies only that virtualenv: no pip cache, no build tools, no sources beyond the package.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY service ./service
# a wheel install (not editable): the virtualenv holds everything, with compiled bytecode
RUN /opt/venv/bin/pip install . \
    && /opt/venv/bin/python -c "import service.app, service.pipeline" \
    && rm -rf /opt/venv/bin/pip* /opt/venv/lib/python3.11/site-packages/pip \
    && find /opt/venv -path '*/swagger_ui/static/swagger-editor*' -delete

FROM python:3.11-slim
ENV LC_ALL=C.UTF-8 LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    QINGXI_PORT=8000
RUN groupadd --system --gid 10001 qingxi \
    && useradd --system --uid 10001 --gid qingxi --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin qingxi
COPY --from=build /opt/venv /opt/venv
USER qingxi
# nothing is written outside /tmp (metrics files) and /dev/shm (worker heartbeats), so the root
# filesystem may be mounted read-only
WORKDIR /tmp
EXPOSE 8000
# slim has no curl: ask the service with Python (liveness; /readyz says ready for traffic)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('QINGXI_PORT', '8000'), timeout=4)"]
# gunicorn handles SIGTERM gracefully: it stops accepting, lets workers finish, then exits
STOPSIGNAL SIGTERM
CMD ["gunicorn", "--config", "python:service.gunicorn_conf", "service:create_app()"]
