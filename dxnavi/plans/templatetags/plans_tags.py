from django import template

register = template.Library()


@register.filter
def cost_type_labels(kinds):
    """Subsidy cost-type ids (content/subsidies) as their labels, joined."""
    from dxnavi.subsidies.presenters import kind_label

    return "、".join(kind_label(k) for k in kinds)
