"""The dbt project as Dagster sees it (kept in its own module, as dagster-dbt recommends).

The manifest is prepared by a build step (`fintech-cluster prepare`, run by `make setup`),
never parsed at import time.
"""

from dagster_dbt import DbtProject

from fintech_cluster.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
