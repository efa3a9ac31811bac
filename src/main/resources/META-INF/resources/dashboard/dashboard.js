// The dashboard's only script. The pages are rendered by the service (Qute); this file keeps them live:
// it reads the one event stream and re-fetches the parts of the page an event concerns, and it sends the
// operator's commands to the same REST endpoints any client uses. No build step, no library.
'use strict';

// Every request of the dashboard goes through api(): the one place that adds a bearer token, read from
// localStorage under this key, once the service asks for one, and the header the service wants on a call signed
// in by the dashboard's cookie that changes something (a page of another site cannot send it).
const TOKEN_KEY = 'conclave.token';
const REQUEST_HEADER = 'X-Conclave-Request';
// A region is fetched again at most this often, however many events arrive (1,000 a minute is ~17 a second).
const MIN_REFRESH_MILLIS = 250;
const RECONNECT_MILLIS = 1000;

function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  headers.set(REQUEST_HEADER, 'dashboard');
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.set('Authorization', 'Bearer ' + token);
  }
  return fetch(path, { ...init, headers });
}

// The event stream read with fetch rather than EventSource, which cannot send an Authorization header.
// Reconnects with Last-Event-ID, so the service replays what was missed. One stream per page, and none once
// the page is left: the stream is aborted on pagehide (a browser holds six connections to a site, and a
// page kept for the back button would keep its stream open), and started again if the page is shown again.
// A 401 or 403 means signed out: nothing to follow, no retry every second.
async function follow(query, onEvent, signal) {
  let lastId = null;
  while (!signal.aborted) {
    try {
      const headers = { Accept: 'text/event-stream' };
      if (lastId) {
        headers['Last-Event-ID'] = lastId;
      }
      const response = await api('/api/events' + query, { headers, signal });
      if (response.status === 401 || response.status === 403) {
        live('signed out');
        return;
      }
      if (!response.ok) {
        throw new Error('event stream answered ' + response.status);
      }
      live('live');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value.replace(/\r/g, '');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).replace(/^ /, ''));
          const id = block.split('\n').find(l => l.startsWith('id:'));
          if (id) {
            lastId = id.slice(3).trim();
          }
          if (data.length) {
            onEvent(JSON.parse(data.join('\n')));
          }
        }
      }
    } catch (e) {
      if (signal.aborted) {
        return;
      }
      console.warn('event stream:', e.message);
    }
    live('reconnecting');
    await new Promise(resolve => setTimeout(resolve, RECONNECT_MILLIS));
  }
}

function live(state) {
  const badge = document.getElementById('live');
  badge.textContent = state;
  badge.className = state === 'live' ? 'live on' : 'live off';
}

// Which regions an event concerns: a region lists, in data-on, the owners it shows ("project", "meeting",
// "conversation", "policy") and/or event types ("RUN_PROGRESS") or type prefixes ("RUN_").
function concerns(region, event) {
  return region.dataset.on.split(' ').some(token =>
      token === 'project' ? event.project_id && !event.meeting_id && !event.conversation_id
    : token === 'meeting' ? !!event.meeting_id
    : token === 'conversation' ? !!event.conversation_id
    : token === 'policy' ? event.type.startsWith('POLICY_')
    : token.endsWith('_') ? event.type.startsWith(token) : event.type === token);
}

const pending = new Map();

// Replaces a region with its fragment as the service renders it now. One fetch per region at a time;
// events arriving meanwhile cause one more fetch, not one each. A region the user is working in (a
// focused field) is left alone until the focus leaves it.
function refresh(id) {
  const state = pending.get(id) || { busy: false, again: false };
  pending.set(id, state);
  if (state.busy) {
    state.again = true;
    return;
  }
  const region = document.getElementById(id);
  if (!region) {
    return;
  }
  state.busy = true;
  const settle = () => setTimeout(() => {
    state.busy = false;
    if (state.again) {
      state.again = false;
      refresh(id);
    }
  }, MIN_REFRESH_MILLIS);
  if (region.contains(document.activeElement) && document.activeElement !== document.body) {
    state.again = true;
    settle();
    return;
  }
  const url = new URL(location.href);
  url.searchParams.set('fragment', region.dataset.fragment);
  api(url.pathname + url.search, { headers: { Accept: 'text/html' } })
    .then(response => response.ok ? response.text() : null)
    .then(html => {
      const current = document.getElementById(id);
      if (html !== null && current) {
        current.outerHTML = html;
        document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
      }
    })
    .catch(e => console.warn('refresh', id, e.message))
    .finally(settle);
}

