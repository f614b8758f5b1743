"""Scoring a drill: a question counts as done when the chosen option is the one the runbook teaches."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DrillScore:
    done: int
    total: int
    missed: tuple  # ids of questions answered otherwise (or not at all)


def score(drill: dict, answers: dict) -> DrillScore:
    """``drill`` as in the content file; ``answers`` maps question id → chosen option id."""
    missed = []
    for question in drill["questions"]:
        correct = next(o["id"] for o in question["options"] if o.get("correct") is True)
        if answers.get(question["id"]) != correct:
            missed.append(question["id"])
    total = len(drill["questions"])
    return DrillScore(done=total - len(missed), total=total, missed=tuple(missed))
