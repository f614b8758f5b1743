"""Benchmark: the knowledge search at 10,000 documents / 200,000 passages (issue #14).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/knowledge_bench .venv/bin/python bench/knowledge_search.py

1. Data (once; a second run finds it and goes on): ``--documents`` text documents (default 10,000) of
   ``--passages`` passages each (default 20 → 200,000 passages) spread over ``--companies`` synthetic
   companies (default 500), one of which — the "large" company — holds ``--large-share`` of them (default
   20 %: 2,000 documents / 40,000 passages), the others about 16 each. Passages are 3–6 sentences drawn
   from every Japanese sentence of ``content/`` (the questionnaires, advice, plans, subsidy rules, incident
   runbook and the guidance library: real vocabulary with its real word frequencies) plus a company-specific
   product word and a number. Each sentence is tokenized once by ``tokenizer.tokens`` (the index's own
   tokenizer) and the passages' terms are summed from them; rows go in with PostgreSQL ``COPY``
   (bulk load only — the timed indexing below uses the product path).
2. Indexing throughput: ``--index-docs`` (default 100) more documents of the same shape indexed through
   ``index.index_document`` (tokenize every passage, terms, postings; one transaction per document),
   then deleted: documents/s, passages/s, characters/s.
3. Tokenizer memory: a fresh Python process imports SudachiPy, builds the tokenizer and tokenizes 1,000
   passages; its resident memory (VmRSS) before, after loading and after tokenizing.
4. Queries: ``--queries`` searches (default 200, after 20 untimed) with the questions of
   ``tests/knowledge/eval/*.yaml`` and 2–4 word queries drawn from the vocabulary, alternately in the
   large company's scope (guidance + its 40,000 passages) and in a random small company's scope, through
   ``search.search(..., limit=10)``: p50/p95/p99/max per scope, SQL statements per search.
Prints the data size (rows and PostgreSQL table sizes) and whether p95 ≤ 100 ms in both scopes.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

TARGET_MS = 100.0
BENCH_PREFIX = "ベンチ文書社"
WORDS = ("受注管理", "在庫表", "日報", "見積書", "請求書", "勤怠", "シフト表", "顧客台帳", "出荷", "検品", "工程表", "図面")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=20, help="passages per document (default 20)")
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--large-share", type=float, default=0.2, help="share of documents in the large company")
    parser.add_argument("--index-docs", type=int, default=100, help="documents indexed through index_document, timed")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--load-only", action="store_true", help="load the data and stop")
    parser.add_argument("--check", action="store_true", help="exit 1 when a scope's p95 > 100 ms")
    return parser.parse_args()


def sentences() -> list[str]:
    """Every Japanese sentence of the content files (the vocabulary of the synthetic documents)."""
    import yaml
    from django.conf import settings

    found = set()

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "ja" and isinstance(inner, str):
                    for part in re.split(r"(?<=[。！？])|\n", inner):
                        part = part.strip().lstrip("- ").strip()
                        if len(part) >= 12 and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", part):
                            found.add(part)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for path in sorted(Path(settings.CONTENT_DIR).rglob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            walk(yaml.safe_load(fh))
    return sorted(found)


def eval_questions() -> list[str]:
    import yaml

    questions = []
    for path in sorted((_setup.ROOT / "tests" / "knowledge" / "eval").glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            questions.extend(q["q"] for q in (yaml.safe_load(fh) or {}).get("questions", []))
    return questions


class Corpus:
    """Synthetic passages from the content's sentences; each sentence tokenized once."""

    def __init__(self, rng: random.Random):
        from dxnavi.knowledge import tokenizer

        self.rng = rng
        self.sentences = sentences()
        self.terms = [Counter(tokenizer.terms(s)) for s in self.sentences]
        self.extra = {w: Counter(tokenizer.terms(w)) for w in WORDS}
        self.vocabulary = sorted({t for c in self.terms for t in c})

    def passage(self, company_word: str) -> tuple[str, Counter]:
        picks = self.rng.sample(range(len(self.sentences)), self.rng.randint(3, 6))
        word = self.rng.choice(WORDS)
        number = self.rng.randint(1, 999)
        text = f"{company_word}の{word}（No.{number}）について。" + "".join(self.sentences[i] for i in picks)
        counts = Counter()
        for i in picks:
            counts.update(self.terms[i])
        counts.update(self.extra[word])
        counts.update({company_word.lower(): 1, str(number): 1})
        return text, counts


def ensure_companies(count: int) -> list[int]:
    from dxnavi.orgs.models import Company

    have = list(Company.objects.filter(name__startswith=BENCH_PREFIX).order_by("pk").values_list("pk", flat=True))
    if len(have) < count:
        Company.objects.bulk_create([
            Company(name=f"{BENCH_PREFIX}{n:04d}", industry_major="E", prefecture="13", employees=20)
            for n in range(len(have), count)
        ])  # fmt: skip
        have = list(Company.objects.filter(name__startswith=BENCH_PREFIX).order_by("pk").values_list("pk", flat=True))
    return have[:count]


