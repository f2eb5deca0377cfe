/**
 * `--db sqlite,postgres`: the runs of one sitting side by side, one column per database and the ratio of the last to
 * the first. CPU and latency are compared at one offered rate, the highest that the product kept up with on every
 * database.
 */

const fmt = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits));
const int = (value) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en-US'));
const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** The step of a server at a rate: the try that held, when one of two did (as the sweep counts it). */
function stepAt(steps, server, layout, rate) {
  const tries = steps.filter((s) => s.server === server && s.layout === layout && s.offered === rate);
  return tries.find((s) => s.held) ?? tries.find(keptUp) ?? tries.at(-1) ?? null;
}

/** Kept up: every message acked and delivered once, the acks at 90 % of the offered rate; latency aside. */
const keptUp = (s) => s.ackedRate >= 0.9 * s.offered && s.errors + s.unacked + s.lost + s.duplicates === 0;

const ratesKeptUp = (steps, server, layout) =>
  new Set(steps.filter((s) => s.server === server && s.layout === layout && keptUp(s)).map((s) => s.offered));

/**
 * The highest rate into groups of 4 that `server` kept up with in every run: CPU per message compares there, where
 * neither run was past saturation (a backlog piles up work that the window does not count).
 */
function sharedRate(results, server) {
  const [first, ...rest] = results.map((r) => ratesKeptUp(r.steps, server, 'groups of 4'));
  return Math.max(0, ...[...(first ?? [])].filter((rate) => rest.every((kept) => kept.has(rate))));
}

/** [measure, value per run…, last ÷ first] rows, for the console and the Markdown. */
export function sideBySideRows(results) {
  const rate = sharedRate(results, 'product');
  const comparedRate = sharedRate(results, 'compared build');
  const row = (measure, valueOf, show = int, digits = 2) => {
    const values = results.map(valueOf);
    const [first, last] = [values[0], values.at(-1)];
    const ratio = typeof first === 'number' && typeof last === 'number' && first > 0 ? fmt(last / first, digits) : '–';
    return [measure, ...values.map((v) => show(v)), ratio];
  };
  const at =
    (server, key, useRate = rate) =>
    (r) =>
      useRate ? (stepAt(r.steps, server, 'groups of 4', useRate)?.[key] ?? null) : null;
  const rows = [
    row('Capacity, groups of 4 (msg/s at p99 < 50 ms, none lost)', (r) => r.summary.capacityGroups),
    row('Capacity, 1-on-1 (msg/s)', (r) => r.summary.capacityDirects),
    row(`API CPU per message at ${int(rate)} msg/s, groups of 4 (ms)`, at('product', 'cpuMsPerMessage'), (v) => fmt(v, 3)),
    row(
      `Deliver p99 at ${int(rate)} msg/s, groups of 4 (ms)`,
      (r) => at('product', 'deliver')(r)?.p99 ?? null,
      (v) => fmt(v, 1),
    ),
  ];
  if (results.some((r) => r.summary.before)) {
    rows.push(row('Compared build: capacity, groups of 4 (msg/s)', (r) => r.summary.before?.capacity ?? null));
    rows.push(
      row(
        `Compared build: API CPU per message at ${int(comparedRate)} msg/s (ms)`,
        at('compared build', 'cpuMsPerMessage', comparedRate),
        (v) => fmt(v, 3),
      ),
    );
    rows.push(
      row(`Product: API CPU per message at ${int(comparedRate)} msg/s (ms)`, at('product', 'cpuMsPerMessage', comparedRate), (v) =>
        fmt(v, 3),
      ),
    );
  }
  rows.push(row('Bare Socket.IO capacity, groups of 4 (msg/s): the machine at the time', (r) => r.summary.bareGroups));
  if (results.some((r) => r.summary.fanout)) {
    rows.push(
      row(
        'Fan-out to 256, last member p99 (ms)',
        (r) => r.summary.fanout?.last.p99 ?? null,
        (v) => fmt(v, 1),
      ),
    );
  }
  const restNames = [...new Set(results.flatMap((r) => r.summary.rest.map((x) => x.name)))];
  for (const name of restNames) {
    rows.push(row(`REST ${name} (req/s)`, (r) => r.summary.rest.find((x) => x.name === name)?.rps ?? null));
    rows.push(
      row(
        `REST ${name} p99 (ms)`,
        (r) => r.summary.rest.find((x) => x.name === name)?.p99 ?? null,
        (v) => fmt(v, 1),
      ),
    );
  }
  if (results.some((r) => r.summary.login)) rows.push(row('Login (logins/s)', (r) => r.summary.login?.rps ?? null));
  return rows;
}

export function sideBySideMarkdown(results) {
  const names = results.map((r) => NAMES[r.meta.db] ?? r.meta.db);
  const header = ['measure', ...names, `${names.at(-1)} ÷ ${names[0]}`];
  const lines = [
    `# Benchmark side by side: ${results[0].meta.mode} run, ${results.at(-1).meta.finishedAt}`,
    '',
    `${results[0].meta.cpus} × ${results[0].meta.cpuModel}, Node ${results[0].meta.node}; one database after the other in one sitting ` +
      `(${results.map((r) => `${NAMES[r.meta.db] ?? r.meta.db} ${fmt(r.meta.seconds)} s`).join(', ')}). Each run's own report: ` +
      `${results.map((r) => `\`${r.meta.mode}${r.meta.db === 'sqlite' ? '' : `-${r.meta.db}`}.md\``).join(', ')}.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...sideBySideRows(results).map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}
