"""Template helpers for a form's fields."""

from django import forms, template

register = template.Library()


@register.filter
def target(field: forms.BoundField) -> str:
    """The id a link to the field goes to: a group of radios or check boxes has none of its
    own (Django leaves its label without one), its first choice has; a group left with no
    choice at all (the one open call closed while the answers were checked) has only its
    own box, which Django's widget gives the field's id."""
    if field.id_for_label:
        return str(field.id_for_label)
    first = next(iter(field.subwidgets), None)
    return str(first.id_for_label if first is not None else field.auto_id)
