"""Journey analytics: each analysis is a validated spec compiled to an Ibis expression,
run in the events engine, and returned as a typed result with ``figure()``."""
