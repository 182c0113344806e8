"""What a reader's screen shows, measured in the browser: text sizes, contrast, sizes of controls.

Scripts for ``page.evaluate`` shared by the reading tests (tests/site/test_reading_browser.py).
Sizes are CSS pixels as laid out, so an SVG drawn at 16 px and shown at half its width counts 8 px.
"""

from __future__ import annotations

from typing import Any

#: The two screens of the learner walkthrough (issue 25): a phone held upright and a laptop.
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                         "is_mobile": True, "has_touch": True}
LAPTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
SCREENS = {"phone": PHONE, "laptop": LAPTOP}
#: Smallest text size a reader may meet (CSS px).
MIN_TEXT_PX = 12

#: Opens every <details> of the page (collapsibles, lab output, interview answers).
OPEN_DETAILS = "() => { document.querySelectorAll('details').forEach(d => { d.open = true; }); }"

#: Every visible text under ``root`` (a selector, default body) whose size on screen is under ``min``:
#: [{text, size, where}]. Text in an SVG counts at the SVG's scale (shown width / viewBox width).
SMALL_TEXT = """([min, root]) => {
  const small = [];
  const scope = document.querySelector(root || 'body');
  if (!scope) return small;
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || !element || element.closest('script, style, noscript, template, title, desc')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(r => r.width > 0 && r.height > 0)) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0) continue;
    let size = parseFloat(style.fontSize);
    const svg = element.closest('svg');
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    if (size < min) {
      const where = [];
      for (let e = element; e && where.length < 3; e = e.parentElement) {
        where.unshift(e.tagName.toLowerCase() + (e.classList.length ? '.' + [...e.classList].join('.') : ''));
      }
      small.push({ text: node.data.trim().slice(0, 40), size: Math.round(size * 10) / 10, where: where.join(' > ') });
    }
  }
  return small;
}"""

#: Per shown build-time diagram: the smallest label size on screen, how many labels, and its box.
#: The shown drawing of a holder (a page's diagram box or the 크게 보기 view), and the on-screen size of each
#: of its labels (font size times the drawing's scale).
LABEL_SIZES = """
const shownSvg = (holder) => [...holder.querySelectorAll(':scope > svg')].find(s => getComputedStyle(s).display !== 'none');
const labelSizes = (svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [];
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim() || node.parentElement.closest('title, desc, style')) continue;
    sizes.push(parseFloat(getComputedStyle(node.parentElement).fontSize) * scale);
  }
  return sizes;
};"""

DIAGRAM_LABELS = """() => {""" + LABEL_SIZES + """
return [...document.querySelectorAll('.studykit-diagram')].map(box => {
  const svg = shownSvg(box), sizes = labelSizes(svg);
  return { id: svg.id, labels: sizes.length, smallest: Math.min(...sizes), shown: svg.getBoundingClientRect().width,
           box: box.clientWidth, scrolls: box.scrollWidth > box.clientWidth, tabindex: box.getAttribute('tabindex') };
}); }"""

#: The open 크게 보기 dialog: its size against the screen, its shown drawing's labels, its name and zoom level,
#: and where the focus is.
ZOOM_VIEW = """() => {""" + LABEL_SIZES + """
const dialog = document.querySelector('dialog.sk-zoom[open]'), r = dialog.getBoundingClientRect();
const view = dialog.querySelector('.sk-zoom-view'), svg = shownSvg(view), sizes = labelSizes(svg);
return { width: r.width, height: r.height, screen: [innerWidth, innerHeight], modal: dialog.matches(':modal'),
         id: svg.id, labels: sizes.length, smallest: Math.min(...sizes), name: dialog.getAttribute('aria-label'),
         level: dialog.querySelector('output').textContent, focus: dialog.contains(document.activeElement),
         overflows: view.scrollWidth > view.clientWidth + 1 || view.scrollHeight > view.clientHeight + 1,
         hint: !!dialog.querySelector('.sk-zoom-hint').getClientRects().length };
}"""

#: Per build-time diagram box: its accessible name, the title of its shown drawing, whether it scrolls
#: sideways, and its hint line (the ::before site.css shows while it scrolls): text, size and whether it shows.
DIAGRAM_SIGNS = """() => [...document.querySelectorAll('.studykit-diagram')].map(box => {
  const svg = [...box.querySelectorAll(':scope > svg')].find(s => getComputedStyle(s).display !== 'none');
  const hint = getComputedStyle(box, '::before');
  return { name: box.getAttribute('aria-label'), title: svg.querySelector(':scope > title').textContent,
           scrolls: box.scrollWidth > box.clientWidth, hint: hint.content, hintShown: hint.display !== 'none' && hint.content !== 'none',
           hintSize: parseFloat(hint.fontSize), hintTop: svg.getBoundingClientRect().top - box.getBoundingClientRect().top };
})"""

#: WCAG contrast of two CSS colours, the first composited over the second (and that over white).
CONTRAST_JS = """
const rgba = (text) => { const m = text.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (fg, bg) => { const a = luminance(fg), b = luminance(bg); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
const backgroundOf = (element) => { let colour = [255, 255, 255, 1]; const chain = [];
  for (let e = element; e; e = e.parentElement) chain.unshift(getComputedStyle(e).backgroundColor);
  for (const c of chain) colour = over(rgba(c), colour);
  return colour; };
"""

