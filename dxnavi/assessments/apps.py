from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "dxnavi.assessments"
    label = "assessments"
    verbose_name = _("Self-checks and questionnaires")

    def ready(self):
        # Registered here (not at import) so `load_content` and the dashboard see us exactly once.
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from dxnavi.orgs import client_columns as columns

        from dxnavi.actions import registry as actions

        from django.db.models.signals import pre_delete

        from . import action_source, cards, client_columns, loader, peer_histograms
        from .models import Assessment

        from django.db.models.signals import post_delete, post_save

        from . import pack_cache
        from .models import QuestionnairePack

        def forget_pack(sender, instance, **kwargs):
            pack_cache.forget(instance.pk)

        post_save.connect(forget_pack, sender=QuestionnairePack, dispatch_uid="pack_cache_save")
        post_delete.connect(forget_pack, sender=QuestionnairePack, dispatch_uid="pack_cache_delete")
        loaders.register(loader.load_questionnaires)
        for column in client_columns.COLUMNS:
            columns.register(column)
        from dxnavi.orgs import comparison as org_comparison

        from . import comparison

        org_comparison.register(comparison.PROVIDER)
        for item in client_columns.FILTERS:
            columns.register_filter(item)
        for item in client_columns.SORTS:
            columns.register_sort(item)
        for item in client_columns.STATUSES:
            columns.register_status(item)
        dashboard.register(cards.security_selfcheck_card)
        actions.register(actions.Source("selfcheck", _("Security self-check"), action_source.collect, order=10))
        actions.register_reminders(action_source.recheck_events)
        # Every ORM delete of a latest result (also a company's cascade) keeps the peer histograms exact.
        pre_delete.connect(peer_histograms.on_assessment_deleting, sender=Assessment, dispatch_uid="peer_histograms")
