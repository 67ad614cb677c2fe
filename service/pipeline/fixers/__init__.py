"""One module per step of the pipeline; each exports ``RULES``, its rules in the order they run."""
