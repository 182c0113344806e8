"""Copy buttons in the page and inline commands kept whole: page HTML in, page HTML out."""

from __future__ import annotations

import re

from studykit.site.readable import BLOCK_ATTR, COPY_LABEL, MAX_WORD, WORD_CLASS, add_copy_buttons, keep_inline_code_whole

PAGE = """\
<p>Run <code>kubectl exec -it nginx -- sh</code> or <code>kubectl get pods</code>.</p>
<div class="highlight"><pre><code><span class="c1"># 노드 목록</span>
kubectl get nodes
</code></pre></div>
<details class="example"><summary>출력 예시</summary>
<div class="highlight"><span class="filename">out.txt</span><pre id="x"><code>NAME  STATUS
</code></pre></div></details>
<pre class="mermaid"><code>flowchart LR</code></pre>
<script>var s = "<pre><code>not a block</code></pre>";</script>
<svg><foreignObject><code>kube-proxy</code></foreignObject></svg>
"""


def test_every_code_block_gets_a_button_that_targets_its_own_code() -> None:
    out = add_copy_buttons(PAGE)
    names = re.findall(rf'<pre[^>]*\s{BLOCK_ATTR}="(c\d+)"><button ', out)
    assert names == ["c1", "c2"]
    targets = re.findall(r'data-clipboard-target="\[data-sk-code=(c\d+)\]&gt;code"', out)
    assert targets == names
    assert out.count(f'aria-label="{COPY_LABEL}"') == 2
    assert 'type="button" class="md-code__button" data-md-type="copy"' in out
    assert '<pre id="x" data-sk-code="c2">' in out, "the block's own attributes are kept"


def test_the_button_sits_before_the_code_so_copying_takes_only_the_code() -> None:
    out = add_copy_buttons(PAGE)
    assert re.search(r'data-sk-code="c1"><button [^>]*></button><code><span class="c1"># 노드 목록</span>', out)


def test_diagram_fallbacks_scripts_and_drawings_get_no_button() -> None:
    out = add_copy_buttons(PAGE)
    assert '<pre class="mermaid"><code>flowchart LR</code></pre>' in out
    assert 'var s = "<pre><code>not a block</code></pre>";' in out


def test_adding_buttons_twice_changes_nothing() -> None:
    once = add_copy_buttons(PAGE)
    assert add_copy_buttons(once) == once


def test_words_with_a_hyphen_are_wrapped_whole() -> None:
    out = keep_inline_code_whole(PAGE)
    assert (f'<code>kubectl exec <span class="{WORD_CLASS}">-it</span> nginx '
            f'<span class="{WORD_CLASS}">--</span> sh</code>') in out
    assert "<code>kubectl get pods</code>" in out, "words without a hyphen stay as they are"


def test_a_path_may_still_break_after_its_slashes() -> None:
    out = keep_inline_code_whole("<code>tests/checker/fixtures/k8s-docs/ a/b</code>")
    assert out == f'<code>tests/checker/fixtures/<span class="{WORD_CLASS}">k8s-docs/</span> a/b</code>'


def test_a_long_name_breaks_after_a_dot_or_colon_not_before_its_last_letter() -> None:
    page = ("<code>payment.shop.svc.cluster.local</code> <code>node.kubernetes.io/unreachable:NoExecute</code>"
            " <code>app.kubernetes.io/name=web</code> <code>svc.local</code>")
    out = keep_inline_code_whole(page)
    assert "<code>payment.<wbr>shop.<wbr>svc.<wbr>cluster.<wbr>local</code>" in out
    assert "<code>node.<wbr>kubernetes.<wbr>io/unreachable:<wbr>NoExecute</code>" in out
    assert "<code>svc.local</code>" in out, "a short name fits a line: no break opportunity added"
    assert re.sub(r"<[^>]+>", "", out) == re.sub(r"<[^>]+>", "", page), "the text a reader copies is unchanged"


def test_code_blocks_scripts_and_drawings_keep_their_inline_code() -> None:
    out = keep_inline_code_whole(PAGE)
    assert "<code>NAME  STATUS\n</code>" in out
    assert 'var s = "<pre><code>not a block</code></pre>";' in out
    assert "<foreignObject><code>kube-proxy</code></foreignObject>" in out


def test_escaped_characters_count_once_and_text_stays_the_same() -> None:
    page = "<td><code>&lt;이름&gt;-&lt;해시&gt;</code> <code>--raw=&#x27;/readyz?verbose&#x27;</code></td>"
    out = keep_inline_code_whole(page)
    assert f'<span class="{WORD_CLASS}">&lt;이름&gt;-&lt;해시&gt;</span>' in out
    assert f'<span class="{WORD_CLASS}">--raw=&#x27;/</span>readyz?verbose&#x27;' in out
    assert re.sub(r"<[^>]+>", "", out) == re.sub(r"<[^>]+>", "", page)


def test_a_word_longer_than_a_phone_line_may_still_break() -> None:
    fits = "a-" + "b" * (MAX_WORD - 2)
    too_long = "a-" + "b" * (MAX_WORD - 1)
    out = keep_inline_code_whole(f"<code>{fits}</code><code>{too_long}</code>")
    assert f'<span class="{WORD_CLASS}">{fits}</span>' in out
    assert f"<code>{too_long}</code>" in out


def test_highlighted_inline_code_is_left_alone() -> None:
    page = '<code class="highlight"><span class="n">kube-proxy</span></code>'
    assert keep_inline_code_whole(page) == page
