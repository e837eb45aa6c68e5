"""`{% url %}` answered by conseils.urlcache (loaded as a builtin after Django's own, so it
replaces Django's tag with the same syntax and the same output)."""

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from conseils.urlcache import cached_reverse

register = template.Library()


def current_app(context: Context) -> Any:
    """The application namespace Django's {% url %} resolves in: the request's."""
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


class CachedURLNode(URLNode):
    def render(self, context: Context) -> str:
        # Django's URLNode.render, with cached_reverse in place of reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        url = ""
        try:
            url = cached_reverse(
                view_name, args=args, kwargs=kwargs, current_app=current_app(context)
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser: Parser, token: Token) -> CachedURLNode:
    """Django's parsing, then the node that remembers."""
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
