/**
 * `npm run bench -- --only search [--db postgres] [--search-messages N]`: fills a database of its own with N messages
 * (1,000,000 by default) over 1,000 conversations (search-corpus.mjs), starts the production build on it, and measures
 * GET /search/messages for a member of 20 of them: a rare word, a common word, a prefix and a phrase, one request at a
 * time (so p99 is the latency of one search, not a queue), after a warm-up.
 */
import autocannon from 'autocannon';
import { join } from 'node:path';
import { createUsers } from './api.mjs';
import { fillPostgres, fillSqlite, QUERIES } from './search-corpus.mjs';
import { startApi } from './servers.mjs';

export async function searchBench({ main, db, messages, conversations, seconds, temp, createPostgresDatabase, cleanups, log }) {
  let env;
  if (db === 'postgres') {
    const database = await createPostgresDatabase();
    cleanups.unshift(database.drop);
    env = { DATABASE_URL: database.url };
  } else {
    env = { SQLITE_PATH: join(temp, 'search.sqlite') };
  }
  // The API migrates the empty database and signs the searcher up; the corpus goes in while it is stopped.
  let api = await startApi(main, env);
  const [searcher] = await createUsers(api.url, 1, `searcher${Date.now().toString(36)}`);
  await api.stop();
  const fillStarted = performance.now();
  const options = { messages, conversations, searcherId: searcher.userId };
  const filled = db === 'postgres' ? await fillPostgres(env.DATABASE_URL, options) : fillSqlite(env.SQLITE_PATH, options);
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  log(`search corpus: ${messages.toLocaleString('en-US')} messages over ${conversations} conversations in ${fillSeconds.toFixed(1)} s (${db})`);

  api = await startApi(main, env);
  cleanups.unshift(() => api.stop());
  const headers = { authorization: `Bearer ${searcher.token}` };
  const rows = [];
  for (const { kind, q } of QUERIES) {
    const url = `${api.url}/search/messages?q=${encodeURIComponent(q)}`;
    const first = await fetch(url, { headers });
    if (!first.ok) throw new Error(`search for ${q} answered ${first.status}: ${await first.text()}`);
    const page = await first.json();
    await autocannon({ url, headers, connections: 1, amount: 50 }); // warm-up: JIT, page cache
    const result = await autocannon({ url, headers, connections: 1, duration: seconds });
    const row = {
      kind,
      q,
      results: page.results.length,
      more: page.next_cursor !== null,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures: result.errors + result.timeouts + result.non2xx,
    };
    log(`SEARCH  ${kind.padEnd(12)} ${q.padEnd(20)} ${Math.round(row.rps)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  (${row.results} results${row.more ? ', more' : ''}; failures ${row.failures})`);
    rows.push(row);
  }
  await api.stop();
  return { db, messages, conversations, searcherConversations: filled.searcherConversations, fillSeconds, seconds, rows };
}

export function searchMarkdown(result) {
  const lines = [
    `# Search bench (${result.db})`,
    '',
    `${result.messages.toLocaleString('en-US')} messages over ${result.conversations} conversations, filled in ${result.fillSeconds.toFixed(1)} s; ` +
      `the searcher is a member of ${result.searcherConversations}. One request at a time for ${result.seconds} s per query, after 50 to warm up.`,
    '',
    '| query | q | results on the first page | req/s | p50 ms | p99 ms | failures |',
    '|---|---|---|---|---|---|---|',
    ...result.rows.map((r) => `| ${r.kind} | \`${r.q}\` | ${r.results}${r.more ? ' (more)' : ''} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.failures} |`),
    '',
  ];
  return lines.join('\n');
}
