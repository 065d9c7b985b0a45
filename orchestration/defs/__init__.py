"""Dagster definitions, loaded as a folder by `orchestration.definitions`: each module holds
the assets, checks, jobs, schedules, sensors or resources of one concern."""
