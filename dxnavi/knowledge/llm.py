"""The optional generated answer: one request to an OpenAI-compatible server (stdlib ``urllib``, no client library).

Off unless ``settings.KNOWLEDGE_LLM_URL`` is set (with ``KNOWLEDGE_LLM_MODEL``; ``KNOWLEDGE_LLM_API_KEY`` is
sent as a Bearer token when set; ``KNOWLEDGE_LLM_TIMEOUT`` seconds). ``complete(question, passages)`` POSTs
``<url>/chat/completions`` with a Japanese (or English) system prompt that allows answering only from the
numbered passages and citing them as ``[n]``, and a user message holding those passages and the question —
nothing else of the company is sent. Every failure (refused connection, timeout, HTTP error, a reply that
is not the expected JSON) is an ``LLMError``; the caller falls back to the extractive answer.
"""

import json
import socket
import urllib.error
import urllib.request

from django.conf import settings

MAX_PASSAGE_CHARS = 1500
MAX_REPLY_CHARS = 4000

SYSTEM_JA = (
    "あなたは中小企業のデジタル化を支援する相談窓口のアシスタントです。"
    "次に示す番号付きの資料だけを根拠に、質問に日本語で簡潔に答えてください。"
    "資料に書かれていないことは推測で補わず、「資料には記載がありません」と答えてください。"
    "根拠にした資料は、文の末尾に [1] のように番号で必ず示してください。示してよい番号は資料の番号だけです。"
)
SYSTEM_EN = (
    "You assist a help desk for small businesses going digital. Answer the question briefly in English using "
    "ONLY the numbered passages below. If they do not contain the answer, say so; do not guess. "
    "Cite the passages you used as [1], [2] … at the end of each sentence; cite only the numbers given."
)


class LLMError(Exception):
    """The server could not give a usable reply (the message says why, for the log)."""


def enabled() -> bool:
    return bool(settings.KNOWLEDGE_LLM_URL and settings.KNOWLEDGE_LLM_MODEL)


def user_message(question: str, passages: list[tuple[str, str]], language: str = "ja") -> str:
    """The numbered passages (title, text) followed by the question."""
    lines = ["資料:" if language == "ja" else "Passages:"]
    for number, (title, text) in enumerate(passages, start=1):
        lines.append(f"[{number}] {title}\n{text[:MAX_PASSAGE_CHARS]}")
    lines.append(("質問: " if language == "ja" else "Question: ") + question)
    return "\n\n".join(lines)


def request_body(question: str, passages: list[tuple[str, str]], language: str = "ja") -> dict:
    return {
        "model": settings.KNOWLEDGE_LLM_MODEL,
        "messages": [
            {"role": "system", "content": SYSTEM_JA if language == "ja" else SYSTEM_EN},
            {"role": "user", "content": user_message(question, passages, language)},
        ],
        "temperature": 0,
        "stream": False,
    }


def complete(question: str, passages: list[tuple[str, str]], language: str = "ja") -> str:
    """The server's answer text; raises ``LLMError`` on any failure."""
    body = json.dumps(request_body(question, passages, language), ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.KNOWLEDGE_LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.KNOWLEDGE_LLM_API_KEY}"
    request = urllib.request.Request(f"{settings.KNOWLEDGE_LLM_URL}/chat/completions", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.KNOWLEDGE_LLM_TIMEOUT) as response:  # noqa: S310 (configured URL)
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        raise LLMError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        raise LLMError(f"unreachable: {getattr(exc, 'reason', exc)}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError("not a chat completion") from exc
    if not isinstance(text, str) or not text.strip():
        raise LLMError("empty answer")
    return text.strip()[:MAX_REPLY_CHARS]
