from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "chancery.portal"
    label = "portal"

    def ready(self) -> None:
        from chancery.cases.signals import case_transitioned
        from chancery.portal import statistics

        # The dashboard's monthly counters move with each transition, in its transaction.
        case_transitioned.connect(statistics.on_case_transitioned, dispatch_uid="portal.statistics")
