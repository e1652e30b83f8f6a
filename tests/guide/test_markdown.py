"""Guide text is Markdown written by administrators; what reaches a page is
sanitised HTML, whatever was typed."""

from __future__ import annotations

import re

from rodtrad.guide.markdown import render_inline, render_markdown


def test_it_renders_markdown_with_designsystemet_classes() -> None:
    html = render_markdown("# Tittel\n\nLes [rutinen](https://x.example/r).\n\n- ett\n- to")
    # Attribute order is the sanitiser's own; check each attribute.
    heading = re.search(r"<h2 ([^>]*)>Tittel</h2>", html)
    assert heading is not None
    assert 'class="ds-heading"' in heading.group(1) and 'data-size="sm"' in heading.group(1)
    assert 'class="ds-link"' in html and 'rel="noopener noreferrer"' in html
    assert '<ul class="ds-list">' in html


def test_it_keeps_no_raw_html() -> None:
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_it_drops_javascript_links() -> None:
    html = render_markdown("[klikk](javascript:alert(1)) og [e-post](mailto:post@x.example)")
    assert "javascript:" not in html.replace("[klikk](javascript:alert(1))", "")
    assert 'href="javascript' not in html
    assert 'href="mailto:post@x.example"' in html


def test_it_renders_one_checklist_item_inline() -> None:
    assert str(render_inline("Les **rutinen**")) == "Les <strong>rutinen</strong>"
