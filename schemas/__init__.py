"""marshmallow schemas: the one definition of every request and response body."""
