from django.db import models


class DataStamp(models.Model):
    """A counter per company, bumped after every write to data the company dashboard shows
    (``web.data_stamp``), so the dashboard's cached cards are keyed by it and never stale.

    ``company_id`` is a plain column, not a foreign key: a bump during the company's own deletion
    (its rows cascade) must not fail, and the row outlives the company so that an id reused by
    SQLite can never meet the old company's cache entries (the company's deletion bumps it too).
    ``company_id = 0`` is the global generation (questionnaire packs: loaded for every company).
    """

    company_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)
