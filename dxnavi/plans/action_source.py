"""Project tasks in the company's action list (registered from ``PlansConfig.ready()``).

A task is proposed when its project has reached its step (step ≤ the project's current step), or
when someone already gave it an owner, a due date or a status — untouched tasks of later steps
stay out of the list until the project gets there. Done tasks are proposed as done. One query.
"""

from django.urls import reverse

from dxnavi.actions.registry import PRIORITY_NORMAL, ActionCandidate

from .models import ProjectTask, TaskStatus


def _proposed(task) -> bool:
    return task.step <= task.project.current_step or bool(task.owner) or task.due is not None or task.status != TaskStatus.TODO


def collect(company) -> list[ActionCandidate]:
    tasks = (
        ProjectTask.objects.filter(project__company=company)
        .select_related("project")
        .only(
            "pk",
            "step",
            "title",
            "owner",
            "due",
            "status",
            "project__id",
            "project__title",
            "project__current_step",
            "project__company_id",
        )
        .order_by("project_id", "step", "position", "pk")
    )
    result = []
    for task in tasks:
        if not _proposed(task):
            continue
        project = task.project
        link = reverse("plans:project_step", args=[company.pk, project.pk, task.step])
        result.append(
            ActionCandidate(
                key=f"plans:task:{task.pk}",
                title={
                    "ja": f"{project.title}：{task.title.get('ja', '')}",
                    "en": f"{project.title}: {task.title.get('en', '')}",
                },
                link=f"{link}#task-{task.pk}",
                due=task.due,
                owner=task.owner,
                priority=PRIORITY_NORMAL,
                done=task.status == TaskStatus.DONE,
            )
        )
    return result