// Operator forms: <form data-api="/api/..." data-method="POST"> with named fields, sent as a JSON body
// (numbers for number fields, a field with data-list as the array of its comma-separated words, a name with dots
// as nested objects: "policy.turn_strategy"; empty fields left out); the answer or the error is shown in #flash.
// With data-open="/meetings/:meeting_id", an accepted form opens that page (the field named after the colon filled in).
async function submit(form) {
  const body = {};
  for (const field of form.elements) {
    if (field.name && field.value !== '') {
      let value = field.type === 'number' ? Number(field.value) : field.value;
      if (field.dataset.list !== undefined) {
        value = value.split(',').map(v => v.trim()).filter(v => v !== '');
      }
      const path = field.name.split('.');
      let at = body;
      path.slice(0, -1).forEach(key => { at = at[key] = at[key] || {}; });
      at[path[path.length - 1]] = value;
    }
  }
  const method = form.dataset.method || 'POST';
  const response = await api(form.dataset.api, {
    method, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body)
  });
  const answer = await response.json().catch(() => ({}));
  const flash = document.getElementById('flash');
  if (response.ok && form.dataset.open) {
    location.assign(form.dataset.open.replace(/:(\w+)/g, (all, key) => encodeURIComponent(body[key] || '')));
    return;
  }
  if (response.ok) {
    flash.className = 'flash ok';
    flash.textContent = method + ' ' + form.dataset.api + ': ' + response.status + ' '
      + (answer.change || answer.status || answer.run_id || 'accepted');
  } else {
    const details = (answer.details || []).map(d => d.path + ': ' + d.message).join('; ');
    flash.className = 'flash error';
    flash.textContent = response.status + ' ' + (answer.error || '') + ': ' + (answer.message || '')
      + (details ? ' (' + details + ')' : '');
  }
}

