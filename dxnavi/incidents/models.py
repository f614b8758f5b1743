"""Incident response data of one company: its own emergency contacts, the incident log and the drills.

``Contact``: one row per role (IT vendor, insurer, managed security provider, the person in charge),
edited by members and linked advisers with edit rights. ``Incident`` with its ``TimelineEntry`` rows
(what happened / decisions, when, by whom — free text, the person is often not a user) and its
``IncidentTask`` rows (担当者 as free text, due date, done); the four 施行規則第7条 answers of a
personal-data leak live on the incident, the deadlines are computed on every read
(``domain.deadlines``). ``Drill``: one practice run of a scenario with its score.
Every row carries ``company`` so ``scoping.scoped`` filters it directly.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import Company


class ContactRole(models.TextChoices):
    MANAGER = "manager", _("Person in charge (internal)")
    IT_VENDOR = "it_vendor", _("IT vendor")
    INSURER = "insurer", _("Insurer")
    SECURITY = "security", _("Managed security provider")


class Contact(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="incident_contacts")
    role = models.CharField(_("role"), max_length=16, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "role"], name="uniq_incident_contact_role")]

    def __str__(self):
        return f"{self.role}: {self.name}"


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Resolved")


class Incident(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="incidents")
    title = models.CharField(_("incident title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20)  # a scenario id of the runbook, or "other"
    discovered_at = models.DateTimeField(_("discovered at"))
    status = models.CharField(_("status"), max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    affected_systems = models.TextField(_("affected systems"), max_length=2000, blank=True)
    affected_data = models.TextField(_("affected data"), max_length=2000, blank=True)
    # 施行規則 第7条 第1号〜第4号 (a personal-data leak): the answers of the short questionnaire.
    leak_sensitive = models.BooleanField(default=False)
    leak_financial = models.BooleanField(default=False)
    leak_malicious = models.BooleanField(default=False)
    leak_over_1000 = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["company", "-discovered_at"])]

    def __str__(self):
        return self.title

    def leak_answers(self) -> dict:
        return {
            "sensitive": self.leak_sensitive, "financial": self.leak_financial,
            "malicious": self.leak_malicious, "over_1000": self.leak_over_1000,
        }  # fmt: skip


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", _("What happened")
        DECISION = "decision", _("Decision")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("entry type"), max_length=8, choices=Kind.choices, default=Kind.EVENT)
    text = models.TextField(_("what happened or was decided"), max_length=1000)
    by = models.CharField(_("by whom"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["incident", "at"])]


class IncidentTask(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="incident_tasks")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner = models.CharField(_("person responsible"), max_length=100, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("task done"), default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["company", "done"])]


class Drill(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="incident_drills")
    date = models.DateField(_("date"))
    scenario = models.CharField(_("scenario"), max_length=20)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    participant_count = models.PositiveSmallIntegerField(_("number of participants"), validators=[MaxValueValidator(10000)])
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    answers = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("drill notes"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["company", "-date"])]
