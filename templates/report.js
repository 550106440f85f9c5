// perfgate HTML report: renders the filterable, sortable table of all checks and the uPlot charts from the
// embedded JSON data block. Every value goes into the DOM as text (textContent / setAttribute), never as HTML.
(function () {
  'use strict';
  var started = performance.now();
  var D = JSON.parse(document.getElementById('perfgate-data').textContent);
  var F = {};
  D.fields.forEach(function (f, i) { F[f] = i; });
  var KINDS = ['mean', 'stddev', 'error'];
  var DIRS = ['higher', 'lower', 'unknown'];
  var DIR_TEXT = { higher: 'higher is better', lower: 'lower is better', unknown: 'two-sided' };
  var REFS = D.builds.filter(function (b) { return b.role === 'reference'; });
  var ROW_BUDGET = 500;
  var CHART_PAGE = 60;
  var CHART_EAGER = 0; // charts are drawn when scrolled into view (all at once without IntersectionObserver)

  function at(r, f) { var v = r[F[f]]; return v === undefined ? null : v; }

  function refVerdicts(s) {
    var out = [];
    for (var k = 0; s && k < s.length; k++) out.push(s.charAt(k) === '.' ? -1 : Number(s.charAt(k)));
    return out;
  }

  var checks = D.rows.map(function (r, i) {
    var flags = at(r, 'flags');
    var group = D.groups[at(r, 'group')];
    var slash = group.indexOf('/');
    var ev = at(r, 'evidence');
    var pm = at(r, 'params');
    return {
      i: i, id: flags & 64 ? group + '/' + at(r, 'id') : at(r, 'id'), group: group, profile: group.slice(0, slash), test: group.slice(slash + 1),
      v: at(r, 'verdict'), primary: !!(flags & 1), grouped: !!(flags & 2),
      kind: KINDS[(flags >> 2) & 3], dir: DIRS[(flags >> 4) & 3], unit: D.units[at(r, 'unit')],
      src: at(r, 'src'), dst: at(r, 'dst'), hist: at(r, 'history') || [], refV: refVerdicts(at(r, 'refVerdicts')),
      change: at(r, 'change'), ciLo: at(r, 'ciLo'), ciHi: at(r, 'ciHi'), bandLo: at(r, 'bandLo'), bandHi: at(r, 'bandHi'),
      p: at(r, 'p'), pAdj: at(r, 'pAdj'), score: at(r, 'score'), tol: at(r, 'tolerance'), details: at(r, 'details') || '',
      evidence: ev === null ? '' : D.evidence[ev], mbHi: at(r, 'modelBandHi'), mbLo: at(r, 'modelBandLo'),
      parts: at(r, 'parts') || '', params: pm === null ? '' : D.params[pm],
    };
  });

  // ---- small DOM and format helpers --------------------------------------------------------------------
  // control characters from the results (invisible in a page) shown as \xNN, as the console and the xUnit do
  var CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
  function shown(v) {
    var t = String(v);
    CONTROL.lastIndex = 0;
    return CONTROL.test(t) ? t.replace(CONTROL, function (ch) { return '\\x' + ('0' + ch.charCodeAt(0).toString(16)).slice(-2); }) : t;
  }
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') e.textContent = shown(v);
      else if (k === 'onclick' || k === 'oninput' || k === 'onchange') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    });
    (kids || []).forEach(function (c) { if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(shown(c)) : c); });
    return e;
  }
  function fmt(x) {
    if (x === null || x === undefined) return '–';
    if (typeof x === 'string') return x;
    var a = Math.abs(x);
    if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(3);
    return String(Number(x.toPrecision(6)));
  }
  function fmtChange(x) { return x === null ? '–' : (x > 0 ? '+' : '') + x.toFixed(2) + '%'; }
  function fmtRange(lo, hi) { return lo === null || hi === null ? '–' : '[' + fmt(lo) + ', ' + fmt(hi) + ']'; }
  function plural(word, n) { return n === 1 ? word : word + (/s$/.test(word) ? 'es' : 's'); }
  function badge(v) { return el('span', { 'class': 'badge v-' + D.verdicts[v], text: D.verdictLabels[v] }); }
  function num(x) { return typeof x === 'number' ? x : null; }

  // ---- table state ---------------------------------------------------------------------------------------
  var state = { text: '', verdict: 'all', profile: 'all', test: 'all', kind: 'all', primaryOnly: false, grouping: true, sort: 'severity', desc: false, budget: ROW_BUDGET };
  var expanded = new Map();   // group -> bool chosen by the user
  var openDetails = new Set(); // check index with an open detail row
  var groupStats = new Map();
  checks.forEach(function (c) {
    var s = groupStats.get(c.group) || { total: 0, worst: 99, counts: {} };
    s.total++; s.worst = Math.min(s.worst, c.v); s.counts[c.v] = (s.counts[c.v] || 0) + 1;
    groupStats.set(c.group, s);
  });
  function defaultExpanded(g) { var s = groupStats.get(g); return s.worst <= 2 || s.total <= 200; }
  function filterActive() { return state.text !== '' || state.verdict !== 'all' || state.profile !== 'all' || state.test !== 'all' || state.kind !== 'all'; }

  function matches(c) {
    if (state.primaryOnly && !c.primary) return false;
    if (state.verdict === 'failures') { if (D.verdicts[c.v] !== 'regression' && D.verdicts[c.v] !== 'error') return false; }
    else if (state.verdict !== 'all' && D.verdicts[c.v] !== state.verdict) return false;
    if (state.profile !== 'all' && c.profile !== state.profile) return false;
    if (state.test !== 'all' && c.test !== state.test) return false;
    if (state.kind !== 'all' && (state.kind === 'grouped' ? !c.grouped : c.kind !== state.kind || c.grouped)) return false;
    if (state.text) {
      var t = state.text.toLowerCase();
      // as shown: a control character is typed as its \xNN
      if (shown(c.id).toLowerCase().indexOf(t) < 0 && shown(c.details).toLowerCase().indexOf(t) < 0) return false;
    }
    return true;
  }

  var SORTS = {
    severity: function (c) { return c.i; },
    id: function (c) { return c.id; },
    src: function (c) { return num(c.src); },
    dst: function (c) { return num(c.dst); },
    change: function (c) { return c.change; },
    ci: function (c) { return c.ciLo; },
    band: function (c) { return c.bandHi === null || c.bandLo === null ? null : c.bandHi - c.bandLo; },
    verdict: function (c) { return c.v; },
    details: function (c) { return c.details; },
  };
  function sorted(list) {
    var key = SORTS[state.sort], sign = state.desc ? -1 : 1;
    return list.slice().sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1; // missing values last
      var d = x < y ? -1 : x > y ? 1 : 0;
      return d * sign || a.i - b.i;
    });
  }

  // ---- table rendering -----------------------------------------------------------------------------------
  // The table shows the last TABLE_REFS references; a check's detail row and chart show every build.
  var TABLE_REFS = 3;
  var firstRef = Math.max(0, REFS.length - TABLE_REFS);
  var COLUMNS = [['id', 'check'], ['src', 'src']].concat(REFS.slice(firstRef).map(function (b, i) { return ['ref' + (firstRef + i), b.build]; }))
    .concat([['dst', 'dst'], ['change', 'change %'], ['ci', 'CI'], ['band', 'band'], ['verdict', 'verdict'], ['details', 'details']]);
  var app = document.getElementById('checks-app');
  var table, countEl, moreEl;

  function option(value, label, selected) { return el('option', { value: value, selected: selected, text: label }); }
  function uniq(key) { var s = new Set(checks.map(function (c) { return c[key]; })); return Array.from(s).sort(); }

  function toolbar() {
    var verdictSel = el('select', { id: 'f-verdict', 'aria-label': 'verdict', onchange: function (e) { state.verdict = e.target.value; refilter(); } },
      [option('all', 'all verdicts', true), option('failures', 'regressions + errors')].concat(D.verdicts.map(function (v, i) { return option(v, D.verdictLabels[i]); })));
    var profSel = el('select', { id: 'f-profile', 'aria-label': 'profile', onchange: function (e) { state.profile = e.target.value; refilter(); } },
      [option('all', 'all profiles', true)].concat(uniq('profile').map(function (p) { return option(p, p); })));
    var testSel = el('select', { id: 'f-test', 'aria-label': 'test', onchange: function (e) { state.test = e.target.value; refilter(); } },
      [option('all', 'all tests', true)].concat(uniq('test').map(function (t) { return option(t, t); })));
    var kindSel = el('select', { id: 'f-kind', 'aria-label': 'kind', onchange: function (e) { state.kind = e.target.value; refilter(); } },
      [option('all', 'all kinds', true), option('mean', 'mean'), option('stddev', 'stddev'), option('error', 'error'), option('grouped', 'grouped')]);
    var text = el('input', { id: 'f-text', type: 'search', placeholder: 'filter: id or details', 'aria-label': 'filter text', oninput: function (e) { state.text = e.target.value.trim(); refilter(); } });
    var prim = el('input', { id: 'f-primary', type: 'checkbox', onchange: function (e) { state.primaryOnly = e.target.checked; rerender(); } });
    var grp = el('input', { id: 'f-group', type: 'checkbox', checked: true, onchange: function (e) { state.grouping = e.target.checked; rerender(); } });
    countEl = el('span', { id: 'f-count', 'class': 'count' });
    return el('div', { 'class': 'toolbar' }, [text, verdictSel, profSel, testSel, kindSel,
      el('label', null, [prim, ' primary only']), el('label', null, [grp, ' group by profile/test']), countEl]);
  }

  function header() {
    return el('thead', null, [el('tr', null, COLUMNS.map(function (col) {
      var sortable = SORTS[col[0]] !== undefined;
      var numeric = col[0] !== 'id' && col[0] !== 'verdict' && col[0] !== 'details';
      var th = el('th', { 'data-col': col[0], 'class': (sortable ? 'sortable' : '') + (numeric ? ' num' : ''), title: sortable ? 'sort by ' + col[1] : null, text: col[1] });
      function sortBy() {
        if (state.sort === col[0]) state.desc = !state.desc; else { state.sort = col[0]; state.desc = false; }
        rerender();
      }
      if (sortable) {
        th.setAttribute('tabindex', '0');
        th.addEventListener('click', sortBy);
        th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(); });
      }
      if (state.sort === col[0]) th.setAttribute('aria-sort', state.desc ? 'descending' : 'ascending');
      return th;
    }))]);
  }

  function cell(text, cls, title) { return el('td', { 'class': cls, title: title, text: text }); }

  function checkRow(c) {
    var kindTag = c.grouped ? 'group' : c.primary ? null : 'non-primary';
    var idCell = el('td', { 'class': 'mono id' }, [c.id, kindTag ? el('span', { 'class': 'tag', text: kindTag }) : null]);
    var tds = [idCell, cell(fmt(c.src), 'num')];
    REFS.forEach(function (_, k) {
      if (k < firstRef) return;
      var rv = c.refV[k];
      tds.push(cell(fmt(c.hist[k]), 'num' + (rv >= 0 ? ' ref v-cell-' + D.verdicts[rv] : ''), rv >= 0 ? D.verdictLabels[rv] + ' vs source' : 'missing'));
    });
    tds.push(cell(fmt(c.dst), 'num'), cell(fmtChange(c.change), 'num'), cell(fmtRange(c.ciLo, c.ciHi), 'num'),
      cell(fmtRange(c.bandLo, c.bandHi), 'num'), el('td', null, [badge(c.v)]), cell(c.details, 'details'));
    var tr = el('tr', { 'class': 'check-row v-row-' + D.verdicts[c.v], 'data-i': c.i, 'data-verdict': D.verdicts[c.v], tabindex: 0 }, tds);
    tr.addEventListener('click', function () { toggleDetail(c, tr); });
    tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') toggleDetail(c, tr); });
    return tr;
  }

  function toggleDetail(c, tr) {
    var next = tr.nextSibling;
    if (next && next.classList && next.classList.contains('detail-row')) { next.remove(); openDetails.delete(c.i); return; }
    openDetails.add(c.i);
    tr.after(detailRow(c));
  }

  function kv(k, v) { return v === '' || v === null || v === undefined ? null : el('div', { 'class': 'kv' }, [el('b', { text: k }), el('span', { text: v })]); }

  function detailRow(c) {
    var values = el('table', { 'class': 'values' }, [
      el('tr', null, [el('th', { text: 'build' })].concat(D.builds.map(function (b) { return el('th', { text: b.build + ' (' + b.role + ')' }); }))),
      el('tr', null, [el('th', { text: 'value' })].concat([c.src].concat(REFS.map(function (_, k) { return c.hist[k]; }), [c.dst]).map(function (v, k) {
        var rv = k === 0 ? null : k <= REFS.length ? c.refV[k - 1] : c.v;
        return el('td', { 'class': 'num' + (rv !== null && rv >= 0 ? ' v-cell-' + D.verdicts[rv] : ''), text: fmt(v === undefined ? null : v) });
      }))),
    ]);
    var info = el('div', { 'class': 'kvs' }, [
      kv('unit', c.unit + ' · ' + DIR_TEXT[c.dir]), kv('kind', c.kind + (c.grouped ? ' (grouped)' : c.primary ? ' (primary)' : ' (non-primary)')),
      kv('change', fmtChange(c.change)), kv('confidence interval', c.ciLo === null ? '' : fmtRange(c.ciLo, c.ciHi)),
      kv('accepted band', c.bandLo === null ? '' : fmtRange(c.bandLo, c.bandHi)), kv('model band (mmax/mmin)', c.mbHi === null ? '' : fmtRange(c.mbHi, c.mbLo)),
      kv('score / tolerance', fmt(c.score) + ' / ±' + fmt(c.tol)), kv('p-value', c.p === null ? '' : fmt(c.p) + (c.pAdj === null ? '' : ' (adjusted ' + fmt(c.pAdj) + ')')),
      kv('evidence', c.evidence), kv('score parts', c.parts), kv('details', c.details),
    ]);
    var kids = [el('div', { 'class': 'table-wrap' }, [values]), info];
    if (c.params) kids.push(el('details', null, [el('summary', { text: 'test parameters' }), el('pre', { text: c.params })]));
    if (D.charts && chartable(c)) { var box = el('div', { 'class': 'chart' }); kids.push(box); setTimeout(function () { drawChart(box, c); }, 0); }
    return el('tr', { 'class': 'detail-row' }, [el('td', { colspan: COLUMNS.length }, kids)]);
  }

  function appendRows(tbody, list, budget) {
    var n = Math.min(list.length, budget.left);
    if (n < list.length) budget.truncated = true;
    for (var k = 0; k < n; k++) {
      var tr = checkRow(list[k]);
      tbody.appendChild(tr);
      if (openDetails.has(list[k].i)) tbody.appendChild(detailRow(list[k]));
    }
    budget.left -= n;
    return n;
  }

  function groupHeader(g, list, open) {
    var s = {}; list.forEach(function (c) { s[c.v] = (s[c.v] || 0) + 1; });
    var parts = [el('span', { 'class': 'caret', text: open ? '▾' : '▸' }), el('span', { 'class': 'mono', text: g }),
      el('span', { 'class': 'muted', text: ' ' + list.length + ' of ' + groupStats.get(g).total + ' checks ' })];
    D.verdicts.forEach(function (v, i) { if (s[i] && i <= 3) parts.push(el('span', { 'class': 'badge v-' + v, text: s[i] + ' ' + plural(D.verdictLabels[i], s[i]) })); });
    var tr = el('tr', { 'class': 'group-row', 'data-group': g, 'aria-expanded': String(open), tabindex: 0 }, [el('td', { colspan: COLUMNS.length }, parts)]);
    function toggle() { expanded.set(g, !open); rerender(); }
    tr.addEventListener('click', toggle);
    tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') toggle(); });
    return tr;
  }

  // a new filter opens every block that matches: blocks folded or opened by hand before it start afresh
  function refilter() { expanded.clear(); rerender(); }

  function rerender() {
    var list = sorted(checks.filter(matches));
    var budget = { left: state.budget, truncated: false };
    var shown = 0;
    var old = table.querySelector('thead');
    table.replaceChild(header(), old);
    Array.from(table.querySelectorAll('tbody')).forEach(function (b) { b.remove(); });
    if (state.grouping) {
      var order = [], byGroup = new Map();
      list.forEach(function (c) { if (!byGroup.has(c.group)) { byGroup.set(c.group, []); order.push(c.group); } byGroup.get(c.group).push(c); });
      order.forEach(function (g) {
        var open = expanded.has(g) ? expanded.get(g) : filterActive() || defaultExpanded(g);
        var tbody = el('tbody', { 'class': 'group', 'data-group': g }, [groupHeader(g, byGroup.get(g), open)]);
        if (open) shown += appendRows(tbody, byGroup.get(g), budget);
        table.appendChild(tbody);
      });
    } else {
      var tb = el('tbody');
      shown = appendRows(tb, list, budget);
      table.appendChild(tb);
    }
    if (list.length === 0) table.appendChild(el('tbody', null, [el('tr', null, [el('td', { colspan: COLUMNS.length, 'class': 'muted', text: 'No check matches the filters.' })])]));
    countEl.textContent = list.length + ' of ' + checks.length + ' checks match' + (shown < list.length ? ', ' + shown + ' rows shown' : '');
    countEl.setAttribute('data-matched', String(list.length));
    moreEl.hidden = !budget.truncated;
    moreEl.textContent = 'Show ' + ROW_BUDGET + ' more rows';
  }

  // ---- charts --------------------------------------------------------------------------------------------
  function chartable(c) {
    if (c.kind !== 'mean' || c.grouped || typeof window.uPlot !== 'function') return false;
    return [c.src, c.dst].concat(c.hist).some(function (x) { return typeof x === 'number'; });
  }

  // The value `change` was measured against: the source for run-perf style methods, e.g. the history centre
  // for statistical ones. change = (dst - base) / |base| * 100, so base = dst / (1 + change / 100) (base > 0).
  function baseline(c) {
    if (typeof c.dst === 'number' && c.change !== null && c.change > -100 && c.kind === 'mean') {
      var b = c.dst / (1 + c.change / 100);
      if (isFinite(b) && b > 0) return b;
    }
    return typeof c.src === 'number' ? c.src : null;
  }

  function drawChart(box, c) {
    if (box.getAttribute('data-drawn')) return;
    box.setAttribute('data-drawn', '1');
    var labels = D.builds.map(function (b) { return b.build; });
    var vals = [c.src].concat(REFS.map(function (_, k) { return c.hist[k]; }), [c.dst]).map(num);
    var xs = vals.map(function (_, k) { return k; });
    var data = [xs, vals];
    var series = [{ label: 'build', value: function (u, v) { return v === null || labels[v] === undefined ? '–' : labels[v]; } }, { label: c.unit || 'value', stroke: '#1f4e9a', width: 2, spanGaps: true, points: { show: true, size: 8, fill: '#1f4e9a' } }];
    var bands;
    var base = baseline(c);
    if (c.bandLo !== null && c.bandHi !== null && base !== null) {
      var mag = Math.abs(base);
      var hi = base + mag * c.bandHi / 100, lo = base + mag * c.bandLo / 100;
      data.push(xs.map(function () { return hi; }), xs.map(function () { return lo; }));
      series.push({ label: 'band high (baseline ' + fmt(base) + ')', stroke: 'rgba(46,125,50,0.7)', dash: [5, 4], width: 1, points: { show: false } },
        { label: 'band low', stroke: 'rgba(46,125,50,0.7)', dash: [5, 4], width: 1, points: { show: false } });
      bands = [{ series: [2, 3], fill: 'rgba(46,125,50,0.12)' }];
    }
    var width = Math.max(320, Math.min(900, (box.clientWidth || 600) - 8));
    var opts = {
      width: width, height: 220, series: series, legend: { show: true }, cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.4, Math.max(1, xs.length - 1) + 0.4] } },
      axes: [
        { splits: function () { return xs; }, values: function (u, splits) { return splits.map(function (s) { return labels[s] === undefined ? '' : labels[s]; }); } },
        { size: 80, values: function (u, splits) { return splits.map(fmt); } },
      ],
    };
    if (bands) opts.bands = bands;
    new window.uPlot(opts, data, box);
  }

  function chartsApp() {
    var host = document.getElementById('charts-app');
    if (!host) return;
    var list = checks.filter(function (c) { return c.primary && chartable(c); });
    var shownCharts = 0;
    var grid = el('div', { 'class': 'chart-grid' });
    var more = el('button', { type: 'button', id: 'charts-more' });
    var io = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (en) { if (en.isIntersecting) { io.unobserve(en.target); drawChart(en.target, en.target.__check); } });
    }, { rootMargin: '300px' }) : null;
    function page() {
      var end = Math.min(list.length, shownCharts + CHART_PAGE);
      for (; shownCharts < end; shownCharts++) {
        var c = list[shownCharts];
        var box = el('div', { 'class': 'chart' });
        box.__check = c;
        grid.appendChild(el('figure', { 'class': 'chart-card', 'data-i': c.i }, [
          el('figcaption', null, [badge(c.v), ' ', el('span', { 'class': 'mono', text: c.id }), ' ', el('span', { 'class': 'muted', text: fmtChange(c.change) })]), box]));
        if (shownCharts < CHART_EAGER || !io) drawChart(box, c); else io.observe(box);
      }
      more.hidden = shownCharts >= list.length;
      more.textContent = 'Show more charts (' + (list.length - shownCharts) + ' left)';
    }
    more.addEventListener('click', page);
    host.appendChild(el('p', { 'class': 'muted', text: list.length + ' primary mean checks: value per build (source, references, destination) and the accepted band around the baseline the change is measured against (the source, or the history centre for statistical methods); regressions first.' }));
    host.appendChild(grid);
    host.appendChild(more);
    page();
  }

  // ---- start ---------------------------------------------------------------------------------------------
  table = el('table', { id: 'checks-table', 'class': 'checks' }, [el('thead')]);
  moreEl = el('button', { type: 'button', id: 'rows-more', onclick: function () { state.budget += ROW_BUDGET; rerender(); } });
  app.appendChild(toolbar());
  app.appendChild(el('div', { 'class': 'table-wrap' }, [table]));
  app.appendChild(moreEl);
  rerender();
  var tableDone = performance.now();
  chartsApp();
  window.__renderMs = performance.now() - started;
  window.__renderParts = { table: tableDone - started, charts: performance.now() - tableDone };
  window.__rendered = true;
})();