// Page forms: <form method="post" action="/policy/..." data-page> send their fields as a form, with the header a
// call signed in by the cookie must carry (a plain form post cannot add it). The page the service answers with is
// shown: the one a redirect leads to, or this one again with what was wrong.
async function submitPage(form) {
  const response = await api(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
  if (response.redirected) {
    location.assign(response.url);
    return;
  }
  // the answer's main part in place of this one; the header (and the event stream's badge) stays
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  document.title = page.title;
  document.querySelector('main').replaceWith(document.adoptNode(page.querySelector('main')));
}

// A file input with data-into="ID" puts the chosen file's text into the text area ID (the file stays in the browser
// until the form is sent).
document.addEventListener('change', async event => {
  const input = event.target;
  if (input.dataset && input.dataset.into && input.files && input.files[0]) {
    document.getElementById(input.dataset.into).value = await input.files[0].text();
  }
});

document.addEventListener('submit', event => {
  const form = event.target;
  if (form.dataset.api) {
    event.preventDefault();
    submit(form);
  } else if (form.dataset.page !== undefined) {
    event.preventDefault();
    submitPage(form);
  }
});

// Task graphs: <div data-graph="/api/projects/ID/graph" data-graph-on="project"> drawn with Cytoscape.js (a WebJar
// dependency served at /webjars/cytoscape/, loaded only by the pages that draw one): tasks as nodes coloured by status,
// dependencies solid, follow-ups dashed, subtasks dotted, the critical path thick. Drawn again, at most every
// MIN_REFRESH_MILLIS, when an event it names (as data-on names them) arrives.
const STATUS_COLOURS = {
  PENDING: '#9aa3b2', READY: '#5b8def', ANNOUNCED: '#8e6fd8', ASSIGNED: '#2f6fdf', IN_PROGRESS: '#e0a21b',
  COMPLETED: '#2e9d5b', FAILED: '#d64545', UNASSIGNABLE: '#b34d4d', BLOCKED: '#c77d2e', SKIPPED: '#6b7280'
};
const graphs = new Map();

async function drawGraph(container) {
  if (typeof cytoscape === 'undefined') {
    return;
  }
  const response = await api(container.dataset.graph, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    return;
  }
  const g = await response.json();
  const ids = new Set(g.nodes.map(n => n.task_id));
  const path = g.critical_path || [];
  const onPath = new Set(path);
  const pathEdges = new Set(path.slice(1).map((id, i) => path[i] + '>' + id));
  const elements = g.nodes.map(n => ({
    data: { id: n.task_id, label: n.task_id, colour: STATUS_COLOURS[n.status] || '#9aa3b2' },
    classes: onPath.has(n.task_id) ? 'critical' : ''
  })).concat(g.edges.filter(e => ids.has(e.from) && ids.has(e.to)).map((e, i) => ({
    data: { id: 'edge' + i, source: e.from, target: e.to },
    classes: e.kind + (e.kind === 'dependency' && pathEdges.has(e.from + '>' + e.to) ? ' critical' : '')
  })));
  const old = graphs.get(container.id);
  if (old) {
    old.destroy();
  }
  const cy = cytoscape({
    container, elements, wheelSensitivity: 0.2,
    layout: { name: 'breadthfirst', directed: true, spacingFactor: 1.2 },
    style: [
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 11,
        'text-valign': 'bottom', 'text-margin-y': 4, width: 18, height: 18 } },
      { selector: 'node.critical', style: { 'border-width': 3, 'border-color': '#1c2230' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#9aa3b2', 'target-arrow-color': '#9aa3b2',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
      { selector: 'edge.follow_up', style: { 'line-style': 'dashed' } },
      { selector: 'edge.subtask', style: { 'line-style': 'dotted' } },
      { selector: 'edge.critical', style: { width: 4, 'line-color': '#1c2230', 'target-arrow-color': '#1c2230' } }
    ]
  });
  graphs.set(container.id, cy);
  container.cy = cy; // for whoever inspects the page (the browser tests)
  const words = document.getElementById('critical-path');
  if (words) {
    words.textContent = path.join(' → ') + ' (' + g.critical_hours + ' h)';
  }
  container.dataset.drawn = String(g.nodes.length);
}

const graphTimers = new Map();

function redrawGraph(container) {
  if (!graphTimers.has(container.id)) {
    graphTimers.set(container.id, setTimeout(() => {
      graphTimers.delete(container.id);
      drawGraph(container);
    }, MIN_REFRESH_MILLIS));
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('[data-graph]').forEach(drawGraph);
});

document.addEventListener('DOMContentLoaded', () => {
  const query = document.body.dataset.stream;
  if (query === undefined || document.body.dataset.signedOut !== undefined) {
    return;
  }
  let count = 0;
  let stream = null;
  const start = () => {
    stream = new AbortController();
    follow(query, event => {
      document.body.dataset.events = String(++count);
      document.querySelectorAll('[data-on]').forEach(region => {
        if (concerns(region, event)) {
          refresh(region.id);
        }
      });
      document.querySelectorAll('[data-graph-on]').forEach(graph => {
        if (concerns({ dataset: { on: graph.dataset.graphOn } }, event)) {
          redrawGraph(graph);
        }
      });
    }, stream.signal);
  };
  window.addEventListener('pagehide', () => stream && stream.abort());
  window.addEventListener('pageshow', event => {
    if (event.persisted) {
      start();
    }
  });
  start();
});
