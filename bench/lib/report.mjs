/** Turning measurements into the console table, the Markdown report and the SVG chart. */
import { readsRows } from './reads-bench.mjs';

const fmt = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits));
const int = (value) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en-US'));

export const STEP_COLUMNS = [
  ['server', (s) => s.server],
  ['layout', (s) => s.layout],
  ['offered msg/s', (s) => `${int(s.offered)}${s.attempt === 2 ? ' (2nd try)' : ''}`],
  ['acked msg/s', (s) => int(s.ackedRate)],
  ['delivered/s', (s) => int(s.deliveredRate)],
  ['deliver p50/p95/p99 ms', (s) => `${fmt(s.deliver.p50, 1)} / ${fmt(s.deliver.p95, 1)} / ${fmt(s.deliver.p99, 1)}`],
  ['ack p50/p95/p99 ms', (s) => `${fmt(s.ack.p50, 1)} / ${fmt(s.ack.p95, 1)} / ${fmt(s.ack.p99, 1)}`],
  ['errors', (s) => int(s.errors + s.unacked)],
  ['lost', (s) => int(s.lost)],
  ['dup', (s) => int(s.duplicates)],
  ['server CPU %', (s) => fmt(s.cpuPercent)],
  ['CPU ms/msg', (s) => fmt(s.cpuMsPerMessage, 3)],
  ['server RSS MiB', (s) => fmt(s.rssKiB / 1024)],
  ['held', (s) => (s.held ? 'yes' : 'no')],
];

