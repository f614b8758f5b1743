"""Synthetic companies and completed security self-checks, for benchmarks (never for real use).

    manage.py generate_synthetic --companies 100000 --assessments 1000000 [--seed 42] [--answers all|latest|none]
        [--adviser-clients 5000] [--keep-indexes]
    manage.py generate_synthetic --purge

Every synthetic company's name starts with ``合成データ`` (SYNTHETIC_PREFIX); ``--purge`` deletes
exactly those companies with everything that belongs to them, and nothing else. The command
is refused in the production profile.

What is generated (deterministic for a given --seed, apart from ids and "now"):
- companies: 大分類 A–T and the 47 prefectures drawn with realistic weights, a 中分類 of the
  大分類, regular employees from a long-tailed (log-normal) distribution, capital growing
  with size (none for sole proprietors); size band and SME flags come from
  ``orgs.services.refresh_derived``, as for a company saved through the app;
- assessments: completed ``security_selfcheck`` results spread over the last 3 years, about
  --assessments / --companies per company (a long tail: some companies check often), the
  newest of each company flagged ``is_latest``, peer keys copied from the company as
  ``services.complete`` does. Each answer set is drawn question by question from the
  company's propensity (industry, size, a personal level, slowly improving with every check),
  and its total, band and part scores come from the real scoring function
  (``domain.scoring.score``) -- never invented;
- answers (``--answers all``, the default): the 25 answers of every assessment; ``latest``:
  only those of each company's latest assessment; ``none``: none.

- ``--adviser-clients N``: an adviser organization (``合成データ支援機関``) with the first N synthetic
  companies as clients (accepted support links) and its owner ``ADVISER_EMAIL`` / ``ADVISER_PASSWORD``,
  for the adviser list and export benchmarks; ``--purge`` removes it with the companies.

On PostgreSQL rows are streamed with COPY (psycopg ``cursor.copy()``) and the tables are VACUUM
ANALYZEd at the end (index-only peer counts need the visibility map). The whole load is one
transaction in which the secondary indexes and the unique/foreign-key constraints of the three
loaded tables are dropped first and built again from their catalog definitions at the end
(``dxnavi.ops.deferred_indexes``: checked identical afterwards; a failure rolls everything back);
``--keep-indexes`` loads into the indexed tables instead, one transaction per chunk of companies
(cheaper when adding a little to a large database). Other databases use ``bulk_create``.
At 1,000,000 companies / 10,000,000 assessments use ``--answers latest`` (25 million answer rows
instead of 250 million).
"""

import bisect
import json
import math
import random
import time
from collections import Counter
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from dxnavi.orgs import data_stamp
from dxnavi.assessments import peer_histograms, services
from dxnavi.assessments.domain import scoring
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.content import reference
from dxnavi.ops.deferred_indexes import deferred_indexes
from dxnavi.orgs.domain.size import SIZE_BANDS
from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Company, Role, SupportLink
from dxnavi.orgs.services import refresh_derived

SYNTHETIC_PREFIX = "合成データ"
# The bench adviser of --adviser-clients (a known password: refused in production like the rest).
ADVISER_ORG_NAME = SYNTHETIC_PREFIX + "支援機関"
ADVISER_EMAIL = "adviser@synthetic.dxnavi.invalid"
ADVISER_PASSWORD = "synthetic-bench-2026"
PACK_ID = "security_selfcheck"
YEARS = 3

# Share of enterprises by JSIC 大分類 (%), shaped after the 経済センサス-活動調査 enterprise counts
# (wholesale/retail, construction, hospitality and living services dominate; mining, compound
# services and public service are rare). Rounded: these draw synthetic data, they are not statistics.
INDUSTRY_WEIGHTS = {
    "A": 0.9, "B": 0.1, "C": 0.05, "D": 12.0, "E": 9.8, "F": 0.1, "G": 1.4, "H": 1.9, "I": 18.5, "J": 0.8,
    "K": 9.5, "L": 5.8, "M": 12.3, "N": 9.6, "O": 3.0, "P": 6.4, "Q": 0.02, "R": 6.0, "S": 0.01, "T": 0.5,
}  # fmt: skip
# How much more (or less) an industry tends to have in place, in propensity units.
INDUSTRY_EFFECT = {"G": 0.7, "J": 0.8, "F": 0.4, "L": 0.3, "P": 0.1, "A": -0.4, "B": -0.4, "M": -0.3, "N": -0.2, "D": -0.1}

