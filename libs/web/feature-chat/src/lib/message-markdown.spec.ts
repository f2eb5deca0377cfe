import { messageHtml } from './message-markdown';

describe('messageHtml', () => {
  it('formats what people type: bold, italic, code, code blocks, and links made clickable', () => {
    expect(messageHtml('**bold** and _italic_ and `x < y`')).toBe(
      '<p><strong>bold</strong> and <em>italic</em> and <code>x &lt; y</code></p>',
    );
    expect(messageHtml('```\nconst a = 1;\n```')).toContain('<pre><code>const a = 1;\n</code></pre>');
    expect(messageHtml('see https://example.com/a?b=1')).toBe(
      '<p>see <a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">https://example.com/a?b=1</a></p>',
    );
    expect(messageHtml('line one\nline two')).toBe('<p>line one<br>line two</p>');
  });

  it('never renders raw HTML: tags, scripts and event handlers come out as the text typed', () => {
    expect(messageHtml('Me! <b>Count me in</b>')).toBe('<p>Me! &lt;b&gt;Count me in&lt;/b&gt;</p>');
    expect(messageHtml('<script>alert(1)</script>')).not.toContain('<script');
    expect(messageHtml('<img src=x onerror=alert(1)>')).not.toMatch(/<img/);
    expect(messageHtml('<div>\n\nblock\n\n</div>')).not.toMatch(/<div/);
  });

  it('keeps unsafe links, images and headings harmless', () => {
    expect(messageHtml('[click](javascript:alert(1))')).toBe('<p>click</p>');
    expect(messageHtml('![cat](https://evil.example/pixel.png)')).toContain('<a href="https://evil.example/pixel.png"');
    expect(messageHtml('![cat](https://evil.example/pixel.png)')).not.toContain('<img');
    expect(messageHtml('# not a title')).toBe('<p>not a title</p>');
  });

  it('leaves snake_case words and lone asterisks alone', () => {
    expect(messageHtml('my_var_name is 2 * 3')).toBe('<p>my_var_name is 2 * 3</p>');
  });

  it('marks the mentions the server found, the reader’s own apart, and nothing else that has an @', () => {
    const bob = { id: 'u-bob', username: 'bob', me: false };
    const me = { id: 'u-me', username: 'alice', me: true };
    expect(messageHtml('hi @Bob, and @alice.', [bob, me])).toBe(
      '<p>hi <span class="mention">@Bob</span>, and <span class="mention mention-me">@alice</span>.</p>',
    );
    expect(messageHtml('@bobby is not bob', [bob])).toBe('<p>@bobby is not bob</p>');
    expect(messageHtml('mail bob@example.com', [bob])).toContain('<a href="mailto:bob@example.com"');
    expect(messageHtml('**@bob** `@bob`', [bob])).toBe('<p><strong><span class="mention">@bob</span></strong> <code>@bob</code></p>');
    expect(messageHtml('@bob', [])).toBe('<p>@bob</p>');
  });
});
