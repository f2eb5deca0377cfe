type Json = Record<string, unknown>;

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The little Markdown the descriptions use: `## headings`, paragraphs, numbered lines, **bold** and `code`. */
function markdown(text: string): string {
  const inline = (line: string) =>
    escape(line)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return text
    .split(/\n{2,}/)
    .map((block) =>
      block.startsWith('## ')
        ? `<h3>${inline(block.slice(3).split('\n')[0])}</h3>${block.includes('\n') ? markdown(block.slice(block.indexOf('\n') + 1)) : ''}`
        : /^\d+\. /.test(block)
          ? `<ol>${block
              .split(/\n(?=\d+\. )/)
              .map((item) => `<li>${inline(item.replace(/^\d+\. /, ''))}</li>`)
              .join('')}</ol>`
          : `<p>${inline(block)}</p>`,
    )
    .join('\n');
}

/**
 * A readable page of the AsyncAPI document at /docs/asyncapi: every operation with its payload and reply
 * schemas, rendered on the server from the document itself (no script, nothing downloaded).
 */
export function renderAsyncApiPage(document: Json): string {
  const info = document['info'] as Json;
  const servers = document['servers'] as Record<string, Json>;
  const operations = document['operations'] as Record<string, Json>;
  const messages = (document['components'] as Json)['messages'] as Record<string, Json>;
  const schemas = (document['components'] as Json)['schemas'] as Record<string, unknown>;
  const messageOf = (ref: Json): Json => messages[String(ref['$ref']).split('/').pop() ?? ''];
  const schema = (value: unknown) =>
    `<pre>${escape(JSON.stringify(value, null, 2)).replace(/&#34;#\/components\/schemas\/(\w+)&#34;/g, '<a href="#schema-$1">"$1"</a>')}</pre>`;

  const sections = Object.entries(servers).map(([serverName, server]) => {
    const ops = Object.entries(operations).filter(([, operation]) => {
      const channel = String((operation['channel'] as Json)['$ref']);
      return (serverName === 'socketio') === channel.endsWith('/socketio');
    });
    const rows = ops.map(([id, operation]) => {
      const [message] = (operation['messages'] as Json[]).map(messageOf);
      const reply = operation['reply'] ? messageOf(((operation['reply'] as Json)['messages'] as Json[])[0]) : null;
      const direction = operation['action'] === 'receive' ? 'client → server' : 'server → client';
      return `<section id="${escape(id)}"><h3><code>${escape(String(message['name']))}</code> <small>${direction}</small></h3>
<p>${markdown(String(message['summary'] ?? ''))}</p>${message['description'] ? markdown(String(message['description'])) : ''}
<h4>Payload</h4>${schema(message['payload'])}${reply ? `<h4>Acknowledgement</h4>${schema(reply['payload'])}` : ''}</section>`;
    });
    return `<h2>${escape(String(server['title']))}: <code>${escape(String(server['pathname']))}</code></h2>${markdown(String(server['description'] ?? ''))}${rows.join('\n')}`;
  });
  const schemaSections = Object.entries(schemas).map(
    ([name, value]) => `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3>${schema(value)}</section>`,
  );

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(String(info['title']))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
pre{background:#f4f4f4;padding:.75rem;overflow:auto;font-size:13px}code{background:#f4f4f4;padding:0 .2em}
section{border-top:1px solid #ddd;margin-top:1.5rem}small{color:#666;font-weight:normal}h2{margin-top:3rem}</style></head>
<body><h1>${escape(String(info['title']))} <small>AsyncAPI ${escape(String(document['asyncapi']))}</small></h1>
<p>The machine-readable document: <a href="/docs/asyncapi.json">/docs/asyncapi.json</a>. REST: <a href="/docs">/docs</a>.</p>
${markdown(String(info['description'] ?? ''))}
${sections.join('\n')}
<h2>Schemas</h2>${schemaSections.join('\n')}
</body></html>`;
}
