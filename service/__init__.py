"""qingxi: the HTTP service around the cleaning pipeline in :mod:`service.pipeline`.

``create_app`` is imported lazily so that ``import service.pipeline`` (pure functions, no Flask)
does not load the web stack.
"""


def create_app(test_config=None):
    """The Flask app (see :func:`service.app.create_app`); gunicorn runs ``service:create_app()``."""
    from .app import create_app as _create_app

    return _create_app(test_config)
