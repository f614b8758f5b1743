from django import template

register = template.Library()


@register.filter
def cost_type_labels(kinds):
    """Subsidy cost-type ids (content/subsidies) as their labels, joined."""
    from dxnavi.subsidies.presenters import kind_label

    return "、".join(kind_label(k) for k in kinds)


@register.filter
def plan_table_rows(table):
    """The ``<tr>`` rows of ``_plan_table.html`` for ``presenters.plan_table`` (built in Python: a
    template loop per row and half-year cost more than the rest of the table)."""
    from dxnavi.plans.presenters import plan_table_rows_html

    return plan_table_rows_html(table)