def plan(args, company_ids: list[int]) -> list[int]:
    """The company of each document: the large share to the first company, the rest round-robin."""
    large = int(args.documents * args.large_share)
    owners = [company_ids[0]] * large
    others = company_ids[1:]
    owners += [others[i % len(others)] for i in range(args.documents - large)]
    return owners


def copy_rows(cursor, table: str, columns: tuple, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(args, corpus: Corpus, company_ids: list[int]):
    """Bulk-load documents, passages, terms and postings with COPY (skipped when already there)."""
    import hashlib

    from django.db import connection, transaction
    from django.utils import timezone

    from dxnavi.knowledge.index import term_ids
    from dxnavi.knowledge.models import Document, Passage

    existing = Document.objects.filter(company_id__in=company_ids).count()
    if existing >= args.documents:
        print(f"data: {existing:,} documents already loaded")
        return
    if existing:
        raise SystemExit(f"bench: {existing} documents from an interrupted load; drop the database and run again")
    owners = plan(args, company_ids)
    print(f"loading {args.documents:,} documents × {args.passages} passages …", flush=True)
    started = time.perf_counter()
    ids = term_ids(corpus.vocabulary)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor for COPY
        next_doc = (Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        next_passage = (Passage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        docs, passages, postings = [], [], []
        extra_terms: dict[str, int] = {}
        for n, company_id in enumerate(owners):
            doc_id = next_doc + n
            company_word = f"製品{company_id % 997:03d}"
            texts = []
            for ordinal in range(1, args.passages + 1):
                text, counts = corpus.passage(company_word)
                texts.append(text)
                missing = [t for t in counts if t not in ids and t not in extra_terms]
                if missing:
                    extra_terms.update(term_ids(missing))
                length = sum(counts.values())
                passages.append((next_passage, doc_id, company_id, ordinal, None, ordinal, "", text, length))
                for term, tf in counts.items():
                    postings.append((ids.get(term) or extra_terms[term], next_passage, company_id, tf, length))
                next_passage += 1
            body = "\n\n".join(texts).encode()
            docs.append((doc_id, company_id, f"社内文書{n:05d}", f"doc{n:05d}.txt", "txt", len(body),
                         hashlib.sha256(body).hexdigest(), body, "ready", "", 0, args.passages, None, now, now))  # fmt: skip
            if len(docs) >= 500 or n == len(owners) - 1:
                copy_rows(raw, "knowledge_document", ("id", "company_id", "title", "filename", "kind", "size", "sha256", "content",
                                                      "status", "error", "pages", "passage_count", "uploaded_by_id", "created", "indexed"), docs)  # fmt: skip
                copy_rows(raw, "knowledge_passage", ("id", "document_id", "company_id", "ordinal", "page", "position", "heading", "text", "length"), passages)
                copy_rows(raw, "knowledge_posting", ("term_id", "passage_id", "company_id", "tf", "length"), postings)
                docs, passages, postings = [], [], []
                if (n + 1) % 2000 == 0:
                    print(f"  {n + 1:,} documents ({time.perf_counter() - started:.0f} s)", flush=True)
        for table in ("knowledge_document", "knowledge_passage"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    print(f"loaded in {time.perf_counter() - started:.0f} s")


def vacuum():
    """VACUUM ANALYZE the knowledge tables, as autovacuum does after a bulk load (index-only scans need it)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("knowledge_posting", "knowledge_passage", "knowledge_document", "knowledge_term"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"VACUUM ANALYZE of the knowledge tables: {time.perf_counter() - started:.0f} s")


def indexing(args, corpus: Corpus, company_id: int) -> dict:
    """Documents indexed through the product path, timed, then removed."""
    from dxnavi.knowledge.index import Piece, index_document
    from dxnavi.knowledge.models import Document

    rng = random.Random(args.seed + 1)
    prepared = []
    for n in range(args.index_docs):
        texts = [corpus.passage(f"製品{rng.randint(0, 996):03d}")[0] for _ in range(args.passages)]
        body = "\n\n".join(texts).encode()
        prepared.append((n, texts, body))
    created, chars, passages = [], 0, 0
    started = time.perf_counter()
    for n, texts, body in prepared:
        import hashlib

        doc = Document.objects.create(
            company_id=company_id, title=f"索引計測{n}", filename=f"index{n}.txt", kind="txt", size=len(body),
            sha256=hashlib.sha256(body + str(time.time_ns()).encode()).hexdigest(), content=body, status="ready",
        )  # fmt: skip
        passages += index_document(doc, [Piece(text=t, position=i) for i, t in enumerate(texts, start=1)])
        chars += sum(len(t) for t in texts)
        created.append(doc.pk)
    elapsed = time.perf_counter() - started
    Document.objects.filter(pk__in=created).delete()
    return {"documents": len(created), "passages": passages, "seconds": elapsed, "chars": chars}


TOKENIZER_MEMORY = r"""
import json, sys
def rss():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS")) / 1024
before = rss()
from sudachipy import Dictionary, SplitMode
tok = Dictionary(dict="core").tokenizer()
loaded = rss()
texts = json.load(sys.stdin)
for text in texts:
    for m in tok.tokenize(text, SplitMode.C):
        m.split(SplitMode.A)
print(json.dumps({"before": before, "loaded": loaded, "after": rss(), "texts": len(texts)}))
"""


def tokenizer_memory(corpus: Corpus) -> dict:
    texts = [corpus.passage("製品001")[0] for _ in range(1000)]
    out = subprocess.run([sys.executable, "-c", TOKENIZER_MEMORY], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run_queries(args, corpus: Corpus, company_ids: list[int]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxnavi.knowledge.search import Scope, search

    rng = random.Random(args.seed + 2)
    questions = eval_questions()
    words = [w for w in corpus.vocabulary if len(w) >= 2]

    def query():
        if questions and rng.random() < 0.5:
            return rng.choice(questions)
        return " ".join(rng.sample(words, rng.randint(2, 4)))

    times = {"large": [], "small": []}
    statements, hits = [], []
    for n in range(args.warmup + args.queries):
        scope_name = "large" if n % 2 == 0 else "small"
        company_id = company_ids[0] if scope_name == "large" else rng.choice(company_ids[1:])
        text = query()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = search(text, Scope(company_id=company_id), limit=10)
            elapsed = time.perf_counter() - started
        if n >= args.warmup:
            times[scope_name].append(elapsed * 1000)
            statements.append(len(captured.captured_queries))
            hits.append(result.total)
    return {"times": times, "statements": statements, "totals": hits}


def sizes() -> dict:
    from django.db import connection

    from dxnavi.knowledge.models import Document, Passage, Posting, Term

    rows = {
        "documents": Document.objects.count(), "passages": Passage.objects.count(),
        "postings": Posting.objects.count(), "terms": Term.objects.count(),
    }  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("knowledge_posting", "knowledge_passage", "knowledge_document"):
                cursor.execute("SELECT pg_size_pretty(pg_total_relation_size(%s))", [table])
                rows[f"{table} size"] = cursor.fetchone()[0]
    return rows


def main():
    args = parse_args()
    config = _setup.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {config.get('NAME')}")
    if connection.vendor != "postgresql":
        raise SystemExit("bench: the bulk load uses PostgreSQL COPY; give a PostgreSQL DATABASE_URL")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    corpus = Corpus(rng)
    print(f"vocabulary: {len(corpus.sentences):,} sentences, {len(corpus.vocabulary):,} terms "
          f"(tokenized in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    company_ids = ensure_companies(args.companies)
    load(args, corpus, company_ids)
    vacuum()
    data = sizes()
    print("data: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in data.items()))
    from dxnavi.knowledge.models import Passage

    if args.load_only:
        return
    large_passages = Passage.objects.filter(company_id=company_ids[0]).count()
    print(f"large company: {large_passages:,} passages; a small company: "
          f"{Passage.objects.filter(company_id=company_ids[1]).count():,} passages")  # fmt: skip

    measured = indexing(args, corpus, company_ids[1])
    print(
        f"indexing (index_document, {measured['documents']} documents × {args.passages} passages): "
        f"{measured['documents'] / measured['seconds']:.1f} documents/s, {measured['passages'] / measured['seconds']:.0f} passages/s, "
        f"{measured['chars'] / measured['seconds'] / 1000:.0f} k characters/s"
    )
    memory = tokenizer_memory(corpus)
    print(
        f"tokenizer memory (VmRSS of a fresh process): {memory['before']:.0f} MB before, {memory['loaded']:.0f} MB with "
        f"SudachiPy + core dictionary loaded, {memory['after']:.0f} MB after tokenizing {memory['texts']:,} passages"
    )
    result = run_queries(args, corpus, company_ids)
    ok = True
    for scope_name, values in result["times"].items():
        ordered = sorted(values)
        p = {q: _setup.percentile(ordered, q) for q in (50, 95, 99, 100)}
        ok = ok and p[95] <= TARGET_MS
        print(f"search in the {scope_name} company's scope ({len(values)} queries): p50 {p[50]:.1f} ms  p95 {p[95]:.1f} ms  "
              f"p99 {p[99]:.1f} ms  max {p[100]:.1f} ms")  # fmt: skip
    statements = Counter(result["statements"])
    print(f"SQL statements per search: {dict(sorted(statements.items()))}; matching passages per query: "
          f"median {sorted(result['totals'])[len(result['totals']) // 2]:,}")  # fmt: skip
    print(f"p95 ≤ {TARGET_MS:.0f} ms in both scopes: {'yes' if ok else 'NO'}")
    if args.check and not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
