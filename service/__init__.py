"""qingxi: the HTTP service around the cleaning pipeline in :mod:`service.pipeline`."""