# Prefecture weights: population in 10,000s (2020 census, rounded), JIS X 0401 order 01..47.
PREFECTURE_WEIGHTS = [
    522, 124, 121, 230, 96, 107, 183, 287, 193, 194, 734, 628, 1405, 924, 220, 103, 113, 77, 81, 205, 198, 363, 754, 177,
    141, 258, 884, 547, 132, 92, 55, 67, 189, 280, 134, 72, 95, 133, 69, 514, 81, 131, 174, 112, 107, 159, 147,
]  # fmt: skip

CAPITAL_STEPS_YEN = [
    1_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 30_000_000, 50_000_000,
    100_000_000, 300_000_000, 500_000_000, 1_000_000_000, 3_000_000_000,
]  # fmt: skip

# Propensity levels are discretised so per-question option weights are computed once.
LEVEL_MIN, LEVEL_MAX, LEVEL_STEP = -4.0, 4.0, 0.1
COMPANIES_PER_CHUNK = 2000


def _copy_text(value) -> str:
    """A constant column value in COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "obj"):  # psycopg's Json/Jsonb wrapper
        value = json.dumps(value.obj, ensure_ascii=False)
    text = str(value)
    for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(char, escaped)
    return text


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Generator:
    """Draws companies and answer sets; knows nothing about the database."""

    def __init__(self, pack, seed: int, now):
        self.rng = random.Random(seed)
        self.pack = pack
        self.spec = pack.spec
        self.now = now
        jsic = reference.jsic()
        majors = [m["id"] for m in jsic["majors"]]
        self.majors = [m for m in majors if INDUSTRY_WEIGHTS.get(m, 0) > 0]
        self.major_cum = self._cum([INDUSTRY_WEIGHTS[m] for m in self.majors])
        self.middles = {m: [x["id"] for x in jsic["middles"] if x["major"] == m] for m in self.majors}
        self.prefectures = [p["id"] for p in reference.prefectures()]
        if len(self.prefectures) != len(PREFECTURE_WEIGHTS):
            raise CommandError("prefecture weights do not match content/reference/prefectures.yaml")
        self.prefecture_cum = self._cum(PREFECTURE_WEIGHTS)
        self.band_index = {band_id: i for i, (band_id, _lo, _hi) in enumerate(SIZE_BANDS)}
        self._build_option_tables()

    @staticmethod
    def _cum(weights):
        total, out = 0.0, []
        for w in weights:
            total += w
            out.append(total)
        return out

    def _pick(self, items, cum):
        return items[bisect.bisect_right(cum, self.rng.random() * cum[-1])]

    def _build_option_tables(self):
        """Per propensity level and question: cumulative probabilities over the question's options.

        Ordinal options (best first, by points) follow a cumulative-logit model on
        x = level - difficulty; the pack's "don't know" option takes a share of the worst
        answer's probability, larger for low levels.
        """
        spec = self.spec
        unknown = spec.unknown_option
        self.question_ids = [q["id"] for q in spec.questions]
        difficulty = [self.rng.uniform(-1.0, 1.2) for _ in spec.questions]
        self.options, self.tables = [], []
        for q in spec.questions:
            ordinal = sorted((o for o in spec.options_for(q) if o["id"] != unknown), key=lambda o: -o["points"])
            has_unknown = unknown is not None and spec.option(q, unknown) is not None
            self.options.append([o["id"] for o in ordinal] + ([unknown] if has_unknown else []))
        steps = round((LEVEL_MAX - LEVEL_MIN) / LEVEL_STEP)
        for step in range(steps + 1):
            level = LEVEL_MIN + step * LEVEL_STEP
            row = []
            for q_index, options in enumerate(self.options):
                x = level - difficulty[q_index]
                k = len(options) - (1 if options[-1] == unknown and unknown is not None else 0)
                at_least = [_sigmoid(1.4 * x + 1.5 * j) for j in range(k - 1)] + [1.0]
                probs = [at_least[0]] + [at_least[j] - at_least[j - 1] for j in range(1, k)]
                if len(options) > k:
                    p_unknown = probs[-1] * (0.15 + 0.45 * _sigmoid(-x - 1.0))
                    probs[-1] -= p_unknown
                    probs.append(p_unknown)
                row.append(self._cum(probs))
            self.tables.append(row)

    # --- companies ------------------------------------------------------------------------

    def company(self, pk: int) -> Company:
        rng = self.rng
        major = self._pick(self.majors, self.major_cum)
        middles = self.middles[major]
        employees = min(int(rng.lognormvariate(math.log(4.0), 1.5)), 5000)
        sole = rng.random() < (0.4 if employees <= 5 else 0.1 if employees <= 20 else 0.0)
        capital = None
        if not sole:
            step = round(1 + 2.0 * math.log10(employees + 1) + rng.gauss(0, 1))
            capital = CAPITAL_STEPS_YEN[max(0, min(step, len(CAPITAL_STEPS_YEN) - 1))]
        company = Company(
            pk=pk,
            name=f"{SYNTHETIC_PREFIX}{pk:07d}{'商店' if sole else '株式会社'}",
            is_sole_proprietor=sole,
            industry_major=major,
            industry_middle=rng.choice(middles) if middles else "",
            prefecture=self._pick(self.prefectures, self.prefecture_cum),
            employees=employees,
            capital_yen=capital,
        )
        refresh_derived(company)  # size band and SME flags, exactly as the app derives them
        company.created = company.updated = self.now
        return company

    def counts(self, companies: int, assessments: int) -> list[int]:
        """Assessments per company: at least one each (when there are enough), the rest long-tailed."""
        rng = self.rng
        if assessments < companies:
            counts = [0] * companies
            for i in rng.sample(range(companies), assessments):
                counts[i] = 1
            return counts
        counts = [1] * companies
        cum = self._cum([rng.lognormvariate(0, 0.6) for _ in range(companies)])
        for i in rng.choices(range(companies), cum_weights=cum, k=assessments - companies):
            counts[i] += 1
        return counts

    # --- assessments ----------------------------------------------------------------------

    def assessments(self, company: Company, n: int):
        """[(completed_at, started, answers {question: option}, ScoreResult)], oldest first."""
        rng, spec = self.rng, self.spec
        span = YEARS * 365 * 86400
        times = sorted(self.now - timedelta(seconds=3600 + rng.random() * span) for _ in range(n))
        base = (
            rng.gauss(0, 1.0)
            + INDUSTRY_EFFECT.get(company.industry_major, 0.0)
            + 0.25 * self.band_index.get(company.size_band, 0)
            - 0.9
        )
        out = []
        last = len(self.tables) - 1
        for k, completed in enumerate(times):
            level = base + 0.06 * k + rng.gauss(0, 0.35)
            row = self.tables[max(0, min(last, round((level - LEVEL_MIN) / LEVEL_STEP)))]
            random_ = rng.random
            answers = {
                qid: options[bisect.bisect_right(cum, random_() * cum[-1])]
                for qid, options, cum in zip(self.question_ids, self.options, row)
            }
            result = scoring.score(spec, answers)  # the real scoring strategy of the pack
            started = completed - timedelta(seconds=rng.randint(180, 2400))
            out.append((completed, started, answers, result))
        if out:
            company.created = company.updated = out[0][1] - timedelta(days=rng.uniform(1, 365))
        return out


class Command(BaseCommand):
    help = "Create (or --purge) synthetic companies and completed security self-checks for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, help="number of synthetic companies to create")
        parser.add_argument("--assessments", type=int, help="completed assessments in all (default: 10 per company)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--answers", choices=("all", "latest", "none"), default="all", help="which assessments get Answer rows (default all)"
        )
        parser.add_argument(
            "--purge", action="store_true", help="delete every synthetic company (and its data) first; given alone, only that"
        )
        parser.add_argument(
            "--adviser-clients",
            type=int,
            default=0,
            help=f"also create the adviser organization {ADVISER_ORG_NAME} with this many synthetic clients "
            f"(login {ADVISER_EMAIL} / {ADVISER_PASSWORD})",
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: load into the indexed tables, one transaction per chunk, instead of dropping the "
            "secondary indexes and constraints for the load and building them once at the end",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "generate_synthetic is refused in the production profile: synthetic data must never mix with real data."
            )
        started = time.perf_counter()
        if options["purge"]:
            self.purge()
            if options["companies"] is None:
                return
        companies = options["companies"]
        if companies is None or companies < 1:
            raise CommandError("--companies N (N ≥ 1) is required, or --purge alone.")
        assessments = options["assessments"] if options["assessments"] is not None else 10 * companies
        if assessments < 0:
            raise CommandError("--assessments must not be negative.")
        pack = services.current_pack(PACK_ID)
        if pack is None:
            raise CommandError(f"Questionnaire pack {PACK_ID!r} is not loaded: run `manage.py load_content` first.")
        existing = Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).count()
        if existing:
            raise CommandError(f"{existing} synthetic companies already exist: add --purge to replace them.")
        adviser_clients = options["adviser_clients"]
        if not 0 <= adviser_clients <= companies:
            raise CommandError("--adviser-clients must be between 0 and --companies.")
        first_company = self.generate(pack, companies, assessments, options["seed"], options["answers"], options["keep_indexes"])
        t0 = time.perf_counter()
        buckets = peer_histograms.rebuild()
        self.stdout.write(f"peer histograms rebuilt: {buckets:,} buckets in {time.perf_counter() - t0:.1f} s")
        self.refresh_derived()
        if adviser_clients:
            self.adviser(first_company, adviser_clients)
        self.stdout.write(f"total elapsed {time.perf_counter() - started:.1f} s")

    def refresh_derived(self):
        """Other apps' stored derived data about the loaded companies (the COPY sent no signals)."""
        from django.apps import apps

        if apps.is_installed("dxnavi.secaction"):
            from dxnavi.secaction import levels

            t0 = time.perf_counter()
            ids = list(Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
            levels.refresh(ids)
            self.stdout.write(f"SECURITY ACTION levels stored: {len(ids):,} companies in {time.perf_counter() - t0:.1f} s")

    # --- generation -----------------------------------------------------------------------

    def generate(self, pack, n_companies, n_assessments, seed, answers_mode, keep_indexes=False):
        """Load the data, then VACUUM ANALYZE (PostgreSQL); returns the first synthetic company's pk."""
        t0 = time.perf_counter()
        gen = Generator(pack, seed, timezone.now())
        counts = gen.counts(n_companies, n_assessments)
        n_questions = len(gen.question_ids)
        with_any = sum(1 for c in counts if c)
        n_answers = {"all": n_assessments * n_questions, "latest": with_any * n_questions, "none": 0}[answers_mode]
        postgres = connection.vendor == "postgresql"
        company_pk = self._reserve_ids(Company, n_companies)
        assessment_pk = self._reserve_ids(Assessment, n_assessments)
        answer_pk = self._reserve_ids(Answer, n_answers)
        defer = postgres and not keep_indexes and not connection.in_atomic_block
        self.stdout.write(
            f"generating {n_companies:,} companies, {n_assessments:,} assessments, {n_answers:,} answers "
            f"(seed {seed}, answers={answers_mode}, {'COPY' if postgres else 'bulk_create'} on {connection.vendor}"
            f"{', indexes built after loading' if defer else ''})"
        )
        totals, bands = Counter(), {}
        made = {"companies": 0, "assessments": 0, "answers": 0}
        tables = [m._meta.db_table for m in (Company, Assessment, Answer)]
        # One transaction around the whole load when the indexes are deferred (a failure rolls them back
        # with the data); otherwise one per chunk.
        with transaction.atomic() if defer else nullcontext(), deferred_indexes(tables) if defer else nullcontext() as rebuilt:
            self._load(gen, pack, counts, company_pk, assessment_pk, answer_pk, answers_mode, postgres, totals, bands, made, t0)
            t_build = time.perf_counter()
        if defer:
            self.stdout.write(
                f"indexes and constraints: {rebuilt.dropped} dropped before loading, {rebuilt.restored} built after it "
                f"in {time.perf_counter() - t_build:.1f} s (checked identical to the definitions before loading)"
            )
        load_seconds = time.perf_counter() - t0
        if postgres and not connection.in_atomic_block:
            t1 = time.perf_counter()
            with connection.cursor() as cursor:
                for model in (Company, Assessment, Answer):
                    cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
            self.stdout.write(f"VACUUM ANALYZE {time.perf_counter() - t1:.1f} s")
        elif not postgres:
            self._fix_sqlite_timestamps()
        self.stdout.write(
            f"created {made['companies']:,} companies, {made['assessments']:,} assessments, {made['answers']:,} answers "
            f"in {load_seconds:.1f} s"
        )
        if totals:
            ordered = sorted(totals.items())
            n = sum(totals.values())

            def q(p):
                rank, seen = min(n - 1, int(p * n)), 0
                for value, count in ordered:
                    seen += count
                    if seen > rank:
                        return value

            self.stdout.write(
                f"total score: min {ordered[0][0]}, p10 {q(0.1)}, median {q(0.5)}, p90 {q(0.9)}, max {ordered[-1][0]}; "
                "bands: " + ", ".join(f"{b} {bands.get(b, 0):,}" for b in (x["id"] for x in pack.spec.bands))
            )
        return company_pk

    def _load(self, gen, pack, counts, company_pk, assessment_pk, answer_pk, answers_mode, postgres, totals, bands, made, t0):
        """Draw and write the rows chunk by chunk (COPY on PostgreSQL, bulk_create elsewhere)."""
        n_companies = len(counts)
        for chunk_start in range(0, n_companies, COMPANIES_PER_CHUNK):
            chunk_counts = counts[chunk_start : chunk_start + COMPANIES_PER_CHUNK]
            companies, assessments, answer_rows = [], [], []
            for offset, n in enumerate(chunk_counts):
                company = gen.company(company_pk + chunk_start + offset)
                companies.append(company)
                drawn = gen.assessments(company, n)
                for k, (completed, started, answers, result) in enumerate(drawn):
                    latest = k == n - 1
                    assessment = Assessment(
                        pk=assessment_pk,
                        company_id=company.pk,
                        pack_id=pack.pk,
                        pack_family=pack.pack_id,
                        status=Assessment.Status.COMPLETED,
                        started=started,
                        updated=completed,
                        completed_at=completed,
                        total_score=result.total,
                        band_id=result.band_id,
                        part_scores=result.part_scores,
                        score_details=result.details,
                        industry_major=company.industry_major,
                        size_band=company.size_band,
                        prefecture=company.prefecture,
                        is_latest=latest,
                    )
                    assessments.append(assessment)
                    totals[result.total] += 1
                    bands[result.band_id] = bands.get(result.band_id, 0) + 1
                    if answers_mode == "all" or (answers_mode == "latest" and latest):
                        answer_rows.append((answer_pk, assessment_pk, completed, answers))
                        answer_pk += len(answers)
                    assessment_pk += 1
            with transaction.atomic():
                if postgres:
                    self._copy_models(Company, companies)
                    self._copy_models(Assessment, assessments)
                    self._copy_answers(answer_rows)
                else:
                    self._bulk_create(companies, assessments, answer_rows)
                data_stamp.bump_global()  # a bulk load sends no signals: no cached dashboard outlives it
            made["companies"] += len(companies)
            made["assessments"] += len(assessments)
            made["answers"] += sum(len(a) for *_rest, a in answer_rows)
            done = chunk_start + len(chunk_counts)
            if done == n_companies or (done // COMPANIES_PER_CHUNK) % 5 == 0:
                elapsed = time.perf_counter() - t0
                self.stdout.write(
                    f"  {done:,}/{n_companies:,} companies, {made['assessments']:,} assessments, "
                    f"{made['answers']:,} answers  ({elapsed:.0f} s)"
                )

    def _reserve_ids(self, model, n: int) -> int:
        """First of ``n`` consecutive free primary keys; on PostgreSQL the sequence is moved past them."""
        table, column = model._meta.db_table, model._meta.pk.column
        highest = model.objects.aggregate(m=Max("pk"))["m"] or 0
        if connection.vendor != "postgresql":
            return highest + 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            start = max(cursor.fetchone()[0], highest + 1)
            if n:
                cursor.execute("SELECT setval(%s, %s)", [sequence, start + n - 1])
        return start

    def _copy_models(self, model, objects):
        """COPY model instances, every concrete column, values prepared by the fields themselves."""
        if not objects:
            return
        fields = model._meta.concrete_fields
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in fields)
        with connection.cursor() as django_cursor:
            with django_cursor.connection.cursor() as cursor:
                with cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                    for obj in objects:
                        copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])

    def _copy_answers(self, answer_rows):
        """COPY answers as preformatted text: 25 rows per assessment, too many for per-value adaptation.

        id, assessment, question, option and time vary per row; every other column gets the value
        a new Answer has by default (its field defaults), so a column added later is still filled.
        """
        if not answer_rows:
            return
        qn = connection.ops.quote_name
        meta = Answer._meta
        varying = ("id", "assessment_id", "question_id", "option_id", "updated")
        template = Answer()
        constant = "".join(
            "\t" + _copy_text(f.get_db_prep_save(getattr(template, f.attname), connection))
            for f in meta.concrete_fields
            if f.attname not in varying
        )
        columns = ", ".join(qn(meta.get_field(name).column) for name in varying)
        columns += "".join(", " + qn(f.column) for f in meta.concrete_fields if f.attname not in varying)
        with connection.cursor() as django_cursor:
            with django_cursor.connection.cursor() as cursor:
                with cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy:
                    buffer = []
                    for first_pk, assessment_pk, completed, answers in answer_rows:
                        tail = f"\t{completed.isoformat()}{constant}\n"
                        middle = f"\t{assessment_pk}\t"
                        buffer.append(
                            "".join(f"{first_pk + i}{middle}{q}\t{o}{tail}" for i, (q, o) in enumerate(answers.items()))
                        )
                        if len(buffer) >= 2000:
                            copy.write("".join(buffer))
                            buffer = []
                    if buffer:
                        copy.write("".join(buffer))

    def _bulk_create(self, companies, assessments, answer_rows):
        Company.objects.bulk_create(companies, batch_size=500)
        Assessment.objects.bulk_create(assessments, batch_size=500)
        Answer.objects.bulk_create(
            (
                Answer(pk=first_pk + i, assessment_id=assessment_pk, question_id=q, option_id=o)
                for first_pk, assessment_pk, _completed, answers in answer_rows
                for i, (q, o) in enumerate(answers.items())
            ),
            batch_size=500,
        )

    def _fix_sqlite_timestamps(self):
        """bulk_create stamps auto_now fields with the current time; give them the completion time."""
        synthetic = Assessment.objects.filter(company__name__startswith=SYNTHETIC_PREFIX)
        synthetic.update(updated=Subquery(Assessment.objects.filter(pk=OuterRef("pk")).values("completed_at")[:1]))
        Answer.objects.filter(assessment__company__name__startswith=SYNTHETIC_PREFIX).update(
            updated=Subquery(Assessment.objects.filter(pk=OuterRef("assessment_id")).values("completed_at")[:1])
        )
        data_stamp.bump_global()

    # --- the bench adviser ----------------------------------------------------------------

    def adviser(self, first_company_pk: int, n_clients: int):
        """The adviser organization with the first ``n_clients`` synthetic companies as accepted clients."""
        from dxnavi.accounts.models import User

        with transaction.atomic():
            user = User.objects.filter(email=ADVISER_EMAIL).first() or User(email=ADVISER_EMAIL, name="合成データ 支援者")
            user.set_password(ADVISER_PASSWORD)
            user.email_verified_at = user.email_verified_at or timezone.now()
            user.save()
            org, _created = AdviserOrganization.objects.get_or_create(name=ADVISER_ORG_NAME, defaults={"prefecture": "13"})
            AdviserMembership.objects.update_or_create(organization=org, user=user, defaults={"role": Role.OWNER})
            clients = Company.objects.filter(name__startswith=SYNTHETIC_PREFIX, pk__gte=first_company_pk).order_by("pk")
            now = timezone.now()
            SupportLink.objects.bulk_create(
                (
                    SupportLink(company_id=pk, organization=org, status=SupportLink.Status.ACCEPTED, decided=now)
                    for pk in clients.values_list("pk", flat=True)[:n_clients]
                ),
                batch_size=1000,
            )
        self.stdout.write(f"adviser organization {org.name}: {n_clients:,} clients; login {ADVISER_EMAIL} / {ADVISER_PASSWORD}")

    # --- purge ----------------------------------------------------------------------------

    def purge(self):
        """Delete the synthetic companies and everything that belongs to them; real data is untouched.

        Answers and assessments go by set-based DELETEs (millions of rows); the companies then go
        through the ORM, which cascades to every other model that belongs to a company.
        """
        t0 = time.perf_counter()
        qn = connection.ops.quote_name
        company_t, assessment_t, answer_t = (qn(m._meta.db_table) for m in (Company, Assessment, Answer))
        synthetic_companies = f"SELECT id FROM {company_t} WHERE name LIKE %s"
        pattern = SYNTHETIC_PREFIX + "%"
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {answer_t} WHERE assessment_id IN "
                    f"(SELECT id FROM {assessment_t} WHERE company_id IN ({synthetic_companies}))",
                    [pattern],
                )
                answers = cursor.rowcount
                cursor.execute(f"DELETE FROM {assessment_t} WHERE company_id IN ({synthetic_companies})", [pattern])
                assessments = cursor.rowcount
            _total, by_model = Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).delete()
            peer_histograms.rebuild()  # the raw DELETEs above bypass the pre_delete receiver
            AdviserOrganization.objects.filter(name=ADVISER_ORG_NAME).delete()
            from dxnavi.accounts.models import User

            User.objects.filter(email=ADVISER_EMAIL).delete()
        self.stdout.write(
            f"purged synthetic data: {by_model.get(Company._meta.label, 0):,} companies, {assessments:,} assessments, "
            f"{answers:,} answers ({time.perf_counter() - t0:.1f} s)"
        )