export function stepLine(step) {
  const cells = STEP_COLUMNS.map(([name, cell]) => `${name}=${cell(step)}`).join('  ');
  return step.firstError ? `${cells}  first error=${step.firstError}` : cells;
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The summary rows, shared by the console and the Markdown report. */
export function summaryRows(result) {
  const s = result.summary;
  const rows = [
    [
      'Capacity, groups of 4 (persisted msg/s at p99 < 50 ms, none lost)',
      `${int(s.capacityGroups)} msg/s (${int(s.capacityGroups * 4)} deliveries/s)`,
    ],
    ['Capacity, 1-on-1', `${int(s.capacityDirects)} msg/s`],
    ['Bare Socket.IO capacity, groups of 4 / 1-on-1', `${int(s.bareGroups)} / ${int(s.bareDirects)} msg/s`],
    ['Product ÷ bare Socket.IO (groups of 4)', fmt(s.ratioBareGroups, 2)],
    [
      'Raw insert loop (one commit per message / 100 per commit)',
      s.rawInsert ? `${int(s.rawInsert.perMessageCommit)} / ${int(s.rawInsert.hundredPerCommit)} msg/s` : 'n/a',
    ],
    ['Product ÷ raw insert (one commit per message)', fmt(s.ratioRawInsert, 2)],
    [
      `Server CPU per message at ${int(s.cpuPerMessage?.rate)} msg/s, groups of 4: product / bare Socket.IO${s.cpuPerMessage?.compared ? ' / compared build' : ''}`,
      s.cpuPerMessage
        ? `${[s.cpuPerMessage.product, s.cpuPerMessage.bare, s.cpuPerMessage.compared]
            .filter((v) => v !== null)
            .map((v) => fmt(v, 3))
            .join(' / ')} ms (bare ÷ product ${fmt(s.cpuPerMessage.bare / s.cpuPerMessage.product, 2)})`
        : 'n/a',
    ],
    [
      `Fan-out to a group of ${s.fanout?.members}: time until the last member has it, p50 / p99`,
      `${fmt(s.fanout?.last.p50, 1)} / ${fmt(s.fanout?.last.p99, 1)} ms`,
    ],
    [
      `Idle authenticated sockets (${int(s.idle?.connected)}): RSS per socket`,
      `${fmt(s.idle?.perSocketKiB, 1)} KiB (bare Socket.IO: ${fmt(s.bareIdle?.perSocketKiB, 1)} KiB)`,
    ],
    ['Connect rate (handshake with JWT)', `${int(s.idle?.connectRate)} sockets/s (bare Socket.IO: ${int(s.bareIdle?.connectRate)})`],
    ...readsRows(s.reads ?? [], fmt, int),
    ...s.rest.map((r) => [`REST ${r.name}`, `${int(r.rps)} req/s, p99 ${fmt(r.p99, 1)} ms${r.failures ? `, ${r.failures} failed` : ''}`]),
    [
      'Login (argon2id 19 MiB, t=2)',
      `${int(s.login?.rps)} logins/s, p99 ${fmt(s.login?.p99, 1)} ms${s.login?.failures ? `, ${s.login.failures} failed` : ''}`,
    ],
  ];
  if (s.before) rows.push([`Capacity of the compared build (${s.before.label}), groups of 4`, `${int(s.before.capacity)} msg/s`]);
  return rows;
}

export function markdownReport(result) {
  const { meta, steps } = result;
  const lines = [
    `# Benchmark: ${meta.mode} run, ${meta.finishedAt}`,
    '',
    `${meta.cpus} × ${meta.cpuModel}, Node ${meta.node}, database ${meta.db}, ${meta.workers} load processes, ` +
      `socket.io-client over the websocket transport; ${meta.stepSeconds} s per step. Took ${fmt(meta.seconds)} s.`,
    '',
    table(['measure', 'result'], summaryRows(result)),
    '',
    '## Capacity steps',
    '',
    "Open loop: messages are sent at the offered rate whatever the answers; every member's socket (the sender's included) must get each " +
      'message once. Latency is send → `message:new` at the other members, and send → ack. CPU is % of one core. A rate missed ' +
      'narrowly is tried a second time, and counts as held when either try held it.',
    '',
    table(
      STEP_COLUMNS.map(([name]) => name),
      steps.map((step) => STEP_COLUMNS.map(([, cell]) => cell(step))),
    ),
    '',
  ];
  return lines.join('\n');
}

/** p99 send→deliver latency against offered rate, log–log, one line per server and layout. */
export function latencyChart(steps) {
  if (steps.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
  const series = new Map();
  for (const step of steps) {
    const key = `${step.server}, ${step.layout}`;
    if (!series.has(key)) series.set(key, []);
    if (step.deliver.p99 !== null) series.get(key).push([step.offered, Math.max(step.deliver.p99, 0.5)]);
  }
  const width = 760;
  const height = 420;
  const pad = { left: 70, right: 20, top: 30, bottom: 60 };
  const rates = steps.map((s) => s.offered);
  const xMin = Math.log10(Math.min(...rates) / 1.2);
  const xMax = Math.log10(Math.max(...rates) * 1.2);
  const yMin = Math.log10(0.5);
  const yMax = Math.log10(Math.max(100, ...steps.map((s) => s.deliver.p99 ?? 0)) * 1.5);
  const x = (rate) => pad.left + ((Math.log10(rate) - xMin) / (xMax - xMin)) * (width - pad.left - pad.right);
  const y = (ms) => height - pad.bottom - ((Math.log10(ms) - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">p99 send → deliver latency against offered rate</text>`,
  ];
  for (const rate of [250, 500, 1000, 2000, 4000, 8000, 16000, 32000]) {
    if (Math.log10(rate) < xMin || Math.log10(rate) > xMax) continue;
    parts.push(`<line x1="${x(rate)}" x2="${x(rate)}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#eee"/>`);
    parts.push(
      `<text x="${x(rate)}" y="${height - pad.bottom + 16}" text-anchor="middle">${rate >= 1000 ? `${rate / 1000}k` : rate}</text>`,
    );
  }
  for (const ms of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]) {
    if (Math.log10(ms) < yMin || Math.log10(ms) > yMax) continue;
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="${ms === 50 ? '#999' : '#eee'}"${ms === 50 ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    parts.push(`<text x="${pad.left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms}</text>`);
  }
  parts.push(`<text x="${width - pad.right}" y="${y(50) - 4}" text-anchor="end" fill="#666">50 ms target</text>`);
  parts.push(`<text x="${width / 2}" y="${height - 15}" text-anchor="middle">offered messages/s (log)</text>`);
  parts.push(`<text transform="translate(16 ${height / 2}) rotate(-90)" text-anchor="middle">p99 ms (log)</text>`);
  [...series.entries()].forEach(([name, points], i) => {
    const colour = colours[i % colours.length];
    const dash = name.includes('1-on-1') ? ' stroke-dasharray="5 3"' : '';
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points.map(([r, ms]) => `${x(r).toFixed(1)},${y(ms).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const [r, ms] of points) parts.push(`<circle cx="${x(r).toFixed(1)}" cy="${y(ms).toFixed(1)}" r="3" fill="${colour}"/>`);
    parts.push(
      `<line x1="${pad.left + 10}" x2="${pad.left + 34}" y1="${pad.top + 14 + i * 16}" y2="${pad.top + 14 + i * 16}" stroke="${colour}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${pad.left + 40}" y="${pad.top + 18 + i * 16}">${name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
