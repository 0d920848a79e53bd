"""Journey-map documents (storage of the workspace's document database)."""
