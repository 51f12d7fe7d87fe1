el => {
  // Read by tests/focus.py (MEASURE): the focused element's kind, its focus indicator, the
  // colours behind it, its box, and the boxes of the ancestors that clip what overflows them.
  const kind = () => {
    const type = (el.getAttribute("type") || "text").toLowerCase();
    if (el.matches("a.portal-skip, a.skip-link")) return "skip link";
    if (el.matches(".md-select button")) return "language switch";
    if (el.matches(".md-select__link")) return "language link";
    if (el.matches(".md-tabs__link")) return "tab";
    if (el.matches("#portal-q")) return "header search";
    if (el.matches(".portal-searchbar button")) return "header search button";
    if (el.matches('label[for="__drawer"]')) return "menu button";
    if (el.matches(".md-sidebar--primary a, .md-sidebar--primary label")) return "menu link";
    if (el.matches("input")) return type + " input";
    if (el.matches("a")) return "link";
    return el.localName;
  };
  const style = getComputedStyle(el);
  const rgba = text => (text.match(/[\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
  const over = (top, under) =>
    [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  // The colour behind a box: its ancestors' backgrounds, laid over each other down to white.
  const behind = start => {
    const layers = [];
    for (let node = start; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const box = node => {
    const r = node.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            width: r.width, height: r.height};
  };
  let opacity = 1;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity);
  }
  // An ancestor clips only what lies in its own box's flow: not a box positioned absolutely
  // (or fixed) against a containing block above it (a drawer's section title, laid over
  // the list it sits in). `waiting`: such a box met, its containing block not yet.
  const clips = [];
  const outOfFlow = s => (s.position === "absolute" || s.position === "fixed") ? s.position : null;
  const holds = (s, what) => s.transform !== "none" || s.filter !== "none"
    || /paint|layout|strict|content/.test(s.contain)
    || (what === "absolute" && s.position !== "static");
  let waiting = outOfFlow(style);
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    const s = getComputedStyle(node);
    if (waiting && holds(s, waiting)) waiting = null;
    if (!waiting && (s.overflowX !== "visible" || s.overflowY !== "visible"
        || /paint|content|strict/.test(s.contain))) {
      clips.push({what: node.className || node.localName, ...box(node)});
    }
    if (!waiting) waiting = outOfFlow(s);
  }
  const own = rgba(style.backgroundColor);
  const text = (el.textContent || "").trim().slice(0, 40);
  return {
    kind: kind(),
    name: (el.id ? "#" + el.id : el.localName + "." + el.className) + " " + text,
    outline: {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
              offset: parseFloat(style.outlineOffset), color: rgba(style.outlineColor)},
    shadow: style.boxShadow,
    page: behind(el.parentElement),
    control: own[3] > 0 ? over(own, behind(el.parentElement)) : null,
    opacity: opacity,
    box: box(el),
    viewport: {width: innerWidth, height: innerHeight},
    clips: clips,
  };
}
