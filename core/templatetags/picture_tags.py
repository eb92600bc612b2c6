"""`{% upload_picture %}`: an uploaded image as its renditions (core/renditions.py),
in modern formats with a fallback every browser reads."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import renditions

register = template.Library()

DEFAULT_SRC_WIDTH = 640


@register.simple_tag
def upload_picture(url_name, pk, name, width, height, *, alt="", sizes="100vw", css_class="", first=False,
                   preset="photo"):
    """<picture> with one <source> per modern format and an <img> in the
    fallback format. `url_name` serves a rendition from (pk, width, format)
    after checking who may see it. `first` is the image at the top of the
    page (the largest content painted): fetched early, not lazily; the others
    wait until they are about to be seen."""
    if not (pk and name and width):
        return ""
    width, height = int(width), int(height)
    widths = renditions.widths_for(width, preset)

    def srcset(fmt):
        return ", ".join(f"{reverse(url_name, args=[pk, size, fmt])} {size}w" for size in widths)

    fallback = renditions.fallback_format(name)
    target = min(DEFAULT_SRC_WIDTH, width)
    src_width = next((size for size in widths if size >= target), widths[-1])
    sources = format_html_join("", '<source type="{}" srcset="{}" sizes="{}">', (
        (renditions.CONTENT_TYPES[fmt], srcset(fmt), sizes) for fmt in renditions.MODERN_FORMATS))
    loading = mark_safe(' fetchpriority="high"' if first else ' loading="lazy" decoding="async"')
    css = format_html(' class="{}"', css_class) if css_class else ""
    return format_html(
        '<picture class="picture">{}<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{}{}>'
        "</picture>",
        sources, reverse(url_name, args=[pk, src_width, fallback]), srcset(fallback), sizes, alt, width, height,
        css, loading,
    )
