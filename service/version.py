"""The service's version: the installed package's, so the API and the wheel never disagree."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("qingxi")
except PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "0+unknown"
