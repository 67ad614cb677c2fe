"""``/openapi.yaml``, ``/openapi.json`` and ``/docs`` (Swagger UI).

The spec is generated from the schemas by :mod:`service.openapi` (the committed ``openapi.yaml``
is the same text; a test keeps them equal).  Swagger UI's files come from the ``swagger-ui-py``
package and are served by this blueprint: the service needs no network to show its docs.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from flask import current_app, send_from_directory

from . import Blueprint

blp = Blueprint("docs", __name__, description="The API description and its interactive docs.")

ASSETS = Path(swagger_ui.__file__).parent / "static"
#: the Swagger UI files the page loads (nothing else in the package is served)
_SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                     "favicon-32x32.png", "favicon-16x16.png"})

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>qingxi API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "openapi.yaml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout"
});
</script>
</body>
</html>
"""


def _spec():
    return current_app.extensions["qingxi"]["spec"]


@blp.route("/openapi.yaml", methods=["GET"], tags=["docs"])
@blp.response(200, {"type": "object"}, content_type="application/yaml",
              description="OpenAPI 3.1 document (YAML).")
@blp.errors(401)
def openapi_yaml():
    """This API's OpenAPI document (YAML)"""
    return current_app.response_class(_spec().yaml(), mimetype="application/yaml")


@blp.route("/openapi.json", methods=["GET"], tags=["docs"])
@blp.response(200, {"type": "object"}, description="OpenAPI 3.1 document (JSON).")
@blp.errors(401)
def openapi_json():
    """This API's OpenAPI document (JSON)"""
    return current_app.json.response(_spec().dict())


@blp.route("/docs", methods=["GET"], tags=["docs"])
@blp.response(200, {"type": "string"}, content_type="text/html",
              description="Swagger UI page.")
@blp.errors(401)
def docs():
    """Interactive API docs (Swagger UI, served locally)"""
    return current_app.response_class(_PAGE, mimetype="text/html")


@blp.asset_route("/docs/<name>", methods=["GET"])
def docs_asset(name: str):
    if name not in _SERVED:
        from flask import abort
        abort(404)
    return send_from_directory(ASSETS, name, max_age=86400)
