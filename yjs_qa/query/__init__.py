"""A question's trip: plan -> retrieve -> rank -> compose -> policy, each step its own module."""
