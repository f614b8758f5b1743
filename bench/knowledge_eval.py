"""Search quality of the guidance library on the owner questions of tests/knowledge/eval/*.yaml.

    .venv/bin/python bench/knowledge_eval.py [--questions tests/knowledge/eval] [--content content] [--language ja]

Runs every question as a guidance-only search (top 10, ``dxnavi.knowledge.evaluation``) and prints each miss
(no right answer in the top 5, with the ranks it got) and recall@1/3/5/10 and MRR. Reads content only:
no database is used, so DATABASE_URL is not needed.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(_setup.ROOT / "tests" / "knowledge" / "eval"))
    parser.add_argument("--content", default="", help="another content directory (default: the project's)")
    parser.add_argument("--language", default="ja", choices=["ja", "en"])
    args = parser.parse_args()

    sys.path.insert(0, str(_setup.ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnavi.settings")
    os.environ.setdefault("DXNAVI_DEBUG", "0")
    import django
    from django.conf import settings

    django.setup()
    if args.content:
        settings.CONTENT_DIR = Path(args.content).resolve()
    from dxnavi.knowledge import evaluation, search

    questions = evaluation.load(args.questions)
    if not questions:
        _setup._fail(f"no questions in {args.questions}/*.yaml")
    start = time.perf_counter()
    search.guide_index(args.language)
    built = time.perf_counter()
    report = evaluation.evaluate(questions, language=args.language)
    done = time.perf_counter()
    for miss in report.misses(5):
        rank = f"rank {miss.rank}" if miss.rank else "not in top 10"
        print(f"MISS [{miss.file}] {miss.question}  answers={list(miss.answers)}  {rank}  top5={list(miss.top[:5])}")
    print(f"questions {len(questions)}  index {1000 * (built - start):.0f} ms  search {1000 * (done - built) / len(questions):.1f} ms/question")
    print("  ".join(f"recall@{k} {report.recall(k):.3f}" for k in (1, 3, 5, 10)) + f"  MRR {report.mrr:.3f}")


if __name__ == "__main__":
    main()