#: How many rectangles of a code block's text (Range.getClientRects over its text nodes, as laid out,
#: whether or not its scroll box clips them) the block's copy button intersects: at rest, and after the
#: block is scrolled sideways to its end. Defines ``textUnder(button)`` for the scripts below.
TEXT_UNDER_JS = """
const intersects = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0 &&
                             Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0;
const textUnderNow = (button, code) => {
  const rect = button.getBoundingClientRect();
  let count = 0;
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    count += [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0 && intersects(r, rect)).length;
  }
  return count;
};
const textUnder = (button) => {
  const code = button.closest('pre').querySelector(':scope > code');
  const atRest = textUnderNow(button, code);
  const start = code.scrollLeft;
  code.scrollLeft = code.scrollWidth;
  const scrolled = code.scrollLeft;
  const atEnd = textUnderNow(button, code);
  code.scrollLeft = start;
  return { atRest, atEnd, scrolled };
};
"""

#: Every shown copy button of the page at rest: its size, the contrast of its icon against the code
#: background, how much of its block's text it lies over (at rest and scrolled to the end), and
#: whether it targets its own block.
COPY_BUTTONS = """() => {
  %s
  %s
  return [...document.querySelectorAll('button.md-code__button[data-md-type=copy]')]
    .filter(button => button.getClientRects().length > 0)
    .map(button => {
      const pre = button.closest('pre'), code = pre.querySelector(':scope > code');
      const rect = button.getBoundingClientRect();
      const icon = over(rgba(getComputedStyle(button).color), backgroundOf(pre));
      const under = textUnder(button);
      return { width: rect.width, height: rect.height, contrast: contrast(icon, backgroundOf(pre)),
               covers: under.atRest + under.atEnd, code: code.textContent.slice(0, 40),
               own: document.querySelector(button.getAttribute('data-clipboard-target')) === code,
               name: button.getAttribute('aria-label') };
    });
}""" % (CONTRAST_JS, TEXT_UNDER_JS)

#: Every code block of the page in every kind of box (each tab of a tab set shown in turn):
#: {kinds: {kind: blocks}, covered: [{kind, code, atRest, atEnd}], scrolled: blocks that scroll sideways}.
#: Kinds: ``plain``, ``details``, ``admonition``, ``tabbed``, ``titled`` (a block under a file name bar).
COPY_BUTTONS_BY_KIND = """() => {
  %s
  const kinds = {}, covered = [];
  let scrolled = 0;
  const kindOf = (pre) => pre.previousElementSibling?.matches('span.filename') ? 'titled'
    : pre.closest('.tabbed-block') ? 'tabbed' : pre.closest('details') ? 'details'
    : pre.closest('.admonition') ? 'admonition' : 'plain';
  const seen = new Set();
  const measure = () => {
    for (const button of document.querySelectorAll('article button.md-code__button[data-md-type=copy]')) {
      const pre = button.closest('pre');
      if (!button.getClientRects().length || seen.has(pre)) continue;
      seen.add(pre);
      const kind = kindOf(pre);
      kinds[kind] = (kinds[kind] || 0) + 1;
      const under = textUnder(button);
      if (under.scrolled > 0) scrolled++;
      if (under.atRest || under.atEnd) covered.push({ kind, code: pre.textContent.slice(0, 40), ...under });
    }
  };
  measure();
  for (const set of document.querySelectorAll('.tabbed-set')) {
    const inputs = [...set.querySelectorAll(':scope > input')];
    const was = inputs.find(input => input.checked);
    for (const input of inputs) { input.checked = true; measure(); }
    if (was) was.checked = true;
  }
  return { kinds, covered, scrolled };
}""" % TEXT_UNDER_JS

#: Lines that end between two Hangul syllables of one word inside a link, inline code or a menu ("현 / 황"):
#: {found: [their texts], checked: how many such pairs were looked at}.
HANGUL_SPLITS = """() => {
  const split = [];
  let checked = 0;
  for (const el of document.querySelectorAll('article a, article code, .md-nav a')) {
    if (el.closest('pre') || !el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i + 1 < node.data.length; i++) {
        if (!/[\uac00-\ud7a3]/.test(node.data[i]) || !/[\uac00-\ud7a3]/.test(node.data[i + 1])) continue;
        const a = document.createRange(), b = document.createRange();
        a.setStart(node, i); a.setEnd(node, i + 1); b.setStart(node, i + 1); b.setEnd(node, i + 2);
        const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
        if (!ra.height || !rb.height) continue;
        checked++;
        if (rb.top > ra.top + 2) split.push(el.textContent.trim().slice(0, 40));
      }
    }
  }
  return { found: split, checked };
}"""

#: Every hyphen inside inline code (not code blocks) that ends a line on screen: {found: [{code, at}], checked}.
#: Takes an optional selector of the code elements to look at (default: all of the article's).
HYPHEN_BREAKS = """(scope) => {
  const broken = [];
  let checked = 0;
  for (const code of document.querySelectorAll(scope || 'article code')) {
    if (code.closest('pre') || !code.getClientRects().length) continue;
    const chars = [];
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
    }
    const box = ([node, i]) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
    chars.forEach(([node, i], index) => {
      const next = chars[index + 1];
      if (node.data[i] !== '-' || !next || /\\s/.test(next[0].data[next[1]])) return;
      checked++;
      if (box(next).top > box([node, i]).top + 2) broken.push({ code: code.textContent, at: index });
    });
  }
  return { found: broken, checked };
}"""
